/* appcmd `set site` results (src/appcmd_result.c) and `appcmd list site /config`
 * (src/appcmd_config.c). Texts are output people posted publicly (CI logs, GitHub
 * issues, Chef runs; the posting medium's prefixes removed) and the forms appcmd prints for bindings. */
#include <check.h>
#include <string.h>

#include "appcmd.h"
#include "appcmd_result.h"
#include "testutil.h"
#include "text.h"

static struct appcmd_result classify(const char *out, int code)
{
    struct appcmd_result r;
    appcmd_classify(out, code, &r);
    return r;
}

START_TEST(duplicate_binding_multiline)
{
    /* appcmd-set/01: message, CRLF, empty line, ". )" on its own line, exit 183 */
    struct appcmd_result r = classify(
        "ERROR ( message:New binding object missing required attributes. Cannot add duplicate collection entry of "
        "type 'binding' with combined key attributes 'protocol, bindingInformation' respectively set to 'https, "
        "*:443:shop.example.com'\r\n\r\n. )\r\n",
        183);
    ck_assert_int_eq(r.outcome, APPCMD_DUPLICATE);
    ck_assert_str_eq(r.hresult, "");
    ck_assert_str_eq(r.message,
                     "New binding object missing required attributes. Cannot add duplicate collection entry of type "
                     "'binding' with combined key attributes 'protocol, bindingInformation' respectively set to "
                     "'https, *:443:shop.example.com'.");
    /* the hresult form, and the text alone deciding when the exit code was lost */
    r = classify("ERROR ( hresult:800700B7, message:Cannot add duplicate collection entry of type 'binding'\n\n. )\n", 1);
    ck_assert_int_eq(r.outcome, APPCMD_DUPLICATE);
    ck_assert_str_eq(r.hresult, "800700b7");
    ck_assert_str_eq(appcmd_outcome_name(r.outcome), "duplicate");
}
END_TEST

START_TEST(not_found_site_or_element)
{
    /* appcmd-set/03 */
    struct appcmd_result r =
        classify("ERROR ( message:Cannot find SITE object with identifier \"Northwind Shop\". )\r\n", 1168);
    ck_assert_int_eq(r.outcome, APPCMD_SITE_NOT_FOUND);
    ck_assert_str_eq(r.message, "Cannot find SITE object with identifier \"Northwind Shop\".");
    /* appcmd-set/02, second quote: removing a binding that is not there */
    r = classify("ERROR ( message:Cannot find requested collection element. )\r\n", 1168);
    ck_assert_int_eq(r.outcome, APPCMD_ELEMENT_NOT_FOUND);
    ck_assert_str_eq(r.message, "Cannot find requested collection element.");
    /* a translated message: the exit code still says "not found" */
    r = classify("ERROR ( message:Das angeforderte Auflistungselement wurde nicht gefunden. )\r\n", 1168);
    ck_assert_int_eq(r.outcome, APPCMD_NOT_FOUND);
}
END_TEST

START_TEST(ambiguous_access_denied_other)
{
    /* appcmd-set/05: exit 50, appcmd's own typo */
    struct appcmd_result r = classify("ERROR ( message:Must use exact identifer for APP object with verb SET. )\r\n", 50);
    ck_assert_int_eq(r.outcome, APPCMD_AMBIGUOUS);
    r = classify("ERROR ( hresult:80070005, message:Failed to commit configuration changes.\r\n\r\nAccess is denied.\r\n. )\r\n",
                 5);
    ck_assert_int_eq(r.outcome, APPCMD_ACCESS_DENIED);
    ck_assert_str_eq(r.hresult, "80070005");
    ck_assert_str_eq(r.message, "Failed to commit configuration changes. Access is denied.");
    ck_assert_ptr_nonnull(strstr(appcmd_outcome_advice(r.outcome), "elevated"));
    /* appcmd-set/04: the hresult form with blanks where lines were */
    r = classify("ERROR ( hresult:800710d8, message:Command execution failed.\r\nThe object identifier does not "
                 "represent a valid object.\r\n )\r\n",
                 13);
    ck_assert_int_eq(r.outcome, APPCMD_OTHER);
    ck_assert_str_eq(r.hresult, "800710d8");
    ck_assert_str_eq(r.message, "Command execution failed. The object identifier does not represent a valid object.");
    /* not an ERROR block at all, failing exit: the text is kept for the admin */
    r = classify("Object 'SITES' is not supported.  Run 'appcmd.exe /?' to display supported objects.\r\n", 87);
    ck_assert_int_eq(r.outcome, APPCMD_OTHER);
    ck_assert_ptr_nonnull(strstr(r.message, "is not supported"));
    /* empty output and a failing exit; NULL output */
    r = classify("", 1);
    ck_assert_int_eq(r.outcome, APPCMD_OTHER);
    r = classify(NULL, 0);
    ck_assert_int_eq(r.outcome, APPCMD_OK);
}
END_TEST

START_TEST(success_and_error_despite_exit_0)
{
    struct appcmd_result r = classify("SITE object \"Northwind Shop\" changed\r\n", 0);
    ck_assert_int_eq(r.outcome, APPCMD_OK);
    ck_assert_str_eq(r.message, "SITE object \"Northwind Shop\" changed");
    /* an ERROR printed with exit 0 is a failure all the same */
    r = classify("ERROR ( message:Cannot find SITE object with identifier \"X\". )\r\n", 0);
    ck_assert_int_eq(r.outcome, APPCMD_SITE_NOT_FOUND);
    /* indented ERROR (a wrapper's log) and a message holding parentheses */
    r = classify("   ERROR ( message:Path C:\\Program Files (x86)\\x is bad (really). )\n", 13);
    ck_assert_str_eq(r.message, "Path C:\\Program Files (x86)\\x is bad (really).");
    /* a message that never closes: everything to the end, capped */
    char big[4000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    memcpy(big, "ERROR ( message:", 16);
    r = classify(big, 13);
    ck_assert_uint_lt(strlen(r.message), sizeof r.message);
    ck_assert_int_eq(r.outcome, APPCMD_OTHER);
}
END_TEST

/* ---------- list site /config ---------- */

static int parse_config(const char *s, struct site_list *l, struct diags *d)
{
    struct text t;
    ck_assert_int_eq(text_decode(&t, (const unsigned char *)s, strlen(s), 0, d, "appcmd list site /config"), 0);
    int rc = appcmd_parse_config(&t, l, d);
    memset(t.buf, 'X', t.len); /* nothing may point into the text */
    text_free(&t);
    return rc;
}

static const char CONFIG[] =
    "<site name=\"Default Web Site\" id=\"1\" serverAutoStart=\"true\">\r\n"
    "    <bindings>\r\n"
    "        <binding protocol=\"http\" bindingInformation=\"*:80:\" />\r\n"
    "        <binding protocol=\"https\" bindingInformation=\"*:443:\" sslFlags=\"0\" />\r\n"
    "    </bindings>\r\n"
    "    <application path=\"/\">\r\n"
    "        <virtualDirectory path=\"/\" physicalPath=\"%SystemDrive%\\inetpub\\wwwroot\" />\r\n"
    "    </application>\r\n"
    "</site>\r\n"
    "<site name=\"Shop &amp; Co &quot;EU&quot;\" id=\"3\">\r\n"
    "    <bindings>\r\n"
    "        <binding protocol=\"HTTPS\" bindingInformation=\"*:443:shop.example.com\" sslFlags=\"1\" />\r\n"
    "        <binding protocol=\"https\" bindingInformation=\"*:443:eu.example.com\" sslFlags=\"Sni, DisableHTTP2\" />\r\n"
    "        <binding protocol=\"https\" bindingInformation=\"[::1]:8443:\" />\r\n"
    "        <binding protocol=\"https\" bindingInformation=\"*:443:ccs.example.com\" sslFlags=\"3\" />\r\n"
    "        <binding protocol=\"https\" bindingInformation=\"*:443:odd.example.com\" sslFlags=\"Fast\" />\r\n"
    "        <binding protocol=\"net.tcp\" bindingInformation=\"808:*\" />\r\n"
    "    </bindings>\r\n"
    "</site>\r\n";

START_TEST(config_bindings_with_ssl_flags)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    ck_assert_int_eq(parse_config(CONFIG, &l, &d), 0);
    ck_assert_int_eq(l.incomplete, 0);
    ck_assert_uint_eq(l.count, 2);
    ck_assert_str_eq(l.items[0].name, "Default Web Site");
    ck_assert_int_eq(l.items[0].id, 1);
    ck_assert_uint_eq(l.items[0].binding_count, 2);
    ck_assert_int_eq(l.items[0].bindings[0].ssl_flags, 0); /* absent: IIS's default */
    ck_assert_str_eq(l.items[1].name, "Shop & Co \"EU\"");
    ck_assert_uint_eq(l.items[1].binding_count, 6);
    const struct site_binding *b = l.items[1].bindings;
    ck_assert_str_eq(b[0].protocol, "https");
    ck_assert_str_eq(b[0].host, "shop.example.com");
    ck_assert_int_eq(b[0].port, 443);
    ck_assert_int_eq(b[0].ssl_flags, 1);
    ck_assert_int_eq(b[1].ssl_flags, 1 | 4);
    ck_assert_str_eq(b[2].ip, "::1");
    ck_assert_int_eq(b[2].port, 8443);
    ck_assert_int_eq(b[3].ssl_flags, 3);
    ck_assert_int_eq(b[4].ssl_flags, -1);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_WARNING, "sslFlags=\"Fast\""));
    ck_assert_str_eq(b[5].protocol, "net.tcp");
    ck_assert_int_eq(b[5].port, -1);
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

START_TEST(config_truncated_error_and_not_config)
{
    struct site_list l;
    struct diags d;
    diags_init(&d);
    /* Microsoft's appcmd documentation (sample99.xml): its sample stops after the first binding, no closing tags */
    ck_assert_int_eq(parse_config("<site name=\"Default Web Site\" id=\"1\">\r\n  <bindings>\r\n"
                                  "        <binding protocol=\"HTTP\" bindingInformation=\"*:80:\" />",
                                  &l, &d),
                     0);
    ck_assert_int_eq(l.incomplete, 1);
    ck_assert_uint_eq(l.count, 1);
    ck_assert_str_eq(l.items[0].bindings[0].protocol, "http");
    ck_assert_ptr_nonnull(find_diag(&d, SEV_WARNING, "cut off"));
    site_list_free(&l);
    diags_free(&d);

    diags_init(&d);
    ck_assert_int_eq(parse_config("ERROR ( hresult:80070005, message:Cannot read configuration file due to "
                                  "insufficient permissions\r\n )\r\n",
                                  &l, &d),
                     0);
    ck_assert_int_eq(l.incomplete, 1);
    ck_assert_uint_eq(l.count, 0);
    site_list_free(&l);
    diags_free(&d);

    diags_init(&d);
    ck_assert_int_eq(parse_config("SITE \"Default Web Site\" (id:1,bindings:http/*:80:,state:Started)\r\n", &l, &d), -1);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_ERROR, "not `appcmd list site /config`"));
    site_list_free(&l);
    diags_free(&d);
}
END_TEST

START_TEST(config_merged_into_list_site)
{
    static const char LIST[] = "SITE \"Default Web Site\" (id:1,bindings:http/*:80:,https/*:443:,state:Started)\r\n"
                               "SITE \"Shop & Co \"EU\"\" (id:3,bindings:https/*:443:shop.example.com,"
                               "https/*:443:other.example.com,state:Started)\r\n";
    struct site_list sites, config;
    struct diags d;
    diags_init(&d);
    struct text t;
    ck_assert_int_eq(text_decode(&t, (const unsigned char *)LIST, strlen(LIST), 0, &d, "appcmd list site"), 0);
    ck_assert_int_eq(appcmd_parse_sites(&t, &sites, &d), 0);
    text_free(&t);
    ck_assert_int_eq(sites.items[1].bindings[0].ssl_flags, -1); /* list site does not show it */
    ck_assert_int_eq(parse_config(CONFIG, &config, &d), 0);
    ck_assert_uint_eq(appcmd_merge_ssl_flags(&sites, &config), 3); // http 80, https 443, shop
    ck_assert_int_eq(sites.items[0].bindings[1].ssl_flags, 0);
    ck_assert_int_eq(sites.items[1].bindings[0].ssl_flags, 1);
    ck_assert_int_eq(sites.items[1].bindings[1].ssl_flags, -1); /* not in the configuration shown */
    site_list_free(&sites);
    site_list_free(&config);
    diags_free(&d);
}
END_TEST

Suite *suite_appcmd_result(void)
{
    Suite *s = suite_create("appcmd_result");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, duplicate_binding_multiline);
    tcase_add_test(tc, not_found_site_or_element);
    tcase_add_test(tc, ambiguous_access_denied_other);
    tcase_add_test(tc, success_and_error_despite_exit_0);
    tcase_add_test(tc, config_bindings_with_ssl_flags);
    tcase_add_test(tc, config_truncated_error_and_not_config);
    tcase_add_test(tc, config_merged_into_list_site);
    suite_add_tcase(s, tc);
    return s;
}
