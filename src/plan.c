/* The planner. Pure: no I/O, no clock (the request carries "now"). Indexes by hash and socket
 * so that 100,000 bindings against 10,000 certificates plan in linear time. */
#include "compat.h"
#include "ascii.h"
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "exit_status.h"
#include "hexhash.h"
#include "names.h"
#include "netsh.h"

static const char IIS_APPID[] = IIS_APP_ID;

/* ---------- small utilities ---------- */

/* A message in the plan's arena. */
#define fmt(p, ...) arena_printf(&(p)->arena, __VA_ARGS__)

static void add_issue(struct plan_issue **items, size_t *count, size_t *cap, const char *msg, int needs_force)
{
    *items = grow_array(*items, cap, *count + 1, sizeof **items);
    (*items)[(*count)++] = (struct plan_issue){msg, needs_force};
}

static void error(struct plan *p, const char *msg) { add_issue(&p->errors, &p->error_count, &p->cap_err, msg, 0); }
static void warn(struct plan *p, const char *msg, int needs_force)
{
    add_issue(&p->warnings, &p->warning_count, &p->cap_warn, msg, needs_force);
}
static void note(struct plan *p, const char *msg)
{
    p->notes = grow_array(p->notes, &p->cap_notes, p->note_count + 1, sizeof *p->notes);
    p->notes[p->note_count++] = msg;
}

static const char *iso(struct plan *p, time_t t)
{
    char buf[21];
    format_iso8601(t, buf);
    return arena_strdup(&p->arena, buf);
}

/* ---------- hash map (open addressing, string keys without regard to case) ---------- */

struct map_entry {
    const char *key;
    const void *value;
};

struct map {
    struct map_entry *slots;
    size_t mask;
};

static void map_init(struct map *m, size_t expected)
{
    size_t size = 16;
    while (size < expected * 2 + 1)
        size *= 2;
    m->slots = xcalloc(size, sizeof *m->slots);
    m->mask = size - 1;
}

static void map_free(struct map *m) { free(m->slots); }

/* Inserts (first wins); returns the existing entry or the new one. */
static struct map_entry *map_put(struct map *m, const char *key, const void *value)
{
    size_t h = ascii_casehash(key) & m->mask;
    while (m->slots[h].key) {
        if (ascii_casecmp(m->slots[h].key, key) == 0)
            return &m->slots[h];
        h = (h + 1) & m->mask;
    }
    m->slots[h].key = key;
    m->slots[h].value = value;
    return &m->slots[h];
}

static const struct map_entry *map_get(const struct map *m, const char *key)
{
    size_t h = ascii_casehash(key) & m->mask;
    while (m->slots[h].key) {
        if (ascii_casecmp(m->slots[h].key, key) == 0)
            return &m->slots[h];
        h = (h + 1) & m->mask;
    }
    return NULL;
}

/* ---------- argv ---------- */

static const char *socket_param(enum binding_kind k) { return binding_kind_name(k); }

const char **plan_binding_argv(struct arena *a, const struct binding *b, const char *op, const char *hash,
                               const char *appid, size_t *argc)
{
    const char **argv = arena_alloc(a, (NETSH_FIELD_COUNT + 8) * sizeof *argv);
    size_t n = 0;
    argv[n++] = "http";
    argv[n++] = op;
    argv[n++] = "sslcert";
    argv[n++] = arena_printf(a, "%s=%s", socket_param(b->kind), b->socket);
    if (strcmp(op, "delete") != 0) {
        const char *h = hash ? hash : b->certhash;
        if (h)
            argv[n++] = arena_printf(a, "certhash=%s", h);
        argv[n++] = arena_printf(a, "appid=%s", appid ? appid : b->appid);
        /* always explicit: (null) means it was omitted at add time, and netsh then used MY */
        argv[n++] = arena_printf(a, "certstorename=%s", binding_effective_store(b));
        for (int f = 0; f < NETSH_FIELD_COUNT; f++) {
            if (!netsh_field_is_setting((enum netsh_field)f) || f == NF_CERTSTORENAME)
                continue;
            const char *v = b->fields[f].value;
            if (netsh_field_omitted((enum netsh_field)f, v))
                continue;
            argv[n++] = arena_printf(a, "%s=%s", netsh_field_def((enum netsh_field)f)->param, v);
        }
    }
    argv[n] = NULL;
    if (argc)
        *argc = n;
    return argv;
}

int plan_update_from_layout(const struct binding_list *l)
{
    int any = 0;
    for (size_t i = 0; i < l->count; i++) {
        const struct binding *b = &l->items[i];
        if (b->incomplete)
            continue;
        any = 1;
        for (int f = NF_REJECT; f < NETSH_FIELD_COUNT; f++)
            if (b->fields[f].raw)
                return 1;
    }
    return any ? 0 : -1;
}

/* ---------- steps ---------- */

static struct step *new_step(struct plan *p, enum step_op op, const struct binding *b)
{
    p->steps = grow_array(p->steps, &p->cap_steps, p->step_count + 1, sizeof *p->steps);
    struct step *s = &p->steps[p->step_count++];
    memset(s, 0, sizeof *s);
    s->op = op;
    s->kind = b->kind;
    s->socket = b->socket;
    s->before = b;
    return s;
}

/* Steps that replace binding `now` (NULL: the socket is unbound) with `target`, whose hash and
 * appid are overridden when hash/appid are not NULL, each with its undo: update where netsh has
 * it (p->uses_update), else delete + add. Every other setting comes from target. */
static void plan_replace(struct plan *p, const struct binding *now, const struct binding *target, const char *hash,
                         const char *appid)
{
    struct arena *a = &p->arena;
    struct step *s;
    if (now && p->uses_update) {
        s = new_step(p, STEP_UPDATE, now);
        s->argv = plan_binding_argv(a, target, "update", hash, appid, &s->argc);
        s->undo[0] = plan_binding_argv(a, now, "update", NULL, NULL, &s->undo_argc[0]);
    } else {
        if (now) {
            struct step *d = new_step(p, STEP_DELETE, now);
            d->argv = plan_binding_argv(a, now, "delete", NULL, NULL, &d->argc);
            d->undo[0] = plan_binding_argv(a, now, "add", NULL, NULL, &d->undo_argc[0]);
            d->undo_count = 1;
        }
        s = new_step(p, STEP_ADD, now ? now : target);
        s->before = now;
        s->argv = plan_binding_argv(a, target, "add", hash, appid, &s->argc);
        s->undo[0] = plan_binding_argv(a, target, "delete", NULL, NULL, &s->undo_argc[0]);
    }
    s->undo_count = 1;
    s->new_hash = hash ? hash : target->certhash;
    s->new_store = binding_effective_store(target);
    s->new_appid = appid ? appid : target->appid;
    p->bindings_changed++;
}

/* Steps that move binding b to hash (keeping every setting, appid too unless given). */
static void plan_rebind(struct plan *p, const struct binding *b, const char *hash, const char *appid)
{
    plan_replace(p, b, b, hash, appid);
}

/* ---------- the planner's context ---------- */

/* The request's own arguments, normalised. */
struct request_args {
    char oldh[41], newh[41]; /* "" when the selection has none */
    char appid[39];          /* --appid normalised, "" when not given */
    const char *socket;      /* --socket: the key after "ipport=" / "hostnameport=" */
    enum binding_kind kind;  /* --socket: which of the two */
};

/* What the parts of plan_build share: the inputs, their indexes, and what is planned so far. */
struct planner {
    struct plan *p;
    const struct binding_list *bl;
    const struct cert_store_set *certs;
    const struct site_list *sites;
    const struct plan_request *req;
    struct request_args ra;
    struct cert_index cert_ix;
    struct binding_index sockets;
    struct map changed; /* socket -> its new certificate (NULL when it was not found) */
};

/* The binding on a socket, of any kind, when its key could be read. */
static const struct binding *bound_socket(const struct binding_index *sockets, const char *socket)
{
    const struct binding *b = binding_find_socket(sockets, socket);
    return b && b->key_valid ? b : NULL;
}

/* ---------- checks on one binding and its new certificate ---------- */

/* The new certificate in the store binding b uses, or NULL with the error that says why not;
 * errors and warnings about its key and validity. */
static const struct cert *check_new_cert(struct planner *pl, const struct binding *b, const char *new_hash)
{
    struct plan *p = pl->p;
    time_t now = pl->req->now;
    const char *store = binding_effective_store(b);
    const struct cert *c = cert_find(&pl->cert_ix, store, new_hash);
    if (!c) {
        const char *other_store = NULL;
        const struct cert *elsewhere = cert_find_any(&pl->cert_ix, new_hash, &other_store);
        int store_read = 0;
        for (size_t i = 0; pl->certs && i < pl->certs->count; i++)
            if (pl->certs->lists[i]->store && ascii_casecmp(pl->certs->lists[i]->store, store) == 0)
                store_read = 1;
        if (elsewhere)
            error(p, fmt(p,
                         "%s uses the store %s, but the new certificate %s is in %s: netsh would fail with "
                         "error 1312. Import it into %s, or rebind with certstorename=%s yourself",
                         b->socket, store, new_hash, other_store, store, other_store));
        else if (store_read)
            error(p, fmt(p, "the new certificate %s is not in the %s store that %s uses", new_hash, store, b->socket));
        else
            error(p, fmt(p, "the %s store that %s uses could not be read, so the new certificate %s cannot be checked",
                         store, b->socket, new_hash));
        return NULL;
    }
    if (c->has_private_key == TRI_FALSE)
        error(p, fmt(p, "the new certificate %s has no private key in %s (netsh would fail with error 1312): "
                        "re-import the PFX with its key",
                     new_hash, store));
    else if (c->has_private_key == TRI_UNKNOWN)
        warn(p, fmt(p, "certutil did not show whether the new certificate %s has its private key", new_hash), 1);
    if (cert_expired(c, now))
        error(p, fmt(p, "the new certificate %s expired on %s", new_hash, iso(p, c->not_after)));
    if (cert_not_yet_valid(c, now))
        error(p, fmt(p, "the new certificate %s is not valid before %s", new_hash, iso(p, c->not_before)));
    if (!c->not_after_known || !c->not_before_known)
        warn(p, fmt(p, "the validity dates of the new certificate %s could not be read", new_hash), 1);
    return c;
}

/* A record that could not be read completely is never rewritten: its settings would be lost.
 * Returns 1 (with the error) for such a binding. uses_hash: the certificate it was selected by. */
static int refuse_incomplete(struct planner *pl, const struct binding *b, const char *uses_hash)
{
    if (!b->incomplete)
        return 0;
    struct plan *p = pl->p;
    if (uses_hash)
        error(p, fmt(p, "binding " DIAG_QUOTED " (line %d) uses %s but its record is incomplete or unreadable: "
                        "rebinding it would lose settings",
                     DIAG_QUOTE(b->socket, strlen(b->socket)), b->line, uses_hash));
    else
        error(p, fmt(p, "binding " DIAG_QUOTED " (line %d) is incomplete or unreadable: rebinding it would lose settings",
                     DIAG_QUOTE(b->socket, strlen(b->socket)), b->line));
    return 1;
}

/* Rebinds b to cert c (NULL when it was not found; hash is its hash), warning first when b is an
 * SNI binding whose host name c does not cover. what: "the new certificate", "the renewal". */
static void rebind_to(struct planner *pl, const struct binding *b, const struct cert *c, const char *what,
                      const char *hash, const char *appid)
{
    struct plan *p = pl->p;
    if (c && b->kind == BINDING_HOSTNAMEPORT && b->host && !cert_covers(c, b->host))
        warn(p, fmt(p, "%s is an SNI binding for %s, which %s does not cover", b->socket, b->host, what), 1);
    map_put(&pl->changed, b->socket, c);
    plan_rebind(p, b, hash, appid);
}

/* ---------- the IIS sites behind each socket ---------- */

static const char *socket_of(struct arena *a, const char *ip, int port)
{
    if (strchr(ip, ':'))
        return arena_printf(a, "[%s]:%d", ip, port);
    return arena_printf(a, "%s:%d", ip, port);
}

/* The HTTP.sys bindings that serve one IIS https binding, most specific first (HTTP.sys looks up
 * IP:port, then hostname:port (SNI), then the CCS, then the wildcard address). Up to 2 (v4 and v6
 * wildcards). */
static size_t serving_bindings(const struct binding_index *sockets, struct arena *a, const struct site_binding *sb,
                               const struct binding *out[2])
{
    const struct binding *e;
    int has_ip = sb->ip && *sb->ip && strcmp(sb->ip, "*") != 0;
    if (has_ip && (e = bound_socket(sockets, socket_of(a, sb->ip, sb->port))) != NULL) {
        out[0] = e;
        return 1;
    }
    if (sb->host && *sb->host && (e = bound_socket(sockets, arena_printf(a, "%s:%d", sb->host, sb->port))) != NULL) {
        out[0] = e;
        return 1;
    }
    size_t n = 0;
    int v6 = has_ip && strchr(sb->ip, ':');
    if ((!has_ip || !v6) && (e = bound_socket(sockets, arena_printf(a, "0.0.0.0:%d", sb->port))) != NULL)
        out[n++] = e;
    if ((!has_ip || v6) && (e = bound_socket(sockets, arena_printf(a, "[::]:%d", sb->port))) != NULL)
        out[n++] = e;
    if (!n && (e = bound_socket(sockets, arena_printf(a, "%d", sb->port))) != NULL)
        out[n++] = e;
    return n;
}

/* The IIS sites a changed binding serves, and a warning for each host name its new certificate
 * does not cover. */
static void report_sites(struct planner *pl)
{
    struct plan *p = pl->p;
    const struct site_list *sites = pl->sites;
    if (!sites)
        return;
    for (size_t i = 0; i < sites->count; i++) {
        const struct site *s = &sites->items[i];
        for (size_t j = 0; j < s->binding_count; j++) {
            const struct site_binding *sb = &s->bindings[j];
            if (!sb->protocol || ascii_casecmp(sb->protocol, "https") != 0 || sb->port <= 0)
                continue;
            const struct binding *serving[2];
            size_t n = serving_bindings(&pl->sockets, &p->arena, sb, serving);
            for (size_t k = 0; k < n; k++) {
                const struct map_entry *e = map_get(&pl->changed, serving[k]->socket);
                if (!e)
                    continue;
                const struct cert *newc = e->value;
                p->sites = grow_array(p->sites, &p->cap_sites, p->site_count + 1, sizeof *p->sites);
                p->sites[p->site_count++] = (struct plan_site){
                    s->name, s->id, s->state, fmt(p, "%s/%s", sb->protocol, sb->info ? sb->info : ""),
                    serving[k]->socket};
                if (newc && sb->host && *sb->host && !cert_covers(newc, sb->host) && k == 0)
                    warn(p,
                         fmt(p, "IIS site \"%s\" answers for %s on %s, but the new certificate does not cover that "
                                "name: its visitors would get a certificate error",
                             s->name, sb->host, serving[k]->socket),
                         1);
            }
        }
    }
    if (sites->incomplete)
        warn(p, "appcmd could not list every IIS site; the sites below may be incomplete", 0);
}

/* ---------- selections ---------- */

static int parse_hash(struct plan *p, const char *what, const char *in, char out[41])
{
    if (!in) {
        error(p, fmt(p, "%s: no certificate hash given", what));
        return -1;
    }
    if (sha1_normalise(in, strlen(in), out) != 0) {
        error(p, fmt(p, "%s '%s' is not a SHA-1 certificate hash: it %s", what, in, sha1_problem(in, strlen(in))));
        return -1;
    }
    return 0;
}

/* Reads and checks what the request itself says, before the host is looked at; errors go to p.
 * Returns 0 when every argument is usable. */
static int read_request(struct plan *p, const struct plan_request *req, struct request_args *ra)
{
    memset(ra, 0, sizeof *ra);
    int ok = 1;
    if (req->selection == SELECT_OLD_NEW) {
        ok = parse_hash(p, "--old", req->old_hash, ra->oldh) == 0;
        ok &= parse_hash(p, "--new", req->new_hash, ra->newh) == 0;
        if (ok && strcmp(ra->oldh, ra->newh) == 0)
            error(p, fmt(p, "--old and --new are the same certificate %s", ra->oldh)), ok = 0;
    } else if (req->selection == SELECT_SOCKET) {
        const char *spec = req->socket_spec ? req->socket_spec : "";
        ok = parse_hash(p, "--new", req->new_hash, ra->newh) == 0;
        if (strncmp(spec, "ipport=", 7) == 0) {
            ra->kind = BINDING_IPPORT;
            ra->socket = spec + 7;
        } else if (strncmp(spec, "hostnameport=", 13) == 0) {
            ra->kind = BINDING_HOSTNAMEPORT;
            ra->socket = spec + 13;
        } else {
            error(p, fmt(p, "--socket takes ipport=IP:PORT or hostnameport=HOST:PORT, not '%s'", spec));
            ok = 0;
        }
        const char *why = ra->socket ? netsh_socket_key_problem(ra->kind, ra->socket) : NULL;
        if (why) { /* what netsh could not print would reach its argv and the scripts */
            error(p, fmt(p, "--socket %s: '" DIAG_QUOTED "' is not a socket netsh can bind%s",
                         binding_kind_name(ra->kind), DIAG_QUOTE(ra->socket, strlen(ra->socket)), why));
            ok = 0;
        }
        if (req->appid && guid_normalise(req->appid, strlen(req->appid), ra->appid) != 0) {
            error(p, fmt(p, "--appid '%s' is not a GUID like {4dc3e181-e14b-4a21-b022-59fc669b0914}", req->appid));
            ok = 0;
        }
    }
    return ok ? 0 : -1;
}

int plan_request_well_formed(const struct plan_request *req)
{
    struct plan scratch; /* only to hold the errors read_request would report */
    memset(&scratch, 0, sizeof scratch);
    arena_init(&scratch.arena);
    struct request_args ra;
    int ok = read_request(&scratch, req, &ra) == 0;
    plan_free(&scratch);
    return ok;
}

/* Picks the renewal of old among the store's certificates; NULL with a warning when there is
 * none or it is not clear which. */
static const struct cert *find_renewal(struct planner *pl, const char *store, const struct cert *old)
{
    struct plan *p = pl->p;
    const struct cert_store_set *certs = pl->certs;
    time_t now = pl->req->now;
    const char *const *old_names;
    const char *old_cn;
    size_t n_old = cert_names(old, &old_names, &old_cn);
    if (!n_old) {
        warn(p, fmt(p, "certificate %s has no DNS names certutil showed; cannot look for its renewal", old->sha1), 0);
        return NULL;
    }
    const struct cert *best = NULL, *tie = NULL;
    int best_score = -1;
    for (size_t s = 0; s < certs->count; s++) {
        const struct cert_list *l = certs->lists[s];
        if (!l->store || ascii_casecmp(l->store, store) != 0)
            continue;
        for (size_t i = 0; i < l->count; i++) {
            const struct cert *c = &l->items[i];
            if (c == old || !c->sha1 || (old->sha1 && strcmp(c->sha1, old->sha1) == 0))
                continue;
            if (c->has_private_key != TRI_TRUE || !cert_valid_at(c, now))
                continue;
            if (old->not_after_known && c->not_after <= old->not_after)
                continue;
            const char *const *new_names;
            const char *new_cn;
            size_t n_new = cert_names(c, &new_names, &new_cn);
            if (!dns_names_cover_all(old_names, n_old, new_names, n_new, NULL))
                continue;
            int score = (old->subject && c->subject && strcmp(old->subject, c->subject) == 0) * 2 +
                        (old->issuer && c->issuer && strcmp(old->issuer, c->issuer) == 0);
            if (!best || score > best_score || (score == best_score && c->not_after > best->not_after)) {
                best = c;
                best_score = score;
                tie = NULL;
            } else if (score == best_score && c->not_after == best->not_after) {
                tie = c;
            }
        }
    }
    if (best && tie) {
        warn(p, fmt(p,
                    "certificate %s has two equally good renewals in %s (%s and %s, same names and expiry): "
                    "choose one with --old/--new",
                    old->sha1, store, best->sha1, tie->sha1),
             0);
        return NULL;
    }
    if (!best)
        warn(p, fmt(p, "no renewal found in %s for certificate %s (%s), which expires %s", store, old->sha1,
                    old->subject ? old->subject : "?", old->not_after_known ? iso(p, old->not_after) : "(unknown)"),
             0);
    return best;
}

static void finish(struct plan *p, const struct plan_request *req)
{
    size_t forced = 0;
    for (size_t i = 0; i < p->warning_count; i++)
        forced += p->warnings[i].needs_force;
    p->blocked = p->error_count > 0 || (forced > 0 && !req->force);
    if (p->error_count)
        p->summary = fmt(p, "refused: %zu error(s); nothing will be changed", p->error_count);
    else if (p->blocked)
        p->summary = fmt(p, "%zu binding(s) to rebind, held back by %zu warning(s) that need --force",
                         p->bindings_changed, forced);
    else if (p->bindings_changed == 0)
        p->summary = "nothing to do";
    else
        p->summary = fmt(p, "%zu binding(s) to rebind in %zu step(s) with netsh http %s", p->bindings_changed,
                         p->step_count, p->uses_update ? "update sslcert" : "delete sslcert + add sslcert");
}

/* ---------- plan_build: method, selection, warnings ---------- */

/* update sslcert where this netsh has it, else delete + add; and why. */
static void choose_method(struct planner *pl)
{
    struct plan *p = pl->p;
    int update = pl->req->update_available;
    const char *why = pl->req->update_evidence;
    if (update < 0) {
        update = plan_update_from_layout(pl->bl);
        why = update == 1   ? "netsh prints fields that Windows 10 / Server 2016 and later have, and those have "
                              "`netsh http update sslcert`"
              : update == 0 ? "netsh prints the classic 13-field layout of Windows Server 2012 R2 and older, which "
                              "have no `netsh http update sslcert`"
                            : "nothing shows whether this netsh has `update sslcert`; using the safe delete + add";
        if (update < 0)
            update = 0;
    }
    p->uses_update = update;
    p->method_reason = why ? why : (update ? "update sslcert is available" : "update sslcert is not available");
}

/* --old HASH --new HASH: every binding on the old certificate moves to the new one. */
static void select_old_new(struct planner *pl)
{
    struct plan *p = pl->p;
    const char *oldh = pl->ra.oldh;
    const char *new_hash = arena_strdup(&p->arena, pl->ra.newh);
    for (size_t i = 0; i < pl->bl->count; i++) {
        const struct binding *b = &pl->bl->items[i];
        if (!b->certhash || strcmp(b->certhash, oldh) != 0 || refuse_incomplete(pl, b, oldh))
            continue;
        const struct cert *nc = check_new_cert(pl, b, new_hash);
        const struct cert *oc = cert_find(&pl->cert_ix, binding_effective_store(b), oldh);
        if (nc && oc && nc->not_after_known && oc->not_after_known && nc->not_after < oc->not_after)
            warn(p, fmt(p, "the new certificate expires %s, sooner than the old one (%s)", iso(p, nc->not_after),
                        iso(p, oc->not_after)),
                 1);
        rebind_to(pl, b, nc, "the new certificate", new_hash, NULL);
    }
    if (p->bindings_changed == 0 && p->error_count == 0)
        note(p, fmt(p, "no binding uses the certificate %s", oldh));
    else
        note(p, fmt(p, "the old certificate %s stays in the store: delete it only when nothing uses it any more", oldh));
}

/* The renewal of the certificate binding b uses when it expires within the window, else NULL;
 * decided once per (store, hash) and remembered in seen. */
static const struct cert *auto_renewal(struct planner *pl, struct map *seen, const struct binding *b, time_t horizon)
{
    struct plan *p = pl->p;
    const char *store = binding_effective_store(b);
    const char *key = arena_printf(&p->arena, "%s|%s", store, b->certhash);
    const struct map_entry *done = map_get(seen, key);
    if (done)
        return done->value;
    const struct cert *old = cert_find(&pl->cert_ix, store, b->certhash);
    const struct cert *renewal = NULL;
    if (!old) {
        warn(p, fmt(p, "%s uses certificate %s, which is not in the %s store: its expiry is unknown", b->socket,
                    b->certhash, store),
             0);
    } else if (cert_expired(old, horizon)) {
        renewal = find_renewal(pl, store, old);
        if (renewal)
            note(p, fmt(p, "%s (%s, expires %s) is renewed by %s (expires %s)", old->sha1,
                        old->subject ? old->subject : "?", iso(p, old->not_after), renewal->sha1,
                        iso(p, renewal->not_after)));
    }
    map_put(seen, key, renewal);
    return renewal;
}

/* --auto [--days N]: every binding whose certificate expires within N days moves to its renewal. */
static void select_auto(struct planner *pl)
{
    struct plan *p = pl->p;
    time_t horizon = pl->req->now + (time_t)pl->req->days * 86400;
    struct map seen; /* "store|hash" -> renewal */
    map_init(&seen, pl->bl->count);
    for (size_t i = 0; i < pl->bl->count; i++) {
        const struct binding *b = &pl->bl->items[i];
        if (!b->certhash)
            continue;
        const struct cert *renewal = auto_renewal(pl, &seen, b, horizon);
        if (renewal && !refuse_incomplete(pl, b, NULL))
            rebind_to(pl, b, renewal, "the renewal", renewal->sha1, NULL);
    }
    map_free(&seen);
    if (p->bindings_changed)
        note(p, "old certificates stay in the store: delete them only when nothing uses them any more");
}

/* --socket on a socket nothing is bound to: add it, with the store the certificate is in. */
static void add_new_socket(struct planner *pl, const char *new_hash, const char *use_appid)
{
    struct plan *p = pl->p;
    struct arena *a = &p->arena;
    const char *sock = pl->ra.socket;
    struct binding *nb = arena_calloc(a, 1, sizeof *nb);
    nb->kind = pl->ra.kind;
    nb->socket = arena_strdup(a, sock);
    const char *colon = strrchr(sock, ':');
    nb->port = colon ? atoi(colon + 1) : -1;
    nb->host = colon ? arena_strndup(a, sock, (size_t)(colon - sock)) : NULL;
    nb->key_valid = nb->port > 0 && nb->port < 65536;
    const char *store = NULL;
    const struct cert *anywhere = cert_find_any(&pl->cert_ix, new_hash, &store);
    nb->store = anywhere ? store : "MY";
    nb->appid = use_appid ? use_appid : IIS_APPID;
    if (!nb->key_valid) {
        error(p, fmt(p, "cannot read the socket '%s'", sock));
    } else if (!anywhere) {
        error(p, fmt(p, "the new certificate %s is in none of the stores read", new_hash));
    } else {
        const struct cert *nc = check_new_cert(pl, nb, new_hash);
        if (!use_appid)
            note(p, fmt(p, "no --appid given: %s is added for IIS (%s)", sock, IIS_APPID));
        plan_replace(p, NULL, nb, new_hash, nb->appid);
        map_put(&pl->changed, nb->socket, nc);
    }
}

/* --socket ipport=...|hostnameport=... --new HASH [--appid GUID]: one socket, bound or not. */
static void select_socket(struct planner *pl)
{
    struct plan *p = pl->p;
    const char *sock = pl->ra.socket;
    enum binding_kind kind = pl->ra.kind;
    const char *new_hash = arena_strdup(&p->arena, pl->ra.newh);
    const char *use_appid = pl->req->appid ? arena_strdup(&p->arena, pl->ra.appid) : NULL;
    const struct binding *b = bound_socket(&pl->sockets, sock);
    if (!b)
        add_new_socket(pl, new_hash, use_appid);
    else if (b->kind != kind)
        error(p, fmt(p, "%s is bound as %s, not %s", sock, binding_kind_name(b->kind), binding_kind_name(kind)));
    else if (refuse_incomplete(pl, b, NULL))
        ;
    else if (b->certhash && strcmp(b->certhash, new_hash) == 0 && (!use_appid || !ascii_casecmp(use_appid, b->appid)))
        note(p, fmt(p, "%s is already bound to %s", sock, new_hash));
    else
        rebind_to(pl, b, check_new_cert(pl, b, new_hash), "the new certificate", new_hash, use_appid);
}

/* What netsh cannot express: fields certrebind has no parameter for, and Extended Properties
 * that delete + add would reset. */
static void warn_unpassable_fields(struct planner *pl)
{
    struct plan *p = pl->p;
    for (size_t i = 0; i < p->step_count; i++) {
        const struct step *s = &p->steps[i];
        const struct binding *b = s->before;
        if (!b || s->op == STEP_DELETE)
            continue;
        for (size_t k = 0; k < b->extra_count; k++) {
            const char *v = b->extra[k].value;
            int is_default = v && (!ascii_casecmp(v, "Not Set") || !ascii_casecmp(v, "Disabled") || !*v);
            const char *label = b->extra[k].label;
            warn(p, fmt(p, "%s: '" DIAG_QUOTED " = " DIAG_QUOTED "' has no netsh parameter certrebind knows, so it "
                           "cannot be passed on%s",
                        b->socket, DIAG_QUOTE(label, strlen(label)), DIAG_QUOTE(v ? v : "", v ? strlen(v) : 0),
                        is_default ? " (it looks like the default)" : ""),
                 !is_default);
        }
        if (b->ext_count && !p->uses_update)
            warn(p, fmt(p, "%s has Extended Properties (HTTP/2 settings); delete + add resets them: set them again "
                           "with `netsh http update sslpropertyex` afterwards",
                        b->socket),
                 1);
    }
}

/* What the admin cannot see in netsh: a changed IP-specific binding takes precedence over the
 * wildcard address and the SNI bindings on its port (the first 50 said, then a count). */
static void note_ip_shadowing(struct planner *pl)
{
    struct plan *p = pl->p;
    const struct binding_list *bl = pl->bl;
    size_t *sni_by_port = xcalloc(65536, sizeof *sni_by_port); /* counted once: no quadratic scan */
    for (size_t j = 0; j < bl->count; j++)
        if (bl->items[j].kind == BINDING_HOSTNAMEPORT && bl->items[j].port > 0)
            sni_by_port[bl->items[j].port]++;
    size_t shadow_notes = 0;
    for (size_t i = 0; i < bl->count; i++) {
        const struct binding *b = &bl->items[i];
        if (b->kind != BINDING_IPPORT || !b->key_valid || !map_get(&pl->changed, b->socket) || !b->host ||
            !strcmp(b->host, "0.0.0.0") || !strcmp(b->host, "::"))
            continue;
        size_t sni = sni_by_port[b->port];
        if (++shadow_notes > 50)
            continue; /* a listing of thousands says the same thing thousands of times */
        const struct binding *wild =
            bound_socket(&pl->sockets, fmt(p, b->host_is_ipv6 ? "[::]:%d" : "0.0.0.0:%d", b->port));
        if (sni || wild)
            note(p, fmt(p, "%s is IP-specific: for connections to %s it takes precedence over %s%s%s", b->socket,
                        b->host, wild ? wild->socket : "", wild && sni ? " and " : "",
                        sni ? fmt(p, "%zu SNI binding(s) on port %d", sni, b->port) : ""));
    }
    free(sni_by_port);
    if (shadow_notes > 50)
        note(p, fmt(p, "%zu more IP-specific bindings take precedence in the same way", shadow_notes - 50));
}

int plan_build(const struct binding_list *bl, const struct cert_store_set *certs, const struct site_list *sites,
               const struct plan_request *req, struct plan *p)
{
    memset(p, 0, sizeof *p);
    arena_init(&p->arena);
    struct planner pl = {.p = p, .bl = bl, .certs = certs, .sites = sites, .req = req};
    choose_method(&pl);
    cert_index_build(&pl.cert_ix, certs);
    binding_index_build(&pl.sockets, bl);
    map_init(&pl.changed, bl->count);
    if (read_request(p, req, &pl.ra) == 0) {
        if (req->selection == SELECT_OLD_NEW)
            select_old_new(&pl);
        else if (req->selection == SELECT_AUTO)
            select_auto(&pl);
        else
            select_socket(&pl);
    }
    warn_unpassable_fields(&pl);
    note_ip_shadowing(&pl);
    report_sites(&pl);
    map_free(&pl.changed);
    binding_index_free(&pl.sockets);
    cert_index_free(&pl.cert_ix);
    finish(p, req);
    return 0;
}

void plan_add_error(struct plan *p, const char *msg) { error(p, msg); }
void plan_add_warning(struct plan *p, const char *msg, int needs_force) { warn(p, msg, needs_force); }
void plan_add_note(struct plan *p, const char *msg) { note(p, msg); }

void plan_free(struct plan *p)
{
    free(p->steps);
    free(p->warnings);
    free(p->errors);
    free(p->notes);
    free(p->sites);
    arena_free(&p->arena);
    memset(p, 0, sizeof *p);
}

/* ---------- restore ---------- */

int plan_restore(const struct binding_list *wanted, const struct binding_list *live, int use_update, struct plan *p)
{
    memset(p, 0, sizeof *p);
    arena_init(&p->arena);
    p->uses_update = use_update;
    p->method_reason = use_update ? "this netsh has `update sslcert`" : "this netsh has no `update sslcert` (or it is unknown)";
    p->commands_hint = "Exact commands: add --format json to this command (each step's argv and its undo).";
    struct binding_index live_ix, wanted_ix;
    binding_index_build(&live_ix, live);
    binding_index_build(&wanted_ix, wanted);
    size_t same = 0;
    for (size_t i = 0; i < wanted->count; i++) {
        const struct binding *w = &wanted->items[i];
        if (!w->key_valid)
            continue;
        if (w->incomplete) {
            error(p, fmt(p, "the backup's record for %s (line %d) is incomplete: re-create it by hand", w->socket,
                         w->line));
            continue;
        }
        const struct binding *l = binding_find(&live_ix, w->kind, w->socket);
        if (l && binding_diff(w, l, NULL, NULL, NULL, 0) == 0) {
            same++;
            continue;
        }
        plan_replace(p, l, w, NULL, NULL);
        p->steps[p->step_count - 1].from_backup = 1;
    }
    for (size_t i = 0; i < live->count; i++)
        if (live->items[i].key_valid && !binding_find(&wanted_ix, live->items[i].kind, live->items[i].socket))
            note(p, fmt(p, "%s is bound now but was not in the backup; it is left alone", live->items[i].socket));
    binding_index_free(&live_ix);
    binding_index_free(&wanted_ix);
    if (same)
        note(p, fmt(p, "%zu binding(s) already match the backup and are left alone", same));
    p->blocked = p->error_count > 0 && p->bindings_changed == 0;
    p->summary = p->bindings_changed
                     ? fmt(p, "%zu binding(s) differ from the backup and will be re-created", p->bindings_changed)
                     : "every binding matches the backup: nothing to do";
    return 0;
}

int plan_exit_status(const struct plan *p)
{
    if (p->blocked)
        return EXIT_FAIL;
    return p->bindings_changed ? EXIT_OK : EXIT_NOTHING;
}
