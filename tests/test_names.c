/* DNS-name coverage rules (src/names.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

START_TEST(exact_names_case_insensitive)
{
    ck_assert_int_eq(dns_name_covers("www.example.com", "www.example.com"), 1);
    ck_assert_int_eq(dns_name_covers("WWW.Example.COM", "www.example.com"), 1);
    ck_assert_int_eq(dns_name_covers("www.example.com", "WWW.EXAMPLE.COM"), 1);
    ck_assert_int_eq(dns_name_covers("www.example.com", "www.example.org"), 0);
    ck_assert_int_eq(dns_name_covers("www.example.com", "example.com"), 0);
    ck_assert_int_eq(dns_name_covers("example.com", "www.example.com"), 0);
    ck_assert_int_eq(dns_name_covers("www.example.com", "www.example.co"), 0);
    ck_assert_int_eq(dns_name_covers("shop.northwind-traders.example", "Shop.Northwind-Traders.Example"), 1);
    /* single-label intranet names */
    ck_assert_int_eq(dns_name_covers("intranet", "INTRANET"), 1);
}
END_TEST

START_TEST(trailing_dot_ignored_once)
{
    ck_assert_int_eq(dns_name_covers("www.example.com.", "www.example.com"), 1);
    ck_assert_int_eq(dns_name_covers("www.example.com", "www.example.com."), 1);
    ck_assert_int_eq(dns_name_covers("*.example.com.", "a.example.com"), 1);
    ck_assert_int_eq(dns_name_covers("*.example.com", "a.example.com."), 1);
    /* only one dot is dropped: "x.." has an empty label */
    ck_assert_int_eq(dns_name_covers("www.example.com..", "www.example.com"), 0);
    ck_assert_int_eq(dns_name_covers("www.example.com", "www.example.com.."), 0);
}
END_TEST

START_TEST(wildcard_covers_exactly_one_label)
{
    ck_assert_int_eq(dns_name_covers("*.example.com", "a.example.com"), 1);
    ck_assert_int_eq(dns_name_covers("*.example.com", "portal.example.com"), 1);
    ck_assert_int_eq(dns_name_covers("*.EXAMPLE.com", "Portal.example.COM"), 1);
    ck_assert_int_eq(dns_name_covers("*.example.com", "example.com"), 0);
    ck_assert_int_eq(dns_name_covers("*.example.com", "a.b.example.com"), 0);
    ck_assert_int_eq(dns_name_covers("*.example.com", ".example.com"), 0);
    ck_assert_int_eq(dns_name_covers("*.example.com", "a.example.org"), 0);
    ck_assert_int_eq(dns_name_covers("*.example.com", "a.notexample.com"), 0);
    ck_assert_int_eq(dns_name_covers("*.northwind-traders.example", "shop.northwind-traders.example"), 1);
    ck_assert_int_eq(dns_name_covers("*.northwind-traders.example", "intranet.northwind.example"), 0);
    /* the host is a wildcard host header (IIS 10): only the same wildcard covers it */
    ck_assert_int_eq(dns_name_covers("*.example.com", "*.example.com"), 1);
    ck_assert_int_eq(dns_name_covers("*.example.com", "*.a.example.com"), 0);
    ck_assert_int_eq(dns_name_covers("a.example.com", "*.example.com"), 0);
}
END_TEST

START_TEST(bad_wildcards_cover_nothing)
{
    /* "*" alone */
    ck_assert_int_eq(dns_name_covers("*", "localhost"), 0);
    ck_assert_int_eq(dns_name_covers("*", "www.example.com"), 0);
    /* wildcard directly above one label (would cover a whole TLD) */
    ck_assert_int_eq(dns_name_covers("*.com", "example.com"), 0);
    /* partial-label wildcards: HTTP.sys clients (browsers) reject them */
    ck_assert_int_eq(dns_name_covers("w*.example.com", "www.example.com"), 0);
    ck_assert_int_eq(dns_name_covers("*w.example.com", "www.example.com"), 0);
    ck_assert_int_eq(dns_name_covers("xn--*.example.com", "xn--bcher-kva.example.com"), 0);
    /* wildcard not left-most, or more than one */
    ck_assert_int_eq(dns_name_covers("www.*.example.com", "www.a.example.com"), 0);
    ck_assert_int_eq(dns_name_covers("*.*.example.com", "a.b.example.com"), 0);
    ck_assert_int_eq(dns_name_covers("*example.com", "www.example.com"), 0);
}
END_TEST

START_TEST(idn_punycode_compared_as_ascii)
{
    ck_assert_int_eq(dns_name_covers("xn--bcher-kva.example", "XN--BCHER-KVA.example"), 1);
    ck_assert_int_eq(dns_name_covers("*.xn--bcher-kva.example", "shop.xn--bcher-kva.example"), 1);
    /* "*.example" is a wildcard directly above a TLD: rejected even for an IDN host */
    ck_assert_int_eq(dns_name_covers("*.example", "xn--bcher-kva.example"), 0);
    ck_assert_int_eq(dns_name_covers("*.shop.example", "xn--bcher-kva.shop.example"), 1);
    /* the U-label form is not the same string as the A-label form */
    ck_assert_int_eq(dns_name_covers("xn--bcher-kva.example", "b\xC3\xBC" "cher.example"), 0);
}
END_TEST

START_TEST(broken_names_and_null)
{
    ck_assert_int_eq(dns_name_covers(NULL, "a.example.com"), 0);
    ck_assert_int_eq(dns_name_covers("a.example.com", NULL), 0);
    ck_assert_int_eq(dns_name_covers("", ""), 0);
    ck_assert_int_eq(dns_name_covers(".", "."), 0);
    ck_assert_int_eq(dns_name_covers("a..example.com", "a..example.com"), 0);
    ck_assert_int_eq(dns_name_covers("*.example.com", "a .example.com"), 0);
    ck_assert_int_eq(dns_name_covers("www.example.com ", "www.example.com"), 0);
    ck_assert_int_eq(dns_name_covers("*..com", "a..com"), 0);
}
END_TEST

START_TEST(list_cover)
{
    const char *names[] = {"northwind-traders.example", NULL, "*.northwind-traders.example"};
    ck_assert_int_eq(dns_names_cover(names, 3, "portal.northwind-traders.example"), 1);
    ck_assert_int_eq(dns_names_cover(names, 3, "NORTHWIND-TRADERS.EXAMPLE"), 1);
    ck_assert_int_eq(dns_names_cover(names, 3, "intranet.northwind.example"), 0);
    ck_assert_int_eq(dns_names_cover(names, 3, "a.b.northwind-traders.example"), 0);
    ck_assert_int_eq(dns_names_cover(names, 1, "portal.northwind-traders.example"), 0); /* only n names */
    ck_assert_int_eq(dns_names_cover(NULL, 0, "x.example"), 0);
    ck_assert_int_eq(dns_names_cover(names, 0, "northwind-traders.example"), 0);
}
END_TEST

START_TEST(cover_all_renewal_same_names)
{
    const char *old_names[] = {"www.example.com", "example.com"};
    const char *new_names[] = {"EXAMPLE.COM", "www.example.com."};
    const char *missing = "sentinel";
    ck_assert_int_eq(dns_names_cover_all(old_names, 2, new_names, 2, &missing), 1);
    ck_assert_ptr_null(missing);
}
END_TEST

START_TEST(cover_all_wildcard_replaces_exact_names)
{
    const char *old_names[] = {"shop.northwind-traders.example", "portal.northwind-traders.example"};
    const char *new_names[] = {"*.northwind-traders.example", "northwind-traders.example"};
    const char *missing = NULL;
    ck_assert_int_eq(dns_names_cover_all(old_names, 2, new_names, 2, &missing), 1);
    ck_assert_ptr_null(missing);
    /* but not a host two labels down */
    const char *old2[] = {"shop.northwind-traders.example", "a.b.northwind-traders.example"};
    ck_assert_int_eq(dns_names_cover_all(old2, 2, new_names, 2, &missing), 0);
    ck_assert_str_eq(missing, "a.b.northwind-traders.example");
}
END_TEST

START_TEST(cover_all_wildcard_needs_same_wildcard)
{
    const char *old_names[] = {"*.northwind-traders.example", "northwind-traders.example"};
    const char *exact_only[] = {"shop.northwind-traders.example", "portal.northwind-traders.example",
                                "northwind-traders.example"};
    const char *same_wild[] = {"northwind-traders.example", "*.NORTHWIND-TRADERS.example."};
    const char *wider_wild[] = {"*.example", "northwind-traders.example"};
    const char *missing = NULL;
    ck_assert_int_eq(dns_names_cover_all(old_names, 2, exact_only, 3, &missing), 0);
    ck_assert_str_eq(missing, "*.northwind-traders.example");
    ck_assert_int_eq(dns_names_cover_all(old_names, 2, same_wild, 2, &missing), 1);
    ck_assert_ptr_null(missing);
    /* a different wildcard does not keep it */
    ck_assert_int_eq(dns_names_cover_all(old_names, 2, wider_wild, 2, &missing), 0);
    ck_assert_str_eq(missing, "*.northwind-traders.example");
}
END_TEST

START_TEST(cover_all_reports_first_missing_in_old_order)
{
    const char *old_names[] = {"a.example.com", "b.example.com", "c.example.com"};
    const char *new_names[] = {"a.example.com"};
    const char *missing = NULL;
    ck_assert_int_eq(dns_names_cover_all(old_names, 3, new_names, 1, &missing), 0);
    ck_assert_ptr_eq(missing, old_names[1]);
    /* NULL first_missing is allowed */
    ck_assert_int_eq(dns_names_cover_all(old_names, 3, new_names, 1, NULL), 0);
    /* empty old list: nothing to keep */
    ck_assert_int_eq(dns_names_cover_all(NULL, 0, new_names, 1, &missing), 1);
    ck_assert_ptr_null(missing);
    /* an empty new list keeps nothing */
    ck_assert_int_eq(dns_names_cover_all(old_names, 1, NULL, 0, &missing), 0);
    ck_assert_str_eq(missing, "a.example.com");
    /* broken old names are skipped */
    const char *old_broken[] = {"", "a..b", "a.example.com"};
    ck_assert_int_eq(dns_names_cover_all(old_broken, 3, new_names, 1, &missing), 1);
}
END_TEST

Suite *suite_names(void)
{
    Suite *s = suite_create("names");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, exact_names_case_insensitive);
    tcase_add_test(tc, trailing_dot_ignored_once);
    tcase_add_test(tc, wildcard_covers_exactly_one_label);
    tcase_add_test(tc, bad_wildcards_cover_nothing);
    tcase_add_test(tc, idn_punycode_compared_as_ascii);
    tcase_add_test(tc, broken_names_and_null);
    tcase_add_test(tc, list_cover);
    tcase_add_test(tc, cover_all_renewal_same_names);
    tcase_add_test(tc, cover_all_wildcard_replaces_exact_names);
    tcase_add_test(tc, cover_all_wildcard_needs_same_wildcard);
    tcase_add_test(tc, cover_all_reports_first_missing_in_old_order);
    suite_add_tcase(s, tc);
    return s;
}
