/* Certificate hashes and GUIDs: normalisation and validation of user and tool input. */
#ifndef CERTREBIND_HEXHASH_H
#define CERTREBIND_HEXHASH_H

#include <stddef.h>

/* Normalises a SHA-1 hash as typed or printed: spaces, colons, dashes, tabs, invisible
 * characters (U+200E/U+200F/U+202A-U+202E/U+FEFF/U+00A0...) and case are tolerated.
 * Writes 40 lowercase hex + NUL into out[41]. Returns 0, or -1 when it is not 40 hex digits. */
int sha1_normalise(const char *in, size_t len, char out[41]);
/* Describes why sha1_normalise failed (e.g. "has 39 hex digits"), in a static buffer. */
const char *sha1_problem(const char *in, size_t len);
/* {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, braces optional on input; out gets braces, lowercase. */
int guid_normalise(const char *in, size_t len, char out[39]);

#endif
