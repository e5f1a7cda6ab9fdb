/* Properties the harnesses share: what certrebind prints of hostile input is inert on a terminal
 * and bounded (issue 10 section 4: diagnostics quote at most 200 characters of a value, with
 * control characters escaped; src/printable.h). */
#ifndef CERTREBIND_FUZZ_CHECK_H
#define CERTREBIND_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "report_diags.h"

/* Longest diagnostic line: a message quoting two values of 200 characters, each escaped
 * (\u202e is 6 bytes a character), with its source and room to spare. */
#define FUZZ_MAX_DIAG_LINE 4096

static inline void fuzz_fail(const char *what, const char *text)
{
    fprintf(stderr, "fuzz: %s in:\n%s\n", what, text);
    __builtin_trap();
}

/* Valid UTF-8 (no overlong forms, no surrogates), no C0 control but LF (and tab where allowed),
 * no DEL, no C1 control, no bidirectional override or isolate. */
static inline void fuzz_check_printable(const char *s, size_t len, int tab_ok, const char *what)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned c = *p;
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && !(tab_ok && c == '\t')) || c == 0x7f)
                fuzz_fail(what, s);
            p++;
            continue;
        }
        size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        unsigned cp = c & (n == 4 ? 0x07 : n == 3 ? 0x0f : 0x1f);
        if (c < 0xc2 || c > 0xf4 || (size_t)(end - p) < n)
            fuzz_fail(what, s);
        for (size_t i = 1; i < n; i++) {
            if ((p[i] & 0xc0) != 0x80)
                fuzz_fail(what, s);
            cp = cp << 6 | (p[i] & 0x3f);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff) ||
            (cp >= 0x80 && cp < 0xa0) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
            fuzz_fail(what, s);
        p += n;
    }
}

/* A hash as the model promises it: NULL, or 40 lowercase hex digits. */
static inline void fuzz_check_hash(const char *h, const char *what)
{
    if (!h)
        return;
    size_t n = strspn(h, "0123456789abcdef");
    if (n != 40 || h[40])
        fuzz_fail(what, h);
}

/* The diagnostics as the admin reads them on standard error: inert, one bounded line each. */
static inline void fuzz_check_diags(const struct diags *d)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f)
        return;
    print_diags(f, d);
    fclose(f);
    fuzz_check_printable(out, len, 1, "a terminal control or bad UTF-8 in the diagnostics");
    for (const char *line = out; line < out + len;) {
        const char *nl = memchr(line, '\n', (size_t)(out + len - line));
        size_t l = nl ? (size_t)(nl - line) : (size_t)(out + len - line);
        if (l > FUZZ_MAX_DIAG_LINE)
            fuzz_fail("a diagnostic line longer than " "4096" " bytes", out);
        line += l + 1;
    }
    free(out);
}

#endif
