#include "hexhash.h"

#include <stdio.h>
#include <string.h>

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Length of an ignorable character at p: separators people and tools put in hashes, and the
 * invisible marks Windows' certificate dialog copies along (U+200E etc.). 0 if not ignorable. */
static size_t ignorable_len(const unsigned char *p, size_t avail)
{
    if (p[0] == ' ' || p[0] == '\t' || p[0] == ':' || p[0] == '-' || p[0] == '"' || p[0] == '\'')
        return 1;
    if (avail >= 2 && p[0] == 0xC2 && p[1] == 0xA0) /* U+00A0 no-break space */
        return 2;
    if (avail >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
        ((p[2] >= 0x8B && p[2] <= 0x8F) || (p[2] >= 0xAA && p[2] <= 0xAE))) /* U+200B-200F, U+202A-202E */
        return 3;
    if (avail >= 3 && p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA0 && p[2] <= 0xA9) /* U+2060-2069 */
        return 3;
    if (avail >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) /* U+FEFF */
        return 3;
    return 0;
}

int sha1_normalise(const char *in, size_t len, char out[41])
{
    const unsigned char *p = (const unsigned char *)in;
    size_t n = 0, i = 0;
    if (len == 40) { /* as netsh prints it: forty hex digits, nothing to skip */
        for (; n < 40; n++) {
            int v = hex_value(p[n]);
            if (v < 0)
                break;
            out[n] = "0123456789abcdef"[v];
        }
        if (n == 40) {
            out[40] = '\0';
            return 0;
        }
        n = 0; /* something to skip after all: the careful way */
    }
    while (i < len) {
        size_t skip = ignorable_len(p + i, len - i);
        if (skip) {
            i += skip;
            continue;
        }
        int v = hex_value(p[i]);
        if (v < 0 || n >= 40)
            return -1;
        out[n++] = "0123456789abcdef"[v];
        i++;
    }
    out[n] = '\0';
    return n == 40 ? 0 : -1;
}

const char *sha1_problem(const char *in, size_t len)
{
    static char msg[128];
    const unsigned char *p = (const unsigned char *)in;
    size_t hex = 0, i = 0;
    while (i < len) {
        size_t skip = ignorable_len(p + i, len - i);
        if (skip) {
            i += skip;
            continue;
        }
        if (hex_value(p[i]) < 0) {
            if (p[i] >= 0x20 && p[i] < 0x7F)
                snprintf(msg, sizeof msg, "contains '%c', which is not a hex digit", p[i]);
            else
                snprintf(msg, sizeof msg, "contains the byte 0x%02X, which is not a hex digit", p[i]);
            return msg;
        }
        hex++;
        i++;
    }
    snprintf(msg, sizeof msg, "has %zu hex digits, a SHA-1 hash has 40", hex);
    return msg;
}

int guid_normalise(const char *in, size_t len, char out[39])
{
    while (len && (*in == ' ' || *in == '\t' || *in == '"')) {
        in++;
        len--;
    }
    while (len && (in[len - 1] == ' ' || in[len - 1] == '\t' || in[len - 1] == '"'))
        len--;
    if (len >= 2 && in[0] == '{' && in[len - 1] == '}') {
        in++;
        len -= 2;
    }
    if (len != 36)
        return -1;
    out[0] = '{';
    for (size_t i = 0; i < 36; i++) {
        unsigned char c = (unsigned char)in[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return -1;
            out[i + 1] = '-';
            continue;
        }
        int v = hex_value(c);
        if (v < 0)
            return -1;
        out[i + 1] = "0123456789abcdef"[v];
    }
    out[37] = '}';
    out[38] = '\0';
    return 0;
}
