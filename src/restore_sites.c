/* IIS half of restore (see restore_sites.h). */
#include "restore_sites.h"

#include <stdlib.h>
#include <string.h>

#include "appcmd.h"
#include "ascii.h"
#include "bind_plan.h"
#include "binding.h"
#include "netsh.h"
#include "report_plan.h"
#include "strbuf.h"

#define FMT(p, ...) arena_printf(&(p)->arena, __VA_ARGS__)

static int is_https(const struct site_binding *sb) { return sb->protocol && !ascii_casecmp(sb->protocol, "https"); }

static const struct site_binding *https_binding(const struct site *s, const char *info)
{
    for (size_t j = 0; j < s->binding_count; j++)
        if (is_https(&s->bindings[j]) && s->bindings[j].info && !ascii_casecmp(s->bindings[j].info, info))
            return &s->bindings[j];
    return NULL;
}

/* The HTTP.sys binding that serves an https binding "IP:PORT:HOST": hostnameport HOST:PORT with a
 * host name, else the ipport of its address. */
static const char *serving_socket(struct plan *p, const char *info, enum binding_kind *kind)
{
    const char *ip = NULL, *host = NULL;
    int port = -1;
    appcmd_split_http_info(&p->arena, info, &ip, &port, &host);
    *kind = host && *host ? BINDING_HOSTNAMEPORT : BINDING_IPPORT;
    if (host && *host)
        return FMT(p, "%s:%d", host, port);
    if (!ip || !*ip || !strcmp(ip, "*"))
        return FMT(p, "0.0.0.0:%d", port);
    return strchr(ip, ':') ? FMT(p, "[%s]:%d", ip, port) : FMT(p, "%s:%d", ip, port);
}

/* sslFlags when the listing does not show them: SNI (1) when HTTP.sys has the binding's
 * hostnameport, else 0; a warning says it is a guess. */
static int flags_of(struct plan *p, const struct site_binding *sb, const char *site, const struct binding_list *bl,
                    const char *where)
{
    if (sb->ssl_flags >= 0)
        return sb->ssl_flags;
    enum binding_kind kind;
    const char *socket = serving_socket(p, sb->info, &kind);
    struct binding_index ix;
    binding_index_build(&ix, bl);
    int sni = kind == BINDING_HOSTNAMEPORT && binding_find(&ix, kind, socket) != NULL;
    binding_index_free(&ix);
    plan_add_warning(p, FMT(p, "the sslFlags of https/%s of site \"%s\" are unknown (%s holds no `appcmd list site "
                               "/config`): they are taken as %d (%s), from whether HTTP.sys %s hostnameport=%s; check "
                               "them in IIS Manager afterwards",
                            sb->info, site, where, sni, sni ? "SNI" : "no SNI", sni ? "has" : "has no", socket),
                     0);
    return sni;
}

static void site_step(struct plan *p, const char *site, const char *info, int add, int flags)
{
    enum binding_kind kind;
    const char *socket = serving_socket(p, info, &kind);
    plan_site_binding_step(p, site, info, add, flags, socket);
    p->steps[p->step_count - 1].kind = kind;
}

/* A site of the backup that IIS no longer has: never created; the error gives the commands. */
static void missing_site(struct plan *p, const struct site *w, const struct binding_list *bl)
{
    struct strbuf cmds;
    sb_init(&cmds);
    size_t n = 0;
    for (size_t j = 0; j < w->binding_count; j++) {
        const struct site_binding *sb = &w->bindings[j];
        if (!is_https(sb))
            continue;
        int flags = flags_of(p, sb, w->name, bl, "the backup");
        const char **argv = bind_appcmd_argv(&p->arena, w->name, sb->info, 1, flags, NULL);
        sb_adds(&cmds, n++ ? "; " : ": ");
        format_step_command(&cmds, TOOL_APPCMD, argv);
    }
    plan_add_error(p, FMT(p, "IIS has no site \"%s\" now (id %ld in the backup); restore does not create sites. "
                             "Create it, then re-create its %zu https binding(s)%s",
                          w->name, w->id, n, n ? cmds.data : ""));
    sb_free(&cmds);
}

/* 1 when the backed-up change left https binding info on site (its last appcmd step on it added it). */
static int added_by_backup(const struct restore_sites *in, const char *site, const char *info)
{
    int added = 0;
    for (size_t i = 0; i < in->site_step_count; i++)
        if (!ascii_casecmp(in->site_steps[i].site, site) && !ascii_casecmp(in->site_steps[i].info, info))
            added = in->site_steps[i].add;
    return added;
}

/* The appcmd steps of one site the backup names; *same counts the bindings already equal. */
static void plan_site(struct plan *p, const struct site *w, const struct site *l, const struct restore_sites *in,
                      size_t *same)
{
    for (size_t j = 0; j < w->binding_count; j++) {
        const struct site_binding *wb = &w->bindings[j];
        if (!is_https(wb))
            continue;
        const struct site_binding *lb = https_binding(l, wb->info);
        if (lb && (wb->ssl_flags == lb->ssl_flags || wb->ssl_flags < 0 || lb->ssl_flags < 0)) {
            if (wb->ssl_flags != lb->ssl_flags)
                plan_add_note(p, FMT(p, "site \"%s\" has https/%s as the backup does; whether its sslFlags (%s) are "
                                        "the same is unknown, so it is left alone",
                                     w->name, wb->info, wb->ssl_flags < 0 ? "not in the backup" : "not read now"));
            (*same)++;
            continue;
        }
        int flags = flags_of(p, wb, w->name, in->backup_bindings, "the backup");
        if (lb)
            site_step(p, l->name, lb->info, 0, lb->ssl_flags);
        site_step(p, l->name, wb->info, 1, flags);
    }
    for (size_t j = 0; j < l->binding_count; j++) {
        const struct site_binding *lb = &l->bindings[j];
        if (!is_https(lb) || https_binding(w, lb->info))
            continue;
        if (added_by_backup(in, w->name, lb->info))
            site_step(p, l->name, lb->info, 0, flags_of(p, lb, l->name, in->live_bindings, "what was read now"));
        else
            plan_add_note(p, FMT(p, "site \"%s\" has https/%s now, which the backup does not and its change did not "
                                    "add; it is left alone",
                                 l->name, lb->info));
    }
}

/* Removes the note plan_restore wrote about a socket it left alone (it is deleted after all). */
static void drop_left_alone_note(struct plan *p, const char *socket)
{
    const char *note = FMT(p, "%s is bound now but was not in the backup; it is left alone", socket);
    for (size_t i = 0; i < p->note_count; i++)
        if (!strcmp(p->notes[i], note)) {
            memmove(&p->notes[i], &p->notes[i + 1], (p->note_count - i - 1) * sizeof *p->notes);
            p->note_count--;
            return;
        }
}

/* The HTTP.sys bindings the backed-up change added (bind's hostnameport), deleted again. */
static size_t delete_added(struct plan *p, const struct restore_sites *in)
{
    struct binding_index live, was;
    binding_index_build(&live, in->live_bindings);
    binding_index_build(&was, in->backup_bindings);
    size_t n = 0;
    for (size_t i = 0; i < in->added_count; i++) {
        const struct backup_socket *a = &in->added[i];
        const struct binding *b = binding_find(&live, a->kind, a->socket);
        if (!b || binding_find(&was, a->kind, a->socket))
            continue;
        if (b->incomplete) {
            plan_add_error(p, FMT(p, "%s was added by step %zu of the backup's change, but its record now (line %d) is "
                                     "incomplete: deleting it could not be undone; `netsh http delete sslcert %s=%s` "
                                     "removes it",
                                  b->socket, a->step, b->line, binding_kind_name(b->kind), b->socket));
            continue;
        }
        p->steps = grow_array(p->steps, &p->cap_steps, p->step_count + 1, sizeof *p->steps);
        struct step *s = &p->steps[p->step_count++];
        memset(s, 0, sizeof *s);
        s->tool = TOOL_NETSH;
        s->op = STEP_DELETE;
        s->kind = b->kind;
        s->socket = b->socket;
        s->before = b;
        s->ssl_flags = -1;
        s->argv = plan_binding_argv(&p->arena, b, "delete", NULL, NULL, &s->argc);
        s->undo[0] = plan_binding_argv(&p->arena, b, "add", NULL, NULL, &s->undo_argc[0]);
        s->undo_count = 1;
        drop_left_alone_note(p, b->socket);
        plan_add_note(p, FMT(p, "%s was not bound when the backup was taken (step %zu of its change added it): it is "
                                "deleted", b->socket, a->step));
        n++;
    }
    binding_index_free(&live);
    binding_index_free(&was);
    return n;
}

/* IIS removals, then every netsh step in its order, then IIS additions. */
static void order_steps(struct plan *p)
{
    if (!p->step_count)
        return;
    struct step *sorted = xmalloc(p->step_count * sizeof *sorted);
    size_t k = 0;
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < p->step_count; i++) {
            const struct step *s = &p->steps[i];
            int group = s->tool == TOOL_NETSH ? 1 : s->op == STEP_SITE_BINDING_DELETE ? 0 : 2;
            if (group == pass)
                sorted[k++] = *s;
        }
    memcpy(p->steps, sorted, k * sizeof *sorted);
    free(sorted);
}

void plan_restore_sites(struct plan *p, const struct restore_sites *in)
{
    size_t netsh = p->bindings_changed, iis = 0, same = 0;
    if (!in->live_sites) {
        plan_add_error(p, "the backup holds the IIS sites of a bind or unbind, but IIS's sites cannot be read now "
                          "(appcmd list site): restoring HTTP.sys alone would leave IIS and HTTP.sys disagreeing, so "
                          "nothing will be changed");
        p->blocked = 1;
        p->summary = "refused: the IIS sites cannot be read; nothing will be changed";
        return;
    }
    for (size_t i = 0; i < in->backup_sites->count; i++) {
        const struct site *w = &in->backup_sites->items[i];
        const struct site *l = site_list_find(in->live_sites, w->name);
        size_t before = p->step_count;
        if (!l)
            missing_site(p, w, in->backup_bindings);
        else
            plan_site(p, w, l, in, &same);
        iis += p->step_count - before;
    }
    netsh += delete_added(p, in);
    p->bindings_changed = netsh + iis;
    order_steps(p);
    if (same)
        plan_add_note(p, FMT(p, "%zu IIS https binding(s) already match the backup and are left alone", same));
    if (iis)
        p->method_reason = FMT(p, "appcmd changes the IIS site bindings (removals first, additions last: no site binding "
                                  "is left without its HTTP.sys binding), netsh the HTTP.sys bindings (%s)",
                               p->uses_update ? "update sslcert: this netsh has it" : "delete then add");
    p->blocked = p->error_count > 0 && p->bindings_changed == 0;
    if (p->bindings_changed)
        p->summary = FMT(p, "%zu HTTP.sys and %zu IIS binding change(s) bring the host back to the backup", netsh, iis);
    else if (!p->error_count)
        p->summary = "every binding, HTTP.sys and IIS, matches the backup: nothing to do";
    else
        p->summary = FMT(p, "nothing restore can change differs from the backup, but %zu error(s) remain (below)",
                         p->error_count);
}
