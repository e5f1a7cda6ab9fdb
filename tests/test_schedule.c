/* `certrebind schedule`: the task XML (golden files tests/golden/task-*.xml, the exact bytes of the
 * files schtasks gets, UTF-16LE with a BOM; UPDATE_GOLDEN=1 rewrites them; tests/cli/run.sh checks
 * them with xmllint and compares them with what `schedule install --print` writes), the
 * reader schedule show uses (our own tasks, IIS's own rebind task, hostile input), and end to end
 * on the simulators: install with the schtasks simulator, read the task's action back, substitute
 * the values of an event 1001 as Task Scheduler does (lowercase thumbprints) and run it against the
 * netsh and certutil simulators; show, remove, and the refusals (a program others can replace,
 * access denied). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline_model.h"
#include "exit_status.h"
#include "platform.h"
#include "task_xml.h"
#include "testutil.h"

#ifndef _WIN32
#include <sys/stat.h>
#endif

#define GOLDEN_DIR FIXTURES_DIR "/../tests/golden/"
#define WIN_EXE "C:\\Program Files\\certrebind\\certrebind.exe"
#define TIMEOUT_MS 120000

/* ---------- the XML ---------- */

static void check_golden(const char *xml, const char *golden)
{
    char path[1024];
    snprintf(path, sizeof path, GOLDEN_DIR "%s", golden);
    size_t len;
    unsigned char *bytes = task_xml_utf16(xml, &len);
    const char *update = getenv("UPDATE_GOLDEN");
    if (update && !strcmp(update, "1"))
        ck_assert_int_eq(write_file(path, bytes, len), 0);
    size_t n;
    unsigned char *want = file_read_all(path, &n);
    ck_assert_msg(want != NULL, "%s missing (UPDATE_GOLDEN=1 writes it)", path);
    ck_assert_msg(n == len && !memcmp(want, bytes, n), "%s differs:\n%s", golden, xml);
    free(want);
    free(bytes);
}

START_TEST(golden_task_files)
{
    char *a = task_xml_on_renewal(WIN_EXE, NULL);
    char *b = task_xml_daily(WIN_EXE, 30, 3, 0, NULL);
    struct task_options to = {"D:\\certrebind\\backups\\", "D:\\logs\\certrebind events.log"};
    char *c = task_xml_daily("\\\\fs01\\tools\\certrebind.exe", 21, 4, 30, &to);
    check_golden(a, "task-on-renewal.xml");
    check_golden(b, "task-daily.xml");
    check_golden(c, "task-daily-options.xml");
    /* CRLF everywhere, no bare LF */
    for (const char *p = a; *p; p++)
        ck_assert_msg(*p != '\n' || (p > a && p[-1] == '\r'), "bare LF at %td", p - a);
    free(a);
    free(b);
    free(c);
}
END_TEST

START_TEST(utf16le_with_bom)
{
    /* ASCII, a Latin-1 letter and a character outside the BMP (a surrogate pair) */
    const char *s = "<a>\xc3\xa4\xf0\x9f\x94\x92</a>";
    size_t n;
    unsigned char *u = task_xml_utf16(s, &n);
    static const unsigned char want[] = {0xFF, 0xFE, '<', 0, 'a', 0, '>', 0, 0xE4, 0x00, 0x3D, 0xD8, 0x12, 0xDD,
                                         '<', 0,    '/', 0, 'a', 0, '>', 0};
    ck_assert_uint_eq(n, sizeof want);
    ck_assert(!memcmp(u, want, n));
    free(u);
}
END_TEST

START_TEST(exe_paths_and_arguments)
{
    ck_assert_ptr_null(task_exe_problem(WIN_EXE, 0));
    ck_assert_ptr_null(task_exe_problem("\\\\fs01\\tools\\certrebind.exe", 0));
    ck_assert_ptr_nonnull(task_exe_problem("certrebind.exe", 0));
    ck_assert_ptr_nonnull(task_exe_problem("C:certrebind.exe", 0));
    ck_assert_ptr_nonnull(task_exe_problem("/opt/certrebind", 0));
    ck_assert_ptr_null(task_exe_problem("/opt/certrebind", 1));
    ck_assert_ptr_nonnull(task_exe_problem("\\\\?\\C:\\x.exe", 0));
    ck_assert_ptr_nonnull(task_exe_problem("C:\\%TEMP%\\x.exe", 0));
    ck_assert_ptr_nonnull(task_exe_problem("C:\\a\"b\\x.exe", 0));
    ck_assert_ptr_nonnull(task_exe_problem("C:\\a\nb\\x.exe", 0));
    ck_assert_ptr_nonnull(task_arg_path_problem("C:\\$(OldCertHash)", 0));
    ck_assert_ptr_null(task_arg_path_problem("C:\\$x\\(y)", 0));
    /* the program reads each quoted argument back as it was (the C runtime's rules) */
    const char *paths[] = {"C:\\a b\\", "C:\\a\\\\", "C:\\R&D\\x", "\\\\srv\\share\\d\\"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        char *q = task_quote_argument(paths[i]);
        size_t argc = 0;
        const char *err = NULL;
        char **argv = cmdm_split_args(q, &argc, &err);
        ck_assert_msg(argv && argc == 1, "%s: %s", q, err ? err : "split");
        ck_assert_str_eq(argv[0], paths[i]);
        cmdm_argv_free(argv);
        free(q);
    }
}
END_TEST

static void read_xml(const unsigned char *b, size_t n, struct task_info *t)
{
    char *err = NULL;
    ck_assert_msg(task_xml_read(b, n, t, &err) == 0, "%s", err ? err : "");
}

START_TEST(reads_its_own_tasks_in_every_encoding)
{
    struct task_options to = {"D:\\b\\", NULL};
    char *xml = task_xml_on_renewal("C:\\R&D <x>\\certrebind.exe", &to);
    size_t n;
    unsigned char *u16 = task_xml_utf16(xml, &n);
    for (int enc = 0; enc < 2; enc++) {
        struct task_info t;
        if (enc)
            read_xml(u16, n, &t);
        else
            read_xml((const unsigned char *)xml, strlen(xml), &t);
        ck_assert_str_eq(t.uri, "\\certrebind\\on-renewal");
        ck_assert(t.event_trigger && !t.calendar_trigger);
        ck_assert_str_eq(t.event_channel, LIFECYCLE_CHANNEL);
        ck_assert_str_eq(t.event_select, "*[System[EventID=1001]]");
        ck_assert_str_eq(t.value_old, "Event/UserData/CertNotificationData/OldCertificateDetails/@Thumbprint");
        ck_assert_str_eq(t.value_new, "Event/UserData/CertNotificationData/NewCertificateDetails/@Thumbprint");
        ck_assert_str_eq(t.command, "\"C:\\R&D <x>\\certrebind.exe\"");
        ck_assert_str_eq(t.arguments, "apply --old $(OldCertHash) --new $(NewCertHash) --yes --unattended --backup-dir \"D:\\b\\\\\"");
        ck_assert_str_eq(t.user_id, "S-1-5-18");
        ck_assert_str_eq(t.run_level, "HighestAvailable");
        ck_assert_str_eq(t.multiple_instances, "Queue");
        ck_assert_str_eq(t.execution_time_limit, "PT1H");
        ck_assert_str_eq(t.start_when_available, "true");
        task_info_free(&t);
    }
    free(u16);
    free(xml);
    xml = task_xml_daily(WIN_EXE, 7, 23, 59, NULL);
    struct task_info t;
    read_xml((const unsigned char *)xml, strlen(xml), &t);
    ck_assert(t.calendar_trigger && !t.event_trigger);
    ck_assert_str_eq(t.start_boundary, "2020-01-01T23:59:00");
    ck_assert_str_eq(t.random_delay, "PT1H");
    ck_assert_int_eq(t.days_interval, 1);
    ck_assert_str_eq(t.arguments, "apply --auto --days 7 --yes --unattended");
    task_info_free(&t);
    free(xml);
}
END_TEST

/* IIS's own Certificate Rebind task subscribes to the same event with the same value queries. */
START_TEST(same_trigger_as_iis_certificate_rebind)
{
    size_t n;
    unsigned char *iis = fixture_read("schtasks-iis-autocertrebind/iis-autocertrebind-task.xml", &n);
    ck_assert(n > 2 && iis[0] == 0xFF && iis[1] == 0xFE);
    struct task_info a, b;
    read_xml(iis, n, &a);
    char *ours = task_xml_on_renewal(WIN_EXE, NULL);
    read_xml((const unsigned char *)ours, strlen(ours), &b);
    ck_assert_str_eq(a.uri, "\\Microsoft\\Windows\\CertificateServicesClient\\IIS-AutoCertRebind");
    ck_assert_str_eq(a.event_channel, b.event_channel);
    ck_assert_str_eq(a.event_select, b.event_select);
    ck_assert_str_eq(a.value_old, b.value_old);
    ck_assert_str_eq(a.value_new, b.value_new);
    ck_assert_str_eq(a.user_id, b.user_id);
    ck_assert_str_eq(a.run_level, b.run_level);
    ck_assert_str_eq(a.multiple_instances, b.multiple_instances);
    ck_assert_str_eq(a.execution_time_limit, b.execution_time_limit);
    ck_assert_str_eq(a.command, "%SystemRoot%\\System32\\inetsrv\\appcmd.exe");
    ck_assert_str_eq(a.arguments, "renew binding /oldcert:$(OldCertHash) /newcert:$(NewCertHash)");
    /* where the two differ: IIS does not start a missed run late */
    ck_assert_str_eq(a.start_when_available, "false");
    ck_assert_str_eq(b.start_when_available, "true");
    task_info_free(&a);
    task_info_free(&b);
    free(ours);
    free(iis);
}
END_TEST

START_TEST(hostile_task_xml)
{
    static const char *const inputs[] = {
        "",
        "not xml at all",
        "<Task",
        "<Task><Actions><Exec><Command>x",
        "<Tasks><!-- \\certrebind\\daily --><Task version=\"1.2\"><Actions><Exec><Command>&#x43;&#58;\\x&#0;&#xD800;&#99999999;&bogus;</Command></Exec></Actions></Task></Tasks>",
        "<Task/>",
        "<Task><Triggers><EventTrigger><Subscription>&lt;Select Path=&apos;x",
        "<Task><Triggers><EventTrigger><ValueQueries><Value name=\"OldCertHash\">a</Value><Value name=\"OldCertHash\">b</Value><Value name=OldCertHash>c</Value></ValueQueries></EventTrigger></Triggers></Task>",
    };
    const int ok[] = {0, 0, 0, 0, 1, 0, 0, 1};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        struct task_info t;
        char *err = NULL;
        int rc = task_xml_read((const unsigned char *)inputs[i], strlen(inputs[i]), &t, &err);
        ck_assert_msg((rc == 0) == ok[i], "input %zu: %d %s", i, rc, err ? err : "");
        if (i == 4)
            ck_assert_str_eq(t.command, "C:\\x&#0;&#xD800;&#99999999;&bogus;");
        if (i == 7)
            ck_assert_str_eq(t.value_old, "a");
        task_info_free(&t);
        free(err);
    }
    /* binary: every byte value, and UTF-16 without a BOM */
    unsigned char bin[512];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(i * 37);
    struct task_info t;
    char *err = NULL;
    ck_assert_int_eq(task_xml_read(bin, sizeof bin, &t, &err), -1);
    free(err);
    task_info_free(&t);
}
END_TEST

/* ---------- end to end on the simulators ---------- */

#define OLD "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"
#define NEW "9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c"
#define NOKEY "c0ffee0000000000000000000000000000000001"
#define UNBOUND "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12"
#define IIS_APPID "{4dc3e181-e14b-4a21-b022-59fc669b0914}"

static const char seed[] =
    "binding ipport=0.0.0.0:443 certhash=" OLD " appid=" IIS_APPID " certstorename=MY\n"
    "binding hostnameport=shop.northwind-traders.example:443 certhash=" OLD " appid=" IIS_APPID " certstorename=MY\n"
    "cert store=My sha1=" OLD " haskey=1 notbefore=2025-12-01T00:00:00Z notafter=2027-12-15T00:00:00Z"
    " subject=CN=*.northwind-traders.example issuer=CN=Fabrikam%20CA serial=0a1b2c"
    " dns=*.northwind-traders.example,northwind-traders.example\n"
    "cert store=My sha1=" NEW " haskey=1 notbefore=2026-01-20T00:00:00Z notafter=2028-12-20T00:00:00Z"
    " subject=CN=*.northwind-traders.example issuer=CN=Fabrikam%20CA serial=0a1b3c"
    " dns=*.northwind-traders.example,northwind-traders.example\n"
    "cert store=My sha1=" NOKEY " haskey=0 notbefore=2026-01-20T00:00:00Z notafter=2028-12-20T00:00:00Z"
    " subject=CN=*.northwind-traders.example issuer=CN=Fabrikam%20CA serial=0a1b4c"
    " dns=*.northwind-traders.example,northwind-traders.example\n"
    "cert store=My sha1=" UNBOUND " haskey=1 notbefore=2025-11-20T00:00:00Z notafter=2028-12-20T00:00:00Z"
    " subject=CN=intranet.example issuer=CN=Fabrikam%20CA serial=0a1b5c dns=intranet.example\n";

static const char *const sim_vars[] = {"CERTREBIND_SIM_STATE", "CERTREBIND_SIM_LOG", "CERTREBIND_SIM_FAIL", "CERTREBIND_SIM_SCHTASKS_DENIED",
                                       "CERTREBIND_SIM_SCHTASKS_XML"};

static void env_clear(void)
{
    for (size_t i = 0; i < sizeof sim_vars / sizeof sim_vars[0]; i++)
        env_unset(sim_vars[i]);
}

static char *base_dir;
static struct {
    char dir[4096], state[4200], bk[4200], events[4200], bin[4200], exe[4300];
} ctx;

static void base_setup(void) { base_dir = make_temp_dir(); }
static void base_teardown(void)
{
    rm_rf(base_dir);
    free(base_dir);
    base_dir = NULL;
}

static const char *certrebind_bin(void)
{
    const char *b = getenv("CERTREBIND_BIN");
    return b && *b ? b : BUILD_DIR "/certrebind" EXE;
}

static void setup(void)
{
    ck_assert_msg(file_exists(SIM_SCHTASKS) && file_exists(SIM_NETSH), "simulators not built");
    env_clear();
    snprintf(ctx.dir, sizeof ctx.dir, "%s" SEP "case", base_dir);
    rm_rf(ctx.dir);
    char *err = NULL;
    ck_assert_msg(make_directories(ctx.dir, &err) == 0, "%s", err ? err : "");
    snprintf(ctx.state, sizeof ctx.state, "%s" SEP "state", ctx.dir);
    snprintf(ctx.bk, sizeof ctx.bk, "%s" SEP "backups", ctx.dir);
    snprintf(ctx.events, sizeof ctx.events, "%s" SEP "events.log", ctx.dir);
    snprintf(ctx.bin, sizeof ctx.bin, "%s" SEP "bin", ctx.dir);
    snprintf(ctx.exe, sizeof ctx.exe, "%s" SEP "certrebind" EXE, ctx.bin);
    ck_assert_int_eq(write_file(ctx.state, seed, strlen(seed)), 0);
    env_set("CERTREBIND_SIM_STATE", ctx.state);
    /* the program the tasks run: a copy only its owner may change */
    ck_assert_msg(make_directories(ctx.bin, &err) == 0, "%s", err ? err : "");
    size_t n;
    unsigned char *b = file_read_all(certrebind_bin(), &n);
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(write_file(ctx.exe, b, n), 0);
    free(b);
#ifndef _WIN32
    ck_assert_int_eq(chmod(ctx.bin, 0755), 0);
    ck_assert_int_eq(chmod(ctx.exe, 0755), 0);
#endif
}

static void teardown(void)
{
    env_clear();
    rm_rf(ctx.dir);
}

static int run(struct run_result *r, const char *const *argv)
{
    memset(r, 0, sizeof *r);
    run_program(argv, TIMEOUT_MS, r);
    ck_assert_msg(r->started, "cannot run %s: %s", argv[0], r->error ? r->error : "?");
    return r->exit_code;
}

static int schedule(struct run_result *r, const char *verb, const char *const *more)
{
    const char *argv[24] = {certrebind_bin(), "schedule", verb, "--schtasks", SIM_SCHTASKS};
    size_t n = 5;
    for (size_t i = 0; more && more[i]; i++)
        argv[n++] = more[i];
    argv[n] = NULL;
    return run(r, argv);
}

static int install(struct run_result *r)
{
    const char *more[] = {"--exe", ctx.exe, "--backup-dir", ctx.bk, "--event-log", ctx.events, NULL};
    return schedule(r, "install", more);
}

#ifndef _WIN32 /* installing needs a program only administrators can change: Wine cannot say so */
/* The task as schtasks shows it. */
static void query_task(const char *name, struct task_info *t)
{
    const char *argv[] = {SIM_SCHTASKS, "/query", "/tn", name, "/xml", NULL};
    struct run_result r;
    ck_assert_int_eq(run(&r, argv), 0);
    read_xml(r.out, r.out_len, t);
    run_result_free(&r);
}

/* What Task Scheduler starts for the task when event 1001 says old -> new: $(OldCertHash) and
 * $(NewCertHash) replaced by the event's values, the command line split as the program's C runtime
 * splits it. The tools the test cannot configure through the task (--netsh, --certutil, --now)
 * are appended. Returns its exit status. */
static int run_task_action(const char *name, const char *old_hash, const char *new_hash, struct run_result *r)
{
    struct task_info t;
    query_task(name, &t);
    ck_assert_ptr_nonnull(t.command);
    ck_assert_ptr_nonnull(t.arguments);
    char line[8192], *o = line;
    for (const char *p = t.arguments; *p;) {
        if (!strncmp(p, "$(OldCertHash)", 14)) {
            o += sprintf(o, "%s", old_hash);
            p += 14;
        } else if (!strncmp(p, "$(NewCertHash)", 14)) {
            o += sprintf(o, "%s", new_hash);
            p += 14;
        } else {
            *o++ = *p++;
        }
    }
    *o = 0;
    size_t argc = 0;
    const char *err = NULL;
    char **args = cmdm_split_args(line, &argc, &err);
    ck_assert_msg(args != NULL, "%s: %s", line, err ? err : "");
    size_t cl = strlen(t.command);
    ck_assert(cl > 2 && t.command[0] == '"' && t.command[cl - 1] == '"');
    char program[4400];
    snprintf(program, sizeof program, "%.*s", (int)(cl - 2), t.command + 1);
    ck_assert_str_eq(program, ctx.exe);
    const char *argv[40] = {program};
    size_t n = 1;
    for (size_t i = 0; i < argc; i++)
        argv[n++] = args[i];
    const char *tools[] = {"--netsh", SIM_NETSH, "--certutil", SIM_CERTUTIL, "--now", "2026-11-23"};
    for (size_t i = 0; i < 6; i++)
        argv[n++] = tools[i];
    argv[n] = NULL;
    int rc = run(r, argv);
    cmdm_argv_free(args);
    task_info_free(&t);
    return rc;
}

static char *read_text(const char *path)
{
    size_t n;
    char *p = (char *)file_read_all(path, &n);
    return p ? p : strdup("");
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static char *show_sslcert(void)
{
    const char *argv[] = {SIM_NETSH, "http", "show", "sslcert", NULL};
    struct run_result r;
    ck_assert_int_eq(run(&r, argv), 0);
    char *text = (char *)r.out;
    r.out = NULL;
    run_result_free(&r);
    return text;
}

START_TEST(install_then_the_event_runs_the_task)
{
    struct run_result r;
    int rc = install(&r);
    ck_assert_msg(rc == 0, "install: exit %d %s", rc, r.err);
    run_result_free(&r);
    /* the event's thumbprints arrive lowercase; a key-less renewal is refused, nothing changed */
    char *before = show_sslcert();
    ck_assert_int_eq(run_task_action(TASK_ON_RENEWAL, OLD, NOKEY, &r), EXIT_FAIL);
    run_result_free(&r);
    char *after = show_sslcert();
    ck_assert_str_eq(before, after);
    free(after);
    char *ev = read_text(ctx.events);
    ck_assert_uint_eq(count_lines(ev), 1);
    ck_assert_ptr_nonnull(strstr(ev, " 1002 Warning certrebind apply --old " OLD " --new " NOKEY));
    free(ev);
    /* a renewed certificate nothing is bound to: nothing to do, quietly */
    ck_assert_int_eq(run_task_action(TASK_ON_RENEWAL, UNBOUND, NEW, &r), EXIT_NOTHING);
    ck_assert_uint_eq(r.out_len + r.err_len, 0);
    run_result_free(&r);
    ev = read_text(ctx.events);
    ck_assert_uint_eq(count_lines(ev), 2);
    ck_assert_ptr_nonnull(strstr(ev, " 1001 Information certrebind apply --old " UNBOUND));
    free(ev);
    /* the renewal: both bindings move, one event */
    ck_assert_int_eq(run_task_action(TASK_ON_RENEWAL, OLD, NEW, &r), EXIT_OK);
    run_result_free(&r);
    after = show_sslcert();
    ck_assert_ptr_null(strstr(after, OLD));
    ck_assert_ptr_nonnull(strstr(after, NEW));
    free(after);
    ev = read_text(ctx.events);
    ck_assert_uint_eq(count_lines(ev), 3);
    ck_assert_ptr_nonnull(strstr(ev, " 1000 Information certrebind apply --old " OLD " --new " NEW));
    free(ev);
    /* the backups went where the task says */
    char **names = NULL, *err = NULL;
    ck_assert_int_eq(list_directory(ctx.bk, ".backup", &names, &err), 0);
    ck_assert_ptr_nonnull(names[0]);
    for (size_t i = 0; names[i]; i++)
        free(names[i]);
    free(names);
    /* the daily task: nothing expires within 30 days now */
    ck_assert_int_eq(run_task_action(TASK_DAILY, "", "", &r), EXIT_NOTHING);
    run_result_free(&r);
    free(before);
}
END_TEST

START_TEST(show_and_remove)
{
    struct run_result r;
    ck_assert_int_eq(schedule(&r, "show", NULL), EXIT_FAIL);
    ck_assert_ptr_nonnull(strstr((char *)r.out, "\\certrebind\\on-renewal: not installed"));
    run_result_free(&r);
    ck_assert_int_eq(schedule(&r, "remove", NULL), EXIT_NOTHING);
    run_result_free(&r);
    ck_assert_int_eq(install(&r), 0);
    run_result_free(&r);
    ck_assert_int_eq(install(&r), 0); /* again: /f replaces */
    run_result_free(&r);
    for (int enc = 0; enc < 2; enc++) {
        if (enc)
            env_set("CERTREBIND_SIM_SCHTASKS_XML", "utf16");
        ck_assert_int_eq(schedule(&r, "show", NULL), EXIT_OK);
        const char *out = (const char *)r.out;
        ck_assert_msg(strstr(out, "\\certrebind\\on-renewal: installed") && strstr(out, "\\certrebind\\daily: installed"),
                      "%s", out);
        ck_assert_ptr_nonnull(strstr(out, "Trigger: *[System[EventID=1001]] in " LIFECYCLE_CHANNEL));
        ck_assert_ptr_nonnull(strstr(out, "Runs as: S-1-5-18, HighestAvailable; instances: Queue; time limit PT1H"));
        ck_assert_ptr_nonnull(strstr(out, "apply --auto --days 30 --yes --unattended"));
        ck_assert_ptr_nonnull(strstr(out, "Last run: 11/30/1999 12:00:00 AM, result 267011 (0x41303: has not run yet)"));
        run_result_free(&r);
    }
    const char *json[] = {"--format", "json", NULL};
    ck_assert_int_eq(schedule(&r, "show", json), EXIT_OK);
    ck_assert_ptr_nonnull(strstr((char *)r.out, "\"last_result\": 267011"));
    ck_assert_ptr_nonnull(strstr((char *)r.out, "\"exit\": 0"));
    run_result_free(&r);
    ck_assert_int_eq(schedule(&r, "remove", NULL), EXIT_OK);
    ck_assert_ptr_nonnull(strstr((char *)r.out, "Removed \\certrebind\\daily."));
    run_result_free(&r);
    ck_assert_int_eq(schedule(&r, "show", NULL), EXIT_FAIL);
    run_result_free(&r);
    /* not installed, asked for JSON: the one object says so, with exit 1 */
    ck_assert_int_eq(schedule(&r, "show", json), EXIT_FAIL);
    ck_assert_msg(strstr((char *)r.out, "\"installed\": false") && strstr((char *)r.out, "\"exit\": 1") &&
                      !strstr((char *)r.out, "}\n{"),
                  "%s", r.out);
    run_result_free(&r);
    ck_assert_int_eq(schedule(&r, "remove", NULL), EXIT_NOTHING);
    run_result_free(&r);
}
END_TEST

START_TEST(refusals)
{
    struct run_result r;
    /* access denied (not elevated): exit 1 with schtasks's message, nothing registered */
    env_set("CERTREBIND_SIM_SCHTASKS_DENIED", "create");
    ck_assert_int_eq(install(&r), EXIT_FAIL);
    ck_assert_msg(strstr((char *)r.err, "ERROR: Access is denied."), "%s", r.err);
    run_result_free(&r);
    env_set("CERTREBIND_SIM_SCHTASKS_DENIED", "");
    ck_assert_int_eq(schedule(&r, "show", NULL), EXIT_FAIL);
    run_result_free(&r);
    /* removing what the admin may not delete */
    ck_assert_int_eq(install(&r), 0);
    run_result_free(&r);
    env_set("CERTREBIND_SIM_SCHTASKS_DENIED", "delete");
    ck_assert_int_eq(schedule(&r, "remove", NULL), EXIT_FAIL);
    ck_assert_msg(strstr((char *)r.err, "is still there after schtasks /delete: ERROR: Access is denied."), "%s", r.err);
    run_result_free(&r);
    env_set("CERTREBIND_SIM_SCHTASKS_DENIED", "");
    ck_assert_int_eq(schedule(&r, "remove", NULL), EXIT_OK);
    run_result_free(&r);
    /* the second task refused: the first stays, and the message says so */
    env_set("CERTREBIND_SIM_FAIL", "create:5"); /* creates 1 (denied), 2 and 3 above; 4 on-renewal, 5 daily */
    ck_assert_int_eq(install(&r), EXIT_FAIL);
    ck_assert_msg(strstr((char *)r.err, "\\certrebind\\on-renewal is installed, \\certrebind\\daily is not"), "%s", r.err);
    run_result_free(&r);
    env_set("CERTREBIND_SIM_FAIL", "");
    /* a program that is not there */
    const char *missing[] = {"--exe", BUILD_DIR SEP "no-such" EXE, NULL};
    ck_assert_int_eq(schedule(&r, "install", missing), EXIT_FAIL);
    ck_assert_msg(strstr((char *)r.err, "there is no such file"), "%s", r.err);
    run_result_free(&r);
}
END_TEST

#endif

#ifndef _WIN32
START_TEST(a_program_others_can_replace_is_refused)
{
    const char *paths[] = {ctx.exe, ctx.bin};
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(chmod(paths[k], k ? 0777 : 0757), 0);
        struct run_result r;
        ck_assert_int_eq(install(&r), EXIT_FAIL);
        const char *err = (const char *)r.err;
        ck_assert_msg(strstr(err, "is writable by group or others") && strstr(err, "%ProgramFiles%\\certrebind\\certrebind.exe"),
                      "%s", err);
        run_result_free(&r);
        ck_assert_int_eq(chmod(paths[k], 0755), 0);
        ck_assert_int_eq(schedule(&r, "show", NULL), EXIT_FAIL); /* nothing registered */
        run_result_free(&r);
    }
}
END_TEST
#else
/* Under Windows (Wine in CI): a program in the user's temporary folder is the user's to replace. */
START_TEST(a_program_others_can_replace_is_refused)
{
    struct run_result r;
    ck_assert_int_eq(install(&r), EXIT_FAIL);
    const char *err = (const char *)r.err;
    ck_assert_msg(strstr(err, "refusing to schedule") && strstr(err, "%ProgramFiles%\\certrebind\\certrebind.exe"), "%s", err);
    run_result_free(&r);
    ck_assert_int_eq(schedule(&r, "show", NULL), EXIT_FAIL);
    run_result_free(&r);
}
END_TEST
#endif

START_TEST(simulator_answers_as_schtasks)
{
    char path[4300];
    snprintf(path, sizeof path, "%s" SEP "t.xml", ctx.dir);
    char *xml = task_xml_daily(WIN_EXE, 30, 3, 0, NULL);
    size_t n;
    unsigned char *u = task_xml_utf16(xml, &n);
    ck_assert_int_eq(write_file(path, u, n), 0);
    const char *create[] = {SIM_SCHTASKS, "/create", "/tn", "\\certrebind\\daily", "/xml", path, NULL};
    struct run_result r;
    ck_assert_int_eq(run(&r, create), 0);
    ck_assert_str_eq((char *)r.out, "SUCCESS: The scheduled task \"certrebind\\daily\" has successfully been created.\r\n");
    run_result_free(&r);
    /* again without /f: the question nobody answers */
    ck_assert_int_eq(run(&r, create), 1);
    ck_assert_str_eq((char *)r.out, "WARNING: The task name \"certrebind\\daily\" already exists. Do you want to replace it (Y/N)? ");
    run_result_free(&r);
    /* UTF-8 with and without a BOM under a UTF-16 prolog */
    char *bom = malloc(strlen(xml) + 4);
    memcpy(bom, "\xEF\xBB\xBF", 3);
    strcpy(bom + 3, xml);
    const char *files[] = {bom, xml};
    const char *says[] = {"(1,2)::ERROR: incorrect document syntax", "(1,40)::ERROR: unable to switch the encoding"};
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(write_file(path, files[k], strlen(files[k])), 0);
        ck_assert_int_eq(run(&r, create), 1);
        ck_assert_msg(strstr((char *)r.err, "ERROR: The task XML is malformed.\r\n") && strstr((char *)r.err, says[k]), "%s",
                      r.err);
        ck_assert_uint_eq(r.out_len, 0);
        run_result_free(&r);
    }
    const char *missing[] = {SIM_SCHTASKS, "/query", "/tn", "\\certrebind\\none", NULL};
    ck_assert_int_eq(run(&r, missing), 1);
    ck_assert_str_eq((char *)r.err, "ERROR: The system cannot find the file specified.\r\n");
    run_result_free(&r);
    const char *del[] = {SIM_SCHTASKS, "/delete", "/tn", "certrebind\\daily", "/f", NULL};
    ck_assert_int_eq(run(&r, del), 0);
    ck_assert_str_eq((char *)r.out, "SUCCESS: The scheduled task \"certrebind\\daily\" was successfully deleted.\r\n");
    run_result_free(&r);
    free(bom);
    free(u);
    free(xml);
}
END_TEST

Suite *suite_schedule(void)
{
    Suite *s = suite_create("schedule");
    TCase *pure = tcase_create("task xml");
    tcase_add_test(pure, golden_task_files);
    tcase_add_test(pure, utf16le_with_bom);
    tcase_add_test(pure, exe_paths_and_arguments);
    tcase_add_test(pure, reads_its_own_tasks_in_every_encoding);
    tcase_add_test(pure, same_trigger_as_iis_certificate_rebind);
    tcase_add_test(pure, hostile_task_xml);
    suite_add_tcase(s, pure);
    TCase *tc = tcase_create("schedule on the simulators");
    tcase_set_timeout(tc, 600);
    tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
    tcase_add_checked_fixture(tc, setup, teardown);
#ifndef _WIN32
    /* installing needs a program only administrators can change: Wine's permissions cannot say so */
    tcase_add_test(tc, install_then_the_event_runs_the_task);
    tcase_add_test(tc, show_and_remove);
    tcase_add_test(tc, refusals);
#endif
    tcase_add_test(tc, a_program_others_can_replace_is_refused);
    tcase_add_test(tc, simulator_answers_as_schtasks);
    suite_add_tcase(s, tc);
    return s;
}
