/* The report of a change carried out (apply, restore) for programs: one JSON object for every
 * outcome, so a fleet tool (Ansible's from_json) reads what ran, whether it was rolled back and
 * verified, and where the backup is. */
#ifndef CERTREBIND_REPORT_CHANGE_H
#define CERTREBIND_REPORT_CHANGE_H

#include <stdio.h>

#include "apply.h"
#include "diag.h"
#include "plan.h"

struct change_report {
    const struct plan *plan;     /* NULL when none was made (a usage problem, an unreadable host) */
    const struct executor *ex;   /* what ran; NULL when nothing could run */
    int verified;                /* the read-back showed what it should */
    const char *backup;          /* the backup written (apply) or restored from (restore); may be NULL */
    int exit_status;
    const struct diags *d;       /* the run's errors and warnings, repeated from standard error */
};

/* {"plan": {...}|null, "ran": [...], "rollback": null|{"ran": [...], "complete": bool},
 *  "verified": bool, "backup": PATH|null, "exit": N, "errors": [...], "warnings": [...]} */
void report_change_json(FILE *out, const struct change_report *r);

/* The same object for a run refused before anything was read (a usage error): plan null, nothing ran. */
void report_change_refused_json(FILE *out, int exit_status, const char *message);

#endif
