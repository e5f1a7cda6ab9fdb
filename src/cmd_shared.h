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

/* ---------- --unattended (apply, accept): the rules scheduled runs live by ---------- */

/* How long a second unattended run waits for the first (the environment variable
 * CERTREBIND_LOCK_WAIT_SECONDS overrides it: tests, and admins who want less). */
#define UNATTENDED_LOCK_WAIT_MS (10L * 60 * 1000)
/* What the run is, for the lock holder and the event ("apply --old A --new B"). Caller frees. */
char *unattended_run_name(const struct options *o);
/* Takes the machine-wide lock (platform.h machine_lock_take; its holder file certrebind.lock in
 * the backup folder, which must be private). EXIT_OK, or EXIT_FAIL with the reason in d (who
 * holds it after the wait). Call unattended_unlock after unattended_record. */
int unattended_lock(const struct options *o, struct diags *d);
void unattended_unlock(void);
/* Records the run's events: the one of its outcome (rc; events_add_run), then, when the host was
 * read (hs not NULL), one 1005 per bound certificate expiring within --days with no renewal in
 * the store. Each goes to the Application log (Windows) and, with --event-log, as a line to
 * that file; a record that cannot be written is a warning on o->err. */
void unattended_record(const struct options *o, int rc, const struct host_state *hs, const struct plan *p,
                       const char *backup, const struct diags *d);

#endif
