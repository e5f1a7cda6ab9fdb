/* certrebind audit: every binding with the state of its certificate (expired, expiring within
 * --days, missing from its store, no private key), so an admin sees what needs a renewal. */
#include <stdio.h>
#include <string.h>

#include "cert.h"
#include "cli.h"
#include "report_diags.h"
#include "host_state.h"
#include "json.h"
#include "audit_sni.h"
#include "netsh.h"
#include "printable.h"
#include "dates.h"

static void report_findings_json(struct json *j, const struct sni_findings *f)
{
    json_key(j, "findings");
    json_begin_array(j);
    for (size_t i = 0; i < f->count; i++) {
        const struct sni_finding *x = &f->items[i];
        json_begin_object(j);
        json_kv_string(j, "id", x->id);
        json_kv_string(j, "kind", x->kind);
        json_kv_string(j, "severity", x->severity);
        json_kv_string(j, "socket", x->socket);
        json_kv_string(j, "certhash", x->certhash);
        json_key(j, "sites");
        json_begin_array(j);
        for (size_t k = 0; k < x->site_count; k++)
            json_string(j, x->sites[k]);
        json_end_array(j);
        json_key(j, "names");
        json_begin_array(j);
        for (size_t k = 0; k < x->name_count; k++)
            json_string(j, x->names[k]);
        json_end_array(j);
        json_kv_string(j, "message", x->message);
        json_end_object(j);
    }
    json_end_array(j);
}

static void report_findings_text(FILE *out, const struct sni_findings *f, int have_sites, int have_config)
{
    if (!have_sites)
        fprintf_printable(out, "IIS sites not read (no appcmd output): only IP-specific bindings shadowing SNI were checked.\n");
    else if (!have_config)
        fprintf_printable(out, "IIS sslFlags not read (no `appcmd list site /config` output): SNI bindings without an HTTP.sys "
                     "binding were not checked.\n");
    if (!f->count) {
        fprintf_printable(out, "IIS sites and HTTP.sys bindings fit together: no host name without its certificate.\n");
        return;
    }
    fprintf_printable(out, "%zu finding(s) about IIS sites and HTTP.sys bindings:\n", f->count);
    for (size_t i = 0; i < f->count; i++)
        fprintf_printable(out, "  %s [%s] %s.\n", f->items[i].severity, f->items[i].id, f->items[i].message);
}

/* "ok", "expiring", "expired", "not-yet-valid", "missing", "no-key", "unknown", "no-hash" */
static const char *status_of(const struct binding *b, const struct cert *c, time_t now, int days)
{
    if (!b->certhash)
        return b->kind == BINDING_CCS || b->kind == BINDING_SCOPEDCCS ? "ccs" : "no-hash";
    if (!c)
        return "missing";
    if (c->has_private_key == TRI_FALSE)
        return "no-key";
    if (!c->not_after_known)
        return "unknown";
    if (cert_expired(c, now))
        return "expired";
    if (cert_not_yet_valid(c, now))
        return "not-yet-valid";
    if (cert_expired(c, now + (time_t)days * 86400)) /* will have expired by then */
        return "expiring";
    return "ok";
}

/* With --format json, even a host that cannot be read gets its one JSON object on standard output
 * (the reasons are on standard error too). */
static void audit_failure_json(const struct options *o, const struct diags *d)
{
    struct json j;
    json_init(&j, o->out, 1);
    json_begin_object(&j);
    json_kv_int(&j, "days", o->days);
    json_key(&j, "bindings");
    json_begin_array(&j);
    json_end_array(&j);
    json_kv_null(&j, "needing_attention");
    json_key(&j, "errors");
    json_begin_array(&j);
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == SEV_ERROR)
            json_string(&j, d->items[i].message);
    json_end_array(&j);
    json_kv_int(&j, "exit", EXIT_FAIL);
    json_end_object(&j);
    json_finish(&j);
}

/* One row per binding with the state of its certificate: objects of the JSON "bindings" array
 * when j is given, else the text table's lines. Returns how many need attention. */
static size_t report_binding_rows(const struct options *o, const struct host_state *hs, struct json *j)
{
    struct cert_index certs;
    cert_index_build(&certs, &hs->certs);
    size_t attention = 0;
    for (size_t i = 0; i < hs->bindings.count; i++) {
        const struct binding *b = &hs->bindings.items[i];
        const char *store = binding_effective_store(b);
        const struct cert *c = cert_find(&certs, store, b->certhash);
        const char *status = status_of(b, c, o->now, o->days);
        if (strcmp(status, "ok") && strcmp(status, "ccs"))
            attention++;
        char until[21] = "";
        if (c && c->not_after_known)
            format_iso8601(c->not_after, until);
        if (j) {
            json_begin_object(j);
            json_kv_string(j, "status", status);
            json_kv_string(j, "kind", binding_kind_name(b->kind));
            json_kv_string(j, "socket", b->socket);
            json_kv_string(j, "certhash", b->certhash);
            json_kv_string(j, "store", store);
            json_kv_string(j, "not_after", until[0] ? until : NULL);
            json_kv_string(j, "subject", c ? c->subject : NULL);
            json_end_object(j);
        } else {
            fprintf_printable(o->out, "%-13s %-40s %-40s %-14s %-20s %s\n", status, b->socket ? b->socket : "?",
                    b->certhash ? b->certhash : "-", store, until[0] ? until : "-", c && c->subject ? c->subject : "-");
        }
    }
    cert_index_free(&certs);
    return attention;
}

static size_t error_findings(const struct sni_findings *f)
{
    size_t n = 0;
    for (size_t i = 0; i < f->count; i++)
        n += !strcmp(f->items[i].severity, "error");
    return n;
}

/* The audit as one JSON object; returns how many bindings and findings need attention. */
static size_t audit_json(const struct options *o, const struct host_state *hs, const struct sni_findings *findings)
{
    struct json j;
    json_init(&j, o->out, 1);
    json_begin_object(&j);
    json_kv_int(&j, "days", o->days);
    json_key(&j, "bindings");
    json_begin_array(&j);
    size_t attention = report_binding_rows(o, hs, &j) + error_findings(findings);
    json_end_array(&j);
    report_findings_json(&j, findings);
    json_kv_bool(&j, "sites_read", hs->have_sites);
    json_kv_bool(&j, "ssl_flags_read", hs->have_site_config);
    json_kv_int(&j, "needing_attention", (long long)attention);
    json_kv_int(&j, "exit", attention ? EXIT_FAIL : EXIT_OK);
    json_end_object(&j);
    json_finish(&j);
    return attention;
}

/* The audit as a table and the findings; returns how many bindings and findings need attention. */
static size_t audit_text(const struct options *o, const struct host_state *hs, const struct sni_findings *findings)
{
    fprintf_printable(o->out, "%-13s %-40s %-40s %-14s %-20s %s\n", "STATUS", "SOCKET", "CERTIFICATE", "STORE", "NOT AFTER",
            "SUBJECT");
    size_t cert_attention = report_binding_rows(o, hs, NULL);
    fprintf_printable(o->out, "%zu binding(s), %zu needing attention (expired, expiring within %d days, missing, no key).\n",
            hs->bindings.count, cert_attention, o->days);
    if (cert_attention)
        fprintf_printable(o->out, "Renewals already in the store: certrebind plan --auto --days %d\n", o->days);
    report_findings_text(o->out, findings, hs->have_sites, hs->have_site_config);
    return cert_attention + error_findings(findings);
}

int cmd_audit(const struct options *o)
{
    struct diags d;
    diags_init(&d);
    struct host_state hs;
    int json = o->format && !strcmp(o->format, "json");
    if (host_state_read(&o->host, &hs, NULL, &d) != 0) {
        print_diags(o->err, &d);
        if (json)
            audit_failure_json(o, &d);
        host_state_free(&hs);
        diags_free(&d);
        return EXIT_FAIL;
    }
    host_state_read_site_config(&o->host, &hs, &d);
    struct sni_findings findings;
    audit_sni(&hs.bindings, &hs.certs, hs.have_sites ? &hs.sites : NULL, &findings);
    size_t attention = json ? audit_json(o, &hs, &findings) : audit_text(o, &hs, &findings);
    sni_findings_free(&findings);
    print_diags(o->err, &d);
    host_state_free(&hs);
    diags_free(&d);
    /* like a check: 0 when nothing needs attention, 1 otherwise */
    return attention ? EXIT_FAIL : EXIT_OK;
}
