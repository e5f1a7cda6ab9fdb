#include "ascii.h"

#include <stdint.h>
#include <string.h>

int ascii_casecmp(const char *a, const char *b)
{
    /* the strings compared (sockets, appids, store names) are nearly always the same bytes */
    return strcmp(a, b) == 0 ? 0 : ascii_ncasecmp(a, b, (size_t)-1);
}

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

void ascii_lower(char *s)
{
    for (; *s; s++)
        *s = (char)ascii_tolower((unsigned char)*s);
}

int ascii_has_prefix(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && ascii_ncasecmp(s, prefix, n) == 0;
}

/* The eight bytes of w with 'A'..'Z' folded to 'a'..'z' (bytes >= 0x80 unchanged). */
static uint64_t fold8(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t low7 = w & ~highs;
    uint64_t at_least_a = low7 + ones * (0x80 - 'A'); /* high bit: byte >= 'A' */
    uint64_t above_z = low7 + ones * (0x80 - 'Z' - 1); /* high bit: byte > 'Z' */
    uint64_t upper = at_least_a & ~above_z & ~w & highs;
    return w | (upper >> 2); /* 0x80 >> 2 is the 0x20 case bit */
}

static uint64_t mix(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

/* Eight bytes at a time: hashing sockets and hashes of 100,000 bindings is on every plan's path. */
size_t ascii_casehash(const char *s)
{
    size_t n = strlen(s);
    uint64_t h = 0xC2B2AE3D27D4EB4Full ^ n, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = mix(h, fold8(w));
    }
    w = 0;
    memcpy(&w, s, n);
    h = mix(h, fold8(w));
    return (size_t)(h ^ (h >> 32));
}
