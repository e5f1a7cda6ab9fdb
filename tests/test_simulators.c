/* The netsh and certutil simulators (tests/sim/): run the built programs as certrebind would
 * (argv, environment) and check their exact output, exit status, state file and log.
 * On POSIX each run is a fork/exec with its own environment; on Windows the library's runner
 * (CreateProcessW) starts them with this process's environment. Only the kill-parent test is
 * POSIX-only (its stand-in caller is a forked child). */
#include <check.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef _WIN32
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;
#endif

#include "platform.h"
#include "testutil.h"

#define HASH_A "0123456789abcdef0123456789abcdef01234567"
#define HASH_B "89abcdef0123456789abcdef0123456789abcdef"
#define HASH_WH "fedcba9876543210fedcba9876543210fedcba98"
#define HASH_NOKEY "00112233445566778899aabbccddeeff00112233"
#define HASH_ABSENT "ffeeddccbbaa99887766554433221100ffeeddcc"
#define APPID "{4dc3e181-e14b-4a21-b022-59fc669b0914}"

/* Certificates of a freshly renewed web server: A (old) and B (new) in My, one in WebHosting,
 * one whose private key is gone. */
static const char base_state[] =
    "cert store=My sha1=" HASH_A " haskey=1 notbefore=2025-11-02T09:00:00Z notafter=2026-11-02T21:30:00Z "
    "subject=CN=www.example.com,%20O=Example%20Ltd,%20C=US issuer=CN=Example%20Issuing%20CA%201,%20O=Example%20Ltd "
    "serial=1a2b3c4d5e6f7a8b dns=www.example.com,example.com\n"
    "cert store=My sha1=" HASH_B " haskey=1 notbefore=2026-10-20T00:00:00Z notafter=2027-10-20T12:05:00Z "
    "subject=CN=www.example.com,%20O=Example%20Ltd,%20C=US issuer=CN=Example%20Issuing%20CA%201,%20O=Example%20Ltd "
    "serial=5c6d7e8f dns=www.example.com,example.com,api.example.com\n"
    "cert store=WebHosting sha1=" HASH_WH " haskey=1 notbefore=2026-01-01T00:00:00Z notafter=2027-01-01T00:00:00Z "
    "subject=CN=shop.example.net issuer=CN=Example%20Issuing%20CA%201,%20O=Example%20Ltd serial=0a dns=shop.example.net\n"
    "cert store=My sha1=" HASH_NOKEY " haskey=0 notbefore=2024-03-04T13:00:00Z notafter=2025-03-04T13:00:00Z "
    "subject=CN=legacy.example.com issuer=CN=legacy.example.com serial=01 dns=legacy.example.com\n";

static char *tmpdir;
static char state_path[4096], log_path[4096];
static const char *extra_env[8];
static size_t n_extra_env;

struct proc {
    int exited;    /* exited normally: code holds the exit status */
    int code;
    int signal;    /* killed by this signal */
    int timed_out; /* we killed it after the timeout */
    char *out;
    size_t len;
};

static void proc_free(struct proc *p)
{
    free(p->out);
    memset(p, 0, sizeof *p);
}

static void setup(void)
{
    ck_assert_msg(file_exists(SIM_NETSH) && file_exists(SIM_CERTUTIL), "simulators not built: run `make %s %s`", SIM_NETSH,
                  SIM_CERTUTIL);
    tmpdir = make_temp_dir();
    ck_assert_ptr_nonnull(tmpdir);
    snprintf(state_path, sizeof state_path, "%s" SEP "state", tmpdir);
    snprintf(log_path, sizeof log_path, "%s" SEP "log", tmpdir);
    n_extra_env = 0;
}

static void teardown(void)
{
    rm_rf(tmpdir);
    free(tmpdir);
    tmpdir = NULL;
}

static void add_env(const char *kv)
{
    ck_assert_uint_lt(n_extra_env, sizeof extra_env / sizeof extra_env[0]);
    extra_env[n_extra_env++] = kv;
}

static void write_state(const char *text) { ck_assert_int_eq(write_file(state_path, text, strlen(text)), 0); }

static char *read_text(const char *path)
{
    size_t len;
    unsigned char *p = file_read_all(path, &len);
    return (char *)p;
}

#ifdef _WIN32
static const char *const sim_vars[] = {
    "CERTREBIND_SIM_STATE", "CERTREBIND_SIM_LAYOUT",      "CERTREBIND_SIM_FAIL",
    "CERTREBIND_SIM_FAIL_CODE", "CERTREBIND_SIM_HANG",    "CERTREBIND_SIM_KILL_PARENT",
    "CERTREBIND_SIM_NOT_ELEVATED", "CERTREBIND_SIM_LOG", "CERTREBIND_SIM_CODEPAGE",
    "CERTREBIND_SIM_LIE",       "CERTREBIND_SIM_USAGE",
};

static void clear_sim_vars(void)
{
    for (size_t i = 0; i < sizeof sim_vars / sizeof sim_vars[0]; i++)
        _putenv_s(sim_vars[i], ""); /* "" removes it */
}

/* Runs tool with args (NULL-terminated) with this process's environment, its CERTREBIND_SIM_*
 * replaced by STATE, LOG and extra_env for the run. timeout_ms 0 = the runner's default (60 s). */
static void run_argv(const char *tool, const char *const *args, int timeout_ms, struct proc *p)
{
    memset(p, 0, sizeof *p);
    clear_sim_vars();
    ck_assert_int_eq(_putenv_s("CERTREBIND_SIM_STATE", state_path), 0);
    ck_assert_int_eq(_putenv_s("CERTREBIND_SIM_LOG", log_path), 0);
    for (size_t i = 0; i < n_extra_env; i++) {
        char name[64];
        const char *eq = strchr(extra_env[i], '=');
        ck_assert(eq && (size_t)(eq - extra_env[i]) < sizeof name);
        memcpy(name, extra_env[i], (size_t)(eq - extra_env[i]));
        name[eq - extra_env[i]] = 0;
        ck_assert_int_eq(_putenv_s(name, eq + 1), 0);
    }
    const char *argv[34];
    size_t n = 0;
    argv[n++] = tool;
    while (args[n - 1] && n < 33) {
        argv[n] = args[n - 1];
        n++;
    }
    argv[n] = NULL;
    struct run_result r;
    memset(&r, 0, sizeof r);
    run_program(argv, timeout_ms, &r);
    clear_sim_vars();
    ck_assert_msg(r.started, "%s did not start: %s", tool, r.error ? r.error : "?");
    p->exited = !r.timed_out;
    p->code = r.exit_code;
    p->timed_out = r.timed_out;
    p->len = p->timed_out ? 0 : r.out_len;
    p->out = malloc(p->len + 1);
    ck_assert_ptr_nonnull(p->out);
    if (p->len)
        memcpy(p->out, r.out, p->len);
    p->out[p->len] = 0;
    run_result_free(&r);
}
#else
/* Runs tool with args (NULL-terminated), the test's environment minus CERTREBIND_SIM_*, plus
 * STATE, LOG and extra_env. timeout_ms 0 = wait for ever. */
static void run_argv(const char *tool, const char *const *args, int timeout_ms, struct proc *p)
{
    memset(p, 0, sizeof *p);
    char state_kv[4200], log_kv[4200];
    snprintf(state_kv, sizeof state_kv, "CERTREBIND_SIM_STATE=%s", state_path);
    snprintf(log_kv, sizeof log_kv, "CERTREBIND_SIM_LOG=%s", log_path);
    size_t nenv = 0;
    for (char **e = environ; *e; e++)
        nenv++;
    const char **envp = calloc(nenv + n_extra_env + 3, sizeof *envp);
    size_t k = 0;
    for (char **e = environ; *e; e++)
        if (strncmp(*e, "CERTREBIND_SIM_", 15) != 0)
            envp[k++] = *e;
    envp[k++] = state_kv;
    envp[k++] = log_kv;
    for (size_t i = 0; i < n_extra_env; i++)
        envp[k++] = extra_env[i];
    envp[k] = NULL;

    size_t nargs = 0;
    while (args[nargs])
        nargs++;
    const char **argv = calloc(nargs + 2, sizeof *argv);
    argv[0] = tool;
    for (size_t i = 0; i < nargs; i++)
        argv[i + 1] = args[i];

    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fds[1], 1);
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0)
            dup2(devnull, 2);
        close(fds[0]);
        close(fds[1]);
        execve(tool, (char *const *)argv, (char *const *)envp);
        _exit(127);
    }
    close(fds[1]);
    free(envp);
    free(argv);

    size_t cap = 4096;
    p->out = malloc(cap);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        int wait_ms = -1;
        if (timeout_ms > 0) {
            struct timespec t1;
            clock_gettime(CLOCK_MONOTONIC, &t1);
            long spent = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
            if (spent >= timeout_ms) {
                kill(pid, SIGKILL);
                p->timed_out = 1;
                break;
            }
            wait_ms = (int)(timeout_ms - spent);
        }
        struct pollfd pfd = {fds[0], POLLIN, 0};
        int r = poll(&pfd, 1, wait_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            continue;
        if (p->len + 4096 > cap) {
            cap *= 2;
            p->out = realloc(p->out, cap);
        }
        ssize_t got = read(fds[0], p->out + p->len, cap - p->len - 1);
        if (got <= 0)
            break;
        p->len += (size_t)got;
    }
    p->out[p->len] = 0;
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status)) {
        p->exited = 1;
        p->code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        p->signal = WTERMSIG(status);
    }
}
#endif

/* run(&p, tool, arg..., NULL) */
static void run(struct proc *p, const char *tool, ...)
{
    const char *args[32];
    size_t n = 0;
    va_list ap;
    va_start(ap, tool);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && n < 31)
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    run_argv(tool, args, 0, p);
}

static void assert_exit(const struct proc *p, int code)
{
    ck_assert_msg(p->exited && p->code == code, "exit status %d (signal %d), expected %d; output:\n%s", p->code,
                  p->signal, code, p->out);
}

static void assert_output(const struct proc *p, const char *expected)
{
    ck_assert_msg(p->len == strlen(expected) && memcmp(p->out, expected, p->len) == 0,
                  "output differs.\n--- got (%u bytes):\n%s\n--- expected (%u bytes):\n%s", (unsigned)p->len, p->out,
                  (unsigned)strlen(expected), expected);
}

static void assert_prefix(const struct proc *p, const char *prefix)
{
    ck_assert_msg(strncmp(p->out, prefix, strlen(prefix)) == 0, "output does not start with:\n%s\n--- got:\n%s", prefix,
                  p->out);
}

static void assert_contains(const struct proc *p, const char *needle)
{
    ck_assert_msg(strstr(p->out, needle) != NULL, "output lacks \"%s\":\n%s", needle, p->out);
}

/* Number of `binding` lines, and the value of field in the binding line whose key is key. */
static int state_bindings(void)
{
    char *s = read_text(state_path);
    int n = 0;
    for (char *line = s; line && *line;) {
        if (strncmp(line, "binding ", 8) == 0)
            n++;
        char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : NULL;
    }
    free(s);
    return n;
}

/* The whole `binding` line whose first field is key (e.g. "ipport=0.0.0.0:443"), or NULL. */
static char *state_binding_line(const char *key)
{
    char *s = read_text(state_path);
    char *found = NULL;
    size_t kl = strlen(key);
    for (char *line = s; line && *line;) {
        char *nl = strchr(line, '\n');
        size_t ll = nl ? (size_t)(nl - line) : strlen(line);
        if (strncmp(line, "binding ", 8) == 0 && ll >= 8 + kl && strncmp(line + 8, key, kl) == 0 &&
            (line[8 + kl] == ' ' || line[8 + kl] == '\n' || line[8 + kl] == 0)) {
            found = malloc(ll + 1);
            ck_assert_ptr_nonnull(found);
            memcpy(found, line, ll);
            found[ll] = 0;
            break;
        }
        line = nl ? nl + 1 : NULL;
    }
    free(s);
    return found;
}

static long state_counter(const char *op)
{
    char *s = read_text(state_path);
    long n = 0;
    char want[64];
    snprintf(want, sizeof want, "counter %s ", op);
    for (char *line = s; line && *line;) {
        if (strncmp(line, want, strlen(want)) == 0)
            n = strtol(line + strlen(want), NULL, 10);
        char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : NULL;
    }
    free(s);
    return n;
}

static void add_a(struct proc *p)
{
    run(p, SIM_NETSH, "http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_A, "appid=" APPID,
        "certstorename=MY", NULL);
}

/* ------------------------------------------------------------------ expected texts */

#define HDR "\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n"
#define EXT                                                                                                           \
    " Extended Properties:\r\n"                                                                                        \
    "    PropertyId                   : 0\r\n"                                                                         \
    "    Receive Window               : 1048576\r\n"                                                                   \
    " Extended Properties:\r\n"                                                                                        \
    "    PropertyId                   : 1\r\n"                                                                         \
    "    Max Settings Per Frame       : 2796202\r\n"                                                                   \
    "    Max Settings Per Minute      : 4294967295\r\n"

static const char show_a_2022[] =
    HDR "    IP:port                      : 0.0.0.0:443\r\n"
        "    Certificate Hash             : " HASH_A "\r\n"
        "    Application ID               : " APPID "\r\n"
        "    Certificate Store Name       : MY\r\n"
        "    Verify Client Certificate Revocation : Enabled\r\n"
        "    Verify Revocation Using Cached Client Certificate Only : Disabled\r\n"
        "    Usage Check                  : Enabled\r\n"
        "    Revocation Freshness Time    : 0\r\n"
        "    URL Retrieval Timeout        : 0\r\n"
        "    Ctl Identifier               : (null)\r\n"
        "    Ctl Store Name               : (null)\r\n"
        "    DS Mapper Usage              : Disabled\r\n"
        "    Negotiate Client Certificate : Disabled\r\n"
        "    Reject Connections           : Disabled\r\n"
        "    Disable HTTP2                : Not Set\r\n"
        "    Disable QUIC                 : Not Set\r\n"
        "    Disable TLS1.2               : Not Set\r\n"
        "    Disable TLS1.3               : Not Set\r\n"
        "    Disable OCSP Stapling        : Not Set\r\n"
        "    Enable Token Binding         : Not Set\r\n"
        "    Log Extended Events          : Not Set\r\n"
        "    Disable Legacy TLS Versions  : Not Set\r\n"
        "    Enable Session Ticket        : Not Set\r\n" EXT "\r\n";

static const char show_a_2012r2[] =
    HDR "    IP:port                      : 0.0.0.0:443\r\n"
        "    Certificate Hash             : " HASH_A "\r\n"
        "    Application ID               : " APPID "\r\n"
        "    Certificate Store Name       : MY\r\n"
        "    Verify Client Certificate Revocation : Enabled\r\n"
        "    Verify Revocation Using Cached Client Certificate Only : Disabled\r\n"
        "    Usage Check                  : Enabled\r\n"
        "    Revocation Freshness Time    : 0\r\n"
        "    URL Retrieval Timeout        : 0\r\n"
        "    Ctl Identifier               : (null)\r\n"
        "    Ctl Store Name               : (null)\r\n"
        "    DS Mapper Usage              : Disabled\r\n"
        "    Negotiate Client Certificate : Disabled\r\n"
        "\r\n";

#define PARAM_INCORRECT "\r\nThe parameter is incorrect.\r\n\r\n"

/* ------------------------------------------------------------------ netsh */

START_TEST(add_then_show_prints_the_2022_layout)
{
    write_state(base_state);
    struct proc p;
    /* upper-case hash and appid as an admin would paste them: netsh stores and shows lower case */
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=0123456789ABCDEF0123456789ABCDEF01234567",
        "appid={4DC3E181-E14B-4A21-B022-59FC669B0914}", "certstorename=MY", NULL);
    assert_exit(&p, 0);
    assert_output(&p, "\r\nSSL Certificate successfully added\r\n\r\n");
    proc_free(&p);

    char *line = state_binding_line("ipport=0.0.0.0:443");
    ck_assert_ptr_nonnull(line);
    ck_assert_str_eq(line, "binding ipport=0.0.0.0:443 certhash=" HASH_A " appid=" APPID " certstorename=MY");
    free(line);

    run(&p, SIM_NETSH, "http", "show", "sslcert", NULL);
    assert_exit(&p, 0);
    assert_output(&p, show_a_2022);
    proc_free(&p);

    /* the same binding through its filter */
    run(&p, SIM_NETSH, "http", "show", "sslcert", "ipport=0.0.0.0:443", NULL);
    assert_exit(&p, 0);
    assert_output(&p, show_a_2022);
    proc_free(&p);
}
END_TEST

START_TEST(show_orders_ip_then_hostname_and_prints_defaults)
{
    write_state(base_state);
    struct proc p;
    run(&p, SIM_NETSH, "http", "add", "sslcert", "hostnameport=www.example.com:443", "certhash=" HASH_B, "appid=" APPID,
        "certstorename=My", "disablehttp2=enable", "clientcertnegotiation=enable", "revocationfreshnesstime=3600", NULL);
    assert_exit(&p, 0);
    proc_free(&p);
    add_a(&p);
    assert_exit(&p, 0);
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=[::]:443", "certhash=" HASH_B, "appid=" APPID, NULL);
    assert_exit(&p, 0);
    proc_free(&p);

    run(&p, SIM_NETSH, "http", "show", "sslcert", NULL);
    assert_exit(&p, 0);
    char *a = strstr(p.out, "    IP:port                      : 0.0.0.0:443\r\n");
    char *b = strstr(p.out, "    IP:port                      : [::]:443\r\n");
    char *c = strstr(p.out, "    Hostname:port                : www.example.com:443\r\n");
    ck_assert_msg(a && b && c && a < b && b < c, "records out of order:\n%s", p.out);
    /* [::]:443 was added without certstorename: (null) */
    ck_assert_ptr_nonnull(strstr(b, "    Certificate Store Name       : (null)\r\n"));
    ck_assert_ptr_nonnull(strstr(c, "    Certificate Store Name       : My\r\n"));
    ck_assert_ptr_nonnull(strstr(c, "    Negotiate Client Certificate : Enabled\r\n"));
    ck_assert_ptr_nonnull(strstr(c, "    Revocation Freshness Time    : 3600\r\n"));
    ck_assert_ptr_nonnull(strstr(c, "    Disable HTTP2                : Set\r\n"));
    ck_assert_ptr_nonnull(strstr(c, "    Disable QUIC                 : Not Set\r\n"));
    proc_free(&p);
}
END_TEST

START_TEST(show_with_no_bindings_and_filter_that_matches_nothing)
{
    struct proc p;
    run(&p, SIM_NETSH, "http", "show", "sslcert", NULL); /* no state file at all: an empty machine */
    assert_exit(&p, 0);
    assert_output(&p, HDR);
    proc_free(&p);

    run(&p, SIM_NETSH, "http", "show", "sslcert", "hostnameport=nothing.example:443", NULL);
    assert_exit(&p, 1);
    assert_output(&p, HDR "The system cannot find the file specified.\r\n\r\n");
    proc_free(&p);
}
END_TEST

START_TEST(duplicate_add_is_183)
{
    write_state(base_state);
    struct proc p;
    add_a(&p);
    assert_exit(&p, 0);
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_B, "appid=" APPID, NULL);
    assert_exit(&p, 1);
    assert_output(&p, "\r\nSSL Certificate add failed, Error: 183\r\nCannot create a file when that file already exists.\r\n\r\n");
    proc_free(&p);
    char *line = state_binding_line("ipport=0.0.0.0:443");
    ck_assert_ptr_nonnull(strstr(line, "certhash=" HASH_A)); /* unchanged */
    free(line);
    ck_assert_int_eq(state_bindings(), 1);
}
END_TEST

START_TEST(delete_missing_is_2_and_delete_removes)
{
    write_state(base_state);
    struct proc p;
    run(&p, SIM_NETSH, "http", "delete", "sslcert", "ipport=0.0.0.0:443", NULL);
    assert_exit(&p, 1);
    assert_output(&p, "\r\nSSL Certificate deletion failed, Error: 2\r\nThe system cannot find the file specified.\r\n\r\n");
    proc_free(&p);

    add_a(&p);
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "delete", "sslcert", "ipport=0.0.0.0:443", NULL);
    assert_exit(&p, 0);
    assert_output(&p, "\r\nSSL Certificate successfully deleted\r\n\r\n");
    proc_free(&p);
    ck_assert_int_eq(state_bindings(), 0);
    run(&p, SIM_NETSH, "http", "show", "sslcert", NULL);
    assert_output(&p, HDR);
    proc_free(&p);
}
END_TEST

START_TEST(update_resets_every_parameter_not_given)
{
    write_state(base_state);
    struct proc p;
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_A, "appid=" APPID,
        "certstorename=MY", "clientcertnegotiation=enable", "verifyclientcertrevocation=disable", "disabletls13=enable",
        "sslctlstorename=CA", NULL);
    assert_exit(&p, 0);
    proc_free(&p);

    run(&p, SIM_NETSH, "http", "update", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_B, "appid=" APPID, NULL);
    assert_exit(&p, 0);
    assert_output(&p, "\r\nSSL Certificate successfully updated\r\n\r\n");
    proc_free(&p);

    char *line = state_binding_line("ipport=0.0.0.0:443");
    ck_assert_str_eq(line, "binding ipport=0.0.0.0:443 certhash=" HASH_B " appid=" APPID);
    free(line);
    run(&p, SIM_NETSH, "http", "show", "sslcert", "ipport=0.0.0.0:443", NULL);
    assert_exit(&p, 0);
    assert_contains(&p, "    Certificate Hash             : " HASH_B "\r\n");
    assert_contains(&p, "    Certificate Store Name       : (null)\r\n");
    assert_contains(&p, "    Verify Client Certificate Revocation : Enabled\r\n");
    assert_contains(&p, "    Negotiate Client Certificate : Disabled\r\n");
    assert_contains(&p, "    Ctl Store Name               : (null)\r\n");
    assert_contains(&p, "    Disable TLS1.3               : Not Set\r\n");
    proc_free(&p);

    /* update of a key that does not exist */
    run(&p, SIM_NETSH, "http", "update", "sslcert", "ipport=10.0.0.5:443", "certhash=" HASH_B, "appid=" APPID, NULL);
    assert_exit(&p, 1);
    assert_output(&p, "\r\nSSL Certificate update failed, Error: 2\r\nThe system cannot find the file specified.\r\n\r\n");
    proc_free(&p);
}
END_TEST

#define E1312 "\r\nSSL Certificate add failed, Error: 1312\r\nA specified logon session does not exist. It may already have been terminated.\r\n\r\n"

START_TEST(certificate_checks_give_1312)
{
    write_state(base_state);
    struct proc p;
    /* not in any store */
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_ABSENT, "appid=" APPID, NULL);
    assert_exit(&p, 1);
    assert_output(&p, E1312);
    proc_free(&p);
    /* in WebHosting, but certstorename defaults to MY */
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_WH, "appid=" APPID, NULL);
    assert_exit(&p, 1);
    assert_output(&p, E1312);
    proc_free(&p);
    /* in My without its private key */
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_NOKEY, "appid=" APPID, NULL);
    assert_exit(&p, 1);
    assert_output(&p, E1312);
    proc_free(&p);
    ck_assert_int_eq(state_bindings(), 0);
    /* the right store, named in another case */
    run(&p, SIM_NETSH, "http", "add", "sslcert", "hostnameport=shop.example.net:443", "certhash=" HASH_WH, "appid=" APPID,
        "certstorename=webhosting", NULL);
    assert_exit(&p, 0);
    proc_free(&p);
    ck_assert_int_eq(state_bindings(), 1);
}
END_TEST

START_TEST(malformed_values_give_87)
{
    write_state(base_state);
    static const char *const bad[][2] = {
        {"certhash=0123456789abcdef0123456789abcdef0123456", "appid=" APPID},  /* 39 digits */
        {"certhash=0123456789abcdef0123456789abcdef0123456g", "appid=" APPID}, /* not hex */
        {"certhash=01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67", "appid=" APPID},
        {"certhash=" HASH_A, "appid=4dc3e181-e14b-4a21-b022-59fc669b0914"},  /* no braces */
        {"certhash=" HASH_A, "appid={4dc3e181-e14b-4a21-b022-59fc669b091}"}, /* short */
        {"certhash=" HASH_A, "appid=" APPID},
    };
    static const char *const third[] = {"", "", "", "", "", "usagecheck=yes"};
    struct proc p;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *args[] = {"http", "add", "sslcert", "ipport=0.0.0.0:443", bad[i][0], bad[i][1],
                              third[i][0] ? third[i] : NULL, NULL};
        run_argv(SIM_NETSH, args, 0, &p);
        assert_exit(&p, 1);
        assert_output(&p, PARAM_INCORRECT);
        proc_free(&p);
    }
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_A, "appid=" APPID,
        "revocationfreshnesstime=1h", NULL);
    assert_exit(&p, 1);
    assert_output(&p, PARAM_INCORRECT);
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_A, "appid=" APPID,
        "certstore=MY", NULL); /* not a parameter (the real one is certstorename) */
    assert_exit(&p, 1);
    assert_output(&p, PARAM_INCORRECT);
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=0.0.0.0:99999", "certhash=" HASH_A, "appid=" APPID, NULL);
    assert_exit(&p, 1);
    assert_output(&p, PARAM_INCORRECT);
    proc_free(&p);
    ck_assert_int_eq(state_bindings(), 0);
}
END_TEST

START_TEST(missing_key_or_appid_prints_usage)
{
    write_state(base_state);
    struct proc p;
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_A, NULL);
    assert_exit(&p, 1);
    assert_prefix(&p, "\r\nOne or more essential parameters were not entered.\r\n"
                      "Verify the required parameters, and reenter them.\r\n"
                      "The syntax supplied for this command is not valid. Check help for the correct syntax.\r\n\r\n"
                      "Usage: add sslcert hostnameport=<name:port> | ipport=<ipaddr:port> | ccs=<port>\r\n"
                      "        appid=<GUID>\r\n"
                      "        [certhash=<string>]\r\n");
    assert_contains(&p, "        [enablesessionticket=enable|disable]\r\n\r\nParameters:\r\n");
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "delete", "sslcert", NULL);
    assert_exit(&p, 1);
    assert_contains(&p, "One or more essential parameters were not entered.");
    assert_contains(&p, "Usage: delete sslcert ");
    proc_free(&p);
    ck_assert_int_eq(state_bindings(), 0);
}
END_TEST

START_TEST(fault_injection_fails_the_nth_call_across_processes)
{
    write_state(base_state);
    add_env("CERTREBIND_SIM_FAIL=add:2,delete:1");
    struct proc p;
    add_a(&p);
    assert_exit(&p, 0);
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=10.0.0.5:443", "certhash=" HASH_B, "appid=" APPID, NULL);
    assert_exit(&p, 1);
    assert_output(&p, E1312);
    proc_free(&p);
    ck_assert_int_eq(state_bindings(), 1);
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=10.0.0.5:443", "certhash=" HASH_B, "appid=" APPID, NULL);
    assert_exit(&p, 0);
    proc_free(&p);
    ck_assert_int_eq(state_bindings(), 2);
    run(&p, SIM_NETSH, "http", "delete", "sslcert", "ipport=10.0.0.5:443", NULL);
    assert_exit(&p, 1);
    assert_output(&p, "\r\nSSL Certificate deletion failed, Error: 1312\r\n"
                      "A specified logon session does not exist. It may already have been terminated.\r\n\r\n");
    proc_free(&p);
    ck_assert_int_eq(state_bindings(), 2);
    ck_assert_int_eq(state_counter("add"), 3);
    ck_assert_int_eq(state_counter("delete"), 1);
}
END_TEST

START_TEST(fault_injection_lie_says_success_and_changes_nothing)
{
    write_state(base_state);
    add_env("CERTREBIND_SIM_LIE=add:1,update:1,delete:1");
    struct proc p;
    add_a(&p);
    assert_exit(&p, 0);
    assert_output(&p, "\r\nSSL Certificate successfully added\r\n\r\n");
    proc_free(&p);
    ck_assert_int_eq(state_bindings(), 0);
    add_a(&p); /* the second add is honest */
    assert_exit(&p, 0);
    proc_free(&p);
    ck_assert_int_eq(state_bindings(), 1);
    run(&p, SIM_NETSH, "http", "update", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_B, "appid=" APPID, NULL);
    assert_exit(&p, 0);
    assert_output(&p, "\r\nSSL Certificate successfully updated\r\n\r\n");
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "delete", "sslcert", "ipport=0.0.0.0:443", NULL);
    assert_exit(&p, 0);
    assert_output(&p, "\r\nSSL Certificate successfully deleted\r\n\r\n");
    proc_free(&p);
    char *line = state_binding_line("ipport=0.0.0.0:443");
    ck_assert_ptr_nonnull(line);
    ck_assert_ptr_nonnull(strstr(line, "certhash=" HASH_A));
    free(line);
    char *log = read_text(log_path);
    ck_assert_ptr_nonnull(log);
    ck_assert_ptr_nonnull(strstr(log, " add ipport=0.0.0.0:443 lie\n"));
    ck_assert_ptr_nonnull(strstr(log, " update ipport=0.0.0.0:443 lie\n"));
    ck_assert_ptr_nonnull(strstr(log, " delete ipport=0.0.0.0:443 lie\n"));
    free(log);
}
END_TEST

START_TEST(fault_injection_with_other_codes)
{
    write_state(base_state);
    add_env("CERTREBIND_SIM_FAIL=update:1,show:1");
    add_env("CERTREBIND_SIM_FAIL_CODE=5");
    struct proc p;
    add_a(&p);
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "update", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_B, "appid=" APPID, NULL);
    assert_exit(&p, 1);
    assert_output(&p, "\r\nSSL Certificate update failed, Error: 5\r\nAccess is denied.\r\n\r\n");
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "show", "sslcert", NULL);
    assert_exit(&p, 1);
    assert_output(&p, HDR "Access is denied.\r\n\r\n");
    proc_free(&p);
    char *line = state_binding_line("ipport=0.0.0.0:443");
    ck_assert_ptr_nonnull(strstr(line, "certhash=" HASH_A));
    free(line);
}
END_TEST

START_TEST(not_elevated_refuses_changes_but_shows)
{
    write_state(base_state);
    struct proc p;
    add_a(&p);
    proc_free(&p);
    add_env("CERTREBIND_SIM_NOT_ELEVATED=1");
    run(&p, SIM_NETSH, "http", "delete", "sslcert", "ipport=0.0.0.0:443", NULL);
    assert_exit(&p, 1);
    assert_output(&p, "\r\nSSL Certificate deletion failed, Error: 5\r\n"
                      "The requested operation requires elevation (Run as administrator).\r\n\r\n");
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=10.0.0.5:443", "certhash=" HASH_B, "appid=" APPID, NULL);
    assert_exit(&p, 1);
    assert_contains(&p, "SSL Certificate add failed, Error: 5\r\n");
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "show", "sslcert", NULL);
    assert_exit(&p, 0);
    assert_output(&p, show_a_2022);
    proc_free(&p);
    ck_assert_int_eq(state_bindings(), 1);
}
END_TEST

START_TEST(layout_2012r2_has_13_fields_and_no_update)
{
    write_state(base_state);
    add_env("CERTREBIND_SIM_LAYOUT=2012r2");
    struct proc p;
    add_a(&p);
    assert_exit(&p, 0);
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "show", "sslcert", NULL);
    assert_exit(&p, 0);
    assert_output(&p, show_a_2012r2);
    proc_free(&p);

    run(&p, SIM_NETSH, "http", "update", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_B, "appid=" APPID, NULL);
    assert_exit(&p, 1);
    assert_output(&p, "The following command was not found: http update sslcert ipport=0.0.0.0:443 certhash=" HASH_B
                      " appid=" APPID ".\r\n");
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "update", "sslcert", "/?", NULL);
    assert_exit(&p, 1);
    assert_output(&p, "The following command was not found: http update sslcert /?.\r\n");
    proc_free(&p);
    /* the parameters Windows Server 2016+ added are unknown here */
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=10.0.0.5:443", "certhash=" HASH_B, "appid=" APPID,
        "disablehttp2=enable", NULL);
    assert_exit(&p, 1);
    assert_output(&p, PARAM_INCORRECT);
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "add", "sslcert", "help", NULL);
    assert_exit(&p, 0);
    assert_contains(&p, "        [clientcertnegotiation=enable|disable]\r\n\r\nParameters:");
    ck_assert_ptr_null(strstr(p.out, "disablehttp2"));
    proc_free(&p);
    char *line = state_binding_line("ipport=0.0.0.0:443");
    ck_assert_ptr_nonnull(strstr(line, "certhash=" HASH_A));
    free(line);
}
END_TEST

/* Server 2025 (build 26100): the 2022 fields plus Disable Session ID and the parameterless Enable
 * Caching Client Hello; an explicit revocationfreshnesstime=0 / urlretrievaltimeout=0 is refused
 * with 87 on add and update (nothing changes), while leaving them out gives 0. */
START_TEST(layout_2025_rejects_explicit_zeros)
{
    write_state(base_state);
    add_env("CERTREBIND_SIM_LAYOUT=2025");
    struct proc p;
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_A, "appid=" APPID,
        "certstorename=MY", "revocationfreshnesstime=0", NULL);
    assert_exit(&p, 1);
    assert_output(&p, "\r\nSSL Certificate add failed, Error: 87\r\nThe parameter is incorrect.\r\n\r\n");
    proc_free(&p);
    ck_assert_int_eq(state_bindings(), 0);
    add_a(&p);
    assert_exit(&p, 0);
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "update", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_B, "appid=" APPID,
        "certstorename=MY", "urlretrievaltimeout=0", NULL);
    assert_exit(&p, 1);
    assert_output(&p, "\r\nSSL Certificate update failed, Error: 87\r\nThe parameter is incorrect.\r\n\r\n");
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "update", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_B, "appid=" APPID,
        "certstorename=MY", "revocationfreshnesstime=1", "disablesessionid=enable", NULL);
    assert_exit(&p, 0);
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "show", "sslcert", NULL);
    assert_exit(&p, 0);
    assert_contains(&p, "    Certificate Hash             : " HASH_B "\r\n");
    assert_contains(&p, "    Revocation Freshness Time    : 1\r\n    URL Retrieval Timeout        : 0\r\n");
    assert_contains(&p, "    Enable Session Ticket        : Not Set\r\n"
                        "    Disable Session ID           : Set\r\n"
                        "    Enable Caching Client Hello  : Not Set\r\n"
                        " Extended Properties:\r\n");
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "add", "sslcert", "help", NULL);
    assert_exit(&p, 0);
    assert_contains(&p, "        [enablesessionticket=enable|disable]\r\n        [disablesessionid=enable|disable]\r\n");
    proc_free(&p);
    ck_assert_int_eq(state_counter("add"), 2); /* help is not a call */
}
END_TEST

/* Server 2019: Reject Connections and Disable HTTP2 beyond the classic fields; a parameter it does
 * not know gets the usage text and exit 0, and nothing is created or changed. */
START_TEST(layout_2019_unknown_parameter_exits_0_with_usage)
{
    write_state(base_state);
    add_env("CERTREBIND_SIM_LAYOUT=2019");
    struct proc p;
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_A, "appid=" APPID,
        "certstorename=MY", "disablequic=enable", NULL);
    assert_exit(&p, 0);
    assert_prefix(&p, "\r\nUsage: add sslcert hostnameport=<name:port> | ipport=<ipaddr:port> | ccs=<port>\r\n");
    ck_assert_ptr_null(strstr(p.out, "successfully"));
    proc_free(&p);
    ck_assert_int_eq(state_bindings(), 0);
    add_a(&p);
    assert_exit(&p, 0);
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "update", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_B, "appid=" APPID,
        "certstorename=MY", "disablesessionid=disable", NULL);
    assert_exit(&p, 0);
    assert_prefix(&p, "\r\nUsage: update sslcert ");
    proc_free(&p);
    char *line = state_binding_line("ipport=0.0.0.0:443");
    ck_assert_ptr_nonnull(strstr(line, "certhash=" HASH_A)); /* unchanged */
    free(line);
    run(&p, SIM_NETSH, "http", "show", "sslcert", NULL);
    assert_exit(&p, 0);
    assert_contains(&p, "    Reject Connections           : Disabled\r\n    Disable HTTP2                : Not Set\r\n\r\n");
    ck_assert_ptr_null(strstr(p.out, "Disable QUIC"));
    ck_assert_ptr_null(strstr(p.out, "Extended Properties"));
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "add", "sslcert", "help", NULL);
    assert_exit(&p, 0);
    assert_contains(&p, "        [reject=enable|disable]\r\n        [disablehttp2=enable|disable]\r\n\r\nParameters:");
    proc_free(&p);
}
END_TEST

START_TEST(update_help_on_2022)
{
    struct proc p;
    run(&p, SIM_NETSH, "http", "update", "sslcert", "/?", NULL);
    assert_exit(&p, 0);
    assert_prefix(&p, "\r\nUsage: update sslcert hostnameport=<name:port> | ipport=<ipaddr:port> | ccs=<port>\r\n");
    assert_contains(&p, "        [disablelegacytls=enable|disable]\r\n");
    proc_free(&p);
    ck_assert_int_eq(state_counter("update"), 0); /* help is not a call */
    run(&p, SIM_NETSH, "http", "frobnicate", "sslcert", NULL);
    assert_exit(&p, 1);
    assert_output(&p, "The following command was not found: http frobnicate sslcert.\r\n");
    proc_free(&p);
}
END_TEST

/* Log lines: "<ms> <op> <key> <result>" */
struct logline {
    double ms;
    char op[32], key[128], result[32];
};

static int read_log(struct logline *lines, int max)
{
    char *s = read_text(log_path);
    int n = 0;
    for (char *line = s; line && *line && n < max;) {
        ck_assert_int_eq(sscanf(line, "%lf %31s %127s %31s", &lines[n].ms, lines[n].op, lines[n].key, lines[n].result), 4);
        n++;
        char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : NULL;
    }
    free(s);
    return n;
}

START_TEST(log_has_one_line_per_invocation)
{
    write_state(base_state);
    struct proc p;
    add_a(&p);
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "delete", "sslcert", "ipport=0.0.0.0:443", NULL);
    proc_free(&p);
    sleep_ms(20);
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_B, "appid=" APPID, NULL);
    proc_free(&p);
    run(&p, SIM_NETSH, "http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_B, "appid=" APPID, NULL);
    proc_free(&p);
    run(&p, SIM_CERTUTIL, "-store", "My", NULL);
    proc_free(&p);

    struct logline l[8];
    ck_assert_int_eq(read_log(l, 8), 5);
    ck_assert_str_eq(l[0].op, "add");
    ck_assert_str_eq(l[0].key, "ipport=0.0.0.0:443");
    ck_assert_str_eq(l[0].result, "ok");
    ck_assert_str_eq(l[1].op, "delete");
    ck_assert_str_eq(l[1].result, "ok");
    ck_assert_str_eq(l[2].op, "add");
    ck_assert_str_eq(l[3].result, "fail:183");
    ck_assert_str_eq(l[4].op, "store");
    ck_assert_str_eq(l[4].key, "My");
    ck_assert_str_eq(l[4].result, "ok");
    for (int i = 1; i < 5; i++)
        ck_assert(l[i].ms >= l[i - 1].ms);
    /* the delete-to-add window includes the 20 ms pause, and is far below a second */
    double window = l[2].ms - l[1].ms;
    ck_assert_msg(window >= 20.0 && window < 5000.0, "window %.3f ms", window);
}
END_TEST

START_TEST(hang_sleeps_until_killed)
{
    write_state(base_state);
    add_env("CERTREBIND_SIM_HANG=show:2");
    struct proc p;
    const char *args[] = {"http", "show", "sslcert", NULL};
    run_argv(SIM_NETSH, args, 5000, &p);
    assert_exit(&p, 0); /* the first show is not the one */
    proc_free(&p);
    run_argv(SIM_NETSH, args, 1500, &p); /* long enough to start even under a sanitizer */
    ck_assert_msg(p.timed_out, "did not hang");
#ifndef _WIN32
    ck_assert_int_eq(p.signal, SIGKILL);
#endif
    ck_assert_uint_eq(p.len, 0);
    proc_free(&p);
    struct logline l[4];
    ck_assert_int_eq(read_log(l, 4), 2);
    ck_assert_str_eq(l[1].result, "hang");
}
END_TEST

#ifndef _WIN32
START_TEST(kill_parent_kills_the_caller_and_does_nothing)
{
    write_state(base_state);
    struct proc p;
    run(&p, SIM_NETSH, "http", "delete", "sslcert", "ipport=0.0.0.0:443", NULL); /* counts as delete 1 */
    proc_free(&p);
    add_env("CERTREBIND_SIM_KILL_PARENT=add:1");
    /* a stand-in for certrebind: a child process that runs the simulator and waits */
    pid_t caller = fork();
    ck_assert_int_ge(caller, 0);
    if (caller == 0) {
        const char *args[] = {"http", "add", "sslcert", "ipport=0.0.0.0:443", "certhash=" HASH_A, "appid=" APPID, NULL};
        struct proc q;
        run_argv(SIM_NETSH, args, 10000, &q);
        _exit(42); /* reached only when the simulator did not kill us */
    }
    int status;
    while (waitpid(caller, &status, 0) < 0 && errno == EINTR)
        ;
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "caller was not killed (status %d)", status);
    /* let the orphaned simulator finish its exit */
    for (int i = 0; i < 100; i++) {
        char *s = read_text(log_path);
        int done = s && strstr(s, "killparent") != NULL;
        free(s);
        if (done)
            break;
        sleep_ms(10);
    }
    ck_assert_int_eq(state_bindings(), 0);
    ck_assert_int_eq(state_counter("add"), 1);
    struct logline l[4];
    ck_assert_int_eq(read_log(l, 4), 2);
    ck_assert_str_eq(l[1].op, "add");
    ck_assert_str_eq(l[1].result, "killparent");
}
END_TEST
#endif

START_TEST(hostile_state_file_is_survived)
{
    /* binary garbage, NUL bytes, a 1 MB line, records with broken fields */
    size_t big = 1u << 20;
    char *s = malloc(big + 4096);
    size_t n = 0;
    n += (size_t)sprintf(s + n, "binding\nbinding =x ipport=1.2.3.4:443 certhash=%%zz%%4\n");
    for (int i = 0; i < 256; i++)
        s[n++] = (char)i;
    s[n++] = '\n';
    memcpy(s + n, "cert store=My ", 14);
    n += 14;
    memset(s + n, 'A', big);
    n += big;
    n += (size_t)sprintf(s + n, "\ncounter add banana\ncounter show 7\n");
    ck_assert_int_eq(write_file(state_path, s, n), 0);
    free(s);

    struct proc p;
    run(&p, SIM_NETSH, "http", "show", "sslcert", NULL);
    assert_exit(&p, 0);
    assert_contains(&p, "    IP:port                      : 1.2.3.4:443\r\n");
    proc_free(&p);
    ck_assert_int_eq(state_counter("show"), 8);
    run(&p, SIM_CERTUTIL, "-store", "My", NULL);
    assert_exit(&p, 0);
    assert_contains(&p, "CertUtil: -store command completed successfully.\r\n");
    proc_free(&p);
}
END_TEST

START_TEST(missing_state_variable_is_a_harness_error)
{
    struct proc p;
    const char *args[] = {"http", "show", "sslcert", NULL};
    state_path[0] = 0; /* CERTREBIND_SIM_STATE= (empty) */
    run_argv(SIM_NETSH, args, 5000, &p);
    assert_exit(&p, 98);
    ck_assert_uint_eq(p.len, 0);
    proc_free(&p);
}
END_TEST

/* ------------------------------------------------------------------ certutil */

static const char store_my_plain_head[] =
    "My \"Personal\"\r\n"
    "================ Certificate 0 ================\r\n"
    "Serial Number: 1a2b3c4d5e6f7a8b\r\n"
    "Issuer: CN=Example Issuing CA 1, O=Example Ltd\r\n"
    " NotBefore: 11/2/2025 9:00 AM\r\n"
    " NotAfter: 11/2/2026 9:30 PM\r\n"
    "Subject: CN=www.example.com, O=Example Ltd, C=US\r\n"
    "Non-root Certificate\r\n"
    "Cert Hash(sha1): " HASH_A "\r\n"
    "  Key Container = ";

START_TEST(certutil_store_plain)
{
    write_state(base_state);
    struct proc p;
    run(&p, SIM_CERTUTIL, "-store", "My", NULL);
    assert_exit(&p, 0);
    assert_prefix(&p, store_my_plain_head);
    assert_contains(&p, "\r\n  Provider = Microsoft RSA SChannel Cryptographic Provider\r\nEncryption test passed\r\n\r\n"
                        "================ Certificate 1 ================\r\n");
    assert_contains(&p, " NotAfter: 10/20/2027 12:05 PM\r\n");
    /* the key-less, self-signed one */
    assert_contains(&p, "================ Certificate 2 ================\r\nSerial Number: 01\r\n");
    assert_contains(&p, "Signature matches Public Key\r\nRoot Certificate: Subject matches Issuer\r\n"
                        "Cert Hash(sha1): " HASH_NOKEY "\r\n");
    assert_contains(&p, "Missing stored keyset\r\nCertUtil: -store command completed successfully.\r\n");
    ck_assert_ptr_null(strstr(p.out, HASH_WH)); /* another store */
    ck_assert_ptr_null(strstr(p.out, "\n\n"));  /* CRLF only */
    size_t tail = strlen("CertUtil: -store command completed successfully.\r\n");
    ck_assert(p.len > tail && strcmp(p.out + p.len - tail, "CertUtil: -store command completed successfully.\r\n") == 0);
    proc_free(&p);

    /* one certificate by its hash; the name echoes as typed */
    run(&p, SIM_CERTUTIL, "-store", "my", HASH_B, NULL);
    assert_exit(&p, 0);
    assert_prefix(&p, "my \"Personal\"\r\n================ Certificate 1 ================\r\n");
    ck_assert_ptr_null(strstr(p.out, "Certificate 0"));
    proc_free(&p);
}
END_TEST

START_TEST(certutil_store_verbose_shows_san)
{
    write_state(base_state);
    struct proc p;
    run(&p, SIM_CERTUTIL, "-v", "-store", "My", NULL);
    assert_exit(&p, 0);
    assert_contains(&p, "================ Certificate 1 ================\r\nX509 Certificate:\r\nVersion: 3\r\n"
                        "Serial Number: 5c6d7e8f\r\n");
    assert_contains(&p, "Subject:\r\n    CN=www.example.com\r\n    O=Example Ltd\r\n    C=US\r\n  Name Hash(sha1): ");
    /* DER: 3 names of 15, 11, 15 bytes -> 2+15 + 2+11 + 2+15 = 47, + 2 = 49 = 0x31 */
    assert_contains(&p, "    2.5.29.17: Flags = 0, Length = 31\r\n    Subject Alternative Name\r\n"
                        "        DNS Name=www.example.com\r\n        DNS Name=example.com\r\n"
                        "        DNS Name=api.example.com\r\n\r\n");
    assert_contains(&p, "Cert Hash(sha1): " HASH_B "\r\n");
    assert_contains(&p, " NotBefore: 10/20/2026 12:00 AM\r\n");
    proc_free(&p);
}
END_TEST

START_TEST(certutil_missing_empty_and_failing_stores)
{
    write_state(base_state);
    struct proc p;
    run(&p, SIM_CERTUTIL, "-store", "NoSuchStore", NULL);
    ck_assert(p.exited && p.code != 0);
    ck_assert_int_eq(p.code & 0xff, 0x02); /* 0x80070002 (its low byte on POSIX) */
    assert_output(&p, "CertUtil: -store command FAILED: 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)\r\n"
                      "CertUtil: The system cannot find the file specified.\r\n");
    proc_free(&p);

    run(&p, SIM_CERTUTIL, "-store", "Trust", NULL);
    assert_exit(&p, 0);
    assert_output(&p, "Trust \"Enterprise Trust\"\r\nCertUtil: -store command completed successfully.\r\n");
    proc_free(&p);

    add_env("CERTREBIND_SIM_FAIL=store:3"); /* the third certutil run of this test */
    add_env("CERTREBIND_SIM_FAIL_CODE=5");
    run(&p, SIM_CERTUTIL, "-store", "WebHosting", NULL);
    ck_assert(p.exited && p.code != 0);
    assert_output(&p, "CertUtil: -store command FAILED: 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)\r\n"
                      "CertUtil: Access is denied.\r\n");
    proc_free(&p);
    run(&p, SIM_CERTUTIL, "-store", "WebHosting", NULL);
    assert_exit(&p, 0);
    assert_contains(&p, "WebHosting \"Web Hosting\"\r\n================ Certificate 0 ================\r\n");
    proc_free(&p);
}
END_TEST

START_TEST(certutil_writes_the_oem_code_page)
{
    write_state("cert store=My sha1=" HASH_A " haskey=1 notbefore=2026-01-01T00:00:00Z notafter=2027-01-01T00:00:00Z "
                "subject=CN=caf\xc3\xa9.example,%20O=S\xc3\xb8rensen%20ApS issuer=CN=CA serial=02 dns=xn--caf-dma.example\n");
    struct proc p;
    run(&p, SIM_CERTUTIL, "-store", "My", NULL);
    assert_exit(&p, 0);
    /* CP437: e-acute is 0x82, o-slash does not exist */
    assert_contains(&p, "Subject: CN=caf\x82.example, O=S?rensen ApS\r\n");
    proc_free(&p);
    add_env("CERTREBIND_SIM_CODEPAGE=850");
    run(&p, SIM_CERTUTIL, "-store", "My", NULL);
    assert_contains(&p, "Subject: CN=caf\x82.example, O=S\x9brensen ApS\r\n");
    proc_free(&p);
}
END_TEST

/* The runner passes every argument: no fixed argv array cuts a long command off unseen (apply's
 * netsh steps, schtasks and certreq all go through run_program_args). */
START_TEST(run_program_args_passes_every_argument)
{
    const char *args[41];
    char words[40][16];
    for (int i = 0; i < 40; i++) {
        snprintf(words[i], sizeof words[i], "a%d", i);
        args[i] = words[i];
    }
    args[40] = NULL;
    char argv_log[4096];
    snprintf(argv_log, sizeof argv_log, "%s" SEP "argv.log", tmpdir);
    env_set("CERTREBIND_ARGV_LOG", argv_log);
    struct run_result r;
    int rc = run_program_args(BUILD_DIR "/sim/argvlog" EXE, args, 30000, &r);
    env_unset("CERTREBIND_ARGV_LOG");
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(r.exit_code, 0);
    run_result_free(&r);
    char *logged = read_text(argv_log);
    ck_assert_ptr_nonnull(logged);
    ck_assert_str_eq(logged, "a0\ta1\ta2\ta3\ta4\ta5\ta6\ta7\ta8\ta9\ta10\ta11\ta12\ta13\ta14\ta15\ta16\ta17\ta18\ta19\t"
                             "a20\ta21\ta22\ta23\ta24\ta25\ta26\ta27\ta28\ta29\ta30\ta31\ta32\ta33\ta34\ta35\ta36\ta37\ta38\ta39\n");
    free(logged);
}
END_TEST

Suite *suite_simulators(void)
{
    Suite *s = suite_create("simulators");
    TCase *tc = tcase_create("netsh");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, add_then_show_prints_the_2022_layout);
    tcase_add_test(tc, show_orders_ip_then_hostname_and_prints_defaults);
    tcase_add_test(tc, show_with_no_bindings_and_filter_that_matches_nothing);
    tcase_add_test(tc, duplicate_add_is_183);
    tcase_add_test(tc, delete_missing_is_2_and_delete_removes);
    tcase_add_test(tc, update_resets_every_parameter_not_given);
    tcase_add_test(tc, certificate_checks_give_1312);
    tcase_add_test(tc, malformed_values_give_87);
    tcase_add_test(tc, missing_key_or_appid_prints_usage);
    tcase_add_test(tc, fault_injection_fails_the_nth_call_across_processes);
    tcase_add_test(tc, fault_injection_with_other_codes);
    tcase_add_test(tc, fault_injection_lie_says_success_and_changes_nothing);
    tcase_add_test(tc, not_elevated_refuses_changes_but_shows);
    tcase_add_test(tc, layout_2012r2_has_13_fields_and_no_update);
    tcase_add_test(tc, layout_2025_rejects_explicit_zeros);
    tcase_add_test(tc, layout_2019_unknown_parameter_exits_0_with_usage);
    tcase_add_test(tc, update_help_on_2022);
    tcase_add_test(tc, log_has_one_line_per_invocation);
    tcase_add_test(tc, hang_sleeps_until_killed);
#ifndef _WIN32
    tcase_add_test(tc, kill_parent_kills_the_caller_and_does_nothing);
#endif
    tcase_add_test(tc, hostile_state_file_is_survived);
    tcase_add_test(tc, missing_state_variable_is_a_harness_error);
    tcase_add_test(tc, run_program_args_passes_every_argument);
    suite_add_tcase(s, tc);

    TCase *tc2 = tcase_create("certutil");
    tcase_add_checked_fixture(tc2, setup, teardown);
    tcase_set_timeout(tc2, 60);
    tcase_add_test(tc2, certutil_store_plain);
    tcase_add_test(tc2, certutil_store_verbose_shows_san);
    tcase_add_test(tc2, certutil_missing_empty_and_failing_stores);
    tcase_add_test(tc2, certutil_writes_the_oem_code_page);
    suite_add_tcase(s, tc2);
    return s;
}
