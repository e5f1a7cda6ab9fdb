/* Text printed to a terminal: escape sequences from tool output are shown, never obeyed. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
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

Suite *suite_printable(void)
{
    Suite *s = suite_create("printable");
    TCase *tc = tcase_create("terminal");
    tcase_add_test(tc, controls_are_shown_not_obeyed);
    tcase_add_test(tc, diagnostics_and_tables_escape_tool_output);
    tcase_add_test(tc, json_escapes_terminal_controls);
    suite_add_tcase(s, tc);
    return s;
}
