/* bind / unbind planner (src/bind_plan.c), the certificate chooser (src/cert_choose.c) and the
 * audit findings (src/audit_sni.c) on recorded hosts: the demo and iis-shared-443-zh-tw (the
 * seed's trap, built on the zh-TW appcmd sample; see its README). Every refusal of issue 12. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "audit_sni.h"
#include "bind_plan.h"
#include "dates.h"
#include "exit_status.h"
#include "host_state.h"
#include "appcmd.h"
#include "text.h"
#include "testutil.h"

static const char NEW[] = "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17";    /* demo: wildcard 2026, key */
static const char NOKEY[] = "a4b7c0d3e6f90c2f5a8b1d4e7f0a3c6d9e2b5f81";  /* demo: wildcard, no key */
static const char EXPIRED[] = "0b9e8d7c6f5a4e3d2c1b0a9f8e7d6c5b4a3f2e1d"; /* demo: old-intranet, expired */
static const char OTHER[] = "5e0c7a93b18d4f26a0e3c9b7d15f8a42c6e0b3d9";   /* demo: svc-gateway */
static const char ZH_A[] = "d743883a6c1246c040634034b249201dfa5e5b7c";    /* zh: www, gsee */
static const char ZH_B[] = "c4bc6b720ff0b0451682b2389b002c24464aff04";    /* zh: lib, apply */
static const char ZH_D[] = "ad0437996b0871283b53485acaea67b99019ec22";    /* zh: highschool */
static const char ZH_E[] = "b374144d3f0cdeb20f4f1ffaccf0e361545828e1";    /* zh: *.ncut, no key */
static const char ZH_F[] = "19e81c71e65196cccbfd44aa0d97a657e500fe34";    /* zh: *.ncut, expired */

struct host {
    struct host_spec spec;
    struct host_state hs;
    struct diags d;
    struct plan p;
};

static void load(struct host *h, const char *fixture)
{
    memset(h, 0, sizeof *h);
    h->spec.source.from_dir = strdup(fixture_path(fixture));
    h->spec.source.timeout_ms = 60000;
    diags_init(&h->d);
    ck_assert_int_eq(host_state_read(&h->spec, &h->hs, NULL, &h->d), 0);
    host_state_read_site_config(&h->spec, &h->hs, &h->d);
}

static void run(struct host *h, int unbind, const char *site, const char *host, int port, const char *cert)
{
    struct bind_request r = {unbind, site, host, port, cert, civil_to_time(2026, 11, 23, 12, 0, 0)};
    plan_bind(&h->hs.bindings, &h->hs.certs, h->hs.have_sites ? &h->hs.sites : NULL, &r, &h->p);
}

static void done(struct host *h)
{
    plan_free(&h->p);
    host_state_free(&h->hs);
    diags_free(&h->d);
    free((char *)h->spec.source.from_dir);
}

static int has(const char *const *list, size_t n, const char *needle)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(list[i], needle))
            return 1;
    return 0;
}

static int error_has(const struct plan *p, const char *needle)
{
    for (size_t i = 0; i < p->error_count; i++)
        if (strstr(p->errors[i].message, needle))
            return 1;
    return 0;
}

static void argv_is(const char **argv, const char *const *want)
{
    size_t i = 0;
    for (; want[i]; i++) {
        ck_assert_ptr_nonnull(argv[i]);
        ck_assert_str_eq(argv[i], want[i]);
    }
    ck_assert_ptr_null(argv[i]);
}

/* Refused: no step, blocked, an error naming the reason, exit status 1. */
static void refused(struct host *h, const char *reason)
{
    ck_assert_msg(error_has(&h->p, reason), "no error with '%s' (%zu errors, first: %s)", reason, h->p.error_count,
                  h->p.error_count ? h->p.errors[0].message : "-");
    ck_assert_int_eq(h->p.blocked, 1);
    ck_assert_uint_eq(h->p.step_count, 0);
    ck_assert_int_eq(plan_exit_status(&h->p), EXIT_FAIL);
}

START_TEST(bind_chooses_the_certificate_and_plans_two_tools)
{
    struct host h;
    load(&h, "demo-wildcard-renewal");
    run(&h, 0, "northwind shop", "WWW.Northwind-Traders.example", 0, NULL);
    ck_assert_uint_eq(h.p.error_count, 0);
    ck_assert_uint_eq(h.p.step_count, 2);
    const struct step *a = &h.p.steps[0], *n = &h.p.steps[1];
    ck_assert_int_eq(a->tool, TOOL_APPCMD);
    ck_assert_int_eq(a->op, STEP_SITE_BINDING_ADD);
    static const char *const add[] = {"set", "site", "/site.name:Northwind Shop",
                                      "/+bindings.[protocol='https',bindingInformation='*:443:www.northwind-traders.example',sslFlags='1']",
                                      NULL};
    argv_is(a->argv, add);
    static const char *const add_undo[] = {"set", "site", "/site.name:Northwind Shop",
                                           "/-bindings.[protocol='https',bindingInformation='*:443:www.northwind-traders.example']",
                                           NULL};
    ck_assert_uint_eq(a->undo_count, 1);
    argv_is(a->undo[0], add_undo);
    ck_assert_int_eq(n->tool, TOOL_NETSH);
    ck_assert_int_eq(n->op, STEP_ADD);
    static const char *const netsh[] = {"http", "add", "sslcert", "hostnameport=www.northwind-traders.example:443",
                                        "certhash=8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17",
                                        "appid={4dc3e181-e14b-4a21-b022-59fc669b0914}", "certstorename=My", NULL};
    argv_is(n->argv, netsh);
    static const char *const netsh_undo[] = {"http", "delete", "sslcert", "hostnameport=www.northwind-traders.example:443",
                                             NULL};
    argv_is(n->undo[0], netsh_undo);
    /* why NEW: OLD expires sooner, NOKEY has no key */
    ck_assert(has(h.p.notes, h.p.note_count, "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17"));
    ck_assert(has(h.p.notes, h.p.note_count, "expires last (2027-12-07T08:59:00Z) of the 2 that qualify"));
    ck_assert(has(h.p.notes, h.p.note_count, "as *.northwind-traders.example"));
    /* the IP-specific 10.0.0.12:443 takes precedence over SNI for its address */
    ck_assert_uint_ge(h.p.warning_count, 1);
    ck_assert_ptr_nonnull(strstr(h.p.warnings[0].message, "10.0.0.12:443 is IP-specific"));
    ck_assert_int_eq(plan_exit_status(&h.p), EXIT_OK);
    done(&h);
}
END_TEST

START_TEST(bind_idn_host_becomes_a_label)
{
    struct host h;
    load(&h, "demo-wildcard-renewal");
    run(&h, 0, "Northwind Shop", "bücher.northwind-traders.example", 8443 + 1, NEW);
    ck_assert_uint_eq(h.p.error_count, 0);
    ck_assert_str_eq(h.p.steps[1].argv[3], "hostnameport=xn--bcher-kva.northwind-traders.example:8444");
    ck_assert_str_eq(h.p.steps[0].site_binding_info, "*:8444:xn--bcher-kva.northwind-traders.example");
    ck_assert(has(h.p.notes, h.p.note_count, "is written xn--bcher-kva.northwind-traders.example"));
    done(&h);
}
END_TEST

START_TEST(bind_refusals)
{
    struct host h;
    load(&h, "demo-wildcard-renewal");
    run(&h, 0, "No Such Site", "www.northwind-traders.example", 443, NULL);
    refused(&h, "IIS has no site named \"No Such Site\"");
    plan_free(&h.p);
    /* the certificate does not cover the host */
    run(&h, 0, "Northwind Shop", "www.northwind-traders.example", 443, OTHER);
    refused(&h, "does not cover www.northwind-traders.example");
    plan_free(&h.p);
    /* no private key */
    run(&h, 0, "Northwind Shop", "www.northwind-traders.example", 443, NOKEY);
    refused(&h, "has no private key");
    plan_free(&h.p);
    /* expired */
    run(&h, 0, "Northwind Shop", "old-intranet.corp.example", 443, EXPIRED);
    refused(&h, "has expired");
    plan_free(&h.p);
    /* not a hash; not in any store */
    run(&h, 0, "Northwind Shop", "www.northwind-traders.example", 443, "8c1d4e7a");
    refused(&h, "is not a SHA-1 certificate hash");
    plan_free(&h.p);
    run(&h, 0, "Northwind Shop", "www.northwind-traders.example", 443, "ffffffffffffffffffffffffffffffffffffffff");
    refused(&h, "in none of the stores read");
    plan_free(&h.p);
    /* no certificate covers the host: says which stores were searched */
    run(&h, 0, "Northwind Shop", "www.contoso.example", 443, NULL);
    refused(&h, "no certificate in the stores read (My) covers www.contoso.example");
    plan_free(&h.p);
    /* HTTP.sys already has hostnameport=HOST:PORT (and the site the binding) */
    run(&h, 0, "Northwind Shop", "shop.northwind-traders.example", 443, NULL);
    refused(&h, "`certrebind plan --socket hostnameport=shop.northwind-traders.example:443 --new HASH` rebinds it");
    refused(&h, "site \"Northwind Shop\" already has the binding https/*:443:shop.northwind-traders.example");
    plan_free(&h.p);
    /* another site answers for the host */
    run(&h, 0, "Reports", "portal.northwind-traders.example", 443, NEW);
    refused(&h, "site \"Northwind Portal\" already answers for portal.northwind-traders.example:443");
    plan_free(&h.p);
    /* host names that are no DNS names */
    run(&h, 0, "Northwind Shop", "*.northwind-traders.example", 443, NULL);
    refused(&h, "wildcard");
    plan_free(&h.p);
    run(&h, 0, "Northwind Shop", "shop.northwind-traders.example:443", 443, NULL);
    refused(&h, "--port");
    plan_free(&h.p);
    run(&h, 0, "Northwind Shop", "www.northwind-traders.example", 70000, NULL);
    refused(&h, "the port 70000");
    plan_free(&h.p);
    run(&h, 0, "Bad \"Name\"", "www.northwind-traders.example", 443, NULL);
    refused(&h, "holds a quote");
    plan_free(&h.p);
    /* the site list could not be read */
    struct bind_request r = {0, "Northwind Shop", "www.northwind-traders.example", 443, NULL, 0};
    plan_bind(&h.hs.bindings, &h.hs.certs, NULL, &r, &h.p);
    refused(&h, "the IIS sites could not be read");
    done(&h);
}
END_TEST

START_TEST(bind_sslflags_unknown_or_sni_without_http_sys)
{
    struct host h;
    /* demo has no /config recording: whether the existing binding uses SNI is unknown */
    load(&h, "demo-wildcard-renewal");
    ck_assert_int_eq(h.hs.have_site_config, 0);
    run(&h, 0, "Old Intranet Alias", "intranet.northwind.example", 443, NULL);
    refused(&h, "whether it uses SNI is unknown");
    done(&h);
    /* zh-TW: Portal2018 has https with SNI but HTTP.sys lacks its binding */
    load(&h, "iis-shared-443-zh-tw");
    ck_assert_int_eq(h.hs.have_site_config, 1);
    run(&h, 0, "Portal2018", "portal.ncut.edu.tw", 443, NULL);
    refused(&h, "already has the binding https/*:443:portal.ncut.edu.tw with SNI; HTTP.sys has no "
                "hostnameport=portal.ncut.edu.tw:443");
    done(&h);
}
END_TEST

START_TEST(bind_converts_the_seed_trap_to_sni)
{
    /* highschool shares 0.0.0.0:443 (whose certificate does not cover it) without SNI: bind
     * replaces the site binding with the SNI one and adds the hostnameport binding */
    struct host h;
    load(&h, "iis-shared-443-zh-tw");
    run(&h, 0, "四技申請入學highschool8", "highschool.ncut.edu.tw", 443, NULL);
    ck_assert_msg(h.p.error_count == 0, "%s", h.p.error_count ? h.p.errors[0].message : "");
    ck_assert_uint_eq(h.p.step_count, 3);
    ck_assert_int_eq(h.p.steps[0].op, STEP_SITE_BINDING_DELETE);
    ck_assert_str_eq(h.p.steps[0].argv[3], "/-bindings.[protocol='https',bindingInformation='*:443:highschool.ncut.edu.tw']");
    ck_assert_str_eq(h.p.steps[0].undo[0][3],
                     "/+bindings.[protocol='https',bindingInformation='*:443:highschool.ncut.edu.tw',sslFlags='0']");
    ck_assert_int_eq(h.p.steps[1].op, STEP_SITE_BINDING_ADD);
    ck_assert_str_eq(h.p.steps[1].argv[3],
                     "/+bindings.[protocol='https',bindingInformation='*:443:highschool.ncut.edu.tw',sslFlags='1']");
    ck_assert_int_eq(h.p.steps[2].tool, TOOL_NETSH);
    ck_assert_str_eq(h.p.steps[2].new_hash, ZH_D); /* E has no key, F expired */
    ck_assert(has(h.p.notes, h.p.note_count, "is the only one that qualifies"));
    ck_assert(has(h.p.notes, h.p.note_count, "without SNI (sslFlags=0)"));
    plan_free(&h.p);
    /* the chooser says why nothing qualifies when the only good one is excluded: gsee is covered
     * by A (www, gsee), E (no key) and F (expired) */
    run(&h, 0, "研教組gsee", "gsee.ncut.edu.tw", 443, NULL);
    ck_assert_uint_eq(h.p.error_count, 0);
    ck_assert_str_eq(h.p.steps[2].new_hash, ZH_A);
    plan_free(&h.p);
    run(&h, 0, "研教組gsee", "lab.ncut.edu.tw", 443, NULL);
    refused(&h, "no certificate can serve lab.ncut.edu.tw: 2 cover it but cannot be used");
    ck_assert(error_has(&h.p, ZH_E) && error_has(&h.p, "(no private key)"));
    ck_assert(error_has(&h.p, ZH_F) && error_has(&h.p, "(expired)"));
    done(&h);
}
END_TEST

START_TEST(unbind_plans_and_refusals)
{
    struct host h;
    load(&h, "demo-wildcard-renewal");
    run(&h, 1, "Northwind Portal", "portal.northwind-traders.example", 443, NULL);
    ck_assert_uint_eq(h.p.error_count, 0);
    ck_assert_uint_eq(h.p.step_count, 2);
    ck_assert_int_eq(h.p.steps[0].op, STEP_SITE_BINDING_DELETE);
    /* sslFlags unknown here: the undo assumes SNI (a hostnameport binding exists), and says so */
    ck_assert_str_eq(h.p.steps[0].undo[0][3],
                     "/+bindings.[protocol='https',bindingInformation='*:443:portal.northwind-traders.example',sslFlags='1']");
    ck_assert(h.p.warning_count >= 1 && strstr(h.p.warnings[0].message, "are not known"));
    ck_assert_int_eq(h.p.steps[1].op, STEP_DELETE);
    ck_assert_str_eq(h.p.steps[1].argv[3], "hostnameport=portal.northwind-traders.example:443");
    /* the undo re-creates the binding as it was; it showed (null) as its store: MY */
    ck_assert_str_eq(h.p.steps[1].undo[0][1], "add");
    int store = 0;
    for (size_t i = 0; h.p.steps[1].undo[0][i]; i++)
        store |= !strcmp(h.p.steps[1].undo[0][i], "certstorename=MY");
    ck_assert(store);
    plan_free(&h.p);
    /* nothing to unbind: exit 3 */
    run(&h, 1, "Northwind Portal", "nothing.northwind-traders.example", 443, NULL);
    ck_assert_uint_eq(h.p.error_count, 0);
    ck_assert_int_eq(plan_exit_status(&h.p), EXIT_NOTHING);
    plan_free(&h.p);
    run(&h, 1, "Nope", "portal.northwind-traders.example", 443, NULL);
    refused(&h, "IIS has no site named");
    done(&h);

    load(&h, "iis-shared-443-zh-tw");
    /* another site (Library-old, stopped) still uses lib.ncut.edu.tw:443 */
    run(&h, 1, "Library", "lib.ncut.edu.tw", 443, NULL);
    refused(&h, "site \"Library-old\" still uses lib.ncut.edu.tw:443");
    plan_free(&h.p);
    /* a hostnameport binding that is not IIS's stays */
    run(&h, 1, "Library", "adfs.ncut.edu.tw", 443, NULL);
    refused(&h, "belongs to application {5d89a20c-beab-4389-9447-324788eb944a}, not to IIS");
    plan_free(&h.p);
    /* an IIS binding without HTTP.sys binding: only appcmd, sslFlags from /config */
    run(&h, 1, "Portal2018", "portal.ncut.edu.tw", 443, NULL);
    ck_assert_uint_eq(h.p.step_count, 1);
    ck_assert_int_eq(h.p.steps[0].tool, TOOL_APPCMD);
    ck_assert_uint_eq(h.p.warning_count, 0);
    ck_assert_str_eq(h.p.steps[0].undo[0][3],
                     "/+bindings.[protocol='https',bindingInformation='*:443:portal.ncut.edu.tw',sslFlags='1']");
    ck_assert(has(h.p.notes, h.p.note_count, "only the IIS binding is removed"));
    plan_free(&h.p);
    /* an orphan hostnameport binding (IIS's appid): only netsh */
    run(&h, 1, "二技招生apply5", "apply.ncut.edu.tw", 443, NULL);
    ck_assert_uint_eq(h.p.step_count, 1);
    ck_assert_int_eq(h.p.steps[0].tool, TOOL_NETSH);
    ck_assert_str_eq(h.p.steps[0].undo[0][4], arena_printf(&h.p.arena, "certhash=%s", ZH_B));
    done(&h);
}
END_TEST

START_TEST(unbind_warns_of_what_its_undo_cannot_restore)
{
    /* Server 2025: app.wingtip.example:443 has a field netsh cannot set (Enable Caching Client
     * Hello) and a non-default HTTP/2 receive window */
    struct host h;
    load(&h, "ws2025-en");
    static const char LIST[] = "SITE \"Wingtip\" (id:2,bindings:https/*:443:app.wingtip.example,state:Started)\r\n";
    struct text t;
    ck_assert_int_eq(text_decode(&t, (const unsigned char *)LIST, strlen(LIST), 0, &h.d, "appcmd"), 0);
    struct site_list sites;
    ck_assert_int_eq(appcmd_parse_sites(&t, &sites, &h.d), 0);
    text_free(&t);
    struct bind_request r = {1, "Wingtip", "app.wingtip.example", 443, NULL, civil_to_time(2026, 11, 23, 12, 0, 0)};
    plan_bind(&h.hs.bindings, &h.hs.certs, &sites, &r, &h.p);
    ck_assert_uint_eq(h.p.error_count, 0);
    ck_assert_uint_eq(h.p.step_count, 2);
    int warned = 0;
    for (size_t i = 0; i < h.p.warning_count; i++)
        warned |= strstr(h.p.warnings[i].message, "app.wingtip.example:443 has fields certrebind does not know that "
                                                    "netsh cannot set again") != NULL;
    ck_assert(warned);
    site_list_free(&sites);
    done(&h);
}
END_TEST

/* ---------- audit ---------- */

static const struct sni_finding *finding(const struct sni_findings *f, const char *id)
{
    for (size_t i = 0; i < f->count; i++)
        if (!strcmp(f->items[i].id, id))
            return &f->items[i];
    return NULL;
}

START_TEST(audit_finds_the_seed_trap_and_neighbours)
{
    struct host h;
    load(&h, "iis-shared-443-zh-tw");
    struct sni_findings f;
    audit_sni(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &f);
    ck_assert_uint_eq(f.count, 4);
    const struct sni_finding *x = finding(&f, "shared-socket-uncovered:0.0.0.0:443");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->severity, "error");
    ck_assert_str_eq(x->certhash, ZH_A);
    ck_assert_uint_eq(x->site_count, 2);
    ck_assert_str_eq(x->sites[0], "研教組gsee");
    ck_assert_str_eq(x->sites[1], "四技申請入學highschool8");
    ck_assert_uint_eq(x->name_count, 1);
    ck_assert_str_eq(x->names[0], "highschool.ncut.edu.tw");
    ck_assert_ptr_nonnull(strstr(x->message, "certrebind bind --site \"四技申請入學highschool8\" --host highschool.ncut.edu.tw"));
    ck_assert_ptr_nonnull(strstr(x->message, "a certificate that covers every name"));
    x = finding(&f, "sni-without-binding:portal.ncut.edu.tw:443");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->sites[0], "Portal2018");
    x = finding(&f, "orphan-sni-binding:apply.ncut.edu.tw:443");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->severity, "warning");
    /* ADFS's own SNI binding is not IIS's: never an orphan */
    ck_assert_ptr_null(finding(&f, "orphan-sni-binding:adfs.ncut.edu.tw:443"));
    /* lib is used by Library (and the stopped Library-old) */
    ck_assert_ptr_null(finding(&f, "orphan-sni-binding:lib.ncut.edu.tw:443"));
    x = finding(&f, "ip-shadows-sni:192.0.2.10:443");
    ck_assert_ptr_nonnull(x);
    ck_assert_uint_eq(x->name_count, 3);
    sni_findings_free(&f);

    /* without /config: no sni-without-binding (the flags are unknown), the rest stays */
    for (size_t i = 0; i < h.hs.sites.count; i++)
        for (size_t j = 0; j < h.hs.sites.items[i].binding_count; j++)
            h.hs.sites.items[i].bindings[j].ssl_flags = -1;
    audit_sni(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &f);
    ck_assert_ptr_null(finding(&f, "sni-without-binding:portal.ncut.edu.tw:443"));
    ck_assert_ptr_nonnull(finding(&f, "shared-socket-uncovered:0.0.0.0:443"));
    sni_findings_free(&f);
    /* an incomplete site list: no orphans (a site not listed may use them) */
    h.hs.sites.incomplete = 1;
    audit_sni(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &f);
    ck_assert_ptr_null(finding(&f, "orphan-sni-binding:apply.ncut.edu.tw:443"));
    sni_findings_free(&f);
    /* no sites at all: only the shadowing */
    audit_sni(&h.hs.bindings, &h.hs.certs, NULL, &f);
    ck_assert_uint_eq(f.count, 1);
    ck_assert_str_eq(f.items[0].id, "ip-shadows-sni:192.0.2.10:443");
    sni_findings_free(&f);
    done(&h);
}
END_TEST

START_TEST(audit_demo_stopped_site_and_sni)
{
    /* the demo: Old Intranet Alias (not covered by the wildcard) is stopped; SNI hosts have
     * their bindings; only the IP-specific 10.0.0.12:443 is worth a warning */
    struct host h;
    load(&h, "demo-wildcard-renewal");
    struct sni_findings f;
    audit_sni(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &f);
    ck_assert_uint_eq(f.count, 1);
    ck_assert_str_eq(f.items[0].id, "ip-shadows-sni:10.0.0.12:443");
    sni_findings_free(&f);
    /* started, the alias would be an uncovered host on 0.0.0.0:443 */
    for (size_t i = 0; i < h.hs.sites.count; i++)
        if (!strcmp(h.hs.sites.items[i].name, "Old Intranet Alias"))
            h.hs.sites.items[i].state = "Started";
    audit_sni(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &f);
    ck_assert_ptr_nonnull(finding(&f, "host-not-covered:0.0.0.0:443"));
    sni_findings_free(&f);
    done(&h);
}
END_TEST

Suite *suite_bind(void)
{
    Suite *s = suite_create("bind");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, bind_chooses_the_certificate_and_plans_two_tools);
    tcase_add_test(tc, bind_idn_host_becomes_a_label);
    tcase_add_test(tc, bind_refusals);
    tcase_add_test(tc, bind_sslflags_unknown_or_sni_without_http_sys);
    tcase_add_test(tc, bind_converts_the_seed_trap_to_sni);
    tcase_add_test(tc, unbind_plans_and_refusals);
    tcase_add_test(tc, unbind_warns_of_what_its_undo_cannot_restore);
    tcase_add_test(tc, audit_finds_the_seed_trap_and_neighbours);
    tcase_add_test(tc, audit_demo_stopped_site_and_sni);
    suite_add_tcase(s, tc);
    return s;
}
