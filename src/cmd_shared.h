/* What several commands do with the command line alike (the command layer: it knows struct options). */
#ifndef CERTREBIND_CMD_SHARED_H
#define CERTREBIND_CMD_SHARED_H

#include "apply.h"
#include "cli.h"
#include "diag.h"
#include "host_state.h"
#include "plan.h"

/* The plan request a SELECTION on the command line describes (plan, apply); hs, when not NULL,
 * adds what was read from the host (whether netsh has `update sslcert`). Returns 0, or -1 with the
 * usage problem in d. */
int plan_request_from_options(const struct options *o, const struct host_state *hs, struct plan_request *req,
                              struct diags *d);

/* Asks question on the terminal unless --yes was given. Returns 1 to go on; 0 with the reason in d
 * (no terminal, not confirmed). */
int confirm(const struct options *o, const char *question, struct diags *d);
/* Appends "<time> <what> backup=<path>" to certrebind.log beside the backups: --backup-dir, else
 * the folder of the backup restored from (backup_is_input), else the default backup folder. A log
 * that cannot be written is a warning on o->err. */
void log_record(const struct options *o, const char *backup, const char *what, int backup_is_input);
/* Reads the bindings back and checks them (read_back_and_verify), then logs ok_what when they are
 * right, failed_what (unless NULL) when not. Returns 1 when verified. */
int verify_and_log(const struct options *o, struct executor *ex, enum verification v, const struct binding_list *before,
                   const struct plan *p, const char *backup, int backup_is_input, const char *ok_what,
                   const char *failed_what);

/* A failed step (failed_step >= 0) or a failed verification (-1): undoes steps [0, done) in
 * reverse (roll_back_and_verify), says on ex->log what state the server is in and logs it.
 * Returns EXIT_ROLLED_BACK, or EXIT_ROLLBACK_FAILED with the backup and the restore command. */
int roll_back_and_report(const struct options *o, struct executor *ex, const struct plan *p, size_t done,
                         const struct binding_list *before, const char *backup, int failed_step);

/* ---------- the machine-wide lock: every run that changes the host ---------- */

/* apply, restore, bind, unbind and accept take it before they read the host state they plan
 * from and hold it until their verification or rollback and their log line are done, so that
 * no two runs (scheduled or at a prompt) interleave their steps. Runs that change nothing do
 * not take it: replays (--from), scripts (--format cmd), and runs that cannot be confirmed
 * (run_can_change 0); confirm() refuses to let a change through without it. */

/* How long a run waits for the lock (the environment variable CERTREBIND_LOCK_WAIT_SECONDS
 * overrides it: tests, and admins who want less). */
#define MACHINE_LOCK_WAIT_MS (10L * 60 * 1000)
/* What the run is, for the lock holder and the event ("apply --old A --new B"). Caller frees. */
char *run_name(const struct options *o);
/* 1 when confirm() can let this run change the host: --yes, or a terminal to ask on without
 * --unattended. 0: it stops at the plan, and needs no lock. */
int run_can_change(const struct options *o);
/* Takes the machine-wide lock (platform.h machine_lock_take; nests). Its holder file (outside
 * Windows the lock itself) is certrebind.lock in the backup folder, like certrebind.log: the
 * --backup-dir, else the folder of backup_input (restore's backup, when not NULL), else the
 * default; it must be private. When another run holds it, says once on
 * o->err whom it waits for and for how long, then waits. EXIT_OK, or EXIT_FAIL with the reason
 * in d (who still held it after the wait). Every EXIT_OK needs one change_unlock. */
int change_lock(const struct options *o, const char *backup_input, struct diags *d);
void change_unlock(void);

/* ---------- --unattended (apply, accept): the rules scheduled runs live by ---------- */

/* Records the run's events: the one of its outcome (rc; events_add_run), then, when the host was
 * read (hs not NULL), one 1005 per bound certificate expiring within --days with no renewal in
 * the store. Each goes to the Application log (Windows) and, with --event-log, as a line to
 * that file; a record that cannot be written is a warning on o->err. */
void unattended_record(const struct options *o, int rc, const struct host_state *hs, const struct plan *p,
                       const char *backup, const struct diags *d);

#endif
