/* What `certrebind audit` finds in how IIS sites and HTTP.sys bindings fit together (the seed's
 * trap and its neighbours). Pure. Every finding has a stable id, "<kind>:<key>" in lower case,
 * so monitoring can follow it from run to run:
 *   shared-socket-uncovered:<socket>  (error) an IP:port binding serves several IIS sites
 *       without SNI, and its certificate does not cover every host name they answer for
 *   host-not-covered:<socket>         (error) the same with a single site
 *   sni-without-binding:<host:port>   (error) an IIS https binding with SNI (sslFlags bit 1) but
 *       no hostnameport binding in HTTP.sys: the site serves no certificate for that name
 *   orphan-sni-binding:<host:port>    (warning) an IIS-owned hostnameport binding (IIS's appid)
 *       that no IIS site uses; other owners' bindings (ADFS, Exchange...) are not flagged
 *   ip-shadows-sni:<socket>           (warning) an IP-specific binding on a port that has SNI
 *       bindings: for connections to that address HTTP.sys picks it, not the SNI one
 * Stopped sites serve nothing and make no error finding (they still use their bindings, so a
 * hostnameport binding of a stopped site is no orphan).
 * Findings that need the IIS sites are only made when they were read; orphans only when the
 * site list is complete, and sni-without-binding only where /config gave the sslFlags. */
#ifndef CERTREBIND_AUDIT_SNI_H
#define CERTREBIND_AUDIT_SNI_H

#include <stddef.h>

#include "arena.h"
#include "model.h"
#include "plan.h"

struct sni_finding {
    const char *id;
    const char *kind;     /* the id's first part */
    const char *severity; /* "error" or "warning" */
    const char *socket;   /* the HTTP.sys socket or host:port concerned */
    const char *certhash; /* the certificate concerned, or NULL */
    const char *message;  /* what is wrong and how to fix it */
    const char **sites;   /* IIS sites concerned */
    size_t site_count;
    const char **names;   /* host names concerned (uncovered, shadowed) */
    size_t name_count;
};

struct sni_findings {
    struct sni_finding *items;
    size_t count, cap;
    struct arena arena;
};

/* sites NULL: IIS's sites were not read (no IIS, or no appcmd): only ip-shadows-sni is checked. */
void audit_sni(const struct binding_list *bl, const struct cert_store_set *certs, const struct site_list *sites,
               struct sni_findings *out);
void sni_findings_free(struct sni_findings *f);

#endif
