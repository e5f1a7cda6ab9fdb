/* Command-line options shared by every command (parsed in cli.c; no logic here). */
#ifndef CERTREBIND_CLI_H
#define CERTREBIND_CLI_H

#include <stdio.h>
#include <time.h>

#include "exit_status.h"
#include "host_state.h"

struct options {
    const char *command;
    struct host_spec host;  /* --input, --from, --netsh ..., --codepage, --timeout, --date-order, --update */
    const char *format;     /* text|json|cmd (NULL = text) */
    const char *store;      /* --store NAME (certs) */
    /* selections */
    const char *old_hash, *new_hash;
    int auto_mode;
    int days;               /* --days N (default 30) */
    const char *socket;     /* ipport=...|hostnameport=... */
    const char *appid;
    /* bind / unbind */
    const char *site_name;  /* --site NAME */
    const char *host_name;  /* --host HOST */
    int port;               /* --port N (0: 443) */
    const char *cert_hash;  /* --cert HASH */
    /* plan / apply */
    const char *backup_dir;
    const char *rollback_file; /* --rollback FILE (cmd format) */
    const char *output_file;   /* --output FILE */
    int yes, force;
    int unattended;         /* --unattended (apply, accept): never prompts, never past a warning */
    const char *event_log;  /* --event-log FILE (with --unattended): events appended as lines */
    /* request / accept */
    const char *like_hash;     /* --like HASH */
    const char *key_type;      /* --key rsa2048|... (NULL: rsa2048) */
    const char *template_name; /* --template NAME */
    const char *out_dir;       /* --out DIR */
    int print_only;            /* --print */
    int plan_only;             /* --plan-only */
    /* schedule */
    int at[2];                 /* --at HH:MM (default 03:00) */
    const char *exe_path;      /* --exe PATH */
    const char *print_dir;     /* --print DIR (schedule install) */
    const char *schtasks_path; /* --schtasks PATH */
    time_t now;             /* --now YYYY-MM-DD[THH:MM:SS] for reproducible reports; else the clock */
    int now_given;
    int days_given; /* --days was on the command line (o->days is 30 otherwise) */
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
struct apply_request;
/* `certrebind apply` for a caller that knows more than the tools show (accept, the on-renewal
 * run: certificates imported moments ago); cmd_apply is apply_run with an empty request. */
int apply_run(const struct options *o, const struct apply_request *ar);
int cmd_restore(const struct options *o);
int cmd_audit(const struct options *o);
int cmd_request(const struct options *o);
int cmd_accept(const struct options *o);
int cmd_bind(const struct options *o);
int cmd_unbind(const struct options *o);
int cmd_schedule_install(const struct options *o);
int cmd_schedule_show(const struct options *o);
int cmd_schedule_remove(const struct options *o);

#endif
