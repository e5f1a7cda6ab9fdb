#include "plan_output.h"

#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "output.h"
#include "report_plan.h"
#include "strbuf.h"

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

int plan_output(const struct options *o, const struct plan *p, struct diags *d)
{
    int rc;
    char when[21];
    format_iso8601(o->now, when);
    const char *format = o->format ? o->format : "text";
    if (!strcmp(format, "json")) {
        report_plan_json(o->out, p);
        rc = plan_exit_status(p);
    } else if (!strcmp(format, "cmd")) {
        if (p->blocked) {
            report_plan_text(o->err, p);
            diag_add(d, SEV_ERROR, 0, NULL, "no script written: the plan is refused or needs --force");
            rc = EXIT_FAIL;
        } else {
            /* both scripts are built before either is written: a refused value writes nothing */
            struct strbuf sb, rb;
            sb_init(&sb);
            sb_init(&rb);
            if (report_plan_cmd(&sb, p, when, d) != 0 ||
                (o->rollback_file && report_plan_rollback_cmd(&rb, p, when, d) != 0))
                rc = EXIT_FAIL;
            else
                rc = plan_exit_status(p);
            if (rc != EXIT_FAIL && o->rollback_file && write_rollback(o->rollback_file, &rb, d) != 0)
                rc = EXIT_FAIL;
            if (rc != EXIT_FAIL)
                fwrite(sb.data, 1, sb.len, o->out);
            sb_free(&rb);
            sb_free(&sb);
        }
    } else {
        report_plan_text(o->out, p);
        rc = plan_exit_status(p);
    }
    return rc;
}
