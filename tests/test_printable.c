/* Text printed to a terminal: escape sequences from tool output are shown, never obeyed. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "json.h"
#include "netsh.h"
#include "printable.h"
#include "report_bindings.h"
#include "report_diags.h"
#include "testutil.h"

/* What fn printed, through a real file (tmpfile() needs a writable C:\ on Windows), malloc'd. */
static char *captured(void (*fn)(FILE *, const void *), const void *arg)
{
    char *dir = make_temp_dir();
    char path[4096];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fn(f, arg);
    fclose(f);
    size_t n;
    char *s = (char *)file_read_all(path, &n);
    ck_assert_ptr_nonnull(s);
    rm_rf(dir);
    free(dir);
    return s;
}

static void put_string(FILE *f, const void *s) { fput_printable(s, f); }

static int has_raw_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
            return 1;
    return strstr(s, "\xc2\x9b") || strstr(s, "\xe2\x80\xae");
}

START_TEST(controls_are_shown_not_obeyed)
{
    char *s = captured(put_string, "a\x1b]0;pwned\x07 b\rc\x7f d\xc2\x9b" "2J e\xe2\x80\xae" "f g\xff h\tb\xc3\xbc" "cher\n");
    ck_assert_str_eq(s, "a\\x1b]0;pwned\\x07 b\\x0dc\\x7f d\\u009b2J e\\u202ef g\\xff h\tb\xc3\xbc" "cher\n");
    free(s);
}
END_TEST

static void print_them(FILE *f, const void *d) { print_diags(f, d); }
static void print_table(FILE *f, const void *l) { report_bindings_text(f, l); }

START_TEST(diagnostics_and_tables_escape_tool_output)
{
    /* an unknown field whose label and value carry escape sequences: reported and listed, inert */
    const char *listing = "SSL Certificate bindings:\r\n-------------------------\r\n\r\n"
                          "    IP:port                      : 0.0.0.0:443\r\n"
                          "    Certificate Hash             : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\r\n"
                          "    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n"
                          "    \x1b[2J\x1b]0;owned\x07 Field        : \x1b[8mhidden\r\n\r\n";
    struct binding_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(netsh_parse_sslcert_bytes((const unsigned char *)listing, strlen(listing), 0, &l, &d), 0);
    char *msgs = captured(print_them, &d);
    ck_assert_ptr_nonnull(strstr(msgs, "\\x1b[2J\\x1b]0;owned\\x07 Field"));
    ck_assert(!has_raw_control(msgs));
    char *table = captured(print_table, &l);
    ck_assert_ptr_nonnull(strstr(table, "\\x1b[8mhidden"));
    ck_assert(!has_raw_control(table));
    free(table);
    free(msgs);
    binding_list_free(&l);
    diags_free(&d);
}
END_TEST

struct json_args {
    const struct binding_list *l;
    const struct diags *d;
};
static void print_json(FILE *f, const void *a)
{
    const struct json_args *j = a;
    report_bindings_json(f, j->l, j->d);
}

/* JSON may carry C1 and bidirectional controls raw, but a terminal showing it would obey them
 * (found by tests/fuzz/fuzz_netsh.c): they are \u escapes, which every JSON reader decodes to the
 * same string. */
START_TEST(json_escapes_terminal_controls)
{
    const char *listing = "SSL Certificate bindings:\r\n-------------------------\r\n\r\n"
                          "    IP:port                      : 0.0.0.0:443\r\n"
                          "    Certificate Hash             : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\r\n"
                          "    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n"
                          "    Odd Field                    : a\x1b[8mb\xc2\x9b" "2Jc\xe2\x80\xae" "d\xe2\x81\xa8" "e\xc2\xa0" "f\xe2\x80\x99" "g\r\n\r\n";
    struct binding_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(netsh_parse_sslcert_bytes((const unsigned char *)listing, strlen(listing), 0, &l, &d), 0);
    struct json_args a = {&l, &d};
    char *json = captured(print_json, &a);
    /* no-break space and the right single quote are ordinary characters and stay as they are */
    ck_assert_msg(strstr(json, "\"a\\u001b[8mb\\u009b2Jc\\u202ed\\u2068e\xc2\xa0" "f\xe2\x80\x99" "g\"") != NULL, "%s", json);
    ck_assert(!has_raw_control(json) && !strstr(json, "\xe2\x81\xa8"));
    free(json);
    binding_list_free(&l);
    diags_free(&d);
}
END_TEST

/* The JSON writer copies plain strings whole and looks at the others byte by byte; both ways
 * must give what a plain byte-by-byte escaper gives, for every length around the copy widths
 * (4, 8 and 16 bytes) and every position of the byte that needs a look. */
static const char *const awkward[] = {"\x01", "\"", "\\", "\x7f", "\n", "\t", "\xc2\x9b", "\xe2\x80\xae", "\xe2\x81\xa8",
                                      "\xc3\xa9", "\xe2\x80\x99", "\xc2\xa0"};
#define AWKWARD_COUNT (sizeof awkward / sizeof awkward[0])
#define LONGEST_PLAIN 40

static char *reference_escape(const unsigned char *s, size_t n, char *o)
{
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if (c == '"' || c == '\\')
            o += sprintf(o, "\\%c", (char)c);
        else if (c == '\n' || c == '\r' || c == '\t')
            o += sprintf(o, "\\%c", c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
        else if (c < 0x20 || c == 0x7F)
            o += sprintf(o, "\\u%04x", c);
        else if (c == 0xC2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
            o += sprintf(o, "\\u%04x", s[++i]);
        else if (c == 0xE2 && i + 2 < n &&
                 ((s[i + 1] == 0x80 && s[i + 2] >= 0xAA && s[i + 2] <= 0xAE) ||
                  (s[i + 1] == 0x81 && s[i + 2] >= 0xA6 && s[i + 2] <= 0xA9))) {
            o += sprintf(o, "\\u%04x", 0x2000u | (unsigned)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F));
            i += 2;
        } else
            *o++ = (char)c;
    }
    *o++ = '"';
    return o;
}

/* Every test string: LEN plain bytes with an awkward sequence at POS (none when a == AWKWARD_COUNT). */
static size_t awkward_string(size_t len, size_t pos, size_t a, char *out)
{
    memset(out, 'x', len);
    if (a == AWKWARD_COUNT)
        return len;
    size_t k = strlen(awkward[a]);
    memmove(out + pos + k, out + pos, len - pos);
    memcpy(out + pos, awkward[a], k);
    return len + k;
}

/* The awkward strings as the items of an array, or as keys and values of one object ("key":
 * "value" pairs have a path of their own). */
enum awkward_form { AS_ITEMS, AS_PAIRS };

static void print_awkward(FILE *f, const void *form_arg)
{
    enum awkward_form form = *(const enum awkward_form *)form_arg;
    struct json j;
    char s[LONGEST_PLAIN + 8];
    json_init(&j, f, 0);
    form == AS_ITEMS ? json_begin_array(&j) : json_begin_object(&j);
    for (size_t len = 0; len <= LONGEST_PLAIN; len++)
        for (size_t pos = 0; pos <= len; pos++)
            for (size_t a = 0; a <= AWKWARD_COUNT; a++) {
                size_t n = awkward_string(len, pos, a, s);
                s[n] = '\0';
                if (form == AS_ITEMS)
                    json_string_n(&j, s, n);
                else
                    json_kv_string(&j, s, s);
            }
    form == AS_ITEMS ? json_end_array(&j) : json_end_object(&j);
    json_finish(&j);
}

/* What print_awkward must print, by reference_escape. */
static void check_awkward(enum awkward_form form)
{
    size_t room = 128 * (LONGEST_PLAIN + 2) * (LONGEST_PLAIN + 1) * (AWKWARD_COUNT + 1);
    char *expected = malloc(room), *o = expected, s[LONGEST_PLAIN + 8];
    ck_assert_ptr_nonnull(expected);
    *o++ = form == AS_ITEMS ? '[' : '{';
    for (size_t len = 0; len <= LONGEST_PLAIN; len++)
        for (size_t pos = 0; pos <= len; pos++)
            for (size_t a = 0; a <= AWKWARD_COUNT; a++) {
                if (o != expected + 1)
                    *o++ = ',';
                size_t n = awkward_string(len, pos, a, s);
                o = reference_escape((const unsigned char *)s, n, o);
                if (form == AS_PAIRS) {
                    *o++ = ':';
                    o = reference_escape((const unsigned char *)s, n, o);
                }
            }
    strcpy(o, form == AS_ITEMS ? "]\n" : "}\n");
    char *json = captured(print_awkward, &form);
    ck_assert_uint_eq(strlen(json), strlen(expected));
    ck_assert(strcmp(json, expected) == 0);
    free(json);
    free(expected);
}

START_TEST(json_strings_are_escaped_as_byte_by_byte) { check_awkward(AS_ITEMS); }
END_TEST

START_TEST(json_pairs_are_escaped_as_byte_by_byte) { check_awkward(AS_PAIRS); }
END_TEST

Suite *suite_printable(void)
{
    Suite *s = suite_create("printable");
    TCase *tc = tcase_create("terminal");
    tcase_add_test(tc, controls_are_shown_not_obeyed);
    tcase_add_test(tc, diagnostics_and_tables_escape_tool_output);
    tcase_add_test(tc, json_escapes_terminal_controls);
    tcase_add_test(tc, json_strings_are_escaped_as_byte_by_byte);
    tcase_add_test(tc, json_pairs_are_escaped_as_byte_by_byte);
    suite_add_tcase(s, tc);
    return s;
}
