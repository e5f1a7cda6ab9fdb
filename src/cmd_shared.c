#include "cmd_shared.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "dates.h"
#include "events.h"
#include "output.h"
#include "platform.h"
#include "strbuf.h"

int plan_request_from_options(const struct options *o, const struct host_state *hs, struct plan_request *req,
                              struct diags *d)
{
    memset(req, 0, sizeof *req);
    int n = (o->old_hash != NULL) + (o->auto_mode != 0) + (o->socket != NULL);
    if (n != 1) {
        diag_add(d, SEV_ERROR, 0, NULL,
                 "give exactly one selection: --old HASH --new HASH, --auto [--days N], or --socket ipport=IP:PORT "
                 "--new HASH");
        return -1;
    }
    if (o->old_hash) {
        req->selection = SELECT_OLD_NEW;
        if (!o->new_hash) {
            diag_add(d, SEV_ERROR, 0, NULL, "--old needs --new HASH");
            return -1;
        }
    } else if (o->auto_mode) {
        req->selection = SELECT_AUTO;
        if (o->new_hash) {
            diag_add(d, SEV_ERROR, 0, NULL, "--auto picks the new certificates itself; do not give --new");
            return -1;
        }
    } else {
        req->selection = SELECT_SOCKET;
        if (!o->new_hash) {
            diag_add(d, SEV_ERROR, 0, NULL, "--socket needs --new HASH");
            return -1;
        }
    }
    /* an option the selection does not use would be ignored without a word */
    if (o->appid && req->selection != SELECT_SOCKET) {
        diag_add(d, SEV_ERROR, 0, NULL,
                 "--appid goes with --socket only (it sets that binding's application ID); with --old/--new and "
                 "--auto every binding keeps its own");
        return -1;
    }
    if (o->days_given && req->selection != SELECT_AUTO && !o->unattended) {
        diag_add(d, SEV_ERROR, 0, NULL,
                 "--days goes with --auto (which certificates count as expiring), or with --unattended (the "
                 "expiry warnings of its event)");
        return -1;
    }
    req->old_hash = o->old_hash;
    req->new_hash = o->new_hash;
    req->days = o->days;
    req->socket_spec = o->socket;
    req->appid = o->appid;
    req->now = o->now;
    req->force = o->force;
    req->update_available = hs ? hs->update_available : -1;
    req->update_evidence = hs ? hs->update_evidence : NULL;
    return 0;
}

int confirm(const struct options *o, const char *question, struct diags *d)
{
    if (!o->yes && o->unattended) {
        diag_add(d, SEV_ERROR, 0, NULL, "--unattended never asks: add --yes to confirm; nothing was changed");
        return 0;
    }
    if (!o->yes && !stdin_is_terminal()) {
        diag_add(d, SEV_ERROR, 0, NULL, "standard input is not a terminal: add --yes to confirm; nothing was changed");
        return 0;
    }
    if (!machine_lock_held()) { /* the gate to every change: a run_can_change run took the lock */
        diag_add(d, SEV_ERROR, 0, NULL,
                 "internal error: a change was about to run without the machine-wide lock; nothing was changed");
        return 0;
    }
    if (o->yes)
        return 1;
    fprintf(o->err, "%s [y/N] ", question);
    fflush(o->err);
    char *answer = read_console_line();
    int yes = answer && (answer[0] == 'y' || answer[0] == 'Y');
    free(answer);
    if (!yes)
        diag_add(d, SEV_ERROR, 0, NULL, "not confirmed; nothing was changed");
    return yes;
}

void log_record(const struct options *o, const char *backup, const char *what, int backup_is_input)
{
    char *dir = o->backup_dir       ? xstrdup(o->backup_dir)
                : backup_is_input ? path_folder(backup)
                                  : default_backup_dir();
    char *path = path_join(dir, "certrebind.log");
    char stamp[21];
    format_iso8601(now_utc(), stamp);
    struct strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "%s %s backup=%s", stamp, what, backup ? backup : "-");
    char *err = NULL;
    if (append_line_durable(path, sb.data, &err) != 0) {
        fprintf(o->err, "certrebind: warning: cannot append to %s: %s\n", path, err);
        free(err);
    }
    sb_free(&sb);
    free(path);
    free(dir);
}

int verify_and_log(const struct options *o, struct executor *ex, enum verification v, const struct binding_list *before,
                   const struct plan *p, const char *backup, int backup_is_input, const char *ok_what,
                   const char *failed_what)
{
    int ok = read_back_and_verify(ex, v, before, p, v == VERIFY_PLANNED ? "verification: " : "") == 0;
    if (ok || failed_what)
        log_record(o, backup, ok ? ok_what : failed_what, backup_is_input);
    return ok;
}

int roll_back_and_report(const struct options *o, struct executor *ex, const struct plan *p, size_t done,
                         const struct binding_list *before, const char *backup, int failed_step)
{
    int same = roll_back_and_verify(ex, p, done, before) == 0;
    char failure[64];
    if (failed_step >= 0)
        snprintf(failure, sizeof failure, "Step %d failed", failed_step + 1);
    else
        snprintf(failure, sizeof failure, "The verification failed");
    const char *stage = failed_step >= 0 ? "" : "verification-failed, ";
    char what[64];
    snprintf(what, sizeof what, "%s%s", stage, same ? "rolled-back" : "rollback-failed");
    log_record(o, backup, what, 0);
    if (same) {
        fprintf(ex->log, "%s; every change was rolled back and verified.\n", failure);
        return EXIT_ROLLED_BACK;
    }
    fprintf(ex->log,
            "%s and the rollback did not complete. ACT NOW: the bindings before the change are in\n"
            "  %s\nRestore them with:\n  certrebind restore \"%s\"\n",
            failure, backup, backup);
    return EXIT_ROLLBACK_FAILED;
}

/* ---------- the machine-wide lock ---------- */

char *run_name(const struct options *o)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, o->command);
    if (o->old_hash)
        sb_printf(&sb, " --old %s --new %s", o->old_hash, o->new_hash ? o->new_hash : "?");
    else if (o->auto_mode)
        sb_printf(&sb, " --auto --days %d", o->days);
    else if (o->socket)
        sb_printf(&sb, " --socket %s --new %s", o->socket, o->new_hash ? o->new_hash : "?");
    if (o->site_name && o->host_name)
        sb_printf(&sb, " --site %s --host %s", o->site_name, o->host_name);
    for (int i = 0; i < o->n_positional; i++)
        sb_printf(&sb, " %s", o->positional[i]);
    return sb_detach(&sb, NULL);
}

int run_can_change(const struct options *o) { return o->yes || (!o->unattended && stdin_is_terminal()); }

static long lock_wait_ms(void)
{
    const char *env = getenv("CERTREBIND_LOCK_WAIT_SECONDS");
    char *end;
    long secs = env && *env ? strtol(env, &end, 10) : -1;
    return env && *env && !*end && secs >= 0 && secs <= 86400 ? secs * 1000 : MACHINE_LOCK_WAIT_MS;
}

/* machine_lock_take: first without waiting, so that a run that has to wait says so (once) and
 * whom it waits for, instead of hanging silently. 0, 1 (still held) or -1, as machine_lock_take. */
static int take_or_wait(const struct options *o, const char *path, const char *holder, long wait, char **held_by,
                        char **err)
{
    int taken = machine_lock_take(path, holder, 0, held_by, err);
    if (taken != 1 || wait == 0)
        return taken;
    fprintf(o->err, "certrebind: waiting for the lock held by %s (up to %ld s)...\n",
            *held_by ? *held_by : "another certrebind run (it did not say who it is)", wait / 1000);
    fflush(o->err);
    free(*held_by);
    *held_by = NULL;
    return machine_lock_take(path, holder, wait, held_by, err);
}

int change_lock(const struct options *o, const char *backup_input, struct diags *d)
{
    char *input_dir = !o->backup_dir && backup_input ? path_folder(backup_input) : NULL;
    char *dir = backup_folder(o->backup_dir ? o->backup_dir : input_dir, d);
    free(input_dir);
    if (!dir)
        return EXIT_FAIL;
    char *path = path_join(dir, "certrebind.lock");
    char *name = run_name(o);
    char stamp[21];
    format_iso8601(now_utc(), stamp);
    struct strbuf holder;
    sb_init(&holder);
    sb_printf(&holder, "process %lu, certrebind %s, since %s", process_id(), name, stamp);
    long wait = lock_wait_ms();
    char *err = NULL, *held_by = NULL;
    int taken = take_or_wait(o, path, holder.data, wait, &held_by, &err);
    if (taken == 1)
        diag_add(d, SEV_ERROR, 0, NULL,
                 "another certrebind run holds the machine-wide lock (%s) and still held it after %ld s: %s; "
                 "nothing was changed",
                 path, wait / 1000, held_by ? held_by : "it did not say who it is");
    else if (taken != 0)
        diag_add(d, SEV_ERROR, 0, NULL, "cannot take the machine-wide lock: %s; nothing was changed", err);
    sb_free(&holder);
    free(held_by);
    free(err);
    free(name);
    free(path);
    free(dir);
    return taken == 0 ? EXIT_OK : EXIT_FAIL;
}

void change_unlock(void) { machine_lock_release(); }

/* One event to the Application log and the --event-log file. */
static void record_event(const struct options *o, const struct event *e)
{
    char *err = NULL;
    if (system_event_report("certrebind", e->id, (int)e->level, e->message, &err) != 0) {
        fprintf(o->err, "certrebind: warning: %s\n", err);
        free(err);
        err = NULL;
    }
    if (!o->event_log)
        return;
    char *line = event_log_line(now_utc(), e);
    if (append_line_durable(o->event_log, line, &err) != 0) {
        fprintf(o->err, "certrebind: warning: cannot append to %s: %s\n", o->event_log, err);
        free(err);
    }
    free(line);
}

void unattended_record(const struct options *o, int rc, const struct host_state *hs, const struct plan *p,
                       const char *backup, const struct diags *d)
{
    struct event_list events = {0};
    char *name = run_name(o);
    events_add_run(&events, name, rc, p, backup, d);
    free(name);
    if (hs && hs->bindings.count) {
        struct plan_request auto_req = {0};
        auto_req.selection = SELECT_AUTO;
        auto_req.days = o->days;
        auto_req.now = o->now;
        auto_req.update_available = 1;
        struct plan auto_plan;
        plan_build(&hs->bindings, &hs->certs, NULL, &auto_req, &auto_plan);
        events_add_expiring(&events, &hs->bindings, &hs->certs, o->now, o->days, &auto_plan);
        plan_free(&auto_plan);
    }
    for (size_t i = 0; i < events.count; i++)
        record_event(o, &events.items[i]);
    event_list_free(&events);
}
