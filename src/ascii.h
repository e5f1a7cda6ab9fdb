/* ASCII-only string helpers: netsh parameters, store names and host names compare without
 * regard to case, and the C library's strcasecmp is neither C11 nor locale-proof. */
#ifndef CERTREBIND_ASCII_H
#define CERTREBIND_ASCII_H

#include <stddef.h>

int ascii_casecmp(const char *a, const char *b);
/* The same on at most n characters. */
int ascii_ncasecmp(const char *a, const char *b, size_t n);

#endif
