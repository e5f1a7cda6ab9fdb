/* certrebind bind / unbind: a new HTTPS host name on an IIS site with SNI (appcmd adds the site
 * binding, netsh the HTTP.sys hostnameport binding), and its removal. With --from, or --format
 * cmd, the plan is shown and nothing runs; otherwise it is carried out like apply: confirm, back
 * up (the HTTP.sys bindings and the IIS sites), run each step, read both back, roll back in
 * reverse on any failure; with --format json the report is apply's (report_change.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "bind_plan.h"
#include "cli.h"
#include "cmd_shared.h"
#include "host_state.h"
#include "plan_output.h"
#include "platform.h"
#include "report_change.h"
#include "report_diags.h"
#include "report_plan.h"
#include "source.h"
#include "text.h"

struct bind_run {
    const struct options *o;
    int unbind;
    FILE *progress;
    struct diags d;
    struct host_state hs;
    struct plan p;
    struct executor ex;
    char *netsh, *appcmd, *backup, *sites_text, *config_text;
    int verified;
};

/* WebHosting is where IIS keeps certificates for SNI sites: read it too when it can be (live, or a
 * recording that has it), so the chooser sees them. */
static const char *extra_store(const struct options *o)
{
    if (!o->host.source.from_dir)
        return "WebHosting";
    char *name = source_recorded_name(Q_CERTUTIL_STORE, "WebHosting");
    char *path = path_join(o->host.source.from_dir, name);
    int there = file_exists(path);
    free(name);
    free(path);
    return there ? "WebHosting" : NULL;
}

/* What a tool printed (raw, NULL: nothing) as UTF-8 lines, each ended by LF; NULL when it cannot
 * be decoded. Caller frees. */
static char *tool_lines(const unsigned char *raw, size_t len, int codepage)
{
    if (!raw)
        return NULL;
    struct text t;
    struct diags quiet;
    diags_init(&quiet);
    char *lines = NULL;
    if (text_decode(&t, raw, len, codepage, &quiet, "appcmd") == 0) {
        struct strbuf sb;
        sb_init(&sb);
        for (size_t i = 0; i < t.n_lines; i++) {
            sb_add(&sb, t.lines[i].s, t.lines[i].len);
            sb_addc(&sb, '\n');
        }
        lines = sb_detach(&sb, NULL);
        text_free(&t);
    }
    diags_free(&quiet);
    return lines;
}

/* Reads the host (IIS sites with their sslFlags too) and plans. */
static void bind_read_and_plan(struct bind_run *b)
{
    const struct options *o = b->o;
    struct host_spec host = o->host;
    host.keep_output = 1; /* for the backup */
    if (host_state_read(&host, &b->hs, extra_store(o), &b->d) != 0) {
        memset(&b->p, 0, sizeof b->p);
        arena_init(&b->p.arena);
        plan_add_error(&b->p, "the host could not be read (see the errors)");
        b->p.blocked = 1;
        b->p.summary = "refused: the host could not be read; nothing will be changed";
        return;
    }
    host_state_read_site_config(&o->host, &b->hs, &b->d);
    struct bind_request r = {b->unbind, o->site_name, o->host_name, o->port ? o->port : 443, o->cert_hash, o->now};
    plan_bind(&b->hs.bindings, &b->hs.certs, b->hs.have_sites ? &b->hs.sites : NULL, &r, &b->p);
    /* the IIS sites as they were, and their sslFlags, for the backup */
    b->p.iis_sites = b->sites_text = tool_lines(b->hs.appcmd_raw, b->hs.appcmd_raw_len, o->host.source.codepage);
    if (b->hs.have_site_config)
        b->p.iis_config = b->config_text =
            tool_lines(b->hs.appcmd_config_raw, b->hs.appcmd_config_raw_len, o->host.source.codepage);
}

/* Tools, confirmation and backup. EXIT_OK when the steps may run. */
static int bind_prepare(struct bind_run *b)
{
    const struct options *o = b->o;
    report_plan_text(b->progress, &b->p);
    int rc = plan_exit_status(&b->p);
    if (rc != EXIT_OK)
        return rc;
    b->netsh = source_tool_path(&o->host.source, Q_NETSH_SHOW_SSLCERT, &b->d);
    b->appcmd = source_tool_path(&o->host.source, Q_APPCMD_LIST_SITE, &b->d);
    if (!b->netsh || !b->appcmd) {
        diag_add(&b->d, SEV_ERROR, 0, NULL, "netsh and appcmd are both needed; nothing was changed");
        return EXIT_FAIL;
    }
    executor_init(&b->ex, &o->host, b->netsh, b->progress, &b->d);
    b->ex.appcmd = b->appcmd;
    b->ex.stats.processes += b->hs.processes;
    if (check_plan_within_netsh(&b->ex, &b->p) != 0)
        return EXIT_FAIL;
    if (!confirm(o, b->unbind ? "Remove this host name?" : "Bind this host name?", &b->d))
        return EXIT_FAIL;
    b->backup = backup_write(o->backup_dir, o->host.source.codepage, b->hs.netsh_raw, b->hs.netsh_raw_len,
                             b->hs.bindings.count, &b->p, &b->d);
    if (!b->backup)
        return EXIT_FAIL;
    fprintf(b->progress, "Backup of the current bindings and IIS sites: %s\n", b->backup);
    fflush(b->progress);
    return EXIT_OK;
}

static int bind_execute(struct bind_run *b)
{
    size_t done = 0;
    struct run_outcome r = execute_plan(&b->ex, &b->p, &done);
    if (r.failed_step >= 0)
        return roll_back_and_report(b->o, &b->ex, &b->p, done, &b->hs.bindings, b->backup, r.failed_step);
    b->verified = verify_and_log(b->o, &b->ex, VERIFY_PLANNED, &b->hs.bindings, &b->p, b->backup, 0, b->p.summary, NULL);
    if (!b->verified) {
        fprintf(b->progress, "Every step reported success, but the verification found the result not as planned (see "
                             "the errors); rolling back every step.\n");
        fflush(b->progress);
        return roll_back_and_report(b->o, &b->ex, &b->p, b->p.step_count, &b->hs.bindings, b->backup, -1);
    }
    fprintf(b->progress, "Done: %s; the IIS site and HTTP.sys were read back and verified (%zu tool processes).\n",
            b->p.summary, b->ex.stats.processes);
    return EXIT_OK;
}

static int bind_command(const struct options *o, int unbind)
{
    /* --site and --host: the option table requires them (cli.c) */
    const char *format = o->format ? o->format : "text";
    int json = !strcmp(format, "json");
    struct bind_run b;
    memset(&b, 0, sizeof b);
    b.o = o;
    b.unbind = unbind;
    b.progress = json ? o->err : o->out; /* with JSON, standard output holds the one report */
    diags_init(&b.d);
    int carried_out = !o->host.source.from_dir && strcmp(format, "cmd") != 0;
    /* the machine-wide lock before the host is read, unless nothing can change */
    int locking = carried_out && run_can_change(o);
    int rc = locking ? change_lock(o, NULL, &b.d) : EXIT_OK;
    int locked = locking && rc == EXIT_OK;
    if (rc != EXIT_OK) {
        /* the lock was not taken: nothing was read */
    } else if (!carried_out) {
        bind_read_and_plan(&b);
        rc = plan_output(o, &b.p, &b.d); /* a plan to read or review: nothing runs */
    } else {
        bind_read_and_plan(&b);
        rc = bind_prepare(&b);
        if (rc == EXIT_OK)
            rc = bind_execute(&b);
    }
    if (locked)
        change_unlock();
    print_diags(o->err, &b.d);
    if (carried_out && json) {
        struct change_report r = {locked || !locking ? &b.p : NULL, &b.ex, b.verified, b.backup, rc, &b.d};
        report_change_json(o->out, &r);
    }
    executor_free(&b.ex);
    free(b.backup);
    free(b.netsh);
    free(b.appcmd);
    free(b.sites_text);
    free(b.config_text);
    plan_free(&b.p);
    host_state_free(&b.hs);
    diags_free(&b.d);
    return rc;
}

int cmd_bind(const struct options *o) { return bind_command(o, 0); }
int cmd_unbind(const struct options *o) { return bind_command(o, 1); }
