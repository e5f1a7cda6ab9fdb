#include "verify.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ascii.h"
#include "binding.h"

#define DIFF_SIZE 300

int verify_unchanged(const struct binding_list *before, const struct plan *p, const struct binding_list *now,
                     struct diags *d)
{
    struct binding_index was, is;
    binding_index_build(&was, before);
    binding_index_build(&is, now);
    int bad = 0;
    char diff[DIFF_SIZE];
    for (size_t i = 0; i < before->count; i++) {
        const struct binding *b = &before->items[i];
        if (!b->key_valid)
            continue;
        const struct binding *a = binding_find(&is, b->kind, b->socket);
        if (!a) {
            diag_add(d, SEV_ERROR, 0, NULL, "%s is missing", b->socket);
            bad++;
        } else if (binding_diff(b, a, NULL, NULL, diff, sizeof diff) != 0) {
            diag_add(d, SEV_ERROR, 0, NULL, "%s differs from before: %s", b->socket, diff);
            bad++;
        }
    }
    for (size_t k = 0; k < p->step_count; k++) {
        const struct step *s = &p->steps[k];
        if (s->tool != TOOL_NETSH)
            continue; /* IIS site bindings are read back with appcmd (apply.c) */
        if (!binding_find(&was, s->kind, s->socket) && binding_find(&is, s->kind, s->socket)) {
            diag_add(d, SEV_ERROR, 0, NULL, "%s was not bound before and still is", s->socket);
            bad++;
        }
    }
    binding_index_free(&was);
    binding_index_free(&is);
    return bad ? -1 : 0;
}

/* The bindings a plan's steps start from, as a set of addresses (open addressing). */
struct binding_set {
    const struct binding **slots;
    size_t mask;
};

static size_t address_hash(const struct binding *b)
{
    uintptr_t x = (uintptr_t)b;
    return (size_t)((x >> 4) * (uintptr_t)0x9E3779B97F4A7C15ull);
}

static void changed_set_build(struct binding_set *s, const struct plan *p)
{
    size_t size = 16;
    while (size < p->step_count * 2 + 1)
        size *= 2;
    s->slots = xcalloc(size, sizeof *s->slots);
    s->mask = size - 1;
    for (size_t i = 0; i < p->step_count; i++) {
        const struct binding *b = p->steps[i].before;
        if (!b)
            continue;
        size_t h = address_hash(b) & s->mask;
        while (s->slots[h] && s->slots[h] != b)
            h = (h + 1) & s->mask;
        s->slots[h] = b;
    }
}

static int changed_set_has(const struct binding_set *s, const struct binding *b)
{
    for (size_t h = address_hash(b) & s->mask; s->slots[h]; h = (h + 1) & s->mask)
        if (s->slots[h] == b)
            return 1;
    return 0;
}

/* A later step of p adds the socket step i deletes (delete + add): the delete alone removes nothing. */
static int readded_later(const struct plan *p, size_t i)
{
    const struct step *s = &p->steps[i];
    for (size_t j = i + 1; j < p->step_count; j++)
        if (p->steps[j].tool == TOOL_NETSH && p->steps[j].op == STEP_ADD && p->steps[j].kind == s->kind &&
            !ascii_casecmp(p->steps[j].socket, s->socket))
            return 1;
    return 0;
}

/* Every step that leaves a binding behind left it as planned; a delete that nothing re-adds (unbind)
 * left the socket unbound. */
static int verify_steps(const struct plan *p, const struct binding_index *now, struct diags *d)
{
    int bad = 0;
    char diff[DIFF_SIZE];
    for (size_t i = 0; i < p->step_count; i++) {
        const struct step *s = &p->steps[i];
        if (s->tool != TOOL_NETSH)
            continue; /* IIS site bindings are read back with appcmd (apply.c) */
        if (s->op == STEP_DELETE) {
            if (!readded_later(p, i) && binding_find(now, s->kind, s->socket)) {
                diag_add(d, SEV_ERROR, 0, NULL, "after the change, %s is still bound", s->socket);
                bad++;
            }
            continue;
        }
        const struct binding *a = binding_find(now, s->kind, s->socket);
        if (!a) {
            diag_add(d, SEV_ERROR, 0, NULL, "after the change, %s is not bound at all", s->socket);
            bad++;
        } else if (s->before && binding_diff(s->before, a, s->new_hash, s->new_appid, diff, sizeof diff) != 0) {
            diag_add(d, SEV_ERROR, 0, NULL, "after the change, %s is not as planned: %s", s->socket, diff);
            bad++;
        } else if (!s->before && (!a->certhash || strcmp(a->certhash, s->new_hash))) {
            diag_add(d, SEV_ERROR, 0, NULL, "after the change, %s has certhash %s, expected %s", s->socket,
                     a->certhash ? a->certhash : "(none)", s->new_hash);
            bad++;
        }
    }
    return bad;
}

int verify_plan_result(const struct binding_list *before, const struct plan *p, const struct binding_list *now,
                       struct diags *d)
{
    struct binding_index ix;
    binding_index_build(&ix, now);
    struct binding_set changed;
    changed_set_build(&changed, p);
    int bad = verify_steps(p, &ix, d);
    char diff[DIFF_SIZE];
    for (size_t i = 0; i < before->count; i++) {
        const struct binding *b = &before->items[i];
        if (!b->key_valid || changed_set_has(&changed, b))
            continue;
        const struct binding *a = binding_find(&ix, b->kind, b->socket);
        if (!a || binding_diff(b, a, NULL, NULL, diff, sizeof diff) != 0) {
            diag_add(d, SEV_ERROR, 0, NULL, "%s was not part of the plan but changed: %s", b->socket,
                     a ? diff : "it is gone");
            bad++;
        }
    }
    free(changed.slots);
    binding_index_free(&ix);
    return bad ? -1 : 0;
}

int verify_restored(const struct binding_list *wanted, const struct plan *p, const struct binding_list *after,
                    struct diags *d)
{
    struct binding_index ix;
    binding_index_build(&ix, after);
    int bad = 0;
    for (size_t i = 0; p && i < p->step_count; i++) /* what the backup did not have (bind's hostnameport) */
        if (p->steps[i].tool == TOOL_NETSH && p->steps[i].op == STEP_DELETE && !readded_later(p, i) &&
            binding_find(&ix, p->steps[i].kind, p->steps[i].socket)) {
            diag_add(d, SEV_ERROR, 0, NULL, "after the restore, %s is still bound", p->steps[i].socket);
            bad++;
        }
    char diff[DIFF_SIZE];
    for (size_t i = 0; i < wanted->count; i++) {
        const struct binding *w = &wanted->items[i];
        if (!w->key_valid || w->incomplete)
            continue;
        const struct binding *a = binding_find(&ix, w->kind, w->socket);
        if (!a || binding_diff(w, a, NULL, NULL, diff, sizeof diff) != 0) {
            diag_add(d, SEV_ERROR, 0, NULL, "after the restore, %s: %s", w->socket, a ? diff : "is missing");
            bad++;
        }
    }
    binding_index_free(&ix);
    return bad ? -1 : 0;
}
