#include "binding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ascii.h"

const char *binding_kind_name(enum binding_kind k)
{
    switch (k) {
    case BINDING_IPPORT: return "ipport";
    case BINDING_HOSTNAMEPORT: return "hostnameport";
    case BINDING_CCS: return "ccs";
    case BINDING_SCOPEDCCS: return "scopedccs";
    }
    return "?";
}

const char *binding_value(const struct binding *b, enum netsh_field f)
{
    if ((int)f < 0 || f >= NETSH_FIELD_COUNT)
        return NULL;
    return b->fields[f].value;
}

const char *binding_effective_store(const struct binding *b) { return b->store ? b->store : "MY"; }

/* ---------- equality ---------- */

static int str_eq(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

/* The first setting (other than the store) whose value differs where both printed it, or -1. */
static int first_setting_differing(const struct binding *a, const struct binding *b)
{
    for (int f = 0; f < NETSH_FIELD_COUNT; f++) {
        if (!netsh_field_is_setting((enum netsh_field)f) || f == NF_CERTSTORENAME)
            continue;
        if (!a->fields[f].raw || !b->fields[f].raw)
            continue; /* printed only by one layout */
        if (!str_eq(a->fields[f].value, b->fields[f].value))
            return f;
    }
    return -1;
}

int binding_diff(const struct binding *expected, const struct binding *actual, const char *expect_hash,
                 const char *expect_appid, char *diff, size_t diff_size)
{
    const struct binding *e = expected, *a = actual;
    const char *hash = expect_hash ? expect_hash : e->certhash;
    const char *appid = expect_appid ? expect_appid : e->appid;
    char none[1];
    if (!diff || !diff_size)
        diff = none, diff_size = sizeof none;
    int f;
    if (e->kind != a->kind || !e->socket || !a->socket || ascii_casecmp(e->socket, a->socket))
        snprintf(diff, diff_size, "the socket differs");
    else if (!str_eq(hash, a->certhash))
        snprintf(diff, diff_size, "certhash is %s, expected %s", a->certhash ? a->certhash : "(none)",
                 hash ? hash : "(none)");
    else if (!appid || !a->appid || ascii_casecmp(appid, a->appid))
        snprintf(diff, diff_size, "appid is %s, expected %s", a->appid ? a->appid : "(none)", appid ? appid : "(none)");
    else if (ascii_casecmp(binding_effective_store(e), binding_effective_store(a)))
        snprintf(diff, diff_size, "certstorename is %s, expected %s", binding_effective_store(a),
                 binding_effective_store(e));
    else if ((f = first_setting_differing(e, a)) >= 0)
        snprintf(diff, diff_size, "%s is %s, expected %s", netsh_field_def((enum netsh_field)f)->param,
                 a->fields[f].value ? a->fields[f].value : "(unset)",
                 e->fields[f].value ? e->fields[f].value : "(unset)");
    else
        return 0;
    return -1;
}

/* ---------- index by socket ---------- */

void binding_index_build(struct binding_index *ix, const struct binding_list *l)
{
    size_t size = 16;
    while (size < l->count * 2 + 1)
        size *= 2;
    ix->slots = xcalloc(size, sizeof *ix->slots);
    ix->mask = size - 1;
    /* Linear probing without removal keeps bindings of one socket in list order along the probe
     * sequence, so a lookup finds the first one. */
    for (size_t i = 0; i < l->count; i++) {
        const struct binding *b = &l->items[i];
        if (!b->socket)
            continue;
        size_t hash = ascii_casehash(b->socket), h = hash & ix->mask;
        while (ix->slots[h].binding)
            h = (h + 1) & ix->mask;
        ix->slots[h].binding = b;
        ix->slots[h].hash = hash;
    }
}

void binding_index_free(struct binding_index *ix)
{
    free(ix->slots);
    ix->slots = NULL;
    ix->mask = 0;
}

static const struct binding *lookup(const struct binding_index *ix, int any_kind, enum binding_kind kind,
                                    const char *socket)
{
    if (!ix->slots || !socket)
        return NULL;
    size_t hash = ascii_casehash(socket);
    for (size_t h = hash & ix->mask; ix->slots[h].binding; h = (h + 1) & ix->mask) {
        const struct binding *b = ix->slots[h].binding;
        if (ix->slots[h].hash == hash && (any_kind || b->kind == kind) && ascii_casecmp(b->socket, socket) == 0)
            return b;
    }
    return NULL;
}

const struct binding *binding_find(const struct binding_index *ix, enum binding_kind kind, const char *socket)
{
    return lookup(ix, 0, kind, socket);
}

const struct binding *binding_find_socket(const struct binding_index *ix, const char *socket)
{
    return lookup(ix, 1, BINDING_IPPORT, socket);
}
