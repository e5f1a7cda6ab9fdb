/* ASCII-only string helpers: netsh parameters, store names and host names compare without
 * regard to case, and the C library's strcasecmp is neither C11 nor locale-proof. */
#ifndef CERTREBIND_ASCII_H
#define CERTREBIND_ASCII_H

int ascii_casecmp(const char *a, const char *b);

#endif
