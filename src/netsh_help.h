/* What this netsh accepts: the parameter list of `netsh http add sslcert help`. Pure.
 *
 * The usage text lists every optional parameter as `[name=<value>]` (`[certhash=<string>]`,
 * `[disablequic=enable|disable]`); the names are not localized, only the prose around them is.
 * The socket key (ipport=, hostnameport=, ccs=) and appid= are required and printed without
 * brackets: every netsh that has `add sslcert` accepts them. A netsh that does not know a
 * parameter may exit 0 without creating the binding (Windows Server 2019), so certrebind reads
 * this list before the first change and refuses a step that passes anything else. */
#ifndef CERTREBIND_NETSH_HELP_H
#define CERTREBIND_NETSH_HELP_H

#include <stddef.h>

struct netsh_help {
    unsigned long listed; /* bit per enum netsh_field named as `[name=` */
    size_t names;         /* `[name=` entries read, known to certrebind or not (0: no usage text) */
};

/* Reads the `[name=` list from help output (UTF-8 or any ASCII-compatible code page). Returns
 * 0, or -1 when the text lists no parameter at all (not netsh's usage text). */
int netsh_help_parse(const char *text, size_t len, struct netsh_help *out);

/* The first parameter name in a netsh argv ("http" op "sslcert" name=value ... NULL) that this
 * netsh does not accept, copied into name; NULL when it accepts all of them. */
const char *netsh_help_first_unknown(const struct netsh_help *h, const char *const *argv, char *name,
                                     size_t name_size);

#endif
