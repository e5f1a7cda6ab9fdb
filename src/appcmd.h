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

#endif
