/* Diagnostics are values: parsers and planner append, reports print. Nothing below main prints. */
#ifndef CERTREBIND_DIAG_H
#define CERTREBIND_DIAG_H

#include "compat.h"
#include <stddef.h>

enum severity { SEV_INFO, SEV_WARNING, SEV_ERROR };

struct diag {
    enum severity severity;
    int line;       /* 1-based source line, 0 when not tied to a line */
    char *source;   /* e.g. "netsh http show sslcert", may be NULL */
    char *message;
};

struct diags {
    struct diag *items;
    size_t count, cap;
    size_t max_per_kind; /* 0 = unlimited; caps repetitive messages on hostile input */
    size_t suppressed;
};

void diags_init(struct diags *d);
void diags_free(struct diags *d);
void diag_add(struct diags *d, enum severity sev, int line, const char *source, const char *fmt, ...)
    CERTREBIND_PRINTF(5, 6)
    ;
size_t diags_count(const struct diags *d, enum severity sev);
const char *severity_name(enum severity sev);

#endif
