/* The binding module (equality, lookup by socket) and the verification built on it, on bindings
 * parsed from real-looking `show sslcert` listings. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "binding.h"
#include "netsh.h"
#include "plan.h"
#include "strbuf.h"
#include "testutil.h"
#include "verify.h"

#define OLD "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"
#define NEW "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17"
#define IIS_APPID "{4dc3e181-e14b-4a21-b022-59fc669b0914}"

static const char HEADER[] = "\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n";

/* One record in the Windows Server 2022 layout; store NULL prints "(null)". */
static void add_record(struct strbuf *sb, const char *key_label, const char *socket, const char *hash,
                       const char *store, const char *negotiate)
{
    sb_printf(sb,
              "    %-29s: %s\r\n"
              "    Certificate Hash             : %s\r\n"
              "    Application ID               : " IIS_APPID "\r\n"
              "    Certificate Store Name       : %s\r\n"
              "    Verify Client Certificate Revocation : Enabled\r\n"
              "    Verify Revocation Using Cached Client Certificate Only : Disabled\r\n"
              "    Usage Check                  : Enabled\r\n"
              "    Revocation Freshness Time    : 0\r\n"
              "    URL Retrieval Timeout        : 0\r\n"
              "    Ctl Identifier               : (null)\r\n"
              "    Ctl Store Name               : (null)\r\n"
              "    DS Mapper Usage              : Disabled\r\n"
              "    Negotiate Client Certificate : %s\r\n"
              "    Reject Connections           : Disabled\r\n"
              "    Disable HTTP2                : Not Set\r\n\r\n",
              key_label, socket, hash, store ? store : "(null)", negotiate);
}

static void parse(const struct strbuf *sb, struct binding_list *l)
{
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(netsh_parse_sslcert_bytes((const unsigned char *)sb->data, sb->len, 0, l, &d), 0);
    diags_free(&d);
}

/* A listing of n bindings: ipport 10.0.x.y:443 on OLD for every third, NEW otherwise. */
static void listing(struct strbuf *sb, size_t n, const char *changed_hash, size_t changed_every)
{
    sb_init(sb);
    sb_adds(sb, HEADER);
    for (size_t i = 0; i < n; i++) {
        char sock[64];
        snprintf(sock, sizeof sock, "10.0.%zu.%zu:443", i / 250, i % 250);
        const char *h = changed_every && i % changed_every == 0 ? changed_hash : OLD;
        add_record(sb, "IP:port", sock, h, "My", "Disabled");
    }
}

START_TEST(test_kind_name_and_store)
{
    ck_assert_str_eq(binding_kind_name(BINDING_IPPORT), "ipport");
    ck_assert_str_eq(binding_kind_name(BINDING_HOSTNAMEPORT), "hostnameport");
    ck_assert_str_eq(binding_kind_name(BINDING_CCS), "ccs");
    ck_assert_str_eq(binding_kind_name(BINDING_SCOPEDCCS), "scopedccs");
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    add_record(&sb, "IP:port", "[::]:443", OLD, NULL, "Disabled");
    add_record(&sb, "IP:port", "0.0.0.0:443", OLD, "WebHosting", "Enabled");
    struct binding_list l;
    parse(&sb, &l);
    ck_assert_uint_eq(l.count, 2);
    ck_assert_str_eq(binding_effective_store(&l.items[0]), "MY"); /* (null): netsh used MY */
    ck_assert_str_eq(binding_effective_store(&l.items[1]), "WebHosting");
    ck_assert_str_eq(binding_value(&l.items[1], NF_CLIENTCERTNEGOTIATION), "enable");
    ck_assert_ptr_null(binding_value(&l.items[1], NETSH_FIELD_COUNT));
    binding_list_free(&l);
    sb_free(&sb);
}
END_TEST

START_TEST(test_diff_names_the_first_difference)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    add_record(&sb, "IP:port", "0.0.0.0:443", OLD, NULL, "Disabled");           /* 0 */
    add_record(&sb, "IP:port", "0.0.0.0:443", OLD, "my", "Disabled");           /* 1: MY == my == (null) */
    add_record(&sb, "IP:port", "0.0.0.0:443", NEW, "MY", "Disabled");           /* 2: other hash */
    add_record(&sb, "IP:port", "0.0.0.0:443", OLD, "WebHosting", "Disabled");   /* 3: other store */
    add_record(&sb, "IP:port", "0.0.0.0:443", OLD, "MY", "Enabled");            /* 4: one setting */
    add_record(&sb, "Hostname:port", "WWW.Example.com:443", OLD, "MY", "Disabled"); /* 5 */
    add_record(&sb, "Hostname:port", "www.example.com:443", OLD, "MY", "Disabled"); /* 6 */
    add_record(&sb, "IP:port", "10.0.0.1:443", OLD, "MY", "Disabled");          /* 7: other socket */
    struct binding_list l;
    parse(&sb, &l);
    ck_assert_uint_eq(l.count, 8);
    const struct binding *b = l.items;
    char diff[300];
    ck_assert_int_eq(binding_diff(&b[0], &b[1], NULL, NULL, diff, sizeof diff), 0);
    ck_assert_int_eq(binding_diff(&b[0], &b[2], NULL, NULL, diff, sizeof diff), -1);
    ck_assert_str_eq(diff, "certhash is " NEW ", expected " OLD);
    ck_assert_int_eq(binding_diff(&b[0], &b[2], NEW, NULL, diff, sizeof diff), 0); /* as planned */
    ck_assert_int_eq(binding_diff(&b[0], &b[2], NEW, "{00000000-0000-0000-0000-000000000001}", diff, sizeof diff), -1);
    ck_assert_str_eq(diff, "appid is " IIS_APPID ", expected {00000000-0000-0000-0000-000000000001}");
    ck_assert_int_eq(binding_diff(&b[0], &b[3], NULL, NULL, diff, sizeof diff), -1);
    ck_assert_str_eq(diff, "certstorename is WebHosting, expected MY");
    ck_assert_int_eq(binding_diff(&b[0], &b[4], NULL, NULL, diff, sizeof diff), -1);
    ck_assert_str_eq(diff, "clientcertnegotiation is enable, expected disable");
    /* host names are not case-sensitive: the lookup and the comparison agree */
    ck_assert_int_eq(binding_diff(&b[5], &b[6], NULL, NULL, diff, sizeof diff), 0);
    ck_assert_int_eq(binding_diff(&b[0], &b[7], NULL, NULL, diff, sizeof diff), -1);
    ck_assert_str_eq(diff, "the socket differs");
    ck_assert_int_eq(binding_diff(&b[0], &b[5], NULL, NULL, NULL, 0), -1); /* kind differs; no buffer */
    binding_list_free(&l);
    sb_free(&sb);
}
END_TEST

START_TEST(test_diff_skips_fields_one_layout_lacks)
{
    /* the classic 2012 R2 layout has no "Reject Connections"/"Disable HTTP2": not a difference */
    static const char classic[] =
        "\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n"
        "    IP:port                      : 0.0.0.0:443\r\n"
        "    Certificate Hash             : " OLD "\r\n"
        "    Application ID               : " IIS_APPID "\r\n"
        "    Certificate Store Name       : MY\r\n"
        "    Verify Client Certificate Revocation : Enabled\r\n"
        "    Verify Revocation Using Cached Client Certificate Only : Disabled\r\n"
        "    Usage Check                  : Enabled\r\n"
        "    Revocation Freshness Time    : 0\r\n"
        "    URL Retrieval Timeout        : 0\r\n"
        "    Ctl Identifier               : (null)\r\n"
        "    Ctl Store Name               : (null)\r\n"
        "    DS Mapper Usage              : Disabled\r\n"
        "    Negotiate Client Certificate : Disabled\r\n\r\n";
    struct binding_list old_layout, new_layout;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(netsh_parse_sslcert_bytes((const unsigned char *)classic, strlen(classic), 0, &old_layout, &d), 0);
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    add_record(&sb, "IP:port", "0.0.0.0:443", OLD, "MY", "Disabled");
    parse(&sb, &new_layout);
    char diff[300];
    ck_assert_int_eq(binding_diff(&old_layout.items[0], &new_layout.items[0], NULL, NULL, diff, sizeof diff), 0);
    ck_assert_int_eq(binding_diff(&new_layout.items[0], &old_layout.items[0], NULL, NULL, diff, sizeof diff), 0);
    binding_list_free(&old_layout);
    binding_list_free(&new_layout);
    diags_free(&d);
    sb_free(&sb);
}
END_TEST

START_TEST(test_index_finds_by_kind_and_socket)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    add_record(&sb, "IP:port", "0.0.0.0:443", OLD, "MY", "Disabled");
    add_record(&sb, "Hostname:port", "Shop.Example.com:443", OLD, "WebHosting", "Disabled");
    add_record(&sb, "IP:port", "0.0.0.0:443", NEW, "MY", "Disabled"); /* a second record, same socket */
    for (int i = 0; i < 2000; i++) {
        char sock[64];
        snprintf(sock, sizeof sock, "site%d.example.com:443", i);
        add_record(&sb, "Hostname:port", sock, NEW, "MY", "Disabled");
    }
    struct binding_list l;
    parse(&sb, &l);
    ck_assert_uint_eq(l.count, 2003);
    struct binding_index ix;
    binding_index_build(&ix, &l);
    ck_assert_ptr_eq(binding_find(&ix, BINDING_IPPORT, "0.0.0.0:443"), &l.items[0]); /* the first one */
    ck_assert_ptr_eq(binding_find(&ix, BINDING_HOSTNAMEPORT, "shop.example.COM:443"), &l.items[1]);
    ck_assert_ptr_null(binding_find(&ix, BINDING_IPPORT, "shop.example.com:443"));
    ck_assert_ptr_eq(binding_find_socket(&ix, "SHOP.example.com:443"), &l.items[1]);
    ck_assert_ptr_null(binding_find_socket(&ix, "0.0.0.0:8443"));
    for (int i = 0; i < 2000; i += 97) {
        char sock[64];
        snprintf(sock, sizeof sock, "SITE%d.example.com:443", i);
        ck_assert_ptr_eq(binding_find(&ix, BINDING_HOSTNAMEPORT, sock), &l.items[3 + i]);
    }
    binding_index_free(&ix);
    /* an empty list: an empty index */
    struct binding_list none;
    memset(&none, 0, sizeof none);
    binding_index_build(&ix, &none);
    ck_assert_ptr_null(binding_find_socket(&ix, "0.0.0.0:443"));
    binding_index_free(&ix);
    binding_list_free(&l);
    sb_free(&sb);
}
END_TEST

START_TEST(test_casehash_ignores_ascii_case_only)
{
    /* every length around the eight-byte steps, every letter in both cases */
    static const char lower[] = "abcdefghijklmnopqrstuvwxyz0123456789.-:[]@_{}";
    char a[64], b[64];
    for (size_t n = 0; n < sizeof lower; n++) {
        memcpy(a, lower, n);
        a[n] = 0;
        for (size_t i = 0; i < n; i++)
            b[i] = (char)(lower[i] >= 'a' && lower[i] <= 'z' ? lower[i] - 32 : lower[i]);
        b[n] = 0;
        ck_assert_msg(ascii_casehash(a) == ascii_casehash(b), "'%s' and '%s' hash differently", a, b);
    }
    ck_assert(ascii_casehash("Shop.Example.com:443") == ascii_casehash("shop.example.COM:443"));
    /* only ASCII folds: U+00E9 and U+00C9 are different names to netsh */
    ck_assert(ascii_casehash("caf\xc3\xa9.example:443") != ascii_casehash("caf\xc3\x89.example:443"));
    ck_assert(ascii_casehash("[::]:443") != ascii_casehash("[::]:4430"));
    ck_assert(ascii_casehash("") != ascii_casehash("@")); /* '@' is just below 'A' */
    ck_assert(ascii_casehash("[") != ascii_casehash("{")); /* '[' is just above 'Z', '{' = '[' | 0x20 */
}
END_TEST

/* plan --old OLD --new NEW over `before`, then `after` as the host shows it. */
static void plan_old_new(const struct binding_list *before, struct plan *p)
{
    struct plan_request r;
    memset(&r, 0, sizeof r);
    r.selection = SELECT_OLD_NEW;
    r.old_hash = OLD;
    r.new_hash = NEW;
    r.update_available = 1;
    r.force = 1;
    plan_build(before, NULL, NULL, &r, p);
}

START_TEST(test_verify_plan_result)
{
    struct strbuf sb_before, sb_done, sb_partly, sb_extra;
    listing(&sb_before, 300, NULL, 0);
    listing(&sb_done, 300, NEW, 1);   /* every binding on NEW: as planned */
    listing(&sb_partly, 300, NEW, 2); /* every second one left on OLD */
    struct binding_list before, done, partly;
    parse(&sb_before, &before);
    parse(&sb_done, &done);
    parse(&sb_partly, &partly);
    struct plan p;
    plan_old_new(&before, &p);
    ck_assert_uint_eq(p.step_count, 300);

    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(verify_plan_result(&before, &p, &done, &d), 0);
    ck_assert_uint_eq(d.count, 0);
    ck_assert_int_eq(verify_plan_result(&before, &p, &partly, &d), -1);
    ck_assert_uint_eq(d.count, 150);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_ERROR, "after the change, 10.0.0.1:443 is not as planned: certhash is " OLD
                                                   ", expected " NEW));
    diags_free(&d);

    /* a binding outside the plan that changed, and one that is gone */
    sb_init(&sb_extra);
    sb_adds(&sb_extra, HEADER);
    add_record(&sb_extra, "IP:port", "0.0.0.0:443", OLD, "MY", "Disabled");
    add_record(&sb_extra, "IP:port", "0.0.0.0:8443", NEW, "MY", "Disabled");
    add_record(&sb_extra, "IP:port", "0.0.0.0:9443", NEW, "MY", "Disabled");
    struct binding_list extra_before, extra_after;
    parse(&sb_extra, &extra_before);
    sb_extra.len = 0;
    sb_adds(&sb_extra, HEADER);
    add_record(&sb_extra, "IP:port", "0.0.0.0:443", NEW, "MY", "Disabled");
    add_record(&sb_extra, "IP:port", "0.0.0.0:8443", NEW, "MY", "Enabled");
    parse(&sb_extra, &extra_after);
    struct plan p2;
    plan_old_new(&extra_before, &p2);
    diags_init(&d);
    ck_assert_int_eq(verify_plan_result(&extra_before, &p2, &extra_after, &d), -1);
    ck_assert_uint_eq(d.count, 2);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_ERROR, "0.0.0.0:8443 was not part of the plan but changed: "
                                                   "clientcertnegotiation is enable, expected disable"));
    ck_assert_ptr_nonnull(find_diag(&d, SEV_ERROR, "0.0.0.0:9443 was not part of the plan but changed: it is gone"));
    diags_free(&d);

    plan_free(&p);
    plan_free(&p2);
    binding_list_free(&before);
    binding_list_free(&done);
    binding_list_free(&partly);
    binding_list_free(&extra_before);
    binding_list_free(&extra_after);
    sb_free(&sb_before);
    sb_free(&sb_done);
    sb_free(&sb_partly);
    sb_free(&sb_extra);
}
END_TEST

START_TEST(test_verify_unchanged_and_restored)
{
    struct strbuf sb_before, sb_now;
    listing(&sb_before, 100, NULL, 0);
    listing(&sb_now, 99, NEW, 10); /* 10 moved to NEW, the last one gone */
    struct binding_list before, now;
    parse(&sb_before, &before);
    parse(&sb_now, &now);
    struct plan p;
    plan_old_new(&before, &p);
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(verify_unchanged(&before, &p, &before, &d), 0);
    ck_assert_int_eq(verify_unchanged(&before, &p, &now, &d), -1);
    ck_assert_uint_eq(d.count, 11);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_ERROR, "10.0.0.10:443 differs from before: certhash is " NEW));
    ck_assert_ptr_nonnull(find_diag(&d, SEV_ERROR, "10.0.0.99:443 is missing"));
    diags_free(&d);
    diags_init(&d);
    ck_assert_int_eq(verify_restored(&before, NULL, &now, &d), -1);
    ck_assert_uint_eq(d.count, 11);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_ERROR, "after the restore, 10.0.0.99:443: is missing"));
    diags_free(&d);
    plan_free(&p);

    /* a plan that binds a new socket, rolled back: that socket must be gone again */
    struct strbuf sb_more;
    listing(&sb_more, 100, NULL, 0);
    add_record(&sb_more, "Hostname:port", "new.example.com:443", NEW, "MY", "Disabled");
    struct binding_list more;
    parse(&sb_more, &more);
    plan_restore(&more, &before, 1, &p); /* one step: add new.example.com:443 */
    ck_assert_uint_eq(p.step_count, 1);
    ck_assert_int_eq(p.steps[0].op, STEP_ADD);
    diags_init(&d);
    ck_assert_int_eq(verify_unchanged(&before, &p, &before, &d), 0);
    ck_assert_int_eq(verify_unchanged(&before, &p, &more, &d), -1);
    ck_assert_uint_eq(d.count, 1);
    ck_assert_str_eq(d.items[0].message, "new.example.com:443 was not bound before and still is");
    diags_free(&d);
    plan_free(&p);
    binding_list_free(&more);
    sb_free(&sb_more);

    binding_list_free(&before);
    binding_list_free(&now);
    sb_free(&sb_before);
    sb_free(&sb_now);
}
END_TEST

START_TEST(test_restore_plans_only_what_differs)
{
    struct strbuf sb_wanted, sb_live;
    listing(&sb_wanted, 1000, NULL, 0);
    listing(&sb_live, 1000, NEW, 4); /* a quarter moved to NEW */
    add_record(&sb_live, "IP:port", "192.168.1.1:443", NEW, "MY", "Disabled"); /* not in the backup */
    struct binding_list wanted, live;
    parse(&sb_wanted, &wanted);
    parse(&sb_live, &live);
    struct plan p;
    plan_restore(&wanted, &live, 1, &p);
    ck_assert_uint_eq(p.bindings_changed, 250);
    ck_assert_uint_eq(p.step_count, 250);
    ck_assert_int_eq(p.steps[0].op, STEP_UPDATE);
    ck_assert_str_eq(p.steps[0].new_hash, OLD);
    ck_assert_ptr_eq(p.steps[1].before, &live.items[4]);
    int noted_extra = 0, noted_same = 0;
    for (size_t i = 0; i < p.note_count; i++) {
        noted_extra |= strstr(p.notes[i], "192.168.1.1:443 is bound now but was not in the backup") != NULL;
        noted_same |= strcmp(p.notes[i], "750 binding(s) already match the backup and are left alone") == 0;
    }
    ck_assert(noted_extra && noted_same);
    plan_free(&p);
    binding_list_free(&wanted);
    binding_list_free(&live);
    sb_free(&sb_wanted);
    sb_free(&sb_live);
}
END_TEST

Suite *suite_binding(void)
{
    Suite *s = suite_create("binding");
    TCase *tc = tcase_create("binding");
    tcase_add_test(tc, test_kind_name_and_store);
    tcase_add_test(tc, test_diff_names_the_first_difference);
    tcase_add_test(tc, test_diff_skips_fields_one_layout_lacks);
    tcase_add_test(tc, test_index_finds_by_kind_and_socket);
    tcase_add_test(tc, test_casehash_ignores_ascii_case_only);
    tcase_add_test(tc, test_verify_plan_result);
    tcase_add_test(tc, test_verify_unchanged_and_restored);
    tcase_add_test(tc, test_restore_plans_only_what_differs);
    suite_add_tcase(s, tc);
    return s;
}
