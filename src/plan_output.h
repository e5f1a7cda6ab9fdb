/* A plan as the command line asked for it: text, JSON or the .cmd script (with --rollback, the
 * script that undoes it). Shared by plan, bind and unbind (the command layer). */
#ifndef CERTREBIND_PLAN_OUTPUT_H
#define CERTREBIND_PLAN_OUTPUT_H

#include "cli.h"
#include "diag.h"
#include "plan.h"

/* Writes p in o->format to o->out. Returns the plan's exit status, or EXIT_FAIL when no script
 * could be written (errors in d). */
int plan_output(const struct options *o, const struct plan *p, struct diags *d);

#endif
