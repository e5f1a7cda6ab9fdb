/* certrebind plan: compute and show the change, changing nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report_diags.h"
#include "cmd_shared.h"
#include "host_state.h"
#include "output.h"
#include "platform.h"
#include "report_plan.h"
#include "dates.h"

/* The script goes with the report (standard output or --output); the rollback script to its own file. */
static int write_rollback(const char *path, const struct strbuf *sb, struct diags *d)
{
    char *err = NULL;
    if (output_write_whole(path, sb->data, sb->len, &err) != 0) {
        diag_add(d, SEV_ERROR, 0, NULL, "%s", err);
        free(err);
        return -1;
    }
    return 0;
}

int cmd_plan(const struct options *o)
{
    struct diags d;
    diags_init(&d);
    struct host_state hs;
    struct plan_request req;
    int rc = EXIT_FAIL;
    int json = o->format && !strcmp(o->format, "json");
    if (plan_request_from_options(o, NULL, &req, &d) != 0) {
        print_diags(o->err, &d);
        if (json)
            report_error_json(o->out, EXIT_USAGE, &d);
        diags_free(&d);
        return EXIT_USAGE;
    }
    if (host_state_read_for(&o->host, &req, &hs, &d) != 0) {
        print_diags(o->err, &d);
        if (json)
            report_error_json(o->out, EXIT_FAIL, &d);
        host_state_free(&hs);
        diags_free(&d);
        return EXIT_FAIL;
    }
    plan_request_from_options(o, &hs, &req, &d);
    struct plan p;
    plan_build(&hs.bindings, &hs.certs, hs.have_sites ? &hs.sites : NULL, &req, &p);
    char when[21];
    format_iso8601(o->now, when);
    const char *format = o->format ? o->format : "text";
    if (!strcmp(format, "json")) {
        report_plan_json(o->out, &p);
        rc = plan_exit_status(&p);
    } else if (!strcmp(format, "cmd")) {
        if (p.blocked) {
            report_plan_text(o->err, &p);
            diag_add(&d, SEV_ERROR, 0, NULL, "no script written: the plan is refused or needs --force");
            rc = EXIT_FAIL;
        } else {
            /* both scripts are built before either is written: a refused value writes nothing */
            struct strbuf sb, rb;
            sb_init(&sb);
            sb_init(&rb);
            if (report_plan_cmd(&sb, &p, when, &d) != 0 ||
                (o->rollback_file && report_plan_rollback_cmd(&rb, &p, when, &d) != 0))
                rc = EXIT_FAIL;
            else
                rc = plan_exit_status(&p);
            if (rc != EXIT_FAIL && o->rollback_file && write_rollback(o->rollback_file, &rb, &d) != 0)
                rc = EXIT_FAIL;
            if (rc != EXIT_FAIL)
                fwrite(sb.data, 1, sb.len, o->out);
            sb_free(&rb);
            sb_free(&sb);
        }
    } else {
        report_plan_text(o->out, &p);
        rc = plan_exit_status(&p);
    }
    print_diags(o->err, &d);
    plan_free(&p);
    host_state_free(&hs);
    diags_free(&d);
    return rc;
}
