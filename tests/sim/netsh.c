/* Stateful simulator of `netsh http show|add|update|delete sslcert` (Windows Server 2025, 2022,
 * 2019 or 2012 R2, English). Configuration, state file and log: see simcommon.h.
 *
 * What it reproduces (researched from output posted publicly: Microsoft docs, GitHub issues):
 *  - show: "\r\nSSL Certificate bindings:\r\n" + 25 dashes + "\r\n\r\n", then per binding
 *    4-space-indented "label<pad to 29> : value" lines, Enabled/Disabled for the classic flags
 *    (through "Reject Connections"), Set/Not Set for the newer ones, (null) for unset strings,
 *    on 2022 the two " Extended Properties:" blocks, a blank line after each record. Bindings come
 *    IP-based first, then hostname-based, then CCS, each sorted by key (registry order).
 *    A filter that matches nothing prints the header and "The system cannot find the file
 *    specified." and exits 1.
 *  - add/update/delete: "SSL Certificate successfully added|updated|deleted", or
 *    "SSL Certificate add|update|deletion failed, Error: N" + the Win32 message; parameters that
 *    netsh itself cannot parse print the bare "The parameter is incorrect."; a missing key or
 *    appid prints the "One or more essential parameters were not entered." usage error.
 *  - update is pessimistic: every parameter it is not given goes back to its default.
 *  - the "lie" fault: success text and exit 0 with nothing changed, as netsh does when given a
 *    parameter it does not know.
 *  - 2012r2: 13 classic fields, classic parameters only, no update command.
 *  - 2019: the classic fields plus Reject Connections and Disable HTTP2 (as the ws2019-en
 *    fixture); a parameter it does not know is answered with its usage text and exit 0, and
 *    nothing is created (a real-host finding).
 *  - 2025: the 2022 fields plus Disable Session ID and Enable Caching Client Hello (no
 *    parameter); add/update reject an explicit revocationfreshnesstime=0 or
 *    urlretrievaltimeout=0 with error 87 (real-host finding on build 26100), although 0 is what
 *    omitting them gives.
 *  - `add|update sslcert help` prints the usage text of the layout (its `[name=` list).
 * All text is built with "\n" and written with CRLF line ends in the OEM code page. */
#include "simcommon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_KEY, K_HASH, K_GUID, K_STRING, K_BOOL, K_UINT };

struct field {
    const char *param;
    const char *label;
    enum kind kind;
    const char *def;   /* default when not given (NULL: "(null)") */
    int since;         /* first layout that knows it (enum layout) */
    int set_style;     /* Set / Not Set instead of Enabled / Disabled */
    const char *syntax;
    const char *help;
};

enum layout { L_2012R2, L_2019, L_2022, L_2025 };

/* Show order (src/netsh_fields.c order, without scopedccs). */
static const struct field fields[] = {
    {"ipport", "IP:port", K_KEY, NULL, L_2012R2, 0, "<ipaddr:port>", "IP address and port for the binding."},
    {"hostnameport", "Hostname:port", K_KEY, NULL, L_2012R2, 0, "<name:port>", "Unicode hostname and port for binding."},
    {"ccs", "Central Certificate Store", K_KEY, NULL, L_2012R2, 0, "<port>", "Central Certificate Store binding."},
    {"certhash", "Certificate Hash", K_HASH, NULL, L_2012R2, 0, "<string>",
     "The SHA hash of the certificate. This hash is 20 bytes long and specified as a hex string."},
    {"appid", "Application ID", K_GUID, NULL, L_2012R2, 0, "<GUID>", "GUID to identify the owning application."},
    {"certstorename", "Certificate Store Name", K_STRING, NULL, L_2012R2, 0, "<string>",
     "Store name for the certificate. Required for Hostname based configurations. Defaults to MY for IP "
     "based configurations. Certificate must be stored in the local machine context."},
    {"verifyclientcertrevocation", "Verify Client Certificate Revocation", K_BOOL, "enable", L_2012R2, 0, "enable|disable",
     "Turns on/off verification of revocation of client certificates."},
    {"verifyrevocationwithcachedclientcertonly", "Verify Revocation Using Cached Client Certificate Only", K_BOOL,
     "disable", 0, 0, "enable|disable", "Turns on/off usage of only cached client certificate for revocation checking."},
    {"usagecheck", "Usage Check", K_BOOL, "enable", L_2012R2, 0, "enable|disable", "Turns on/off usage check. Default is enabled."},
    {"revocationfreshnesstime", "Revocation Freshness Time", K_UINT, "0", L_2012R2, 0, "<u-int>",
     "Time interval to check for an updated certificate revocation list (CRL). If this value is 0, then the new "
     "CRL is updated only if the previous one expires (in seconds)."},
    {"urlretrievaltimeout", "URL Retrieval Timeout", K_UINT, "0", L_2012R2, 0, "<u-int>",
     "Timeout on attempt to retrieve certificate revocation list for the remote URL (in milliseconds)."},
    {"sslctlidentifier", "Ctl Identifier", K_STRING, NULL, L_2012R2, 0, "<string>",
     "List the certificate issuers that can be trusted. This list can be a subset of the certificate issuers "
     "that are trusted by the machine."},
    {"sslctlstorename", "Ctl Store Name", K_STRING, NULL, L_2012R2, 0, "<string>",
     "Store name under LOCAL_MACHINE where SslCtlIdentifier is stored."},
    {"dsmapperusage", "DS Mapper Usage", K_BOOL, "disable", L_2012R2, 0, "enable|disable", "Turns on/off DS mappers. Default is disabled."},
    {"clientcertnegotiation", "Negotiate Client Certificate", K_BOOL, "disable", L_2012R2, 0, "enable|disable",
     "Turns on/off negotiation of certificate. Default is disabled."},
    {"reject", "Reject Connections", K_BOOL, "disable", L_2019, 0, "enable|disable",
     "When enabled, any new matching connection is immediately dropped."},
    {"disablehttp2", "Disable HTTP2", K_BOOL, "disable", L_2019, 1, "enable|disable",
     "When set, HTTP2 is disabled for new matching connections immediately."},
    {"disablequic", "Disable QUIC", K_BOOL, "disable", L_2022, 1, "enable|disable",
     "When set, QUIC is disabled for new matching connections immediately."},
    {"disabletls12", "Disable TLS1.2", K_BOOL, "disable", L_2022, 1, "enable|disable",
     "When set, TLS1.2 is disabled for new matching connections immediately."},
    {"disabletls13", "Disable TLS1.3", K_BOOL, "disable", L_2022, 1, "enable|disable",
     "When set, TLS1.3 is disabled for new matching connections immediately."},
    {"disableocspstapling", "Disable OCSP Stapling", K_BOOL, "disable", L_2022, 1, "enable|disable",
     "When set, OCSP stapling is disabled for new matching connections immediately."},
    {"enabletokenbinding", "Enable Token Binding", K_BOOL, "disable", L_2022, 1, "enable|disable",
     "When set, token binding is enabled for new connections immediately."},
    {"logextendedevents", "Log Extended Events", K_BOOL, "disable", L_2022, 1, "enable|disable",
     "When set, additional events useful for debugging are logged."},
    {"disablelegacytls", "Disable Legacy TLS Versions", K_BOOL, "disable", L_2022, 1, "enable|disable",
     "When set, legacy versions of TLS are disabled."},
    {"enablesessionticket", "Enable Session Ticket", K_BOOL, "disable", L_2022, 1, "enable|disable",
     "When set, TLS session resumption is enabled."},
    {"disablesessionid", "Disable Session ID", K_BOOL, "disable", L_2025, 1, "enable|disable",
     "When set, TLS session ID resumption is disabled."},
};
#define NFIELDS (sizeof fields / sizeof fields[0])
#define F_CERTHASH 3
#define F_APPID 4
#define F_CERTSTORENAME 5
#define NKEYS 3

/* Parameter order of the usage text (differs from the show order: disablelegacytls). */
static const char *const usage_order[] = {
    "certhash", "certstorename", "verifyclientcertrevocation", "verifyrevocationwithcachedclientcertonly",
    "usagecheck", "revocationfreshnesstime", "urlretrievaltimeout", "sslctlidentifier", "sslctlstorename",
    "dsmapperusage", "clientcertnegotiation", "reject", "disablehttp2", "disablequic", "disablelegacytls",
    "disabletls12", "disabletls13", "disableocspstapling", "enabletokenbinding", "logextendedevents",
    "enablesessionticket", "disablesessionid",
};

enum op { OP_SHOW, OP_ADD, OP_UPDATE, OP_DELETE };
static const char *const op_names[] = {"show", "add", "update", "delete"};

static enum layout layout = L_2022;

static int field_index(const char *param)
{
    for (size_t i = 0; i < NFIELDS; i++)
        if (sim_casecmp(fields[i].param, param) == 0)
            return (int)i;
    return -1;
}

static int field_known(size_t i) { return fields[i].since <= (int)layout; }

/* ------------------------------------------------------------------ texts */

static const char header[] = "\nSSL Certificate bindings:\n-------------------------\n\n";

static void usage_text(struct sim_buf *o, enum op op)
{
    const char *verb = op_names[op];
    if (op == OP_SHOW || op == OP_DELETE) {
        if (op == OP_SHOW)
            sim_buf_add(o, "Usage: show sslcert [hostnameport=<name:port> | ipport=<ipaddr:port> | ccs=<port>]\n");
        else
            sim_buf_add(o, "Usage: delete sslcert hostnameport=<name:port> | ipport=<ipaddr:port> | ccs=<port>\n");
        sim_buf_add(o, "\nParameters:\n\n    Tag              Value\n");
        for (size_t i = 0; i < NKEYS; i++)
            sim_buf_printf(o, "    %-16s- %s\n", fields[i].param, fields[i].help);
        if (op == OP_SHOW)
            sim_buf_add(o, "\nRemarks: Displays SSL server certificate bindings and corresponding client\n"
                           "         certificate policies for an IP address or hostname and a port.\n");
        else
            sim_buf_add(o, "\nRemarks: Deletes SSL server certificate bindings and the corresponding client\n"
                           "         certificate policies for an IP address or hostname and a port.\n");
        sim_buf_printf(o, "\nExamples:\n\n"
                          "    %s sslcert ipport=1.1.1.1:443\n"
                          "    %s sslcert ipport=[fe80::1000:ee:ff:ff]:443\n"
                          "    %s sslcert hostnameport=www.contoso.com:443\n"
                          "    %s sslcert ccs=443\n",
                       verb, verb, verb, verb);
        if (op == OP_SHOW)
            sim_buf_add(o, "    show sslcert\n");
        sim_buf_add(o, "\n");
        return;
    }
    sim_buf_printf(o, "Usage: %s sslcert hostnameport=<name:port> | ipport=<ipaddr:port> | ccs=<port>\n", verb);
    sim_buf_add(o, "        appid=<GUID>\n");
    for (size_t u = 0; u < sizeof usage_order / sizeof usage_order[0]; u++) {
        int i = field_index(usage_order[u]);
        if (i >= 0 && field_known((size_t)i))
            sim_buf_printf(o, "        [%s=%s]\n", fields[i].param, fields[i].syntax);
    }
    sim_buf_add(o, "\nParameters:\n\n    Tag              Value\n");
    for (size_t i = 0; i < NFIELDS; i++)
        if (field_known(i))
            sim_buf_printf(o, "    %-16s- %s\n", fields[i].param, fields[i].help);
    if (op == OP_ADD)
        sim_buf_add(o, "\nRemarks: Adds an SSL server certificate binding and corresponding client\n"
                       "         certificate policies for an IP address or hostname and a port.\n");
    else
        sim_buf_add(o, "\nRemarks: Updates an SSL server certificate binding and corresponding client\n"
                       "         certificate policies for an IP address or hostname and a port.\n");
    sim_buf_printf(o, "\nExamples:\n\n"
                      "    %s sslcert ipport=1.1.1.1:443 certhash=0102030405060708090A appid={00112233-4455-6677-8899-AABBCCDDEEFF}\n"
                      "    %s sslcert hostnameport=www.contoso.com:443 certhash=0102030405060708090A appid={00112233-4455-6677-8899-AABBCCDDEEFF} certstorename=MY\n"
                      "    %s sslcert ccs=443 appid={00112233-4455-6677-8899-AABBCCDDEEFF}\n\n",
                   verb, verb, verb);
}

static void essential_missing(struct sim_buf *o, enum op op)
{
    sim_buf_add(o, "\nOne or more essential parameters were not entered.\n"
                   "Verify the required parameters, and reenter them.\n"
                   "The syntax supplied for this command is not valid. Check help for the correct syntax.\n\n");
    usage_text(o, op);
}

/* An error netsh itself detects while reading a parameter (no "SSL Certificate ... failed"). */
static void bare_error(struct sim_buf *o, int code) { sim_buf_printf(o, "\n%s\n\n", sim_win32_message(code)); }

static void api_failure(struct sim_buf *o, enum op op, int code, int elevation)
{
    const char *msg = elevation ? "The requested operation requires elevation (Run as administrator)."
                                : sim_win32_message(code);
    if (op == OP_SHOW) {
        sim_buf_add(o, header);
        sim_buf_printf(o, "%s\n\n", msg);
        return;
    }
    const char *what = op == OP_ADD ? "add" : op == OP_UPDATE ? "update" : "deletion";
    sim_buf_printf(o, "\nSSL Certificate %s failed, Error: %d\n%s\n\n", what, code, msg);
}

static void success(struct sim_buf *o, enum op op)
{
    const char *what = op == OP_ADD ? "added" : op == OP_UPDATE ? "updated" : "deleted";
    sim_buf_printf(o, "\nSSL Certificate successfully %s\n\n", what);
}

/* ------------------------------------------------------------------ validation */

static int valid_port(const char *s)
{
    if (!*s || strlen(s) > 5)
        return 0;
    long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        v = v * 10 + (*p - '0');
    }
    return v >= 1 && v <= 65535;
}

static int valid_ipv4(const char *s, size_t n)
{
    int parts = 0;
    size_t i = 0;
    while (i < n) {
        int v = 0, digits = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 4) {
            v = v * 10 + (s[i] - '0');
            i++;
            digits++;
        }
        if (!digits || v > 255)
            return 0;
        parts++;
        if (i < n) {
            if (s[i] != '.' || parts == 4)
                return 0;
            i++;
            if (i == n)
                return 0;
        }
    }
    return parts == 4;
}

static int valid_key(int f, const char *v)
{
    if (f == 2)
        return valid_port(v);
    const char *colon = strrchr(v, ':');
    if (!colon || !valid_port(colon + 1))
        return 0;
    size_t hostlen = (size_t)(colon - v);
    if (hostlen == 0)
        return 0;
    if (f == 0) {
        if (v[0] == '[') {
            if (hostlen < 3 || v[hostlen - 1] != ']')
                return 0;
            for (size_t i = 1; i + 1 < hostlen; i++) {
                char c = v[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.'))
                    return 0;
            }
            return 1;
        }
        return valid_ipv4(v, hostlen);
    }
    for (size_t i = 0; i < hostlen; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c <= ' ' || c == '/' || c == '\\' || c == '"')
            return 0;
    }
    return 1;
}

static int valid_guid(const char *v)
{
    static const int groups[] = {8, 4, 4, 4, 12};
    size_t n = strlen(v);
    if (n != 38 || v[0] != '{' || v[37] != '}')
        return 0;
    const char *p = v + 1;
    for (int g = 0; g < 5; g++) {
        for (int i = 0; i < groups[g]; i++, p++)
            if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
                return 0;
        if (g < 4 && *p++ != '-')
            return 0;
    }
    return 1;
}

static int valid_uint(const char *v, char *norm, size_t normsz)
{
    if (!*v || strlen(v) > 10)
        return 0;
    unsigned long long x = 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        x = x * 10 + (unsigned)(*p - '0');
    }
    if (x > 4294967295ULL)
        return 0;
    snprintf(norm, normsz, "%lu", (unsigned long)x);
    return 1;
}

/* ------------------------------------------------------------------ parameters */

#define UNKNOWN_PARAM (-1)

struct params {
    char *value[NFIELDS]; /* normalised, NULL when not given */
    int key;              /* index of the key field given, -1 if none */
    int nkeys;
};

static void params_free(struct params *p)
{
    for (size_t i = 0; i < NFIELDS; i++)
        free(p->value[i]);
}

/* Reads `name=value` arguments. Returns 0, the Win32 error netsh would print (87), or
 * UNKNOWN_PARAM for a parameter name this layout does not know. */
static int parse_params(int argc, char **argv, int first, int keys_only, struct params *p)
{
    memset(p, 0, sizeof *p);
    p->key = -1;
    for (int a = first; a < argc; a++) {
        const char *arg = argv[a];
        const char *eq = strchr(arg, '=');
        if (!eq || eq == arg)
            return 87;
        char *name = sim_xstrndup(arg, (size_t)(eq - arg));
        int f = field_index(name);
        free(name);
        if (f < 0 || !field_known((size_t)f))
            return UNKNOWN_PARAM;
        if ((keys_only && f >= NKEYS) || p->value[f])
            return 87;
        const char *v = eq + 1;
        size_t vl = strlen(v);
        if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
            v++;
            vl -= 2;
        }
        char *val = sim_xstrndup(v, vl);
        char norm[32];
        int ok = 1;
        switch (fields[f].kind) {
        case K_KEY: ok = valid_key(f, val); break;
        case K_HASH:
            ok = sim_is_hex(val, 40);
            sim_lower(val);
            break;
        case K_GUID:
            ok = valid_guid(val);
            sim_lower(val);
            break;
        case K_BOOL:
            ok = sim_casecmp(val, "enable") == 0 || sim_casecmp(val, "disable") == 0;
            sim_lower(val);
            break;
        case K_UINT:
            ok = valid_uint(val, norm, sizeof norm);
            if (ok) {
                free(val);
                val = sim_xstrdup(norm);
            }
            break;
        case K_STRING: ok = vl > 0; break;
        }
        if (!ok) {
            free(val);
            return 87;
        }
        p->value[f] = val;
        if (f < NKEYS) {
            p->key = f;
            p->nkeys++;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ state access */

/* The key field of a binding record, or -1. */
static int binding_key(const struct sim_record *r, const char **key)
{
    for (int f = 0; f < NKEYS; f++) {
        const char *v = sim_rec_get(r, fields[f].param);
        if (v) {
            *key = v;
            return f;
        }
    }
    return -1;
}

static long find_binding(const struct sim_state *st, int kf, const char *key)
{
    for (size_t i = 0; i < st->count; i++) {
        const struct sim_record *r = &st->recs[i];
        const char *k = NULL;
        if (strcmp(r->type, "binding") == 0 && binding_key(r, &k) == kf && sim_casecmp(k, key) == 0)
            return (long)i;
    }
    return -1;
}

/* 1 when the store holds the certificate with its private key (else HTTP.sys says 1312). */
static int cert_usable(const struct sim_state *st, const char *store, const char *hash)
{
    for (size_t i = 0; i < st->count; i++) {
        const struct sim_record *r = &st->recs[i];
        if (strcmp(r->type, "cert") != 0)
            continue;
        const char *s = sim_rec_get(r, "store"), *h = sim_rec_get(r, "sha1"), *k = sim_rec_get(r, "haskey");
        const char *ki = sim_rec_get(r, "keyinfo");
        if (s && h && sim_casecmp(s, store) == 0 && sim_casecmp(h, hash) == 0)
            return k && strcmp(k, "1") == 0 && !(ki && strcmp(ki, "0") == 0);
    }
    return 0;
}

/* ------------------------------------------------------------------ show */

static const char *display_value(size_t f, const char *v)
{
    switch (fields[f].kind) {
    case K_BOOL: {
        int on = v && sim_casecmp(v, "enable") == 0;
        if (fields[f].set_style)
            return on ? "Set" : "Not Set";
        return on ? "Enabled" : "Disabled";
    }
    default: return v && *v ? v : "(null)";
    }
}

static void print_line(struct sim_buf *o, const char *label, const char *value)
{
    sim_buf_printf(o, "    %-28s : %s\n", label, value);
}

static void print_binding(struct sim_buf *o, const struct sim_record *r)
{
    const char *key = NULL;
    int kf = binding_key(r, &key);
    print_line(o, fields[kf].label, key);
    for (size_t f = NKEYS; f < NFIELDS; f++) {
        if (!field_known(f))
            continue;
        const char *v = sim_rec_get(r, fields[f].param);
        print_line(o, fields[f].label, display_value(f, v ? v : fields[f].def));
    }
    if (layout == L_2025)
        print_line(o, "Enable Caching Client Hello", "Not Set");
    if (layout >= L_2022) {
        sim_buf_add(o, " Extended Properties:\n");
        print_line(o, "PropertyId", "0");
        print_line(o, "Receive Window", "1048576");
        sim_buf_add(o, " Extended Properties:\n");
        print_line(o, "PropertyId", "1");
        print_line(o, "Max Settings Per Frame", "2796202");
        print_line(o, "Max Settings Per Minute", "4294967295");
    }
    sim_buf_add(o, "\n");
}

static int cmp_bindings(const void *a, const void *b)
{
    const struct sim_record *ra = *(const struct sim_record *const *)a, *rb = *(const struct sim_record *const *)b;
    const char *ka = "", *kb = "";
    int fa = binding_key(ra, &ka), fb = binding_key(rb, &kb);
    if (fa != fb)
        return fa - fb;
    return sim_casecmp(ka, kb);
}

static int do_show(struct sim_buf *o, const struct sim_state *st, const struct params *p)
{
    const struct sim_record **list = sim_xmalloc((st->count + 1) * sizeof *list);
    size_t n = 0;
    for (size_t i = 0; i < st->count; i++) {
        const struct sim_record *r = &st->recs[i];
        const char *k;
        int kf;
        if (strcmp(r->type, "binding") != 0 || (kf = binding_key(r, &k)) < 0)
            continue;
        if (p->key >= 0 && (kf != p->key || sim_casecmp(k, p->value[p->key]) != 0))
            continue;
        list[n++] = r;
    }
    qsort(list, n, sizeof *list, cmp_bindings);
    sim_buf_add(o, header);
    int rc = 0;
    if (n == 0 && p->key >= 0) {
        sim_buf_printf(o, "%s\n\n", sim_win32_message(2));
        rc = 2;
    }
    for (size_t i = 0; i < n; i++)
        print_binding(o, list[i]);
    free(list);
    return rc;
}

/* ------------------------------------------------------------------ main */

struct run {
    struct sim_buf out;
    char *logkey;
    char result[32];
};

static void set_result_code(struct run *run, int code)
{
    if (code)
        snprintf(run->result, sizeof run->result, "fail:%d", code);
    else
        snprintf(run->result, sizeof run->result, "ok");
}

static int is_help(const char *a)
{
    return strcmp(a, "/?") == 0 || strcmp(a, "-?") == 0 || strcmp(a, "?") == 0 || sim_casecmp(a, "help") == 0;
}

static void not_found(struct run *run, int argc, char **argv)
{
    sim_buf_add(&run->out, "The following command was not found: ");
    for (int a = 1; a < argc; a++) {
        if (a > 1)
            sim_buf_add(&run->out, " ");
        sim_buf_add(&run->out, argv[a]);
    }
    sim_buf_add(&run->out, ".\n");
    snprintf(run->result, sizeof run->result, "fail:notfound");
}

static int execute(struct run *run, enum op op, int argc, char **argv, const char *state_path)
{
    struct sim_buf *o = &run->out;
    if (argc > 4 && is_help(argv[4])) {
        sim_buf_add(o, "\n");
        usage_text(o, op);
        snprintf(run->result, sizeof run->result, "help");
        return 0;
    }

    struct params p;
    int perr = parse_params(argc, argv, 4, op == OP_SHOW || op == OP_DELETE, &p);
    if (p.key >= 0) {
        struct sim_buf k = {0};
        sim_buf_printf(&k, "%s=%s", fields[p.key].param, p.value[p.key]);
        run->logkey = k.data;
    } else {
        /* a key that did not validate is still the key the caller meant */
        for (int a = 4; a < argc && !run->logkey; a++)
            for (int f = 0; f < NKEYS; f++)
                if (sim_ncasecmp(argv[a], fields[f].param, strlen(fields[f].param)) == 0 &&
                    argv[a][strlen(fields[f].param)] == '=')
                    run->logkey = sim_xstrdup(argv[a]);
    }

    struct sim_state st;
    if (sim_state_load(state_path, &st) != 0) {
        params_free(&p);
        exit(SIM_EXIT_MISCONFIGURED);
    }
    long n = sim_counter_bump(&st, op_names[op]);
    if (sim_state_save(state_path, &st) != 0) {
        sim_state_free(&st);
        params_free(&p);
        exit(SIM_EXIT_MISCONFIGURED);
    }

    int rc = 1;
    if (sim_fault_match("CERTREBIND_SIM_HANG", op_names[op], n)) {
        sim_log(op_names[op], run->logkey, "hang");
        sim_sleep_seconds(600);
        snprintf(run->result, sizeof run->result, "fail:hang-ended");
        goto done;
    }
    if (sim_fault_match("CERTREBIND_SIM_KILL_PARENT", op_names[op], n)) {
        sim_log(op_names[op], run->logkey, "killparent");
        sim_kill_parent();
        run->result[0] = 0; /* logged already */
        goto done;
    }
    if (sim_fault_match("CERTREBIND_SIM_FAIL", op_names[op], n)) {
        int code = sim_fail_code();
        api_failure(o, op, code, 0);
        set_result_code(run, code);
        goto done;
    }

    if (op != OP_SHOW && sim_fault_match("CERTREBIND_SIM_LIE", op_names[op], n)) {
        success(o, op); /* and nothing changes */
        snprintf(run->result, sizeof run->result, "lie");
        rc = 0;
        goto done;
    }
    if ((perr == UNKNOWN_PARAM && layout == L_2019) ||
        (op != OP_SHOW && sim_fault_match("CERTREBIND_SIM_USAGE", op_names[op], n))) {
        /* Server 2019 given a parameter it does not know: the usage text, exit 0, nothing done */
        sim_buf_add(o, "\n");
        usage_text(o, op);
        snprintf(run->result, sizeof run->result, "fail:usage");
        rc = 0;
        goto done;
    }
    if (perr) {
        perr = 87;
        bare_error(o, perr);
        set_result_code(run, perr);
        goto done;
    }
    if (p.nkeys > 1 || ((op == OP_ADD || op == OP_UPDATE || op == OP_DELETE) && p.key < 0) ||
        ((op == OP_ADD || op == OP_UPDATE) && !p.value[F_APPID])) {
        essential_missing(o, op);
        snprintf(run->result, sizeof run->result, "fail:usage");
        goto done;
    }
    if (op == OP_SHOW) {
        int code = do_show(o, &st, &p);
        set_result_code(run, code);
        rc = code ? 1 : 0;
        goto done;
    }
    if (sim_env_flag("CERTREBIND_SIM_NOT_ELEVATED")) {
        api_failure(o, op, 5, 1);
        set_result_code(run, 5);
        goto done;
    }

    long at = find_binding(&st, p.key, p.value[p.key]);
    int code = 0;
    int fr = field_index("revocationfreshnesstime"), ur = field_index("urlretrievaltimeout");
    if (layout == L_2025 && op != OP_DELETE &&
        ((p.value[fr] && !strcmp(p.value[fr], "0")) || (p.value[ur] && !strcmp(p.value[ur], "0"))))
        code = 87; /* Server 2025 refuses an explicit 0, the value omitting them gives */
    else if (op == OP_ADD && at >= 0)
        code = 183;
    else if ((op == OP_UPDATE || op == OP_DELETE) && at < 0)
        code = 2;
    else if (op != OP_DELETE && p.key != 2 && !p.value[F_CERTHASH])
        code = 87;
    else if (op != OP_DELETE && p.value[F_CERTHASH] &&
             !cert_usable(&st, p.value[F_CERTSTORENAME] ? p.value[F_CERTSTORENAME] : "MY", p.value[F_CERTHASH]))
        code = 1312;
    if (code) {
        api_failure(o, op, code, 0);
        set_result_code(run, code);
        goto done;
    }

    if (op == OP_DELETE) {
        sim_state_remove(&st, (size_t)at);
    } else {
        /* add, or update (pessimistic: the record is rebuilt from what was given) */
        struct sim_record *r;
        if (op == OP_UPDATE) {
            r = &st.recs[at];
            char *type = r->type;
            r->type = NULL;
            sim_record_free(r);
            r->type = type;
        } else {
            r = sim_state_add(&st, "binding");
        }
        for (size_t f = 0; f < NFIELDS; f++)
            if (p.value[f])
                sim_rec_set(r, fields[f].param, p.value[f]);
    }
    if (sim_state_save(state_path, &st) != 0) {
        sim_state_free(&st);
        params_free(&p);
        exit(SIM_EXIT_MISCONFIGURED);
    }
    success(o, op);
    set_result_code(run, 0);
    rc = 0;

done:
    sim_state_free(&st);
    params_free(&p);
    return rc;
}

static void write_crlf(const struct sim_buf *b)
{
    struct sim_buf crlf = {0};
    sim_buf_add(&crlf, "");
    for (size_t i = 0; i < b->len; i++) {
        if (b->data[i] == '\n')
            sim_buf_add(&crlf, "\r\n");
        else
            sim_buf_addn(&crlf, b->data + i, 1);
    }
    sim_output_write(crlf.data, crlf.len);
    sim_buf_free(&crlf);
}

int main(int argc, char **argv)
{
    sim_output_init();
    const char *state_path = getenv("CERTREBIND_SIM_STATE");
    if (!state_path || !*state_path)
        sim_die("CERTREBIND_SIM_STATE is not set");
    const char *name = getenv("CERTREBIND_SIM_LAYOUT");
    static const struct {
        const char *name;
        enum layout l;
    } layouts[] = {{"2012r2", L_2012R2}, {"2019", L_2019}, {"2022", L_2022}, {"2025", L_2025}};
    if (name && *name) {
        size_t i = 0;
        while (i < sizeof layouts / sizeof layouts[0] && sim_casecmp(layouts[i].name, name) != 0)
            i++;
        if (i == sizeof layouts / sizeof layouts[0])
            sim_die("CERTREBIND_SIM_LAYOUT=%s: expected 2025, 2022, 2019 or 2012r2", name);
        layout = layouts[i].l;
    }

    struct run run;
    memset(&run, 0, sizeof run);
    sim_buf_add(&run.out, "");
    int rc = 1;
    int op = -1;
    if (argc >= 4 && sim_casecmp(argv[1], "http") == 0 && sim_casecmp(argv[3], "sslcert") == 0)
        for (int i = 0; i < 4; i++)
            if (sim_casecmp(argv[2], op_names[i]) == 0)
                op = i;
    if (op == OP_UPDATE && layout == L_2012R2)
        op = -1;

    if (op < 0) {
        not_found(&run, argc, argv);
        sim_log(argc >= 3 ? argv[2] : "-", "-", run.result);
    } else {
        rc = execute(&run, (enum op)op, argc, argv, state_path);
        if (run.result[0])
            sim_log(op_names[op], run.logkey, run.result);
    }
    write_crlf(&run.out);
    sim_buf_free(&run.out);
    free(run.logkey);
    return rc;
}
