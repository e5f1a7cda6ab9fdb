/* Stateful simulator of certreq.exe (English) and of a tiny CA, sharing the state file of the
 * other simulators (simcommon.h).
 *
 *   certreq -new [-machine] [-q] INF REQ
 *       Reads the INF like certreq does for what certrebind writes ([NewRequest] Subject with
 *       doubled quotes, KeyLength / KeyAlgorithm, [Extensions] _continue_ = "dns=NAME&",
 *       [RequestAttributes] CertificateTemplate), checks the subject as an X.500 string, writes REQ
 *       and records the pending key: a `certrequest` record and the placeholder certificate in
 *       the REQUEST store. Prints "CertReq: Request Created".
 *   certreq -submit -config CA REQ CERT          (the simulated CA: issues at once)
 *       Writes CERT for the pending request REQ was made for: the request's subject and names
 *       (CERTREBIND_SIM_ISSUE_DNS=a,b replaces the names), valid from now - 1 h to now + 397 days
 *       (CERTREBIND_SIM_ISSUE_NOTBEFORE / _NOTAFTER = YYYY-MM-DDTHH:MM:SSZ replace them), issuer
 *       "CN=Simulated Issuing CA, O=certrebind tests". Prints certreq's RequestId lines.
 *   certreq -accept [-machine] [-q] CERT
 *       Puts the certificate into My with the pending key (haskey=1) and removes the pending
 *       request; prints the "Installed Certificate:" block.
 *
 * Failures, as certreq prints them ("Certificate Request Processor: <text> 0x<hr> (<facility>)"),
 * exit code the HRESULT (a POSIX parent sees its low 8 bits):
 *   - accept of a certificate no pending request matches (its key is not here): 0x80092004
 *     CRYPT_E_NOT_FOUND "Cannot find object or property.";
 *   - -new naming a template not in CERTREBIND_SIM_TEMPLATES (comma list; default WebServer):
 *     "Template not found.  Do you wish to continue anyway?" and the name; -q answers no, no
 *     REQ is written: 0x800704c7 ERROR_CANCELLED (the exit code of this case is not documented
 *     anywhere public; this is a model);
 *   - CERTREBIND_SIM_CA=unreachable: -submit and a -new with a template (the enrollment policy
 *     is read from the CA) fail with 0x800706ba RPC_S_SERVER_UNAVAILABLE;
 *     CERTREBIND_SIM_CA=untrusted: -accept fails with 0x800b010a CERT_E_CHAINING;
 *   - an output file that exists: 0x80070050 ERROR_FILE_EXISTS; an input missing: 0x80070002;
 *     a subject that is no X.500 string: 0x80092023 CRYPT_E_INVALID_X500_STRING;
 *   - CERTREBIND_SIM_FAIL=new:n|accept:n|submit:n: that call fails with CERTREBIND_SIM_FAIL_CODE;
 *     CERTREBIND_SIM_LIE=new:n|accept:n: prints success, exits 0, does nothing.
 * Log ops: new, submit, accept. */
#include "simcommon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HR_FILE_NOT_FOUND 0x80070002UL
#define HR_FILE_EXISTS 0x80070050UL
#define HR_CANCELLED 0x800704c7UL
#define HR_RPC_UNAVAILABLE 0x800706baUL
#define HR_NOT_FOUND 0x80092004UL
#define HR_INVALID_X500 0x80092023UL
#define HR_CHAINING 0x800b010aUL
#define HR_INVALID_ARG 0x80070057UL
#define HR_BAD_TAG 0x8009310bUL

#define REQ_LABEL "NEW CERTIFICATE REQUEST"
#define CERT_LABEL "CERTIFICATE"
#define ISSUER "CN=Simulated Issuing CA, O=certrebind tests"

static void processor_error(struct sim_buf *o, const char *text, unsigned long hr, const char *facility)
{
    sim_buf_printf(o, "Certificate Request Processor: %s 0x%08lx (%s)\n", text, hr, facility);
}

/* 40 hex digits derived from the seeds (FNV-1a then xorshift): stable across runs. */
static void fake_sha1(char out[41], const char *a, const char *b)
{
    unsigned long long h = 1469598103934665603ULL;
    for (const char *s = a; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;
    for (const char *s = b; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    for (int i = 0; i < 40; i++) {
        h ^= h << 13;
        h ^= h >> 7;
        h ^= h << 17;
        out[i] = "0123456789abcdef"[(h >> 20) & 15];
    }
    out[40] = 0;
}

static void iso_time(char out[21], time_t t)
{
    struct tm *g = gmtime(&t);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", g);
}

/* ------------------------------------------------------------------ INF */

struct inf {
    char *subject;
    struct sim_buf dns; /* a,b,c */
    char *key;
    char *tmpl;
    int machine_keyset;
};

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = 0;
    return s;
}

/* An INF value: "a ""b""" -> a "b"; unquoted as is. NULL when a quote is left open. */
static char *inf_value(const char *v)
{
    if (v[0] != '"')
        return sim_xstrdup(v);
    struct sim_buf b = {0};
    sim_buf_add(&b, "");
    const char *p = v + 1;
    for (;; p++) {
        if (!*p) {
            sim_buf_free(&b);
            return NULL;
        }
        if (*p == '"') {
            if (p[1] != '"')
                break;
            p++;
        }
        sim_buf_addn(&b, p, 1);
    }
    return b.data;
}

/* The X.500 string certreq would hand to CertStrToName: RDNs "k=v" separated by ',' (or ';'),
 * a value in quotes may hold them. */
static int x500_ok(const char *s)
{
    int quoted = 0, have_eq = 0, rdn_len = 0;
    for (const char *p = s;; p++) {
        if (!*p || (!quoted && (*p == ',' || *p == ';'))) {
            if (quoted || !have_eq || !rdn_len)
                return 0;
            if (!*p)
                return 1;
            have_eq = 0;
            rdn_len = 0;
            continue;
        }
        if (*p == '"')
            quoted = !quoted;
        else if (*p == '=' && !quoted)
            have_eq = 1;
        else if ((unsigned char)*p < 0x20)
            return 0;
        if (*p != ' ')
            rdn_len++;
    }
}

static int inf_read(const char *path, struct inf *inf, const char **why)
{
    memset(inf, 0, sizeof *inf);
    sim_buf_add(&inf->dns, "");
    FILE *f = fopen(path, "rb");
    if (!f) {
        *why = "missing";
        return -1;
    }
    char line[4096], section[64] = "";
    int signature = 0;
    while (fgets(line, sizeof line, f)) {
        char *l = trim(line);
        if (!*l || *l == ';')
            continue;
        if (*l == '[') {
            snprintf(section, sizeof section, "%s", l);
            continue;
        }
        char *eq = strchr(l, '=');
        if (!eq)
            continue;
        *eq = 0;
        char *k = trim(l), *v = inf_value(trim(eq + 1));
        if (!v) {
            *why = "quote";
            fclose(f);
            return -1;
        }
        if (!sim_casecmp(section, "[Version]") && !sim_casecmp(k, "Signature"))
            signature = !strcmp(v, "$Windows NT$");
        else if (!sim_casecmp(section, "[NewRequest]") && !sim_casecmp(k, "Subject"))
            inf->subject = sim_xstrdup(v);
        else if (!sim_casecmp(section, "[NewRequest]") && !sim_casecmp(k, "MachineKeySet"))
            inf->machine_keyset = !sim_casecmp(v, "TRUE");
        else if (!sim_casecmp(section, "[NewRequest]") && !sim_casecmp(k, "KeyLength") && !inf->key) {
            char key[32];
            snprintf(key, sizeof key, "rsa%s", v);
            inf->key = sim_xstrdup(key);
        } else if (!sim_casecmp(section, "[NewRequest]") && !sim_casecmp(k, "KeyAlgorithm") && sim_casecmp(v, "RSA")) {
            free(inf->key);
            inf->key = sim_xstrdup(!sim_casecmp(v, "ECDSA_P384") ? "ecdsa-p384" : "ecdsa-p256");
        } else if (!sim_casecmp(section, "[Extensions]") && !sim_casecmp(k, "_continue_") && !sim_ncasecmp(v, "dns=", 4)) {
            size_t n = strcspn(v + 4, "&");
            if (inf->dns.len)
                sim_buf_add(&inf->dns, ",");
            sim_buf_addn(&inf->dns, v + 4, n);
        } else if (!sim_casecmp(section, "[RequestAttributes]") && !sim_casecmp(k, "CertificateTemplate"))
            inf->tmpl = sim_xstrdup(v);
        free(v);
    }
    fclose(f);
    if (!signature || !inf->subject) {
        *why = "syntax";
        return -1;
    }
    if (!x500_ok(inf->subject)) {
        *why = "x500";
        return -1;
    }
    return 0;
}

static void inf_free(struct inf *inf)
{
    free(inf->subject);
    free(inf->key);
    free(inf->tmpl);
    sim_buf_free(&inf->dns);
}

static int template_known(const char *name)
{
    const char *list = getenv("CERTREBIND_SIM_TEMPLATES");
    if (!list)
        list = "WebServer";
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        size_t l = strcspn(p, ",");
        if (l == n && !sim_ncasecmp(p, name, n))
            return 1;
        p += l + (p[l] == ',');
    }
    return 0;
}

/* ------------------------------------------------------------------ verbs */

struct call {
    struct sim_buf *o;
    struct sim_state st;
    const char *state_path;
    char result[64];
};

static unsigned long fail_hr(struct call *c, unsigned long hr, const char *text, const char *facility,
                             const char *result)
{
    processor_error(c->o, text, hr, facility);
    snprintf(c->result, sizeof c->result, "%s", result);
    return hr;
}

static unsigned long verb_new(struct call *c, const char *inf_path, const char *req_path)
{
    struct inf inf;
    const char *why = NULL;
    if (inf_read(inf_path, &inf, &why) != 0) {
        inf_free(&inf);
        if (!strcmp(why, "missing"))
            return fail_hr(c, HR_FILE_NOT_FOUND, "The system cannot find the file specified.",
                           "WIN32: 2 ERROR_FILE_NOT_FOUND", "fail:2");
        if (!strcmp(why, "x500") || !strcmp(why, "quote"))
            return fail_hr(c, HR_INVALID_X500,
                           "The string contains an invalid X500 name attribute key, oid, value or delimiter.",
                           "-2146885597 CRYPT_E_INVALID_X500_STRING", "fail:x500");
        return fail_hr(c, HR_INVALID_ARG, "The parameter is incorrect.", "WIN32: 87 ERROR_INVALID_PARAMETER",
                       "fail:87");
    }
    unsigned long hr = 0;
    if (inf.tmpl && sim_env_flag("CERTREBIND_SIM_CA") && !strcmp(getenv("CERTREBIND_SIM_CA"), "unreachable")) {
        hr = fail_hr(c, HR_RPC_UNAVAILABLE, "The RPC server is unavailable.", "WIN32: 1722 RPC_S_SERVER_UNAVAILABLE",
                     "fail:1722");
    } else if (inf.tmpl && !template_known(inf.tmpl)) {
        sim_buf_printf(c->o, "Template not found.  Do you wish to continue anyway?\n%s\n", inf.tmpl);
        hr = fail_hr(c, HR_CANCELLED, "The operation was canceled by the user.", "WIN32: 1223 ERROR_CANCELLED",
                     "fail:template");
    } else {
        long id = sim_counter_bump(&c->st, "requestid");
        char idtext[32], sha1[41];
        snprintf(idtext, sizeof idtext, "%ld", id);
        fake_sha1(sha1, inf.subject, idtext);
        struct sim_record req = {0};
        req.type = sim_xstrdup("certrequest");
        sim_rec_set(&req, "id", idtext);
        sim_rec_set(&req, "sha1", sha1);
        int w = sim_pemfile_write(req_path, REQ_LABEL, &req);
        if (w != 0) {
            hr = w == -2 ? fail_hr(c, HR_FILE_EXISTS, "The file exists.", "WIN32: 80 ERROR_FILE_EXISTS", "fail:80")
                         : fail_hr(c, HR_FILE_NOT_FOUND, "The system cannot find the path specified.",
                                   "WIN32: 3 ERROR_PATH_NOT_FOUND", "fail:3");
        } else {
            struct sim_record *r = sim_state_add(&c->st, "certrequest");
            sim_rec_set(r, "id", idtext);
            sim_rec_set(r, "sha1", sha1);
            sim_rec_set(r, "subject", inf.subject);
            sim_rec_set(r, "dns", inf.dns.data);
            sim_rec_set(r, "key", inf.key ? inf.key : "rsa2048");
            if (inf.tmpl)
                sim_rec_set(r, "template", inf.tmpl);
            char nb[21], na[21];
            time_t now = time(NULL);
            iso_time(nb, now - 600);
            iso_time(na, now + 365 * 86400L);
            struct sim_record *p = sim_state_add(&c->st, "cert");
            sim_rec_set(p, "store", "REQUEST");
            sim_rec_set(p, "sha1", sha1);
            sim_rec_set(p, "haskey", "1");
            sim_rec_set(p, "notbefore", nb);
            sim_rec_set(p, "notafter", na);
            sim_rec_set(p, "subject", inf.subject);
            sim_rec_set(p, "issuer", inf.subject);
            sim_rec_set(p, "serial", idtext);
            sim_rec_set(p, "dns", inf.dns.data);
            sim_buf_add(c->o, "CertReq: Request Created\n");
        }
        sim_record_free(&req);
    }
    inf_free(&inf);
    return hr;
}

static struct sim_record *pending(struct sim_state *st, const char *id)
{
    for (size_t i = 0; i < st->count; i++) {
        const char *v = sim_rec_get(&st->recs[i], "id");
        if (!strcmp(st->recs[i].type, "certrequest") && v && !strcmp(v, id))
            return &st->recs[i];
    }
    return NULL;
}

static unsigned long verb_submit(struct call *c, const char *req_path, const char *cert_path)
{
    const char *ca = getenv("CERTREBIND_SIM_CA");
    if (ca && !strcmp(ca, "unreachable"))
        return fail_hr(c, HR_RPC_UNAVAILABLE, "The RPC server is unavailable.", "WIN32: 1722 RPC_S_SERVER_UNAVAILABLE",
                       "fail:1722");
    struct sim_state holder;
    struct sim_record *req;
    int rc = sim_pemfile_read(req_path, REQ_LABEL, &req, &holder);
    const char *id = rc == 0 ? sim_rec_get(req, "id") : NULL;
    struct sim_record *p = id ? pending(&c->st, id) : NULL;
    unsigned long hr = 0;
    if (rc == -1)
        hr = fail_hr(c, HR_FILE_NOT_FOUND, "The system cannot find the file specified.", "WIN32: 2 ERROR_FILE_NOT_FOUND",
                     "fail:2");
    else if (!p)
        hr = fail_hr(c, HR_BAD_TAG, "ASN1 bad tag value met.", "ASN: 267 CRYPT_E_ASN1_BADTAG", "fail:badtag");
    else {
        char nb[21], na[21], sha1[41], serial[41];
        time_t now = time(NULL);
        iso_time(nb, now - 3600);
        iso_time(na, now + 397 * 86400L);
        const char *env_nb = getenv("CERTREBIND_SIM_ISSUE_NOTBEFORE"), *env_na = getenv("CERTREBIND_SIM_ISSUE_NOTAFTER"),
                   *env_dns = getenv("CERTREBIND_SIM_ISSUE_DNS");
        fake_sha1(sha1, sim_rec_get(p, "sha1"), "issued");
        fake_sha1(serial, sha1, "serial");
        struct sim_record cert = {0};
        cert.type = sim_xstrdup("cert");
        sim_rec_set(&cert, "request", id);
        sim_rec_set(&cert, "sha1", sha1);
        sim_rec_set(&cert, "notbefore", env_nb && *env_nb ? env_nb : nb);
        sim_rec_set(&cert, "notafter", env_na && *env_na ? env_na : na);
        sim_rec_set(&cert, "subject", sim_rec_get(p, "subject"));
        sim_rec_set(&cert, "issuer", ISSUER);
        serial[32] = 0;
        sim_rec_set(&cert, "serial", serial);
        sim_rec_set(&cert, "dns", env_dns ? env_dns : sim_rec_get(p, "dns"));
        if (sim_rec_get(p, "template"))
            sim_rec_set(&cert, "template", sim_rec_get(p, "template"));
        int w = sim_pemfile_write(cert_path, CERT_LABEL, &cert);
        if (w != 0)
            hr = fail_hr(c, HR_FILE_EXISTS, "The file exists.", "WIN32: 80 ERROR_FILE_EXISTS", "fail:80");
        else
            sim_buf_printf(c->o, "RequestId: %s\nRequestId: \"%s\"\nCertificate retrieved(Issued) Issued\n", id, id);
        sim_record_free(&cert);
    }
    sim_state_free(&holder);
    return hr;
}

static void remove_sha1(struct sim_state *st, const char *type, const char *store, const char *sha1)
{
    for (size_t i = st->count; i-- > 0;) {
        const struct sim_record *r = &st->recs[i];
        const char *s = sim_rec_get(r, "store"), *h = sim_rec_get(r, "sha1");
        if (!strcmp(r->type, type) && h && !strcmp(h, sha1) && (!store || (s && !sim_casecmp(s, store))))
            sim_state_remove(st, i);
    }
}

static unsigned long verb_accept(struct call *c, const char *cert_path)
{
    const char *ca = getenv("CERTREBIND_SIM_CA");
    struct sim_state holder;
    struct sim_record *cert;
    int rc = sim_pemfile_read(cert_path, CERT_LABEL, &cert, &holder);
    const char *id = rc == 0 ? sim_rec_get(cert, "request") : NULL;
    struct sim_record *p = id ? pending(&c->st, id) : NULL;
    unsigned long hr = 0;
    if (rc == -1)
        hr = fail_hr(c, HR_FILE_NOT_FOUND, "The system cannot find the file specified.", "WIN32: 2 ERROR_FILE_NOT_FOUND",
                     "fail:2");
    else if (rc != 0)
        hr = fail_hr(c, HR_BAD_TAG, "ASN1 bad tag value met.", "ASN: 267 CRYPT_E_ASN1_BADTAG", "fail:badtag");
    else if (ca && !strcmp(ca, "untrusted"))
        hr = fail_hr(c, HR_CHAINING,
                     "A certificate chain could not be built to a trusted root authority.",
                     "-2146762486 CERT_E_CHAINING", "fail:chaining");
    else if (!p)
        hr = fail_hr(c, HR_NOT_FOUND, "Cannot find object or property.", "-2146885628 CRYPT_E_NOT_FOUND",
                     "fail:notfound");
    else {
        char *req_sha1 = sim_xstrdup(sim_rec_get(p, "sha1"));
        struct sim_record *m = sim_state_add(&c->st, "cert");
        static const char *const keep[] = {"sha1", "notbefore", "notafter", "subject", "issuer", "serial", "dns",
                                           "template"};
        sim_rec_set(m, "store", "My");
        for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
            if (sim_rec_get(cert, keep[i]))
                sim_rec_set(m, keep[i], sim_rec_get(cert, keep[i]));
        sim_rec_set(m, "haskey", "1");
        sim_buf_printf(c->o, "Installed Certificate:\n  Serial Number: %s\n  Subject: %s (DNS Name=%s)\n",
                       sim_rec_get(cert, "serial"), sim_rec_get(cert, "subject"), sim_rec_get(cert, "dns"));
        sim_buf_printf(c->o, "  NotBefore: %s\n  NotAfter: %s\n  Thumbprint: %s\n", sim_rec_get(cert, "notbefore"),
                       sim_rec_get(cert, "notafter"), sim_rec_get(cert, "sha1"));
        remove_sha1(&c->st, "certrequest", NULL, req_sha1);
        remove_sha1(&c->st, "cert", "REQUEST", req_sha1);
        free(req_sha1);
    }
    sim_state_free(&holder);
    return hr;
}

/* ------------------------------------------------------------------ main */

static int is_opt(const char *a, const char *name)
{
    return (a[0] == '-' || a[0] == '/') && sim_casecmp(a + 1, name) == 0;
}

static unsigned long run(struct call *c, int argc, char **argv, const char **op, const char **key)
{
    const char *verb = NULL, *files[3] = {NULL, NULL, NULL};
    int nfiles = 0;
    for (int a = 1; a < argc; a++) {
        if (is_opt(argv[a], "new") || is_opt(argv[a], "accept") || is_opt(argv[a], "submit"))
            verb = argv[a] + 1;
        else if (is_opt(argv[a], "machine") || is_opt(argv[a], "q") || is_opt(argv[a], "f"))
            continue;
        else if (is_opt(argv[a], "config") && a + 1 < argc)
            a++;
        else if (argv[a][0] == '-' && argv[a][1]) /* "/x" unknown: a POSIX path */
            return fail_hr(c, HR_INVALID_ARG, "The parameter is incorrect.", "WIN32: 87 ERROR_INVALID_PARAMETER",
                           "fail:usage");
        else if (nfiles < 3)
            files[nfiles++] = argv[a];
    }
    int want = !verb ? -1 : !sim_casecmp(verb, "accept") ? 1 : 2;
    if (want < 0 || nfiles != want) {
        sim_buf_add(c->o, "CertReq: this simulator knows -new INF REQ, -submit -config CA REQ CERT, -accept CERT\n");
        snprintf(c->result, sizeof c->result, "fail:usage");
        return HR_INVALID_ARG;
    }
    static char opname[8];
    snprintf(opname, sizeof opname, "%s", verb);
    sim_lower(opname);
    *op = opname;
    *key = files[nfiles - 1];
    long n = sim_counter_bump(&c->st, opname);
    if (sim_fault_match("CERTREBIND_SIM_FAIL", opname, n)) {
        int code = sim_fail_code();
        char facility[80], result[32];
        snprintf(facility, sizeof facility, "WIN32: %d %s", code, sim_win32_symbol(code));
        snprintf(result, sizeof result, "fail:%d", code);
        return fail_hr(c, 0x80070000UL | (unsigned long)code, sim_win32_message(code), facility, result);
    }
    if (sim_fault_match("CERTREBIND_SIM_LIE", opname, n)) {
        sim_buf_add(c->o, !strcmp(opname, "new") ? "CertReq: Request Created\n" : "Installed Certificate:\n");
        snprintf(c->result, sizeof c->result, "lie");
        return 0;
    }
    if (!strcmp(opname, "new"))
        return verb_new(c, files[0], files[1]);
    if (!strcmp(opname, "submit"))
        return verb_submit(c, files[0], files[1]);
    return verb_accept(c, files[0]);
}

int main(int argc, char **argv)
{
    sim_output_init();
    struct call c;
    memset(&c, 0, sizeof c);
    c.state_path = getenv("CERTREBIND_SIM_STATE");
    if (!c.state_path || !*c.state_path)
        sim_die("CERTREBIND_SIM_STATE is not set");
    if (sim_state_load(c.state_path, &c.st) != 0)
        return SIM_EXIT_MISCONFIGURED;
    struct sim_buf out = {0};
    sim_buf_add(&out, "");
    c.o = &out;
    snprintf(c.result, sizeof c.result, "ok");
    const char *op = "-", *key = "-";
    unsigned long hr = run(&c, argc, argv, &op, &key);
    if (sim_state_save(c.state_path, &c.st) != 0)
        return SIM_EXIT_MISCONFIGURED;
    sim_state_free(&c.st);
    sim_log(op, key, c.result);
    struct sim_buf crlf = {0};
    sim_buf_add(&crlf, "");
    for (size_t i = 0; i < out.len; i++)
        sim_buf_add(&crlf, out.data[i] == '\n' ? "\r\n" : (char[2]){out.data[i], 0});
    sim_output_write(crlf.data, crlf.len);
    sim_buf_free(&crlf);
    sim_buf_free(&out);
    return (int)hr;
}
