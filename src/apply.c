#include "apply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appcmd.h"
#include "appcmd_result.h"
#include "ascii.h"
#include "backup.h"
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

char *backup_folder(const char *given, struct diags *d)
{
    char *dir = given ? xstrdup(given) : default_backup_dir();
    char *err = NULL;
    /* the default's parent (%ProgramData%\certrebind) too: whoever owns it could swap the folder */
    char *parent = given ? NULL : default_backup_root();
    int bad = make_directories(dir, &err) != 0 || check_private_directory(dir, &err) != 0 ||
              (parent && check_private_directory(parent, &err) != 0);
    free(parent);
    if (bad) {
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

char *backup_write(const char *given_dir, int codepage, const unsigned char *raw, size_t raw_len, size_t records,
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
    int readable = backup_parse((const unsigned char *)data, len, codepage, NULL, &b, &check) == 0;
    backup_free(&b);
    for (size_t i = 0; !readable && i < check.count; i++)
        if (check.items[i].severity == SEV_ERROR)
            diag_add(d, SEV_ERROR, 0, NULL, "the backup would not pass restore's checks, so nothing was changed: %s",
                     check.items[i].message);
    diags_free(&check);
    char *dir = readable ? backup_folder(given_dir, d) : NULL;
    char *path = dir ? backup_create(dir, stamp, data, len, d) : NULL;
    free(dir);
    free(data);
    return path;
}

/* ---------- running netsh ---------- */

void executor_init(struct executor *ex, const struct host_spec *host, const char *netsh, FILE *log, struct diags *d)
{
    memset(ex, 0, sizeof *ex);
    ex->host = host;
    ex->netsh = netsh;
    ex->log = log;
    ex->d = d;
}

static void ran_list_free(struct ran_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        for (char **a = l->items[i].argv; *a; a++)
            free(*a);
        free(l->items[i].argv);
        free(l->items[i].command);
        free(l->items[i].message);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

void executor_free(struct executor *ex)
{
    ran_list_free(&ex->ran);
    ran_list_free(&ex->undone);
}

static void ran_list_add(struct ran_list *l, int step, int undo, enum step_tool tool, const char *const *argv,
                         const char *command, enum netsh_outcome oc, const char *message)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    size_t n = 0;
    while (argv[n])
        n++;
    char **copy = xmalloc((n + 1) * sizeof *copy);
    for (size_t i = 0; i < n; i++)
        copy[i] = xstrdup(argv[i]);
    copy[n] = NULL;
    l->items[l->count++] = (struct ran_command){step, copy, xstrdup(command), oc, xstrdup(message), undo, tool};
}

/* Runs the tool prog with argv (the arguments after the program), counting the process. */
static int run_tool(struct executor *ex, const char *prog, const char *const *argv, struct run_result *r)
{
    ex->stats.processes++;
    return run_program_args(prog, argv, ex->host->source.timeout_ms, r);
}

/* Runs one netsh command; returns its outcome. */
static enum netsh_outcome run_netsh(struct executor *ex, const char *const *argv, char *message, size_t msg_size)
{
    struct run_result r;
    int rc = run_tool(ex, ex->netsh, argv, &r);
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

/* Runs one appcmd command (bind, unbind). appcmd writes its errors to stdout; its exit code and
 * its text decide together (appcmd_result.h). */
static enum netsh_outcome run_appcmd(struct executor *ex, const char *const *argv, char *message, size_t msg_size,
                                     const char **advice)
{
    *advice = "";
    if (!ex->appcmd) {
        snprintf(message, msg_size, "no appcmd to run (is IIS installed?)");
        return NETSH_OTHER;
    }
    struct run_result r;
    if (run_tool(ex, ex->appcmd, argv, &r) != 0) {
        snprintf(message, msg_size, "%s", r.error ? r.error : "appcmd could not be run");
        run_result_free(&r);
        return NETSH_OTHER;
    }
    /* the console code page, as every tool output is read */
    struct diags quiet;
    diags_init(&quiet);
    struct text t;
    struct strbuf all;
    sb_init(&all);
    sb_adds(&all, "");
    if (text_decode(&t, r.out, r.out_len, ex->host->source.codepage, &quiet, "appcmd") == 0) {
        for (size_t i = 0; i < t.n_lines; i++) {
            sb_add(&all, t.lines[i].s, t.lines[i].len);
            sb_addc(&all, '\n');
        }
        text_free(&t);
    }
    diags_free(&quiet);
    struct appcmd_result res;
    appcmd_classify(all.data, r.exit_code, &res);
    if (res.outcome == APPCMD_OK)
        snprintf(message, msg_size, "%s", res.message[0] ? res.message : "(no output)");
    else {
        snprintf(message, msg_size, "%s (exit code %d, %s)", res.message[0] ? res.message : "(no output)", r.exit_code,
                 appcmd_outcome_name(res.outcome));
        *advice = appcmd_outcome_advice(res.outcome);
    }
    sb_free(&all);
    run_result_free(&r);
    return res.outcome == APPCMD_OK ? NETSH_OK : NETSH_OTHER;
}

/* Runs one command of step `step` with `tool`, records it in `into` and reports a failure in
 * ex->d. fresh_step (NULL otherwise) is a step binding a certificate imported moments ago, retried
 * on 87 and on nothing else. */
static int run_step_argv(struct executor *ex, struct ran_list *into, int step, const char *what, enum step_tool tool,
                         const char *const *argv, const struct step *fresh_step, enum netsh_outcome *out)
{
    static const long retry_ms[] = {2000, 5000, 10000};
    char msg[700];
    struct strbuf cmd;
    sb_init(&cmd);
    format_step_command(&cmd, tool, argv);
    fprintf_printable(ex->log, "  %s: %s\n", what, cmd.data);
    const char *advice = NULL;
    enum netsh_outcome oc = tool == TOOL_APPCMD ? run_appcmd(ex, argv, msg, sizeof msg, &advice)
                                                : run_netsh(ex, argv, msg, sizeof msg);
    for (size_t k = 0; tool == TOOL_NETSH && oc == NETSH_BAD_PARAMETER && binds_fresh_cert(ex, fresh_step) && k < 3; k++) {
        fprintf(ex->log,
                "    failed: %s\n    %s was imported moments ago and HTTP.sys may not see its key yet: retrying in "
                "%ld s (retry %zu of 3)\n",
                msg, fresh_step->new_hash, retry_ms[k] / 1000, k + 1);
        fflush(ex->log);
        (ex->ar->sleep_ms ? ex->ar->sleep_ms : sleep_milliseconds)(retry_ms[k]);
        oc = run_netsh(ex, argv, msg, sizeof msg);
    }
    ran_list_add(into, step, !strcmp(what, "undo"), tool, argv, cmd.data, oc, msg);
    if (out)
        *out = oc;
    if (oc != NETSH_OK) {
        fprintf_printable(ex->log, "    failed: %s\n", msg); /* the tool's own words */
        if (tool == TOOL_APPCMD)
            diag_add(ex->d, SEV_ERROR, 0, NULL, "%s failed: %s: %s", cmd.data, msg, advice);
        else
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
    ex->rolled_back = 1;
    fprintf(ex->log, "Rolling back %zu completed step(s):\n", done);
    for (size_t k = done; k-- > 0;) {
        const struct step *s = &p->steps[k];
        for (size_t u = 0; u < s->undo_count; u++)
            run_step_argv(ex, &ex->undone, (int)k, "undo", s->tool, s->undo[u], NULL, NULL);
        ex->stats.steps_undone++;
    }
    ex->d = main_diags;
}

struct run_outcome execute_plan(struct executor *ex, const struct plan *p, size_t *done)
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
        if (run_step_argv(ex, &ex->ran, (int)i, what, s->tool, s->argv, s, &oc) != 0) {
            r.failed_step = (int)i;
            r.why = oc;
            return r;
        }
        if (s->op == STEP_DELETE)
            deleted_at = t0;
        else if (s->op == STEP_ADD && deleted_at >= 0) {
            double gap = monotonic_ms() - deleted_at;
            if (gap > ex->stats.longest_gap_ms)
                ex->stats.longest_gap_ms = gap;
            deleted_at = -1;
        }
        *done = i + 1;
        ex->stats.steps_done++;
    }
    return r;
}

size_t execute_restore(struct executor *ex, const struct plan *p)
{
    size_t failures = 0;
    for (size_t i = 0; i < p->step_count; i++) {
        const struct step *s = &p->steps[i];
        char what[64];
        snprintf(what, sizeof what, "step %zu/%zu", i + 1, p->step_count);
        if (run_step_argv(ex, &ex->ran, (int)i, what, TOOL_NETSH, s->argv, NULL, NULL) == 0) {
            ex->stats.steps_done++;
            continue;
        }
        failures++;
        /* an add that failed right after its delete: put the live binding back at once */
        if (s->op == STEP_ADD && i > 0 && p->steps[i - 1].op == STEP_DELETE && p->steps[i - 1].before == s->before)
            run_step_argv(ex, &ex->ran, (int)i - 1, "undo", TOOL_NETSH, p->steps[i - 1].undo[0], NULL, NULL);
    }
    return failures;
}

/* ---------- what this netsh accepts ---------- */

/* Reads `netsh http add sslcert help`. Returns 1 with ex->help filled, 0 when a recorded host has no
 * such file, -1 (error in ex->d) when it cannot be read or lists no parameter: nothing could then
 * be checked, so nothing may change. */
static int read_netsh_help(struct executor *ex)
{
    const struct source_spec *src_spec = &ex->host->source;
    struct tool_output src;
    int rc = source_fetch(src_spec, Q_NETSH_ADD_HELP, NULL, &src, ex->d);
    if (rc > 0 && src_spec->from_dir)
        return 0;
    if (rc != 0) {
        diag_add(ex->d, SEV_ERROR, 0, NULL, "cannot run `netsh http add sslcert help`; nothing was changed");
        return -1;
    }
    if (!src.recorded)
        ex->stats.processes++;
    struct text t;
    int ok = text_decode_take(&t, &src.bytes, src.len, src_spec->codepage, ex->d, src.origin) == 0;
    if (ok) {
        ok = netsh_help_parse(t.buf, t.len, &ex->help) == 0;
        text_free(&t);
    }
    if (!ok)
        diag_add(ex->d, SEV_ERROR, 0, NULL,
                 "%s printed no parameter list, so which settings this netsh accepts is unknown; nothing was changed",
                 src.origin);
    tool_output_free(&src);
    return ok ? 1 : -1;
}

int check_plan_within_netsh(struct executor *ex, const struct plan *p)
{
    if (ex->help_read == 0) {
        int rc = read_netsh_help(ex);
        if (rc < 0)
            return -1;
        ex->help_read = rc ? 1 : -1;
    }
    if (ex->help_read < 0)
        return 0;
    int bad = 0;
    char name[64];
    for (size_t i = 0; i < p->step_count; i++) {
        const struct step *s = &p->steps[i];
        if (s->tool != TOOL_NETSH)
            continue;
        const char *unknown = netsh_help_first_unknown(&ex->help, s->argv, name, sizeof name);
        for (size_t u = 0; !unknown && u < s->undo_count; u++)
            unknown = netsh_help_first_unknown(&ex->help, s->undo[u], name, sizeof name);
        if (unknown) {
            diag_add(ex->d, SEV_ERROR, 0, NULL,
                     "%s: this Windows cannot set %s (`netsh http add sslcert help` does not list it); the binding "
                     "would be lost, so nothing was changed",
                     s->socket, unknown);
            bad++;
        }
    }
    return bad ? -1 : 0;
}

/* ---------- verification ---------- */

static const struct site_binding *site_https_binding(const struct site_list *l, const char *site, const char *info)
{
    for (size_t i = 0; i < l->count; i++) {
        if (!l->items[i].name || ascii_casecmp(l->items[i].name, site))
            continue;
        for (size_t j = 0; j < l->items[i].binding_count; j++) {
            const struct site_binding *sb = &l->items[i].bindings[j];
            if (sb->protocol && !ascii_casecmp(sb->protocol, "https") && sb->info && !ascii_casecmp(sb->info, info))
                return sb;
        }
    }
    return NULL;
}

/* 1 when another appcmd step of p, before (first) or after (!first) step i, touches the same
 * site binding: only the first (rollback) or last (plan) one says what the read-back must show. */
static int touched_again(const struct plan *p, size_t i, int first)
{
    const struct step *s = &p->steps[i];
    size_t from = first ? 0 : i + 1, to = first ? i : p->step_count;
    for (size_t j = from; j < to; j++)
        if (p->steps[j].tool == TOOL_APPCMD && !ascii_casecmp(p->steps[j].site, s->site) &&
            !ascii_casecmp(p->steps[j].site_binding_info, s->site_binding_info))
            return 1;
    return 0;
}

/* Reads the IIS sites back (`appcmd list site /config`) and checks every site binding an appcmd
 * step touches: planned, as the last such step leaves it; else (rolled back), as the first found it. */
static int verify_sites(struct executor *ex, int planned, const struct plan *p, struct diags *d)
{
    struct tool_output src;
    struct site_list now;
    memset(&now, 0, sizeof now);
    if (source_fetch(&ex->host->source, Q_APPCMD_LIST_SITE_CONFIG, NULL, &src, d) != 0) {
        diag_add(d, SEV_ERROR, 0, NULL, "the IIS sites could not be read back with `appcmd list site /config`");
        return -1;
    }
    if (!src.recorded)
        ex->stats.processes++;
    struct text t;
    int ok = src.exit_code == 0 && text_decode_take(&t, &src.bytes, src.len, ex->host->source.codepage, d, src.origin) == 0;
    if (ok) {
        ok = appcmd_parse_config(&t, &now, d) == 0 && !now.incomplete;
        text_free(&t);
    }
    tool_output_free(&src);
    if (!ok) {
        diag_add(d, SEV_ERROR, 0, NULL, "`appcmd list site /config` did not list the IIS sites back");
        site_list_free(&now);
        return -1;
    }
    int bad = 0;
    for (size_t i = 0; i < p->step_count; i++) {
        const struct step *s = &p->steps[i];
        if (s->tool != TOOL_APPCMD || touched_again(p, i, !planned))
            continue;
        int present = planned ? s->op == STEP_SITE_BINDING_ADD : s->op == STEP_SITE_BINDING_DELETE;
        const struct site_binding *sb = site_https_binding(&now, s->site, s->site_binding_info);
        if (present && !sb)
            diag_add(d, SEV_ERROR, 0, NULL, "IIS site \"%s\" has no binding https/%s", s->site, s->site_binding_info),
                bad++;
        else if (present && s->ssl_flags >= 0 && sb->ssl_flags != s->ssl_flags)
            diag_add(d, SEV_ERROR, 0, NULL, "IIS site \"%s\": https/%s has sslFlags=%d, expected %d", s->site,
                     s->site_binding_info, sb->ssl_flags, s->ssl_flags),
                bad++;
        else if (!present && sb)
            diag_add(d, SEV_ERROR, 0, NULL, "IIS site \"%s\" still has the binding https/%s", s->site,
                     s->site_binding_info),
                bad++;
    }
    site_list_free(&now);
    return bad ? -1 : 0;
}

int read_back_and_verify(struct executor *ex, enum verification v, const struct binding_list *before,
                         const struct plan *p, const char *prefix)
{
    struct binding_list now;
    struct diags vd;
    diags_init(&vd);
    ex->stats.processes++;
    int ok = host_state_read_bindings(ex->host, &now, NULL, NULL, &vd) == 0;
    if (ok) {
        switch (v) {
        case VERIFY_PLANNED: ok = verify_plan_result(before, p, &now, &vd) == 0; break;
        case VERIFY_UNCHANGED: ok = verify_unchanged(before, p, &now, &vd) == 0; break;
        case VERIFY_RESTORED: ok = verify_restored(before, p, &now, &vd) == 0; break;
        }
    }
    binding_list_free(&now);
    if (plan_uses_appcmd(p) && verify_sites(ex, v != VERIFY_UNCHANGED, p, &vd) != 0)
        ok = 0;
    for (size_t i = 0; i < vd.count; i++)
        diag_add(ex->d, SEV_ERROR, 0, NULL, "%s%s", prefix, vd.items[i].message);
    diags_free(&vd);
    return ok ? 0 : -1;
}

int roll_back_and_verify(struct executor *ex, const struct plan *p, size_t done, const struct binding_list *before)
{
    struct diags undo_failures;
    diags_init(&undo_failures);
    rollback(ex, p, done, &undo_failures);
    struct diags *main_diags = ex->d, readback;
    diags_init(&readback);
    ex->d = &readback;
    int same = read_back_and_verify(ex, VERIFY_UNCHANGED, before, p, "after the rollback: ") == 0;
    ex->d = main_diags;
    for (size_t i = 0; i < undo_failures.count; i++)
        diag_add(ex->d, same ? SEV_WARNING : SEV_ERROR, 0, NULL, "rollback: %s", undo_failures.items[i].message);
    for (size_t i = 0; i < readback.count; i++)
        diag_add(ex->d, SEV_ERROR, 0, NULL, "%s", readback.items[i].message);
    diags_free(&readback);
    diags_free(&undo_failures);
    ex->rollback_complete = same;
    return same ? 0 : -1;
}
