/* `certrebind bind` and `unbind` end to end: the binary drives the netsh, certutil and appcmd
 * simulators (tests/sim, one shared state file), and every test checks the exit status and the
 * machine afterwards: both bindings after a bind, neither after an unbind, and after a failure
 * everything as it was (a failing netsh add rolls the appcmd step back). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appcmd_result.h"
#include "platform.h"
#include "testutil.h"

#define OLD "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"
#define NEW "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17"
#define IIS "{4dc3e181-e14b-4a21-b022-59fc669b0914}"
#define SUBJ "CN=*.northwind-traders.example,%20O=Northwind%20Traders,%20C=US"
#define ISSUER "CN=Fabrikam%20Issuing%20CA%202,%20O=Fabrikam,%20C=US"
#define DNS "*.northwind-traders.example,northwind-traders.example"

/* A web server: the default site on 0.0.0.0:443, the shop with SNI, and Shop Two, which gets
 * www.northwind-traders.example. OLD expires first, NEW (with its key) is chosen. */
static const char HOST[] =
    "site name=Default%20Web%20Site id=1 state=Started\n"
    "sitebinding site=Default%20Web%20Site protocol=http info=*:80:\n"
    "sitebinding site=Default%20Web%20Site protocol=https info=*:443: sslflags=0\n"
    "site name=Shop id=2 state=Started\n"
    "sitebinding site=Shop protocol=https info=*:443:shop.northwind-traders.example sslflags=1\n"
    "site name=Shop%20Two id=3 state=Started\n"
    "sitebinding site=Shop%20Two protocol=http info=*:80:www.northwind-traders.example\n"
    "binding ipport=0.0.0.0:443 certhash=" OLD " appid=" IIS " certstorename=MY\n"
    "binding hostnameport=shop.northwind-traders.example:443 certhash=" OLD " appid=" IIS " certstorename=MY\n"
    "cert store=My sha1=" OLD " haskey=1 notbefore=2025-12-01T09:00:00Z notafter=2026-12-05T08:59:00Z subject=" SUBJ
    " issuer=" ISSUER " serial=3a00000019 dns=" DNS "\n"
    "cert store=My sha1=" NEW " haskey=1 notbefore=2026-11-02T09:00:00Z notafter=2027-12-07T08:59:00Z subject=" SUBJ
    " issuer=" ISSUER " serial=3a0000002b dns=" DNS "\n";

static const char *const sim_vars[] = {"CERTREBIND_SIM_STATE", "CERTREBIND_SIM_FAIL", "CERTREBIND_SIM_FAIL_CODE",
                                       "CERTREBIND_SIM_LIE", "CERTREBIND_SIM_NOT_ELEVATED", "CERTREBIND_SIM_LOG"};

static char *tmp;
static char state[1024], bk[1024], simlog[1024];

static void setup(void)
{
    ck_assert_msg(file_exists(SIM_NETSH) && file_exists(SIM_CERTUTIL) && file_exists(SIM_APPCMD), "simulators not built");
    for (size_t i = 0; i < sizeof sim_vars / sizeof sim_vars[0]; i++)
        env_unset(sim_vars[i]);
    tmp = make_temp_dir();
    snprintf(state, sizeof state, "%s" SEP "state", tmp);
    snprintf(bk, sizeof bk, "%s" SEP "backups", tmp);
    snprintf(simlog, sizeof simlog, "%s" SEP "sim.log", tmp);
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

/* Runs certrebind VERB --site SITE --host HOST with the simulators; returns the exit status and
 * leaves stdout + stderr in out. */
static int run(const char *verb, const char *site, const char *host, char *out, size_t out_size)
{
    const char *bin = getenv("CERTREBIND_BIN");
    const char *argv[] = {bin && *bin ? bin : BUILD_DIR "/certrebind" EXE,
                          verb, "--site", site, "--host", host, "--yes", "--now", "2026-11-23", "--backup-dir", bk,
                          "--netsh", SIM_NETSH, "--certutil", SIM_CERTUTIL, "--appcmd", SIM_APPCMD, NULL};
    struct run_result r;
    run_program(argv, 90000, &r);
    ck_assert_msg(r.started && !r.timed_out, "cannot run %s: %s", argv[0], r.error ? r.error : "?");
    snprintf(out, out_size, "%s%s", r.out ? (char *)r.out : "", r.err ? (char *)r.err : "");
    int code = r.exit_code;
    run_result_free(&r);
    return code;
}

/* The state file without its counters (they count every call, also the reads). */
static char *machine(void)
{
    size_t n;
    unsigned char *b = file_read_all(state, &n);
    ck_assert_ptr_nonnull(b);
    char *out = calloc(n + 1, 1);
    size_t k = 0;
    for (char *line = (char *)b; line && *line;) {
        char *nl = strchr(line, '\n');
        size_t l = nl ? (size_t)(nl - line) + 1 : strlen(line);
        if (strncmp(line, "counter ", 8) != 0) {
            memcpy(out + k, line, l);
            k += l;
        }
        line += l;
    }
    free(b);
    return out;
}

static const char WWW_SITE[] =
    "sitebinding site=Shop%20Two protocol=https info=*:443:www.northwind-traders.example sslflags=1\n";
static const char WWW_SNI[] = "binding hostnameport=www.northwind-traders.example:443 certhash=" NEW " appid=" IIS
                              " certstorename=My\n";

START_TEST(bind_creates_both_bindings_and_unbind_removes_them)
{
    char *before = machine(), out[16384];
    int rc = run("bind", "Shop Two", "WWW.northwind-traders.example", out, sizeof out);
    ck_assert_msg(rc == 0, "bind: exit %d\n%s", rc, out);
    char *after = machine();
    ck_assert_msg(strstr(after, WWW_SITE), "no IIS binding:\n%s", after);
    ck_assert_msg(strstr(after, WWW_SNI), "no HTTP.sys binding:\n%s", after);
    ck_assert_msg(strstr(out, "verified"), "%s", out);
    /* the backup holds the IIS sites and both tools' steps */
    char path[1200];
    ck_assert_ptr_nonnull(strstr(out, "Backup of the current bindings and IIS sites: "));
    const char *p = strstr(out, "IIS sites: ") + 11;
    snprintf(path, sizeof path, "%.*s", (int)strcspn(p, "\r\n"), p);
    size_t n;
    unsigned char *b = file_read_all(path, &n);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_nonnull(strstr((char *)b, "\nstep 1 appcmd set site \"/site.name:Shop Two\""));
    ck_assert_ptr_nonnull(strstr((char *)b, "\nstep 2 netsh http add sslcert hostnameport=www.northwind-traders.example:443"));
    ck_assert_ptr_nonnull(strstr((char *)b, "\niis SITE \"Shop Two\" (id:3,bindings:http/*:80:www.northwind-traders.example,state:Started)\n"));
    free(b);
    /* a second bind is refused: both exist now, nothing runs */
    rc = run("bind", "Shop Two", "www.northwind-traders.example", out, sizeof out);
    ck_assert_int_eq(rc, 1);
    char *again = machine();
    ck_assert_str_eq(again, after);
    /* unbind: the machine is as before the bind */
    rc = run("unbind", "Shop Two", "www.northwind-traders.example", out, sizeof out);
    ck_assert_msg(rc == 0, "unbind: exit %d\n%s", rc, out);
    char *undone = machine();
    ck_assert_str_eq(undone, before);
    free(before);
    free(after);
    free(again);
    free(undone);
}
END_TEST

START_TEST(failing_netsh_add_rolls_back_the_appcmd_step)
{
    char *before = machine(), out[16384];
    env_set("CERTREBIND_SIM_FAIL", "add:1");
    int rc = run("bind", "Shop Two", "www.northwind-traders.example", out, sizeof out);
    ck_assert_msg(rc == 4, "exit %d\n%s", rc, out);
    char *after = machine();
    ck_assert_str_eq(after, before);
    ck_assert_msg(strstr(out, "Step 2 failed; every change was rolled back and verified."), "%s", out);
    /* in this order: the site binding added, netsh failed, the site binding removed again */
    size_t n;
    unsigned char *log = file_read_all(simlog, &n);
    ck_assert_ptr_nonnull(log);
    const char *a = strstr((char *)log, " siteadd "), *f = strstr((char *)log, " add hostnameport=www.");
    const char *d = strstr((char *)log, " sitedel ");
    ck_assert_msg(a && f && d && a < f && f < d, "%s", log);
    ck_assert_ptr_nonnull(strstr(f, "fail:1312"));
    free(log);
    free(before);
    free(after);
}
END_TEST

START_TEST(failing_appcmd_changes_nothing)
{
    char *before = machine(), out[16384];
    env_set("CERTREBIND_SIM_FAIL", "siteadd:1"); /* access denied */
    int rc = run("bind", "Shop Two", "www.northwind-traders.example", out, sizeof out);
    ck_assert_msg(rc == 4, "exit %d\n%s", rc, out);
    ck_assert_msg(strstr(out, "Access is denied") && strstr(out, "elevated"), "%s", out);
    char *after = machine();
    ck_assert_str_eq(after, before);
    size_t n;
    unsigned char *log = file_read_all(simlog, &n);
    ck_assert_ptr_null(strstr((char *)log, " add hostnameport=")); /* netsh never ran */
    free(log);
    free(before);
    free(after);
}
END_TEST

START_TEST(netsh_lying_is_caught_by_the_read_back)
{
    char *before = machine(), out[16384];
    env_set("CERTREBIND_SIM_LIE", "add:1"); /* "successfully added", and nothing is */
    int rc = run("bind", "Shop Two", "www.northwind-traders.example", out, sizeof out);
    ck_assert_msg(rc == 4, "exit %d\n%s", rc, out);
    ck_assert_msg(strstr(out, "www.northwind-traders.example:443 is not bound at all"), "%s", out);
    char *after = machine();
    ck_assert_str_eq(after, before);
    free(before);
    free(after);
}
END_TEST

START_TEST(unbind_refusals_run_nothing)
{
    char *before = machine(), out[16384];
    int rc = run("unbind", "No Such Site", "shop.northwind-traders.example", out, sizeof out);
    ck_assert_int_eq(rc, 1);
    ck_assert_ptr_nonnull(strstr(out, "IIS has no site named"));
    rc = run("bind", "Shop Two", "shop.northwind-traders.example", out, sizeof out);
    ck_assert_int_eq(rc, 1);
    ck_assert_ptr_nonnull(strstr(out, "rebinds it"));
    char *after = machine();
    ck_assert_str_eq(after, before);
    size_t n;
    unsigned char *log = file_read_all(simlog, &n);
    ck_assert_ptr_null(strstr((char *)log, " siteadd "));
    ck_assert_ptr_null(strstr((char *)log, " sitedel "));
    free(log);
    free(before);
    free(after);
}
END_TEST

/* The simulator prints what appcmd prints, and the classifier reads it as certrebind must. */
static struct appcmd_result sim_appcmd(const char *change, const char *site)
{
    char name[300];
    snprintf(name, sizeof name, "/site.name:%s", site);
    const char *argv[] = {SIM_APPCMD, "set", "site", name, change, NULL};
    struct run_result r;
    run_program(argv, 60000, &r);
    ck_assert(r.started);
    struct appcmd_result res;
    appcmd_classify((const char *)r.out, r.exit_code, &res);
    ck_assert_uint_eq(r.err_len, 0); /* errors go to stdout */
    run_result_free(&r);
    return res;
}

START_TEST(simulated_appcmd_errors_classified)
{
    struct appcmd_result r =
        sim_appcmd("/+bindings.[protocol='https',bindingInformation='*:443:shop.northwind-traders.example']", "Shop");
    ck_assert_int_eq(r.outcome, APPCMD_DUPLICATE);
    ck_assert_str_eq(r.hresult, "800700b7");
    ck_assert_int_eq(r.exit_code, 183);
    r = sim_appcmd("/-bindings.[protocol='https',bindingInformation='*:443:none.example']", "Shop");
    ck_assert_int_eq(r.outcome, APPCMD_ELEMENT_NOT_FOUND);
    r = sim_appcmd("/-bindings.[protocol='https',bindingInformation='*:443:none.example']", "Nope");
    ck_assert_int_eq(r.outcome, APPCMD_SITE_NOT_FOUND);
    ck_assert_str_eq(r.message, "Cannot find SITE object with identifier \"Nope\".");
    env_set("CERTREBIND_SIM_NOT_ELEVATED", "1");
    r = sim_appcmd("/+bindings.[protocol='https',bindingInformation='*:443:new.example',sslFlags='1']", "Shop");
    ck_assert_int_eq(r.outcome, APPCMD_ACCESS_DENIED);
    env_unset("CERTREBIND_SIM_NOT_ELEVATED");
    r = sim_appcmd("/+bindings.[protocol='https',bindingInformation='*:443:new.example',sslFlags='1']", "shop");
    ck_assert_int_eq(r.outcome, APPCMD_OK);
    ck_assert_str_eq(r.message, "SITE object \"shop\" changed");
}
END_TEST

Suite *suite_bind_apply(void)
{
    Suite *s = suite_create("bind_apply");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, bind_creates_both_bindings_and_unbind_removes_them);
    tcase_add_test(tc, failing_netsh_add_rolls_back_the_appcmd_step);
    tcase_add_test(tc, failing_appcmd_changes_nothing);
    tcase_add_test(tc, netsh_lying_is_caught_by_the_read_back);
    tcase_add_test(tc, unbind_refusals_run_nothing);
    tcase_add_test(tc, simulated_appcmd_errors_classified);
    suite_add_tcase(s, tc);
    return s;
}
