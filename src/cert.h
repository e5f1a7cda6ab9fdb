/* What a certificate is beyond its fields: whether it is valid at a given time, the DNS names it
 * answers for, and finding one by (store, hash) in constant time. */
#ifndef CERTREBIND_CERT_H
#define CERTREBIND_CERT_H

#include <stddef.h>
#include <time.h>

#include "model.h"

/* The certificate stores read from one host. */
struct cert_store_set {
    const struct cert_list *const *lists; /* one list per store read */
    size_t count;
};

/* Validity at `now`: NotAfter is the last valid instant's end (expired when now >= NotAfter),
 * NotBefore the first (not yet valid when now < NotBefore). A date that could not be read proves
 * nothing either way, so both ask for a known date. */
int cert_expired(const struct cert *c, time_t now);
int cert_not_yet_valid(const struct cert *c, time_t now);
/* Both dates known and now inside them. */
int cert_valid_at(const struct cert *c, time_t now);

/* The DNS names a certificate answers for: its SAN DNS names, or its subject CN when it shows
 * none. *names points into c (or at *cn_holder); returns how many. */
size_t cert_names(const struct cert *c, const char *const **names, const char **cn_holder);
/* 1 when one of those names covers host (names.h rules). */
int cert_covers(const struct cert *c, const char *host);

/* The certificates of a store set by hash (the lists must outlive the index). */
struct cert_index {
    struct cert_slot {
        const struct cert *cert;
        const char *store; /* the list's store name, "My" when it has none */
        size_t hash;       /* of the SHA-1 */
    } *slots;
    size_t mask;
};

void cert_index_build(struct cert_index *ix, const struct cert_store_set *set);
void cert_index_free(struct cert_index *ix);
/* The certificate with that SHA-1 (40 lowercase hex) in that store ("MY" and "My" are the same
 * store), the first one read when a store lists it twice; NULL when none. */
const struct cert *cert_find(const struct cert_index *ix, const char *store, const char *sha1);
/* The first certificate with that SHA-1 in any store, and that store's name; NULL when none. */
const struct cert *cert_find_any(const struct cert_index *ix, const char *sha1, const char **store);

#endif
