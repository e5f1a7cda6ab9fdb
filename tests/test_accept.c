/* `certrebind request` and `certrebind accept` end to end: the certrebind binary drives the
 * certreq, certutil and netsh simulators (tests/sim/, one state file). The seed's situation:
 * a wildcard certificate OLD bound to four sockets (one not IIS, with client certificates and
 * non-default revocation settings), another certificate bound to 0.0.0.0:9443. request makes a
 * renewal request without touching a binding; the simulated CA issues it days later; accept
 * installs it and moves every binding of OLD to it, nothing else changed. Then every refusal:
 * each checked for its exit status and for the machine left as it was. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "testutil.h"

#ifdef _WIN32
#include <windows.h>
#else
#include <sys/stat.h>
#endif

#define OLD "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"
#define OTHER "d41e8a07c3b95f62e1a4d8c07b3e9f5a2c6d1e80"
#define IIS_APPID "{4dc3e181-e14b-4a21-b022-59fc669b0914}"
#define NOW "2026-11-23"
#define TIMEOUT_MS 90000

static const char *const sim_vars[] = {"CERTREBIND_SIM_STATE",         "CERTREBIND_SIM_LOG",     "CERTREBIND_SIM_FAIL",
                                       "CERTREBIND_SIM_FAIL_CODE",     "CERTREBIND_SIM_LIE",     "CERTREBIND_SIM_CA",
                                       "CERTREBIND_SIM_TEMPLATES",     "CERTREBIND_SIM_ISSUE_DNS",
                                       "CERTREBIND_SIM_ISSUE_NOTBEFORE", "CERTREBIND_SIM_ISSUE_NOTAFTER",
                                       "CERTREBIND_SIM_LOCK",           "CERTREBIND_LOCK_WAIT_SECONDS"};

static void env_clear(void)
{
    for (size_t i = 0; i < sizeof sim_vars / sizeof sim_vars[0]; i++)
        env_unset(sim_vars[i]);
}

static char *base_dir;
static struct {
    char dir[4096], state[4200], req[4200], bk[4200], cer[4200];
} ctx;

static void base_setup(void) { base_dir = make_temp_dir(); }
static void base_teardown(void)
{
    rm_rf(base_dir);
    free(base_dir);
    base_dir = NULL;
}

static const char seed[] =
    "binding ipport=0.0.0.0:443 certhash=" OLD " appid=" IIS_APPID " certstorename=MY\n"
    "binding ipport=[::]:443 certhash=" OLD " appid=" IIS_APPID " certstorename=MY\n"
    "binding hostnameport=shop.northwind-traders.example:443 certhash=" OLD " appid=" IIS_APPID " certstorename=MY\n"
    "binding ipport=0.0.0.0:8443 certhash=" OLD " appid={7b3c1f0e-5a2d-4e8b-9c61-2f4a8d0e1b37} certstorename=MY"
    " clientcertnegotiation=enable verifyclientcertrevocation=disable revocationfreshnesstime=86400"
    " urlretrievaltimeout=15000\n"
    "binding ipport=0.0.0.0:9443 certhash=" OTHER " appid=" IIS_APPID " certstorename=MY\n"
    "cert store=My sha1=" OLD " haskey=1 notbefore=2025-12-01T00:00:00Z notafter=2026-12-15T00:00:00Z"
    " subject=CN=*.northwind-traders.example,%20O=Northwind%20Traders,%20C=US issuer=CN=Fabrikam%20CA"
    " serial=0a1b2c dns=*.northwind-traders.example,northwind-traders.example\n"
    "cert store=My sha1=" OTHER " haskey=1 notbefore=2025-12-01T00:00:00Z notafter=2027-12-15T00:00:00Z"
    " subject=CN=other.example issuer=CN=Fabrikam%20CA serial=0a1b2d dns=other.example\n";

static void setup(void)
{
    ck_assert_msg(file_exists(SIM_CERTREQ) && file_exists(SIM_CERTUTIL) && file_exists(SIM_NETSH), "simulators not built");
    env_clear();
    snprintf(ctx.dir, sizeof ctx.dir, "%s" SEP "case", base_dir);
    rm_rf(ctx.dir);
    char *err = NULL;
    ck_assert_msg(make_directories(ctx.dir, &err) == 0, "%s", err ? err : "");
    snprintf(ctx.state, sizeof ctx.state, "%s" SEP "state", ctx.dir);
    snprintf(ctx.req, sizeof ctx.req, "%s" SEP "requests", ctx.dir);
    snprintf(ctx.bk, sizeof ctx.bk, "%s" SEP "backups", ctx.dir);
    snprintf(ctx.cer, sizeof ctx.cer, "%s" SEP "issued.cer", ctx.dir);
    ck_assert_int_eq(write_file(ctx.state, seed, strlen(seed)), 0);
    env_set("CERTREBIND_SIM_STATE", ctx.state);
    /* the simulated CA's certificate: valid from before --now for a year */
    env_set("CERTREBIND_SIM_ISSUE_NOTBEFORE", "2026-11-20T00:00:00Z");
    env_set("CERTREBIND_SIM_ISSUE_NOTAFTER", "2027-12-20T00:00:00Z");
}

static void teardown(void)
{
    env_clear();
    rm_rf(ctx.dir);
}

/* ---------- helpers ---------- */

static char *read_text(const char *path)
{
    size_t n;
    char *p = (char *)file_read_all(path, &n);
    ck_assert_msg(p != NULL, "cannot read %s", path);
    return p;
}

/* certrebind COMMAND --netsh/--certutil/--certreq (simulators) --out REQUESTS --now NOW args... */
static int crb(struct run_result *r, const char *command, const char *const *args)
{
    const char *b = getenv("CERTREBIND_BIN");
    const char *argv[40] = {b && *b ? b : BUILD_DIR "/certrebind" EXE, command, "--certutil", SIM_CERTUTIL,
                            "--certreq", SIM_CERTREQ, "--out", ctx.req, "--now", NOW};
    size_t n = 10;
    if (strcmp(command, "request") != 0) { /* request reads no binding: it takes no --netsh */
        argv[n++] = "--netsh";
        argv[n++] = SIM_NETSH;
    }
    for (size_t i = 0; args && args[i]; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    memset(r, 0, sizeof *r);
    run_program(argv, TIMEOUT_MS, r);
    ck_assert_msg(r->started, "cannot run certrebind: %s", r->error ? r->error : "?");
    return r->exit_code;
}

static int has(const struct run_result *r, const char *needle)
{
    return (r->out && strstr((const char *)r->out, needle)) || (r->err && strstr((const char *)r->err, needle));
}

/* The one file in the requests folder that ends with suffix (its path; caller frees), or NULL. */
static char *request_file(const char *suffix)
{
    char **names = NULL, *err = NULL;
    ck_assert_int_eq(list_directory(ctx.req, suffix, &names, &err), 0);
    char *path = NULL;
    size_t count = 0;
    for (size_t i = 0; names[i]; i++, count++) {
        if (!path)
            path = path_join(ctx.req, names[i]);
        free(names[i]);
    }
    free(names);
    ck_assert_msg(count <= 1, "%zu files %s", count, suffix);
    return path;
}

/* The simulated CA answers the CSR: certreq -submit REQ CER. */
static void ca_issues(void)
{
    char *req = request_file(".req");
    ck_assert_ptr_nonnull(req);
    const char *argv[] = {SIM_CERTREQ, "-submit", "-config", "sim\\CA", req, ctx.cer, NULL};
    struct run_result r;
    ck_assert_int_eq(run_program(argv, TIMEOUT_MS, &r), 0);
    ck_assert_msg(r.exit_code == 0, "the simulated CA did not issue: %s", r.out ? (char *)r.out : "");
    run_result_free(&r);
    free(req);
}

/* The `binding` lines of the state, with every "certhash=<from>" read as "certhash=<to>". */
static char *bindings_of(const char *state, const char *from, const char *to)
{
    size_t cap = strlen(state) + 1024, n = 0;
    char *out = malloc(cap);
    for (const char *line = state; *line;) {
        size_t len = strcspn(line, "\n");
        if (!strncmp(line, "binding ", 8)) {
            char buf[2048];
            snprintf(buf, sizeof buf, "%.*s", (int)len, line);
            char *h = from ? strstr(buf, from) : NULL;
            if (h)
                memcpy(h, to, 40);
            n += (size_t)snprintf(out + n, cap - n, "%s\n", buf);
        }
        line += len + (line[len] == '\n');
    }
    out[n] = 0;
    return out;
}

/* `netsh http show sslcert` as the simulator prints it, every <from> read as <to>. */
static char *show_sslcert(const char *from, const char *to)
{
    const char *argv[] = {SIM_NETSH, "http", "show", "sslcert", NULL};
    struct run_result r;
    ck_assert_int_eq(run_program(argv, TIMEOUT_MS, &r), 0);
    ck_assert_int_eq(r.exit_code, 0);
    char *text = (char *)r.out;
    r.out = NULL;
    run_result_free(&r);
    for (char *h = from ? strstr(text, from) : NULL; h; h = strstr(h + 40, from))
        memcpy(h, to, 40);
    return text;
}

/* The SHA-1 of the certificate the CA wrote, as `certutil -dump` prints it. */
static void issued_sha1(char out[41])
{
    const char *argv[] = {SIM_CERTUTIL, "-dump", ctx.cer, NULL};
    struct run_result r;
    ck_assert_int_eq(run_program(argv, TIMEOUT_MS, &r), 0);
    const char *h = strstr((const char *)r.out, "Cert Hash(sha1): ");
    ck_assert_ptr_nonnull(h);
    snprintf(out, 41, "%s", h + 17);
    run_result_free(&r);
}

/* request --like OLD, and the CA issues: the state before accept. */
static char *requested_and_issued(void)
{
    struct run_result r;
    const char *args[] = {"--like", OLD, NULL};
    ck_assert_msg(crb(&r, "request", args) == 0, "request failed: %s", r.err);
    run_result_free(&r);
    ca_issues();
    return read_text(ctx.state);
}

/* ---------- the seed's situation ---------- */

START_TEST(request_then_accept_rebinds_every_binding_of_the_old_certificate)
{
    char *before = read_text(ctx.state);
    char *show_before = show_sslcert(NULL, NULL);
    struct run_result r;
    /* request: an INF, a CSR and a record; the key waits in REQUEST; no binding moved */
    const char *req_args[] = {"--like", "3F:2A:9C:1E:7B:4D:8A:6F:0E:5C:2B:1A:9D:8E:7F:6A:5B:4C:3D:2E", NULL};
    ck_assert_msg(crb(&r, "request", req_args) == 0, "%s", r.err);
    ck_assert(has(&r, "Nothing bound changed"));
    ck_assert(!has(&r, "shows no pending key"));
    run_result_free(&r);
    char *inf = request_file(".inf"), *record = request_file(".request.json");
    ck_assert(inf && record);
    char *inf_text = read_text(inf), *record_text = read_text(record);
    ck_assert_ptr_nonnull(strstr(inf_text, "Subject = \"CN=*.northwind-traders.example, O=Northwind Traders, C=US\""));
    ck_assert_ptr_nonnull(strstr(inf_text, "_continue_ = \"dns=*.northwind-traders.example&\""));
    ck_assert_ptr_nonnull(strstr(record_text, "\"like\": \"" OLD "\""));
    char *after_request = read_text(ctx.state);
    char *b0 = bindings_of(before, NULL, NULL), *b1 = bindings_of(after_request, NULL, NULL);
    ck_assert_str_eq(b0, b1);
    ck_assert_ptr_nonnull(strstr(after_request, "cert store=REQUEST"));
    ck_assert_int_eq(crb(&r, "request", NULL), 0);
    ck_assert_msg(has(&r, "pending (its key waits"), "%s", r.out);
    run_result_free(&r);

    /* days later the CA answers; accept installs it and moves every binding of OLD */
    ca_issues();
    char sha1[41];
    issued_sha1(sha1);
    const char *acc_args[] = {ctx.cer, "--yes", "--backup-dir", ctx.bk, NULL};
    int rc = crb(&r, "accept", acc_args);
    ck_assert_msg(rc == 0, "accept exit %d: %s%s", rc, r.out, r.err);
    ck_assert(has(&r, "4 binding(s) rebound and verified"));
    run_result_free(&r);
    char *after = read_text(ctx.state);
    /* every OLD binding on the new certificate, every setting as it was, 9443 untouched */
    char *want = show_sslcert(NULL, NULL), *got = show_sslcert(NULL, NULL);
    free(want);
    want = show_sslcert(NULL, NULL);
    char *expected = show_before;
    for (char *h = strstr(expected, OLD); h; h = strstr(h + 40, OLD))
        memcpy(h, sha1, 40);
    ck_assert_str_eq(got, expected);
    ck_assert_ptr_nonnull(strstr(got, OTHER));
    char my_line[200];
    snprintf(my_line, sizeof my_line, "cert store=My sha1=%s", sha1);
    ck_assert_ptr_nonnull(strstr(after, my_line));
    ck_assert_ptr_nonnull(strstr(after, "haskey=1"));
    ck_assert_ptr_null(strstr(after, "store=REQUEST"));
    ck_assert_ptr_null(strstr(after, "certrequest "));
    ck_assert_int_eq(crb(&r, "request", NULL), 0);
    ck_assert_msg(has(&r, "not pending (accepted"), "%s", r.out);
    run_result_free(&r);
    /* a rerun finds the certificate installed and nothing left to move */
    ck_assert_int_eq(crb(&r, "accept", acc_args), 3);
    ck_assert(has(&r, "accepted before"));
    run_result_free(&r);
    free(inf);
    free(record);
    free(inf_text);
    free(record_text);
    free(before);
    free(after_request);
    free(after);
    free(b0);
    free(b1);
    free(want);
    free(got);
    free(show_before);
}
END_TEST

/* The first netsh step with a certificate accepted moments ago fails with 87: retried, saying so. */
START_TEST(accept_retries_87_once_for_the_new_certificate)
{
    char *state = requested_and_issued();
    env_set("CERTREBIND_SIM_FAIL", "update:1");
    env_set("CERTREBIND_SIM_FAIL_CODE", "87");
    struct run_result r;
    const char *args[] = {ctx.cer, "--yes", "--backup-dir", ctx.bk, NULL};
    int rc = crb(&r, "accept", args);
    ck_assert_msg(rc == 0, "exit %d: %s%s", rc, r.out, r.err);
    ck_assert_msg(has(&r, "retry") || has(&r, "Retry") || has(&r, "again"), "no retry said: %s", r.out);
    run_result_free(&r);
    free(state);
}
END_TEST

START_TEST(accept_json_and_plan_only)
{
    char *state = requested_and_issued();
    struct run_result r;
    const char *plan_args[] = {ctx.cer, "--plan-only", "--format", "json", "--backup-dir", ctx.bk, NULL};
    ck_assert_int_eq(crb(&r, "accept", plan_args), 0);
    ck_assert_ptr_nonnull(strstr((const char *)r.out, "\"steps\""));
    run_result_free(&r);
    char *after_plan = read_text(ctx.state);
    char *b0 = bindings_of(state, NULL, NULL), *b1 = bindings_of(after_plan, NULL, NULL);
    ck_assert_str_eq(b0, b1); /* installed, nothing rebound */
    const char *args[] = {ctx.cer, "--yes", "--backup-dir", ctx.bk, "--format", "json", NULL};
    ck_assert_int_eq(crb(&r, "accept", args), 0);
    ck_assert_ptr_nonnull(strstr((const char *)r.out, "\"verified\": true"));
    ck_assert_ptr_nonnull(strstr((const char *)r.out, "\"exit\": 0"));
    run_result_free(&r);
    free(state);
    free(after_plan);
    free(b0);
    free(b1);
}
END_TEST

/* Standard output holds exactly one JSON object, whose "exit" is the exit status. */
static void assert_one_json_report(const struct run_result *r, const char *exit_member)
{
    const char *out = r->out ? (const char *)r->out : "";
    ck_assert_msg(out[0] == '{' && strstr(out, "\n}\n") && !strstr(out, "\n}\n{") &&
                      strlen(strstr(out, "\n}\n")) == 3,
                  "not one JSON object: %s", out);
    ck_assert_msg(strstr(out, exit_member), "no %s: %s", exit_member, out);
}

/* accept --format json for the statuses other than 0: a failed step rolled back (4) and a refusal (1) */
START_TEST(accept_json_for_every_exit_status)
{
    char *state = requested_and_issued();
    env_set("CERTREBIND_SIM_FAIL", "update:2");
    struct run_result r;
    const char *args[] = {ctx.cer, "--yes", "--backup-dir", ctx.bk, "--format", "json", NULL};
    ck_assert_int_eq(crb(&r, "accept", args), 4);
    assert_one_json_report(&r, "\"exit\": 4");
    ck_assert_ptr_nonnull(strstr((const char *)r.out, "\"complete\": true"));
    run_result_free(&r);
    env_unset("CERTREBIND_SIM_FAIL");
    free(state);
    /* a certificate file that does not exist: refused before anything runs */
    char missing[4300];
    snprintf(missing, sizeof missing, "%s" SEP "no-such.cer", ctx.dir);
    const char *refused[] = {missing, "--yes", "--backup-dir", ctx.bk, "--format", "json", NULL};
    ck_assert_int_eq(crb(&r, "accept", refused), 1);
    assert_one_json_report(&r, "\"exit\": 1");
    run_result_free(&r);
}
END_TEST

/* ---------- refusals: exit 1 (2 for usage) and no binding moved ---------- */

static void assert_bindings_unchanged(const char *before, const char *what)
{
    char *after = read_text(ctx.state);
    char *a = bindings_of(before, NULL, NULL), *b = bindings_of(after, NULL, NULL);
    ck_assert_msg(!strcmp(a, b), "%s: bindings changed", what);
    free(a);
    free(b);
    free(after);
}

START_TEST(accept_refusals)
{
    static const struct {
        const char *var, *value; /* set before the CA issues */
        const char *after_var, *after_value; /* set before accept */
        int remove_request;      /* the pending key is gone (another machine) */
        const char *says;
    } cases[] = {
        {"CERTREBIND_SIM_ISSUE_DNS", "*.northwind-traders.example", NULL, NULL, 0, "does not cover \"northwind-traders.example\""},
        {"CERTREBIND_SIM_ISSUE_NOTBEFORE", "2026-12-01T00:00:00Z", NULL, NULL, 0, "not valid yet"},
        {"CERTREBIND_SIM_ISSUE_NOTAFTER", "2026-11-22T00:00:00Z", NULL, NULL, 0, "expired"},
        {NULL, NULL, NULL, NULL, 1, "CRYPT_E_NOT_FOUND"},
        {NULL, NULL, "CERTREBIND_SIM_CA", "untrusted", 0, "CERT_E_CHAINING"},
        {NULL, NULL, "CERTREBIND_SIM_LIE", "accept:1", 0, "is not in My after certreq -accept"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        teardown();
        setup();
        if (cases[k].var)
            env_set(cases[k].var, cases[k].value);
        char *state = requested_and_issued();
        if (cases[k].remove_request) {
            /* the key is not on this machine: drop the pending request and its REQUEST entry */
            char *kept = malloc(strlen(state) + 1);
            size_t n = 0;
            for (const char *line = state; *line;) {
                size_t len = strcspn(line, "\n");
                if (strncmp(line, "certrequest ", 12) && strncmp(line, "cert store=REQUEST", 18)) {
                    memcpy(kept + n, line, len);
                    n += len;
                    kept[n++] = '\n';
                }
                line += len + (line[len] == '\n');
            }
            ck_assert_int_eq(write_file(ctx.state, kept, n), 0);
            free(kept);
        }
        if (cases[k].after_var)
            env_set(cases[k].after_var, cases[k].after_value);
        struct run_result r;
        const char *args[] = {ctx.cer, "--yes", "--backup-dir", ctx.bk, NULL};
        int rc = crb(&r, "accept", args);
        ck_assert_msg(rc == 1, "case %zu: exit %d, wanted 1: %s", k, rc, r.err);
        ck_assert_msg(has(&r, cases[k].says), "case %zu: no '%s' in: %s", k, cases[k].says, r.err);
        assert_bindings_unchanged(state, cases[k].says);
        ck_assert_msg(files_besides_lock(ctx.bk) == 0, "case %zu: a backup was written, as if apply ran", k);
        run_result_free(&r);
        free(state);
    }
}
END_TEST

START_TEST(accept_needs_a_record_or_like)
{
    char *state = requested_and_issued();
    /* the record is gone: accept cannot know which certificate this replaces */
    char *record = request_file(".request.json");
    remove_file(record);
    struct run_result r;
    const char *args[] = {ctx.cer, "--yes", "--backup-dir", ctx.bk, NULL};
    ck_assert_int_eq(crb(&r, "accept", args), 1);
    ck_assert(has(&r, "--like HASH"));
    run_result_free(&r);
    assert_bindings_unchanged(state, "no record");
    /* a damaged record with the right subject and names is not taken for one */
    static const char damaged[] = "{\"format\":\"certrebind-request 1\",\"like\":\"" OTHER "\",\"subject\":"
                                  "\"CN=*.northwind-traders.example, O=Northwind Traders, C=US\",\"dns_names\":"
                                  "[\"*.northwind-traders.example\",\"northwind-traders.example\"],\"key\":\"rsa2048\","
                                  "\"template\":null,\"inf\":\"a.inf\",\"req\":\"a.req\",\"created\":\"2026-11-29T21:00:00Z\"";
    ck_assert_int_eq(write_file(record, damaged, sizeof damaged - 1), 0);
    ck_assert_int_eq(crb(&r, "accept", args), 1);
    ck_assert(has(&r, "skipped"));
    run_result_free(&r);
    assert_bindings_unchanged(state, "damaged record");
    remove_file(record);
    const char *with_like[] = {ctx.cer, "--like", OLD, "--yes", "--backup-dir", ctx.bk, NULL};
    ck_assert_int_eq(crb(&r, "accept", with_like), 0);
    run_result_free(&r);
    free(record);
    free(state);
}
END_TEST

/* Two records that fit renew different certificates: accept cannot tell which is meant. */
START_TEST(accept_ambiguous_records)
{
    char *state = requested_and_issued();
    char *record = request_file(".request.json"), *text = read_text(record);
    char *h = strstr(text, OLD);
    ck_assert_ptr_nonnull(h);
    memcpy(h, OTHER, 40);
    char copy[4300];
    snprintf(copy, sizeof copy, "%s" SEP "copy.request.json", ctx.req);
    ck_assert_int_eq(write_file(copy, text, strlen(text)), 0);
    struct run_result r;
    const char *args[] = {ctx.cer, "--yes", "--backup-dir", ctx.bk, NULL};
    ck_assert_int_eq(crb(&r, "accept", args), 1);
    ck_assert_msg(has(&r, "renew different certificates"), "%s", r.err);
    run_result_free(&r);
    assert_bindings_unchanged(state, "two records");
    free(text);
    free(record);
    free(state);
}
END_TEST

START_TEST(unattended)
{
    char *state = requested_and_issued();
    struct run_result r;
    const char *no_yes[] = {ctx.cer, "--unattended", "--backup-dir", ctx.bk, NULL};
    ck_assert_int_eq(crb(&r, "accept", no_yes), 1);
    ck_assert(has(&r, "--unattended never asks"));
    run_result_free(&r);
    assert_bindings_unchanged(state, "unattended without --yes");
    /* refused before a plan (the CA dropped a name): still one event, 1002, for monitoring */
    teardown();
    setup();
    env_set("CERTREBIND_SIM_ISSUE_DNS", "*.northwind-traders.example");
    free(state);
    state = requested_and_issued();
    char events[4300];
    snprintf(events, sizeof events, "%s" SEP "events.log", ctx.dir);
    const char *refused[] = {ctx.cer, "--unattended", "--yes", "--backup-dir", ctx.bk, "--event-log", events, NULL};
    ck_assert_int_eq(crb(&r, "accept", refused), 1);
    run_result_free(&r);
    char *lines = read_text(events);
    ck_assert_msg(strstr(lines, " 1002 ") && strstr(lines, "does not cover"), "%s", lines);
    ck_assert_ptr_null(strchr(strchr(lines, '\n') + 1, '\n')); /* one line */
    free(lines);
    assert_bindings_unchanged(state, "unattended refusal");
    const char *forced[] = {ctx.cer, "--unattended", "--force", "--yes", NULL};
    ck_assert_int_eq(crb(&r, "accept", forced), 2);
    run_result_free(&r);
    free(state);
}
END_TEST

/* The whole accept, certreq -accept included, is one hold of the machine-wide lock: against a
 * lock another run holds it waits, then gives up having installed nothing; free, every tool call
 * (certreq -accept, the reads, netsh's steps, the read back) runs while it holds it. */
START_TEST(unattended_accept_holds_the_lock_across_certreq_accept)
{
    char *state = requested_and_issued();
    char simlog[4300], lock[4300], events[4300], *err = NULL, *held = NULL;
    snprintf(simlog, sizeof simlog, "%s" SEP "sim.log", ctx.dir);
    snprintf(lock, sizeof lock, "%s" SEP "certrebind.lock", ctx.bk);
    snprintf(events, sizeof events, "%s" SEP "events.log", ctx.dir);
    env_set("CERTREBIND_SIM_LOG", simlog);
    env_set("CERTREBIND_SIM_LOCK", lock);
    ck_assert_msg(make_directories(ctx.bk, &err) == 0, "%s", err ? err : "");
    ck_assert_int_eq(machine_lock_take(lock, "process 4242, certrebind apply --auto --days 30, since then", 0, &held, &err), 0);
    env_set("CERTREBIND_LOCK_WAIT_SECONDS", "1");
    struct run_result r;
    const char *args[] = {ctx.cer, "--unattended", "--yes", "--backup-dir", ctx.bk, "--event-log", events, NULL};
    ck_assert_int_eq(crb(&r, "accept", args), 1);
    ck_assert_msg(has(&r, "waiting for the lock held by process 4242, certrebind apply --auto --days 30"), "%s", r.err);
    ck_assert_msg(has(&r, "still held it after 1 s: process 4242"), "%s", r.err);
    run_result_free(&r);
    machine_lock_release();
    size_t n;
    char *log = (char *)file_read_all(simlog, &n);
    ck_assert_msg(!log || !n, "tools ran without the lock:\n%s", log);
    free(log);
    char *now = read_text(ctx.state);
    ck_assert_msg(!strcmp(now, state), "the machine changed:\n%s", now);
    free(now);
    char *ev = read_text(events);
    ck_assert_msg(strstr(ev, " 1002 ") && strstr(ev, "holds the machine-wide lock"), "%s", ev);
    free(ev);

    ck_assert_int_eq(crb(&r, "accept", args), 0);
    run_result_free(&r);
    log = read_text(simlog);
    ck_assert_msg(strstr(log, " accept ") && strstr(log, " update "), "%s", log);
    for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
        size_t len = strlen(line);
        ck_assert_msg(len > 7 && !strcmp(line + len - 7, " locked"), "a tool ran without the lock: %s", line);
    }
    free(log);
    free(state);
}
END_TEST

START_TEST(request_refusals)
{
    char *before = read_text(ctx.state);
    static const struct {
        const char *env, *value;
        const char *args[6];
        int exit_code;
        const char *says;
    } cases[] = {
        {NULL, NULL, {"--like", "5e0f3b9a7c2d4e6f8a1b3c5d7e9f0a2b4c6d8e1f", NULL}, 1, "is not in the machine's My store"},
        {NULL, NULL, {"--like", "not-a-hash", NULL}, 2, "--like takes"},
        {NULL, NULL, {"--key", "rsa2048", NULL}, 2, "needs --like"},
        {NULL, NULL, {"--like", OLD, "--key", "rsa1024", NULL}, 2, "--key takes"},
        {"CERTREBIND_SIM_TEMPLATES", "WebServer", {"--like", OLD, "--template", "NoSuchTemplate", NULL}, 1, "Template not found"},
        {"CERTREBIND_SIM_CA", "unreachable", {"--like", OLD, "--template", "WebServer", NULL}, 1, "RPC_S_SERVER_UNAVAILABLE"},
        {"CERTREBIND_SIM_LIE", "new:1", {"--like", OLD, NULL}, 1, "reported success but wrote no request file"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        teardown();
        setup();
        if (cases[k].env)
            env_set(cases[k].env, cases[k].value);
        struct run_result r;
        int rc = crb(&r, "request", cases[k].args);
        ck_assert_msg(rc == cases[k].exit_code, "case %zu: exit %d: %s", k, rc, r.err);
        ck_assert_msg(has(&r, cases[k].says), "case %zu: no '%s' in: %s", k, cases[k].says, r.err);
        char *record = file_exists(ctx.req) ? request_file(".request.json") : NULL;
        ck_assert_msg(!record, "case %zu: a record was written", k);
        assert_bindings_unchanged(before, cases[k].says);
        run_result_free(&r);
    }
    free(before);
}
END_TEST

#ifndef _WIN32
/* A requests folder others may write to is refused: a record there decides which bindings move. */
START_TEST(request_folder_must_be_private)
{
    char *err = NULL;
    ck_assert_int_eq(make_directories(ctx.req, &err), 0);
    ck_assert_int_eq(chmod(ctx.req, 0777), 0);
    struct run_result r;
    const char *args[] = {"--like", OLD, NULL};
    ck_assert_int_eq(crb(&r, "request", args), 1);
    ck_assert(has(&r, "nothing was done"));
    run_result_free(&r);
    ck_assert_int_eq(crb(&r, "request", NULL), 1);
    run_result_free(&r);
    ck_assert_ptr_null(request_file(".inf"));
}
END_TEST
#endif

/* certreq's step is judged by the store too: a REQUEST store that cannot be read back is said. */
START_TEST(request_checks_the_request_store)
{
    env_set("CERTREBIND_SIM_FAIL", "store:2"); /* 1: certutil -v -store My, 2: the REQUEST read-back */
    env_set("CERTREBIND_SIM_FAIL_CODE", "5");
    struct run_result r;
    const char *args[] = {"--like", OLD, NULL};
    ck_assert_int_eq(crb(&r, "request", args), 0);
    ck_assert_msg(has(&r, "shows no pending key"), "%s", r.err);
    run_result_free(&r);
}
END_TEST

/* --print writes the INF and the record and runs nothing. */
START_TEST(request_print_runs_nothing)
{
    char *before = read_text(ctx.state);
    struct run_result r;
    const char *args[] = {"--like", OLD, "--print", "--key", "ecdsa-p256", NULL};
    ck_assert_int_eq(crb(&r, "request", args), 0);
    ck_assert(has(&r, "-new -machine -q"));
    run_result_free(&r);
    char *after = read_text(ctx.state);
    ck_assert_ptr_null(strstr(after, "REQUEST")); /* certreq did not run */
    ck_assert_ptr_null(strstr(after, "counter new"));
    char *inf = request_file(".inf"), *req = request_file(".req");
    ck_assert_ptr_nonnull(inf);
    ck_assert_ptr_null(req);
    char *text = read_text(inf);
    ck_assert_ptr_nonnull(strstr(text, "KeyAlgorithm = ECDSA_P256"));
    free(text);
    free(inf);
    free(after);
    free(before);
}
END_TEST

Suite *suite_accept(void)
{
    Suite *s = suite_create("accept");
    TCase *tc = tcase_create("end-to-end");
    tcase_set_timeout(tc, 300);
    tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, request_then_accept_rebinds_every_binding_of_the_old_certificate);
    tcase_add_test(tc, accept_retries_87_once_for_the_new_certificate);
    tcase_add_test(tc, accept_json_and_plan_only);
    tcase_add_test(tc, accept_json_for_every_exit_status);
    tcase_add_test(tc, accept_refusals);
    tcase_add_test(tc, accept_needs_a_record_or_like);
    tcase_add_test(tc, accept_ambiguous_records);
    tcase_add_test(tc, unattended);
    tcase_add_test(tc, unattended_accept_holds_the_lock_across_certreq_accept);
    tcase_add_test(tc, request_refusals);
    tcase_add_test(tc, request_print_runs_nothing);
    tcase_add_test(tc, request_checks_the_request_store);
#ifndef _WIN32
    tcase_add_test(tc, request_folder_must_be_private);
#endif
    suite_add_tcase(s, tc);
    return s;
}
