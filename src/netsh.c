/* Parser of `netsh http show sslcert`: label tables map each line to a field, PCRE2 checks
 * the shape of keys, hashes and GUIDs. Unknown labels are kept verbatim; records whose key or
 * hash cannot be read are reported with their line number. */
#include "netsh.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "hexhash.h"
#include "labels.h"
#include "pattern.h"

static const char SOURCE[] = "netsh http show sslcert";

/* ---------- compiled once ---------- */

enum pattern_id {
    PAT_IPV4_PORT, PAT_IPV6_PORT, PAT_HOST_PORT, PAT_PORT, PAT_GUID, PAT_DASHES, PAT_HOST_NAME, PAT_SAFE_NAME,
    PAT_COUNT
};

/* What netsh can really print, and nothing a script interpreter gives a meaning to: host names
 * are DNS or IDN labels (letters of any script, marks, digits, '-' inside, '_'), optionally
 * under a wildcard; store and CTL names are words with blanks, '.', '_' and '-'. */
#define HOST_LABEL "[\\p{L}\\p{N}_](?:[\\p{L}\\p{M}\\p{N}_-]{0,61}[\\p{L}\\p{M}\\p{N}_])?"

static const char *const pattern_src[PAT_COUNT] = {
    [PAT_IPV4_PORT] = "^((?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}):([0-9]{1,5})$",
    [PAT_IPV6_PORT] = "^\\[([0-9A-Fa-f:.]+(?:%[0-9]{1,10})?)\\]:([0-9]{1,5})$",
    [PAT_HOST_PORT] = "^([^\\s:\\[\\]/\\\\]+):([0-9]{1,5})$",
    [PAT_PORT] = "^([0-9]{1,5})$",
    [PAT_GUID] = "^\\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\}$",
    [PAT_DASHES] = "^\\s*-{5,}\\s*$",
    [PAT_HOST_NAME] = "^(?:\\*\\.)?(?:" HOST_LABEL "\\.)*" HOST_LABEL "\\.?$",
    [PAT_SAFE_NAME] = "^[\\p{L}\\p{N}_.\\- ]{1,128}$",
};

static struct pattern_set netsh_patterns = {.owner = "netsh", .sources = pattern_src, .count = PAT_COUNT,
                                            .options = PCRE2_UTF};
static struct label_set netsh_labels = {netsh_label_tables, &netsh_label_table_count, NULL, NULL};
static struct label_set netsh_values = {netsh_value_tables, &netsh_value_table_count, NULL, NULL};

/* What one parse matches with: the shared compiled patterns and tables, its own match data. */
struct patterns {
    pcre2_code *const *code;
    pcre2_match_data *md;
    const struct label_index *labels;
    const struct label_index *values;
    uint32_t match_options; /* PCRE2_NO_UTF_CHECK on decoded text: its UTF-8 is valid already */
};

static void patterns_open(struct patterns *p, uint32_t match_options)
{
    p->match_options = match_options;
    p->code = pattern_set_get(&netsh_patterns);
    p->md = pattern_set_match_data(&netsh_patterns);
    p->labels = label_set_get(&netsh_labels);
    p->values = label_set_get(&netsh_values);
}

static int match(struct patterns *p, enum pattern_id id, const char *s, size_t len)
{
    return pcre2_match(p->code[id], (PCRE2_SPTR)s, len, 0, p->match_options, p->md, NULL) > 0;
}

/* ---------- small helpers ---------- */

static int is_blank(char c) { return c == ' ' || c == '\t'; }

#define EIGHT_BLANKS 0x2020202020202020ull

/* Labels are indented and padded with spaces to netsh's column: spaces are skipped eight at a
 * time, then the spaces of a partly blank word from where its first other byte is (little
 * endian: the first byte is the lowest); tabs one by one. */
static void trim(const char **s, size_t *len)
{
    const char *p = *s; /* locals: through the pointers, every step was a store and a reload */
    size_t n = *len;
    uint64_t w;
    while (n >= 8 && (memcpy(&w, p, 8), w == EIGHT_BLANKS))
        p += 8, n -= 8;
    if (n >= 8) { /* w: the first word, not all spaces */
        size_t lead = (size_t)__builtin_ctzll(w ^ EIGHT_BLANKS) / 8;
        p += lead, n -= lead;
    }
    while (n && is_blank(*p))
        p++, n--;
    while (n >= 8 && (memcpy(&w, p + n - 8, 8), w == EIGHT_BLANKS))
        n -= 8;
    if (n >= 8) /* w: the last word, not all spaces */
        n -= (size_t)__builtin_clzll(w ^ EIGHT_BLANKS) / 8;
    while (n && is_blank(p[n - 1]))
        n--;
    *s = p;
    *len = n;
}

/* Splits "  Label    : value  " at the separating colon: the first colon that has a blank
 * before it, or a blank or the line end after it ("IP:port : 1.2.3.4:443" keeps both inner
 * colons). Returns 0 when the line has no such colon. */
static int split_field(const char *line, size_t len, const char **label, size_t *label_len, const char **value,
                       size_t *value_len, size_t *colon)
{
    for (const char *c = line; (c = memchr(c, ':', len - (size_t)(c - line))) != NULL; c++) {
        size_t i = (size_t)(c - line); /* memchr: a listing has millions of lines */
        int before = i > 0 && is_blank(line[i - 1]);
        int after = i + 1 == len || is_blank(line[i + 1]);
        if (!before && !after)
            continue;
        *colon = i;
        *label = line;
        *label_len = i;
        trim(label, label_len);
        *value = line + i + 1;
        *value_len = len - i - 1;
        trim(value, value_len);
        return *label_len > 0;
    }
    return 0;
}

static int is_blank_line(const char *s, size_t len)
{
    /* nearly always answered by the first eight bytes: not all spaces, and no tab among them */
    const uint64_t ones = 0x0101010101010101ull, tabs = ones * '\t';
    uint64_t w;
    if (len >= 8 && (memcpy(&w, s, 8), w != EIGHT_BLANKS) && !(((w ^ tabs) - ones) & ~(w ^ tabs) & (ones << 7)))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!is_blank(s[i]))
            return 0;
    return 1;
}

/* ---------- the record being built ---------- */

/* netsh prints every record's fields in one order, padded the same way: the line after a given
 * field nearly always starts, byte for byte up to the value, as the line that followed it last
 * time. That prefix is remembered per preceding field, with where split_field found the label
 * and the separating colon; a line that starts with it is split the same way (the colon, and
 * every colon before it, is judged by bytes inside the prefix), without the colon search, the
 * trim and the label lookup. Any other line goes the full way. */
#define PREFIX_MAX 80

struct line_prefix {
    char bytes[PREFIX_MAX]; /* the line up to the separating colon and the byte after it */
    size_t len;             /* 0: nothing remembered */
    size_t label_at, label_len, value_at;
    int id;                 /* label_index_find's answer for the label, with its language */
    const char *lang;
};

static size_t prefix_slot(int id) { return id >= 0 && id <= NL_MAXSETTINGSPERMINUTE ? (size_t)id + 1 : 0; }

static void remember_prefix(struct line_prefix *p, const char *line, size_t len, const char *label, size_t ll,
                            size_t colon, int id, const char *lang)
{
    if (colon + 2 > len || colon + 2 > PREFIX_MAX)
        return; /* no byte after the colon, or too long to keep */
    memcpy(p->bytes, line, colon + 2);
    p->len = colon + 2;
    p->label_at = (size_t)(label - line);
    p->label_len = ll;
    p->value_at = colon + 1;
    p->id = id;
    p->lang = lang;
}

struct parser {
    struct patterns *pat;
    struct binding_list *out;
    struct diags *d;
    struct binding *cur;  /* NULL outside a record */
    struct ext_draft {            /* the current record's Extended Properties blocks (commit_ext) */
        const char *property_id;
        size_t first, count;      /* its items in draft_items */
    } *drafts;
    struct ext_property *draft_items;
    size_t draft_count, draft_cap, draft_item_count, draft_item_cap;
    int in_ext;                   /* the last block is open: unknown labels are its items */
    const struct ext_property_block *last_ext; /* the blocks committed last, shared when equal */
    size_t last_ext_count;
    size_t extra_cap;
    const char *unknown_seen[32];
    size_t unknown_seen_count;
    size_t readable;
    char *line_w; /* the current line when the parse owns the text (strings then point into it,
                   * the result keeps the buffer); NULL when strings are copied */
    int gap;      /* a blank line since the last line of the current record */
    struct line_prefix after[NL_MAXSETTINGSPERMINUTE + 2]; /* see line_prefix; by prefix_slot */
    size_t prev_slot; /* prefix_slot of the last field line */
    struct value_memo {
        char bytes[40]; /* an application ID fits */
        size_t len;     /* the value's length + 1; 0: none yet */
        int word, shape_ok;
        const char *kept;
    } last_value[NETSH_FIELD_COUNT]; /* see keep_value */
    size_t first_line_len;
    char socket_buf[4 * DIAG_QUOTE_MAX + 8];
};

/* A string from the current line: in place (NUL-terminated where it ends: the byte there is a
 * blank, the separator colon or the line's own NUL, all consumed already) or copied. */
static const char *keep(struct parser *ps, const char *s, size_t len)
{
    if (ps->line_w) {
        char *w = ps->line_w + (s - ps->line_w);
        w[len] = '\0';
        return w;
    }
    return arena_strndup(&ps->out->arena, s, len);
}

static void begin_record(struct parser *ps, int line)
{
    struct binding_list *l = ps->out;
    l->items = grow_array(l->items, &l->cap, l->count + 1, sizeof *l->items);
    ps->cur = &l->items[l->count++];
    memset(ps->cur, 0, sizeof *ps->cur);
    ps->cur->port = -1;
    ps->cur->line = ps->cur->end_line = line;
    ps->in_ext = 0;
    ps->draft_count = ps->draft_item_count = 0;
    ps->gap = 0;
    ps->extra_cap = 0;
}

/* The socket for a message, at most DIAG_QUOTE_MAX characters (a crafted key can be huge). */
static const char *socket_desc(struct parser *ps, const struct binding *b)
{
    if (!b->socket || !*b->socket)
        return "(unreadable socket)";
    size_t len = strlen(b->socket);
    snprintf(ps->socket_buf, sizeof ps->socket_buf, DIAG_QUOTED, DIAG_QUOTE(b->socket, len));
    return ps->socket_buf;
}

/* The 13 fields every Windows version prints for a certificate binding. */
static const enum netsh_field classic_fields[] = {
    NF_CERTHASH, NF_APPID, NF_CERTSTORENAME, NF_VERIFYCLIENTCERTREVOCATION,
    NF_VERIFYREVOCATIONWITHCACHEDCLIENTCERTONLY, NF_USAGECHECK, NF_REVOCATIONFRESHNESSTIME,
    NF_URLRETRIEVALTIMEOUT, NF_SSLCTLIDENTIFIER, NF_SSLCTLSTORENAME, NF_DSMAPPERUSAGE, NF_CLIENTCERTNEGOTIATION,
};

static int same_text(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

/* Whether the drafts say what the blocks committed last say (labels, values, parameters). */
static int drafts_are_last(const struct parser *ps)
{
    const struct ext_property_block *last = ps->last_ext;
    if (!last || ps->last_ext_count != ps->draft_count)
        return 0;
    for (size_t i = 0; i < ps->draft_count; i++) {
        const struct ext_draft *d = &ps->drafts[i];
        if (!same_text(d->property_id, last[i].property_id) || d->count != last[i].count)
            return 0;
        for (size_t k = 0; k < d->count; k++) {
            const struct ext_property *x = &ps->draft_items[d->first + k], *y = &last[i].items[k];
            if (x->param != y->param || !same_text(x->label, y->label) || !same_text(x->value, y->value))
                return 0;
        }
    }
    return 1;
}

/* The record's Extended Properties blocks, from the drafts: the same as the record before's (the
 * HTTP/2 settings every record of a listing repeats) share that record's; others are copied to the
 * arena, exactly sized. */
static void commit_ext(struct parser *ps, struct binding *b)
{
    size_t n = ps->draft_count;
    if (!n)
        return;
    b->ext_count = n;
    if (drafts_are_last(ps)) {
        b->ext = (struct ext_property_block *)ps->last_ext; /* never written through: bindings are read-only */
        return;
    }
    struct ext_property_block *blocks = arena_alloc(&ps->out->arena, n * sizeof *blocks);
    struct ext_property *items = ps->draft_item_count ? arena_alloc(&ps->out->arena, ps->draft_item_count * sizeof *items) : NULL;
    if (items)
        memcpy(items, ps->draft_items, ps->draft_item_count * sizeof *items);
    for (size_t i = 0; i < n; i++)
        blocks[i] = (struct ext_property_block){ps->drafts[i].property_id, items ? items + ps->drafts[i].first : NULL,
                                                ps->drafts[i].count};
    b->ext = blocks;
    ps->last_ext = blocks;
    ps->last_ext_count = n;
}

static void end_record(struct parser *ps, int at_eof)
{
    struct binding *b = ps->cur;
    if (!b)
        return;
    commit_ext(ps, b);
    ps->draft_count = ps->draft_item_count = 0;
    ps->cur = NULL;
    ps->in_ext = 0;
    ps->gap = 0;
    const char *missing = NULL;
    size_t n_missing = 0;
    for (size_t i = 0; i < sizeof classic_fields / sizeof classic_fields[0]; i++) {
        if (!b->fields[classic_fields[i]].raw) {
            if (!missing)
                missing = netsh_field_def(classic_fields[i])->param;
            n_missing++;
        }
    }
    if (n_missing) {
        b->incomplete = 1;
        if (at_eof) {
            ps->out->truncated = 1;
            diag_add(ps->d, SEV_WARNING, b->end_line, SOURCE,
                     "the output ends in the middle of the binding %s (line %d): %zu field(s) missing, "
                     "from '%s'; it is listed but will not be changed",
                     socket_desc(ps, b), b->line, n_missing, missing);
        } else {
            diag_add(ps->d, SEV_WARNING, b->line, SOURCE,
                     "binding %s lacks %zu of the fields every Windows prints (first: '%s'); it is listed "
                     "but will not be changed",
                     socket_desc(ps, b), n_missing, missing);
        }
    }
    if (b->key_valid)
        ps->readable++;
}

static void add_extra(struct parser *ps, const char *label, size_t ll, const char *value, size_t vl, int line)
{
    struct binding *b = ps->cur;
    b->extra = arena_grow_array(&ps->out->arena, b->extra, b->extra_count, &ps->extra_cap, 4, sizeof *b->extra);
    b->extra[b->extra_count++] =
        (struct extra_field){keep(ps, label, ll), keep(ps, value, vl), line};
    /* Say once per label that it is kept verbatim: new Windows builds add fields. */
    for (size_t i = 0; i < ps->unknown_seen_count; i++)
        if (strlen(ps->unknown_seen[i]) == ll && memcmp(ps->unknown_seen[i], label, ll) == 0)
            return;
    if (ps->unknown_seen_count < sizeof ps->unknown_seen / sizeof ps->unknown_seen[0])
        ps->unknown_seen[ps->unknown_seen_count++] = b->extra[b->extra_count - 1].label;
    diag_add(ps->d, SEV_INFO, line, SOURCE,
             "field '" DIAG_QUOTED "' is not known to this version of certrebind; kept verbatim, but netsh has no "
             "parameter for it that certrebind could pass on",
             DIAG_QUOTE(label, ll));
}

static void ext_begin(struct parser *ps)
{
    ps->drafts = grow_array(ps->drafts, &ps->draft_cap, ps->draft_count + 1, sizeof *ps->drafts);
    ps->drafts[ps->draft_count++] = (struct ext_draft){NULL, ps->draft_item_count, 0};
    ps->in_ext = 1;
}

static void ext_add(struct parser *ps, const char *param, const char *label, size_t ll, const char *value,
                    size_t vl)
{
    ps->draft_items = grow_array(ps->draft_items, &ps->draft_item_cap, ps->draft_item_count + 1, sizeof *ps->draft_items);
    ps->draft_items[ps->draft_item_count++] = (struct ext_property){param, keep(ps, label, ll), keep(ps, value, vl)};
    ps->drafts[ps->draft_count - 1].count++;
}

/* A host name netsh can print (see PAT_HOST_NAME), at most 253 characters. */
static int host_name_ok(struct patterns *p, const char *h, size_t len)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)h[i] & 0xC0) != 0x80;
    return chars <= 253 && match(p, PAT_HOST_NAME, h, len);
}

/* The parts of a socket key that key_problem accepted. */
struct key_parts {
    int port;
    const char *host; /* in the key; NULL for a port alone (CCS) */
    size_t host_len;
    int ipv6;
};

/* Why v is not a socket key netsh can print for a binding of this kind: NULL when it is one
 * (k filled in), "" when it does not have the shape at all, or a reason in parentheses. One
 * rule for the listings read and for the sockets users type (netsh_socket_key_problem). */
static const char *key_problem(struct patterns *p, enum binding_kind kind, const char *v, size_t vl,
                               struct key_parts *k)
{
    int port_group = 0, host_is_name = 0;
    memset(k, 0, sizeof *k);
    switch (kind) {
    case BINDING_IPPORT:
        if (match(p, PAT_IPV4_PORT, v, vl)) {
            port_group = 2;
        } else if (match(p, PAT_IPV6_PORT, v, vl)) {
            k->ipv6 = 1;
            port_group = 2;
        }
        break;
    case BINDING_HOSTNAMEPORT:
    case BINDING_SCOPEDCCS:
        if (match(p, PAT_HOST_PORT, v, vl)) {
            port_group = 2;
            host_is_name = 1;
        }
        break;
    case BINDING_CCS:
        if (match(p, PAT_PORT, v, vl))
            port_group = 1;
        break;
    }
    if (!port_group)
        return "";
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
    long port = strtol(v + ov[2 * port_group], NULL, 10);
    if (port_group == 2) {
        k->host = v + ov[2];
        k->host_len = ov[3] - ov[2];
    }
    if (port < 1 || port > 65535)
        return " (the port is not 1-65535)";
    if (host_is_name && !host_name_ok(p, k->host, k->host_len))
        return " (the host name has characters or labels no DNS or IDN name has)";
    k->port = (int)port;
    return NULL;
}

const char *netsh_socket_key_problem(enum binding_kind kind, const char *key)
{
    struct patterns p;
    struct key_parts k;
    patterns_open(&p, 0); /* typed by a user: PCRE2 checks its UTF-8 */
    const char *why = key_problem(&p, kind, key, strlen(key), &k);
    pcre2_match_data_free(p.md);
    if (!why || *why)
        return why;
    switch (kind) {
    case BINDING_IPPORT:
        return " (it is not IPv4:PORT or [IPv6]:PORT)";
    case BINDING_CCS:
        return " (it is not a port number)";
    default:
        return " (it is not HOST:PORT)";
    }
}

/* Reads the socket key of a record; kind comes from the label (or the value's shape). */
static void read_key(struct parser *ps, enum binding_kind kind, const char *v, size_t vl, int line)
{
    struct binding *b = ps->cur;
    struct key_parts k;
    b->kind = kind;
    const char *problem = key_problem(ps->pat, kind, v, vl, &k);
    if (!problem) {
        b->port = k.port;
        b->host_is_ipv6 = k.ipv6;
        b->host = k.host ? arena_strndup(&ps->out->arena, k.host, k.host_len) : NULL;
        b->key_valid = 1;
    }
    b->socket = arena_strndup(&ps->out->arena, v, vl); /* beside host and hash, which reports read with it */
    if (!b->key_valid) {
        b->incomplete = 1;
        diag_add(ps->d, SEV_ERROR, line, SOURCE, "cannot read the %s key '" DIAG_QUOTED "'%s; this record is skipped by any plan",
                 binding_kind_name(kind), DIAG_QUOTE(v, vl), problem);
    }
}

static void read_hash(struct parser *ps, const char *v, size_t vl, int line)
{
    struct binding *b = ps->cur;
    char norm[41];
    b->fields[NF_CERTHASH].raw = keep(ps, v, vl);
    b->fields[NF_CERTHASH].line = line;
    if (vl == 0 || (vl == 6 && memcmp(v, "(null)", 6) == 0)) {
        if (b->kind != BINDING_CCS && b->kind != BINDING_SCOPEDCCS) {
            b->incomplete = 1;
            diag_add(ps->d, SEV_ERROR, line, SOURCE, "binding %s has no certificate hash", socket_desc(ps, b));
        }
        return;
    }
    if (sha1_normalise(v, vl, norm) == 0) {
        b->certhash = b->fields[NF_CERTHASH].value = arena_strndup(&ps->out->arena, norm, 40);
        return;
    }
    b->incomplete = 1;
    diag_add(ps->d, SEV_ERROR, line, SOURCE, "binding %s: cannot read the certificate hash '" DIAG_QUOTED "' (%s)",
             socket_desc(ps, b), DIAG_QUOTE(v, vl), sha1_problem(v, vl));
}

/* Whether a value has the shape its kind needs: a {GUID}, or a name netsh prints ((null) and an
 * empty name are no name). Flags and numbers are judged by their word and digits in read_setting. */
static int value_shape_ok(struct parser *ps, enum netsh_value_kind kind, const char *v, size_t vl, int word)
{
    if (kind == NV_GUID)
        return match(ps->pat, PAT_GUID, v, vl);
    if (kind == NV_STRING && word != NW_NULL && vl > 0)
        return match(ps->pat, PAT_SAFE_NAME, v, vl);
    return 1;
}

/* A field's value, kept, the word it is (Enabled, Not Set, (null)...: -1 for none) and whether it
 * has its kind's shape (value_shape_ok). A field's value is nearly always the one it had in the
 * record before (Enabled, 0, My, the application ID): that one's string, word and shape are kept
 * per field, and the records after share them, so neither the checks nor the report fetch the
 * same bytes from every record again. */
static const char *keep_value(struct parser *ps, enum netsh_field f, enum netsh_value_kind kind, const char *v,
                              size_t vl, int *word, int *shape_ok)
{
    struct value_memo *m = &ps->last_value[f];
    if (m->len == vl + 1 && memcmp(m->bytes, v, vl) == 0) {
        *word = m->word;
        *shape_ok = m->shape_ok;
        return m->kept;
    }
    const char *kept = keep(ps, v, vl);
    *word = label_index_find(ps->pat->values, v, vl, NULL);
    *shape_ok = value_shape_ok(ps, kind, v, vl, *word);
    if (vl <= sizeof m->bytes) {
        memcpy(m->bytes, v, vl);
        m->len = vl + 1;
        m->word = *word;
        m->shape_ok = *shape_ok;
        m->kept = kept;
    }
    return kept;
}

static void read_setting(struct parser *ps, enum netsh_field f, const char *v, size_t vl, int line)
{
    struct binding *b = ps->cur;
    const struct netsh_field_def *def = netsh_field_def(f);
    struct field_value *fv = &b->fields[f];
    if (fv->raw)
        diag_add(ps->d, SEV_WARNING, line, SOURCE, "binding %s: field '%s' appears twice; the later value is used",
                 socket_desc(ps, b), def->param);
    fv->line = line;
    fv->value = NULL;
    int word, shape_ok;
    const char *kept = keep_value(ps, f, def->kind, v, vl, &word, &shape_ok);
    switch (def->kind) {
    case NV_BOOL:
        fv->raw = kept;
        if (word == NW_ENABLE)
            fv->value = "enable";
        else if (word == NW_DISABLE)
            fv->value = "disable";
        else {
            b->incomplete = 1;
            diag_add(ps->d, SEV_WARNING, line, SOURCE,
                     "binding %s: '" DIAG_QUOTED "' is not a known value for %s (expected Enabled/Disabled or Set/Not Set)",
                     socket_desc(ps, b), DIAG_QUOTE(v, vl), def->param);
        }
        break;
    case NV_UINT: {
        fv->raw = kept;
        size_t i = 0;
        while (i < vl && v[i] >= '0' && v[i] <= '9')
            i++;
        if (i == vl && vl > 0 && vl <= 10)
            fv->value = fv->raw;
        else {
            b->incomplete = 1;
            diag_add(ps->d, SEV_WARNING, line, SOURCE, "binding %s: '" DIAG_QUOTED "' is not a number for %s", socket_desc(ps, b),
                     DIAG_QUOTE(v, vl), def->param);
        }
        break;
    }
    case NV_GUID:
        fv->raw = fv->value = kept;
        b->appid = fv->value;
        if (!shape_ok) {
            b->incomplete = 1;
            diag_add(ps->d, SEV_WARNING, line, SOURCE, "binding %s: the application ID '" DIAG_QUOTED "' is not a {GUID}",
                     socket_desc(ps, b), DIAG_QUOTE(v, vl));
        }
        break;
    case NV_STRING:
        fv->raw = kept;
        fv->value = (word == NW_NULL || vl == 0) ? NULL : fv->raw;
        if (fv->value && !shape_ok) {
            b->incomplete = 1;
            diag_add(ps->d, SEV_ERROR, line, SOURCE,
                     "binding %s: the %s '" DIAG_QUOTED "' has characters netsh does not print in a name (letters, "
                     "digits, blanks, '.', '_', '-'); this record is skipped by any plan",
                     socket_desc(ps, b), def->param, DIAG_QUOTE(v, vl));
        }
        if (f == NF_CERTSTORENAME)
            b->store = fv->value;
        break;
    case NV_KEY:
    case NV_HASH:
        break;
    }
}

/* Key shape of a value whose label is unknown (another language): which kind it would be. */
static int key_kind_by_shape(struct parser *ps, const char *v, size_t vl)
{
    if (match(ps->pat, PAT_IPV4_PORT, v, vl) || match(ps->pat, PAT_IPV6_PORT, v, vl))
        return BINDING_IPPORT;
    if (match(ps->pat, PAT_HOST_PORT, v, vl))
        return BINDING_HOSTNAMEPORT;
    return -1;
}

static int looks_like_hash(const char *v, size_t vl)
{
    char norm[41];
    return sha1_normalise(v, vl, norm) == 0;
}

/* A "label : value" line; id and lang: label_index_find's answer for the label. */
static void field_line(struct parser *ps, int id, const char *lang, const char *label, size_t ll, const char *v,
                       size_t vl, int line)
{
    /* After a blank line, a field continues the record (documents and e-mails add blank lines);
     * only a key line, known or by its value's shape, starts the next one. */
    if (ps->gap) {
        ps->gap = 0;
        if (id < 0 && key_kind_by_shape(ps, v, vl) >= 0)
            end_record(ps, 0);
    }

    if (id == NL_HEADER) {
        end_record(ps, 0);
        ps->out->header_seen = 1;
        if (!ps->out->language)
            ps->out->language = lang;
        return;
    }
    if (id >= NF_IPPORT && id <= NF_SCOPEDCCS) {
        end_record(ps, 0);
        begin_record(ps, line);
        if (!ps->out->language)
            ps->out->language = lang;
        static const enum binding_kind kinds[] = {BINDING_IPPORT, BINDING_HOSTNAMEPORT, BINDING_CCS,
                                                  BINDING_SCOPEDCCS};
        read_key(ps, kinds[id], v, vl, line);
        ps->cur->fields[id].raw = ps->cur->fields[id].value = ps->cur->socket;
        ps->cur->fields[id].line = line;
        return;
    }
    if (!ps->cur) {
        /* Outside a record: an unknown label whose value is a socket starts one (unknown language). */
        int kind = id < 0 ? key_kind_by_shape(ps, v, vl) : -1;
        if (kind >= 0) {
            begin_record(ps, line);
            diag_add(ps->d, SEV_INFO, line, SOURCE, "label '" DIAG_QUOTED "' is not known; read as %s by the shape of its value",
                     DIAG_QUOTE(label, ll), binding_kind_name((enum binding_kind)kind));
            read_key(ps, (enum binding_kind)kind, v, vl, line);
        }
        /* anything else before the first record is console noise */
        return;
    }
    ps->cur->end_line = line;
    if (id == NL_EXTENDED) {
        ext_begin(ps);
        return;
    }
    if (id >= NL_PROPERTYID && id <= NL_MAXSETTINGSPERMINUTE) {
        static const char *const params[] = {"propertyid", "receivewindow", "maxsettingsperframe",
                                             "maxsettingsperminute"};
        if (!ps->in_ext)
            ext_begin(ps);
        struct ext_draft *open = &ps->drafts[ps->draft_count - 1];
        if (id == NL_PROPERTYID) {
            if (open->count || open->property_id) {
                ext_begin(ps);
                open = &ps->drafts[ps->draft_count - 1];
            }
            open->property_id = keep(ps, v, vl);
            return;
        }
        ext_add(ps, params[id - NL_PROPERTYID], label, ll, v, vl);
        return;
    }
    if (ps->in_ext && id < 0) {
        ext_add(ps, NULL, label, ll, v, vl);
        return;
    }
    if (id == NF_CERTHASH) {
        read_hash(ps, v, vl, line);
        return;
    }
    if (id >= 0 && id < NETSH_FIELD_COUNT) {
        read_setting(ps, (enum netsh_field)id, v, vl, line);
        return;
    }
    /* Unknown label: a hash- or GUID-shaped value still tells what it is. */
    if (!ps->cur->fields[NF_CERTHASH].raw && looks_like_hash(v, vl)) {
        diag_add(ps->d, SEV_INFO, line, SOURCE, "label '" DIAG_QUOTED "' is not known; read as the certificate hash by its shape",
                 DIAG_QUOTE(label, ll));
        read_hash(ps, v, vl, line);
        return;
    }
    if (!ps->cur->fields[NF_APPID].raw && match(ps->pat, PAT_GUID, v, vl)) {
        diag_add(ps->d, SEV_INFO, line, SOURCE, "label '" DIAG_QUOTED "' is not known; read as the application ID by its shape",
                 DIAG_QUOTE(label, ll));
        read_setting(ps, NF_APPID, v, vl, line);
        return;
    }
    add_extra(ps, label, ll, v, vl, line);
}

static size_t socket_hash(const struct binding *b)
{
    return ascii_casehash(b->socket) ^ (size_t)b->kind;
}

/* netsh prints each socket once: two records for one socket mean the listing was edited or
 * spliced, and neither record can be trusted to be the live one. */
static void flag_duplicate_sockets(struct parser *ps)
{
    struct binding_list *l = ps->out;
    size_t size = 16;
    while (size < l->count * 2)
        size *= 2;
    size_t *slot = xmalloc(size * sizeof *slot);
    for (size_t i = 0; i < size; i++)
        slot[i] = SIZE_MAX;
    for (size_t i = 0; i < l->count; i++) {
        struct binding *b = &l->items[i];
        if (!b->key_valid)
            continue;
        size_t h = socket_hash(b) & (size - 1);
        while (slot[h] != SIZE_MAX) {
            struct binding *first = &l->items[slot[h]];
            if (first->kind == b->kind && ascii_casecmp(first->socket, b->socket) == 0) {
                first->incomplete = b->incomplete = 1;
                diag_add(ps->d, SEV_ERROR, b->line, SOURCE,
                         "the %s %s is listed twice (lines %d and %d); netsh prints each socket once, so this "
                         "listing was edited or spliced: neither record is planned",
                         binding_kind_name(b->kind), socket_desc(ps, b), first->line, b->line);
                break;
            }
            h = (h + 1) & (size - 1);
        }
        if (slot[h] == SIZE_MAX)
            slot[h] = i;
    }
    free(slot);
}

/* Reads every line into records. owned: the same text, writable, when strings may point into it. */
static void scan_lines(struct parser *ps, const struct text *t, struct text *owned)
{
    size_t unexpected = 0;
    struct text_cursor cursor;
    text_cursor_init(&cursor, t);
    struct text_line text_line;
    for (size_t i = 0; text_cursor_next(&cursor, &text_line); i++) {
        const char *s = text_line.s;
        size_t len = text_line.len;
        int line = (int)i + 1;
        ps->line_w = owned ? text_line.s : NULL; /* owned is t: the same line, writable */
        if (i == 0)
            ps->first_line_len = len;
        if (is_blank_line(s, len)) {
            ps->gap = ps->cur != NULL;
            continue;
        }
        const char *label, *value;
        size_t ll, vl, colon;
        struct line_prefix *pre = &ps->after[ps->prev_slot];
        if (pre->len && len >= pre->len && memcmp(s, pre->bytes, pre->len) == 0) {
            value = s + pre->value_at;
            vl = len - pre->value_at;
            trim(&value, &vl);
            ps->prev_slot = prefix_slot(pre->id);
            field_line(ps, pre->id, pre->lang, s + pre->label_at, pre->label_len, value, vl, line);
            continue;
        }
        if (split_field(s, len, &label, &ll, &value, &vl, &colon)) {
            const char *lang = NULL;
            int id = label_index_find(ps->pat->labels, label, ll, &lang);
            remember_prefix(pre, s, len, label, ll, colon, id, lang);
            ps->prev_slot = prefix_slot(id);
            field_line(ps, id, lang, label, ll, value, vl, line);
            continue;
        }
        if (match(ps->pat, PAT_DASHES, s, len))
            continue;
        if (ps->gap) {
            end_record(ps, 0); /* text after the record and a blank line: console noise */
            continue;
        }
        if (!ps->cur)
            continue;
        /* A line that is not "label : value" inside a record: cut output or foreign text. */
        if (i + 1 == t->n_lines) {
            ps->cur->incomplete = 1;
            ps->out->truncated = 1;
            diag_add(ps->d, SEV_WARNING, line, SOURCE,
                     "the output is cut off in the middle of a line ('" DIAG_QUOTED "')", DIAG_QUOTE(s, len));
        } else if (unexpected++ < 20) {
            diag_add(ps->d, SEV_WARNING, line, SOURCE, "unexpected text inside the binding %s: '" DIAG_QUOTED "'",
                     socket_desc(ps, ps->cur), DIAG_QUOTE(s, len));
        }
    }
    end_record(ps, !ps->gap);
}

/* Whether the listing as a whole was readable: 0, or -1 with the reason in d. */
static int listing_verdict(const struct parser *ps, const struct text *t)
{
    const struct binding_list *out = ps->out;
    if (ps->readable == 0 && out->count > 0) {
        diag_add(ps->d, SEV_ERROR, 0, SOURCE, "no binding in this output has a readable socket key");
        return -1;
    }
    if (out->count == 0 && !out->header_seen) {
        if (t->n_lines == 0 || (t->n_lines == 1 && ps->first_line_len == 0))
            diag_add(ps->d, SEV_ERROR, 0, SOURCE, "netsh printed nothing: no bindings could be read (is this the "
                                                  "real netsh.exe? Wine's netsh is a stub that prints nothing)");
        else
            diag_add(ps->d, SEV_ERROR, 0, SOURCE,
                     "this is not `netsh http show sslcert` output: no 'SSL Certificate bindings:' header and no "
                     "binding record was found");
        return -1;
    }
    return 0;
}

static int parse(const struct text *t, struct text *owned, struct binding_list *out, struct diags *d)
{
    memset(out, 0, sizeof *out);
    arena_init(&out->arena);
    struct patterns pat;
    patterns_open(&pat, PCRE2_NO_UTF_CHECK); /* text_decode made every line valid UTF-8 */
    struct parser ps;
    memset(&ps, 0, sizeof ps);
    ps.pat = &pat;
    ps.out = out;
    ps.d = d;
    /* A binding takes at least 13 lines on every Windows: size the array once for typical input. */
    out->cap = t->n_lines / 14 + 1;
    out->items = xmalloc_large(out->cap * sizeof *out->items);
    scan_lines(&ps, t, owned);
    flag_duplicate_sockets(&ps);
    pcre2_match_data_free(pat.md);
    free(ps.drafts);
    free(ps.draft_items);
    return listing_verdict(&ps, t);
}

int netsh_parse_sslcert(const struct text *t, struct binding_list *out, struct diags *d)
{
    return parse(t, NULL, out, d);
}

int netsh_parse_sslcert_take(struct text *t, struct binding_list *out, struct diags *d)
{
    int rc = parse(t, t, out, d);
    out->text_buf = t->buf; /* the strings live there now */
    t->buf = NULL;
    text_free(t);
    return rc;
}

int netsh_parse_sslcert_bytes(const unsigned char *bytes, size_t len, int codepage, struct binding_list *out,
                              struct diags *d)
{
    struct text t;
    if (text_decode(&t, bytes, len, codepage, d, SOURCE) != 0) {
        memset(out, 0, sizeof *out);
        arena_init(&out->arena);
        return -1;
    }
    return netsh_parse_sslcert_take(&t, out, d);
}

void binding_list_free(struct binding_list *l)
{
    free(l->items);
    free(l->text_buf);
    arena_free(&l->arena);
    memset(l, 0, sizeof *l);
}
