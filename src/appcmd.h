/* Parser of `appcmd list site` output into IIS sites and their bindings. */
#ifndef CERTREBIND_APPCMD_H
#define CERTREBIND_APPCMD_H

#include "diag.h"
#include "model.h"
#include "text.h"

/* Returns 0 (sites read, possibly none; out->incomplete set when appcmd printed an error such as
 * ERROR ( hresult:8007007a ...) instead of sites), -1 when the text is not appcmd output. */
int appcmd_parse_sites(const struct text *t, struct site_list *out, struct diags *d);
void site_list_free(struct site_list *l);
/* The site named name, compared as IIS does (without regard to case); NULL when none. */
const struct site *site_list_find(const struct site_list *l, const char *name);

/* `appcmd list site /config` (every site's <site> element, or one site's): the sites with their
 * bindings and each binding's sslFlags (0 when the attribute is absent: IIS's default). Names
 * and values are XML-unescaped. Returns 0 (possibly no site; out->incomplete when appcmd printed
 * an ERROR or an element was cut off), -1 when the text is not that output. */
int appcmd_parse_config(const struct text *t, struct site_list *out, struct diags *d);
/* Copies sslFlags from config (appcmd_parse_config) onto the matching bindings of sites
 * (same site name, protocol and binding information). Returns how many bindings got them. */
size_t appcmd_merge_ssl_flags(struct site_list *sites, const struct site_list *config);

/* Splits an http/https binding information "IP:PORT:HOST" ("[v6]:PORT:HOST", "IP:PORT") into
 * arena copies. Returns 0, or -1 when the port cannot be read (*port -1). */
int appcmd_split_http_info(struct arena *a, const char *info, const char **ip, int *port, const char **host);

/* Answers of site_binding_matches_socket. */
enum site_match {
    SITE_MATCH_NONE = 0, /* this HTTP.sys binding cannot serve the IIS binding */
    SITE_MATCH_YES = 1,  /* it can (the caller picks the most specific of several) */
    SITE_MATCH_CCS = 2   /* a Central Certificate Store binding on that port: it serves the IIS
                          * binding only if the site uses CCS, which `appcmd list site` does not
                          * show; count it only when no ipport/hostnameport binding matched */
};

/* Whether the IIS https binding sb could be served by the HTTP.sys binding b (from netsh).
 * Non-https site bindings and unreadable ports never match. Rules:
 *  - hostnameport=H:P (SNI) serves https/<any ip>:P:H, host compared case-insensitively
 *    (one trailing dot ignored);
 *  - ipport=A:P serves https bindings on port P whose IP is A (IPv4 and IPv6 compared as
 *    addresses, so "2001:db8::15" == "2001:0db8:0:0::15"); 0.0.0.0:P also serves IP "*",
 *    "" and every IPv4 address, [::]:P also serves "*", "" and every IPv6 address; a site
 *    binding with a host name also counts, because `appcmd list site` does not show the SNI
 *    flag: without SNI a host-named binding is served by the ipport record. The caller handles
 *    specificity (a hostnameport record for that host, or IP-specific records, win);
 *  - ccs=P (and scopedccs=H:P for host H) answer SITE_MATCH_CCS for host-named https
 *    bindings on port P (CCS always selects the certificate by host name).
 * NULL arguments give SITE_MATCH_NONE. */
int site_binding_matches_socket(const struct site_binding *sb, const struct binding *b);

#endif
