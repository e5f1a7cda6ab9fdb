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
