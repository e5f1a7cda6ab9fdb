/* Arguments and dispatch only; each command lives in cmd_<name>.c. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "appcmd.h"
#include "certutil.h"
#include "netsh.h"
#include "netsh_result.h"
#include "platform.h"
#include "timeutil.h"

#ifndef CERTREBIND_VERSION
#define CERTREBIND_VERSION "dev"
#endif

static const char USAGE[] =
    "usage:\n"
    "  certrebind bindings [--input FILE|-] [--format text|json]\n"
    "  certrebind certs    [--input FILE|-] [--store NAME] [--format text|json]\n"
    "  certrebind plan     SELECTION [--format text|json|cmd] [--output FILE] [--rollback FILE]\n"
    "  certrebind apply    SELECTION [--backup-dir DIR] [--yes]\n"
    "  certrebind restore  BACKUP-FILE [--yes]\n"
    "  certrebind audit    [--days N] [--format text|json]\n"
    "  certrebind --help | --version\n"
    "\n"
    "SELECTION:\n"
    "  --old HASH --new HASH          move every binding of HASH to NEW\n"
    "  --auto [--days N]              renew bindings whose certificate expires within N days (30)\n"
    "  --socket ipport=IP:PORT|hostnameport=HOST:PORT --new HASH [--appid GUID]\n"
    "\n"
    "Where tool output comes from (default: run the built-in Windows tools):\n"
    "  --from DIR                     replay recorded output (netsh-http-show-sslcert.txt, ...)\n"
    "  --input FILE|-                 parse one recorded output (bindings, certs)\n"
    "  --netsh PATH, --certutil PATH, --appcmd PATH   run these programs instead\n"
    "  --codepage N                   code page of recorded bytes without BOM (default 437)\n"
    "  --date-order mdy|dmy|ymd       how to read ambiguous certutil dates\n"
    "  --timeout SECONDS              per tool call (default 60)\n"
    "  --now YYYY-MM-DD[THH:MM:SS]    evaluate validity at this time (reproducible reports)\n"
    "  --update auto|yes|no           whether netsh has `http update sslcert` (default: probe)\n"
    "  --force                        proceed despite warnings (names not covered, shorter validity)\n"
    "\n"
    "Exit status: 0 ok, 1 failure, 2 usage, 3 nothing to do, 4 apply rolled back, 5 rollback incomplete.\n";

struct command {
    const char *name;
    int (*run)(const struct options *o);
};

static const struct command commands[] = {
    {"bindings", cmd_bindings},
    {"certs", cmd_certs},
    {"plan", cmd_plan},
    {"apply", cmd_apply},
    {"restore", cmd_restore},
    {"audit", cmd_audit},
};

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "certrebind: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'certrebind --help'.\n");
    return EXIT_USAGE;
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

int cli_main(int argc, char **argv)
{
    struct options o;
    memset(&o, 0, sizeof o);
    o.out = stdout;
    o.err = stderr;
    o.days = 30;
    o.timeout_ms = 60000;
    if (argc < 2)
        return usage_error("%s", "no command given");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        fputs(USAGE, stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("certrebind %s\n", CERTREBIND_VERSION);
        return EXIT_OK;
    }
    o.command = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        /* options that take a value: --name VALUE or --name=VALUE */
        static const char *const valued[] = {"--input", "--from", "--format", "--store", "--netsh", "--certutil",
                                             "--appcmd", "--codepage", "--date-order", "--old", "--new", "--days",
                                             "--socket", "--appid", "--backup-dir", "--rollback", "--output",
                                             "--update", "--now", "--timeout", NULL};
        const char *val = NULL;
        char name[32] = "";
        if (a[0] == '-' && a[1] == '-' && a[2]) {
            const char *eq = strchr(a, '=');
            size_t nl = eq ? (size_t)(eq - a) : strlen(a);
            if (nl >= sizeof name)
                return usage_error("unknown option '%s'", a);
            memcpy(name, a, nl);
            name[nl] = '\0';
            int takes = 0;
            for (int k = 0; valued[k]; k++)
                if (!strcmp(valued[k], name))
                    takes = 1;
            if (takes) {
                if (eq)
                    val = eq + 1;
                else if (i + 1 < argc)
                    val = argv[++i];
                else
                    return usage_error("option '%s' needs a value", name);
            } else if (eq) {
                return usage_error("option '%s' takes no value", name);
            }
        } else if (!strcmp(a, "-")) {
            return usage_error("unexpected '%s'", a);
        } else {
            if (o.n_positional >= (int)(sizeof o.positional / sizeof o.positional[0]))
                return usage_error("too many arguments ('%s')", a);
            o.positional[o.n_positional++] = a;
            continue;
        }
        if (!strcmp(name, "--input")) o.input = val;
        else if (!strcmp(name, "--from")) o.from_dir = val;
        else if (!strcmp(name, "--format")) o.format = val;
        else if (!strcmp(name, "--store")) o.store = val;
        else if (!strcmp(name, "--netsh")) o.netsh_path = val;
        else if (!strcmp(name, "--certutil")) o.certutil_path = val;
        else if (!strcmp(name, "--appcmd")) o.appcmd_path = val;
        else if (!strcmp(name, "--old")) o.old_hash = val;
        else if (!strcmp(name, "--new")) o.new_hash = val;
        else if (!strcmp(name, "--socket")) o.socket = val;
        else if (!strcmp(name, "--appid")) o.appid = val;
        else if (!strcmp(name, "--backup-dir")) o.backup_dir = val;
        else if (!strcmp(name, "--rollback")) o.rollback_file = val;
        else if (!strcmp(name, "--output")) o.output_file = val;
        else if (!strcmp(name, "--update")) {
            if (strcmp(val, "auto") && strcmp(val, "yes") && strcmp(val, "no"))
                return usage_error("--update takes auto, yes or no, not '%s'", val);
            o.update_mode = val;
        } else if (!strcmp(name, "--date-order")) {
            if (strcmp(val, "mdy") && strcmp(val, "dmy") && strcmp(val, "ymd"))
                return usage_error("--date-order takes mdy, dmy or ymd, not '%s'", val);
            o.date_order = val;
        } else if (!strcmp(name, "--codepage")) {
            if (parse_int(val, 1, 65535, &o.codepage) != 0)
                return usage_error("--codepage takes a code page number, not '%s'", val);
        } else if (!strcmp(name, "--days")) {
            if (parse_int(val, 0, 36500, &o.days) != 0)
                return usage_error("--days takes a number of days, not '%s'", val);
        } else if (!strcmp(name, "--timeout")) {
            int secs;
            if (parse_int(val, 1, 86400, &secs) != 0)
                return usage_error("--timeout takes seconds, not '%s'", val);
            o.timeout_ms = secs * 1000;
        } else if (!strcmp(name, "--now")) {
            if (parse_iso8601(val, &o.now) != 0)
                return usage_error("--now takes YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, not '%s'", val);
            o.now_given = 1;
        } else if (!strcmp(name, "--auto")) o.auto_mode = 1;
        else if (!strcmp(name, "--yes")) o.yes = 1;
        else if (!strcmp(name, "--force")) o.force = 1;
        else if (!strcmp(name, "--help")) {
            fputs(USAGE, stdout);
            return EXIT_OK;
        } else
            return usage_error("unknown option '%s'", a);
    }
    if (o.format && strcmp(o.format, "text") && strcmp(o.format, "json") && strcmp(o.format, "cmd"))
        return usage_error("--format takes text, json or cmd, not '%s'", o.format);
    if (o.input && o.from_dir)
        return usage_error("%s", "--input and --from cannot be used together");
    if (!o.now_given)
        o.now = now_utc();
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++) {
        if (!strcmp(commands[c].name, o.command)) {
            int rc = commands[c].run(&o);
            fflush(stdout);
            netsh_patterns_free();
            certutil_patterns_free();
            appcmd_patterns_free();
            netsh_result_patterns_free();
            return rc;
        }
    }
    return usage_error("unknown command '%s'", o.command);
}
