/* certrebind plan: compute and show the change, changing nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report_diags.h"
#include "cmd_shared.h"
#include "plan_output.h"
#include "host_state.h"
#include "output.h"
#include "platform.h"
#include "report_plan.h"
#include "dates.h"

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
    rc = plan_output(o, &p, &d);
    print_diags(o->err, &d);
    plan_free(&p);
    host_state_free(&hs);
    diags_free(&d);
    return rc;
}
