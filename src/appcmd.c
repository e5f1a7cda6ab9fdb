/* Parser of `%windir%\system32\inetsrv\appcmd.exe list site` (see appcmd.h).
 *
 * appcmd prints one line per site, the same on every IIS since 7.0 and in every UI language
 * (the words are configuration attribute names, never translated); see the example below.
 * Bindings are "protocol/bindingInformation" separated by commas. For http and https the
 * information is IP:PORT:HOST (IP "*", empty, an IPv4 address or a bracketed IPv6 address;
 * HOST empty when none); other protocols have their own forms (net.tcp "808:*", net.pipe "*",
 * net.msmq "localhost", msmq.formatname "localhost", ftp "*:21:") and are kept as printed.
 * When one site has so many bindings that its line overflows appcmd's buffer, appcmd prints
 * the ERROR below instead of the sites (microsoft/azure-pipelines-extensions#677).
 *
 * Lines are matched in byte mode: names are copied byte for byte (they are UTF-8 already),
 * and invalid UTF-8 cannot make a pattern fail. */
// Examples (kept in line comments: they contain slash-star):
//   SITE "Default Web Site" (id:1,bindings:http/*:80:,https/*:443:www.example.com,state:Started)
//   SITE "Reports" (id:7,bindings:https/[::]:443:,net.tcp/808:*,net.pipe/*,state:Stopped)
//   ERROR ( hresult:8007007a, message:Failed to generate item output.
//   The data area passed to a system call is too small.
//    )
#include "appcmd.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "arena.h"
#include "pattern.h"

static const char SOURCE[] = "appcmd list site";

/* ---------------------------------------------------------------- patterns */

enum pat {
    PAT_SITE,      /* SITE "name" (attributes) */
    PAT_SITE_ISH,  /* a line that starts like a SITE line (to report it as unreadable) */
    PAT_ATTRS,     /* id:N,bindings:LIST,state:STATE */
    PAT_BINDING,   /* one "protocol/information" of LIST, from where the previous one ended */
    PAT_ERROR,     /* ERROR ( hresult:X, message:... */
    PAT_ERROR_END, /* the " )" line closing a multi-line ERROR */
    PAT_OTHER_VIEW, /* "SITE" alone (/text:*) or "<site " (/config): other appcmd views */
    PAT_COUNT
};

/* A protocol name: what IIS accepts in <binding protocol=...> */
#define PROTO "[A-Za-z][A-Za-z0-9.+_-]*"

static const char *const pattern_src[PAT_COUNT] = {
    /* greedy name: the last `" (` on the line ends it, so names may hold quotes, commas and
     * parentheses; the attributes end at the last ')'. */
    [PAT_SITE] = "^\\s*SITE\\s+\"(.*)\"\\s*\\((?=\\s*id\\s*:)(.*)\\)\\s*$",
    [PAT_SITE_ISH] = "^\\s*SITE\\s+\"",
    [PAT_ATTRS] = "^\\s*id\\s*:\\s*([0-9]{1,18})\\s*(?:,\\s*bindings\\s*:(.*?))?(?:,\\s*state\\s*:\\s*([^,()]*?))?\\s*$",
    /* a comma inside the information (never seen, but harmless) is kept unless a new
     * "protocol/" follows it */
    [PAT_BINDING] = "\\G(?:^|,)(" PROTO ")/((?:[^,]|,(?!" PROTO "/))*)",
    [PAT_ERROR] = "^\\s*ERROR\\s*\\(\\s*(?:hresult\\s*:\\s*([0-9A-Fa-f]{1,8})\\s*,\\s*)?message\\s*:(.*)$",
    [PAT_ERROR_END] = "^\\s*\\)\\s*$",
    [PAT_OTHER_VIEW] = "^\\s*(?:SITE\\s*$|<site\\s)",
};

static struct pattern_set appcmd_patterns = {.owner = "appcmd", .sources = pattern_src, .count = PAT_COUNT};

/* Matches pattern p against s[0, len) from start; ov points at the offsets on success. */
static int match(enum pat p, const char *s, size_t len, size_t start, pcre2_match_data *md, PCRE2_SIZE **ov)
{
    /* the patterns are linear on the lines they are given (see parse_site); the limit only
     * stops a pathological case from running for minutes */
    size_t limit = len < 100000000 ? 20 * len + 1000000 : 2000000000;
    pcre2_code *const *re = pattern_set_get(&appcmd_patterns);
    pcre2_match_context *mctx = pattern_set_context(&appcmd_patterns); /* bounds the work per line */
    pcre2_set_match_limit(mctx, (uint32_t)limit);
    int rc = pcre2_match(re[p], (PCRE2_SPTR)s, len, start, 0, md, mctx);
    if (rc <= 0)
        return 0;
    *ov = pcre2_get_ovector_pointer(md);
    return 1;
}

static int group_set(const PCRE2_SIZE *ov, int n) { return ov[2 * n] != PCRE2_UNSET; }

/* ---------------------------------------------------------------- helpers */

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

static int blank_line(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_space(s[i]))
            return 0;
    return 1;
}

/* Host names equal ignoring ASCII case and one trailing dot. */
static int host_eq(const char *a, const char *b)
{
    size_t al = strlen(a), bl = strlen(b);
    if (al && a[al - 1] == '.')
        al--;
    if (bl && b[bl - 1] == '.')
        bl--;
    if (al != bl || al == 0)
        return 0;
    for (size_t i = 0; i < al; i++)
        if (ascii_tolower((unsigned char)a[i]) != ascii_tolower((unsigned char)b[i]))
            return 0;
    return 1;
}

/* At most max bytes of s for a message, cut on a UTF-8 character boundary. */
static int excerpt_len(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return (int)len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

/* Port "1".."65535" of s[0, len), else -1. */
static int parse_port(const char *s, size_t len)
{
    if (len == 0 || len > 5)
        return -1;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return (v >= 1 && v <= 65535) ? (int)v : -1;
}

/* Splits an http/https binding information "IP:PORT:HOST" into its parts (arena copies).
 * Accepts "[v6]:PORT:HOST", an unbracketed IPv6 address (split from the right: HOST after the
 * last colon, PORT before it), and "IP:PORT" without the host segment. Returns 0, or -1
 * (ip/host still set as well as could be read, port -1). */
int appcmd_split_http_info(struct arena *a, const char *info, const char **ip, int *port, const char **host)
{
    size_t len = strlen(info);
    *ip = "";
    *host = "";
    *port = -1;
    if (info[0] == '[') {
        const char *close = memchr(info, ']', len);
        if (!close)
            return -1;
        *ip = arena_strndup(a, info + 1, (size_t)(close - info - 1));
        const char *rest = close + 1;
        if (*rest != ':')
            return -1;
        rest++;
        const char *colon = strchr(rest, ':');
        size_t plen = colon ? (size_t)(colon - rest) : strlen(rest);
        if (colon)
            *host = arena_strdup(a, colon + 1);
        *port = parse_port(rest, plen);
        return *port < 0 ? -1 : 0;
    }
    size_t colons = 0;
    for (size_t i = 0; i < len; i++)
        colons += info[i] == ':';
    if (colons == 0)
        return -1;
    const char *last = strrchr(info, ':');
    if (colons == 1) { /* "IP:PORT" (IIS accepts "*:8002" and prints it back) */
        *ip = arena_strndup(a, info, (size_t)(last - info));
        *port = parse_port(last + 1, strlen(last + 1));
        return *port < 0 ? -1 : 0;
    }
    const char *prev = last - 1;
    while (prev > info && *prev != ':')
        prev--;
    *ip = arena_strndup(a, info, (size_t)(prev - info));
    *host = arena_strdup(a, last + 1);
    *port = parse_port(prev + 1, (size_t)(last - prev - 1));
    return *port < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- parser */

struct binding_vec {
    struct site_binding *items;
    size_t count, cap;
};

static void parse_bindings(const char *list, size_t len, int line, struct site_list *out, struct binding_vec *v,
                           struct diags *d, pcre2_match_data *md)
{
    size_t pos = 0;
    v->count = 0;
    while (pos < len) {
        PCRE2_SIZE *ov;
        if (!match(PAT_BINDING, list, len, pos, md, &ov) || ov[1] == pos) {
            diag_add(d, SEV_WARNING, line, SOURCE, "bindings of this site could not be read from \"%.*s\"; ignored",
                     excerpt_len(list + pos, len - pos, 60), list + pos);
            return;
        }
        struct site_binding sb;
        char *proto = arena_strndup(&out->arena, list + ov[2], ov[3] - ov[2]);
        ascii_lower(proto);
        sb.protocol = proto;
        sb.info = arena_strndup(&out->arena, list + ov[4], ov[5] - ov[4]);
        sb.ip = NULL;
        sb.host = NULL;
        sb.port = -1;
        sb.ssl_flags = -1;
        if (strcmp(proto, "http") == 0 || strcmp(proto, "https") == 0) {
            if (appcmd_split_http_info(&out->arena, sb.info, &sb.ip, &sb.port, &sb.host) < 0)
                diag_add(d, SEV_WARNING, line, SOURCE,
                         "binding \"" DIAG_QUOTED "/%.*s\" is not IP:PORT:HOST; its port could not be read",
                         DIAG_QUOTE(proto, strlen(proto)),
                         excerpt_len(sb.info, strlen(sb.info), 60), sb.info);
        }
        v->items = grow_array(v->items, &v->cap, v->count + 1, sizeof *v->items);
        v->items[v->count++] = sb;
        pos = ov[1];
    }
}

/* Reads one SITE line; 0 when a site was added, -1 when the line could not be read. */
static int parse_site(const char *s, size_t len, int line, struct site_list *out, struct binding_vec *v,
                      struct diags *d, pcre2_match_data *md)
{
    PCRE2_SIZE *ov;
    /* A SITE line ends with ')'. Checked first: on a cut-off line the pattern would try every
     * `" (id:` as the end of the name, each time scanning to the end of the line. */
    size_t e = len;
    while (e && is_space(s[e - 1]))
        e--;
    if (e == 0 || s[e - 1] != ')')
        return -1;
    if (!match(PAT_SITE, s, len, 0, md, &ov))
        return -1;
    size_t name0 = ov[2], name1 = ov[3], attr0 = ov[4], attr1 = ov[5];
    if (!match(PAT_ATTRS, s + attr0, attr1 - attr0, 0, md, &ov))
        return -1;
    const char *attrs = s + attr0;
    long id = 0; /* IIS site ids are 32-bit; longer digit runs saturate instead of overflowing */
    for (size_t i = ov[2]; i < ov[3]; i++)
        id = id >= 214748364 ? 2147483647 : id * 10 + (attrs[i] - '0');
    size_t b0 = 0, b1 = 0, st0 = 0, st1 = 0;
    int has_bindings = group_set(ov, 2), has_state = group_set(ov, 3);
    if (has_bindings) {
        b0 = ov[4];
        b1 = ov[5];
    }
    if (has_state) {
        st0 = ov[6];
        st1 = ov[7];
    }

    struct site site;
    memset(&site, 0, sizeof site);
    site.name = arena_strndup(&out->arena, s + name0, name1 - name0);
    site.id = id;
    site.state = has_state ? arena_strndup(&out->arena, attrs + st0, st1 - st0) : NULL;
    site.line = line;
    if (!has_state)
        diag_add(d, SEV_WARNING, line, SOURCE, "site \"" DIAG_QUOTED "\" (id %ld) has no state",
                 DIAG_QUOTE(site.name, strlen(site.name)), id);
    if (has_bindings)
        parse_bindings(attrs + b0, b1 - b0, line, out, v, d, md);
    else
        v->count = 0;
    if (v->count) {
        site.bindings = arena_calloc(&out->arena, v->count, sizeof *site.bindings);
        memcpy(site.bindings, v->items, v->count * sizeof *site.bindings);
        site.binding_count = v->count;
    }
    out->items = grow_array(out->items, &out->cap, out->count + 1, sizeof *out->items);
    out->items[out->count++] = site;
    return 0;
}

/* The line ends with " )" (or is just ")"): the end of an appcmd ERROR block. */
static int closes_error(const char *s, size_t len)
{
    while (len && is_space(s[len - 1]))
        len--;
    return len && s[len - 1] == ')' && (len == 1 || is_space(s[len - 2]));
}

/* Joins the lines of an ERROR message, capped, for the warning. */
static void error_text_add(char *buf, size_t cap, const char *s, size_t len)
{
    while (len && is_space(*s))
        s++, len--;
    while (len && is_space(s[len - 1]))
        len--;
    if (closes_error(s, len)) { /* "... )" closing on the same line */
        len--;
        while (len && is_space(s[len - 1]))
            len--;
    }
    size_t used = strlen(buf);
    if (len == 0 || used + 2 >= cap)
        return;
    if (used)
        buf[used++] = ' ';
    size_t n = (size_t)excerpt_len(s, len, cap - used - 1);
    memcpy(buf + used, s, n);
    buf[used + n] = '\0';
}

/* appcmd's ERROR ( hresult:X, message:... ) block, which may span lines. */
struct appcmd_error {
    int line;          /* of the first ERROR line; 0: none seen */
    int open;          /* inside a message that has not closed with " )" yet */
    char hresult[9];   /* lower case; "" when not printed */
    char message[256]; /* its lines joined, cut where it would not fit */
};

/* 1 when the line belongs to an ERROR block (its first line or one after it), read into e. */
static int error_block_line(struct appcmd_error *e, const char *s, size_t len, int line, pcre2_match_data *md)
{
    PCRE2_SIZE *ov;
    if (e->open) {
        if (match(PAT_ERROR_END, s, len, 0, md, &ov)) {
            e->open = 0;
        } else {
            error_text_add(e->message, sizeof e->message, s, len);
            if (closes_error(s, len))
                e->open = 0;
        }
        return 1;
    }
    if (!match(PAT_ERROR, s, len, 0, md, &ov))
        return 0;
    if (!e->line) {
        e->line = line;
        if (group_set(ov, 1))
            memcpy(e->hresult, s + ov[2], ov[3] - ov[2]), e->hresult[ov[3] - ov[2]] = '\0';
        ascii_lower(e->hresult);
        error_text_add(e->message, sizeof e->message, s + ov[4], ov[5] - ov[4]);
    }
    /* the message ends with " )" on the same line or on a line of its own */
    e->open = !closes_error(s, len);
    return 1;
}

/* appcmd printed an ERROR instead of (some of) the sites: the list is incomplete; says why. */
static void report_listing_error(const struct appcmd_error *e, struct site_list *out, struct diags *d)
{
    out->incomplete = 1;
    int too_many = strcmp(e->hresult, "8007007a") == 0;
    const char *what = out->count ? "all sites" : "sites";
    const char *then = out->count ? "the site list is incomplete" : "the plan has no site list";
    if (too_many)
        diag_add(d, SEV_WARNING, e->line, SOURCE, "appcmd could not list %s (hresult 8007007a: too many bindings); %s",
                 what, then);
    else if (e->hresult[0])
        diag_add(d, SEV_WARNING, e->line, SOURCE, "appcmd could not list %s (hresult %s: %s); %s", what,
                 e->hresult, e->message, then);
    else
        diag_add(d, SEV_WARNING, e->line, SOURCE, "appcmd could not list %s (%s); %s", what, e->message, then);
}

/* Lines that were neither SITE lines nor an ERROR: another view of appcmd, or not appcmd at all. */
static int not_a_site_listing(int other_view, struct diags *d)
{
    if (other_view)
        diag_add(d, SEV_ERROR, 0, SOURCE,
                 "this is another appcmd view (/text:* or /config), not `appcmd list site`: run it without options");
    else
        diag_add(d, SEV_ERROR, 0, SOURCE, "no SITE line and no appcmd ERROR: this is not the output of `appcmd list site`");
    return -1;
}

int appcmd_parse_sites(const struct text *t, struct site_list *out, struct diags *d)
{
    memset(out, 0, sizeof *out);
    arena_init(&out->arena);
    if (!t || t->n_lines == 0)
        return 0;
    pcre2_match_data *md = pattern_set_match_data(&appcmd_patterns);
    struct binding_vec v = {NULL, 0, 0};
    int site_lines = 0, other_lines = 0, other_view = 0;
    struct appcmd_error err;
    memset(&err, 0, sizeof err);

    for (size_t i = 0; i < t->n_lines; i++) {
        const char *s = t->lines[i].s;
        size_t len = t->lines[i].len;
        int line = (int)(i + 1);
        PCRE2_SIZE *ov;
        if (blank_line(s, len) || error_block_line(&err, s, len, line, md))
            continue;
        if (match(PAT_SITE_ISH, s, len, 0, md, &ov)) {
            site_lines++;
            if (parse_site(s, len, line, out, &v, d, md) < 0) {
                out->incomplete = 1;
                diag_add(d, SEV_WARNING, line, SOURCE,
                         "SITE line could not be read (cut off or malformed), the site list is incomplete: %.*s",
                         excerpt_len(s, len, 80), s);
            }
            continue;
        }
        if (match(PAT_OTHER_VIEW, s, len, 0, md, &ov))
            other_view = 1;
        other_lines++;
        diag_add(d, SEV_WARNING, line, SOURCE, "not a SITE line of `appcmd list site`, ignored: %.*s",
                 excerpt_len(s, len, 80), s);
    }
    free(v.items);
    pcre2_match_data_free(md);

    if (err.line) {
        report_listing_error(&err, out, d);
        return 0;
    }
    if (site_lines == 0 && other_lines > 0)
        return not_a_site_listing(other_view, d);
    return 0;
}

void site_list_free(struct site_list *l)
{
    if (!l)
        return;
    free(l->items);
    arena_free(&l->arena);
    memset(l, 0, sizeof *l);
}

/* ---------------------------------------------------------------- site binding <-> socket */

/* Dotted-quad IPv4, no leading junk; 1 on success. */
static int parse_ipv4(const char *s, size_t len, unsigned char out[4])
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (part) {
            if (i >= len || s[i] != '.')
                return 0;
            i++;
        }
        size_t start = i;
        unsigned v = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 3)
            v = v * 10 + (unsigned)(s[i++] - '0');
        if (i == start || v > 255)
            return 0;
        out[part] = (unsigned char)v;
    }
    return i == len;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)ascii_tolower((unsigned char)c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* IPv6 text (optional brackets, "::", embedded IPv4 tail, "%zone" ignored) -> 16 bytes; 1 on success. */
static int parse_ipv6(const char *s, unsigned char out[16])
{
    size_t len = strlen(s);
    if (len >= 2 && s[0] == '[' && s[len - 1] == ']')
        s++, len -= 2;
    const char *pct = memchr(s, '%', len);
    if (pct)
        len = (size_t)(pct - s);
    unsigned char words[16];
    int n = 0, gap = -1;
    size_t i = 0;
    if (len >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        i = 2;
    } else if (len >= 1 && s[0] == ':') {
        return 0;
    }
    while (i < len) {
        if (n >= 16)
            return 0;
        /* an IPv4 tail: the last group holds dots */
        if (!memchr(s + i, ':', len - i) && memchr(s + i, '.', len - i)) {
            if (n > 12 || !parse_ipv4(s + i, len - i, words + n))
                return 0;
            n += 4;
            i = len;
            break;
        }
        unsigned v = 0;
        size_t start = i;
        while (i < len && hexval(s[i]) >= 0 && i - start < 4)
            v = v * 16 + (unsigned)hexval(s[i++]);
        if (i == start)
            return 0;
        words[n++] = (unsigned char)(v >> 8);
        words[n++] = (unsigned char)(v & 0xFF);
        if (i == len)
            break;
        if (s[i] != ':')
            return 0;
        i++;
        if (i < len && s[i] == ':') {
            if (gap >= 0)
                return 0;
            gap = n;
            i++;
        } else if (i == len) {
            return 0; /* trailing single ':' */
        }
    }
    if (gap < 0) {
        if (n != 16)
            return 0;
        memcpy(out, words, 16);
        return 1;
    }
    if (n > 14)
        return 0;
    memset(out, 0, 16);
    memcpy(out, words, (size_t)gap);
    memcpy(out + 16 - (n - gap), words + gap, (size_t)(n - gap));
    return 1;
}

enum ip_kind { IP_OTHER, IP_ANY, IP_V4, IP_V6 };

/* Classifies an address as printed by appcmd ("*", "", IPv4, IPv6) or netsh (host of a key). */
static enum ip_kind classify_ip(const char *s, unsigned char bytes[16])
{
    memset(bytes, 0, 16);
    if (!s || !*s || strcmp(s, "*") == 0)
        return IP_ANY;
    if (parse_ipv4(s, strlen(s), bytes))
        return IP_V4;
    if (parse_ipv6(s, bytes))
        return IP_V6;
    return IP_OTHER;
}

static int all_zero(const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return 0;
    return 1;
}

int site_binding_matches_socket(const struct site_binding *sb, const struct binding *b)
{
    if (!sb || !b || !sb->protocol || ascii_casecmp(sb->protocol, "https") != 0)
        return SITE_MATCH_NONE;
    if (sb->port < 0 || b->port < 0 || sb->port != b->port)
        return SITE_MATCH_NONE;
    const char *host = sb->host ? sb->host : "";
    switch (b->kind) {
    case BINDING_HOSTNAMEPORT:
        return (b->host && *host && host_eq(host, b->host)) ? SITE_MATCH_YES : SITE_MATCH_NONE;
    case BINDING_CCS:
        return *host ? SITE_MATCH_CCS : SITE_MATCH_NONE;
    case BINDING_SCOPEDCCS:
        return (b->host && *host && host_eq(host, b->host)) ? SITE_MATCH_CCS : SITE_MATCH_NONE;
    case BINDING_IPPORT:
        break;
    }
    if (!b->host)
        return SITE_MATCH_NONE;
    unsigned char sa[16], ba[16];
    enum ip_kind sk = classify_ip(sb->ip, sa);
    enum ip_kind bk = classify_ip(b->host, ba);
    int b_any4 = bk == IP_V4 && all_zero(ba, 4);
    int b_any6 = bk == IP_V6 && all_zero(ba, 16);
    switch (sk) {
    case IP_ANY:
        return (b_any4 || b_any6) ? SITE_MATCH_YES : SITE_MATCH_NONE;
    case IP_V4:
        return (b_any4 || (bk == IP_V4 && memcmp(sa, ba, 4) == 0)) ? SITE_MATCH_YES : SITE_MATCH_NONE;
    case IP_V6:
        return (b_any6 || (bk == IP_V6 && memcmp(sa, ba, 16) == 0)) ? SITE_MATCH_YES : SITE_MATCH_NONE;
    case IP_OTHER:
        break;
    }
    return ascii_casecmp(sb->ip, b->host) == 0 ? SITE_MATCH_YES : SITE_MATCH_NONE;
}

const struct site *site_list_find(const struct site_list *l, const char *name)
{
    for (size_t i = 0; l && name && i < l->count; i++)
        if (l->items[i].name && !ascii_casecmp(l->items[i].name, name))
            return &l->items[i];
    return NULL;
}
