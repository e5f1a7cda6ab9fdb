/* The recorded hosts in fixtures/: every field of every binding of every
 * netsh-http-show-sslcert.txt, as the fixture's README describes it.
 *
 * Each expected binding lists its key, hash, appid and store, and only the settings that
 * differ from netsh's defaults ("over"); the test rebuilds every printed field from the
 * host's layout (which fields that Windows version prints, in which order, in which
 * language) and checks the raw text, the normalised value, and the line number of each. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netsh.h"
#include "pattern.h"
#include "testutil.h"

/* ---------- layouts: the settings each Windows version prints after key/hash/appid/store ---------- */

static const enum netsh_field layout_2012[] = {
    NF_VERIFYCLIENTCERTREVOCATION, NF_VERIFYREVOCATIONWITHCACHEDCLIENTCERTONLY, NF_USAGECHECK,
    NF_REVOCATIONFRESHNESSTIME, NF_URLRETRIEVALTIMEOUT, NF_SSLCTLIDENTIFIER, NF_SSLCTLSTORENAME,
    NF_DSMAPPERUSAGE, NF_CLIENTCERTNEGOTIATION,
};
static const enum netsh_field layout_2016[] = {
    NF_VERIFYCLIENTCERTREVOCATION, NF_VERIFYREVOCATIONWITHCACHEDCLIENTCERTONLY, NF_USAGECHECK,
    NF_REVOCATIONFRESHNESSTIME, NF_URLRETRIEVALTIMEOUT, NF_SSLCTLIDENTIFIER, NF_SSLCTLSTORENAME,
    NF_DSMAPPERUSAGE, NF_CLIENTCERTNEGOTIATION, NF_REJECT, NF_DISABLEHTTP2,
};
static const enum netsh_field layout_2022[] = {
    NF_VERIFYCLIENTCERTREVOCATION, NF_VERIFYREVOCATIONWITHCACHEDCLIENTCERTONLY, NF_USAGECHECK,
    NF_REVOCATIONFRESHNESSTIME, NF_URLRETRIEVALTIMEOUT, NF_SSLCTLIDENTIFIER, NF_SSLCTLSTORENAME,
    NF_DSMAPPERUSAGE, NF_CLIENTCERTNEGOTIATION, NF_REJECT, NF_DISABLEHTTP2, NF_DISABLEQUIC,
    NF_DISABLETLS12, NF_DISABLETLS13, NF_DISABLEOCSPSTAPLING, NF_ENABLETOKENBINDING, NF_LOGEXTENDEDEVENTS,
    NF_DISABLELEGACYTLS, NF_ENABLESESSIONTICKET,
};
static const enum netsh_field layout_2025[] = {
    NF_VERIFYCLIENTCERTREVOCATION, NF_VERIFYREVOCATIONWITHCACHEDCLIENTCERTONLY, NF_USAGECHECK,
    NF_REVOCATIONFRESHNESSTIME, NF_URLRETRIEVALTIMEOUT, NF_SSLCTLIDENTIFIER, NF_SSLCTLSTORENAME,
    NF_DSMAPPERUSAGE, NF_CLIENTCERTNEGOTIATION, NF_REJECT, NF_DISABLEHTTP2, NF_DISABLEQUIC,
    NF_DISABLETLS12, NF_DISABLETLS13, NF_DISABLEOCSPSTAPLING, NF_ENABLETOKENBINDING, NF_LOGEXTENDEDEVENTS,
    NF_DISABLELEGACYTLS, NF_ENABLESESSIONTICKET, NF_DISABLESESSIONID,
    /* then "Enable Caching Client Hello" (unknown: kept verbatim) and the Extended Properties */
};

struct layout {
    const enum netsh_field *fields;
    size_t count;
};
#define LAYOUT(a) {a, sizeof(a) / sizeof((a)[0])}
static const struct layout L2012 = LAYOUT(layout_2012), L2016 = LAYOUT(layout_2016), L2022 = LAYOUT(layout_2022),
                           L2025 = LAYOUT(layout_2025);

/* What netsh prints for a setting nobody set, per language. */
static const char *default_raw(const char *lang, enum netsh_field f)
{
    int de = strcmp(lang, "de") == 0;
    switch (f) {
    case NF_VERIFYCLIENTCERTREVOCATION:
    case NF_USAGECHECK:
        return de ? "Aktiviert" : "Enabled";
    case NF_VERIFYREVOCATIONWITHCACHEDCLIENTCERTONLY:
    case NF_DSMAPPERUSAGE:
    case NF_CLIENTCERTNEGOTIATION:
    case NF_REJECT:
        return de ? "Deaktiviert" : "Disabled";
    case NF_REVOCATIONFRESHNESSTIME:
    case NF_URLRETRIEVALTIMEOUT:
        return "0";
    case NF_SSLCTLIDENTIFIER:
    case NF_SSLCTLSTORENAME:
        return "(null)";
    default:
        return de ? "Nicht festgelegt" : "Not Set"; /* Disable HTTP2 .. Disable Session ID */
    }
}

/* The add-sslcert value a printed setting means: an oracle independent of the parser. */
static const char *expected_value(enum netsh_field f, const char *raw)
{
    static const char *const on[] = {"Enabled", "Set", "Aktiviert", "Festgelegt"};
    static const char *const off[] = {"Disabled", "Not Set", "Deaktiviert", "Nicht festgelegt"};
    switch (netsh_field_def(f)->kind) {
    case NV_BOOL:
        for (size_t i = 0; i < 4; i++) {
            if (strcmp(raw, on[i]) == 0)
                return "enable";
            if (strcmp(raw, off[i]) == 0)
                return "disable";
        }
        ck_abort_msg("test data: '%s' is no Enabled/Disabled word", raw);
        return NULL;
    case NV_STRING:
        return strcmp(raw, "(null)") == 0 ? NULL : raw;
    default:
        return raw;
    }
}

/* ---------- expected bindings ---------- */

struct exp_ext {
    const char *property_id;
    const char *param[2], *label[2], *value[2];
    size_t count;
};

static const struct exp_ext EXT_DEFAULT[] = {
    {"0", {"receivewindow"}, {"Receive Window"}, {"1048576"}, 1},
    {"1",
     {"maxsettingsperframe", "maxsettingsperminute"},
     {"Max Settings Per Frame", "Max Settings Per Minute"},
     {"2796202", "4294967295"},
     2},
};
static const struct exp_ext EXT_TUNED[] = {
    {"0", {"receivewindow"}, {"Receive Window"}, {"262144"}, 1},
    {"1",
     {"maxsettingsperframe", "maxsettingsperminute"},
     {"Max Settings Per Frame", "Max Settings Per Minute"},
     {"1000", "60000"},
     2},
};

struct exp {
    enum binding_kind kind;
    const char *socket; /* as printed, without the trailing blanks some recordings have */
    const char *host;   /* NULL for ccs */
    int port, ipv6;
    const char *hash;  /* as printed; "" where netsh prints nothing (ccs) */
    const char *appid;
    const char *store; /* as printed; "(null)" means b->store == NULL */
    const char *over;  /* "param=raw;...": settings printed other than the default */
    const char *caching; /* "Enable Caching Client Hello" value (2025), NULL when not printed */
    const struct exp_ext *ext; /* two blocks when non-NULL */
};

struct host {
    const char *dir;
    int codepage;
    const char *language;
    const struct layout *layout;
    int first_line; /* line of the first record's key */
    int strict;     /* a clean recording: not even a warning */
    const struct exp *b;
    size_t n;
};

#define IIS "{4dc3e181-e14b-4a21-b022-59fc669b0914}"
#define ADFS "{5d89a20c-beab-4389-9447-324788eb944a}"
#define WMSVC "{897045e6-f0d0-493c-9efb-b8f53f24ef6a}"

static const struct exp ws2012r2_en[] = {
    {BINDING_IPPORT, "0.0.0.0:443", "0.0.0.0", 443, 0, "a84bba07931db925306a0799dc6ebd718b8c764d", IIS, "MY", NULL,
     NULL, NULL},
    {BINDING_IPPORT, "192.0.2.10:443", "192.0.2.10", 443, 0, "1c0acb3dea13519a60a077bbd142880e8427abee", IIS,
     "WebHosting", NULL, NULL, NULL},
    {BINDING_HOSTNAMEPORT, "www.fabrikam.example:443", "www.fabrikam.example", 443, 0,
     "c12975fd55911ea2cbd390b656a4d2bad821df99", IIS, "WebHosting", NULL, NULL, NULL},
    {BINDING_HOSTNAMEPORT, "intranet.fabrikam.example:443", "intranet.fabrikam.example", 443, 0,
     "a84bba07931db925306a0799dc6ebd718b8c764d", IIS, "(null)", NULL, NULL, NULL},
    {BINDING_IPPORT, "0.0.0.0:8172", "0.0.0.0", 8172, 0, "7d529975dcb6de0703b4ab7ed013e50181d960e9", WMSVC, "MY",
     NULL, NULL, NULL},
};

static const struct exp ws2019_en[] = {
    {BINDING_IPPORT, "0.0.0.0:443", "0.0.0.0", 443, 0, "558c1530a493afbb8b64cb580fac27cd8995efeb", IIS, "MY", NULL,
     NULL, NULL},
    {BINDING_IPPORT, "[::]:443", "::", 443, 1, "558c1530a493afbb8b64cb580fac27cd8995efeb", IIS, "MY", NULL, NULL,
     NULL},
    {BINDING_IPPORT, "[2001:db8::15]:443", "2001:db8::15", 443, 1, "a9032050d09c5892503e12b47fa42f93ceaf2ffb",
     "{0776670f-5601-499d-a67e-b2da855667fe}", "MY",
     "verifyclientcertrevocation=Disabled;revocationfreshnesstime=3600;sslctlidentifier=PartnerIssuers;"
     "sslctlstorename=ClientAuthIssuer;clientcertnegotiation=Enabled;disablehttp2=Set",
     NULL, NULL},
    {BINDING_CCS, "443", NULL, 443, 0, "", IIS, "(null)", NULL, NULL, NULL},
    {BINDING_HOSTNAMEPORT, "api.tailspin.example:443", "api.tailspin.example", 443, 0,
     "f3e0b6e9aba45ee6ebc57f4590641e1f037860cf", IIS, "My", "disablehttp2=Set", NULL, NULL},
};

static const struct exp ws2022_en[] = {
    {BINDING_IPPORT, "0.0.0.0:443", "0.0.0.0", 443, 0, "29ae36563d8b6da25a43a846eb31e7ea468c6414", IIS, "My", NULL,
     NULL, NULL},
    {BINDING_IPPORT, "203.0.113.25:443", "203.0.113.25", 443, 0, "ce9da201e0c0d1a0dc00f0e71a714a16e81c1aad", IIS,
     "My", "disablequic=Set;disabletls13=Set;logextendedevents=Set", NULL, NULL},
    {BINDING_IPPORT, "[::]:443", "::", 443, 1, "29ae36563d8b6da25a43a846eb31e7ea468c6414", IIS, "My", NULL, NULL,
     NULL},
    {BINDING_HOSTNAMEPORT, "www.adatum.example:443", "www.adatum.example", 443, 0,
     "236d31def0b9d2993134b65ab3adf32b1cc8fa65", IIS, "WebHosting",
     "disableocspstapling=Set;disablelegacytls=Set;enablesessionticket=Set", NULL, NULL},
    {BINDING_HOSTNAMEPORT, "sts.adatum.example:443", "sts.adatum.example", 443, 0,
     "0bdf6593d1b61b4b171b2f3a9f889eeaf77ee09a", ADFS, "MY", "sslctlstorename=AdfsTrustedDevices;enabletokenbinding=Set",
     NULL, NULL},
    {BINDING_HOSTNAMEPORT, "certauth.sts.adatum.example:443", "certauth.sts.adatum.example", 443, 0,
     "0bdf6593d1b61b4b171b2f3a9f889eeaf77ee09a", ADFS, "MY",
     "sslctlstorename=AdfsTrustedDevices;clientcertnegotiation=Enabled;urlretrievaltimeout=10000;"
     "verifyrevocationwithcachedclientcertonly=Enabled;usagecheck=Disabled;dsmapperusage=Enabled",
     NULL, NULL},
    {BINDING_IPPORT, "0.0.0.0:8172", "0.0.0.0", 8172, 0, "4496e0ed7afceaa86dc3f3464849a845d1f7c3a0", WMSVC, "MY",
     "disabletls12=Set", NULL, NULL},
};

static const struct exp ws2025_en[] = {
    {BINDING_IPPORT, "0.0.0.0:443", "0.0.0.0", 443, 0, "579f09222a2bed27a584d21b54fa8973381f412a", IIS, "My", NULL,
     "Not Set", EXT_DEFAULT},
    {BINDING_IPPORT, "[::]:443", "::", 443, 1, "579f09222a2bed27a584d21b54fa8973381f412a", IIS, "My",
     "disablesessionid=Set", "Not Set", EXT_DEFAULT},
    {BINDING_HOSTNAMEPORT, "app.wingtip.example:443", "app.wingtip.example", 443, 0,
     "0a4f9fa423350b233931da53f50a0be52d057e0b", IIS, "My", "enablesessionticket=Set", "Set", EXT_TUNED},
    {BINDING_IPPORT, "0.0.0.0:5986", "0.0.0.0", 5986, 0, "d04ab3005440698c83998e1705bb7a7af3d2e242",
     "{319fdc01-3a51-4896-a7cd-19b32fcb34d9}", "MY", "disablehttp2=Set;disablequic=Set", "Not Set", EXT_DEFAULT},
};

/* The IDN host is UTF-8 here; the fixture holds it in CP850 (ü = 0x81, ä = 0x84). */
#define MUELLER "shop.m\xc3\xbc" "ller-b\xc3\xa4" "ckerei.example"
static const struct exp ws2016_de[] = {
    {BINDING_IPPORT, "0.0.0.0:443", "0.0.0.0", 443, 0, "5ba9682170905f4ec5a399fc47f5edbada514e28", IIS, "My", NULL,
     NULL, NULL},
    {BINDING_IPPORT, "0.0.0.0:8091", "0.0.0.0", 8091, 0, "6e1f3a0c9b2d4857a3c6e9f01b4d7a2c5e8f0b3d",
     "{f50673fd-db58-4e2b-9d4e-9f704923d4fd}", "My", "clientcertnegotiation=Aktiviert;disablehttp2=Festgelegt", NULL,
     NULL},
    {BINDING_HOSTNAMEPORT, MUELLER ":443", MUELLER, 443, 0, "9c3b5d7f1e2a4c6b8d0f2a4c6e8b0d2f4a6c8e0b", IIS,
     "WebHosting", "verifyclientcertrevocation=Deaktiviert;revocationfreshnesstime=7200", NULL, NULL},
};

static const struct exp ws2022_en_utf16[] = {
    {BINDING_IPPORT, "0.0.0.0:443", "0.0.0.0", 443, 0, "e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b1", IIS, "My", NULL,
     NULL, NULL},
    {BINDING_HOSTNAMEPORT, "portal.litware.example:443", "portal.litware.example", 443, 0,
     "3d5f7b9e1c3a5d7f9b1e3c5a7d9f1b3e5c7a9d2f", IIS, "My", "disablelegacytls=Set", NULL, NULL},
};

#define OLD "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"
#define OTHER "5e0c7a93b18d4f26a0e3c9b7d15f8a42c6e0b3d9"
static const struct exp demo_wildcard_renewal[] = {
    {BINDING_IPPORT, "0.0.0.0:443", "0.0.0.0", 443, 0, OLD, IIS, "MY", NULL, NULL, NULL},
    {BINDING_IPPORT, "10.0.0.12:443", "10.0.0.12", 443, 0, OLD, IIS, "MY", NULL, NULL, NULL},
    {BINDING_IPPORT, "[::]:443", "::", 443, 1, OLD, IIS, "MY", NULL, NULL, NULL},
    {BINDING_HOSTNAMEPORT, "shop.northwind-traders.example:443", "shop.northwind-traders.example", 443, 0, OLD, IIS,
     "MY", NULL, NULL, NULL},
    {BINDING_HOSTNAMEPORT, "portal.northwind-traders.example:443", "portal.northwind-traders.example", 443, 0, OLD,
     IIS, "(null)", NULL, NULL, NULL},
    {BINDING_IPPORT, "0.0.0.0:8443", "0.0.0.0", 8443, 0, OLD, "{6f4a1c2e-9b3d-4e8f-a1b2-c3d4e5f60718}", "MY",
     "verifyclientcertrevocation=Disabled;clientcertnegotiation=Enabled;revocationfreshnesstime=86400;"
     "urlretrievaltimeout=15000;dsmapperusage=Enabled",
     NULL, NULL},
    {BINDING_IPPORT, "0.0.0.0:9443", "0.0.0.0", 9443, 0, OTHER, "{0d6b1e53-77aa-4c1f-9d2e-3b8f5a6c7e90}", "MY", NULL,
     NULL, NULL},
};

#define HOST(dir, cp, lang, layout, first, strict, arr)                                                           \
    {dir, cp, lang, &layout, first, strict, arr, sizeof arr / sizeof arr[0]}
static const struct host hosts[] = {
    HOST("ws2012r2-en", 0, "en", L2012, 5, 1, ws2012r2_en),
    HOST("ws2019-en", 0, "en", L2016, 7, 1, ws2019_en),
    /* console copy: prompt line, trailing blanks */
    HOST("ws2022-en", 0, "en", L2022, 5, 0, ws2022_en),
    /* an unknown field: an info (or warning) about it is fine */
    HOST("ws2025-en", 0, "en", L2025, 5, 0, ws2025_en),
    {"ws2022-en-empty", 0, "en", &L2022, 0, 1, NULL, 0},
    HOST("ws2016-de", 850, "de", L2016, 7, 1, ws2016_de),
    HOST("ws2022-en-utf16", 0, "en", L2022, 5, 1, ws2022_en_utf16),
    HOST("demo-wildcard-renewal", 0, "en", L2022, 5, 1, demo_wildcard_renewal),
};
#define N_HOSTS (sizeof hosts / sizeof hosts[0])

/* ---------- helpers ---------- */

struct parsed {
    struct binding_list l;
    struct diags d;
    int rc;
};

static void parse_bytes(struct parsed *p, const unsigned char *bytes, size_t len, int codepage)
{
    diags_init(&p->d);
    p->rc = netsh_parse_sslcert_bytes(bytes, len, codepage, &p->l, &p->d);
}

static void parse_host(struct parsed *p, const struct host *h, int codepage)
{
    char rel[256];
    size_t len;
    snprintf(rel, sizeof rel, "%s/netsh-http-show-sslcert.txt", h->dir);
    unsigned char *bytes = fixture_read(rel, &len);
    parse_bytes(p, bytes, len, codepage);
    free(bytes);
}

static void parsed_free(struct parsed *p)
{
    binding_list_free(&p->l);
    diags_free(&p->d);
}

/* All diagnostics, for failure messages. */
static const char *diag_text(const struct diags *d)
{
    static char buf[4096];
    size_t o = 0;
    buf[0] = 0;
    for (size_t i = 0; i < d->count && o + 1 < sizeof buf; i++) {
        int n = snprintf(buf + o, sizeof buf - o, "[%s line %d: %s] ", severity_name(d->items[i].severity),
                         d->items[i].line, d->items[i].message);
        if (n < 0)
            break;
        o += (size_t)n;
        if (o >= sizeof buf)
            o = sizeof buf - 1;
    }
    return buf;
}

#define STR_EQ_OR_NULL(got, want, what, where)                                                                   \
    do {                                                                                                        \
        const char *g_ = (got), *w_ = (want);                                                                   \
        if (w_ == NULL)                                                                                         \
            ck_assert_msg(g_ == NULL, "%s: %s is '%s', expected NULL", where, what, g_);                        \
        else                                                                                                    \
            ck_assert_msg(g_ != NULL && strcmp(g_, w_) == 0, "%s: %s is '%s', expected '%s'", where, what,      \
                          g_ ? g_ : "(NULL)", w_);                                                              \
    } while (0)

static int is_lower_hex40(const char *s)
{
    if (strlen(s) != 40)
        return 0;
    for (const char *c = s; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f')))
            return 0;
    return 1;
}

/* The raw text a setting is printed with: the override from the test data or the default. */
static const char *setting_raw(const struct exp *e, const char *lang, enum netsh_field f, char *buf, size_t bufsize)
{
    const char *param = netsh_field_def(f)->param;
    size_t pl = strlen(param);
    for (const char *s = e->over; s && *s;) {
        const char *end = strchr(s, ';');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (len > pl && strncmp(s, param, pl) == 0 && s[pl] == '=') {
            ck_assert_uint_lt(len - pl - 1, bufsize);
            memcpy(buf, s + pl + 1, len - pl - 1);
            buf[len - pl - 1] = 0;
            return buf;
        }
        s = end ? end + 1 : s + len;
    }
    return default_raw(lang, f);
}

/* The test data itself: every override names a field of the layout. */
static void check_overrides_known(const struct exp *e, const struct layout *lay, const char *where)
{
    for (const char *s = e->over; s && *s;) {
        const char *eq = strchr(s, '=');
        ck_assert_msg(eq != NULL, "%s: bad override list", where);
        char param[64];
        size_t pl = (size_t)(eq - s);
        ck_assert_uint_lt(pl, sizeof param);
        memcpy(param, s, pl);
        param[pl] = 0;
        int f = netsh_field_by_param(param);
        int found = 0;
        for (size_t i = 0; i < lay->count; i++)
            found |= (int)lay->fields[i] == f;
        ck_assert_msg(found, "%s: override '%s' is not printed by this layout", where, param);
        const char *end = strchr(s, ';');
        s = end ? end + 1 : eq + strlen(eq);
    }
}

/* Checks one binding against its expectation; returns the number of lines the record spans. */
static int check_binding(const struct binding *b, const struct exp *e, const struct host *h, size_t idx, int line)
{
    char where[160];
    snprintf(where, sizeof where, "%s binding #%zu (%s)", h->dir, idx + 1, e->socket);
    check_overrides_known(e, h->layout, where);

    /* the socket key */
    ck_assert_msg(b->kind == e->kind, "%s: kind %s, expected %s", where, binding_kind_name(b->kind),
                  binding_kind_name(e->kind));
    STR_EQ_OR_NULL(b->socket, e->socket, "socket", where);
    STR_EQ_OR_NULL(b->host, e->host, "host", where);
    ck_assert_msg(b->port == e->port, "%s: port %d, expected %d", where, b->port, e->port);
    ck_assert_msg(b->host_is_ipv6 == e->ipv6, "%s: host_is_ipv6 %d", where, b->host_is_ipv6);
    ck_assert_msg(b->key_valid == 1, "%s: key not valid", where);
    ck_assert_msg(b->incomplete == 0, "%s: flagged incomplete", where);
    static const enum netsh_field keys[] = {NF_IPPORT, NF_HOSTNAMEPORT, NF_CCS, NF_SCOPEDCCS};
    static const enum binding_kind key_kinds[] = {BINDING_IPPORT, BINDING_HOSTNAMEPORT, BINDING_CCS,
                                                  BINDING_SCOPEDCCS};
    for (size_t k = 0; k < 4; k++) {
        if (key_kinds[k] == e->kind) {
            STR_EQ_OR_NULL(b->fields[keys[k]].raw, e->socket, "key raw", where);
            ck_assert_msg(b->fields[keys[k]].line == line, "%s: key on line %d, expected %d", where,
                          b->fields[keys[k]].line, line);
        } else {
            STR_EQ_OR_NULL(b->fields[keys[k]].raw, NULL, netsh_field_def(keys[k])->param, where);
        }
    }
    ck_assert_msg(b->line == line, "%s: record starts on line %d, expected %d", where, b->line, line);

    /* certificate hash: raw as printed, normalised 40 lowercase hex (none for ccs) */
    STR_EQ_OR_NULL(b->fields[NF_CERTHASH].raw, e->hash, "certhash raw", where);
    ck_assert_int_eq(b->fields[NF_CERTHASH].line, line + 1);
    if (*e->hash) {
        STR_EQ_OR_NULL(b->certhash, e->hash, "certhash", where);
        ck_assert_msg(is_lower_hex40(b->certhash), "%s: certhash not 40 lowercase hex", where);
    } else {
        STR_EQ_OR_NULL(b->certhash, NULL, "certhash", where);
    }

    /* application id */
    STR_EQ_OR_NULL(b->appid, e->appid, "appid", where);
    STR_EQ_OR_NULL(b->fields[NF_APPID].raw, e->appid, "appid raw", where);
    ck_assert_int_eq(b->fields[NF_APPID].line, line + 2);

    /* store: as printed, NULL for (null) */
    const char *store = strcmp(e->store, "(null)") == 0 ? NULL : e->store;
    STR_EQ_OR_NULL(b->store, store, "store", where);
    STR_EQ_OR_NULL(b->fields[NF_CERTSTORENAME].raw, e->store, "store raw", where);
    STR_EQ_OR_NULL(binding_value(b, NF_CERTSTORENAME), store, "certstorename value", where);
    ck_assert_int_eq(b->fields[NF_CERTSTORENAME].line, line + 3);

    /* every setting: printed ones in layout order with raw text, value and line; others absent */
    int next = line + 4;
    for (int f = NF_CERTSTORENAME + 1; f < NETSH_FIELD_COUNT; f++) {
        int pos = -1;
        for (size_t i = 0; i < h->layout->count; i++)
            if ((int)h->layout->fields[i] == f)
                pos = (int)i;
        const char *param = netsh_field_def((enum netsh_field)f)->param;
        char what[96];
        if (pos < 0) {
            snprintf(what, sizeof what, "%s (not printed by this Windows)", param);
            STR_EQ_OR_NULL(b->fields[f].raw, NULL, what, where);
            STR_EQ_OR_NULL(binding_value(b, (enum netsh_field)f), NULL, what, where);
            continue;
        }
        char buf[64];
        const char *raw = setting_raw(e, h->language, (enum netsh_field)f, buf, sizeof buf);
        snprintf(what, sizeof what, "%s raw", param);
        STR_EQ_OR_NULL(b->fields[f].raw, raw, what, where);
        snprintf(what, sizeof what, "%s value", param);
        STR_EQ_OR_NULL(binding_value(b, (enum netsh_field)f), expected_value((enum netsh_field)f, raw), what, where);
        ck_assert_msg(b->fields[f].line == line + 4 + pos, "%s: %s on line %d, expected %d", where, param,
                      b->fields[f].line, line + 4 + pos);
    }
    next += (int)h->layout->count;

    /* fields this version of certrebind does not know, kept verbatim */
    if (e->caching) {
        ck_assert_msg(b->extra_count == 1, "%s: %zu extra fields, expected 1", where, b->extra_count);
        STR_EQ_OR_NULL(b->extra[0].label, "Enable Caching Client Hello", "extra label", where);
        STR_EQ_OR_NULL(b->extra[0].value, e->caching, "extra value", where);
        ck_assert_int_eq(b->extra[0].line, next);
        next++;
    } else {
        ck_assert_msg(b->extra_count == 0, "%s: %zu extra fields, expected none (first '%s')", where,
                      b->extra_count, b->extra_count ? b->extra[0].label : "");
    }

    /* Extended Properties blocks */
    if (e->ext) {
        ck_assert_msg(b->ext_count == 2, "%s: %zu Extended Properties blocks, expected 2", where, b->ext_count);
        for (size_t x = 0; x < 2; x++) {
            const struct ext_property_block *g = &b->ext[x];
            const struct exp_ext *w = &e->ext[x];
            next++; /* " Extended Properties:" */
            STR_EQ_OR_NULL(g->property_id, w->property_id, "PropertyId", where);
            next++; /* "PropertyId : n" */
            ck_assert_msg(g->count == w->count, "%s: block %zu has %zu items, expected %zu", where, x, g->count,
                          w->count);
            for (size_t i = 0; i < w->count; i++) {
                STR_EQ_OR_NULL(g->items[i].param, w->param[i], "ext param", where);
                STR_EQ_OR_NULL(g->items[i].label, w->label[i], "ext label", where);
                STR_EQ_OR_NULL(g->items[i].value, w->value[i], "ext value", where);
                next++; /* items carry no line: records that print the same blocks share them */
            }
        }
    } else {
        ck_assert_msg(b->ext_count == 0, "%s: %zu Extended Properties blocks, expected none", where, b->ext_count);
    }
    ck_assert_msg(b->end_line == next - 1, "%s: record ends on line %d, expected %d", where, b->end_line, next - 1);
    return next - line;
}

static void check_list(const struct parsed *p, const struct host *h)
{
    ck_assert_msg(p->rc == 0, "%s: rc %d %s", h->dir, p->rc, diag_text(&p->d));
    ck_assert_msg(diags_count(&p->d, SEV_ERROR) == 0, "%s: errors %s", h->dir, diag_text(&p->d));
    if (h->strict)
        ck_assert_msg(diags_count(&p->d, SEV_WARNING) == 0, "%s: warnings %s", h->dir, diag_text(&p->d));
    ck_assert_msg(p->l.count == h->n, "%s: %zu bindings, expected %zu", h->dir, p->l.count, h->n);
    STR_EQ_OR_NULL(p->l.language, h->language, "language", h->dir);
    ck_assert_msg(p->l.header_seen == 1, "%s: header not seen", h->dir);
    ck_assert_msg(p->l.truncated == 0, "%s: flagged truncated", h->dir);
    int line = h->first_line;
    for (size_t i = 0; i < h->n; i++)
        line += check_binding(&p->l.items[i], &h->b[i], h, i, line) + 1; /* + the blank line after it */
}

/* Two parses of the same fixture agree on everything. */
static void check_same(const struct binding_list *a, const struct binding_list *b, const char *what)
{
    ck_assert_msg(a->count == b->count, "%s: %zu vs %zu bindings", what, a->count, b->count);
    STR_EQ_OR_NULL(b->language, a->language, "language", what);
    for (size_t i = 0; i < a->count; i++) {
        const struct binding *x = &a->items[i], *y = &b->items[i];
        char where[160];
        snprintf(where, sizeof where, "%s binding #%zu", what, i + 1);
        ck_assert_msg(x->kind == y->kind && x->port == y->port && x->host_is_ipv6 == y->host_is_ipv6 &&
                          x->line == y->line && x->end_line == y->end_line && x->incomplete == y->incomplete,
                      "%s differs", where);
        STR_EQ_OR_NULL(y->socket, x->socket, "socket", where);
        STR_EQ_OR_NULL(y->host, x->host, "host", where);
        STR_EQ_OR_NULL(y->certhash, x->certhash, "certhash", where);
        STR_EQ_OR_NULL(y->appid, x->appid, "appid", where);
        STR_EQ_OR_NULL(y->store, x->store, "store", where);
        for (int f = 0; f < NETSH_FIELD_COUNT; f++) {
            STR_EQ_OR_NULL(y->fields[f].raw, x->fields[f].raw, netsh_field_def((enum netsh_field)f)->param, where);
            STR_EQ_OR_NULL(y->fields[f].value, x->fields[f].value, netsh_field_def((enum netsh_field)f)->param, where);
        }
        ck_assert_msg(x->extra_count == y->extra_count && x->ext_count == y->ext_count, "%s: extras differ", where);
        for (size_t k = 0; k < x->extra_count; k++) {
            STR_EQ_OR_NULL(y->extra[k].label, x->extra[k].label, "extra label", where);
            STR_EQ_OR_NULL(y->extra[k].value, x->extra[k].value, "extra value", where);
        }
        for (size_t k = 0; k < x->ext_count; k++) {
            STR_EQ_OR_NULL(y->ext[k].property_id, x->ext[k].property_id, "PropertyId", where);
            ck_assert_msg(x->ext[k].count == y->ext[k].count, "%s: ext block %zu differs", where, k);
            for (size_t m = 0; m < x->ext[k].count; m++) {
                STR_EQ_OR_NULL(y->ext[k].items[m].param, x->ext[k].items[m].param, "ext param", where);
                STR_EQ_OR_NULL(y->ext[k].items[m].value, x->ext[k].items[m].value, "ext value", where);
            }
        }
    }
}

/* ---------- tests ---------- */

/* One test per host (loop test): every field of every binding. */
START_TEST(test_fixture_host)
{
    const struct host *h = &hosts[_i];
    struct parsed p;
    parse_host(&p, h, h->codepage);
    check_list(&p, h);
    parsed_free(&p);
}
END_TEST

/* The CP850 fixture read with the default code page (437): German letters have the same
 * bytes in both, so nothing changes, including the IDN host name. */
START_TEST(test_german_with_default_codepage)
{
    const struct host *h = NULL;
    for (size_t i = 0; i < N_HOSTS; i++)
        if (strcmp(hosts[i].dir, "ws2016-de") == 0)
            h = &hosts[i];
    ck_assert_ptr_nonnull(h);
    struct parsed a, b;
    parse_host(&a, h, 850);
    parse_host(&b, h, 0);
    check_list(&b, h);
    check_same(&a.l, &b.l, "ws2016-de cp850 vs default");
    parsed_free(&a);
    parsed_free(&b);
}
END_TEST

/* The same fixtures with LF line ends, and with labels padded by a single space
 * ("    IP:port : 0.0.0.0:443") instead of netsh's column 34: the same bindings. */
static unsigned char *variant(const unsigned char *in, size_t len, int single_space, size_t *out_len)
{
    unsigned char *out = malloc(len + 1);
    ck_assert_ptr_nonnull(out);
    size_t o = 0, line_start = 0;
    int text_seen = 0; /* the line has had a non-blank (so blanks are not its indentation) */
    for (size_t i = 0; i < len; i++) {
        if (in[i] == '\r' && i + 1 < len && in[i + 1] == '\n')
            continue; /* CRLF -> LF */
        if (in[i] == '\n') {
            line_start = o + 1;
            text_seen = 0;
        } else if (in[i] != ' ') {
            text_seen = 1;
        }
        if (single_space && text_seen && in[i] == ' ' && o > line_start && out[o - 1] == ' ') {
            /* second and later blank of a run: label padding when the run ends at the colon */
            size_t j = i;
            while (j < len && in[j] == ' ')
                j++;
            if (j < len && in[j] == ':' && (j + 1 == len || in[j + 1] == ' ' || in[j + 1] == '\r' || in[j + 1] == '\n'))
                continue;
        }
        out[o++] = in[i];
    }
    *out_len = o;
    return out;
}

START_TEST(test_fixture_variants)
{
    const struct host *h = &hosts[_i];
    if (strcmp(h->dir, "ws2022-en-utf16") == 0)
        return; /* byte edits below are for single-byte code pages */
    char rel[256];
    size_t len;
    snprintf(rel, sizeof rel, "%s/netsh-http-show-sslcert.txt", h->dir);
    unsigned char *bytes = fixture_read(rel, &len);
    struct parsed orig;
    parse_bytes(&orig, bytes, len, h->codepage);
    for (int single = 0; single <= 1; single++) {
        size_t vlen;
        unsigned char *v = variant(bytes, len, single, &vlen);
        ck_assert_uint_lt(vlen, len); /* the edit did something */
        struct parsed p;
        parse_bytes(&p, v, vlen, h->codepage);
        char what[128];
        snprintf(what, sizeof what, "%s %s", h->dir, single ? "single-space labels, LF" : "LF line ends");
        ck_assert_msg(p.rc == 0 && diags_count(&p.d, SEV_ERROR) == 0, "%s: %s", what, diag_text(&p.d));
        check_same(&orig.l, &p.l, what);
        parsed_free(&p);
        free(v);
    }
    parsed_free(&orig);
    free(bytes);
}
END_TEST

/* The demo story in numbers: six bindings on the expiring wildcard, one unrelated binding;
 * the IP-specific 10.0.0.12:443 record exists beside 0.0.0.0:443; the service on 8443
 * keeps its non-default settings for the rebind. */
START_TEST(test_demo_story)
{
    const struct host *h = NULL;
    for (size_t i = 0; i < N_HOSTS; i++)
        if (strcmp(hosts[i].dir, "demo-wildcard-renewal") == 0)
            h = &hosts[i];
    ck_assert_ptr_nonnull(h);
    struct parsed p;
    parse_host(&p, h, 0);
    size_t old = 0, other = 0, iis = 0;
    const struct binding *svc = NULL;
    for (size_t i = 0; i < p.l.count; i++) {
        const struct binding *b = &p.l.items[i];
        old += b->certhash && strcmp(b->certhash, OLD) == 0;
        other += b->certhash && strcmp(b->certhash, OTHER) == 0;
        iis += b->appid && strcmp(b->appid, IIS) == 0;
        if (b->port == 8443)
            svc = b;
    }
    ck_assert_uint_eq(old, 6);
    ck_assert_uint_eq(other, 1);
    ck_assert_uint_eq(iis, 5);
    ck_assert_ptr_nonnull(svc);
    ck_assert_str_eq(binding_value(svc, NF_VERIFYCLIENTCERTREVOCATION), "disable");
    ck_assert_str_eq(binding_value(svc, NF_CLIENTCERTNEGOTIATION), "enable");
    ck_assert_str_eq(binding_value(svc, NF_REVOCATIONFRESHNESSTIME), "86400");
    ck_assert_str_eq(binding_value(svc, NF_URLRETRIEVALTIMEOUT), "15000");
    ck_assert_str_eq(binding_value(svc, NF_DSMAPPERUSAGE), "enable");
    parsed_free(&p);
}
END_TEST

static void teardown(void) { parser_tables_free(); }

Suite *suite_netsh_fixtures(void)
{
    Suite *s = suite_create("netsh_fixtures");
    TCase *tc = tcase_create("hosts");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_loop_test(tc, test_fixture_host, 0, (int)N_HOSTS);
    tcase_add_test(tc, test_german_with_default_codepage);
    tcase_add_loop_test(tc, test_fixture_variants, 0, (int)N_HOSTS);
    tcase_add_test(tc, test_demo_story);
    suite_add_tcase(s, tc);
    return s;
}
