/* libFuzzer harness: the .cmd script writer (src/batch.c, src/report_plan.c) against the cmd.exe
 * model (tests/cmdline_model.c), the property of issue 10 section 1c over fuzzed values.
 * The input is one or two values: up to the first NUL, then up to the next one.
 *  1. Each value alone (script_line_check): as a netsh argument, echo and rem text and a set
 *     value, either refused for a reason it really has, or run exactly as written.
 *  2. Whole scripts: the demo host (fixtures/demo-wildcard-renewal) with the SNI binding's host
 *     name changed to VALUE1.northwind-traders.example and, when there is a second value, a CTL
 *     identifier set to it; planned with --old/--new --force. Both the rebind and the rollback
 *     script must run exactly the planned netsh argv (the model tokenizes every line) and
 *     nothing else; a script may be refused only when one of the planned arguments is one
 *     batch_arg_refusal refuses.
 * Seeds: the host names and values of every fixtures/x/netsh-http-show-sslcert.txt;
 * tests/fuzz/fuzz_script.dict adds cmd.exe's special characters. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline_model.h"
#include "dates.h"
#include "host_state.h"
#include "plan.h"

#include "fuzz_plan_scripts.h"

#define OLD "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"
#define NEW "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17"
#define SNI_SOCKET "shop.northwind-traders.example:443"
#define CTL_SOCKET "0.0.0.0:8443"
#define SCRIPT "C:\\Users\\admin\\R&D\\renew.cmd"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct host_state demo;
static struct binding *sni, *ctl;

static struct binding *find(const char *socket)
{
    for (size_t i = 0; i < demo.bindings.count; i++)
        if (!strcmp(demo.bindings.items[i].socket, socket))
            return &demo.bindings.items[i];
    fuzz_fail("no binding in the demo host", socket);
    return NULL;
}

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
    sni = find(SNI_SOCKET);
    ctl = find(CTL_SOCKET);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sni)
        load_demo();
    char *buf = malloc(size + 2);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = buf[size + 1] = 0;
    const char *v1 = buf, *v2 = NULL;
    size_t l1 = strlen(v1);
    if (l1 < size)
        v2 = buf + l1 + 1;
    char why[512];
    if (script_line_check(v1, l1, why, sizeof why) != 0)
        fuzz_fail("value 1 breaks a script line", why);
    if (v2 && script_line_check(v2, strlen(v2), why, sizeof why) != 0)
        fuzz_fail("value 2 breaks a script line", why);

    struct strbuf host, socket;
    sb_init(&host);
    sb_init(&socket);
    sb_printf(&host, "%s.northwind-traders.example", v1);
    sb_printf(&socket, "%s:443", host.data);
    const char *saved_host = sni->host, *saved_socket = sni->socket;
    const char *saved_ctl = ctl->fields[NF_SSLCTLIDENTIFIER].value;
    sni->host = host.data;
    sni->socket = socket.data;
    if (v2)
        ctl->fields[NF_SSLCTLIDENTIFIER].value = v2;
    struct plan_request r;
    memset(&r, 0, sizeof r);
    r.selection = SELECT_OLD_NEW;
    r.old_hash = OLD;
    r.new_hash = NEW;
    r.now = civil_to_time(2026, 11, 23, 12, 0, 0);
    r.update_available = -1;
    r.force = 1;
    struct plan p;
    plan_build(&demo.bindings, &demo.certs, &demo.sites, &r, &p);
    if (!p.blocked)
        fuzz_check_plan_scripts(&p, SCRIPT);
    plan_free(&p);
    sni->host = saved_host;
    sni->socket = saved_socket;
    ctl->fields[NF_SSLCTLIDENTIFIER].value = saved_ctl;
    sb_free(&host);
    sb_free(&socket);
    free(buf);
    return 0;
}
