/* The cert module: validity at a time (the boundaries every report and the planner share) and
 * the lookup by (store, hash). */
#include <check.h>
#include <string.h>

#include "cert.h"
#include "dates.h"

#define WILDCARD "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"
#define RENEWAL "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17"

static struct cert make_cert(const char *sha1, const char *nb, const char *na)
{
    struct cert c;
    memset(&c, 0, sizeof c);
    c.sha1 = sha1;
    c.subject_cn = "*.northwind.example";
    c.not_before_known = nb && parse_iso8601(nb, &c.not_before) == 0;
    c.not_after_known = na && parse_iso8601(na, &c.not_after) == 0;
    return c;
}

static time_t at(const char *iso)
{
    time_t t = 0;
    ck_assert_int_eq(parse_iso8601(iso, &t), 0);
    return t;
}

START_TEST(test_validity_boundaries)
{
    struct cert c = make_cert(WILDCARD, "2025-12-01T09:00:00Z", "2026-12-05T08:59:00Z");
    ck_assert(cert_not_yet_valid(&c, at("2025-12-01T08:59:59Z")));
    ck_assert(!cert_not_yet_valid(&c, at("2025-12-01T09:00:00Z")));
    ck_assert(cert_valid_at(&c, at("2025-12-01T09:00:00Z")));
    ck_assert(cert_valid_at(&c, at("2026-12-05T08:58:59Z")));
    ck_assert(!cert_expired(&c, at("2026-12-05T08:58:59Z")));
    ck_assert(cert_expired(&c, at("2026-12-05T08:59:00Z"))); /* NotAfter itself is too late */
    ck_assert(!cert_valid_at(&c, at("2026-12-05T08:59:00Z")));
    /* unread dates prove nothing: neither expired nor valid */
    struct cert unknown = make_cert(WILDCARD, NULL, "2026-12-05T08:59:00Z");
    ck_assert(!cert_not_yet_valid(&unknown, at("2000-01-01")));
    ck_assert(!cert_valid_at(&unknown, at("2026-01-01")));
    unknown = make_cert(WILDCARD, "2025-12-01", NULL);
    ck_assert(!cert_expired(&unknown, at("2099-01-01")));
    ck_assert(!cert_valid_at(&unknown, at("2026-01-01")));
}
END_TEST

START_TEST(test_names_and_cover)
{
    struct cert c = make_cert(WILDCARD, NULL, NULL);
    ck_assert(cert_covers(&c, "shop.northwind.example")); /* the CN when no SAN is shown */
    ck_assert(!cert_covers(&c, "northwind.example"));
    const char *sans[] = {"www.fabrikam.example", "fabrikam.example"};
    c.dns_names = sans;
    c.dns_count = 2;
    ck_assert(cert_covers(&c, "FABRIKAM.example"));
    ck_assert(!cert_covers(&c, "shop.northwind.example")); /* SANs replace the CN */
    const char *const *names;
    const char *cn;
    ck_assert_uint_eq(cert_names(&c, &names, &cn), 2);
    ck_assert_str_eq(names[1], "fabrikam.example");
}
END_TEST

START_TEST(test_index_by_store_and_hash)
{
    struct cert my_certs[3] = {make_cert(WILDCARD, NULL, NULL), make_cert(RENEWAL, NULL, NULL),
                               make_cert(NULL, NULL, NULL)};
    struct cert hosting_certs[2] = {make_cert(RENEWAL, NULL, NULL), make_cert("d41e8a07c3b95f62e1a4d8c07b3e9f5a2c6d1e80", NULL, NULL)};
    struct cert_list my, hosting;
    memset(&my, 0, sizeof my);
    memset(&hosting, 0, sizeof hosting);
    my.items = my_certs;
    my.count = 3;
    my.store = "My";
    hosting.items = hosting_certs;
    hosting.count = 2;
    hosting.store = "WebHosting";
    const struct cert_list *lists[] = {&my, &hosting};
    struct cert_store_set set = {lists, 2};
    struct cert_index ix;
    cert_index_build(&ix, &set);
    ck_assert_ptr_eq(cert_find(&ix, "MY", WILDCARD), &my_certs[0]); /* MY and My are one store */
    ck_assert_ptr_eq(cert_find(&ix, "webhosting", RENEWAL), &hosting_certs[0]);
    ck_assert_ptr_eq(cert_find(&ix, "My", RENEWAL), &my_certs[1]);
    ck_assert_ptr_null(cert_find(&ix, "WebHosting", WILDCARD));
    ck_assert_ptr_null(cert_find(&ix, "My", NULL));
    const char *store = NULL;
    ck_assert_ptr_eq(cert_find_any(&ix, RENEWAL, &store), &my_certs[1]); /* the first store read */
    ck_assert_str_eq(store, "My");
    ck_assert_ptr_eq(cert_find_any(&ix, "d41e8a07c3b95f62e1a4d8c07b3e9f5a2c6d1e80", &store), &hosting_certs[1]);
    ck_assert_str_eq(store, "WebHosting");
    ck_assert_ptr_null(cert_find_any(&ix, "5e0f3b9a7c2d4e6f8a1b3c5d7e9f0a2b4c6d8e1f", &store));
    ck_assert_ptr_null(store);
    cert_index_free(&ix);
    /* no stores read at all */
    cert_index_build(&ix, NULL);
    ck_assert_ptr_null(cert_find(&ix, "My", WILDCARD));
    cert_index_free(&ix);
}
END_TEST

Suite *suite_cert(void)
{
    Suite *s = suite_create("cert");
    TCase *tc = tcase_create("cert");
    tcase_add_test(tc, test_validity_boundaries);
    tcase_add_test(tc, test_names_and_cover);
    tcase_add_test(tc, test_index_by_store_and_hash);
    suite_add_tcase(s, tc);
    return s;
}
