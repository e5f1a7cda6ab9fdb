#include "report_plan.h"

#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "json.h"
#include "version.h"
#include "netsh.h"
#include "printable.h"

const char *step_tool_name(enum step_tool t) { return t == TOOL_APPCMD ? "appcmd" : "netsh"; }

static const char *op_name(enum step_op op)
{
    switch (op) {
    case STEP_UPDATE: return "update";
    case STEP_DELETE: return "delete";
    case STEP_ADD: return "add";
    case STEP_SITE_BINDING_ADD: return "site-binding-add";
    case STEP_SITE_BINDING_DELETE: return "site-binding-delete";
    }
    return "?";
}

/* One argument as a person reads it in a message or log (not a script: batch.c writes those):
 * quoted when it has a space or one of cmd's special characters. */
static void add_display_arg(struct strbuf *out, const char *arg)
{
    int quote = strpbrk(arg, " \t&|<>^()") != NULL;
    const char *eq = strchr(arg, '=');
    if (quote && eq) {
        sb_add(out, arg, (size_t)(eq - arg) + 1);
        arg = eq + 1;
    }
    if (quote)
        sb_addc(out, '"');
    sb_adds(out, arg);
    if (quote)
        sb_addc(out, '"');
}

void format_step_command(struct strbuf *out, enum step_tool tool, const char *const *argv)
{
    if (tool == TOOL_NETSH) {
        format_netsh_command(out, argv);
        return;
    }
    sb_adds(out, "appcmd");
    for (size_t i = 0; argv[i]; i++) {
        sb_addc(out, ' ');
        add_display_arg(out, argv[i]);
    }
}

void format_netsh_command(struct strbuf *out, const char *const *argv)
{
    sb_adds(out, "netsh");
    for (size_t i = 0; argv[i]; i++) {
        sb_addc(out, ' ');
        add_display_arg(out, argv[i]);
    }
}

int plan_uses_appcmd(const struct plan *p)
{
    for (size_t i = 0; i < p->step_count; i++)
        if (p->steps[i].tool == TOOL_APPCMD)
            return 1;
    return 0;
}

/* The script variable holding the tool a step runs. */
static const char *tool_var(enum step_tool t) { return t == TOOL_APPCMD ? "APPCMD" : "NETSH"; }

void report_plan_text(FILE *out, const struct plan *p)
{
    fprintf_printable(out, "Plan: %s.\n", p->summary);
    if (plan_uses_appcmd(p))
        fprintf_printable(out, "Method: %s; each step has its undo.\n", p->method_reason);
    else if (p->step_count)
        fprintf_printable(out, "Method: netsh http %s, because %s.\n",
                p->uses_update ? "update sslcert (atomic: the socket is never without a certificate)"
                               : "delete sslcert then add sslcert (the socket has no certificate between the two)",
                p->method_reason);
    for (size_t i = 0; i < p->step_count; i++) {
        const struct step *s = &p->steps[i];
        if (s->tool == TOOL_APPCMD) {
            fprintf_printable(out, "  %zu. %-19s site \"%s\": https/%s", i + 1, op_name(s->op), s->site,
                              s->site_binding_info);
            if (s->op == STEP_SITE_BINDING_ADD)
                fprintf_printable(out, " (sslFlags=%d%s)", s->ssl_flags, s->ssl_flags & 1 ? ": SNI" : "");
            fputc('\n', out);
            continue;
        }
        fprintf_printable(out, "  %zu. %-6s %-13s %s", i + 1, op_name(s->op), binding_kind_name(s->kind), s->socket);
        if (s->op != STEP_DELETE)
            fprintf_printable(out, "  %s -> %s (store %s, app %s, %s)",
                    s->before && s->before->certhash ? s->before->certhash : "(none)", s->new_hash ? s->new_hash : "?",
                    s->new_store ? s->new_store : "?", s->new_appid ? s->new_appid : "?",
                    s->before        ? "every other setting kept"
                    : s->from_backup ? "every other setting as the backup holds it"
                                     : "a new binding: netsh's defaults for every other setting");
        fputc('\n', out);
    }
    if (p->site_count) {
        fprintf_printable(out, "IIS sites on the sockets that change (from appcmd list site):\n");
        for (size_t i = 0; i < p->site_count; i++) {
            const struct plan_site *s = &p->sites[i];
            if (i > 0 && !strcmp(s->name, p->sites[i - 1].name) && !strcmp(s->site_binding, p->sites[i - 1].site_binding))
                continue; /* printed with the previous line */
            fprintf_printable(out, "  - \"%s\" (id %ld, %s): %s via %s", s->name, s->id, s->state ? s->state : "?",
                    s->site_binding, s->socket);
            for (size_t k = i + 1; k < p->site_count && !strcmp(p->sites[k].name, s->name) &&
                                   !strcmp(p->sites[k].site_binding, s->site_binding);
                 k++)
                fprintf_printable(out, ", %s", p->sites[k].socket);
            fputc('\n', out);
        }
    }
    if (p->commands_hint)
        fprintf_printable(out, "%s\n", p->commands_hint);
    else if (plan_uses_appcmd(p))
        fprintf_printable(out, "Exact commands: add --format cmd to this command (a script to review; nothing runs).\n");
    else
        fprintf_printable(out, "Exact commands: certrebind plan ... --format cmd (or --format json).\n");
    for (size_t i = 0; i < p->note_count; i++)
        fprintf_printable(out, "Note: %s.\n", p->notes[i]);
    for (size_t i = 0; i < p->warning_count; i++)
        fprintf_printable(out, "Warning%s: %s.\n", p->warnings[i].needs_force ? " (needs --force)" : "", p->warnings[i].message);
    for (size_t i = 0; i < p->error_count; i++)
        fprintf_printable(out, "Error: %s.\n", p->errors[i].message);
}

static void json_argv(struct json *j, const char *const *argv)
{
    json_begin_array(j);
    for (size_t i = 0; argv[i]; i++)
        json_string(j, argv[i]);
    json_end_array(j);
}

static void json_issues(struct json *j, const char *key, const struct plan_issue *items, size_t n)
{
    json_key(j, key);
    json_begin_array(j);
    for (size_t i = 0; i < n; i++)
        json_string(j, items[i].message);
    json_end_array(j);
}

void report_plan_json_value(struct json *j, const struct plan *p)
{
    json_begin_object(j);
    json_key(j, "steps");
    json_begin_array(j);
    for (size_t i = 0; i < p->step_count; i++) {
        const struct step *s = &p->steps[i];
        json_begin_object(j);
        json_kv_string(j, "tool", step_tool_name(s->tool));
        json_kv_string(j, "op", op_name(s->op));
        json_kv_string(j, "kind", binding_kind_name(s->kind));
        json_kv_string(j, "socket", s->socket);
        if (s->tool == TOOL_APPCMD) {
            json_kv_string(j, "site", s->site);
            json_kv_string(j, "binding_information", s->site_binding_info);
            json_kv_int(j, "ssl_flags", s->ssl_flags);
        }
        json_key(j, "argv");
        json_argv(j, s->argv);
        json_kv_string(j, "old_certhash", s->before ? s->before->certhash : NULL);
        json_kv_string(j, "new_certhash", s->new_hash);
        json_key(j, "undo");
        json_begin_array(j);
        for (size_t u = 0; u < s->undo_count; u++)
            json_argv(j, s->undo[u]);
        json_end_array(j);
        json_end_object(j);
    }
    json_end_array(j);
    json_issues(j, "warnings", p->warnings, p->warning_count);
    json_issues(j, "errors", p->errors, p->error_count);
    json_key(j, "warnings_needing_force");
    json_begin_array(j);
    for (size_t i = 0; i < p->warning_count; i++)
        if (p->warnings[i].needs_force)
            json_string(j, p->warnings[i].message);
    json_end_array(j);
    json_key(j, "notes");
    json_begin_array(j);
    for (size_t i = 0; i < p->note_count; i++)
        json_string(j, p->notes[i]);
    json_end_array(j);
    json_key(j, "sites");
    json_begin_array(j);
    for (size_t i = 0; i < p->site_count; i++) {
        json_begin_object(j);
        json_kv_string(j, "name", p->sites[i].name);
        json_kv_int(j, "id", p->sites[i].id);
        json_kv_string(j, "state", p->sites[i].state);
        json_kv_string(j, "binding", p->sites[i].site_binding);
        json_kv_string(j, "socket", p->sites[i].socket);
        json_end_object(j);
    }
    json_end_array(j);
    json_kv_string(j, "method", p->uses_update ? "update" : "delete+add");
    json_kv_string(j, "method_reason", p->method_reason);
    json_kv_int(j, "bindings_changed", (long long)p->bindings_changed);
    json_kv_bool(j, "blocked", p->blocked);
    json_kv_string(j, "summary", p->summary);
    json_end_object(j);
}

void report_plan_json(FILE *out, const struct plan *p)
{
    struct json j;
    json_init(&j, out, 1);
    report_plan_json_value(&j, p);
    json_finish(&j);
}

static void line(struct strbuf *out, const char *s)
{
    sb_adds(out, s);
    sb_adds(out, "\r\n");
}

/* Every netsh line of both scripts, tried before a byte is written: a value batch.c refuses is
 * reported once per binding, naming it, and no script is written at all. */
static int plan_scriptable(const struct plan *p, struct diags *d)
{
    int rc = 0;
    struct strbuf scratch;
    sb_init(&scratch);
    for (size_t i = 0; i < p->step_count; i++) {
        const struct step *s = &p->steps[i];
        const char *const *lines[3] = {s->argv, NULL, NULL};
        for (size_t u = 0; u < s->undo_count && u < 2; u++)
            lines[u + 1] = s->undo[u];
        for (size_t l = 0; l < 3 && lines[l]; l++) {
            size_t bad;
            const char *why;
            scratch.len = 0;
            if (batch_command(&scratch, tool_var(s->tool), lines[l], &bad, &why) == 0)
                continue;
            struct strbuf sock, arg;
            sb_init(&sock);
            sb_init(&arg);
            batch_visible(&sock, s->socket, 200);
            batch_visible(&arg, lines[l][bad], 200);
            diag_add(d, SEV_ERROR, 0, NULL, "no script written: binding %s (step %zu, %s%s): its %s argument %s has %s",
                     sock.data, i + 1, l ? "undo of " : "", op_name(s->op), step_tool_name(s->tool), arg.data, why);
            sb_free(&sock);
            sb_free(&arg);
            rc = -1;
            break;
        }
    }
    sb_free(&scratch);
    return rc;
}

static void tool_line(struct strbuf *out, enum step_tool tool, const char *const *argv)
{
    size_t bad;
    const char *why;
    if (batch_command(out, tool_var(tool), argv, &bad, &why) != 0)
        abort(); /* plan_scriptable accepted every argv line first */
}

static void script_header(struct strbuf *out, const struct plan *p, const char *generated_at, const char *what)
{
    sb_adds(out, BATCH_PROLOGUE);
    batch_rem(out, "%s, generated by certrebind %s on %s.", what, CERTREBIND_VERSION, generated_at);
    batch_rem(out, "Plan: %s.", p->summary);
    batch_rem(out, "Review every line before running it as Administrator. Built-in tools only.");
    for (size_t i = 0; i < p->warning_count; i++)
        batch_rem(out, "Warning: %s.", p->warnings[i].message);
    line(out, "");
    line(out, "set \"NETSH=%SystemRoot%\\System32\\netsh.exe\"");
    if (plan_uses_appcmd(p))
        line(out, "set \"APPCMD=%SystemRoot%\\System32\\inetsrv\\appcmd.exe\"");
    batch_rem(out, "net session succeeds only in an elevated prompt");
    line(out, "\"%SystemRoot%\\System32\\net.exe\" session >nul 2>&1");
    line(out, "if errorlevel 1 goto :not_elevated");
}

/* Messages live at labels, never inside ( ) blocks: a path with a parenthesis in %BACKUP%
 * (C:\Program Files (x86)\...) would end such a block early. */
static void script_footer(struct strbuf *out)
{
    line(out, "");
    line(out, ":not_elevated");
    batch_echo(out, "This script must run as Administrator: right-click it, Run as administrator.");
    line(out, "exit /b 5");
}

/* echo TEXT "%BACKUP%" TEXT: the path is quoted, a folder named R&D stays text */
static void echo_backup(struct strbuf *out, const char *before, const char *after)
{
    sb_adds(out, "echo ");
    batch_text(out, before);
    batch_var(out, "BACKUP", 1);
    batch_text(out, after);
    sb_adds(out, "\r\n");
}

static void set_number(struct strbuf *out, const char *name, size_t n)
{
    char value[32];
    const char *why;
    snprintf(value, sizeof value, "%zu", n);
    if (batch_set(out, name, value, &why) != 0)
        abort(); /* constant names, decimal values */
}

int report_plan_cmd(struct strbuf *out, const struct plan *p, const char *generated_at, struct diags *d)
{
    if (plan_scriptable(p, d) != 0)
        return -1;
    script_header(out, p, generated_at, "Rebind script");
    line(out, "");
    batch_rem(out, "Record the current bindings first, next to this script.");
    line(out, "set \"BACKUP=%~dpn0-before.txt\"");
    line(out, "\"%NETSH%\" http show sslcert > \"%BACKUP%\"");
    line(out, "if errorlevel 1 goto :no_backup");
    if (plan_uses_appcmd(p)) { /* the IIS sites too, with their sslFlags */
        line(out, "\"%APPCMD%\" list site /config >> \"%BACKUP%\"");
        line(out, "if errorlevel 1 goto :no_backup");
    }
    echo_backup(out, "Current bindings saved to ", "");
    set_number(out, "DONE", 0);
    for (size_t i = 0; i < p->step_count; i++) {
        const struct step *s = &p->steps[i];
        line(out, "");
        batch_rem(out, "Step %zu of %zu: %s %s", i + 1, p->step_count, op_name(s->op), s->socket);
        batch_echo(out, "Step %zu of %zu: %s %s", i + 1, p->step_count, op_name(s->op), s->socket);
        tool_line(out, s->tool, s->argv);
        line(out, "if errorlevel 1 goto :rollback");
        set_number(out, "DONE", i + 1);
    }
    line(out, "");
    line(out, "\"%NETSH%\" http show sslcert");
    if (plan_uses_appcmd(p))
        line(out, "\"%APPCMD%\" list site");
    batch_echo(out, "All %zu step(s) done.%s", p->step_count,
               plan_uses_appcmd(p) ? "" : " The old certificate stays in the store.");
    line(out, "exit /b 0");
    line(out, "");
    line(out, ":rollback");
    sb_adds(out, "echo ");
    batch_text(out, "A step failed after ");
    batch_var(out, "DONE", 0);
    batch_text(out, " step(s) succeeded; undoing them in reverse order.");
    sb_adds(out, "\r\n");
    set_number(out, "UNDO_FAILED", 0);
    /* completed steps are undone newest first; a delete whose add failed counts as completed */
    for (size_t k = p->step_count; k-- > 0;) {
        const struct step *s = &p->steps[k];
        for (size_t u = 0; u < s->undo_count; u++) {
            sb_printf(out, "if %%DONE%% LSS %zu goto :undo_%zu_%zu\r\n", k + 1, k + 1, u);
            tool_line(out, s->tool, s->undo[u]);
            line(out, "if errorlevel 1 set \"UNDO_FAILED=1\"");
            sb_printf(out, ":undo_%zu_%zu\r\n", k + 1, u);
        }
    }
    line(out, "\"%NETSH%\" http show sslcert");
    line(out, "if %UNDO_FAILED%==1 goto :undo_failed");
    batch_echo(out, "Every completed step was undone; the bindings are as they were.");
    line(out, "exit /b 4");
    line(out, "");
    line(out, ":undo_failed");
    echo_backup(out, "The undo did not complete. Compare with the saved bindings in ", " and re-create what is missing.");
    line(out, "exit /b 5");
    line(out, "");
    line(out, ":no_backup");
    echo_backup(out, "Cannot record the current bindings to ", "; nothing was changed.");
    line(out, "exit /b 1");
    script_footer(out);
    return 0;
}

int report_plan_rollback_cmd(struct strbuf *out, const struct plan *p, const char *generated_at, struct diags *d)
{
    if (plan_scriptable(p, d) != 0)
        return -1;
    script_header(out, p, generated_at, "Rollback script (undoes the matching rebind script after it completed)");
    set_number(out, "FAILED", 0);
    for (size_t k = p->step_count; k-- > 0;) {
        const struct step *s = &p->steps[k];
        for (size_t u = 0; u < s->undo_count; u++) {
            line(out, "");
            batch_rem(out, "Undo step %zu: %s %s", k + 1, op_name(s->op), s->socket);
            tool_line(out, s->tool, s->undo[u]);
            line(out, "if errorlevel 1 set \"FAILED=1\"");
        }
    }
    line(out, "");
    line(out, "\"%NETSH%\" http show sslcert");
    line(out, "if %FAILED%==1 goto :failed");
    batch_echo(out, "Rolled back.");
    line(out, "exit /b 0");
    line(out, "");
    line(out, ":failed");
    batch_echo(out, "Some undo steps failed; see the messages above.");
    line(out, "exit /b 5");
    script_footer(out);
    return 0;
}
