/* Bytes as a Windows tool printed them -> UTF-8 lines (BOM, UTF-16LE/BE, code pages, CRLF). */
#ifndef CERTREBIND_TEXT_H
#define CERTREBIND_TEXT_H

#include <stddef.h>

#include "diag.h"

enum text_encoding { ENC_ASCII, ENC_UTF8, ENC_UTF8_BOM, ENC_UTF16LE, ENC_UTF16BE, ENC_CODEPAGE };

struct text_line {
    char *s;    /* NUL-terminated, no CR/LF, inside text.buf */
    size_t len;
};

struct text {
    char *buf; /* owned UTF-8 text; line ends replaced by NULs */
    size_t len;
    struct text_line *lines; /* lines[i] is source line i + 1; NULL when not split (see below) */
    size_t n_lines;
    char eol;        /* the line end: '\n' (CRs before it dropped), or '\r' in text without any LF */
    enum text_encoding encoding;
    int codepage;    /* the code page used when encoding == ENC_CODEPAGE */
    size_t nul_bytes; /* NUL characters found (replaced by U+FFFD) */
    size_t invalid;  /* undecodable sequences (replaced by U+FFFD) */
};

/* codepage: 0 = default (valid UTF-8 is read as UTF-8, anything else as CP437);
 * 65001 = UTF-8; otherwise an OEM/ANSI single-byte code page number.
 * Returns 0, or -1 with an error in d (unsupported code page). Never fails on content:
 * undecodable bytes become U+FFFD and are counted. */
int text_decode(struct text *t, const unsigned char *bytes, size_t n, int codepage, struct diags *d,
                const char *source);
/* The same, taking ownership of *bytes (a malloc'd buffer; set to NULL): input that is already
 * valid UTF-8 without NULs is used in place, so a huge listing is not copied. */
int text_decode_take(struct text *t, unsigned char **bytes, size_t n, int codepage, struct diags *d,
                     const char *source);
/* text_decode_take without the line array: the lines are cut as a text_cursor reads them (the
 * array costs 16 bytes a line: 40 MB for a listing of 100,000 bindings). n_lines is set. */
int text_decode_take_unsplit(struct text *t, unsigned char **bytes, size_t n, int codepage, struct diags *d,
                             const char *source);
void text_free(struct text *t);

/* Reads the lines of a text one after the other, split or not; each once, in order. */
struct text_cursor {
    const struct text *t;
    size_t index; /* of the next line */
    char *p;      /* where it starts, in an unsplit text */
};

void text_cursor_init(struct text_cursor *c, const struct text *t);
/* The next line (NUL-terminated, inside t->buf); 0 after the last one. */
int text_cursor_next(struct text_cursor *c, struct text_line *line);
const char *text_encoding_name(const struct text *t);

/* Appends the UTF-8 encoding of code point cp to out (which must have 4 bytes of room). */
size_t utf8_encode(unsigned cp, char *out);
/* Length (1-4) of the valid UTF-8 sequence at p, within avail bytes, with its code point in *cp;
 * 0 when it is invalid, overlong, a surrogate or cut short. The one UTF-8 decoder. */
size_t utf8_decode(const unsigned char *p, size_t avail, unsigned *cp);
/* 1 when the n bytes at s are valid UTF-8 (no overlong forms, no surrogates). */
int utf8_valid(const char *s, size_t n);

#endif
