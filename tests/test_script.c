/* The .cmd scripts `plan --format cmd` writes: the cmd.exe model (tests/cmdline_model.c) checks
 * that each runs exactly the planned netsh commands and nothing else, for the demo host, for the
 * reproductions of issue 10 section 1 (the demo host with one value changed), and as a property
 * over random strings. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "bind_plan.h"
#include "cmdline_model.h"
#include "host_state.h"
#include "platform.h"
#include "plan.h"
#include "report_plan.h"
#include "strbuf.h"
#include "testutil.h"
#include "dates.h"

static const char OLD[] = "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e";
static const char NEW[] = "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17";
static const char SCRIPT[] = "C:\\Users\\admin\\Desktop\\renew.cmd";

/* ------------------------------------------------------------------ the model itself */

static int parse_one(const char *line, int delayed, struct cmdm_line *l)
{
    struct cmdm_state st;
    cmdm_init(&st, "C:\\Users\\admin\\R&D\\renew.cmd");
    st.delayed_expansion = delayed;
    cmdm_set_var(&st, "NETSH", "C:\\Windows\\System32\\netsh.exe");
    cmdm_set_var(&st, "BACKUP", "C:\\Users\\admin\\R&D\\renew-before.txt");
    int rc = cmdm_parse_line(&st, line, strlen(line), l);
    cmdm_free(&st);
    return rc;
}

/* Lines the old writer produced for the reproductions: the model must see each attack. */
START_TEST(test_model_sees_what_the_old_script_did)
{
    struct cmdm_line l;
    /* & in a host name on an echo line: a second command */
    ck_assert_int_eq(parse_one("echo Step 4 of 6: update a&calc&b.northwind-traders.example:443", 0, &l), 0);
    ck_assert_uint_eq(l.count, 3);
    ck_assert_int_eq(l.cmds[1].kind, CMDM_PROGRAM);
    ck_assert_str_eq(l.cmds[1].token, "calc");
    cmdm_line_free(&l);
    /* | and > too */
    ck_assert_int_eq(parse_one("echo Step 4 of 6: update a|calc.example:443", 0, &l), 0);
    ck_assert_uint_eq(l.count, 2);
    cmdm_line_free(&l);
    ck_assert_int_eq(parse_one("echo Step 4 of 6: update a>b.example:443", 0, &l), 0);
    ck_assert_uint_eq(l.cmds[0].redirections, 1);
    cmdm_line_free(&l);
    /* a quote in a value ends the quoting: &calc& lands outside quotes */
    ck_assert_int_eq(parse_one("\"%NETSH%\" http update sslcert hostnameport=\"x\"&calc&\".example:443\" certstorename=MY", 0, &l), 0);
    ck_assert_uint_eq(l.count, 3);
    ck_assert_str_eq(l.cmds[1].token, "calc");
    cmdm_line_free(&l);
    /* Root" certhash=0000 "x inside quotes adds a parameter */
    ck_assert_int_eq(parse_one("\"%NETSH%\" http add sslcert sslctlstorename=\"Root\" certhash=0000 \"x\"", 0, &l), 0);
    ck_assert_uint_eq(l.count, 1);
    ck_assert_uint_eq(l.cmds[0].argc, 6);
    ck_assert_str_eq(l.cmds[0].argv[4], "certhash=0000");
    cmdm_line_free(&l);
    /* a lone quote merges every later parameter into one: the model refuses to guess */
    ck_assert_int_eq(parse_one("\"%NETSH%\" http add sslcert sslctlidentifier=\"\"\" reject=disable", 0, &l), -1);
    cmdm_line_free(&l);
    /* %~b is a fatal batch error, on rem and echo lines alike */
    ck_assert_int_eq(parse_one("rem Step 4 of 6: update x%~b.northwind-traders.example:443", 0, &l), -1);
    ck_assert_ptr_nonnull(strstr(l.error, "fatal"));
    cmdm_line_free(&l);
    ck_assert_int_eq(parse_one("rem Warning: IIS site \"%~b\" answers", 0, &l), -1);
    cmdm_line_free(&l);
    /* an unquoted %BACKUP% in a folder named R&D */
    ck_assert_int_eq(parse_one("echo Current bindings saved to %BACKUP%", 0, &l), 0);
    ck_assert_uint_eq(l.count, 2);
    ck_assert_str_eq(l.cmds[1].token, "D\\renew-before.txt");
    cmdm_line_free(&l);
    /* UTF-8 bytes are read in the console's code page */
    ck_assert_int_eq(parse_one("echo Step 1: update b\xc3\xbc" "cher.example:443", 0, &l), -1);
    cmdm_line_free(&l);
}
END_TEST

START_TEST(test_model_phases)
{
    struct cmdm_line l;
    /* escapes and quotes */
    ck_assert_int_eq(parse_one("echo a^&b \"c&d\" 100%%", 0, &l), 0);
    ck_assert_uint_eq(l.count, 1);
    ck_assert_str_eq(l.cmds[0].echo_text, "a&b \"c&d\" 100%");
    cmdm_line_free(&l);
    /* a caret at the end continues the line; one inside quotes is literal */
    ck_assert_int_eq(parse_one("echo a^", 0, &l), -1);
    cmdm_line_free(&l);
    ck_assert_int_eq(parse_one("echo \"a^\"", 0, &l), 0);
    ck_assert_str_eq(l.cmds[0].echo_text, "\"a^\"");
    cmdm_line_free(&l);
    /* && and || are operators as well */
    ck_assert_int_eq(parse_one("echo a&&calc||calc", 0, &l), 0);
    ck_assert_uint_eq(l.count, 3);
    cmdm_line_free(&l);
    /* ! only matters while delayed expansion may be on */
    ck_assert_int_eq(parse_one("echo Hello!", 1, &l), -1);
    cmdm_line_free(&l);
    ck_assert_int_eq(parse_one("echo Hello!", 0, &l), 0);
    ck_assert_str_eq(l.cmds[0].echo_text, "Hello!");
    cmdm_line_free(&l);
    /* echo state, labels, if */
    ck_assert_int_eq(parse_one("@echo OFF ", 0, &l), 0);
    ck_assert_ptr_null(l.cmds[0].echo_text);
    cmdm_line_free(&l);
    ck_assert_int_eq(parse_one(":rollback", 0, &l), 0);
    ck_assert_int_eq(l.label, 1);
    cmdm_line_free(&l);
    ck_assert_int_eq(parse_one(":rollback & calc", 0, &l), -1);
    cmdm_line_free(&l);
    ck_assert_int_eq(parse_one("if errorlevel 1 goto :rollback", 0, &l), 0);
    ck_assert_uint_eq(l.count, 2);
    ck_assert_int_eq(l.cmds[1].kind, CMDM_GOTO);
    ck_assert_int_eq(l.cmds[1].conditional, 1);
    cmdm_line_free(&l);
    /* redirections */
    ck_assert_int_eq(parse_one("\"%NETSH%\" http show sslcert > \"%BACKUP%\"", 0, &l), 0);
    ck_assert_str_eq(l.cmds[0].redirect_text, "1>\"C:\\Users\\admin\\R&D\\renew-before.txt\"");
    ck_assert_uint_eq(l.cmds[0].argc, 3);
    cmdm_line_free(&l);
    ck_assert_int_eq(parse_one("\"%SystemRoot%\\System32\\net.exe\" session >nul 2>&1", 0, &l), 0);
    ck_assert_str_eq(l.cmds[0].token, "C:\\Windows\\System32\\net.exe");
    ck_assert_str_eq(l.cmds[0].redirect_text, "1>nul 2>&1");
    cmdm_line_free(&l);
    /* what the model does not know is refused, never guessed */
    ck_assert_int_eq(parse_one("echo %PATH%", 0, &l), -1);
    cmdm_line_free(&l);
    ck_assert_int_eq(parse_one("echo %1", 0, &l), -1);
    cmdm_line_free(&l);
    ck_assert_int_eq(parse_one("call :x", 0, &l), -1);
    cmdm_line_free(&l);
    ck_assert_int_eq(parse_one("echo (x)", 0, &l), -1);
    cmdm_line_free(&l);
}
END_TEST

/* The C runtime's rules, from Microsoft's table "Parsing C command-line arguments". */
START_TEST(test_model_argv_split)
{
    static const struct {
        const char *line;
        const char *want[4];
    } cases[] = {
        {"\"abc\" d e", {"abc", "d", "e", NULL}},
        {"a\\\\b d\"e f\"g h", {"a\\\\b", "de fg", "h", NULL}},
        {"a\\\\\\\"b c d", {"a\\\"b", "c", "d", NULL}},
        {"a\\\\\\\\\"b c\" d e", {"a\\\\b c", "d", "e", NULL}},
        {"name=\"a b\\\\\" x", {"name=a b\\", "x", NULL}},
        {"  x=\"\"  ", {"x=", NULL}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t argc;
        const char *err = NULL;
        char **argv = cmdm_split_args(cases[i].line, &argc, &err);
        ck_assert_ptr_nonnull(argv);
        size_t n = 0;
        while (cases[i].want[n])
            n++;
        ck_assert_uint_eq(argc, n);
        for (size_t k = 0; k < n; k++)
            ck_assert_str_eq(argv[k], cases[i].want[k]);
        cmdm_argv_free(argv);
    }
    size_t argc;
    const char *err = NULL;
    ck_assert_ptr_null(cmdm_split_args("\"a\"\"b\"", &argc, &err)); /* "" inside quotes: versions differ */
    ck_assert_ptr_null(cmdm_split_args("\"a b", &argc, &err));
}
END_TEST

/* ------------------------------------------------------------------ the writer on the demo host */

struct demo {
    struct host_spec spec;
    struct host_state hs;
    struct diags d;
    struct plan p;
    int planned;
};

static void demo_load(struct demo *h)
{
    memset(h, 0, sizeof *h);
    h->spec.source.from_dir = strdup(fixture_path("demo-wildcard-renewal"));
    h->spec.source.timeout_ms = 60000;
    diags_init(&h->d);
    ck_assert_int_eq(host_state_read(&h->spec, &h->hs, NULL, &h->d), 0);
}

static struct binding *demo_binding(struct demo *h, const char *socket)
{
    for (size_t i = 0; i < h->hs.bindings.count; i++)
        if (!strcmp(h->hs.bindings.items[i].socket, socket))
            return &h->hs.bindings.items[i];
    ck_abort_msg("no binding %s in the demo host", socket);
    return NULL;
}

/* The SNI binding shop.northwind-traders.example:443 with its host name changed. */
static void demo_rename_host(struct demo *h, const char *host)
{
    struct binding *b = demo_binding(h, "shop.northwind-traders.example:443");
    b->host = arena_strdup(&h->hs.bindings.arena, host);
    b->socket = arena_printf(&h->hs.bindings.arena, "%s:443", host);
}

static void demo_plan_with(struct demo *h, int update_available)
{
    struct plan_request r;
    memset(&r, 0, sizeof r);
    r.selection = SELECT_OLD_NEW;
    r.old_hash = OLD;
    r.new_hash = NEW;
    r.now = civil_to_time(2026, 11, 23, 12, 0, 0);
    r.update_available = update_available;
    r.force = 1; /* the demo's site warning and the reproductions' warnings need it */
    plan_build(&h->hs.bindings, &h->hs.certs, &h->hs.sites, &r, &h->p);
    h->planned = 1;
    ck_assert_int_eq(h->p.blocked, 0);
    ck_assert_uint_ge(h->p.step_count, 6);
}

static void demo_plan(struct demo *h) { demo_plan_with(h, -1); }

static void demo_free(struct demo *h)
{
    if (h->planned)
        plan_free(&h->p);
    host_state_free(&h->hs);
    diags_free(&h->d);
    free((char *)h->spec.source.from_dir);
}

/* The tool lines a script must run, in order, and the variable naming each one's program: the
 * steps (rebind script only), then every undo, newest step first. */
static size_t expected_lines(const struct plan *p, int with_steps, const char *const **argvs, const char **programs)
{
    size_t n = 0;
    for (size_t i = 0; with_steps && i < p->step_count; i++) {
        programs[n] = p->steps[i].tool == TOOL_APPCMD ? "APPCMD" : "NETSH";
        argvs[n++] = p->steps[i].argv;
    }
    for (size_t k = p->step_count; k-- > 0;)
        for (size_t u = 0; u < p->steps[k].undo_count; u++) {
            programs[n] = p->steps[k].tool == TOOL_APPCMD ? "APPCMD" : "NETSH";
            argvs[n++] = p->steps[k].undo[u];
        }
    return n;
}

/* Both scripts of the plan run exactly its commands, the script saved at script_path. */
static void assert_scripts_safe(const struct plan *p, const char *script_path)
{
    const char *const *argvs[64];
    const char *programs[64];
    ck_assert_uint_le(p->step_count * 3, 64);
    for (int rollback = 0; rollback < 2; rollback++) {
        struct strbuf sb;
        sb_init(&sb);
        struct diags d;
        diags_init(&d);
        int rc = rollback ? report_plan_rollback_cmd(&sb, p, "2026-11-23T00:00:00Z", &d)
                          : report_plan_cmd(&sb, p, "2026-11-23T00:00:00Z", &d);
        ck_assert_int_eq(rc, 0);
        size_t n = expected_lines(p, !rollback, argvs, programs);
        struct cmdm_expect e = {script_path, argvs, n, programs};
        char why[512] = "";
        if (cmdm_check_script(sb.data, sb.len, &e, why, sizeof why) != 0)
            ck_abort_msg("%s script: %s", rollback ? "rollback" : "rebind", why);
        sb_free(&sb);
        diags_free(&d);
    }
}

/* Neither script is written, and the error names the binding. */
static void assert_scripts_refused(const struct plan *p, const char *binding, const char *reason)
{
    for (int rollback = 0; rollback < 2; rollback++) {
        struct strbuf sb;
        sb_init(&sb);
        struct diags d;
        diags_init(&d);
        int rc = rollback ? report_plan_rollback_cmd(&sb, p, "2026-11-23T00:00:00Z", &d)
                          : report_plan_cmd(&sb, p, "2026-11-23T00:00:00Z", &d);
        ck_assert_int_eq(rc, -1);
        ck_assert_uint_eq(sb.len, 0);
        const struct diag *m = find_diag(&d, SEV_ERROR, binding);
        ck_assert_msg(m != NULL, "no error names %s", binding);
        ck_assert_msg(strstr(m->message, reason) != NULL, "%s", m->message);
        sb_free(&sb);
        diags_free(&d);
    }
}

START_TEST(test_demo_scripts_run_exactly_the_plan)
{
    struct demo h;
    demo_load(&h);
    demo_plan(&h);
    assert_scripts_safe(&h.p, SCRIPT);
    /* saved in a folder named R&D (and one with %, ! and parentheses) */
    assert_scripts_safe(&h.p, "C:\\Users\\admin\\R&D\\renew.cmd");
    assert_scripts_safe(&h.p, "C:\\Program Files (x86)\\100% sure!\\renew.cmd");
    demo_free(&h);
    /* delete + add (Server 2012 R2): two undo lines for a step, a hostile host name in each */
    demo_load(&h);
    demo_rename_host(&h, "a&calc%~b.northwind-traders.example");
    demo_plan_with(&h, 0);
    ck_assert_int_eq(h.p.uses_update, 0);
    assert_scripts_safe(&h.p, SCRIPT);
    demo_free(&h);
}
END_TEST

/* Issue 10 section 1: a host name with an operator runs nothing (& | < >). */
START_TEST(test_host_with_operators_runs_nothing_else)
{
    static const char *const hosts[] = {"a&calc&b.northwind-traders.example", "a|calc.northwind-traders.example",
                                        "a<b.northwind-traders.example", "a>b.northwind-traders.example",
                                        "a^&calc(x).northwind-traders.example", "x!path!.northwind-traders.example"};
    for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
        struct demo h;
        demo_load(&h);
        demo_rename_host(&h, hosts[i]);
        demo_plan(&h);
        assert_scripts_safe(&h.p, SCRIPT);
        demo_free(&h);
    }
}
END_TEST

/* %~b in a host name: no fatal error before the netsh lines and :rollback. */
START_TEST(test_percent_in_a_host_is_not_expanded)
{
    static const char *const hosts[] = {"x%~b.northwind-traders.example", "x%PATH%.northwind-traders.example",
                                        "x%1%%.northwind-traders.example"};
    for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
        struct demo h;
        demo_load(&h);
        demo_rename_host(&h, hosts[i]);
        demo_plan(&h);
        assert_scripts_safe(&h.p, SCRIPT);
        demo_free(&h);
    }
}
END_TEST

/* Warning text in the rem header: an unknown field's value and an IIS site's name. */
START_TEST(test_warning_text_in_rem_is_escaped)
{
    struct demo h;
    demo_load(&h);
    struct binding *b = demo_binding(&h, "0.0.0.0:8443");
    struct extra_field *x = arena_alloc(&h.hs.bindings.arena, sizeof *x);
    x->label = "Enable Caching Client Hello";
    x->value = "%~b & calc ^";
    x->line = 1;
    b->extra = x;
    b->extra_count = 1;
    for (size_t i = 0; i < h.hs.sites.count; i++)
        if (!strcmp(h.hs.sites.items[i].name, "Old Intranet Alias"))
            h.hs.sites.items[i].name = "Old %~b Alias\" & calc & \"";
    demo_plan(&h);
    ck_assert_uint_ge(h.p.warning_count, 2);
    assert_scripts_safe(&h.p, SCRIPT);
    demo_free(&h);
}
END_TEST

/* A quote in a netsh value cannot be carried: no script, the binding named. */
START_TEST(test_quote_in_a_value_is_refused)
{
    struct demo h;
    demo_load(&h);
    demo_rename_host(&h, "x\"&calc&\".northwind-traders.example");
    demo_plan(&h);
    assert_scripts_refused(&h.p, "x\"&calc&\".northwind-traders.example:443", "double quote");
    demo_free(&h);

    static const char *const ctl[] = {"id\"&calc&\"", "Root\" certhash=0000000000000000000000000000000000000000", "\""};
    for (size_t i = 0; i < sizeof ctl / sizeof ctl[0]; i++) {
        demo_load(&h);
        struct binding *b = demo_binding(&h, "0.0.0.0:8443");
        b->fields[i == 1 ? NF_SSLCTLSTORENAME : NF_SSLCTLIDENTIFIER].value = ctl[i];
        demo_plan(&h);
        assert_scripts_refused(&h.p, "binding 0.0.0.0:8443", "double quote");
        demo_free(&h);
    }
}
END_TEST

/* Non-ASCII: refused with the advice to use apply; control characters: refused. */
START_TEST(test_non_ascii_and_control_characters_are_refused)
{
    struct demo h;
    demo_load(&h);
    demo_rename_host(&h, "b\xc3\xbc" "cher.northwind-traders.example");
    demo_plan(&h);
    assert_scripts_refused(&h.p, "b\\u00fccher.northwind-traders.example:443", "certrebind apply");
    demo_free(&h);

    demo_load(&h);
    demo_rename_host(&h, "a\nb.northwind-traders.example");
    demo_plan(&h);
    assert_scripts_refused(&h.p, "a\\x0ab.northwind-traders.example:443", "control character");
    demo_free(&h);

    demo_load(&h);
    demo_binding(&h, "0.0.0.0:8443")->fields[NF_SSLCTLIDENTIFIER].value = "id\x1a" "calc";
    demo_plan(&h);
    assert_scripts_refused(&h.p, "binding 0.0.0.0:8443", "control character");
    demo_free(&h);
}
END_TEST

/* batch_command is not netsh's: appcmd's argv (issue 12's bindings) goes through the same rules. */
START_TEST(test_any_tools_argv)
{
    static const char *const sites[] = {"Default Web Site", "R&D (intranet) 100%", "Shop!^", "a\\", ""};
    for (size_t i = 0; i < sizeof sites / sizeof sites[0]; i++) {
        struct strbuf name, binding, line;
        sb_init(&name);
        sb_init(&binding);
        sb_init(&line);
        sb_printf(&name, "/site.name:%s", sites[i]);
        sb_printf(&binding, "/+bindings.[protocol='https',bindingInformation='*:443:%s.example',sslFlags='1']",
                  i == 1 ? "r-d" : "shop");
        const char *argv[] = {"set", "site", name.data, binding.data, NULL};
        size_t bad;
        const char *why;
        ck_assert_int_eq(batch_command(&line, "APPCMD", argv, &bad, &why), 0);
        ck_assert_uint_ge(line.len, 2);
        struct cmdm_state st;
        cmdm_init(&st, SCRIPT);
        st.delayed_expansion = 0;
        cmdm_set_var(&st, "APPCMD", "C:\\Windows\\System32\\inetsrv\\appcmd.exe");
        struct cmdm_line l;
        ck_assert_msg(cmdm_parse_line(&st, line.data, line.len - 2, &l) == 0, "%s: %s", line.data, l.error);
        ck_assert_uint_eq(l.count, 1);
        ck_assert_str_eq(l.cmds[0].token, "C:\\Windows\\System32\\inetsrv\\appcmd.exe");
        ck_assert_uint_eq(l.cmds[0].argc, 4);
        for (size_t k = 0; k < 4; k++)
            ck_assert_str_eq(l.cmds[0].argv[k], argv[k]);
        cmdm_line_free(&l);
        cmdm_free(&st);
        sb_free(&name);
        sb_free(&binding);
        sb_free(&line);
    }
}
END_TEST

/* bind/unbind scripts: appcmd and netsh lines, an IIS site name with cmd.exe's special characters. */
START_TEST(test_bind_scripts_run_exactly_the_plan)
{
    static const char *const names[] = {"Northwind Shop", "R&D (shop) 100%! ^x|y<z>", "a\\"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        for (int unbind = 0; unbind < 2; unbind++) {
            struct demo h;
            demo_load(&h);
            for (size_t k = 0; k < h.hs.sites.count; k++)
                if (!strcmp(h.hs.sites.items[k].name, "Northwind Shop"))
                    h.hs.sites.items[k].name = names[i];
            struct bind_request r = {unbind, names[i], unbind ? "shop.northwind-traders.example" : "www.northwind-traders.example",
                                     0, NULL, civil_to_time(2026, 11, 23, 12, 0, 0)};
            plan_bind(&h.hs.bindings, &h.hs.certs, &h.hs.sites, &r, &h.p);
            h.planned = 1;
            ck_assert_msg(!h.p.blocked, "%s %s: %s", unbind ? "unbind" : "bind", names[i],
                          h.p.error_count ? h.p.errors[0].message : "blocked by a warning");
            int appcmd = 0;
            for (size_t k = 0; k < h.p.step_count; k++)
                appcmd |= h.p.steps[k].tool == TOOL_APPCMD;
            ck_assert(appcmd);
            assert_scripts_safe(&h.p, "C:\\Users\\admin\\R&D\\bind.cmd");
            demo_free(&h);
        }
    }
}
END_TEST

#ifdef _WIN32
/* ------------------------------------------------------------------ the real cmd.exe */

static void write_or_fail(const char *path, const void *data, size_t len)
{
    char *err = NULL;
    ck_assert_msg(write_file_durable(path, data, len, &err) == 0, "%s", err ? err : path);
}

static void join_line(struct strbuf *out, const char *const *argv)
{
    for (size_t i = 0; argv[i]; i++)
        sb_printf(out, "%s%s", i ? "\t" : "", argv[i]);
    sb_addc(out, '\n');
}

/* Runs the plan's rebind script with cmd.exe /v:on (delayed expansion on until the script turns
 * it off), saved in a folder named "R&D (x86)" (not 100%: Wine's cmd.exe expands a % that came
 * from a variable's value again, which Windows' does not), netsh and net played by argvlog.exe, the
 * fail_change-th change failing (0: none). Returns cmd's exit code; *log gets what ran. */
static int run_with_cmd(const struct plan *p, int fail_change, struct strbuf *log, struct strbuf *shown)
{
    char *t = make_temp_dir(), *err = NULL;
    char *sys = path_join(t, "sys\\System32"), *folder = path_join(t, "R&D (x86)");
    ck_assert_int_eq(make_directories(sys, &err), 0);
    ck_assert_int_eq(make_directories(folder, &err), 0);
    unsigned char *exe;
    size_t exe_len;
    ck_assert_int_eq(read_file_bytes(BUILD_DIR "/sim/argvlog.exe", &exe, &exe_len, &err), 0);
    char *netsh = path_join(sys, "netsh.exe"), *net = path_join(sys, "net.exe");
    write_or_fail(netsh, exe, exe_len);
    write_or_fail(net, exe, exe_len);
    struct strbuf sb;
    sb_init(&sb);
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(report_plan_cmd(&sb, p, "2026-11-23T00:00:00Z", &d), 0);
    char *script = path_join(folder, "renew.cmd"), *logpath = path_join(t, "argv.log"), *root = path_join(t, "sys");
    write_or_fail(script, sb.data, sb.len);
    /* the driver: the environment, then the script (without call, which would expand it again) */
    sb.len = 0;
    const char *why;
    char failing[16];
    snprintf(failing, sizeof failing, "%d", fail_change);
    sb_adds(&sb, "@echo off\r\n");
    ck_assert_int_eq(batch_set(&sb, "SystemRoot", root, &why), 0);
    ck_assert_int_eq(batch_set(&sb, "CERTREBIND_ARGV_LOG", logpath, &why), 0);
    ck_assert_int_eq(batch_set(&sb, "CERTREBIND_ARGV_FAIL", failing, &why), 0);
    ck_assert_int_eq(batch_set(&sb, "SCRIPT", script, &why), 0);
    batch_var(&sb, "SCRIPT", 1);
    sb_adds(&sb, "\r\n");
    char *driver = path_join(t, "driver.cmd");
    write_or_fail(driver, sb.data, sb.len);
    char *cmd = system_tool_path("cmd.exe");
    const char *argv[] = {cmd, "/d", "/v:on", "/c", driver, NULL};
    struct run_result r;
    ck_assert_msg(run_program(argv, 60000, &r) == 0, "cmd.exe: %s", r.error ? r.error : "?");
    sb_add(shown, r.out, r.out_len);
    int rc = r.exit_code;
    unsigned char *data;
    size_t len;
    ck_assert_msg(read_file_bytes(logpath, &data, &len, &err) == 0, "nothing ran (exit %d): %s %s", rc,
                  shown->data ? shown->data : "", r.err ? (const char *)r.err : "");
    /* nothing else ran: no "is not recognized as a command" or any other complaint */
    ck_assert_msg(r.err_len == 0, "cmd.exe said: %s", (const char *)r.err);
    run_result_free(&r);
    sb_add(log, data, len);
    free(data);
    /* the bindings were saved beside the script, in the R&D folder */
    char *backup = path_join(folder, "renew-before.txt");
    ck_assert_msg(file_exists(backup), "%s was not written", backup);
    free(backup);
    sb_free(&sb);
    diags_free(&d);
    free(exe);
    free(cmd);
    free(driver);
    free(script);
    free(logpath);
    free(root);
    free(netsh);
    free(net);
    free(sys);
    free(folder);
    rm_rf(t);
    free(t);
    return rc;
}

START_TEST(test_real_cmd_runs_exactly_the_plan)
{
    struct demo h;
    demo_load(&h);
    demo_rename_host(&h, "a&calc%~b!x!^(y)|z.northwind-traders.example");
    demo_plan(&h);
    static const char *const session[] = {"session", NULL}, *const show[] = {"http", "show", "sslcert", NULL};
    /* every step succeeds: the steps in order between the two reads */
    struct strbuf log, shown, want;
    sb_init(&log);
    sb_init(&shown);
    sb_init(&want);
    ck_assert_int_eq(run_with_cmd(&h.p, 0, &log, &shown), 0);
    join_line(&want, session);
    join_line(&want, show);
    for (size_t i = 0; i < h.p.step_count; i++)
        join_line(&want, h.p.steps[i].argv);
    join_line(&want, show);
    ck_assert_str_eq(log.data, want.data);
    ck_assert_msg(strstr(shown.data, "Step 4 of 6: update a&calc%~b!x!^(y)|z.northwind-traders.example:443"),
                  "%s", shown.data);
    /* the 4th change fails: steps 1-4, then the undo of 3, 2, 1, exit 4 */
    log.len = shown.len = want.len = 0;
    ck_assert_int_eq(run_with_cmd(&h.p, 4, &log, &shown), 4);
    join_line(&want, session);
    join_line(&want, show);
    for (size_t i = 0; i < 4; i++)
        join_line(&want, h.p.steps[i].argv);
    for (size_t k = 3; k-- > 0;)
        for (size_t u = 0; u < h.p.steps[k].undo_count; u++)
            join_line(&want, h.p.steps[k].undo[u]);
    join_line(&want, show);
    ck_assert_str_eq(log.data, want.data);
    sb_free(&log);
    sb_free(&shown);
    sb_free(&want);
    demo_free(&h);
}
END_TEST
#endif

/* ------------------------------------------------------------------ the property */

/* Random strings over cmd.exe's and the C runtime's special characters, quotes, percents,
 * carets, !, blanks, backslashes, control characters and non-ASCII (valid and broken UTF-8). */
static uint64_t rng_state;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 11);
}

static void random_value(struct strbuf *sb, int allow_refusable)
{
    static const char *const pieces[] = {
        "&", "&&", "|", "||", "<", ">", ">>", "2>&1", "^", "^^", "%", "%%", "%~b", "%~dpn0", "%PATH%", "%1",
        "%*", "%NETSH%", "!", "!PATH!", "(", ")", " ", "  ", "=", ",", ";", "\\", "\\\\", "\\\\\\", "*", "?",
        "a", "calc", "x.example", ":443", "on", "off", "/?", "rem", "echo", ":label", "~", "'", "[", "]",
        "{", "}", "0", "9", "-", "_", "/"};
    static const char *const refusable[] = {"\"", "\"\"", "\t", "\n", "\r", "\r\n", "\x1a", "\x01", "\x7f",
                                            "\xc3\xbc", "\xe6\x97\xa5\xe6\x9c\xac", "\xf0\x9f\x94\x92", "\xff",
                                            "\xc3", "\x82\x5e"};
    size_t n = rng() % 12;
    for (size_t i = 0; i < n; i++) {
        if (allow_refusable && rng() % 5 == 0)
            sb_adds(sb, refusable[rng() % (sizeof refusable / sizeof refusable[0])]);
        else
            sb_adds(sb, pieces[rng() % (sizeof pieces / sizeof pieces[0])]);
    }
}

START_TEST(test_property_random_values)
{
    rng_state = 0x5eed10c0ffee2026ull; /* deterministic: a failure reproduces */
    struct strbuf v;
    sb_init(&v);
    size_t accepted = 0;
    for (int i = 0; i < 20000; i++) {
        v.len = 0;
        sb_add(&v, "", 0);
        random_value(&v, i % 2);
        char why[512] = "";
        if (script_line_check(v.data, v.len, why, sizeof why) != 0) {
            struct strbuf shown;
            sb_init(&shown);
            batch_visible(&shown, v.data, 300);
            ck_abort_msg("value #%d [%s]: %s", i, shown.data, why);
        }
        accepted += batch_arg_refusal(v.data) == NULL;
    }
    ck_assert_uint_gt(accepted, 10000); /* most values really went through the model */
    sb_free(&v);
}
END_TEST

/* Long values: cut in rem/echo, refused as arguments, never a line cmd.exe would split. */
START_TEST(test_property_long_values)
{
    struct strbuf v;
    sb_init(&v);
    for (size_t i = 0; i < 3000; i++)
        sb_adds(&v, i % 3 ? "%" : "&^");
    char why[512] = "";
    ck_assert_msg(script_line_check(v.data, v.len, why, sizeof why) == 0, "%s", why);
    ck_assert_ptr_nonnull(batch_arg_refusal(v.data));
    sb_free(&v);
}
END_TEST

Suite *suite_script(void)
{
    Suite *s = suite_create("script");
    TCase *tc = tcase_create("script");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_model_sees_what_the_old_script_did);
    tcase_add_test(tc, test_model_phases);
    tcase_add_test(tc, test_model_argv_split);
    tcase_add_test(tc, test_demo_scripts_run_exactly_the_plan);
    tcase_add_test(tc, test_host_with_operators_runs_nothing_else);
    tcase_add_test(tc, test_percent_in_a_host_is_not_expanded);
    tcase_add_test(tc, test_warning_text_in_rem_is_escaped);
    tcase_add_test(tc, test_quote_in_a_value_is_refused);
    tcase_add_test(tc, test_non_ascii_and_control_characters_are_refused);
    tcase_add_test(tc, test_any_tools_argv);
    tcase_add_test(tc, test_bind_scripts_run_exactly_the_plan);
#ifdef _WIN32
    tcase_add_test(tc, test_real_cmd_runs_exactly_the_plan);
#endif
    tcase_add_test(tc, test_property_random_values);
    tcase_add_test(tc, test_property_long_values);
    suite_add_tcase(s, tc);
    return s;
}
