/* Arguments and dispatch only; each command lives in cmd_<name>.c.
 *
 * Every option is declared once, in option_table: its name, its value, the check of that value,
 * the commands that take it, its help line and the commands that cannot run without it (the idea
 * of git's parse-options). The usage text
 * is generated from the same table, so what --help says and what the parser accepts cannot drift.
 * A new command is one row in command_table, its name in the rows of the options it takes, and a
 * cmd_<name>.c file. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "dates.h"
#include "output.h"
#include "diag.h"
#include "pattern.h"
#include "platform.h"
#include "report_change.h"
#include "report_diags.h"
#include "source.h"

#ifndef CERTREBIND_VERSION
#define CERTREBIND_VERSION "dev"
#endif

struct command {
    const char *name;    /* one word, or two for a command with a verb ("schedule install") */
    int (*run)(const struct options *o);
    const char *args;    /* the arguments in the usage line: "SELECTION", "BACKUP-FILE" */
    int min_args, max_args; /* positional arguments taken */
    const char *formats; /* what --format takes ("text|json|cmd"); NULL: no --format */
};

static const struct command command_table[] = {
    {"bindings", cmd_bindings, NULL, 0, 0, "text|json"},
    {"certs", cmd_certs, NULL, 0, 0, "text|json"},
    {"plan", cmd_plan, "SELECTION", 0, 0, "text|json|cmd"},
    {"apply", cmd_apply, "SELECTION", 0, 0, "text|json"},
    {"restore", cmd_restore, "BACKUP-FILE", 1, 1, "text|json"},
    {"audit", cmd_audit, NULL, 0, 0, "text|json"},
    {"bind", cmd_bind, NULL, 0, 0, "text|json|cmd"},
    {"unbind", cmd_unbind, NULL, 0, 0, "text|json|cmd"},
    {"request", cmd_request, NULL, 0, 0, NULL},
    {"accept", cmd_accept, "CERT-FILE", 1, 1, "text|json"},
    {"schedule install", cmd_schedule_install, NULL, 0, 0, NULL},
    {"schedule show", cmd_schedule_show, NULL, 0, 0, "text|json"},
    {"schedule remove", cmd_schedule_remove, NULL, 0, 0, NULL},
};
#define COMMAND_COUNT (sizeof command_table / sizeof command_table[0])

/* Commands that read the host (run its tools or replay them): they share where output comes from. */
#define READERS "bindings,certs,plan,apply,restore,audit,bind,unbind,request,accept"
/* Commands whose report can go to a file. */
#define REPORTERS "bindings,certs,plan,audit,bind,unbind"
/* Commands that read certificate stores (run certutil). */
#define CERT_READERS "certs,plan,apply,audit,bind,unbind,request,accept"
/* Commands that read the HTTP.sys bindings (run netsh). */
#define NETSH_USERS "bindings,plan,apply,restore,audit,bind,unbind,accept"
/* Commands that read the IIS sites (run appcmd). */
#define SITE_READERS "plan,apply,restore,audit,bind,unbind,accept"
/* Commands that build a plan from a SELECTION. */
#define PLANNERS "plan,apply"
/* Commands whose JSON is the report of a change (report_change.h), for a usage error too. */
#define CHANGE_REPORTERS "apply,restore,accept"
/* Commands that change the machine. */
#define CHANGERS "apply,restore,bind,unbind,accept"
/* Commands that rebind (plan and apply a SELECTION, or the one accept makes). */
#define REBINDERS PLANNERS ",accept"
/* Commands that run schtasks. */
#define SCHEDULERS "schedule install,schedule show,schedule remove"
/* Commands that run certreq. */
#define CERTREQ_USERS "request,accept"

/* Checks a value and stores it in the field; returns NULL, or what the option takes (for the
 * message "--days takes <that>, not 'x'"). */
typedef const char *parse_fn(const char *value, void *field, const struct command *c);

/* Where --help lists an option; the command's own options also go into its usage line. */
enum section { SEC_COMMAND, SEC_SELECTION, SEC_SOURCE };

struct option_def {
    const char *name;     /* "--input" */
    const char *value;    /* the value in the usage text ("FILE|-"); NULL for a flag */
    parse_fn *parse;
    size_t field;         /* offsetof(struct options, ...) */
    enum section section; /* where --help lists it */
    const char *commands; /* the commands that take it, comma-separated; NULL: those with formats */
    const char *help;
    const char *required_by; /* the commands that cannot run without it; NULL: none */
};

static const char *parse_flag(const char *value, void *field, const struct command *c)
{
    (void)value, (void)c;
    *(int *)field = 1;
    return NULL;
}

static const char *parse_text(const char *value, void *field, const struct command *c)
{
    (void)c;
    if (!*value)
        return "a value";
    *(const char **)field = value;
    return NULL;
}

/* value is one of the '|'-separated words of list */
static int one_of(const char *value, const char *list)
{
    size_t n = strlen(value);
    for (const char *w = list; w && *w;) {
        size_t l = strcspn(w, "|");
        if (l == n && n && !memcmp(w, value, n))
            return 1;
        w += l + (w[l] == '|');
    }
    return 0;
}

#define CHOICE_PARSER(fn, list)                                                                                        \
    static const char *fn(const char *value, void *field, const struct command *c)                                     \
    {                                                                                                                  \
        (void)c;                                                                                                       \
        if (!one_of(value, list))                                                                                      \
            return list;                                                                                               \
        *(const char **)field = value;                                                                                 \
        return NULL;                                                                                                   \
    }
CHOICE_PARSER(parse_update, "auto|yes|no")
CHOICE_PARSER(parse_date_order, "mdy|dmy|ymd")
CHOICE_PARSER(parse_key_type, "rsa2048|rsa3072|rsa4096|ecdsa-p256|ecdsa-p384")

static const char *parse_format(const char *value, void *field, const struct command *c)
{
    if (!one_of(value, c->formats))
        return c->formats;
    *(const char **)field = value;
    return NULL;
}

static int parse_int(const char *s, int min, int max, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < min || v > max)
        return -1;
    *out = (int)v;
    return 0;
}

static const char *parse_days(const char *value, void *field, const struct command *c)
{
    (void)c;
    return parse_int(value, 0, 36500, field) ? "a number of days (0 to 36500)" : NULL;
}

static const char *parse_port(const char *value, void *field, const struct command *c)
{
    (void)c;
    return parse_int(value, 1, 65535, field) ? "a port number (1 to 65535)" : NULL;
}

static const char *parse_codepage(const char *value, void *field, const struct command *c)
{
    (void)c;
    return parse_int(value, 1, 65535, field) ? "a code page number" : NULL;
}

static const char *parse_timeout(const char *value, void *field, const struct command *c)
{
    (void)c;
    int secs;
    if (parse_int(value, 1, 86400, &secs))
        return "seconds (1 to 86400)";
    *(int *)field = secs * 1000;
    return NULL;
}

static const char *parse_max_input(const char *value, void *field, const struct command *c)
{
    (void)c;
    return parse_int(value, 1, 1 << 20, field) ? "mebibytes (1 to 1048576)" : NULL;
}

static const char *parse_at(const char *value, void *field, const struct command *c)
{
    (void)c;
    int *hm = field;
    char h[3] = {0}, m[3] = {0};
    if (strlen(value) != 5 || value[2] != ':')
        return "a time of day HH:MM (00:00 to 23:59)";
    memcpy(h, value, 2), memcpy(m, value + 3, 2);
    if (parse_int(h, 0, 23, &hm[0]) || parse_int(m, 0, 59, &hm[1]) || h[0] == '-' || h[0] == '+' || m[0] == '-' ||
        m[0] == '+' || h[0] == ' ' || m[0] == ' ')
        return "a time of day HH:MM (00:00 to 23:59)";
    return NULL;
}

static const char *parse_now(const char *value, void *field, const struct command *c)
{
    (void)c;
    return parse_iso8601(value, field) ? "a real date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS" : NULL;
}

#define F(member) offsetof(struct options, member)

static const struct option_def option_table[] = {
    /* what a command reports or writes */
    {"--input", "FILE|-", parse_text, F(host.source.input), SEC_COMMAND, "bindings,certs", "parse one recorded output ('-': standard input)", NULL},
    {"--format", "FORMAT", parse_format, F(format), SEC_COMMAND, NULL, "text, json (one document on standard output, whatever the exit status) or cmd (plan: a script)", NULL},
    {"--output", "FILE", parse_text, F(output_file), SEC_COMMAND, REPORTERS, "write the report to FILE (replaced whole, flushed to disk)", NULL},
    {"--rollback", "FILE", parse_text, F(rollback_file), SEC_COMMAND, "plan,bind,unbind", "with --format cmd: also write the script that undoes the change", NULL},
    {"--store", "NAME", parse_text, F(store), SEC_COMMAND, "certs", "the certificate store to list (default My)", NULL},
    {"--days", "N", parse_days, F(days), SEC_COMMAND, PLANNERS ",audit,schedule install", "expiring means within N days (default 30)", NULL},
    {"--backup-dir", "DIR", parse_text, F(backup_dir), SEC_COMMAND, CHANGERS ",schedule install", "where backups and certrebind.log live (schedule install: the tasks use it)", NULL},
    {"--yes", NULL, parse_flag, F(yes), SEC_COMMAND, CHANGERS, "do not ask for confirmation", NULL},
    {"--site", "NAME", parse_text, F(site_name), SEC_COMMAND, "bind,unbind", "the IIS site, as `appcmd list site` names it", "bind,unbind"},
    {"--host", "HOST", parse_text, F(host_name), SEC_COMMAND, "bind,unbind", "the host name (IDN accepted: written as its xn-- form)", "bind,unbind"},
    {"--port", "N", parse_port, F(port), SEC_COMMAND, "bind,unbind", "the HTTPS port (default 443)", NULL},
    {"--cert", "HASH", parse_text, F(cert_hash), SEC_COMMAND, "bind", "the certificate (default: the valid one with its key that covers HOST and expires last)", NULL},
    {"--force", NULL, parse_flag, F(force), SEC_COMMAND, REBINDERS, "proceed despite warnings (names not covered, shorter validity)", NULL},
    {"--unattended", NULL, parse_flag, F(unattended), SEC_COMMAND, "apply,accept", "never prompt, never proceed past a warning (scheduled runs)", NULL},
    {"--event-log", "FILE", parse_text, F(event_log), SEC_COMMAND, "apply,accept,schedule install", "with --unattended: also append each event as a line to FILE (schedule install: the tasks do)", NULL},
    {"--like", "HASH", parse_text, F(like_hash), SEC_COMMAND, CERTREQ_USERS, "the certificate the request renews (request), or replaces (accept)", NULL},
    {"--key", "rsa2048|rsa3072|rsa4096|ecdsa-p256|ecdsa-p384", parse_key_type, F(key_type), SEC_COMMAND, "request", "the new key (default rsa2048)", NULL},
    {"--template", "NAME", parse_text, F(template_name), SEC_COMMAND, "request", "ask the CA for this certificate template", NULL},
    {"--out", "DIR", parse_text, F(out_dir), SEC_COMMAND, CERTREQ_USERS, "the requests folder: INF, CSR and record (default: requests beside the backups)", NULL},
    {"--print", NULL, parse_flag, F(print_only), SEC_COMMAND, "request", "write the INF and print the certreq command; run nothing", NULL},
    {"--at", "HH:MM", parse_at, F(at), SEC_COMMAND, "schedule install", "the daily task's time, local (default 03:00, then up to an hour later)", NULL},
    {"--exe", "PATH", parse_text, F(exe_path), SEC_COMMAND, "schedule install", "the certrebind.exe the tasks run (default: this one); only administrators may change it", NULL},
    {"--print", "DIR", parse_text, F(print_dir), SEC_COMMAND, "schedule install", "write the two task XML files into DIR and print the schtasks commands; run nothing", NULL},
    {"--plan-only", NULL, parse_flag, F(plan_only), SEC_COMMAND, "accept", "stop after showing the plan (the certificate is still installed)", NULL},
    /* SELECTION */
    {"--old", "HASH", parse_text, F(old_hash), SEC_SELECTION, PLANNERS, "the certificate whose bindings move (with --new)", NULL},
    {"--new", "HASH", parse_text, F(new_hash), SEC_SELECTION, PLANNERS, "the certificate they move to", NULL},
    {"--auto", NULL, parse_flag, F(auto_mode), SEC_SELECTION, PLANNERS, "renew every binding whose certificate expires within --days", NULL},
    {"--socket", "ipport=IP:PORT|hostnameport=HOST:PORT", parse_text, F(socket), SEC_SELECTION, PLANNERS, "bind this one socket to --new", NULL},
    {"--appid", "GUID", parse_text, F(appid), SEC_SELECTION, PLANNERS, "with --socket: the application ID of a new binding", NULL},
    /* where tool output comes from */
    {"--from", "DIR", parse_text, F(host.source.from_dir), SEC_SOURCE, "bindings,certs,plan,restore,audit,bind,unbind,request", "replay the recorded output in DIR; run nothing", NULL},
    {"--netsh", "PATH", parse_text, F(host.source.netsh_path), SEC_SOURCE, NETSH_USERS, "run this netsh instead of the system's", NULL},
    {"--certutil", "PATH", parse_text, F(host.source.certutil_path), SEC_SOURCE, CERT_READERS, "run this certutil instead of the system's", NULL},
    {"--appcmd", "PATH", parse_text, F(host.source.appcmd_path), SEC_SOURCE, SITE_READERS, "run this appcmd instead of the system's", NULL},
    {"--schtasks", "PATH", parse_text, F(schtasks_path), SEC_SOURCE, SCHEDULERS, "run this schtasks instead of the system's", NULL},
    {"--certreq", "PATH", parse_text, F(host.source.certreq_path), SEC_SOURCE, CERTREQ_USERS, "run this certreq instead of the system's", NULL},
    {"--codepage", "N", parse_codepage, F(host.source.codepage), SEC_SOURCE, READERS, "code page of recorded bytes without BOM (default 437)", NULL},
    {"--date-order", "mdy|dmy|ymd", parse_date_order, F(host.date_order), SEC_SOURCE, CERT_READERS, "how to read ambiguous certutil dates", NULL},
    {"--timeout", "SECONDS", parse_timeout, F(host.source.timeout_ms), SEC_SOURCE, READERS, "per tool call (default 60)", NULL},
    {"--max-input", "MIB", parse_max_input, F(host.source.max_input_mib), SEC_SOURCE, READERS, "refuse tool output larger than MIB mebibytes (default 512)", NULL},
    {"--update", "auto|yes|no", parse_update, F(host.update_mode), SEC_SOURCE, REBINDERS ",restore", "whether netsh has `http update sslcert` (default: from its output)", NULL},
    {"--now", "YYYY-MM-DD[THH:MM:SS]", parse_now, F(now), SEC_SOURCE, CERT_READERS, "evaluate validity at this time (reproducible reports)", NULL},
};
#define OPTION_COUNT (sizeof option_table / sizeof option_table[0])

static const char SELECTION_TEXT[] =
    "SELECTION (plan, apply), exactly one of:\n"
    "  --old HASH --new HASH     move every binding of HASH to NEW\n"
    "  --auto [--days N]         renew bindings whose certificate expires within N days\n"
    "  --socket ipport=IP:PORT|hostnameport=HOST:PORT --new HASH [--appid GUID]\n";

static const char EXIT_TEXT[] =
    "Exit status: 0 ok, 1 failure, 2 usage, 3 nothing to do, 4 apply rolled back, 5 rollback incomplete.\n";

/* ---------- the table's questions ---------- */

/* list is comma-separated; name may hold a space ("schedule install") */
static int in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *w = list; *w;) {
        size_t l = strcspn(w, ",");
        if (l == n && !memcmp(w, name, n))
            return 1;
        w += l + (w[l] == ',');
    }
    return 0;
}

static int takes(const struct command *c, const struct option_def *opt)
{
    return opt->commands ? in_list(opt->commands, c->name) : c->formats != NULL;
}

/* The row of option name: the one command c takes when two commands give the name different
 * values (--print: a flag of request, a folder of schedule install); c may be NULL. */
static const struct option_def *find_option_for(const struct command *c, const char *name, size_t len)
{
    const struct option_def *first = NULL;
    for (size_t i = 0; i < OPTION_COUNT; i++)
        if (strlen(option_table[i].name) == len && !memcmp(option_table[i].name, name, len)) {
            if (!c || takes(c, &option_table[i]))
                return &option_table[i];
            if (!first)
                first = &option_table[i];
        }
    return first;
}

static const struct option_def *find_option(const char *name, size_t len) { return find_option_for(NULL, name, len); }

/* The command argv names, and how many words its name took (1 or 2). */
static const struct command *find_command(int argc, char **argv, int *words)
{
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        const char *name = command_table[i].name;
        const char *space = strchr(name, ' ');
        if (!space && !strcmp(name, argv[1])) {
            *words = 1;
            return &command_table[i];
        }
        if (space && argc > 2 && strlen(argv[1]) == (size_t)(space - name) && !memcmp(name, argv[1], (size_t)(space - name)) &&
            !strcmp(space + 1, argv[2])) {
            *words = 2;
            return &command_table[i];
        }
    }
    return NULL;
}

/* ---------- usage, generated from the tables ---------- */

static int required(const struct command *c, const struct option_def *opt)
{
    return opt->required_by && in_list(opt->required_by, c->name);
}

static void usage_option_synopsis(FILE *f, const struct command *c, const struct option_def *opt)
{
    if (required(c, opt))
        fprintf(f, " %s %s", opt->name, opt->value);
    else if (opt->parse == parse_format)
        fprintf(f, " [%s %s]", opt->name, c->formats);
    else if (opt->value)
        fprintf(f, " [%s %s]", opt->name, opt->value);
    else
        fprintf(f, " [%s]", opt->name);
}

static void usage_option_help(FILE *f, const struct option_def *opt)
{
    char left[96];
    snprintf(left, sizeof left, "%s%s%s", opt->name, opt->value ? " " : "",
             opt->parse == parse_format ? "text|json|cmd" : opt->value ? opt->value : "");
    if (strlen(left) > 28)
        fprintf(f, "  %s\n  %-28s %s", left, "", opt->help);
    else
        fprintf(f, "  %-28s %s", left, opt->help);
    size_t n = 0;
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        n += takes(&command_table[i], opt);
    if (n < COMMAND_COUNT) { /* say which commands, unless all do */
        const char *sep = " [";
        for (size_t i = 0; i < COMMAND_COUNT; i++)
            if (takes(&command_table[i], opt)) {
                fprintf(f, "%s%s", sep, command_table[i].name);
                sep = ", ";
            }
        fputc(']', f);
    }
    fputc('\n', f);
}

static void usage(FILE *f)
{
    fputs("usage:\n", f);
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        const struct command *c = &command_table[i];
        fprintf(f, "  certrebind %-8s", c->name);
        if (c->args)
            fprintf(f, " %s", c->args);
        for (size_t k = 0; k < OPTION_COUNT; k++)
            if (option_table[k].section == SEC_COMMAND && takes(c, &option_table[k]))
                usage_option_synopsis(f, c, &option_table[k]);
        fputc('\n', f);
    }
    fputs("  certrebind --help | --version\n\n", f);
    fputs(SELECTION_TEXT, f);
    static const char *const headings[] = {"Options:\n", "Selection options:\n",
                                           "Where tool output comes from (default: run the built-in Windows tools):\n"};
    for (int s = SEC_COMMAND; s <= SEC_SOURCE; s++) {
        fprintf(f, "\n%s", headings[s]);
        for (size_t k = 0; k < OPTION_COUNT; k++)
            if (option_table[k].section == (enum section)s)
                usage_option_help(f, &option_table[k]);
    }
    fprintf(f, "\n%s", EXIT_TEXT);
}

/* ---------- parse ---------- */

static int usage_error(const char *fmt, ...) CERTREBIND_PRINTF(1, 2);

/* The last usage error, for the JSON report of a command asked for JSON (one parse per process). */
static char usage_message[512];

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(usage_message, sizeof usage_message, fmt, ap);
    va_end(ap);
    fprintf(stderr, "certrebind: %s\nTry 'certrebind --help'.\n", usage_message);
    return EXIT_USAGE;
}

/* --format json (or --format=json) anywhere after the command. */
static int json_requested(int argc, char **argv)
{
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "--format=json") || (!strcmp(argv[i], "--format") && i + 1 < argc && !strcmp(argv[i + 1], "json")))
            return 1;
    return 0;
}

/* A program that asked for JSON reads one object on standard output even when the command line
 * is wrong; people read the message on standard error. */
static void usage_error_json(int argc, char **argv)
{
    int words;
    const struct command *c = argc > 1 ? find_command(argc, argv, &words) : NULL;
    if (!c || !c->formats || !one_of("json", c->formats) || !json_requested(argc, argv))
        return;
    if (in_list(CHANGE_REPORTERS, c->name)) {
        report_change_refused_json(stdout, EXIT_USAGE, usage_message);
        return;
    }
    struct diags d;
    diags_init(&d);
    diag_add(&d, SEV_ERROR, 0, NULL, "%s", usage_message);
    report_error_json(stdout, EXIT_USAGE, &d);
    diags_free(&d);
}

/* "plan does not take --yes (apply, restore do)" */
static int not_for_command(const struct command *c, const struct option_def *opt)
{
    char who[256] = "";
    size_t n = 0;
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (takes(&command_table[i], opt)) {
            size_t l = strlen(who);
            snprintf(who + l, sizeof who - l, "%s%s", n++ ? ", " : "", command_table[i].name);
        }
    return usage_error("%s does not take %s (%s %s)", c->name, opt->name, who, n == 1 ? "does" : "do");
}

/* One argument at argv[*i] that starts with "--"; may consume the next one as its value. */
static int parse_option(const struct command *c, int argc, char **argv, int *i, struct options *o,
                        unsigned char seen[OPTION_COUNT])
{
    const char *a = argv[*i];
    const char *eq = strchr(a, '=');
    size_t nl = eq ? (size_t)(eq - a) : strlen(a);
    const struct option_def *opt = find_option_for(c, a, nl);
    if (!opt)
        return usage_error("unknown option '%.*s'", (int)nl, a);
    if (!takes(c, opt))
        return not_for_command(c, opt);
    const char *val = NULL;
    if (!opt->value) {
        if (eq)
            return usage_error("option '%s' takes no value", opt->name);
    } else if (eq) {
        val = eq + 1;
    } else if (*i + 1 < argc) {
        val = argv[++*i];
    } else {
        return usage_error("option '%s' needs a value", opt->name);
    }
    size_t k = (size_t)(opt - option_table);
    if (seen[k]++ && opt->value)
        return usage_error("option '%s' is given twice; it takes one value", opt->name);
    const char *want = opt->parse(val, (char *)o + opt->field, c);
    if (want)
        return usage_error("%s takes %s, not '%s'", opt->name, want, val);
    return 0;
}

/* A file this run reads: --input, restore's backup, a recording of --from DIR. */
static const char *input_named_by(const struct options *o, const char *path)
{
    const struct source_spec *s = &o->host.source;
    if (s->input && strcmp(s->input, "-") && paths_same_file(path, s->input))
        return s->input;
    for (int i = 0; i < o->n_positional; i++)
        if (paths_same_file(path, o->positional[i]))
            return o->positional[i];
    if (s->from_dir && source_is_recorded_name(path_base(path))) {
        char *folder = path_folder(path);
        int inside = paths_same_file(folder, s->from_dir);
        free(folder);
        if (inside)
            return s->from_dir;
    }
    return NULL;
}

/* Checks that concern more than one option. */
static int parse_combinations(const struct options *o)
{
    if (o->unattended && o->force)
        return usage_error("--unattended never proceeds past a warning: it cannot be used with --force");
    if (o->event_log && !o->unattended && strcmp(o->command, "schedule install"))
        return usage_error("--event-log records the events of unattended runs: it needs --unattended");
    if (o->host.source.input && o->host.source.from_dir)
        return usage_error("--input and --from cannot be used together");
    if (o->rollback_file && (!o->format || strcmp(o->format, "cmd")))
        return usage_error("--rollback writes a cmd script: it needs --format cmd");
    if (o->output_file && o->rollback_file && paths_same_file(o->output_file, o->rollback_file))
        return usage_error("--output and --rollback name the same file (%s)", o->rollback_file);
    const char *outputs[] = {o->output_file, o->rollback_file};
    const char *names[] = {"--output", "--rollback"};
    for (int k = 0; k < 2; k++) {
        const char *in = outputs[k] ? input_named_by(o, outputs[k]) : NULL;
        if (in)
            return usage_error("%s %s would overwrite what this run reads (%s)", names[k], outputs[k], in);
    }
    return 0;
}

static void options_defaults(struct options *o)
{
    memset(o, 0, sizeof *o);
    o->out = stdout;
    o->err = stderr;
    o->days = 30;
    o->at[0] = 3;
    o->host.source.timeout_ms = 60000;
}

/* Fills o and *cmd from argv. Returns -1 when the command may run, else the exit status (0 after
 * --help or --version, 2 after a usage error). */
static int cli_parse(int argc, char **argv, struct options *o, const struct command **cmd)
{
    options_defaults(o);
    if (argc < 2)
        return usage_error("no command given");
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") || (i == 1 && !strcmp(argv[i], "help"))) {
            usage(stdout);
            return EXIT_OK;
        }
    if (!strcmp(argv[1], "--version")) {
        printf("certrebind %s\n", CERTREBIND_VERSION);
        return EXIT_OK;
    }
    int words = 1;
    const struct command *c = find_command(argc, argv, &words);
    if (!c)
        return usage_error("unknown command '%s'", argv[1]);
    o->command = c->name;
    unsigned char seen[OPTION_COUNT] = {0};
    for (int i = 1 + words; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '-' && a[1] == '-' && a[2]) {
            int rc = parse_option(c, argc, argv, &i, o, seen);
            if (rc)
                return rc;
        } else if (a[0] == '-') {
            return usage_error("unexpected '%s'", a);
        } else if (o->n_positional >= c->max_args ||
                   o->n_positional >= (int)(sizeof o->positional / sizeof o->positional[0])) {
            return usage_error("%s takes %s, not '%s'", c->name, c->max_args ? "one argument" : "no arguments", a);
        } else {
            o->positional[o->n_positional++] = a;
        }
    }
    if (o->n_positional < c->min_args)
        return usage_error("%s needs %s", c->name, c->args);
    for (size_t k = 0; k < OPTION_COUNT; k++)
        if (!seen[k] && required(c, &option_table[k]))
            return usage_error("%s needs %s %s", c->name, option_table[k].name, option_table[k].value);
    if (parse_combinations(o))
        return EXIT_USAGE;
    o->now_given = seen[find_option("--now", 5) - option_table] != 0;
    o->days_given = seen[find_option("--days", 6) - option_table] != 0;
    if (!o->now_given)
        o->now = now_utc();
    *cmd = c;
    return -1;
}

/* ---------- dispatch ---------- */

/* A report that could not be written is a failure, never a silent success (as git's run_builtin
 * checks standard output). The exit statuses of a failed apply keep priority: they say what state
 * the machine is in. */
static int output_failed(int rc, const char *what, const char *why)
{
    fprintf(stderr, "certrebind: write failure on %s: %s\n", what, why);
    return rc == EXIT_ROLLED_BACK || rc == EXIT_ROLLBACK_FAILED ? rc : EXIT_FAIL;
}

/* The --output file could not be made or written: a program that asked for JSON finds no report
 * there, so it reads the error as the one object on standard output. */
static void output_file_error_json(const struct options *o, int rc, const char *message)
{
    if (!o->format || strcmp(o->format, "json") != 0)
        return;
    struct diags d;
    diags_init(&d);
    diag_add(&d, SEV_ERROR, 0, NULL, "%s", message);
    report_error_json(stdout, rc, &d);
    diags_free(&d);
}

/* Runs the command with its report going to --output (when given), then checks every write. */
static int cli_dispatch(const struct command *c, struct options *o)
{
    struct output_file of = {0};
    char *err = NULL;
    if (o->output_file && output_begin(&of, o->output_file, &err) != 0) {
        fprintf(stderr, "certrebind: %s\n", err);
        output_file_error_json(o, EXIT_FAIL, err);
        free(err);
        return EXIT_FAIL;
    }
    if (of.f)
        o->out = of.f;
    int rc = c->run(o);
    parser_tables_free();
    if (of.f) {
        /* nothing written (a refused script): the file named is left as it was */
        if (fflush(of.f) == 0 && !ferror(of.f) && ftell(of.f) == 0)
            output_abandon(&of);
        else if (output_commit(&of, &err) != 0) {
            rc = output_failed(rc, o->output_file, err);
            char message[1024];
            snprintf(message, sizeof message, "write failure on %s: %s", o->output_file, err);
            output_file_error_json(o, rc, message);
            free(err);
        }
    }
    if (fflush(stdout) != 0 || ferror(stdout))
        rc = output_failed(rc, "standard output", strerror(errno));
    return rc;
}

int cli_main(int argc, char **argv)
{
    struct options o;
    const struct command *c = NULL;
    int rc = cli_parse(argc, argv, &o, &c);
    if (rc == EXIT_USAGE)
        usage_error_json(argc, argv);
    return rc >= 0 ? rc : cli_dispatch(c, &o);
}
