/* certutil -store / -v -store parser: every field of every certificate of every recorded host,
 * the languages, the date evidence, key states, errors. Hostile input: test_certutil_hostile.c. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certutil.h"
#include "dates.h"
#include "lang/certutil_labels.h"
#include "netsh.h"
#include "strbuf.h"
#include "pattern.h"
#include "testutil.h"

/* ---------- helpers ---------- */

struct parsed {
    struct text t;
    struct cert_list l;
    struct diags d;
    int rc;
};

static void parse_mem(struct parsed *p, const void *bytes, size_t n, int codepage, const char *store,
                      enum date_order order, const char *system_format)
{
    diags_init(&p->d);
    ck_assert_int_eq(text_decode(&p->t, bytes, n, codepage, &p->d, "test"), 0);
    struct certutil_options o = {order, system_format, store};
    p->rc = certutil_parse_store(&p->t, &o, &p->l, &p->d);
}

static void parse_str(struct parsed *p, const char *s, const char *store, enum date_order order)
{
    parse_mem(p, s, strlen(s), 0, store, order, NULL);
}

static void parse_fixture(struct parsed *p, const char *rel, int codepage, const char *store)
{
    size_t n;
    unsigned char *b = fixture_read(rel, &n);
    parse_mem(p, b, n, codepage, store, DATE_ORDER_UNKNOWN, NULL);
    free(b);
}

static void parsed_free(struct parsed *p)
{
    cert_list_free(&p->l);
    text_free(&p->t);
    diags_free(&p->d);
}

static const struct cert *by_sha1(const struct cert_list *l, const char *sha1)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].sha1 && strcmp(l->items[i].sha1, sha1) == 0)
            return &l->items[i];
    return NULL;
}

static void dump_diags(const struct diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        fprintf(stderr, "  %s line %d: %s\n", severity_name(d->items[i].severity), d->items[i].line,
                d->items[i].message);
}

static void assert_no_warnings(const struct diags *d)
{
    if (d->count)
        dump_diags(d);
    ck_assert_uint_eq(d->count, 0);
}

static const char *iso_or_null(time_t t, int known)
{
    static char buf[2][21];
    static int k;
    if (!known)
        return "null";
    k ^= 1;
    format_iso8601(t, buf[k]);
    return buf[k];
}

#define STR_EQ_OR_NULL(got, want)                                                                                    \
    do {                                                                                                             \
        if ((want) == NULL)                                                                                          \
            ck_assert_msg((got) == NULL, "%s: expected NULL, got \"%s\"", #got, (got));                              \
        else                                                                                                         \
            ck_assert_msg((got) != NULL && strcmp((got), (want)) == 0, "%s: expected \"%s\", got \"%s\"", #got,      \
                          (want), (got) ? (got) : "(null)");                                                         \
    } while (0)

/* Everything a certificate should read as. dns is a comma-separated list ("" = none). */
struct expect {
    int index;
    const char *sha1, *serial, *subject, *cn, *issuer;
    const char *nb_text, *nb_iso, *na_text, *na_iso;
    const char *template_name, *container, *provider;
    enum tristate key;
    int archived;
    const char *dns;
};

static void check_cert(const struct cert *c, const struct expect *e, int verbose, const char *store)
{
    ck_assert_msg(c != NULL, "certificate %s not found", e->sha1);
    ck_assert_int_eq(c->index, e->index);
    STR_EQ_OR_NULL(c->sha1, e->sha1);
    STR_EQ_OR_NULL(c->serial, e->serial);
    STR_EQ_OR_NULL(c->subject, e->subject);
    STR_EQ_OR_NULL(c->subject_cn, e->cn);
    STR_EQ_OR_NULL(c->issuer, e->issuer);
    STR_EQ_OR_NULL(c->not_before_text, e->nb_text);
    STR_EQ_OR_NULL(c->not_after_text, e->na_text);
    ck_assert_str_eq(iso_or_null(c->not_before, c->not_before_known), e->nb_iso);
    ck_assert_str_eq(iso_or_null(c->not_after, c->not_after_known), e->na_iso);
    STR_EQ_OR_NULL(c->template_name, e->template_name);
    STR_EQ_OR_NULL(c->key_container, e->container);
    STR_EQ_OR_NULL(c->provider, e->provider);
    ck_assert_msg(c->has_private_key == e->key, "%s: has_private_key %d, expected %d", e->sha1, c->has_private_key,
                  e->key);
    ck_assert_int_eq(c->archived, e->archived);
    STR_EQ_OR_NULL(c->store, store);
    ck_assert_int_eq(c->dns_names_known, verbose);
    if (!verbose) {
        ck_assert_uint_eq(c->dns_count, 0);
        return;
    }
    char joined[2048] = "";
    for (size_t i = 0; i < c->dns_count; i++) {
        if (i)
            strcat(joined, ",");
        ck_assert(strlen(joined) + strlen(c->dns_names[i]) < sizeof joined - 2);
        strcat(joined, c->dns_names[i]);
    }
    ck_assert_str_eq(joined, e->dns);
}

static void check_all(const struct parsed *p, const struct expect *e, size_t n, int verbose, const char *store)
{
    ck_assert_int_eq(p->rc, 0);
    ck_assert_uint_eq(p->l.count, n);
    for (size_t i = 0; i < n; i++) {
        check_cert(&p->l.items[i], &e[i], verbose, store);
        ck_assert_ptr_eq(by_sha1(&p->l, e[i].sha1), &p->l.items[i]);
    }
    ck_assert_int_eq(p->l.complete, 1);
    ck_assert_int_eq(p->l.verbose, verbose);
}

/* ---------- the demo host ---------- */

#define KSP "Microsoft Software Key Storage Provider"
#define SCHANNEL "Microsoft RSA SChannel Cryptographic Provider"
#define FABRIKAM "CN=Fabrikam TLS Issuing CA 01, O=Fabrikam Trust Services, C=US"
#define CONTOSO "CN=Contoso Enterprise CA, DC=corp, DC=example"
#define M_DEMO "e7a4c1d2-5b3f-4c8e-9a1d-2f6b8c0e4a35"
#define NW "CN=*.northwind-traders.example, O=Northwind Traders, C=US"

static const struct expect demo[] = {
    {0, "0b9e8d7c6f5a4e3d2c1b0a9f8e7d6c5b4a3f2e1d", "610000000a6f1e2d3c4b5a697800000000000a",
     "CN=old-intranet.corp.example", "old-intranet.corp.example", CONTOSO, "6/29/2022 11:37 AM",
     "2022-06-29T11:37:00Z", "6/30/2024 11:47 AM", "2024-06-30T11:47:00Z", "WebServer",
     "5d0f8e7a3c2b1a9d8e7f6a5b4c3d2e1f_" M_DEMO, SCHANNEL, TRI_TRUE, 0, "old-intranet.corp.example"},
    {1, "5e0c7a93b18d4f26a0e3c9b7d15f8a42c6e0b3d9", "61000000f3a1b2c4d5e6f708190000000000f3",
     "CN=svc-gateway.corp.example", "svc-gateway.corp.example", CONTOSO, "3/10/2026 2:04 PM", "2026-03-10T14:04:00Z",
     "3/10/2028 2:14 PM", "2028-03-10T14:14:00Z", "WebServer", "8a6c4e2f0d1b3a5c7e9f1b3d5a7c9e0f_" M_DEMO, SCHANNEL,
     TRI_TRUE, 0, "svc-gateway.corp.example"},
    {2, "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e", "0c7e1f3a5b9d2e4f6a8c0b1d3e5f7a9c", NW,
     "*.northwind-traders.example", FABRIKAM, "12/1/2025 9:00 AM", "2025-12-01T09:00:00Z", "12/5/2026 8:59 AM",
     "2026-12-05T08:59:00Z", NULL, "4c2e8a1f-6b3d-4f7a-9e0c-5d1b7a3f9e2c", KSP, TRI_TRUE, 0,
     "*.northwind-traders.example,northwind-traders.example"},
    {3, "a4b7c0d3e6f90c2f5a8b1d4e7f0a3c6d9e2b5f81", "5a2e8c4f1b7d3e9a0c6f2b8d4e1a7c3f", "CN=*.northwind-traders.example",
     "*.northwind-traders.example", FABRIKAM, "11/10/2026 9:00 AM", "2026-11-10T09:00:00Z", "1/15/2028 8:59 AM",
     "2028-01-15T08:59:00Z", NULL, NULL, NULL, TRI_FALSE, 0, "*.northwind-traders.example,northwind-traders.example"},
    {4, "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17", "2b9f4d6e8a0c1e3f5a7b9d1c3e5f7a0b", NW,
     "*.northwind-traders.example", FABRIKAM, "11/2/2026 9:00 AM", "2026-11-02T09:00:00Z", "12/7/2027 8:59 AM",
     "2027-12-07T08:59:00Z", NULL, "d81a3f6c-2e9b-4c7d-a5f0-3b8e1c6d9a24", KSP, TRI_TRUE, 0,
     "*.northwind-traders.example,northwind-traders.example"},
};

START_TEST(demo_plain)
{
    struct parsed p;
    parse_fixture(&p, "demo-wildcard-renewal/certutil-store-my.txt", 437, "My");
    check_all(&p, demo, 5, 0, "My");
    ck_assert_str_eq(p.l.language, "en");
    ck_assert_ptr_null(p.l.date_assumption); /* 6/30/2024 and 1/15/2028 prove month first */
    ck_assert_int_eq(p.l.items[2].line, 32);
    assert_no_warnings(&p.d);
    parsed_free(&p);
}
END_TEST

START_TEST(demo_verbose_matches_plain)
{
    struct parsed v, pl;
    parse_fixture(&v, "demo-wildcard-renewal/certutil-v-store-my.txt", 437, "My");
    check_all(&v, demo, 5, 1, "My");
    assert_no_warnings(&v.d);
    /* the two recordings are of one store: every field but the SANs agrees */
    parse_fixture(&pl, "demo-wildcard-renewal/certutil-store-my.txt", 437, "My");
    for (size_t i = 0; i < 5; i++) {
        const struct cert *a = &v.l.items[i], *b = &pl.l.items[i];
        ck_assert_str_eq(a->sha1, b->sha1);
        ck_assert_str_eq(a->subject, b->subject);
        ck_assert_str_eq(a->issuer, b->issuer);
        ck_assert_int_eq((long long)a->not_after, (long long)b->not_after);
        ck_assert_int_eq(a->has_private_key, b->has_private_key);
    }
    parsed_free(&v);
    parsed_free(&pl);
}
END_TEST

/* ---------- every hash a recorded host binds is in its certutil recordings ---------- */

static void check_bound_hashes_present(const char *host, int codepage)
{
    char rel[256];
    snprintf(rel, sizeof rel, "%s/netsh-http-show-sslcert.txt", host);
    size_t n;
    unsigned char *b = fixture_read(rel, &n);
    struct binding_list bl;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(netsh_parse_sslcert_bytes(b, n, codepage, &bl, &d), 0);
    free(b);
    struct parsed my, wh;
    snprintf(rel, sizeof rel, "%s/certutil-store-my.txt", host);
    parse_fixture(&my, rel, codepage, "My");
    snprintf(rel, sizeof rel, "%s/certutil-store-webhosting.txt", host);
    parse_fixture(&wh, rel, codepage, "WebHosting");
    assert_no_warnings(&my.d);
    assert_no_warnings(&wh.d);
    size_t checked = 0;
    for (size_t i = 0; i < bl.count; i++) {
        const struct binding *x = &bl.items[i];
        if (!x->certhash)
            continue;
        /* netsh's store name: (null) and MY mean My */
        int webhosting = x->store && strcmp(x->store, "WebHosting") == 0;
        const struct cert *c = by_sha1(webhosting ? &wh.l : &my.l, x->certhash);
        ck_assert_msg(c != NULL, "%s: %s bound to %s is not in its store recording", host, x->certhash, x->socket);
        ck_assert_int_eq(c->has_private_key, TRI_TRUE);
        checked++;
    }
    ck_assert_uint_gt(checked, 3);
    binding_list_free(&bl);
    diags_free(&d);
    parsed_free(&my);
    parsed_free(&wh);
}

START_TEST(ws2022_en_stores_hold_bound_certificates)
{
    check_bound_hashes_present("ws2022-en", 437);
    struct parsed p;
    parse_fixture(&p, "ws2022-en/certutil-store-webhosting.txt", 437, "WebHosting");
    static const struct expect wh[] = {
        {0, "236d31def0b9d2993134b65ab3adf32b1cc8fa65", "0a9d3f51c7e28b46d1f0e3a7c92b5d84",
         "CN=www.adatum.example, O=Adatum Corporation, C=US", "www.adatum.example", FABRIKAM, "6/1/2026 12:00 AM",
         "2026-06-01T00:00:00Z", "7/1/2027 11:59 PM", "2027-07-01T23:59:00Z", NULL, "5b7d9f1a-3c5e-4a7b-9d1f-3a5c7e9b1d3f",
         KSP, TRI_TRUE, 0, ""},
    };
    check_all(&p, wh, 1, 0, "WebHosting");
    /* nothing in this store proves the order: month first, and the output says so */
    ck_assert_ptr_nonnull(p.l.date_assumption);
    ck_assert_ptr_nonnull(strstr(p.l.date_assumption, "--date-order dmy"));
    parsed_free(&p);
    parse_fixture(&p, "ws2022-en/certutil-store-my.txt", 437, "My");
    const struct cert *wmsvc = by_sha1(&p.l, "4496e0ed7afceaa86dc3f3464849a845d1f7c3a0");
    ck_assert_str_eq(wmsvc->subject, "CN=WMSvc-SHA2-WEB01");
    ck_assert_str_eq(wmsvc->issuer, "CN=WMSvc-SHA2-WEB01");
    ck_assert_str_eq(iso_or_null(wmsvc->not_after, wmsvc->not_after_known), "2033-05-06T15:41:00Z");
    ck_assert_str_eq(wmsvc->key_container, "e1c3a5b7d9f1e3c5a7b9d1f3e5c7a9b1_0f3b5d7a-9c1e-4a2b-8d6f-1e3a5c7b9d0f");
    ck_assert_ptr_null(p.l.date_assumption); /* 4/14/2026 proves month first */
    parsed_free(&p);
}
END_TEST

START_TEST(ws2012r2_spaced_hashes)
{
    check_bound_hashes_present("ws2012r2-en", 437);
    struct parsed p;
    parse_fixture(&p, "certutil-ws2012r2-en-spaced/certutil-store-my.txt", 437, "My");
    static const struct expect e[] = {
        {0, "a84bba07931db925306a0799dc6ebd718b8c764d", "4d2a7f0e9c1b58a3d6e2f4c71b9a0e35",
         "CN=*.fabrikam.example, OU=IT, O=\"Fabrikam, Inc.\", L=Redmond, S=WA, C=US", "*.fabrikam.example",
         "CN=Contoso Public CA G2, O=Contoso Ltd, C=US", "2/3/2026 12:00 AM", "2026-02-03T00:00:00Z",
         "3/5/2027 11:59 PM", "2027-03-05T23:59:00Z", NULL,
         "0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c_6c8e0a2b-4d6f-4a1c-9e3b-5d7f9a1c3e5b", SCHANNEL, TRI_TRUE, 0, ""},
        {1, "7d529975dcb6de0703b4ab7ed013e50181d960e9", "1f7c4a92e6d0b835", "CN=WMSvc-WIN-2K12R2WEB",
         "WMSvc-WIN-2K12R2WEB", "CN=WMSvc-WIN-2K12R2WEB", "6/14/2016 2:03 PM", "2016-06-14T14:03:00Z",
         "6/12/2026 2:03 PM", "2026-06-12T14:03:00Z", NULL,
         "b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2_6c8e0a2b-4d6f-4a1c-9e3b-5d7f9a1c3e5b", SCHANNEL, TRI_TRUE, 0, ""},
        {2, "c6e8a0b2d4f6e8c0a2b4d6f8e0c2a4b6d8f0e2c4", "2400000093a7c5e1f3b2d4068e000000000093",
         "CN=WIN-2K12R2WEB.fabrikam.example", "WIN-2K12R2WEB.fabrikam.example",
         "CN=Fabrikam Enterprise CA, DC=fabrikam, DC=example", "9/22/2025 4:18 PM", "2025-09-22T16:18:00Z",
         "9/22/2026 4:18 PM", "2026-09-22T16:18:00Z", "Machine",
         "d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4_6c8e0a2b-4d6f-4a1c-9e3b-5d7f9a1c3e5b", SCHANNEL, TRI_TRUE, 0, ""},
        {3, "1c0acb3dea13519a60a077bbd142880e8427abee", "6b3e9d1f4a7c02e85f1d3b6a9c2e7f40",
         "CN=legacy.fabrikam.example, O=\"Fabrikam, Inc.\", C=US", "legacy.fabrikam.example",
         "CN=Contoso Public CA G2, O=Contoso Ltd, C=US", "10/7/2025 12:00 AM", "2025-10-07T00:00:00Z",
         "11/6/2026 11:59 PM", "2026-11-06T23:59:00Z", NULL,
         "f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6_6c8e0a2b-4d6f-4a1c-9e3b-5d7f9a1c3e5b", SCHANNEL, TRI_TRUE, 0, ""},
    };
    check_all(&p, e, 4, 0, "My");
    assert_no_warnings(&p.d);
    parsed_free(&p);
}
END_TEST

/* ---------- Windows Server 2022, plain and verbose ---------- */

#define M_TT "3e5a7c9b-1d3f-4b5a-8c7e-9f1a3b5c7d9e"
static const struct expect modern[] = {
    {0, "9d2f6b0e4a8c1f5d3b7e9a2c6f0d4b8e1a5c9f3d", "0b5e2f8a1c4d7e9036a2c8f4e1b7d3a6",
     "CN=www.tailspin-toys.example, O=Tailspin Toys, L=Portland, S=Oregon, C=US", "www.tailspin-toys.example", FABRIKAM,
     "9/14/2026 12:00 AM", "2026-09-14T00:00:00Z", "10/15/2027 11:59 PM", "2027-10-15T23:59:00Z", NULL,
     "7c9e1a3b-5d7f-4a9c-8e0b-2d4f6a8c0e2a", KSP, TRI_TRUE, 0,
     "www.tailspin-toys.example,tailspin-toys.example,shop.tailspin-toys.example,cart.tailspin-toys.example,"
     "checkout.tailspin-toys.example,api.tailspin-toys.example,cdn.tailspin-toys.example,static.tailspin-toys.example,"
     "images.tailspin-toys.example,m.tailspin-toys.example,support.tailspin-toys.example,status.tailspin-toys.example,"
     "tailspin-toys.co.example,www.tailspin-toys.co.example"},
    {1, "e4a8c2f6b0d4e8a2c6f0b4d8e2a6c0f4b8d2e6a0", "7e3a9c5f1b2d8e4a0c6f3b9d5e1a7c2f", "CN=*.tailspin-toys.example",
     "*.tailspin-toys.example", FABRIKAM, "2/1/2026 12:00 AM", "2026-02-01T00:00:00Z", "3/3/2027 11:59 PM",
     "2027-03-03T23:59:00Z", NULL, "2f4a6c8e-0b2d-4f6a-9c1e-3b5d7f9a1c3e", KSP, TRI_TRUE, 0,
     "*.tailspin-toys.example,tailspin-toys.example"},
    {2, "1f3e5d7c9b0a2f4e6d8c0b1a3f5e7d9c2b4a6f8e", "4c1e7a3f9b5d2e8c0a6f4b1d7e3a9c5f", "CN=legacy.tailspin-toys.example",
     "legacy.tailspin-toys.example", FABRIKAM, "8/1/2024 12:00 AM", "2024-08-01T00:00:00Z", "8/31/2025 11:59 PM",
     "2025-08-31T23:59:00Z", NULL, "5c7e9a1b3d5f7c9e1a3b5d7f9c1e3a5b_" M_TT, SCHANNEL, TRI_TRUE, 0,
     "legacy.tailspin-toys.example"},
    {3, "b7d1f5a9c3e7b1d5f9a3c7e1b5d9f3a7c1e5b9d3", "2d8f4b0e6a1c3e5f7b9d0a2c4e6f8a1b", "CN=api.tailspin-toys.example",
     "api.tailspin-toys.example", FABRIKAM, "10/1/2026 12:00 AM", "2026-10-01T00:00:00Z", "11/1/2027 11:59 PM",
     "2027-11-01T23:59:00Z", NULL, NULL, NULL, TRI_FALSE, 0, "api.tailspin-toys.example"},
    /* a key container and provider are shown, but the key itself is gone: no private key */
    {4, "c0e4a8d2f6b0e4c8a2d6f0b4e8c2a6d0f4b8e2c6", "6a0c2e4f8b1d3f5a7c9e0b2d4f6a8c0e", "CN=mail.tailspin-toys.example",
     "mail.tailspin-toys.example", FABRIKAM, "5/5/2026 12:00 AM", "2026-05-05T00:00:00Z", "6/4/2027 11:59 PM",
     "2027-06-04T23:59:00Z", NULL, "9e1b3d5f-7a9c-4e1b-8d3f-5a7c9e1b3d5f", KSP, TRI_FALSE, 0,
     "mail.tailspin-toys.example,autodiscover.tailspin-toys.example"},
    {5, "f2c6a0e4b8d2f6c0a4e8b2d6f0c4a8e2b6d0f4c8", "5e8a1c3f7b9d2e4a", "CN=WMSvc-SHA2-TAILWEB01", "WMSvc-SHA2-TAILWEB01",
     "CN=WMSvc-SHA2-TAILWEB01", "4/22/2026 6:05 PM", "2026-04-22T18:05:00Z", "4/19/2036 6:05 PM",
     "2036-04-19T18:05:00Z", NULL, "9c1e3a5b7d9f1c3e5a7b9d1f3c5e7a9b_" M_TT, SCHANNEL, TRI_TRUE, 0, ""},
};

START_TEST(ws2022_modern_plain)
{
    struct parsed p;
    parse_fixture(&p, "certutil-ws2022-en-modern/certutil-store-my.txt", 437, "My");
    check_all(&p, modern, 6, 0, "My");
    assert_no_warnings(&p.d);
    parsed_free(&p);
}
END_TEST

START_TEST(ws2022_modern_verbose)
{
    struct parsed p;
    parse_fixture(&p, "certutil-ws2022-en-modern/certutil-v-store-my.txt", 437, "My");
    check_all(&p, modern, 6, 1, "My");
    ck_assert_uint_eq(p.l.items[0].dns_count, 14);
    assert_no_warnings(&p.d);
    parsed_free(&p);
}
END_TEST

/* ---------- Windows Server 2019 verbose: archived, IP SANs, v1 template, WebHosting ---------- */

START_TEST(ws2019_verbose)
{
    struct parsed p;
    parse_fixture(&p, "certutil-ws2019-en-verbose/certutil-v-store-my.txt", 437, NULL);
#define WG "CN=online.woodgrovebank.example, O=Woodgrove Bank, L=Toronto, S=Ontario, C=CA"
#define M_WG "8b0d2f4a-6c8e-4b0d-9f2a-4c6e8b0d2f4a"
    static const struct expect e[] = {
        {0, "d3f7b1e5a9c3f7d1b5e9a3c7f1d5b9e3a7c1f5d9", "09f1b3d5e7a2c4f6081a3c5e7f9b1d2e", WG,
         "online.woodgrovebank.example", FABRIKAM, "7/15/2026 12:00 AM", "2026-07-15T00:00:00Z", "8/14/2027 11:59 PM",
         "2027-08-14T23:59:00Z", NULL, "0c2e4a6b-8d0f-4c2e-a6b8-d0f2c4e6a8b0", KSP, TRI_TRUE, 0,
         "online.woodgrovebank.example,www.woodgrovebank.example,woodgrovebank.example"}, /* not the IP SAN */
        {1, "8a2e6c0f4b8d2a6e0c4f8b2d6a0e4c8f2b6d0a4e", "03a5c7e9f1b2d4f6a8c0e2b4d6f8a0c1", WG,
         "online.woodgrovebank.example", FABRIKAM, "9/1/2024 12:00 AM", "2024-09-01T00:00:00Z", "10/1/2025 11:59 PM",
         "2025-10-01T23:59:00Z", NULL, "4e6a8c0b-2d4f-4e6a-8c0b-2d4f6a8c0e2b", KSP, TRI_TRUE, 1,
         "online.woodgrovebank.example,www.woodgrovebank.example,woodgrovebank.example"},
        {2, "5b9f3d7a1e5c9b3f7d1a5e9c3b7f1d5a9e3c7b1f", "1a0000004d7f3b9e1c5a2d8f6000000000004d",
         "CN=WGB-WEB02.corp.woodgrovebank.example", "WGB-WEB02.corp.woodgrovebank.example",
         "CN=Woodgrove Enterprise CA, DC=corp, DC=woodgrovebank, DC=example", "1/8/2026 11:21 AM",
         "2026-01-08T11:21:00Z", "1/8/2027 11:21 AM", "2027-01-08T11:21:00Z", "Machine",
         "6b8d0f2a4c6e8b0d2f4a6c8e0b2d4f6a_" M_WG, SCHANNEL, TRI_TRUE, 0, "WGB-WEB02.corp.woodgrovebank.example"},
    };
    /* no store asked: the store name comes from certutil's header line */
    check_all(&p, e, 3, 1, "My");
    ck_assert_str_eq(p.l.store, "My");
    assert_no_warnings(&p.d);
    parsed_free(&p);

    parse_fixture(&p, "certutil-ws2019-en-verbose/certutil-v-store-webhosting.txt", 437, "WebHosting");
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 1);
    ck_assert_str_eq(p.l.items[0].sha1, "2c6e0a4d8f2b6c0e4a8d2f6b0c4e8a2d6f0b4c8e");
    ck_assert_str_eq(p.l.items[0].store, "WebHosting");
    ck_assert_uint_eq(p.l.items[0].dns_count, 1);
    assert_no_warnings(&p.d);
    parsed_free(&p);
}
END_TEST

/* ---------- German (CP850) ---------- */

START_TEST(ws2016_german_cp850)
{
    struct parsed p;
    parse_fixture(&p, "certutil-ws2016-de/certutil-store-my.txt", 850, "My");
#define M_DE "5d7f9a1c-3e5b-4d7f-9a1c-3e5b7d9f1a3c"
    static const struct expect e[] = {
        {0, "e1b5f9d3a7c1e5b9f3d7a1c5e9b3f7d1a5c9e3b7", "0d4f8b2e6a1c5e9f3b7d1a5c9e3f7b2d",
         "CN=shop.baeckerei-mueller.example, O=B\xC3\xA4" "ckerei M\xC3\xBCller GmbH, L=M\xC3\xBCnchen, C=DE",
         "shop.baeckerei-mueller.example", FABRIKAM, "03.04.2026 01:00", "2026-04-03T01:00:00Z", "04.05.2027 00:59",
         "2027-05-04T00:59:00Z", NULL, "3f5b7d9a-1c3e-4f5b-9d1a-3c5e7f9b1d3a", KSP, TRI_TRUE, 0, ""},
        {1, "6e0a4c8f2b6d0e4a8c2f6b0d4e8a2c6f0b4d8e2a", "5b9d3f7a1e4c8b2d6f0a4e8c2b6d0f4a",
         "CN=intranet.mueller.example, O=B\xC3\xA4" "ckerei M\xC3\xBCller GmbH, C=DE", "intranet.mueller.example",
         FABRIKAM, "12.01.2026 01:00", "2026-01-12T01:00:00Z", "11.02.2027 00:59", "2027-02-11T00:59:00Z", NULL, NULL,
         NULL, TRI_FALSE, 0, ""},
        {2, "9c2e6a0d4f8b2c6e0a4d8f2b6c0e4a8d2f6b0c4e", "2e6b0f4a8d1c5e9b", "CN=WMSvc-WEB-DE01", "WMSvc-WEB-DE01",
         "CN=WMSvc-WEB-DE01", "17.08.2016 14:22", "2016-08-17T14:22:00Z", "15.08.2026 14:22", "2026-08-15T14:22:00Z",
         NULL, "c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0_" M_DE, SCHANNEL, TRI_TRUE, 0, ""},
    };
    check_all(&p, e, 3, 0, "My");
    ck_assert_str_eq(p.l.language, "de");
    ck_assert_ptr_null(p.l.date_assumption); /* dots: day first, no assumption */
    assert_no_warnings(&p.d);
    parsed_free(&p);
}
END_TEST

/* ---------- French (CP850, no-break spaces before ':' and '=') ---------- */

START_TEST(ws2019_french_cp850)
{
    struct parsed p;
    parse_fixture(&p, "certutil-ws2019-fr/certutil-store-my.txt", 850, "My");
    static const struct expect e[] = {
        {0, "a3c7e1b5d9f3a7c1e5b9d3f7a1c5e9b3d7f1a5c9", "4a8e2c6f0b3d7a1e5c9f2b6d0a4e8c1f",
         "CN=www.boulangerie-dupont.example, O=Boulangerie Dupont SARL, L=Lyon, C=FR", "www.boulangerie-dupont.example",
         FABRIKAM, "03/04/2026 02:00", "2026-04-03T02:00:00Z", "04/05/2027 01:59", "2027-05-04T01:59:00Z", NULL,
         "{6D8F0A2C-4E6B-4D8F-A2C4-E6B8D0F2A4C6}", KSP, TRI_TRUE, 0, ""},
        {1, "4d8b2f6a0e4c8d2b6f0a4e8c2d6b0f4a8e2c6d0b", "0c6a2e8f4b1d7c3e9a5f1b7d3c9e5a2f",
         "CN=extranet.dupont.example, O=Boulangerie Dupont SARL, C=FR", "extranet.dupont.example", FABRIKAM,
         "28/02/2026 01:00", "2026-02-28T01:00:00Z", "28/02/2027 00:59", "2027-02-28T00:59:00Z", NULL, NULL, NULL,
         TRI_FALSE, 0, ""},
        {2, "0f4b8e2c6a0d4f8b2e6c0a4d8f2b6e0c4a8d2f6b", "6e1a5c9f3b7d2e6a", "CN=WMSvc-SHA2-WEB-FR01",
         "WMSvc-SHA2-WEB-FR01", "CN=WMSvc-SHA2-WEB-FR01", "11/06/2019 09:15", "2019-06-11T09:15:00Z",
         "08/06/2029 09:15", "2029-06-08T09:15:00Z", NULL, "WMSvc-SHA2-WEB-FR01", SCHANNEL, TRI_TRUE, 0, ""},
    };
    check_all(&p, e, 3, 0, "My");
    ck_assert_str_eq(p.l.language, "fr");
    ck_assert_ptr_null(p.l.date_assumption); /* 28/02/2026 proves day first */
    assert_no_warnings(&p.d);
    parsed_free(&p);
}
END_TEST

/* ---------- dates: the evidence, strongest first ---------- */

START_TEST(en_au_dates_from_evidence)
{
    struct parsed p;
    parse_fixture(&p, "certutil-en-au-dates/certutil-store-my.txt", 437, "My");
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 2);
    /* English labels, AM/PM, yet 22/11/2025 in the same output proves day first */
    ck_assert_str_eq(iso_or_null(p.l.items[0].not_before, p.l.items[0].not_before_known), "2026-04-03T10:00:00Z");
    ck_assert_str_eq(iso_or_null(p.l.items[0].not_after, p.l.items[0].not_after_known), "2027-05-04T09:59:00Z");
    ck_assert_str_eq(iso_or_null(p.l.items[1].not_before, p.l.items[1].not_before_known), "2025-11-22T18:20:00Z");
    ck_assert_ptr_null(p.l.date_assumption);
    assert_no_warnings(&p.d);
    parsed_free(&p);
}
END_TEST

static const char AU_AMBIGUOUS[] = "My \"Personal\"\r\n"
                                   "================ Certificate 0 ================\r\n"
                                   "Serial Number: 0f1e2d3c4b5a69788796a5b4c3d2e1f0\r\n"
                                   "Issuer: CN=Fabrikam TLS Issuing CA 01, O=Fabrikam Trust Services, C=US\r\n"
                                   " NotBefore: 3/4/2026 10:00 AM\r\n"
                                   " NotAfter: 4/5/2027 9:59 AM\r\n"
                                   "Subject: CN=www.wideworldimporters.example\r\n"
                                   "Non-root Certificate\r\n"
                                   "Cert Hash(sha1): 46a0c4e8b2f6a0d4c8e2b6f0a4d8c2e6b0f4a8d2\r\n"
                                   "No key provider information\r\n"
                                   "Cannot find the certificate and private key for decryption.\r\n"
                                   "CertUtil: -store command completed successfully.\r\n";

START_TEST(ambiguous_dates_assumption_and_overrides)
{
    struct parsed p;
    /* nothing but English + AM/PM: month first, stated as an assumption */
    parse_str(&p, AU_AMBIGUOUS, "My", DATE_ORDER_UNKNOWN);
    ck_assert_str_eq(iso_or_null(p.l.items[0].not_before, p.l.items[0].not_before_known), "2026-03-04T10:00:00Z");
    ck_assert_ptr_nonnull(p.l.date_assumption);
    ck_assert_ptr_nonnull(strstr(p.l.date_assumption, "month first"));
    parsed_free(&p);
    /* --date-order dmy */
    parse_str(&p, AU_AMBIGUOUS, "My", DATE_ORDER_DMY);
    ck_assert_str_eq(iso_or_null(p.l.items[0].not_before, p.l.items[0].not_before_known), "2026-04-03T10:00:00Z");
    ck_assert_str_eq(iso_or_null(p.l.items[0].not_after, p.l.items[0].not_after_known), "2027-05-04T09:59:00Z");
    ck_assert_ptr_null(p.l.date_assumption);
    parsed_free(&p);
    /* live: the system's short-date format */
    parse_mem(&p, AU_AMBIGUOUS, strlen(AU_AMBIGUOUS), 0, "My", DATE_ORDER_UNKNOWN, "d/MM/yyyy");
    ck_assert_str_eq(iso_or_null(p.l.items[0].not_before, p.l.items[0].not_before_known), "2026-04-03T10:00:00Z");
    ck_assert_ptr_null(p.l.date_assumption);
    parsed_free(&p);
    /* --date-order ymd says nothing about year-last dates: back to the evidence */
    parse_str(&p, AU_AMBIGUOUS, "My", DATE_ORDER_YMD);
    ck_assert_str_eq(iso_or_null(p.l.items[0].not_before, p.l.items[0].not_before_known), "2026-03-04T10:00:00Z");
    parsed_free(&p);
}
END_TEST

START_TEST(explicit_order_contradicted_by_a_date)
{
    struct parsed p;
    size_t n;
    unsigned char *b = fixture_read("certutil-en-au-dates/certutil-store-my.txt", &n);
    parse_mem(&p, b, n, 437, "My", DATE_ORDER_MDY, NULL);
    free(b);
    ck_assert_int_eq(p.rc, 0);
    /* the user said month first: 3/4/2026 is March 4, and 22/11/2025 cannot be read */
    ck_assert_str_eq(iso_or_null(p.l.items[0].not_before, p.l.items[0].not_before_known), "2026-03-04T10:00:00Z");
    ck_assert_int_eq(p.l.items[1].not_before_known, 0);
    ck_assert_int_eq(p.l.items[1].not_after_known, 0);
    ck_assert_str_eq(p.l.items[1].not_before_text, "22/11/2025 6:20 PM");
    const struct diag *g = find_diag(&p.d, SEV_WARNING, "22/11/2025 6:20 PM");
    ck_assert_ptr_nonnull(g);
    ck_assert_ptr_nonnull(strstr(g->message, "mdy"));
    ck_assert_int_eq(g->line, 16);
    parsed_free(&p);
}
END_TEST

START_TEST(french_labels_mean_day_first)
{
    static const char fr[] = "================ Certificat 0 ================\r\n"
                             "Num\xC3\xA9ro de s\xC3\xA9rie : 4a8e2c6f0b3d7a1e5c9f2b6d0a4e8c1f\r\n"
                             "\xC3\x89metteur: CN=Fabrikam TLS Issuing CA 01\r\n"
                             " NotBefore : 03/04/2026 02:00\r\n"
                             " NotAfter : 04/05/2027 01:59\r\n"
                             "Objet: CN=www.boulangerie-dupont.example\r\n"
                             "Hach. cert. (sha1)\xC2\xA0: a3c7e1b5d9f3a7c1e5b9d3f7a1c5e9b3d7f1a5c9\r\n"
                             "CertUtil: -store La commande s'est termin\xC3\xA9" "e correctement.\r\n";
    struct parsed p;
    parse_str(&p, fr, "My", DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_str_eq(p.l.language, "fr");
    ck_assert_str_eq(iso_or_null(p.l.items[0].not_before, p.l.items[0].not_before_known), "2026-04-03T02:00:00Z");
    ck_assert_ptr_nonnull(p.l.date_assumption);
    ck_assert_ptr_nonnull(strstr(p.l.date_assumption, "day first"));
    ck_assert_int_eq(p.l.items[0].has_private_key, TRI_UNKNOWN); /* nothing said about the key */
    parsed_free(&p);
}
END_TEST

/* ---------- unknown languages: the shape of the values still speaks ---------- */

START_TEST(unknown_language_read_by_shape)
{
    /* Japanese labels (no table): banner, serial first, names around the dates, hash after "(sha1)" */
    static const char ja[] =
        "My \"\xE5\x80\x8B\xE4\xBA\xBA\"\r\n"
        "================ \xE8\xA8\xBC\xE6\x98\x8E\xE6\x9B\xB8 7 ================\r\n"
        "\xE3\x82\xB7\xE3\x83\xAA\xE3\x82\xA2\xE3\x83\xAB\xE7\x95\xAA\xE5\x8F\xB7: 1d3b5f7a9c0e2d4b6f8a1c3e5d7b9f0a\r\n"
        "\xE7\x99\xBA\xE8\xA1\x8C\xE8\x80\x85: CN=Fabrikam TLS Issuing CA 01, O=Fabrikam Trust Services, C=US\r\n"
        " NotBefore: 2026/03/04 10:00\r\n"
        " NotAfter: 2027/04/05 9:59\r\n"
        "\xE3\x82\xB5\xE3\x83\x96\xE3\x82\xB8\xE3\x82\xA7\xE3\x82\xAF\xE3\x83\x88: CN=www.contoso.example\r\n"
        "\xE3\x82\xAD\xE3\x83\xBC ID: 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567\r\n" /* another 40-hex value */
        "\xE8\xA8\xBC\xE6\x98\x8E\xE6\x9B\xB8\xE3\x83\x8F\xE3\x83\x83\xE3\x82\xB7\xE3\x83\xA5(sha1): "
        "7b 1f 5d 9a 3e 7c 1b 5f 9d 3a 7e 1c 5b 9f 3d 7a 1e 5c 9b 3f\r\n"
        "CertUtil: -store \xE3\x82\xB3\xE3\x83\x9E\xE3\x83\xB3\xE3\x83\x89\xE3\x81\xAF\xE6\xAD\xA3\xE5\xB8\xB8\r\n";
    struct parsed p;
    parse_str(&p, ja, "My", DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 1);
    const struct cert *c = &p.l.items[0];
    ck_assert_int_eq(c->index, 7);
    ck_assert_str_eq(c->sha1, "7b1f5d9a3e7c1b5f9d3a7e1c5b9f3d7a1e5c9b3f");
    ck_assert_str_eq(c->serial, "1d3b5f7a9c0e2d4b6f8a1c3e5d7b9f0a");
    ck_assert_str_eq(c->issuer, FABRIKAM);
    ck_assert_str_eq(c->subject, "CN=www.contoso.example");
    ck_assert_str_eq(c->subject_cn, "www.contoso.example");
    ck_assert_str_eq(iso_or_null(c->not_before, c->not_before_known), "2026-03-04T10:00:00Z");
    ck_assert_str_eq(iso_or_null(c->not_after, c->not_after_known), "2027-04-05T09:59:00Z");
    ck_assert_int_eq(c->has_private_key, TRI_UNKNOWN);
    const struct diag *g = find_diag(&p.d, SEV_WARNING, "not in any language table");
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(g->line, 2);
    ck_assert_ptr_nonnull(strstr(g->message, "SHA-1 hash"));
    ck_assert_ptr_nonnull(strstr(g->message, "serial"));
    ck_assert_ptr_nonnull(strstr(g->message, "issuer"));
    ck_assert_ptr_nonnull(strstr(g->message, "subject"));
    ck_assert_ptr_nonnull(strstr(g->message, "\xE7\x99\xBA\xE8\xA1\x8C\xE8\x80\x85")); /* the label it could not name */
    parsed_free(&p);

    /* the verbose form in that language: names on indented lines, "Version: 3" before the serial,
     * the name hashes (sha1 too) before the certificate hash */
    static const char jav[] =
        "================ \xE8\xA8\xBC\xE6\x98\x8E\xE6\x9B\xB8 0 ================\n"
        "X509 \xE8\xA8\xBC\xE6\x98\x8E\xE6\x9B\xB8:\n"
        "\xE3\x83\x90\xE3\x83\xBC\xE3\x82\xB8\xE3\x83\xA7\xE3\x83\xB3: 3\n"
        "\xE3\x82\xB7\xE3\x83\xAA\xE3\x82\xA2\xE3\x83\xAB\xE7\x95\xAA\xE5\x8F\xB7: 56eb088834c470a74bd07ea1f2037266\n"
        "\xE7\x99\xBA\xE8\xA1\x8C\xE8\x80\x85:\n"
        "    CN=Fabrikam TLS Issuing CA 01\n"
        "    C=US\n"
        "  \xE5\x90\x8D\xE5\x89\x8D\xE3\x83\x8F\xE3\x83\x83\xE3\x82\xB7\xE3\x83\xA5 (sha1): "
        "40cbfb9e7e73c44bee6d916188df62d46d8577f6\n"
        "\n"
        " NotBefore: 2026/03/04 10:00\n"
        " NotAfter: 2027/04/05 9:59\n"
        "\n"
        "\xE3\x82\xB5\xE3\x83\x96\xE3\x82\xB8\xE3\x82\xA7\xE3\x82\xAF\xE3\x83\x88:\n"
        "    CN=www.contoso.example\n"
        "  \xE5\x90\x8D\xE5\x89\x8D\xE3\x83\x8F\xE3\x83\x83\xE3\x82\xB7\xE3\x83\xA5 (sha1): "
        "01aad90ff6a6812f368a509eed47be8ea0a3b78d\n"
        "\n"
        "\xE8\xA8\xBC\xE6\x98\x8E\xE6\x9B\xB8\xE3\x83\x8F\xE3\x83\x83\xE3\x82\xB7\xE3\x83\xA5(sha1): "
        "7b1f5d9a3e7c1b5f9d3a7e1c5b9f3d7a1e5c9b3f\n"
        "CertUtil: -store OK\n";
    parse_str(&p, jav, "My", DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, 0);
    c = &p.l.items[0];
    ck_assert_str_eq(c->sha1, "7b1f5d9a3e7c1b5f9d3a7e1c5b9f3d7a1e5c9b3f");
    ck_assert_str_eq(c->serial, "56eb088834c470a74bd07ea1f2037266");
    ck_assert_str_eq(c->issuer, "CN=Fabrikam TLS Issuing CA 01, C=US");
    ck_assert_str_eq(c->subject, "CN=www.contoso.example");
    ck_assert_str_eq(iso_or_null(c->not_after, c->not_after_known), "2027-04-05T09:59:00Z");
    parsed_free(&p);
}
END_TEST

START_TEST(chinese_labels)
{
    static const char zh[] = "Root\n"
                             "================ \xE8\xAF\x81\xE4\xB9\xA6 2 ================\n"
                             "\xE5\xBA\x8F\xE5\x88\x97\xE5\x8F\xB7: 0100000000000000000000000000000000\n"
                             "\xE9\xA2\x81\xE5\x8F\x91\xE8\x80\x85: CN=SunnyNet, O=SunnyNet, C=CN\n"
                             " NotBefore: 2022-11-04 15:05\n"
                             " NotAfter: 2122-10-11 15:05\n"
                             "\xE4\xBD\xBF\xE7\x94\xA8\xE8\x80\x85: CN=SunnyNet, O=SunnyNet, C=CN\n"
                             "\xE8\xAF\x81\xE4\xB9\xA6\xE5\x93\x88\xE5\xB8\x8C(sha1): d70cd039051f77c30673b8209fc15efa650ed52c\n"
                             "CertUtil: -store \xE5\x91\xBD\xE4\xBB\xA4\xE6\x88\x90\xE5\x8A\x9F\xE5\xAE\x8C\xE6\x88\x90\xE3\x80\x82\n";
    struct parsed p;
    parse_str(&p, zh, NULL, DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_str_eq(p.l.language, "zh-CN");
    ck_assert_str_eq(p.l.store, "Root");
    ck_assert_int_eq(p.l.items[0].index, 2);
    ck_assert_str_eq(p.l.items[0].sha1, "d70cd039051f77c30673b8209fc15efa650ed52c");
    ck_assert_str_eq(p.l.items[0].subject_cn, "SunnyNet");
    ck_assert_str_eq(iso_or_null(p.l.items[0].not_after, p.l.items[0].not_after_known), "2122-10-11T15:05:00Z");
    assert_no_warnings(&p.d);
    parsed_free(&p);
}
END_TEST

/* ---------- key states, names, odd blocks ---------- */

START_TEST(key_states)
{
    static const char s[] =
        "================ Certificate 0 ================\n"
        "Serial Number: 01\n"
        "Cert Hash(sha1): 6304015fd0f78ed5ae56d3850940b62055e65b3b\n"
        "  Key Container =\n" /* empty: the posh-acme case that later failed with 1312 */
        "  Simple container name: DefaultKeys\n"
        "  ERROR: Container name inconsistent:\n"
        "\n"
        "================ Certificate 1 ================\n"
        "Serial Number: 02\n"
        "Cert Hash(sha1): 2f02901dcff083ed3dbb6cb0a15bbfee6002b1a8\n"
        "  Key Container = Certificate-LTD-CA\n"
        "  Provider = Microsoft Software Key Storage Provider\n"
        "Missing stored keyset\n"
        "\n"
        "================ Certificate 2 ================\n"
        "Serial Number: 03\n"
        "Cert Hash(sha1): 5137a597de2c3085ec5816c7f11edc18cfcdbaf8\n"
        "No key provider information\n"
        "Missing stored keyset\n"
        "\n"
        "================ Certificate 3 ================\n"
        "Serial Number: 04\n"
        "Cert Hash(sha1): 63c6ce5fc512933179d3c0a5e94ecba98092f93d\n"
        "Key Container = S-1-12-1-../../login.windows.net/../amanda.brady@contoso.com\n"
        "Provider = Microsoft Passport Key Storage Provider\n"
        "Private key is NOT exportable\n"
        "Encryption test passed\n"
        "CertUtil: -store command completed successfully.\n";
    struct parsed p;
    parse_str(&p, s, "My", DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 4);
    ck_assert_int_eq(p.l.items[0].has_private_key, TRI_UNKNOWN);
    ck_assert_ptr_null(p.l.items[0].key_container);
    ck_assert_int_eq(p.l.items[1].has_private_key, TRI_FALSE);
    ck_assert_str_eq(p.l.items[1].key_container, "Certificate-LTD-CA");
    ck_assert_int_eq(p.l.items[2].has_private_key, TRI_FALSE);
    ck_assert_int_eq(p.l.items[3].has_private_key, TRI_TRUE);
    ck_assert_str_eq(p.l.items[3].key_container, "S-1-12-1-../../login.windows.net/../amanda.brady@contoso.com");
    ck_assert_str_eq(p.l.items[3].provider, "Microsoft Passport Key Storage Provider");
    parsed_free(&p);
}
END_TEST

START_TEST(names_and_hash_problems)
{
    static const char s[] =
        "================ Certificate 0 ================\n"
        "Serial Number: 0a 1b 2C 3d\n"
        "Issuer: CN=\"Doe, John\", O=\"Example, Inc.\"\n"
        "Subject: E=a@b.example, CN=\"Doe, John\", O=\"Example, Inc.\"\n"
        "Cert Hash(sha1): 6304015fd0f78ed5ae56d3850940b62055e65b3\n" /* 39 digits */
        "\n"
        "================ Certificate 1 ================\n"
        "X509 Certificate:\n"
        "Serial Number: 05\n"
        "Subject:\n"
        "    CN=\"a\"\"b\"\n"
        "  Name Hash(sha1): 40cbfb9e7e73c44bee6d916188df62d46d8577f6\n"
        "Cert Hash(sha1): 11 22 33 44 55 66 77 88 99 00 aa bb cc dd ee ff 00 11 22 33\n"
        "\n"
        "  CERT_SHA1_HASH_PROP_ID(3):\n"
        "    112233445566778899aabbccddeeff0011223344\n"
        "CertUtil: -store command completed successfully.\n";
    struct parsed p;
    parse_str(&p, s, "My", DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 2);
    const struct cert *c = &p.l.items[0];
    ck_assert_str_eq(c->serial, "0a1b2c3d");
    ck_assert_str_eq(c->subject_cn, "Doe, John");
    ck_assert_ptr_null(c->sha1);
    ck_assert_ptr_nonnull(find_diag(&p.d, SEV_WARNING, "39 hex digits"));
    ck_assert_ptr_nonnull(find_diag(&p.d, SEV_WARNING, "certificate 0 has no readable SHA-1 hash"));
    c = &p.l.items[1];
    ck_assert_str_eq(c->subject, "CN=\"a\"\"b\"");
    ck_assert_str_eq(c->subject_cn, "a\"b");
    ck_assert_str_eq(c->sha1, "11223344556677889900aabbccddeeff00112233");
    ck_assert_int_eq(c->dns_names_known, 1);
    const struct diag *g = find_diag(&p.d, SEV_WARNING, "differs from CERT_SHA1_HASH_PROP_ID");
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(g->line, 7);
    parsed_free(&p);
}
END_TEST

START_TEST(crl_and_nesting_blocks_are_not_certificates)
{
    static const char s[] = "CA \"Intermediate Certification Authorities\"\r\n"
                            "================ Certificate 0 ================\r\n"
                            "    ================ Begin Nesting Level 1 ================\r\n"
                            "Serial Number: 01\r\n"
                            "Cert Hash(sha1): 5137a597de2c3085ec5816c7f11edc18cfcdbaf8\r\n"
                            "    ----------------  End Nesting Level 1  ----------------\r\n"
                            "\r\n"
                            "================ CRL 0 ================\r\n"
                            "Issuer: CN=Contoso Enterprise CA\r\n"
                            "CRL Hash(sha1): 1111111111111111111111111111111111111111\r\n"
                            "\r\n"
                            "================ Certificate 1 ================\r\n"
                            "Serial Number: 02\r\n"
                            "Cert Hash(sha1): 2f02901dcff083ed3dbb6cb0a15bbfee6002b1a8\r\n"
                            "CertUtil: -store command completed successfully.\r\n"
                            "PS C:\\Users\\pki.admin> certutil -store -enterprise Root\r\n"
                            "Root \"Trusted Root Certification Authorities\"\r\n";
    struct parsed p;
    parse_str(&p, s, NULL, DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 2);
    ck_assert_str_eq(p.l.items[0].sha1, "5137a597de2c3085ec5816c7f11edc18cfcdbaf8");
    ck_assert_int_eq(p.l.items[1].index, 1);
    ck_assert_str_eq(p.l.store, "CA"); /* not the trailing prompt's Root */
    parsed_free(&p);
}
END_TEST

START_TEST(verbose_dump_without_banner)
{
    /* older certutil / a single certificate: the dump starts at "X509 Certificate:"; NotBefore at
     * column 0; a SAN with an Other Name (a DC's GUID) before the DNS name; a v1 template */
    static const char s[] = "X509 Certificate:\r\n"
                            "Version: 3\r\n"
                            "Serial Number: 61497f5e000000000006\r\n"
                            "Issuer:\r\n"
                            "    CN=TestCA\r\n"
                            "    DC=northwind\r\n"
                            "    DC=example\r\n"
                            "\r\n"
                            "NotBefore: 2/12/2001 3:57 PM\r\n"
                            "NotAfter: 7/10/2001 10:24 AM\r\n"
                            "\r\n"
                            "Subject:\r\n"
                            "    CN=DC1\r\n"
                            "    OU=Domain Controllers\r\n"
                            "\r\n"
                            "Certificate Extensions: 2\r\n"
                            "    1.3.6.1.4.1.311.20.2: Flags = 0, Length = 22\r\n"
                            "    Certificate Template Name\r\n"
                            "        DomainController\r\n"
                            "\r\n"
                            "    2.5.29.17: Flags = 0, Length = 3d\r\n"
                            "    Subject Alternative Name\r\n"
                            "        Other Name:\r\n"
                            "             1.3.6.1.4.1.311.25.1=04 10 96 8e ea d7 ee ba bc 42 81 db 4f 92 f5 88 db 4a\r\n"
                            "        DNS Name=dc1.northwind.example\r\n"
                            "\r\n"
                            "Signature Algorithm:\r\n"
                            "    Algorithm ObjectId: 1.2.840.113549.1.1.5  sha1RSA\r\n";
    struct parsed p;
    parse_str(&p, s, "My", DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 1);
    const struct cert *c = &p.l.items[0];
    ck_assert_int_eq(c->index, -1);
    ck_assert_int_eq(c->line, 1);
    ck_assert_str_eq(c->serial, "61497f5e000000000006");
    ck_assert_str_eq(c->issuer, "CN=TestCA, DC=northwind, DC=example");
    ck_assert_str_eq(c->subject, "CN=DC1, OU=Domain Controllers");
    ck_assert_str_eq(c->subject_cn, "DC1");
    ck_assert_str_eq(c->template_name, "DomainController");
    ck_assert_int_eq(c->dns_names_known, 1);
    ck_assert_uint_eq(c->dns_count, 1);
    ck_assert_str_eq(c->dns_names[0], "dc1.northwind.example");
    ck_assert_str_eq(iso_or_null(c->not_after, c->not_after_known), "2001-07-10T10:24:00Z");
    ck_assert_ptr_null(c->sha1);
    ck_assert_int_eq(c->has_private_key, TRI_UNKNOWN);
    ck_assert_ptr_nonnull(find_diag(&p.d, SEV_WARNING, "the certificate has no readable SHA-1 hash"));
    ck_assert_ptr_nonnull(find_diag(&p.d, SEV_WARNING, "cut short"));
    parsed_free(&p);
}
END_TEST

START_TEST(san_dns_names_only_from_the_san)
{
    /* a CA certificate: DNS names in Name Constraints and the Issuer Alternative Name are not SANs */
    static const char s[] = "================ Certificate 0 ================\n"
                            "X509 Certificate:\n"
                            "Cert Hash(sha1): 5137a597de2c3085ec5816c7f11edc18cfcdbaf8\n"
                            "Certificate Extensions: 3\n"
                            "    2.5.29.30: Flags = 1(Critical), Length = 2a\n"
                            "    Name Constraints\n"
                            "        Permitted\n"
                            "            [1]Subtrees (0..Max):\n"
                            "                 DNS Name=corp.example\n"
                            "\n"
                            "    2.5.29.18: Flags = 0, Length = 16\n"
                            "    Issuer Alternative Name\n"
                            "        DNS Name=ca.corp.example\n"
                            "\n"
                            "    2.5.29.17: Flags = 0, Length = 1f\n"
                            "    Subject Alternative Name\n"
                            "        DNS Name=sub-ca.corp.example\n"
                            "        IP Address=192.0.2.1\n"
                            "        URL=http://sub-ca.corp.example/\n"
                            "    2.5.29.19: Flags = 1(Critical), Length = 5\n"
                            "    Basic Constraints\n"
                            "        DNS Name=not-a-san.example\n"
                            "CertUtil: -store command completed successfully.\n";
    struct parsed p;
    parse_str(&p, s, "CA", DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.items[0].dns_count, 1);
    ck_assert_str_eq(p.l.items[0].dns_names[0], "sub-ca.corp.example");
    parsed_free(&p);
}
END_TEST

START_TEST(french_verbose_utf16_apostrophes)
{
    /* -v output redirected by PowerShell (UTF-16LE): typographic apostrophes survive, and the SAN
     * extension's French name has one */
    static const char utf8[] = "================ Certificat 0 ================\r\n"
                               "Certificat X509\xC2\xA0:\r\n"
                               "Num\xC3\xA9ro de s\xC3\xA9rie : 4a8e2c6f0b3d7a1e5c9f2b6d0a4e8c1f\r\n"
                               "Extensions du certificat : 1\r\n"
                               "    2.5.29.17: Flags = 0, Length = 1f\r\n"
                               "    Autre nom de l\xE2\x80\x99objet\r\n"
                               "        Nom DNS=www.boulangerie-dupont.example\r\n"
                               "\r\n"
                               "Hach. cert. (sha1)\xC2\xA0: a3c7e1b5d9f3a7c1e5b9d3f7a1c5e9b3d7f1a5c9\r\n"
                               "CertUtil: -store La commande s\xE2\x80\x99" "est termin\xC3\xA9" "e correctement.\r\n";
    /* UTF-8 -> UTF-16LE with a BOM */
    unsigned char w[4096];
    size_t n = 0;
    w[n++] = 0xFF;
    w[n++] = 0xFE;
    for (size_t i = 0; utf8[i];) {
        unsigned c = (unsigned char)utf8[i], cp;
        size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : 3;
        cp = len == 1 ? c : len == 2 ? (c & 0x1F) : (c & 0x0F);
        for (size_t k = 1; k < len; k++)
            cp = (cp << 6) | ((unsigned char)utf8[i + k] & 0x3F);
        i += len;
        w[n++] = (unsigned char)(cp & 0xFF);
        w[n++] = (unsigned char)(cp >> 8);
    }
    struct parsed p;
    parse_mem(&p, w, n, 0, "My", DATE_ORDER_UNKNOWN, NULL);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_int_eq(p.l.complete, 1);
    ck_assert_str_eq(p.l.language, "fr");
    const struct cert *c = &p.l.items[0];
    ck_assert_str_eq(c->sha1, "a3c7e1b5d9f3a7c1e5b9d3f7a1c5e9b3d7f1a5c9");
    ck_assert_int_eq(c->dns_names_known, 1);
    ck_assert_uint_eq(c->dns_count, 1);
    ck_assert_str_eq(c->dns_names[0], "www.boulangerie-dupont.example");
    parsed_free(&p);
}
END_TEST

/* ---------- empty stores and certutil's errors ---------- */

START_TEST(empty_store)
{
    struct parsed p;
    parse_fixture(&p, "certutil-empty-store/certutil-store-webhosting.txt", 437, "WebHosting");
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 0);
    ck_assert_int_eq(p.l.complete, 1);
    ck_assert_str_eq(p.l.store, "WebHosting");
    assert_no_warnings(&p.d);
    parsed_free(&p);
}
END_TEST

START_TEST(store_that_does_not_exist)
{
    struct parsed p;
    parse_fixture(&p, "certutil-error-nostore/certutil-store-nosuchstore.txt", 437, "NoSuchStore");
    ck_assert_int_eq(p.rc, -1);
    ck_assert_uint_eq(p.l.count, 0);
    const struct diag *g = find_diag(&p.d, SEV_ERROR, "0x80070002");
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(g->line, 1);
    ck_assert_ptr_nonnull(strstr(g->message, "ERROR_FILE_NOT_FOUND"));
    ck_assert_ptr_nonnull(strstr(g->message, "The system cannot find the file specified."));
    ck_assert_ptr_nonnull(strstr(g->message, "no certificate store named \"NoSuchStore\""));
    parsed_free(&p);
}
END_TEST

START_TEST(access_denied_and_other_commands)
{
    struct parsed p;
    parse_str(&p,
              "CertUtil: -store command FAILED: 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)\r\n"
              "CertUtil: Access is denied.\r\n",
              "My", DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, -1);
    const struct diag *g = find_diag(&p.d, SEV_ERROR, "0x80070005");
    ck_assert_ptr_nonnull(g);
    ck_assert_ptr_nonnull(strstr(g->message, "Access is denied."));
    ck_assert_ptr_nonnull(strstr(g->message, "elevated"));
    parsed_free(&p);
    /* German failure line: the code is what counts */
    parse_str(&p,
              "CertUtil: -store-Befehl ist fehlgeschlagen: 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)\r\n"
              "CertUtil: Das System kann die angegebene Datei nicht finden.\r\n",
              "Webhosting2", DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, -1);
    ck_assert_ptr_nonnull(find_diag(&p.d, SEV_ERROR, "no certificate store named \"Webhosting2\""));
    parsed_free(&p);
    /* the output of another certutil verb is no store listing: read, but said */
    parse_str(&p, "X509 Certificate:\r\nSerial Number: 01\r\nCertUtil: -dump command completed successfully.\r\n",
              "My", DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 1);
    ck_assert_ptr_nonnull(find_diag(&p.d, SEV_WARNING, "certutil -dump, not certutil -store"));
    parsed_free(&p);
    parse_str(&p, "CertUtil: -dump command completed successfully.\r\n", "My", DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, -1);
    ck_assert_ptr_nonnull(find_diag(&p.d, SEV_ERROR, "certutil -dump, not certutil -store"));
    parsed_free(&p);
}
END_TEST

START_TEST(label_tables_are_consistent)
{
    /* every language table: no empty label, and each language has the labels that matter */
    static const int needed[] = {CL_SERIAL, CL_ISSUER, CL_SUBJECT, CL_SHA1};
    for (size_t t = 0; t < certutil_label_table_count; t++) {
        const struct label_table *lt = certutil_label_tables[t];
        for (size_t r = 0; r < lt->count; r++)
            ck_assert_uint_gt(strlen(lt->rows[r].label), 0);
        for (size_t k = 0; k < sizeof needed / sizeof needed[0]; k++) {
            int found = 0;
            for (size_t r = 0; r < lt->count; r++)
                found |= lt->rows[r].id == needed[k];
            ck_assert_msg(found, "language %s has no label for id %d", lt->language, needed[k]);
        }
        int banner = 0;
        const struct label_table *mt = certutil_message_tables[t];
        ck_assert_str_eq(mt->language, lt->language);
        for (size_t r = 0; r < mt->count; r++)
            banner |= mt->rows[r].id == CM_BANNER_CERT;
        ck_assert_msg(banner, "language %s has no banner word", lt->language);
    }
}
END_TEST

static void teardown(void) { parser_tables_free(); }

START_TEST(failure_lines_in_every_language)
{
    /* French puts a blank before the colon: the store does not exist, it is not empty */
    struct parsed p;
    parse_str(&p,
              "CertUtil : -store \xC3\x89" "CHEC de la commande : 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)\r\n"
              "CertUtil: Le fichier sp\xC3\xA9" "cifi\xC3\xA9 est introuvable.\r\n",
              "WebHosting", DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, -1);
    const struct diag *g = find_diag(&p.d, SEV_ERROR, "0x80070002");
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(g->line, 1);
    ck_assert_ptr_nonnull(strstr(g->message, "no certificate store named \"WebHosting\""));
    ck_assert_ptr_nonnull(strstr(g->message, "introuvable"));
    parsed_free(&p);
    /* no-break spaces before the colon, a language without a table: the HRESULT is what counts */
    parse_str(&p,
              "CertUtil\xC2\xA0: -store \xE3\x82\xB3\xE3\x83\x9E\xE3\x83\xB3\xE3\x83\x89\xE3\x81\xAF\xE5\xA4\xB1"
              "\xE6\x95\x97\xE3\x81\x97\xE3\x81\xBE\xE3\x81\x97\xE3\x81\x9F: 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)\r\n",
              "My", DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, -1);
    ck_assert_ptr_nonnull(find_diag(&p.d, SEV_ERROR, "elevated"));
    parsed_free(&p);
    /* certutil's own message is quoted, at most 200 characters of it */
    struct strbuf long_msg;
    sb_init(&long_msg);
    sb_adds(&long_msg, "CertUtil: -store command FAILED: 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)\r\nCertUtil: ");
    for (int i = 0; i < 1000; i++)
        sb_adds(&long_msg, "\xC3\xA9");
    sb_adds(&long_msg, "\r\n");
    parse_str(&p, long_msg.data, "My", DATE_ORDER_UNKNOWN);
    g = find_diag(&p.d, SEV_ERROR, "0x80070002");
    ck_assert_ptr_nonnull(g);
    {
        /* exactly 200 characters, never half of one */
        const char *q = strstr(g->message, "\xC3\xA9");
        size_t chars = 0;
        ck_assert_ptr_nonnull(q);
        while (q[2 * chars] == '\xC3' && q[2 * chars + 1] == '\xA9')
            chars++;
        ck_assert_uint_eq(chars, 200);
    }
    parsed_free(&p);
    sb_free(&long_msg);
    /* and the French completion line with its blank still completes the listing */
    parse_str(&p, "My\r\nCertUtil : -store La commande s'est termin\xC3\xA9" "e correctement.\r\n", "My",
              DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_int_eq(p.l.complete, 1);
    ck_assert_uint_eq(p.d.count, 0);
    parsed_free(&p);
}
END_TEST

START_TEST(certificate_data_without_banner_warns)
{
    /* banner lines lost (edited or pasted output), completion line kept: not an empty store */
    struct parsed p;
    parse_str(&p,
              "My\r\n"
              "Serial Number: 1a2b3c4d5e6f\r\n"
              "Issuer: CN=Contoso Issuing CA\r\n"
              " NotBefore: 3/1/2026 9:00 AM\r\n"
              " NotAfter: 3/1/2027 9:00 AM\r\n"
              "Subject: CN=www.contoso.com\r\n"
              "Cert Hash(sha1): 37378a1b06dcef1b4d4753f7d21e4f20b18fbfec\r\n"
              "CertUtil: -store command completed successfully.\r\n",
              "My", DATE_ORDER_UNKNOWN);
    ck_assert_uint_eq(p.l.count, 0);
    const struct diag *g = find_diag(&p.d, SEV_WARNING, "certificate data outside any");
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(g->line, 2);
    ck_assert_ptr_nonnull(strstr(g->message, "not known to be complete"));
    parsed_free(&p);
    /* an empty store says nothing of the kind */
    parse_str(&p, "WebHosting\r\nCertUtil: -store command completed successfully.\r\n", "WebHosting",
              DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.d.count, 0);
    parsed_free(&p);
}
END_TEST

Suite *suite_certutil(void)
{
    Suite *s = suite_create("certutil");
    TCase *tc = tcase_create("fixtures");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, demo_plain);
    tcase_add_test(tc, demo_verbose_matches_plain);
    tcase_add_test(tc, ws2022_en_stores_hold_bound_certificates);
    tcase_add_test(tc, ws2012r2_spaced_hashes);
    tcase_add_test(tc, ws2022_modern_plain);
    tcase_add_test(tc, ws2022_modern_verbose);
    tcase_add_test(tc, ws2019_verbose);
    tcase_add_test(tc, ws2016_german_cp850);
    tcase_add_test(tc, ws2019_french_cp850);
    suite_add_tcase(s, tc);
    TCase *td = tcase_create("dates");
    tcase_add_checked_fixture(td, NULL, teardown);
    tcase_add_test(td, en_au_dates_from_evidence);
    tcase_add_test(td, ambiguous_dates_assumption_and_overrides);
    tcase_add_test(td, explicit_order_contradicted_by_a_date);
    tcase_add_test(td, french_labels_mean_day_first);
    suite_add_tcase(s, td);
    TCase *tl = tcase_create("labels");
    tcase_add_checked_fixture(tl, NULL, teardown);
    tcase_add_test(tl, unknown_language_read_by_shape);
    tcase_add_test(tl, chinese_labels);
    tcase_add_test(tl, key_states);
    tcase_add_test(tl, names_and_hash_problems);
    tcase_add_test(tl, crl_and_nesting_blocks_are_not_certificates);
    tcase_add_test(tl, verbose_dump_without_banner);
    tcase_add_test(tl, san_dns_names_only_from_the_san);
    tcase_add_test(tl, french_verbose_utf16_apostrophes);
    tcase_add_test(tl, label_tables_are_consistent);
    suite_add_tcase(s, tl);
    TCase *te = tcase_create("errors");
    tcase_add_checked_fixture(te, NULL, teardown);
    tcase_add_test(te, empty_store);
    tcase_add_test(te, store_that_does_not_exist);
    tcase_add_test(te, access_denied_and_other_commands);
    tcase_add_test(te, failure_lines_in_every_language);
    tcase_add_test(te, certificate_data_without_banner_warns);
    suite_add_tcase(s, te);
    return s;
}
