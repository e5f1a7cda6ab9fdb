/* DNS-name coverage (see names.h for the rules and why). Pure string code, no allocation. */
#include "names.h"
#include "ascii.h"

#include <string.h>


/* ASCII case-insensitive equality of two byte ranges. */
static int ascii_eq(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++)
        if (ascii_tolower((unsigned char)a[i]) != ascii_tolower((unsigned char)b[i]))
            return 0;
    return 1;
}

/* Length of name without one trailing dot; 0 when the name is syntactically unusable:
 * empty, an empty label ("a..b", ".a", "a.." ), blanks or control characters. */
static size_t usable_len(const char *name)
{
    if (!name)
        return 0;
    size_t len = strlen(name);
    if (len > 0 && name[len - 1] == '.')
        len--;
    if (len == 0)
        return 0;
    size_t label = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c <= 0x20 || c == 0x7F)
            return 0;
        if (c == '.') {
            if (label == 0)
                return 0;
            label = 0;
        } else {
            label++;
        }
    }
    return label == 0 ? 0 : len;
}

int dns_name_covers(const char *pattern, const char *host)
{
    size_t plen = usable_len(pattern), hlen = usable_len(host);
    if (plen == 0 || hlen == 0)
        return 0;
    if (ascii_eq(pattern, plen, host, hlen))
        return 1;
    if (!memchr(pattern, '*', plen))
        return 0;
    /* Only "*.<suffix>" with no other '*' and a suffix of at least two labels. */
    if (plen < 2 || pattern[0] != '*' || pattern[1] != '.')
        return 0;
    const char *suffix = pattern + 2;
    size_t slen = plen - 2;
    if (memchr(suffix, '*', slen) || !memchr(suffix, '.', slen))
        return 0;
    /* host = <one label without '*'> "." suffix */
    const char *dot = memchr(host, '.', hlen);
    if (!dot)
        return 0;
    size_t first = (size_t)(dot - host);
    if (first == 0 || memchr(host, '*', first))
        return 0;
    return ascii_eq(dot + 1, hlen - first - 1, suffix, slen);
}

int dns_names_cover(const char *const *names, size_t n, const char *host)
{
    if (!names)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (names[i] && dns_name_covers(names[i], host))
            return 1;
    return 0;
}

/* Same name after case folding and dropping one trailing dot (used for wildcards). */
static int same_name(const char *a, const char *b)
{
    size_t alen = strlen(a), blen = strlen(b);
    if (alen > 0 && a[alen - 1] == '.')
        alen--;
    if (blen > 0 && b[blen - 1] == '.')
        blen--;
    return alen > 0 && ascii_eq(a, alen, b, blen);
}

int dns_names_cover_all(const char *const *old_names, size_t n_old, const char *const *new_names, size_t n_new,
                        const char **first_missing)
{
    if (first_missing)
        *first_missing = NULL;
    for (size_t i = 0; i < n_old; i++) {
        const char *old = old_names ? old_names[i] : NULL;
        if (!old || usable_len(old) == 0)
            continue; /* a broken name covered nothing, so nothing has to keep it */
        int kept = 0;
        if (strchr(old, '*')) {
            for (size_t j = 0; j < n_new && new_names && !kept; j++)
                kept = new_names[j] && same_name(old, new_names[j]);
        } else {
            kept = dns_names_cover(new_names, n_new, old);
        }
        if (!kept) {
            if (first_missing)
                *first_missing = old;
            return 0;
        }
    }
    return 1;
}
