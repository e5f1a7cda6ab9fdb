/* What an HTTP.sys binding is beyond its fields: the netsh name of its kind, the store it really
 * uses, when two bindings are the same (one rule for planning a restore and for every
 * verification), and finding a binding by its socket in constant time. */
#ifndef CERTREBIND_BINDING_H
#define CERTREBIND_BINDING_H

#include <stddef.h>

#include "model.h"

/* "ipport", "hostnameport", "ccs", "scopedccs": the netsh parameter naming the socket. */
const char *binding_kind_name(enum binding_kind k);
/* The normalised value of a setting, or NULL when unset/absent. */
const char *binding_value(const struct binding *b, enum netsh_field f);
/* Store name a binding really uses: its certstorename, or MY when netsh printed (null). */
const char *binding_effective_store(const struct binding *b);

/* Whether `actual` is the binding `expected` describes: same kind and socket (sockets, appids and
 * store names without regard to case), certificate hash expect_hash (NULL: expected's own), appid
 * expect_appid (NULL: expected's own), same effective store, and every setting printed by both
 * (a field one netsh layout does not print is not compared). Returns 0 when they match; otherwise
 * -1, with the first difference as one line in diff (when diff is not NULL). */
int binding_diff(const struct binding *expected, const struct binding *actual, const char *expect_hash,
                 const char *expect_appid, char *diff, size_t diff_size);

/* The bindings of a list by socket (open addressing; the list must outlive the index). Bindings
 * whose socket could not be read at all are not in it. */
struct binding_index {
    struct binding_slot {
        const struct binding *binding; /* NULL: empty */
        size_t hash;                   /* of its socket: most probes end without comparing strings */
    } *slots;
    size_t mask;
};

void binding_index_build(struct binding_index *ix, const struct binding_list *l);
void binding_index_free(struct binding_index *ix);
/* The first binding of that kind on socket (compared without regard to case), or NULL. */
const struct binding *binding_find(const struct binding_index *ix, enum binding_kind kind, const char *socket);
/* The first binding of any kind on socket, or NULL. */
const struct binding *binding_find_socket(const struct binding_index *ix, const char *socket);

#endif
