/* Where tool output comes from. The only module besides apply that starts processes
 * (through platform.h's run_program). */
#include "source.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "arena.h"
#include "platform.h"
#include "strbuf.h"

static void lower_copy(char *dst, const char *src, size_t cap)
{
    size_t i = 0;
    for (; src[i] && i + 1 < cap; i++)
        dst[i] = (char)ascii_tolower((unsigned char)src[i]);
    dst[i] = '\0';
}

char *source_recorded_name(enum tool_query q, const char *store)
{
    char low[128];
    lower_copy(low, store ? store : "My", sizeof low);
    char name[200];
    switch (q) {
    case Q_NETSH_SHOW_SSLCERT: return xstrdup("netsh-http-show-sslcert.txt");
    case Q_CERTUTIL_STORE: snprintf(name, sizeof name, "certutil-store-%s.txt", low); return xstrdup(name);
    case Q_CERTUTIL_STORE_V: snprintf(name, sizeof name, "certutil-v-store-%s.txt", low); return xstrdup(name);
    case Q_APPCMD_LIST_SITE: return xstrdup("appcmd-list-site.txt");
    case Q_APPCMD_LIST_SITE_CONFIG: return xstrdup("appcmd-list-site-config.txt");
    case Q_NETSH_UPDATE_HELP: return xstrdup("netsh-http-update-sslcert-help.txt");
    case Q_NETSH_ADD_HELP: return xstrdup("netsh-http-add-sslcert-help.txt");
    case Q_CERTUTIL_DUMP: return xstrdup("certutil-dump.txt");
    }
    return xstrdup("?");
}

int source_is_recorded_name(const char *name)
{
    /* every name source_recorded_name gives: <tool>-<what>.txt */
    size_t n = strlen(name);
    if (n < 4 || !ascii_has_prefix(name + n - 4, 4, ".txt"))
        return 0;
    return ascii_has_prefix(name, n, "netsh-") || ascii_has_prefix(name, n, "certutil-") || ascii_has_prefix(name, n, "appcmd-");
}

/* Tool output larger than this is refused with a message instead of filling memory. */
static int input_limit_mib(const struct source_spec *s)
{
    return s->max_input_mib > 0 ? s->max_input_mib : DEFAULT_MAX_INPUT_MIB;
}

static size_t input_limit(const struct source_spec *s)
{
    unsigned long long mib = (unsigned long long)input_limit_mib(s);
    return mib > SIZE_MAX >> 20 ? SIZE_MAX : (size_t)(mib << 20);
}

static void too_large(const struct source_spec *s, const char *what, struct diags *d)
{
    diag_add(d, SEV_ERROR, 0, NULL,
             "%s is larger than %d MiB, the input limit: not read (if it really is tool output, raise the limit "
             "with --max-input MIB)",
             what, input_limit_mib(s));
}

/* Reads a recorded file (or "-") within the input limit. */
static int read_recorded(const struct source_spec *s, const char *path, struct tool_output *out, struct diags *d)
{
    char *err = NULL;
    int rc = read_file_limited(path, input_limit(s), &out->bytes, &out->len, &err);
    if (rc == 1)
        too_large(s, strcmp(path, "-") == 0 ? "standard input" : path, d);
    if (rc < 0) {
        diag_add(d, SEV_ERROR, 0, NULL, "%s", err);
        free(err);
    }
    return rc == 0 ? 0 : -1;
}

static int optional_query(enum tool_query q)
{
    return q == Q_APPCMD_LIST_SITE || q == Q_APPCMD_LIST_SITE_CONFIG || q == Q_NETSH_UPDATE_HELP ||
           q == Q_NETSH_ADD_HELP;
}

static int fetch_recorded(const struct source_spec *s, const char *dir, enum tool_query q, const char *store, struct tool_output *out,
                          struct diags *d)
{
    char *name = source_recorded_name(q, store);
    char *path = path_join(dir, name);
    if (q == Q_CERTUTIL_STORE_V && !file_exists(path)) {
        /* the verbose recording is preferred; the plain one still has hashes, dates and keys */
        free(name);
        free(path);
        name = source_recorded_name(Q_CERTUTIL_STORE, store);
        path = path_join(dir, name);
    }
    free(name);
    if (optional_query(q) && !file_exists(path)) {
        free(path);
        return 1;
    }
    if (read_recorded(s, path, out, d) != 0) {
        free(path);
        return -1;
    }
    out->origin = path;
    out->recorded = 1;
    return 0;
}

char *source_tool_path(const struct source_spec *s, enum tool_query q, struct diags *d)
{
    const char *given = NULL, *rel = NULL, *opt = NULL;
    switch (q) {
    case Q_NETSH_SHOW_SSLCERT:
    case Q_NETSH_UPDATE_HELP:
    case Q_NETSH_ADD_HELP:
        given = s->netsh_path, rel = "netsh.exe", opt = "--netsh";
        break;
    case Q_CERTUTIL_STORE:
    case Q_CERTUTIL_STORE_V:
    case Q_CERTUTIL_DUMP:
        given = s->certutil_path, rel = "certutil.exe", opt = "--certutil";
        break;
    case Q_APPCMD_LIST_SITE:
    case Q_APPCMD_LIST_SITE_CONFIG:
        given = s->appcmd_path, rel = "inetsrv\\appcmd.exe", opt = "--appcmd";
        break;
    }
    char *p = given_or_system_tool(given, rel);
    if (!p && !optional_query(q))
        diag_add(d, SEV_ERROR, 0, NULL,
                 "cannot run %s here: this is not Windows. Give a program to run with %s PATH, or (except for "
                 "apply) recorded output with --input FILE or --from DIR",
                 rel, opt);
    return p;
}

char *given_or_system_tool(const char *given, const char *exe)
{
    return given ? xstrdup(given) : system_tool_path(exe);
}

char *source_certreq_path(const struct source_spec *s, struct diags *d)
{
    char *p = given_or_system_tool(s->certreq_path, "certreq.exe");
    if (!p)
        diag_add(d, SEV_ERROR, 0, NULL, "cannot run certreq.exe here: this is not Windows. Give a program to run with "
                                        "--certreq PATH");
    return p;
}

int source_fetch(const struct source_spec *s, enum tool_query q, const char *store, struct tool_output *out,
                 struct diags *d)
{
    return source_fetch_arg(s, q, store, NULL, out, d);
}

int source_fetch_arg(const struct source_spec *s, enum tool_query q, const char *store, const char *arg,
                     struct tool_output *out, struct diags *d)
{
    memset(out, 0, sizeof *out);
    if ((arg || q == Q_CERTUTIL_DUMP) && (s->input || s->from_dir)) {
        diag_add(d, SEV_ERROR, 0, NULL, "this needs the live certutil; a recording (--from, --input) cannot answer it");
        return -1;
    }
    if (s->input) {
        if (read_recorded(s, s->input, out, d) != 0)
            return -1;
        out->origin = xstrdup(strcmp(s->input, "-") == 0 ? "standard input" : s->input);
        out->recorded = 1;
        return 0;
    }
    if (s->from_dir)
        return fetch_recorded(s, s->from_dir, q, store, out, d);
    char *exe = source_tool_path(s, q, d);
    if (!exe)
        return optional_query(q) ? 1 : -1;
    if (optional_query(q) && !file_exists(exe)) {
        free(exe);
        return 1; /* no IIS on this server: no appcmd */
    }
    const char *argv[8];
    int n = 0;
    argv[n++] = exe;
    switch (q) {
    case Q_NETSH_SHOW_SSLCERT: argv[n++] = "http"; argv[n++] = "show"; argv[n++] = "sslcert"; break;
    case Q_NETSH_UPDATE_HELP: argv[n++] = "http"; argv[n++] = "update"; argv[n++] = "sslcert"; argv[n++] = "/?"; break;
    case Q_NETSH_ADD_HELP: argv[n++] = "http"; argv[n++] = "add"; argv[n++] = "sslcert"; argv[n++] = "help"; break;
    case Q_CERTUTIL_STORE: argv[n++] = "-store"; argv[n++] = store ? store : "My"; break;
    case Q_CERTUTIL_STORE_V: argv[n++] = "-v"; argv[n++] = "-store"; argv[n++] = store ? store : "My"; break;
    case Q_CERTUTIL_DUMP: argv[n++] = "-dump"; break;
    case Q_APPCMD_LIST_SITE: argv[n++] = "list"; argv[n++] = "site"; break;
    case Q_APPCMD_LIST_SITE_CONFIG: argv[n++] = "list"; argv[n++] = "site"; argv[n++] = "/config"; break;
    }
    if (arg)
        argv[n++] = arg;
    argv[n] = NULL;
    struct strbuf cmdline;
    sb_init(&cmdline);
    for (int i = 0; i < n; i++)
        sb_printf(&cmdline, "%s%s", i ? " " : "", argv[i]);
    struct run_result r;
    int rc = run_program_limited(argv, s->timeout_ms, input_limit(s), &r);
    free(exe);
    if (rc != 0) {
        diag_add(d, SEV_ERROR, 0, NULL, "%s", r.error ? r.error : "the tool could not be run");
        run_result_free(&r);
        sb_free(&cmdline);
        return -1;
    }
    if (r.out_overflow) {
        too_large(s, cmdline.data, d);
        run_result_free(&r);
        sb_free(&cmdline);
        return -1;
    }
    out->bytes = r.out;
    out->len = r.out_len;
    out->exit_code = r.exit_code;
    r.out = NULL;
    if (r.err_len && q != Q_NETSH_UPDATE_HELP && q != Q_NETSH_ADD_HELP)
        diag_add(d, SEV_WARNING, 0, cmdline.data, "printed on its error stream: " DIAG_QUOTED,
                 DIAG_QUOTE((const char *)r.err, r.err_len));
    run_result_free(&r);
    out->origin = sb_detach(&cmdline, NULL);
    return 0;
}

void tool_output_free(struct tool_output *t)
{
    free(t->bytes);
    free(t->origin);
    memset(t, 0, sizeof *t);
}
