/* Diagnostics as the admin reads them: on standard error, or as the "warnings" of a JSON report. */
#ifndef CERTREBIND_REPORT_DIAGS_H
#define CERTREBIND_REPORT_DIAGS_H

#include <stdio.h>

#include "diag.h"
#include "json.h"

/* Prints diagnostics to err as "certrebind: <source>, line <n>: <severity>: <message>". */
void print_diags(FILE *err, const struct diags *d);
/* "warnings": [{"severity", "line", "message"}...], every diagnostic but the informational ones
 * (d may be NULL: an empty list). */
void json_diag_warnings(struct json *j, const struct diags *d);

/* For a command asked for JSON that failed before it had anything to report (a usage error, a host
 * that cannot be read): {"exit": N, "errors": [message...]}, so standard output still holds one
 * JSON document. The messages are on standard error too. */
void report_error_json(FILE *out, int exit_status, const struct diags *d);

#endif
