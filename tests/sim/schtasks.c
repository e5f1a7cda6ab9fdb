/* Stateful simulator of `%SystemRoot%\System32\schtasks.exe`, sharing the state file with the other
 * simulators (simcommon.h):
 *   schtasks /create /tn NAME /xml FILE [/f]
 *   schtasks /query /tn NAME [/xml | /v /fo csv [/nh]]
 *   schtasks /delete /tn NAME [/f]
 * (switches in any case). What it reproduces, from public captures (Windows 11 measurements of exit
 * codes and streams, deployment logs, IIS's own task file):
 *  - exit status 0 or 1 only; SUCCESS/WARNING lines on stdout, ERROR lines on stderr, CRLF;
 *  - NAME in messages without its leading backslash;
 *  - created: `SUCCESS: The scheduled task "NAME" has successfully been created.`;
 *  - exists without /f: `WARNING: The task name "NAME" already exists. Do you want to replace it
 *    (Y/N)? ` on stdout, no standard input to answer: exit 1, nothing changed;
 *  - not found (query, delete), or an XML file that is not there: `ERROR: The system cannot find
 *    the file specified.`;
 *  - the XML must be UTF-16LE with a BOM: UTF-8 with a BOM and a UTF-16 prolog gives `ERROR: The
 *    task XML is malformed.` + `(1,2)::ERROR: incorrect document syntax`; without a BOM
 *    `(1,40)::ERROR: unable to switch the encoding`; no <Task> root also `(1,2)`;
 *  - access denied (CERTREBIND_SIM_SCHTASKS_DENIED=create,delete,query: those operations; or
 *    CERTREBIND_SIM_FAIL=create:N, the N-th create counted in the state file):
 *    `ERROR: Access is denied.`;
 *  - deleted: `SUCCESS: The scheduled task "NAME" was successfully deleted.`;
 *  - /query /xml prints the task as registered: as UTF-8 text (its UTF-16 prolog kept), or as
 *    UTF-16LE with a BOM when CERTREBIND_SIM_SCHTASKS_XML=utf16 (how schtasks encodes it to a pipe
 *    is not on record: certrebind must read both);
 *  - /query /v /fo csv /nh: one CSV record in the column order of Windows (HostName, TaskName,
 *    Next Run Time, Status, Logon Mode, Last Run Time, Last Result, Author, Task To Run, ...);
 *    a task never run shows `11/30/1999 12:00:00 AM` and 267011 (SCHED_S_TASK_HAS_NOT_RUN).
 * Invented: the other CSV columns' values.
 *
 * State records: task name=<enc, with its leading backslash> xml=<hex of the file's bytes>
 *   [lastrun=<enc>] [lastresult=<n>] (a test sets the last two to stand for a run).
 * Log (CERTREBIND_SIM_LOG): op create|query|delete, key the task name. */
#include "simcommon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct sim_buf out, err;
static char result[64];

static int fail(const char *text, const char *why)
{
    sim_buf_add(&err, text);
    snprintf(result, sizeof result, "fail:%s", why);
    return 1;
}

static const char *after_backslash(const char *name) { return name[0] == '\\' ? name + 1 : name; }

static long find_task(const struct sim_state *st, const char *name)
{
    for (size_t i = 0; i < st->count; i++) {
        const char *n = sim_rec_get(&st->recs[i], "name");
        if (!strcmp(st->recs[i].type, "task") && n && !sim_casecmp(after_backslash(n), after_backslash(name)))
            return (long)i;
    }
    return -1;
}

static int denied(const char *op)
{
    const char *env = getenv("CERTREBIND_SIM_SCHTASKS_DENIED");
    if (!env)
        return 0;
    size_t n = strlen(op);
    for (const char *p = env; (p = strstr(p, op)) != NULL; p += n)
        if ((p == env || p[-1] == ',') && (p[n] == ',' || !p[n]))
            return 1;
    return 0;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct sim_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sim_buf_addn(&b, chunk, n);
    fclose(f);
    sim_buf_add(&b, "");
    *len = b.len;
    return b.data;
}

/* UTF-16LE (after the BOM) -> UTF-8; NUL-terminated. */
static char *utf16_to_utf8(const unsigned char *p, size_t n)
{
    struct sim_buf b = {0};
    sim_buf_add(&b, "");
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned long c = p[i] | (unsigned long)p[i + 1] << 8;
        if (c >= 0xD800 && c < 0xDC00 && i + 3 < n) {
            unsigned long lo = p[i + 2] | (unsigned long)p[i + 3] << 8;
            c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
            i += 2;
        }
        char u[4];
        size_t k = 0;
        if (c < 0x80)
            u[k++] = (char)c;
        else if (c < 0x800)
            u[k++] = (char)(0xC0 | c >> 6), u[k++] = (char)(0x80 | (c & 0x3F));
        else if (c < 0x10000)
            u[k++] = (char)(0xE0 | c >> 12), u[k++] = (char)(0x80 | ((c >> 6) & 0x3F)), u[k++] = (char)(0x80 | (c & 0x3F));
        else
            u[k++] = (char)(0xF0 | c >> 18), u[k++] = (char)(0x80 | ((c >> 12) & 0x3F)),
            u[k++] = (char)(0x80 | ((c >> 6) & 0x3F)), u[k++] = (char)(0x80 | (c & 0x3F));
        sim_buf_addn(&b, u, k);
    }
    return b.data;
}

static const char MALFORMED[] = "ERROR: The task XML is malformed.\r\n";

/* Checks the file as Task Scheduler's parser would first see it. 0, or 1 with the error out. */
static int check_task_xml(const unsigned char *x, size_t n)
{
    if (n >= 3 && x[0] == 0xEF && x[1] == 0xBB && x[2] == 0xBF)
        return fail("ERROR: The task XML is malformed.\r\n(1,2)::ERROR: incorrect document syntax\r\n", "xml");
    if (n < 2 || x[0] != 0xFF || x[1] != 0xFE) {
        if (n >= 5 && !memcmp(x, "<?xml", 5) && strstr((const char *)x, "UTF-16"))
            return fail("ERROR: The task XML is malformed.\r\n(1,40)::ERROR: unable to switch the encoding\r\n", "xml");
        return fail("ERROR: The task XML is malformed.\r\n(1,2)::ERROR: incorrect document syntax\r\n", "xml");
    }
    char *text = utf16_to_utf8(x + 2, n - 2);
    int ok = strstr(text, "<Task ") && strstr(text, "</Task>") && strstr(text, "<Exec>") && strstr(text, "<Command>");
    free(text);
    if (!ok) {
        sim_buf_add(&err, MALFORMED);
        return fail("(1,2)::ERROR: one root element\r\n", "xml");
    }
    return 0;
}

static char *hex_of(const unsigned char *p, size_t n)
{
    char *h = sim_xmalloc(n * 2 + 1);
    for (size_t i = 0; i < n; i++)
        snprintf(h + 2 * i, 3, "%02x", p[i]);
    h[2 * n] = 0;
    return h;
}

static unsigned char *bytes_of(const char *hex, size_t *n)
{
    size_t len = strlen(hex) / 2;
    unsigned char *b = sim_xmalloc(len + 1);
    for (size_t i = 0; i < len; i++) {
        unsigned v = 0;
        sscanf(hex + 2 * i, "%2x", &v);
        b[i] = (unsigned char)v;
    }
    *n = len;
    return b;
}

static int create(struct sim_state *st, const char *name, const char *file, int force)
{
    long n_call = sim_counter_bump(st, "create");
    if (denied("create") || sim_fault_match("CERTREBIND_SIM_FAIL", "create", n_call))
        return fail("ERROR: Access is denied.\r\n", "5");
    size_t n = 0;
    char *x = read_all(file, &n);
    if (!x)
        return fail("ERROR: The system cannot find the file specified.\r\n", "2");
    int rc = check_task_xml((const unsigned char *)x, n);
    long i = rc ? -1 : find_task(st, name);
    if (!rc && i >= 0 && !force) {
        sim_buf_printf(&out, "WARNING: The task name \"%s\" already exists. Do you want to replace it (Y/N)? ",
                       after_backslash(name));
        snprintf(result, sizeof result, "fail:exists");
        rc = 1;
    } else if (!rc) {
        if (i >= 0)
            sim_state_remove(st, (size_t)i);
        struct sim_record *r = sim_state_add(st, "task");
        char full[1024];
        snprintf(full, sizeof full, "\\%s", after_backslash(name));
        sim_rec_set(r, "name", full);
        char *h = hex_of((const unsigned char *)x, n);
        sim_rec_set(r, "xml", h);
        free(h);
        sim_buf_printf(&out, "SUCCESS: The scheduled task \"%s\" has successfully been created.\r\n", after_backslash(name));
        snprintf(result, sizeof result, "ok");
    }
    free(x);
    return rc;
}

/* The Exec action as `Task To Run` shows it: Command and Arguments. */
static void task_to_run(const char *xml, struct sim_buf *b)
{
    const char *tags[] = {"<Command>", "<Arguments>"};
    for (int k = 0; k < 2; k++) {
        const char *s = strstr(xml, tags[k]);
        if (!s)
            continue;
        s += strlen(tags[k]);
        const char *e = strchr(s, '<');
        if (!e)
            continue;
        if (k)
            sim_buf_add(b, " ");
        for (; s < e; s++)
            sim_buf_addn(b, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
    }
}

static int query(struct sim_state *st, const char *name, int xml, int csv, int noheader)
{
    if (denied("query"))
        return fail("ERROR: Access is denied.\r\n", "5");
    long i = find_task(st, name);
    if (i < 0)
        return fail("ERROR: The system cannot find the file specified.\r\n", "2");
    const struct sim_record *r = &st->recs[i];
    size_t n = 0;
    unsigned char *x = bytes_of(sim_rec_get(r, "xml") ? sim_rec_get(r, "xml") : "", &n);
    char *text = n >= 2 ? utf16_to_utf8(x + 2, n - 2) : sim_xstrdup("");
    const char *enc = getenv("CERTREBIND_SIM_SCHTASKS_XML");
    if (xml && enc && !strcmp(enc, "utf16"))
        sim_buf_addn(&out, (const char *)x, n);
    else if (xml)
        sim_buf_add(&out, text);
    else if (csv) {
        if (!noheader)
            sim_buf_add(&out, "\"HostName\",\"TaskName\",\"Next Run Time\",\"Status\",\"Logon Mode\",\"Last Run Time\","
                              "\"Last Result\",\"Author\",\"Task To Run\",\"Start In\",\"Comment\"\r\n");
        const char *last = sim_rec_get(r, "lastrun"), *res = sim_rec_get(r, "lastresult");
        sim_buf_printf(&out, "\"SIMHOST\",\"%s\",\"N/A\",\"Ready\",\"Interactive/Background\",\"%s\",\"%s\",\"certrebind\",\"",
                       sim_rec_get(r, "name"), last ? last : "11/30/1999 12:00:00 AM", res ? res : "267011");
        task_to_run(text, &out);
        sim_buf_add(&out, "\",\"N/A\",\"N/A\"\r\n");
    } else {
        sim_buf_printf(&out, "\r\nFolder: \\certrebind\r\nTaskName                                 Next Run Time          Status\r\n"
                             "======================================== ====================== ===============\r\n"
                             "%-40s N/A                    Ready\r\n",
                       after_backslash(sim_rec_get(r, "name")));
    }
    free(text);
    free(x);
    snprintf(result, sizeof result, "ok");
    return 0;
}

static int delete_task(struct sim_state *st, const char *name)
{
    if (denied("delete"))
        return fail("ERROR: Access is denied.\r\n", "5");
    long i = find_task(st, name);
    if (i < 0)
        return fail("ERROR: The system cannot find the file specified.\r\n", "2");
    sim_state_remove(st, (size_t)i);
    sim_buf_printf(&out, "SUCCESS: The scheduled task \"%s\" was successfully deleted.\r\n", after_backslash(name));
    snprintf(result, sizeof result, "ok");
    return 0;
}

int main(int argc, char **argv)
{
    sim_output_init();
    const char *state_path = getenv("CERTREBIND_SIM_STATE");
    if (!state_path || !*state_path)
        sim_die("CERTREBIND_SIM_STATE is not set");
    sim_buf_add(&out, "");
    sim_buf_add(&err, "");
    const char *op = argc > 1 ? argv[1] : "";
    const char *name = NULL, *file = NULL, *format = NULL;
    int force = 0, xml = 0, verbose = 0, noheader = 0;
    for (int i = 2; i < argc; i++) {
        if (!sim_casecmp(argv[i], "/tn") && i + 1 < argc)
            name = argv[++i];
        else if (!sim_casecmp(argv[i], "/xml") && !sim_casecmp(op, "/create") && i + 1 < argc)
            file = argv[++i];
        else if (!sim_casecmp(argv[i], "/xml"))
            xml = 1;
        else if (!sim_casecmp(argv[i], "/fo") && i + 1 < argc)
            format = argv[++i];
        else if (!sim_casecmp(argv[i], "/f"))
            force = 1;
        else if (!sim_casecmp(argv[i], "/v"))
            verbose = 1;
        else if (!sim_casecmp(argv[i], "/nh"))
            noheader = 1;
        else {
            sim_buf_printf(&err, "ERROR: Invalid argument/option - '%s'.\r\nType \"SCHTASKS %s /?\" for usage.\r\n", argv[i], op);
            fwrite(err.data, 1, err.len, stderr);
            sim_log("-", "-", "fail:usage");
            return 1;
        }
    }
    struct sim_state st;
    if (sim_state_load(state_path, &st) != 0)
        exit(SIM_EXIT_MISCONFIGURED);
    int rc = 1;
    const char *logop = "-";
    if (!name) {
        sim_buf_printf(&err, "ERROR: Invalid syntax. Mandatory option '/tn' is missing.\r\nType \"SCHTASKS %s /?\" for usage.\r\n", op);
        snprintf(result, sizeof result, "fail:usage");
    } else if (!sim_casecmp(op, "/create") && file) {
        logop = "create";
        rc = create(&st, name, file, force);
    } else if (!sim_casecmp(op, "/query")) {
        logop = "query";
        rc = query(&st, name, xml, verbose && format && !sim_casecmp(format, "csv"), noheader);
    } else if (!sim_casecmp(op, "/delete")) {
        logop = "delete";
        rc = delete_task(&st, name);
    } else {
        sim_buf_printf(&err, "ERROR: Invalid argument/option - '%s'.\r\nType \"SCHTASKS /?\" for usage.\r\n", op);
        snprintf(result, sizeof result, "fail:usage");
    }
    if ((rc == 0 || !strcmp(logop, "create")) && strcmp(logop, "query") && sim_state_save(state_path, &st) != 0)
        exit(SIM_EXIT_MISCONFIGURED);
    sim_state_free(&st);
    fwrite(out.data, 1, out.len, stdout);
    fwrite(err.data, 1, err.len, stderr);
    sim_log(logop, name ? name : "-", result);
    sim_buf_free(&out);
    sim_buf_free(&err);
    return rc;
}
