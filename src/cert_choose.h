/* Which certificate serves a host name: the names a certificate answers for, and the choice
 * `certrebind bind` makes when no --cert is given. Pure. */
#ifndef CERTREBIND_CERT_CHOOSE_H
#define CERTREBIND_CERT_CHOOSE_H

#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "model.h"

#include "cert.h"

/* The first of c's names that covers host (a wildcard covers one label), or NULL. */
const char *cert_name_covering(const struct cert *c, const char *host);

struct cert_choice {
    const struct cert *cert; /* NULL when none qualifies */
    const char *store;       /* the store it is in ("My", "WebHosting") */
    const char *reason;      /* one sentence: why this one, or why none (in the arena) */
};

/* Among every certificate of every store read, those that have their private key, are valid at
 * `now` and cover host (an A-label); the one that expires last wins (on a tie, the one issued
 * last, then the lowest hash, so the choice is stable). Returns 0 with a choice, -1 with
 * out->cert NULL and the reason listing what disqualified the certificates that cover host. */
int cert_choose_for_host(const struct cert_store_set *certs, const char *host, time_t now, struct arena *a,
                         struct cert_choice *out);

#endif
