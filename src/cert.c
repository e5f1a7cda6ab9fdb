#include "cert.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ascii.h"
#include "names.h"

int cert_expired(const struct cert *c, time_t now) { return c->not_after_known && c->not_after <= now; }

int cert_not_yet_valid(const struct cert *c, time_t now) { return c->not_before_known && c->not_before > now; }

int cert_valid_at(const struct cert *c, time_t now)
{
    return c->not_before_known && c->not_after_known && !cert_not_yet_valid(c, now) && !cert_expired(c, now);
}

size_t cert_names(const struct cert *c, const char *const **names, const char **cn_holder)
{
    if (c->dns_count) {
        *names = c->dns_names;
        return c->dns_count;
    }
    if (c->subject_cn) {
        *cn_holder = c->subject_cn;
        *names = cn_holder;
        return 1;
    }
    *names = NULL;
    return 0;
}

int cert_covers(const struct cert *c, const char *host)
{
    const char *const *names;
    const char *cn;
    size_t n = cert_names(c, &names, &cn);
    return n && dns_names_cover(names, n, host);
}

/* ---------- index by hash ---------- */

/* Linear probing on the hash alone, without removal: the certificates of one hash stay in the
 * order they were read along the probe sequence, so the first match is the first one read. */
void cert_index_build(struct cert_index *ix, const struct cert_store_set *set)
{
    size_t n = 0;
    for (size_t s = 0; set && s < set->count; s++)
        n += set->lists[s]->count;
    size_t size = 16;
    while (size < n * 2 + 1)
        size *= 2;
    ix->slots = xcalloc(size, sizeof *ix->slots);
    ix->mask = size - 1;
    for (size_t s = 0; set && s < set->count; s++) {
        const struct cert_list *l = set->lists[s];
        const char *store = l->store ? l->store : "My";
        for (size_t i = 0; i < l->count; i++) {
            const struct cert *c = &l->items[i];
            if (!c->sha1)
                continue;
            size_t hash = ascii_casehash(c->sha1), h = hash & ix->mask;
            while (ix->slots[h].cert)
                h = (h + 1) & ix->mask;
            ix->slots[h] = (struct cert_slot){c, store, hash};
        }
    }
}

void cert_index_free(struct cert_index *ix)
{
    free(ix->slots);
    ix->slots = NULL;
    ix->mask = 0;
}

static const struct cert_slot *lookup(const struct cert_index *ix, const char *store, const char *sha1)
{
    if (!ix->slots || !sha1)
        return NULL;
    size_t hash = ascii_casehash(sha1);
    for (size_t h = hash & ix->mask; ix->slots[h].cert; h = (h + 1) & ix->mask) {
        const struct cert_slot *e = &ix->slots[h];
        if (e->hash == hash && ascii_casecmp(e->cert->sha1, sha1) == 0 && (!store || ascii_casecmp(e->store, store) == 0))
            return e;
    }
    return NULL;
}

const struct cert *cert_find(const struct cert_index *ix, const char *store, const char *sha1)
{
    const struct cert_slot *e = store ? lookup(ix, store, sha1) : NULL;
    return e ? e->cert : NULL;
}

const struct cert *cert_find_any(const struct cert_index *ix, const char *sha1, const char **store)
{
    const struct cert_slot *e = lookup(ix, NULL, sha1);
    if (store)
        *store = e ? e->store : NULL;
    return e ? e->cert : NULL;
}
