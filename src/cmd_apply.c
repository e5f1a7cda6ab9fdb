/* certrebind apply: plan, confirm, back up, run every step and read the result back; any failure
 * (a step, or a read-back that differs from the plan) rolls every completed step back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "cli.h"
#include "cmd_shared.h"
#include "hexhash.h"
#include "host_state.h"
#include "report_change.h"
#include "report_diags.h"
#include "report_plan.h"
#include "source.h"

/* Everything one apply run holds, for its steps and its report. */
struct apply_run {
    const struct options *o;
    const struct apply_request *ar;
    FILE *progress; /* the plan and each step as they happen */
    struct diags d;
    struct plan_request req;
    struct host_state hs;
    struct plan p;
    struct executor ex;
    char *netsh;
    char *backup;
    int verified;
    int locked; /* holds the machine-wide lock */
};

/* Checks the request, reads the host, plans, asks, writes the backup. EXIT_OK when the steps may run. */
static int apply_prepare(struct apply_run *a)
{
    const struct options *o = a->o;
    if (plan_request_from_options(o, NULL, &a->req, &a->d) != 0)
        return EXIT_USAGE;
    a->netsh = source_tool_path(&o->host.source, Q_NETSH_SHOW_SSLCERT, &a->d);
    if (!a->netsh)
        return EXIT_FAIL;
    /* the lock before the host is read, so that the plan is made on a state no other run changes;
     * a malformed request, or a run that cannot be confirmed, stops at the plan: no lock */
    if (plan_request_well_formed(&a->req) && run_can_change(o)) {
        if (change_lock(o, NULL, &a->d) != EXIT_OK)
            return EXIT_FAIL;
        a->locked = 1;
    }
    struct host_spec host = o->host;
    host.keep_output = 1; /* for the backup */
    if (host_state_read_for(&host, &a->req, &a->hs, &a->d) != 0)
        return EXIT_FAIL;
    executor_init(&a->ex, &o->host, a->netsh, a->progress, &a->d);
    a->ex.ar = a->ar;
    a->ex.stats.processes += a->hs.processes;
    plan_request_from_options(o, &a->hs, &a->req, &a->d);
    plan_build(&a->hs.bindings, &a->hs.certs, a->hs.have_sites ? &a->hs.sites : NULL, &a->req, &a->p);
    int rc = plan_exit_status(&a->p);
    /* the event fires for every renewed certificate, bound or not: an unattended run with nothing
     * to do says so in its event only */
    if (!(o->unattended && rc == EXIT_NOTHING))
        report_plan_text(a->progress, &a->p);
    if (rc != EXIT_OK)
        return rc; /* refused (1) or nothing to do (3): a rerun of an apply that already happened */
    if (check_plan_within_netsh(&a->ex, &a->p) != 0)
        return EXIT_FAIL;
    if (!confirm(o, "Apply this plan?", &a->d))
        return EXIT_FAIL;
    a->backup = backup_write(o->backup_dir, o->host.source.codepage, a->hs.netsh_raw, a->hs.netsh_raw_len,
                             a->hs.bindings.count, &a->p, &a->d);
    if (!a->backup)
        return EXIT_FAIL;
    fprintf(a->progress, "Backup of the current bindings: %s\n", a->backup);
    fflush(a->progress);
    return EXIT_OK;
}

/* netsh refused the first `update`: nothing changed yet. Plans again with delete + add and writes
 * a backup that lists the steps that will really run. 0 when the new plan may run. */
static int replan_without_update(struct apply_run *a)
{
    fprintf(a->progress, "This netsh has no `update sslcert`; planning again with delete + add.\n");
    plan_free(&a->p);
    a->req.update_available = 0;
    a->req.update_evidence = "netsh answered that `http update sslcert` was not found";
    plan_build(&a->hs.bindings, &a->hs.certs, a->hs.have_sites ? &a->hs.sites : NULL, &a->req, &a->p);
    if (plan_exit_status(&a->p) != EXIT_OK) {
        report_plan_text(a->progress, &a->p);
        return -1;
    }
    diags_free(&a->d);
    diags_init(&a->d);
    if (check_plan_within_netsh(&a->ex, &a->p) != 0)
        return -1;
    /* both backups hold the same untouched bindings, so either restores them */
    char *replanned = backup_write(a->o->backup_dir, a->o->host.source.codepage, a->hs.netsh_raw,
                                   a->hs.netsh_raw_len, a->hs.bindings.count, &a->p, &a->d);
    if (!replanned)
        return -1;
    free(a->backup);
    a->backup = replanned;
    fprintf(a->progress, "Backup of the current bindings, with the delete + add steps: %s\n", a->backup);
    fflush(a->progress);
    return 0;
}

/* Runs the steps, then reads the result back; rolls back on any failure. */
static int apply_execute(struct apply_run *a)
{
    size_t done = 0;
    struct run_outcome r = execute_plan(&a->ex, &a->p, &done);
    if (r.failed_step == 0 && r.why == NETSH_NO_UPDATE_COMMAND && a->p.uses_update) {
        if (replan_without_update(a) != 0)
            return EXIT_FAIL;
        r = execute_plan(&a->ex, &a->p, &done);
    }
    if (r.failed_step >= 0)
        return roll_back_and_report(a->o, &a->ex, &a->p, done, &a->hs.bindings, a->backup, r.failed_step);
    a->verified = verify_and_log(a->o, &a->ex, VERIFY_PLANNED, &a->hs.bindings, &a->p, a->backup, 0, a->p.summary, NULL);
    if (!a->verified) {
        /* netsh said success and the machine says otherwise: as bad as a failed step */
        fprintf(a->progress, "Every step reported success, but the verification found the result not as planned (see "
                             "the errors); rolling back every step.\n");
        fflush(a->progress);
        return roll_back_and_report(a->o, &a->ex, &a->p, a->p.step_count, &a->hs.bindings, a->backup, -1);
    }
    fprintf(a->progress, "Done: %zu binding(s) rebound and verified (%zu tool processes%s).\n", a->p.bindings_changed,
            a->ex.stats.processes, a->p.uses_update ? "" : ", delete+add");
    if (!a->p.uses_update)
        fprintf(a->progress, "Longest time a socket had no certificate: %.0f ms.\n", a->ex.stats.longest_gap_ms);
    return EXIT_OK;
}

int cmd_apply(const struct options *o)
{
    /* the on-renewal task runs `--old OLD --new NEW --unattended` the moment event 1001 says NEW
     * was installed: HTTP.sys may not see its key yet (error 87 is retried for it) */
    char fresh[41];
    const char *fresh_hashes[] = {fresh};
    int renewal = o->unattended && o->old_hash && o->new_hash &&
                  sha1_normalise(o->new_hash, strlen(o->new_hash), fresh) == 0;
    struct apply_request ar = {renewal ? fresh_hashes : NULL, renewal ? 1 : 0, NULL};
    return apply_run(o, &ar);
}

int apply_run(const struct options *o, const struct apply_request *ar)
{
    struct apply_run a;
    memset(&a, 0, sizeof a);
    a.o = o;
    a.ar = ar;
    int json = o->format && !strcmp(o->format, "json");
    a.progress = json ? o->err : o->out; /* with JSON, standard output holds the one report */
    diags_init(&a.d);
    int rc = apply_prepare(&a);
    if (rc == EXIT_OK)
        rc = apply_execute(&a);
    if (o->unattended) {
        int planned = a.p.steps || a.p.summary;
        unattended_record(o, rc, a.hs.bindings.count ? &a.hs : NULL, planned ? &a.p : NULL, a.backup, &a.d);
    }
    if (a.locked)
        change_unlock();
    print_diags(o->err, &a.d);
    if (json) {
        int planned = a.p.steps || a.p.summary;
        struct change_report r = {planned ? &a.p : NULL, &a.ex, a.verified, a.backup, rc, &a.d};
        report_change_json(o->out, &r);
    }
    executor_free(&a.ex);
    free(a.backup);
    free(a.netsh);
    plan_free(&a.p);
    host_state_free(&a.hs);
    diags_free(&a.d);
    return rc;
}
