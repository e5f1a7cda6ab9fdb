#include "diag.h"
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Hostile input (100,000 broken records) must not produce 100,000 messages. */
enum { DIAG_LIMIT = 200 };

void diags_init(struct diags *d)
{
    d->items = NULL;
    d->count = d->cap = 0;
    d->max_per_kind = DIAG_LIMIT;
    d->suppressed = 0;
}

void diags_free(struct diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].message);
        free(d->items[i].source);
    }
    free(d->items);
    d->items = NULL;
    d->count = d->cap = 0;
}

void diag_add(struct diags *d, enum severity sev, int line, const char *source, const char *fmt, ...)
{
    if (d->max_per_kind && sev != SEV_ERROR && diags_count(d, sev) >= d->max_per_kind) {
        d->suppressed++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *msg = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    d->items = grow_array(d->items, &d->cap, d->count + 1, sizeof *d->items);
    struct diag *g = &d->items[d->count++];
    g->severity = sev;
    g->line = line;
    g->source = source ? xstrdup(source) : NULL;
    g->message = msg;
}

/* Bytes of the first DIAG_QUOTE_MAX characters of s (UTF-8: a character starts at every byte
 * that is not a continuation byte). */
static size_t quote_cut(const char *s, size_t len)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == DIAG_QUOTE_MAX)
            return i;
    }
    return len;
}

int diag_quote_len(const char *s, size_t len) { return (int)quote_cut(s, len); }

const char *diag_quote_more(const char *s, size_t len) { return quote_cut(s, len) < len ? "..." : ""; }

size_t diags_count(const struct diags *d, enum severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == sev)
            n++;
    return n;
}

const char *severity_name(enum severity sev)
{
    switch (sev) {
    case SEV_INFO: return "info";
    case SEV_WARNING: return "warning";
    case SEV_ERROR: return "error";
    }
    return "?";
}
