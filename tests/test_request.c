/* The pure parts of `request` / `accept`: the certreq INF (golden files in tests/golden/request-NAME.inf;
 * UPDATE_GOLDEN=1 rewrites them), what a request refuses to ask for, `certutil -dump FILE`, the
 * request record (written, read back, hostile records refused) and matching an issued
 * certificate to its record. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certreq_inf.h"
#include "certutil.h"
#include "dates.h"
#include "request_record.h"
#include "testutil.h"
#include "text.h"

#define GOLDEN_DIR FIXTURES_DIR "/../tests/golden/"
#define LIKE "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"

/* A certificate as the verbose store listing shows it. */
static struct cert make_cert(const char *subject, const char **names, size_t n)
{
    struct cert c;
    memset(&c, 0, sizeof c);
    c.sha1 = LIKE;
    c.subject = subject;
    c.dns_names = names;
    c.dns_count = n;
    c.dns_names_known = 1;
    c.has_private_key = TRI_TRUE;
    return c;
}

/* The INF of c compared with tests/golden/<golden> (byte for byte, CRLF). */
static void check_golden(const struct cert *c, enum request_key key, const char *tmpl, const char *golden)
{
    struct diags d;
    diags_init(&d);
    struct request_spec spec;
    ck_assert_msg(request_spec_from_cert(c, key, tmpl, &spec, &d) == 0, "%s: refused: %s", golden,
                  d.count ? d.items[0].message : "?");
    char *inf = certreq_inf_format(&spec, "northwind renewal", &d);
    ck_assert_ptr_nonnull(inf);
    char path[1024];
    snprintf(path, sizeof path, GOLDEN_DIR "%s", golden);
    const char *update = getenv("UPDATE_GOLDEN");
    if (update && !strcmp(update, "1")) {
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        fputs(inf, f);
        fclose(f);
    }
    size_t n;
    unsigned char *want = file_read_all(path, &n);
    ck_assert_msg(want != NULL, "%s missing (UPDATE_GOLDEN=1 writes it)", path);
    ck_assert_msg(n == strlen(inf) && !memcmp(want, inf, n), "%s differs:\n%s", golden, inf);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(want[i] < 0x80 && (want[i] >= 0x20 || want[i] == '\r' || want[i] == '\n'),
                      "%s: byte %zu is not printable ASCII", golden, i);
    free(want);
    free(inf);
    request_spec_free(&spec);
    diags_free(&d);
}

START_TEST(inf_wildcard)
{
    const char *names[] = {"*.northwind-traders.example", "northwind-traders.example"};
    struct cert c = make_cert("CN=*.northwind-traders.example, O=Northwind Traders, C=US", names, 2);
    check_golden(&c, KEY_RSA2048, NULL, "request-wildcard.inf");
}
END_TEST

START_TEST(inf_many_names_with_template)
{
    const char *names[] = {"www.contoso.example", "contoso.example", "shop.contoso.example", "api.contoso.example",
                           "WWW.Contoso.example", /* the same name again: asked for once */
                           "login.contoso.example", "static.contoso.example", "cdn.contoso.example",
                           "mail.contoso.example", "autodiscover.contoso.example", "portal.contoso.example",
                           "intranet.contoso.example", "status.contoso.example"};
    struct cert c = make_cert("CN=www.contoso.example, OU=Web, O=Contoso, L=Redmond, S=Washington, C=US", names, 13);
    check_golden(&c, KEY_RSA3072, "WebServer2026", "request-many-names.inf");
}
END_TEST

START_TEST(inf_idn_in_punycode)
{
    const char *names[] = {"bücher.example", "www.bücher.example", "*.xn--bcher-kva.example"};
    struct cert c = make_cert("CN=xn--bcher-kva.example", names, 3);
    check_golden(&c, KEY_RSA4096, NULL, "request-idn.inf");
}
END_TEST

/* certutil prints a value holding ',' in quotes and a quote in it doubled; the INF doubles
 * every quote once more. */
START_TEST(inf_subject_with_comma_and_quotes)
{
    const char *names[] = {"shop.fabrikam.example"};
    struct cert c = make_cert("CN=shop.fabrikam.example, OU=\"The \"\"Best\"\" Shop\", O=\"Fabrikam, Inc.\", C=US",
                              names, 1);
    check_golden(&c, KEY_RSA2048, NULL, "request-quoted-subject.inf");
}
END_TEST

START_TEST(inf_ecdsa)
{
    const char *names[] = {"vpn.woodgrove.example"};
    struct cert c = make_cert("CN=vpn.woodgrove.example", names, 1);
    check_golden(&c, KEY_ECDSA_P256, "Web Server ECC", "request-ecdsa.inf");
    check_golden(&c, KEY_ECDSA_P384, NULL, "request-ecdsa-p384.inf");
}
END_TEST

/* Refused, with a message that says why, for each thing an INF cannot ask for again. */
START_TEST(refusals)
{
    const char *ok_names[] = {"www.example.com"};
    static const struct {
        const char *subject;
        const char *name;
        int not_verbose, ip;
        const char *tmpl;
        const char *says;
    } cases[] = {
        {"CN=www.example.com, O=B\xc3\xbc" "cher GmbH", NULL, 0, 0, NULL, "non-ASCII"},
        {"CN=www.example.com, O=100% Web", NULL, 0, 0, NULL, "'%'"},
        {"CN=www.example.com, O=\"Open, Ltd", NULL, 0, 0, NULL, "quote open"},
        {"CN=www.example.com\r\nO=x", NULL, 0, 0, NULL, "control character"},
        {"", NULL, 0, 0, NULL, "no subject"},
        {"CN=www.example.com", NULL, 1, 0, NULL, "does not show its Subject Alternative Names"},
        {"CN=www.example.com", NULL, 0, 1, NULL, "IP Address=198.51.100.7"},
        {"CN=www.example.com", "www_1.example.com", 0, 0, NULL, "www_1.example.com"},
        {"CN=www.example.com", "10.0.0.1", 0, 0, NULL, "10.0.0.1"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const char *one[] = {cases[k].name ? cases[k].name : ok_names[0]};
        struct cert c = make_cert(cases[k].subject, one, 1);
        c.dns_names_known = !cases[k].not_verbose;
        if (cases[k].ip) {
            c.san_other = "IP Address=198.51.100.7";
            c.san_other_count = 1;
        }
        struct diags d;
        diags_init(&d);
        struct request_spec spec;
        ck_assert_msg(request_spec_from_cert(&c, KEY_RSA2048, cases[k].tmpl, &spec, &d) == -1, "case %zu accepted", k);
        ck_assert_msg(find_diag(&d, SEV_ERROR, cases[k].says), "case %zu: no error saying '%s' (%s)", k, cases[k].says,
                      d.count ? d.items[0].message : "none");
        request_spec_free(&spec);
        diags_free(&d);
    }
    /* a template name the INF cannot carry */
    struct cert c = make_cert("CN=www.example.com", ok_names, 1);
    struct diags d;
    diags_init(&d);
    struct request_spec spec;
    ck_assert_int_eq(request_spec_from_cert(&c, KEY_RSA2048, "Web\"Server\n", &spec, &d), 0);
    ck_assert_ptr_null(certreq_inf_format(&spec, NULL, &d));
    ck_assert_ptr_nonnull(find_diag(&d, SEV_ERROR, "the template name"));
    request_spec_free(&spec);
    diags_free(&d);
}
END_TEST

START_TEST(inf_quote_rules)
{
    const char *why = NULL;
    char *q = inf_quote("a \"b\" c", &why);
    ck_assert_str_eq(q, "\"a \"\"b\"\" c\"");
    free(q);
    q = inf_quote("", &why);
    ck_assert_str_eq(q, "\"\"");
    free(q);
    ck_assert_ptr_null(inf_quote("x\x7f", &why));
    ck_assert_ptr_null(inf_quote("tab\there", &why));
    ck_assert_ptr_null(inf_quote("%SystemRoot%", &why));
    ck_assert_int_eq(request_key_parse("ecdsa-p384", &(enum request_key){0}), 0);
    ck_assert_int_eq(request_key_parse("rsa1024", &(enum request_key){0}), -1);
}
END_TEST

/* ---------- certutil -dump ---------- */

struct dumped {
    struct text t;
    struct cert_list l;
    struct diags d;
    int rc;
};

static void dump_mem(struct dumped *p, const void *bytes, size_t n)
{
    diags_init(&p->d);
    ck_assert_int_eq(text_decode(&p->t, bytes, n, 437, &p->d, "test"), 0);
    struct certutil_options o = {DATE_ORDER_UNKNOWN, NULL, NULL};
    p->rc = certutil_parse_dump(&p->t, &o, &p->l, &p->d);
}

static void dumped_free(struct dumped *p)
{
    cert_list_free(&p->l);
    text_free(&p->t);
    diags_free(&p->d);
}

START_TEST(dump_of_a_certificate_file)
{
    size_t n;
    unsigned char *b = fixture_read("certutil-dump-en/certutil-dump-renewal.txt", &n);
    struct dumped p;
    dump_mem(&p, b, n);
    ck_assert_msg(p.rc == 0, "%s", p.d.count ? p.d.items[0].message : "?");
    ck_assert_uint_eq(p.l.count, 1);
    const struct cert *c = &p.l.items[0];
    ck_assert_str_eq(c->sha1, "b47e0a93c51d68f22a9ce1073d5b84f6a0c219e8");
    ck_assert_str_eq(c->subject, "CN=online.woodgrovebank.example, O=Woodgrove Bank, L=Toronto, S=Ontario, C=CA");
    ck_assert_uint_eq(c->dns_count, 3);
    ck_assert_str_eq(c->dns_names[2], "woodgrovebank.example");
    ck_assert_uint_eq(c->san_other_count, 0);
    ck_assert(c->not_before_known && c->not_after_known);
    ck_assert_int_eq((long long)c->not_before, (long long)civil_to_time(2027, 7, 1, 0, 0, 0));
    ck_assert_uint_eq(p.d.count, 0);
    dumped_free(&p);

    /* the same bytes cut before certutil's last line: read, with a warning */
    size_t cut = n - strlen("CertUtil: -dump command completed successfully.\r\n");
    dump_mem(&p, b, cut);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_ptr_nonnull(find_diag(&p.d, SEV_WARNING, "cut short"));
    dumped_free(&p);
    free(b);
}
END_TEST

START_TEST(dump_failures)
{
    static const struct {
        const char *text;
        const char *says;
    } cases[] = {
        {"CertUtil: -dump command FAILED: 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)\r\n"
         "CertUtil: The system cannot find the file specified.\r\n",
         "The file does not exist"},
        {"", "no certificate"},
        {"My \"Personal\"\r\nCertUtil: -store command completed successfully.\r\n", "not certutil -dump"},
        {"X509 Certificate:\r\nVersion: 3\r\nSerial Number: 01\r\nCertUtil: -dump command completed successfully.\r\n",
         "no readable SHA-1"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct dumped p;
        dump_mem(&p, cases[k].text, strlen(cases[k].text));
        ck_assert_msg(p.rc == -1, "case %zu accepted", k);
        ck_assert_msg(find_diag(&p.d, SEV_ERROR, cases[k].says), "case %zu: no error saying '%s' (%s)", k,
                      cases[k].says, p.d.count ? p.d.items[0].message : "none");
        dumped_free(&p);
    }
    /* a store listing of two certificates is not a dump of one */
    size_t n;
    unsigned char *b = fixture_read("certutil-ws2019-en-verbose/certutil-v-store-my.txt", &n);
    struct dumped p;
    dump_mem(&p, b, n);
    ck_assert_int_eq(p.rc, -1);
    dumped_free(&p);
    free(b);
}
END_TEST

/* An IP address in the SAN of a recorded verbose listing is seen (and refused by request). */
START_TEST(ip_address_san_from_listing)
{
    size_t n;
    unsigned char *b = fixture_read("certutil-ws2019-en-verbose/certutil-v-store-my.txt", &n);
    struct diags d;
    diags_init(&d);
    struct text t;
    ck_assert_int_eq(text_decode(&t, b, n, 437, &d, "test"), 0);
    struct cert_list l;
    struct certutil_options o = {DATE_ORDER_UNKNOWN, NULL, "My"};
    ck_assert_int_eq(certutil_parse_store(&t, &o, &l, &d), 0);
    const struct cert *c = &l.items[0];
    ck_assert_uint_eq(c->dns_count, 3);
    ck_assert_uint_eq(c->san_other_count, 1);
    ck_assert_str_eq(c->san_other, "IP Address=198.51.100.7");
    struct request_spec spec;
    ck_assert_int_eq(request_spec_from_cert(c, KEY_RSA2048, NULL, &spec, &d), -1);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_ERROR, "would lose it"));
    request_spec_free(&spec);
    for (size_t i = 1; i < l.count; i++)
        ck_assert_uint_eq(l.items[i].san_other_count, 0);
    cert_list_free(&l);
    text_free(&t);
    diags_free(&d);
    free(b);
}
END_TEST

/* ---------- the request record ---------- */

static char *record_text(const struct request_spec *spec, time_t when)
{
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    request_record_write(f, spec, "C:\\ProgramData\\certrebind\\requests\\x.inf", "C:\\ProgramData\\certrebind\\requests\\x.req",
                         when);
    long n = ftell(f);
    ck_assert_int_gt(n, 0);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = 0;
    fclose(f);
    return s;
}

START_TEST(record_round_trip_and_match)
{
    const char *names[] = {"*.northwind-traders.example", "northwind-traders.example", ("b\xc3\xbc" "cher.example")};
    struct cert c = make_cert("CN=*.northwind-traders.example, O=\"Northwind, Traders\"", names, 3);
    struct diags d;
    diags_init(&d);
    struct request_spec spec;
    ck_assert_int_eq(request_spec_from_cert(&c, KEY_ECDSA_P384, "Web \"Server\"", &spec, &d), 0);
    time_t when = civil_to_time(2026, 11, 29, 21, 0, 5);
    char *s = record_text(&spec, when);
    struct request_record r;
    ck_assert_msg(request_record_parse(s, strlen(s), "x.request.json", &r, &d) == 0, "%s\n%s",
                  d.count ? d.items[0].message : "?", s);
    ck_assert_str_eq(r.like, LIKE);
    ck_assert_str_eq(r.subject, c.subject);
    ck_assert_uint_eq(r.name_count, 3);
    ck_assert_str_eq(r.names[2], "xn--bcher-kva.example");
    ck_assert_int_eq(r.key, KEY_ECDSA_P384);
    ck_assert_str_eq(r.template_name, "Web \"Server\"");
    ck_assert_str_eq(r.inf, "C:\\ProgramData\\certrebind\\requests\\x.inf");
    ck_assert_int_eq((long long)r.created, (long long)when);

    /* the issued certificate: same subject (case aside) and names in another order */
    const char *issued_names[] = {"xn--bcher-kva.example", "NORTHWIND-traders.example", "*.northwind-traders.example"};
    struct cert issued = make_cert("cn=*.northwind-traders.example, O=\"Northwind, Traders\"", issued_names, 3);
    struct request_spec is;
    ck_assert_int_eq(request_spec_from_cert(&issued, KEY_RSA2048, NULL, &is, &d), 0);
    ck_assert(request_record_matches(&r, &is));
    request_spec_free(&is);
    /* one name fewer, one name more, another subject: no match */
    struct cert fewer = make_cert(issued.subject, issued_names, 2);
    ck_assert_int_eq(request_spec_from_cert(&fewer, KEY_RSA2048, NULL, &is, &d), 0);
    ck_assert(!request_record_matches(&r, &is));
    request_spec_free(&is);
    const char *more_names[] = {"xn--bcher-kva.example", "northwind-traders.example", "*.northwind-traders.example",
                                "extra.example"};
    struct cert more = make_cert(issued.subject, more_names, 4);
    ck_assert_int_eq(request_spec_from_cert(&more, KEY_RSA2048, NULL, &is, &d), 0);
    ck_assert(!request_record_matches(&r, &is));
    request_spec_free(&is);
    struct cert other = make_cert("CN=*.northwind-traders.example, O=Northwind", issued_names, 3);
    ck_assert_int_eq(request_spec_from_cert(&other, KEY_RSA2048, NULL, &is, &d), 0);
    ck_assert(!request_record_matches(&r, &is));
    request_spec_free(&is);

    request_record_free(&r);
    free(s);
    request_spec_free(&spec);
    diags_free(&d);
}
END_TEST

/* Every way a record can be wrong: refused, never half-read. */
START_TEST(record_hostile)
{
    static const char *const bad[] = {
        "",
        "[]",
        "{}",
        "{\"format\": \"certrebind-request 2\"}",
        /* each of the following is a valid record but for one thing */
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a\",\"dns_names\":[\"a\"],\"key\":\"rsa1024\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\"}",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "0\",\"subject\":\"CN=a\",\"dns_names\":[\"a\"],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\"}",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a\",\"dns_names\":[\"a\"],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-02-30T21:00:00Z\"}",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a\",\"dns_names\":[\"a\"],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\",\"extra\":1}",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a\",\"subject\":\"CN=b\",\"dns_names\":[\"a\"],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\"}",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a\\u0000\",\"dns_names\":[\"a\"],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\"}",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a\\n\",\"dns_names\":[\"a\"],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\"}",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a\x1b[2J\",\"dns_names\":[\"a\"],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\"}",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=\xff\xfe\",\"dns_names\":[\"a\"],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\"}",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a\",\"dns_names\":[],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\"}",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a\",\"dns_names\":[\"a\"],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\"} x",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a\",\"dns_names\":[\"a\",],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\"}",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a\",\"dns_names\":[\"a\"],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\"",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a\",\"dns_names\":[\"a\"],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"created\":\"2026-11-29T21:00:00Z\"}",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a\",\"dns_names\":[\"a\"],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\",}",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a\\ud800\",\"dns_names\":[\"a\"],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\"}",
        "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a\",\"dns_names\":[\"a\"],\"key\":\"rsa2048\",\"template\":nul,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\"}",
    };
    const char good[] = "{\"format\":\"certrebind-request 1\",\"like\":\"" LIKE "\",\"subject\":\"CN=a \\u00e9\",\"dns_names\":[\"a\"],\"key\":\"rsa2048\",\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\"}";
    struct diags d;
    diags_init(&d);
    struct request_record r;
    ck_assert_msg(request_record_parse(good, strlen(good), "good", &r, &d) == 0, "%s", d.count ? d.items[0].message : "");
    ck_assert_str_eq(r.subject, "CN=a \xc3\xa9");
    ck_assert_ptr_null(r.template_name);
    request_record_free(&r);
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        diags_free(&d);
        diags_init(&d);
        ck_assert_msg(request_record_parse(bad[k], strlen(bad[k]), "bad", &r, &d) == -1, "bad record %zu accepted", k);
        ck_assert_msg(find_diag(&d, SEV_ERROR, "not a certrebind request record"), "bad record %zu: no error", k);
        request_record_free(&r);
    }
    /* every prefix of a good record is refused (truncated files) */
    for (size_t n = 0; n + 1 < strlen(good); n++) {
        diags_free(&d);
        diags_init(&d);
        ck_assert_msg(request_record_parse(good, n, "cut", &r, &d) == -1, "record cut at %zu accepted", n);
        request_record_free(&r);
    }
    /* binary and huge */
    char *huge = malloc(REQUEST_RECORD_MAX + 2);
    memset(huge, ' ', REQUEST_RECORD_MAX + 1);
    huge[0] = '{';
    ck_assert_int_eq(request_record_parse(huge, REQUEST_RECORD_MAX + 1, "huge", &r, &d), -1);
    request_record_free(&r);
    free(huge);
    diags_free(&d);
}
END_TEST

Suite *suite_request(void)
{
    Suite *s = suite_create("request");
    TCase *inf = tcase_create("inf");
    tcase_add_test(inf, inf_wildcard);
    tcase_add_test(inf, inf_many_names_with_template);
    tcase_add_test(inf, inf_idn_in_punycode);
    tcase_add_test(inf, inf_subject_with_comma_and_quotes);
    tcase_add_test(inf, inf_ecdsa);
    tcase_add_test(inf, refusals);
    tcase_add_test(inf, inf_quote_rules);
    suite_add_tcase(s, inf);
    TCase *dump = tcase_create("dump");
    tcase_add_test(dump, dump_of_a_certificate_file);
    tcase_add_test(dump, dump_failures);
    tcase_add_test(dump, ip_address_san_from_listing);
    suite_add_tcase(s, dump);
    TCase *rec = tcase_create("record");
    tcase_add_test(rec, record_round_trip_and_match);
    tcase_add_test(rec, record_hostile);
    suite_add_tcase(s, rec);
    return s;
}
