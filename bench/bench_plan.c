/* Times the planner alone and the verification after an apply, for `make bench`:
 * reading a recorded host, plan_build, and then (given the listing `show sslcert` prints after
 * the change) reading it and verify_plan_result. Given BACKUP-OUT too, writes there the backup
 * apply would take before the change (for the restore benchmark).
 * usage: bench-plan DIR OLD NEW [AFTER-LISTING [BACKUP-OUT]] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backup.h"
#include "host_state.h"
#include "netsh.h"
#include "platform.h"
#include "plan.h"
#include "dates.h"
#include "verify.h"

static double cpu_ms(void) { return (double)clock() * 1000.0 / CLOCKS_PER_SEC; }

/* Reads the listing after the change and verifies the plan against it: CPU milliseconds, or -1
 * (CPU time: the machine running the benchmark may be busy with other work). */
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
    double t0 = cpu_ms();
    int ok = netsh_parse_sslcert_bytes(bytes, len, 0, &now, &d) == 0 && verify_plan_result(before, p, &now, &d) == 0;
    double t1 = cpu_ms();
    if (!ok)
        fprintf(stderr, "bench-plan: the verification failed (%zu error(s), first: %s)\n", d.count,
                d.count ? d.items[0].message : "-");
    binding_list_free(&now);
    diags_free(&d);
    free(bytes);
    return ok ? t1 - t0 : -1;
}

/* The backup apply writes before it changes anything. */
static int write_backup(const char *path, const struct host_state *hs, const struct plan *p)
{
    struct diags d;
    diags_init(&d);
    size_t len = 0;
    char *bytes = backup_format(hs->netsh_raw, hs->netsh_raw_len, hs->bindings.count, p, "2026-11-23T00.00.00Z", &len,
                                &d);
    FILE *f = bytes ? fopen(path, "wb") : NULL;
    int ok = f && fwrite(bytes, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok)
        fprintf(stderr, "bench-plan: cannot write the backup %s%s%s\n", path, d.count ? ": " : "",
                d.count ? d.items[0].message : "");
    free(bytes);
    diags_free(&d);
    return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 6) {
        fprintf(stderr, "usage: bench-plan DIR OLD NEW [AFTER-LISTING [BACKUP-OUT]]\n");
        return 2;
    }
    struct host_spec h;
    memset(&h, 0, sizeof h);
    h.source.from_dir = argv[1];
    h.source.timeout_ms = 60000;
    h.keep_output = 1; /* the backup written below holds it, as apply's does */
    struct diags d;
    diags_init(&d);
    struct host_state hs;
    double t0 = cpu_ms();
    if (host_state_read(&h, &hs, NULL, &d) != 0) {
        fprintf(stderr, "bench-plan: cannot read %s\n", argv[1]);
        return 1;
    }
    double t1 = cpu_ms();
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
        double a = cpu_ms();
        plan_build(&hs.bindings, &hs.certs, NULL, &r, &p);
        double b = cpu_ms();
        if (b - a < best)
            best = b - a;
        if (i < 4)
            plan_free(&p);
    }
    size_t certs = 0;
    for (size_t i = 0; i < hs.store_count; i++)
        certs += hs.stores[i].count;
    printf("plan_build: %zu bindings x %zu certificates -> %zu steps in %.1f ms CPU (reading the host: %.0f ms)\n",
           hs.bindings.count, certs, p.step_count, best, t1 - t0);
    int rc = 0;
    if (argc == 6 && write_backup(argv[5], &hs, &p) != 0)
        rc = 1;
    if (argc >= 5) {
        double v = time_verification(argv[4], &hs.bindings, &p);
        if (v < 0)
            rc = 1;
        else
            printf("verification after apply: reading %zu bindings back and comparing: %.0f ms CPU (%.2fx reading "
                   "the host and planning)\n",
                   hs.bindings.count, v, v / (t1 - t0 + best));
    }
    plan_free(&p);
    host_state_free(&hs);
    diags_free(&d);
    return rc;
}
