/* certrebind restore BACKUP: re-create every binding that differs from a backup apply wrote, then
 * read the bindings back. Nothing runs for a backup that fails any of its checks; with --from it
 * is a dry run against a recorded host. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
#include "source.h"

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
    char *netsh;
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
    fprintf(r->progress, "Restore from %s: %s.\n", r->path, r->p.summary);
    report_plan_text(r->progress, &r->p);
    if (!r->p.bindings_changed)
        return r->p.error_count ? EXIT_FAIL : EXIT_NOTHING;
    return check_plan_within_netsh(&r->ex, &r->p) == 0 ? EXIT_OK : EXIT_FAIL;
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
    int rc = restore_prepare(&r);
    if (rc == EXIT_OK && o->host.source.from_dir) {
        /* a dry run against a recorded host: the plan is the answer */
    } else if (rc == EXIT_OK && !confirm(o, "Restore these bindings?", &r.d)) {
        rc = EXIT_FAIL;
    } else if (rc == EXIT_OK) {
        size_t failures = execute_restore(&r.ex, &r.p);
        r.verified = failures == 0 && verify_and_log(o, &r.ex, VERIFY_RESTORED, &r.bk.bindings, &r.p, r.path, 1,
                                                     "restored", "restore-failed");
        if (failures)
            log_record(o, r.path, "restore-failed", 1);
        fprintf(r.progress, r.verified ? "Restored and verified.\n" : "The restore did not complete; see the errors above.\n");
        rc = r.verified ? EXIT_OK : EXIT_FAIL;
    }
    print_diags(o->err, &r.d);
    if (json) {
        int planned = r.p.steps || r.p.summary;
        struct change_report cr = {planned ? &r.p : NULL, &r.ex, r.verified, r.path, rc, &r.d};
        report_change_json(o->out, &cr);
    }
    executor_free(&r.ex);
    free(r.netsh);
    backup_free(&r.bk);
    binding_list_free(&r.live);
    plan_free(&r.p);
    diags_free(&r.d);
    return rc;
}
