#include "apply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "backup.h"
#include "cmd_shared.h"
#include "host_state.h"
#include "netsh.h"
#include "netsh_help.h"
#include "netsh_result.h"
#include "platform.h"
#include "report_diags.h"
#include "report_plan.h"
#include "source.h"
#include "strbuf.h"
#include "dates.h"
#include "verify.h"
#include "version.h"
#include "printable.h"


/* ---------- backup ---------- */

/* The backup folder exists (made if need be) and nobody but its owner and the administrators may
 * change what is in it. */
static char *backup_folder(const struct options *o, struct diags *d)
{
    char *dir = o->backup_dir ? xstrdup(o->backup_dir) : default_backup_dir();
    char *err = NULL;
    if (make_directories(dir, &err) != 0 || check_private_directory(dir, &err) != 0) {
        diag_add(d, SEV_ERROR, 0, NULL, "%s; nothing was changed", err);
        free(err);
        free(dir);
        return NULL;
    }
    return dir;
}

/* Writes data under the first free name of certrebind-STAMP[-N].backup in dir. */
static char *backup_create(const char *dir, const char *stamp, const char *data, size_t len, struct diags *d)
{
    enum { NAMES = 100 };
    for (int attempt = 0; attempt < NAMES; attempt++) {
        char name[96];
        snprintf(name, sizeof name, attempt ? "certrebind-%s-%d.backup" : "certrebind-%s.backup", stamp, attempt);
        char *path = path_join(dir, name);
        char *err = NULL;
        int rc = write_file_durable(path, data, len, &err);
        if (rc == 0)
            return path;
        free(path);
        if (rc != WRITE_EXISTS) {
            diag_add(d, SEV_ERROR, 0, NULL, "cannot write the backup, so nothing was changed: %s", err);
            free(err);
            return NULL;
        }
        free(err);
    }
    diag_add(d, SEV_ERROR, 0, NULL,
             "all %d backup names for %s exist already in %s (certrebind-%s.backup to certrebind-%s-%d.backup), so "
             "nothing was changed: move old backups elsewhere or give --backup-dir",
             NAMES, stamp, dir, stamp, stamp, NAMES - 1);
    return NULL;
}

char *backup_write(const struct options *o, const unsigned char *raw, size_t raw_len, size_t records,
                   const struct plan *p, struct diags *d)
{
    char stamp[21];
    format_iso8601(now_utc(), stamp);
    for (char *c = stamp; *c; c++)
        if (*c == ':' || *c == '-')
            *c = *c == ':' ? '.' : '-';
    size_t len = 0;
    char *data = backup_format(raw, raw_len, records, p, stamp, &len, d);
    if (!data)
        return NULL;
    /* what restore will check, checked now: a backup restore would refuse is no backup */
    struct diags check;
    diags_init(&check);
    struct backup b;
    int readable = backup_parse((const unsigned char *)data, len, o->host.source.codepage, NULL, &b, &check) == 0;
    backup_free(&b);
    for (size_t i = 0; !readable && i < check.count; i++)
        if (check.items[i].severity == SEV_ERROR)
            diag_add(d, SEV_ERROR, 0, NULL, "the backup would not pass restore's checks, so nothing was changed: %s",
                     check.items[i].message);
    diags_free(&check);
    char *dir = readable ? backup_folder(o, d) : NULL;
    char *path = dir ? backup_create(dir, stamp, data, len, d) : NULL;
    free(dir);
    free(data);
    return path;
}

/* ---------- running netsh ---------- */

struct executor {
    const struct options *o;
    const char *netsh;
    struct apply_stats *stats;
    struct diags *d;
    FILE *log; /* progress for the admin */
    const struct apply_request *ar; /* NULL: nothing imported moments ago */
};

/* Runs one netsh command; returns its outcome. */
static enum netsh_outcome run_netsh(struct executor *ex, const char *const *argv, char *message, size_t msg_size)
{
    const char *full[NETSH_FIELD_COUNT + 12];
    size_t n = 0;
    full[n++] = ex->netsh;
    for (size_t i = 0; argv[i] && n + 1 < sizeof full / sizeof full[0]; i++)
        full[n++] = argv[i];
    full[n] = NULL;
    struct run_result r;
    ex->stats->processes++;
    int rc = run_program(full, ex->o->host.source.timeout_ms, &r);
    enum netsh_outcome oc;
    if (rc != 0) {
        snprintf(message, msg_size, "%s", r.error ? r.error : "netsh could not be run");
        oc = NETSH_OTHER;
    } else {
        struct strbuf all;
        sb_init(&all);
        sb_add(&all, r.out, r.out_len);
        sb_add(&all, r.err, r.err_len);
        int code = 0;
        oc = netsh_judge_change(all.data, r.exit_code, &code);
        /* the first non-empty line netsh printed, for the admin */
        const char *s = all.data;
        while (*s == '\r' || *s == '\n' || *s == ' ')
            s++;
        size_t l = strcspn(s, "\r\n");
        snprintf(message, msg_size, "%.*s", (int)(l > 300 ? 300 : l), s);
        sb_free(&all);
    }
    run_result_free(&r);
    return oc;
}

/* 1 when step s binds a certificate the caller imported less than a minute ago. */
static int binds_fresh_cert(const struct executor *ex, const struct step *s)
{
    if (!ex->ar || !s || s->op == STEP_DELETE || !s->new_hash)
        return 0;
    for (size_t i = 0; i < ex->ar->fresh_count; i++)
        if (ex->ar->fresh_hashes[i] && !ascii_casecmp(ex->ar->fresh_hashes[i], s->new_hash))
            return 1;
    return 0;
}

/* Runs one step's (or undo's) netsh command; fresh_step (NULL otherwise) is a step binding a
 * certificate imported moments ago, retried on 87 and on nothing else. */
static int run_step_argv(struct executor *ex, const char *what, const char *const *argv, const struct step *fresh_step,
                         enum netsh_outcome *out)
{
    static const long retry_ms[] = {2000, 5000, 10000};
    char msg[400];
    struct strbuf cmd;
    sb_init(&cmd);
    format_netsh_command(&cmd, argv);
    fprintf_printable(ex->log, "  %s: %s\n", what, cmd.data);
    enum netsh_outcome oc = run_netsh(ex, argv, msg, sizeof msg);
    for (size_t k = 0; oc == NETSH_BAD_PARAMETER && binds_fresh_cert(ex, fresh_step) && k < 3; k++) {
        fprintf(ex->log,
                "    failed: %s\n    %s was imported moments ago and HTTP.sys may not see its key yet: retrying in "
                "%ld s (retry %zu of 3)\n",
                msg, fresh_step->new_hash, retry_ms[k] / 1000, k + 1);
        fflush(ex->log);
        (ex->ar->sleep_ms ? ex->ar->sleep_ms : sleep_milliseconds)(retry_ms[k]);
        oc = run_netsh(ex, argv, msg, sizeof msg);
    }
    if (out)
        *out = oc;
    if (oc != NETSH_OK) {
        fprintf_printable(ex->log, "    failed: %s\n", msg); /* netsh's own words */
        diag_add(ex->d, SEV_ERROR, 0, NULL, "%s failed: %s (%s) %s", cmd.data, msg, netsh_outcome_name(oc),
                 netsh_outcome_advice(oc));
    }
    sb_free(&cmd);
    return oc == NETSH_OK ? 0 : -1;
}

/* Undoes steps [0, done) in reverse, plus a failed add's delete (done includes it). An undo that
 * fails is recorded in failures; the undo of a step that never took effect (netsh lied) may fail
 * harmlessly, so the read-back afterwards decides whether the rollback is complete. */
static void rollback(struct executor *ex, const struct plan *p, size_t done, struct diags *failures)
{
    struct diags *main_diags = ex->d;
    ex->d = failures;
    fprintf(ex->log, "Rolling back %zu completed step(s):\n", done);
    for (size_t k = done; k-- > 0;) {
        const struct step *s = &p->steps[k];
        for (size_t u = 0; u < s->undo_count; u++)
            run_step_argv(ex, "undo", s->undo[u], NULL, NULL);
        ex->stats->steps_undone++;
    }
    ex->d = main_diags;
}

struct run_outcome {
    int failed_step;        /* -1 when every step succeeded */
    enum netsh_outcome why;
};

static struct run_outcome execute_plan(struct executor *ex, const struct plan *p, size_t *done)
{
    struct run_outcome r = {-1, NETSH_OK};
    double deleted_at = -1;
    *done = 0;
    for (size_t i = 0; i < p->step_count; i++) {
        const struct step *s = &p->steps[i];
        char what[64];
        snprintf(what, sizeof what, "step %zu/%zu", i + 1, p->step_count);
        double t0 = monotonic_ms();
        enum netsh_outcome oc;
        if (run_step_argv(ex, what, s->argv, s, &oc) != 0) {
            r.failed_step = (int)i;
            r.why = oc;
            return r;
        }
        if (s->op == STEP_DELETE)
            deleted_at = t0;
        else if (s->op == STEP_ADD && deleted_at >= 0) {
            double gap = monotonic_ms() - deleted_at;
            if (gap > ex->stats->longest_gap_ms)
                ex->stats->longest_gap_ms = gap;
            deleted_at = -1;
        }
        *done = i + 1;
        ex->stats->steps_done++;
    }
    return r;
}

/* ---------- what this netsh accepts ---------- */

/* Reads `netsh http add sslcert help` (one process; a recorded host may carry it). Returns 1 with
 * h filled, 0 when a recorded host has no such file, -1 (error in d) when it cannot be read or
 * lists no parameter: nothing could then be checked, so nothing may change. */
static int read_netsh_help(const struct source_spec *src_spec, struct netsh_help *h, struct apply_stats *stats,
                           struct diags *d)
{
    struct tool_output src;
    int rc = source_fetch(src_spec, Q_NETSH_ADD_HELP, NULL, &src, d);
    if (rc > 0 && src_spec->from_dir)
        return 0;
    if (rc != 0) {
        diag_add(d, SEV_ERROR, 0, NULL, "cannot run `netsh http add sslcert help`; nothing was changed");
        return -1;
    }
    if (!src.recorded)
        stats->processes++;
    struct text t;
    int ok = text_decode_take(&t, &src.bytes, src.len, src_spec->codepage, d, src.origin) == 0;
    if (ok) {
        ok = netsh_help_parse(t.buf, t.len, h) == 0;
        text_free(&t);
    }
    if (!ok)
        diag_add(d, SEV_ERROR, 0, NULL,
                 "%s printed no parameter list, so which settings this netsh accepts is unknown; nothing was changed",
                 src.origin);
    tool_output_free(&src);
    return ok ? 1 : -1;
}

/* Refuses (errors in d, -1) a plan whose steps or undo pass a parameter this netsh does not list:
 * netsh may then exit 0 without creating the binding (Windows Server 2019). */
static int plan_within_netsh(const struct netsh_help *h, const struct plan *p, struct diags *d)
{
    int bad = 0;
    char name[64];
    for (size_t i = 0; i < p->step_count; i++) {
        const struct step *s = &p->steps[i];
        const char *unknown = netsh_help_first_unknown(h, s->argv, name, sizeof name);
        for (size_t u = 0; !unknown && u < s->undo_count; u++)
            unknown = netsh_help_first_unknown(h, s->undo[u], name, sizeof name);
        if (unknown) {
            diag_add(d, SEV_ERROR, 0, NULL,
                     "%s: this Windows cannot set %s (`netsh http add sslcert help` does not list it); the binding "
                     "would be lost, so nothing was changed",
                     s->socket, unknown);
            bad++;
        }
    }
    return bad ? -1 : 0;
}

static int confirm(const struct options *o, const char *question, struct diags *d)
{
    if (o->yes)
        return 1;
    if (!stdin_is_terminal()) {
        diag_add(d, SEV_ERROR, 0, NULL, "standard input is not a terminal: add --yes to confirm; nothing was changed");
        return 0;
    }
    fprintf(o->err, "%s [y/N] ", question);
    fflush(o->err);
    char *answer = read_console_line();
    int yes = answer && (answer[0] == 'y' || answer[0] == 'Y');
    free(answer);
    if (!yes)
        diag_add(d, SEV_ERROR, 0, NULL, "not confirmed; nothing was changed");
    return yes;
}

/* The folder of a file path ("." when it has none). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *bslash = strrchr(path, '\\');
    if (bslash && (!slash || bslash > slash))
        slash = bslash;
    return slash ? xstrndup(path, (size_t)(slash - path) + (slash == path)) : xstrdup(".");
}

/* The log lives beside the backups: --backup-dir, else the folder of the backup restored from,
 * else the default backup folder. */
static void log_record(const struct options *o, const char *backup, const char *what, int backup_is_input)
{
    char *dir = o->backup_dir       ? xstrdup(o->backup_dir)
                : backup_is_input ? dir_of(backup)
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

/* After every step succeeded: read the bindings back; every changed binding must be as planned and
 * every other one unchanged. Problems go to ex->d as errors. */
static int verify_after_steps(struct executor *ex, const struct binding_list *before, const struct plan *p)
{
    struct binding_list now;
    struct diags vd;
    diags_init(&vd);
    ex->stats->processes++;
    int verified = host_state_read_bindings(&ex->o->host, &now, NULL, NULL, &vd) == 0 && verify_plan_result(before, p, &now, &vd) == 0;
    binding_list_free(&now);
    for (size_t i = 0; i < vd.count; i++)
        diag_add(ex->d, SEV_ERROR, 0, NULL, "verification: %s", vd.items[i].message);
    diags_free(&vd);
    return verified ? 0 : -1;
}

/* A failed step (failed_step >= 0) or a failed verification (-1): undo steps [0, done) in reverse,
 * read the bindings back and compare them with before. Returns EXIT_ROLLED_BACK when everything is
 * as before, else EXIT_ROLLBACK_FAILED with the backup and the command that restores it. */
static int roll_back_and_verify(struct executor *ex, const struct plan *p, size_t done,
                                const struct binding_list *before, const char *backup, int failed_step)
{
    const struct options *o = ex->o;
    struct diags undo_failures, vd;
    diags_init(&undo_failures);
    diags_init(&vd);
    rollback(ex, p, done, &undo_failures);
    struct binding_list now;
    ex->stats->processes++;
    int same = host_state_read_bindings(&o->host, &now, NULL, NULL, &vd) == 0 && verify_unchanged(before, p, &now, &vd) == 0;
    binding_list_free(&now);
    /* an undo that failed while the read-back shows everything as before undid a step that never
     * took effect: worth knowing, not a failure */
    for (size_t i = 0; i < undo_failures.count; i++)
        diag_add(ex->d, same ? SEV_WARNING : SEV_ERROR, 0, NULL, "rollback: %s", undo_failures.items[i].message);
    for (size_t i = 0; i < vd.count; i++)
        diag_add(ex->d, SEV_ERROR, 0, NULL, "after the rollback: %s", vd.items[i].message);
    diags_free(&vd);
    diags_free(&undo_failures);
    char failure[64];
    if (failed_step >= 0)
        snprintf(failure, sizeof failure, "Step %d failed", failed_step + 1);
    else
        snprintf(failure, sizeof failure, "The verification failed");
    if (same) {
        fprintf(o->out, "%s; every change was rolled back and verified.\n", failure);
        log_record(o, backup, failed_step >= 0 ? "rolled-back" : "verification-failed, rolled-back", 0);
        return EXIT_ROLLED_BACK;
    }
    fprintf(o->out,
            "%s and the rollback did not complete. ACT NOW: the bindings before the change are in\n"
            "  %s\nRestore them with:\n  certrebind restore \"%s\"\n",
            failure, backup, backup);
    log_record(o, backup, failed_step >= 0 ? "rollback-failed" : "verification-failed, rollback-failed", 0);
    return EXIT_ROLLBACK_FAILED;
}

int cmd_apply(const struct options *o)
{
    struct apply_request none = {NULL, 0, NULL};
    return apply_run(o, &none);
}

int apply_run(const struct options *o, const struct apply_request *ar)
{
    struct diags d;
    diags_init(&d);
    if (o->host.source.from_dir || o->host.source.input) {
        fprintf(o->err, "certrebind: apply changes a live server: --from and --input are for plan\n");
        return EXIT_USAGE;
    }
    struct plan_request req;
    if (plan_request_from_options(o, NULL, &req, &d) != 0) {
        print_diags(o->err, &d);
        diags_free(&d);
        return EXIT_USAGE;
    }
    struct apply_stats stats = {0};
    struct executor ex = {o, NULL, &stats, &d, o->out, ar};
    char *netsh = source_tool_path(&o->host.source, Q_NETSH_SHOW_SSLCERT, &d);
    struct host_state hs;
    memset(&hs, 0, sizeof hs);
    struct plan p;
    memset(&p, 0, sizeof p);
    char *backup = NULL;
    int rc = EXIT_FAIL;
    if (!netsh || host_state_read_for(&o->host, &req, &hs, &d) != 0)
        goto out;
    ex.netsh = netsh;
    stats.processes += hs.processes;
    plan_request_from_options(o, &hs, &req, &d);
    plan_build(&hs.bindings, &hs.certs, hs.have_sites ? &hs.sites : NULL, &req, &p);
    report_plan_text(o->out, &p);
    rc = plan_exit_status(&p);
    if (rc != EXIT_OK)
        goto out;
    rc = EXIT_FAIL;
    struct netsh_help help;
    if (read_netsh_help(&o->host.source, &help, &stats, &d) < 0 || plan_within_netsh(&help, &p, &d) != 0)
        goto out;
    if (!confirm(o, "Apply this plan?", &d))
        goto out;
    backup = backup_write(o, hs.netsh_raw, hs.netsh_raw_len, hs.bindings.count, &p, &d);
    if (!backup)
        goto out;
    fprintf(o->out, "Backup of the current bindings: %s\n", backup);
    fflush(o->out);

    size_t done = 0;
    struct run_outcome r = execute_plan(&ex, &p, &done);
    if (r.failed_step == 0 && r.why == NETSH_NO_UPDATE_COMMAND && p.uses_update) {
        /* nothing changed yet: this netsh has no update; plan again with delete + add */
        fprintf(o->out, "This netsh has no `update sslcert`; planning again with delete + add.\n");
        plan_free(&p);
        req.update_available = 0;
        req.update_evidence = "netsh answered that `http update sslcert` was not found";
        plan_build(&hs.bindings, &hs.certs, hs.have_sites ? &hs.sites : NULL, &req, &p);
        if (plan_exit_status(&p) != EXIT_OK) {
            report_plan_text(o->out, &p);
            goto out;
        }
        diags_free(&d);
        diags_init(&d);
        if (plan_within_netsh(&help, &p, &d) != 0)
            goto out;
        /* The first backup lists update steps; this one lists what will really run (both hold the
         * same untouched bindings, so either restores them). */
        char *replanned = backup_write(o, hs.netsh_raw, hs.netsh_raw_len, hs.bindings.count, &p, &d);
        if (!replanned)
            goto out;
        free(backup);
        backup = replanned;
        fprintf(o->out, "Backup of the current bindings, with the delete + add steps: %s\n", backup);
        fflush(o->out);
        r = execute_plan(&ex, &p, &done);
    }
    if (r.failed_step < 0) {
        if (verify_after_steps(&ex, &hs.bindings, &p) == 0) {
            fprintf(o->out, "Done: %zu binding(s) rebound and verified (%zu tool processes%s).\n", p.bindings_changed,
                    stats.processes, p.uses_update ? "" : ", delete+add");
            if (!p.uses_update)
                fprintf(o->out, "Longest time a socket had no certificate: %.0f ms.\n", stats.longest_gap_ms);
            rc = EXIT_OK;
            log_record(o, backup, p.summary, 0);
            goto out;
        }
        /* netsh said success and the machine says otherwise: as bad as a failed step */
        fprintf(o->out, "Every step reported success, but the verification found the result not as planned (see the "
                        "errors); rolling back every step.\n");
        fflush(o->out);
        done = p.step_count;
    }
    rc = roll_back_and_verify(&ex, &p, done, &hs.bindings, backup, r.failed_step);
out:
    print_diags(o->err, &d);
    free(backup);
    free(netsh);
    plan_free(&p);
    host_state_free(&hs);
    diags_free(&d);
    return rc;
}

/* Reads and checks the backup to restore: in a private folder, private itself, and passing every
 * check of backup_parse. Nothing is run for a backup that fails. */
static int backup_load(const struct options *o, const char *path, struct backup *bk, struct diags *d)
{
    char *dir = dir_of(path), *err = NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = -1;
    if (check_private_directory(dir, &err) != 0 || check_private_file(path, &err) != 0 ||
        read_file_bytes(path, &data, &len, &err) != 0) {
        diag_add(d, SEV_ERROR, 0, NULL, "%s", err);
        free(err);
    } else if (backup_parse(data, len, o->host.source.codepage, path, bk, d) != 0) {
        diag_add(d, SEV_ERROR, 0, NULL, "restore refuses %s (see above); nothing was run", path);
    } else {
        rc = 0;
    }
    free(data);
    free(dir);
    return rc;
}

int cmd_restore(const struct options *o)
{
    struct diags d;
    diags_init(&d);
    if (o->n_positional != 1) {
        fprintf(o->err, "certrebind: restore takes one backup file (certrebind restore BACKUP-FILE [--yes])\n");
        return EXIT_USAGE;
    }
    const char *path = o->positional[0];
    struct apply_stats stats = {0};
    struct executor ex = {o, NULL, &stats, &d, o->out, NULL};
    struct backup bk;
    memset(&bk, 0, sizeof bk);
    struct binding_list live;
    memset(&live, 0, sizeof live);
    struct plan p;
    memset(&p, 0, sizeof p);
    char *netsh = NULL;
    int rc = EXIT_FAIL;
    if (backup_load(o, path, &bk, &d) != 0)
        goto out;
    const struct binding_list wanted = bk.bindings;
    if (!o->host.source.from_dir && !(netsh = source_tool_path(&o->host.source, Q_NETSH_SHOW_SSLCERT, &d)))
        goto out;
    ex.netsh = netsh;
    if (host_state_read_bindings(&o->host, &live, NULL, NULL, &d) != 0)
        goto out;
    int use_update = update_option(&o->host);
    if (use_update < 0) /* as the listings show it; unknown reads as no (delete + add always works) */
        use_update = plan_update_from_layout(&live) == 1 || (live.count == 0 && plan_update_from_layout(&wanted) == 1);
    plan_restore(&wanted, &live, use_update, &p);
    fprintf(o->out, "Restore from %s: %s.\n", path, p.summary);
    report_plan_text(o->out, &p);
    if (!p.bindings_changed) {
        rc = p.error_count ? EXIT_FAIL : EXIT_NOTHING;
        goto out;
    }
    struct netsh_help help;
    int have_help = read_netsh_help(&o->host.source, &help, &stats, &d);
    if (have_help < 0 || (have_help && plan_within_netsh(&help, &p, &d) != 0))
        goto out;
    if (o->host.source.from_dir) { /* a dry run against a recorded host */
        rc = EXIT_OK;
        goto out;
    }
    if (!confirm(o, "Restore these bindings?", &d))
        goto out;
    int failures = 0;
    for (size_t i = 0; i < p.step_count; i++) {
        const struct step *s = &p.steps[i];
        char what[64];
        snprintf(what, sizeof what, "step %zu/%zu", i + 1, p.step_count);
        if (run_step_argv(&ex, what, s->argv, NULL, NULL) == 0)
            continue;
        failures++;
        /* an add that failed right after its delete: put the live binding back at once */
        if (s->op == STEP_ADD && i > 0 && p.steps[i - 1].op == STEP_DELETE && p.steps[i - 1].before == s->before)
            run_step_argv(&ex, "undo", p.steps[i - 1].undo[0], NULL, NULL);
    }
    struct binding_list after;
    struct diags vd;
    diags_init(&vd);
    int ok = failures == 0 && host_state_read_bindings(&o->host, &after, NULL, NULL, &vd) == 0;
    if (ok) {
        ok = verify_restored(&wanted, &after, &d) == 0;
        binding_list_free(&after);
    }
    for (size_t i = 0; i < vd.count; i++)
        diag_add(&d, SEV_ERROR, 0, NULL, "%s", vd.items[i].message);
    diags_free(&vd);
    fprintf(o->out, ok ? "Restored and verified.\n" : "The restore did not complete; see the errors above.\n");
    log_record(o, path, ok ? "restored" : "restore-failed", 1);
    rc = ok ? EXIT_OK : EXIT_FAIL;
out:
    print_diags(o->err, &d);
    free(netsh);
    backup_free(&bk);
    binding_list_free(&live);
    plan_free(&p);
    diags_free(&d);
    return rc;
}
