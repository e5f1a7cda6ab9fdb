/* The certreq INF of a renewal request: same subject and SAN DNS names as the certificate it is
 * made like, a new machine key that cannot be exported. Pure: a certificate in, INF text out.
 *
 * INF syntax (Microsoft's certreq reference): a value in double quotes holds a double quote as
 * two ("CN=""Doe, John"", O=x"); the file is ASCII. The subject itself is the X.500 string
 * certutil printed (values with ',' '+' ';' already in quotes), so it is only re-quoted for the
 * INF. What the INF cannot carry is refused, never mangled: a non-ASCII or control character,
 * '%' (INF string substitution), a quote left open, an IP-address or other non-DNS SAN entry. */
#ifndef CERTREBIND_CERTREQ_INF_H
#define CERTREBIND_CERTREQ_INF_H

#include <stddef.h>
#include <time.h>

#include "diag.h"
#include "model.h"

enum request_key { KEY_RSA2048, KEY_RSA3072, KEY_RSA4096, KEY_ECDSA_P256, KEY_ECDSA_P384 };

/* "rsa2048" ... "ecdsa-p384": the --key values, and the record's "key". */
const char *request_key_name(enum request_key k);
/* 0 and *k for one of those names, -1 otherwise. */
int request_key_parse(const char *name, enum request_key *k);

struct request_spec {
    const char *like;      /* the SHA-1 of the certificate it is made like (40 lowercase hex); points
                            * into that certificate (request_spec_from_cert) */
    char *subject;         /* as certutil printed it */
    char **names;          /* SAN DNS names in their ASCII (punycode) form */
    size_t name_count;
    enum request_key key;
    const char *template_name; /* --template, or NULL */
};

/* Fills spec from certificate c (its subject and SAN DNS names; the CN when it has no SAN).
 * Refuses (-1, errors in d naming the certificate) what a request cannot ask for again: no
 * subject, a subject the INF cannot quote, an IP-address or other non-DNS SAN entry, a DNS name
 * that is no host name, a listing that does not show the SAN (not the -v form). */
int request_spec_from_cert(const struct cert *c, enum request_key key, const char *template_name,
                           struct request_spec *spec, struct diags *d);
void request_spec_free(struct request_spec *spec);

/* The INF text (CRLF line ends, ASCII) of spec; friendly names the FriendlyName. Caller frees.
 * NULL with an error in d when a value cannot be quoted (the template name, say). */
char *certreq_inf_format(const struct request_spec *spec, const char *friendly, struct diags *d);

/* The value in INF quotes ("a ""b"""), or NULL with why (a phrase: "holds a control character")
 * when it holds what an INF cannot carry. Caller frees. */
char *inf_quote(const char *value, const char **why);

#endif
