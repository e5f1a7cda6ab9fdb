#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "codepages.h"
#include "strbuf.h"

#if defined(__SSE2__) && !defined(CERTREBIND_NO_SIMD)
#include <emmintrin.h>
#endif

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

size_t utf8_encode(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        cp = 0xFFFD;
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp > 0x10FFFF)
        cp = 0xFFFD;
    if (cp == 0xFFFD)
        return utf8_encode(cp, out);
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t utf8_decode(const unsigned char *p, size_t avail, unsigned *cp)
{
    unsigned char c = p[0];
    size_t len;
    unsigned v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
    } else {
        return 0;
    }
    if (avail < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if ((len == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)))
        return 0;
    *cp = v;
    return len;
}

int utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned cp;
    for (size_t i = 0, l; i < n; i += l)
        if (!(l = utf8_decode(p + i, n - i, &cp)))
            return 0;
    return 1;
}

/* Returns 1 when all bytes are ASCII, 2 when valid UTF-8 with multi-byte sequences, 0 otherwise. */
static int classify_8bit(const unsigned char *p, size_t n)
{
    int multibyte = 0;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            /* ASCII, nearly all of a listing: eight bytes at a time */
            uint64_t w;
            while (i + 8 <= n && (memcpy(&w, p + i, 8), (w & 0x8080808080808080ull) == 0))
                i += 8;
            while (i < n && p[i] < 0x80)
                i++;
            continue;
        }
        unsigned cp;
        size_t l = utf8_decode(p + i, n - i, &cp);
        if (!l)
            return 0;
        multibyte = 1;
        i += l;
    }
    return multibyte ? 2 : 1;
}

/* UTF-16LE without a BOM: mostly-ASCII text has a NUL in nearly every odd byte. */
static int looks_utf16le(const unsigned char *p, size_t n)
{
    size_t sample = n < 4096 ? n : 4096;
    sample &= ~(size_t)1;
    if (sample < 4)
        return 0;
    size_t odd_zero = 0, even_zero = 0;
    for (size_t i = 0; i < sample; i += 2) {
        if (p[i] == 0)
            even_zero++;
        if (p[i + 1] == 0)
            odd_zero++;
    }
    size_t pairs = sample / 2;
    return odd_zero * 10 >= pairs * 7 && even_zero * 10 <= pairs;
}

static void add_char(struct strbuf *out, struct text *t, unsigned cp)
{
    char tmp[4];
    if (cp == 0) {
        t->nul_bytes++;
        sb_add(out, REPLACEMENT, 3);
        return;
    }
    if (cp == 0xFFFD)
        t->invalid++;
    sb_add(out, tmp, utf8_encode(cp, tmp));
}

static void decode_utf16(struct strbuf *out, struct text *t, const unsigned char *p, size_t n, int big_endian)
{
    sb_reserve(out, n + n / 2);
    size_t i = 0;
    while (i + 1 < n) {
        unsigned u = big_endian ? (unsigned)(p[i] << 8 | p[i + 1]) : (unsigned)(p[i] | p[i + 1] << 8);
        i += 2;
        if (u < 0x80 && u != 0) {
            /* fast path for ASCII */
            out->data[out->len++] = (char)u;
            if (out->len + 4 >= out->cap)
                sb_reserve(out, 4096);
            continue;
        }
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
            unsigned lo = big_endian ? (unsigned)(p[i] << 8 | p[i + 1]) : (unsigned)(p[i] | p[i + 1] << 8);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                i += 2;
                add_char(out, t, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
                continue;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF)
            u = 0xFFFD;
        add_char(out, t, u);
    }
    if (i < n)
        add_char(out, t, 0xFFFD); /* odd trailing byte: output cut mid-character */
    out->data[out->len] = '\0';
}

static void decode_utf8(struct strbuf *out, struct text *t, const unsigned char *p, size_t n)
{
    sb_reserve(out, n);
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        while (i < n && p[i] < 0x80 && p[i] != 0)
            i++;
        sb_add(out, p + start, i - start);
        if (i >= n)
            break;
        if (p[i] == 0) {
            add_char(out, t, 0);
            i++;
            continue;
        }
        unsigned cp;
        size_t l = utf8_decode(p + i, n - i, &cp);
        if (l) {
            sb_add(out, p + i, l);
            i += l;
        } else {
            add_char(out, t, 0xFFFD);
            i++;
        }
    }
}

static void decode_codepage(struct strbuf *out, struct text *t, const unsigned char *p, size_t n,
                            const struct codepage *cp)
{
    sb_reserve(out, n);
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        while (i < n && p[i] < 0x80 && p[i] != 0)
            i++;
        sb_add(out, p + start, i - start);
        if (i >= n)
            break;
        add_char(out, t, p[i] == 0 ? 0 : cp->high[p[i] - 0x80]);
        i++;
    }
}

/* Line ends: LF, CRLF and the CRCRLF redirected console output sometimes has; text without a
 * single LF but with CRs (classic Mac, some copy-paste tools) ends its lines with CR alone.
 * Counts the lines, and picks the line end. */
static void set_line_count(struct text *t, size_t lf, size_t cr)
{
    t->eol = lf == 0 && cr > 0 ? '\r' : '\n';
    size_t ends = t->eol == '\n' ? lf : cr;
    t->n_lines = ends + (t->len > 0 && t->buf[t->len - 1] != t->eol);
}

static size_t count_byte(const char *p, size_t n, char c)
{
    size_t count = 0;
    for (const char *e = p + n; (p = memchr(p, c, (size_t)(e - p))) != NULL; p++)
        count++;
    return count;
}

static void count_lines(struct text *t)
{
    size_t lf = count_byte(t->buf, t->len, '\n');
    set_line_count(t, lf, lf ? 0 : count_byte(t->buf, t->len, '\r'));
}

/* Cuts the line that starts at *p (NUL at its end, CRs before an LF dropped) and moves *p past
 * it. */
static void cut_line(const struct text *t, char **p, struct text_line *line)
{
    char *end = t->buf + t->len;
    char *nl = memchr(*p, t->eol, (size_t)(end - *p));
    size_t len = (size_t)((nl ? nl : end) - *p);
    while (t->eol == '\n' && len > 0 && (*p)[len - 1] == '\r')
        len--;
    (*p)[len] = '\0';
    line->s = *p;
    line->len = len;
    *p = nl ? nl + 1 : end;
}

/* The line array of a text whose lines are counted. */
static void split_lines(struct text *t)
{
    t->lines = xmalloc_large((t->n_lines ? t->n_lines : 1) * sizeof *t->lines);
    char *p = t->buf;
    for (size_t i = 0; i < t->n_lines; i++)
        cut_line(t, &p, &t->lines[i]);
}

void text_cursor_init(struct text_cursor *c, const struct text *t)
{
    c->t = t;
    c->index = 0;
    c->p = t->buf;
}

int text_cursor_next(struct text_cursor *c, struct text_line *line)
{
    if (c->index >= c->t->n_lines)
        return 0;
    if (c->t->lines)
        *line = c->t->lines[c->index];
    else
        cut_line(c->t, &c->p, line);
    c->index++;
    return 1;
}

/* What one pass over raw bytes tells: whether they can be used as they are (no NUL, and ASCII or
 * valid UTF-8: kind as classify_8bit), and their line ends. A listing is bigger than the caches:
 * one pass instead of three (NULs, encoding, lines) is what reading it costs. */
struct byte_scan {
    int usable; /* no NUL and kind != 0; when 0, nothing else is set */
    int kind;
    size_t lf, cr;
};

#if defined(__SSE2__) && !defined(CERTREBIND_NO_SIMD)
/* The sum of the sixteen byte counters in acc. */
static size_t byte_sum(__m128i acc)
{
    __m128i s = _mm_sad_epu8(acc, _mm_setzero_si128()); /* two sums of eight, each < 2^16 */
    return (size_t)_mm_cvtsi128_si32(s) + (size_t)_mm_extract_epi16(s, 4);
}

/* Sixteen ASCII bytes at a time, counting line ends in byte counters (emptied before they
 * overflow); a non-ASCII sequence and the last bytes one at a time. */
static void scan_bytes(const unsigned char *p, size_t n, struct byte_scan *sc)
{
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), zero = _mm_setzero_si128();
    int multibyte = 0;
    size_t i = 0;
    memset(sc, 0, sizeof *sc);
    while (i < n) {
        __m128i lfs = zero, crs = zero, nuls = zero;
        for (unsigned rounds = 0; i + 16 <= n; i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
            if (_mm_movemask_epi8(v))
                break; /* a byte from 0x80 */
            lfs = _mm_sub_epi8(lfs, _mm_cmpeq_epi8(v, lf));
            crs = _mm_sub_epi8(crs, _mm_cmpeq_epi8(v, cr));
            nuls = _mm_or_si128(nuls, _mm_cmpeq_epi8(v, zero));
            if (++rounds == 255) {
                sc->lf += byte_sum(lfs);
                sc->cr += byte_sum(crs);
                lfs = crs = zero;
                rounds = 0;
            }
        }
        sc->lf += byte_sum(lfs);
        sc->cr += byte_sum(crs);
        if (_mm_movemask_epi8(nuls))
            return;
        if (i >= n)
            break;
        if (p[i] < 0x80) {
            if (p[i] == 0)
                return;
            sc->lf += p[i] == '\n';
            sc->cr += p[i] == '\r';
            i++;
            continue;
        }
        unsigned cp;
        size_t l = utf8_decode(p + i, n - i, &cp);
        if (!l)
            return;
        multibyte = 1;
        i += l;
    }
    sc->kind = multibyte ? 2 : 1;
    sc->usable = 1;
}
#else
static void scan_bytes(const unsigned char *p, size_t n, struct byte_scan *sc)
{
    memset(sc, 0, sizeof *sc);
    if (memchr(p, 0, n) || (sc->kind = classify_8bit(p, n)) == 0)
        return;
    sc->usable = 1;
    sc->lf = count_byte((const char *)p, n, '\n');
    sc->cr = sc->lf ? 0 : count_byte((const char *)p, n, '\r');
}
#endif

static int decode(struct text *t, const unsigned char *bytes, size_t n, int codepage, struct diags *d,
                  const char *source, int split);

static int decode_take(struct text *t, unsigned char **bytes, size_t n, int codepage, struct diags *d,
                       const char *source, int split)
{
    unsigned char *b = *bytes;
    int plain = !(n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) &&
                !(n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) && codepage != 1200 && codepage != 1201 &&
                !(codepage == 0 && looks_utf16le(b, n));
    struct byte_scan sc;
    if (plain)
        scan_bytes(b, n, &sc);
    if (plain && sc.usable && (sc.kind == 1 || codepage == 0 || codepage == 65001)) {
        /* already valid UTF-8: use the buffer as it is, no copy */
        memset(t, 0, sizeof *t);
        t->encoding = sc.kind == 1 ? ENC_ASCII : ENC_UTF8;
        t->buf = (char *)xrealloc(b, n + 1);
        t->buf[n] = '\0';
        t->len = n;
        *bytes = NULL;
        set_line_count(t, sc.lf, sc.cr);
        if (split)
            split_lines(t);
        return 0;
    }
    int rc = decode(t, b, n, codepage, d, source, split);
    free(b);
    *bytes = NULL;
    return rc;
}

static void unsupported_codepage(int codepage, struct diags *d, const char *source)
{
    struct strbuf list;
    sb_init(&list);
    for (size_t i = 0; i < codepage_count(); i++)
        sb_printf(&list, "%d, ", codepage_at(i)->number);
    diag_add(d, SEV_ERROR, 0, source,
             "code page %d is not supported; supported: %s65001 (UTF-8) and UTF-16 (record with PowerShell's "
             "redirection, or run 'chcp 65001' before recording)",
             codepage, list.data ? list.data : "");
    sb_free(&list);
}

int text_decode_take(struct text *t, unsigned char **bytes, size_t n, int codepage, struct diags *d,
                     const char *source)
{
    return decode_take(t, bytes, n, codepage, d, source, 1);
}

int text_decode_take_unsplit(struct text *t, unsigned char **bytes, size_t n, int codepage, struct diags *d,
                             const char *source)
{
    return decode_take(t, bytes, n, codepage, d, source, 0);
}

int text_decode(struct text *t, const unsigned char *bytes, size_t n, int codepage, struct diags *d,
                const char *source)
{
    return decode(t, bytes, n, codepage, d, source, 1);
}

static int decode(struct text *t, const unsigned char *bytes, size_t n, int codepage, struct diags *d,
                  const char *source, int split)
{
    memset(t, 0, sizeof *t);
    struct strbuf out;
    sb_init(&out);
    const struct codepage *cp = NULL;
    if (codepage != 0 && codepage != 65001 && codepage != 1200 && codepage != 1201) {
        cp = codepage_find(codepage);
        if (!cp) {
            unsupported_codepage(codepage, d, source);
            return -1;
        }
    }
    if (n >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) {
        t->encoding = ENC_UTF16LE;
        decode_utf16(&out, t, bytes + 2, n - 2, 0);
    } else if (n >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) {
        t->encoding = ENC_UTF16BE;
        decode_utf16(&out, t, bytes + 2, n - 2, 1);
    } else if (n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
        t->encoding = ENC_UTF8_BOM;
        decode_utf8(&out, t, bytes + 3, n - 3);
    } else if (codepage == 1200 || (codepage == 0 && looks_utf16le(bytes, n))) {
        t->encoding = ENC_UTF16LE;
        decode_utf16(&out, t, bytes, n, 0);
    } else if (codepage == 1201) {
        t->encoding = ENC_UTF16BE;
        decode_utf16(&out, t, bytes, n, 1);
    } else {
        int kind = classify_8bit(bytes, n);
        if (kind == 1) {
            t->encoding = ENC_ASCII;
            decode_utf8(&out, t, bytes, n); /* same bytes; NULs replaced */
        } else if (codepage == 65001 || (codepage == 0 && kind == 2)) {
            t->encoding = ENC_UTF8;
            decode_utf8(&out, t, bytes, n);
        } else {
            if (!cp)
                cp = codepage_find(437);
            t->encoding = ENC_CODEPAGE;
            t->codepage = cp->number;
            decode_codepage(&out, t, bytes, n, cp);
        }
    }
    if (!out.data)
        sb_add(&out, "", 0);
    t->buf = sb_detach(&out, &t->len);
    count_lines(t);
    if (split)
        split_lines(t);
    if (t->nul_bytes)
        diag_add(d, SEV_WARNING, 0, source, "input contains %zu NUL character(s); they were replaced by U+FFFD",
                 t->nul_bytes);
    if (t->invalid)
        diag_add(d, SEV_WARNING, 0, source, "input contains %zu undecodable sequence(s); they were replaced by U+FFFD",
                 t->invalid);
    return 0;
}

void text_free(struct text *t)
{
    free(t->buf);
    free(t->lines);
    memset(t, 0, sizeof *t);
}

const char *text_encoding_name(const struct text *t)
{
    switch (t->encoding) {
    case ENC_ASCII: return "ASCII";
    case ENC_UTF8: return "UTF-8";
    case ENC_UTF8_BOM: return "UTF-8 with BOM";
    case ENC_UTF16LE: return "UTF-16LE";
    case ENC_UTF16BE: return "UTF-16BE";
    case ENC_CODEPAGE: return "code page";
    }
    return "?";
}
