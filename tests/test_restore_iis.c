/* `certrebind restore` of a bind/unbind backup brings back both halves: the IIS site bindings
 * (appcmd) and the HTTP.sys bindings (netsh). End to end with the simulators (tests/sim, one
 * shared state file): bind or unbind, then restore, and the machine is as before; a site deleted
 * in between is an error that names the appcmd command; an appcmd failure rolls every step back;
 * a dry run against a recording lists the appcmd steps. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appcmd.h"
#include "netsh.h"
#include "platform.h"
#include "restore_sites.h"
#include "testutil.h"
#include "text.h"

#define OLD "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"
#define NEW "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17"
#define IIS "{4dc3e181-e14b-4a21-b022-59fc669b0914}"
#define SUBJ "CN=*.northwind-traders.example,%20O=Northwind%20Traders,%20C=US"
#define ISSUER "CN=Fabrikam%20Issuing%20CA%202,%20O=Fabrikam,%20C=US"
#define DNS "*.northwind-traders.example,northwind-traders.example"
#define SHOP "shop.northwind-traders.example"
#define WWW "www.northwind-traders.example"

/* The default site on 0.0.0.0:443, the shop with SNI, and Shop Two (http only), as in
 * test_bind_apply.c. */
static const char HOST[] =
    "site name=Default%20Web%20Site id=1 state=Started\n"
    "sitebinding site=Default%20Web%20Site protocol=http info=*:80:\n"
    "sitebinding site=Default%20Web%20Site protocol=https info=*:443: sslflags=0\n"
    "site name=Shop id=2 state=Started\n"
    "sitebinding site=Shop protocol=https info=*:443:" SHOP " sslflags=1\n"
    "site name=Shop%20Two id=3 state=Started\n"
    "sitebinding site=Shop%20Two protocol=http info=*:80:" WWW "\n"
    "binding ipport=0.0.0.0:443 certhash=" OLD " appid=" IIS " certstorename=MY\n"
    "binding hostnameport=" SHOP ":443 certhash=" OLD " appid=" IIS " certstorename=MY\n"
    "cert store=My sha1=" OLD " haskey=1 notbefore=2025-12-01T09:00:00Z notafter=2026-12-05T08:59:00Z subject=" SUBJ
    " issuer=" ISSUER " serial=3a00000019 dns=" DNS "\n"
    "cert store=My sha1=" NEW " haskey=1 notbefore=2026-11-02T09:00:00Z notafter=2027-12-07T08:59:00Z subject=" SUBJ
    " issuer=" ISSUER " serial=3a0000002b dns=" DNS "\n";

static const char *const sim_vars[] = {"CERTREBIND_SIM_STATE", "CERTREBIND_SIM_FAIL", "CERTREBIND_SIM_FAIL_CODE",
                                       "CERTREBIND_SIM_LIE", "CERTREBIND_SIM_NOT_ELEVATED", "CERTREBIND_SIM_LOG"};

static char *tmp;
static char state[1024], bk[1024], simlog[1024], rec[1024];

static void setup(void)
{
    ck_assert_msg(file_exists(SIM_NETSH) && file_exists(SIM_CERTUTIL) && file_exists(SIM_APPCMD), "simulators not built");
    for (size_t i = 0; i < sizeof sim_vars / sizeof sim_vars[0]; i++)
        env_unset(sim_vars[i]);
    tmp = make_temp_dir();
    snprintf(state, sizeof state, "%s" SEP "state", tmp);
    snprintf(bk, sizeof bk, "%s" SEP "backups", tmp);
    snprintf(simlog, sizeof simlog, "%s" SEP "sim.log", tmp);
    snprintf(rec, sizeof rec, "%s" SEP "recorded", tmp);
    ck_assert_int_eq(write_file(state, HOST, strlen(HOST)), 0);
    env_set("CERTREBIND_SIM_STATE", state);
    env_set("CERTREBIND_SIM_LOG", simlog);
}

static void teardown(void)
{
    for (size_t i = 0; i < sizeof sim_vars / sizeof sim_vars[0]; i++)
        env_unset(sim_vars[i]);
    rm_rf(tmp);
    free(tmp);
}

/* Runs certrebind with args (NULL-terminated, at most 12); returns the exit status, stdout +
 * stderr in out. */
static int crb(const char *const *args, char *out, size_t out_size)
{
    const char *bin = getenv("CERTREBIND_BIN");
    const char *argv[24] = {bin && *bin ? bin : BUILD_DIR "/certrebind" EXE};
    size_t n = 1;
    for (; args[n - 1]; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    struct run_result r;
    run_program(argv, 90000, &r);
    ck_assert_msg(r.started && !r.timed_out, "cannot run %s: %s", argv[0], r.error ? r.error : "?");
    snprintf(out, out_size, "%s%s", r.out ? (char *)r.out : "", r.err ? (char *)r.err : "");
    int code = r.exit_code;
    run_result_free(&r);
    return code;
}

/* bind or unbind HOST on SITE; returns the path of the backup it wrote (caller frees). */
static char *change(const char *verb, const char *site, const char *host)
{
    char out[16384];
    const char *args[] = {verb, "--site", site, "--host", host, "--yes", "--now", "2026-11-23", "--backup-dir", bk,
                          "--netsh", SIM_NETSH, "--certutil", SIM_CERTUTIL, "--appcmd", SIM_APPCMD, NULL};
    int rc = crb(args, out, sizeof out);
    ck_assert_msg(rc == 0, "%s: exit %d\n%s", verb, rc, out);
    const char *p = strstr(out, "IIS sites: ");
    ck_assert_msg(p, "no backup named:\n%s", out);
    p += 11;
    char *path = calloc(1, 1200);
    snprintf(path, 1200, "%.*s", (int)strcspn(p, "\r\n"), p);
    return path;
}

static int restore(const char *backup, char *out, size_t out_size)
{
    const char *args[] = {"restore", backup, "--yes", "--backup-dir", bk, "--netsh", SIM_NETSH, "--appcmd", SIM_APPCMD,
                          NULL};
    return crb(args, out, out_size);
}

static char *machine_sites(void);

/* The machine as both tools show it: the IIS site records of the state file, sorted (a record
 * re-added goes to the end), and what `netsh http show sslcert` prints (a binding re-created with
 * every setting given shows as one created with netsh's defaults). */
static char *machine(void)
{
    char *sites = machine_sites();
    const char *argv[] = {SIM_NETSH, "http", "show", "sslcert", NULL};
    struct run_result r;
    run_program(argv, 60000, &r);
    ck_assert(r.started && r.exit_code == 0);
    char *out = calloc(strlen(sites) + r.out_len + 1, 1);
    strcpy(out, sites);
    memcpy(out + strlen(sites), r.out, r.out_len);
    run_result_free(&r);
    free(sites);
    return out;
}

static char *machine_sites(void)
{
    size_t n;
    unsigned char *b = file_read_all(state, &n);
    ck_assert_ptr_nonnull(b);
    char *lines[256];
    size_t count = 0;
    for (char *line = strtok((char *)b, "\n"); line && count < 256; line = strtok(NULL, "\n"))
        if (!strncmp(line, "site", 4))
            lines[count++] = line;
    for (size_t i = 1; i < count; i++) /* insertion sort: a few records */
        for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
            char *t = lines[j];
            lines[j] = lines[j - 1];
            lines[j - 1] = t;
        }
    char *out = calloc(n + 2, 1);
    for (size_t i = 0; i < count; i++) {
        strcat(out, lines[i]);
        strcat(out, "\n");
    }
    free(b);
    return out;
}

static char *sim_log_text(void)
{
    size_t n;
    unsigned char *log = file_read_all(simlog, &n);
    return log ? (char *)log : calloc(1, 1);
}

static void log_reset(void) { ck_assert_int_eq(write_file(simlog, "", 0), 0); }

START_TEST(bind_then_restore_removes_both_bindings)
{
    char *before = machine(), out[32768];
    char *backup = change("bind", "Shop Two", WWW);
    char *bound = machine();
    ck_assert_ptr_nonnull(strstr(bound, "info=*:443:" WWW));
    log_reset();
    int rc = restore(backup, out, sizeof out);
    ck_assert_msg(rc == 0, "restore: exit %d\n%s", rc, out);
    char *after = machine();
    ck_assert_str_eq(after, before);
    ck_assert_msg(strstr(out, "site-binding-delete site \"Shop Two\": https/*:443:" WWW), "%s", out);
    ck_assert_msg(strstr(out, "Restored and verified"), "%s", out);
    /* the IIS binding goes first: the site never has a binding without its certificate */
    char *log = sim_log_text();
    const char *sitedel = strstr(log, " sitedel "), *del = strstr(log, " delete hostnameport=" WWW);
    ck_assert_msg(sitedel && del && sitedel < del, "%s", log);
    /* restored: a second restore has nothing to do */
    rc = restore(backup, out, sizeof out);
    ck_assert_msg(rc == 3, "second restore: exit %d\n%s", rc, out);
    free(log);
    free(after);
    free(bound);
    free(backup);
    free(before);
}
END_TEST

START_TEST(unbind_then_restore_brings_both_back)
{
    char *before = machine(), out[32768];
    char *backup = change("unbind", "Shop", SHOP);
    char *unbound = machine();
    ck_assert_ptr_null(strstr(unbound, "info=*:443:" SHOP));
    /* the backup holds the sslFlags (`appcmd list site /config`), so restore need not guess them */
    size_t n;
    char *text = (char *)file_read_all(backup, &n);
    ck_assert_ptr_nonnull(text);
    ck_assert_msg(strstr(text, "\niis-config         <binding protocol=\"https\" bindingInformation=\"*:443:" SHOP
                               "\" sslFlags=\"1\" />\n"),
                  "%s", text);
    free(text);
    log_reset();
    int rc = restore(backup, out, sizeof out);
    ck_assert_msg(rc == 0, "restore: exit %d\n%s", rc, out);
    char *after = machine();
    ck_assert_str_eq(after, before); /* sslflags=1 too: the backup recorded them */
    ck_assert_msg(!strstr(out, "unknown"), "%s", out);
    ck_assert_msg(strstr(out, "site-binding-add    site \"Shop\": https/*:443:" SHOP " (sslFlags=1: SNI)"), "%s", out);
    /* HTTP.sys first: the site binding is never there without its certificate */
    char *log = sim_log_text();
    const char *add = strstr(log, " add hostnameport=" SHOP), *siteadd = strstr(log, " siteadd ");
    ck_assert_msg(add && siteadd && add < siteadd, "%s", log);
    free(log);
    free(after);
    free(unbound);
    free(backup);
    free(before);
}
END_TEST

/* An https binding someone added after the bind is not the backup's to remove: it stays (a note
 * says so), while the bind's own binding goes. */
START_TEST(binding_added_since_is_left_alone)
{
    char out[32768];
    char *backup = change("bind", "Shop Two", WWW);
    const char *argv[] = {SIM_APPCMD, "set", "site", "/site.name:Default Web Site",
                          "/+bindings.[protocol='https',bindingInformation='*:8443:',sslFlags='0']", NULL};
    struct run_result r;
    run_program(argv, 60000, &r);
    ck_assert(r.started && r.exit_code == 0);
    run_result_free(&r);
    int rc = restore(backup, out, sizeof out);
    ck_assert_msg(rc == 0, "restore: exit %d\n%s", rc, out);
    ck_assert_msg(strstr(out, "site \"Default Web Site\" has https/*:8443: now, which the backup does not and its "
                              "change did not add; it is left alone"),
                  "%s", out);
    char *after = machine();
    ck_assert_ptr_nonnull(strstr(after, "info=*:8443: sslflags=0"));
    ck_assert_ptr_null(strstr(after, "info=*:443:" WWW));
    free(after);
    free(backup);
}
END_TEST

/* Removes the records of site name (encoded as in the state file) and its bindings. */
static void delete_site(const char *encoded)
{
    size_t n;
    unsigned char *b = file_read_all(state, &n);
    ck_assert_ptr_nonnull(b);
    char *out = calloc(n + 1, 1), site[200], binding[200];
    snprintf(site, sizeof site, "site name=%s ", encoded);
    snprintf(binding, sizeof binding, "sitebinding site=%s ", encoded);
    for (char *line = strtok((char *)b, "\n"); line; line = strtok(NULL, "\n"))
        if (strncmp(line, site, strlen(site)) && strncmp(line, binding, strlen(binding))) {
            strcat(out, line);
            strcat(out, "\n");
        }
    ck_assert_int_eq(write_file(state, out, strlen(out)), 0);
    free(out);
    free(b);
}

START_TEST(site_deleted_in_between_is_an_error_with_the_command)
{
    char out[32768];
    char *backup = change("unbind", "Shop", SHOP);
    delete_site("Shop");
    int rc = restore(backup, out, sizeof out);
    ck_assert_msg(rc == 1, "restore: exit %d\n%s", rc, out);
    ck_assert_msg(strstr(out, "IIS has no site \"Shop\" now (id 2 in the backup); restore does not create sites"), "%s",
                  out);
    ck_assert_msg(strstr(out, "appcmd set site /site.name:Shop /+bindings.[protocol='https',bindingInformation='*:443:"
                              SHOP "',sslFlags='1']"),
                  "%s", out);
    /* never created; the HTTP.sys half is restored */
    char *after = machine();
    ck_assert_ptr_null(strstr(after, "site name=Shop "));
    ck_assert_ptr_nonnull(strstr(after, SHOP ":443"));
    char *log = sim_log_text();
    ck_assert_ptr_null(strstr(log, " siteadd "));
    free(log);
    free(after);
    free(backup);
}
END_TEST

START_TEST(appcmd_failure_midway_rolls_back)
{
    char out[32768];
    char *backup = change("unbind", "Shop", SHOP);
    char *unbound = machine();
    env_set("CERTREBIND_SIM_FAIL", "siteadd:1"); /* access denied, after netsh added the binding */
    int rc = restore(backup, out, sizeof out);
    ck_assert_msg(rc == 4, "restore: exit %d\n%s", rc, out);
    ck_assert_msg(strstr(out, "Step 2 failed; every step was rolled back and verified"), "%s", out);
    char *after = machine();
    ck_assert_str_eq(after, unbound);
    char *log = sim_log_text();
    const char *add = strstr(log, " add hostnameport=" SHOP), *siteadd = strstr(log, " siteadd ");
    const char *undo = add ? strstr(add, " delete hostnameport=" SHOP) : NULL;
    ck_assert_msg(add && siteadd && undo && add < siteadd && siteadd < undo, "%s", log);
    free(log);
    free(after);
    free(unbound);
    free(backup);
}
END_TEST

/* Runs simulator tool with args and writes what it printed to DIR/name. */
static void record(const char *tool, const char *const *args, const char *name)
{
    const char *argv[8] = {tool};
    for (size_t i = 0; args[i]; i++)
        argv[i + 1] = args[i];
    struct run_result r;
    run_program(argv, 60000, &r);
    ck_assert(r.started && r.exit_code == 0);
    char path[1200];
    snprintf(path, sizeof path, "%s" SEP "%s", rec, name);
    ck_assert_int_eq(write_file(path, r.out, r.out_len), 0);
    run_result_free(&r);
}

START_TEST(dry_run_lists_the_appcmd_steps)
{
    char out[32768];
    char *backup = change("bind", "Shop Two", WWW);
    char *err = NULL;
    ck_assert_int_eq(make_directories(rec, &err), 0);
    record(SIM_NETSH, (const char *[]){"http", "show", "sslcert", NULL}, "netsh-http-show-sslcert.txt");
    record(SIM_APPCMD, (const char *[]){"list", "site", NULL}, "appcmd-list-site.txt");
    record(SIM_APPCMD, (const char *[]){"list", "site", "/config", NULL}, "appcmd-list-site-config.txt");
    char *bound = machine();
    log_reset();
    const char *args[] = {"restore", backup, "--from", rec, "--backup-dir", bk, NULL};
    int rc = crb(args, out, sizeof out);
    ck_assert_msg(rc == 0, "restore --from: exit %d\n%s", rc, out);
    ck_assert_msg(strstr(out, "1 HTTP.sys and 1 IIS binding change(s) bring the host back to the backup"), "%s", out);
    const char *s1 = strstr(out, "  1. site-binding-delete site \"Shop Two\": https/*:443:" WWW);
    const char *s2 = strstr(out, "  2. delete hostnameport  " WWW ":443");
    ck_assert_msg(s1 && s2 && s1 < s2, "%s", out);
    /* JSON: the appcmd step's exact arguments */
    const char *jargs[] = {"restore", backup, "--from", rec, "--backup-dir", bk, "--format", "json", NULL};
    rc = crb(jargs, out, sizeof out);
    ck_assert_msg(rc == 0, "restore --from --format json: exit %d\n%s", rc, out);
    ck_assert_msg(strstr(out, "\"/-bindings.[protocol='https',bindingInformation='*:443:" WWW "']\""), "%s", out);
    /* nothing ran */
    char *log = sim_log_text(), *after = machine();
    ck_assert_msg(!strstr(log, " sitedel ") && !strstr(log, " delete "), "%s", log);
    ck_assert_str_eq(after, bound);
    free(after);
    free(log);
    free(bound);
    free(backup);
}
END_TEST

/* ------------------------------------------------------------------ the planner alone */

/* Sites from `appcmd list site` text, with the sslFlags of `list site /config` text when given. */
static void sites_of(const char *list, const char *config, struct site_list *out)
{
    struct diags d;
    diags_init(&d);
    struct text t;
    ck_assert_int_eq(text_decode(&t, (const unsigned char *)list, strlen(list), 65001, &d, "list"), 0);
    ck_assert_int_eq(appcmd_parse_sites(&t, out, &d), 0);
    text_free(&t);
    if (config) {
        struct site_list c;
        ck_assert_int_eq(text_decode(&t, (const unsigned char *)config, strlen(config), 65001, &d, "config"), 0);
        ck_assert_int_eq(appcmd_parse_config(&t, &c, &d), 0);
        appcmd_merge_ssl_flags(out, &c);
        site_list_free(&c);
        text_free(&t);
    }
    diags_free(&d);
}

/* The ws2022-en bindings, without the record of hostnameport=www.adatum.example:443 when !with_www. */
static void bindings_of(int with_www, struct binding_list *out)
{
    size_t n;
    unsigned char *b = file_read_all(fixture_path("ws2022-en/netsh-http-show-sslcert.txt"), &n);
    ck_assert_ptr_nonnull(b);
    if (!with_www) {
        char *from = strstr((char *)b, "    Hostname:port                : www.adatum.example:443");
        char *to = from ? strstr(from + 10, "    Hostname:port") : NULL;
        ck_assert(from && to);
        memmove(from, to, n - (size_t)(to - (char *)b));
        n -= (size_t)(to - from);
    }
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(netsh_parse_sslcert_bytes(b, n, 437, out, &d), 0);
    diags_free(&d);
    free(b);
}

static const char WWW_HTTP[] = "SITE \"Adatum WWW\" (id:3,bindings:http/*:80:www.adatum.example,state:Started)\n";
static const char WWW_BOTH[] =
    "SITE \"Adatum WWW\" (id:3,bindings:http/*:80:www.adatum.example,https/*:443:www.adatum.example,state:Started)\n";

static void step_is(const struct plan *p, size_t i, enum step_tool tool, enum step_op op, const char *what)
{
    ck_assert_uint_lt(i, p->step_count);
    const struct step *s = &p->steps[i];
    ck_assert_int_eq(s->tool, tool);
    ck_assert_int_eq(s->op, op);
    int found = 0;
    for (size_t a = 0; a < s->argc; a++)
        found |= strstr(s->argv[a], what) != NULL;
    ck_assert_msg(found, "step %zu: %s ... %s, expected %s", i + 1, s->argv[0], s->argv[s->argc - 1], what);
}

static int notes_have(const struct plan *p, const char *needle)
{
    for (size_t i = 0; i < p->note_count; i++)
        if (strstr(p->notes[i], needle))
            return 1;
    return 0;
}

/* sslFlags known on both sides: a changed one is removed and re-added, one the backed-up change
 * added is removed, one the backup has is added; one added since by someone else, and other
 * protocols, are left alone. */
START_TEST(plan_makes_https_bindings_equal)
{
    static const char backup_list[] =
        "SITE \"Shop\" (id:2,bindings:https/*:443:shop.example,https/*:443:old.example,state:Started)\n";
    static const char backup_config[] =
        "<site name=\"Shop\" id=\"2\">\n<bindings>\n"
        "<binding protocol=\"https\" bindingInformation=\"*:443:shop.example\" sslFlags=\"1\" />\n"
        "<binding protocol=\"https\" bindingInformation=\"*:443:old.example\" sslFlags=\"1\" />\n"
        "</bindings>\n</site>\n";
    static const char live_list[] = "SITE \"Shop\" (id:2,bindings:https/*:443:shop.example,https/*:443:new.example,"
                                    "http/*:80:shop.example,net.tcp/808:*,https/*:443:later.example,state:Started)\n";
    static const char live_config[] =
        "<site name=\"Shop\" id=\"2\">\n<bindings>\n"
        "<binding protocol=\"https\" bindingInformation=\"*:443:shop.example\" />\n"
        "<binding protocol=\"https\" bindingInformation=\"*:443:new.example\" sslFlags=\"1\" />\n"
        "<binding protocol=\"http\" bindingInformation=\"*:80:shop.example\" />\n"
        "<binding protocol=\"net.tcp\" bindingInformation=\"808:*\" />\n"
        "</bindings>\n</site>\n";
    struct site_list want, live;
    sites_of(backup_list, backup_config, &want);
    sites_of(live_list, live_config, &live);
    struct binding_list bl;
    bindings_of(1, &bl);
    struct plan p;
    plan_restore(&bl, &bl, 1, &p);
    struct backup_site_step steps[] = {{"Shop", "*:443:new.example", 0, 1}, {"shop", "*:443:NEW.example", 1, 2},
                                       {"Shop", "*:443:later.example", 1, 3}, {"Shop", "*:443:later.example", 0, 4}};
    struct restore_sites in = {&want, &live, &bl, &bl, NULL, 0, steps, 4};
    plan_restore_sites(&p, &in);
    ck_assert(notes_have(&p, "site \"Shop\" has https/*:443:later.example now, which the backup does not and its "
                             "change did not add; it is left alone"));
    ck_assert_uint_eq(p.step_count, 4);
    step_is(&p, 0, TOOL_APPCMD, STEP_SITE_BINDING_DELETE, "bindingInformation='*:443:shop.example']");
    step_is(&p, 1, TOOL_APPCMD, STEP_SITE_BINDING_DELETE, "bindingInformation='*:443:new.example']");
    step_is(&p, 2, TOOL_APPCMD, STEP_SITE_BINDING_ADD, "bindingInformation='*:443:shop.example',sslFlags='1']");
    step_is(&p, 3, TOOL_APPCMD, STEP_SITE_BINDING_ADD, "bindingInformation='*:443:old.example',sslFlags='1']");
    /* built as bind builds them, each with its undo (the removed binding back with its own flags) */
    ck_assert_str_eq(p.steps[0].argv[0], "set");
    ck_assert_str_eq(p.steps[0].argv[2], "/site.name:Shop");
    ck_assert_str_eq(p.steps[0].undo[0][3], "/+bindings.[protocol='https',bindingInformation='*:443:shop.example',sslFlags='0']");
    ck_assert_str_eq(p.steps[1].undo[0][3], "/+bindings.[protocol='https',bindingInformation='*:443:new.example',sslFlags='1']");
    ck_assert_str_eq(p.steps[3].socket, "old.example:443");
    ck_assert_uint_eq(p.warning_count, 0);
    ck_assert_uint_eq(p.error_count, 0);
    ck_assert(!p.blocked);
    ck_assert_str_eq(p.summary, "0 HTTP.sys and 4 IIS binding change(s) bring the host back to the backup");
    plan_free(&p);
    binding_list_free(&bl);
    site_list_free(&want);
    site_list_free(&live);
}
END_TEST

/* After an unbind (old backup without iis-config): HTTP.sys first, then the site binding, whose
 * sslFlags are guessed from the backup's hostnameport record, with a warning. */
START_TEST(plan_after_unbind_guesses_unknown_flags)
{
    struct site_list want, live;
    sites_of(WWW_BOTH, NULL, &want);
    sites_of(WWW_HTTP, NULL, &live);
    struct binding_list before, now;
    bindings_of(1, &before);
    bindings_of(0, &now);
    struct plan p;
    plan_restore(&before, &now, 1, &p);
    struct restore_sites in = {&want, &live, &before, &now, NULL, 0, NULL, 0};
    plan_restore_sites(&p, &in);
    ck_assert_uint_eq(p.step_count, 2);
    step_is(&p, 0, TOOL_NETSH, STEP_ADD, "hostnameport=www.adatum.example:443");
    step_is(&p, 1, TOOL_APPCMD, STEP_SITE_BINDING_ADD, "bindingInformation='*:443:www.adatum.example',sslFlags='1']");
    ck_assert_uint_eq(p.warning_count, 1);
    ck_assert_msg(strstr(p.warnings[0].message, "the sslFlags of https/*:443:www.adatum.example of site \"Adatum WWW\" "
                                                "are unknown (the backup holds no `appcmd list site /config`): they "
                                                "are taken as 1 (SNI)"),
                  "%s", p.warnings[0].message);
    plan_free(&p);
    binding_list_free(&before);
    binding_list_free(&now);
    site_list_free(&want);
    site_list_free(&live);
}
END_TEST

/* After a bind: the site binding goes first, then the hostnameport binding the bind added, which
 * plan_restore alone would have left (and said so). */
START_TEST(plan_after_bind_deletes_what_it_added)
{
    struct site_list want, live;
    sites_of(WWW_HTTP, NULL, &want);
    sites_of(WWW_BOTH, NULL, &live);
    struct binding_list before, now;
    bindings_of(0, &before);
    bindings_of(1, &now);
    struct plan p;
    plan_restore(&before, &now, 1, &p);
    ck_assert(notes_have(&p, "www.adatum.example:443 is bound now but was not in the backup; it is left alone"));
    struct backup_socket added = {BINDING_HOSTNAMEPORT, "www.adatum.example:443", 2};
    struct backup_site_step bound = {"Adatum WWW", "*:443:www.adatum.example", 1, 1};
    struct restore_sites in = {&want, &live, &before, &now, &added, 1, &bound, 1};
    plan_restore_sites(&p, &in);
    ck_assert_uint_eq(p.step_count, 2);
    step_is(&p, 0, TOOL_APPCMD, STEP_SITE_BINDING_DELETE, "bindingInformation='*:443:www.adatum.example']");
    step_is(&p, 1, TOOL_NETSH, STEP_DELETE, "hostnameport=www.adatum.example:443");
    ck_assert_ptr_nonnull(p.steps[1].before);
    ck_assert_str_eq(p.steps[1].undo[0][1], "add");
    ck_assert(!notes_have(&p, "left alone;"));
    ck_assert(!notes_have(&p, "www.adatum.example:443 is bound now"));
    ck_assert(notes_have(&p, "www.adatum.example:443 was not bound when the backup was taken (step 2 of its change"));
    plan_free(&p);
    binding_list_free(&before);
    binding_list_free(&now);
    site_list_free(&want);
    site_list_free(&live);
}
END_TEST

/* A site gone since: an error with the command, never a step; IIS unreadable: nothing at all. */
START_TEST(plan_refusals)
{
    struct site_list want, live;
    sites_of(WWW_BOTH, NULL, &want);
    sites_of("SITE \"Default Web Site\" (id:1,bindings:http/*:80:,state:Started)\n", NULL, &live);
    struct binding_list before, now;
    bindings_of(1, &before);
    bindings_of(0, &now);
    struct plan p;
    plan_restore(&before, &now, 1, &p);
    struct restore_sites in = {&want, &live, &before, &now, NULL, 0, NULL, 0};
    plan_restore_sites(&p, &in);
    ck_assert_uint_eq(p.step_count, 1); /* the HTTP.sys half */
    ck_assert_int_eq(p.steps[0].tool, TOOL_NETSH);
    ck_assert(!p.blocked);
    ck_assert_uint_eq(p.error_count, 1);
    ck_assert_msg(strstr(p.errors[0].message,
                         "IIS has no site \"Adatum WWW\" now (id 3 in the backup); restore does not create sites. "
                         "Create it, then re-create its 1 https binding(s): appcmd set site \"/site.name:Adatum WWW\" "
                         "/+bindings.[protocol='https',bindingInformation='*:443:www.adatum.example',sslFlags='1']"),
                  "%s", p.errors[0].message);
    plan_free(&p);
    plan_restore(&before, &now, 1, &p);
    in.live_sites = NULL;
    plan_restore_sites(&p, &in);
    ck_assert(p.blocked);
    ck_assert_int_eq(plan_exit_status(&p), 1);
    plan_free(&p);
    binding_list_free(&before);
    binding_list_free(&now);
    site_list_free(&want);
    site_list_free(&live);
}
END_TEST

Suite *suite_restore_iis(void)
{
    Suite *s = suite_create("restore_iis");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, bind_then_restore_removes_both_bindings);
    tcase_add_test(tc, unbind_then_restore_brings_both_back);
    tcase_add_test(tc, binding_added_since_is_left_alone);
    tcase_add_test(tc, site_deleted_in_between_is_an_error_with_the_command);
    tcase_add_test(tc, appcmd_failure_midway_rolls_back);
    tcase_add_test(tc, dry_run_lists_the_appcmd_steps);
    suite_add_tcase(s, tc);
    TCase *plan = tcase_create("plan");
    tcase_add_test(plan, plan_makes_https_bindings_equal);
    tcase_add_test(plan, plan_after_unbind_guesses_unknown_flags);
    tcase_add_test(plan, plan_after_bind_deletes_what_it_added);
    tcase_add_test(plan, plan_refusals);
    suite_add_tcase(s, plan);
    return s;
}
