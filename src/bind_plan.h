/* Plans of `certrebind bind` and `certrebind unbind`: a new HTTPS host name on an IIS site with
 * SNI, and its removal. Two tools take part, because appcmd never creates the HTTP.sys binding:
 *   bind:   appcmd set site /site.name:NAME /+bindings.[protocol='https',
 *                  bindingInformation='*:PORT:HOST',sslFlags='1']
 *           netsh http add sslcert hostnameport=HOST:PORT certhash=H appid={IIS} certstorename=S
 *   unbind: appcmd set site /site.name:NAME /-bindings.[protocol='https',bindingInformation=…]
 *           netsh http delete sslcert hostnameport=HOST:PORT
 * each step with its undo. Pure: no I/O, the request carries "now". */
#ifndef CERTREBIND_BIND_PLAN_H
#define CERTREBIND_BIND_PLAN_H

#include <time.h>

#include "model.h"
#include "plan.h"

struct bind_request {
    int unbind;       /* 0 bind, 1 unbind */
    const char *site; /* --site NAME as typed */
    const char *host; /* --host HOST as typed (UTF-8; IDN accepted) */
    int port;         /* --port (443 when not given) */
    const char *cert; /* --cert HASH, NULL: choose */
    time_t now;
};

/* Builds the plan into out (refusals are errors; out->blocked). sites NULL: IIS's sites could
 * not be read. Returns 0. */
int plan_bind(const struct binding_list *bl, const struct cert_store_set *certs, const struct site_list *sites,
              const struct bind_request *req, struct plan *out);

/* The appcmd arguments that add or remove an https binding of a site:
 * set site /site.name:NAME /+bindings.[protocol='https',bindingInformation='INFO',sslFlags='F']
 * (ssl_flags < 0: no sslFlags) or /-bindings.[protocol='https',bindingInformation='INFO']. */
const char **bind_appcmd_argv(struct arena *a, const char *site, const char *info, int add, int ssl_flags,
                              size_t *argc);

/* Appends the appcmd step that adds (add) or removes the https binding info of site, with its
 * undo (ssl_flags: what the add sets, and the undo of a removal re-adds; socket: the HTTP.sys
 * binding that serves it, for the reports). */
void plan_site_binding_step(struct plan *p, const char *site, const char *info, int add, int ssl_flags,
                            const char *socket);

#endif
