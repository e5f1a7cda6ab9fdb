/* IIS sites vs. HTTP.sys bindings: the findings of audit_sni.h. */
#include "audit_sni.h"

#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "binding.h"
#include "cert.h"
#include "cert_choose.h"
#include "names.h"
#include "strbuf.h"

static int is_https(const struct site_binding *sb)
{
    return sb->protocol && !ascii_casecmp(sb->protocol, "https") && sb->port > 0;
}

static int has_host(const struct site_binding *sb) { return sb->host && *sb->host; }

/* A stopped site serves nothing: its bindings cannot hand out a wrong certificate. */
static int site_stopped(const struct site *s) { return s->state && !ascii_casecmp(s->state, "Stopped"); }

static int wildcard_ip(const char *ip) { return !ip || !*ip || !strcmp(ip, "*"); }

/* A list of distinct strings (compared without regard to case). */
struct names {
    const char **items;
    size_t count, cap;
};

static void names_add(struct names *n, const char *s)
{
    for (size_t i = 0; i < n->count; i++)
        if (!ascii_casecmp(n->items[i], s))
            return;
    n->items = grow_array(n->items, &n->cap, n->count + 1, sizeof *n->items);
    n->items[n->count++] = s;
}

/* "a, b, c" (at most max, then "and N more"), quoted when asked. */
static const char *join(struct arena *a, const struct names *n, int quoted, size_t max)
{
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n->count && i < max; i++)
        sb_printf(&sb, quoted ? "%s\"%s\"" : "%s%s", i ? ", " : "", n->items[i]);
    if (n->count > max)
        sb_printf(&sb, " and %zu more", n->count - max);
    const char *s = arena_strdup(a, sb.data ? sb.data : "");
    sb_free(&sb);
    return s;
}

static const char **copy_names(struct arena *a, const struct names *n)
{
    const char **out = arena_calloc(a, n->count + 1, sizeof *out);
    for (size_t i = 0; i < n->count; i++)
        out[i] = arena_strdup(a, n->items[i]);
    return out;
}

static void add(struct sni_findings *f, const char *kind, const char *severity, const char *key, const char *certhash,
                const char *message, const struct names *sites, const struct names *names)
{
    struct arena *a = &f->arena;
    char *id = arena_printf(a, "%s:%s", kind, key);
    ascii_lower(id);
    f->items = grow_array(f->items, &f->cap, f->count + 1, sizeof *f->items);
    struct sni_finding *x = &f->items[f->count++];
    memset(x, 0, sizeof *x);
    x->id = id;
    x->kind = kind;
    x->severity = severity;
    x->socket = arena_strdup(a, key);
    x->certhash = certhash;
    x->message = message;
    if (sites) {
        x->sites = copy_names(a, sites);
        x->site_count = sites->count;
    }
    if (names) {
        x->names = copy_names(a, names);
        x->name_count = names->count;
    }
}

/* The ipport binding that serves a site binding without SNI (IP-specific first, then the
 * wildcard of its address family), or NULL. */
static const struct binding *serving_ipport(const struct binding_index *ix, struct arena *a, const struct site_binding *sb)
{
    const struct binding *b = NULL;
    int v6 = sb->ip && strchr(sb->ip, ':');
    if (!wildcard_ip(sb->ip))
        b = binding_find(ix, BINDING_IPPORT, arena_printf(a, v6 ? "[%s]:%d" : "%s:%d", sb->ip, sb->port));
    if (!b && !v6)
        b = binding_find(ix, BINDING_IPPORT, arena_printf(a, "0.0.0.0:%d", sb->port));
    if (!b && (v6 || wildcard_ip(sb->ip)))
        b = binding_find(ix, BINDING_IPPORT, arena_printf(a, "[::]:%d", sb->port));
    return b;
}

/* The (running) site with an https binding for host on port: where `certrebind bind` goes. */
static const char *site_answering(const struct site_list *sites, const char *host, int port)
{
    for (size_t i = 0; i < sites->count; i++)
        for (size_t j = 0; j < sites->items[i].binding_count && !site_stopped(&sites->items[i]); j++) {
            const struct site_binding *sb = &sites->items[i].bindings[j];
            if (is_https(sb) && sb->port == port && has_host(sb) && !ascii_casecmp(sb->host, host))
                return sites->items[i].name;
        }
    return "SITE";
}

struct group {
    const struct binding *b;
    struct names sites, hosts;
};

/* The seed's trap: IP:port bindings serving host names their certificate does not cover. */
static void shared_sockets(struct sni_findings *f, const struct binding_list *bl, const struct binding_index *ix,
                           const struct cert_index *certs, const struct site_list *sites)
{
    struct arena *a = &f->arena;
    struct group *groups = xcalloc(bl->count + 1, sizeof *groups);
    size_t ng = 0;
    for (size_t i = 0; i < sites->count; i++) {
        const struct site *s = &sites->items[i];
        for (size_t j = 0; j < s->binding_count && !site_stopped(s); j++) {
            const struct site_binding *sb = &s->bindings[j];
            if (!is_https(sb) || !has_host(sb) || (sb->ssl_flags >= 0 && (sb->ssl_flags & 3)))
                continue; /* SNI and CCS bindings are looked up by name */
            const char *hp = arena_printf(a, "%s:%d", sb->host, sb->port);
            if (binding_find(ix, BINDING_HOSTNAMEPORT, hp))
                continue; /* HTTP.sys has a certificate for this very name */
            if (sb->ssl_flags < 0 && binding_find(ix, BINDING_CCS, arena_printf(a, "%d", sb->port)))
                continue; /* may be a CCS binding: /config would tell */
            const struct binding *b = serving_ipport(ix, a, sb);
            if (!b || !b->certhash)
                continue;
            size_t g = 0;
            while (g < ng && groups[g].b != b)
                g++;
            if (g == ng)
                groups[ng++].b = b;
            names_add(&groups[g].sites, s->name);
            names_add(&groups[g].hosts, sb->host);
        }
    }
    for (size_t g = 0; g < ng; g++) {
        const struct binding *b = groups[g].b;
        const struct cert *c = cert_find(certs, binding_effective_store(b), b->certhash);
        struct names uncovered = {0};
        for (size_t k = 0; c && k < groups[g].hosts.count; k++)
            if (!cert_name_covering(c, groups[g].hosts.items[k]))
                names_add(&uncovered, groups[g].hosts.items[k]);
        if (uncovered.count) {
            int shared = groups[g].sites.count > 1;
            const char *fix_site = site_answering(sites, uncovered.items[0], b->port);
            const char *msg = arena_printf(
                a,
                "%s serves %s without SNI (%s, answering for %s) with one certificate, %s (%s), which does not cover "
                "%s: visitors of %s get a certificate error. Fix: give each such host its own SNI binding (`certrebind "
                "bind --site \"%s\" --host %s`, one per host), or bind a certificate that covers every name (`certrebind "
                "plan --socket ipport=%s --new HASH`)",
                b->socket, shared ? "several IIS sites" : "an IIS site", join(a, &groups[g].sites, 1, 8),
                join(a, &groups[g].hosts, 0, 8), b->certhash, c->subject ? c->subject : "no subject",
                join(a, &uncovered, 0, 8), uncovered.count > 1 ? "those names" : "that name",
                fix_site, uncovered.items[0], b->socket);
            add(f, shared ? "shared-socket-uncovered" : "host-not-covered", "error", b->socket, b->certhash, msg,
                &groups[g].sites, &uncovered);
        }
        free(uncovered.items);
        free(groups[g].sites.items);
        free(groups[g].hosts.items);
    }
    free(groups);
}

/* Site bindings with SNI whose host has no hostnameport binding. */
static void sni_unbound(struct sni_findings *f, const struct binding_index *ix, const struct site_list *sites)
{
    struct arena *a = &f->arena;
    for (size_t i = 0; i < sites->count; i++) {
        const struct site *s = &sites->items[i];
        for (size_t j = 0; j < s->binding_count && !site_stopped(s); j++) {
            const struct site_binding *sb = &s->bindings[j];
            if (!is_https(sb) || !has_host(sb) || sb->ssl_flags < 0 || !(sb->ssl_flags & 1) || (sb->ssl_flags & 2))
                continue;
            const char *hp = arena_printf(a, "%s:%d", sb->host, sb->port);
            if (binding_find(ix, BINDING_HOSTNAMEPORT, hp))
                continue;
            struct names site = {0}, host = {0};
            names_add(&site, s->name);
            names_add(&host, sb->host);
            add(f, "sni-without-binding", "error", hp, NULL,
                arena_printf(a,
                             "IIS site \"%s\" has https/%s with SNI (sslFlags=%d), but HTTP.sys has no hostnameport=%s "
                             "binding: the site serves no certificate for %s (browsers fail to connect). Fix: `certrebind "
                             "plan --socket hostnameport=%s --new HASH` adds it",
                             s->name, sb->info, sb->ssl_flags, hp, sb->host, hp),
                &site, &host);
            free(site.items);
            free(host.items);
        }
    }
}

/* IIS-owned hostnameport bindings that no IIS site uses. */
static void orphans(struct sni_findings *f, const struct binding_list *bl, const struct site_list *sites)
{
    struct arena *a = &f->arena;
    for (size_t i = 0; i < bl->count; i++) {
        const struct binding *b = &bl->items[i];
        if (b->kind != BINDING_HOSTNAMEPORT || !b->key_valid || !b->host || !b->appid ||
            ascii_casecmp(b->appid, IIS_APP_ID))
            continue;
        int used = 0;
        for (size_t s = 0; s < sites->count && !used; s++)
            for (size_t j = 0; j < sites->items[s].binding_count && !used; j++) {
                const struct site_binding *sb = &sites->items[s].bindings[j];
                used = is_https(sb) && sb->port == b->port && sb->host && dns_name_covers(sb->host, b->host) &&
                       dns_name_covers(b->host, sb->host);
            }
        if (used)
            continue;
        add(f, "orphan-sni-binding", "warning", b->socket, b->certhash,
            arena_printf(a,
                         "hostnameport=%s belongs to IIS (application %s) but no IIS site has an https binding for it: "
                         "a leftover of a removed site or host name. Remove it with `netsh http delete sslcert "
                         "hostnameport=%s` once you are sure",
                         b->socket, b->appid, b->socket),
            NULL, NULL);
    }
}

/* IP-specific bindings on a port that has SNI bindings (the SNI hosts gathered per port once). */
static void shadows(struct sni_findings *f, const struct binding_list *bl)
{
    struct arena *a = &f->arena;
    struct names *by_port = NULL;
    for (size_t k = 0; k < bl->count; k++) {
        const struct binding *h = &bl->items[k];
        if (h->kind != BINDING_HOSTNAMEPORT || h->port <= 0 || h->port > 65535 || !h->host)
            continue;
        if (!by_port)
            by_port = xcalloc(65536, sizeof *by_port);
        names_add(&by_port[h->port], h->host);
    }
    for (size_t i = 0; by_port && i < bl->count; i++) {
        const struct binding *b = &bl->items[i];
        if (b->kind != BINDING_IPPORT || !b->key_valid || !b->host || !strcmp(b->host, "0.0.0.0") ||
            !strcmp(b->host, "::") || b->port <= 0 || b->port > 65535 || !by_port[b->port].count)
            continue;
        const struct names *hosts = &by_port[b->port];
        add(f, "ip-shadows-sni", "warning", b->socket, b->certhash,
            arena_printf(a,
                         "%s is IP-specific: clients connecting to %s get its certificate (%s) even when they ask for "
                         "%s, which %s SNI binding%s on port %d. Remove it if the wildcard address should serve, or "
                         "make sure its certificate covers those names",
                         b->socket, b->host, b->certhash ? b->certhash : "none", join(a, hosts, 0, 5),
                         hosts->count > 1 ? "have" : "has an", hosts->count > 1 ? "s" : "", b->port),
            NULL, hosts);
    }
    for (size_t p = 0; by_port && p < 65536; p++)
        free(by_port[p].items);
    free(by_port);
}

void audit_sni(const struct binding_list *bl, const struct cert_store_set *certs, const struct site_list *sites,
               struct sni_findings *out)
{
    memset(out, 0, sizeof *out);
    arena_init(&out->arena);
    struct binding_index ix;
    binding_index_build(&ix, bl);
    if (sites) {
        struct cert_index cix;
        cert_index_build(&cix, certs);
        shared_sockets(out, bl, &ix, &cix, sites);
        cert_index_free(&cix);
        sni_unbound(out, &ix, sites);
        if (!sites->incomplete)
            orphans(out, bl, sites);
    }
    shadows(out, bl);
    binding_index_free(&ix);
}

void sni_findings_free(struct sni_findings *f)
{
    free(f->items);
    arena_free(&f->arena);
    memset(f, 0, sizeof *f);
}
