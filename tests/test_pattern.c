/* The pattern module: lazy sets, match data sized from the patterns, one free for every parser. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef _WIN32
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include "certutil.h"
#include "netsh.h"
#include "pattern.h"
#include "testutil.h"

static const char *const sources[] = {"^a$", "^(b)(c)(d)(e)$", "^(x)$"};
static struct pattern_set set = {.owner = "test", .sources = sources, .count = 3, .match_limit = 1000};

START_TEST(set_compiles_once_and_match_data_fits_every_pattern)
{
    pcre2_code *const *re = pattern_set_get(&set);
    ck_assert_ptr_eq(re, pattern_set_get(&set));
    pcre2_match_data *md = pattern_set_match_data(&set);
    ck_assert_uint_ge(pcre2_get_ovector_count(md), 5);
    ck_assert_int_eq(pcre2_match(re[1], (PCRE2_SPTR) "bcde", 4, 0, 0, md, pattern_set_context(&set)), 5);
    pcre2_match_data_free(md);
    /* freed with everything else, and compiled again on the next use */
    parser_tables_free();
    ck_assert_ptr_null(set.code);
    ck_assert_ptr_nonnull(pattern_set_get(&set));
    parser_tables_free();
}
END_TEST

START_TEST(parsers_work_after_their_tables_are_freed)
{
    const char *listing = "SSL Certificate bindings:\r\n\r\n    IP:port : 0.0.0.0:443\r\n"
                          "    Certificate Hash : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\r\n";
    for (int round = 0; round < 2; round++) {
        struct binding_list l;
        struct diags d;
        diags_init(&d);
        ck_assert_int_eq(netsh_parse_sslcert_bytes((const unsigned char *)listing, strlen(listing), 0, &l, &d), 0);
        ck_assert_str_eq(l.items[0].certhash, "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e");
        binding_list_free(&l);
        diags_free(&d);
        parser_tables_free();
    }
}
END_TEST

#ifndef _WIN32
START_TEST(a_pattern_that_does_not_compile_names_the_offset)
{
    char *dir = make_temp_dir();
    char path[4096];
    snprintf(path, sizeof path, "%s/stderr.txt", dir);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen(path, "w", stderr))
            _exit(3);
        (void)pattern_compile("test", "ab(c", 0);
        _exit(0);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    size_t n;
    char *msg = (char *)file_read_all(path, &n);
    ck_assert_ptr_nonnull(msg);
    ck_assert_msg(strstr(msg, "test pattern 0 does not compile at offset 4") != NULL, "%s", msg);
    ck_assert_ptr_nonnull(strstr(msg, "ab(c"));
    free(msg);
    rm_rf(dir);
    free(dir);
}
END_TEST
#endif

Suite *suite_pattern(void)
{
    Suite *s = suite_create("pattern");
    TCase *tc = tcase_create("sets");
    tcase_add_test(tc, set_compiles_once_and_match_data_fits_every_pattern);
    tcase_add_test(tc, parsers_work_after_their_tables_are_freed);
#ifndef _WIN32
    tcase_add_test(tc, a_pattern_that_does_not_compile_names_the_offset);
#endif
    suite_add_tcase(s, tc);
    return s;
}
