#include "strbuf.h"
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(struct strbuf *sb)
{
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

void sb_free(struct strbuf *sb)
{
    free(sb->data);
    sb_init(sb);
}

void sb_reserve(struct strbuf *sb, size_t extra)
{
    if (extra > SIZE_MAX - sb->len - 1) {
        fprintf(stderr, "certrebind: buffer too large\n");
        abort();
    }
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    sb->data = xrealloc(sb->data, cap);
    sb->cap = cap;
}

void sb_add(struct strbuf *sb, const void *data, size_t len)
{
    sb_reserve(sb, len);
    if (len)
        memcpy(sb->data + sb->len, data, len);
    sb->len += len;
    sb->data[sb->len] = '\0';
}

void sb_addc(struct strbuf *sb, char c) { sb_add(sb, &c, 1); }

void sb_adds(struct strbuf *sb, const char *s) { sb_add(sb, s, strlen(s)); }

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    sb_reserve(sb, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

char *sb_detach(struct strbuf *sb, size_t *len)
{
    if (!sb->data)
        sb_add(sb, "", 0);
    char *p = sb->data;
    if (len)
        *len = sb->len;
    sb_init(sb);
    return p;
}
