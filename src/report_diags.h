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

#endif
