/* bind / unbind planner (see bind_plan.h). */
#include "bind_plan.h"

#include <stdio.h>
#include <string.h>

#include "appcmd.h"
#include "ascii.h"
#include "binding.h"
#include "cert.h"
#include "cert_choose.h"
#include "hexhash.h"
#include "hostname.h"
#include "names.h"
#include "netsh.h"

/* ---------- small helpers ---------- */

#define ERR(p, ...) plan_add_error(p, arena_printf(&(p)->arena, __VA_ARGS__))
#define NOTE(p, ...) plan_add_note(p, arena_printf(&(p)->arena, __VA_ARGS__))
#define WARN(p, ...) plan_add_warning(p, arena_printf(&(p)->arena, __VA_ARGS__), 0)

static int host_eq(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    size_t al = strlen(a), bl = strlen(b);
    if (al && a[al - 1] == '.')
        al--;
    if (bl && b[bl - 1] == '.')
        bl--;
    if (al != bl || !al)
        return 0;
    for (size_t i = 0; i < al; i++) {
        if (ascii_tolower((unsigned char)a[i]) != ascii_tolower((unsigned char)b[i]))
            return 0;
    }
    return 1;
}

/* An IIS https binding for host on port (any IP). */
static int https_for(const struct site_binding *sb, const char *host, int port)
{
    return sb->protocol && !ascii_casecmp(sb->protocol, "https") && sb->port == port && host_eq(sb->host, host);
}

const char **bind_appcmd_argv(struct arena *a, const char *site, const char *info, int add, int ssl_flags,
                              size_t *argc)
{
    const char **argv = arena_calloc(a, 5, sizeof *argv);
    argv[0] = "set";
    argv[1] = "site";
    argv[2] = arena_printf(a, "/site.name:%s", site);
    if (add && ssl_flags >= 0)
        argv[3] = arena_printf(a, "/+bindings.[protocol='https',bindingInformation='%s',sslFlags='%d']", info, ssl_flags);
    else
        argv[3] = arena_printf(a, "/%cbindings.[protocol='https',bindingInformation='%s']", add ? '+' : '-', info);
    if (argc)
        *argc = 4;
    return argv;
}

static struct step *add_step(struct plan *p, enum step_tool tool, enum step_op op, const char *socket)
{
    p->steps = grow_array(p->steps, &p->cap_steps, p->step_count + 1, sizeof *p->steps);
    struct step *s = &p->steps[p->step_count++];
    memset(s, 0, sizeof *s);
    s->tool = tool;
    s->op = op;
    s->kind = BINDING_HOSTNAMEPORT;
    s->socket = socket;
    s->ssl_flags = -1;
    return s;
}

void plan_site_binding_step(struct plan *p, const char *site, const char *info, int add, int ssl_flags,
                            const char *socket)
{
    struct step *s = add_step(p, TOOL_APPCMD, add ? STEP_SITE_BINDING_ADD : STEP_SITE_BINDING_DELETE, socket);
    s->site = site;
    s->site_binding_info = info;
    s->ssl_flags = ssl_flags;
    s->argv = bind_appcmd_argv(&p->arena, site, info, add, ssl_flags, &s->argc);
    s->undo[0] = bind_appcmd_argv(&p->arena, site, info, !add, ssl_flags, &s->undo_argc[0]);
    s->undo_count = 1;
    p->bindings_changed++;
}

static const struct binding *find_hostnameport(const struct binding_list *bl, const char *socket)
{
    if (!bl)
        return NULL;
    struct binding_index ix;
    binding_index_build(&ix, bl);
    const struct binding *b = binding_find(&ix, BINDING_HOSTNAMEPORT, socket);
    binding_index_free(&ix);
    return b;
}

/* The certificate named by --cert, checked; NULL (with errors) when it cannot serve host. */
static const struct cert *given_cert(struct plan *p, const struct cert_store_set *certs, const char *typed,
                                     const char *host, time_t now, const char **store)
{
    char h[41];
    if (sha1_normalise(typed, strlen(typed), h) != 0) {
        ERR(p, "--cert '%s' is not a SHA-1 certificate hash: it %s", typed, sha1_problem(typed, strlen(typed)));
        return NULL;
    }
    struct cert_index ix;
    cert_index_build(&ix, certs);
    const struct cert *c = cert_find_any(&ix, h, store);
    cert_index_free(&ix);
    if (!c) {
        ERR(p, "the certificate %s is in none of the stores read (My, WebHosting and those bindings use)", h);
        return NULL;
    }
    int ok = 1;
    if (!cert_name_covering(c, host))
        ERR(p, "the certificate %s (%s) does not cover %s: its visitors would get a certificate error", h,
            c->subject ? c->subject : "no subject", host), ok = 0;
    if (c->has_private_key == TRI_FALSE)
        ERR(p, "the certificate %s has no private key in %s (netsh would fail with error 1312): re-import the PFX "
               "with its key", h, *store), ok = 0;
    else if (c->has_private_key != TRI_TRUE)
        ERR(p, "certutil did not show whether the certificate %s has its private key", h), ok = 0;
    if (cert_expired(c, now))
        ERR(p, "the certificate %s has expired", h), ok = 0;
    if (cert_not_yet_valid(c, now))
        ERR(p, "the certificate %s is not valid yet", h), ok = 0;
    return ok ? c : NULL;
}

/* IP-specific ipport bindings on port: HTTP.sys prefers them to SNI for connections to their
 * address, so the new name would get their certificate there. */
static void note_shadowing(struct plan *p, const struct binding_list *bl, int port, const char *host)
{
    for (size_t i = 0; bl && i < bl->count; i++) {
        const struct binding *b = &bl->items[i];
        if (b->kind != BINDING_IPPORT || b->port != port || !b->host || !strcmp(b->host, "0.0.0.0") ||
            !strcmp(b->host, "::"))
            continue;
        WARN(p, "%s is IP-specific: visitors of %s who connect to %s get its certificate, not the SNI one", b->socket,
             host, b->host);
    }
}

static void finish(struct plan *p, const char *what)
{
    p->uses_update = 0;
    p->method_reason = "appcmd changes the IIS site, netsh the HTTP.sys binding";
    p->blocked = p->error_count > 0;
    if (p->error_count)
        p->summary = arena_printf(&p->arena, "refused: %zu error(s); nothing will be changed", p->error_count);
    else if (!p->step_count)
        p->summary = arena_printf(&p->arena, "nothing to do: %s", what);
    else
        p->summary = what;
}

/* ---------- bind ---------- */

/* The site bindings that answer https for host:port: errors for those that stand in the way (another
 * site's, several of the site's own, one that has SNI already or whose sslFlags are unknown); the
 * site's own binding without SNI, which gets it, or NULL. */
static const struct site_binding *site_binding_to_convert(struct plan *p, const struct binding_list *bl,
                                                          const struct site *site, const struct site_list *sites,
                                                          const char *host, int port, const char *socket)
{
    const struct site_binding *convert = NULL;
    size_t own = 0;
    for (size_t i = 0; i < sites->count; i++)
        for (size_t j = 0; j < sites->items[i].binding_count; j++) {
            const struct site_binding *sb = &sites->items[i].bindings[j];
            if (!https_for(sb, host, port))
                continue;
            if (&sites->items[i] != site)
                ERR(p, "site \"%s\" already answers for %s with https/%s: IIS cannot give one binding to two sites",
                    sites->items[i].name, socket, sb->info);
            else if (++own > 1)
                ERR(p, "site \"%s\" has several https bindings for %s: change them with IIS Manager", site->name, socket);
            else if (sb->ssl_flags < 0)
                ERR(p, "site \"%s\" already has the binding https/%s, and whether it uses SNI is unknown (appcmd list "
                       "site /config was not read)", site->name, sb->info);
            else if (sb->ssl_flags & 1)
                ERR(p, "site \"%s\" already has the binding https/%s with SNI%s", site->name, sb->info,
                    find_hostnameport(bl, socket) ? ""
                                                  : arena_printf(&p->arena, "; HTTP.sys has no hostnameport=%s for it (the site "
                                                                    "serves no certificate): `certrebind plan --socket "
                                                                    "hostnameport=%s --new HASH` adds it", socket, socket));
            else
                convert = sb;
        }
    return convert;
}

/* The certificate for host: --cert checked, else the chooser's pick (its reason as a note). */
static const struct cert *cert_for_host(struct plan *p, const struct cert_store_set *certs, const char *host,
                                        const struct bind_request *req, const char **store)
{
    if (req->cert)
        return given_cert(p, certs, req->cert, host, req->now, store);
    struct cert_choice ch;
    if (cert_choose_for_host(certs, host, req->now, &p->arena, &ch) != 0) {
        ERR(p, "%s", ch.reason);
        return NULL;
    }
    *store = ch.store;
    NOTE(p, "%s", ch.reason);
    return ch.cert;
}

/* The netsh step that adds hostnameport=socket with certificate c and IIS's application id. */
static void hostnameport_add_step(struct plan *p, const char *socket, const char *host, int port,
                                  const struct cert *c, const char *store)
{
    struct arena *a = &p->arena;
    struct binding *nb = arena_calloc(a, 1, sizeof *nb);
    nb->kind = BINDING_HOSTNAMEPORT;
    nb->socket = socket;
    nb->host = host;
    nb->port = port;
    nb->key_valid = 1;
    nb->certhash = c->sha1;
    nb->appid = IIS_APP_ID;
    nb->store = store;
    struct step *s = add_step(p, TOOL_NETSH, STEP_ADD, socket);
    s->argv = plan_binding_argv(a, nb, "add", NULL, NULL, &s->argc);
    s->undo[0] = plan_binding_argv(a, nb, "delete", NULL, NULL, &s->undo_argc[0]);
    s->undo_count = 1;
    s->new_hash = c->sha1;
    s->new_store = store;
    s->new_appid = IIS_APP_ID;
    p->bindings_changed++;
}

static void plan_bind_add(struct plan *p, const struct binding_list *bl, const struct cert_store_set *certs,
                          const struct site *site, const struct site_list *sites, const char *host, int port,
                          const struct bind_request *req)
{
    struct arena *a = &p->arena;
    const char *socket = arena_printf(a, "%s:%d", host, port);
    const struct site_binding *convert = site_binding_to_convert(p, bl, site, sites, host, port, socket);
    const struct binding *existing = find_hostnameport(bl, socket);
    if (existing)
        ERR(p, "HTTP.sys already has hostnameport=%s (certificate %s, application %s): `certrebind plan --socket "
               "hostnameport=%s --new HASH` rebinds it",
            existing->socket, existing->certhash ? existing->certhash : "(none)", existing->appid ? existing->appid : "?",
            existing->socket);
    const char *store = NULL;
    const struct cert *c = cert_for_host(p, certs, host, req, &store);
    if (p->error_count || !c)
        return;
    if (convert) {
        /* the seed's trap: the host shares the IP:port certificate; give it SNI instead */
        NOTE(p, "site \"%s\" has https/%s without SNI (sslFlags=%d): it is replaced by the same binding with SNI "
                "(sslFlags=%d)", site->name, convert->info, convert->ssl_flags, convert->ssl_flags | 1);
        plan_site_binding_step(p, site->name, convert->info, 0, convert->ssl_flags, socket);
        plan_site_binding_step(p, site->name, convert->info, 1, convert->ssl_flags | 1, socket);
    } else {
        plan_site_binding_step(p, site->name, arena_printf(a, "*:%d:%s", port, host), 1, 1, socket);
    }
    hostnameport_add_step(p, socket, host, port, c, store);
    note_shadowing(p, bl, port, host);
    NOTE(p, "the site answers for %s with SNI (sslFlags=1); clients without SNI (very old ones) get the certificate "
            "of the IP:port binding instead", host);
}

/* Extended Properties other than what every binding shows (Windows' HTTP/2 defaults). */
static int ext_not_default(const struct binding *b)
{
    static const struct { const char *param, *value; } defaults[] = {
        {"receivewindow", "1048576"}, {"maxsettingsperframe", "2796202"}, {"maxsettingsperminute", "4294967295"}};
    for (size_t i = 0; i < b->ext_count; i++)
        for (size_t k = 0; k < b->ext[i].count; k++) {
            const struct ext_property *e = &b->ext[i].items[k];
            if (!e->param || !strcmp(e->param, "propertyid"))
                continue;
            size_t d = 0;
            while (d < sizeof defaults / sizeof defaults[0] && strcmp(defaults[d].param, e->param))
                d++;
            if (d == sizeof defaults / sizeof defaults[0] || !e->value || strcmp(defaults[d].value, e->value))
                return 1;
        }
    return 0;
}

/* ---------- unbind ---------- */

static void plan_unbind(struct plan *p, const struct binding_list *bl, const struct site *site,
                        const struct site_list *sites, const char *host, int port)
{
    struct arena *a = &p->arena;
    const char *socket = arena_printf(a, "%s:%d", host, port);
    for (size_t i = 0; i < sites->count; i++) {
        if (&sites->items[i] == site)
            continue;
        for (size_t j = 0; j < sites->items[i].binding_count; j++)
            if (https_for(&sites->items[i].bindings[j], host, port))
                ERR(p, "site \"%s\" still uses %s (https/%s): the HTTP.sys binding serves it too; unbind it there "
                       "first", sites->items[i].name, socket, sites->items[i].bindings[j].info);
    }
    const struct binding *b = find_hostnameport(bl, socket);
    if (b && (!b->appid || ascii_casecmp(b->appid, IIS_APP_ID)))
        ERR(p, "hostnameport=%s belongs to application %s, not to IIS: certrebind leaves it alone (netsh http delete "
               "sslcert hostnameport=%s removes it, if that is really meant)", socket, b->appid ? b->appid : "(none)",
            socket);
    else if (b && b->incomplete)
        ERR(p, "the binding hostnameport=%s (line %d) is incomplete or unreadable: deleting it could not be undone "
               "with every setting", socket, b->line);
    size_t iis = 0;
    for (size_t j = 0; j < site->binding_count; j++) {
        const struct site_binding *sb = &site->bindings[j];
        if (!https_for(sb, host, port))
            continue;
        iis++;
        int flags = sb->ssl_flags;
        if (flags < 0) {
            flags = b ? 1 : 0;
            WARN(p, "the sslFlags of https/%s are not known (appcmd list site /config was not read): its undo "
                    "re-adds it with sslFlags=%d", sb->info, flags);
        }
        if (!p->error_count)
            plan_site_binding_step(p, site->name, sb->info, 0, flags, socket);
    }
    if (p->error_count)
        return;
    if (b && (b->extra_count || ext_not_default(b)))
        WARN(p, "%s has %s that netsh cannot set again: should a later step fail, the undo re-creates the binding "
                "without %s", socket, b->extra_count ? "fields certrebind does not know" : "Extended Properties (HTTP/2 "
                "settings)", b->extra_count ? "them" : "them (`netsh http update sslpropertyex` restores them)");
    if (b) {
        struct step *s = add_step(p, TOOL_NETSH, STEP_DELETE, socket);
        s->before = b;
        s->argv = plan_binding_argv(a, b, "delete", NULL, NULL, &s->argc);
        s->undo[0] = plan_binding_argv(a, b, "add", NULL, NULL, &s->undo_argc[0]);
        s->undo_count = 1;
        p->bindings_changed++;
    }
    if (!iis && b)
        NOTE(p, "site \"%s\" has no https binding for %s; only the HTTP.sys binding is removed", site->name, socket);
    if (iis && !b)
        NOTE(p, "HTTP.sys has no hostnameport=%s binding (the site served no certificate for it); only the IIS "
                "binding is removed", socket);
}

int plan_bind(const struct binding_list *bl, const struct cert_store_set *certs, const struct site_list *sites,
              const struct bind_request *req, struct plan *p)
{
    memset(p, 0, sizeof *p);
    arena_init(&p->arena);
    char host[254], why[200];
    int port = req->port ? req->port : 443;
    const char *verb = req->unbind ? "unbind" : "bind";
    int host_ok = hostname_to_ascii(req->host, host, why, sizeof why) == 0;
    if (!host_ok)
        ERR(p, "the host name '%s' %s", req->host ? req->host : "", why);
    if (port < 1 || port > 65535)
        ERR(p, "the port %d is not between 1 and 65535", port);
    const struct site *site = NULL;
    if (!req->site || !*req->site)
        ERR(p, "no site given (--site NAME)");
    else if (strpbrk(req->site, "\"\r\n"))
        ERR(p, "the site name '%s' holds a quote or a line break, which cannot be passed to appcmd safely", req->site);
    else if (!sites)
        ERR(p, "the IIS sites could not be read (appcmd list site): is IIS installed? %s needs them", verb);
    else if (!(site = site_list_find(sites, req->site)))
        ERR(p, "IIS has no site named \"%s\"%s: see `appcmd list site`", req->site,
            sites->incomplete ? " (appcmd could not list every site)" : "");
    if (host_ok && strcmp(host, req->host) != 0)
        NOTE(p, "the host name '%s' is written %s for IIS and HTTP.sys", req->host, host);
    if (!p->error_count) {
        if (req->unbind)
            plan_unbind(p, bl, site, sites, host, port);
        else
            plan_bind_add(p, bl, certs, site, sites, host, port, req);
    }
    finish(p, p->error_count ? NULL
              : req->unbind
                  ? arena_printf(&p->arena, "remove %s:%d from IIS site \"%s\"", host, port, site ? site->name : "?")
                  : arena_printf(&p->arena, "serve %s:%d from IIS site \"%s\" with SNI", host, port,
                                 site ? site->name : "?"));
    return 0;
}
