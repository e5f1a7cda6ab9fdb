/* Parser of `appcmd list site /config` (see appcmd.h): the sites' configuration elements, of
 * which certrebind needs the bindings and their sslFlags (`list site` does not show them).
 * appcmd prints applicationHost.config's elements one per line, e.g. (line comments: the
 * example holds slash-star):
 */
//   <site name="Northwind Shop" id="3" serverAutoStart="true">
//       <bindings>
//           <binding protocol="https" bindingInformation="*:443:shop.example.com" sslFlags="1" />
//       </bindings>
//       <application path="/"> ... </application>
//   </site>
/* sslFlags is a flags attribute: a number as IIS writes it, or its names ("Sni,
 * CentralCertStore") as a hand-edited configuration may hold them. */
#include "appcmd.h"

#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "pattern.h"

static const char SOURCE[] = "appcmd list site /config";

enum cpat { C_SITE_OPEN, C_SITE_CLOSE, C_BINDING, C_ATTR, C_ERROR, C_COUNT };

static const char *const cpattern_src[C_COUNT] = {
    [C_SITE_OPEN] = "^\\s*<site\\s((?:[^>\"]|\"[^\"]*\")*?)\\s*(/?)>",
    [C_SITE_CLOSE] = "^\\s*</site\\s*>",
    [C_BINDING] = "^\\s*<binding\\s((?:[^>\"]|\"[^\"]*\")*?)\\s*/?>",
    [C_ATTR] = "\\G\\s*([A-Za-z_][-A-Za-z0-9_:.]*)\\s*=\\s*\"([^\"]*)\"",
    [C_ERROR] = "^\\s*ERROR\\s*\\(",
};

static struct pattern_set config_patterns = {.owner = "appcmd /config", .sources = cpattern_src, .count = C_COUNT};

static int cmatch(enum cpat p, const char *s, size_t len, size_t start, pcre2_match_data *md, PCRE2_SIZE **ov)
{
    if (pcre2_match(pattern_set_get(&config_patterns)[p], (PCRE2_SPTR)s, len, start, 0, md, NULL) <= 0)
        return 0;
    *ov = pcre2_get_ovector_pointer(md);
    return 1;
}

/* XML attribute value -> text: the five named entities and numeric character references. */
static char *xml_unescape(struct arena *a, const char *s, size_t len)
{
    static const struct { const char *name; char c; } ents[] = {
        {"quot;", '"'}, {"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"apos;", '\''}};
    char *out = arena_alloc(a, len * 4 + 1); /* "&#1;" (4 bytes) can grow to at most 4 bytes */
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] != '&') {
            out[n++] = s[i++];
            continue;
        }
        size_t k;
        for (k = 0; k < sizeof ents / sizeof ents[0]; k++) {
            size_t el = strlen(ents[k].name);
            if (i + 1 + el <= len && memcmp(s + i + 1, ents[k].name, el) == 0) {
                out[n++] = ents[k].c;
                i += 1 + el;
                break;
            }
        }
        if (k < sizeof ents / sizeof ents[0])
            continue;
        if (i + 2 < len && s[i + 1] == '#') {
            int hex = s[i + 2] == 'x' || s[i + 2] == 'X';
            size_t j = i + 2 + (size_t)hex;
            unsigned long cp = 0;
            size_t digits = 0;
            for (; j < len && digits < 8; j++, digits++) {
                char c = s[j];
                int v = c >= '0' && c <= '9' ? c - '0'
                        : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (v < 0)
                    break;
                cp = cp * (hex ? 16 : 10) + (unsigned long)v;
            }
            if (digits && j < len && s[j] == ';' && cp > 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                n += utf8_encode((unsigned)cp, out + n);
                i = j + 1;
                continue;
            }
        }
        out[n++] = s[i++]; /* a stray '&' is kept as it is */
    }
    out[n] = '\0';
    return out;
}

/* sslFlags as a number or flag names; -1 when unreadable. */
static int parse_ssl_flags(const char *v)
{
    static const struct { const char *name; int bit; } names[] = {
        {"none", 0}, {"sni", 1}, {"centralcertstore", 2}, {"disablehttp2", 4}, {"disableocspstapling", 8},
        {"disablequic", 16}, {"disabletls13", 32}, {"disablelegacytls", 64}};
    while (*v == ' ')
        v++;
    if (*v >= '0' && *v <= '9') {
        char *end;
        long n = strtol(v, &end, 10);
        while (*end == ' ')
            end++;
        return (*end || n < 0 || n > 0xFFFF) ? -1 : (int)n;
    }
    int flags = 0;
    while (*v) {
        size_t len = strcspn(v, ", ");
        size_t k;
        for (k = 0; k < sizeof names / sizeof names[0]; k++) {
            char word[24];
            if (len >= sizeof word)
                break;
            memcpy(word, v, len);
            word[len] = '\0';
            if (!ascii_casecmp(word, names[k].name)) {
                flags |= names[k].bit;
                break;
            }
        }
        if (k == sizeof names / sizeof names[0] || len == 0)
            return -1;
        v += len;
        while (*v == ',' || *v == ' ')
            v++;
    }
    return flags;
}

struct attrs {
    const char *name, *id, *protocol, *info, *ssl_flags;
};

static void read_attrs(struct arena *a, const char *s, size_t len, struct attrs *out, pcre2_match_data *md)
{
    memset(out, 0, sizeof *out);
    size_t pos = 0;
    PCRE2_SIZE *ov;
    while (pos < len && cmatch(C_ATTR, s, len, pos, md, &ov) && ov[1] > pos) {
        size_t nl = ov[3] - ov[2];
        const char *name = s + ov[2];
        const char *value = xml_unescape(a, s + ov[4], ov[5] - ov[4]);
        if (nl == 4 && !memcmp(name, "name", 4))
            out->name = value;
        else if (nl == 2 && !memcmp(name, "id", 2))
            out->id = value;
        else if (nl == 8 && !memcmp(name, "protocol", 8))
            out->protocol = value;
        else if (nl == 18 && !memcmp(name, "bindingInformation", 18))
            out->info = value;
        else if (nl == 8 && !memcmp(name, "sslFlags", 8))
            out->ssl_flags = value;
        pos = ov[1];
    }
}

static void add_binding(struct site_list *out, struct site *site, size_t *cap, const struct attrs *at, int line,
                        struct diags *d)
{
    struct site_binding sb;
    memset(&sb, 0, sizeof sb);
    char *proto = arena_strdup(&out->arena, at->protocol ? at->protocol : "");
    ascii_lower(proto);
    sb.protocol = proto;
    sb.info = at->info ? at->info : "";
    sb.port = -1;
    sb.ssl_flags = at->ssl_flags ? parse_ssl_flags(at->ssl_flags) : 0;
    if (sb.ssl_flags < 0)
        diag_add(d, SEV_WARNING, line, SOURCE, "sslFlags=\"%s\" of a binding of site \"%s\" could not be read",
                 at->ssl_flags, site->name);
    if (!strcmp(proto, "http") || !strcmp(proto, "https"))
        appcmd_split_http_info(&out->arena, sb.info, &sb.ip, &sb.port, &sb.host);
    site->bindings = arena_grow_array(&out->arena, site->bindings, site->binding_count, cap, 4, sizeof sb);
    site->bindings[site->binding_count++] = sb;
}

int appcmd_parse_config(const struct text *t, struct site_list *out, struct diags *d)
{
    memset(out, 0, sizeof *out);
    arena_init(&out->arena);
    if (!t || t->n_lines == 0)
        return 0;
    pcre2_match_data *md = pattern_set_match_data(&config_patterns);
    struct site *cur = NULL;
    size_t cur_cap = 0;
    int elements = 0, errors = 0;
    for (size_t i = 0; i < t->n_lines; i++) {
        const char *s = t->lines[i].s;
        size_t len = t->lines[i].len;
        int line = (int)(i + 1);
        PCRE2_SIZE *ov;
        struct attrs at;
        if (cmatch(C_SITE_OPEN, s, len, 0, md, &ov)) {
            elements++;
            if (cur)
                out->incomplete = 1; /* the previous <site> never closed */
            int self_closing = ov[5] > ov[4]; /* read before read_attrs reuses md */
            read_attrs(&out->arena, s + ov[2], ov[3] - ov[2], &at, md);
            out->items = grow_array(out->items, &out->cap, out->count + 1, sizeof *out->items);
            cur = &out->items[out->count++];
            memset(cur, 0, sizeof *cur);
            cur->name = at.name ? at.name : "";
            cur->id = at.id ? strtol(at.id, NULL, 10) : -1;
            cur->line = line;
            cur_cap = 0;
            if (!at.name)
                diag_add(d, SEV_WARNING, line, SOURCE, "a <site> element without a name");
            if (self_closing)
                cur = NULL;
        } else if (cmatch(C_SITE_CLOSE, s, len, 0, md, &ov)) {
            cur = NULL;
        } else if (cmatch(C_BINDING, s, len, 0, md, &ov)) {
            elements++;
            if (!cur) {
                diag_add(d, SEV_WARNING, line, SOURCE, "a <binding> outside any <site>, ignored");
                continue;
            }
            read_attrs(&out->arena, s + ov[2], ov[3] - ov[2], &at, md);
            add_binding(out, cur, &cur_cap, &at, line, d);
        } else if (cmatch(C_ERROR, s, len, 0, md, &ov)) {
            errors++;
            out->incomplete = 1;
            diag_add(d, SEV_WARNING, line, SOURCE, "appcmd printed an error instead of (some) configuration: %.*s",
                     (int)(len > 200 ? 200 : len), s);
        }
    }
    pcre2_match_data_free(md);
    if (cur) {
        out->incomplete = 1;
        diag_add(d, SEV_WARNING, 0, SOURCE, "the output ends inside <site name=\"%s\">: it was cut off", cur->name);
    }
    if (!elements && !errors) {
        int blank = 1;
        for (size_t i = 0; i < t->n_lines && blank; i++)
            for (size_t k = 0; k < t->lines[i].len && blank; k++)
                blank = t->lines[i].s[k] == ' ' || t->lines[i].s[k] == '\t';
        if (!blank) {
            diag_add(d, SEV_ERROR, 0, SOURCE, "no <site> element and no appcmd ERROR: not `appcmd list site /config` output");
            return -1;
        }
    }
    return 0;
}

size_t appcmd_merge_ssl_flags(struct site_list *sites, const struct site_list *config)
{
    size_t merged = 0;
    for (size_t i = 0; sites && config && i < sites->count; i++) {
        struct site *s = &sites->items[i];
        for (size_t c = 0; c < config->count; c++) {
            const struct site *cs = &config->items[c];
            if (!cs->name || strcmp(cs->name, s->name) != 0)
                continue;
            for (size_t j = 0; j < s->binding_count; j++)
                for (size_t k = 0; k < cs->binding_count; k++) {
                    const struct site_binding *cb = &cs->bindings[k];
                    struct site_binding *sb = &s->bindings[j];
                    if (!ascii_casecmp(cb->protocol, sb->protocol) && !ascii_casecmp(cb->info, sb->info)) {
                        sb->ssl_flags = cb->ssl_flags;
                        merged++;
                        break;
                    }
                }
        }
    }
    return merged;
}
