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
/* A value quoted in a message: at most DIAG_QUOTE_MAX characters (never half a UTF-8 sequence),
 * "..." when cut. Use as "'" DIAG_QUOTED "'" in the format with DIAG_QUOTE(s, len) as arguments. */
enum { DIAG_QUOTE_MAX = 200 };
#define DIAG_QUOTED "%.*s%s"
#define DIAG_QUOTE(s, len) diag_quote_len((s), (len)), (s), diag_quote_more((s), (len))
int diag_quote_len(const char *s, size_t len);
const char *diag_quote_more(const char *s, size_t len);

size_t diags_count(const struct diags *d, enum severity sev);
const char *severity_name(enum severity sev);

#endif
