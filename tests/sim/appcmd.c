/* Stateful simulator of `%windir%\system32\inetsrv\appcmd.exe` for IIS site bindings, sharing the
 * state file with the netsh and certutil simulators (simcommon.h):
 *   appcmd list site                      SITE "name" (id:N,bindings:proto/info,...,state:S)
 *   appcmd list site [NAME] /config       <site name="…" id="…"> <bindings> <binding … /> …
 *   appcmd set site /site.name:NAME /+bindings.[protocol='P',bindingInformation='I'[,sslFlags='F']]
 *   appcmd set site /site.name:NAME /-bindings.[protocol='P',bindingInformation='I']
 * (`list sites`, `set site NAME …` and `/site.name:"NAME"` too). What it reproduces, from the
 * output posted publicly (Microsoft's appcmd documentation, CI logs, GitHub issues):
 *  - errors on STDOUT, stderr empty: "ERROR ( [hresult:xxxxxxxx, ]message:… )", multi-line;
 *  - site not found: `ERROR ( message:Cannot find SITE object with identifier "NAME". )`, exit 1168;
 *  - duplicate: `ERROR ( hresult:800700b7, message:New binding object missing required attributes.
 *    Cannot add duplicate collection entry of type 'binding' with combined key attributes
 *    'protocol, bindingInformation' respectively set to 'P, I'` CRLF, empty line, `. )`, exit 183;
 *  - removing what is not there: `ERROR ( message:Cannot find requested collection element. )`,
 *    exit 1168;
 *  - not elevated (CERTREBIND_SIM_NOT_ELEVATED=1): set fails with `ERROR ( hresult:80070005,
 *    message:Failed to commit configuration changes.` CRLF CRLF `Access is denied.` CRLF `. )`,
 *    exit 5 (list still works);
 *  - success: `SITE object "NAME" changed`, exit 0.
 * Invented where no capture exists: the exact wording of a malformed indexer error (exit 13)
 * and of an unknown command (exit 1).
 *
 * State records (besides those of the other simulators):
 *   site name=<enc> id=<n> state=<Started|Stopped>
 *   sitebinding site=<enc> protocol=<p> info=<enc> [sslflags=<n>]
 * in the order appcmd lists them (configuration order). Fault injection: ops `list`,
 * `siteadd`, `sitedel` count in CERTREBIND_SIM_FAIL (the failure then prints the access-denied
 * error; CERTREBIND_SIM_FAIL_CODE=183 or 1168 print the duplicate / not-found error instead),
 * CERTREBIND_SIM_HANG and CERTREBIND_SIM_KILL_PARENT. Log key: `<site>|<info>` or the site. */
#include "simcommon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct sim_buf out;
static char result[64];

static void xml_escaped(struct sim_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '"': sim_buf_add(b, "&quot;"); break;
        case '&': sim_buf_add(b, "&amp;"); break;
        case '<': sim_buf_add(b, "&lt;"); break;
        case '>': sim_buf_add(b, "&gt;"); break;
        default: sim_buf_addn(b, s, 1);
        }
    }
}

static const char *rec_name(const struct sim_record *r) { return sim_rec_get(r, "name"); }

static long find_site(const struct sim_state *st, const char *name)
{
    for (size_t i = 0; i < st->count; i++)
        if (!strcmp(st->recs[i].type, "site") && rec_name(&st->recs[i]) && !sim_casecmp(rec_name(&st->recs[i]), name))
            return (long)i;
    return -1;
}

static int binding_of(const struct sim_record *r, const char *site)
{
    const char *s = sim_rec_get(r, "site");
    return !strcmp(r->type, "sitebinding") && s && !sim_casecmp(s, site);
}

static void list_sites(const struct sim_state *st)
{
    for (size_t i = 0; i < st->count; i++) {
        const struct sim_record *s = &st->recs[i];
        if (strcmp(s->type, "site"))
            continue;
        sim_buf_printf(&out, "SITE \"%s\" (id:%s,bindings:", rec_name(s), sim_rec_get(s, "id") ? sim_rec_get(s, "id") : "0");
        int first = 1;
        for (size_t j = 0; j < st->count; j++)
            if (binding_of(&st->recs[j], rec_name(s))) {
                sim_buf_printf(&out, "%s%s/%s", first ? "" : ",", sim_rec_get(&st->recs[j], "protocol"),
                               sim_rec_get(&st->recs[j], "info"));
                first = 0;
            }
        sim_buf_printf(&out, ",state:%s)\n", sim_rec_get(s, "state") ? sim_rec_get(s, "state") : "Started");
    }
}

static void list_config(const struct sim_state *st, const char *only)
{
    for (size_t i = 0; i < st->count; i++) {
        const struct sim_record *s = &st->recs[i];
        if (strcmp(s->type, "site") || (only && sim_casecmp(rec_name(s), only)))
            continue;
        sim_buf_add(&out, "<site name=\"");
        xml_escaped(&out, rec_name(s));
        sim_buf_printf(&out, "\" id=\"%s\" serverAutoStart=\"true\">\n    <bindings>\n",
                       sim_rec_get(s, "id") ? sim_rec_get(s, "id") : "0");
        for (size_t j = 0; j < st->count; j++) {
            const struct sim_record *b = &st->recs[j];
            if (!binding_of(b, rec_name(s)))
                continue;
            sim_buf_add(&out, "        <binding protocol=\"");
            xml_escaped(&out, sim_rec_get(b, "protocol"));
            sim_buf_add(&out, "\" bindingInformation=\"");
            xml_escaped(&out, sim_rec_get(b, "info"));
            sim_buf_add(&out, "\"");
            if (sim_rec_get(b, "sslflags"))
                sim_buf_printf(&out, " sslFlags=\"%s\"", sim_rec_get(b, "sslflags"));
            sim_buf_add(&out, " />\n");
        }
        sim_buf_add(&out, "    </bindings>\n    <application path=\"/\" applicationPool=\"DefaultAppPool\">\n"
                          "        <virtualDirectory path=\"/\" physicalPath=\"%SystemDrive%\\inetpub\\wwwroot\" />\n"
                          "    </application>\n</site>\n");
    }
}

/* Reads NAME='value' from an indexer "[protocol='https',bindingInformation='*:443:h',sslFlags='1']". */
static char *indexer_value(const char *ix, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = ix; (p = strstr(p, name)) != NULL; p += n) {
        if ((p != ix && p[-1] != '[' && p[-1] != ',') || strncmp(p + n, "='", 2))
            continue;
        const char *v = p + n + 2, *e = strchr(v, '\'');
        return e ? sim_xstrndup(v, (size_t)(e - v)) : NULL;
    }
    return NULL;
}

static int error_out(int code, const char *text)
{
    sim_buf_add(&out, text);
    snprintf(result, sizeof result, "fail:%d", code);
    return code;
}

static int duplicate(const char *proto, const char *info)
{
    sim_buf_printf(&out,
                   "ERROR ( hresult:800700b7, message:New binding object missing required attributes. Cannot add "
                   "duplicate collection entry of type 'binding' with combined key attributes 'protocol, "
                   "bindingInformation' respectively set to '%s, %s'\n\n. )\n",
                   proto, info);
    snprintf(result, sizeof result, "fail:183");
    return 183;
}

static int access_denied(void)
{
    return error_out(5, "ERROR ( hresult:80070005, message:Failed to commit configuration changes.\n\nAccess is denied.\n. )\n");
}

static int set_site(int argc, char **argv, const char *state_path)
{
    const char *site = NULL, *change = NULL;
    for (int i = 3; i < argc; i++) {
        if (!sim_ncasecmp(argv[i], "/site.name:", 11))
            site = argv[i] + 11;
        else if (argv[i][0] == '/' && (argv[i][1] == '+' || argv[i][1] == '-'))
            change = argv[i];
        else if (argv[i][0] != '/' && !site)
            site = argv[i];
    }
    char *key = sim_xstrdup(site ? site : "-");
    char *proto = NULL, *info = NULL, *flags = NULL;
    int add = change && change[1] == '+';
    if (change && !sim_ncasecmp(change + 2, "bindings.[", 10) && change[strlen(change) - 1] == ']') {
        proto = indexer_value(change + 11, "protocol");
        info = indexer_value(change + 11, "bindingInformation");
        flags = indexer_value(change + 11, "sslFlags");
        free(key);
        key = sim_xstrdup(site ? site : "-");
        size_t kl = strlen(key) + (info ? strlen(info) : 0) + 2;
        char *k2 = sim_xmalloc(kl);
        snprintf(k2, kl, "%s|%s", key, info ? info : "");
        free(key);
        key = k2;
    }
    const char *op = add ? "siteadd" : "sitedel";
    struct sim_state st;
    if (sim_state_load(state_path, &st) != 0)
        exit(SIM_EXIT_MISCONFIGURED);
    long n = sim_counter_bump(&st, op);
    if (sim_state_save(state_path, &st) != 0)
        exit(SIM_EXIT_MISCONFIGURED);
    char *logkey = sim_encode(key);
    int rc = 0;
    if (sim_fault_match("CERTREBIND_SIM_HANG", op, n)) {
        sim_log(op, logkey, "hang");
        sim_sleep_seconds(600);
        snprintf(result, sizeof result, "fail:hang-ended");
        rc = 1;
    } else if (sim_fault_match("CERTREBIND_SIM_KILL_PARENT", op, n)) {
        sim_log(op, logkey, "killparent");
        sim_kill_parent();
        rc = 1;
    } else if (sim_fault_match("CERTREBIND_SIM_FAIL", op, n)) {
        int code = sim_fail_code();
        rc = code == 183    ? duplicate(proto ? proto : "https", info ? info : "")
             : code == 1168 ? error_out(1168, "ERROR ( message:Cannot find requested collection element. )\n")
                            : access_denied();
    } else if (!site || !proto || !info) {
        rc = error_out(13, "ERROR ( message:Malformed collection indexer; format is "
                           "[@position,name='value',name2='value2',...].  @position is optional. )\n");
    } else if (find_site(&st, site) < 0) {
        sim_buf_printf(&out, "ERROR ( message:Cannot find SITE object with identifier \"%s\". )\n", site);
        snprintf(result, sizeof result, "fail:1168");
        rc = 1168;
    } else if (sim_env_flag("CERTREBIND_SIM_NOT_ELEVATED")) {
        rc = access_denied();
    } else {
        long at = -1;
        for (size_t i = 0; i < st.count && at < 0; i++)
            if (binding_of(&st.recs[i], rec_name(&st.recs[find_site(&st, site)])) &&
                !sim_casecmp(sim_rec_get(&st.recs[i], "protocol"), proto) &&
                !sim_casecmp(sim_rec_get(&st.recs[i], "info"), info))
                at = (long)i;
        if (add && at >= 0)
            rc = duplicate(proto, info);
        else if (!add && at < 0)
            rc = error_out(1168, "ERROR ( message:Cannot find requested collection element. )\n");
        else {
            const char *name = rec_name(&st.recs[find_site(&st, site)]);
            if (add) {
                char *owner = sim_xstrdup(name);
                struct sim_record *r = sim_state_add(&st, "sitebinding");
                sim_rec_set(r, "site", owner);
                sim_rec_set(r, "protocol", proto);
                sim_rec_set(r, "info", info);
                if (flags)
                    sim_rec_set(r, "sslflags", flags);
                free(owner);
            } else {
                sim_state_remove(&st, (size_t)at);
            }
            if (sim_state_save(state_path, &st) != 0)
                exit(SIM_EXIT_MISCONFIGURED);
            sim_buf_printf(&out, "SITE object \"%s\" changed\n", site);
            snprintf(result, sizeof result, "ok");
        }
    }
    if (result[0])
        sim_log(op, logkey, result);
    sim_state_free(&st);
    free(logkey);
    free(key);
    free(proto);
    free(info);
    free(flags);
    return rc;
}

static void write_crlf(void)
{
    struct sim_buf crlf = {0};
    sim_buf_add(&crlf, "");
    for (size_t i = 0; i < out.len; i++)
        sim_buf_add(&crlf, out.data[i] == '\n' ? "\r\n" : (char[]){out.data[i], 0});
    sim_output_write(crlf.data, crlf.len);
    sim_buf_free(&crlf);
}

int main(int argc, char **argv)
{
    sim_output_init();
    const char *state_path = getenv("CERTREBIND_SIM_STATE");
    if (!state_path || !*state_path)
        sim_die("CERTREBIND_SIM_STATE is not set");
    sim_buf_add(&out, "");
    int rc = 1;
    int is_site = argc >= 3 && (!sim_casecmp(argv[2], "site") || !sim_casecmp(argv[2], "sites"));
    if (argc >= 3 && !sim_casecmp(argv[1], "list") && is_site) {
        struct sim_state st;
        if (sim_state_load(state_path, &st) != 0)
            exit(SIM_EXIT_MISCONFIGURED);
        long n = sim_counter_bump(&st, "list");
        if (sim_state_save(state_path, &st) != 0)
            exit(SIM_EXIT_MISCONFIGURED);
        int config = 0;
        const char *only = NULL;
        for (int i = 3; i < argc; i++) {
            if (!sim_casecmp(argv[i], "/config"))
                config = 1;
            else if (!sim_ncasecmp(argv[i], "/site.name:", 11))
                only = argv[i] + 11;
            else if (argv[i][0] != '/')
                only = argv[i];
        }
        if (sim_fault_match("CERTREBIND_SIM_FAIL", "list", n)) {
            rc = error_out(122, "ERROR ( hresult:8007007a, message:Failed to generate item output.\n"
                                "The data area passed to a system call is too small.\n )\n");
        } else {
            if (config)
                list_config(&st, only);
            else
                list_sites(&st);
            snprintf(result, sizeof result, "ok");
            rc = 0;
        }
        sim_log("list", config ? "config" : "-", result);
        sim_state_free(&st);
    } else if (argc >= 3 && !sim_casecmp(argv[1], "set") && is_site) {
        rc = set_site(argc, argv, state_path);
    } else {
        sim_buf_printf(&out, "Object '%s' is not supported.  Run 'appcmd.exe /?' to display supported objects.\n",
                       argc >= 3 ? argv[2] : "");
        sim_log("-", "-", "fail:usage");
        rc = 1;
    }
    write_crlf();
    sim_buf_free(&out);
    return rc;
}
