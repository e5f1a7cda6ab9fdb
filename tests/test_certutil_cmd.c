/* certrebind certs: the command end to end on recorded output (--from DIR, --input FILE). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dates.h"
#include "testutil.h"

struct run {
    int rc;
    char *out, *err;
};

static char *slurp(FILE *f)
{
    fflush(f);
    long n = ftell(f);
    ck_assert_int_ge(n, 0);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(s);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

static FILE *open_in(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w+b");
    ck_assert_msg(f != NULL, "cannot create %s", path);
    return f;
}

/* Runs cmd_certs with the options a command line would give. */
static struct run certs(const char *from, const char *input, const char *store, const char *format, int codepage,
                        const char *date_order)
{
    struct options o;
    memset(&o, 0, sizeof o);
    o.command = "certs";
    char from_path[4096], input_path[4096];
    if (from) {
        snprintf(from_path, sizeof from_path, "%s", fixture_path(from));
        o.host.source.from_dir = from_path;
    }
    if (input) {
        snprintf(input_path, sizeof input_path, "%s", fixture_path(input));
        o.host.source.input = input_path;
    }
    o.store = store;
    o.format = format;
    o.host.source.codepage = codepage;
    o.host.date_order = date_order;
    o.days = 30;
    o.host.source.timeout_ms = 60000;
    o.now = civil_to_time(2026, 11, 23, 12, 0, 0);
    o.now_given = 1;
    char *dir = make_temp_dir();
    o.out = open_in(dir, "out");
    o.err = open_in(dir, "err");
    struct run r;
    r.rc = cmd_certs(&o);
    r.out = slurp(o.out);
    r.err = slurp(o.err);
    rm_rf(dir);
    free(dir);
    return r;
}

static void run_free(struct run *r)
{
    free(r->out);
    free(r->err);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

START_TEST(demo_json_from_dir_prefers_verbose)
{
    struct run r = certs("demo-wildcard-renewal", NULL, NULL, "json", 0, NULL);
    ck_assert_msg(r.rc == EXIT_OK, "rc %d, stderr: %s", r.rc, r.err);
    ck_assert_str_eq(r.err, "");
    ck_assert_ptr_nonnull(strstr(r.out, "certutil-v-store-my.txt")); /* the -v recording was used */
    ck_assert_int_eq(count(r.out, "\"sha1\": "), 5);
    ck_assert_int_eq(count(r.out, "\"store\": \"My\""), 6); /* the document's and each certificate's */
    /* OLD: every field the planner needs */
    const char *old = strstr(r.out, "\"sha1\": \"3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\"");
    ck_assert_ptr_nonnull(old);
    const char *next = strstr(old, "\"index\"");
    ck_assert_ptr_nonnull(next);
    size_t span = (size_t)(next - old);
    char *block = malloc(span + 1);
    ck_assert_ptr_nonnull(block);
    memcpy(block, old, span);
    block[span] = '\0';
    ck_assert_ptr_nonnull(strstr(block, "\"subject\": \"CN=*.northwind-traders.example, O=Northwind Traders, C=US\""));
    ck_assert_ptr_nonnull(strstr(block, "\"subject_cn\": \"*.northwind-traders.example\""));
    ck_assert_ptr_nonnull(strstr(block, "\"issuer\": \"CN=Fabrikam TLS Issuing CA 01, O=Fabrikam Trust Services, C=US\""));
    ck_assert_ptr_nonnull(strstr(block, "\"serial\": \"0c7e1f3a5b9d2e4f6a8c0b1d3e5f7a9c\""));
    ck_assert_ptr_nonnull(strstr(block, "\"not_before\": \"2025-12-01T09:00:00Z\""));
    ck_assert_ptr_nonnull(strstr(block, "\"not_after\": \"2026-12-05T08:59:00Z\""));
    ck_assert_ptr_nonnull(strstr(block, "\"not_after_text\": \"12/5/2026 8:59 AM\""));
    ck_assert_ptr_nonnull(strstr(block, "\"has_private_key\": true"));
    ck_assert_ptr_nonnull(strstr(block, "\"*.northwind-traders.example\",\n        \"northwind-traders.example\""));
    ck_assert_ptr_nonnull(strstr(block, "\"dns_names_known\": true"));
    ck_assert_ptr_nonnull(strstr(block, "\"archived\": false"));
    ck_assert_ptr_nonnull(strstr(block, "\"template\": null"));
    free(block);
    /* NOKEY */
    const char *nokey = strstr(r.out, "\"sha1\": \"a4b7c0d3e6f90c2f5a8b1d4e7f0a3c6d9e2b5f81\"");
    ck_assert_ptr_nonnull(nokey);
    ck_assert_ptr_nonnull(strstr(nokey, "\"has_private_key\": false"));
    ck_assert_ptr_nonnull(strstr(r.out, "\"date_assumption\": null"));
    ck_assert_ptr_nonnull(strstr(r.out, "\"warnings\": []"));
    run_free(&r);
}
END_TEST

START_TEST(text_table)
{
    struct run r = certs("demo-wildcard-renewal", NULL, "My", NULL, 437, NULL);
    ck_assert_int_eq(r.rc, EXIT_OK);
    ck_assert_ptr_nonnull(strstr(r.out, "Store My: 5 certificates"));
    ck_assert_ptr_nonnull(
        strstr(r.out, "  0    0b9e8d7c6f5a4e3d2c1b0a9f8e7d6c5b4a3f2e1d  yes  2022-06-29 11:37  2024-06-30 11:47  EXPIRED"));
    ck_assert_ptr_nonnull(
        strstr(r.out, "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e  yes  2025-12-01 09:00  2026-12-05 08:59  valid, 11 days left"));
    ck_assert_ptr_nonnull(strstr(r.out, "a4b7c0d3e6f90c2f5a8b1d4e7f0a3c6d9e2b5f81  NO "));
    ck_assert_ptr_nonnull(strstr(r.out, "no private key: binding it fails (netsh Error 1312)"));
    ck_assert_ptr_nonnull(strstr(r.out, "DNS:     *.northwind-traders.example, northwind-traders.example"));
    run_free(&r);
}
END_TEST

START_TEST(plain_input_with_codepage)
{
    struct run r = certs(NULL, "certutil-ws2016-de/certutil-store-my.txt", NULL, "json", 850, NULL);
    ck_assert_int_eq(r.rc, EXIT_OK);
    ck_assert_ptr_nonnull(strstr(r.out, "O=B\xC3\xA4" "ckerei M\xC3\xBCller GmbH"));
    ck_assert_ptr_nonnull(strstr(r.out, "\"not_before\": \"2026-04-03T01:00:00Z\""));
    ck_assert_ptr_nonnull(strstr(r.out, "\"dns_names\": []"));
    ck_assert_ptr_nonnull(strstr(r.out, "\"dns_names_known\": false"));
    ck_assert_ptr_nonnull(strstr(r.out, "\"language\": \"de\""));
    run_free(&r);
}
END_TEST

START_TEST(date_assumption_is_a_warning)
{
    struct run r = certs("ws2022-en", NULL, "WebHosting", "json", 0, NULL);
    ck_assert_int_eq(r.rc, EXIT_OK);
    ck_assert_ptr_nonnull(strstr(r.out, "\"date_assumption\": \"ambiguous dates were read month first"));
    ck_assert_int_eq(count(r.out, "--date-order dmy"), 2); /* the field and the warning */
    ck_assert_ptr_nonnull(strstr(r.err, "warning: ambiguous dates were read month first"));
    run_free(&r);
    r = certs("ws2022-en", NULL, "WebHosting", "json", 0, "dmy");
    ck_assert_int_eq(r.rc, EXIT_OK);
    ck_assert_ptr_nonnull(strstr(r.out, "\"not_before\": \"2026-01-06T00:00:00Z\""));
    ck_assert_ptr_nonnull(strstr(r.out, "\"date_assumption\": null"));
    ck_assert_str_eq(r.err, "");
    run_free(&r);
}
END_TEST

START_TEST(empty_store_is_not_an_error)
{
    struct run r = certs("certutil-empty-store", NULL, "WebHosting", NULL, 0, NULL);
    ck_assert_int_eq(r.rc, EXIT_OK);
    ck_assert_ptr_nonnull(strstr(r.out, "Store WebHosting has no certificates"));
    run_free(&r);
    r = certs("certutil-empty-store", NULL, "WebHosting", "json", 0, NULL);
    ck_assert_int_eq(r.rc, EXIT_OK);
    ck_assert_ptr_nonnull(strstr(r.out, "\"certificates\": []"));
    run_free(&r);
}
END_TEST

START_TEST(certutil_failure_exits_1)
{
    struct run r = certs("certutil-error-nostore", NULL, "NoSuchStore", NULL, 0, NULL);
    ck_assert_int_eq(r.rc, EXIT_FAIL);
    ck_assert_str_eq(r.out, "");
    ck_assert_ptr_nonnull(strstr(r.err, "error: certutil -store NoSuchStore failed with 0x80070002"));
    ck_assert_ptr_nonnull(strstr(r.err, "There is no certificate store named \"NoSuchStore\" on this machine."));
    run_free(&r);
    /* JSON still gets a document, with the error in it */
    r = certs("certutil-error-nostore", NULL, "NoSuchStore", "json", 0, NULL);
    ck_assert_int_eq(r.rc, EXIT_FAIL);
    ck_assert_ptr_nonnull(strstr(r.out, "\"certificates\": []"));
    ck_assert_ptr_nonnull(strstr(r.out, "\"severity\": \"error\""));
    run_free(&r);
    /* no recording for that store */
    r = certs("certutil-empty-store", NULL, "My", NULL, 0, NULL);
    ck_assert_int_eq(r.rc, EXIT_FAIL);
    ck_assert_ptr_nonnull(strstr(r.err, "certutil-store-my.txt"));
    run_free(&r);
    /* not certutil output at all */
    r = certs(NULL, "demo-wildcard-renewal/netsh-http-show-sslcert.txt", NULL, NULL, 0, NULL);
    ck_assert_int_eq(r.rc, EXIT_FAIL);
    ck_assert_ptr_nonnull(strstr(r.err, "not a certutil -store listing"));
    run_free(&r);
}
END_TEST

Suite *suite_certutil_cmd(void)
{
    Suite *s = suite_create("certutil_cmd");
    TCase *tc = tcase_create("certs");
    tcase_add_test(tc, demo_json_from_dir_prefers_verbose);
    tcase_add_test(tc, text_table);
    tcase_add_test(tc, plain_input_with_codepage);
    tcase_add_test(tc, date_assumption_is_a_warning);
    tcase_add_test(tc, empty_store_is_not_an_error);
    tcase_add_test(tc, certutil_failure_exits_1);
    suite_add_tcase(s, tc);
    return s;
}
