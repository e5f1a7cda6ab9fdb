#include "backup.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ascii.h"
#include "binding.h"
#include "netsh.h"
#include "platform.h"
#include "report_plan.h"
#include "strbuf.h"
#include "text.h"
#include "version.h"

static const char MAGIC[] = "certrebind backup ";
static const char CONTENT_MARKER[] = "--- netsh http show sslcert, as printed ---";
static const char END_MARKER[] = "\n--- end of certrebind backup ---\n";
static const char SHA_LABEL[] = "sha256 ";
static const char CONTENT_source[] = "netsh output in the backup";

static void to_hex(const unsigned char *d, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[2 * n] = 0;
}

static int one_line(const char *s) { return !strchr(s, '\n') && !strchr(s, '\r'); }

/* Each non-empty line of text (NULL: none) as "PREFIX line". */
static void add_prefixed_lines(struct strbuf *sb, const char *prefix, const char *text)
{
    for (const char *line = text; line && *line;) {
        size_t n = strcspn(line, "\r\n");
        if (n)
            sb_printf(sb, "%s%.*s\n", prefix, (int)n, line);
        line += n;
        while (*line == '\r' || *line == '\n')
            line++;
    }
}

/* Appends the line s[0..l) and an LF to *text (malloc'd, NULL at first; *have bytes long). */
static void append_line(char **text, size_t *have, const char *s, size_t l)
{
    *text = xrealloc(*text, *have + l + 2);
    memcpy(*text + *have, s, l);
    (*text)[*have + l] = '\n';
    (*text)[*have + l + 1] = 0;
    *have += l + 1;
}

char *backup_format(const unsigned char *raw, size_t raw_len, size_t records, const struct plan *p,
                    const char *created, size_t *len, struct diags *d)
{
    struct strbuf sb, cmd;
    sb_init(&sb);
    sb_init(&cmd);
    int ok = one_line(p->summary) && one_line(created);
    sb_printf(&sb, "%s%d\ncreated-by certrebind %s\ncreated %s\nplan %s\n", MAGIC, BACKUP_FORMAT, CERTREBIND_VERSION,
              created, p->summary);
    for (size_t i = 0; i < p->step_count && ok; i++) {
        cmd.len = 0;
        format_step_command(&cmd, p->steps[i].tool, p->steps[i].argv);
        ok = one_line(cmd.data);
        sb_printf(&sb, "step %zu %s\n", i + 1, cmd.data);
    }
    /* bind/unbind: the IIS sites as they were, one "iis " line per line appcmd printed, and
     * their sslFlags (`list site /config`), one "iis-config " line per non-empty line */
    add_prefixed_lines(&sb, "iis ", p->iis_sites);
    add_prefixed_lines(&sb, "iis-config ", p->iis_config);
    sb_free(&cmd);
    sb_printf(&sb, "restore-with certrebind restore <this file>\nrecords %zu\ncontent-bytes %zu\n%s\n", records, raw_len,
              CONTENT_MARKER);
    sb_add(&sb, raw, raw_len);
    sb_adds(&sb, END_MARKER);
    unsigned char digest[SHA256_LEN];
    char hex[2 * SHA256_LEN + 1], *err = NULL;
    if (!ok)
        diag_add(d, SEV_ERROR, 0, NULL, "a planned step does not fit on one line of the backup; nothing was changed");
    else if (sha256_digest(sb.data, sb.len, digest, &err) != 0) {
        diag_add(d, SEV_ERROR, 0, NULL, "%s; nothing was changed", err);
        free(err);
        ok = 0;
    }
    if (!ok) {
        sb_free(&sb);
        return NULL;
    }
    to_hex(digest, SHA256_LEN, hex);
    sb_printf(&sb, "%s%s\n", SHA_LABEL, hex);
    return sb_detach(&sb, len);
}

/* ---------- reading ---------- */

struct cursor {
    const unsigned char *p;
    size_t len, pos;
    int line;
};

/* The next LF-terminated line (without the LF), or NULL when no complete line is left. */
static const char *next_line(struct cursor *c, size_t *l)
{
    if (c->pos >= c->len)
        return NULL;
    const unsigned char *start = c->p + c->pos;
    const unsigned char *nl = memchr(start, '\n', c->len - c->pos);
    if (!nl)
        return NULL;
    *l = (size_t)(nl - start);
    c->pos += *l + 1;
    c->line++;
    return (const char *)start;
}

static int starts(const char *s, size_t l, const char *prefix)
{
    size_t pl = strlen(prefix);
    return l >= pl && memcmp(s, prefix, pl) == 0;
}

/* A decimal number filling s[0..l) exactly; -1 when it is not one. */
static int parse_size(const char *s, size_t l, size_t *out)
{
    if (l == 0 || l > 19)
        return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < l; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (v > SIZE_MAX)
        return -1;
    *out = (size_t)v;
    return 0;
}

/* The version line. Returns the version, or -1 after an error in d. */
static int read_version(struct cursor *c, const char *source, struct diags *d)
{
    size_t l = 0;
    const char *s = next_line(c, &l);
    size_t v = 0;
    if (!s || !starts(s, l, MAGIC) || parse_size(s + strlen(MAGIC), l - strlen(MAGIC), &v) != 0) {
        diag_add(d, SEV_ERROR, 0, source, "this is not a certrebind backup file (it does not start with '%s<version>')",
                 MAGIC);
        return -1;
    }
    if (v == 1) {
        diag_add(d, SEV_ERROR, 1, source,
                 "this backup is in format 1, written by certrebind 0.1.0: it has no record count, length, end marker "
                 "or checksum, so a file cut at a record boundary or changed later cannot be told from a good one, "
                 "and restore refuses it. Its netsh output is after the line '%s'; compare it with `netsh http show "
                 "sslcert` and re-create what is missing with `netsh http add sslcert`",
                 CONTENT_MARKER);
        return -1;
    }
    if (v != BACKUP_FORMAT) {
        diag_add(d, SEV_ERROR, 1, source, "this backup is in format %zu; this certrebind (%s) reads format %d: use the "
                 "certrebind that wrote it", v, CERTREBIND_VERSION, BACKUP_FORMAT);
        return -1;
    }
    return (int)v;
}

struct header {
    int have_records, have_length;
    size_t records, length;
};

static void add_step(struct backup *b, const char *s, size_t l)
{
    b->steps = xrealloc(b->steps, (b->step_count + 1) * sizeof *b->steps);
    b->steps[b->step_count++] = xstrndup(s, l);
}

/* The header lines up to the content marker. Returns 0 when the marker was found. */
static int read_header(struct cursor *c, struct backup *b, struct header *h, const char *source, struct diags *d)
{
    size_t l = 0;
    const char *s;
    while ((s = next_line(c, &l)) != NULL) {
        if (l == strlen(CONTENT_MARKER) && !memcmp(s, CONTENT_MARKER, l))
            return 0;
        size_t n = 0;
        if (memchr(s, '\0', l) || memchr(s, '\r', l))
            diag_add(d, SEV_ERROR, c->line, source, "the header line holds a NUL or CR character: the file is damaged");
        else if (starts(s, l, "created-by ") || starts(s, l, "created ") || starts(s, l, "plan ") ||
                 starts(s, l, "restore-with "))
            continue;
        else if (starts(s, l, "iis "))
            append_line(&b->iis_sites, &b->iis_sites_len, s + 4, l - 4);
        else if (starts(s, l, "iis-config "))
            append_line(&b->iis_config, &b->iis_config_len, s + 11, l - 11);
        else if (starts(s, l, "step ")) {
            const char *num = s + 5, *sp = memchr(num, ' ', l - 5);
            if (!sp || parse_size(num, (size_t)(sp - num), &n) != 0 || n != b->step_count + 1)
                diag_add(d, SEV_ERROR, c->line, source, "expected step %zu here: '" DIAG_QUOTED "'", b->step_count + 1,
                         DIAG_QUOTE(s, l));
            else
                add_step(b, sp + 1, l - (size_t)(sp + 1 - s));
        } else if (starts(s, l, "records ") && !h->have_records && parse_size(s + 8, l - 8, &h->records) == 0)
            h->have_records = 1;
        else if (starts(s, l, "content-bytes ") && !h->have_length && parse_size(s + 14, l - 14, &h->length) == 0)
            h->have_length = 1;
        else
            diag_add(d, SEV_ERROR, c->line, source, "unexpected header line '" DIAG_QUOTED "': the file is damaged",
                     DIAG_QUOTE(s, l));
    }
    diag_add(d, SEV_ERROR, 0, source, "no '%s' line: the header is cut short or damaged", CONTENT_MARKER);
    return -1;
}

/* End marker right after the content, then the checksum line and nothing more. */
static void check_trailer(const unsigned char *bytes, size_t len, size_t content_end, const char *source,
                          struct diags *d)
{
    size_t el = strlen(END_MARKER), sl = strlen(SHA_LABEL);
    if (content_end > len || len - content_end < el || memcmp(bytes + content_end, END_MARKER, el) != 0) {
        diag_add(d, SEV_ERROR, 0, source,
                 "no end marker right after the netsh output: the file was cut short or changed after it was written");
        return;
    }
    size_t at = content_end + el;
    const char *sha = (const char *)bytes + at + sl;
    if (len - at != sl + 2 * SHA256_LEN + 1 || memcmp(bytes + at, SHA_LABEL, sl) != 0 || sha[2 * SHA256_LEN] != '\n') {
        diag_add(d, SEV_ERROR, 0, source, "the last line must be '%s' and 64 hex digits, and nothing may follow it: the "
                 "file was cut short or changed", SHA_LABEL);
        return;
    }
    unsigned char digest[SHA256_LEN];
    char hex[2 * SHA256_LEN + 1], *err = NULL;
    if (sha256_digest(bytes, at, digest, &err) != 0) {
        diag_add(d, SEV_ERROR, 0, source, "%s", err);
        free(err);
        return;
    }
    to_hex(digest, SHA256_LEN, hex);
    if (memcmp(hex, sha, 2 * SHA256_LEN) != 0)
        diag_add(d, SEV_ERROR, 0, source,
                 "checksum mismatch: the content's SHA-256 is %s, the backup says %.64s: the file was damaged or "
                 "changed after it was written",
                 hex, sha);
}

/* Decodes and parses the netsh output, the n bytes at the start of *owned (a malloc'd buffer,
 * taken over: freed and set to NULL); the parser's findings become warnings. */
static void read_records(unsigned char **owned, size_t n, int codepage, struct backup *b, const char *source,
                         struct diags *d)
{
    struct diags pd;
    diags_init(&pd);
    struct text t;
    int rc = text_decode_take_unsplit(&t, owned, n, codepage, &pd, CONTENT_source);
    free(*owned);
    *owned = NULL;
    if (rc == 0 && t.nul_bytes)
        diag_add(d, SEV_ERROR, 0, source,
                 "the netsh output holds %zu NUL character(s), which netsh never prints: the file is damaged",
                 t.nul_bytes);
    /* copied out, and the listing freed: restore reads the live one next */
    if (rc != 0 || netsh_parse_sslcert(&t, &b->bindings, &pd) != 0)
        diag_add(d, SEV_ERROR, 0, source, "the netsh output in the backup cannot be read (see below)");
    if (rc == 0)
        text_free(&t);
    for (size_t i = 0; i < pd.count; i++)
        diag_add(d, pd.items[i].severity == SEV_INFO ? SEV_INFO : SEV_WARNING, pd.items[i].line, pd.items[i].source,
                 "%s", pd.items[i].message);
    diags_free(&pd);
}

static void copy_cut(char *dst, size_t size, const char *src)
{
    size_t l = strlen(src);
    if (l >= size)
        l = size - 1;
    memcpy(dst, src, l);
    dst[l] = 0;
}

/* The operation and socket a step line names ("netsh http update sslcert ipport=..."). */
static int step_target(const char *cmd, char *op, size_t op_size, enum binding_kind *kind, char *socket,
                       size_t socket_size)
{
    static const struct {
        const char *param;
        enum binding_kind kind;
    } keys[] = {{"ipport=", BINDING_IPPORT},
                {"hostnameport=", BINDING_HOSTNAMEPORT},
                {"ccs=", BINDING_CCS},
                {"scopedccs=", BINDING_SCOPEDCCS}};
    char tok[1024];
    size_t index = 0;
    int found = 0;
    for (const char *s = cmd; *s && !found; index++) {
        while (*s == ' ')
            s++;
        size_t l = 0;
        for (; *s && *s != ' '; s++)
            if (*s != '"' && l + 1 < sizeof tok)
                tok[l++] = *s;
        tok[l] = 0;
        if ((index == 0 && strcmp(tok, "netsh")) || (index == 1 && ascii_casecmp(tok, "http")) ||
            (index == 3 && ascii_casecmp(tok, "sslcert")))
            return -1; /* not a netsh http ... sslcert step */
        if (index == 2)
            copy_cut(op, op_size, tok);
        for (size_t k = 0; index > 3 && k < sizeof keys / sizeof keys[0] && !found; k++)
            if (!ascii_ncasecmp(tok, keys[k].param, strlen(keys[k].param))) {
                *kind = keys[k].kind;
                copy_cut(socket, socket_size, tok + strlen(keys[k].param));
                found = 1;
            }
    }
    return found ? 0 : -1;
}

static void add_added(struct backup *b, enum binding_kind kind, const char *socket, size_t step)
{
    b->added = xrealloc(b->added, (b->added_count + 1) * sizeof *b->added);
    b->added[b->added_count++] = (struct backup_socket){kind, xstrdup(socket), step};
}

/* The site binding an appcmd step line adds or removes, as format_step_command wrote it:
 * appcmd set site "/site.name:NAME" /+bindings.[protocol='https',bindingInformation='INFO',...]
 * (the site argument quoted when it holds a space). Returns 0 and fills s, -1 for another line. */
static int site_step_target(const char *cmd, size_t step, struct backup_site_step *s)
{
    const char *plus = strstr(cmd, "+bindings.["), *minus = strstr(cmd, "-bindings.[");
    const char *change = plus && (!minus || plus < minus) ? plus : minus;
    const char *name = strstr(cmd, " /site.name:"), *quoted = strstr(cmd, " \"/site.name:");
    const char *info = change ? strstr(change, "bindingInformation='") : NULL;
    if (strncmp(cmd, "appcmd ", 7) != 0 || !change || (!name && !quoted) || !info)
        return -1;
    const char *site = quoted ? quoted + 13 : name + 12;
    size_t site_len = strcspn(site, quoted ? "\"" : " ");
    info += strlen("bindingInformation='");
    const char *end = strchr(info, '\'');
    if (!end)
        return -1;
    s->site = xstrndup(site, site_len);
    s->info = xstrndup(info, (size_t)(end - info));
    s->add = change == plus;
    s->step = step;
    return 0;
}

static void add_site_step(struct backup *b, const char *cmd, size_t step)
{
    struct backup_site_step s;
    if (site_step_target(cmd, step, &s) != 0)
        return;
    b->site_steps = xrealloc(b->site_steps, (b->site_step_count + 1) * sizeof *b->site_steps);
    b->site_steps[b->site_step_count++] = s;
}

/* An update or delete names a socket that was bound, so it must be among the records; an add that
 * no delete of the same socket precedes binds a socket that was not. */
static void cross_check_steps(struct backup *b, const char *source, struct diags *d)
{
    char prev_op[32] = "", prev_socket[1024] = "";
    enum binding_kind prev_kind = BINDING_IPPORT;
    struct binding_index records; /* one lookup per step, not a scan of every record */
    binding_index_build(&records, &b->bindings);
    for (size_t i = 0; i < b->step_count; i++) {
        char op[32] = "", socket[1024];
        enum binding_kind kind;
        if (step_target(b->steps[i], op, sizeof op, &kind, socket, sizeof socket) != 0) {
            add_site_step(b, b->steps[i], i + 1);
            prev_op[0] = 0;
            continue; /* another tool's step (appcmd): no socket to check */
        }
        int bound = binding_find(&records, kind, socket) != NULL;
        int replaces = !ascii_casecmp(prev_op, "delete") && prev_kind == kind && !ascii_casecmp(prev_socket, socket);
        if ((!ascii_casecmp(op, "update") || !ascii_casecmp(op, "delete")) && !bound)
            diag_add(d, SEV_ERROR, 0, source,
                     "step %zu (%s %s=" DIAG_QUOTED ") names a binding that is not among the backup's records: a "
                     "record is missing",
                     i + 1, op, binding_kind_name(kind), DIAG_QUOTE(socket, strlen(socket)));
        else if (!ascii_casecmp(op, "add") && !replaces && bound)
            diag_add(d, SEV_ERROR, 0, source,
                     "step %zu adds %s=" DIAG_QUOTED " as a new binding, yet the backup holds a record of it: the "
                     "file is inconsistent",
                     i + 1, binding_kind_name(kind), DIAG_QUOTE(socket, strlen(socket)));
        else if (!ascii_casecmp(op, "add") && !replaces)
            add_added(b, kind, socket, i + 1);
        copy_cut(prev_op, sizeof prev_op, op);
        copy_cut(prev_socket, sizeof prev_socket, socket);
        prev_kind = kind;
    }
    binding_index_free(&records);
}

/* backup_parse; with take (which holds bytes), the netsh output is moved to the start of *take and
 * read there, else from a copy. */
static int parse(const unsigned char *bytes, size_t len, unsigned char **take, int codepage, const char *name,
                 struct backup *out, struct diags *d)
{
    memset(out, 0, sizeof *out);
    const char *source = name ? name : "backup";
    size_t errors = diags_count(d, SEV_ERROR);
    struct cursor c = {bytes, len, 0, 0};
    struct header h = {0, 0, 0, 0};
    out->version = read_version(&c, source, d);
    if (out->version < 0 || read_header(&c, out, &h, source, d) != 0)
        return -1;
    if (!h.have_records)
        diag_add(d, SEV_ERROR, 0, source, "the header has no 'records N' line: the file is damaged");
    if (!h.have_length) {
        diag_add(d, SEV_ERROR, 0, source, "the header has no 'content-bytes N' line: the file is damaged");
        return -1;
    }
    size_t left = len - c.pos, n = h.length;
    if (n > left) {
        diag_add(d, SEV_ERROR, 0, source,
                 "the file is cut short: the header announces %zu bytes of netsh output, the file holds %zu", n, left);
        n = left;
    }
    out->content_len = n;
    check_trailer(bytes, len, h.length > left ? SIZE_MAX : c.pos + h.length, source, d);
    unsigned char *content = take ? *take : xmalloc(n + 1);
    memmove(content, bytes + c.pos, n); /* the header is read, the checksum checked: no longer needed */
    if (take)
        *take = NULL;
    read_records(&content, n, codepage, out, source, d);
    out->records = h.records;
    if (h.have_records && out->bindings.count != h.records)
        diag_add(d, SEV_ERROR, 0, source,
                 "the header announces %zu binding record(s), the netsh output holds %zu: records are missing or were "
                 "added",
                 h.records, out->bindings.count);
    cross_check_steps(out, source, d);
    return diags_count(d, SEV_ERROR) > errors ? -1 : 0;
}

int backup_parse(const unsigned char *bytes, size_t len, int codepage, const char *name, struct backup *out,
                 struct diags *d)
{
    return parse(bytes, len, NULL, codepage, name, out, d);
}

int backup_parse_take(unsigned char **bytes, size_t len, int codepage, const char *name, struct backup *out,
                      struct diags *d)
{
    int rc = parse(*bytes, len, bytes, codepage, name, out, d);
    free(*bytes); /* still there when the parse stopped before the records */
    *bytes = NULL;
    return rc;
}

void backup_free(struct backup *b)
{
    for (size_t i = 0; i < b->step_count; i++)
        free(b->steps[i]);
    free(b->steps);
    for (size_t i = 0; i < b->added_count; i++)
        free(b->added[i].socket);
    free(b->added);
    for (size_t i = 0; i < b->site_step_count; i++) {
        free(b->site_steps[i].site);
        free(b->site_steps[i].info);
    }
    free(b->site_steps);
    free(b->iis_sites);
    free(b->iis_config);
    binding_list_free(&b->bindings);
    memset(b, 0, sizeof *b);
}
