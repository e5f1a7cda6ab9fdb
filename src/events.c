#include "events.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ascii.h"
#include "binding.h"
#include "dates.h"
#include "exit_status.h"
#include "printable.h"
#include "strbuf.h"

void event_list_free(struct event_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i].message);
    free(l->items);
    memset(l, 0, sizeof *l);
}

static void event_add(struct event_list *l, unsigned id, char *message)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->count++] = (struct event){id, event_level_of(id), message};
}

unsigned event_id_for_exit(int rc)
{
    switch (rc) {
    case EXIT_OK: return EVENT_REBOUND;
    case EXIT_NOTHING: return EVENT_NOTHING_TO_DO;
    case EXIT_ROLLED_BACK: return EVENT_ROLLED_BACK;
    case EXIT_ROLLBACK_FAILED: return EVENT_ROLLBACK_INCOMPLETE;
    default: return EVENT_REFUSED;
    }
}

enum event_level event_level_of(unsigned id)
{
    switch (id) {
    case EVENT_REBOUND:
    case EVENT_NOTHING_TO_DO: return EVENT_INFORMATION;
    case EVENT_ROLLED_BACK:
    case EVENT_ROLLBACK_INCOMPLETE: return EVENT_ERROR;
    default: return EVENT_WARNING;
    }
}

const char *event_level_name(enum event_level level)
{
    return level == EVENT_ERROR ? "Error" : level == EVENT_WARNING ? "Warning" : "Information";
}

static const char *outcome_text(unsigned id)
{
    switch (id) {
    case EVENT_REBOUND: return "rebound and verified";
    case EVENT_NOTHING_TO_DO: return "nothing to do";
    case EVENT_ROLLED_BACK: return "failed; every change was rolled back and verified";
    case EVENT_ROLLBACK_INCOMPLETE: return "failed and the rollback did not complete: restore the backup now";
    default: return "refused; nothing was changed";
    }
}

/* "a, b, c" of the sockets the plan's steps touch, each once. */
static void add_sockets(struct strbuf *sb, const struct plan *p)
{
    size_t shown = 0;
    for (size_t i = 0; p && i < p->step_count; i++) {
        const char *s = p->steps[i].socket;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = p->steps[j].socket && s && strcmp(p->steps[j].socket, s) == 0;
        if (!s || seen)
            continue;
        sb_printf(sb, "%s%s", shown++ ? ", " : "", s);
    }
    if (!shown)
        sb_adds(sb, "none");
}

void events_add_run(struct event_list *l, const char *run, int rc, const struct plan *p, const char *backup,
                    const struct diags *d)
{
    unsigned id = event_id_for_exit(rc);
    struct strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "certrebind %s: %s (exit %d). Plan: %s. Sockets: ", run, outcome_text(id), rc,
              p && p->summary ? p->summary : "none");
    add_sockets(&sb, p);
    sb_printf(&sb, ". Backup: %s.", backup ? backup : "none");
    for (size_t i = 0; p && i < p->error_count; i++)
        sb_printf(&sb, " Refused: %s.", p->errors[i].message);
    for (size_t i = 0; p && i < p->warning_count; i++)
        sb_printf(&sb, " Warning: %s.", p->warnings[i].message);
    for (size_t i = 0; d && i < d->count; i++)
        if (d->items[i].severity == SEV_ERROR)
            sb_printf(&sb, " Error: %s.", d->items[i].message);
    if (id == EVENT_ROLLBACK_INCOMPLETE && backup)
        sb_printf(&sb, " Restore with: certrebind restore \"%s\"", backup);
    event_add(l, id, sb_detach(&sb, NULL));
}

/* The auto plan moves the bindings of hash (in store) to a renewal. */
static int plan_renews(const struct plan *auto_plan, const char *store, const char *hash)
{
    for (size_t i = 0; auto_plan && i < auto_plan->step_count; i++) {
        const struct binding *b = auto_plan->steps[i].before;
        if (b && b->certhash && !strcmp(b->certhash, hash) && !ascii_casecmp(binding_effective_store(b), store))
            return 1;
    }
    return 0;
}

/* Bindings on one certificate sort together, in their listing order. */
static int compare_by_cert(const void *a, const void *b)
{
    const struct binding *x = *(const struct binding *const *)a, *y = *(const struct binding *const *)b;
    int c = strcmp(x->certhash, y->certhash);
    if (!c)
        c = ascii_casecmp(binding_effective_store(x), binding_effective_store(y));
    return c ? c : (x < y ? -1 : x > y);
}

static void add_expiring(struct event_list *l, const struct cert *c, const char *store, const struct binding *const *group,
                         size_t n, time_t now)
{
    char expiry[21];
    format_iso8601(c->not_after, expiry);
    struct strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "certrebind: certificate %s (%s) in %s %s %s and no renewal is in the store. Sockets: ", c->sha1,
              c->subject ? c->subject : "no subject", store, cert_expired(c, now) ? "expired" : "expires", expiry);
    for (size_t i = 0; i < n; i++)
        sb_printf(&sb, "%s%s", i ? ", " : "", group[i]->socket);
    sb_adds(&sb, ". Renew it, then bind the renewal: certrebind apply --old OLD --new NEW.");
    event_add(l, EVENT_EXPIRING, sb_detach(&sb, NULL));
}

void events_add_expiring(struct event_list *l, const struct binding_list *bl, const struct cert_store_set *certs,
                         time_t now, int days, const struct plan *auto_plan)
{
    struct cert_index ix;
    cert_index_build(&ix, certs);
    time_t horizon = now + (time_t)days * 86400;
    const struct binding **due = xmalloc((bl->count + 1) * sizeof *due);
    size_t n = 0;
    for (size_t i = 0; i < bl->count; i++) {
        const struct binding *b = &bl->items[i];
        const char *store = b->certhash ? binding_effective_store(b) : NULL;
        const struct cert *c = store ? cert_find(&ix, store, b->certhash) : NULL;
        if (c && cert_expired(c, horizon) && !plan_renews(auto_plan, store, b->certhash))
            due[n++] = b;
    }
    qsort(due, n, sizeof *due, compare_by_cert);
    for (size_t i = 0, j; i < n; i = j) {
        const char *store = binding_effective_store(due[i]);
        for (j = i + 1; j < n && !strcmp(due[j]->certhash, due[i]->certhash) &&
                        !ascii_casecmp(binding_effective_store(due[j]), store);
             j++) {
        }
        add_expiring(l, cert_find(&ix, store, due[i]->certhash), store, due + i, j - i, now);
    }
    free(due);
    cert_index_free(&ix);
}

char *event_log_line(time_t t, const struct event *e)
{
    char stamp[21];
    format_iso8601(t, stamp);
    char *msg = printable_one_line(e->message);
    struct strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "%s %u %s %s", stamp, e->id, event_level_name(e->level), msg);
    free(msg);
    return sb_detach(&sb, NULL);
}
