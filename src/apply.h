/* Carrying out a plan: the backup first, every step through netsh, rollback in reverse, and the
 * verification that reads the bindings back. The only module that changes the machine. It knows
 * nothing of the command line: cmd_apply.c and cmd_restore.c give it what it needs. */
#ifndef CERTREBIND_APPLY_H
#define CERTREBIND_APPLY_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "host_state.h"
#include "model.h"
#include "netsh_help.h"
#include "netsh_result.h"
#include "plan.h"

struct apply_stats {
    size_t processes;          /* tool processes started, reading included */
    double longest_gap_ms;     /* longest time a socket had no binding (delete..add) */
    size_t steps_done, steps_undone;
};

/* What the caller of apply knows that the tools cannot show. certutil prints no import time, so
 * the callers that have just imported a certificate say so: `accept` and the unattended
 * on-renewal run. */
struct apply_request {
    /* hashes of certificates imported less than a minute ago: a step binding one is retried on
     * error 87 (HTTP.sys may not see the new key yet), up to 3 times, 2, 5 and 10 s apart */
    const char *const *fresh_hashes;
    size_t fresh_count;
    void (*sleep_ms)(long ms); /* how to wait before a retry; NULL: sleep_milliseconds */
};

/* One netsh command that ran, as the reports show it. */
struct ran_command {
    int step;                  /* the plan step it belongs to (0-based) */
    char **argv;               /* the arguments after the tool, NULL-terminated */
    char *command;             /* as a person would type it */
    enum netsh_outcome outcome;
    char *message;             /* the first line netsh printed (or why it could not run) */
    int undo;                  /* it undid step `step` */
    enum step_tool tool;       /* netsh, or appcmd (bind, unbind); argv are its arguments */
};

struct ran_list {
    struct ran_command *items;
    size_t count, cap;
};

struct executor {
    const struct host_spec *host; /* where the bindings are read back from */
    const char *netsh;            /* the program run for every netsh step */
    const char *appcmd;           /* the program run for appcmd steps (bind, unbind); NULL: none */
    FILE *log;                    /* progress for the admin */
    const struct apply_request *ar; /* NULL: nothing imported moments ago */
    struct diags *d;              /* errors of the steps */
    struct apply_stats stats;
    struct ran_list ran;          /* the plan's steps as they ran */
    struct ran_list undone;       /* what a rollback ran */
    int rolled_back;              /* a rollback was attempted */
    int rollback_complete;        /* and the read-back showed everything as before */
    struct netsh_help help;       /* what this netsh accepts (check_plan_within_netsh) */
    int help_read;                /* 1 read, 0 not yet, -1 a recorded host without it */
};

void executor_init(struct executor *ex, const struct host_spec *host, const char *netsh, FILE *log, struct diags *d);
void executor_free(struct executor *ex);

struct run_outcome {
    int failed_step; /* -1 when every step succeeded */
    enum netsh_outcome why;
};

/* Runs the steps in order up to the first failure; *done counts the steps that took effect. */
struct run_outcome execute_plan(struct executor *ex, const struct plan *p, size_t *done);
/* Runs every step of a restore plan, failures included; an add that fails right after its delete
 * puts the live binding back at once. Returns the number of steps that failed. */
size_t execute_restore(struct executor *ex, const struct plan *p);

/* Reads `netsh http add sslcert help` (one process; a recorded host may carry it) into ex and
 * refuses (errors in ex->d, -1) a plan whose steps or undo pass a parameter this netsh does not
 * list: netsh may then exit 0 without creating the binding (Windows Server 2019). A recorded host
 * without the help file is not checked (0). Call again after a new plan of the same run: the help
 * is read once. */
int check_plan_within_netsh(struct executor *ex, const struct plan *p);

/* What the read-back must show. */
enum verification {
    VERIFY_PLANNED,   /* every changed binding as planned, every other one unchanged */
    VERIFY_UNCHANGED, /* everything as before the plan (after a rollback) */
    VERIFY_RESTORED,  /* every binding of the backup as it was */
};
/* Reads the bindings back and checks them; each difference is an error in ex->d, after prefix.
 * A plan with appcmd steps also reads the IIS sites back (`appcmd list site /config`): after the
 * plan each site binding it adds is there with its sslFlags and each it removes is gone; after a
 * rollback each is as the first step touching it found it.
 * Returns 0 when the host shows what it should. */
int read_back_and_verify(struct executor *ex, enum verification v, const struct binding_list *before,
                         const struct plan *p, const char *prefix);
/* Undoes steps [0, done) in reverse and reads the bindings back: 0 when everything is as before.
 * An undo that failed while the read-back shows everything as before undid a step that never took
 * effect: a warning, not a failure. */
int roll_back_and_verify(struct executor *ex, const struct plan *p, size_t done, const struct binding_list *before);

/* The backup folder (given, or the default) made if need be and checked private: nobody but its
 * owner and the administrators may change what is in it (for the default, its parent folder too).
 * Returns it (caller frees) or NULL with an error in d. Backups and the machine-wide lock
 * live there. */
char *backup_folder(const char *given, struct diags *d);
/* Writes the backup file (src/backup.h: header, plan lines, raw `show sslcert` bytes holding
 * `records` binding records, end marker, SHA-256) durably in dir (NULL: the default folder),
 * after checking that restore would accept it and that the folder is private. Returns its path
 * (caller frees) or NULL with an error in d. */
char *backup_write(const char *dir, int codepage, const unsigned char *raw, size_t raw_len, size_t records,
                   const struct plan *p, struct diags *d);

#endif
