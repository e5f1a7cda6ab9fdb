/* certutil parser on hostile input: empty, garbage, NUL bytes, 1 MB lines, truncated at every byte,
 * huge stores, floods of warnings. The checks are: no crash, no leak, no out-of-bounds read (run
 * under ASan/UBSan and valgrind), a clear error where nothing can be read, and what can be read
 * is read. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certutil.h"
#include "lang/certutil_labels.h"
#include "strbuf.h"
#include "pattern.h"
#include "testutil.h"

static int parse(const void *bytes, size_t n, int codepage, struct cert_list *l, struct diags *d)
{
    struct text t;
    diags_init(d);
    ck_assert_int_eq(text_decode(&t, bytes, n, codepage, d, "hostile"), 0);
    struct certutil_options o = {DATE_ORDER_UNKNOWN, NULL, "My"};
    int rc = certutil_parse_store(&t, &o, l, d);
    text_free(&t);
    return rc;
}

static void done(struct cert_list *l, struct diags *d)
{
    cert_list_free(l);
    diags_free(d);
}

/* One plain certificate block, as Windows Server 2022 prints it. */
static void add_block(struct strbuf *sb, unsigned i)
{
    sb_printf(sb,
              "================ Certificate %u ================\r\n"
              "Serial Number: %032x\r\n"
              "Issuer: CN=Fabrikam TLS Issuing CA 01, O=Fabrikam Trust Services, C=US\r\n"
              " NotBefore: %u/%u/2026 9:00 AM\r\n"
              " NotAfter: 12/31/2027 8:59 PM\r\n"
              "Subject: CN=host%u.example\r\n"
              "Non-root Certificate\r\n"
              "Cert Hash(sha1): %08x%032x\r\n"
              "  Key Container = %08x-1c4a-44a8-a128-c2267f712336\r\n"
              "  Provider = Microsoft Software Key Storage Provider\r\n"
              "Encryption test passed\r\n\r\n",
              i, i * 2654435761u, i % 12 + 1, i % 28 + 1, i, i, i * 40503u, i);
}

START_TEST(empty_and_blank)
{
    struct cert_list l;
    struct diags d;
    ck_assert_int_eq(parse("", 0, 0, &l, &d), -1);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_ERROR, "empty"));
    ck_assert_uint_eq(l.count, 0);
    done(&l, &d);
    ck_assert_int_eq(parse("\r\n\r\n   \r\n", 9, 0, &l, &d), -1);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_ERROR, "not a certutil -store listing"));
    done(&l, &d);
    /* a store name and nothing else: cut short */
    ck_assert_int_eq(parse("My \"Personal\"\r\n", 15, 0, &l, &d), -1);
    done(&l, &d);
    ck_assert_int_eq(parse("My \"Personal\"\r\n==========\r\n", 27, 0, &l, &d), -1);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_ERROR, "store \"My\""));
    done(&l, &d);
}
END_TEST

START_TEST(binary_garbage)
{
    size_t n = 256 * 1024;
    unsigned char *b = malloc(n);
    unsigned x = 12345;
    for (int codepage = 0; codepage <= 850; codepage += 850) {
        for (int round = 0; round < 4; round++) {
            for (size_t i = 0; i < n; i++) {
                x = x * 1103515245u + 12345u;
                b[i] = (unsigned char)(x >> 16);
                if (round == 1 && (x & 0x3F) == 0)
                    b[i] = '\n';
                if (round == 2 && (x & 0x1F) == 0)
                    b[i] = (x & 0x100) ? ':' : '=';
            }
            if (round == 3) /* garbage inside a block */
                memcpy(b, "================ Certificate 0 ================\n", 48);
            struct cert_list l;
            struct diags d;
            int rc = parse(b, n, codepage, &l, &d);
            if (round < 3) {
                ck_assert_int_eq(rc, -1);
                ck_assert_uint_eq(l.count, 0);
                ck_assert_ptr_nonnull(find_diag(&d, SEV_ERROR, "not a certutil -store listing"));
            } else {
                ck_assert_uint_eq(l.count, 1);
                ck_assert_ptr_null(l.items[0].sha1);
            }
            done(&l, &d);
        }
    }
    free(b);
}
END_TEST

START_TEST(nul_bytes_and_utf16)
{
    size_t n;
    unsigned char *b = fixture_read("demo-wildcard-renewal/certutil-store-my.txt", &n);
    /* the same listing as PowerShell's `>` writes it: UTF-16LE with a BOM */
    unsigned char *w = malloc(2 * n + 2);
    w[0] = 0xFF;
    w[1] = 0xFE;
    for (size_t i = 0; i < n; i++) {
        w[2 + 2 * i] = b[i];
        w[3 + 2 * i] = 0;
    }
    struct cert_list l;
    struct diags d;
    ck_assert_int_eq(parse(w, 2 * n + 2, 0, &l, &d), 0);
    ck_assert_uint_eq(l.count, 5);
    ck_assert_str_eq(l.items[4].sha1, "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17");
    ck_assert_uint_eq(d.count, 0);
    done(&l, &d);
    free(w);
    /* NUL bytes sprinkled through: never a crash, what survives is read */
    for (size_t i = 37; i < n; i += 97)
        b[i] = 0;
    int rc = parse(b, n, 437, &l, &d);
    ck_assert(rc == 0 || rc == -1);
    ck_assert_uint_le(l.count, 5);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_WARNING, "NUL"));
    done(&l, &d);
    free(b);
}
END_TEST

/* A valid one-certificate listing with one line replaced by `prefix` + 1 MB of `fill`. */
static void one_huge_line(const char *prefix, char fill, const char *expect_warning)
{
    size_t big = 1024 * 1024;
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "My \"Personal\"\r\n================ Certificate 0 ================\r\n"
                 "X509 Certificate:\r\nSerial Number: 01\r\n");
    sb_adds(&sb, prefix);
    sb_reserve(&sb, big);
    memset(sb.data + sb.len, fill, big);
    sb.len += big;
    sb.data[sb.len] = '\0';
    sb_adds(&sb, "\r\n    2.5.29.17: Flags = 0, Length = 20\r\n    Subject Alternative Name\r\n"
                 "        DNS Name=www.example\r\n\r\n"
                 "Cert Hash(sha1): 37378a1b06dcef1b4d4753f7d21e4f20b18fbfec\r\n"
                 "CertUtil: -store command completed successfully.\r\n");
    struct cert_list l;
    struct diags d;
    ck_assert_msg(parse(sb.data, sb.len, 437, &l, &d) == 0, "'%s' + '%c'", prefix, fill);
    ck_assert_uint_eq(l.count, 1);
    ck_assert_msg(l.items[0].sha1 && !strcmp(l.items[0].sha1, "37378a1b06dcef1b4d4753f7d21e4f20b18fbfec"),
                  "'%s' + '%c': hash %s", prefix, fill, l.items[0].sha1 ? l.items[0].sha1 : "(null)");
    ck_assert_str_eq(l.items[0].serial, "01");
    if (expect_warning)
        ck_assert_msg(find_diag(&d, SEV_WARNING, expect_warning) != NULL, "no warning \"%s\" for %s", expect_warning,
                      prefix);
    done(&l, &d);
    sb_free(&sb);
}

START_TEST(megabyte_lines)
{
    one_huge_line("", ' ', NULL);
    one_huge_line("", '=', NULL);
    one_huge_line("", ':', NULL);
    one_huge_line("", 'a', NULL);
    one_huge_line("================ Certificate ", '7', NULL);
    one_huge_line("Subject: CN=", 'x', NULL);
    one_huge_line("Issuer:\r\n    CN=", 'y', NULL);
    one_huge_line(" NotBefore: ", '1', "cannot read the date");
    one_huge_line("Template: ", 'T', NULL);
    one_huge_line("  Key Container = ", 'k', NULL);
    one_huge_line("Mystery Label: ", 'f', NULL);
    one_huge_line("\xE8\xAF\x81", '(', NULL);
    /* a 1 MB CertUtil line ends the block like any certutil line; it is no failure (no 0x code) */
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "================ Certificate 0 ================\nSerial Number: 01\nCertUtil: -store command FAILED: ");
    for (int i = 0; i < 1024 * 1024; i++)
        sb_addc(&sb, 'F');
    sb_adds(&sb, "\nCert Hash(sha1): 37378a1b06dcef1b4d4753f7d21e4f20b18fbfec\n");
    struct cert_list l;
    struct diags d;
    ck_assert_int_eq(parse(sb.data, sb.len, 0, &l, &d), 0);
    ck_assert_uint_eq(l.count, 1);
    ck_assert_ptr_null(l.items[0].sha1);
    done(&l, &d);
    sb_free(&sb);
    /* the hash line itself, 1 MB long: the first one wins, the problem is named */
    sb_init(&sb);
    sb_adds(&sb, "================ Certificate 0 ================\nCert Hash(sha1): ");
    for (int i = 0; i < 1024 * 1024; i++)
        sb_addc(&sb, "0123456789abcdef"[i & 15]);
    sb_adds(&sb, "\nCertUtil: -store command completed successfully.\n");
    ck_assert_int_eq(parse(sb.data, sb.len, 0, &l, &d), 0);
    ck_assert_ptr_null(l.items[0].sha1);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_WARNING, "has 1048576 hex digits"));
    done(&l, &d);
    sb_free(&sb);
    /* a SAN with 1 MB of DNS name */
    sb_init(&sb);
    sb_adds(&sb, "================ Certificate 0 ================\nX509 Certificate:\n    Subject Alternative Name\n"
                 "        DNS Name=");
    for (int i = 0; i < 1024 * 1024; i++)
        sb_addc(&sb, 'd');
    sb_adds(&sb, "\nCertUtil: -store command completed successfully.\n");
    ck_assert_int_eq(parse(sb.data, sb.len, 0, &l, &d), 0);
    ck_assert_uint_eq(l.items[0].dns_count, 1);
    ck_assert_uint_eq(strlen(l.items[0].dns_names[0]), 1024 * 1024);
    done(&l, &d);
    sb_free(&sb);
}
END_TEST

START_TEST(truncated_everywhere)
{
    const char *files[] = {"demo-wildcard-renewal/certutil-store-my.txt", "certutil-ws2019-fr/certutil-store-my.txt",
                           "demo-wildcard-renewal/certutil-v-store-my.txt"};
    for (size_t f = 0; f < 3; f++) {
        size_t n;
        unsigned char *b = fixture_read(files[f], &n);
        size_t step = f < 2 ? 1 : 13; /* every byte of the plain files, every 13th of the verbose one */
        size_t previous = 0;
        for (size_t cut = 0; cut <= n; cut += step) {
            /* a copy of exactly `cut` bytes, so ASan sees any read past the end */
            unsigned char *c = malloc(cut ? cut : 1);
            memcpy(c, b, cut);
            struct cert_list l;
            struct diags d;
            int rc = parse(c, cut, f == 1 ? 850 : 437, &l, &d);
            free(c);
            ck_assert(rc == 0 || rc == -1);
            /* certificates appear one by one as the cut moves on, never more than there are */
            ck_assert_uint_ge(l.count + 1, previous);
            previous = l.count;
            if (rc == 0 && cut < n - 60)
                ck_assert_msg(find_diag(&d, SEV_WARNING, "cut short") != NULL, "%s cut at %lu: no warning",
                              files[f], (unsigned long)cut);
            done(&l, &d);
        }
        ck_assert_uint_eq(previous, f == 1 ? 3 : 5);
        free(b);
    }
}
END_TEST

START_TEST(ten_thousand_certificates)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "My \"Personal\"\r\n");
    for (unsigned i = 0; i < 10000; i++)
        add_block(&sb, i);
    sb_adds(&sb, "CertUtil: -store command completed successfully.\r\n");
    struct cert_list l;
    struct diags d;
    ck_assert_int_eq(parse(sb.data, sb.len, 437, &l, &d), 0);
    ck_assert_uint_eq(l.count, 10000);
    ck_assert_uint_eq(d.count, 0);
    for (unsigned i = 0; i < 10000; i += 997) {
        const struct cert *c = &l.items[i];
        char want[41];
        snprintf(want, sizeof want, "%08x%032x", i, i * 40503u);
        ck_assert_str_eq(c->sha1, want);
        ck_assert_int_eq(c->index, (int)i);
        ck_assert_int_eq(c->has_private_key, TRI_TRUE);
        ck_assert_int_eq(c->not_after_known, 1);
    }
    ck_assert_ptr_null(l.date_assumption); /* i % 28 + 1 > 12 proves month first */
    done(&l, &d);
    sb_free(&sb);
}
END_TEST

START_TEST(floods)
{
    /* 50,000 certificates without a hash: 50,000 warnings would drown the user; the cap holds */
    struct strbuf sb;
    sb_init(&sb);
    for (unsigned i = 0; i < 50000; i++)
        sb_printf(&sb, "================ Certificate %u ================\nSerial Number: %x\n", i, i);
    sb_adds(&sb, "CertUtil: -store command completed successfully.\n");
    struct cert_list l;
    struct diags d;
    ck_assert_int_eq(parse(sb.data, sb.len, 0, &l, &d), 0);
    ck_assert_uint_eq(l.count, 50000);
    ck_assert_uint_le(d.count, 200);
    ck_assert_uint_gt(d.suppressed, 49000);
    done(&l, &d);
    sb_free(&sb);
    /* 200,000 DNS names in one certificate */
    sb_init(&sb);
    sb_adds(&sb, "================ Certificate 0 ================\nX509 Certificate:\n"
                 "Cert Hash(sha1): 37378a1b06dcef1b4d4753f7d21e4f20b18fbfec\n    Subject Alternative Name\n");
    for (unsigned i = 0; i < 200000; i++)
        sb_printf(&sb, "        DNS Name=h%u.example\n", i);
    sb_adds(&sb, "\nCertUtil: -store command completed successfully.\n");
    ck_assert_int_eq(parse(sb.data, sb.len, 0, &l, &d), 0);
    ck_assert_uint_eq(l.items[0].dns_count, 200000);
    ck_assert_str_eq(l.items[0].dns_names[199999], "h199999.example");
    done(&l, &d);
    sb_free(&sb);
    /* banners with nothing in between, indexes at the edges */
    sb_init(&sb);
    sb_adds(&sb, "================ Certificate 999999999 ================\n"
                 "================ Certificate 99999999999 ================\n"
                 "================ Certificate -1 ================\n"
                 "================  ================\n"
                 "================ 0 ================\n");
    for (unsigned i = 0; i < 100000; i++)
        sb_adds(&sb, "================ Certificate 1 ================\n");
    sb_adds(&sb, "CertUtil: -store command completed successfully.\n");
    ck_assert_int_eq(parse(sb.data, sb.len, 0, &l, &d), 0);
    ck_assert_uint_eq(l.count, 100001);
    ck_assert_int_eq(l.items[0].index, 999999999);
    done(&l, &d);
    sb_free(&sb);
}
END_TEST

START_TEST(failure_lines_are_bounded)
{
    /* two failures and junk after them: the first is reported, once */
    static const char s[] = "CertUtil: -store command FAILED: 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND\r\n"
                            "CertUtil: -store command FAILED: 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)\r\n"
                            "CertUtil: \r\n"
                            "CertUtil:\r\n";
    struct cert_list l;
    struct diags d;
    ck_assert_int_eq(parse(s, sizeof s - 1, 0, &l, &d), -1);
    ck_assert_uint_eq(d.count, 1);
    ck_assert_ptr_nonnull(find_diag(&d, SEV_ERROR, "0x80070002"));
    done(&l, &d);
}
END_TEST

static void teardown(void) { parser_tables_free(); }

Suite *suite_certutil_hostile(void)
{
    Suite *s = suite_create("certutil_hostile");
    TCase *tc = tcase_create("hostile");
    tcase_set_timeout(tc, 600);
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, empty_and_blank);
    tcase_add_test(tc, binary_garbage);
    tcase_add_test(tc, nul_bytes_and_utf16);
    tcase_add_test(tc, megabyte_lines);
    tcase_add_test(tc, truncated_everywhere);
    tcase_add_test(tc, ten_thousand_certificates);
    tcase_add_test(tc, floods);
    tcase_add_test(tc, failure_lines_are_bounded);
    suite_add_tcase(s, tc);
    return s;
}
