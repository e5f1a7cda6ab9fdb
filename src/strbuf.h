/* Growable byte buffer for building output and decoded text. */
#ifndef CERTREBIND_STRBUF_H
#define CERTREBIND_STRBUF_H

#include "compat.h"
#include <stddef.h>

struct strbuf {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len, cap;
};

void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_reserve(struct strbuf *sb, size_t extra);
void sb_add(struct strbuf *sb, const void *data, size_t len);
void sb_addc(struct strbuf *sb, char c);
void sb_adds(struct strbuf *sb, const char *s);
void sb_printf(struct strbuf *sb, const char *fmt, ...)
    CERTREBIND_PRINTF(2, 3)
    ;
/* Takes ownership of the buffer away from sb. */
char *sb_detach(struct strbuf *sb, size_t *len);

#endif
