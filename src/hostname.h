/* Host names for SNI bindings: validation and the ASCII form IIS and netsh expect.
 *
 * An internationalised name ("bücher.example") is converted label by label to its A-label
 * ("xn--bcher-kva.example") with Punycode (RFC 3492), implemented here so that every platform
 * gives the same bytes (and no library beyond PCRE2 is needed); browsers send the A-label in
 * the TLS SNI extension, and certificates hold A-labels, so that is what the IIS binding and the
 * HTTP.sys hostnameport binding must carry. ASCII letters are lower-cased. Not done: the full
 * IDNA2008/UTS #46 mapping (Unicode case folding and NFC normalisation): type non-ASCII
 * letters in lower case, as they are normally written; IdnToAscii on Windows would do the rest,
 * but would make Windows and Linux disagree.
 *
 * Accepted: 1 to 127 labels of letters, digits and hyphens (not first or last), 1 to 63 bytes
 * each after conversion, at most 253 bytes in all; one trailing dot is dropped; the ideographic
 * full stops U+3002, U+FF0E, U+FF61 separate labels like '.'. Refused with a reason: wildcards,
 * underscores, IP addresses, a ":port" suffix, blanks, control and invisible characters. */
#ifndef CERTREBIND_HOSTNAME_H
#define CERTREBIND_HOSTNAME_H

#include <stddef.h>

/* Converts in (UTF-8) to the ASCII host name; returns 0, or -1 with a reason (a phrase that
 * completes "the host name ... ") in why. out needs 254 bytes. */
int hostname_to_ascii(const char *in, char out[254], char *why, size_t why_size);

/* RFC 3492 encoding of n code points (no "xn--" prefix) into out (NUL-terminated).
 * Returns 0, or -1 when it does not fit in out_size or the arithmetic would overflow. */
int punycode_encode(const unsigned *cps, size_t n, char *out, size_t out_size);

#endif
