#include "report_plan.h"

#include <string.h>

#include "json.h"
#include "version.h"
#include "netsh.h"

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

/* Quotes a value for cmd.exe and netsh: spaces and cmd's special characters go inside quotes,
 * and % is doubled (a batch file would expand it). */
static void add_arg(struct strbuf *out, const char *arg, int for_batch)
{
    int quote = strpbrk(arg, " \t&|<>^()") != NULL;
    const char *eq = strchr(arg, '=');
    if (quote && eq) {
        sb_add(out, arg, (size_t)(eq - arg) + 1);
        arg = eq + 1;
    }
    if (quote)
        sb_addc(out, '"');
    for (const char *c = arg; *c; c++) {
        if (*c == '%' && for_batch)
            sb_addc(out, '%');
        sb_addc(out, *c);
    }
    if (quote)
        sb_addc(out, '"');
}

void format_netsh_command(struct strbuf *out, const char *const *argv)
{
    sb_adds(out, "netsh");
    for (size_t i = 0; argv[i]; i++) {
        sb_addc(out, ' ');
        add_arg(out, argv[i], 0);
    }
}

static void batch_netsh(struct strbuf *out, const char *const *argv)
{
    sb_adds(out, "\"%NETSH%\"");
    for (size_t i = 0; argv[i]; i++) {
        sb_addc(out, ' ');
        add_arg(out, argv[i], 1);
    }
}

void report_plan_text(FILE *out, const struct plan *p)
{
    fprintf(out, "Plan: %s.\n", p->summary);
    if (p->step_count)
        fprintf(out, "Method: netsh http %s, because %s.\n",
                p->uses_update ? "update sslcert (atomic: the socket is never without a certificate)"
                               : "delete sslcert then add sslcert (the socket has no certificate between the two)",
                p->method_reason);
    for (size_t i = 0; i < p->step_count; i++) {
        const struct step *s = &p->steps[i];
        fprintf(out, "  %zu. %-6s %-13s %s", i + 1, op_name(s->op), binding_kind_name(s->kind), s->socket);
        if (s->op != STEP_DELETE)
            fprintf(out, "  %s -> %s (store %s, app %s, %s)",
                    s->before && s->before->certhash ? s->before->certhash : "(none)", s->new_hash ? s->new_hash : "?",
                    s->new_store ? s->new_store : "?", s->new_appid ? s->new_appid : "?",
                    s->before ? "every other setting kept" : "a new binding: netsh's defaults for every other setting");
        fputc('\n', out);
    }
    if (p->site_count) {
        fprintf(out, "IIS sites on the sockets that change (from appcmd list site):\n");
        for (size_t i = 0; i < p->site_count; i++) {
            const struct plan_site *s = &p->sites[i];
            if (i > 0 && !strcmp(s->name, p->sites[i - 1].name) && !strcmp(s->site_binding, p->sites[i - 1].site_binding))
                continue; /* printed with the previous line */
            fprintf(out, "  - \"%s\" (id %ld, %s): %s via %s", s->name, s->id, s->state ? s->state : "?",
                    s->site_binding, s->socket);
            for (size_t k = i + 1; k < p->site_count && !strcmp(p->sites[k].name, s->name) &&
                                   !strcmp(p->sites[k].site_binding, s->site_binding);
                 k++)
                fprintf(out, ", %s", p->sites[k].socket);
            fputc('\n', out);
        }
    }
    fprintf(out, "Exact commands: certrebind plan ... --format cmd (or --format json).\n");
    for (size_t i = 0; i < p->note_count; i++)
        fprintf(out, "Note: %s.\n", p->notes[i]);
    for (size_t i = 0; i < p->warning_count; i++)
        fprintf(out, "Warning%s: %s.\n", p->warnings[i].needs_force ? " (needs --force)" : "", p->warnings[i].message);
    for (size_t i = 0; i < p->error_count; i++)
        fprintf(out, "Error: %s.\n", p->errors[i].message);
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

void report_plan_json(FILE *out, const struct plan *p)
{
    struct json j;
    json_init(&j, out, 1);
    json_begin_object(&j);
    json_key(&j, "steps");
    json_begin_array(&j);
    for (size_t i = 0; i < p->step_count; i++) {
        const struct step *s = &p->steps[i];
        json_begin_object(&j);
        json_kv_string(&j, "tool", step_tool_name(s->tool));
        json_kv_string(&j, "op", op_name(s->op));
        json_kv_string(&j, "kind", binding_kind_name(s->kind));
        json_kv_string(&j, "socket", s->socket);
        json_key(&j, "argv");
        json_argv(&j, s->argv);
        json_kv_string(&j, "old_certhash", s->before ? s->before->certhash : NULL);
        json_kv_string(&j, "new_certhash", s->new_hash);
        json_key(&j, "undo");
        json_begin_array(&j);
        for (size_t u = 0; u < s->undo_count; u++)
            json_argv(&j, s->undo[u]);
        json_end_array(&j);
        json_end_object(&j);
    }
    json_end_array(&j);
    json_issues(&j, "warnings", p->warnings, p->warning_count);
    json_issues(&j, "errors", p->errors, p->error_count);
    json_key(&j, "warnings_needing_force");
    json_begin_array(&j);
    for (size_t i = 0; i < p->warning_count; i++)
        if (p->warnings[i].needs_force)
            json_string(&j, p->warnings[i].message);
    json_end_array(&j);
    json_key(&j, "notes");
    json_begin_array(&j);
    for (size_t i = 0; i < p->note_count; i++)
        json_string(&j, p->notes[i]);
    json_end_array(&j);
    json_key(&j, "sites");
    json_begin_array(&j);
    for (size_t i = 0; i < p->site_count; i++) {
        json_begin_object(&j);
        json_kv_string(&j, "name", p->sites[i].name);
        json_kv_int(&j, "id", p->sites[i].id);
        json_kv_string(&j, "state", p->sites[i].state);
        json_kv_string(&j, "binding", p->sites[i].site_binding);
        json_kv_string(&j, "socket", p->sites[i].socket);
        json_end_object(&j);
    }
    json_end_array(&j);
    json_kv_string(&j, "method", p->uses_update ? "update" : "delete+add");
    json_kv_string(&j, "method_reason", p->method_reason);
    json_kv_int(&j, "bindings_changed", (long long)p->bindings_changed);
    json_kv_bool(&j, "blocked", p->blocked);
    json_kv_string(&j, "summary", p->summary);
    json_end_object(&j);
    json_finish(&j);
}

static void line(struct strbuf *out, const char *s)
{
    sb_adds(out, s);
    sb_adds(out, "\r\n");
}

static void script_header(struct strbuf *out, const struct plan *p, const char *generated_at, const char *what)
{
    line(out, "@echo off");
    line(out, "setlocal EnableExtensions DisableDelayedExpansion");
    sb_printf(out, "rem %s, generated by certrebind %s on %s.\r\n", what, CERTREBIND_VERSION, generated_at);
    sb_printf(out, "rem Plan: %s.\r\n", p->summary);
    line(out, "rem Review every line before running it as Administrator. Built-in tools only.");
    for (size_t i = 0; i < p->warning_count; i++)
        sb_printf(out, "rem Warning: %s.\r\n", p->warnings[i].message);
    line(out, "");
    line(out, "set \"NETSH=%SystemRoot%\\System32\\netsh.exe\"");
    line(out, "rem net session succeeds only in an elevated prompt");
    line(out, "\"%SystemRoot%\\System32\\net.exe\" session >nul 2>&1");
    line(out, "if errorlevel 1 goto :not_elevated");
}

/* Messages live at labels, never inside ( ) blocks: a path with a parenthesis in %BACKUP%
 * (C:\Program Files (x86)\...) would end such a block early. */
static void script_footer(struct strbuf *out)
{
    line(out, "");
    line(out, ":not_elevated");
    line(out, "echo This script must run as Administrator: right-click it, Run as administrator.");
    line(out, "exit /b 5");
}

void report_plan_cmd(struct strbuf *out, const struct plan *p, const char *generated_at)
{
    script_header(out, p, generated_at, "Rebind script");
    line(out, "");
    line(out, "rem Record the current bindings first, next to this script.");
    line(out, "set \"BACKUP=%~dpn0-before.txt\"");
    line(out, "\"%NETSH%\" http show sslcert > \"%BACKUP%\"");
    line(out, "if errorlevel 1 goto :no_backup");
    line(out, "echo Current bindings saved to %BACKUP%");
    line(out, "set DONE=0");
    for (size_t i = 0; i < p->step_count; i++) {
        const struct step *s = &p->steps[i];
        line(out, "");
        sb_printf(out, "rem Step %zu of %zu: %s %s\r\n", i + 1, p->step_count, op_name(s->op), s->socket);
        sb_printf(out, "echo Step %zu of %zu: %s %s\r\n", i + 1, p->step_count, op_name(s->op), s->socket);
        batch_netsh(out, s->argv);
        sb_adds(out, "\r\n");
        line(out, "if errorlevel 1 goto :rollback");
        sb_printf(out, "set DONE=%zu\r\n", i + 1);
    }
    line(out, "");
    line(out, "\"%NETSH%\" http show sslcert");
    sb_printf(out, "echo All %zu step(s) done. The old certificate stays in the store.\r\n", p->step_count);
    line(out, "exit /b 0");
    line(out, "");
    line(out, ":rollback");
    line(out, "echo A step failed after %DONE% step(s) succeeded; undoing them in reverse order.");
    line(out, "set UNDO_FAILED=0");
    /* completed steps are undone newest first; a delete whose add failed counts as completed */
    for (size_t k = p->step_count; k-- > 0;) {
        const struct step *s = &p->steps[k];
        for (size_t u = 0; u < s->undo_count; u++) {
            sb_printf(out, "if %%DONE%% LSS %zu goto :undo_%zu_%zu\r\n", k + 1, k + 1, u);
            batch_netsh(out, s->undo[u]);
            sb_adds(out, "\r\nif errorlevel 1 set UNDO_FAILED=1\r\n");
            sb_printf(out, ":undo_%zu_%zu\r\n", k + 1, u);
        }
    }
    line(out, "\"%NETSH%\" http show sslcert");
    line(out, "if %UNDO_FAILED%==1 goto :undo_failed");
    line(out, "echo Every completed step was undone; the bindings are as they were.");
    line(out, "exit /b 4");
    line(out, "");
    line(out, ":undo_failed");
    line(out, "echo The undo did not complete. Compare with the saved bindings in %BACKUP% and re-create what is missing.");
    line(out, "exit /b 5");
    line(out, "");
    line(out, ":no_backup");
    line(out, "echo Cannot record the current bindings to %BACKUP%; nothing was changed.");
    line(out, "exit /b 1");
    script_footer(out);
}

void report_plan_rollback_cmd(struct strbuf *out, const struct plan *p, const char *generated_at)
{
    script_header(out, p, generated_at, "Rollback script (undoes the matching rebind script after it completed)");
    line(out, "set FAILED=0");
    for (size_t k = p->step_count; k-- > 0;) {
        const struct step *s = &p->steps[k];
        for (size_t u = 0; u < s->undo_count; u++) {
            line(out, "");
            sb_printf(out, "rem Undo step %zu: %s %s\r\n", k + 1, op_name(s->op), s->socket);
            batch_netsh(out, s->undo[u]);
            sb_adds(out, "\r\n");
            line(out, "if errorlevel 1 set FAILED=1");
        }
    }
    line(out, "");
    line(out, "\"%NETSH%\" http show sslcert");
    line(out, "if %FAILED%==1 goto :failed");
    line(out, "echo Rolled back.");
    line(out, "exit /b 0");
    line(out, "");
    line(out, ":failed");
    line(out, "echo Some undo steps failed; see the messages above.");
    line(out, "exit /b 5");
    script_footer(out);
}
