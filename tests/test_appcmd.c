/* `appcmd list site` parser and site-binding <-> HTTP.sys binding matching (src/appcmd.c).
 * Inline texts are lines people posted publicly (Microsoft's appcmd documentation, course
 * notes, other projects' test data, microsoft/azure-pipelines-extensions#677) and the variants
 * real servers print; fixtures are clean reconstructions (CP437, CRLF). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appcmd.h"
#include "pattern.h"
#include "testutil.h"
#include "text.h"

/* Decodes bytes as the runner would (default code page: UTF-8 if valid, else CP437), parses,
 * and frees the text at once: every string of the result must live in its arena. */
static int parse_bytes(const void *bytes, size_t n, struct site_list *l, struct diags *d)
{
    struct text t;
    ck_assert_int_eq(text_decode(&t, bytes, n, 0, d, "appcmd list site"), 0);
    int rc = appcmd_parse_sites(&t, l, d);
    memset(t.buf, 'X', t.len); /* anything still pointing into the text would now read X */
    text_free(&t);
    return rc;
}

static int parse_str(const char *s, struct site_list *l, struct diags *d) { return parse_bytes(s, strlen(s), l, d); }

static int parse_fixture(const char *rel, struct site_list *l, struct diags *d)
{
    size_t n;
    unsigned char *b = fixture_read(rel, &n);
    int rc = parse_bytes(b, n, l, d);
    free(b);
    return rc;
}

static void check_http(const struct site_binding *b, const char *proto, const char *ip, int port, const char *host)
{
    ck_assert_str_eq(b->protocol, proto);
    ck_assert_ptr_nonnull(b->ip);
    ck_assert_str_eq(b->ip, ip);
    ck_assert_int_eq(b->port, port);
    ck_assert_ptr_nonnull(b->host);
    ck_assert_str_eq(b->host, host);
}

static void check_other(const struct site_binding *b, const char *proto, const char *info)
{
    ck_assert_str_eq(b->protocol, proto);
    ck_assert_str_eq(b->info, info);
    ck_assert_ptr_null(b->ip);
    ck_assert_ptr_null(b->host);
    ck_assert_int_eq(b->port, -1);
}

static void teardown(void) { parser_tables_free(); }

/* ---------------------------------------------------------------- fixtures */

START_TEST(fixture_demo_host)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_fixture("demo-wildcard-renewal/appcmd-list-site.txt", &l, &d), 0);
    ck_assert_uint_eq(d.count, 0);
    ck_assert_int_eq(l.incomplete, 0);
    ck_assert_uint_eq(l.count, 6);
    const char *names[] = {"Default Web Site", "Northwind Shop", "Northwind Portal", "Intranet Legacy",
                           "Old Intranet Alias", "Reports"};
    const long ids[] = {1, 2, 3, 5, 6, 7};
    for (size_t i = 0; i < 6; i++) {
        ck_assert_str_eq(l.items[i].name, names[i]);
        ck_assert_int_eq(l.items[i].id, ids[i]);
        ck_assert_int_eq(l.items[i].line, (int)i + 1);
        ck_assert_str_eq(l.items[i].state, i == 4 ? "Stopped" : "Started");
    }
    ck_assert_uint_eq(l.items[0].binding_count, 2);
    check_http(&l.items[0].bindings[0], "http", "*", 80, "");
    check_http(&l.items[0].bindings[1], "https", "*", 443, "");
    ck_assert_str_eq(l.items[0].bindings[1].info, "*:443:");
    ck_assert_uint_eq(l.items[1].binding_count, 2);
    check_http(&l.items[1].bindings[0], "https", "*", 443, "shop.northwind-traders.example");
    check_http(&l.items[1].bindings[1], "http", "*", 80, "shop.northwind-traders.example");
    ck_assert_uint_eq(l.items[2].binding_count, 1);
    check_http(&l.items[2].bindings[0], "https", "*", 443, "portal.northwind-traders.example");
    check_http(&l.items[3].bindings[0], "https", "10.0.0.12", 443, "");
    check_http(&l.items[3].bindings[1], "http", "10.0.0.12", 80, "");
    check_http(&l.items[4].bindings[0], "https", "*", 443, "intranet.northwind.example");
    ck_assert_uint_eq(l.items[5].binding_count, 2);
    check_http(&l.items[5].bindings[0], "https", "::", 443, "");
    ck_assert_str_eq(l.items[5].bindings[0].info, "[::]:443:");
    check_other(&l.items[5].bindings[1], "net.tcp", "808:*");
    site_list_free(&l);
    ck_assert_ptr_null(l.items);
    diags_free(&d);
}
END_TEST

START_TEST(fixture_ws2022_en)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_fixture("ws2022-en/appcmd-list-site.txt", &l, &d), 0);
    ck_assert_uint_eq(d.count, 0);
    ck_assert_uint_eq(l.count, 5);
    ck_assert_uint_eq(l.items[0].binding_count, 3);
    check_http(&l.items[0].bindings[2], "https", "::", 443, "");
    check_http(&l.items[1].bindings[1], "https", "203.0.113.25", 443, "");
    check_http(&l.items[2].bindings[1], "https", "*", 443, "www.adatum.example");
    /* parentheses and a comma in the name; WAS bindings kept as printed */
    ck_assert_str_eq(l.items[3].name, "Adatum Services (WCF), legacy");
    ck_assert_int_eq(l.items[3].id, 5);
    ck_assert_str_eq(l.items[3].state, "Stopped");
    ck_assert_uint_eq(l.items[3].binding_count, 5);
    check_http(&l.items[3].bindings[0], "http", "*", 8080, "");
    check_other(&l.items[3].bindings[1], "net.tcp", "808:*");
    check_other(&l.items[3].bindings[2], "net.pipe", "*");
    check_other(&l.items[3].bindings[3], "net.msmq", "localhost");
    check_other(&l.items[3].bindings[4], "msmq.formatname", "localhost");
    /* CP437 0x82 decoded to U+00E9 */
    ck_assert_str_eq(l.items[4].name, "Caf\xC3\xA9 Intranet");
    ck_assert_int_eq(l.items[4].id, 8);
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

/* A struct binding as the netsh parser fills it (only what matching reads). */
static struct binding sock(enum binding_kind kind, const char *host, int port, int v6)
{
    struct binding b;
    memset(&b, 0, sizeof b);
    b.kind = kind;
    b.host = host;
    b.port = port;
    b.host_is_ipv6 = v6;
    return b;
}

/* The sites of ws2022-en against the bindings of its netsh fixture (see its README): every
 * https site binding is served by a record, every IIS record serves a site, and the AD FS and
 * WMSVC records serve none. */
START_TEST(fixture_ws2022_en_consistent_with_netsh)
{
    struct binding netsh[] = {
        sock(BINDING_IPPORT, "0.0.0.0", 443, 0),
        sock(BINDING_IPPORT, "203.0.113.25", 443, 0),
        sock(BINDING_IPPORT, "::", 443, 1),
        sock(BINDING_HOSTNAMEPORT, "www.adatum.example", 443, 0),
        sock(BINDING_HOSTNAMEPORT, "sts.adatum.example", 443, 0),
        sock(BINDING_HOSTNAMEPORT, "certauth.sts.adatum.example", 443, 0),
        sock(BINDING_IPPORT, "0.0.0.0", 8172, 0),
    };
    const int is_iis[] = {1, 1, 1, 1, 0, 0, 0};
    size_t nb = sizeof netsh / sizeof netsh[0];
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_fixture("ws2022-en/appcmd-list-site.txt", &l, &d), 0);
    int served[sizeof netsh / sizeof netsh[0]] = {0};
    for (size_t i = 0; i < l.count; i++)
        for (size_t j = 0; j < l.items[i].binding_count; j++) {
            const struct site_binding *sb = &l.items[i].bindings[j];
            if (strcmp(sb->protocol, "https") != 0)
                continue;
            int any = 0;
            for (size_t k = 0; k < nb; k++)
                if (site_binding_matches_socket(sb, &netsh[k]) == SITE_MATCH_YES)
                    any = served[k] = 1;
            ck_assert_msg(any, "site %s binding %s has no HTTP.sys record", l.items[i].name, sb->info);
        }
    for (size_t k = 0; k < nb; k++)
        ck_assert_msg(served[k] == is_iis[k], "record %zu served=%d", k, served[k]);
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

START_TEST(fixture_error_8007007a)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_fixture("appcmd-error-8007007a/appcmd-list-site.txt", &l, &d), 0);
    ck_assert_uint_eq(l.count, 0);
    ck_assert_int_eq(l.incomplete, 1);
    ck_assert_uint_eq(d.count, 1);
    ck_assert_int_eq(d.items[0].severity, SEV_WARNING);
    ck_assert_int_eq(d.items[0].line, 1);
    ck_assert_str_eq(d.items[0].message,
                     "appcmd could not list sites (hresult 8007007a: too many bindings); the plan has no site list");
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

/* ---------------------------------------------------------------- public samples */

START_TEST(sample01_uppercase_protocol)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_str("SITE \"Default Web Site\" (id:1,bindings:HTTP/*:80:,state:Started)\r\n"
                               "SITE \"Site1\" (id:2,bindings:http/*:81:,state:Started)\r\n"
                               "SITE \"Site2\" (id:3,bindings:http/*:82:,state:Stopped)\r\n",
                               &l, &d),
                     0);
    ck_assert_uint_eq(d.count, 0);
    ck_assert_uint_eq(l.count, 3);
    check_http(&l.items[0].bindings[0], "http", "*", 80, "");
    ck_assert_str_eq(l.items[0].bindings[0].info, "*:80:");
    check_http(&l.items[2].bindings[0], "http", "*", 82, "");
    ck_assert_str_eq(l.items[2].state, "Stopped");
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

START_TEST(sample02_cjk_names_comment_line_id_gap)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(
        parse_str("# appcmd list sites\n"
                  "SITE \"Default Web Site\" (id:1,bindings:http/*:80:,https/*:443:,state:Started)\n"
                  "SITE \"\xE8\xBD\x89\xE5\xAD\xB8\xE8\x80\x83\xE6\x96\xB0\xE7\x89\x88" "2012_transs\" "
                  "(id:2,bindings:http/*:80:transs.ncut.edu.tw,state:Stopped)\n"
                  "SITE \"SSL_2016\" (id:8,bindings:http/*:80:SSL_2016.ncut.edu.tw,state:Started)\n"
                  "SITE \"\xE5\x9B\x9B\xE6\x8A\x80\xE7\x94\xB3\xE8\xAB\x8B\xE5\x85\xA5\xE5\xAD\xB8highschool8\" "
                  "(id:12,bindings:http/*:80:highschool.ncut.edu.tw,https/*:443:highschool.ncut.edu.tw,"
                  "state:Started)\n",
                  &l, &d),
        0);
    ck_assert_uint_eq(l.count, 4);
    /* the comment line is a warning with its line number, never fatal */
    ck_assert_uint_eq(d.count, 1);
    ck_assert_int_eq(d.items[0].severity, SEV_WARNING);
    ck_assert_int_eq(d.items[0].line, 1);
    ck_assert_ptr_nonnull(strstr(d.items[0].message, "# appcmd list sites"));
    ck_assert_str_eq(l.items[1].name, "\xE8\xBD\x89\xE5\xAD\xB8\xE8\x80\x83\xE6\x96\xB0\xE7\x89\x88" "2012_transs");
    ck_assert_int_eq(l.items[1].line, 3);
    ck_assert_int_eq(l.items[2].id, 8);
    check_http(&l.items[2].bindings[0], "http", "*", 80, "SSL_2016.ncut.edu.tw"); /* host case kept */
    ck_assert_int_eq(l.items[3].id, 12);
    check_http(&l.items[3].bindings[1], "https", "*", 443, "highschool.ncut.edu.tw");
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

START_TEST(sample06_tabs_and_non_http_bindings)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(
        parse_str("\n\t\t\t\tSITE \"territoriesApi\" (id:3,bindings:http/*:80:territoriesapi,state:Started)\n"
                  "\t\t\t\tSITE \"7digital.com\" (id:1,bindings:http/*:80:sevenspace.local,net.tcp/808:*,net.pipe/*,"
                  "net.msmq/localhost,msmq.formatname/localhost,state:Stopped)\n"
                  "\t\t\t\tSITE \"SevenDigital.Web.Stores\" (id:5,bindings:http/*:80:stores.7digital.local,http/*:80:,"
                  "state:Stopped)\n\t\t\t\t",
                  &l, &d),
        0);
    ck_assert_uint_eq(d.count, 0);
    ck_assert_uint_eq(l.count, 3);
    ck_assert_int_eq(l.items[0].id, 3);
    ck_assert_int_eq(l.items[1].id, 1);
    ck_assert_uint_eq(l.items[1].binding_count, 5);
    check_http(&l.items[1].bindings[0], "http", "*", 80, "sevenspace.local");
    check_other(&l.items[1].bindings[1], "net.tcp", "808:*");
    check_other(&l.items[1].bindings[2], "net.pipe", "*");
    check_other(&l.items[1].bindings[3], "net.msmq", "localhost");
    check_other(&l.items[1].bindings[4], "msmq.formatname", "localhost");
    check_http(&l.items[2].bindings[1], "http", "*", 80, "");
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

START_TEST(sample08_error_inline)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_str("ERROR ( hresult:8007007a, message:Failed to generate item output.\n"
                               "The data area passed to a system call is too small.\n )\n",
                               &l, &d),
                     0);
    ck_assert_uint_eq(l.count, 0);
    ck_assert_int_eq(l.incomplete, 1);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_WARNING, "hresult 8007007a: too many bindings"));
    ck_assert_uint_eq(diags_count(&d, SEV_ERROR), 0);
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

START_TEST(samples09_10_other_views_rejected)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    /* appcmd list site /text:* */
    ck_assert_int_eq(parse_str("SITE\n  SITE.NAME: Default Web Site\n  SITE.ID: 2\n  bindings: http/*:80:\n"
                               "  state: Started\n...",
                               &l, &d),
                     -1);
    const struct diag *e = find_diag(&d, SEV_ERROR, "another appcmd view");
    ck_assert_ptr_nonnull(e);
    ck_assert_uint_eq(l.count, 0);
    site_list_free(&l);
    diags_free(&d);
    /* appcmd list site "Default Web Site" /config */
    diags_init(&d);
    ck_assert_int_eq(parse_str("<site name=\"Default Web Site\" id=\"1\">\n  <bindings>\n"
                               "        <binding protocol=\"HTTP\" bindingInformation=\"*:80:\" />",
                               &l, &d),
                     -1);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_ERROR, "another appcmd view"));
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

/* ---------------------------------------------------------------- binding forms */

START_TEST(binding_information_forms)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(
        parse_str("SITE \"Forms\" (id:4,bindings:http/*:8002,https/:443:,https/[2001:db8::15]:443:,"
                  "https/[2001:db8::16]:8443:v6.example,https/2001:db8::17:443:,HTTPS/192.0.2.7:443:Shop.Example,"
                  "ftp/*:21:,https/*:443:*.wild.example,state:Started)\r\n",
                  &l, &d),
        0);
    ck_assert_uint_eq(d.count, 0);
    ck_assert_uint_eq(l.count, 1);
    const struct site *s = &l.items[0];
    ck_assert_uint_eq(s->binding_count, 8);
    check_http(&s->bindings[0], "http", "*", 8002, "");            /* no host segment */
    check_http(&s->bindings[1], "https", "", 443, "");             /* empty IP */
    check_http(&s->bindings[2], "https", "2001:db8::15", 443, ""); /* brackets removed */
    check_http(&s->bindings[3], "https", "2001:db8::16", 8443, "v6.example");
    check_http(&s->bindings[4], "https", "2001:db8::17", 443, ""); /* unbracketed: split from the right */
    check_http(&s->bindings[5], "https", "192.0.2.7", 443, "Shop.Example");
    ck_assert_str_eq(s->bindings[5].info, "192.0.2.7:443:Shop.Example");
    check_other(&s->bindings[6], "ftp", "*:21:");
    check_http(&s->bindings[7], "https", "*", 443, "*.wild.example");
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

START_TEST(bad_binding_information_is_a_warning)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_str("SITE \"Bad\" (id:4,bindings:https/*:99999:,http/nohost,https/[::1:443:,"
                               "http/*:80:,state:Started)\r\n",
                               &l, &d),
                     0);
    ck_assert_uint_eq(l.count, 1);
    ck_assert_uint_eq(l.items[0].binding_count, 4);
    ck_assert_int_eq(l.items[0].bindings[0].port, -1);
    ck_assert_int_eq(l.items[0].bindings[1].port, -1);
    ck_assert_int_eq(l.items[0].bindings[2].port, -1);
    check_http(&l.items[0].bindings[3], "http", "*", 80, "");
    ck_assert_uint_eq(diags_count(&d, SEV_WARNING), 3);
    ck_assert_int_eq(d.items[0].line, 1);
    ck_assert_ptr_nonnull(strstr(d.items[0].message, "https/*:99999:"));
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

START_TEST(names_with_quotes_commas_parentheses)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_str("SITE \"Say \"Hi\" (to me), ok\" (id:10,bindings:http/*:80:hi.example,state:Started)\r\n"
                               "SITE \"x (id:1,bindings:,state:Started)\" (id:11,bindings:,state:Stopped)\r\n"
                               "SITE \"\" (id:12,bindings:http/*:81:,state:Unknown)\r\n"
                               "SITE \"NoBindings\" (id:13,bindings:,state:Started)\r\n",
                               &l, &d),
                     0);
    ck_assert_uint_eq(d.count, 0);
    ck_assert_uint_eq(l.count, 4);
    ck_assert_str_eq(l.items[0].name, "Say \"Hi\" (to me), ok");
    ck_assert_int_eq(l.items[0].id, 10);
    check_http(&l.items[0].bindings[0], "http", "*", 80, "hi.example");
    ck_assert_str_eq(l.items[1].name, "x (id:1,bindings:,state:Started)");
    ck_assert_int_eq(l.items[1].id, 11);
    ck_assert_uint_eq(l.items[1].binding_count, 0);
    ck_assert_str_eq(l.items[1].state, "Stopped");
    ck_assert_str_eq(l.items[2].name, "");
    ck_assert_str_eq(l.items[2].state, "Unknown");
    ck_assert_uint_eq(l.items[3].binding_count, 0);
    ck_assert_ptr_null(l.items[3].bindings);
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

START_TEST(error_after_some_sites_and_other_errors)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_str("SITE \"A\" (id:1,bindings:http/*:80:,state:Started)\r\n"
                               "ERROR ( hresult:8007007A, message:Failed to generate item output.\r\n"
                               "The data area passed to a system call is too small.\r\n )\r\n",
                               &l, &d),
                     0);
    ck_assert_uint_eq(l.count, 1);
    ck_assert_int_eq(l.incomplete, 1);
    const struct diag *w = find_diag(&d, SEV_WARNING, "could not list all sites");
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(w->line, 2);
    ck_assert_ptr_nonnull(strstr(w->message, "the site list is incomplete"));
    site_list_free(&l);
    diags_free(&d);

    /* another hresult, message closing on the same line: its text is in the warning */
    diags_init(&d);
    ck_assert_int_eq(parse_str("ERROR ( hresult:80070005, message:Access is denied. )\r\n", &l, &d), 0);
    ck_assert_int_eq(l.incomplete, 1);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_WARNING, "(hresult 80070005: Access is denied.); the plan has no site list"));
    site_list_free(&l);
    diags_free(&d);

    /* no hresult at all (appcmd's own argument errors) */
    diags_init(&d);
    ck_assert_int_eq(parse_str("ERROR ( message:Unknown attribute \"x\".  Replace with -? for help. )\r\n", &l, &d), 0);
    ck_assert_int_eq(l.incomplete, 1);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_WARNING, "Unknown attribute"));
    site_list_free(&l);
    diags_free(&d);

    /* an unterminated ERROR (cut off) still marks the list incomplete, and its lines are no warnings */
    diags_init(&d);
    ck_assert_int_eq(parse_str("ERROR ( hresult:8007007a, message:Failed to generate item output.\r\n"
                               "The data area passed",
                               &l, &d),
                     0);
    ck_assert_int_eq(l.incomplete, 1);
    ck_assert_uint_eq(d.count, 1);
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

/* ---------------------------------------------------------------- hostile and odd input */

START_TEST(empty_and_blank)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_str("", &l, &d), 0);
    ck_assert_uint_eq(l.count, 0);
    ck_assert_int_eq(l.incomplete, 0);
    site_list_free(&l);
    ck_assert_int_eq(parse_str("\r\n  \r\n\t\r\n", &l, &d), 0);
    ck_assert_uint_eq(l.count, 0);
    site_list_free(&l);
    ck_assert_uint_eq(d.count, 0);
    /* a NULL text is empty too */
    ck_assert_int_eq(appcmd_parse_sites(NULL, &l, &d), 0);
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

START_TEST(not_appcmd_output)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_str("\r\nSSL Certificate bindings:\r\n-------------------------\r\n", &l, &d), -1);
    ck_assert_uint_eq(l.count, 0);
    const struct diag *e = find_diag(&d, SEV_ERROR, "not the output of `appcmd list site`");
    ck_assert_ptr_nonnull(e);
    /* each other line was also reported with its number */
    ck_assert_ptr_nonnull(find_diag(&d, SEV_WARNING, "SSL Certificate bindings:"));
    ck_assert_int_eq(find_diag(&d, SEV_WARNING, "SSL Certificate bindings:")->line, 2);
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

START_TEST(binary_garbage)
{
    unsigned char junk[4096];
    unsigned s = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        s = s * 1103515245u + 12345u;
        junk[i] = (unsigned char)(s >> 16);
    }
    junk[100] = 0;
    junk[200] = 0;
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_bytes(junk, sizeof junk, &l, &d), -1);
    ck_assert_uint_eq(l.count, 0);
    ck_assert_uint_eq(diags_count(&d, SEV_ERROR), 1);
    site_list_free(&l);
    diags_free(&d);

    /* NUL bytes inside a SITE line: decoded to U+FFFD, the line still reads */
    static const char nul_line[] = "SITE \"A\0B\" (id:1,bindings:http/*:80:,state:Started)\r\n";
    diags_init(&d);
    ck_assert_int_eq(parse_bytes(nul_line, sizeof nul_line - 1, &l, &d), 0);
    ck_assert_uint_eq(l.count, 1);
    ck_assert_str_eq(l.items[0].name, "A\xEF\xBF\xBD" "B");
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

START_TEST(truncated_site_line)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_str("SITE \"A\" (id:1,bindings:http/*:80:,state:Started)\r\n"
                               "SITE \"B\" (id:2,bindings:https/*:4",
                               &l, &d),
                     0);
    ck_assert_uint_eq(l.count, 1);
    ck_assert_int_eq(l.incomplete, 1);
    const struct diag *w = find_diag(&d, SEV_WARNING, "SITE line could not be read");
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(w->line, 2);
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

START_TEST(huge_lines)
{
    size_t n = 1 << 20;
    char *big = malloc(n + 256);
    ck_assert_ptr_nonnull(big);
    struct site_list l;
    struct diags d;

    /* a 1 MB line of garbage, then a real SITE line */
    memset(big, 'x', n);
    strcpy(big + n, "\r\nSITE \"A\" (id:1,bindings:http/*:80:,state:Started)\r\n");
    diags_init(&d);
    ck_assert_int_eq(parse_str(big, &l, &d), 0);
    ck_assert_uint_eq(l.count, 1);
    ck_assert_uint_eq(diags_count(&d, SEV_WARNING), 1);
    ck_assert_int_lt((int)strlen(d.items[0].message), 200); /* the excerpt is capped */
    site_list_free(&l);
    diags_free(&d);

    /* a SITE line with 1 MB of bindings */
    strcpy(big, "SITE \"Many\" (id:1,bindings:");
    size_t p = strlen(big);
    size_t count = 0;
    while (p + 40 < n) {
        p += (size_t)sprintf(big + p, "https/*:443:h%zu.example,", count++);
    }
    strcpy(big + p, "state:Started)\r\n");
    diags_init(&d);
    ck_assert_int_eq(parse_str(big, &l, &d), 0);
    ck_assert_uint_eq(l.count, 1);
    ck_assert_uint_eq(l.items[0].binding_count, count);
    char last[32];
    snprintf(last, sizeof last, "h%zu.example", count - 1);
    check_http(&l.items[0].bindings[count - 1], "https", "*", 443, last);
    ck_assert_str_eq(l.items[0].state, "Started");
    site_list_free(&l);
    diags_free(&d);

    /* hostile: many `" (id:` in one line without a closing ')' */
    p = 0;
    strcpy(big, "SITE \"");
    p = strlen(big);
    while (p + 10 < n) {
        memcpy(big + p, "\" (id:1,", 8);
        p += 8;
    }
    big[p] = '\0';
    diags_init(&d);
    ck_assert_int_eq(parse_str(big, &l, &d), 0);
    ck_assert_uint_eq(l.count, 0);
    ck_assert_int_eq(l.incomplete, 1);
    site_list_free(&l);
    diags_free(&d);
    free(big);
}
END_TEST

START_TEST(many_bad_lines_capped)
{
    /* 5000 junk lines and one SITE line: warnings are capped by diags, the site is kept */
    size_t n = 5000 * 6 + 100;
    char *buf = malloc(n);
    ck_assert_ptr_nonnull(buf);
    size_t p = 0;
    for (int i = 0; i < 5000; i++) {
        memcpy(buf + p, "junk\r\n", 6);
        p += 6;
    }
    strcpy(buf + p, "SITE \"A\" (id:1,bindings:,state:Started)\r\n");
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_str(buf, &l, &d), 0);
    ck_assert_uint_eq(l.count, 1);
    ck_assert_uint_le(d.count, 200);
    ck_assert_uint_gt(d.suppressed, 0);
    site_list_free(&l);
    diags_free(&d);
    free(buf);
}
END_TEST

/* ---------------------------------------------------------------- site binding <-> socket */

static struct site_binding sbind(const char *proto, const char *ip, int port, const char *host)
{
    struct site_binding sb = {proto, "", ip, port, host, -1};
    return sb;
}

START_TEST(match_demo_host)
{
    /* the demo host's netsh records (fixtures/demo-wildcard-renewal/README) */
    struct binding any4 = sock(BINDING_IPPORT, "0.0.0.0", 443, 0);
    struct binding legacy = sock(BINDING_IPPORT, "10.0.0.12", 443, 0);
    struct binding any6 = sock(BINDING_IPPORT, "::", 443, 1);
    struct binding shop = sock(BINDING_HOSTNAMEPORT, "shop.northwind-traders.example", 443, 0);
    struct binding portal = sock(BINDING_HOSTNAMEPORT, "portal.northwind-traders.example", 443, 0);
    struct binding svc = sock(BINDING_IPPORT, "0.0.0.0", 8443, 0);

    struct site_binding dws = sbind("https", "*", 443, "");
    struct site_binding s_shop = sbind("https", "*", 443, "shop.northwind-traders.example");
    struct site_binding s_legacy = sbind("https", "10.0.0.12", 443, "");
    struct site_binding s_alias = sbind("https", "*", 443, "intranet.northwind.example");
    struct site_binding s_reports = sbind("https", "::", 443, "");
    struct site_binding s_http = sbind("http", "*", 80, "shop.northwind-traders.example");

    ck_assert_int_eq(site_binding_matches_socket(&dws, &any4), SITE_MATCH_YES);
    ck_assert_int_eq(site_binding_matches_socket(&dws, &any6), SITE_MATCH_YES);
    ck_assert_int_eq(site_binding_matches_socket(&dws, &legacy), SITE_MATCH_NONE);
    ck_assert_int_eq(site_binding_matches_socket(&dws, &shop), SITE_MATCH_NONE); /* no host, no SNI */
    ck_assert_int_eq(site_binding_matches_socket(&dws, &svc), SITE_MATCH_NONE);  /* other port */

    ck_assert_int_eq(site_binding_matches_socket(&s_shop, &shop), SITE_MATCH_YES);
    ck_assert_int_eq(site_binding_matches_socket(&s_shop, &portal), SITE_MATCH_NONE);
    ck_assert_int_eq(site_binding_matches_socket(&s_shop, &any4), SITE_MATCH_YES); /* if it is not SNI */

    ck_assert_int_eq(site_binding_matches_socket(&s_legacy, &legacy), SITE_MATCH_YES);
    ck_assert_int_eq(site_binding_matches_socket(&s_legacy, &any4), SITE_MATCH_YES); /* less specific */
    ck_assert_int_eq(site_binding_matches_socket(&s_legacy, &any6), SITE_MATCH_NONE);

    /* the alias host has no SNI record: only 0.0.0.0:443 (and [::]:443) can serve it */
    ck_assert_int_eq(site_binding_matches_socket(&s_alias, &any4), SITE_MATCH_YES);
    ck_assert_int_eq(site_binding_matches_socket(&s_alias, &shop), SITE_MATCH_NONE);

    ck_assert_int_eq(site_binding_matches_socket(&s_reports, &any6), SITE_MATCH_YES);
    ck_assert_int_eq(site_binding_matches_socket(&s_reports, &any4), SITE_MATCH_NONE);
    ck_assert_int_eq(site_binding_matches_socket(&s_reports, &legacy), SITE_MATCH_NONE);

    /* http bindings never use HTTP.sys SSL records */
    ck_assert_int_eq(site_binding_matches_socket(&s_http, &shop), SITE_MATCH_NONE);
    struct binding http80 = sock(BINDING_IPPORT, "0.0.0.0", 80, 0);
    ck_assert_int_eq(site_binding_matches_socket(&s_http, &http80), SITE_MATCH_NONE);
}
END_TEST

START_TEST(match_addresses_hosts_ccs)
{
    struct binding v6 = sock(BINDING_IPPORT, "2001:db8::15", 443, 1);
    struct site_binding same = sbind("https", "2001:0DB8:0:0:0:0:0:15", 443, "");
    struct site_binding other = sbind("https", "2001:db8::16", 443, "");
    struct site_binding v4 = sbind("https", "192.0.2.7", 443, "");
    struct site_binding empty_ip = sbind("https", "", 443, "");
    ck_assert_int_eq(site_binding_matches_socket(&same, &v6), SITE_MATCH_YES);
    ck_assert_int_eq(site_binding_matches_socket(&other, &v6), SITE_MATCH_NONE);
    ck_assert_int_eq(site_binding_matches_socket(&v4, &v6), SITE_MATCH_NONE);
    ck_assert_int_eq(site_binding_matches_socket(&empty_ip, &v6), SITE_MATCH_NONE);
    struct binding any4 = sock(BINDING_IPPORT, "0.0.0.0", 443, 0);
    ck_assert_int_eq(site_binding_matches_socket(&empty_ip, &any4), SITE_MATCH_YES);
    ck_assert_int_eq(site_binding_matches_socket(&v4, &any4), SITE_MATCH_YES);
    ck_assert_int_eq(site_binding_matches_socket(&same, &any4), SITE_MATCH_NONE);
    struct binding v4rec = sock(BINDING_IPPORT, "192.0.2.7", 443, 0);
    struct binding v4other = sock(BINDING_IPPORT, "192.0.2.8", 443, 0);
    ck_assert_int_eq(site_binding_matches_socket(&v4, &v4rec), SITE_MATCH_YES);
    ck_assert_int_eq(site_binding_matches_socket(&v4, &v4other), SITE_MATCH_NONE);
    /* an IPv4-mapped tail parses too */
    struct binding mapped = sock(BINDING_IPPORT, "::ffff:192.0.2.7", 443, 1);
    struct site_binding smapped = sbind("https", "::FFFF:c000:0207", 443, "");
    ck_assert_int_eq(site_binding_matches_socket(&smapped, &mapped), SITE_MATCH_YES);

    /* SNI host: case and one trailing dot do not matter, the IP does not either */
    struct binding sni = sock(BINDING_HOSTNAMEPORT, "www.adatum.example", 443, 0);
    struct site_binding h1 = sbind("HTTPS", "10.1.2.3", 443, "WWW.Adatum.Example.");
    struct site_binding h2 = sbind("https", "*", 8443, "www.adatum.example");
    ck_assert_int_eq(site_binding_matches_socket(&h1, &sni), SITE_MATCH_YES);
    ck_assert_int_eq(site_binding_matches_socket(&h2, &sni), SITE_MATCH_NONE);

    /* CCS: only host-named bindings on the port, and only as a weak answer */
    struct binding ccs = sock(BINDING_CCS, NULL, 443, 0);
    ck_assert_int_eq(site_binding_matches_socket(&h1, &ccs), SITE_MATCH_CCS);
    ck_assert_int_eq(site_binding_matches_socket(&empty_ip, &ccs), SITE_MATCH_NONE);
    ck_assert_int_eq(site_binding_matches_socket(&h2, &ccs), SITE_MATCH_NONE);
    struct binding scoped = sock(BINDING_SCOPEDCCS, "www.adatum.example", 443, 0);
    ck_assert_int_eq(site_binding_matches_socket(&h1, &scoped), SITE_MATCH_CCS);
    struct site_binding h3 = sbind("https", "*", 443, "other.adatum.example");
    ck_assert_int_eq(site_binding_matches_socket(&h3, &scoped), SITE_MATCH_NONE);

    /* unreadable ports, non-HTTP and NULLs */
    struct site_binding noport = sbind("https", "*", -1, "");
    struct binding noport_b = sock(BINDING_IPPORT, "0.0.0.0", -1, 0);
    ck_assert_int_eq(site_binding_matches_socket(&noport, &noport_b), SITE_MATCH_NONE);
    struct site_binding tcp = {"net.tcp", "808:*", NULL, -1, NULL, -1};
    ck_assert_int_eq(site_binding_matches_socket(&tcp, &any4), SITE_MATCH_NONE);
    ck_assert_int_eq(site_binding_matches_socket(NULL, &any4), SITE_MATCH_NONE);
    ck_assert_int_eq(site_binding_matches_socket(&v4, NULL), SITE_MATCH_NONE);
    /* malformed addresses never equal a real one, but an identical odd string does */
    struct site_binding odd = sbind("https", "1.2.3.4.5", 443, "");
    struct binding odd_b = sock(BINDING_IPPORT, "1.2.3.4.5", 443, 0);
    ck_assert_int_eq(site_binding_matches_socket(&odd, &any4), SITE_MATCH_NONE);
    ck_assert_int_eq(site_binding_matches_socket(&odd, &odd_b), SITE_MATCH_YES);
    struct site_binding bad6 = sbind("https", "1::2::3", 443, "");
    struct binding any6 = sock(BINDING_IPPORT, "::", 443, 1);
    ck_assert_int_eq(site_binding_matches_socket(&bad6, &any6), SITE_MATCH_NONE);
}
END_TEST

/* Every site of the demo fixture, against the demo netsh records: who serves what. */
START_TEST(match_demo_fixture_sites)
{
    struct binding netsh[] = {
        sock(BINDING_IPPORT, "0.0.0.0", 443, 0),
        sock(BINDING_IPPORT, "10.0.0.12", 443, 0),
        sock(BINDING_IPPORT, "::", 443, 1),
        sock(BINDING_HOSTNAMEPORT, "shop.northwind-traders.example", 443, 0),
        sock(BINDING_HOSTNAMEPORT, "portal.northwind-traders.example", 443, 0),
        sock(BINDING_IPPORT, "0.0.0.0", 8443, 0),
        sock(BINDING_IPPORT, "0.0.0.0", 9443, 0),
    };
    /* expected[i][k]: https binding of site i served by record k */
    static const int expected[6][7] = {
        {1, 0, 1, 0, 0, 0, 0}, /* Default Web Site, https on any IP */
        {1, 0, 1, 1, 0, 0, 0}, /* Northwind Shop */
        {1, 0, 1, 0, 1, 0, 0}, /* Northwind Portal */
        {1, 1, 0, 0, 0, 0, 0}, /* Intranet Legacy, https on 10.0.0.12 */
        {1, 0, 1, 0, 0, 0, 0}, /* Old Intranet Alias */
        {0, 0, 1, 0, 0, 0, 0}, /* Reports, https on [::] */
    };
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_fixture("demo-wildcard-renewal/appcmd-list-site.txt", &l, &d), 0);
    ck_assert_uint_eq(l.count, 6);
    for (size_t i = 0; i < 6; i++) {
        const struct site_binding *sb = NULL;
        for (size_t j = 0; j < l.items[i].binding_count; j++)
            if (strcmp(l.items[i].bindings[j].protocol, "https") == 0)
                sb = &l.items[i].bindings[j];
        ck_assert_ptr_nonnull(sb);
        for (size_t k = 0; k < 7; k++)
            ck_assert_msg((site_binding_matches_socket(sb, &netsh[k]) == SITE_MATCH_YES) == expected[i][k],
                          "site %s record %zu", l.items[i].name, k);
    }
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

Suite *suite_appcmd(void)
{
    Suite *s = suite_create("appcmd");
    TCase *tc = tcase_create("parse");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, fixture_demo_host);
    tcase_add_test(tc, fixture_ws2022_en);
    tcase_add_test(tc, fixture_ws2022_en_consistent_with_netsh);
    tcase_add_test(tc, fixture_error_8007007a);
    tcase_add_test(tc, sample01_uppercase_protocol);
    tcase_add_test(tc, sample02_cjk_names_comment_line_id_gap);
    tcase_add_test(tc, sample06_tabs_and_non_http_bindings);
    tcase_add_test(tc, sample08_error_inline);
    tcase_add_test(tc, samples09_10_other_views_rejected);
    tcase_add_test(tc, binding_information_forms);
    tcase_add_test(tc, bad_binding_information_is_a_warning);
    tcase_add_test(tc, names_with_quotes_commas_parentheses);
    tcase_add_test(tc, error_after_some_sites_and_other_errors);
    tcase_add_test(tc, empty_and_blank);
    tcase_add_test(tc, not_appcmd_output);
    tcase_add_test(tc, binary_garbage);
    tcase_add_test(tc, truncated_site_line);
    tcase_add_test(tc, huge_lines);
    tcase_add_test(tc, many_bad_lines_capped);
    suite_add_tcase(s, tc);
    TCase *tm = tcase_create("match");
    tcase_add_checked_fixture(tm, NULL, teardown);
    tcase_add_test(tm, match_demo_host);
    tcase_add_test(tm, match_addresses_hosts_ccs);
    tcase_add_test(tm, match_demo_fixture_sites);
    suite_add_tcase(s, tm);
    return s;
}
