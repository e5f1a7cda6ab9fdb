/* What several commands do with the command line alike (the command layer: it knows struct options). */
#ifndef CERTREBIND_CMD_SHARED_H
#define CERTREBIND_CMD_SHARED_H

#include "cli.h"
#include "diag.h"
#include "host_state.h"
#include "plan.h"

/* The plan request a SELECTION on the command line describes (plan, apply); hs, when not NULL,
 * adds what was read from the host (whether netsh has `update sslcert`). Returns 0, or -1 with the
 * usage problem in d. */
int plan_request_from_options(const struct options *o, const struct host_state *hs, struct plan_request *req,
                              struct diags *d);

#endif
