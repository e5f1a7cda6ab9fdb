/* The events of unattended runs (--unattended): what monitoring (SCOM, Zabbix, a SIEM) watches in
 * the Application log, source certrebind, and what --event-log FILE appends as lines. Pure: the
 * command layer (cmd_shared.c) writes them. */
#ifndef CERTREBIND_EVENTS_H
#define CERTREBIND_EVENTS_H

#include <stddef.h>
#include <time.h>

#include "cert.h"
#include "diag.h"
#include "model.h"
#include "plan.h"

enum event_id {
    EVENT_REBOUND = 1000,             /* Information */
    EVENT_NOTHING_TO_DO = 1001,       /* Information */
    EVENT_REFUSED = 1002,             /* Warning */
    EVENT_ROLLED_BACK = 1003,         /* Error */
    EVENT_ROLLBACK_INCOMPLETE = 1004, /* Error */
    EVENT_EXPIRING = 1005,            /* Warning: a bound certificate expires, no renewal in the store */
};

enum event_level { EVENT_INFORMATION = 0, EVENT_WARNING = 1, EVENT_ERROR = 2 };

struct event {
    unsigned id;
    enum event_level level;
    char *message; /* may hold anything the tools printed: event_log_line makes it one line */
};

struct event_list {
    struct event *items;
    size_t count, cap;
};

void event_list_free(struct event_list *l);
/* The event of a run that ended with exit status rc (enum exit_status). */
unsigned event_id_for_exit(int rc);
enum event_level event_level_of(unsigned id);
const char *event_level_name(enum event_level level);

/* The one record of a run: what ran (run, e.g. "apply --old A --new B"), its outcome, the plan
 * summary, the sockets of its steps, the backup (or "none") and the errors in d. p may be NULL
 * (nothing planned). */
void events_add_run(struct event_list *l, const char *run, int rc, const struct plan *p, const char *backup,
                    const struct diags *d);
/* One EVENT_EXPIRING per bound certificate (store and hash) that has expired or expires within
 * days of now and that auto_plan (the --auto plan of the same bindings, certificates and days)
 * does not move to a renewal: its subject, expiry and sockets. */
void events_add_expiring(struct event_list *l, const struct binding_list *bl, const struct cert_store_set *certs,
                         time_t now, int days, const struct plan *auto_plan);

/* "<ISO time> <id> <level> <message>" (no newline), the message on one line
 * (printable_one_line). Caller frees. */
char *event_log_line(time_t t, const struct event *e);

#endif
