/* Text lines: the line array and the cursor over an unsplit text cut the same lines, whatever
 * the line ends (LF, CRLF, CRCRLF, CR alone, none at the end, nothing at all). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static unsigned char *copy_of(const char *s, size_t n)
{
    unsigned char *b = malloc(n + 1);
    ck_assert_ptr_nonnull(b);
    memcpy(b, s, n);
    b[n] = 0;
    return b;
}

START_TEST(test_cursor_cuts_the_lines_the_array_has)
{
    static const struct {
        const char *bytes;
        size_t n_lines;
    } cases[] = {
        {"", 0},
        {"\r\n", 1},
        {"SSL Certificate bindings:\r\n-------------------------\r\n\r\n    IP:port : 0.0.0.0:443\r\n", 4},
        {"a\nb", 2},
        {"a\r\r\nb\r\r\n", 2},      /* CRCRLF from redirected console output */
        {"a\rb\rc", 3},             /* CR alone: no LF anywhere */
        {"a\r\nb\rc\n", 2},         /* LF present: a lone CR stays inside its line */
        {"\n\n\n", 3},
        {"caf\xc3\xa9 : 1\r\n", 1}, /* UTF-8 */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t n = strlen(cases[k].bytes);
        struct diags d;
        diags_init(&d);
        struct text split, unsplit;
        unsigned char *a = copy_of(cases[k].bytes, n), *b = copy_of(cases[k].bytes, n);
        ck_assert_int_eq(text_decode_take(&split, &a, n, 0, &d, "test"), 0);
        ck_assert_int_eq(text_decode_take_unsplit(&unsplit, &b, n, 0, &d, "test"), 0);
        ck_assert_ptr_null(unsplit.lines);
        ck_assert_uint_eq(split.n_lines, cases[k].n_lines);
        ck_assert_uint_eq(unsplit.n_lines, cases[k].n_lines);
        struct text_cursor c1, c2;
        text_cursor_init(&c1, &split);
        text_cursor_init(&c2, &unsplit);
        struct text_line l1, l2;
        size_t seen = 0;
        while (text_cursor_next(&c1, &l1)) {
            ck_assert_ptr_eq(l1.s, split.lines[seen].s);
            ck_assert_msg(text_cursor_next(&c2, &l2), "case %zu: the unsplit text ends early", k);
            ck_assert_uint_eq(l1.len, l2.len);
            ck_assert_uint_eq(strlen(l2.s), l2.len); /* cut at its end */
            ck_assert_msg(memcmp(l1.s, l2.s, l1.len) == 0, "case %zu line %zu: '%s' vs '%s'", k, seen, l1.s, l2.s);
            seen++;
        }
        ck_assert_uint_eq(seen, cases[k].n_lines);
        ck_assert_int_eq(text_cursor_next(&c2, &l2), 0);
        ck_assert_int_eq(text_cursor_next(&c2, &l2), 0); /* and stays at the end */
        text_free(&split);
        text_free(&unsplit);
        diags_free(&d);
    }
}
END_TEST

START_TEST(test_unsplit_utf16_is_decoded_first)
{
    /* PowerShell 5.1's `>`: UTF-16LE with a BOM; decoded into a new buffer, then cut */
    static const char utf16[] = "\xff\xfe" "a\0\r\0\n\0b\0";
    unsigned char *b = copy_of(utf16, sizeof utf16 - 1);
    struct diags d;
    diags_init(&d);
    struct text t;
    ck_assert_int_eq(text_decode_take_unsplit(&t, &b, sizeof utf16 - 1, 0, &d, "test"), 0);
    ck_assert_uint_eq(t.n_lines, 2);
    struct text_cursor c;
    text_cursor_init(&c, &t);
    struct text_line l;
    ck_assert(text_cursor_next(&c, &l));
    ck_assert_str_eq(l.s, "a");
    ck_assert(text_cursor_next(&c, &l));
    ck_assert_str_eq(l.s, "b");
    ck_assert(!text_cursor_next(&c, &l));
    text_free(&t);
    diags_free(&d);
}
END_TEST

/* Long input in every shape the one-pass scan of text_decode_take meets (line ends counted in
 * counters emptied every 255 blocks of 16, non-ASCII sequences across block edges, a NUL or an
 * invalid byte far in): its text must be the one text_decode (which copies, and counts lines
 * separately) makes of the same bytes. */
static size_t long_input(int shape, char *buf, size_t room)
{
    size_t n = 0;
    for (int line = 0; n + 200 < room; line++) {
        /* line lengths 0-60: ends land everywhere in a block; shape 7: blank lines only, 8 line
         * ends a block, more than a byte counter holds */
        int width = shape == 7 ? 0 : (line * 7) % 61;
        for (int c = 0; c < width; c++)
            buf[n++] = (char)('a' + (line + c) % 26);
        if (shape == 2 && line % 5 == 3) { /* UTF-8: é and a 4-byte emoji */
            memcpy(buf + n, "\xc3\xa9\xf0\x9f\x94\x92", 6);
            n += 6;
        }
        if (shape == 1) {
            buf[n++] = '\r';
        } else {
            if (shape == 3 && line % 9 == 0)
                buf[n++] = '\r'; /* CRCRLF now and then */
            buf[n++] = '\r';
            buf[n++] = '\n';
        }
    }
    if (shape == 4)
        buf[n * 3 / 4] = '\0';
    if (shape == 5)
        buf[n * 3 / 4 + 1] = (char)0xFF; /* not UTF-8: read as code page 437 */
    if (shape == 6)
        buf[n - 1] = 'z'; /* no line end after the last line */
    return n;
}

START_TEST(test_taken_text_is_the_decoded_text)
{
    static char buf[20000];
    for (int shape = 0; shape <= 7; shape++) {
        size_t n = long_input(shape, buf, sizeof buf);
        struct diags d;
        diags_init(&d);
        struct text taken, copied;
        unsigned char *b = copy_of(buf, n);
        ck_assert_int_eq(text_decode_take(&taken, &b, n, 0, &d, "test"), 0);
        ck_assert_int_eq(text_decode(&copied, (const unsigned char *)buf, n, 0, &d, "test"), 0);
        ck_assert_msg(taken.n_lines > 300, "shape %d: %zu lines", shape, taken.n_lines);
        ck_assert_uint_eq(taken.n_lines, copied.n_lines);
        ck_assert_int_eq(taken.eol, copied.eol);
        ck_assert_int_eq(taken.eol, shape == 1 ? '\r' : '\n');
        ck_assert_int_eq(taken.encoding, copied.encoding);
        ck_assert_int_eq(taken.encoding, shape == 2 ? ENC_UTF8 : shape == 5 ? ENC_CODEPAGE : ENC_ASCII);
        ck_assert_uint_eq(taken.nul_bytes, shape == 4);
        for (size_t i = 0; i < taken.n_lines; i++) {
            ck_assert_uint_eq(taken.lines[i].len, copied.lines[i].len);
            ck_assert_msg(memcmp(taken.lines[i].s, copied.lines[i].s, taken.lines[i].len) == 0, "shape %d line %zu",
                          shape, i);
        }
        text_free(&taken);
        text_free(&copied);
        diags_free(&d);
    }
}
END_TEST

Suite *suite_text(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("lines");
    tcase_add_test(tc, test_cursor_cuts_the_lines_the_array_has);
    tcase_add_test(tc, test_unsplit_utf16_is_decoded_first);
    tcase_add_test(tc, test_taken_text_is_the_decoded_text);
    suite_add_tcase(s, tc);
    return s;
}
