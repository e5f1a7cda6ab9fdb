/* netsh show sslcert parser: layout variants and hostile input (fixtures have their own suite). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netsh.h"
#include "strbuf.h"
#include "testutil.h"

static const char RECORD_2012[] =
    "    IP:port                      : %s\r\n"
    "    Certificate Hash             : %s\r\n"
    "    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n"
    "    Certificate Store Name       : MY\r\n"
    "    Verify Client Certificate Revocation : Enabled\r\n"
    "    Verify Revocation Using Cached Client Certificate Only : Disabled\r\n"
    "    Usage Check                  : Enabled\r\n"
    "    Revocation Freshness Time    : 0\r\n"
    "    URL Retrieval Timeout        : 0\r\n"
    "    Ctl Identifier               : (null)\r\n"
    "    Ctl Store Name               : (null)\r\n"
    "    DS Mapper Usage              : Disabled\r\n"
    "    Negotiate Client Certificate : Disabled\r\n";

static const char HEADER[] = "\r\nSSL Certificate bindings:\r\n-------------------------\r\n";

static void add_record(struct strbuf *sb, const char *socket, const char *hash)
{
    sb_printf(sb, RECORD_2012, socket, hash);
    sb_adds(sb, "\r\n");
}

struct parsed {
    struct binding_list l;
    struct diags d;
    int rc;
};

static void parse(struct parsed *p, const char *s, size_t len)
{
    diags_init(&p->d);
    p->rc = netsh_parse_sslcert_bytes((const unsigned char *)s, len, 0, &p->l, &p->d);
}

static void parsed_free(struct parsed *p)
{
    binding_list_free(&p->l);
    diags_free(&p->d);
}

static int has_diag(const struct parsed *p, enum severity sev, const char *needle)
{
    return find_diag(&p->d, sev, needle) != NULL;
}

START_TEST(test_blank_lines_after_header)
{
    /* 0, 1 and 3 blank lines after the dashes all parse the same */
    for (int blanks = 0; blanks <= 3; blanks++) {
        struct strbuf sb;
        sb_init(&sb);
        sb_adds(&sb, HEADER);
        for (int i = 0; i < blanks; i++)
            sb_adds(&sb, "\r\n");
        add_record(&sb, "0.0.0.0:443", "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e");
        add_record(&sb, "[::]:8443", "8C 1D 4E 7A 2B 5F 90 36 C4 E8 A1 D7 B3 F6 0E 29 5A 8C 4D 17");
        struct parsed p;
        parse(&p, sb.data, sb.len);
        ck_assert_int_eq(p.rc, 0);
        ck_assert_uint_eq(p.l.count, 2);
        ck_assert_str_eq(p.l.items[0].socket, "0.0.0.0:443");
        ck_assert_str_eq(p.l.items[0].host, "0.0.0.0");
        ck_assert_int_eq(p.l.items[0].port, 443);
        ck_assert_int_eq(p.l.items[1].host_is_ipv6, 1);
        ck_assert_str_eq(p.l.items[1].host, "::");
        ck_assert_int_eq(p.l.items[1].port, 8443);
        ck_assert_str_eq(p.l.items[1].certhash, "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17");
        ck_assert_int_eq(p.l.items[0].incomplete, 0);
        ck_assert_int_eq(p.l.truncated, 0);
        ck_assert_uint_eq(diags_count(&p.d, SEV_WARNING) + diags_count(&p.d, SEV_ERROR), 0);
        parsed_free(&p);
        sb_free(&sb);
    }
}
END_TEST

START_TEST(test_single_space_labels_lf_and_trailing_spaces)
{
    const char *s = "SSL Certificate bindings:\n"
                    "-------------------------\n\n"
                    "IP:port : 10.0.0.12:443   \n"
                    "Certificate Hash : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e  \n"
                    "Application ID : {4dc3e181-e14b-4a21-b022-59fc669b0914}\n"
                    "Certificate Store Name : WebHosting\n"
                    "Verify Client Certificate Revocation : Disabled\n"
                    "Verify Revocation Using Cached Client Certificate Only : Disabled\n"
                    "Usage Check : Enabled\n"
                    "Revocation Freshness Time : 3600\n"
                    "URL Retrieval Timeout : 15000\n"
                    "Ctl Identifier : MyCtl\n"
                    "Ctl Store Name : Root\n"
                    "DS Mapper Usage : Enabled\n"
                    "Negotiate Client Certificate : Enabled\n"
                    "Disable TLS1.3 : Set\n\n";
    struct parsed p;
    parse(&p, s, strlen(s));
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 1);
    const struct binding *b = &p.l.items[0];
    ck_assert_str_eq(b->socket, "10.0.0.12:443");
    ck_assert_str_eq(b->store, "WebHosting");
    ck_assert_str_eq(binding_value(b, NF_VERIFYCLIENTCERTREVOCATION), "disable");
    ck_assert_str_eq(binding_value(b, NF_REVOCATIONFRESHNESSTIME), "3600");
    ck_assert_str_eq(binding_value(b, NF_URLRETRIEVALTIMEOUT), "15000");
    ck_assert_str_eq(binding_value(b, NF_SSLCTLIDENTIFIER), "MyCtl");
    ck_assert_str_eq(binding_value(b, NF_SSLCTLSTORENAME), "Root");
    ck_assert_str_eq(binding_value(b, NF_DSMAPPERUSAGE), "enable");
    ck_assert_str_eq(binding_value(b, NF_CLIENTCERTNEGOTIATION), "enable");
    ck_assert_str_eq(binding_value(b, NF_DISABLETLS13), "enable");
    ck_assert_ptr_null(b->fields[NF_DISABLEHTTP2].raw); /* not printed: absent, not "disable" */
    ck_assert_int_eq(b->incomplete, 0);
    parsed_free(&p);
}
END_TEST

START_TEST(test_prompt_noise_before_header)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "Microsoft Windows [Version 10.0.20348.2849]\r\n(c) Microsoft Corporation. All rights reserved.\r\n\r\n"
                 "C:\\Windows\\system32>netsh http show sslcert\r\n");
    sb_adds(&sb, HEADER);
    sb_adds(&sb, "\r\n");
    add_record(&sb, "0.0.0.0:443", "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e");
    sb_adds(&sb, "\r\nC:\\Windows\\system32>");
    struct parsed p;
    parse(&p, sb.data, sb.len);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 1);
    ck_assert_int_eq(p.l.header_seen, 1);
    ck_assert_int_eq(p.l.items[0].incomplete, 0);
    parsed_free(&p);
    sb_free(&sb);
}
END_TEST

START_TEST(test_hostnameport_ccs_and_extended_properties)
{
    const char *s = "SSL Certificate bindings:\r\n-------------------------\r\n\r\n"
                    "    Hostname:port                : shop.northwind-traders.example:443\r\n"
                    "    Certificate Hash             : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\r\n"
                    "    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n"
                    "    Certificate Store Name       : My\r\n"
                    "    Verify Client Certificate Revocation : Enabled\r\n"
                    "    Verify Revocation Using Cached Client Certificate Only : Disabled\r\n"
                    "    Usage Check                  : Enabled\r\n"
                    "    Revocation Freshness Time    : 0\r\n"
                    "    URL Retrieval Timeout        : 0\r\n"
                    "    Ctl Identifier               : (null)\r\n"
                    "    Ctl Store Name               : (null)\r\n"
                    "    DS Mapper Usage              : Disabled\r\n"
                    "    Negotiate Client Certificate : Disabled\r\n"
                    "    Disable Session ID           : Not Set\r\n"
                    "    Enable Caching Client Hello  : Set\r\n"
                    "    Extended Properties:\r\n"
                    "    PropertyId                   : 0\r\n"
                    "    Receive Window               : 1048576\r\n"
                    "    Extended Properties:\r\n"
                    "    PropertyId                   : 1\r\n"
                    "    Max Settings Per Frame       : 2796202\r\n"
                    "    Max Settings Per Minute      : 4294967295\r\n"
                    "\r\n"
                    "    Central Certificate Store    : 443\r\n"
                    "    Certificate Hash             : (null)\r\n"
                    "    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n"
                    "    Certificate Store Name       : (null)\r\n"
                    "    Verify Client Certificate Revocation : Enabled\r\n"
                    "    Verify Revocation Using Cached Client Certificate Only : Disabled\r\n"
                    "    Usage Check                  : Enabled\r\n"
                    "    Revocation Freshness Time    : 0\r\n"
                    "    URL Retrieval Timeout        : 0\r\n"
                    "    Ctl Identifier               : (null)\r\n"
                    "    Ctl Store Name               : (null)\r\n"
                    "    DS Mapper Usage              : Disabled\r\n"
                    "    Negotiate Client Certificate : Disabled\r\n\r\n";
    struct parsed p;
    parse(&p, s, strlen(s));
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 2);
    const struct binding *b = &p.l.items[0];
    ck_assert_int_eq(b->kind, BINDING_HOSTNAMEPORT);
    ck_assert_str_eq(b->host, "shop.northwind-traders.example");
    ck_assert_str_eq(binding_value(b, NF_DISABLESESSIONID), "disable");
    ck_assert_uint_eq(b->extra_count, 1);
    ck_assert_str_eq(b->extra[0].label, "Enable Caching Client Hello");
    ck_assert_str_eq(b->extra[0].value, "Set");
    ck_assert_uint_eq(b->ext_count, 2);
    ck_assert_str_eq(b->ext[0].property_id, "0");
    ck_assert_uint_eq(b->ext[0].count, 1);
    ck_assert_str_eq(b->ext[0].items[0].param, "receivewindow");
    ck_assert_str_eq(b->ext[0].items[0].value, "1048576");
    ck_assert_str_eq(b->ext[1].property_id, "1");
    ck_assert_uint_eq(b->ext[1].count, 2);
    ck_assert_str_eq(b->ext[1].items[1].param, "maxsettingsperminute");
    ck_assert_str_eq(b->ext[1].items[1].value, "4294967295");
    const struct binding *c = &p.l.items[1];
    ck_assert_int_eq(c->kind, BINDING_CCS);
    ck_assert_int_eq(c->port, 443);
    ck_assert_ptr_null(c->host);
    ck_assert_ptr_null(c->certhash);
    ck_assert_ptr_null(c->store);
    ck_assert_int_eq(c->incomplete, 0);
    ck_assert_uint_eq(diags_count(&p.d, SEV_ERROR), 0);
    parsed_free(&p);
}
END_TEST

START_TEST(test_empty_listing_is_valid)
{
    const char *s = "\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n\r\n";
    struct parsed p;
    parse(&p, s, strlen(s));
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 0);
    ck_assert_int_eq(p.l.header_seen, 1);
    parsed_free(&p);
}
END_TEST

START_TEST(test_empty_input_is_an_error)
{
    struct parsed p;
    parse(&p, "", 0);
    ck_assert_int_eq(p.rc, -1);
    ck_assert(has_diag(&p, SEV_ERROR, "netsh printed nothing"));
    parsed_free(&p);
}
END_TEST

START_TEST(test_binary_garbage_is_an_error)
{
    unsigned char buf[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (unsigned char)(x >> 16);
    }
    struct parsed p;
    diags_init(&p.d);
    p.rc = netsh_parse_sslcert_bytes(buf, sizeof buf, 0, &p.l, &p.d);
    ck_assert_int_eq(p.rc, -1);
    ck_assert_uint_eq(p.l.count, 0);
    ck_assert(has_diag(&p, SEV_ERROR, "not `netsh http show sslcert` output"));
    parsed_free(&p);
}
END_TEST

START_TEST(test_truncated_record_is_kept_and_flagged)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    add_record(&sb, "0.0.0.0:443", "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e");
    sb_adds(&sb, "    IP:port                      : [::]:443\r\n"
                 "    Certificate Hash             : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\r\n"
                 "    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n"
                 "    R");
    struct parsed p;
    parse(&p, sb.data, sb.len);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 2);
    ck_assert_int_eq(p.l.items[0].incomplete, 0);
    ck_assert_int_eq(p.l.items[1].incomplete, 1);
    ck_assert_int_eq(p.l.truncated, 1);
    ck_assert(has_diag(&p, SEV_WARNING, "cut off"));
    ck_assert(has_diag(&p, SEV_WARNING, "ends in the middle of the binding [::]:443"));
    parsed_free(&p);
    sb_free(&sb);
}
END_TEST

START_TEST(test_unreadable_hash_reported_with_line)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    add_record(&sb, "0.0.0.0:443", "redacted");
    add_record(&sb, "0.0.0.0:8443", "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2");
    struct parsed p;
    parse(&p, sb.data, sb.len);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 2);
    ck_assert_ptr_null(p.l.items[0].certhash);
    ck_assert_int_eq(p.l.items[0].incomplete, 1);
    ck_assert_int_eq(p.l.items[1].incomplete, 1);
    int found = 0;
    for (size_t i = 0; i < p.d.count; i++)
        if (p.d.items[i].severity == SEV_ERROR && p.d.items[i].line == 5 && strstr(p.d.items[i].message, "'r'"))
            found = 1;
    ck_assert_msg(found, "hash error must carry line 5");
    ck_assert(has_diag(&p, SEV_ERROR, "has 39 hex digits"));
    parsed_free(&p);
    sb_free(&sb);
}
END_TEST

START_TEST(test_unreadable_key_only_is_an_error)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    add_record(&sb, "not-a-socket", "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e");
    struct parsed p;
    parse(&p, sb.data, sb.len);
    ck_assert_int_eq(p.rc, -1);
    ck_assert(has_diag(&p, SEV_ERROR, "cannot read the ipport key 'not-a-socket'"));
    parsed_free(&p);
    sb_free(&sb);
}
END_TEST

START_TEST(test_unknown_language_read_by_shape)
{
    /* French-like labels the tables do not know: key, hash and appid are still found by shape */
    const char *s = "Liaisons de certificat SSL :\r\n-------------------------\r\n\r\n"
                    "    Port IP                      : 192.0.2.4:443\r\n"
                    "    Hachage du certificat        : a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4\r\n"
                    "    ID de l'application          : {4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n"
                    "    Nom du magasin               : My\r\n\r\n";
    struct parsed p;
    parse(&p, s, strlen(s));
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 1);
    const struct binding *b = &p.l.items[0];
    ck_assert_str_eq(b->socket, "192.0.2.4:443");
    ck_assert_str_eq(b->certhash, "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4");
    ck_assert_str_eq(b->appid, "{4dc3e181-e14b-4a21-b022-59fc669b0914}");
    ck_assert_int_eq(b->incomplete, 1); /* settings unknown: never rebind blindly */
    ck_assert_uint_eq(b->extra_count, 1);
    parsed_free(&p);
}
END_TEST

START_TEST(test_utf16le_without_bom_and_nul_bytes)
{
    const char *ascii = "SSL Certificate bindings:\r\n-------------------------\r\n\r\n"
                        "    IP:port                      : 0.0.0.0:443\r\n"
                        "    Certificate Hash             : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\r\n\r\n";
    size_t n = strlen(ascii);
    unsigned char *w = calloc(2 * n, 1);
    for (size_t i = 0; i < n; i++)
        w[2 * i] = (unsigned char)ascii[i];
    struct parsed p;
    diags_init(&p.d);
    p.rc = netsh_parse_sslcert_bytes(w, 2 * n, 0, &p.l, &p.d);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 1);
    ck_assert_str_eq(p.l.items[0].certhash, "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e");
    parsed_free(&p);
    free(w);

    /* the same as 8-bit text with NUL bytes sprinkled in: warned, no crash */
    char *z = malloc(n);
    memcpy(z, ascii, n);
    z[3] = '\0';
    z[n - 3] = '\0';
    parse(&p, z, n);
    ck_assert(has_diag(&p, SEV_WARNING, "NUL"));
    parsed_free(&p);
    free(z);
}
END_TEST

START_TEST(test_one_megabyte_line)
{
    size_t n = 1024 * 1024;
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    sb_adds(&sb, "    IP:port                      : ");
    sb_reserve(&sb, n);
    memset(sb.data + sb.len, '9', n);
    sb.len += n;
    sb.data[sb.len] = '\0';
    sb_adds(&sb, "\r\n\r\n    Certificate Hash : ");
    sb_reserve(&sb, n);
    memset(sb.data + sb.len, 'a', n);
    sb.len += n;
    sb.data[sb.len] = '\0';
    sb_adds(&sb, "\r\n");
    struct parsed p;
    parse(&p, sb.data, sb.len);
    ck_assert_int_eq(p.rc, -1);
    ck_assert(has_diag(&p, SEV_ERROR, "cannot read the ipport key"));
    parsed_free(&p);
    sb_free(&sb);
}
END_TEST

START_TEST(test_hundred_thousand_bindings)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    sb_adds(&sb, "\r\n");
    char sock[64];
    for (int i = 0; i < 100000; i++) {
        snprintf(sock, sizeof sock, "10.%d.%d.%d:443", (i >> 16) & 255, (i >> 8) & 255, i & 255);
        add_record(&sb, sock, "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e");
    }
    struct parsed p;
    parse(&p, sb.data, sb.len);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 100000);
    ck_assert_str_eq(p.l.items[99999].socket, "10.1.134.159:443");
    ck_assert_int_eq(p.l.items[99999].incomplete, 0);
    ck_assert_uint_eq(diags_count(&p.d, SEV_WARNING) + diags_count(&p.d, SEV_ERROR), 0);
    parsed_free(&p);
    sb_free(&sb);
}
END_TEST

START_TEST(test_german_labels)
{
    /* "Zertifikatbindungen" etc. in CP850: the header has no umlaut, values are ASCII */
    const char *s = "\r\nSSL-Zertifikatbindungen:\r\n-------------------------\r\n\r\n"
                    "    IP:Port                      : 0.0.0.0:8091\r\n"
                    "    Zertifikathash              : af459df0ed47a6f14b8f6a20caf2488d3bb6e1bb\r\n"
                    "    Anwendungs-ID                : {4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n"
                    "    Zertifikatspeichername       : My\r\n\r\n";
    struct parsed p;
    parse(&p, s, strlen(s));
    ck_assert_int_eq(p.rc, 0);
    ck_assert_str_eq(p.l.language, "de");
    ck_assert_uint_eq(p.l.count, 1);
    ck_assert_str_eq(p.l.items[0].socket, "0.0.0.0:8091");
    ck_assert_str_eq(p.l.items[0].certhash, "af459df0ed47a6f14b8f6a20caf2488d3bb6e1bb");
    ck_assert_str_eq(p.l.items[0].store, "My");
    parsed_free(&p);
}
END_TEST


/* One SNI record with the given key and Ctl Identifier, after the header. */
static void parse_sni(struct parsed *p, const char *host_port, const char *ctl)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    sb_printf(&sb,
              "    Hostname:port                : %s\r\n"
              "    Certificate Hash             : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\r\n"
              "    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n"
              "    Certificate Store Name       : My\r\n"
              "    Verify Client Certificate Revocation : Enabled\r\n"
              "    Verify Revocation Using Cached Client Certificate Only : Disabled\r\n"
              "    Usage Check                  : Enabled\r\n"
              "    Revocation Freshness Time    : 0\r\n"
              "    URL Retrieval Timeout        : 0\r\n"
              "    Ctl Identifier               : %s\r\n"
              "    Ctl Store Name               : (null)\r\n"
              "    DS Mapper Usage              : Disabled\r\n"
              "    Negotiate Client Certificate : Disabled\r\n\r\n",
              host_port, ctl);
    parse(p, sb.data, sb.len);
    sb_free(&sb);
}

START_TEST(test_values_netsh_cannot_print_are_refused)
{
    /* script metacharacters in a host name: reported with the line, never planned */
    static const char *const crafted[] = {
        "a&calc&b.northwind-traders.example:443", "x\"&calc&\".northwind-traders.example:443",
        "x%~b.northwind-traders.example:443",     "a|b.example:443",
        "a<b.example:443",                         "a>b.example:443",
        "a^b.example:443",                         "a!b!.example:443",
        "a(b).example:443",                        "a\x1b[31mb.example:443",
        "a..b.example:443",                        "-a.example:443",
        ("x\xe2\x80\xae" "b.example:443"), /* U+202E right-to-left override */
    };
    for (size_t i = 0; i < sizeof crafted / sizeof crafted[0]; i++) {
        struct parsed p;
        parse_sni(&p, crafted[i], "(null)");
        ck_assert_uint_eq(p.l.count, 1);
        ck_assert_msg(p.l.items[0].incomplete && !p.l.items[0].key_valid, "%s was accepted", crafted[i]);
        const struct diag *g = find_diag(&p.d, SEV_ERROR, "cannot read the hostnameport key");
        ck_assert_msg(g != NULL, "no error for %s", crafted[i]);
        ck_assert_int_eq(g->line, 4);
        parsed_free(&p);
    }
    /* a CTL identifier or store name that would leave its quotes */
    static const char *const ctl[] = {"id\"&calc&\"", "Root\" certhash=0000", "a%PATH%b", "x&y"};
    for (size_t i = 0; i < sizeof ctl / sizeof ctl[0]; i++) {
        struct parsed p;
        parse_sni(&p, "www.example.com:443", ctl[i]);
        ck_assert_msg(p.l.items[0].incomplete, "Ctl Identifier %s was accepted", ctl[i]);
        const struct diag *g = find_diag(&p.d, SEV_ERROR, "the sslctlidentifier");
        ck_assert_msg(g != NULL && g->line == 13, "no error on line 13 for %s", ctl[i]);
        parsed_free(&p);
    }
}
END_TEST

START_TEST(test_real_names_are_kept)
{
    /* what netsh does print: IDN host names (UTF-8), wildcards, underscores, CTL names */
    static const char *const hosts[] = {("b\xc3\xbc" "cher.example:443"), "*.northwind-traders.example:443",
                                        "xn--bcher-kva.example:443", "localhost:8443",
                                        "\xe4\xbe\x8b\xe3\x81\x88.\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88:443",
                                        "dc_01.corp.example.:443"};
    for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
        struct parsed p;
        parse_sni(&p, hosts[i], "My CTL-2024_v1.0");
        ck_assert_int_eq(p.rc, 0);
        ck_assert_msg(p.l.items[0].key_valid && !p.l.items[0].incomplete, "%s was refused", hosts[i]);
        ck_assert_uint_eq(diags_count(&p.d, SEV_ERROR), 0);
        ck_assert_str_eq(p.l.items[0].fields[NF_SSLCTLIDENTIFIER].value, "My CTL-2024_v1.0");
        parsed_free(&p);
    }
    struct parsed p;
    parse_sni(&p, "b\xc3\xbc" "cher.example:443", "(null)");
    ck_assert_str_eq(p.l.items[0].host, "b\xc3\xbc" "cher.example");
    ck_assert_int_eq(p.l.items[0].port, 443);
    parsed_free(&p);
}
END_TEST

START_TEST(test_diagnostics_quote_at_most_200_characters)
{
    struct strbuf host;
    sb_init(&host);
    for (int i = 0; i < 5000; i++)
        sb_adds(&host, "&\xc3\xa9");
    sb_adds(&host, ".example:443");
    struct parsed p;
    parse_sni(&p, host.data, "(null)");
    const struct diag *g = find_diag(&p.d, SEV_ERROR, "cannot read the hostnameport key");
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_lt(strlen(g->message), 600);
    ck_assert_ptr_nonnull(strstr(g->message, "...'"));
    parsed_free(&p);
    sb_free(&host);
}
END_TEST

START_TEST(test_blank_line_inside_a_record_continues_it)
{
    /* documents and e-mails add blank lines between fields: the record goes on until a new key */
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    sb_adds(&sb, "    IP:port                      : 0.0.0.0:443\r\n\r\n");
    sb_adds(&sb, "    Certificate Hash             : f98a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a\r\n\r\n\r\n");
    /* the rest of the 2012 record, from the Application ID on */
    sb_adds(&sb, strstr(RECORD_2012, "    Application ID"));
    sb_adds(&sb, "\r\n");
    add_record(&sb, "10.0.0.12:443", "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e");
    sb_adds(&sb, "C:\\Windows\\system32>\r\n");
    struct parsed p;
    parse(&p, sb.data, sb.len);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 2);
    ck_assert_str_eq(p.l.items[0].certhash, "f98a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a");
    ck_assert_int_eq(p.l.items[0].incomplete, 0);
    ck_assert_str_eq(p.l.items[1].socket, "10.0.0.12:443");
    ck_assert_int_eq(p.l.items[1].incomplete, 0);
    ck_assert_int_eq(p.l.truncated, 0);
    ck_assert_uint_eq(diags_count(&p.d, SEV_ERROR) + diags_count(&p.d, SEV_WARNING), 0);
    parsed_free(&p);
    sb_free(&sb);
}
END_TEST

/* Tabs and long runs of blanks where netsh pads with spaces (text pasted through editors): labels
 * and values are trimmed of both, and a line of only blanks and tabs, however long, is blank. */
START_TEST(test_tabs_and_long_blank_runs)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    sb_adds(&sb, "\tIP:port\t\t\t\t\t\t: 0.0.0.0:443\t \r\n");
    sb_adds(&sb, "\t\t\t\t\t\t\t\t\t\r\n"); /* nine tabs: blank, the record goes on */
    sb_adds(&sb, "            \t Certificate Hash         \t\t\t   :   f98a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a    \t\r\n");
    sb_adds(&sb, strstr(RECORD_2012, "    Application ID"));
    sb_adds(&sb, "                    \r\n"); /* twenty spaces */
    sb_adds(&sb, " \t \t \t \t \t \t\r\n");
    add_record(&sb, "10.0.0.12:443", "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e");
    struct parsed p;
    parse(&p, sb.data, sb.len);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 2);
    ck_assert_str_eq(p.l.items[0].socket, "0.0.0.0:443");
    ck_assert_str_eq(p.l.items[0].certhash, "f98a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a");
    ck_assert_str_eq(p.l.items[0].fields[NF_CERTHASH].raw, "f98a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a");
    ck_assert_int_eq(p.l.items[0].incomplete, 0);
    ck_assert_str_eq(p.l.items[1].socket, "10.0.0.12:443");
    ck_assert_int_eq(p.l.items[1].incomplete, 0);
    ck_assert_uint_eq(diags_count(&p.d, SEV_ERROR) + diags_count(&p.d, SEV_WARNING) + diags_count(&p.d, SEV_INFO), 0);
    parsed_free(&p);
    sb_free(&sb);
}
END_TEST

/* Records after the first are split by the prefix the same field's line had last time (see
 * line_prefix in src/netsh.c); a line that differs from it anywhere up to the value, even by one
 * blank around the colon, must be split on its own, with the same result as in a first record. */
START_TEST(test_lines_unlike_the_previous_record)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    add_record(&sb, "10.0.0.1:443", "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e");
    /* the same labels, then the application ID without the blank after the colon, the store
     * name with two, a value that has colons of its own, and an empty hash */
    const char *rest = strstr(RECORD_2012, "    Certificate Store Name");
    sb_adds(&sb, "    IP:port                      : 10.0.0.2:443\r\n"
                 "    Certificate Hash             : 8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17\r\n"
                 "    Application ID               :{4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n"
                 "    Certificate Store Name       :  WebHosting\r\n");
    sb_adds(&sb, strstr(rest, "    Verify Client"));
    sb_adds(&sb, "\r\n");
    sb_adds(&sb, "    IP:port                      : 10.0.0.3:443\r\n"
                 "    Certificate Hash             : \r\n"
                 "    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n"
                 "    Certificate Store Name       : My:Store\r\n");
    sb_adds(&sb, strstr(rest, "    Verify Client"));
    sb_adds(&sb, "\r\n");
    struct parsed p;
    parse(&p, sb.data, sb.len);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 3);
    const struct binding *b = &p.l.items[1];
    ck_assert_str_eq(b->socket, "10.0.0.2:443");
    ck_assert_str_eq(b->certhash, "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17");
    ck_assert_str_eq(b->appid, "{4dc3e181-e14b-4a21-b022-59fc669b0914}");
    ck_assert_str_eq(b->store, "WebHosting");
    ck_assert_int_eq(b->incomplete, 0);
    b = &p.l.items[2];
    ck_assert_ptr_null(b->certhash);
    ck_assert_str_eq(b->fields[NF_CERTHASH].raw, "");
    ck_assert_str_eq(b->fields[NF_CERTSTORENAME].raw, "My:Store");
    ck_assert_int_eq(b->incomplete, 1);
    ck_assert(has_diag(&p, SEV_ERROR, "binding 10.0.0.3:443 has no certificate hash"));
    ck_assert(has_diag(&p, SEV_ERROR, "'My:Store' has characters netsh does not print"));
    parsed_free(&p);
    sb_free(&sb);
}
END_TEST

/* A value repeated from the record before shares that record's checks (see keep_value in
 * src/netsh.c): a bad application ID or store name must be refused again on every record that
 * repeats it, and a good one after it accepted. */
START_TEST(test_repeated_bad_values_are_refused_each_time)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    const char *rest = strstr(RECORD_2012, "    Verify Client");
    for (int i = 0; i < 4; i++) {
        int bad = i == 1 || i == 2;
        sb_printf(&sb, "    IP:port                      : 10.0.0.%d:443\r\n", i + 1);
        sb_adds(&sb, "    Certificate Hash             : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\r\n");
        sb_adds(&sb, bad ? "    Application ID               : {not-a-guid}\r\n"
                         : "    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n");
        sb_adds(&sb, bad ? "    Certificate Store Name       : My;Store\r\n" : "    Certificate Store Name       : My\r\n");
        sb_adds(&sb, rest);
        sb_adds(&sb, "\r\n");
    }
    struct parsed p;
    parse(&p, sb.data, sb.len);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 4);
    for (int i = 0; i < 4; i++) {
        int bad = i == 1 || i == 2;
        ck_assert_msg(p.l.items[i].incomplete == bad, "record %d: incomplete %d", i, p.l.items[i].incomplete);
        char want[128];
        snprintf(want, sizeof want, "binding 10.0.0.%d:443: the application ID '{not-a-guid}' is not a {GUID}", i + 1);
        ck_assert_msg(has_diag(&p, SEV_WARNING, want) == bad, "record %d: %s", i, want);
        snprintf(want, sizeof want, "binding 10.0.0.%d:443: the certstorename 'My;Store' has characters", i + 1);
        ck_assert_msg(has_diag(&p, SEV_ERROR, want) == bad, "record %d: %s", i, want);
    }
    parsed_free(&p);
    sb_free(&sb);
}
END_TEST

START_TEST(test_duplicate_socket_is_an_error_and_not_planned)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    add_record(&sb, "0.0.0.0:443", "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e");
    add_record(&sb, "10.0.0.12:443", "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e");
    add_record(&sb, "0.0.0.0:443", "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17");
    struct parsed p;
    parse(&p, sb.data, sb.len);
    ck_assert_uint_eq(p.l.count, 3);
    ck_assert_int_eq(p.l.items[0].incomplete, 1);
    ck_assert_int_eq(p.l.items[1].incomplete, 0);
    ck_assert_int_eq(p.l.items[2].incomplete, 1);
    const struct diag *g = find_diag(&p.d, SEV_ERROR, "is listed twice (lines 4 and 32)");
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(g->line, 32);
    parsed_free(&p);
    sb_free(&sb);

    /* host names compare without regard to case, as HTTP.sys does */
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    sb_adds(&sb, "    Hostname:port : www.Example.com:443\r\n    Certificate Hash : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\r\n\r\n");
    sb_adds(&sb, "    Hostname:port : www.example.com:443\r\n    Certificate Hash : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\r\n\r\n");
    sb_adds(&sb, "    IP:port : www.example.com:443\r\n");
    parse(&p, sb.data, sb.len);
    ck_assert_ptr_nonnull(find_diag(&p.d, SEV_ERROR, "hostnameport www.example.com:443 is listed twice"));
    ck_assert_ptr_null(find_diag(&p.d, SEV_ERROR, "ipport www.example.com:443 is listed twice"));
    parsed_free(&p);
    sb_free(&sb);
}
END_TEST

START_TEST(test_cr_only_line_ends)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, HEADER);
    add_record(&sb, "0.0.0.0:443", "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e");
    add_record(&sb, "[::]:443", "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17");
    /* CRLF -> CR: every line end a lone CR, blank lines as two CRs */
    size_t o = 0;
    for (size_t i = 0; i < sb.len; i++)
        if (!(sb.data[i] == '\n' && i > 0 && sb.data[i - 1] == '\r'))
            sb.data[o++] = sb.data[i];
    sb.len = o;
    struct parsed p;
    parse(&p, sb.data, sb.len);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_uint_eq(p.l.count, 2);
    ck_assert_int_eq(p.l.items[0].incomplete, 0);
    ck_assert_int_eq(p.l.items[0].line, 4);
    ck_assert_str_eq(p.l.items[1].socket, "[::]:443");
    ck_assert_str_eq(p.l.items[1].certhash, "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17");
    ck_assert_int_eq(p.l.items[1].incomplete, 0);
    parsed_free(&p);
    sb_free(&sb);
}
END_TEST

Suite *suite_netsh(void)
{
    Suite *s = suite_create("netsh");
    TCase *tc = tcase_create("parse");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_blank_lines_after_header);
    tcase_add_test(tc, test_single_space_labels_lf_and_trailing_spaces);
    tcase_add_test(tc, test_prompt_noise_before_header);
    tcase_add_test(tc, test_hostnameport_ccs_and_extended_properties);
    tcase_add_test(tc, test_empty_listing_is_valid);
    tcase_add_test(tc, test_empty_input_is_an_error);
    tcase_add_test(tc, test_binary_garbage_is_an_error);
    tcase_add_test(tc, test_truncated_record_is_kept_and_flagged);
    tcase_add_test(tc, test_unreadable_hash_reported_with_line);
    tcase_add_test(tc, test_unreadable_key_only_is_an_error);
    tcase_add_test(tc, test_unknown_language_read_by_shape);
    tcase_add_test(tc, test_utf16le_without_bom_and_nul_bytes);
    tcase_add_test(tc, test_one_megabyte_line);
    tcase_add_test(tc, test_hundred_thousand_bindings);
    tcase_add_test(tc, test_german_labels);
    tcase_add_test(tc, test_values_netsh_cannot_print_are_refused);
    tcase_add_test(tc, test_real_names_are_kept);
    tcase_add_test(tc, test_diagnostics_quote_at_most_200_characters);
    tcase_add_test(tc, test_blank_line_inside_a_record_continues_it);
    tcase_add_test(tc, test_duplicate_socket_is_an_error_and_not_planned);
    tcase_add_test(tc, test_cr_only_line_ends);
    tcase_add_test(tc, test_tabs_and_long_blank_runs);
    tcase_add_test(tc, test_lines_unlike_the_previous_record);
    tcase_add_test(tc, test_repeated_bad_values_are_refused_each_time);
    suite_add_tcase(s, tc);
    return s;
}
