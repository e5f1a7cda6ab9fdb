/* Parser of `certutil -store [-v] <store>` output into certificates. */
#ifndef CERTREBIND_CERTUTIL_H
#define CERTREBIND_CERTUTIL_H

#include <stddef.h>

#include "dates.h"
#include "diag.h"
#include "model.h"
#include "text.h"

struct certutil_options {
    enum date_order date_order;      /* from --date-order, or DATE_ORDER_UNKNOWN */
    const char *system_date_format;  /* Windows short-date pattern when live, else NULL */
    const char *store;               /* store name, recorded into each cert */
};

/* Returns 0 (certificates read, possibly zero for an empty store), -1 when certutil reported a
 * failure or nothing readable was found (error in d). */
int certutil_parse_store(const struct text *t, const struct certutil_options *opt, struct cert_list *out,
                         struct diags *d);
/* `certutil -dump FILE` of one certificate file (the verbose block without a banner, then
 * "CertUtil: -dump command completed successfully."): out holds exactly that certificate when it
 * returns 0; -1 (error in d) when certutil failed, the file holds no or several certificates, or
 * no SHA-1 hash could be read. */
int certutil_parse_dump(const struct text *t, const struct certutil_options *opt, struct cert_list *out,
                        struct diags *d);
void cert_list_free(struct cert_list *l);

#endif
