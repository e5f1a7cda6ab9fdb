/* certrebind schedule install | show | remove: the two Task Scheduler tasks that rebind
 * unattended (task_xml.h), registered, read back and deleted with schtasks.exe. schtasks exits 0 or
 * 1 and localizes its messages, so every change is judged by its exit status and by querying the
 * task back, never by its text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "arena.h"
#include "cli.h"
#include "json.h"
#include "output.h"
#include "platform.h"
#include "printable.h"
#include "report_diags.h"
#include "strbuf.h"
#include "task_xml.h"
#include "text.h"

#define SCHTASKS_TIMEOUT_MS 60000
#define TASK_XML_MAX (1 << 20)

static const char *const task_names[2] = {TASK_ON_RENEWAL, TASK_DAILY};
static const char *const task_files[2] = {"certrebind-on-renewal.xml", "certrebind-daily.xml"};

/* --schtasks, else schtasks.exe in the system directory. NULL with an error in d. */
static char *schtasks_path(const struct options *o, struct diags *d)
{
    char *p = given_or_system_tool(o->schtasks_path, "schtasks.exe");
    if (!p)
        diag_add(d, SEV_ERROR, 0, NULL,
                 "schtasks.exe is only on Windows: give --schtasks PATH (or, for install, --print DIR to write the "
                 "task files and the commands for another machine)");
    return p;
}

/* Runs schtasks with args. 0 when it ran (any exit status); -1 with an error in d. */
static int schtasks(const char *exe, const char *const *args, struct run_result *r, struct diags *d)
{
    if (run_program_args(exe, args, SCHTASKS_TIMEOUT_MS, r) != 0 || !r->started || r->timed_out) {
        diag_add(d, SEV_ERROR, 0, NULL, "cannot run %s: %s", exe, r->error ? r->error : "it did not finish");
        run_result_free(r);
        return -1;
    }
    return 0;
}

/* What schtasks said (standard error, else standard output), decoded, on one line. Caller frees. */
static char *schtasks_message(const struct run_result *r)
{
    const unsigned char *b = r->err_len ? r->err : r->out;
    size_t n = r->err_len ? r->err_len : r->out_len;
    struct text t;
    struct diags d;
    diags_init(&d);
    struct strbuf sb;
    sb_init(&sb);
    if (b && text_decode(&t, b, n, system_oem_codepage(), &d, "schtasks") == 0) {
        for (size_t i = 0; i < t.n_lines && sb.len < 600; i++)
            if (t.lines[i].len)
                sb_printf(&sb, "%s%s", sb.len ? " " : "", t.lines[i].s);
        text_free(&t);
    }
    diags_free(&d);
    if (!sb.len)
        sb_printf(&sb, "(no message, exit status %d)", r->exit_code);
    char *raw = sb_detach(&sb, NULL);
    char *line = printable_one_line(raw);
    free(raw);
    return line;
}

/* `schtasks /query /tn NAME /xml` read into *t. 1 read, 0 not there (or not readable: *why says
 * what schtasks said; caller frees), -1 schtasks could not run (error in d). */
static int query_task(const char *exe, const char *name, struct task_info *t, char **why, struct diags *d)
{
    const char *args[] = {"/query", "/tn", name, "/xml", NULL};
    struct run_result r;
    *why = NULL;
    memset(t, 0, sizeof *t);
    if (schtasks(exe, args, &r, d) != 0)
        return -1;
    int found = 0;
    if (r.exit_code != 0) {
        *why = schtasks_message(&r);
    } else if (r.out_len > TASK_XML_MAX) {
        *why = xstrdup("schtasks printed more than 1 MiB for one task");
    } else {
        char *err = NULL;
        found = task_xml_read(r.out, r.out_len, t, &err) == 0;
        if (!found)
            *why = err;
    }
    run_result_free(&r);
    return found;
}

/* ---------- install ---------- */

/* exe may run as SYSTEM: refused (with the command that copies it to a safe place) when anyone but
 * the administrators can change it or a folder above it. */
static int check_exe(const char *exe, int printing, struct diags *d)
{
    const char *why = task_exe_problem(exe, !printing && !platform_windows);
    if (why) {
        diag_add(d, SEV_ERROR, 0, NULL, "--exe %s cannot be the program of a task: %s", exe, why);
        return -1;
    }
    if (!printing && !file_exists(exe)) {
        diag_add(d, SEV_ERROR, 0, NULL, "--exe %s: there is no such file", exe);
        return -1;
    }
    char *err = NULL;
    if (!printing && check_admin_only_path(exe, &err) != 0) {
        diag_add(d, SEV_ERROR, 0, NULL,
                 "refusing to schedule %s: %s. A task runs it as SYSTEM, so whoever can replace it could run anything "
                 "as SYSTEM. Copy it where only administrators can change it (cmd.exe, as Administrator):\n"
                 "  mkdir \"%%ProgramFiles%%\\certrebind\" & copy /y \"%s\" \"%%ProgramFiles%%\\certrebind\\certrebind.exe\"\n"
                 "then run \"%%ProgramFiles%%\\certrebind\\certrebind.exe\" schedule install",
                 exe, err, exe);
        free(err);
        return -1;
    }
    return 0;
}

/* The two task files in dir (replaced whole). 0, or -1 with an error in d. */
static int write_task_files(const struct options *o, const char *exe, const char *dir, char *paths[2], struct diags *d)
{
    struct task_options to = {o->backup_dir, o->event_log};
    char *xml[2] = {task_xml_on_renewal(exe, &to), task_xml_daily(exe, o->days, o->at[0], o->at[1], &to)};
    char *err = NULL;
    int rc = make_directories(dir, &err);
    if (rc != 0)
        diag_add(d, SEV_ERROR, 0, NULL, "%s", err);
    for (int i = 0; i < 2; i++) {
        paths[i] = path_join(dir, task_files[i]);
        size_t len;
        unsigned char *bytes = task_xml_utf16(xml[i], &len);
        if (rc == 0 && output_write_whole(paths[i], bytes, len, &err) != 0) {
            diag_add(d, SEV_ERROR, 0, NULL, "cannot write %s: %s", paths[i], err);
            rc = -1;
        }
        free(bytes);
        free(xml[i]);
    }
    free(err);
    return rc;
}

/* The arguments problem of --backup-dir and --event-log, which the tasks pass on. */
static int check_task_options(const struct options *o, int printing, struct diags *d)
{
    const char *names[] = {"--backup-dir", "--event-log"};
    const char *values[] = {o->backup_dir, o->event_log};
    for (int i = 0; i < 2; i++) {
        const char *why = values[i] ? task_arg_path_problem(values[i], !printing && !platform_windows) : NULL;
        if (why) {
            diag_add(d, SEV_ERROR, 0, NULL, "%s %s cannot be passed to the tasks: %s", names[i], values[i], why);
            return -1;
        }
    }
    return 0;
}

static void print_commands(FILE *out, char *paths[2])
{
    fputs("Run as Administrator:\n", out);
    for (int i = 0; i < 2; i++)
        fprintf_printable(out, "  schtasks.exe /create /tn \"%s\" /xml \"%s\" /f\n", task_names[i], paths[i]);
    fputs("  reg.exe add \"HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\certrebind\" /v "
          "TypesSupported /t REG_DWORD /d 7 /f\n",
          out);
}

/* schtasks /create, then the task read back: it must run what the file says. */
static int create_task(const char *schtasks_exe, int i, const char *file, const char *exe, struct diags *d)
{
    const char *args[] = {"/create", "/tn", task_names[i], "/xml", file, "/f", NULL};
    struct run_result r;
    if (schtasks(schtasks_exe, args, &r, d) != 0)
        return -1;
    if (r.exit_code != 0) {
        char *m = schtasks_message(&r);
        diag_add(d, SEV_ERROR, 0, NULL, "schtasks could not create %s (exit %d): %s", task_names[i], r.exit_code, m);
        free(m);
        run_result_free(&r);
        return -1;
    }
    run_result_free(&r);
    struct task_info t;
    char *why = NULL;
    int found = query_task(schtasks_exe, task_names[i], &t, &why, d);
    char quoted[2100];
    snprintf(quoted, sizeof quoted, "\"%s\"", exe);
    int ok = found == 1 && t.command && !strcmp(t.command, quoted) && t.arguments && !strncmp(t.arguments, "apply ", 6);
    if (found >= 0 && !ok)
        diag_add(d, SEV_ERROR, 0, NULL, "schtasks reported %s created, but reading it back %s", task_names[i],
                 found == 1 ? "shows another program or arguments" : why ? why : "failed");
    free(why);
    task_info_free(&t);
    return ok ? 0 : -1;
}

static int install(const struct options *o, struct diags *d)
{
    int printing = o->print_dir != NULL;
    if (printing && !o->exe_path) {
        diag_add(d, SEV_ERROR, 0, NULL,
                 "--print writes the tasks for the machine that runs them: give --exe PATH, the full path "
                 "certrebind.exe has there (e.g. \"C:\\Program Files\\certrebind\\certrebind.exe\")");
        return EXIT_USAGE;
    }
    char *exe = o->exe_path ? xstrdup(o->exe_path) : running_exe_path();
    if (!exe) {
        diag_add(d, SEV_ERROR, 0, NULL, "cannot tell this program's full path: give --exe PATH");
        return EXIT_FAIL;
    }
    char *dir = NULL, *tool = NULL, *paths[2] = {NULL, NULL};
    int rc = EXIT_FAIL;
    if (check_exe(exe, printing, d) != 0 || check_task_options(o, printing, d) != 0)
        goto done;
    dir = printing ? xstrdup(o->print_dir) : backup_folder(o->backup_dir, d);
    if (!dir || (!printing && !(tool = schtasks_path(o, d))) || write_task_files(o, exe, dir, paths, d) != 0)
        goto done;
    if (printing) {
        fprintf_printable(o->out, "Wrote %s and %s (UTF-16LE, Task schema 1.2); nothing was run.\n", paths[0], paths[1]);
        print_commands(o->out, paths);
        rc = EXIT_OK;
        goto done;
    }
    for (int i = 0; i < 2; i++)
        if (create_task(tool, i, paths[i], exe, d) != 0) {
            if (i == 1)
                diag_add(d, SEV_ERROR, 0, NULL,
                         "%s is installed, %s is not: install again once the cause is fixed, or remove it with "
                         "certrebind schedule remove",
                         task_names[0], task_names[1]);
            goto done;
        }
    char *err = NULL;
    if (system_event_source_register("certrebind", &err) != 0) {
        diag_add(d, SEV_WARNING, 0, NULL, "%s: the events of unattended runs may show without their source", err);
        free(err);
    }
    fprintf_printable(o->out,
                      "Installed %s (event 1001 of %s: a certificate renewed) and %s (daily at %02d:%02d, then up to an "
                      "hour later; certificates expiring within %d days), both as SYSTEM, running \"%s\".\n"
                      "Their events: Application log, source certrebind (ids 1000-1005). Check with: certrebind schedule "
                      "show\n",
                      task_names[0], LIFECYCLE_CHANNEL, task_names[1], o->at[0], o->at[1], o->days, exe);
    rc = EXIT_OK;
done:
    free(paths[0]);
    free(paths[1]);
    free(tool);
    free(dir);
    free(exe);
    return rc;
}

int cmd_schedule_install(const struct options *o)
{
    struct diags d;
    diags_init(&d);
    int rc = install(o, &d);
    print_diags(o->err, &d);
    diags_free(&d);
    return rc;
}

/* ---------- show ---------- */

/* The n-th (0-based) field of the first CSV record in s, unquoted. Caller frees; NULL when absent. */
static char *csv_field(const char *s, int n)
{
    struct strbuf sb;
    for (int k = 0; *s && *s != '\r' && *s != '\n'; k++) {
        sb_init(&sb);
        if (*s == '"') {
            for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
                if (*s == '"')
                    s++;
                sb_addc(&sb, *s);
            }
            if (*s == '"')
                s++;
        } else {
            for (; *s && *s != ',' && *s != '\r' && *s != '\n'; s++)
                sb_addc(&sb, *s);
        }
        if (k == n)
            return sb_detach(&sb, NULL);
        sb_free(&sb);
        if (*s != ',')
            break;
        s++;
    }
    return NULL;
}

struct task_state {
    int installed;
    char *why;            /* why it is not (what schtasks said) */
    struct task_info info;
    char *last_run_time;  /* as schtasks prints it (machine locale), NULL when unknown */
    char *last_result;    /* decimal, as printed */
};

/* Columns of `schtasks /query /v /fo csv /nh`: the order is fixed in every language (the headers,
 * which /nh leaves out, are translated). HostName, TaskName, Next Run Time, Status, Logon Mode,
 * Last Run Time, Last Result, ... */
enum { CSV_LAST_RUN_TIME = 5, CSV_LAST_RESULT = 6 };

static void read_last_run(const char *exe, const char *name, struct task_state *s, struct diags *d)
{
    const char *args[] = {"/query", "/tn", name, "/v", "/fo", "csv", "/nh", NULL};
    struct run_result r;
    if (schtasks(exe, args, &r, d) != 0)
        return;
    if (r.exit_code == 0 && r.out) {
        struct text t;
        struct diags td;
        diags_init(&td);
        if (text_decode(&t, r.out, r.out_len, system_oem_codepage(), &td, "schtasks /query /v /fo csv") == 0) {
            for (size_t i = 0; i < t.n_lines; i++) {
                if (!t.lines[i].len)
                    continue;
                s->last_run_time = csv_field(t.lines[i].s, CSV_LAST_RUN_TIME);
                s->last_result = csv_field(t.lines[i].s, CSV_LAST_RESULT);
                break; /* the task's one record */
            }
            text_free(&t);
        }
        diags_free(&td);
    }
    run_result_free(&r);
}

/* What Task Scheduler's own last-result codes mean (decimal as schtasks prints them); the exit
 * statuses of certrebind's runs otherwise. */
static const char *result_meaning(const char *result)
{
    static const struct {
        const char *code, *meaning;
    } known[] = {{"0", " (success)"},
                 {"1", " (failure, or refused: see the Application log, source certrebind)"},
                 {"3", " (nothing to do)"},
                 {"4", " (failed and rolled back)"},
                 {"5", " (rollback incomplete: restore the backup named in the event)"},
                 {"267009", " (0x41301: running)"},
                 {"267011", " (0x41303: has not run yet)"}};
    for (size_t i = 0; result && i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(result, known[i].code))
            return known[i].meaning;
    return "";
}

static void print_task_text(FILE *out, const char *name, const struct task_state *s)
{
    if (!s->installed) {
        fprintf_printable(out, "%s: not installed (%s)\n", name, s->why ? s->why : "?");
        return;
    }
    const struct task_info *t = &s->info;
    fprintf_printable(out, "%s: installed\n", name);
    if (t->event_trigger)
        fprintf_printable(out, "  Trigger: %s in %s; values OldCertHash=%s, NewCertHash=%s\n",
                          t->event_select ? t->event_select : "?", t->event_channel ? t->event_channel : "?",
                          t->value_old ? t->value_old : "(none)", t->value_new ? t->value_new : "(none)");
    if (t->calendar_trigger)
        fprintf_printable(out, "  Trigger: every %d day(s) from %s, random delay %s\n", t->days_interval,
                          t->start_boundary ? t->start_boundary : "?", t->random_delay ? t->random_delay : "none");
    fprintf_printable(out, "  Runs as: %s, %s; instances: %s; time limit %s\n", t->user_id ? t->user_id : "?",
                      t->run_level ? t->run_level : "LeastPrivilege", t->multiple_instances ? t->multiple_instances : "?",
                      t->execution_time_limit ? t->execution_time_limit : "none");
    fprintf_printable(out, "  Action: %s %s\n", t->command ? t->command : "?", t->arguments ? t->arguments : "");
    fprintf_printable(out, "  Last run: %s, result %s%s\n", s->last_run_time ? s->last_run_time : "unknown",
                      s->last_result ? s->last_result : "unknown", result_meaning(s->last_result));
}

static void print_task_json(struct json *j, const char *name, const struct task_state *s)
{
    const struct task_info *t = &s->info;
    json_begin_object(j);
    json_kv_string(j, "name", name);
    json_kv_bool(j, "installed", s->installed);
    json_kv_string(j, "error", s->installed ? NULL : s->why);
    json_key(j, "triggers");
    json_begin_array(j);
    if (t->event_trigger) {
        json_begin_object(j);
        json_kv_string(j, "type", "event");
        json_kv_string(j, "channel", t->event_channel);
        json_kv_string(j, "select", t->event_select);
        json_kv_string(j, "old_cert_hash", t->value_old);
        json_kv_string(j, "new_cert_hash", t->value_new);
        json_end_object(j);
    }
    if (t->calendar_trigger) {
        json_begin_object(j);
        json_kv_string(j, "type", "daily");
        json_kv_string(j, "start", t->start_boundary);
        json_kv_int(j, "days_interval", t->days_interval);
        json_kv_string(j, "random_delay", t->random_delay);
        json_end_object(j);
    }
    json_end_array(j);
    json_kv_string(j, "command", t->command);
    json_kv_string(j, "arguments", t->arguments);
    json_kv_string(j, "user_id", t->user_id);
    json_kv_string(j, "run_level", t->run_level);
    json_kv_string(j, "last_run_time", s->last_run_time);
    char *end = NULL;
    long result = s->last_result ? strtol(s->last_result, &end, 10) : 0;
    if (s->last_result && end && !*end && *s->last_result)
        json_kv_int(j, "last_result", result);
    else
        json_kv_null(j, "last_result");
    json_end_object(j);
}

int cmd_schedule_show(const struct options *o)
{
    struct diags d;
    diags_init(&d);
    int json = o->format && !strcmp(o->format, "json");
    char *tool = schtasks_path(o, &d);
    struct task_state s[2];
    memset(s, 0, sizeof s);
    int rc = tool ? EXIT_OK : EXIT_FAIL;
    for (int i = 0; i < 2 && rc == EXIT_OK; i++) {
        int found = query_task(tool, task_names[i], &s[i].info, &s[i].why, &d);
        if (found < 0) {
            rc = EXIT_FAIL;
            break;
        }
        s[i].installed = found;
        if (found)
            read_last_run(tool, task_names[i], &s[i], &d);
    }
    int complete = rc == EXIT_OK && s[0].installed && s[1].installed;
    if (rc == EXIT_OK && !complete)
        rc = EXIT_FAIL; /* not installed (or only half): exit 1 */
    print_diags(o->err, &d);
    if (json) {
        struct json j;
        json_init(&j, o->out, 1);
        json_begin_object(&j);
        json_key(&j, "tasks");
        json_begin_array(&j);
        for (int i = 0; i < 2 && tool; i++)
            print_task_json(&j, task_names[i], &s[i]);
        json_end_array(&j);
        json_diag_warnings(&j, &d);
        json_kv_int(&j, "exit", rc);
        json_end_object(&j);
        json_finish(&j);
    } else if (tool) {
        for (int i = 0; i < 2; i++)
            print_task_text(o->out, task_names[i], &s[i]);
    }
    for (int i = 0; i < 2; i++) {
        task_info_free(&s[i].info);
        free(s[i].why);
        free(s[i].last_run_time);
        free(s[i].last_result);
    }
    free(tool);
    diags_free(&d);
    return rc;
}

/* ---------- remove ---------- */

/* 1 when schtasks finds the task, 0 when not, -1 when it could not run. */
static int task_exists(const char *tool, const char *name, struct diags *d)
{
    struct task_info t;
    char *why = NULL;
    int found = query_task(tool, name, &t, &why, d);
    task_info_free(&t);
    free(why);
    return found;
}

int cmd_schedule_remove(const struct options *o)
{
    struct diags d;
    diags_init(&d);
    char *tool = schtasks_path(o, &d);
    int rc = tool ? EXIT_NOTHING : EXIT_FAIL;
    for (int i = 0; i < 2 && tool; i++) {
        int found = task_exists(tool, task_names[i], &d);
        if (found <= 0) {
            if (found < 0)
                rc = EXIT_FAIL;
            continue;
        }
        const char *args[] = {"/delete", "/tn", task_names[i], "/f", NULL};
        struct run_result r;
        if (schtasks(tool, args, &r, &d) != 0) {
            rc = EXIT_FAIL;
            continue;
        }
        char *m = r.exit_code ? schtasks_message(&r) : NULL;
        run_result_free(&r);
        if (task_exists(tool, task_names[i], &d) != 0) {
            diag_add(&d, SEV_ERROR, 0, NULL, "%s is still there after schtasks /delete%s%s", task_names[i],
                     m ? ": " : "", m ? m : "");
            rc = EXIT_FAIL;
        } else {
            fprintf_printable(o->out, "Removed %s.\n", task_names[i]);
            if (rc == EXIT_NOTHING)
                rc = EXIT_OK;
        }
        free(m);
    }
    if (rc == EXIT_NOTHING)
        fprintf(o->out, "Nothing to remove: neither %s nor %s is installed.\n", task_names[0], task_names[1]);
    print_diags(o->err, &d);
    free(tool);
    diags_free(&d);
    return rc;
}
