#include "json.h"

#include <stdint.h>
#include <string.h>

#include "compat.h"

/* SSE2 (every x86-64) where present; CERTREBIND_NO_SIMD builds the portable words-of-eight code,
 * which CI's clang build tests */
#if defined(__SSE2__) && !defined(CERTREBIND_NO_SIMD)
#define JSON_SSE2 1
#include <emmintrin.h>
#endif

void json_flush(struct json *j)
{
    if (j->len)
        fwrite(j->buf, 1, j->len, j->out);
    j->len = 0;
}

/* Where n more bytes go (n fits the buffer): flushes first when they would not fit. */
static char *room(struct json *j, size_t n)
{
    if (j->len + n > sizeof j->buf)
        json_flush(j);
    return j->buf + j->len;
}

static void put(struct json *j, const char *s, size_t n)
{
    if (n > sizeof j->buf) {
        json_flush(j);
        fwrite(s, 1, n, j->out);
        return;
    }
    memcpy(room(j, n), s, n);
    j->len += n;
}

static void putc_(struct json *j, char c)
{
    *room(j, 1) = c;
    j->len++;
}

static void puts_(struct json *j, const char *s) { put(j, s, strlen(s)); }

void json_init(struct json *j, FILE *out, int pretty)
{
    j->out = out;
    j->depth = 0;
    j->pretty = pretty;
    j->after_key = 0;
    j->len = 0;
    memset(j->first, 0, sizeof j->first);
    j->out = out;
    j->pretty = pretty;
    j->first[0] = 1;
}

/* A line break and the indentation of depth 1 to 32 (deeper levels stay at 32). */
static const char newline_indent[1 + 64 + 1] = "\n                                                                ";

static size_t indent_len(const struct json *j)
{
    size_t n = 1 + 2 * (size_t)j->depth;
    return n < sizeof newline_indent - 1 ? n : sizeof newline_indent - 1;
}

static void indent(struct json *j)
{
    if (j->pretty)
        put(j, newline_indent, indent_len(j));
}

/* Separator and indentation before a value or key at the current depth. Runs before every
 * token: it copies the longest indentation whole (a fixed-size copy is a few moves) and keeps
 * only what is needed; the bytes after are overwritten by what follows. */
#define SEPARATOR_ROOM (1 + sizeof newline_indent)

/* Writes the separator and indentation at d (SEPARATOR_ROOM bytes there); returns where they
 * end. The state is not changed: see before_value. */
static char *write_separator(const struct json *j, char *d)
{
    d[0] = ',';
    d += !j->first[j->depth];
    memcpy(d, newline_indent, sizeof newline_indent);
    return d + (j->pretty && j->depth > 0 ? indent_len(j) : 0);
}

static void before_value(struct json *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    char *d = write_separator(j, room(j, SEPARATOR_ROOM));
    j->first[j->depth] = 0;
    j->len = (size_t)(d - j->buf);
}

static void open(struct json *j, char c)
{
    before_value(j);
    putc_(j, c);
    if (j->depth < (int)(sizeof j->first / sizeof j->first[0]) - 1)
        j->depth++;
    j->first[j->depth] = 1;
}

static void close_(struct json *j, char c)
{
    int empty = j->first[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (!empty)
        indent(j);
    putc_(j, c);
}

void json_begin_object(struct json *j) { open(j, '{'); }
void json_end_object(struct json *j) { close_(j, '}'); }
void json_begin_array(struct json *j) { open(j, '['); }
void json_end_array(struct json *j) { close_(j, ']'); }

/* 1 when a byte of w (eight bytes of a string) needs a look: below 0x20, '"', '\\', DEL, or 0xC2 /
 * 0xE2 (the lead bytes of the C1 controls and of the bidirectional controls, see below).
 * Exact as a yes/no answer (the classic "has a zero byte" / "has a byte below n" tricks). */
static inline int word_needs_escape(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\'), del = w ^ (ones * 0x7F);
    uint64_t c2 = w ^ (ones * 0xC2), e2 = w ^ (ones * 0xE2);
    uint64_t hit = ((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) |
                   ((del - ones) & ~del) | ((c2 - ones) & ~c2) | ((e2 - ones) & ~e2);
    return (hit & highs) != 0;
}

static inline int byte_needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\' || c == 0x7F; }

/* Writes the escape for c at d; returns the end. */
static char *escape_into(char *d, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    static const char simple[][2] = {{'\\', '"'}, {'\\', '\\'}, {'\\', 'n'}, {'\\', 'r'}, {'\\', 't'}};
    int k = c == '"' ? 0 : c == '\\' ? 1 : c == '\n' ? 2 : c == '\r' ? 3 : c == '\t' ? 4 : -1;
    if (k >= 0) {
        memcpy(d, simple[k], 2);
        return d + 2;
    }
    memcpy(d, "\\u00", 4); /* other control characters and DEL */
    d[4] = hex[c >> 4];
    d[5] = hex[c & 15];
    return d + 6;
}

/* Characters JSON may carry as they are but a terminal would obey (src/printable.h): the C1
 * controls U+0080-U+009F and the bidirectional overrides and isolates U+202A-U+202E and
 * U+2066-U+2069, which could reorder a hash or host name on screen. Returns the code point when
 * the UTF-8 sequence at s (len bytes left) is one, else 0. */
static unsigned terminal_control_at(const unsigned char *s, size_t len)
{
    if (len >= 2 && s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F)
        return s[1];
    if (len >= 3 && s[0] == 0xE2 && ((s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE) ||
                                     (s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)))
        return 0x2000u | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    return 0;
}

/* Writes \uXXXX for cp at d; returns the end. */
static char *u_escape_into(char *d, unsigned cp)
{
    static const char hex[] = "0123456789abcdef";
    d[0] = '\\';
    d[1] = 'u';
    d[2] = hex[cp >> 12 & 15];
    d[3] = hex[cp >> 8 & 15];
    d[4] = hex[cp >> 4 & 15];
    d[5] = hex[cp & 15];
    return d + 6;
}

/* Plain strings are written as they are: printable ASCII without '"' and '\\' (anything else
 * goes the careful way, write_escaped_slow). Runs on every string of a report. */
#if JSON_SSE2
/* sixteen bytes at a time; signed compare: bytes from 0x80 are negative, so below 0x20 too */
static inline int plain16(__m128i v)
{
    __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F))),
                               _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
    return _mm_movemask_epi8(bad) == 0;
}

static inline __m128i load16(const char *s) { return _mm_loadu_si128((const __m128i *)(const void *)s); }
static inline __m128i load8(const char *s) { return _mm_loadl_epi64((const __m128i *)(const void *)s); }

/* Copies s[0..len) to d when it is plain (written as it is): the same loads check and copy.
 * Returns 0, with d's bytes undefined, when it is not. */
static int copy_plain(char *d, const char *s, size_t len)
{
    if (len >= 16) {
        size_t i = 0;
        for (; i + 16 < len; i += 16) {
            __m128i v = load16(s + i);
            if (!plain16(v))
                return 0;
            _mm_storeu_si128((__m128i *)(void *)(d + i), v);
        }
        __m128i last = load16(s + len - 16); /* the last sixteen, overlapping */
        if (!plain16(last))
            return 0;
        _mm_storeu_si128((__m128i *)(void *)(d + len - 16), last);
        return 1;
    }
    if (len >= 8) { /* the first and the last eight, overlapping */
        __m128i head = load8(s), tail = load8(s + len - 8);
        if (!plain16(_mm_unpacklo_epi64(head, tail)))
            return 0;
        _mm_storel_epi64((__m128i *)(void *)d, head);
        _mm_storel_epi64((__m128i *)(void *)(d + len - 8), tail);
        return 1;
    }
    if (len >= 4) { /* the first and the last four: "enable", most keys */
        int32_t head, tail;
        memcpy(&head, s, 4);
        memcpy(&tail, s + len - 4, 4);
        if (!plain16(_mm_set_epi32(head, tail, head, tail))) /* all sixteen lanes real bytes */
            return 0;
        memcpy(d, &head, 4);
        memcpy(d + len - 4, &tail, 4);
        return 1;
    }
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)(s[i] - 0x20) >= 0x5F || s[i] == '"' || s[i] == '\\')
            return 0;
        d[i] = s[i];
    }
    return 1;
}
#else
static int plain_ascii(const char *s, size_t len)
{
    uint64_t w;
    size_t i = 0;
    if (len < 8) {
        for (; i < len; i++)
            if ((unsigned char)(s[i] - 0x20) >= 0x5F || s[i] == '"' || s[i] == '\\')
                return 0;
        return 1;
    }
    for (; i + 8 <= len; i += 8)
        if (memcpy(&w, s + i, 8), word_needs_escape(w) || (w & 0x8080808080808080ull))
            return 0;
    return i == len || (memcpy(&w, s + len - 8, 8), !word_needs_escape(w) && !(w & 0x8080808080808080ull));
}

static int copy_plain(char *d, const char *s, size_t len)
{
    if (!plain_ascii(s, len))
        return 0;
    memcpy(d, s, len);
    return 1;
}
#endif

/* Copies s into the buffer as a JSON string in one pass: eight bytes at a time while none needs an
 * escape (nearly always), byte by byte otherwise. A string too long for the buffer even when
 * every byte is escaped goes in pieces. */
CERTREBIND_COLD static void write_escaped_slow(struct json *out, const char *s, size_t len)
{
    const size_t piece = (sizeof out->buf - 2) / 6;
    putc_(out, '"');
    while (len > 0) {
        size_t n = len < piece ? len : piece;
        if (out->len + n * 6 > sizeof out->buf)
            json_flush(out);
        char *d = out->buf + out->len;
        size_t i = 0;
        int escaped = 0;
        while (i < n) {
            uint64_t w;
            if (i + 8 <= n && (memcpy(&w, s + i, 8), !word_needs_escape(w))) {
                memcpy(d, &w, 8);
                d += 8;
                i += 8;
                continue;
            }
            if (i + 8 > n && n >= 8 && !escaped && (memcpy(&w, s + n - 8, 8), !word_needs_escape(w))) {
                /* the last few bytes: the last eight again, overlapping what is already copied */
                memcpy(d - (i - (n - 8)), &w, 8);
                d += n - i;
                i = n;
                break;
            }
            size_t stop = i + 8 < n ? i + 8 : n;
            for (; i < stop; i++) {
                unsigned char c = (unsigned char)s[i];
                /* a terminal control may run past the piece: its 6-byte escape fits the room
                 * reserved for its first byte, and the next piece starts after it */
                unsigned cp = c == 0xC2 || c == 0xE2 ? terminal_control_at((const unsigned char *)s + i, len - i) : 0;
                if (cp)
                    d = u_escape_into(d, cp), escaped = 1, i += cp < 0x100 ? 1 : 2;
                else if (byte_needs_escape(c))
                    d = escape_into(d, c), escaped = 1;
                else
                    *d++ = (char)c;
            }
        }
        out->len = (size_t)(d - out->buf);
        s += i;
        len -= i;
    }
    putc_(out, '"');
}

static void write_escaped(struct json *out, const char *s, size_t len)
{
    if (len <= 256) { /* the common case (keys, hashes, flags): one copy between the quotes */
        char *d = room(out, len + 2);
        if (copy_plain(d + 1, s, len)) {
            d[0] = '"';
            d[len + 1] = '"';
            out->len += len + 2;
            return;
        }
    }
    write_escaped_slow(out, s, len);
}

void json_key(struct json *j, const char *key)
{
    before_value(j);
    write_escaped(j, key, strlen(key));
    char *d = room(j, 2);
    d[0] = ':';
    d[1] = ' ';
    j->len += 1 + (j->pretty != 0);
    j->after_key = 1;
}

void json_string_n(struct json *j, const char *s, size_t len)
{
    before_value(j);
    write_escaped(j, s, len);
}

void json_string(struct json *j, const char *s)
{
    if (!s) {
        json_null(j);
        return;
    }
    json_string_n(j, s, strlen(s));
}

void json_int(struct json *j, long long v)
{
    before_value(j);
    char num[24];
    char *e = num + sizeof num, *q = e;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do
        *--q = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        *--q = '-';
    put(j, q, (size_t)(e - q));
}

void json_bool(struct json *j, int v)
{
    before_value(j);
    puts_(j, v ? "true" : "false");
}

void json_null(struct json *j)
{
    before_value(j);
    puts_(j, "null");
}

void json_kv_string(struct json *j, const char *key, const char *s)
{
    /* The common pair, a short plain key and value, in one go: "key": "value" straight into the
     * buffer (a report of 100,000 bindings has three million); anything else token by token. */
    size_t kl = strlen(key), vl = s ? strlen(s) : 0;
    if (s && !j->after_key && kl <= 64 && vl <= 256) {
        char *d = room(j, SEPARATOR_ROOM + kl + vl + 6);
        char *e = write_separator(j, d);
        *e++ = '"';
        if (copy_plain(e, key, kl)) {
            e += kl;
            memcpy(e, "\": \"", 4);
            e += 3 + (j->pretty != 0);
            e[-1] = '"';
            if (copy_plain(e, s, vl)) {
                e[vl] = '"';
                j->first[j->depth] = 0;
                j->len = (size_t)(e + vl + 1 - j->buf);
                return;
            }
        }
    }
    json_key(j, key);
    if (!s) {
        json_null(j);
        return;
    }
    j->after_key = 0; /* what before_value would do: the value follows the key directly */
    write_escaped(j, s, vl);
}

void json_kv_int(struct json *j, const char *key, long long v)
{
    json_key(j, key);
    json_int(j, v);
}

void json_kv_bool(struct json *j, const char *key, int v)
{
    json_key(j, key);
    json_bool(j, v);
}

void json_kv_null(struct json *j, const char *key)
{
    json_key(j, key);
    json_null(j);
}

void json_finish(struct json *j)
{
    putc_(j, '\n');
    json_flush(j);
}

void json_string_list(struct json *j, const char *const *items)
{
    json_begin_array(j);
    for (size_t i = 0; items && items[i]; i++)
        json_string(j, items[i]);
    json_end_array(j);
}
