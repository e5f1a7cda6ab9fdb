/* The certificate for a host (see cert_choose.h). */
#include "cert_choose.h"

#include <string.h>

#include "cert.h"
#include "names.h"
#include "plan.h"
#include "strbuf.h"
#include "dates.h"

const char *cert_name_covering(const struct cert *c, const char *host)
{
    const char *const *names;
    const char *cn;
    size_t n = cert_names(c, &names, &cn);
    for (size_t i = 0; i < n; i++)
        if (names[i] && dns_name_covers(names[i], host))
            return names[i];
    return NULL;
}

/* Why a certificate that covers the host cannot serve it, or NULL when it can. */
static const char *disqualified(const struct cert *c, time_t now)
{
    if (c->has_private_key == TRI_FALSE)
        return "no private key";
    if (c->has_private_key != TRI_TRUE)
        return "private key not shown";
    if (!c->not_after_known || !c->not_before_known)
        return "validity dates unreadable";
    if (cert_expired(c, now))
        return "expired";
    if (cert_not_yet_valid(c, now))
        return "not yet valid";
    return NULL;
}

/* a beats b: expires later, then issued later, then the lower hash */
static int better(const struct cert *a, const struct cert *b)
{
    if (a->not_after != b->not_after)
        return a->not_after > b->not_after;
    if (a->not_before != b->not_before)
        return a->not_before > b->not_before;
    return strcmp(a->sha1, b->sha1) < 0;
}

int cert_choose_for_host(const struct cert_store_set *certs, const char *host, time_t now, struct arena *a,
                         struct cert_choice *out)
{
    memset(out, 0, sizeof *out);
    struct strbuf rejected, stores;
    sb_init(&rejected);
    sb_init(&stores);
    size_t qualified = 0, shown = 0;
    const struct cert *runner_up = NULL;
    for (size_t s = 0; certs && s < certs->count; s++) {
        const struct cert_list *l = certs->lists[s];
        const char *store = l->store ? l->store : "My";
        sb_printf(&stores, "%s%s", s ? ", " : "", store);
        for (size_t i = 0; i < l->count; i++) {
            const struct cert *c = &l->items[i];
            if (!c->sha1 || !cert_name_covering(c, host))
                continue;
            const char *why = disqualified(c, now);
            if (why) {
                if (shown++ < 5)
                    sb_printf(&rejected, "%s%s in %s (%s)", shown > 1 ? ", " : "", c->sha1, store, why);
                continue;
            }
            qualified++;
            if (!out->cert || better(c, out->cert)) {
                runner_up = out->cert;
                out->cert = c;
                out->store = store;
            } else if (!runner_up || better(c, runner_up)) {
                runner_up = c;
            }
        }
    }
    char until[21];
    if (out->cert) {
        format_iso8601(out->cert->not_after, until);
        const char *name = cert_name_covering(out->cert, host);
        struct strbuf r;
        sb_init(&r);
        sb_printf(&r, "certificate %s (%s) in %s was chosen for %s: it covers the host (as %s), has its private key, "
                      "is valid now and ",
                  out->cert->sha1, out->cert->subject ? out->cert->subject : "no subject", out->store, host, name);
        if (qualified == 1)
            sb_printf(&r, "is the only one that qualifies (expires %s)", until);
        else {
            char other[21];
            format_iso8601(runner_up->not_after, other);
            sb_printf(&r, "expires last (%s) of the %zu that qualify; next: %s, expiring %s", until, qualified,
                      runner_up->sha1, other);
        }
        out->reason = arena_strdup(a, r.data);
        sb_free(&r);
    } else if (shown) {
        out->reason = arena_printf(a,
                                   "no certificate can serve %s: %zu cover it but cannot be used: %s%s. Import one "
                                   "with its private key, or name one with --cert",
                                   host, shown, rejected.data, shown > 5 ? ", ..." : "");
    } else {
        out->reason = arena_printf(a, "no certificate in the stores read (%s) covers %s (SAN DNS names; a wildcard "
                                      "covers one label): import one that does, or name one with --cert",
                                   stores.len ? stores.data : "none", host);
    }
    sb_free(&rejected);
    sb_free(&stores);
    return out->cert ? 0 : -1;
}
