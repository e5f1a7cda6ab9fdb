/* The machine-wide lock of every run that changes the host, end to end: the certrebind binary on
 * the netsh, certutil and appcmd simulators, whose log says for each tool call whether another
 * process held the lock at that moment (CERTREBIND_SIM_LOCK). Interactive apply --yes, restore
 * --yes, bind --yes and unbind --yes run every tool call under the lock; against a lock held by
 * another process each says once whom it waits for, then waits; it gives up with exit 1 naming
 * the holder (under --format json in its one JSON object), having read and changed nothing; and
 * an apply that waited plans on what the holder left and never interleaves a step with it.
 * Runs that change nothing (replays, scripts, runs that cannot be confirmed) take no lock.
 * accept's part (certreq -accept inside the hold) is in test_accept.c. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit_status.h"
#include "platform.h"
#include "testutil.h"

#ifndef _WIN32
#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#define OLD "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"
#define NEW "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17"
#define IIS "{4dc3e181-e14b-4a21-b022-59fc669b0914}"
#define SUBJ "CN=*.northwind-traders.example,%20O=Northwind%20Traders,%20C=US"
#define ISSUER "CN=Fabrikam%20Issuing%20CA%202,%20O=Fabrikam,%20C=US"
#define DNS "*.northwind-traders.example,northwind-traders.example"
#define HOLDER "process 4242, certrebind apply --auto --days 30, since 2026-11-23T03:00:00Z"
#define TIMEOUT_MS 90000

/* OLD on the default site (0.0.0.0:443) and the shop (SNI); NEW, its renewal, in My; Shop Two
 * without HTTPS yet (bind gives it www). */
static const char HOST[] =
    "site name=Default%20Web%20Site id=1 state=Started\n"
    "sitebinding site=Default%20Web%20Site protocol=https info=*:443: sslflags=0\n"
    "site name=Shop id=2 state=Started\n"
    "sitebinding site=Shop protocol=https info=*:443:shop.northwind-traders.example sslflags=1\n"
    "site name=Shop%20Two id=3 state=Started\n"
    "sitebinding site=Shop%20Two protocol=http info=*:80:www.northwind-traders.example\n"
    "binding ipport=0.0.0.0:443 certhash=" OLD " appid=" IIS " certstorename=MY\n"
    "binding hostnameport=shop.northwind-traders.example:443 certhash=" OLD " appid=" IIS " certstorename=MY\n"
    "cert store=My sha1=" OLD " haskey=1 notbefore=2025-12-01T09:00:00Z notafter=2026-12-05T08:59:00Z subject=" SUBJ
    " issuer=" ISSUER " serial=3a00000019 dns=" DNS "\n"
    "cert store=My sha1=" NEW " haskey=1 notbefore=2026-11-02T09:00:00Z notafter=2027-12-07T08:59:00Z subject=" SUBJ
    " issuer=" ISSUER " serial=3a0000002b dns=" DNS "\n";

static const char *const env_vars[] = {"CERTREBIND_SIM_STATE", "CERTREBIND_SIM_LOG", "CERTREBIND_SIM_LOCK",
                                       "CERTREBIND_LOCK_WAIT_SECONDS"};

static char *tmp;
static char state[1024], bk[1024], simlog[1024], lockfile[1100];

static void setup(void)
{
    ck_assert_msg(file_exists(SIM_NETSH) && file_exists(SIM_CERTUTIL) && file_exists(SIM_APPCMD), "simulators not built");
    for (size_t i = 0; i < sizeof env_vars / sizeof env_vars[0]; i++)
        env_unset(env_vars[i]);
    tmp = make_temp_dir();
    snprintf(state, sizeof state, "%s" SEP "state", tmp);
    snprintf(bk, sizeof bk, "%s" SEP "backups", tmp);
    snprintf(simlog, sizeof simlog, "%s" SEP "sim.log", tmp);
    snprintf(lockfile, sizeof lockfile, "%s" SEP "certrebind.lock", bk);
    ck_assert_int_eq(write_file(state, HOST, strlen(HOST)), 0);
    env_set("CERTREBIND_SIM_STATE", state);
    env_set("CERTREBIND_SIM_LOG", simlog);
    env_set("CERTREBIND_SIM_LOCK", lockfile);
}

static void teardown(void)
{
    for (size_t i = 0; i < sizeof env_vars / sizeof env_vars[0]; i++)
        env_unset(env_vars[i]);
    rm_rf(tmp);
    free(tmp);
}

/* ---------- helpers ---------- */

static char *read_text(const char *path)
{
    size_t n;
    char *p = (char *)file_read_all(path, &n);
    return p ? p : calloc(1, 1);
}

/* The argv of certrebind VERB ARGS... on the simulators (--yes and the backup folder included). */
static void argv_of(const char **argv, const char *verb, const char *const *args)
{
    const char *b = getenv("CERTREBIND_BIN");
    const char *fixed[] = {b && *b ? b : BUILD_DIR "/certrebind" EXE, verb, "--netsh", SIM_NETSH, "--backup-dir", bk};
    size_t n = 0;
    for (; n < sizeof fixed / sizeof fixed[0]; n++)
        argv[n] = fixed[n];
    if (strcmp(verb, "restore") != 0) /* restore reads no certificate */
        argv[n++] = "--certutil", argv[n++] = SIM_CERTUTIL;
    int bind = !strcmp(verb, "bind") || !strcmp(verb, "unbind");
    if (bind) {
        argv[n++] = "--appcmd";
        argv[n++] = SIM_APPCMD;
    }
    if (bind || !strcmp(verb, "apply"))
        argv[n++] = "--now", argv[n++] = "2026-11-23";
    for (size_t i = 0; args[i]; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
}

static int crb(struct run_result *r, const char *verb, const char *const *args)
{
    const char *argv[40];
    argv_of(argv, verb, args);
    memset(r, 0, sizeof *r);
    run_program(argv, TIMEOUT_MS, r);
    ck_assert_msg(r->started && !r->timed_out, "cannot run %s: %s", argv[0], r->error ? r->error : "?");
    return r->exit_code;
}

static const char *text(const unsigned char *s) { return s ? (const char *)s : ""; }

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Every line of the simulator log ends with " locked": each tool call ran while the lock was
 * held (by the certrebind that started it). Returns the number of lines; clears the log. */
static size_t all_calls_locked(const char *what)
{
    char *log = read_text(simlog);
    size_t lines = 0;
    for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n"), lines++) {
        size_t len = strlen(line);
        ck_assert_msg(len > 7 && !strcmp(line + len - 7, " locked"), "%s: a tool ran without the lock: %s", what, line);
    }
    free(log);
    remove(simlog);
    return lines;
}

/* The backup path a run printed after `label`. Caller frees. */
static char *backup_path(const struct run_result *r, const char *label)
{
    const char *p = strstr(text(r->out), label);
    ck_assert_msg(p != NULL, "no '%s' in %s", label, text(r->out));
    p += strlen(label);
    size_t len = strcspn(p, "\r\n");
    char *path = malloc(len + 1);
    memcpy(path, p, len);
    path[len] = '\0';
    return path;
}

/* The test process holds the lock, as another certrebind run would. */
static void hold_lock(void)
{
    char *err = NULL, *held = NULL;
    ck_assert_msg(make_directories(bk, &err) == 0, "%s", err ? err : "");
    ck_assert_int_eq(machine_lock_take(lockfile, HOLDER, 0, &held, &err), 0);
}

/* ---------- every tool call under the lock ---------- */

START_TEST(every_changing_command_runs_each_tool_under_the_lock)
{
    struct run_result r;
    const char *apply[] = {"--old", OLD, "--new", NEW, "--yes", NULL};
    int rc = crb(&r, "apply", apply);
    ck_assert_msg(rc == 0, "apply: exit %d %s%s", rc, text(r.out), text(r.err));
    char *backup = backup_path(&r, "Backup of the current bindings: ");
    run_result_free(&r);
    /* read, steps, read back: all of them */
    ck_assert_uint_ge(all_calls_locked("apply --yes"), 4);

    const char *restore[] = {backup, "--yes", NULL};
    rc = crb(&r, "restore", restore);
    ck_assert_msg(rc == 0, "restore: exit %d %s%s", rc, text(r.out), text(r.err));
    run_result_free(&r);
    ck_assert_uint_ge(all_calls_locked("restore --yes"), 4);

    const char *site[] = {"--site", "Shop Two", "--host", "www.northwind-traders.example", "--yes", NULL};
    rc = crb(&r, "bind", site);
    ck_assert_msg(rc == 0, "bind: exit %d %s%s", rc, text(r.out), text(r.err));
    char *bind_backup = backup_path(&r, "Backup of the current bindings and IIS sites: ");
    run_result_free(&r);
    ck_assert_uint_ge(all_calls_locked("bind --yes"), 4);
    /* restore of a bind backup: appcmd for the IIS site bindings, netsh for HTTP.sys */
    const char *undo_bind[] = {bind_backup, "--yes", "--appcmd", SIM_APPCMD, NULL};
    rc = crb(&r, "restore", undo_bind);
    ck_assert_msg(rc == 0, "restore of the bind backup: exit %d %s%s", rc, text(r.out), text(r.err));
    run_result_free(&r);
    ck_assert_uint_ge(all_calls_locked("restore --yes of a bind backup"), 4);
    char *after_undo = read_text(state);
    ck_assert_msg(!strstr(after_undo, "www.northwind-traders.example:443"), "%s", after_undo);
    free(after_undo);
    rc = crb(&r, "bind", site);
    ck_assert_msg(rc == 0, "bind again: exit %d %s%s", rc, text(r.out), text(r.err));
    run_result_free(&r);
    remove(simlog);
    rc = crb(&r, "unbind", site);
    ck_assert_msg(rc == 0, "unbind: exit %d %s%s", rc, text(r.out), text(r.err));
    run_result_free(&r);
    ck_assert_uint_ge(all_calls_locked("unbind --yes"), 4);
    /* the lock was released at the end of each run: the test can take it now */
    hold_lock();
    machine_lock_release();
    free(bind_backup);
    free(backup);
}
END_TEST

/* ---------- a held lock: wait, say so once, give up naming the holder ---------- */

/* The run gave up on the lock: exit 1, "waiting ..." once on stderr, the holder named, nothing
 * read or changed. */
static void assert_gave_up(const struct run_result *r, const char *what, const char *state_before)
{
    ck_assert_msg(r->exit_code == EXIT_FAIL, "%s: exit %d, wanted 1: %s%s", what, r->exit_code, text(r->out), text(r->err));
    const char *err = text(r->err);
    ck_assert_msg(count_of(err, "waiting for the lock held by " HOLDER " (up to 1 s)") == 1, "%s: %s", what, err);
    ck_assert_msg(strstr(err, "still held it after 1 s: " HOLDER "; nothing was changed"), "%s: %s", what, err);
    char *log = read_text(simlog);
    ck_assert_msg(log[0] == '\0', "%s ran tools without the lock:\n%s", what, log);
    free(log);
    char *now = read_text(state);
    ck_assert_msg(!strcmp(now, state_before), "%s changed the machine:\n%s", what, now);
    free(now);
}

START_TEST(a_held_lock_makes_each_changing_command_wait_then_name_its_holder)
{
    struct run_result r;
    /* a backup to restore, made before the lock is taken */
    const char *apply[] = {"--old", OLD, "--new", NEW, "--yes", NULL};
    ck_assert_int_eq(crb(&r, "apply", apply), 0);
    char *backup = backup_path(&r, "Backup of the current bindings: ");
    run_result_free(&r);
    remove(simlog);
    char *before = read_text(state);
    hold_lock();
    env_set("CERTREBIND_LOCK_WAIT_SECONDS", "1");
    const char *back[] = {"--old", NEW, "--new", OLD, "--yes", "--force", NULL};
    crb(&r, "apply", back);
    assert_gave_up(&r, "apply --yes", before);
    run_result_free(&r);
    const char *restore[] = {backup, "--yes", NULL};
    crb(&r, "restore", restore);
    assert_gave_up(&r, "restore --yes", before);
    run_result_free(&r);
    const char *site[] = {"--site", "Shop Two", "--host", "www.northwind-traders.example", "--yes", NULL};
    crb(&r, "bind", site);
    assert_gave_up(&r, "bind --yes", before);
    run_result_free(&r);
    crb(&r, "unbind", site);
    assert_gave_up(&r, "unbind --yes", before);
    run_result_free(&r);

    /* --format json: the same error in the one object on stdout; the wait is said on stderr */
    const char *json[] = {"--old", NEW, "--new", OLD, "--yes", "--force", "--format", "json", NULL};
    crb(&r, "apply", json);
    assert_gave_up(&r, "apply --format json", before);
    const char *out = text(r.out);
    ck_assert_msg(out[0] == '{' && count_of(out, "\n{") == 0 && strstr(out, "\"exit\": 1"), "%s", out);
    ck_assert_msg(strstr(out, "still held it after 1 s: " HOLDER), "%s", out);
    ck_assert_msg(!strstr(out, "waiting for the lock"), "%s", out);
    run_result_free(&r);
    const char *bind_json[] = {"--site", "Shop Two", "--host", "www.northwind-traders.example", "--yes",
                               "--format", "json", NULL};
    crb(&r, "bind", bind_json);
    assert_gave_up(&r, "bind --format json", before);
    ck_assert_msg(text(r.out)[0] == '{' && strstr(text(r.out), "still held it after 1 s: " HOLDER), "%s", text(r.out));
    run_result_free(&r);

    /* what changes nothing needs no lock: a plan shown without a way to confirm it (no --yes, no
     * terminal), bind's script */
    env_set("CERTREBIND_LOCK_WAIT_SECONDS", "30");
    const char *unconfirmed[] = {"--old", NEW, "--new", OLD, "--force", NULL};
    ck_assert_int_eq(crb(&r, "apply", unconfirmed), EXIT_FAIL);
    ck_assert_msg(strstr(text(r.err), "not a terminal") && !strstr(text(r.err), "waiting for the lock"), "%s",
                  text(r.err));
    run_result_free(&r);
    const char *script[] = {"--site", "Shop Two", "--host", "www.northwind-traders.example", "--format", "cmd", NULL};
    ck_assert_int_eq(crb(&r, "bind", script), 0);
    ck_assert_msg(!strstr(text(r.err), "waiting for the lock"), "%s", text(r.err));
    run_result_free(&r);
    machine_lock_release();
    char *after = read_text(state);
    ck_assert_ptr_nonnull(strstr(after, "binding ipport=0.0.0.0:443 certhash=" NEW));
    free(after);
    free(before);
    free(backup);
}
END_TEST

#ifndef _WIN32
/* ---------- an interactive apply waits for the holder and plans on what it left ---------- */

START_TEST(an_interactive_apply_waits_and_never_interleaves_with_the_holder)
{
    char errfile[1200], outfile[1200];
    snprintf(errfile, sizeof errfile, "%s" SEP "apply.err", tmp);
    snprintf(outfile, sizeof outfile, "%s" SEP "apply.out", tmp);
    hold_lock();
    env_set("CERTREBIND_LOCK_WAIT_SECONDS", "100");
    const char *args[] = {"--old", OLD, "--new", NEW, "--yes", NULL};
    const char *argv[40];
    argv_of(argv, "apply", args);
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        int out = open(outfile, O_WRONLY | O_CREAT | O_TRUNC, 0600), err = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(out, 1), dup2(err, 2);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    /* it says whom it waits for, and has run nothing */
    char *said = NULL;
    for (int i = 0; i < 600; i++) {
        free(said);
        said = read_text(errfile);
        if (strstr(said, "waiting for the lock"))
            break;
        int status;
        ck_assert_msg(waitpid(child, &status, WNOHANG) == 0, "apply did not wait: it ended (stderr: %s)", said);
        sleep_ms(100);
    }
    ck_assert_msg(strstr(said, "waiting for the lock held by " HOLDER " (up to 100 s)"), "%s", said);
    free(said);
    char *log = read_text(simlog);
    ck_assert_msg(log[0] == '\0', "the waiting apply ran tools:\n%s", log);
    free(log);
    /* the holder's own step: it moves the default site to NEW */
    const char *step[] = {SIM_NETSH, "http", "update", "sslcert", "ipport=0.0.0.0:443", "certhash=" NEW, "appid=" IIS,
                          "certstorename=MY", NULL};
    struct run_result r;
    ck_assert_int_eq(run_program(step, TIMEOUT_MS, &r), 0);
    ck_assert_msg(r.exit_code == 0, "%s", text(r.out));
    run_result_free(&r);
    machine_lock_release();
    int status = 0;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    char *out = read_text(outfile), *err = read_text(errfile);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d: %s%s", status, out, err);
    ck_assert_msg(count_of(err, "waiting for the lock") == 1, "%s", err);
    /* planned on what the holder left: only the shop was still on OLD */
    ck_assert_msg(strstr(out, "Done: 1 binding(s) rebound and verified"), "%s", out);
    /* the log: the holder's step first, then the apply's read, its one step, its read back */
    log = read_text(simlog);
    char *lines[100];
    int n = 0;
    for (char *s = strtok(log, "\n"); s && n < 100; s = strtok(NULL, "\n"))
        lines[n++] = s;
    ck_assert_int_ge(n, 4);
    ck_assert_msg(strstr(lines[0], " update ipport=0.0.0.0:443 ok locked"), "first: %s", lines[0]);
    ck_assert_msg(strstr(lines[1], " show ") || strstr(lines[1], " store "), "the apply did not read first: %s", lines[1]);
    int updates = 0;
    for (int i = 1; i < n; i++) {
        ck_assert_msg(!strstr(lines[i], "ipport=0.0.0.0:443"), "the apply touched the holder's socket: %s", lines[i]);
        ck_assert_msg(strstr(lines[i], " locked"), "the apply ran a tool without the lock: %s", lines[i]);
        updates += strstr(lines[i], " update hostnameport=shop.northwind-traders.example:443 ok") != NULL;
    }
    ck_assert_int_eq(updates, 1);
    free(log);
    free(out);
    free(err);
    char *after = read_text(state);
    ck_assert_ptr_null(strstr(after, "certhash=" OLD));
    free(after);
}
END_TEST
#endif

Suite *suite_lock(void)
{
    Suite *s = suite_create("lock");
    TCase *tc = tcase_create("machine-wide lock");
    tcase_set_timeout(tc, 600);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, every_changing_command_runs_each_tool_under_the_lock);
    tcase_add_test(tc, a_held_lock_makes_each_changing_command_wait_then_name_its_holder);
#ifndef _WIN32
    tcase_add_test(tc, an_interactive_apply_waits_and_never_interleaves_with_the_holder);
#endif
    suite_add_tcase(s, tc);
    return s;
}
