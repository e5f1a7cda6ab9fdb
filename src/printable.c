#include "printable.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "strbuf.h"
#include "text.h"

static int obeyed_by_terminals(unsigned cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void fput_printable_n(const char *s, size_t len, FILE *f)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, plain = 0; /* p[plain..i) is written as it is, in one go */
    while (i < len) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x7F) {
            i++;
            continue;
        }
        if (c == '\n' || c == '\t') {
            i++;
            continue;
        }
        unsigned cp = 0;
        size_t n = c >= 0x80 ? utf8_decode(p + i, len - i, &cp) : 0;
        if (n && !obeyed_by_terminals(cp)) {
            i += n;
            continue;
        }
        fwrite(p + plain, 1, i - plain, f);
        if (n)
            fprintf(f, "\\u%04x", cp);
        else
            fprintf(f, "\\x%02x", c);
        i += n ? n : 1;
        plain = i;
    }
    fwrite(p + plain, 1, i - plain, f);
}

void fput_printable(const char *s, FILE *f)
{
    size_t n = 0;
    while (s[n])
        n++;
    fput_printable_n(s, n, f);
}

int fprintf_printable(FILE *f, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof small) {
        fput_printable_n(small, (size_t)n, f);
        return n;
    }
    char *big = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    fput_printable_n(big, (size_t)n, f);
    free(big);
    return n;
}

char *printable_one_line(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    struct strbuf sb;
    sb_init(&sb);
    size_t len = strlen(s), i = 0;
    while (i < len) {
        unsigned char c = p[i];
        unsigned cp = 0;
        size_t n = c >= 0x80 ? utf8_decode(p + i, len - i, &cp) : 0;
        if (c >= 0x20 && c < 0x7F) {
            sb_addc(&sb, (char)c);
            i++;
        } else if (n && !obeyed_by_terminals(cp)) {
            sb_add(&sb, p + i, n);
            i += n;
        } else if (n) {
            sb_printf(&sb, "\\u%04x", cp);
            i += n;
        } else {
            sb_printf(&sb, "\\x%02x", c);
            i++;
        }
    }
    return sb_detach(&sb, NULL);
}
