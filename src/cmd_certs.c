/* certrebind certs: the certificates of one store as certutil lists them (hash, names, validity,
 * private key), as a table or JSON. Live, ONE `certutil -v -store <NAME>` per store: the verbose
 * form has everything the plain one has plus the SANs, so a store of thousands of certificates
 * still costs a single process (per-certificate `certutil -v -store <NAME> <hash>` would cost one
 * process each). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certutil.h"
#include "cli.h"
#include "report_diags.h"
#include "cert.h"
#include "dates.h"
#include "json.h"
#include "lang/certutil_labels.h"
#include "platform.h"
#include "printable.h"
#include "source.h"
#include "text.h"

static const char *key_word(enum tristate k) { return k == TRI_TRUE ? "yes" : k == TRI_FALSE ? "NO" : "?"; }

static void when_text(char out[21], time_t t, int known)
{
    if (!known) {
        strcpy(out, "?");
        return;
    }
    int y, mo, d, h, mi, s;
    time_to_civil(t, &y, &mo, &d, &h, &mi, &s);
    snprintf(out, 21, "%04d-%02d-%02d %02d:%02d", y % 10000, mo, d, h, mi);
}

static void status_text(char *out, size_t cap, const struct cert *c, time_t now)
{
    if (cert_not_yet_valid(c, now)) {
        snprintf(out, cap, "not yet valid");
    } else if (!c->not_after_known) {
        snprintf(out, cap, "?");
    } else if (cert_expired(c, now)) {
        snprintf(out, cap, "EXPIRED");
    } else {
        long long days = ((long long)c->not_after - (long long)now) / 86400;
        snprintf(out, cap, "valid, %ld day%s left", (long)days, days == 1 ? "" : "s");
    }
}

static void report_text(FILE *out, const struct cert_list *l, const char *store, const char *origin, time_t now)
{
    if (l->count == 0) {
        fprintf_printable(out, "Store %s has no certificates (%s).\n", store, origin);
        return;
    }
    fprintf_printable(out, "Store %s: %lu certificate%s (%s)\n\n", store, (unsigned long)l->count, l->count == 1 ? "" : "s", origin);
    fprintf_printable(out, "  %-4s %-40s  %-3s  %-16s  %-16s  %s\n", "#", "SHA-1", "Key", "Not before",
            "Not after", "Status");
    for (size_t i = 0; i < l->count; i++) {
        const struct cert *c = &l->items[i];
        char nb[21], na[21], st[64], idx[16];
        when_text(nb, c->not_before, c->not_before_known);
        when_text(na, c->not_after, c->not_after_known);
        status_text(st, sizeof st, c, now);
        if (c->index >= 0)
            snprintf(idx, sizeof idx, "%d", c->index);
        else
            strcpy(idx, "-");
        fprintf_printable(out, "  %-4s %-40s  %-3s  %-16s  %-16s  %s%s\n", idx, c->sha1 ? c->sha1 : "(hash not readable)",
                key_word(c->has_private_key), nb, na, st, c->archived ? ", archived" : "");
        fprintf_printable(out, "       subject: %s\n", c->subject ? c->subject : "?");
        fprintf_printable(out, "       issuer:  %s\n", c->issuer ? c->issuer : "?");
        if (c->dns_count) {
            fprintf_printable(out, "       DNS:     ");
            for (size_t k = 0; k < c->dns_count; k++)
                fprintf_printable(out, "%s%s", k ? ", " : "", c->dns_names[k]);
            fputc('\n', out);
        } else if (c->dns_names_known) {
            fprintf_printable(out, "       DNS:     (no Subject Alternative Name)\n");
        }
        if (c->template_name)
            fprintf_printable(out, "       template: %s\n", c->template_name);
        if (c->has_private_key == TRI_FALSE)
            fprintf_printable(out, "       no private key: binding it fails (netsh Error 1312)\n");
    }
    if (!l->verbose)
        fprintf_printable(out, "\nDNS names are not shown: this is the plain `certutil -store` form (record `certutil -v "
                     "-store %s` for SANs).\n",
                store);
    if (l->date_assumption)
        fprintf_printable(out, "\nnote: %s\n", l->date_assumption);
}

static void json_time(struct json *j, const char *key, time_t t, int known)
{
    if (!known) {
        json_kv_null(j, key);
        return;
    }
    char iso[21];
    format_iso8601(t, iso);
    json_kv_string(j, key, iso);
}

static void json_tristate(struct json *j, const char *key, enum tristate v)
{
    if (v == TRI_UNKNOWN)
        json_kv_null(j, key);
    else
        json_kv_bool(j, key, v == TRI_TRUE);
}

static void report_json(FILE *out, const struct cert_list *l, const char *store, const char *origin,
                        const struct diags *d)
{
    struct json j;
    json_init(&j, out, 1);
    json_begin_object(&j);
    json_kv_string(&j, "store", store);
    json_kv_string(&j, "source", origin);
    json_key(&j, "certificates");
    json_begin_array(&j);
    for (size_t i = 0; i < l->count; i++) {
        const struct cert *c = &l->items[i];
        json_begin_object(&j);
        if (c->index >= 0)
            json_kv_int(&j, "index", c->index);
        else
            json_kv_null(&j, "index"); /* a verbose dump without a banner */
        json_kv_string(&j, "store", c->store ? c->store : store);
        json_kv_string(&j, "sha1", c->sha1);
        json_kv_string(&j, "subject", c->subject);
        json_kv_string(&j, "subject_cn", c->subject_cn);
        json_kv_string(&j, "issuer", c->issuer);
        json_kv_string(&j, "serial", c->serial);
        json_time(&j, "not_before", c->not_before, c->not_before_known);
        json_time(&j, "not_after", c->not_after, c->not_after_known);
        json_kv_string(&j, "not_before_text", c->not_before_text);
        json_kv_string(&j, "not_after_text", c->not_after_text);
        json_tristate(&j, "has_private_key", c->has_private_key);
        json_key(&j, "dns_names");
        json_begin_array(&j);
        for (size_t k = 0; k < c->dns_count; k++)
            json_string(&j, c->dns_names[k]);
        json_end_array(&j);
        json_kv_bool(&j, "dns_names_known", c->dns_names_known);
        json_kv_string(&j, "template", c->template_name);
        json_kv_string(&j, "key_container", c->key_container);
        json_kv_string(&j, "provider", c->provider);
        json_kv_bool(&j, "archived", c->archived);
        json_kv_int(&j, "line", c->line);
        json_end_object(&j);
    }
    json_end_array(&j);
    json_kv_string(&j, "language", l->language);
    json_kv_bool(&j, "complete", l->complete);
    json_kv_string(&j, "date_assumption", l->date_assumption);
    json_diag_warnings(&j, d);
    json_end_object(&j);
    json_finish(&j);
}

int cmd_certs(const struct options *o)
{
    const char *store = o->store && o->store[0] ? o->store : "My";
    /* the command table checked --format (text|json), --date-order and that no argument was given */
    int json = o->format && strcmp(o->format, "json") == 0;
    enum date_order order = DATE_ORDER_UNKNOWN;
    if (o->host.date_order)
        date_order_parse(o->host.date_order, &order);

    struct diags d;
    diags_init(&d);
    struct cert_list l;
    memset(&l, 0, sizeof l);
    int rc = -1;
    char *origin = NULL;
    struct tool_output src;
    memset(&src, 0, sizeof src);
    if (source_fetch(&o->host.source, Q_CERTUTIL_STORE_V, store, &src, &d) == 0) {
        origin = xstrdup(src.origin ? src.origin : "certutil");
        /* the short-date format of THIS machine says nothing about a recording from another one */
        char *sysfmt = src.recorded ? NULL : system_short_date_format();
        struct text t;
        if (text_decode_take(&t, &src.bytes, src.len, o->host.source.codepage, &d, origin) == 0) {
            struct certutil_options co = {order, sysfmt, store};
            rc = certutil_parse_store(&t, &co, &l, &d);
            text_free(&t);
            if (!src.recorded && src.exit_code != 0 && rc == 0)
                diag_add(&d, SEV_WARNING, 0, origin, "certutil exited with code %d", src.exit_code);
            if (l.date_assumption)
                diag_add(&d, SEV_WARNING, 0, "certutil -store", "%s", l.date_assumption);
        }
        free(sysfmt);
        tool_output_free(&src);
    }
    if (json) {
        report_json(o->out, &l, store, origin, &d);
    } else if (rc == 0) {
        time_t now = o->now ? o->now : now_utc();
        report_text(o->out, &l, store, origin, now);
    }
    print_diags(o->err, &d);
    cert_list_free(&l);
    diags_free(&d);
    free(origin);
    return rc == 0 ? EXIT_OK : EXIT_FAIL;
}
