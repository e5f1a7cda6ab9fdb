/* Stateful simulator of `certutil [-v] -store [StoreName [CertId]]` and `certutil -dump FILE` (Windows Server 2022,
 * English, LocalMachine stores). Reads the `cert` records of the state file (simcommon.h).
 *
 * What it reproduces (researched from output posted publicly: Microsoft docs, GitHub issues):
 *  - `My "Personal"` header (the name as typed, then the store's display name), one
 *    "================ Certificate N ================" block per certificate (N = index in the
 *    store), blank line between blocks, "CertUtil: -store command completed successfully.";
 *  - dates in en-US short form "M/D/YYYY h:mm AM" (the state's UTC times);
 *  - key lines: Key Container / Unique container name / Provider + "Encryption test passed";
 *    "Missing stored keyset" (haskey=0); "No key provider information" (keyinfo=0);
 *  - -v: the X509 dump (multi-line Issuer/Subject with Name Hash lines, public key hex dump,
 *    "Certificate Extensions: N" with Enhanced Key Usage, Key Usage, Subject Alternative Name
 *    ("    2.5.29.17: Flags = 0, Length = <DER length in hex>" / "    Subject Alternative Name" /
 *    "        DNS Name=host"), Subject Key Identifier, signature) before the hash and key lines;
 *  - a store that does not exist: "CertUtil: -store command FAILED: 0x80070002 (WIN32: 2
 *    ERROR_FILE_NOT_FOUND)" + "CertUtil: The system cannot find the file specified.", exit
 *    code 0x80070002; an existing empty store: header + success line.
 * Hex that a real certificate would carry but the state does not (name hashes, public key,
 * signature) is invented deterministically from the certificate's SHA-1. */
#include "simcommon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HR_FILE_NOT_FOUND 0x80070002UL
#define HR_INVALID_ARG 0x80070057UL
#define HR_NTE_NOT_FOUND 0x80090011UL
#define HR_BAD_TAG 0x8009310bUL

static const char machine_guid[] = "d1c5a6f0-7e2b-4c39-9a51-3f0e8b7c2d94";

/* LocalMachine system stores that exist on a Windows Server 2022 with IIS, with their names. */
static const struct {
    const char *name, *display;
} known_stores[] = {
    {"My", "Personal"},
    {"Root", "Trusted Root Certification Authorities"},
    {"CA", "Intermediate Certification Authorities"},
    {"Trust", "Enterprise Trust"},
    {"Disallowed", "Untrusted Certificates"},
    {"AuthRoot", "Third-Party Root Certification Authorities"},
    {"TrustedPublisher", "Trusted Publishers"},
    {"TrustedPeople", "Trusted People"},
    {"WebHosting", "Web Hosting"},
    {"REQUEST", "Certificate Enrollment Requests"},
    {"ClientAuthIssuer", "Client Authentication Issuers"},
    {"Remote Desktop", "Remote Desktop"},
    {"SmartCardRoot", "Smart Card Trusted Roots"},
    {"TrustedDevices", "Trusted Devices"},
    {"Windows Live ID Token Issuer", "Windows Live ID Token Issuer"},
};

/* ------------------------------------------------------------------ invented hex */

struct prng {
    unsigned long long s;
};

static void prng_seed(struct prng *p, const char *a, const char *b)
{
    unsigned long long h = 1469598103934665603ULL; /* FNV-1a */
    for (const char *s = a; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;
    for (const char *s = b; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    p->s = h ? h : 0x9e3779b97f4a7c15ULL;
}

static unsigned prng_byte(struct prng *p)
{
    p->s ^= p->s << 13;
    p->s ^= p->s >> 7;
    p->s ^= p->s << 17;
    return (unsigned)(p->s >> 24) & 0xff;
}

/* n invented bytes as hex; sep = " " for byte-spaced. */
static void fake_hex(struct sim_buf *o, const char *seed, const char *what, int n, const char *sep)
{
    struct prng p;
    prng_seed(&p, seed, what);
    for (int i = 0; i < n; i++)
        sim_buf_printf(o, "%s%02x", i && sep ? sep : "", prng_byte(&p));
}

/* certutil's hex dump: "    0000  30 82 01 0a 02 82 01 01  00 dd 61 ..." */
static void hex_dump(struct sim_buf *o, const unsigned char *bytes, int n)
{
    for (int off = 0; off < n; off += 16) {
        sim_buf_printf(o, "    %04x ", off);
        for (int i = off; i < off + 16 && i < n; i++)
            sim_buf_printf(o, "%s%02x", i - off == 8 ? "  " : " ", bytes[i]);
        sim_buf_add(o, "\n");
    }
}

static void fake_dump(struct sim_buf *o, const char *seed, const char *what, const unsigned char *prefix,
                      int prefix_len, int n)
{
    unsigned char *b = sim_xmalloc((size_t)n);
    struct prng p;
    prng_seed(&p, seed, what);
    for (int i = 0; i < n; i++)
        b[i] = i < prefix_len ? prefix[i] : (unsigned char)prng_byte(&p);
    hex_dump(o, b, n);
    free(b);
}

/* ------------------------------------------------------------------ dates */

/* "2026-11-02T09:00:00Z" -> "11/2/2026 9:00 AM" (en-US short date and time). */
static void us_date(struct sim_buf *o, const char *iso)
{
    int y, mo, d, h, mi;
    char t;
    if (!iso || sscanf(iso, "%4d-%2d-%2d%c%2d:%2d", &y, &mo, &d, &t, &h, &mi) != 6 || (t != 'T' && t != ' ') ||
        mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59) {
        sim_buf_add(o, iso ? iso : "");
        return;
    }
    int h12 = h % 12 == 0 ? 12 : h % 12;
    sim_buf_printf(o, "%d/%d/%d %d:%02d %s", mo, d, y, h12, mi, h < 12 ? "AM" : "PM");
}

/* ------------------------------------------------------------------ names */

/* Prints a DN one RDN per line ("    CN=x"), splitting at ", " followed by "attr=". */
static void dn_lines(struct sim_buf *o, const char *dn)
{
    const char *start = dn, *p = dn;
    while (*p) {
        if (p[0] == ',' && p[1] == ' ') {
            const char *q = p + 2;
            while ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '.')
                q++;
            if (q > p + 2 && *q == '=') {
                sim_buf_add(o, "    ");
                sim_buf_addn(o, start, (size_t)(p - start));
                sim_buf_add(o, "\n");
                start = p + 2;
                p = start;
                continue;
            }
        }
        p++;
    }
    sim_buf_add(o, "    ");
    sim_buf_add(o, start);
    sim_buf_add(o, "\n");
}

/* DER length of a TLV with a content of n bytes. */
static size_t der_len(size_t n) { return n + 1 + (n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 4); }

/* ------------------------------------------------------------------ certificate blocks */

static const char *field_or(const struct sim_record *r, const char *name, const char *def)
{
    const char *v = sim_rec_get(r, name);
    return v ? v : def;
}

static void key_lines(struct sim_buf *o, const struct sim_record *r, const char *sha1)
{
    const char *keyinfo = sim_rec_get(r, "keyinfo");
    if (keyinfo && strcmp(keyinfo, "0") == 0) {
        sim_buf_add(o, "No key provider information\nCannot find the certificate and private key for decryption.\n");
        return;
    }
    const char *haskey = field_or(r, "haskey", "0");
    sim_buf_add(o, "  Key Container = ");
    fake_hex(o, sha1, "container1", 4, NULL);
    sim_buf_add(o, "-");
    fake_hex(o, sha1, "container2", 2, NULL);
    sim_buf_add(o, "-");
    fake_hex(o, sha1, "container3", 2, NULL);
    sim_buf_add(o, "-");
    fake_hex(o, sha1, "container4", 2, NULL);
    sim_buf_add(o, "-");
    fake_hex(o, sha1, "container5", 6, NULL);
    sim_buf_add(o, "\n");
    if (strcmp(haskey, "1") == 0) {
        sim_buf_add(o, "  Unique container name: ");
        fake_hex(o, sha1, "unique", 16, NULL);
        sim_buf_printf(o, "_%s\n", machine_guid);
        sim_buf_add(o, "  Provider = Microsoft RSA SChannel Cryptographic Provider\n");
        sim_buf_add(o, "Encryption test passed\n");
    } else {
        sim_buf_add(o, "  Provider = Microsoft RSA SChannel Cryptographic Provider\n");
        sim_buf_add(o, "Missing stored keyset\n");
    }
}

static void root_or_not(struct sim_buf *o, const char *subject, const char *issuer)
{
    if (strcmp(subject, issuer) == 0)
        sim_buf_add(o, "Signature matches Public Key\nRoot Certificate: Subject matches Issuer\n");
    else
        sim_buf_add(o, "Non-root Certificate\n");
}

static void plain_block(struct sim_buf *o, const struct sim_record *r)
{
    const char *sha1 = field_or(r, "sha1", ""), *subject = field_or(r, "subject", ""),
               *issuer = field_or(r, "issuer", ""), *tmpl = sim_rec_get(r, "template");
    sim_buf_printf(o, "Serial Number: %s\n", field_or(r, "serial", ""));
    sim_buf_printf(o, "Issuer: %s\n", issuer);
    sim_buf_add(o, " NotBefore: ");
    us_date(o, sim_rec_get(r, "notbefore"));
    sim_buf_add(o, "\n NotAfter: ");
    us_date(o, sim_rec_get(r, "notafter"));
    sim_buf_printf(o, "\nSubject: %s\n", subject);
    root_or_not(o, subject, issuer);
    if (tmpl)
        sim_buf_printf(o, "Template: %s\n", tmpl);
    sim_buf_printf(o, "Cert Hash(sha1): %s\n", sha1);
    key_lines(o, r, sha1);
}

static const unsigned char spki_prefix[] = {0x30, 0x82, 0x01, 0x0a, 0x02, 0x82, 0x01, 0x01, 0x00};

static void verbose_block(struct sim_buf *o, const struct sim_record *r, int with_key)
{
    const char *sha1 = field_or(r, "sha1", ""), *subject = field_or(r, "subject", ""),
               *issuer = field_or(r, "issuer", ""), *dns = field_or(r, "dns", ""), *tmpl = sim_rec_get(r, "template");
    static const char sigalg[] = "    Algorithm ObjectId: 1.2.840.113549.1.1.11 sha256RSA\n"
                                 "    Algorithm Parameters:\n"
                                 "    05 00\n";
    sim_buf_add(o, "X509 Certificate:\nVersion: 3\n");
    sim_buf_printf(o, "Serial Number: %s\n", field_or(r, "serial", ""));
    sim_buf_add(o, "Signature Algorithm:\n");
    sim_buf_add(o, sigalg);
    sim_buf_add(o, "Issuer:\n");
    dn_lines(o, issuer);
    sim_buf_add(o, "  Name Hash(sha1): ");
    fake_hex(o, issuer, "namesha1", 20, NULL);
    sim_buf_add(o, "\n  Name Hash(md5): ");
    fake_hex(o, issuer, "namemd5", 16, NULL);
    sim_buf_add(o, "\n\n NotBefore: ");
    us_date(o, sim_rec_get(r, "notbefore"));
    sim_buf_add(o, "\n NotAfter: ");
    us_date(o, sim_rec_get(r, "notafter"));
    sim_buf_add(o, "\n\nSubject:\n");
    dn_lines(o, subject);
    sim_buf_add(o, "  Name Hash(sha1): ");
    fake_hex(o, subject, "namesha1", 20, NULL);
    sim_buf_add(o, "\n  Name Hash(md5): ");
    fake_hex(o, subject, "namemd5", 16, NULL);
    sim_buf_add(o, "\n\nPublic Key Algorithm:\n"
                   "    Algorithm ObjectId: 1.2.840.113549.1.1.1 RSA\n"
                   "    Algorithm Parameters:\n"
                   "    05 00\n"
                   "Public Key Length: 2048 bits\n"
                   "Public Key: UnusedBits = 0\n");
    fake_dump(o, sha1, "publickey", spki_prefix, (int)sizeof spki_prefix, 270);

    /* extensions */
    size_t san_inner = 0, ndns = 0;
    for (const char *p = dns; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len) {
            san_inner += der_len(len);
            ndns++;
        }
        p += len + (comma ? 1 : 0);
    }
    sim_buf_printf(o, "Certificate Extensions: %d\n", ndns ? 4 : 3);
    sim_buf_add(o, "    2.5.29.37: Flags = 0, Length = c\n"
                   "    Enhanced Key Usage\n"
                   "        Server Authentication (1.3.6.1.5.5.7.3.1)\n\n"
                   "    2.5.29.15: Flags = 1(Critical), Length = 4\n"
                   "    Key Usage\n"
                   "        Digital Signature, Key Encipherment (a0)\n\n");
    if (ndns) {
        sim_buf_printf(o, "    2.5.29.17: Flags = 0, Length = %lx\n", (unsigned long)der_len(san_inner));
        sim_buf_add(o, "    Subject Alternative Name\n");
        for (const char *p = dns; *p;) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            if (len) {
                sim_buf_add(o, "        DNS Name=");
                sim_buf_addn(o, p, len);
                sim_buf_add(o, "\n");
            }
            p += len + (comma ? 1 : 0);
        }
        sim_buf_add(o, "\n");
    }
    sim_buf_add(o, "    2.5.29.14: Flags = 0, Length = 16\n    Subject Key Identifier\n        ");
    fake_hex(o, sha1, "ski", 20, " ");
    sim_buf_add(o, "\n\nSignature Algorithm:\n");
    sim_buf_add(o, sigalg);
    sim_buf_add(o, "Signature: UnusedBits=0\n");
    fake_dump(o, sha1, "signature", NULL, 0, 256);
    root_or_not(o, subject, issuer);
    if (tmpl)
        sim_buf_printf(o, "Template: %s\n", tmpl);
    sim_buf_add(o, "Key Id Hash(rfc-sha1): ");
    fake_hex(o, sha1, "ski", 20, NULL);
    sim_buf_add(o, "\nKey Id Hash(sha1): ");
    fake_hex(o, sha1, "keyidsha1", 20, NULL);
    sim_buf_add(o, "\nKey Id Hash(md5): ");
    fake_hex(o, sha1, "keyidmd5", 16, NULL);
    sim_buf_add(o, "\nKey Id Hash(sha256): ");
    fake_hex(o, sha1, "keyidsha256", 32, NULL);
    sim_buf_add(o, "\nCert Hash(md5): ");
    fake_hex(o, sha1, "certmd5", 16, NULL);
    sim_buf_printf(o, "\nCert Hash(sha1): %s\n", sha1);
    sim_buf_add(o, "Cert Hash(sha256): ");
    fake_hex(o, sha1, "certsha256", 32, NULL);
    sim_buf_add(o, "\nSignature Hash: ");
    fake_hex(o, sha1, "sighash", 32, NULL);
    sim_buf_add(o, "\n");
    if (with_key)
        key_lines(o, r, sha1);
}

/* ------------------------------------------------------------------ main */

static void failed(struct sim_buf *o, unsigned long hr, int win32)
{
    if (win32)
        sim_buf_printf(o, "CertUtil: -store command FAILED: 0x%08lx (WIN32: %d %s)\n", hr, win32, sim_win32_symbol(win32));
    else
        sim_buf_printf(o, "CertUtil: -store command FAILED: 0x%08lx (-2146893807 NTE_NOT_FOUND)\n", hr);
    sim_buf_printf(o, "CertUtil: %s\n", win32 ? sim_win32_message(win32) : "Object was not found.");
}

/* CertId: index, SHA-1 (spaces allowed) or serial number. */
static int cert_matches(const struct sim_record *r, long index, const char *id)
{
    char *end = NULL;
    long n = strtol(id, &end, 10);
    if (end && end != id && !*end && n == index && strlen(id) < 8)
        return 1;
    struct sim_buf packed = {0};
    sim_buf_add(&packed, "");
    for (const char *p = id; *p; p++)
        if (*p != ' ')
            sim_buf_addn(&packed, p, 1);
    const char *sha1 = sim_rec_get(r, "sha1"), *serial = sim_rec_get(r, "serial");
    int hit = (sha1 && sim_casecmp(sha1, packed.data) == 0) || (serial && sim_casecmp(serial, packed.data) == 0);
    sim_buf_free(&packed);
    return hit;
}

static int is_opt(const char *a, const char *name)
{
    return (a[0] == '-' || a[0] == '/') && sim_casecmp(a + 1, name) == 0;
}

/* certutil -dump FILE of a certificate file the simulated CA wrote (tests/sim/certreq.c): the
 * verbose block without a banner and without key lines (a file has no key), then the -dump
 * completion line. */
static unsigned long dump(struct sim_buf *o, const char *path, char *result, size_t result_sz)
{
    struct sim_state holder;
    struct sim_record *r;
    int rc = sim_pemfile_read(path, "CERTIFICATE", &r, &holder);
    if (rc == -1) {
        sim_buf_add(o, "CertUtil: -dump command FAILED: 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)\n"
                       "CertUtil: The system cannot find the file specified.\n");
        snprintf(result, result_sz, "fail:2");
        return HR_FILE_NOT_FOUND;
    }
    if (rc != 0) {
        sim_buf_add(o, "CertUtil: -dump command FAILED: 0x8009310b (ASN: 267 CRYPT_E_ASN1_BADTAG)\n"
                       "CertUtil: ASN1 bad tag value met.\n");
        snprintf(result, result_sz, "fail:badtag");
        return HR_BAD_TAG;
    }
    verbose_block(o, r, 0);
    sim_state_free(&holder);
    sim_buf_add(o, "CertUtil: -dump command completed successfully.\n");
    snprintf(result, result_sz, "ok");
    return 0;
}

static unsigned long run(struct sim_buf *o, int argc, char **argv, const char *state_path, char **logkey,
                         char *result, size_t result_sz)
{
    if (argc == 3 && is_opt(argv[1], "dump")) {
        *logkey = sim_xstrdup(argv[2]);
        return dump(o, argv[2], result, result_sz);
    }
    int verbose = 0, store_verb = 0;
    const char *store = NULL, *certid = NULL;
    for (int a = 1; a < argc; a++) {
        const char *arg = argv[a];
        if (is_opt(arg, "v") || is_opt(arg, "verbose"))
            verbose = 1;
        else if (is_opt(arg, "user") || is_opt(arg, "enterprise") || is_opt(arg, "silent") || is_opt(arg, "f") ||
                 is_opt(arg, "q") || is_opt(arg, "split"))
            continue;
        else if (is_opt(arg, "store"))
            store_verb = 1;
        else if ((arg[0] == '-' || arg[0] == '/') && arg[1]) {
            sim_buf_printf(o, "CertUtil: Unknown arg: %s\n", arg);
            snprintf(result, result_sz, "fail:usage");
            return HR_INVALID_ARG;
        } else if (store_verb && !store)
            store = arg;
        else if (store_verb && !certid)
            certid = arg;
        else {
            sim_buf_add(o, "CertUtil: Too many arguments\n");
            snprintf(result, result_sz, "fail:usage");
            return HR_INVALID_ARG;
        }
    }
    if (!store_verb) {
        sim_buf_add(o, "CertUtil: this simulator only knows -store\n");
        snprintf(result, result_sz, "fail:usage");
        return HR_INVALID_ARG;
    }
    if (!store)
        store = "My";
    *logkey = sim_xstrdup(store);

    struct sim_state st;
    if (sim_state_load(state_path, &st) != 0)
        exit(SIM_EXIT_MISCONFIGURED);
    long n = sim_counter_bump(&st, "store");
    if (sim_state_save(state_path, &st) != 0) {
        sim_state_free(&st);
        exit(SIM_EXIT_MISCONFIGURED);
    }

    unsigned long hr = 0;
    if (sim_fault_match("CERTREBIND_SIM_HANG", "store", n)) {
        sim_log("store", store, "hang");
        sim_sleep_seconds(600);
    }
    if (sim_fault_match("CERTREBIND_SIM_KILL_PARENT", "store", n)) {
        sim_log("store", store, "killparent");
        sim_kill_parent();
        result[0] = 0;
        sim_state_free(&st);
        return 1;
    }
    if (sim_fault_match("CERTREBIND_SIM_FAIL", "store", n)) {
        int code = sim_fail_code();
        hr = 0x80070000UL | (unsigned long)code;
        failed(o, hr, code);
        snprintf(result, result_sz, "fail:%d", code);
        sim_state_free(&st);
        return hr;
    }

    const char *display = NULL;
    for (size_t i = 0; i < sizeof known_stores / sizeof known_stores[0]; i++)
        if (sim_casecmp(known_stores[i].name, store) == 0)
            display = known_stores[i].display;
    int any = 0;
    for (size_t i = 0; i < st.count; i++) {
        const char *s = sim_rec_get(&st.recs[i], "store");
        if (strcmp(st.recs[i].type, "cert") == 0 && s && sim_casecmp(s, store) == 0)
            any = 1;
    }
    if (!display && !any) {
        failed(o, HR_FILE_NOT_FOUND, 2);
        snprintf(result, result_sz, "fail:2");
        sim_state_free(&st);
        return HR_FILE_NOT_FOUND;
    }
    sim_buf_printf(o, "%s \"%s\"\n", store, display ? display : store);
    long index = 0, shown = 0;
    for (size_t i = 0; i < st.count; i++) {
        const struct sim_record *r = &st.recs[i];
        const char *s = sim_rec_get(r, "store");
        if (strcmp(r->type, "cert") != 0 || !s || sim_casecmp(s, store) != 0)
            continue;
        if (!certid || cert_matches(r, index, certid)) {
            if (shown++)
                sim_buf_add(o, "\n");
            sim_buf_printf(o, "================ Certificate %ld ================\n", index);
            if (verbose)
                verbose_block(o, r, 1);
            else
                plain_block(o, r);
        }
        index++;
    }
    sim_state_free(&st);
    if (certid && !shown) {
        failed(o, HR_NTE_NOT_FOUND, 0);
        snprintf(result, result_sz, "fail:ntenotfound");
        return HR_NTE_NOT_FOUND;
    }
    sim_buf_add(o, "CertUtil: -store command completed successfully.\n");
    snprintf(result, result_sz, "ok");
    return 0;
}

int main(int argc, char **argv)
{
    sim_output_init();
    const char *state_path = getenv("CERTREBIND_SIM_STATE");
    if (!state_path || !*state_path)
        sim_die("CERTREBIND_SIM_STATE is not set");
    struct sim_buf out = {0};
    sim_buf_add(&out, "");
    char *logkey = NULL;
    char result[32] = "ok";
    unsigned long hr = run(&out, argc, argv, state_path, &logkey, result, sizeof result);
    if (result[0])
        sim_log(argc == 3 && is_opt(argv[1], "dump") ? "dump" : "store", logkey, result);

    struct sim_buf crlf = {0};
    sim_buf_add(&crlf, "");
    for (size_t i = 0; i < out.len; i++) {
        if (out.data[i] == '\n')
            sim_buf_add(&crlf, "\r\n");
        else
            sim_buf_addn(&crlf, out.data + i, 1);
    }
    sim_output_write(crlf.data, crlf.len);
    sim_buf_free(&crlf);
    sim_buf_free(&out);
    free(logkey);
    /* certutil exits with the HRESULT (a POSIX parent sees its low 8 bits) */
    return (int)hr;
}
