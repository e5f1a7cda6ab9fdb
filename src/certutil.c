/* Parser of `certutil -store <store>` and `certutil -v -store <store>` output.
 *
 * The output is a sequence of blocks opened by a banner ("================ Certificate 3
 * ================", the word localized) and closed by the next banner or certutil's own
 * "CertUtil: ..." line. Inside a block, "Label: value" / "Label = value" lines are looked up in the
 * per-language tables (src/lang/certutil_*.c); whole-line messages ("Missing stored keyset") in a
 * second table. The verbose form adds multi-line names (Issuer:/Subject: followed by indented
 * RDNs), the extensions (Subject Alternative Name -> DNS Name=) and the properties
 * (CERT_SHA1_HASH_PROP_ID(3), CERT_KEY_PROV_INFO_PROP_ID(2)).
 * Where a label is unknown (a language without a table), value shapes and positions still give
 * the hash (40 hex digits, label mentioning sha1), the serial (first line), the dates and the
 * names (before/after the dates); the parser says which fields it read that way.
 * Dates are read after the whole output is seen, so every date in it is evidence for the
 * ambiguous ones (see dates.h). */
#include "certutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "arena.h"
#include "dates.h"
#include "hexhash.h"
#include "lang/certutil_labels.h"
#include "labels.h"
#include "pattern.h"
#include "strbuf.h"

static const char SOURCE[] = "certutil -store";

/* ---------- patterns and tables, built once ---------- */

enum pattern_id { RE_BANNER, RE_FAILURE, RE_HEADER, RE_RDN, RE_COUNT };

static const char *const pattern_src[RE_COUNT] = {
    /* ===== Word N ===== */
    [RE_BANNER] = "^[ \\t]*={3,}[ \\t]+([^=\\s](?:.*\\S)?)[ \\t]+(\\d{1,9})[ \\t]+={3,}[ \\t]*$",
    /* CertUtil: -store command FAILED: 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND); French "CertUtil :" */
    [RE_FAILURE] = "^[ \\t]*CertUtil[ \\t\\x{a0}\\x{202f}]*:[ \\t]*(-[a-z]+)?.*?(0x[0-9a-f]{8})(?:[ \\t]*\\(([^)]{0,200})\\))?",
    /* My "Personal" */
    [RE_HEADER] = "^[ \\t]*([a-z][a-z0-9_.\\-]{0,63})(?:[ \\t]+\"([^\"]{0,200})\")?[ \\t]*$",
    /*     CN=value (verbose names) */
    [RE_RDN] = "^[ \\t]+(?:[a-z][a-z0-9]*|\\d+(?:\\.\\d+)+)=",
};

/* Not PCRE2_MATCH_INVALID_UTF: with it, PCRE2 10.42's JIT fails to match \\S on a multi-byte
 * character after an ASCII prefix ("===== 证书 2 =====" never matched). text_decode() always
 * hands us valid UTF-8, and pcre2_match's own UTF check rejects anything else without harm. */
static struct pattern_set certutil_patterns = {.owner = "certutil", .sources = pattern_src, .count = RE_COUNT,
                                               .options = PCRE2_UTF | PCRE2_CASELESS, .match_limit = 1000000};
static struct label_set certutil_labels = {certutil_label_tables, &certutil_label_table_count, NULL, NULL};
static struct label_set certutil_messages = {certutil_message_tables, &certutil_message_table_count, NULL, NULL};

/* ---------- small string helpers ---------- */

/* Bytes of a blank at p: space, tab, U+00A0, U+202F (French puts these before ':'). */
static size_t blank_at(const char *p, size_t avail)
{
    const unsigned char *u = (const unsigned char *)p;
    if (avail >= 1 && (u[0] == ' ' || u[0] == '\t'))
        return 1;
    if (avail >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (avail >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xAF)
        return 3;
    return 0;
}

static size_t blank_before(const char *s, size_t end)
{
    const unsigned char *u = (const unsigned char *)s;
    if (end >= 1 && (u[end - 1] == ' ' || u[end - 1] == '\t'))
        return 1;
    if (end >= 2 && u[end - 2] == 0xC2 && u[end - 1] == 0xA0)
        return 2;
    if (end >= 3 && u[end - 3] == 0xE2 && u[end - 2] == 0x80 && u[end - 1] == 0xAF)
        return 3;
    return 0;
}

static void trim(const char **s, size_t *len)
{
    size_t b;
    while (*len && (b = blank_at(*s, *len)) > 0) {
        *s += b;
        *len -= b;
    }
    while (*len && (b = blank_before(*s, *len)) > 0)
        *len -= b;
}

/* Copies a label into out (capacity 256) the way the tables write it: blanks as spaces,
 * U+2019 as '\''. Returns the length, or 0 when it does not fit (no label is that long). */
static size_t label_key(const char *s, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        const unsigned char *u = (const unsigned char *)s + i;
        size_t b = blank_at(s + i, len - i);
        if (o + 1 >= cap)
            return 0;
        if (b) {
            out[o++] = ' ';
            i += b;
        } else if (len - i >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x99) {
            out[o++] = '\'';
            i += 3;
        } else {
            out[o++] = s[i++];
        }
    }
    out[o] = '\0';
    return o;
}

static int lookup(const struct label_index *ix, const char *s, size_t len, const char **lang)
{
    char key[256];
    trim(&s, &len);
    if (!len || len >= sizeof key)
        return -1;
    size_t k = label_key(s, len, key, sizeof key);
    if (!k)
        return -1;
    return label_index_find(ix, key, k, lang);
}

/* A whole-line message: also without its final '.' or '。'. */
static int lookup_message(const struct label_index *ix_messages, const char *s, size_t len, const char **lang)
{
    trim(&s, &len);
    int id = lookup(ix_messages, s, len, lang);
    if (id >= 0)
        return id;
    if (len >= 1 && s[len - 1] == '.')
        return lookup(ix_messages, s, len - 1, lang);
    if (len >= 3 && memcmp(s + len - 3, "\xE3\x80\x82", 3) == 0)
        return lookup(ix_messages, s, len - 3, lang);
    return -1;
}

static int contains_sha1_word(const char *s, size_t len)
{
    for (size_t i = 0; i + 4 <= len; i++)
        if (ascii_has_prefix(s + i, len - i, "sha1"))
            return 1;
    return 0;
}

/* Length of certutil's own "CertUtil:" at the start of s, blanks before the colon allowed
 * (French prints "CertUtil : -store ÉCHEC de la commande : 0x80070002"); 0 if none. */
static size_t certutil_prefix(const char *s, size_t len)
{
    if (!ascii_has_prefix(s, len, "CertUtil"))
        return 0;
    size_t i = 8, b;
    while (i < len && (b = blank_at(s + i, len - i)) > 0)
        i += b;
    return i < len && s[i] == ':' ? i + 1 : 0;
}

/* Serial numbers: hex digits, possibly byte-spaced; at most 40 digits (20 bytes). */
static int looks_serial(const char *s, size_t len)
{
    size_t hex = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ')
            continue;
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return 0;
        hex++;
    }
    return hex >= 1 && hex <= 40;
}

static int looks_dn(const char *s, size_t len)
{
    /* "CN=x", "OU=x, O=y", "E=a@b, CN=c" */
    for (size_t i = 0; i + 1 < len && i < 64; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '=')
            return i > 0;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'))
            return 0;
    }
    return 0;
}

/* ---------- parser state ---------- */

/* What the next lines of a block mean: the verbose form spreads one value over several lines. */
enum block_state {
    BS_FIELDS,     /* "Label: value" lines and whole-line messages */
    BS_NAME,       /* indented RDN lines of a name whose label had no value (Issuer:, Subject:) */
    BS_SAN,        /* inside the Subject Alternative Name extension: its "DNS Name=" lines count */
    BS_TEMPLATE,   /* the next line, if more indented, is the certificate template's name */
    BS_HASH_VALUE, /* the next line is the value of CERT_SHA1_HASH_PROP_ID */
};

enum dn_target { DN_ISSUER, DN_SUBJECT, DN_UNKNOWN };

struct block {
    int active;
    size_t index_in_list;
    enum block_state state;
    int state_indent; /* indent of the line that entered BS_SAN or BS_TEMPLATE */
    /* the name being collected in BS_NAME */
    enum dn_target dn;
    struct strbuf dn_buf;
    size_t dn_rdns;
    /* what was read */
    char sha1_label[41], sha1_prop[41], sha1_strong[41], sha1_weak[41];
    int have_label, have_prop, have_strong;
    size_t weak_count;
    const char *template_type, *template_plain;
    int key_present, key_absent;
    int top_lines;     /* top-level label lines so far (position of the serial) */
    int dates_seen;    /* NotBefore/NotAfter (named or by shape) so far */
    int verbose;
    /* fallbacks for unknown labels */
    struct strbuf unknown; /* "'a', 'b'" */
    size_t unknown_count;
    const char *fb_serial, *fb_issuer, *fb_subject, *fb_not_before, *fb_not_after;
};

struct parser {
    const struct text *t;
    const struct certutil_options *opt;
    struct cert_list *out;
    struct diags *d;
    pcre2_code *const *re;     /* the compiled pattern_src */
    pcre2_match_data *md;
    const struct label_index *labels, *messages;
    char *scratch; /* match() copies its subject here */
    size_t scratch_cap;
    struct block b;
    const char **dns; /* scratch for the current block */
    size_t dns_n, dns_cap;
    int seen_banner, skipping, header_seen;
    int stray_line; /* first line of certificate data outside any block (banner missing) */
    int failed, await_fail_message, fail_line;
    char *fail_code, *fail_code_text, *fail_message, *fail_command;
    int dump;            /* reading `certutil -dump FILE`, not `certutil -store` */
    char *other_command; /* "-dump": the output of another certutil verb */
    int other_command_line;
    /* votes per language: one slot per table, so every language a label can come from fits */
    const char **lang_names;
    size_t *lang_votes, lang_slots;
};

static void vote_language(struct parser *p, const char *lang)
{
    for (size_t i = 0; lang && i < p->lang_slots; i++) {
        if (p->lang_names[i] == lang || !p->lang_names[i]) {
            p->lang_names[i] = lang;
            p->lang_votes[i]++;
            return;
        }
    }
}

static char *dup_value(struct parser *p, const char *s, size_t len)
{
    trim(&s, &len);
    return arena_strndup(&p->out->arena, s, len);
}

static struct cert *cur(struct parser *p) { return &p->out->items[p->b.index_in_list]; }

/* Matches on a copy followed by zeroed bytes: PCRE2's JIT reads a little past the subject's end,
 * and at the end of the decoded text those bytes were never written (valgrind says so, rightly
 * or not). Callers only match lines they bounded (<= 64 KiB); offsets are the same in s. */
static int match(struct parser *p, enum pattern_id id, const char *s, size_t len)
{
    enum { PAD = 64 };
    if (p->scratch_cap < len + PAD) {
        free(p->scratch);
        p->scratch_cap = len + PAD + 256;
        p->scratch = xmalloc(p->scratch_cap);
    }
    memcpy(p->scratch, s, len);
    memset(p->scratch + len, 0, PAD);
    return pcre2_match(p->re[id], (PCRE2_SPTR)p->scratch, len, 0, 0, p->md, pattern_set_context(&certutil_patterns)) >= 0;
}

static void group(struct parser *p, int g, const char *s, const char **start, size_t *len)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
    if (ov[2 * g] == PCRE2_UNSET) {
        *start = NULL;
        *len = 0;
        return;
    }
    *start = s + ov[2 * g];
    *len = ov[2 * g + 1] - ov[2 * g];
}

/* ---------- blocks ---------- */

/* "certificate 3", or "the certificate" for a verbose dump without a banner; for messages. */
static const char *cert_name(const struct cert *c, char buf[32])
{
    if (c->index < 0)
        return "the certificate";
    snprintf(buf, 32, "certificate %d", c->index);
    return buf;
}

static void enter_name(struct block *b, enum dn_target target)
{
    b->state = BS_NAME;
    b->dn = target;
    b->dn_rdns = 0;
}

static void finish_dn(struct parser *p)
{
    struct block *b = &p->b;
    if (b->state != BS_NAME)
        return;
    if (b->dn_rdns > 0) {
        char *v = arena_strndup(&p->out->arena, b->dn_buf.data, b->dn_buf.len);
        struct cert *c = cur(p);
        if (b->dn == DN_ISSUER && !c->issuer)
            c->issuer = v;
        else if (b->dn == DN_SUBJECT && !c->subject)
            c->subject = v;
        else if (b->dn == DN_UNKNOWN) {
            if (b->dates_seen == 0 && !b->fb_issuer)
                b->fb_issuer = v;
            else if (b->dates_seen > 0 && !b->fb_subject)
                b->fb_subject = v;
        }
    }
    b->state = BS_FIELDS;
    b->dn_buf.len = 0;
    if (b->dn_buf.data)
        b->dn_buf.data[0] = '\0';
    b->dn_rdns = 0;
}

static void start_block(struct parser *p, long index, int line)
{
    struct cert_list *l = p->out;
    l->items = grow_array(l->items, &l->cap, l->count + 1, sizeof *l->items);
    struct cert *c = &l->items[l->count];
    memset(c, 0, sizeof *c);
    c->index = (int)index;
    c->line = line;
    c->has_private_key = TRI_UNKNOWN;
    c->store = l->store;
    struct strbuf keep_dn = p->b.dn_buf, keep_unknown = p->b.unknown;
    memset(&p->b, 0, sizeof p->b);
    p->b.dn_buf = keep_dn;
    p->b.dn_buf.len = 0;
    p->b.unknown = keep_unknown;
    p->b.unknown.len = 0;
    p->b.active = 1;
    p->b.index_in_list = l->count++;
    p->dns_n = 0;
}

/* CN= of a one-line name ("E=a@b, CN=\"Doe, John\", O=x"): RDNs split at commas outside quotes.
 * Plain C rather than a pattern: the name lives in the arena, and PCRE2's JIT reads a few bytes
 * past the subject, which valgrind reports when they were never written. */
static const char *cn_of(struct parser *p, const char *subject)
{
    if (!subject)
        return NULL;
    const char *s = subject;
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        const char *start = s;
        int quoted = 0;
        while (*s && (quoted || *s != ',')) {
            if (*s == '"')
                quoted = !quoted;
            s++;
        }
        size_t len = (size_t)(s - start);
        if (len >= 3 && ascii_tolower((unsigned char)start[0]) == 'c' && ascii_tolower((unsigned char)start[1]) == 'n' &&
            start[2] == '=') {
            const char *v = start + 3;
            size_t vl = len - 3;
            trim(&v, &vl);
            if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
                /* CN="a, b" with "" for a quote */
                char *r = arena_alloc(&p->out->arena, vl);
                size_t o = 0;
                for (size_t i = 1; i + 1 < vl; i++) {
                    r[o++] = v[i];
                    if (v[i] == '"' && i + 2 < vl && v[i + 1] == '"')
                        i++;
                }
                r[o] = '\0';
                return r;
            }
            return vl ? arena_strndup(&p->out->arena, v, vl) : NULL;
        }
        if (*s == ',')
            s++;
    }
    return NULL;
}

static void finish_block(struct parser *p)
{
    struct block *b = &p->b;
    if (!b->active)
        return;
    finish_dn(p);
    struct cert *c = cur(p);
    char nb[32];
    struct strbuf shaped;
    sb_init(&shaped);

    /* the hash: named label, else the SHA-1 property, else the value shapes */
    if (b->have_label) {
        c->sha1 = arena_strdup(&p->out->arena, b->sha1_label);
        if (b->have_prop && strcmp(b->sha1_label, b->sha1_prop) != 0)
            diag_add(p->d, SEV_WARNING, c->line, SOURCE,
                     "%s: Cert Hash(sha1) %s differs from CERT_SHA1_HASH_PROP_ID %s; using the first",
                     cert_name(c, nb), b->sha1_label, b->sha1_prop);
    } else if (b->have_prop) {
        c->sha1 = arena_strdup(&p->out->arena, b->sha1_prop);
    } else if (b->have_strong) {
        c->sha1 = arena_strdup(&p->out->arena, b->sha1_strong);
        sb_adds(&shaped, "SHA-1 hash (40 hex digits after a label naming sha1)");
    } else if (b->weak_count == 1) {
        c->sha1 = arena_strdup(&p->out->arena, b->sha1_weak);
        sb_adds(&shaped, "SHA-1 hash (the only 40-hex-digit value)");
    }
#define FALLBACK(field, fb, what)                                                                                    \
    if (!c->field && b->fb) {                                                                                        \
        c->field = b->fb;                                                                                            \
        if (shaped.len)                                                                                              \
            sb_adds(&shaped, ", ");                                                                                  \
        sb_adds(&shaped, what);                                                                                      \
    }
    FALLBACK(serial, fb_serial, "serial (first line)")
    FALLBACK(issuer, fb_issuer, "issuer (name before the dates)")
    FALLBACK(subject, fb_subject, "subject (name after the dates)")
    FALLBACK(not_before_text, fb_not_before, "NotBefore (first date)")
    FALLBACK(not_after_text, fb_not_after, "NotAfter (second date)")
#undef FALLBACK
    if (b->unknown_count && (shaped.len || !c->sha1 || !c->serial || !c->subject || !c->issuer || !c->not_after_text)) {
        struct strbuf missing;
        sb_init(&missing);
        const char *names[] = {"sha1", "serial", "issuer", "subject", "not_before", "not_after"};
        const void *vals[] = {c->sha1, c->serial, c->issuer, c->subject, c->not_before_text, c->not_after_text};
        for (size_t i = 0; i < 6; i++)
            if (!vals[i]) {
                if (missing.len)
                    sb_adds(&missing, ", ");
                sb_adds(&missing, names[i]);
            }
        diag_add(p->d, SEV_WARNING, c->line, SOURCE,
                 "%s: %lu label(s) not in any language table (%s)%s%s%s%s", cert_name(c, nb),
                 (unsigned long)b->unknown_count,
                 b->unknown.data ? b->unknown.data : "", shaped.len ? "; read by value shape and position: " : "",
                 shaped.len ? shaped.data : "", missing.len ? "; could not read: " : "",
                 missing.len ? missing.data : "");
        sb_free(&missing);
    }
    sb_free(&shaped);
    if (!c->sha1)
        diag_add(p->d, SEV_WARNING, c->line, SOURCE, "%s has no readable SHA-1 hash (Cert Hash(sha1))",
                 cert_name(c, nb));

    c->template_name = b->template_type ? b->template_type : b->template_plain;
    c->has_private_key = b->key_absent ? TRI_FALSE : b->key_present ? TRI_TRUE : TRI_UNKNOWN;
    c->subject_cn = cn_of(p, c->subject);
    c->dns_names_known = b->verbose;
    if (b->verbose)
        p->out->verbose = 1;
    if (p->dns_n) {
        c->dns_names = arena_alloc(&p->out->arena, p->dns_n * sizeof *c->dns_names);
        memcpy(c->dns_names, p->dns, p->dns_n * sizeof *c->dns_names);
        c->dns_count = p->dns_n;
    }
    b->active = 0;
}

static void add_unknown_label(struct block *b, const char *label, size_t len)
{
    b->unknown_count++;
    if (b->unknown_count > 6)
        return;
    if (b->unknown.len)
        sb_adds(&b->unknown, ", ");
    if (b->unknown_count == 6) {
        sb_adds(&b->unknown, "...");
        return;
    }
    sb_addc(&b->unknown, '\'');
    sb_add(&b->unknown, label, len > 60 ? 60 : len);
    sb_addc(&b->unknown, '\'');
}

/* The first non-empty value of a field wins (a verbose listing may show one again). */
static void keep_first(struct parser *p, const char **field, const char *v, size_t vl)
{
    if (!*field && vl)
        *field = dup_value(p, v, vl);
}

/* The serial number as certrebind compares it: lower case, without the blanks of older layouts. */
static const char *serial_value(struct parser *p, const char *v, size_t vl)
{
    char *s = arena_alloc(&p->out->arena, vl + 1);
    size_t o = 0;
    for (size_t i = 0; i < vl; i++)
        if (v[i] != ' ')
            s[o++] = (char)ascii_tolower((unsigned char)v[i]);
    s[o] = '\0';
    return s;
}

/* "Cert Hash(sha1): ..." (the label's hash, the first one read); a malformed one is a warning. */
static void label_hash(struct parser *p, const char *v, size_t vl, int line)
{
    struct block *b = &p->b;
    char nb[32];
    if (b->have_label)
        return;
    if (sha1_normalise(v, vl, b->sha1_label) == 0)
        b->have_label = 1;
    else
        diag_add(p->d, SEV_WARNING, line, SOURCE, "%s: the certificate hash %s", cert_name(cur(p), nb),
                 sha1_problem(v, vl));
}

/* A "Label: value" line with a known label id. */
static void known_label(struct parser *p, int id, const char *v, size_t vl, int line)
{
    struct block *b = &p->b;
    struct cert *c = cur(p);
    trim(&v, &vl);
    switch ((enum certutil_label_id)id) {
    case CL_SERIAL:
        if (!c->serial && vl)
            c->serial = serial_value(p, v, vl);
        break;
    case CL_ISSUER:
    case CL_SUBJECT:
        if (vl == 0) /* verbose: the name follows, one RDN per indented line */
            enter_name(b, id == CL_ISSUER ? DN_ISSUER : DN_SUBJECT);
        else
            keep_first(p, id == CL_ISSUER ? &c->issuer : &c->subject, v, vl);
        break;
    case CL_NOTBEFORE:
    case CL_NOTAFTER:
        b->dates_seen++;
        keep_first(p, id == CL_NOTBEFORE ? &c->not_before_text : &c->not_after_text, v, vl);
        break;
    case CL_SHA1:
        label_hash(p, v, vl, line);
        break;
    case CL_SHA1_PROP:
        if (vl == 0)
            b->state = BS_HASH_VALUE;
        else if (!b->have_prop && sha1_normalise(v, vl, b->sha1_prop) == 0)
            b->have_prop = 1;
        break;
    case CL_TEMPLATE:
        keep_first(p, &b->template_plain, v, vl);
        break;
    case CL_TEMPLATE_TYPE:
        keep_first(p, &b->template_type, v, vl);
        break;
    case CL_KEY_CONTAINER:
    case CL_PROVIDER:
        if (vl) {
            b->key_present = 1;
            keep_first(p, id == CL_KEY_CONTAINER ? &c->key_container : &c->provider, v, vl);
        }
        break;
    case CL_DNS_NAME:
        if (b->state == BS_SAN && vl) {
            p->dns = grow_array(p->dns, &p->dns_cap, p->dns_n + 1, sizeof *p->dns);
            p->dns[p->dns_n++] = dup_value(p, v, vl);
        }
        break;
    case CL_ARCHIVED_PROP:
        c->archived = 1;
        break;
    case CL_VERBOSE_MARK:
        b->verbose = 1;
        break;
    case CL_IGNORE:
        break;
    }
}

/* A "Label: value" line whose label no table knows: keep what its value's shape says. */
static void unknown_label(struct parser *p, const char *label, size_t ll, const char *v, size_t vl, int indent)
{
    struct block *b = &p->b;
    trim(&label, &ll);
    trim(&v, &vl);
    if (indent > 2 || ll == 0)
        return; /* extension details, hex dumps, property contents */
    add_unknown_label(b, label, ll);
    int position = b->top_lines;
    char hash[41];
    struct date_scan ds;
    if (vl && sha1_normalise(v, vl, hash) == 0) {
        if (contains_sha1_word(label, ll)) {
            memcpy(b->sha1_strong, hash, 41); /* the last one wins: Cert Hash comes after Key Id Hash */
            b->have_strong = 1;
        } else if (position > 0) {
            if (b->weak_count == 0 || strcmp(b->sha1_weak, hash) != 0)
                b->weak_count++;
            memcpy(b->sha1_weak, hash, 41);
        } else if (!b->fb_serial) {
            b->fb_serial = dup_value(p, v, vl);
        }
    } else if (position <= 3 && vl >= 6 && looks_serial(v, vl)) {
        /* the serial is the first value of a plain block; the verbose form has "Version: 3" and
         * the like before it, hence a few lines' slack and no short values */
        if (!b->fb_serial)
            b->fb_serial = serial_value(p, v, vl);
    } else if (vl && vl < 200 && date_scan(v, vl, &ds) == 0) {
        if (b->dates_seen == 0 && !b->fb_not_before)
            b->fb_not_before = dup_value(p, v, vl);
        else if (b->dates_seen == 1 && !b->fb_not_after)
            b->fb_not_after = dup_value(p, v, vl);
        b->dates_seen++;
    } else if (vl && looks_dn(v, vl)) {
        if (b->dates_seen == 0 && !b->fb_issuer)
            b->fb_issuer = dup_value(p, v, vl);
        else if (b->dates_seen > 0 && !b->fb_subject)
            b->fb_subject = dup_value(p, v, vl);
    } else if (vl == 0) {
        enter_name(b, DN_UNKNOWN); /* maybe a verbose name: kept if RDN lines follow */
    }
}

/* A Subject Alternative Name entry that is not a DNS name: the request/accept commands must know
 * that the certificate has one (a renewal request cannot carry it over by name). */
static void san_other_entry(struct parser *p, const char *content, size_t clen)
{
    struct cert *c = cur(p);
    if (!c->san_other)
        c->san_other = dup_value(p, content, (size_t)diag_quote_len(content, clen));
    c->san_other_count++;
}

/* A line that continues what the line before began (a hash on its own line, the template's name,
 * the RDNs of a verbose name, the entries of a SAN): 1 when it was read as such. */
static int continuation_line(struct parser *p, const char *content, size_t clen, int indent)
{
    struct block *b = &p->b;
    switch (b->state) {
    case BS_HASH_VALUE:
        b->state = BS_FIELDS;
        if (!b->have_prop && sha1_normalise(content, clen, b->sha1_prop) == 0) {
            b->have_prop = 1;
            return 1;
        }
        break;
    case BS_TEMPLATE:
        b->state = BS_FIELDS;
        if (indent > b->state_indent) {
            if (!b->template_type)
                b->template_type = dup_value(p, content, clen);
            return 1;
        }
        break;
    case BS_NAME:
        if (indent >= 3 && clen < 65536 && match(p, RE_RDN, content - indent, clen + (size_t)indent)) {
            if (b->dn_rdns++)
                sb_adds(&b->dn_buf, ", ");
            sb_add(&b->dn_buf, content, clen);
            return 1;
        }
        finish_dn(p);
        break;
    case BS_SAN:
        if (indent <= b->state_indent)
            b->state = BS_FIELDS;
        break;
    case BS_FIELDS:
        break;
    }
    return 0;
}

/* "Label: value" or "Label = value" (known, unknown, or a SAN entry that is no DNS name): 1 when
 * the line was one. */
static int label_line(struct parser *p, const char *content, size_t clen, int indent, int line)
{
    struct block *b = &p->b;
    /* try the separators in the order they appear */
    const char *colon = memchr(content, ':', clen);
    const char *equal = memchr(content, '=', clen);
    const char *seps[2] = {colon, equal};
    if (colon && equal && equal < colon) {
        seps[0] = equal;
        seps[1] = colon;
    }
    for (int k = 0; k < 2; k++) {
        if (!seps[k])
            continue;
        const char *lang = NULL;
        int id = lookup(p->labels, content, (size_t)(seps[k] - content), &lang);
        if (id < 0)
            continue;
        if (b->state == BS_SAN && id != CL_DNS_NAME)
            break; /* an IP address, an e-mail, an other name: not a DNS name */
        if (id == CL_SERIAL || id == CL_ISSUER || id == CL_SUBJECT || id == CL_SHA1 || id == CL_NOTBEFORE ||
            id == CL_NOTAFTER || id == CL_KEY_CONTAINER || id == CL_PROVIDER)
            vote_language(p, lang);
        known_label(p, id, seps[k] + 1, clen - (size_t)(seps[k] + 1 - content), line);
        if (indent <= 2)
            b->top_lines++;
        return 1;
    }
    if (b->state == BS_SAN && (seps[0] || indent > b->state_indent)) {
        san_other_entry(p, content, clen);
        return 1;
    }
    if (seps[0]) {
        unknown_label(p, content, (size_t)(seps[0] - content), seps[0] + 1, clen - (size_t)(seps[0] + 1 - content),
                      indent);
        if (indent <= 2)
            b->top_lines++;
        return 1;
    }
    return 0;
}

/* A line without a label: one of the messages tables know (no key, archived, a SAN or template
 * header), or nothing certrebind needs. */
static void message_line(struct parser *p, const char *content, size_t clen, int indent)
{
    struct block *b = &p->b;
    const char *lang = NULL;
    switch (lookup_message(p->messages, content, clen, &lang)) {
    case CM_NO_KEY_INFO:
    case CM_MISSING_KEYSET:
    case CM_CANNOT_FIND_KEY:
        b->key_absent = 1;
        vote_language(p, lang);
        break;
    case CM_ARCHIVED:
        cur(p)->archived = 1;
        break;
    case CM_SAN_HEADER:
        b->state = BS_SAN;
        b->state_indent = indent;
        b->verbose = 1;
        break;
    case CM_TEMPLATE_NAME_EXT:
        b->state = BS_TEMPLATE;
        b->state_indent = indent;
        break;
    default:
        break;
    }
}

/* One line inside a certificate block. */
static void block_line(struct parser *p, const char *content, size_t clen, int indent, int line)
{
    if (continuation_line(p, content, clen, indent) || label_line(p, content, clen, indent, line))
        return;
    message_line(p, content, clen, indent);
}

/* ---------- lines outside blocks ---------- */

/* A "Label: value" line that only a certificate block has (serial, names, dates, hash). */
static int is_certificate_data(const struct parser *p, const char *content, size_t clen)
{
    const char *sep = memchr(content, ':', clen);
    const char *eq = memchr(content, '=', clen);
    if (!sep || (eq && eq < sep))
        sep = eq;
    if (!sep)
        return 0;
    switch (lookup(p->labels, content, (size_t)(sep - content), NULL)) {
    case CL_SERIAL:
    case CL_ISSUER:
    case CL_SUBJECT:
    case CL_NOTBEFORE:
    case CL_NOTAFTER:
    case CL_SHA1:
        return 1;
    default:
        return 0;
    }
}

/* "X509 Certificate:" (localized) with nothing after it: the start of a verbose dump. */
static int starts_x509_dump(const struct parser *p, const char *content, size_t clen)
{
    if (clen < 2 || content[clen - 1] != ':')
        return 0;
    return lookup(p->labels, content, clen - 1, NULL) == CL_VERBOSE_MARK;
}

static int banner_line(struct parser *p, const char *s, size_t len, int line)
{
    if (len > 512 || !match(p, RE_BANNER, s, len))
        return 0;
    const char *word, *num;
    size_t wl, nl;
    group(p, 1, s, &word, &wl);
    group(p, 2, s, &num, &nl);
    const char *lang = NULL;
    int id = lookup_message(p->messages, word, wl, &lang);
    int single_word = memchr(word, ' ', wl) == NULL;
    if (id != CM_BANNER_CERT && id != CM_BANNER_OTHER && !single_word)
        return 0; /* "Begin Nesting Level 1" and the like: not a block of its own */
    finish_block(p);
    p->seen_banner = 1;
    if (id == CM_BANNER_OTHER) {
        p->skipping = 1; /* a CRL or CTL in the store: not a certificate */
        return 1;
    }
    p->skipping = 0;
    long index = 0;
    for (size_t i = 0; i < nl; i++)
        index = index * 10 + (num[i] - '0');
    if (id == CM_BANNER_CERT)
        vote_language(p, lang);
    start_block(p, index, line);
    return 1;
}

static void certutil_line(struct parser *p, const char *s, size_t len, int line)
{
    finish_block(p);
    p->skipping = 0;
    if (len <= 4096 && match(p, RE_FAILURE, s, len)) {
        const char *cmd, *code, *text;
        size_t cl, kl, tl;
        group(p, 1, s, &cmd, &cl);
        group(p, 2, s, &code, &kl);
        group(p, 3, s, &text, &tl);
        if (!p->failed) {
            p->failed = 1;
            p->fail_line = line;
            p->fail_command = xstrndup(cmd ? cmd : "", cl);
            p->fail_code = xstrndup(code, kl);
            p->fail_code_text = text ? xstrndup(text, tl) : NULL;
            p->await_fail_message = 1;
        }
        return;
    }
    const char *msg = s;
    size_t ml = len;
    trim(&msg, &ml);
    size_t prefix = certutil_prefix(msg, ml);
    msg += prefix;
    ml -= prefix;
    trim(&msg, &ml);
    if (p->await_fail_message) {
        p->await_fail_message = 0;
        if (!p->fail_message)
            p->fail_message = xstrndup(msg, (size_t)diag_quote_len(msg, ml));
        return;
    }
    /* "CertUtil: -store command completed successfully." in every language names the verb */
    int own_verb = p->dump ? ascii_has_prefix(msg, ml, "-dump")
                           : ascii_has_prefix(msg, ml, "-store") || ascii_has_prefix(msg, ml, "-viewstore");
    if (ml >= 1 && msg[0] == '-' && !own_verb) {
        if (!p->other_command) {
            size_t w = 1;
            while (w < ml && w < 40 && msg[w] != ' ' && msg[w] != ':')
                w++;
            p->other_command = xstrndup(msg, w);
            p->other_command_line = line;
        }
        return;
    }
    p->out->complete = 1;
}

/* The line after the store name must be a banner or certutil's own line ("My" + nothing else
 * is no listing; a lone word in a -dump is no store name). */
static int next_is_listing(const struct text *t, size_t i)
{
    for (size_t k = i + 1; k < t->n_lines && k < i + 4; k++) {
        const char *c = t->lines[k].s;
        size_t n = t->lines[k].len;
        trim(&c, &n);
        if (n == 0)
            continue;
        return (n >= 3 && memcmp(c, "===", 3) == 0) || certutil_prefix(c, n) > 0;
    }
    return 0;
}

static void header_line(struct parser *p, const char *s, size_t len, int line)
{
    if (len > 300 || !next_is_listing(p->t, (size_t)line - 1) || !match(p, RE_HEADER, s, len))
        return;
    const char *name;
    size_t nl;
    group(p, 1, s, &name, &nl);
    p->header_seen = 1;
    char *store = arena_strndup(&p->out->arena, name, nl);
    if (p->opt && p->opt->store && ascii_casecmp(store, p->opt->store) != 0)
        diag_add(p->d, SEV_WARNING, line, SOURCE, "this is the listing of store \"%s\", not \"%s\"", store,
                 p->opt->store);
    if (!p->out->store)
        p->out->store = store;
}

/* ---------- dates, once everything is read ---------- */

static void resolve_dates(struct parser *p)
{
    struct cert_list *l = p->out;
    struct date_evidence ev;
    memset(&ev, 0, sizeof ev);
    ev.explicit_order = p->opt ? p->opt->date_order : DATE_ORDER_UNKNOWN;
    ev.system_pattern = p->opt ? p->opt->system_date_format : NULL;
    ev.language = l->language;
    size_t ambiguous = 0;
    for (size_t i = 0; i < l->count; i++) {
        const char *texts[2] = {l->items[i].not_before_text, l->items[i].not_after_text};
        for (int k = 0; k < 2; k++) {
            struct date_scan ds;
            if (!texts[k] || date_scan(texts[k], strlen(texts[k]), &ds) != 0 || ds.year_first)
                continue;
            enum date_order o = date_scan_implied_order(&ds);
            if (o == DATE_ORDER_DMY)
                ev.day_first_votes++;
            else if (o == DATE_ORDER_MDY)
                ev.month_first_votes++;
            if (ds.sep == '.')
                ev.dot_dates++;
            if (ds.ampm >= 0)
                ev.ampm_dates++;
            else
                ev.h24_dates++;
            if (date_scan_ambiguous(&ds))
                ambiguous++;
        }
    }
    struct date_decision dec;
    date_order_decide(&ev, &dec);
    int explicit_order = ev.explicit_order == DATE_ORDER_DMY || ev.explicit_order == DATE_ORDER_MDY;
    if (ambiguous && dec.assumed)
        l->date_assumption = arena_strdup(&l->arena, dec.reason);
    for (size_t i = 0; i < l->count; i++) {
        struct cert *c = &l->items[i];
        char nb[32];
        const char *texts[2] = {c->not_before_text, c->not_after_text};
        time_t *vals[2] = {&c->not_before, &c->not_after};
        int *known[2] = {&c->not_before_known, &c->not_after_known};
        for (int k = 0; k < 2; k++) {
            struct date_scan ds;
            if (!texts[k])
                continue;
            if (date_scan(texts[k], strlen(texts[k]), &ds) != 0) {
                diag_add(p->d, SEV_WARNING, c->line, SOURCE, "%s: cannot read the date \"%.80s\"",
                         cert_name(c, nb), texts[k]);
                continue;
            }
            enum date_order o = date_scan_implied_order(&ds);
            if (explicit_order)
                o = ev.explicit_order;
            else if (o == DATE_ORDER_UNKNOWN)
                o = dec.order;
            if (date_scan_to_time(&ds, o, vals[k]) == 0)
                *known[k] = 1;
            else
                diag_add(p->d, SEV_WARNING, c->line, SOURCE,
                         "%s: the date \"%.80s\" is not a valid %s date%s", cert_name(c, nb), texts[k],
                         date_order_name(o), explicit_order ? " (--date-order)" : "");
        }
    }
}

/* ---------- errors certutil reports ---------- */

/* What certutil's failure codes mean for the admin: with the store name (%s) and without. */
static const struct {
    const char *code;
    const char *meaning, *generic;
} failure_hints[] = {
    {"0x80070002", "There is no certificate store named \"%s\" on this machine.",
     "The certificate store does not exist on this machine."},
    {"0x80070005", "Access to store \"%s\" was denied: run certrebind from an elevated (Administrator) prompt.",
     "Access was denied: run certrebind from an elevated (Administrator) prompt."},
    {"0x80092004", "The requested certificate is not in store \"%s\".", "The requested certificate was not found."},
    {"0x80070057", "certutil rejected its arguments (store \"%s\").", "certutil rejected its arguments."},
    {"0x80090016", "The key set of a certificate in store \"%s\" does not exist.", "A key set does not exist."},
};

static void report_failure(struct parser *p)
{
    const char *store = p->dump ? NULL : p->opt && p->opt->store ? p->opt->store : p->out->store;
    const char *hint = NULL;
    for (size_t i = 0; i < sizeof failure_hints / sizeof failure_hints[0]; i++)
        if (ascii_casecmp(p->fail_code, failure_hints[i].code) == 0)
            hint = store ? failure_hints[i].meaning : failure_hints[i].generic;
    if (p->dump && hint)
        hint = ascii_casecmp(p->fail_code, "0x80070002") == 0 ? "The file does not exist." : NULL;
    struct strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "certutil %s%s%s failed with %s", p->fail_command[0] ? p->fail_command : p->dump ? "-dump" : "-store",
              store ? " " : "", store ? store : "", p->fail_code);
    if (p->fail_code_text)
        sb_printf(&sb, " (%s)", p->fail_code_text);
    if (p->fail_message)
        sb_printf(&sb, ": %s", p->fail_message);
    if (hint) {
        size_t n = sb.len;
        sb_adds(&sb, n && sb.data[n - 1] == '.' ? " " : ". ");
        const char *at = strstr(hint, "%s");
        if (at) {
            sb_add(&sb, hint, (size_t)(at - hint));
            sb_adds(&sb, store);
            sb_adds(&sb, at + 2);
        } else {
            sb_adds(&sb, hint);
        }
    }
    diag_add(p->d, SEV_ERROR, p->fail_line, SOURCE, "%s", sb.data);
    sb_free(&sb);
}

/* ---------- entry points ---------- */

/* A blank line ends a multi-line name, the SAN extension and a pending template name; a
 * pending SHA-1 property value may still follow it. */
static void blank_line_in_block(struct parser *p)
{
    finish_dn(p);
    if (p->b.state == BS_SAN || p->b.state == BS_TEMPLATE)
        p->b.state = BS_FIELDS;
}

static void scan_lines(struct parser *p)
{
    const struct text *t = p->t;
    for (size_t i = 0; i < t->n_lines; i++) {
        const char *s = t->lines[i].s;
        size_t len = t->lines[i].len;
        int line = (int)i + 1;
        size_t indent = 0;
        while (indent < len && (s[indent] == ' ' || s[indent] == '\t'))
            indent++;
        const char *content = s + indent;
        size_t clen = len - indent;
        trim(&content, &clen);
        if (clen == 0) {
            if (p->b.active)
                blank_line_in_block(p);
        } else if (content[0] == '=' && clen >= 8 && banner_line(p, s, len, line)) {
            continue;
        } else if (certutil_prefix(content, clen)) {
            certutil_line(p, s, len, line);
        } else if (p->skipping) {
            continue;
        } else if (p->b.active) {
            block_line(p, content, clen, indent > 1000 ? 1000 : (int)indent, line);
        } else if (starts_x509_dump(p, content, clen)) {
            /* a verbose dump without a banner (older certutil, or one certificate): index -1 */
            start_block(p, -1, line);
            p->b.verbose = 1;
        } else {
            if (!p->seen_banner && !p->out->complete && !p->failed && !p->header_seen)
                header_line(p, s, len, line);
            if (!p->stray_line && is_certificate_data(p, content, clen))
                p->stray_line = line;
        }
    }
    finish_block(p);
}

/* The language most labels were in. */
static const char *majority_language(const struct parser *p)
{
    const char *lang = NULL;
    size_t best = 0;
    for (size_t i = 0; i < p->lang_slots && p->lang_names[i]; i++)
        if (p->lang_votes[i] > best) {
            best = p->lang_votes[i];
            lang = p->lang_names[i];
        }
    return lang;
}

/* `certutil -dump FILE` of one certificate: exactly one block, certutil's -dump completion line. */
static int dump_verdict(struct parser *p)
{
    const struct cert_list *out = p->out;
    if (p->failed) {
        report_failure(p);
        return -1;
    }
    if (p->other_command && !out->complete) {
        diag_add(p->d, SEV_ERROR, p->other_command_line, SOURCE, "this is the output of certutil %s, not certutil -dump",
                 p->other_command);
        return -1;
    }
    if (out->count != 1) {
        diag_add(p->d, SEV_ERROR, 0, SOURCE,
                 out->count ? "certutil -dump showed %zu certificates; the file must hold exactly one"
                            : "certutil -dump showed no certificate (%zu): the file is not an X.509 certificate",
                 out->count);
        return -1;
    }
    if (!out->items[0].sha1) {
        diag_add(p->d, SEV_ERROR, out->items[0].line, SOURCE, "certutil -dump showed no readable SHA-1 hash");
        return -1;
    }
    if (!out->complete)
        diag_add(p->d, SEV_WARNING, (int)p->t->n_lines, SOURCE,
                 "the output ends without certutil's -dump completion line; it may have been cut short");
    return 0;
}

/* What a store listing as a whole says: 0 (certificates, or a complete empty store), or -1 with
 * the reason in d. */
static int store_verdict(struct parser *p)
{
    const struct text *t = p->t;
    struct cert_list *out = p->out;
    struct diags *d = p->d;
    if (p->stray_line && !p->failed)
        diag_add(d, SEV_WARNING, p->stray_line, SOURCE,
                 "certificate data outside any \"================ Certificate N ================\" block: the banner "
                 "lines are missing (edited or cut output), so %s certificate(s) were read and this store is not "
                 "known to be complete",
                 out->count ? "only the other" : "no");
    if (p->other_command && !out->complete)
        diag_add(d, out->count ? SEV_WARNING : SEV_ERROR, p->other_command_line, SOURCE,
                 "this is the output of certutil %s, not certutil -store%s", p->other_command,
                 out->count ? "; its certificates were read anyway" : "");
    if (p->other_command && !out->complete && out->count == 0 && !p->failed)
        return -1;
    if (p->failed) {
        report_failure(p);
        return -1;
    }
    if (out->count == 0 && !out->complete) {
        if (t->n_lines == 0 || (t->n_lines == 1 && t->lines[0].len == 0))
            diag_add(d, SEV_ERROR, 0, SOURCE, "the certutil output is empty");
        else if (p->header_seen)
            diag_add(d, SEV_ERROR, 0, SOURCE,
                     "the output names store \"%s\" but shows neither certificates nor certutil's completion line: "
                     "it was cut short or is not a certutil -store listing",
                     out->store ? out->store : "?");
        else
            diag_add(d, SEV_ERROR, 0, SOURCE,
                     "this is not a certutil -store listing: no \"================ Certificate N ================\" "
                     "block and no CertUtil completion line in %lu line(s)",
                     (unsigned long)t->n_lines);
        return -1;
    }
    if (out->count > 0 && !out->complete && !p->other_command)
        diag_add(d, SEV_WARNING, (int)t->n_lines, SOURCE,
                 "the output ends without certutil's completion line; it may have been cut short, so the last "
                 "certificate may be incomplete");
    return 0;
}

static void parser_init(struct parser *p, const struct text *t, const struct certutil_options *opt,
                        struct cert_list *out, struct diags *d, int dump)
{
    memset(out, 0, sizeof *out);
    arena_init(&out->arena);
    memset(p, 0, sizeof *p);
    p->t = t;
    p->opt = opt;
    p->out = out;
    p->d = d;
    p->dump = dump;
    p->re = pattern_set_get(&certutil_patterns);
    p->md = pattern_set_match_data(&certutil_patterns);
    p->labels = label_set_get(&certutil_labels);
    p->messages = label_set_get(&certutil_messages);
    p->lang_slots = certutil_label_table_count + certutil_message_table_count;
    p->lang_names = xcalloc(p->lang_slots, sizeof *p->lang_names);
    p->lang_votes = xcalloc(p->lang_slots, sizeof *p->lang_votes);
    sb_init(&p->b.dn_buf);
    sb_init(&p->b.unknown);
    if (opt && opt->store)
        out->store = arena_strdup(&out->arena, opt->store);
}

static void parser_cleanup(struct parser *p)
{
    free(p->fail_code);
    free(p->fail_code_text);
    free(p->fail_message);
    free(p->fail_command);
    free(p->other_command);
    free(p->dns);
    sb_free(&p->b.dn_buf);
    sb_free(&p->b.unknown);
    pcre2_match_data_free(p->md);
    free(p->lang_names);
    free(p->lang_votes);
    free(p->scratch);
}

static int parse_output(const struct text *t, const struct certutil_options *opt, struct cert_list *out,
                        struct diags *d, int dump)
{
    struct parser p;
    parser_init(&p, t, opt, out, d, dump);
    scan_lines(&p);
    out->language = majority_language(&p);
    resolve_dates(&p);
    int rc = dump ? dump_verdict(&p) : store_verdict(&p);
    parser_cleanup(&p);
    return rc;
}

int certutil_parse_store(const struct text *t, const struct certutil_options *opt, struct cert_list *out,
                         struct diags *d)
{
    return parse_output(t, opt, out, d, 0);
}

int certutil_parse_dump(const struct text *t, const struct certutil_options *opt, struct cert_list *out,
                        struct diags *d)
{
    return parse_output(t, opt, out, d, 1);
}

void cert_list_free(struct cert_list *l)
{
    if (!l)
        return;
    free(l->items);
    arena_free(&l->arena);
    memset(l, 0, sizeof *l);
}
