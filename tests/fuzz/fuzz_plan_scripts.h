/* The property of issue 10 section 1c for a whole plan (fuzz_script, fuzz_plan): its rebind and
 * rollback scripts run exactly the planned tool lines (netsh, appcmd) in the cmd.exe model and
 * nothing else, or are refused only when a planned argument is one a batch script cannot carry. */
#ifndef CERTREBIND_FUZZ_PLAN_SCRIPTS_H
#define CERTREBIND_FUZZ_PLAN_SCRIPTS_H

#include <stdlib.h>

#include "batch.h"
#include "cmdline_model.h"
#include "plan.h"
#include "report_plan.h"
#include "strbuf.h"

#include "fuzz_check.h"

static inline int fuzz_argv_refused(const char *const *argv)
{
    for (size_t a = 0; argv[a]; a++)
        if (batch_arg_refusal(argv[a]))
            return 1;
    return 0;
}

static inline int fuzz_some_argument_refused(const struct plan *p)
{
    for (size_t i = 0; i < p->step_count; i++) {
        if (fuzz_argv_refused(p->steps[i].argv))
            return 1;
        for (size_t u = 0; u < p->steps[i].undo_count; u++)
            if (fuzz_argv_refused(p->steps[i].undo[u]))
                return 1;
    }
    return 0;
}

/* Both scripts of p, saved at script_path (a folder with cmd.exe's special characters in its
 * name is the harder case). */
static inline void fuzz_check_plan_scripts(const struct plan *p, const char *script_path)
{
    const char *const **argvs = malloc((3 * p->step_count + 1) * sizeof *argvs);
    const char **programs = malloc((3 * p->step_count + 1) * sizeof *programs);
    if (!argvs || !programs) {
        free(argvs);
        free(programs);
        return;
    }
    for (int rollback = 0; rollback < 2; rollback++) {
        /* the tool lines in order: the steps (rebind script only), then every undo, newest
         * step first; each names its program's variable */
        size_t n = 0;
        for (size_t i = 0; !rollback && i < p->step_count; i++) {
            programs[n] = p->steps[i].tool == TOOL_APPCMD ? "APPCMD" : "NETSH";
            argvs[n++] = p->steps[i].argv;
        }
        for (size_t k = p->step_count; k-- > 0;)
            for (size_t u = 0; u < p->steps[k].undo_count; u++) {
                programs[n] = p->steps[k].tool == TOOL_APPCMD ? "APPCMD" : "NETSH";
                argvs[n++] = p->steps[k].undo[u];
            }
        struct strbuf sb;
        sb_init(&sb);
        struct diags d;
        diags_init(&d);
        int rc = rollback ? report_plan_rollback_cmd(&sb, p, "2026-11-23T00:00:00Z", &d)
                          : report_plan_cmd(&sb, p, "2026-11-23T00:00:00Z", &d);
        if (rc == 0) {
            struct cmdm_expect e = {script_path, argvs, n, programs};
            char why[512] = "";
            if (cmdm_check_script(sb.data, sb.len, &e, why, sizeof why) != 0)
                fuzz_fail(rollback ? "the rollback script does not run exactly the plan" : "the rebind script does not run exactly the plan", why);
        } else if (!fuzz_some_argument_refused(p)) {
            fuzz_fail("a script refused although every argument can be carried", d.count ? d.items[0].message : "(no reason)");
        }
        fuzz_check_diags(&d);
        sb_free(&sb);
        diags_free(&d);
    }
    free(argvs);
    free(programs);
}

#endif
