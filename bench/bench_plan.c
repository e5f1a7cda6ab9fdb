/* Times the planner alone and the verification after an apply, for `make bench`:
 * reading a recorded host, plan_build, and then (given the listing `show sslcert` prints after
 * the change) reading it and verify_plan_result.
 * usage: bench-plan DIR OLD NEW [AFTER-LISTING] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_state.h"
#include "netsh.h"
#include "platform.h"
#include "plan.h"
#include "dates.h"
#include "verify.h"

/* Reads the listing after the change and verifies the plan against it: milliseconds, or -1. */
static double time_verification(const char *path, const struct binding_list *before, const struct plan *p)
{
    unsigned char *bytes;
    size_t len;
    char *err = NULL;
    if (read_file_bytes(path, &bytes, &len, &err) != 0) {
        fprintf(stderr, "bench-plan: %s\n", err);
        free(err);
        return -1;
    }
    struct diags d;
    diags_init(&d);
    struct binding_list now;
    double t0 = monotonic_ms();
    int ok = netsh_parse_sslcert_bytes(bytes, len, 0, &now, &d) == 0 && verify_plan_result(before, p, &now, &d) == 0;
    double t1 = monotonic_ms();
    if (!ok)
        fprintf(stderr, "bench-plan: the verification failed (%zu error(s), first: %s)\n", d.count,
                d.count ? d.items[0].message : "-");
    binding_list_free(&now);
    diags_free(&d);
    free(bytes);
    return ok ? t1 - t0 : -1;
}

int main(int argc, char **argv)
{
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: bench-plan DIR OLD NEW [AFTER-LISTING]\n");
        return 2;
    }
    struct host_spec h;
    memset(&h, 0, sizeof h);
    h.source.from_dir = argv[1];
    h.source.timeout_ms = 60000;
    struct diags d;
    diags_init(&d);
    struct host_state hs;
    double t0 = monotonic_ms();
    if (host_state_read(&h, &hs, NULL, &d) != 0) {
        fprintf(stderr, "bench-plan: cannot read %s\n", argv[1]);
        return 1;
    }
    double t1 = monotonic_ms();
    struct plan_request r;
    memset(&r, 0, sizeof r);
    r.selection = SELECT_OLD_NEW;
    r.old_hash = argv[2];
    r.new_hash = argv[3];
    r.now = civil_to_time(2026, 11, 23, 0, 0, 0);
    r.update_available = -1;
    struct plan p;
    double best = 1e30;
    for (int i = 0; i < 5; i++) {
        double a = monotonic_ms();
        plan_build(&hs.bindings, &hs.certs, NULL, &r, &p);
        double b = monotonic_ms();
        if (b - a < best)
            best = b - a;
        if (i < 4)
            plan_free(&p);
    }
    size_t certs = 0;
    for (size_t i = 0; i < hs.store_count; i++)
        certs += hs.stores[i].count;
    printf("plan_build: %zu bindings x %zu certificates -> %zu steps in %.1f ms (reading the host: %.0f ms)\n",
           hs.bindings.count, certs, p.step_count, best, t1 - t0);
    int rc = 0;
    if (argc == 5) {
        double v = time_verification(argv[4], &hs.bindings, &p);
        if (v < 0)
            rc = 1;
        else
            printf("verification after apply: reading %zu bindings back and comparing: %.0f ms (%.2fx reading the "
                   "host and planning)\n",
                   hs.bindings.count, v, v / (t1 - t0 + best));
    }
    plan_free(&p);
    host_state_free(&hs);
    diags_free(&d);
    return rc;
}
