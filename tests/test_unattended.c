/* `apply --unattended`, what the scheduled tasks run, end to end on the netsh and certutil
 * simulators: one event per run (1000 rebound, 1001 nothing to do, 1002 refused, 1005 a bound
 * certificate expiring with no renewal), --event-log lines, the machine-wide lock (a second run
 * waits, then names the holder; two runs never interleave their steps), and the pure parts of
 * the events (ids, levels, one line per record). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "exit_status.h"
#include "platform.h"
#include "testutil.h"

#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#define OLD "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"
#define NEW "9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c"
#define NOKEY "c0ffee0000000000000000000000000000000001"
#define UNBOUND "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12"
#define OTHER "d41e8a07c3b95f62e1a4d8c07b3e9f5a2c6d1e80"
#define IIS_APPID "{4dc3e181-e14b-4a21-b022-59fc669b0914}"
#define NOW "2026-11-23"
#define TIMEOUT_MS 120000

static const char *const sim_vars[] = {"CERTREBIND_SIM_STATE", "CERTREBIND_SIM_LOG", "CERTREBIND_SIM_FAIL", "CERTREBIND_SIM_FAIL_CODE",
                                       "CERTREBIND_LOCK_WAIT_SECONDS"};

static void env_clear(void)
{
    for (size_t i = 0; i < sizeof sim_vars / sizeof sim_vars[0]; i++)
        env_unset(sim_vars[i]);
}

static char *base_dir;
static struct {
    char dir[4096], state[4200], bk[4200], events[4200], log[4200];
} ctx;

static void base_setup(void) { base_dir = make_temp_dir(); }
static void base_teardown(void)
{
    rm_rf(base_dir);
    free(base_dir);
    base_dir = NULL;
}

/* OLD on three sockets (one not IIS, with client certificates); its renewal NEW in My with its
 * key; NOKEY (no private key); UNBOUND bound to nothing; OTHER on 9443, valid for a year. */
static const char seed[] =
    "binding ipport=0.0.0.0:443 certhash=" OLD " appid=" IIS_APPID " certstorename=MY\n"
    "binding hostnameport=shop.northwind-traders.example:443 certhash=" OLD " appid=" IIS_APPID " certstorename=MY\n"
    "binding ipport=0.0.0.0:8443 certhash=" OLD " appid={7b3c1f0e-5a2d-4e8b-9c61-2f4a8d0e1b37} certstorename=MY"
    " clientcertnegotiation=enable\n"
    "binding ipport=0.0.0.0:9443 certhash=" OTHER " appid=" IIS_APPID " certstorename=MY\n"
    "cert store=My sha1=" OLD " haskey=1 notbefore=2025-12-01T00:00:00Z notafter=2026-12-15T00:00:00Z"
    " subject=CN=*.northwind-traders.example issuer=CN=Fabrikam%20CA serial=0a1b2c"
    " dns=*.northwind-traders.example,northwind-traders.example\n"
    "cert store=My sha1=" NEW " haskey=1 notbefore=2026-11-20T00:00:00Z notafter=2027-12-20T00:00:00Z"
    " subject=CN=*.northwind-traders.example issuer=CN=Fabrikam%20CA serial=0a1b3c"
    " dns=*.northwind-traders.example,northwind-traders.example\n"
    "cert store=My sha1=" NOKEY " haskey=0 notbefore=2026-11-20T00:00:00Z notafter=2027-12-20T00:00:00Z"
    " subject=CN=*.northwind-traders.example issuer=CN=Fabrikam%20CA serial=0a1b4c"
    " dns=*.northwind-traders.example,northwind-traders.example\n"
    "cert store=My sha1=" UNBOUND " haskey=1 notbefore=2025-11-20T00:00:00Z notafter=2026-12-20T00:00:00Z"
    " subject=CN=intranet.example issuer=CN=Fabrikam%20CA serial=0a1b5c dns=intranet.example\n"
    "cert store=My sha1=" OTHER " haskey=1 notbefore=2025-12-01T00:00:00Z notafter=2027-12-15T00:00:00Z"
    " subject=CN=other.example issuer=CN=Fabrikam%20CA serial=0a1b2d dns=other.example\n";

static void setup(void)
{
    ck_assert_msg(file_exists(SIM_CERTUTIL) && file_exists(SIM_NETSH), "simulators not built");
    env_clear();
    snprintf(ctx.dir, sizeof ctx.dir, "%s" SEP "case", base_dir);
    rm_rf(ctx.dir);
    char *err = NULL;
    ck_assert_msg(make_directories(ctx.dir, &err) == 0, "%s", err ? err : "");
    snprintf(ctx.state, sizeof ctx.state, "%s" SEP "state", ctx.dir);
    snprintf(ctx.bk, sizeof ctx.bk, "%s" SEP "backups", ctx.dir);
    snprintf(ctx.events, sizeof ctx.events, "%s" SEP "events.log", ctx.dir);
    snprintf(ctx.log, sizeof ctx.log, "%s" SEP "sim.log", ctx.dir);
    ck_assert_int_eq(write_file(ctx.state, seed, strlen(seed)), 0);
    env_set("CERTREBIND_SIM_STATE", ctx.state);
}

static void teardown(void)
{
    env_clear();
    rm_rf(ctx.dir);
}

static char *read_text(const char *path)
{
    size_t n;
    char *p = (char *)file_read_all(path, &n);
    ck_assert_msg(p != NULL, "cannot read %s", path);
    return p;
}

/* The argv of `certrebind apply --unattended` on the simulators, then args. */
static void apply_argv(const char **argv, const char *const *args)
{
    const char *b = getenv("CERTREBIND_BIN");
    const char *fixed[] = {b && *b ? b : BUILD_DIR "/certrebind" EXE, "apply", "--netsh", SIM_NETSH, "--certutil",
                           SIM_CERTUTIL, "--now", NOW, "--backup-dir", ctx.bk, "--event-log", ctx.events, "--yes",
                           "--unattended"};
    size_t n = 0;
    for (; n < sizeof fixed / sizeof fixed[0]; n++)
        argv[n] = fixed[n];
    for (size_t i = 0; args && args[i]; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
}

static int run_apply(struct run_result *r, const char *const *args)
{
    const char *argv[40];
    apply_argv(argv, args);
    memset(r, 0, sizeof *r);
    run_program(argv, TIMEOUT_MS, r);
    ck_assert_msg(r->started, "cannot run certrebind: %s", r->error ? r->error : "?");
    return r->exit_code;
}

/* `netsh http show sslcert` as the simulator prints it: what HTTP.sys serves. Caller frees. */
static char *show_sslcert(void)
{
    const char *argv[] = {SIM_NETSH, "http", "show", "sslcert", NULL};
    struct run_result r;
    ck_assert_int_eq(run_program(argv, TIMEOUT_MS, &r), 0);
    ck_assert_int_eq(r.exit_code, 0);
    char *text = (char *)r.out;
    r.out = NULL;
    run_result_free(&r);
    return text;
}

static void assert_bindings_unchanged(const char *show_before)
{
    char *now = show_sslcert();
    ck_assert_str_eq(show_before, now);
    free(now);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* The event file holds exactly want lines; the k-th (0-based) has id and level. Returns the file. */
static char *events_are(size_t want, const char *const *ids_levels)
{
    char *text = read_text(ctx.events);
    ck_assert_msg(count_lines(text) == want, "%zu event lines, want %zu:\n%s", count_lines(text), want, text);
    const char *line = text;
    for (size_t k = 0; k < want; k++) {
        /* "<YYYY-MM-DDTHH:MM:SSZ> <id> <level> <message>" */
        ck_assert_msg(strlen(line) > 21 && line[4] == '-' && line[10] == 'T' && line[19] == 'Z' && line[20] == ' ',
                      "not a time stamp: %s", line);
        ck_assert_msg(!strncmp(line + 21, ids_levels[k], strlen(ids_levels[k])), "event %zu is not '%s': %s", k,
                      ids_levels[k], line);
        line = strchr(line, '\n') + 1;
    }
    return text;
}

/* ---------- end to end ---------- */

START_TEST(rebinds_and_records_event_1000)
{
    struct run_result r;
    const char *args[] = {"--old", OLD, "--new", NEW, NULL};
    int rc = run_apply(&r, args);
    ck_assert_msg(rc == 0, "exit %d: %s%s", rc, r.out, r.err);
    run_result_free(&r);
    char *state = read_text(ctx.state);
    ck_assert_ptr_null(strstr(state, "certhash=" OLD));
    ck_assert_ptr_nonnull(strstr(state, "binding ipport=0.0.0.0:8443 certhash=" NEW));
    ck_assert_ptr_nonnull(strstr(state, "binding ipport=0.0.0.0:9443 certhash=" OTHER));
    const char *want[] = {"1000 Information certrebind apply --old " OLD " --new " NEW ": rebound and verified (exit 0)"};
    char *ev = events_are(1, want);
    ck_assert_ptr_nonnull(strstr(ev, "Plan: 3 binding(s) to rebind"));
    ck_assert_ptr_nonnull(strstr(ev, "Sockets: 0.0.0.0:443, 0.0.0.0:8443, shop.northwind-traders.example:443."));
    char prefix[4300];
    snprintf(prefix, sizeof prefix, "Backup: %s" SEP, ctx.bk);
    ck_assert_msg(strstr(ev, prefix) != NULL, "no backup path in %s", ev);
    free(ev);
    free(state);
}
END_TEST

START_TEST(nothing_to_do_is_quiet_and_records_event_1001)
{
    char *before = show_sslcert();
    struct run_result r;
    const char *args[] = {"--old", UNBOUND, "--new", NEW, NULL};
    ck_assert_int_eq(run_apply(&r, args), EXIT_NOTHING);
    ck_assert_msg(r.out_len == 0, "stdout not quiet: %s", r.out);
    ck_assert_msg(r.err_len == 0, "stderr not quiet: %s", r.err);
    run_result_free(&r);
    const char *want[] = {"1001 Information certrebind apply --old " UNBOUND " --new " NEW ": nothing to do (exit 3)"};
    char *ev = events_are(1, want);
    ck_assert_ptr_nonnull(strstr(ev, "Sockets: none. Backup: none."));
    assert_bindings_unchanged(before);
    free(ev);
    free(before);
}
END_TEST

START_TEST(refused_without_a_key_changes_nothing_and_records_event_1002)
{
    char *before = show_sslcert();
    struct run_result r;
    const char *args[] = {"--old", OLD, "--new", NOKEY, NULL};
    ck_assert_int_eq(run_apply(&r, args), EXIT_FAIL);
    run_result_free(&r);
    const char *want[] = {"1002 Warning certrebind apply --old " OLD " --new " NOKEY ": refused; nothing was changed"};
    char *ev = events_are(1, want);
    ck_assert_msg(strstr(ev, "private key") != NULL, "the reason is not in the event: %s", ev);
    assert_bindings_unchanged(before);
    free(ev);
    free(before);
}
END_TEST

START_TEST(a_failed_step_rolls_back_and_records_event_1003)
{
    char *before = show_sslcert();
    env_set("CERTREBIND_SIM_FAIL", "update:2");
    struct run_result r;
    const char *args[] = {"--old", OLD, "--new", NEW, NULL};
    ck_assert_int_eq(run_apply(&r, args), EXIT_ROLLED_BACK);
    run_result_free(&r);
    const char *want[] = {"1003 Error certrebind apply --old " OLD " --new " NEW ": failed; every change was rolled back"};
    char *ev = events_are(1, want);
    ck_assert_ptr_nonnull(strstr(ev, "Backup: "));
    ck_assert_ptr_null(strstr(ev, "Backup: none"));
    free(ev);
    assert_bindings_unchanged(before);
    free(before);
}
END_TEST

/* The on-renewal task starts the moment the renewal is installed: a first 87 for it is retried. */
START_TEST(the_renewal_run_retries_87_for_the_new_certificate)
{
    env_set("CERTREBIND_SIM_FAIL", "update:1");
    env_set("CERTREBIND_SIM_FAIL_CODE", "87");
    struct run_result r;
    const char *args[] = {"--old", OLD, "--new", "9B 8C 7D 6E 5F 4A 3B 2C 1D 0E 9F 8A 7B 6C 5D 4E 3F 2A 1B 0C", NULL};
    int rc = run_apply(&r, args);
    ck_assert_msg(rc == EXIT_OK, "exit %d: %s", rc, r.err);
    ck_assert_msg(r.out && strstr((char *)r.out, "retry 1"), "%s", r.out);
    run_result_free(&r);
    char *state = read_text(ctx.state);
    ck_assert_ptr_null(strstr(state, "certhash=" OLD));
    free(state);
    /* the daily run imported nothing: an 87 there is a failure, rolled back */
    teardown();
    setup();
    env_set("CERTREBIND_SIM_FAIL", "update:1");
    env_set("CERTREBIND_SIM_FAIL_CODE", "87");
    const char *daily[] = {"--auto", NULL};
    ck_assert_int_eq(run_apply(&r, daily), EXIT_ROLLED_BACK);
    run_result_free(&r);
}
END_TEST

START_TEST(expiring_without_renewal_records_event_1005_every_run)
{
    /* OTHER now expires in ten days and nothing renews it; the run itself has nothing to do */
    char *s = read_text(ctx.state);
    char *p = strstr(s, "sha1=" OTHER " haskey=1 notbefore=2025-12-01T00:00:00Z notafter=2027-12-15");
    ck_assert_ptr_nonnull(p);
    memcpy(strstr(p, "notafter=") + 9, "2026-12-03", 10);
    ck_assert_int_eq(write_file(ctx.state, s, strlen(s)), 0);
    struct run_result r;
    const char *args[] = {"--old", UNBOUND, "--new", NEW, NULL};
    ck_assert_int_eq(run_apply(&r, args), EXIT_NOTHING);
    run_result_free(&r);
    const char *want[] = {"1001 Information", "1005 Warning certrebind: certificate " OTHER
                                              " (CN=other.example) in MY expires 2026-12-03T00:00:00Z"};
    char *ev = events_are(2, want);
    ck_assert_ptr_nonnull(strstr(ev, "Sockets: 0.0.0.0:9443."));
    /* OLD expires within 30 days too, but NEW renews it: no 1005 for OLD */
    ck_assert_ptr_null(strstr(ev, "certificate " OLD " ("));
    free(ev);
    /* the daily run rebinds OLD to NEW and still warns about OTHER */
    const char *daily[] = {"--auto", "--days", "30", NULL};
    ck_assert_int_eq(run_apply(&r, daily), EXIT_OK);
    run_result_free(&r);
    const char *want2[] = {"1001", "1005", "1000 Information certrebind apply --auto --days 30: rebound", "1005 Warning"};
    ev = events_are(4, want2);
    free(ev);
    free(s);
}
END_TEST

START_TEST(usage_errors)
{
    const char *b = getenv("CERTREBIND_BIN");
    const char *bin = b && *b ? b : BUILD_DIR "/certrebind" EXE;
    const char *forced[] = {bin, "apply", "--old", OLD, "--new", NEW, "--unattended", "--force", "--yes", NULL};
    const char *log_alone[] = {bin, "apply", "--old", OLD, "--new", NEW, "--event-log", ctx.events, "--yes", NULL};
    const char *const *cases[] = {forced, log_alone};
    const char *says[] = {"cannot be used with --force", "needs --unattended"};
    for (size_t k = 0; k < 2; k++) {
        struct run_result r;
        ck_assert_int_eq(run_program(cases[k], TIMEOUT_MS, &r), 0);
        ck_assert_int_eq(r.exit_code, EXIT_USAGE);
        ck_assert_msg(r.err && strstr((char *)r.err, says[k]), "%s", r.err);
        run_result_free(&r);
    }
    ck_assert(!file_exists(ctx.events));
}
END_TEST

/* ---------- the lock ---------- */

START_TEST(a_second_run_waits_then_names_the_holder)
{
    char *err = NULL, *held = NULL, lock[4300];
    ck_assert_msg(make_directories(ctx.bk, &err) == 0, "%s", err ? err : "");
    snprintf(lock, sizeof lock, "%s" SEP "certrebind.lock", ctx.bk);
    ck_assert_int_eq(machine_lock_take(lock, "process 4242, certrebind apply --auto --days 30, since then", 0, &held, &err), 0);
    env_set("CERTREBIND_LOCK_WAIT_SECONDS", "1");
    char *before = show_sslcert();
    struct run_result r;
    const char *args[] = {"--old", OLD, "--new", NEW, NULL};
    ck_assert_int_eq(run_apply(&r, args), EXIT_FAIL);
    ck_assert_msg(r.err && strstr((char *)r.err, "process 4242, certrebind apply --auto --days 30"), "%s", r.err);
    ck_assert_msg(strstr((char *)r.err, "still held it after 1 s"), "%s", r.err);
    run_result_free(&r);
    machine_lock_release();
    assert_bindings_unchanged(before);
    const char *want[] = {"1002 Warning"};
    char *ev = events_are(1, want);
    ck_assert_ptr_nonnull(strstr(ev, "holds the machine-wide lock"));
    free(ev);
    /* released: the next run goes through */
    ck_assert_int_eq(run_apply(&r, args), EXIT_OK);
    run_result_free(&r);
    free(before);
}
END_TEST

#ifndef _WIN32
/* Index of the first log line at or after from whose op is op, or -1. */
static int next_op(char **lines, int n, int from, const char *op)
{
    for (int i = from; i < n; i++) {
        const char *sp = strchr(lines[i], ' ');
        if (sp && !strncmp(sp + 1, op, strlen(op)) && sp[1 + strlen(op)] == ' ')
            return i;
    }
    return -1;
}

START_TEST(two_concurrent_runs_never_interleave)
{
    env_set("CERTREBIND_SIM_LOG", ctx.log);
    env_set("CERTREBIND_LOCK_WAIT_SECONDS", "100");
    /* run A moves OLD's three bindings (three update steps), run B OTHER's one */
    const char *a_args[] = {"--old", OLD, "--new", NEW, NULL};
    const char *b_args[] = {"--socket", "ipport=0.0.0.0:9443", "--new", NEW, NULL};
    const char *a_argv[40], *b_argv[40];
    apply_argv(a_argv, a_args);
    apply_argv(b_argv, b_args);
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1), dup2(devnull, 2);
        execv(a_argv[0], (char *const *)a_argv);
        _exit(127);
    }
    struct run_result r;
    memset(&r, 0, sizeof r);
    run_program(b_argv, TIMEOUT_MS, &r);
    int status = 0;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "run A: status %d", status);
    ck_assert_msg(r.exit_code == 0, "run B: %d %s", r.exit_code, r.err);
    run_result_free(&r);
    /* each run: show (read), store..., its steps, show (verify); never a step or a read of the
     * other inside */
    char *log = read_text(ctx.log);
    char *lines[400];
    int n = 0;
    for (char *s = strtok(log, "\n"); s && n < 400; s = strtok(NULL, "\n"))
        lines[n++] = s;
    int first_step = -1;
    for (int i = 0; i < n && first_step < 0; i++)
        if (strstr(lines[i], " update "))
            first_step = i;
    ck_assert_int_ge(first_step, 0);
    int a_first = strstr(lines[first_step], "9443") == NULL;
    int steps_first = a_first ? 3 : 1;
    for (int i = first_step; i < first_step + steps_first; i++) {
        ck_assert_msg(strstr(lines[i], " update ") != NULL, "line %d: %s", i, lines[i]);
        ck_assert_msg((strstr(lines[i], "9443") == NULL) == a_first, "steps interleave at line %d: %s", i, lines[i]);
    }
    /* the verification of the first run comes before anything of the second */
    int verify = next_op(lines, n, first_step + steps_first, "show");
    ck_assert_int_eq(verify, first_step + steps_first);
    /* then the second run reads (show), and only then changes anything */
    int second_read = next_op(lines, n, verify + 1, "show");
    int second_step = next_op(lines, n, verify + 1, "update");
    ck_assert_int_gt(second_read, verify);
    ck_assert_int_gt(second_step, second_read);
    for (int i = second_step; i < second_step + (a_first ? 1 : 3); i++)
        ck_assert_msg((strstr(lines[i], "9443") != NULL) == a_first, "line %d: %s", i, lines[i]);
    ck_assert_int_eq(next_op(lines, n, second_step + (a_first ? 1 : 3), "update"), -1);
    int a_events = 0;
    char *ev = read_text(ctx.events);
    a_events = (int)count_lines(ev);
    ck_assert_int_eq(a_events, 2);
    ck_assert_ptr_nonnull(strstr(ev, " 1000 Information certrebind apply --old"));
    ck_assert_ptr_nonnull(strstr(ev, " 1000 Information certrebind apply --socket"));
    free(ev);
    free(log);
}
END_TEST
#endif

/* ---------- pure ---------- */

START_TEST(event_ids_levels_and_one_line_records)
{
    ck_assert_uint_eq(event_id_for_exit(EXIT_OK), 1000);
    ck_assert_uint_eq(event_id_for_exit(EXIT_NOTHING), 1001);
    ck_assert_uint_eq(event_id_for_exit(EXIT_FAIL), 1002);
    ck_assert_uint_eq(event_id_for_exit(EXIT_ROLLED_BACK), 1003);
    ck_assert_uint_eq(event_id_for_exit(EXIT_ROLLBACK_FAILED), 1004);
    ck_assert_str_eq(event_level_name(event_level_of(1000)), "Information");
    ck_assert_str_eq(event_level_name(event_level_of(1001)), "Information");
    ck_assert_str_eq(event_level_name(event_level_of(1002)), "Warning");
    ck_assert_str_eq(event_level_name(event_level_of(1003)), "Error");
    ck_assert_str_eq(event_level_name(event_level_of(1004)), "Error");
    ck_assert_str_eq(event_level_name(event_level_of(1005)), "Warning");
    struct event e = {1002, EVENT_WARNING, (char *)"bad\r\n2026-01-01T00:00:00Z 1000 Information forged\tx\x1b[31m \xe2\x80\xae"
                                                  " C:\\ProgramData\\certrebind \xc3\xa9"};
    char *line = event_log_line(0, &e);
    ck_assert_str_eq(line, "1970-01-01T00:00:00Z 1002 Warning bad\\x0d\\x0a2026-01-01T00:00:00Z 1000 Information "
                           "forged\\x09x\\x1b[31m \\u202e C:\\ProgramData\\certrebind \xc3\xa9");
    free(line);
    struct event_list l = {0};
    struct diags d;
    diags_init(&d);
    diag_add(&d, SEV_ERROR, 0, NULL, "netsh said no");
    events_add_run(&l, "apply --auto --days 30", EXIT_FAIL, NULL, NULL, &d);
    ck_assert_uint_eq(l.count, 1);
    ck_assert_str_eq(l.items[0].message, "certrebind apply --auto --days 30: refused; nothing was changed (exit 1). Plan: "
                                         "none. Sockets: none. Backup: none. Error: netsh said no.");
    event_list_free(&l);
    diags_free(&d);
}
END_TEST

Suite *suite_unattended(void)
{
    Suite *s = suite_create("unattended");
    TCase *tc = tcase_create("apply --unattended");
    tcase_set_timeout(tc, 600);
    tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, rebinds_and_records_event_1000);
    tcase_add_test(tc, nothing_to_do_is_quiet_and_records_event_1001);
    tcase_add_test(tc, refused_without_a_key_changes_nothing_and_records_event_1002);
    tcase_add_test(tc, a_failed_step_rolls_back_and_records_event_1003);
    tcase_add_test(tc, the_renewal_run_retries_87_for_the_new_certificate);
    tcase_add_test(tc, expiring_without_renewal_records_event_1005_every_run);
    tcase_add_test(tc, usage_errors);
    tcase_add_test(tc, a_second_run_waits_then_names_the_holder);
#ifndef _WIN32
    tcase_add_test(tc, two_concurrent_runs_never_interleave);
#endif
    suite_add_tcase(s, tc);
    TCase *pure = tcase_create("events");
    tcase_add_test(pure, event_ids_levels_and_one_line_records);
    suite_add_tcase(s, pure);
    return s;
}
