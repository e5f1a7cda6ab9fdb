/* Command-line options shared by every command (parsed in cli.c; no logic here). */
#ifndef CERTREBIND_CLI_H
#define CERTREBIND_CLI_H

#include <stdio.h>
#include <time.h>

enum exit_status {
    EXIT_OK = 0,
    EXIT_FAIL = 1,
    EXIT_USAGE = 2,
    EXIT_NOTHING = 3,
    EXIT_ROLLED_BACK = 4,
    EXIT_ROLLBACK_FAILED = 5,
};

struct options {
    const char *command;
    const char *input;      /* --input FILE|- */
    const char *from_dir;   /* --from DIR */
    const char *format;     /* text|json|cmd (NULL = text) */
    const char *store;      /* --store NAME (certs) */
    const char *netsh_path, *certutil_path, *appcmd_path;
    int codepage;           /* --codepage N; 0 = default */
    const char *date_order; /* mdy|dmy|ymd or NULL */
    /* selections */
    const char *old_hash, *new_hash;
    int auto_mode;
    int days;               /* --days N (default 30) */
    const char *socket;     /* ipport=...|hostnameport=... */
    const char *appid;
    /* plan / apply */
    const char *backup_dir;
    const char *rollback_file; /* --rollback FILE (cmd format) */
    const char *output_file;   /* --output FILE */
    const char *update_mode;   /* --update auto|yes|no: does this netsh have `update sslcert`? */
    int yes, force;
    time_t now;             /* --now YYYY-MM-DD[THH:MM:SS] for reproducible reports; else the clock */
    int now_given;
    int timeout_ms;         /* per tool call, default 60000 */
    const char *positional[8];
    int n_positional;
    FILE *out, *err;        /* where reports and messages go */
};

int cli_main(int argc, char **argv);

/* Commands (one file each: cmd_<name>.c). They return an enum exit_status. */
int cmd_bindings(const struct options *o);
int cmd_certs(const struct options *o);
int cmd_plan(const struct options *o);
int cmd_apply(const struct options *o);
int cmd_restore(const struct options *o);
int cmd_audit(const struct options *o);

struct plan;
/* 0 when the plan has steps and may run, 3 when there is nothing to do, 1 when refused/held back. */
int plan_exit_status(const struct plan *p);

#endif
