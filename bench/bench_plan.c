/* Times the planner alone: reading a recorded host vs. plan_build, for `make bench`.
 * usage: bench-plan DIR OLD NEW */
#include <stdio.h>
#include <string.h>

#include "host_state.h"
#include "platform.h"
#include "plan.h"
#include "timeutil.h"

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench-plan DIR OLD NEW\n");
        return 2;
    }
    struct options o;
    memset(&o, 0, sizeof o);
    o.from_dir = argv[1];
    o.out = stdout;
    o.err = stderr;
    o.timeout_ms = 60000;
    struct diags d;
    diags_init(&d);
    struct host_state hs;
    double t0 = monotonic_ms();
    if (host_state_read(&o, &hs, NULL, &d) != 0) {
        fprintf(stderr, "bench-plan: cannot read %s\n", argv[1]);
        return 1;
    }
    double t1 = monotonic_ms();
    struct plan_request r;
    memset(&r, 0, sizeof r);
    r.selection = SELECT_OLD_NEW;
    r.old_hash = argv[2];
    r.new_hash = argv[3];
    r.now = utc_from_civil(2026, 11, 23, 0, 0, 0);
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
    plan_free(&p);
    host_state_free(&hs);
    diags_free(&d);
    return 0;
}
