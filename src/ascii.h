/* ASCII-only string helpers: netsh parameters, store names and host names compare without
 * regard to case, and the C library's strcasecmp/tolower are neither C11 nor locale-proof. */
#ifndef CERTREBIND_ASCII_H
#define CERTREBIND_ASCII_H

#include <stddef.h>

/* 'A'..'Z' -> 'a'..'z'; every other byte (UTF-8 included) unchanged. */
static inline unsigned char ascii_tolower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

int ascii_casecmp(const char *a, const char *b);
/* Folds s to lower case in place. */
void ascii_lower(char *s);
/* 1 when the len bytes at s start with prefix, without regard to case. */
int ascii_has_prefix(const char *s, size_t len, const char *prefix);
/* The same on at most n characters. */
int ascii_ncasecmp(const char *a, const char *b, size_t n);
/* A hash of s that ignores ASCII case, for case-insensitive tables. */
size_t ascii_casehash(const char *s);

#endif
