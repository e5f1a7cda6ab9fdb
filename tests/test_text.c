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

Suite *suite_text(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("lines");
    tcase_add_test(tc, test_cursor_cuts_the_lines_the_array_has);
    tcase_add_test(tc, test_unsplit_utf16_is_decoded_first);
    suite_add_tcase(s, tc);
    return s;
}
