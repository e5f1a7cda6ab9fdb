#include "ascii.h"

int ascii_casecmp(const char *a, const char *b) { return ascii_ncasecmp(a, b, (size_t)-1); }

int ascii_ncasecmp(const char *a, const char *b, size_t n)
{
    for (; n > 0; a++, b++, n--) {
        int ca = (*a >= 'A' && *a <= 'Z') ? *a + 32 : *a;
        int cb = (*b >= 'A' && *b <= 'Z') ? *b + 32 : *b;
        if (ca != cb || !ca)
            return ca - cb;
    }
    return 0;
}

size_t ascii_casehash(const char *s)
{
    size_t h = (size_t)14695981039346656037ull;
    for (; *s; s++)
        h = (h ^ ascii_tolower((unsigned char)*s)) * (size_t)1099511628211ull;
    return h;
}
