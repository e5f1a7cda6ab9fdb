/* Planner: selections, refusals, warnings, method choice, and the round-trip property
 * (argv parsed back as if netsh had stored it gives the same settings) for every fixture. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "certutil.h"
#include "host_state.h"
#include "netsh.h"
#include "plan.h"
#include "strbuf.h"
#include "testutil.h"
#include "dates.h"

static const char OLD[] = "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e";
static const char NEW[] = "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17";
static const char NOKEY[] = "a4b7c0d3e6f90c2f5a8b1d4e7f0a3c6d9e2b5f81";
static const char EXPIRED[] = "0b9e8d7c6f5a4e3d2c1b0a9f8e7d6c5b4a3f2e1d";
static const char OTHER[] = "5e0c7a93b18d4f26a0e3c9b7d15f8a42c6e0b3d9";

struct host {
    struct host_spec spec;
    struct host_state hs;
    struct diags d;
};

static void load_host(struct host *h, const char *fixture)
{
    memset(h, 0, sizeof *h);
    h->spec.source.from_dir = strdup(fixture_path(fixture));
    h->spec.source.timeout_ms = 60000;
    diags_init(&h->d);
    ck_assert_int_eq(host_state_read(&h->spec, &h->hs, NULL, &h->d), 0);
}

static void free_host(struct host *h)
{
    host_state_free(&h->hs);
    diags_free(&h->d);
    free((char *)h->spec.source.from_dir);
}

static void request(struct plan_request *r, enum selection sel, const char *old, const char *new_)
{
    memset(r, 0, sizeof *r);
    r->selection = sel;
    r->old_hash = old;
    r->new_hash = new_;
    r->days = 30;
    r->now = civil_to_time(2026, 11, 23, 12, 0, 0);
    r->update_available = -1;
}

static int has_issue(const struct plan_issue *items, size_t n, const char *needle)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(items[i].message, needle))
            return 1;
    return 0;
}

static int has_arg(const struct step *s, const char *arg)
{
    for (size_t i = 0; s->argv[i]; i++)
        if (!strcmp(s->argv[i], arg))
            return 1;
    return 0;
}

START_TEST(test_demo_old_new_keeps_every_setting)
{
    struct host h;
    load_host(&h, "demo-wildcard-renewal");
    struct plan_request r;
    request(&r, SELECT_OLD_NEW, OLD, "8C 1D 4E 7A 2B 5F 90 36 C4 E8 A1 D7 B3 F6 0E 29 5A 8C 4D 17");
    struct plan p;
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert_uint_eq(p.error_count, 0);
    ck_assert_uint_eq(p.bindings_changed, 6);
    ck_assert_uint_eq(p.step_count, 6);
    ck_assert_int_eq(p.uses_update, 1); /* the 2022 layout proves `update` exists */
    const char *sockets[] = {"0.0.0.0:443", "10.0.0.12:443", "[::]:443", "shop.northwind-traders.example:443",
                             "portal.northwind-traders.example:443", "0.0.0.0:8443"};
    for (size_t i = 0; i < 6; i++) {
        ck_assert_int_eq(p.steps[i].op, STEP_UPDATE);
        ck_assert_str_eq(p.steps[i].socket, sockets[i]);
        ck_assert_str_eq(p.steps[i].argv[1], "update");
        ck_assert(has_arg(&p.steps[i], "certhash=8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17"));
        ck_assert(has_arg(&p.steps[i], "certstorename=MY")); /* (null) is passed explicitly as MY */
    }
    const struct step *svc = &p.steps[5];
    ck_assert(has_arg(svc, "ipport=0.0.0.0:8443"));
    ck_assert(has_arg(svc, "appid={6f4a1c2e-9b3d-4e8f-a1b2-c3d4e5f60718}"));
    ck_assert(has_arg(svc, "verifyclientcertrevocation=disable"));
    ck_assert(has_arg(svc, "clientcertnegotiation=enable"));
    ck_assert(has_arg(svc, "revocationfreshnesstime=86400"));
    ck_assert(has_arg(svc, "urlretrievaltimeout=15000"));
    ck_assert(has_arg(svc, "dsmapperusage=enable"));
    ck_assert(!has_arg(svc, "sslctlidentifier=(null)"));
    /* undo puts the old hash back with the same settings */
    ck_assert_uint_eq(svc->undo_count, 1);
    int old_back = 0;
    for (size_t i = 0; svc->undo[0][i]; i++)
        old_back |= !strcmp(svc->undo[0][i], "certhash=3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e");
    ck_assert(old_back);
    /* sites and the site whose name the wildcard does not cover */
    int shop = 0, alias = 0;
    for (size_t i = 0; i < p.site_count; i++) {
        shop |= !strcmp(p.sites[i].name, "Northwind Shop") && !strcmp(p.sites[i].socket, sockets[3]);
        alias |= !strcmp(p.sites[i].name, "Old Intranet Alias");
    }
    ck_assert(shop && alias);
    ck_assert(has_issue(p.warnings, p.warning_count, "intranet.northwind.example"));
    ck_assert_int_eq(p.blocked, 1); /* that warning needs --force */
    ck_assert(p.note_count >= 2);
    plan_free(&p);
    r.force = 1;
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert_int_eq(p.blocked, 0);
    plan_free(&p);
    free_host(&h);
}
END_TEST

static int argv_has_prefix(const char *const *argv, const char *prefix)
{
    for (size_t i = 0; argv[i]; i++)
        if (!strncmp(argv[i], prefix, strlen(prefix)))
            return 1;
    return 0;
}

/* Server 2025 rejects revocationfreshnesstime=0 / urlretrievaltimeout=0 (87), and older netsh do
 * not know the newer flags: what equals netsh's default when omitted is never passed, in the
 * step, its undo, and a restore alike; everything else is. */
START_TEST(test_defaults_are_omitted)
{
    static const char show[] =
        "\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n"
        "    IP:port                      : 0.0.0.0:443\r\n"
        "    Certificate Hash             : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\r\n"
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
        "    Negotiate Client Certificate : Disabled\r\n"
        "    Reject Connections           : Disabled\r\n"
        "    Disable HTTP2                : Not Set\r\n"
        "    Disable QUIC                 : Set\r\n"
        "    Disable TLS1.2               : Not Set\r\n"
        "    Disable TLS1.3               : Not Set\r\n"
        "    Disable OCSP Stapling        : Not Set\r\n"
        "    Enable Token Binding         : Not Set\r\n"
        "    Log Extended Events          : Not Set\r\n"
        "    Disable Legacy TLS Versions  : Not Set\r\n"
        "    Enable Session Ticket        : Not Set\r\n"
        "    Disable Session ID           : Not Set\r\n\r\n"
        "    IP:port                      : 0.0.0.0:8443\r\n"
        "    Certificate Hash             : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\r\n"
        "    Application ID               : {6f4a1c2e-9b3d-4e8f-a1b2-c3d4e5f60718}\r\n"
        "    Certificate Store Name       : My\r\n"
        "    Verify Client Certificate Revocation : Enabled\r\n"
        "    Verify Revocation Using Cached Client Certificate Only : Disabled\r\n"
        "    Usage Check                  : Enabled\r\n"
        "    Revocation Freshness Time    : 1\r\n"
        "    URL Retrieval Timeout        : 0\r\n"
        "    Ctl Identifier               : PartnerIssuers\r\n"
        "    Ctl Store Name               : ClientAuthIssuer\r\n"
        "    DS Mapper Usage              : Disabled\r\n"
        "    Negotiate Client Certificate : Disabled\r\n"
        "    Reject Connections           : Disabled\r\n"
        "    Disable HTTP2                : Not Set\r\n"
        "    Disable QUIC                 : Not Set\r\n"
        "    Disable TLS1.2               : Not Set\r\n"
        "    Disable TLS1.3               : Not Set\r\n"
        "    Disable OCSP Stapling        : Not Set\r\n"
        "    Enable Token Binding         : Not Set\r\n"
        "    Log Extended Events          : Not Set\r\n"
        "    Disable Legacy TLS Versions  : Set\r\n"
        "    Enable Session Ticket        : Not Set\r\n"
        "    Disable Session ID           : Set\r\n\r\n";
    struct binding_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(netsh_parse_sslcert_bytes((const unsigned char *)show, sizeof show - 1, 0, &l, &d), 0);
    ck_assert_uint_eq(l.count, 2);
    struct binding_list empty;
    memset(&empty, 0, sizeof empty);
    static const char *const never[] = {"revocationfreshnesstime=0", "urlretrievaltimeout=0", "disablehttp2=",         "disabletls12=",
                                        "disabletls13=",             "disableocspstapling=",  "enabletokenbinding=",
                                        "logextendedevents=",        "enablesessionticket="};
    for (int use_update = 0; use_update < 2; use_update++) {
        struct plan p;
        plan_restore(&l, &empty, use_update, &p); /* restore onto a host that lost both */
        ck_assert_uint_eq(p.step_count, 2);
        for (size_t i = 0; i < p.step_count; i++) {
            const struct step *s = &p.steps[i];
            const char *const *lists[] = {s->argv, s->undo[0]};
            for (size_t k = 0; k < 2; k++) {
                if (!strcmp(lists[k][1], "delete"))
                    continue;
                for (size_t n = 0; n < sizeof never / sizeof never[0]; n++)
                    ck_assert_msg(!argv_has_prefix(lists[k], never[n]), "%s passes %s", s->socket, never[n]);
                ck_assert(argv_has_prefix(lists[k], "certhash=3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"));
                ck_assert(argv_has_prefix(lists[k], "appid={"));
                ck_assert(argv_has_prefix(lists[k], "certstorename="));
                ck_assert(argv_has_prefix(lists[k], "verifyclientcertrevocation=enable"));
                ck_assert(argv_has_prefix(lists[k], "reject=disable"));
            }
        }
        const char *const *a443 = p.steps[0].argv, *const *a8443 = p.steps[1].argv;
        ck_assert(argv_has_prefix(a443, "disablequic=enable"));
        ck_assert(argv_has_prefix(a443, "certstorename=MY"));
        ck_assert(!argv_has_prefix(a443, "disablesessionid="));
        ck_assert(!argv_has_prefix(a443, "disablelegacytls="));
        ck_assert(!argv_has_prefix(a443, "sslctlidentifier="));
        ck_assert(!argv_has_prefix(a443, "sslctlstorename="));
        ck_assert(argv_has_prefix(a8443, "revocationfreshnesstime=1"));
        ck_assert(argv_has_prefix(a8443, "sslctlidentifier=PartnerIssuers"));
        ck_assert(argv_has_prefix(a8443, "sslctlstorename=ClientAuthIssuer"));
        ck_assert(argv_has_prefix(a8443, "disablelegacytls=enable"));
        ck_assert(argv_has_prefix(a8443, "disablesessionid=enable"));
        ck_assert(!argv_has_prefix(a8443, "disablequic="));
        plan_free(&p);
    }
    binding_list_free(&l);
    diags_free(&d);
}
END_TEST

START_TEST(test_demo_auto_picks_the_renewal_with_a_key)
{
    struct host h;
    load_host(&h, "demo-wildcard-renewal");
    struct plan_request r;
    request(&r, SELECT_AUTO, NULL, NULL);
    r.force = 1;
    struct plan p;
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert_uint_eq(p.error_count, 0);
    ck_assert_uint_eq(p.bindings_changed, 6); /* OTHER on 9443 is valid until 2028: untouched */
    for (size_t i = 0; i < p.step_count; i++)
        ck_assert_str_eq(p.steps[i].new_hash, NEW); /* not NOKEY, which expires later but has no key */
    plan_free(&p);
    /* a window that does not reach the expiry: nothing to do */
    r.days = 5;
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert_uint_eq(p.bindings_changed, 0);
    plan_free(&p);
    free_host(&h);
}
END_TEST

START_TEST(test_refusals)
{
    struct host h;
    load_host(&h, "demo-wildcard-renewal");
    struct plan_request r;
    struct plan p;

    request(&r, SELECT_OLD_NEW, OLD, NOKEY);
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert(p.blocked);
    ck_assert(has_issue(p.errors, p.error_count, "no private key"));
    plan_free(&p);

    request(&r, SELECT_OLD_NEW, OLD, EXPIRED);
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert(has_issue(p.errors, p.error_count, "expired"));
    plan_free(&p);

    request(&r, SELECT_OLD_NEW, OLD, "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d1");
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert(has_issue(p.errors, p.error_count, "has 39 hex digits"));
    ck_assert_uint_eq(p.step_count, 0);
    plan_free(&p);

    request(&r, SELECT_OLD_NEW, OLD, "ffffffffffffffffffffffffffffffffffffffff");
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert(has_issue(p.errors, p.error_count, "not in the MY store"));
    plan_free(&p);

    /* NEW is not yet valid on 2026-11-01 */
    request(&r, SELECT_OLD_NEW, OLD, NEW);
    r.now = civil_to_time(2026, 11, 1, 0, 0, 0);
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert(has_issue(p.errors, p.error_count, "not valid before"));
    plan_free(&p);

    /* nothing uses this certificate */
    request(&r, SELECT_OLD_NEW, EXPIRED, NEW);
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert_uint_eq(p.bindings_changed, 0);
    ck_assert_uint_eq(p.error_count, 0);
    ck_assert_str_eq(p.summary, "nothing to do");
    plan_free(&p);

    /* the new one expires sooner than the old one: OTHER (2028) -> NEW (2027) */
    request(&r, SELECT_OLD_NEW, OTHER, NEW);
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert(has_issue(p.warnings, p.warning_count, "sooner than the old one"));
    ck_assert(p.blocked);
    plan_free(&p);
    free_host(&h);
}
END_TEST

START_TEST(test_socket_selection)
{
    struct host h;
    load_host(&h, "demo-wildcard-renewal");
    struct plan_request r;
    struct plan p;
    request(&r, SELECT_SOCKET, NULL, NEW);
    r.socket_spec = "ipport=192.0.2.77:443";
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert_uint_eq(p.error_count, 0);
    ck_assert_uint_eq(p.step_count, 1);
    ck_assert_int_eq(p.steps[0].op, STEP_ADD);
    ck_assert(has_arg(&p.steps[0], "appid={4dc3e181-e14b-4a21-b022-59fc669b0914}"));
    ck_assert(has_arg(&p.steps[0], "ipport=192.0.2.77:443"));
    plan_free(&p);

    request(&r, SELECT_SOCKET, NULL, NEW);
    r.socket_spec = "ipport=0.0.0.0:9443";
    r.appid = "0d6b1e53-77aa-4c1f-9d2e-3b8f5a6c7e90";
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert_uint_eq(p.step_count, 1);
    ck_assert_int_eq(p.steps[0].op, STEP_UPDATE);
    ck_assert(has_arg(&p.steps[0], "appid={0d6b1e53-77aa-4c1f-9d2e-3b8f5a6c7e90}"));
    plan_free(&p);

    request(&r, SELECT_SOCKET, NULL, NEW);
    r.socket_spec = "0.0.0.0:443";
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert(has_issue(p.errors, p.error_count, "--socket takes"));
    plan_free(&p);
    free_host(&h);
}
END_TEST

/* A socket typed on the command line obeys the rule a listing's keys do: what netsh could not
 * print never reaches its argv (nor a script). */
START_TEST(test_socket_selection_refuses_what_netsh_cannot_print)
{
    struct host h;
    load_host(&h, "demo-wildcard-renewal");
    static const char *const refused[][2] = {
        {"hostnameport=a&calc&b.example:443", "host name has characters"},
        {"hostnameport=x\"&calc&\".example:443", "host name has characters"},
        {"hostnameport=x%~b.example:443", "host name has characters"},
        {"hostnameport=shop.example:443 certhash=00", "not HOST:PORT"},
        {"hostnameport=shop.example:0", "port is not 1-65535"},
        {"hostnameport=shop.example", "not HOST:PORT"},
        {"ipport=1.2.3.4:65536", "port is not 1-65535"},
        {"ipport=1.2.3.4&calc:443", "not IPv4:PORT or [IPv6]:PORT"},
        {"ipport=shop.example:443", "not IPv4:PORT or [IPv6]:PORT"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        struct plan_request r;
        struct plan p;
        request(&r, SELECT_SOCKET, NULL, NEW);
        r.socket_spec = refused[i][0];
        ck_assert_int_eq(plan_request_well_formed(&r), 0);
        plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
        ck_assert_msg(has_issue(p.errors, p.error_count, refused[i][1]), "%s: no error saying '%s'", refused[i][0],
                      refused[i][1]);
        ck_assert_uint_eq(p.step_count, 0);
        plan_free(&p);
    }
    struct plan_request r;
    struct plan p;
    request(&r, SELECT_SOCKET, NULL, NEW);
    r.socket_spec = "hostnameport=b\xc3\xbc" "cher.northwind-traders.example:443"; /* IDN names are printed */
    ck_assert_int_eq(plan_request_well_formed(&r), 1);
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert_uint_eq(p.error_count, 0);
    ck_assert_uint_eq(p.step_count, 1);
    plan_free(&p);
    free_host(&h);
}
END_TEST

START_TEST(test_classic_layout_uses_delete_and_add)
{
    struct host h;
    load_host(&h, "ws2012r2-en");
    ck_assert_int_eq(plan_update_from_layout(&h.hs.bindings), 0);
    struct plan_request r;
    /* 0.0.0.0:443 (the wildcard a84b...) moves to the host certificate c6e8... of the same store */
    request(&r, SELECT_SOCKET, NULL, "c6e8a0b2d4f6e8c0a2b4d6f8e0c2a4b6d8f0e2c4");
    r.socket_spec = "ipport=0.0.0.0:443";
    r.now = civil_to_time(2025, 11, 23, 0, 0, 0);
    r.force = 1;
    struct plan p;
    plan_build(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &p);
    ck_assert_uint_eq(p.error_count, 0);
    ck_assert_int_eq(p.uses_update, 0);
    ck_assert_uint_eq(p.step_count, 2);
    ck_assert_int_eq(p.steps[0].op, STEP_DELETE);
    ck_assert_int_eq(p.steps[1].op, STEP_ADD);
    ck_assert_uint_eq(p.steps[0].argc, 4); /* http delete sslcert ipport=... */
    ck_assert(has_arg(&p.steps[1], "certhash=c6e8a0b2d4f6e8c0a2b4d6f8e0c2a4b6d8f0e2c4"));
    ck_assert(!has_arg(&p.steps[1], "disablehttp2=disable")); /* 2012 R2's netsh has no such parameter */
    /* the undo of the delete re-adds the old binding with the old hash */
    ck_assert_str_eq(p.steps[0].undo[0][1], "add");
    plan_free(&p);
    free_host(&h);
}
END_TEST

/* ---- round trip: argv -> what netsh would print -> parser -> same settings ---- */

struct label_out {
    const char *param, *label;
    int new_style; /* Set/Not Set instead of Enabled/Disabled */
};

static const struct label_out printed[] = {
    {"certstorename", "Certificate Store Name", 0},
    {"verifyclientcertrevocation", "Verify Client Certificate Revocation", 0},
    {"verifyrevocationwithcachedclientcertonly", "Verify Revocation Using Cached Client Certificate Only", 0},
    {"usagecheck", "Usage Check", 0},
    {"revocationfreshnesstime", "Revocation Freshness Time", 0},
    {"urlretrievaltimeout", "URL Retrieval Timeout", 0},
    {"sslctlidentifier", "Ctl Identifier", 0},
    {"sslctlstorename", "Ctl Store Name", 0},
    {"dsmapperusage", "DS Mapper Usage", 0},
    {"clientcertnegotiation", "Negotiate Client Certificate", 0},
    {"reject", "Reject Connections", 0},
    {"disablehttp2", "Disable HTTP2", 1},
    {"disablequic", "Disable QUIC", 1},
    {"disabletls12", "Disable TLS1.2", 1},
    {"disabletls13", "Disable TLS1.3", 1},
    {"disableocspstapling", "Disable OCSP Stapling", 1},
    {"enabletokenbinding", "Enable Token Binding", 1},
    {"logextendedevents", "Log Extended Events", 1},
    {"disablelegacytls", "Disable Legacy TLS Versions", 1},
    {"enablesessionticket", "Enable Session Ticket", 1},
    {"disablesessionid", "Disable Session ID", 1},
};

static int argv_has_param(const char *const *argv, const char *param)
{
    size_t pl = strlen(param);
    for (size_t i = 3; argv[i]; i++)
        if (!strncmp(argv[i], param, pl) && argv[i][pl] == '=')
            return 1;
    return 0;
}

/* Renders an add-sslcert argv the way `show sslcert` prints the stored binding (parameters not
 * given print their defaults, so they are printed only when the original printed them). */
static void render(struct strbuf *sb, const char *const *argv, const struct binding *orig)
{
    static const char *const keys[][2] = {{"ipport", "IP:port"}, {"hostnameport", "Hostname:port"},
                                          {"ccs", "Central Certificate Store"}, {"scopedccs", "Scoped CCS"}};
    sb_adds(sb, "\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n");
    for (size_t i = 3; argv[i]; i++) {
        const char *eq = strchr(argv[i], '=');
        ck_assert_ptr_nonnull(eq);
        size_t nl = (size_t)(eq - argv[i]);
        const char *v = eq + 1;
        const char *label = NULL;
        int new_style = 0;
        for (size_t k = 0; k < 4; k++)
            if (strlen(keys[k][0]) == nl && !strncmp(argv[i], keys[k][0], nl))
                label = keys[k][1];
        if (!strncmp(argv[i], "certhash=", 9))
            label = "Certificate Hash";
        if (!strncmp(argv[i], "appid=", 6))
            label = "Application ID";
        for (size_t k = 0; !label && k < sizeof printed / sizeof printed[0]; k++)
            if (strlen(printed[k].param) == nl && !strncmp(argv[i], printed[k].param, nl)) {
                label = printed[k].label;
                new_style = printed[k].new_style;
            }
        ck_assert_msg(label != NULL, "no label for %s", argv[i]);
        if (!strcmp(v, "enable"))
            v = new_style ? "Set" : "Enabled";
        else if (!strcmp(v, "disable"))
            v = new_style ? "Not Set" : "Disabled";
        sb_printf(sb, "    %-28s : %s\r\n", label, v);
    }
    /* parameters not passed print netsh's default ((null) for unset strings), as a real netsh
     * shows a binding added without them */
    for (size_t k = 0; k < sizeof printed / sizeof printed[0]; k++) {
        int f = netsh_field_by_param(printed[k].param);
        if (f == NF_CERTSTORENAME || !orig->fields[f].raw || argv_has_param(argv, printed[k].param))
            continue;
        const char *def = netsh_field_def((enum netsh_field)f)->default_value;
        const char *v = !def                     ? "(null)"
                        : !strcmp(def, "enable")  ? (printed[k].new_style ? "Set" : "Enabled")
                        : !strcmp(def, "disable") ? (printed[k].new_style ? "Not Set" : "Disabled")
                                                  : def;
        sb_printf(sb, "    %-28s : %s\r\n", printed[k].label, v);
    }
    sb_adds(sb, "\r\n");
}

START_TEST(test_round_trip_every_fixture)
{
    DIR *dir = opendir(FIXTURES_DIR);
    ck_assert_ptr_nonnull(dir);
    struct dirent *e;
    size_t checked = 0;
    while ((e = readdir(dir)) != NULL) {
        char rel[512];
        snprintf(rel, sizeof rel, "%s/netsh-http-show-sslcert.txt", e->d_name);
        size_t len;
        unsigned char *bytes = file_read_all(fixture_path(rel), &len);
        if (!bytes)
            continue;
        struct binding_list l;
        struct diags d;
        diags_init(&d);
        netsh_parse_sslcert_bytes(bytes, len, 0, &l, &d);
        free(bytes);
        for (size_t i = 0; i < l.count; i++) {
            const struct binding *b = &l.items[i];
            if (b->incomplete || !b->certhash)
                continue;
            struct arena a;
            arena_init(&a);
            const char **argv = plan_binding_argv(&a, b, "add", NULL, NULL, NULL);
            struct strbuf sb;
            sb_init(&sb);
            render(&sb, argv, b);
            struct binding_list back;
            struct diags d2;
            diags_init(&d2);
            ck_assert_int_eq(netsh_parse_sslcert_bytes((unsigned char *)sb.data, sb.len, 0, &back, &d2), 0);
            ck_assert_uint_eq(back.count, 1);
            char diff[300];
            ck_assert_msg(binding_diff(b, &back.items[0], NULL, NULL, diff, sizeof diff) == 0, "%s %s: %s",
                          e->d_name, b->socket, diff);
            /* every setting the original printed came back with the same value */
            for (int f = 0; f < NETSH_FIELD_COUNT; f++)
                if (netsh_field_is_setting((enum netsh_field)f) && f != NF_CERTSTORENAME && b->fields[f].raw) {
                    const char *x = b->fields[f].value, *y = back.items[0].fields[f].value;
                    ck_assert_msg((!x && !y) || (x && y && !strcmp(x, y)), "%s %s: %s %s vs %s", e->d_name,
                                  b->socket, netsh_field_def((enum netsh_field)f)->param, x ? x : "(unset)",
                                  y ? y : "(unset)");
                }
            checked++;
            binding_list_free(&back);
            diags_free(&d2);
            sb_free(&sb);
            arena_free(&a);
        }
        binding_list_free(&l);
        diags_free(&d);
    }
    closedir(dir);
    ck_assert_uint_ge(checked, 25);
}
END_TEST

Suite *suite_plan(void)
{
    Suite *s = suite_create("plan");
    TCase *tc = tcase_create("plan");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_demo_old_new_keeps_every_setting);
    tcase_add_test(tc, test_defaults_are_omitted);
    tcase_add_test(tc, test_demo_auto_picks_the_renewal_with_a_key);
    tcase_add_test(tc, test_refusals);
    tcase_add_test(tc, test_socket_selection);
    tcase_add_test(tc, test_socket_selection_refuses_what_netsh_cannot_print);
    tcase_add_test(tc, test_classic_layout_uses_delete_and_add);
    tcase_add_test(tc, test_round_trip_every_fixture);
    suite_add_tcase(s, tc);
    return s;
}
