/* Host-name validation and IDN -> A-label conversion (see hostname.h). */
#include "hostname.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

/* ---------- RFC 3492 (section 5 parameters, section 6.3 encoding) ---------- */

enum { PC_BASE = 36, PC_TMIN = 1, PC_TMAX = 26, PC_SKEW = 38, PC_DAMP = 700, PC_BIAS = 72, PC_N = 0x80 };

static char digit_char(unsigned d) { return (char)(d < 26 ? 'a' + d : '0' + (d - 26)); }

static unsigned adapt(unsigned delta, unsigned numpoints, int first)
{
    delta = first ? delta / PC_DAMP : delta / 2;
    delta += delta / numpoints;
    unsigned k = 0;
    while (delta > ((PC_BASE - PC_TMIN) * PC_TMAX) / 2) {
        delta /= PC_BASE - PC_TMIN;
        k += PC_BASE;
    }
    return k + (PC_BASE - PC_TMIN + 1) * delta / (delta + PC_SKEW);
}

int punycode_encode(const unsigned *cps, size_t n, char *out, size_t out_size)
{
    const unsigned maxint = 0xFFFFFFFFu;
    size_t len = 0;
    for (size_t j = 0; j < n; j++)
        if (cps[j] < 0x80) {
            if (len + 1 >= out_size)
                return -1;
            out[len++] = (char)cps[j];
        }
    size_t basic = len;
    if (basic > 0) {
        if (len + 1 >= out_size)
            return -1;
        out[len++] = '-';
    }
    unsigned cur = PC_N, delta = 0, bias = PC_BIAS;
    size_t handled = basic;
    while (handled < n) {
        unsigned m = maxint;
        for (size_t j = 0; j < n; j++)
            if (cps[j] >= cur && cps[j] < m)
                m = cps[j];
        if (m - cur > (maxint - delta) / (handled + 1))
            return -1;
        delta += (m - cur) * (unsigned)(handled + 1);
        cur = m;
        for (size_t j = 0; j < n; j++) {
            if (cps[j] < cur && ++delta == 0)
                return -1;
            if (cps[j] != cur)
                continue;
            unsigned q = delta;
            for (unsigned k = PC_BASE;; k += PC_BASE) {
                unsigned t = k <= bias ? PC_TMIN : k >= bias + PC_TMAX ? PC_TMAX : k - bias;
                if (q < t)
                    break;
                if (len + 1 >= out_size)
                    return -1;
                out[len++] = digit_char(t + (q - t) % (PC_BASE - t));
                q = (q - t) / (PC_BASE - t);
            }
            if (len + 1 >= out_size)
                return -1;
            out[len++] = digit_char(q);
            bias = adapt(delta, (unsigned)(handled + 1), handled == basic);
            delta = 0;
            handled++;
        }
        delta++;
        cur++;
    }
    out[len] = '\0';
    return 0;
}

/* ---------- host names ---------- */

/* Next code point of UTF-8 s at *i; -1 on invalid, overlong or surrogate UTF-8. */
static long next_cp(const unsigned char *s, size_t len, size_t *i)
{
    unsigned cp;
    size_t n = utf8_decode(s + *i, len - *i, &cp);
    if (!n)
        return -1;
    *i += n;
    return (long)cp;
}

static int is_label_dot(unsigned long cp) { return cp == '.' || cp == 0x3002 || cp == 0xFF0E || cp == 0xFF61; }

/* Characters no host name may hold: controls, blanks, invisible formatting, private use,
 * replacement and non-characters. */
static int is_forbidden_non_ascii(unsigned long cp)
{
    return cp < 0xA1 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF || cp == 0x00AD ||
           (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp & 0xFFFE) == 0xFFFE ||
           (cp >= 0xFDD0 && cp <= 0xFDEF) || cp >= 0xF0000;
}

static int is_ldh(unsigned long c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

#define REFUSE(...) (snprintf(why, why_size, __VA_ARGS__), -1)

/* One label (code points, ASCII already lower-cased) appended to out as ASCII. */
static int add_label(const unsigned *cps, size_t n, int ascii, char *out, size_t *len, char *why, size_t why_size)
{
    char label[64];
    if (n == 0)
        return REFUSE("has an empty label (two dots in a row, or a leading dot)");
    if (cps[0] == '-' || cps[n - 1] == '-')
        return REFUSE("has a label that starts or ends with a hyphen");
    if (ascii) {
        if (n > 63)
            return REFUSE("has a label longer than 63 characters");
        for (size_t k = 0; k < n; k++)
            label[k] = (char)cps[k];
        label[n] = '\0';
    } else {
        memcpy(label, "xn--", 4);
        if (punycode_encode(cps, n, label + 4, sizeof label - 4) != 0)
            return REFUSE("has a label longer than 63 characters in its ASCII (xn--) form");
    }
    size_t l = strlen(label);
    if (*len + (*len ? 1 : 0) + l > 253) /* the dot before it, then the label; out holds 253 + NUL */
        return REFUSE("is longer than 253 characters in its ASCII form");
    if (*len)
        out[(*len)++] = '.';
    memcpy(out + *len, label, l + 1);
    *len += l;
    return 0;
}

int hostname_to_ascii(const char *in, char out[254], char *why, size_t why_size)
{
    size_t in_len = in ? strlen(in) : 0;
    out[0] = '\0';
    if (in_len == 0)
        return REFUSE("is empty");
    if (in_len > 1024)
        return REFUSE("is far too long");
    unsigned cps[1024];
    size_t n = 0, len = 0, i = 0;
    int ascii = 1, all_numeric = 1, labels = 0;
    const unsigned char *s = (const unsigned char *)in;
    while (1) {
        /* the end of the input ends the last label; a trailing dot ends it too (and then stops) */
        long cp = i < in_len ? next_cp(s, in_len, &i) : '.';
        if (cp < 0)
            return REFUSE("is not valid UTF-8");
        if (is_label_dot((unsigned long)cp)) {
            for (size_t k = 0; k < n; k++)
                all_numeric &= cps[k] >= '0' && cps[k] <= '9';
            if (add_label(cps, n, ascii, out, &len, why, why_size) != 0)
                return -1;
            labels++;
            n = 0;
            ascii = 1;
            if (i >= in_len)
                break;
            continue;
        }
        if (cp >= 'A' && cp <= 'Z')
            cp += 32;
        if (cp == '*')
            return REFUSE("is a wildcard: an SNI binding names one host (a wildcard certificate can serve many)");
        if (cp == '_')
            return REFUSE("has an underscore, which DNS host names and certificates cannot hold");
        if (cp == ':')
            return REFUSE("has a colon: give the port with --port, and IP addresses with plan --socket ipport=");
        if (cp < 0x80 && !is_ldh((unsigned long)cp))
            return REFUSE("has the character '%c' (%s), which host names cannot hold", cp > 0x20 && cp < 0x7F ? (int)cp : '?',
                          cp <= 0x20 || cp == 0x7F ? "a blank or control character" : "letters, digits and hyphens only");
        if (cp >= 0x80 && is_forbidden_non_ascii((unsigned long)cp))
            return REFUSE("has the invisible or control character U+%04lX", (unsigned long)cp);
        if (cp >= 0x80)
            ascii = 0;
        if (n >= 63 * 4)
            return REFUSE("has a label longer than 63 characters");
        cps[n++] = (unsigned)cp;
    }
    if (labels > 127)
        return REFUSE("has more than 127 labels");
    if (all_numeric)
        return REFUSE("is an IP address or a number: SNI bindings name hosts (bind an address with plan --socket ipport=)");
    return 0;
}
