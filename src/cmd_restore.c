/* certrebind restore BACKUP: re-create every binding that differs from a backup apply wrote, then
 * read the bindings back. Nothing runs for a backup that fails any of its checks; with --from it
 * is a dry run against a recorded host. A backup of bind/unbind also holds the IIS sites: their
 * https bindings are brought back too (restore_sites.h), and then the steps run
 * all or nothing (the first failure rolls every step back), since a half-restored pair of IIS
 * and HTTP.sys bindings is worse than either whole state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appcmd.h"
#include "apply.h"
#include "backup.h"
#include "cli.h"
#include "cmd_shared.h"
#include "host_state.h"
#include "netsh.h"
#include "output.h"
#include "platform.h"
#include "report_change.h"
#include "report_diags.h"
#include "report_plan.h"
#include "restore_sites.h"
#include "source.h"
#include "text.h"

/* Everything one restore run holds, for its steps and its report. */
struct restore_run {
    const struct options *o;
    const char *path; /* the backup */
    FILE *progress;
    struct diags d;
    struct backup bk;
    struct binding_list live;
    struct plan p;
    struct executor ex;
    char *netsh, *appcmd;
    struct site_list backup_sites; /* the backup's `iis` lines (bind/unbind backups) */
    struct host_state iis;         /* the IIS sites now */
    int verified;
};

/* Reads and checks the backup: in a private folder, private itself, and passing every check of
 * backup_parse. Nothing is run for a backup that fails. */
static int backup_load(struct restore_run *r)
{
    char *dir = path_folder(r->path), *err = NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = -1;
    if (check_private_directory(dir, &err) != 0 || check_private_file(r->path, &err) != 0 ||
        read_file_bytes(r->path, &data, &len, &err) != 0) {
        diag_add(&r->d, SEV_ERROR, 0, NULL, "%s", err);
        free(err);
    } else if (backup_parse_take(&data, len, r->o->host.source.codepage, r->path, &r->bk, &r->d) != 0) {
        diag_add(&r->d, SEV_ERROR, 0, NULL, "restore refuses %s (see above); nothing was run", r->path);
    } else {
        rc = 0;
    }
    free(data);
    free(dir);
    return rc;
}

/* The sites of the backup's `iis` lines, with the sslFlags of its `iis-config` lines when it has
 * them. Returns 0, or -1 with an error in d (the lines are not what appcmd prints). */
static int backup_sites_read(struct restore_run *r)
{
    struct text t;
    int ok = text_decode(&t, (const unsigned char *)r->bk.iis_sites, r->bk.iis_sites_len, 65001, &r->d, r->path) == 0;
    if (ok) {
        ok = appcmd_parse_sites(&t, &r->backup_sites, &r->d) == 0 && !r->backup_sites.incomplete;
        text_free(&t);
    }
    if (ok && r->bk.iis_config &&
        text_decode(&t, (const unsigned char *)r->bk.iis_config, r->bk.iis_config_len, 65001, &r->d, r->path) == 0) {
        struct site_list config;
        if (appcmd_parse_config(&t, &config, &r->d) == 0)
            appcmd_merge_ssl_flags(&r->backup_sites, &config);
        site_list_free(&config);
        text_free(&t);
    }
    if (!ok)
        diag_add(&r->d, SEV_ERROR, 0, NULL, "the IIS sites in %s cannot be read; nothing was run", r->path);
    return ok ? 0 : -1;
}

/* A bind/unbind backup: the IIS half of the plan (restore_sites.h). */
static int restore_plan_sites(struct restore_run *r)
{
    const struct options *o = r->o;
    if (backup_sites_read(r) != 0)
        return -1;
    int rc = host_state_read_sites(&o->host, &r->iis, &r->d);
    if (rc > 0)
        diag_add(&r->d, SEV_ERROR, 0, NULL, "%s holds no appcmd-list-site.txt: the IIS half of %s cannot be planned",
                 o->host.source.from_dir, r->path);
    int read = rc == 0 && !r->iis.sites.incomplete;
    struct restore_sites in = {&r->backup_sites, read ? &r->iis.sites : NULL, &r->bk.bindings, &r->live,
                               r->bk.added, r->bk.added_count, r->bk.site_steps, r->bk.site_step_count};
    plan_restore_sites(&r->p, &in);
    r->ex.stats.processes += r->iis.processes;
    if (!plan_uses_appcmd(&r->p) || o->host.source.from_dir)
        return 0;
    r->ex.appcmd = r->appcmd = source_tool_path(&o->host.source, Q_APPCMD_LIST_SITE, &r->d);
    return r->appcmd ? 0 : -1;
}

/* Loads the backup, reads the live bindings and plans what differs. EXIT_OK when there are steps. */
static int restore_prepare(struct restore_run *r)
{
    const struct options *o = r->o;
    if (backup_load(r) != 0)
        return EXIT_FAIL;
    if (!o->host.source.from_dir && !(r->netsh = source_tool_path(&o->host.source, Q_NETSH_SHOW_SSLCERT, &r->d)))
        return EXIT_FAIL;
    executor_init(&r->ex, &o->host, r->netsh, r->progress, &r->d);
    if (host_state_read_bindings(&o->host, &r->live, NULL, NULL, &r->d) != 0)
        return EXIT_FAIL;
    const struct binding_list *wanted = &r->bk.bindings;
    int use_update = update_option(&o->host);
    if (use_update < 0) /* as the listings show it; unknown reads as no (delete + add always works) */
        use_update = plan_update_from_layout(&r->live) == 1 || (r->live.count == 0 && plan_update_from_layout(wanted) == 1);
    plan_restore(wanted, &r->live, use_update, &r->p);
    if (r->bk.iis_sites && restore_plan_sites(r) != 0)
        return EXIT_FAIL;
    fprintf(r->progress, "Restore from %s: %s.\n", r->path, r->p.summary);
    report_plan_text(r->progress, &r->p);
    if (!r->p.bindings_changed || r->p.blocked)
        return r->p.error_count ? EXIT_FAIL : EXIT_NOTHING;
    return check_plan_within_netsh(&r->ex, &r->p) == 0 ? EXIT_OK : EXIT_FAIL;
}

/* The steps of a bind/unbind backup's restore: all of them, or (the first failure, or a read-back
 * that does not show the backup) none, rolled back in reverse and read back. */
static int restore_all_or_nothing(struct restore_run *r)
{
    size_t done = 0;
    struct run_outcome oc = execute_plan(&r->ex, &r->p, &done);
    if (oc.failed_step < 0) {
        r->verified = verify_and_log(r->o, &r->ex, VERIFY_RESTORED, &r->bk.bindings, &r->p, r->path, 1, "restored",
                                     NULL);
        if (r->verified)
            return EXIT_OK;
        done = r->p.step_count;
    }
    int same = roll_back_and_verify(&r->ex, &r->p, done, &r->live) == 0;
    log_record(r->o, r->path, same ? "restore-rolled-back" : "restore-rollback-failed", 1);
    char failure[64];
    snprintf(failure, sizeof failure, oc.failed_step >= 0 ? "Step %d failed" : "The verification failed",
             oc.failed_step + 1);
    if (same) {
        fprintf(r->progress, "%s; every step was rolled back and verified: IIS and HTTP.sys are as they were before "
                             "this restore.\n", failure);
        return EXIT_ROLLED_BACK;
    }
    fprintf(r->progress, "%s and the rollback did not complete. ACT NOW: compare the bindings with the errors above "
                         "and run the restore again:\n  certrebind restore \"%s\"\n", failure, r->path);
    return EXIT_ROLLBACK_FAILED;
}

int cmd_restore(const struct options *o)
{
    struct restore_run r;
    memset(&r, 0, sizeof r);
    r.o = o;
    r.path = o->positional[0]; /* the command table requires exactly one */
    int json = o->format && !strcmp(o->format, "json");
    r.progress = json ? o->err : o->out; /* with JSON, standard output holds the one report */
    diags_init(&r.d);
    /* the machine-wide lock before the live bindings are read, unless nothing can change */
    int locking = !o->host.source.from_dir && run_can_change(o);
    int rc = locking ? change_lock(o, r.path, &r.d) : EXIT_OK;
    int locked = locking && rc == EXIT_OK;
    if (rc == EXIT_OK)
        rc = restore_prepare(&r);
    if (rc == EXIT_OK && o->host.source.from_dir) {
        /* a dry run against a recorded host: the plan is the answer */
    } else if (rc == EXIT_OK && !confirm(o, "Restore these bindings?", &r.d)) {
        rc = EXIT_FAIL;
    } else if (rc == EXIT_OK && r.bk.iis_sites) {
        rc = restore_all_or_nothing(&r);
        if (rc == EXIT_OK)
            fprintf(r.progress, "Restored and verified: the HTTP.sys bindings and the IIS site bindings.\n");
    } else if (rc == EXIT_OK) {
        size_t failures = execute_restore(&r.ex, &r.p);
        r.verified = failures == 0 && verify_and_log(o, &r.ex, VERIFY_RESTORED, &r.bk.bindings, &r.p, r.path, 1,
                                                     "restored", "restore-failed");
        if (failures)
            log_record(o, r.path, "restore-failed", 1);
        fprintf(r.progress, r.verified ? "Restored and verified.\n" : "The restore did not complete; see the errors above.\n");
        rc = r.verified ? EXIT_OK : EXIT_FAIL;
    }
    if (rc == EXIT_OK && r.p.error_count) {
        fprintf(r.progress, o->host.source.from_dir ? "The plan holds %zu error(s) (above): that part of the backup cannot "
                                                      "be restored.\n"
                                                    : "What could be restored was; %zu error(s) above say what was not.\n",
                r.p.error_count);
        rc = EXIT_FAIL;
    }
    if (locked)
        change_unlock();
    print_diags(o->err, &r.d);
    if (json) {
        int planned = r.p.steps || r.p.summary;
        struct change_report cr = {planned ? &r.p : NULL, &r.ex, r.verified, r.path, rc, &r.d};
        report_change_json(o->out, &cr);
    }
    executor_free(&r.ex);
    free(r.netsh);
    free(r.appcmd);
    site_list_free(&r.backup_sites);
    host_state_free(&r.iis);
    backup_free(&r.bk);
    binding_list_free(&r.live);
    plan_free(&r.p);
    diags_free(&r.d);
    return rc;
}
