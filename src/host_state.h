/* Everything certrebind reads about a host before planning: bindings, certificate stores, IIS
 * sites, and whether netsh has `update sslcert`. Shared by plan, apply and restore. */
#ifndef CERTREBIND_HOST_STATE_H
#define CERTREBIND_HOST_STATE_H

#include <stddef.h>

#include "diag.h"
#include "model.h"
#include "plan.h"
#include "source.h"

/* How to read a host: where the output comes from and how to read what is ambiguous in it. */
struct host_spec {
    struct source_spec source;
    const char *date_order;  /* mdy|dmy|ymd, or NULL: guess from the dates themselves */
    const char *update_mode; /* auto|yes|no, or NULL: whether netsh has `update sslcert` */
    int keep_output;         /* keep netsh's output as printed (host_state.netsh_raw): commands that
                              * change the host put it in their backup; the others save the copy */
};

struct host_state {
    struct binding_list bindings;
    unsigned char *netsh_raw; /* show sslcert bytes as printed, when host_spec.keep_output; else NULL */
    size_t netsh_raw_len;
    struct cert_list *stores; /* one per store read */
    size_t store_count;
    const struct cert_list **store_ptrs;
    struct cert_store_set certs;
    struct site_list sites;
    int have_sites;
    unsigned char *appcmd_raw; /* `appcmd list site` bytes as printed (for backups), or NULL */
    size_t appcmd_raw_len;
    int have_site_config; /* sslFlags merged from `appcmd list site /config` */
    unsigned char *appcmd_config_raw; /* its bytes as printed (for backups), or NULL */
    size_t appcmd_config_raw_len;
    int update_available; /* 1, 0, -1 unknown */
    const char *update_evidence;
    size_t processes; /* tool processes started to read this */
    char *attempted[32]; /* stores already tried, read or not */
    int stores_over_limit; /* stores named beyond the 32 attempted (an error says so) */
    size_t attempted_count;
};

/* Reads netsh (required), then certutil for My, WebHosting when any binding uses it, and every
 * other store a binding names (extra_store too, when not NULL), then appcmd (optional).
 * Returns 0, or -1 with errors in d. */
int host_state_read(const struct host_spec *h, struct host_state *hs, const char *extra_store, struct diags *d);
/* Also reads `appcmd list site /config` (audit, bind, unbind need the sslFlags) and merges its
 * sslFlags into hs->sites. Optional: without it (no recording, appcmd failed) the flags stay
 * unknown (-1), with a warning when appcmd ran but its output could not be read. */
void host_state_read_site_config(const struct host_spec *h, struct host_state *hs, struct diags *d);
/* Only the IIS sites, with their sslFlags where `appcmd list site /config` could be read (restore
 * of a bind/unbind backup). Returns 0 with hs->have_sites set, 1 when a recorded host has no
 * appcmd-list-site.txt, -1 with errors in d when appcmd could not be run or read. */
int host_state_read_sites(const struct host_spec *h, struct host_state *hs, struct diags *d);
/* host_state_read for a plan of req; when req is refused whatever the host holds, reads nothing
 * (hs stays empty, update unknown) and returns 0: the planner then states the refusal. */
int host_state_read_for(const struct host_spec *h, const struct plan_request *req, struct host_state *hs,
                        struct diags *d);
/* Only the bindings (for verification after apply). */
int host_state_read_bindings(const struct host_spec *h, struct binding_list *out, unsigned char **raw, size_t *raw_len,
                             struct diags *d);
void host_state_free(struct host_state *hs);
/* What --update says about `netsh http update sslcert`: 1 it exists, 0 it does not, -1 decide from
 * the evidence (auto, the default). */
int update_option(const struct host_spec *h);

#endif
