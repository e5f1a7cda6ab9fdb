/* NAME.request.json: written by `request`, read by `accept` and `request` (see request_record.h). */
#include "request_record.h"

#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "arena.h"
#include "dates.h"
#include "hexhash.h"
#include "json.h"
#include "strbuf.h"
#include "text.h"

#define FORMAT_TAG "certrebind-request 1"
#define MAX_NAMES 1000

void request_record_write(FILE *f, const struct request_spec *spec, const char *inf, const char *req, time_t created)
{
    struct json j;
    json_init(&j, f, 1);
    json_begin_object(&j);
    json_kv_string(&j, "format", FORMAT_TAG);
    json_kv_string(&j, "like", spec->like);
    json_kv_string(&j, "subject", spec->subject);
    json_key(&j, "dns_names");
    json_begin_array(&j);
    for (size_t i = 0; i < spec->name_count; i++)
        json_string(&j, spec->names[i]);
    json_end_array(&j);
    json_kv_string(&j, "key", request_key_name(spec->key));
    json_kv_string(&j, "template", spec->template_name); /* NULL: null */
    json_kv_string(&j, "inf", inf);
    json_kv_string(&j, "req", req);
    char when[21];
    format_iso8601(created, when);
    json_kv_string(&j, "created", when);
    json_end_object(&j);
    json_finish(&j);
}

/* ---------- reading: a JSON subset for exactly the record's shape ---------- */

struct reader {
    const char *p, *end;
    const char *name;
    struct diags *d;
    int failed;
};

static void fail(struct reader *r, const char *what)
{
    if (!r->failed)
        diag_add(r->d, SEV_ERROR, 0, r->name, "not a certrebind request record: %s", what);
    r->failed = 1;
}

static void skip_ws(struct reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int take(struct reader *r, char c)
{
    skip_ws(r);
    if (r->p < r->end && *r->p == c) {
        r->p++;
        return 1;
    }
    return 0;
}

static int hex4(const char *p, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        unsigned x = c >= '0' && c <= '9' ? (unsigned)(c - '0') : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16;
        if (x == 16)
            return -1;
        *v = *v * 16 + x;
    }
    return 0;
}

/* One escape after the backslash at r->p (a \u of a control character or a surrogate is refused:
 * nothing the writer puts in a record needs one). */
static int escape(struct reader *r, struct strbuf *sb)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    if (r->p >= r->end)
        return -1;
    const char *k = strchr(from, *r->p);
    if (*r->p && k) {
        char c = to[k - from];
        if ((unsigned char)c < 0x20)
            return -1; /* no control characters in any value */
        sb_addc(sb, c);
        r->p++;
        return 0;
    }
    unsigned v;
    if (*r->p != 'u' || r->end - r->p < 5 || hex4(r->p + 1, &v) != 0 || v < 0x20 || v == 0x7f ||
        (v >= 0xd800 && v <= 0xdfff))
        return -1;
    char buf[4];
    sb_add(sb, buf, utf8_encode(v, buf));
    r->p += 5;
    return 0;
}

/* A string value (caller frees), or NULL after fail(). */
static char *string(struct reader *r)
{
    if (!take(r, '"')) {
        fail(r, "a value is not a string");
        return NULL;
    }
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "");
    while (r->p < r->end && *r->p != '"') {
        unsigned char c = (unsigned char)*r->p;
        if (c < 0x20 || c == 0x7f) {
            fail(r, "a string holds a control character");
            break;
        }
        if (c == '\\') {
            r->p++;
            if (escape(r, &sb) != 0) {
                fail(r, "a string holds an escape it may not");
                break;
            }
            continue;
        }
        sb_addc(&sb, (char)c);
        r->p++;
    }
    if (!r->failed && r->p >= r->end)
        fail(r, "a string does not end");
    if (r->failed) {
        sb_free(&sb);
        return NULL;
    }
    r->p++;
    if (!utf8_valid(sb.data, sb.len)) {
        fail(r, "a string is not valid UTF-8");
        sb_free(&sb);
        return NULL;
    }
    return sb_detach(&sb, NULL);
}

static int names(struct reader *r, struct request_record *out)
{
    if (!take(r, '[')) {
        fail(r, "\"dns_names\" is not a list");
        return -1;
    }
    size_t cap = 0;
    if (take(r, ']'))
        return 0;
    do {
        char *s = string(r);
        if (!s)
            return -1;
        if (out->name_count >= MAX_NAMES) {
            free(s);
            fail(r, "more than 1000 DNS names");
            return -1;
        }
        out->names = grow_array(out->names, &cap, out->name_count + 1, sizeof *out->names);
        out->names[out->name_count++] = s;
    } while (take(r, ','));
    if (!take(r, ']')) {
        fail(r, "\"dns_names\" does not end with ]");
        return -1;
    }
    return 0;
}

static const char *const keys[] = {"format", "like", "subject", "dns_names", "key", "template", "inf", "req", "created"};
enum { K_FORMAT, K_LIKE, K_SUBJECT, K_NAMES, K_KEY, K_TEMPLATE, K_INF, K_REQ, K_CREATED, K_COUNT };

/* The value of key k into out; -1 after fail(). */
static int value(struct reader *r, int k, struct request_record *out)
{
    if (k == K_NAMES)
        return names(r, out);
    skip_ws(r);
    if (k == K_TEMPLATE && r->end - r->p >= 4 && !memcmp(r->p, "null", 4)) {
        r->p += 4;
        return 0;
    }
    char *s = string(r);
    if (!s)
        return -1;
    const char *bad = NULL;
    time_t t;
    switch (k) {
    case K_FORMAT: bad = strcmp(s, FORMAT_TAG) ? "its \"format\" is not \"" FORMAT_TAG "\"" : NULL; break;
    case K_LIKE: bad = strlen(s) != 40 || sha1_normalise(s, 40, out->like) ? "\"like\" is not a SHA-1 hash" : NULL; break;
    case K_KEY: bad = request_key_parse(s, &out->key) ? "\"key\" is not a key type certrebind writes" : NULL; break;
    case K_CREATED:
        bad = parse_iso8601(s, &t) ? "\"created\" is not a time" : NULL;
        out->created = t;
        break;
    case K_SUBJECT: out->subject = s; return 0;
    case K_TEMPLATE: out->template_name = s; return 0;
    case K_INF: out->inf = s; return 0;
    case K_REQ: out->req = s; return 0;
    }
    free(s);
    if (bad)
        fail(r, bad);
    return bad ? -1 : 0;
}

static int members(struct reader *r, struct request_record *out)
{
    int seen[K_COUNT] = {0};
    do {
        char *key = string(r);
        if (!key)
            return -1;
        int k = 0;
        while (k < K_COUNT && strcmp(keys[k], key))
            k++;
        free(key);
        if (k == K_COUNT || seen[k]++) {
            fail(r, k == K_COUNT ? "it has a key certrebind does not write" : "a key appears twice");
            return -1;
        }
        if (!take(r, ':')) {
            fail(r, "a key is not followed by ':'");
            return -1;
        }
        if (value(r, k, out) != 0)
            return -1;
    } while (take(r, ','));
    for (int k = 0; k < K_COUNT; k++)
        if (!seen[k] && k != K_TEMPLATE) {
            char what[64];
            snprintf(what, sizeof what, "\"%s\" is missing", keys[k]);
            fail(r, what);
            return -1;
        }
    return 0;
}

int request_record_parse(const char *bytes, size_t len, const char *name, struct request_record *out, struct diags *d)
{
    memset(out, 0, sizeof *out);
    struct reader r = {bytes, bytes + len, name, d, 0};
    if (len > REQUEST_RECORD_MAX)
        fail(&r, "larger than 64 KiB");
    else if (memchr(bytes, '\0', len))
        fail(&r, "it holds a NUL byte");
    else if (!take(&r, '{'))
        fail(&r, "it is not a JSON object");
    else if (members(&r, out) == 0 && !take(&r, '}'))
        fail(&r, "the object does not end with }");
    skip_ws(&r);
    if (!r.failed && r.p != r.end)
        fail(&r, "something follows the object");
    if (!r.failed && (!out->name_count || !*out->subject || !*out->inf || !*out->req))
        fail(&r, "an empty subject, DNS name list or path");
    return r.failed ? -1 : 0;
}

void request_record_free(struct request_record *r)
{
    for (size_t i = 0; i < r->name_count; i++)
        free(r->names[i]);
    free(r->names);
    free(r->subject);
    free(r->template_name);
    free(r->inf);
    free(r->req);
    memset(r, 0, sizeof *r);
}

static int in_names(char *const *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (ascii_casecmp(list[i], name) == 0)
            return 1;
    return 0;
}

int request_record_matches(const struct request_record *r, const struct request_spec *issued)
{
    if (!r->subject || !issued->subject || ascii_casecmp(r->subject, issued->subject) != 0)
        return 0;
    for (size_t i = 0; i < r->name_count; i++)
        if (!in_names(issued->names, issued->name_count, r->names[i]))
            return 0;
    for (size_t i = 0; i < issued->name_count; i++)
        if (!in_names(r->names, r->name_count, issued->names[i]))
            return 0;
    return 1;
}
