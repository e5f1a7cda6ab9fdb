/* `certrebind apply` and `certrebind restore` end to end: the certrebind binary (CERTREBIND_BIN,
 * else BUILD_DIR/certrebind) drives the netsh and certutil simulators (tests/sim/, see
 * simcommon.h) on a realistic host, and every test checks the exit status AND the machine
 * afterwards: the simulator's state file, `netsh http show sslcert` byte for byte, the
 * simulator's log of tool calls, the backup file and certrebind.log.
 *
 * The host: a wildcard certificate OLD bound to six sockets (0.0.0.0:443, the IP-specific
 * 10.20.30.40:443, [::]:443 added without certstorename so netsh shows "(null)", two SNI
 * bindings, one in WebHosting, and a non-IIS application on 0.0.0.0:8443 with client
 * certificates, a CTL and non-default revocation settings), its renewal NEW in My and
 * WebHosting, and 0.0.0.0:9443 on another certificate that must never be touched.
 *
 * Processes are run with the library's own run_program(), so this suite runs on Windows too.
 * The simulator's environment variables are set per test and cleared in the teardown. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "cli.h"
#include "platform.h"
#include "testutil.h"
#include "dates.h"

#ifdef _WIN32
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#else
#include <sys/stat.h>
#include <unistd.h>
#endif

/* printf-format checking that also suits mingw-w64 (whose plain `printf` archetype is the
 * Microsoft one, without %zu) */
#if defined(__MINGW_PRINTF_FORMAT)
#define PRINTF_LIKE(f, a) __attribute__((format(__MINGW_PRINTF_FORMAT, f, a)))
#elif defined(__GNUC__) || defined(__clang__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

#define OLD "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"
#define NEW "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17"
#define OTHER "d41e8a07c3b95f62e1a4d8c07b3e9f5a2c6d1e80"
#define UNBOUND "5e0f3b9a7c2d4e6f8a1b3c5d7e9f0a2b4c6d8e1f"
#define IIS_APPID "{4dc3e181-e14b-4a21-b022-59fc669b0914}"
#define PARTNER_APPID "{7b3c1f0e-5a2d-4e8b-9c61-2f4a8d0e1b37}"
#define NOW "2026-11-23"

#define RUN_TIMEOUT_MS 90000

/* The bindings on OLD, as the simulator names them in its log (N = 6). */
static const char *const old_keys[] = {
    "ipport=0.0.0.0:443",
    "ipport=10.20.30.40:443",
    "ipport=[::]:443",
    "ipport=0.0.0.0:8443",
    "hostnameport=shop.northwind-traders.example:443",
    "hostnameport=api.northwind-traders.example:443",
};
#define N_OLD (sizeof old_keys / sizeof old_keys[0])
#define UNTOUCHED_KEY "ipport=0.0.0.0:9443"

static const char *const sim_vars[] = {
    "CERTREBIND_SIM_STATE",       "CERTREBIND_SIM_LAYOUT",       "CERTREBIND_SIM_FAIL",
    "CERTREBIND_SIM_FAIL_CODE",   "CERTREBIND_SIM_HANG",         "CERTREBIND_SIM_KILL_PARENT",
    "CERTREBIND_SIM_NOT_ELEVATED", "CERTREBIND_SIM_LOG",         "CERTREBIND_SIM_CODEPAGE",
    "CERTREBIND_SIM_LIE",         "CERTREBIND_SIM_USAGE",
};

static struct {
    char *tmp;
    char state[4096]; /* the simulator's state file */
    char log[4096];   /* the simulator's log */
    char bk[4096];    /* --backup-dir (created by certrebind, not by the test) */
    char rec[4096];   /* a recording directory for --from */
} ctx;

/* ------------------------------------------------------------------ environment */

static void env_clear_sim(void)
{
    for (size_t i = 0; i < sizeof sim_vars / sizeof sim_vars[0]; i++)
        env_unset(sim_vars[i]);
}

/* One temporary directory per test case, made and removed by the parent process (unchecked
 * fixture), so a failing test, whose forked process ends at the failed assertion, leaves
 * nothing behind either. Each test works in a fresh "case" directory inside it. */
static char *base_dir;

static void base_setup(void) { base_dir = make_temp_dir(); }

static void base_teardown(void)
{
    if (base_dir) {
        rm_rf(base_dir);
        free(base_dir);
        base_dir = NULL;
    }
}

static void setup(void)
{
    ck_assert_msg(file_exists(SIM_NETSH) && file_exists(SIM_CERTUTIL), "simulators not built: run `make %s %s`",
                  SIM_NETSH, SIM_CERTUTIL);
    ck_assert_ptr_nonnull(base_dir);
    env_clear_sim();
    ctx.tmp = malloc(strlen(base_dir) + 8);
    ck_assert_ptr_nonnull(ctx.tmp);
    sprintf(ctx.tmp, "%s" SEP "case", base_dir);
    rm_rf(ctx.tmp);
    char *err = NULL;
    ck_assert_msg(make_directories(ctx.tmp, &err) == 0, "%s", err ? err : ctx.tmp);
    snprintf(ctx.state, sizeof ctx.state, "%s" SEP "state", ctx.tmp);
    snprintf(ctx.log, sizeof ctx.log, "%s" SEP "sim.log", ctx.tmp);
    snprintf(ctx.bk, sizeof ctx.bk, "%s" SEP "backups", ctx.tmp);
    snprintf(ctx.rec, sizeof ctx.rec, "%s" SEP "recorded", ctx.tmp);
    env_set("CERTREBIND_SIM_STATE", ctx.state);
    env_set("CERTREBIND_SIM_LOG", ctx.log);
}

static void teardown(void)
{
    env_clear_sim();
    if (ctx.tmp) {
        rm_rf(ctx.tmp);
        free(ctx.tmp);
        ctx.tmp = NULL;
    }
}

/* ------------------------------------------------------------------ small helpers */

struct bytes {
    char *p; /* NUL-terminated */
    size_t n;
};

static void bytes_free(struct bytes *b)
{
    free(b->p);
    b->p = NULL;
    b->n = 0;
}

static char *xdup(const char *s)
{
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    ck_assert_ptr_nonnull(d);
    memcpy(d, s, n + 1);
    return d;
}

static int contains(const char *hay, size_t hay_len, const char *needle, size_t needle_len)
{
    if (needle_len > hay_len)
        return 0;
    for (size_t i = 0; i + needle_len <= hay_len; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, needle_len) == 0)
            return 1;
    return 0;
}

/* Accumulated failures of a loop over many cases, so one run shows every case that fails. */
struct report {
    char text[3000]; /* Check keeps 4096 bytes of a message */
    size_t len;
    int failures;
};

PRINTF_LIKE(2, 3) static void report_add(struct report *r, const char *fmt, ...)
{
    r->failures++;
    if (r->len + 200 >= sizeof r->text)
        return; /* the count still says how many */
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(r->text + r->len, sizeof r->text - r->len - 1, fmt, ap);
    va_end(ap);
    if (n > 0)
        r->len += (size_t)n < sizeof r->text - r->len - 1 ? (size_t)n : sizeof r->text - r->len - 2;
    r->text[r->len++] = '\n';
    r->text[r->len] = 0;
}

/* The key of the `show sslcert` record that byte pos of p is in ("[::]:443"), or "?". */
static void record_key(const char *p, size_t pos, char *out, size_t size)
{
    static const char *const labels[] = {"    IP:port", "    Hostname:port", "    Central Certificate Store"};
    snprintf(out, size, "?");
    for (size_t i = pos + 1; i-- > 0;) {
        if (i > 0 && p[i - 1] != '\n')
            continue;
        for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
            size_t ll = strlen(labels[k]);
            if (strncmp(p + i, labels[k], ll) != 0)
                continue;
            const char *colon = strstr(p + i, " : ");
            if (!colon)
                return;
            colon += 3;
            snprintf(out, size, "%.*s", (int)strcspn(colon, "\r\n"), colon);
            return;
        }
    }
}

/* 1 when a == b; otherwise describes the first differing line of each in why. */
static int same_bytes(const struct bytes *a, const struct bytes *b, char *why, size_t why_size)
{
    if (a->n == b->n && memcmp(a->p, b->p, a->n) == 0)
        return 1;
    size_t i = 0;
    while (i < a->n && i < b->n && a->p[i] == b->p[i])
        i++;
    size_t sa = i, sb = i;
    while (sa > 0 && a->p[sa - 1] != '\n')
        sa--;
    while (sb > 0 && b->p[sb - 1] != '\n')
        sb--;
    size_t ea = i, eb = i;
    while (ea < a->n && a->p[ea] != '\r' && a->p[ea] != '\n')
        ea++;
    while (eb < b->n && b->p[eb] != '\r' && b->p[eb] != '\n')
        eb++;
    char key[200];
    record_key(a->p, sa, key, sizeof key);
    snprintf(why, why_size, "first difference at byte %zu, in the record of %s: before \"%.*s\", after \"%.*s\"", i,
             key, (int)(ea - sa > 200 ? 200 : ea - sa), a->p + sa, (int)(eb - sb > 200 ? 200 : eb - sb), b->p + sb);
    return 0;
}

/* Two state texts must be equal: fails the test naming the first differing record. */
static void assert_same_state(const char *before, const char *after, const char *what)
{
    struct bytes a = {(char *)before, strlen(before)}, b = {(char *)after, strlen(after)};
    char why[700];
    ck_assert_msg(same_bytes(&a, &b, why, sizeof why), "%s: the simulator's state changed: %s", what, why);
}

/* ------------------------------------------------------------------ the host */

enum new_cert {
    NEWC_OK,               /* NEW in My and WebHosting, with its key, valid */
    NEWC_ABSENT,           /* not imported at all */
    NEWC_NOT_IN_WEBHOSTING, /* only in My: the WebHosting SNI binding would fail with 1312 */
    NEWC_NO_KEY,           /* imported without its private key */
    NEWC_EXPIRED,          /* expired before --now */
};

#define SUBJ "CN=*.northwind-traders.example,%20O=Northwind%20Traders,%20C=US"
#define ISSUER "CN=Fabrikam%20Issuing%20CA%202,%20O=Fabrikam,%20C=US"
#define DNS "*.northwind-traders.example,northwind-traders.example"

static void buf_add(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void buf_add(char *buf, size_t size, const char *fmt, ...)
{
    size_t len = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
    ck_assert_msg(n >= 0 && (size_t)n < size - len, "state text too long");
}

static void new_cert_line(char *buf, size_t size, const char *store, enum new_cert v)
{
    const char *haskey = v == NEWC_NO_KEY ? "0" : "1";
    const char *nb = v == NEWC_EXPIRED ? "2025-11-01T00:00:00Z" : "2026-11-02T09:00:00Z";
    const char *na = v == NEWC_EXPIRED ? "2026-11-20T00:00:00Z" : "2027-12-07T08:59:00Z";
    buf_add(buf, size,
            "cert store=%s sha1=" NEW " haskey=%s notbefore=%s notafter=%s subject=%s issuer=%s"
            " serial=3a0000002b91d7e4c5a8f1026b000000002b91 dns=" DNS "\n",
            store, haskey, nb, na, SUBJ, ISSUER);
}

/* Writes the state file of the host (see the top of the file). 2012 R2 knows no newer
 * parameter, so only the 2022 host has disablelegacytls=enable on the IP-specific binding. */
static void seed_host(int layout_2012r2, enum new_cert v)
{
    char s[8192] = "";
    buf_add(s, sizeof s, "binding ipport=0.0.0.0:443 certhash=" OLD " appid=" IIS_APPID " certstorename=MY\n");
    buf_add(s, sizeof s, "binding ipport=10.20.30.40:443 certhash=" OLD " appid=" IIS_APPID " certstorename=My%s\n",
            layout_2012r2 ? "" : " disablelegacytls=enable");
    buf_add(s, sizeof s, "binding ipport=[::]:443 certhash=" OLD " appid=" IIS_APPID "\n");
    buf_add(s, sizeof s,
            "binding hostnameport=shop.northwind-traders.example:443 certhash=" OLD " appid=" IIS_APPID
            " certstorename=WebHosting\n");
    buf_add(s, sizeof s,
            "binding hostnameport=api.northwind-traders.example:443 certhash=" OLD " appid=" IIS_APPID
            " certstorename=MY\n");
    buf_add(s, sizeof s,
            "binding ipport=0.0.0.0:8443 certhash=" OLD " appid=" PARTNER_APPID
            " certstorename=MY clientcertnegotiation=enable verifyclientcertrevocation=disable "
            "revocationfreshnesstime=86400 urlretrievaltimeout=15000 sslctlstorename=ClientAuthIssuer "
            "sslctlidentifier=NorthwindPartners\n");
    buf_add(s, sizeof s, "binding ipport=0.0.0.0:9443 certhash=" OTHER " appid=" IIS_APPID " certstorename=MY\n");
    const char *old_cert = "sha1=" OLD " haskey=1 notbefore=2025-12-01T09:00:00Z notafter=2026-12-05T08:59:00Z "
                           "subject=" SUBJ " issuer=" ISSUER " serial=3a00000017c4e2b1d09f7a3c55000000001717 dns=" DNS;
    buf_add(s, sizeof s, "cert store=My %s\n", old_cert);
    buf_add(s, sizeof s, "cert store=WebHosting %s\n", old_cert);
    if (v != NEWC_ABSENT)
        new_cert_line(s, sizeof s, "My", v);
    if (v != NEWC_ABSENT && v != NEWC_NOT_IN_WEBHOSTING)
        new_cert_line(s, sizeof s, "WebHosting", v);
    buf_add(s, sizeof s,
            "cert store=My sha1=" OTHER " haskey=1 notbefore=2026-03-01T00:00:00Z notafter=2027-03-01T00:00:00Z "
            "subject=CN=admin.northwind-traders.example issuer=%s serial=3a00000031aa02 "
            "dns=admin.northwind-traders.example\n",
            ISSUER);
    ck_assert_int_eq(write_file(ctx.state, s, strlen(s)), 0);
    if (layout_2012r2)
        env_set("CERTREBIND_SIM_LAYOUT", "2012r2");
    else
        env_unset("CERTREBIND_SIM_LAYOUT");
}

/* ------------------------------------------------------------------ the state file */

/* The state file without its `counter` records (the simulator's bookkeeping, rewritten on
 * every call, show included): what the machine is. */
static char *state_text(void)
{
    size_t len;
    char *raw = (char *)file_read_all(ctx.state, &len);
    ck_assert_msg(raw != NULL, "cannot read the simulator state %s", ctx.state);
    char *out = malloc(len + 1);
    ck_assert_ptr_nonnull(out);
    size_t o = 0;
    for (char *line = raw; *line;) {
        char *end = strchr(line, '\n');
        size_t l = end ? (size_t)(end - line) + 1 : strlen(line);
        if (strncmp(line, "counter ", 8) != 0) {
            memcpy(out + o, line, l);
            o += l;
        }
        line += l;
    }
    out[o] = 0;
    free(raw);
    return out;
}

struct state_binding {
    char *key;  /* "ipport=0.0.0.0:443" */
    char *line; /* the whole record */
};

struct state_bindings {
    struct state_binding items[64];
    size_t count;
};

static void state_read(struct state_bindings *sb)
{
    memset(sb, 0, sizeof *sb);
    char *text = state_text();
    for (char *line = text; *line;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = 0;
        if (strncmp(line, "binding ", 8) == 0) {
            ck_assert_uint_lt(sb->count, sizeof sb->items / sizeof sb->items[0]);
            struct state_binding *b = &sb->items[sb->count++];
            b->line = xdup(line);
            b->key = xdup(line + 8);
            char *sp = strchr(b->key, ' ');
            if (sp)
                *sp = 0;
        }
        if (!end)
            break;
        line = end + 1;
    }
    free(text);
}

static void state_free(struct state_bindings *sb)
{
    for (size_t i = 0; i < sb->count; i++) {
        free(sb->items[i].key);
        free(sb->items[i].line);
    }
    sb->count = 0;
}

static const struct state_binding *state_find(const struct state_bindings *sb, const char *key)
{
    for (size_t i = 0; i < sb->count; i++)
        if (strcmp(sb->items[i].key, key) == 0)
            return &sb->items[i];
    return NULL;
}

/* The value of one field of a record ("" when absent), in buf. */
static const char *state_field(const char *line, const char *name, char *buf, size_t size)
{
    size_t nl = strlen(name);
    buf[0] = 0;
    for (const char *p = strchr(line, ' '); p; p = strchr(p + 1, ' ')) {
        if (strncmp(p + 1, name, nl) == 0 && p[1 + nl] == '=') {
            const char *v = p + 2 + nl;
            size_t l = strcspn(v, " ");
            snprintf(buf, size, "%.*s", (int)l, v);
            break;
        }
    }
    return buf;
}

/* ------------------------------------------------------------------ processes */

static const char *certrebind_bin(void)
{
    const char *b = getenv("CERTREBIND_BIN");
    return b && *b ? b : BUILD_DIR "/certrebind" EXE;
}

/* Runs certrebind with args (NULL-terminated); r must be freed with run_result_free. */
static void crb(struct run_result *r, int timeout_ms, const char *const *args)
{
    const char *argv[64];
    size_t n = 0;
    argv[n++] = certrebind_bin();
    for (size_t i = 0; args[i]; i++) {
        ck_assert_uint_lt(n + 1, sizeof argv / sizeof argv[0]);
        argv[n++] = args[i];
    }
    argv[n] = NULL;
    run_program(argv, timeout_ms, r);
    ck_assert_msg(r->started, "cannot run %s: %s (set CERTREBIND_BIN or build it)", argv[0],
                  r->error ? r->error : "?");
}

/* certrebind apply --old OLD --new new_hash with the simulators, --backup-dir, --now, --yes
 * (unless no_yes), then extra (NULL-terminated, may be NULL). */
static void run_apply(struct run_result *r, const char *new_hash, int no_yes, const char *const *extra)
{
    const char *args[48] = {"apply",    "--netsh", SIM_NETSH, "--certutil",  SIM_CERTUTIL, "--old", OLD,
                            "--new",    new_hash,  "--now",   NOW,           "--backup-dir", ctx.bk};
    size_t n = 13;
    if (!no_yes)
        args[n++] = "--yes";
    for (size_t i = 0; extra && extra[i]; i++)
        args[n++] = extra[i];
    args[n] = NULL;
    crb(r, RUN_TIMEOUT_MS, args);
}

static void run_restore(struct run_result *r, const char *backup)
{
    /* restore evaluates no validity and reads no certificate: it takes no --now and no --certutil */
    const char *args[] = {"restore", backup, "--yes", "--netsh", SIM_NETSH, "--backup-dir", ctx.bk, NULL};
    crb(r, RUN_TIMEOUT_MS, args);
}

/* certrebind always passes certstorename (issue: "(null) means MY"), so a binding that showed
 * "Certificate Store Name : (null)" shows "MY" after it was re-created: the same store for
 * HTTP.sys. Comparisons read both as MY; everything else stays byte for byte. */
static void store_null_as_my(struct bytes *b)
{
    static const char label[] = "Certificate Store Name       : ";
    size_t ll = sizeof label - 1, o = 0;
    for (size_t i = 0; i < b->n;) {
        if (i + ll + 6 <= b->n && !memcmp(b->p + i, label, ll) && !memcmp(b->p + i + ll, "(null)", 6)) {
            memmove(b->p + o, label, ll);
            memcpy(b->p + o + ll, "MY", 2);
            o += ll + 2;
            i += ll + 6;
            continue;
        }
        b->p[o++] = b->p[i++];
    }
    b->n = o;
}

/* `netsh http show sslcert` from the simulator, exactly as printed (store (null) read as MY). Run without the log, so
 * the log holds certrebind's calls only. */
static struct bytes sim_show(void)
{
    const char *argv[] = {SIM_NETSH, "http", "show", "sslcert", NULL};
    struct run_result r;
    env_unset("CERTREBIND_SIM_LOG");
    /* Under Wine on a loaded 2-core machine a process start can stall: retry, and say why. */
    for (int attempt = 0; attempt < 3; attempt++) {
        run_program(argv, 120000, &r);
        if (r.started && !r.timed_out)
            break;
        if (attempt < 2)
            run_result_free(&r);
    }
    env_set("CERTREBIND_SIM_LOG", ctx.log);
    ck_assert_msg(r.started && !r.timed_out && r.exit_code == 0, "simulated show failed (%d, %s): %s%s", r.exit_code,
                  r.error ? r.error : "no error", r.out ? (const char *)r.out : "", r.err ? (const char *)r.err : "");
    struct bytes b = {(char *)r.out, r.out_len};
    r.out = NULL;
    run_result_free(&r);
    ck_assert_uint_gt(b.n, 0);
    store_null_as_my(&b);
    return b;
}

/* The end of a long text (what a failure message can hold: Check keeps 4096 bytes). */
static const char *tail_of(const unsigned char *s, size_t len, size_t keep)
{
    if (!s)
        return "";
    return (const char *)s + (len > keep ? len - keep : 0);
}

/* The ends of stdout and stderr of a run, for failure messages. */
static const char *outputs(const struct run_result *r)
{
    static char buf[3000];
    snprintf(buf, sizeof buf, "\n--- end of stdout ---\n%s\n--- end of stderr ---\n%s", tail_of(r->out, r->out_len, 1200),
             tail_of(r->err, r->err_len, 800));
    return buf;
}

static int said(const struct run_result *r, const char *text)
{
    return (r->out && strstr((const char *)r->out, text)) || (r->err && strstr((const char *)r->err, text));
}

/* The backup path apply printed ("Backup of the current bindings: PATH"); caller frees. */
static char *backup_path_of(const struct run_result *r)
{
    static const char label[] = "Backup of the current bindings: ";
    const char *p = r->out ? strstr((const char *)r->out, label) : NULL;
    ck_assert_msg(p != NULL, "apply printed no backup path%s", outputs(r));
    p += strlen(label);
    size_t l = strcspn(p, "\r\n");
    char *path = malloc(l + 1);
    ck_assert_ptr_nonnull(path);
    memcpy(path, p, l);
    path[l] = 0;
    return path;
}

/* ------------------------------------------------------------------ the simulator's log */

struct log_entry {
    double ms;
    char op[16];
    char key[256];
    char result[32];
};

struct sim_log {
    struct log_entry items[256];
    size_t count;
};

static void log_reset(void) { remove(ctx.log); }

static void log_read(struct sim_log *l)
{
    memset(l, 0, sizeof *l);
    size_t len;
    char *text = (char *)file_read_all(ctx.log, &len);
    if (!text)
        return; /* nothing was run */
    for (char *line = text; *line;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = 0;
        if (*line) {
            ck_assert_uint_lt(l->count, sizeof l->items / sizeof l->items[0]);
            struct log_entry *e = &l->items[l->count++];
            int got = sscanf(line, "%lf %15s %255s %31s", &e->ms, e->op, e->key, e->result);
            ck_assert_msg(got == 4, "malformed simulator log line: %s", line);
        }
        if (!end)
            break;
        line = end + 1;
    }
    free(text);
}

static size_t log_count(const struct sim_log *l, const char *op, const char *result)
{
    size_t n = 0;
    for (size_t i = 0; i < l->count; i++)
        if ((!op || !strcmp(l->items[i].op, op)) && (!result || !strcmp(l->items[i].result, result)))
            n++;
    return n;
}

/* add/update/delete calls of any result (`add sslcert help` changes nothing) */
static size_t log_changes(const struct sim_log *l)
{
    return log_count(l, "add", NULL) + log_count(l, "update", NULL) + log_count(l, "delete", NULL) -
           log_count(l, NULL, "help");
}

static size_t log_changes_ok(const struct sim_log *l)
{
    return log_count(l, "add", "ok") + log_count(l, "update", "ok") + log_count(l, "delete", "ok");
}

static const char *log_dump(const struct sim_log *l)
{
    static char buf[2000];
    size_t o = 0;
    buf[0] = 0;
    for (size_t i = 0; i < l->count && o + 320 < sizeof buf; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "\n  %.3f %s %s %s", l->items[i].ms, l->items[i].op,
                              l->items[i].key, l->items[i].result);
    return buf;
}

static int is_old_key(const char *key)
{
    for (size_t i = 0; i < N_OLD; i++)
        if (!strcmp(old_keys[i], key))
            return 1;
    return 0;
}

/* The reading part of an apply: show, then each store once (My and WebHosting), then the
 * parameters this netsh accepts (`add sslcert help`). Returns the index after it. */
static size_t check_log_reading(const struct sim_log *l)
{
    ck_assert_msg(l->count >= 4, "too few tool calls:%s", log_dump(l));
    ck_assert_msg(!strcmp(l->items[0].op, "show") && !strcmp(l->items[0].result, "ok"),
                  "apply must read the bindings first:%s", log_dump(l));
    int my = 0, wh = 0;
    for (size_t i = 1; i <= 2; i++) {
        ck_assert_msg(!strcmp(l->items[i].op, "store") && !strcmp(l->items[i].result, "ok"),
                      "apply must read the stores My and WebHosting next:%s", log_dump(l));
        my += !strcmp(l->items[i].key, "My");
        wh += !strcmp(l->items[i].key, "WebHosting");
    }
    ck_assert_msg(my == 1 && wh == 1, "each store must be read exactly once:%s", log_dump(l));
    ck_assert_msg(!strcmp(l->items[3].op, "add") && !strcmp(l->items[3].result, "help"),
                  "apply must read `netsh http add sslcert help` before the first change:%s", log_dump(l));
    ck_assert_msg(log_count(l, NULL, "help") == 1, "`add sslcert help` must be read once:%s", log_dump(l));
    return 4;
}

/* ------------------------------------------------------------------ shared checks */

/* After a successful apply: every OLD binding carries NEW, nothing else in the record changed
 * (the show output with NEW put back is the one from before), the other binding is untouched. */
static void check_rebound(const struct bytes *show_before, const struct state_bindings *before)
{
    struct state_bindings after;
    state_read(&after);
    ck_assert_uint_eq(after.count, before->count);
    char v[128];
    for (size_t i = 0; i < N_OLD; i++) {
        const struct state_binding *b = state_find(&after, old_keys[i]);
        ck_assert_msg(b != NULL, "%s is gone after apply", old_keys[i]);
        ck_assert_msg(!strcmp(state_field(b->line, "certhash", v, sizeof v), NEW), "%s has %s, not the new hash",
                      old_keys[i], v);
        const struct state_binding *was = state_find(before, old_keys[i]);
        ck_assert_ptr_nonnull(was);
        char w[128];
        ck_assert_str_eq(state_field(b->line, "appid", v, sizeof v), state_field(was->line, "appid", w, sizeof w));
    }
    for (size_t i = 0; i < after.count; i++)
        ck_assert_msg(!strstr(after.items[i].line, OLD), "still on the old certificate: %s", after.items[i].line);
    const struct state_binding *u0 = state_find(before, UNTOUCHED_KEY), *u1 = state_find(&after, UNTOUCHED_KEY);
    ck_assert_ptr_nonnull(u0);
    ck_assert_ptr_nonnull(u1);
    ck_assert_str_eq(u1->line, u0->line);
    state_free(&after);

    /* every field as netsh prints it, byte for byte, with the new hash put back */
    struct bytes show_after = sim_show();
    size_t hl = strlen(NEW);
    size_t replaced = 0;
    for (size_t i = 0; i + hl <= show_after.n; i++)
        if (memcmp(show_after.p + i, NEW, hl) == 0) {
            memcpy(show_after.p + i, OLD, hl);
            replaced++;
        }
    ck_assert_uint_eq(replaced, N_OLD);
    char why[700];
    int same = same_bytes(show_before, &show_after, why, sizeof why);
    bytes_free(&show_after);
    ck_assert_msg(same, "apply changed more than the certificate hash: %s", why);
}

/* The backup apply wrote (format 2): certrebind's header with the planned steps, the number of
 * binding records and the length of the output, the raw show output it read, unchanged, the end
 * marker and the SHA-256 of everything before it. */
static void check_backup(const char *path, const struct bytes *show_before)
{
    size_t len;
    char *b = (char *)file_read_all(path, &len);
    ck_assert_msg(b != NULL, "backup file %s is missing", path);
    static const char magic[] = "certrebind backup 2\n", end[] = "\n--- end of certrebind backup ---\n";
    ck_assert_msg(len > strlen(magic) && !memcmp(b, magic, strlen(magic)), "%s does not start like a backup", path);
    /* the last line: "sha256 " + 64 hex digits of what precedes it */
    size_t sha_line = 7 + 64 + 1, el = strlen(end);
    ck_assert_msg(len > sha_line + el && !memcmp(b + len - sha_line, "sha256 ", 7) && b[len - 1] == '\n',
                  "%s does not end with its sha256 line", path);
    unsigned char digest[32];
    char *err = NULL, hex[65];
    ck_assert_msg(sha256_digest(b, len - sha_line, digest, &err) == 0, "%s", err ? err : "sha256");
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    ck_assert_msg(!memcmp(b + len - sha_line + 7, hex, 64), "%s: the SHA-256 line is not the SHA-256 of the content",
                  path);
    ck_assert_msg(!memcmp(b + len - sha_line - el, end, el), "%s: no end marker before the sha256 line", path);
    size_t raw_end = len - sha_line - el;
    ck_assert_msg(strstr(b, "\nrecords 7\n") != NULL, "%s does not count the 7 binding records", path);
    struct bytes view = {b, raw_end};
    store_null_as_my(&view); /* show_before was read that way */
    ck_assert_msg(view.n >= show_before->n && !memcmp(b + view.n - show_before->n, show_before->p, show_before->n),
                  "%s does not hold the raw `netsh http show sslcert` output (%zu bytes) before its end marker", path,
                  show_before->n);
    ck_assert_msg(contains(b, view.n - show_before->n, "certhash=" NEW, strlen("certhash=" NEW)),
                  "the backup header does not list the planned steps");
    free(b);
}

static size_t count_lines(const char *path)
{
    size_t len, n = 0;
    char *t = (char *)file_read_all(path, &len);
    if (!t)
        return 0;
    for (size_t i = 0; i < len; i++)
        n += t[i] == '\n';
    free(t);
    return n;
}

/* The last line of certrebind.log in the backup directory (caller frees), NULL if none. */
static char *last_log_line(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s" SEP "certrebind.log", ctx.bk);
    size_t len;
    char *t = (char *)file_read_all(path, &len);
    if (!t)
        return NULL;
    while (len > 0 && (t[len - 1] == '\n' || t[len - 1] == '\r'))
        t[--len] = 0;
    char *nl = strrchr(t, '\n');
    char *line = xdup(nl ? nl + 1 : t);
    free(t);
    return line;
}

/* ------------------------------------------------------------------ 1. success, 2022 */

START_TEST(success_update_2022)
{
    seed_host(0, NEWC_OK);
    struct bytes show0 = sim_show();
    struct state_bindings st0;
    state_read(&st0);
    /* certrebind.log is appended to: one line from an earlier run is there already */
    char log_path[4200];
    snprintf(log_path, sizeof log_path, "%s" SEP "certrebind.log", ctx.bk);
    char *err = NULL;
    ck_assert_int_eq(make_directories(ctx.bk, &err), 0);
    static const char earlier[] = "2026-10-01T07:00:00Z 2 binding(s) to rebind in 2 step(s) backup=earlier.backup\n";
    ck_assert_int_eq(write_file(log_path, earlier, strlen(earlier)), 0);
    log_reset();

    struct run_result r;
    run_apply(&r, NEW, 0, NULL);
    ck_assert_msg(r.exit_code == 0, "apply exited %d%s", r.exit_code, outputs(&r));

    /* tool calls: show, store My, store WebHosting, add sslcert help, one update per binding,
     * show: N + 5 (N + 4 on a host with only My; here the SNI binding's WebHosting store is read
     * too) */
    struct sim_log l;
    log_read(&l);
    size_t i = check_log_reading(&l);
    size_t seen[N_OLD] = {0};
    for (size_t k = 0; k < N_OLD; k++, i++) {
        ck_assert_msg(i < l.count && !strcmp(l.items[i].op, "update") && !strcmp(l.items[i].result, "ok"),
                      "expected update %zu:%s", k + 1, log_dump(&l));
        for (size_t j = 0; j < N_OLD; j++)
            seen[j] += !strcmp(l.items[i].key, old_keys[j]);
    }
    for (size_t j = 0; j < N_OLD; j++)
        ck_assert_msg(seen[j] == 1, "%s updated %zu times:%s", old_keys[j], seen[j], log_dump(&l));
    ck_assert_msg(i + 1 == l.count && !strcmp(l.items[i].op, "show"), "apply must verify with one show at the end:%s",
                  log_dump(&l));
    ck_assert_uint_eq(l.count, N_OLD + 5);
    ck_assert_uint_eq(log_changes(&l), N_OLD);
    char expect[64];
    snprintf(expect, sizeof expect, "(%zu tool processes", l.count);
    ck_assert_msg(said(&r, expect), "certrebind's process count differs from the simulator's %zu calls%s", l.count,
                  outputs(&r));

    /* backup and log */
    char *backup = backup_path_of(&r);
    check_backup(backup, &show0);
    ck_assert_uint_eq(count_lines(log_path), 2);
    char *line = last_log_line();
    ck_assert_ptr_nonnull(line);
    char want[4300];
    snprintf(want, sizeof want, "backup=%s", backup);
    ck_assert_msg(strstr(line, want) && strstr(line, "6 binding(s)"), "certrebind.log line: %s", line);
    free(line);
    size_t len;
    char *log_text = (char *)file_read_all(log_path, &len);
    ck_assert_msg(log_text && !strncmp(log_text, earlier, strlen(earlier)), "the earlier log line was lost");
    free(log_text);

    check_rebound(&show0, &st0);

    free(backup);
    run_result_free(&r);
    state_free(&st0);
    bytes_free(&show0);
    env_clear_sim();
}
END_TEST

/* ------------------------------------------------------------------ 2. success, 2012 R2 */

START_TEST(success_delete_add_2012r2)
{
    seed_host(1, NEWC_OK);
    struct bytes show0 = sim_show();
    struct state_bindings st0;
    state_read(&st0);
    log_reset();

    struct run_result r;
    run_apply(&r, NEW, 0, NULL);
    ck_assert_msg(r.exit_code == 0, "apply exited %d%s", r.exit_code, outputs(&r));

    /* show, stores, then delete K + add K for each binding, show */
    struct sim_log l;
    log_read(&l);
    size_t i = check_log_reading(&l);
    size_t seen[N_OLD] = {0};
    double longest = -1;
    const char *longest_key = "";
    for (size_t k = 0; k < N_OLD; k++, i += 2) {
        ck_assert_msg(i + 1 < l.count, "too few steps:%s", log_dump(&l));
        const struct log_entry *d = &l.items[i], *a = &l.items[i + 1];
        ck_assert_msg(!strcmp(d->op, "delete") && !strcmp(d->result, "ok") && !strcmp(a->op, "add") &&
                          !strcmp(a->result, "ok") && !strcmp(d->key, a->key),
                      "expected delete + add of one socket at call %zu:%s", i + 1, log_dump(&l));
        for (size_t j = 0; j < N_OLD; j++)
            seen[j] += !strcmp(d->key, old_keys[j]);
    }
    for (size_t j = 0; j < N_OLD; j++)
        ck_assert_msg(seen[j] == 1, "%s re-created %zu times:%s", old_keys[j], seen[j], log_dump(&l));
    ck_assert_msg(i + 1 == l.count && !strcmp(l.items[i].op, "show"), "apply must verify with one show at the end:%s",
                  log_dump(&l));
    ck_assert_uint_eq(l.count, 2 * N_OLD + 5);
    ck_assert_uint_eq(log_count(&l, "update", NULL), 0);
    char expect[64];
    snprintf(expect, sizeof expect, "(%zu tool processes", l.count);
    ck_assert_msg(said(&r, expect), "certrebind's process count differs from the simulator's %zu calls%s", l.count,
                  outputs(&r));

    /* the longest time a socket had no binding: each delete to the next add of its key */
    for (size_t d = 0; d < l.count; d++) {
        if (strcmp(l.items[d].op, "delete"))
            continue;
        for (size_t a = d + 1; a < l.count; a++)
            if (!strcmp(l.items[a].op, "add") && !strcmp(l.items[a].key, l.items[d].key)) {
                double gap = l.items[a].ms - l.items[d].ms;
                if (gap > longest) {
                    longest = gap;
                    longest_key = l.items[d].key;
                }
                break;
            }
    }
    static const char gap_label[] = "Longest time a socket had no certificate: ";
    const char *reported = r.out ? strstr((const char *)r.out, gap_label) : NULL;
    if (reported)
        reported += strlen(gap_label);
    printf("apply (2012 R2, delete+add, %zu bindings): longest delete..add window in the simulator log %.3f ms (%s); "
           "certrebind reported: %.*s\n",
           N_OLD, longest, longest_key, reported ? (int)strcspn(reported, "\r\n") : 1, reported ? reported : "-");
    fflush(stdout);
    ck_assert_msg(longest > 0 && longest < 5000, "longest delete..add window %.3f ms", longest);
    ck_assert_msg(reported != NULL, "apply did not report the window%s", outputs(&r));

    char *backup = backup_path_of(&r);
    check_backup(backup, &show0);
    char *line = last_log_line();
    ck_assert_msg(line && strstr(line, backup), "certrebind.log: %s", line ? line : "(none)");
    free(line);

    check_rebound(&show0, &st0);

    free(backup);
    run_result_free(&r);
    state_free(&st0);
    bytes_free(&show0);
    env_clear_sim();
}
END_TEST

/* ------------------------------------------------------------------ 3. failure at every step */

/* One apply with CERTREBIND_SIM_FAIL=fail (and FAIL_CODE code, NULL = default 1312): must exit 4
 * with `show sslcert` as before, the failure in the log, a backup and a "rolled-back" log line.
 * Problems go to rep. */
static void fail_case(struct report *rep, int layout_2012r2, const char *fail, const char *code)
{
    seed_host(layout_2012r2, NEWC_OK);
    struct bytes show0 = sim_show();
    log_reset();
    env_set("CERTREBIND_SIM_FAIL", fail);
    if (code)
        env_set("CERTREBIND_SIM_FAIL_CODE", code);
    else
        env_unset("CERTREBIND_SIM_FAIL_CODE");
    struct run_result r;
    run_apply(&r, NEW, 0, NULL);
    env_unset("CERTREBIND_SIM_FAIL");
    env_unset("CERTREBIND_SIM_FAIL_CODE");
    const char *tag = layout_2012r2 ? "2012r2" : "2022";
    char want_fail[32];
    snprintf(want_fail, sizeof want_fail, "fail:%s", code ? code : "1312");
    struct sim_log l;
    log_read(&l);
    if (r.exit_code != 4)
        report_add(rep, "[%s %s code %s] exit %d, expected 4 (rolled back)%s", tag, fail, code ? code : "1312",
                   r.exit_code, outputs(&r));
    else if (!said(&r, "rolled back and verified"))
        report_add(rep, "[%s %s] exit 4 without saying it rolled back%s", tag, fail, outputs(&r));
    size_t failed_calls = 0;
    for (size_t i = 0; i < l.count; i++)
        failed_calls += !strcmp(l.items[i].result, want_fail);
    if (failed_calls != 1)
        report_add(rep, "[%s %s] %zu calls ended %s, expected 1:%s", tag, fail, failed_calls, want_fail, log_dump(&l));
    char *backup = r.out && strstr((const char *)r.out, "Backup of the current bindings: ") ? backup_path_of(&r) : NULL;
    if (!backup || !file_exists(backup))
        report_add(rep, "[%s %s] no backup file", tag, fail);
    char *line = last_log_line();
    if (!line || !strstr(line, "rolled-back"))
        report_add(rep, "[%s %s] certrebind.log ends with: %s", tag, fail, line ? line : "(nothing)");
    free(line);
    free(backup);
    struct bytes show1 = sim_show();
    char why[700];
    if (!same_bytes(&show0, &show1, why, sizeof why))
        report_add(rep, "[%s %s code %s] `netsh http show sslcert` differs after the rollback: %s", tag, fail,
                   code ? code : "1312", why);
    bytes_free(&show1);
    bytes_free(&show0);
    run_result_free(&r);
    /* the next case starts from a fresh backup directory */
    rm_rf(ctx.bk);
}

START_TEST(fail_every_update_2022)
{
    struct report rep = {.len = 0, .failures = 0};
    rep.text[0] = 0;
    for (size_t k = 1; k <= N_OLD; k++) {
        char f[32];
        snprintf(f, sizeof f, "update:%zu", k);
        fail_case(&rep, 0, f, NULL);
    }
    env_clear_sim();
    ck_assert_msg(rep.failures == 0, "%d failing case(s):\n%s", rep.failures, rep.text);
}
END_TEST

START_TEST(fail_every_delete_and_add_2012r2)
{
    struct report rep = {.len = 0, .failures = 0};
    rep.text[0] = 0;
    for (size_t k = 1; k <= N_OLD; k++) {
        char f[32];
        snprintf(f, sizeof f, "delete:%zu", k);
        fail_case(&rep, 1, f, NULL);
        snprintf(f, sizeof f, "add:%zu", k);
        fail_case(&rep, 1, f, NULL);
    }
    env_clear_sim();
    ck_assert_msg(rep.failures == 0, "%d failing case(s):\n%s", rep.failures, rep.text);
}
END_TEST

/* Access denied (5) and the parameter is incorrect (87) instead of 1312, mid-way. */
START_TEST(fail_codes_5_and_87)
{
    struct report rep = {.len = 0, .failures = 0};
    rep.text[0] = 0;
    fail_case(&rep, 0, "update:3", "5");
    fail_case(&rep, 0, "update:3", "87");
    fail_case(&rep, 1, "add:2", "5");
    fail_case(&rep, 1, "add:2", "87");
    env_clear_sim();
    ck_assert_msg(rep.failures == 0, "%d failing case(s):\n%s", rep.failures, rep.text);
}
END_TEST

/* ------------------------------------------------------------------ 4. refusals */

/* An apply that must change nothing: exit want_code, want_text said, no backup, no
 * add/update/delete, state and show output as before. */
static void check_refused(enum new_cert v, const char *new_hash, int no_yes, const char *const *extra, int want_code,
                          const char *want_text)
{
    seed_host(0, v);
    char *state0 = state_text();
    struct bytes show0 = sim_show();
    log_reset();
    struct run_result r;
    run_apply(&r, new_hash, no_yes, extra);
    ck_assert_msg(r.exit_code == want_code, "exit %d, expected %d%s", r.exit_code, want_code, outputs(&r));
    ck_assert_msg(said(&r, want_text), "no '%s' in the output%s", want_text, outputs(&r));
    ck_assert_msg(!said(&r, "Backup of the current bindings"), "a refused apply wrote a backup%s", outputs(&r));
    ck_assert_msg(files_besides_lock(ctx.bk) == 0, "a refused apply wrote into the backup directory %s", ctx.bk);
    struct sim_log l;
    log_read(&l);
    ck_assert_msg(log_changes(&l) == 0, "a refused apply ran netsh add/update/delete:%s", log_dump(&l));
    char *state1 = state_text();
    assert_same_state(state0, state1, "refused apply");
    struct bytes show1 = sim_show();
    char why[700];
    ck_assert_msg(same_bytes(&show0, &show1, why, sizeof why), "show differs: %s", why);
    bytes_free(&show1);
    free(state1);
    free(state0);
    bytes_free(&show0);
    run_result_free(&r);
}

START_TEST(refuse_new_cert_not_in_any_store)
{
    check_refused(NEWC_ABSENT, NEW, 0, NULL, 1, "is not in the");
    env_clear_sim();
}
END_TEST

START_TEST(refuse_new_cert_in_other_store_1312)
{
    /* NEW is in My only; shop's SNI binding uses WebHosting: netsh would answer 1312 there */
    check_refused(NEWC_NOT_IN_WEBHOSTING, NEW, 0, NULL, 1, "1312");
    env_clear_sim();
}
END_TEST

START_TEST(refuse_new_cert_without_private_key)
{
    check_refused(NEWC_NO_KEY, NEW, 0, NULL, 1, "no private key");
    env_clear_sim();
}
END_TEST

START_TEST(refuse_expired_new_cert)
{
    check_refused(NEWC_EXPIRED, NEW, 0, NULL, 1, "expired");
    env_clear_sim();
}
END_TEST

START_TEST(refuse_malformed_new_hash)
{
    /* one digit short, and a letter that is not hex */
    check_refused(NEWC_OK, "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d1", 0, NULL, 1, "not a SHA-1");
    check_refused(NEWC_OK, "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4dzz", 0, NULL, 1, "not a SHA-1");
    env_clear_sim();
}
END_TEST

START_TEST(refuse_without_yes_when_stdin_is_not_a_terminal)
{
    /* run_program gives the child an empty, non-terminal stdin */
    check_refused(NEWC_OK, NEW, 1, NULL, 1, "--yes");
    env_clear_sim();
}
END_TEST

START_TEST(refuse_from)
{
    /* apply on a recording makes no sense: usage error, nothing run at all */
    seed_host(0, NEWC_OK);
    struct bytes show0 = sim_show();
    char *err = NULL;
    ck_assert_int_eq(make_directories(ctx.rec, &err), 0);
    char p[4200];
    snprintf(p, sizeof p, "%s" SEP "netsh-http-show-sslcert.txt", ctx.rec);
    ck_assert_int_eq(write_file(p, show0.p, show0.n), 0);
    bytes_free(&show0);
    const char *extra[] = {"--from", ctx.rec, NULL};
    check_refused(NEWC_OK, NEW, 0, extra, 2, "--from");
    struct sim_log l;
    log_read(&l);
    ck_assert_msg(l.count == 0, "apply --from ran tools:%s", log_dump(&l));
    env_clear_sim();
}
END_TEST

/* Not elevated: the plan is fine, the backup is written, the first step fails with 5 and
 * nothing was changed: exit 4. */
START_TEST(not_elevated_first_step_fails)
{
    seed_host(0, NEWC_OK);
    char *state0 = state_text();
    struct bytes show0 = sim_show();
    log_reset();
    env_set("CERTREBIND_SIM_NOT_ELEVATED", "1");
    struct run_result r;
    run_apply(&r, NEW, 0, NULL);
    ck_assert_msg(r.exit_code == 4, "exit %d, expected 4%s", r.exit_code, outputs(&r));
    ck_assert_msg(said(&r, "elevat"), "the message does not mention elevation%s", outputs(&r));
    struct sim_log l;
    log_read(&l);
    ck_assert_msg(log_changes_ok(&l) == 0, "something was changed:%s", log_dump(&l));
    ck_assert_msg(log_count(&l, "update", "fail:5") == 1 && log_changes(&l) == 1,
                  "exactly one update should have been tried (and refused):%s", log_dump(&l));
    char *backup = backup_path_of(&r);
    check_backup(backup, &show0);
    free(backup);
    char *state1 = state_text();
    assert_same_state(state0, state1, "refused apply");
    struct bytes show1 = sim_show();
    char why[700];
    ck_assert_msg(same_bytes(&show0, &show1, why, sizeof why), "show differs: %s", why);
    bytes_free(&show1);
    free(state1);
    free(state0);
    bytes_free(&show0);
    run_result_free(&r);
    env_clear_sim();
}
END_TEST

/* ------------------------------------------------------------------ 5. nothing to do */

START_TEST(nothing_to_do_unknown_old_hash)
{
    seed_host(0, NEWC_OK);
    char *state0 = state_text();
    log_reset();
    const char *args[] = {"apply",     "--netsh", SIM_NETSH, "--certutil",   SIM_CERTUTIL, "--old", UNBOUND, "--new",
                          NEW,         "--now",   NOW,       "--backup-dir", ctx.bk,       "--yes", NULL};
    struct run_result r;
    crb(&r, RUN_TIMEOUT_MS, args);
    ck_assert_msg(r.exit_code == 3, "exit %d, expected 3 (nothing to do)%s", r.exit_code, outputs(&r));
    ck_assert_msg(files_besides_lock(ctx.bk) == 0, "nothing to do, yet %s holds a backup or a log", ctx.bk);
    struct sim_log l;
    log_read(&l);
    ck_assert_msg(log_changes(&l) == 0, "netsh add/update/delete ran:%s", log_dump(&l));
    char *state1 = state_text();
    assert_same_state(state0, state1, "nothing to do");
    free(state1);
    free(state0);
    run_result_free(&r);
    env_clear_sim();
}
END_TEST

/* ------------------------------------------------------------------ 6. killed, then restore */

/* apply with CERTREBIND_SIM_KILL_PARENT=kill (certrebind is killed in the middle, like a power
 * cut or a closed console); then restore from its backup: the start again byte for byte (or
 * nothing to do when the kill came before the first change); then restore again: nothing to
 * do. Problems go to rep; strict_asserts: stop at the first problem of the apply part. */
static void kill_case(struct report *rep, int layout_2012r2, const char *kill, int strict_asserts)
{
    const char *tag = layout_2012r2 ? "2012r2" : "2022";
    seed_host(layout_2012r2, NEWC_OK);
    struct bytes show0 = sim_show();
    struct state_bindings st0;
    state_read(&st0);
    log_reset();
    env_set("CERTREBIND_SIM_KILL_PARENT", kill);
    struct run_result r;
    run_apply(&r, NEW, 0, NULL);
    env_unset("CERTREBIND_SIM_KILL_PARENT");
    struct sim_log l;
    log_read(&l);
    if (r.exit_code == 0 || said(&r, "rolled back") || said(&r, "Done:"))
        report_add(rep, "[%s %s] apply was not stopped by the kill (exit %d)%s", tag, kill, r.exit_code, outputs(&r));
    if (!l.count || strcmp(l.items[l.count - 1].result, "killparent"))
        report_add(rep, "[%s %s] the kill was not the last tool call:%s", tag, kill, log_dump(&l));
    char *backup = said(&r, "Backup of the current bindings: ") ? backup_path_of(&r) : NULL;
    if (!backup || !file_exists(backup)) {
        report_add(rep, "[%s %s] no backup before the first change%s", tag, kill, outputs(&r));
        goto done;
    }
    char *early = last_log_line();
    if (early)
        report_add(rep, "[%s %s] a killed apply cannot have written certrebind.log: %s", tag, kill, early);
    free(early);

    /* what the kill left: with a delete before it, the killed add's socket is missing */
    int started_changes = log_changes_ok(&l) > 0;
    if (layout_2012r2 && !strncmp(kill, "add:", 4) && l.count) {
        const char *key = l.items[l.count - 1].key;
        struct state_bindings mid;
        state_read(&mid);
        if (state_find(&mid, key) || mid.count != st0.count - 1)
            report_add(rep, "[%s %s] expected only %s to be missing after the kill (%zu of %zu bindings left)", tag,
                       kill, key, mid.count, st0.count);
        state_free(&mid);
    }
    if (strict_asserts) {
        ck_assert_msg(r.exit_code != 0, "apply exit %d after the kill%s", r.exit_code, outputs(&r));
        ck_assert_msg(rep->failures == 0, "%s", rep->text);
    }

    /* restore: exactly the start again */
    log_reset();
    struct run_result rr;
    run_restore(&rr, backup);
    int want = started_changes ? 0 : 3;
    if (rr.exit_code != want)
        report_add(rep, "[%s %s] restore exited %d, expected %d%s", tag, kill, rr.exit_code, want, outputs(&rr));
    struct bytes show1 = sim_show();
    char why[700];
    if (!same_bytes(&show0, &show1, why, sizeof why))
        report_add(rep, "[%s %s] after restore, `netsh http show sslcert` differs from the start: %s", tag, kill, why);
    bytes_free(&show1);
    if (want == 0) {
        char *line = last_log_line();
        if (!line || !strstr(line, "restored") || !strstr(line, backup))
            report_add(rep, "[%s %s] certrebind.log after restore: %s", tag, kill, line ? line : "(nothing)");
        free(line);
    }
    run_result_free(&rr);

    /* again: nothing to do, nothing run that changes anything */
    log_reset();
    run_restore(&rr, backup);
    struct sim_log l2;
    log_read(&l2);
    if (rr.exit_code != 3)
        report_add(rep, "[%s %s] second restore exited %d, expected 3%s", tag, kill, rr.exit_code, outputs(&rr));
    if (log_changes(&l2))
        report_add(rep, "[%s %s] second restore changed something:%s", tag, kill, log_dump(&l2));
    run_result_free(&rr);
done:
    free(backup);
    run_result_free(&r);
    state_free(&st0);
    bytes_free(&show0);
    rm_rf(ctx.bk);
}

START_TEST(killed_between_delete_and_add_then_restore)
{
    struct report rep = {.len = 0, .failures = 0};
    rep.text[0] = 0;
    kill_case(&rep, 1, "add:1", 1);
    env_clear_sim();
    ck_assert_msg(rep.failures == 0, "%d problem(s):\n%s", rep.failures, rep.text);
}
END_TEST

/* The same at every step of both methods: whatever the kill leaves, restore brings back the
 * start byte for byte. */
START_TEST(killed_at_every_step_then_restore)
{
    struct report rep = {.len = 0, .failures = 0};
    rep.text[0] = 0;
    for (size_t k = 1; k <= N_OLD; k++) {
        char f[32];
        snprintf(f, sizeof f, "update:%zu", k);
        kill_case(&rep, 0, f, 0);
        snprintf(f, sizeof f, "delete:%zu", k);
        kill_case(&rep, 1, f, 0);
        snprintf(f, sizeof f, "add:%zu", k);
        kill_case(&rep, 1, f, 0);
    }
    env_clear_sim();
    ck_assert_msg(rep.failures == 0, "%d problem(s):\n%s", rep.failures, rep.text);
}
END_TEST

/* ------------------------------------------------------------------ 7. hang */

static void hang_case(const char *hang)
{
    seed_host(0, NEWC_OK);
    char *state0 = state_text();
    struct bytes show0 = sim_show();
    log_reset();
    env_set("CERTREBIND_SIM_HANG", hang);
    const char *extra[] = {"--timeout", "2", NULL};
    double t0 = monotonic_ms();
    struct run_result r;
    run_apply(&r, NEW, 0, extra);
    double spent = monotonic_ms() - t0;
    env_unset("CERTREBIND_SIM_HANG");
    ck_assert_msg(!r.timed_out, "apply itself hung");
    ck_assert_msg(r.exit_code == 4, "%s: exit %d, expected 4%s", hang, r.exit_code, outputs(&r));
    ck_assert_msg(spent < 30000, "%s: apply took %.0f ms with --timeout 2", hang, spent);
    struct sim_log l;
    log_read(&l);
    ck_assert_msg(log_count(&l, "update", "hang") == 1, "%s:%s", hang, log_dump(&l));
    /* nothing changed before the hang: the state file is as it was (after undone updates it
     * lists every parameter explicitly, so then only the show output can be compared) */
    char *state1 = state_text();
    if (!strcmp(hang, "update:1"))
        assert_same_state(state0, state1, hang);
    struct bytes show1 = sim_show();
    char why[700];
    ck_assert_msg(same_bytes(&show0, &show1, why, sizeof why), "%s: show differs: %s", hang, why);
    char *line = last_log_line();
    ck_assert_msg(line && strstr(line, "rolled-back"), "certrebind.log: %s", line ? line : "(nothing)");
    free(line);
    bytes_free(&show1);
    free(state1);
    free(state0);
    bytes_free(&show0);
    run_result_free(&r);
    rm_rf(ctx.bk);
}

START_TEST(hang_is_timed_out_and_rolled_back)
{
    hang_case("update:1"); /* the first step: nothing to undo */
    hang_case("update:3"); /* mid-way: two updates to undo */
    env_clear_sim();
}
END_TEST

/* ------------------------------------------------------------------ 8. restore dry run */

START_TEST(restore_dry_run_from_recording)
{
    seed_host(0, NEWC_OK);
    struct bytes show0 = sim_show();
    struct run_result r;
    run_apply(&r, NEW, 0, NULL);
    ck_assert_msg(r.exit_code == 0, "apply exited %d%s", r.exit_code, outputs(&r));
    char *backup = backup_path_of(&r);
    run_result_free(&r);

    /* record the host as it is now (rebound) and restore against the recording */
    struct bytes show1 = sim_show();
    char *err = NULL;
    ck_assert_int_eq(make_directories(ctx.rec, &err), 0);
    char p[4200];
    snprintf(p, sizeof p, "%s" SEP "netsh-http-show-sslcert.txt", ctx.rec);
    ck_assert_int_eq(write_file(p, show1.p, show1.n), 0);
    char *state0 = state_text();
    char logp[4200];
    snprintf(logp, sizeof logp, "%s" SEP "certrebind.log", ctx.bk);
    size_t log_lines0 = count_lines(logp);
    ck_assert_uint_eq(log_lines0, 1);
    log_reset();

    const char *args[] = {"restore", backup, "--from", ctx.rec, "--backup-dir", ctx.bk, NULL};
    crb(&r, RUN_TIMEOUT_MS, args);
    ck_assert_msg(r.exit_code == 0, "restore --from exited %d%s", r.exit_code, outputs(&r));
    ck_assert_msg(said(&r, "6 binding(s) differ from the backup"), "no plan printed%s", outputs(&r));
    for (size_t i = 0; i < N_OLD; i++) {
        const char *socket = strchr(old_keys[i], '=') + 1;
        ck_assert_msg(said(&r, socket), "the plan does not list %s%s", socket, outputs(&r));
    }
    ck_assert_msg(!said(&r, "0.0.0.0:9443  "), "the untouched binding is in the plan%s", outputs(&r));
    struct sim_log l;
    log_read(&l);
    ck_assert_msg(l.count == 0, "a dry run ran tools:%s", log_dump(&l));
    char *state1 = state_text();
    assert_same_state(state0, state1, "restore --from");
    ck_assert_uint_eq(count_lines(logp), log_lines0);
    run_result_free(&r);

    /* a recording equal to the backup: nothing to do */
    ck_assert_int_eq(write_file(p, show0.p, show0.n), 0);
    crb(&r, RUN_TIMEOUT_MS, args);
    ck_assert_msg(r.exit_code == 3, "restore --from an identical recording exited %d%s", r.exit_code, outputs(&r));
    run_result_free(&r);

    free(state1);
    free(state0);
    free(backup);
    bytes_free(&show1);
    bytes_free(&show0);
    env_clear_sim();
}
END_TEST

/* ------------------------------------------------------------------ more failure paths */

/* A step fails and one undo fails too: exit 5, the backup path and the restore command are
 * printed; restoring that backup brings the start back. */
START_TEST(rollback_incomplete_then_restore)
{
    seed_host(0, NEWC_OK);
    struct bytes show0 = sim_show();
    log_reset();
    /* update 3 (the third binding) fails, and so does update 4: the undo of step 2 */
    env_set("CERTREBIND_SIM_FAIL", "update:3,update:4");
    struct run_result r;
    run_apply(&r, NEW, 0, NULL);
    env_unset("CERTREBIND_SIM_FAIL");
    ck_assert_msg(r.exit_code == 5, "exit %d, expected 5%s", r.exit_code, outputs(&r));
    char *backup = backup_path_of(&r);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "certrebind restore \"%s\"", backup);
    ck_assert_msg(said(&r, cmd), "the restore command is not printed%s", outputs(&r));
    char *line = last_log_line();
    ck_assert_msg(line && strstr(line, "rollback-failed"), "certrebind.log: %s", line ? line : "(nothing)");
    free(line);
    struct sim_log l;
    log_read(&l);
    ck_assert_uint_eq(log_count(&l, "update", "fail:1312"), 2);
    ck_assert_uint_eq(log_count(&l, "update", "ok"), 3); /* steps 1, 2 and the undo of step 1 */
    run_result_free(&r);

    run_restore(&r, backup);
    ck_assert_msg(r.exit_code == 0, "restore exited %d%s", r.exit_code, outputs(&r));
    struct bytes show1 = sim_show();
    char why[700];
    ck_assert_msg(same_bytes(&show0, &show1, why, sizeof why), "after restore: %s", why);
    bytes_free(&show1);
    run_result_free(&r);
    free(backup);
    bytes_free(&show0);
    env_clear_sim();
}
END_TEST

/* --update yes on a netsh without `update sslcert`: the first step answers "command not
 * found", nothing has changed, and apply plans again with delete + add and succeeds. */
START_TEST(update_not_found_falls_back_to_delete_add)
{
    seed_host(1, NEWC_OK);
    struct bytes show0 = sim_show();
    struct state_bindings st0;
    state_read(&st0);
    log_reset();
    const char *extra[] = {"--update", "yes", NULL};
    struct run_result r;
    run_apply(&r, NEW, 0, extra);
    ck_assert_msg(r.exit_code == 0, "exit %d%s", r.exit_code, outputs(&r));
    struct sim_log l;
    log_read(&l);
    ck_assert_msg(log_count(&l, NULL, "fail:notfound") == 1 && log_count(&l, "delete", "ok") == N_OLD &&
                      log_count(&l, "add", "ok") == N_OLD,
                  "expected one `update` not found, then delete + add of each binding:%s", log_dump(&l));
    /* the backup written after the fallback lists the steps that really ran */
    static const char label[] = "Backup of the current bindings, with the delete + add steps: ";
    const char *at = r.out ? strstr((const char *)r.out, label) : NULL;
    ck_assert_msg(at != NULL, "no second backup after the fallback%s", outputs(&r));
    at += strlen(label);
    char path[4096];
    snprintf(path, sizeof path, "%.*s", (int)strcspn(at, "\r\n"), at);
    unsigned char *data = NULL;
    size_t len = 0;
    char *err = NULL;
    ck_assert_msg(read_file_bytes(path, &data, &len, &err) == 0, "%s", err ? err : path);
    ck_assert_msg(strstr((char *)data, "\nstep 1 netsh http delete sslcert ") && strstr((char *)data, "\nstep 2 netsh http add sslcert ") &&
                      !strstr((char *)data, " update sslcert"),
                  "the second backup does not list delete + add steps:\n%.*s", (int)(len < 1500 ? len : 1500), data);
    free(data);
    for (size_t i = 0; i < l.count; i++)
        if ((!strcmp(l.items[i].op, "delete") || !strcmp(l.items[i].op, "add")) && strcmp(l.items[i].result, "help"))
            ck_assert_msg(is_old_key(l.items[i].key), "%s %s is not in the plan", l.items[i].op, l.items[i].key);
    check_rebound(&show0, &st0);
    run_result_free(&r);
    state_free(&st0);
    bytes_free(&show0);
    env_clear_sim();
}
END_TEST

/* ------------------------------------------------------------------ 9. netsh says success, does nothing */

/* One apply where call `lie` of netsh prints its success text, exits 0 and changes nothing (as
 * netsh does with a parameter it does not know): the verification after the steps finds the
 * socket not as planned, and that is a failure like a failed step: everything is rolled back
 * in reverse, verified, exit 4, `show sslcert` byte for byte as before. Problems go to rep. */
static void lie_case(struct report *rep, int layout_2012r2, const char *lie)
{
    const char *tag = layout_2012r2 ? "2012r2" : "2022";
    seed_host(layout_2012r2, NEWC_OK);
    struct bytes show0 = sim_show();
    log_reset();
    env_set("CERTREBIND_SIM_LIE", lie);
    struct run_result r;
    run_apply(&r, NEW, 0, NULL);
    env_unset("CERTREBIND_SIM_LIE");
    struct sim_log l;
    log_read(&l);
    size_t lies = log_count(&l, NULL, "lie");
    const char *lied_key = "?";
    for (size_t i = 0; i < l.count; i++)
        if (!strcmp(l.items[i].result, "lie"))
            lied_key = strchr(l.items[i].key, '=') ? strchr(l.items[i].key, '=') + 1 : l.items[i].key;
    if (lies != 1)
        report_add(rep, "[%s %s] %zu calls lied, expected 1:%s", tag, lie, lies, log_dump(&l));
    if (r.exit_code != 4)
        report_add(rep, "[%s %s] exit %d, expected 4 (rolled back)%s", tag, lie, r.exit_code, outputs(&r));
    else if (!said(&r, "rolled back and verified"))
        report_add(rep, "[%s %s] exit 4 without saying it rolled back%s", tag, lie, outputs(&r));
    /* a lying delete shows at once (the add after it answers 183); a lying add or update only
     * in the read-back */
    else if (strncmp(lie, "delete:", 7) && !said(&r, "The verification failed"))
        report_add(rep, "[%s %s] does not say that the verification failed%s", tag, lie, outputs(&r));
    if (!said(&r, lied_key))
        report_add(rep, "[%s %s] the socket netsh lied about (%s) is not named%s", tag, lie, lied_key, outputs(&r));
    char *backup = said(&r, "Backup of the current bindings: ") ? backup_path_of(&r) : NULL;
    if (!backup || !file_exists(backup))
        report_add(rep, "[%s %s] no backup file", tag, lie);
    free(backup);
    char *line = last_log_line();
    if (!line || !strstr(line, "rolled-back"))
        report_add(rep, "[%s %s] certrebind.log ends with: %s", tag, lie, line ? line : "(nothing)");
    free(line);
    struct bytes show1 = sim_show();
    char why[700];
    if (!same_bytes(&show0, &show1, why, sizeof why))
        report_add(rep, "[%s %s] `netsh http show sslcert` differs after the rollback: %s", tag, lie, why);
    bytes_free(&show1);
    bytes_free(&show0);
    run_result_free(&r);
    rm_rf(ctx.bk);
}

/* The issue's reproduction: 2012 R2 (delete + add), one add "succeeds" and does nothing; at
 * every position, and a lying delete (the add after it then answers 183). */
START_TEST(lie_on_add_2012r2_is_rolled_back)
{
    struct report rep = {.len = 0, .failures = 0};
    rep.text[0] = 0;
    for (size_t k = 1; k <= N_OLD; k++) {
        char f[32];
        snprintf(f, sizeof f, "add:%zu", k);
        lie_case(&rep, 1, f);
    }
    lie_case(&rep, 1, "delete:2");
    env_clear_sim();
    ck_assert_msg(rep.failures == 0, "%d failing case(s):\n%s", rep.failures, rep.text);
}
END_TEST

/* The update path: one update "succeeds" and does nothing (a mixed state before this fix). */
START_TEST(lie_on_update_2022_is_rolled_back)
{
    struct report rep = {.len = 0, .failures = 0};
    rep.text[0] = 0;
    lie_case(&rep, 0, "update:1");
    lie_case(&rep, 0, "update:4");
    lie_case(&rep, 0, "update:6");
    env_clear_sim();
    ck_assert_msg(rep.failures == 0, "%d failing case(s):\n%s", rep.failures, rep.text);
}
END_TEST

/* A lie, then an undo that fails: exit 5 with the backup path and the exact restore command;
 * that restore brings the start back. */
START_TEST(lie_then_rollback_fails_prints_restore)
{
    seed_host(0, NEWC_OK);
    struct bytes show0 = sim_show();
    log_reset();
    /* updates 1..6 are the steps (2 lies); 7..12 undo steps 6..1, so 9 is the undo of step 4 */
    env_set("CERTREBIND_SIM_LIE", "update:2");
    env_set("CERTREBIND_SIM_FAIL", "update:9");
    struct run_result r;
    run_apply(&r, NEW, 0, NULL);
    env_unset("CERTREBIND_SIM_LIE");
    env_unset("CERTREBIND_SIM_FAIL");
    ck_assert_msg(r.exit_code == 5, "exit %d, expected 5%s", r.exit_code, outputs(&r));
    struct sim_log l;
    log_read(&l);
    ck_assert_msg(log_count(&l, "update", "lie") == 1 && log_count(&l, "update", "fail:1312") == 1 &&
                      log_count(&l, "update", "ok") == 10,
                  "expected 6 steps (one lying) and 6 undos (one failing):%s", log_dump(&l));
    char *backup = backup_path_of(&r);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "certrebind restore \"%s\"", backup);
    ck_assert_msg(said(&r, cmd), "the restore command is not printed%s", outputs(&r));
    char *line = last_log_line();
    ck_assert_msg(line && strstr(line, "rollback-failed"), "certrebind.log: %s", line ? line : "(nothing)");
    free(line);
    run_result_free(&r);

    run_restore(&r, backup);
    ck_assert_msg(r.exit_code == 0, "restore exited %d%s", r.exit_code, outputs(&r));
    struct bytes show1 = sim_show();
    char why[700];
    ck_assert_msg(same_bytes(&show0, &show1, why, sizeof why), "after restore: %s", why);
    bytes_free(&show1);
    run_result_free(&r);
    free(backup);
    bytes_free(&show0);
    env_clear_sim();
}
END_TEST

/* ------------------------------------------------------------------ 10. backups restore refuses */

/* A copy of the backup at src, changed by `damage`, written beside it as name. Caller frees. */
static char *damaged_copy(const char *src, const char *name, void (*damage)(char *b, size_t *len))
{
    size_t len;
    char *b = (char *)file_read_all(src, &len);
    ck_assert_ptr_nonnull(b);
    damage(b, &len);
    char *path = path_join(ctx.bk, name);
    ck_assert_int_eq(write_file(path, b, len), 0);
    free(b);
    return path;
}

/* The file ends right after the third binding record of the netsh output. */
static void cut_at_record_boundary(char *b, size_t *len)
{
    char *at = strstr(b, "--- netsh http show sslcert, as printed ---");
    ck_assert_ptr_nonnull(at);
    for (int r = 0; r < 3; r++) {
        at = strstr(at + 1, "    IP:port ");
        ck_assert_ptr_nonnull(at);
    }
    *len = (size_t)(at - b);
}

static void nul_in_key(char *b, size_t *len)
{
    char *at = strstr(b, ": 10.20.30.40:443");
    ck_assert_ptr_nonnull(at);
    ck_assert_uint_lt((size_t)(at - b), *len);
    at[6] = '\0';
}

static void key_changed(char *b, size_t *len)
{
    char *at = strstr(b, ": 10.20.30.40:443");
    ck_assert_ptr_nonnull(at);
    (void)len;
    at[6] = '9';
}

static void checksum_changed(char *b, size_t *len)
{
    char *c = b + *len - 2; /* the last hex digit */
    *c = *c == '0' ? '1' : '0';
}

/* After a rebind, the backup is damaged four ways; restore refuses each (exit 1), says what is
 * wrong and runs nothing at all, not even `show sslcert`. */
START_TEST(restore_refuses_damaged_backups)
{
    seed_host(0, NEWC_OK);
    struct run_result r;
    run_apply(&r, NEW, 0, NULL);
    ck_assert_msg(r.exit_code == 0, "apply exited %d%s", r.exit_code, outputs(&r));
    char *backup = backup_path_of(&r);
    run_result_free(&r);
    /* one socket goes missing live, as after a crash: restore is needed */
    const char *del[] = {SIM_NETSH, "http", "delete", "sslcert", "ipport=10.20.30.40:443", NULL};
    env_unset("CERTREBIND_SIM_LOG");
    run_program(del, 60000, &r);
    ck_assert_int_eq(r.exit_code, 0);
    run_result_free(&r);
    env_set("CERTREBIND_SIM_LOG", ctx.log);
    char *state0 = state_text();
    static const struct {
        const char *name;
        void (*damage)(char *, size_t *);
        const char *says;
    } cases[] = {
        {"cut.backup", cut_at_record_boundary, "cut short"},
        {"nulbyte.backup", nul_in_key, "NUL"}, /* not "nul.*": Windows reads that as the NUL device */
        {"key.backup", key_changed, "checksum mismatch"},
        {"sum.backup", checksum_changed, "checksum mismatch"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *bad = damaged_copy(backup, cases[i].name, cases[i].damage);
        log_reset();
        run_restore(&r, bad);
        struct sim_log l;
        log_read(&l);
        ck_assert_msg(r.exit_code == 1, "%s: restore exited %d, expected 1%s", cases[i].name, r.exit_code, outputs(&r));
        ck_assert_msg(said(&r, cases[i].says) && said(&r, "nothing was run"), "%s: no '%s'%s", cases[i].name,
                      cases[i].says, outputs(&r));
        ck_assert_msg(l.count == 0, "%s: restore ran tools:%s", cases[i].name, log_dump(&l));
        run_result_free(&r);
        free(bad);
    }
    char *state1 = state_text();
    assert_same_state(state0, state1, "refused restores");
    /* the intact backup still restores */
    run_restore(&r, backup);
    ck_assert_msg(r.exit_code == 0, "restore of the intact backup exited %d%s", r.exit_code, outputs(&r));
    run_result_free(&r);
    free(state1);
    free(state0);
    free(backup);
    env_clear_sim();
}
END_TEST

#ifdef _WIN32
/* Gives Everyone the right to change the folder (what a standard user who pre-created it could
 * leave behind). SetNamedSecurityInfoW, so that Wine, which keeps no ACLs, maps it to the mode. */
static void share_with_everyone(const wchar_t *dir)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    ck_assert(ConvertStringSecurityDescriptorToSecurityDescriptorW(
        L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;WD)", SDDL_REVISION_1, &sd, NULL));
    BOOL present = FALSE, defaulted = FALSE;
    PACL dacl = NULL;
    ck_assert(GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted) && present);
    ck_assert_int_eq(SetNamedSecurityInfoW((wchar_t *)dir, SE_FILE_OBJECT,
                                           DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, NULL, NULL,
                                           dacl, NULL),
                     0);
    LocalFree(sd);
}
#endif

/* A backup folder someone else may write to (pre-created by a standard user): apply refuses it
 * before anything changes, and says how to fix it. */
START_TEST(apply_refuses_a_shared_backup_folder)
{
    seed_host(0, NEWC_OK);
    char *state0 = state_text();
#ifdef _WIN32
    wchar_t w[4096];
    MultiByteToWideChar(CP_UTF8, 0, ctx.bk, -1, w, 4096);
    ck_assert(CreateDirectoryW(w, NULL));
    share_with_everyone(w);
    const char *fix = "icacls";
#else
    char *err = NULL;
    ck_assert_int_eq(make_directories(ctx.bk, &err), 0);
    ck_assert_int_eq(chmod(ctx.bk, 0777), 0);
    const char *fix = "chmod go-w";
#endif
    log_reset();
    struct run_result r;
    run_apply(&r, NEW, 0, NULL);
    ck_assert_msg(r.exit_code == 1, "exit %d, expected 1%s", r.exit_code, outputs(&r));
    ck_assert_msg(said(&r, "refusing the backup folder") && said(&r, fix), "no refusal with a fix%s", outputs(&r));
    ck_assert_msg(!said(&r, "Backup of the current bindings"), "a backup was written%s", outputs(&r));
    struct sim_log l;
    log_read(&l);
    ck_assert_msg(log_changes(&l) == 0, "netsh changed something:%s", log_dump(&l));
    char *state1 = state_text();
    assert_same_state(state0, state1, "refused folder");
    free(state1);
    free(state0);
    run_result_free(&r);
    env_clear_sim();
}
END_TEST

/* Every backup name of this second (and the next few) is taken: apply says so and changes nothing. */
START_TEST(apply_says_when_all_backup_names_are_taken)
{
    seed_host(0, NEWC_OK);
    char *err = NULL;
    ck_assert_int_eq(make_directories(ctx.bk, &err), 0);
    time_t t0 = now_utc();
    for (int s = 0; s < 6; s++) {
        char stamp[21];
        format_iso8601(t0 + s, stamp);
        for (char *c = stamp; *c; c++)
            if (*c == ':')
                *c = '.';
        for (int k = 0; k < 100; k++) {
            char name[96];
            snprintf(name, sizeof name, k ? "certrebind-%s-%d.backup" : "certrebind-%s.backup", stamp, k);
            char *path = path_join(ctx.bk, name);
            ck_assert_int_eq(write_file(path, "x", 1), 0);
            free(path);
        }
    }
    log_reset();
    struct run_result r;
    run_apply(&r, NEW, 0, NULL);
    ck_assert_msg(now_utc() < t0 + 6, "the test took too long to be meaningful");
    ck_assert_msg(r.exit_code == 1, "exit %d, expected 1%s", r.exit_code, outputs(&r));
    ck_assert_msg(said(&r, "all 100 backup names"), "no message about the backup names%s", outputs(&r));
    struct sim_log l;
    log_read(&l);
    ck_assert_msg(log_changes(&l) == 0, "netsh changed something:%s", log_dump(&l));
    run_result_free(&r);
    env_clear_sim();
}
END_TEST

#ifdef _WIN32
/* Without --backup-dir the backups go to %ProgramData%\certrebind\backups: a certrebind folder
 * there that Everyone may change (a standard user can create it) is refused; a fresh one is made
 * private and used. */
START_TEST(default_backup_folder_and_its_parent_are_private)
{
    seed_host(0, NEWC_OK);
    char *saved = getenv("ProgramData") ? xdup(getenv("ProgramData")) : NULL;
    char *pd = path_join(ctx.tmp, "pd"), *root = path_join(pd, "certrebind"), *err = NULL;
    ck_assert_int_eq(make_directories(pd, &err), 0);
    env_set("ProgramData", pd);
    wchar_t w[4096];
    MultiByteToWideChar(CP_UTF8, 0, root, -1, w, 4096);
    ck_assert(CreateDirectoryW(w, NULL));
    share_with_everyone(w);
    const char *args[] = {"apply", "--netsh", SIM_NETSH, "--certutil", SIM_CERTUTIL, "--old", OLD,
                          "--new",  NEW,       "--now",   NOW,          "--yes",      NULL};
    log_reset();
    struct run_result r;
    crb(&r, RUN_TIMEOUT_MS, args);
    struct sim_log l;
    log_read(&l);
    int refused = r.exit_code == 1 && said(&r, "refusing the backup folder") && said(&r, root) && log_changes(&l) == 0;
    char why[3200];
    snprintf(why, sizeof why, "exit %d%s", r.exit_code, outputs(&r));
    run_result_free(&r);
    rm_rf(root);
    crb(&r, RUN_TIMEOUT_MS, args);
    if (saved)
        env_set("ProgramData", saved);
    else
        env_unset("ProgramData");
    ck_assert_msg(refused, "a shared %%ProgramData%%\\certrebind was not refused: %s", why);
    ck_assert_msg(r.exit_code == 0, "apply with a fresh default folder exited %d%s", r.exit_code, outputs(&r));
    char *backup = backup_path_of(&r);
    ck_assert_msg(!strncmp(backup, root, strlen(root)), "the backup %s is not under %s", backup, root);
    ck_assert_int_eq(check_private_directory(root, &err), 0);
    free(backup);
    run_result_free(&r);
    free(root);
    free(pd);
    free(saved);
    env_clear_sim();
}
END_TEST
#endif

#ifndef _WIN32
/* certrebind.log is a symbolic link to another file: the line is not appended through it. */
START_TEST(log_symlink_is_not_followed)
{
    seed_host(0, NEWC_OK);
    char *err = NULL;
    ck_assert_int_eq(make_directories(ctx.bk, &err), 0);
    char *victim = path_join(ctx.tmp, "victim.txt"), *log = path_join(ctx.bk, "certrebind.log");
    ck_assert_int_eq(write_file(victim, "precious\n", 9), 0);
    ck_assert_int_eq(symlink(victim, log), 0);
    struct run_result r;
    run_apply(&r, NEW, 0, NULL);
    ck_assert_msg(r.exit_code == 0, "exit %d%s", r.exit_code, outputs(&r));
    ck_assert_msg(said(&r, "symbolic link"), "no warning about the link%s", outputs(&r));
    size_t len;
    char *t = (char *)file_read_all(victim, &len);
    ck_assert_msg(len == 9 && !memcmp(t, "precious\n", 9), "the log was written through the link: %s", t);
    free(t);
    free(log);
    free(victim);
    run_result_free(&r);
    env_clear_sim();
}
END_TEST
#endif

/* ------------------------------------------------------------------ 10. Windows versions (issue 15) */

/* Each rule comes from a real-host record of another tool that rebinds HTTP.sys certificates on
 * Windows Server 2019, 2022 and 2025; the simulator models what it recorded. */

static void set_layout(const char *layout) { env_set("CERTREBIND_SIM_LAYOUT", layout); }

/* The simulator's record of one binding ("binding ipport=... certhash=..."); caller frees. */
static char *state_binding_line_of(const char *key)
{
    struct state_bindings sb;
    state_read(&sb);
    const struct state_binding *b = state_find(&sb, key);
    ck_assert_msg(b != NULL, "%s is not bound", key);
    char *line = xdup(b->line);
    state_free(&sb);
    return line;
}

/* apply with --update no (delete + add) when delete_add, else the default (update). Delete + add
 * on these layouts resets the Extended Properties, a warning that needs --force. */
static void run_apply_path(struct run_result *r, int delete_add)
{
    const char *const no_update[] = {"--update", "no", "--force", NULL};
    run_apply(r, NEW, 0, delete_add ? no_update : NULL);
}

/* Server 2025 refuses an explicit revocationfreshnesstime=0 / urlretrievaltimeout=0 (87): a plain
 * rebind leaves them out (they are 0 already) and succeeds, on the update and the delete + add
 * path, keeping every setting; the 8443 binding's non-default 86400 / 15000 are still passed. */
START_TEST(server_2025_rebind_succeeds)
{
    for (int delete_add = 0; delete_add < 2; delete_add++) {
        seed_host(0, NEWC_OK);
        set_layout("2025");
        struct bytes show0 = sim_show();
        struct state_bindings st0;
        state_read(&st0);
        log_reset();
        struct run_result r;
        run_apply_path(&r, delete_add);
        ck_assert_msg(r.exit_code == 0, "[%s] apply exited %d%s", delete_add ? "delete+add" : "update", r.exit_code,
                      outputs(&r));
        struct sim_log l;
        log_read(&l);
        ck_assert_msg(log_count(&l, NULL, "fail:87") == 0 && log_changes_ok(&l) == (delete_add ? 2 : 1) * N_OLD,
                      "[%s] every step must succeed at once:%s", delete_add ? "delete+add" : "update", log_dump(&l));
        check_rebound(&show0, &st0);
        char *line = state_binding_line_of("ipport=0.0.0.0:8443");
        ck_assert_msg(strstr(line, " revocationfreshnesstime=86400") && strstr(line, " urlretrievaltimeout=15000"),
                      "non-default values must still be passed: %s", line);
        free(line);
        line = state_binding_line_of("ipport=0.0.0.0:443");
        ck_assert_msg(!strstr(line, "revocationfreshnesstime") && !strstr(line, "disablehttp2"),
                      "defaults must be left out: %s", line);
        free(line);
        run_result_free(&r);
        state_free(&st0);
        bytes_free(&show0);
        rm_rf(ctx.bk);
    }
}
END_TEST

/* A failing step on Server 2025: the undo re-creates the old bindings without explicit zeros, so
 * the rollback succeeds and `show sslcert` is byte for byte as before. */
START_TEST(server_2025_rollback_is_complete)
{
    static const char *const faults[] = {"update:4", "add:3"};
    for (int delete_add = 0; delete_add < 2; delete_add++) {
        seed_host(0, NEWC_OK);
        set_layout("2025");
        struct bytes show0 = sim_show();
        log_reset();
        env_set("CERTREBIND_SIM_FAIL", faults[delete_add]);
        struct run_result r;
        run_apply_path(&r, delete_add);
        env_unset("CERTREBIND_SIM_FAIL");
        ck_assert_msg(r.exit_code == 4, "[%s] exit %d, expected 4 (rolled back)%s", faults[delete_add], r.exit_code,
                      outputs(&r));
        struct sim_log l;
        log_read(&l);
        ck_assert_msg(log_count(&l, NULL, "fail:87") == 0, "[%s] an undo passed an explicit 0:%s", faults[delete_add],
                      log_dump(&l));
        struct bytes show1 = sim_show();
        char why[700];
        ck_assert_msg(same_bytes(&show0, &show1, why, sizeof why), "[%s] after the rollback: %s", faults[delete_add], why);
        bytes_free(&show1);
        bytes_free(&show0);
        run_result_free(&r);
        rm_rf(ctx.bk);
    }
}
END_TEST

/* netsh exits 0 with its usage text and creates nothing (Server 2019, unknown parameter): a step
 * without netsh's success line is a failure, rolled back at once, on both paths. */
START_TEST(exit_0_without_success_line_is_rolled_back)
{
    static const char *const faults[] = {"update:3", "add:2"};
    for (int delete_add = 0; delete_add < 2; delete_add++) {
        seed_host(0, NEWC_OK);
        struct bytes show0 = sim_show();
        log_reset();
        env_set("CERTREBIND_SIM_USAGE", faults[delete_add]);
        struct run_result r;
        run_apply_path(&r, delete_add);
        env_unset("CERTREBIND_SIM_USAGE");
        const char *f = faults[delete_add];
        ck_assert_msg(r.exit_code == 4, "[%s] exit %d, expected 4%s", f, r.exit_code, outputs(&r));
        ck_assert_msg(said(&r, delete_add ? "Step 4 failed" : "Step 3 failed") && said(&r, "usage"),
                      "[%s] the failed step and netsh's usage answer are not named%s", f, outputs(&r));
        struct sim_log l;
        log_read(&l);
        ck_assert_msg(log_count(&l, NULL, "fail:usage") == 1, "[%s]:%s", f, log_dump(&l));
        struct bytes show1 = sim_show();
        char why[700];
        ck_assert_msg(same_bytes(&show0, &show1, why, sizeof why), "[%s] after the rollback: %s", f, why);
        bytes_free(&show1);
        bytes_free(&show0);
        run_result_free(&r);
        rm_rf(ctx.bk);
    }
}
END_TEST

/* A backup taken on Server 2022 (10.20.30.40:443 has Disable Legacy TLS Versions set) restored on
 * Server 2019, whose netsh does not list disablelegacytls: refused before any change, naming the
 * binding and the setting, on the update and the delete + add path. */
START_TEST(restore_refuses_a_setting_this_windows_cannot_set)
{
    seed_host(0, NEWC_OK);
    struct run_result r;
    run_apply(&r, NEW, 0, NULL);
    ck_assert_msg(r.exit_code == 0, "apply exited %d%s", r.exit_code, outputs(&r));
    char *backup = backup_path_of(&r);
    run_result_free(&r);
    set_layout("2019");
    for (int delete_add = 0; delete_add < 2; delete_add++) {
        char *state0 = state_text();
        log_reset();
        const char *args[] = {"restore", backup, "--yes", "--netsh", SIM_NETSH, "--backup-dir", ctx.bk, "--update",
                              delete_add ? "no" : "yes", NULL};
        crb(&r, RUN_TIMEOUT_MS, args);
        ck_assert_msg(r.exit_code == 1, "[%s] restore exited %d, expected 1%s", delete_add ? "delete+add" : "update",
                      r.exit_code, outputs(&r));
        ck_assert_msg(said(&r, "10.20.30.40:443: this Windows cannot set disablelegacytls") &&
                          said(&r, "the binding would be lost, so nothing was changed"),
                      "the refusal does not name binding and setting%s", outputs(&r));
        struct sim_log l;
        log_read(&l);
        ck_assert_msg(log_changes(&l) == 0 && log_count(&l, "add", "help") == 1,
                      "a refused restore ran netsh add/update/delete (or read its help other than once):%s",
                      log_dump(&l));
        char *state1 = state_text();
        assert_same_state(state0, state1, "refused restore");
        free(state1);
        free(state0);
        run_result_free(&r);
    }
    free(backup);
}
END_TEST

/* ---- a certificate imported moments ago: retried on 87, in process (the sleep is injected) */

static long slept[8];
static size_t n_slept;

static void record_sleep(long ms)
{
    if (n_slept < sizeof slept / sizeof slept[0])
        slept[n_slept] = ms;
    n_slept++;
}

static void read_into(const char *path, unsigned char **p, size_t *n)
{
    char *err = NULL;
    if (read_file_bytes(path, p, n, &err) != 0) {
        free(err);
        *p = NULL;
        *n = 0;
    }
}

/* apply_run(--old OLD --new NEW --yes) in this process; fresh: NEW was imported moments ago. */
static void apply_in_process(struct run_result *r, int delete_add, int fresh)
{
    memset(r, 0, sizeof *r);
    char out_path[4200], err_path[4200];
    snprintf(out_path, sizeof out_path, "%s" SEP "apply.out", ctx.tmp);
    snprintf(err_path, sizeof err_path, "%s" SEP "apply.err", ctx.tmp);
    struct options o;
    memset(&o, 0, sizeof o);
    o.command = "apply";
    o.host.source.netsh_path = SIM_NETSH;
    o.host.source.certutil_path = SIM_CERTUTIL;
    o.old_hash = OLD;
    o.new_hash = NEW;
    o.days = 30;
    o.backup_dir = ctx.bk;
    o.host.update_mode = delete_add ? "no" : NULL;
    o.force = delete_add; /* delete + add resets the Extended Properties: a warning */
    o.yes = 1;
    o.now = civil_to_time(2026, 11, 23, 0, 0, 0);
    o.now_given = 1;
    o.host.source.timeout_ms = RUN_TIMEOUT_MS;
    o.out = fopen(out_path, "wb");
    o.err = fopen(err_path, "wb");
    ck_assert(o.out && o.err);
    const char *const fresh_hashes[] = {NEW};
    struct apply_request ar = {fresh ? fresh_hashes : NULL, fresh ? 1 : 0, record_sleep};
    n_slept = 0;
    r->exit_code = apply_run(&o, &ar);
    r->started = 1;
    fclose(o.out);
    fclose(o.err);
    read_into(out_path, &r->out, &r->out_len);
    read_into(err_path, &r->err, &r->err_len);
}

/* 87 twice for a step binding a just-imported certificate: retried after 2 and 5 s, saying so,
 * and the rebind succeeds; on the update and the delete + add path. */
START_TEST(fresh_certificate_is_retried_on_87)
{
    static const char *const faults[] = {"update:1,update:2", "add:1,add:2"};
    for (int delete_add = 0; delete_add < 2; delete_add++) {
        seed_host(0, NEWC_OK);
        struct bytes show0 = sim_show();
        struct state_bindings st0;
        state_read(&st0);
        log_reset();
        env_set("CERTREBIND_SIM_FAIL", faults[delete_add]);
        env_set("CERTREBIND_SIM_FAIL_CODE", "87");
        struct run_result r;
        apply_in_process(&r, delete_add, 1);
        env_unset("CERTREBIND_SIM_FAIL");
        env_unset("CERTREBIND_SIM_FAIL_CODE");
        const char *f = faults[delete_add];
        ck_assert_msg(r.exit_code == 0, "[%s] exit %d%s", f, r.exit_code, outputs(&r));
        ck_assert_msg(n_slept == 2 && slept[0] == 2000 && slept[1] == 5000, "[%s] slept %zu times", f, n_slept);
        ck_assert_msg(said(&r, NEW " was imported moments ago") && said(&r, "retrying in 2 s (retry 1 of 3)") &&
                          said(&r, "retrying in 5 s (retry 2 of 3)"),
                      "[%s] the retries are not announced%s", f, outputs(&r));
        struct sim_log l;
        log_read(&l);
        ck_assert_msg(log_count(&l, NULL, "fail:87") == 2, "[%s]:%s", f, log_dump(&l));
        check_rebound(&show0, &st0);
        run_result_free(&r);
        state_free(&st0);
        bytes_free(&show0);
        rm_rf(ctx.bk);
    }
}
END_TEST

/* Only 87, only for a just-imported certificate, at most 3 retries: anything else fails at once
 * and is rolled back. */
START_TEST(retry_only_87_only_fresh_at_most_3)
{
    static const struct {
        const char *fail, *code;
        int fresh;
        size_t sleeps;
    } cases[] = {
        {"update:1,update:2", "87", 0, 0},               /* not imported moments ago */
        {"update:1", "1312", 1, 0},                      /* another error */
        {"update:1,update:2,update:3,update:4", "87", 1, 3}, /* still 87 after 3 retries */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        seed_host(0, NEWC_OK);
        struct bytes show0 = sim_show();
        log_reset();
        env_set("CERTREBIND_SIM_FAIL", cases[k].fail);
        env_set("CERTREBIND_SIM_FAIL_CODE", cases[k].code);
        struct run_result r;
        apply_in_process(&r, 0, cases[k].fresh);
        env_unset("CERTREBIND_SIM_FAIL");
        env_unset("CERTREBIND_SIM_FAIL_CODE");
        ck_assert_msg(r.exit_code == 4, "[%s %s] exit %d, expected 4%s", cases[k].fail, cases[k].code, r.exit_code,
                      outputs(&r));
        ck_assert_msg(n_slept == cases[k].sleeps, "[%s %s] slept %zu times, expected %zu", cases[k].fail,
                      cases[k].code, n_slept, cases[k].sleeps);
        if (cases[k].sleeps == 3)
            ck_assert(slept[0] == 2000 && slept[1] == 5000 && slept[2] == 10000);
        struct bytes show1 = sim_show();
        char why[700];
        ck_assert_msg(same_bytes(&show0, &show1, why, sizeof why), "[%s] after the rollback: %s", cases[k].fail, why);
        bytes_free(&show1);
        bytes_free(&show0);
        run_result_free(&r);
        rm_rf(ctx.bk);
    }
}
END_TEST

/* ------------------------------------------------------------------ suite */

Suite *suite_apply(void)
{
    Suite *s = suite_create("apply");
    TCase *tc = tcase_create("apply");
    tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, success_update_2022);
    tcase_add_test(tc, success_delete_add_2012r2);
    tcase_add_test(tc, fail_every_update_2022);
    tcase_add_test(tc, fail_every_delete_and_add_2012r2);
    tcase_add_test(tc, fail_codes_5_and_87);
    tcase_add_test(tc, refuse_new_cert_not_in_any_store);
    tcase_add_test(tc, refuse_new_cert_in_other_store_1312);
    tcase_add_test(tc, refuse_new_cert_without_private_key);
    tcase_add_test(tc, refuse_expired_new_cert);
    tcase_add_test(tc, refuse_malformed_new_hash);
    tcase_add_test(tc, refuse_without_yes_when_stdin_is_not_a_terminal);
    tcase_add_test(tc, refuse_from);
    tcase_add_test(tc, not_elevated_first_step_fails);
    tcase_add_test(tc, nothing_to_do_unknown_old_hash);
    tcase_add_test(tc, killed_between_delete_and_add_then_restore);
    tcase_add_test(tc, killed_at_every_step_then_restore);
    tcase_add_test(tc, restore_dry_run_from_recording);
    tcase_add_test(tc, rollback_incomplete_then_restore);
    tcase_add_test(tc, update_not_found_falls_back_to_delete_add);
    tcase_add_test(tc, lie_on_add_2012r2_is_rolled_back);
    tcase_add_test(tc, lie_on_update_2022_is_rolled_back);
    tcase_add_test(tc, lie_then_rollback_fails_prints_restore);
    tcase_add_test(tc, restore_refuses_damaged_backups);
    tcase_add_test(tc, apply_refuses_a_shared_backup_folder);
    tcase_add_test(tc, apply_says_when_all_backup_names_are_taken);
#ifndef _WIN32
    tcase_add_test(tc, log_symlink_is_not_followed);
#else
    tcase_add_test(tc, default_backup_folder_and_its_parent_are_private);
#endif
    suite_add_tcase(s, tc);

    TCase *versions = tcase_create("windows-versions");
    tcase_add_unchecked_fixture(versions, base_setup, base_teardown);
    tcase_add_checked_fixture(versions, setup, teardown);
    tcase_set_timeout(versions, 300);
    tcase_add_test(versions, server_2025_rebind_succeeds);
    tcase_add_test(versions, server_2025_rollback_is_complete);
    tcase_add_test(versions, exit_0_without_success_line_is_rolled_back);
    tcase_add_test(versions, restore_refuses_a_setting_this_windows_cannot_set);
    tcase_add_test(versions, fresh_certificate_is_retried_on_87);
    tcase_add_test(versions, retry_only_87_only_fresh_at_most_3);
    suite_add_tcase(s, versions);

    TCase *hang = tcase_create("hang");
    tcase_add_unchecked_fixture(hang, base_setup, base_teardown);
    tcase_add_checked_fixture(hang, setup, teardown);
    tcase_set_timeout(hang, 60);
    tcase_add_test(hang, hang_is_timed_out_and_rolled_back);
    suite_add_tcase(s, hang);
    return s;
}
