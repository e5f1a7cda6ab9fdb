/* libFuzzer harness: a fuzzed `netsh http show sslcert` listing through the whole pipeline of
 * `plan`: the parser, the planner (against the demo host's certificates and IIS sites,
 * fixtures/demo-wildcard-renewal) with --old/--new and with --auto, and every report of the
 * plan. Properties: the rebind and rollback scripts run exactly the planned netsh argv in the
 * cmd.exe model (tests/cmdline_model.c), or are refused only for an argument a script cannot
 * carry; the text and JSON reports and the diagnostics are inert on a terminal.
 * Seeds: every fixtures/x/netsh-http-show-sslcert.txt. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "host_state.h"
#include "netsh.h"
#include "plan.h"
#include "report_plan.h"

#include "fuzz_plan_scripts.h"

#define OLD "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"
#define NEW "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17"
#define SCRIPT "C:\\Program Files (x86)\\100% sure!\\R&D\\renew.cmd"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct host_state demo;
static int demo_loaded;

static void load_demo(void)
{
    struct host_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.source.from_dir = FIXTURES_DIR "/demo-wildcard-renewal";
    spec.source.timeout_ms = 60000;
    struct diags d;
    diags_init(&d);
    if (host_state_read(&spec, &demo, NULL, &d) != 0)
        fuzz_fail("cannot read", spec.source.from_dir);
    diags_free(&d);
    demo_loaded = 1;
}

static void check_reports(const struct plan *p)
{
    for (int json = 0; json < 2; json++) {
        char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);
        if (!f)
            return;
        if (json)
            report_plan_json(f, p);
        else
            report_plan_text(f, p);
        fclose(f);
        fuzz_check_printable(out, len, !json, json ? "a terminal control or bad UTF-8 in the JSON plan"
                                                   : "a terminal control or bad UTF-8 in the text plan");
        free(out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!demo_loaded)
        load_demo();
    struct binding_list l;
    struct diags d;
    diags_init(&d);
    if (netsh_parse_sslcert_bytes(data, size, 0, &l, &d) == 0) {
        /* every binding on the demo's old certificate: the listing decides only what else the
         * bindings say (sockets, stores, flags, unknown fields...) */
        for (size_t i = 0; i < l.count; i++)
            if (l.items[i].certhash)
                l.items[i].certhash = OLD;
        for (int automatic = 0; automatic < 2; automatic++) {
            struct plan_request r;
            memset(&r, 0, sizeof r);
            r.selection = automatic ? SELECT_AUTO : SELECT_OLD_NEW;
            r.old_hash = automatic ? NULL : OLD;
            r.new_hash = automatic ? NULL : NEW;
            r.days = 30;
            r.now = civil_to_time(2026, 11, 23, 12, 0, 0);
            r.update_available = -1;
            r.force = 1;
            struct plan p;
            plan_build(&l, &demo.certs, &demo.sites, &r, &p);
            check_reports(&p);
            /* blocked plans too: plan refuses to write their scripts, but the writer must be
             * safe whatever steps it is given (and blocked is the common case here) */
            fuzz_check_plan_scripts(&p, SCRIPT);
            plan_free(&p);
        }
    }
    fuzz_check_diags(&d);
    binding_list_free(&l);
    diags_free(&d);
    return 0;
}
