/* Host names for bind/unbind (src/hostname.c): RFC 3492 test vectors (section 7.1) and the
 * validation rules. */
#include <check.h>
#include <string.h>

#include "hostname.h"

/* Encodes a UTF-8 string's code points with punycode_encode (via hostname's decoder would
 * lower-case ASCII; these vectors keep case, so the code points are given directly). */
static void check_vector(const unsigned *cps, size_t n, const char *expected)
{
    char out[128];
    ck_assert_int_eq(punycode_encode(cps, n, out, sizeof out), 0);
    ck_assert_str_eq(out, expected);
}

START_TEST(rfc3492_vectors)
{
    /* (A) Arabic (Egyptian) */
    static const unsigned a[] = {0x0644, 0x064A, 0x0647, 0x0645, 0x0627, 0x0628, 0x062A, 0x0643, 0x0644,
                                 0x0645, 0x0648, 0x0634, 0x0639, 0x0631, 0x0628, 0x064A, 0x061F};
    check_vector(a, sizeof a / sizeof a[0], "egbpdaj6bu4bxfgehfvwxn");
    /* (B) Chinese (simplified) */
    static const unsigned b[] = {0x4ED6, 0x4EEC, 0x4E3A, 0x4EC0, 0x4E48, 0x4E0D, 0x8BF4, 0x4E2D, 0x6587};
    check_vector(b, sizeof b / sizeof b[0], "ihqwcrb4cv8a8dqg056pqjye");
    /* (C) Chinese (traditional) */
    static const unsigned c[] = {0x4ED6, 0x5011, 0x7232, 0x4EC0, 0x9EBD, 0x4E0D, 0x8AAA, 0x4E2D, 0x6587};
    check_vector(c, sizeof c / sizeof c[0], "ihqwctvzc91f659drss3x8bo0yb");
    /* (J) Spanish: basic code points copied as they are, then the delta digits */
    static const unsigned j[] = {'P', 'o', 'r', 'q', 'u', 0xE9, 'n', 'o', 'p', 'u', 'e', 'd', 'e', 'n', 's', 'i',
                                 'm', 'p', 'l', 'e', 'm', 'e', 'n', 't', 'e', 'h', 'a', 'b', 'l', 'a', 'r', 'e',
                                 'n', 'E', 's', 'p', 'a', 0xF1, 'o', 'l'};
    check_vector(j, sizeof j / sizeof j[0], "PorqunopuedensimplementehablarenEspaol-fmd56a");
    /* (L) 3<nen>B<gumi><kinpachi><sensei> */
    static const unsigned l[] = {'3', 0x5E74, 'B', 0x7D44, 0x91D1, 0x516B, 0x5148, 0x751F};
    check_vector(l, sizeof l / sizeof l[0], "3B-ww4c5e180e575a65lsy2b");
    /* (S) only basic code points: a trailing delimiter */
    static const unsigned s[] = {'-', '>', ' ', '$', '1', '.', '0', '0', ' ', '<', '-'};
    check_vector(s, sizeof s / sizeof s[0], "-> $1.00 <--");
    /* output that does not fit is refused, never cut */
    char small[8];
    ck_assert_int_eq(punycode_encode(a, sizeof a / sizeof a[0], small, sizeof small), -1);
}
END_TEST

static void ok(const char *in, const char *expected)
{
    char out[254], why[200] = "";
    ck_assert_msg(hostname_to_ascii(in, out, why, sizeof why) == 0, "%s refused: %s", in, why);
    ck_assert_str_eq(out, expected);
}

static void refused(const char *in, const char *reason_part)
{
    char out[254], why[200] = "";
    ck_assert_msg(hostname_to_ascii(in, out, why, sizeof why) == -1, "%s accepted as %s", in, out);
    ck_assert_msg(strstr(why, reason_part) != NULL, "%s: reason '%s' lacks '%s'", in, why, reason_part);
}

START_TEST(ascii_names_lowercased)
{
    ok("shop.example.com", "shop.example.com");
    ok("Shop.Northwind-Traders.EXAMPLE", "shop.northwind-traders.example");
    ok("www.example.com.", "www.example.com"); /* one trailing dot dropped */
    ok("intranet", "intranet");
    ok("a1-b2.example", "a1-b2.example");
    ok("xn--bcher-kva.example", "xn--bcher-kva.example"); /* already an A-label */
    ok("XN--BCHER-KVA.example", "xn--bcher-kva.example");
}
END_TEST

START_TEST(idn_to_a_labels)
{
    ok("bücher.example", "xn--bcher-kva.example");
    ok("Bücher.Example", "xn--bcher-kva.example");
    ok("www.münchen.de", "www.xn--mnchen-3ya.de");
    ok("例え.テスト", "xn--r8jz45g.xn--zckzah");
    /* ideographic full stops separate labels */
    ok("例え\xE3\x80\x82テスト", "xn--r8jz45g.xn--zckzah");
    ok("例え\xEF\xBC\x8Eテスト", "xn--r8jz45g.xn--zckzah");
}
END_TEST

START_TEST(refusals_say_why)
{
    refused("", "empty");
    refused(".", "empty label");
    refused("a..b", "empty label");
    refused("a.example..", "empty label");
    refused(".a.example", "empty label");
    refused("*.example.com", "wildcard");
    refused("ssl_2016.ncut.edu.tw", "underscore");
    refused("shop.example.com:443", "--port");
    refused("2001:db8::1", "colon");
    refused("10.0.0.12", "IP address");
    refused("-shop.example", "hyphen");
    refused("shop-.example", "hyphen");
    refused("shop example", "blank");
    refused("shop\texample", "blank");
    refused("shop/x", "'/'");
    refused("shop\xE2\x80\x8B.example", "U+200B"); /* zero-width space pasted from a web page */
    refused("shop\xC2\xA0.example", "U+00A0");
    refused("caf\xE9.example", "UTF-8");       /* Latin-1 byte */
    refused("\xC0\xAE.example", "UTF-8");      /* overlong '.' */
    refused("\xED\xA0\x80.example", "UTF-8");  /* surrogate */
    refused("abc\xE4", "UTF-8");               /* cut-off sequence */
    char longlabel[80];
    memset(longlabel, 'a', 64);
    strcpy(longlabel + 64, ".example");
    refused(longlabel, "63");
    longlabel[1] = '.';
    ok(longlabel, longlabel); /* 1 + 62: fine */
    char longname[300];
    for (int i = 0; i < 50; i++)
        memcpy(longname + i * 6, "abcde.", 6);
    memcpy(longname + 300 - 6, "abcde", 6);
    refused(longname, "253");
    /* exactly 253 is fine, 254 is not (the last label brings its dot: found by fuzzing) */
    char edge[300] = "";
    for (int i = 0; i < 63; i++)
        strcat(edge, "abc.");
    strcat(edge, "a"); /* 63 * 4 + 1 = 253 */
    ok(edge, edge);
    strcat(edge, "b");
    refused(edge, "253");
    edge[248] = 0; /* "...abc.abc." minus the end: 62 labels and a dot */
    strcat(edge, "abcde"); /* 248 + 5 = 253 */
    ok(edge, edge);
    strcat(edge, ".x"); /* a new label that does not fit with its dot */
    refused(edge, "253");
    /* a non-ASCII label whose A-label exceeds 63 bytes */
    char wide[200] = "";
    for (int i = 0; i < 30; i++) { /* 30 different CJK characters (repeats would compress) */
        unsigned cp = 0x4E00 + (unsigned)i * 97;
        char u[4] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)), (char)(0x80 | (cp & 0x3F)), 0};
        strcat(wide, u);
    }
    strcat(wide, ".example");
    refused(wide, "xn--");
}
END_TEST

Suite *suite_hostname(void)
{
    Suite *s = suite_create("hostname");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, rfc3492_vectors);
    tcase_add_test(tc, ascii_names_lowercased);
    tcase_add_test(tc, idn_to_a_labels);
    tcase_add_test(tc, refusals_say_why);
    suite_add_tcase(s, tc);
    return s;
}
