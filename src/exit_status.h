/* The exit statuses of the command-line contract; the planner states its verdict in them too. */
#ifndef CERTREBIND_EXIT_STATUS_H
#define CERTREBIND_EXIT_STATUS_H

enum exit_status {
    EXIT_OK = 0,
    EXIT_FAIL = 1,
    EXIT_USAGE = 2,
    EXIT_NOTHING = 3,
    EXIT_ROLLED_BACK = 4,
    EXIT_ROLLBACK_FAILED = 5,
};

#endif
