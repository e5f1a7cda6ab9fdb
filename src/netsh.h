/* Parser of `netsh http show sslcert` output, and classification of netsh results. */
#ifndef CERTREBIND_NETSH_H
#define CERTREBIND_NETSH_H

#include <stddef.h>

#include "binding.h"
#include "diag.h"
#include "model.h"
#include "text.h"

/* Parses decoded text into out (initialised here; free with binding_list_free).
 * Returns 0 when at least one binding was read or the listing is validly empty (header, no
 * records); -1 when nothing readable was found (an error is in d). Problems with single records
 * are warnings/errors in d with their line numbers; good records are always kept. */
int netsh_parse_sslcert(const struct text *t, struct binding_list *out, struct diags *d);
/* The same, taking over t's buffer (strings point into it, nothing is copied); t is freed. */
int netsh_parse_sslcert_take(struct text *t, struct binding_list *out, struct diags *d);
/* Same from raw bytes (decoding per text_decode; codepage 0 = default). */
int netsh_parse_sslcert_bytes(const unsigned char *bytes, size_t len, int codepage, struct binding_list *out,
                              struct diags *d);
void binding_list_free(struct binding_list *l);
/* Whether key (what follows "ipport=" or "hostnameport=") is one netsh can print for a binding of
 * that kind, by the rule the parser reads listings with: NULL when it is, else why not (a phrase
 * in parentheses with a leading blank). */
const char *netsh_socket_key_problem(enum binding_kind kind, const char *key);


#endif
