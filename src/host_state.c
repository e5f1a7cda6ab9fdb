#include "host_state.h"

#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "appcmd.h"
#include "certutil.h"
#include "dates.h"
#include "netsh.h"
#include "netsh_result.h"
#include "platform.h"
#include "source.h"
#include "text.h"

/* A tool's output as printed (for a backup), NUL-terminated; *len gets its length. */
static unsigned char *output_copy(const struct tool_output *src, size_t *len)
{
    *len = src->len;
    return (unsigned char *)xstrndup((const char *)src->bytes, src->len);
}

int host_state_read_bindings(const struct host_spec *h, struct binding_list *out, unsigned char **raw, size_t *raw_len,
                             struct diags *d)
{
    struct tool_output src;
    memset(out, 0, sizeof *out);
    arena_init(&out->arena);
    if (source_fetch(&h->source, Q_NETSH_SHOW_SSLCERT, NULL, &src, d) != 0)
        return -1;
    if (!src.recorded && src.exit_code != 0) {
        enum netsh_outcome oc = netsh_classify((const char *)src.bytes, src.exit_code, NULL);
        diag_add(d, SEV_ERROR, 0, src.origin, "netsh failed (exit code %d): %s", src.exit_code,
                 netsh_outcome_advice(oc));
        tool_output_free(&src);
        return -1;
    }
    if (raw) {
        *raw = output_copy(&src, raw_len);
    }
    struct text t;
    if (text_decode_take_unsplit(&t, &src.bytes, src.len, h->source.codepage, d, "netsh http show sslcert") != 0) {
        tool_output_free(&src);
        return -1;
    }
    tool_output_free(&src);
    /* the strings a plan needs are copied out and the listing freed: planning, reading the
     * stores and verifying after an apply then need no room for it */
    int rc = netsh_parse_sslcert(&t, out, d);
    text_free(&t);
    return rc;
}

static enum date_order date_order_of(const struct host_spec *h)
{
    enum date_order order = DATE_ORDER_UNKNOWN;
    if (h->date_order)
        date_order_parse(h->date_order, &order); /* validated by cli.c already */
    return order;
}

static int read_store_into(const struct host_spec *h, struct host_state *hs, const char *store, struct diags *d);

/* A store that cannot be read is not fatal here: the planner refuses only the bindings that need it. */
static void read_store(const struct host_spec *h, struct host_state *hs, const char *store, struct diags *d)
{
    for (size_t i = 0; i < hs->attempted_count; i++)
        if (!ascii_casecmp(hs->attempted[i], store))
            return;
    size_t limit = sizeof hs->attempted / sizeof hs->attempted[0];
    if (hs->attempted_count == limit) {
        if (!hs->stores_over_limit++)
            diag_add(d, SEV_ERROR, 0, NULL,
                     "the bindings name more than %zu certificate stores: store \"%s\" and any later one are not read "
                     "(limit %zu), so bindings that use them cannot be planned",
                     limit, store, limit);
        return;
    }
    hs->attempted[hs->attempted_count++] = xstrdup(store);
    struct diags local;
    diags_init(&local);
    if (read_store_into(h, hs, store, &local) != 0)
        for (size_t i = 0; i < local.count; i++)
            diag_add(d, local.items[i].severity == SEV_ERROR ? SEV_WARNING : local.items[i].severity,
                     local.items[i].line, local.items[i].source, "store %s: %s", store, local.items[i].message);
    else
        for (size_t i = 0; i < local.count; i++)
            diag_add(d, local.items[i].severity, local.items[i].line, local.items[i].source, "%s", local.items[i].message);
    diags_free(&local);
}

static int read_store_into(const struct host_spec *h, struct host_state *hs, const char *store, struct diags *d)
{
    for (size_t i = 0; i < hs->store_count; i++)
        if (!ascii_casecmp(hs->stores[i].store ? hs->stores[i].store : "", store))
            return 0;
    struct tool_output src;
    if (source_fetch(&h->source, Q_CERTUTIL_STORE_V, store, &src, d) != 0)
        return -1;
    if (!src.recorded)
        hs->processes++;
    struct text t;
    if (text_decode_take(&t, &src.bytes, src.len, h->source.codepage, d, src.origin) != 0) {
        tool_output_free(&src);
        return -1;
    }
    /* this machine's date format says nothing about a recording made on another server */
    char *fmt = src.recorded ? NULL : system_short_date_format();
    struct certutil_options co = {date_order_of(h), fmt, store};
    struct cert_list l;
    int rc = certutil_parse_store(&t, &co, &l, d);
    free(fmt);
    text_free(&t);
    tool_output_free(&src);
    if (rc != 0) {
        cert_list_free(&l);
        return -1;
    }
    if (!l.store)
        l.store = arena_strdup(&l.arena, store);
    hs->stores = xrealloc(hs->stores, (hs->store_count + 1) * sizeof *hs->stores);
    hs->stores[hs->store_count++] = l;
    return 0;
}

int update_option(const struct host_spec *h)
{
    if (!h->update_mode || !strcmp(h->update_mode, "auto"))
        return -1;
    return !strcmp(h->update_mode, "yes");
}

static void decide_update(const struct host_spec *h, struct host_state *hs, struct diags *d)
{
    hs->update_available = update_option(h);
    if (hs->update_available >= 0) {
        hs->update_evidence = hs->update_available ? "--update yes was given" : "--update no was given";
        return;
    }
    /* The layout tells for free; only when it cannot is netsh asked (one more process). */
    int by_layout = plan_update_from_layout(&hs->bindings);
    if (by_layout >= 0 && !h->source.from_dir)
        return; /* the planner states the layout evidence itself */
    struct tool_output src;
    struct diags quiet;
    diags_init(&quiet);
    int rc = source_fetch(&h->source, Q_NETSH_UPDATE_HELP, NULL, &src, &quiet);
    diags_free(&quiet);
    if (rc != 0)
        return;
    if (!src.recorded)
        hs->processes++;
    struct text t;
    if (text_decode_take(&t, &src.bytes, src.len, h->source.codepage, d, src.origin) == 0) {
        int found_usage = 0, not_found = 0;
        for (size_t i = 0; i < t.n_lines; i++) {
            if (strstr(t.lines[i].s, "update sslcert") && strstr(t.lines[i].s, "not found"))
                not_found = 1;
            if (strstr(t.lines[i].s, "update sslcert") && !strstr(t.lines[i].s, "not found"))
                found_usage = 1;
        }
        if (not_found) {
            hs->update_available = 0;
            hs->update_evidence = "`netsh http update sslcert /?` answered that the command was not found";
        } else if (found_usage) {
            hs->update_available = 1;
            hs->update_evidence = "`netsh http update sslcert /?` printed its usage";
        }
        text_free(&t);
    }
    tool_output_free(&src);
}

/* `appcmd list site` into hs->sites (its bytes kept in hs->appcmd_raw). Returns 0 (read: see
 * hs->have_sites), 1 when a recording has none, -1 when appcmd could not be run. */
static int read_sites(const struct host_spec *h, struct host_state *hs, struct diags *d)
{
    struct tool_output src;
    int rc = source_fetch(&h->source, Q_APPCMD_LIST_SITE, NULL, &src, d);
    if (rc != 0)
        return rc;
    if (!src.recorded)
        hs->processes++;
    hs->appcmd_raw = output_copy(&src, &hs->appcmd_raw_len);
    struct text t;
    if (text_decode_take(&t, &src.bytes, src.len, h->source.codepage, d, src.origin) == 0) {
        arena_free(&hs->sites.arena);
        if (appcmd_parse_sites(&t, &hs->sites, d) == 0)
            hs->have_sites = 1;
        text_free(&t);
    }
    tool_output_free(&src);
    return 0;
}

int host_state_read(const struct host_spec *h, struct host_state *hs, const char *extra_store, struct diags *d)
{
    memset(hs, 0, sizeof *hs);
    arena_init(&hs->sites.arena);
    if (host_state_read_bindings(h, &hs->bindings, h->keep_output ? &hs->netsh_raw : NULL, &hs->netsh_raw_len, d) != 0)
        return -1;
    if (!h->source.from_dir && !h->source.input)
        hs->processes++;
    /* every store a binding names, My first */
    read_store(h, hs, "My", d);
    for (size_t i = 0; i < hs->bindings.count; i++) {
        const struct binding *b = &hs->bindings.items[i];
        if (b->store && !(b->incomplete && !b->key_valid))
            read_store(h, hs, b->store, d);
    }
    if (extra_store)
        read_store(h, hs, extra_store, d);
    hs->store_ptrs = xmalloc((hs->store_count ? hs->store_count : 1) * sizeof *hs->store_ptrs);
    for (size_t i = 0; i < hs->store_count; i++)
        hs->store_ptrs[i] = &hs->stores[i];
    hs->certs.lists = hs->store_ptrs;
    hs->certs.count = hs->store_count;

    if (read_sites(h, hs, d) < 0)
        diag_add(d, SEV_WARNING, 0, NULL, "the IIS sites could not be read; the plan lists no sites");
    decide_update(h, hs, d);
    return 0;
}

void host_state_read_site_config(const struct host_spec *h, struct host_state *hs, struct diags *d)
{
    if (!hs->have_sites)
        return;
    struct tool_output src;
    if (source_fetch(&h->source, Q_APPCMD_LIST_SITE_CONFIG, NULL, &src, d) != 0)
        return;
    if (!src.recorded)
        hs->processes++;
    hs->appcmd_config_raw = output_copy(&src, &hs->appcmd_config_raw_len);
    struct text t;
    if (text_decode_take(&t, &src.bytes, src.len, h->source.codepage, d, src.origin) == 0) {
        struct site_list config;
        struct diags local;
        diags_init(&local);
        if (appcmd_parse_config(&t, &config, &local) == 0) {
            appcmd_merge_ssl_flags(&hs->sites, &config);
            hs->have_site_config = 1;
        }
        for (size_t i = 0; i < local.count; i++) /* without sslFlags certrebind still works: no errors */
            diag_add(d, SEV_WARNING, local.items[i].line, local.items[i].source, "%s", local.items[i].message);
        diags_free(&local);
        site_list_free(&config);
        text_free(&t);
    }
    tool_output_free(&src);
}

int host_state_read_sites(const struct host_spec *h, struct host_state *hs, struct diags *d)
{
    memset(hs, 0, sizeof *hs);
    arena_init(&hs->sites.arena);
    hs->update_available = -1;
    int rc = read_sites(h, hs, d);
    if (rc == 0 && !hs->have_sites)
        rc = -1;
    if (rc == 0)
        host_state_read_site_config(h, hs, d);
    return rc;
}

int host_state_read_for(const struct host_spec *h, const struct plan_request *req, struct host_state *hs,
                        struct diags *d)
{
    if (plan_request_well_formed(req))
        return host_state_read(h, hs, NULL, d);
    memset(hs, 0, sizeof *hs);
    arena_init(&hs->sites.arena);
    hs->update_available = -1;
    return 0;
}

void host_state_free(struct host_state *hs)
{
    binding_list_free(&hs->bindings);
    free(hs->netsh_raw);
    free(hs->appcmd_raw);
    free(hs->appcmd_config_raw);
    for (size_t i = 0; i < hs->store_count; i++)
        cert_list_free(&hs->stores[i]);
    free(hs->stores);
    free(hs->store_ptrs);
    for (size_t i = 0; i < hs->attempted_count; i++)
        free(hs->attempted[i]);
    if (hs->have_sites)
        site_list_free(&hs->sites);
    else
        arena_free(&hs->sites.arena);
    memset(hs, 0, sizeof *hs);
}
