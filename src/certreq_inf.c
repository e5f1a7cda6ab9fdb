/* The certreq INF of a renewal request (see certreq_inf.h). */
#include "certreq_inf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ascii.h"
#include "cert.h"
#include "hostname.h"
#include "strbuf.h"

static const char *const key_names[] = {"rsa2048", "rsa3072", "rsa4096", "ecdsa-p256", "ecdsa-p384"};

const char *request_key_name(enum request_key k)
{
    return (unsigned)k < sizeof key_names / sizeof key_names[0] ? key_names[k] : "?";
}

int request_key_parse(const char *name, enum request_key *k)
{
    for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
        if (!strcmp(name, key_names[i])) {
            *k = (enum request_key)i;
            return 0;
        }
    return -1;
}

char *inf_quote(const char *value, const char **why)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_addc(&sb, '"');
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        const char *bad = *p < 0x20 || *p == 0x7f ? "holds a control character"
                          : *p >= 0x80            ? "holds a non-ASCII character (certreq reads its INF as ASCII)"
                          : *p == '%'             ? "holds '%' (an INF string substitution)"
                                                  : NULL;
        if (bad) {
            *why = bad;
            sb_free(&sb);
            return NULL;
        }
        if (*p == '"')
            sb_addc(&sb, '"');
        sb_addc(&sb, (char)*p);
    }
    sb_addc(&sb, '"');
    return sb_detach(&sb, NULL);
}

/* The ASCII form of a certificate DNS name ("*." kept in front of a wildcard), or -1 with why. */
static int name_to_ascii(const char *name, char out[256], char *why, size_t why_size)
{
    int wildcard = name[0] == '*' && name[1] == '.';
    char host[254];
    if (hostname_to_ascii(name + (wildcard ? 2 : 0), host, why, why_size) != 0)
        return -1;
    snprintf(out, 256, "%s%s", wildcard ? "*." : "", host);
    return 0;
}

static int has_name(const struct request_spec *spec, const char *name)
{
    for (size_t i = 0; i < spec->name_count; i++)
        if (ascii_casecmp(spec->names[i], name) == 0)
            return 1;
    return 0;
}

static int subject_quotable(const char *hash, const char *subject, struct diags *d)
{
    const char *why = NULL;
    char *q = inf_quote(subject, &why);
    free(q);
    size_t quotes = 0;
    for (const char *p = subject; *p; p++)
        quotes += *p == '"';
    if (!why && quotes % 2)
        why = "leaves a quote open (an X.500 value in quotes must end with one)";
    if (why)
        diag_add(d, SEV_ERROR, 0, NULL,
                 "certificate %s: its subject \"%.200s\" %s; certrebind cannot write it into a certreq INF. "
                 "Write the INF by hand (see the man page, REQUEST) or ask the CA for the renewal",
                 hash, subject, why);
    return why ? -1 : 0;
}

/* Adds the SAN DNS names (or the CN) of c to spec; -1 when one cannot be asked for again. */
static int spec_names(const struct cert *c, struct request_spec *spec, struct diags *d)
{
    const char *const *names;
    const char *cn = NULL;
    size_t n = cert_names(c, &names, &cn);
    spec->names = xmalloc((n ? n : 1) * sizeof *spec->names);
    for (size_t i = 0; i < n; i++) {
        char ascii[256], why[200];
        if (name_to_ascii(names[i], ascii, why, sizeof why) != 0) {
            diag_add(d, SEV_ERROR, 0, NULL, "certificate %s: the DNS name \"%.200s\" %s; a request cannot ask for it",
                     c->sha1, names[i], why);
            return -1;
        }
        if (!has_name(spec, ascii))
            spec->names[spec->name_count++] = xstrdup(ascii);
    }
    if (!spec->name_count) {
        diag_add(d, SEV_ERROR, 0, NULL, "certificate %s shows no DNS name (no SAN, no CN): nothing to ask for", c->sha1);
        return -1;
    }
    return 0;
}

int request_spec_from_cert(const struct cert *c, enum request_key key, const char *template_name,
                           struct request_spec *spec, struct diags *d)
{
    memset(spec, 0, sizeof *spec);
    spec->like = c->sha1;
    spec->key = key;
    spec->template_name = template_name;
    if (!c->dns_names_known) {
        diag_add(d, SEV_ERROR, 0, NULL,
                 "certificate %s: the store listing does not show its Subject Alternative Names (it is not the "
                 "`certutil -v -store` form); a request made from it could lose names",
                 c->sha1);
        return -1;
    }
    if (c->san_other_count) {
        diag_add(d, SEV_ERROR, 0, NULL,
                 "certificate %s: its Subject Alternative Name holds \"%s\"%s; certrebind asks only for DNS names, so "
                 "the renewal would lose it. Write the INF by hand (an IP address is `_continue_ = \"ipaddress=...&\"`)",
                 c->sha1, c->san_other, c->san_other_count > 1 ? " and more entries that are not DNS names" : "");
        return -1;
    }
    if (!c->subject || !*c->subject) {
        diag_add(d, SEV_ERROR, 0, NULL, "certificate %s has no subject to ask for", c->sha1);
        return -1;
    }
    if (subject_quotable(c->sha1, c->subject, d) != 0)
        return -1;
    spec->subject = xstrdup(c->subject);
    return spec_names(c, spec, d);
}

void request_spec_free(struct request_spec *spec)
{
    for (size_t i = 0; i < spec->name_count; i++)
        free(spec->names[i]);
    free(spec->names);
    free(spec->subject);
    memset(spec, 0, sizeof *spec);
}

/* Adds `Key = "value"` (INF-quoted), or returns -1 with an error naming what. */
static int add_quoted(struct strbuf *sb, const char *key, const char *value, const char *what, struct diags *d)
{
    const char *why = NULL;
    char *q = inf_quote(value, &why);
    if (!q) {
        diag_add(d, SEV_ERROR, 0, NULL, "%s \"%.200s\" %s: it cannot be written into a certreq INF", what, value, why);
        return -1;
    }
    sb_printf(sb, "%s = %s\r\n", key, q);
    free(q);
    return 0;
}

static void add_key_lines(struct strbuf *sb, enum request_key key)
{
    static const char *const rsa_bits[] = {"2048", "3072", "4096"};
    if (key <= KEY_RSA4096) {
        sb_printf(sb, "KeyLength = %s\r\n", rsa_bits[key]);
        sb_adds(sb, "ProviderName = \"Microsoft RSA SChannel Cryptographic Provider\"\r\n");
    } else {
        /* the curve sets the length */
        sb_printf(sb, "KeyAlgorithm = %s\r\n", key == KEY_ECDSA_P384 ? "ECDSA_P384" : "ECDSA_P256");
        sb_adds(sb, "ProviderName = \"Microsoft Software Key Storage Provider\"\r\n");
    }
}

char *certreq_inf_format(const struct request_spec *spec, const char *friendly, struct diags *d)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "; certreq INF written by certrebind: a renewal of certificate %s\r\n", spec->like);
    sb_adds(&sb, "; (same subject and DNS names, a new machine key that cannot be exported)\r\n");
    sb_adds(&sb, "[Version]\r\nSignature=\"$Windows NT$\"\r\n\r\n[NewRequest]\r\n");
    int rc = add_quoted(&sb, "Subject", spec->subject, "the subject", d);
    sb_adds(&sb, "MachineKeySet = TRUE\r\nExportable = FALSE\r\n");
    add_key_lines(&sb, spec->key);
    sb_adds(&sb, "HashAlgorithm = sha256\r\nRequestType = PKCS10\r\n");
    sb_printf(&sb, "KeyUsage = %s\r\n", spec->key <= KEY_RSA4096 ? "0xa0" : "0x80");
    if (rc == 0 && friendly)
        rc = add_quoted(&sb, "FriendlyName", friendly, "the friendly name", d);
    sb_adds(&sb, "\r\n[EnhancedKeyUsageExtension]\r\nOID = 1.3.6.1.5.5.7.3.1\r\n");
    sb_adds(&sb, "\r\n[Extensions]\r\n2.5.29.17 = \"{text}\"\r\n");
    for (size_t i = 0; rc == 0 && i < spec->name_count; i++) {
        char value[300];
        snprintf(value, sizeof value, "dns=%s&", spec->names[i]);
        rc = add_quoted(&sb, "_continue_", value, "the DNS name", d);
    }
    if (rc == 0 && spec->template_name) {
        sb_adds(&sb, "\r\n[RequestAttributes]\r\n");
        rc = add_quoted(&sb, "CertificateTemplate", spec->template_name, "the template name", d);
    }
    if (rc != 0) {
        sb_free(&sb);
        return NULL;
    }
    return sb_detach(&sb, NULL);
}
