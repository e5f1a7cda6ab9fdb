/* Backups (src/backup.c) and the platform functions they rest on: SHA-256, durable writes that
 * leave nothing behind, the log that is never written through a link, the private-folder check.
 *
 * The backups here are real: ws2022-en's `show sslcert` output (7 bindings) before a plan that
 * moves every binding to another certificate (update, or delete + add), written by
 * backup_format and read back by backup_parse; then damaged the ways files get damaged (cut
 * short, cut at a record boundary, a NUL in a key, a changed key, a wrong checksum, one flipped
 * bit anywhere) and the ways a careless or hostile rewrite would leave them (sealed again with a
 * correct checksum, but records missing). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef _WIN32
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#else
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#endif

#include "backup.h"
#include "netsh.h"
#include "plan.h"
#include "platform.h"
#include "testutil.h"
#include "text.h"

#ifdef _WIN32
#define SEP_STR "\\"
#else
#define SEP_STR "/"
#endif

#define FIXTURE "ws2022-en/netsh-http-show-sslcert.txt"
#define RECORDS 7
#define OTHER_HASH "00112233445566778899aabbccddeeff00112233"
#define STAMP "2026-11-29T20.00.00Z"

/* ------------------------------------------------------------------ SHA-256 */

static void hex_of(const unsigned char *d, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check_sha(const char *msg, size_t len, const char *want)
{
    unsigned char d[SHA256_LEN];
    char hex[2 * SHA256_LEN + 1], *err = NULL;
    ck_assert_msg(sha256_digest(msg, len, d, &err) == 0, "%s", err ? err : "sha256_digest failed");
    hex_of(d, SHA256_LEN, hex);
    ck_assert_str_eq(hex, want);
}

/* FIPS 180-2's examples. */
START_TEST(sha256_known_answers)
{
    check_sha("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check_sha("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    check_sha(two_blocks, strlen(two_blocks), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    size_t n = 1000000;
    char *million = malloc(n);
    ck_assert_ptr_nonnull(million);
    memset(million, 'a', n);
    check_sha(million, n, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(million);
}
END_TEST

/* ------------------------------------------------------------------ making backups */

static void parse_listing(const unsigned char *raw, size_t len, struct binding_list *out)
{
    struct diags d;
    diags_init(&d);
    struct text t;
    ck_assert_int_eq(text_decode(&t, raw, len, 0, &d, "test"), 0);
    ck_assert_int_eq(netsh_parse_sslcert(&t, out, &d), 0);
    text_free(&t);
    diags_free(&d);
}

/* The bytes of a backup of `content` (announcing `records` records) before the plan that moves
 * every binding of the fixture to OTHER_HASH. Caller frees. */
static char *backup_of(const unsigned char *content, size_t content_len, size_t records, int use_update, size_t *len)
{
    size_t raw_len;
    unsigned char *raw = fixture_read(FIXTURE, &raw_len);
    struct binding_list before, after;
    parse_listing(raw, raw_len, &before);
    parse_listing(raw, raw_len, &after);
    ck_assert_uint_eq(before.count, RECORDS);
    for (size_t i = 0; i < after.count; i++)
        after.items[i].certhash = OTHER_HASH;
    struct plan p;
    plan_restore(&after, &before, use_update, &p);
    ck_assert_uint_eq(p.step_count, use_update ? RECORDS : 2 * RECORDS);
    struct diags d;
    diags_init(&d);
    char *b = backup_format(content ? content : raw, content ? content_len : raw_len, records, &p, STAMP, len, &d);
    ck_assert_msg(b != NULL, "backup_format failed: %s", d.count ? d.items[0].message : "?");
    diags_free(&d);
    plan_free(&p);
    binding_list_free(&before);
    binding_list_free(&after);
    free(raw);
    return b;
}

/* backup_parse must refuse bytes, with an error containing want (NULL: any error). */
static void assert_refused(const char *bytes, size_t len, const char *want, const char *what)
{
    struct diags d;
    diags_init(&d);
    struct backup b;
    int rc = backup_parse((const unsigned char *)bytes, len, 0, "test.backup", &b, &d);
    backup_free(&b);
    char all[3000] = "";
    for (size_t i = 0; i < d.count; i++)
        if (strlen(all) + strlen(severity_name(d.items[i].severity)) + strlen(d.items[i].message) + 5 < sizeof all)
            strcat(strcat(strcat(strcat(all, "\n  "), severity_name(d.items[i].severity)), ": "), d.items[i].message);
    ck_assert_msg(rc == -1, "%s: accepted", what);
    ck_assert_msg(diags_count(&d, SEV_ERROR) > 0, "%s: refused without an error", what);
    ck_assert_msg(!want || find_diag(&d, SEV_ERROR, want), "%s: no error saying '%s':%s", what, want, all);
    diags_free(&d);
}

static void assert_accepted(const char *bytes, size_t len, size_t steps)
{
    struct diags d;
    diags_init(&d);
    struct backup b;
    int rc = backup_parse((const unsigned char *)bytes, len, 0, "test.backup", &b, &d);
    ck_assert_msg(rc == 0, "a good backup was refused: %s", d.count ? d.items[0].message : "?");
    ck_assert_int_eq(b.version, BACKUP_FORMAT);
    ck_assert_uint_eq(b.records, RECORDS);
    ck_assert_uint_eq(b.bindings.count, RECORDS);
    ck_assert_uint_eq(b.step_count, steps);
    backup_free(&b);
    diags_free(&d);
}

/* ------------------------------------------------------------------ round trip */

START_TEST(round_trip_update_and_delete_add)
{
    size_t len;
    char *b = backup_of(NULL, 0, RECORDS, 1, &len);
    ck_assert_ptr_nonnull(strstr(b, "\nstep 1 netsh http update sslcert "));
    ck_assert_ptr_nonnull(strstr(b, "\nrecords 7\n"));
    assert_accepted(b, len, RECORDS);
    free(b);
    b = backup_of(NULL, 0, RECORDS, 0, &len);
    ck_assert_ptr_nonnull(strstr(b, "\nstep 2 netsh http add sslcert "));
    assert_accepted(b, len, 2 * RECORDS);
    free(b);
}
END_TEST

/* A bind's backup: its IIS sites (`iis` lines) and their sslFlags (`iis-config` lines) come back
 * as written, CRLF and blank lines dropped; the socket its add step binds anew is named. */
START_TEST(round_trip_iis_lines_and_added_socket)
{
    size_t raw_len, len;
    unsigned char *raw = fixture_read(FIXTURE, &raw_len);
    struct plan p;
    memset(&p, 0, sizeof p);
    arena_init(&p.arena);
    p.summary = "serve new.example:443 from IIS site \"Shop\" with SNI";
    p.iis_sites = "SITE \"Shop\" (id:2,bindings:http/*:80:,state:Started)\r\n\r\nSITE \"B\" (id:3,state:Stopped)\n";
    p.iis_config = "<site name=\"Shop\" id=\"2\">\n\n  <binding protocol=\"https\" sslFlags=\"1\" />\n</site>\n";
    const char *add[] = {"http", "add", "sslcert", "hostnameport=new.example:443", "certhash=" OTHER_HASH,
                         "appid={4dc3e181-e14b-4a21-b022-59fc669b0914}", NULL};
    const char *site_add[] = {"set", "site", "/site.name:Shop Two",
                              "/+bindings.[protocol='https',bindingInformation='*:443:new.example',sslFlags='1']", NULL};
    const char *site_del[] = {"set", "site", "/site.name:B",
                              "/-bindings.[protocol='https',bindingInformation='[::1]:443:']", NULL};
    p.steps = calloc(3, sizeof *p.steps);
    p.steps[0].tool = TOOL_APPCMD;
    p.steps[0].argv = site_add;
    p.steps[1].tool = TOOL_NETSH;
    p.steps[1].op = STEP_ADD;
    p.steps[1].argv = add;
    p.steps[2].tool = TOOL_APPCMD;
    p.steps[2].argv = site_del;
    p.step_count = 3;
    struct diags d;
    diags_init(&d);
    char *b = backup_format(raw, raw_len, RECORDS, &p, STAMP, &len, &d);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_nonnull(strstr(b, "\niis-config   <binding protocol=\"https\" sslFlags=\"1\" />\niis-config </site>\nrestore-with "));
    struct backup bk;
    ck_assert_int_eq(backup_parse((const unsigned char *)b, len, 0, "test.backup", &bk, &d), 0);
    ck_assert_str_eq(bk.iis_sites, "SITE \"Shop\" (id:2,bindings:http/*:80:,state:Started)\nSITE \"B\" (id:3,state:Stopped)\n");
    ck_assert_uint_eq(bk.iis_sites_len, strlen(bk.iis_sites));
    ck_assert_str_eq(bk.iis_config, "<site name=\"Shop\" id=\"2\">\n  <binding protocol=\"https\" sslFlags=\"1\" />\n</site>\n");
    ck_assert_uint_eq(bk.added_count, 1);
    ck_assert_int_eq(bk.added[0].kind, BINDING_HOSTNAMEPORT);
    ck_assert_str_eq(bk.added[0].socket, "new.example:443");
    ck_assert_uint_eq(bk.added[0].step, 2);
    /* the site bindings the appcmd steps add or remove, read back from the lines format_step_command wrote */
    ck_assert_uint_eq(bk.site_step_count, 2);
    ck_assert_str_eq(bk.site_steps[0].site, "Shop Two");
    ck_assert_str_eq(bk.site_steps[0].info, "*:443:new.example");
    ck_assert_int_eq(bk.site_steps[0].add, 1);
    ck_assert_uint_eq(bk.site_steps[0].step, 1);
    ck_assert_str_eq(bk.site_steps[1].site, "B");
    ck_assert_str_eq(bk.site_steps[1].info, "[::1]:443:");
    ck_assert_int_eq(bk.site_steps[1].add, 0);
    ck_assert_uint_eq(bk.site_steps[1].step, 3);
    backup_free(&bk);
    /* apply's backups have neither */
    free(b);
    b = backup_of(NULL, 0, RECORDS, 0, &len);
    ck_assert_int_eq(backup_parse((const unsigned char *)b, len, 0, "test.backup", &bk, &d), 0);
    ck_assert_ptr_null(bk.iis_sites);
    ck_assert_ptr_null(bk.iis_config);
    ck_assert_uint_eq(bk.added_count, 0);
    ck_assert_uint_eq(bk.site_step_count, 0);
    backup_free(&bk);
    diags_free(&d);
    free(p.steps);
    p.steps = NULL;
    p.step_count = 0;
    plan_free(&p);
    free(b);
    free(raw);
}
END_TEST

/* ------------------------------------------------------------------ damaged files */

/* Every prefix of a backup is refused; one cut right after a record says it is cut short. */
START_TEST(every_cut_is_refused)
{
    size_t len;
    char *b = backup_of(NULL, 0, RECORDS, 1, &len);
    for (size_t cut = 0; cut < len; cut++)
        assert_refused(b, cut, NULL, "a cut backup");
    /* cut exactly at a record boundary: after the blank line that ends the third record */
    const char *content = strstr(b, "--- netsh http show sslcert, as printed ---\n");
    ck_assert_ptr_nonnull(content);
    const char *at = content;
    for (int r = 0; r < 3; r++) {
        at = strstr(at + 1, "    IP:port ");
        ck_assert_ptr_nonnull(at);
    }
    assert_refused(b, (size_t)(at - b), "cut short", "cut at a record boundary");
    assert_refused(b, (size_t)(at - b), "no end marker", "cut at a record boundary");
    free(b);
}
END_TEST

/* One flipped bit anywhere is refused (the checksum, or the structure around it). */
START_TEST(every_flipped_bit_is_refused)
{
    size_t len;
    char *b = backup_of(NULL, 0, RECORDS, 0, &len);
    for (size_t i = 0; i < len; i++) {
        b[i] ^= 0x20; /* a case change where it is a letter */
        char what[64];
        snprintf(what, sizeof what, "byte %zu changed", i);
        assert_refused(b, len, NULL, what);
        b[i] ^= 0x20;
    }
    assert_accepted(b, len, 2 * RECORDS);
    free(b);
}
END_TEST

static char *replace_once(const char *s, size_t len, const char *from, const char *to, size_t *out_len)
{
    const char *at = NULL;
    for (size_t i = 0; i + strlen(from) <= len && !at; i++)
        if (!memcmp(s + i, from, strlen(from)))
            at = s + i;
    ck_assert_msg(at != NULL, "'%s' not found", from);
    size_t head = (size_t)(at - s), fl = strlen(from), tl = strlen(to);
    char *r = malloc(len - fl + tl + 1);
    ck_assert_ptr_nonnull(r);
    memcpy(r, s, head);
    memcpy(r + head, to, tl);
    memcpy(r + head + tl, at + fl, len - head - fl);
    *out_len = len - fl + tl;
    r[*out_len] = 0;
    return r;
}

/* A copy of s with the character after `key`'s first 9 characters made a NUL. */
static char *nul_in(const char *s, size_t len, const char *key)
{
    size_t l;
    char *r = replace_once(s, len, key, key, &l);
    char *at = NULL;
    for (size_t i = 0; i + strlen(key) <= l && !at; i++)
        if (!memcmp(r + i, key, strlen(key)))
            at = r + i;
    at[9] = '\0';
    return r;
}

/* A NUL in a key: refused whether the checksum was computed before or after it got there. */
START_TEST(nul_in_a_key_is_refused)
{
    size_t len, raw_len;
    char *b = backup_of(NULL, 0, RECORDS, 1, &len);
    /* changed after writing: the checksum no longer matches */
    char *changed = nul_in(b, len, "0.0.0.0:443");
    assert_refused(changed, len, "checksum mismatch", "NUL in a key");
    assert_refused(changed, len, "NUL", "NUL in a key");
    free(changed);
    /* sealed with the NUL in it: the checksum matches, the NUL is still refused */
    unsigned char *raw = fixture_read(FIXTURE, &raw_len);
    char *raw_nul = nul_in((const char *)raw, raw_len, "0.0.0.0:443");
    char *sealed = backup_of((const unsigned char *)raw_nul, raw_len, RECORDS, 1, &len);
    assert_refused(sealed, len, "NUL", "a sealed NUL in a key");
    free(sealed);
    free(raw_nul);
    free(raw);
    free(b);
}
END_TEST

/* A changed key: the checksum says so; sealed again, the steps name a socket no record has. */
START_TEST(corrupted_key_is_refused)
{
    size_t len, raw_len, bad_len;
    char *b = backup_of(NULL, 0, RECORDS, 1, &len);
    const char *content = strstr(b, "--- netsh http show sslcert");
    ck_assert_ptr_nonnull(content);
    size_t off = (size_t)(content - b);
    char *changed = replace_once(b + off, len - off, "203.0.113.25:443", "203.0.113.26:443", &bad_len);
    char *whole = malloc(off + bad_len + 1);
    memcpy(whole, b, off);
    memcpy(whole + off, changed, bad_len + 1);
    assert_refused(whole, off + bad_len, "checksum mismatch", "a changed key");
    free(whole);
    free(changed);
    unsigned char *raw = fixture_read(FIXTURE, &raw_len);
    char *raw_bad = replace_once((const char *)raw, raw_len, "203.0.113.25:443", "203.0.113.25:4x3", &bad_len);
    char *sealed = backup_of((const unsigned char *)raw_bad, bad_len, RECORDS, 1, &len);
    assert_refused(sealed, len, "not among the backup's records", "a sealed unreadable key");
    free(sealed);
    free(raw_bad);
    free(raw);
    free(b);
}
END_TEST

/* A record removed and the file sealed again: the count, and the steps that name it, refuse it. */
START_TEST(missing_record_in_a_resealed_file_is_refused)
{
    size_t raw_len, len;
    unsigned char *raw = fixture_read(FIXTURE, &raw_len);
    /* the second record, from its key line to the next one */
    const char *second = strstr((const char *)raw, "    IP:port                      : 203.0.113.25:443");
    ck_assert_ptr_nonnull(second);
    const char *third = strstr(second + 1, "    IP:port ");
    if (!third)
        third = strstr(second + 1, "    Hostname:port ");
    ck_assert_ptr_nonnull(third);
    size_t a = (size_t)(second - (const char *)raw), cut = (size_t)(third - second);
    unsigned char *shorter = malloc(raw_len);
    memcpy(shorter, raw, a);
    memcpy(shorter + a, third, raw_len - a - cut);
    char *b = backup_of(shorter, raw_len - cut, RECORDS, 1, &len);
    assert_refused(b, len, "announces 7 binding record(s), the netsh output holds 6", "a record removed");
    assert_refused(b, len, "ipport=203.0.113.25:443) names a binding that is not among", "a record removed");
    free(b);
    /* the count adjusted too: the steps still name the missing record */
    b = backup_of(shorter, raw_len - cut, RECORDS - 1, 1, &len);
    assert_refused(b, len, "not among the backup's records: a record is missing", "a record removed, count adjusted");
    free(b);
    free(shorter);
    free(raw);
}
END_TEST

START_TEST(checksum_and_trailer_are_strict)
{
    size_t len, l2;
    char *b = backup_of(NULL, 0, RECORDS, 1, &len);
    char *sha = strstr(b, "\nsha256 ");
    ck_assert_ptr_nonnull(sha);
    sha += 8;
    char saved = sha[10];
    sha[10] = saved == '0' ? '1' : '0';
    assert_refused(b, len, "checksum mismatch", "another checksum");
    sha[10] = saved;
    /* upper-case hex is not what certrebind writes */
    for (char *c = sha; *c != '\n'; c++)
        if (*c >= 'a' && *c <= 'f')
            *c = (char)(*c - 32);
    assert_refused(b, len, "checksum mismatch", "upper-case checksum");
    free(b);
    b = backup_of(NULL, 0, RECORDS, 1, &len);
    char *longer = malloc(len + 20);
    memcpy(longer, b, len);
    memcpy(longer + len, "step 9 netsh http\n", 18);
    assert_refused(longer, len + 18, "nothing may follow", "text after the checksum");
    free(longer);
    char *extra = replace_once(b, len, "\nrecords ", "\nnote hello\nrecords ", &l2);
    assert_refused(extra, l2, "unexpected header line 'note hello'", "an unknown header line");
    free(extra);
    char *huge = replace_once(b, len, "\ncontent-bytes ", "\ncontent-bytes 99999999999", &l2);
    assert_refused(huge, l2, "cut short", "a length beyond the file");
    free(huge);
    free(b);
}
END_TEST

/* The released version's format, and things that are not backups at all. */
START_TEST(format_1_and_foreign_files_are_refused)
{
    size_t raw_len;
    unsigned char *raw = fixture_read(FIXTURE, &raw_len);
    static const char head[] = "certrebind backup 1\ncreated-by certrebind 0.1.0\ncreated 2026-11-20T10.00.00Z\n"
                               "plan 1 binding(s) to rebind in 1 step(s)\nstep 1 netsh http update sslcert "
                               "ipport=0.0.0.0:443 certhash=" OTHER_HASH "\n"
                               "restore-with certrebind restore <this file>\n"
                               "--- netsh http show sslcert, as printed ---\n";
    char *v1 = malloc(sizeof head + raw_len);
    memcpy(v1, head, sizeof head - 1);
    memcpy(v1 + sizeof head - 1, raw, raw_len);
    assert_refused(v1, sizeof head - 1 + raw_len, "format 1, written by certrebind 0.1.0", "a format 1 backup");
    memcpy(v1, "certrebind backup 3", 19);
    assert_refused(v1, sizeof head - 1 + raw_len, "format 3", "a newer format");
    assert_refused((const char *)raw, raw_len, "not a certrebind backup", "a bare listing");
    assert_refused("", 0, "not a certrebind backup", "an empty file");
    free(v1);
    free(raw);
}
END_TEST

/* ------------------------------------------------------------------ the platform underneath */

static char *tmp;

static void tmp_setup(void) { tmp = make_temp_dir(); }

static void tmp_teardown(void)
{
    rm_rf(tmp);
    free(tmp);
    tmp = NULL;
}

START_TEST(write_never_replaces_and_reports_exists)
{
    char *path = path_join(tmp, "a.backup"), *err = NULL;
    ck_assert_int_eq(write_file_durable(path, "one", 3, &err), 0);
    ck_assert_int_eq(write_file_durable(path, "two", 3, &err), WRITE_EXISTS);
    free(err);
    size_t len;
    char *t = (char *)file_read_all(path, &len);
    ck_assert_uint_eq(len, 3);
    ck_assert(!memcmp(t, "one", 3));
    free(t);
    free(path);
}
END_TEST

START_TEST(new_folder_is_private)
{
    char *dir = path_join(tmp, "made" SEP_STR "backups"), *err = NULL;
    ck_assert_int_eq(make_directories(dir, &err), 0);
    ck_assert_msg(check_private_directory(dir, &err) == 0, "%s", err ? err : "");
    free(dir);
}
END_TEST

#ifndef _WIN32
/* A write that fails half-way (here: the file size limit, as a full disk would) leaves nothing. */
START_TEST(failed_write_leaves_no_file)
{
    char *path = path_join(tmp, "full.backup"), *err = NULL;
    struct rlimit old, small = {4096, 4096};
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
    small.rlim_max = old.rlim_max;
    signal(SIGXFSZ, SIG_IGN);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
    static char big[20000];
    memset(big, 'x', sizeof big);
    int rc = write_file_durable(path, big, sizeof big, &err);
    setrlimit(RLIMIT_FSIZE, &old);
    ck_assert_int_eq(rc, -1);
    ck_assert_msg(err && strstr(err, "cannot write"), "%s", err ? err : "(no message)");
    ck_assert_msg(!file_exists(path), "the partial file %s was left behind", path);
    free(err);
    free(path);
}
END_TEST

START_TEST(log_is_not_written_through_links)
{
    char *victim = path_join(tmp, "victim"), *log = path_join(tmp, "certrebind.log"), *err = NULL;
    ck_assert_int_eq(write_file(victim, "keep\n", 5), 0);
    ck_assert_int_eq(symlink(victim, log), 0);
    ck_assert_int_eq(append_line_durable(log, "hello", &err), -1);
    ck_assert_msg(err && strstr(err, "symbolic link"), "%s", err ? err : "(no message)");
    free(err);
    err = NULL;
    unlink(log);
    ck_assert_int_eq(link(victim, log), 0); /* a hard link is refused too */
    ck_assert_int_eq(append_line_durable(log, "hello", &err), -1);
    ck_assert_msg(err && strstr(err, "hard link"), "%s", err ? err : "(no message)");
    free(err);
    size_t len;
    char *t = (char *)file_read_all(victim, &len);
    ck_assert_uint_eq(len, 5);
    free(t);
    unlink(log);
    err = NULL;
    ck_assert_int_eq(append_line_durable(log, "hello", &err), 0); /* a plain new file is fine */
    free(log);
    free(victim);
}
END_TEST

START_TEST(shared_folder_is_refused)
{
    char *dir = path_join(tmp, "shared"), *err = NULL;
    ck_assert_int_eq(make_directories(dir, &err), 0);
    ck_assert_int_eq(chmod(dir, 0770), 0);
    ck_assert_int_eq(check_private_directory(dir, &err), -1);
    ck_assert_msg(strstr(err, "writable by its group") && strstr(err, "chmod go-w"), "%s", err);
    free(err);
    ck_assert_int_eq(chmod(dir, 01777), 0);
    ck_assert_int_eq(check_private_directory(dir, &err), -1);
    ck_assert_msg(strstr(err, "writable by everyone"), "%s", err);
    free(err);
    ck_assert_int_eq(chmod(dir, 0700), 0);
    if (geteuid() == 0) { /* only root can give a folder away */
        ck_assert_int_eq(chown(dir, 4242, (gid_t)-1), 0);
        ck_assert_int_eq(check_private_directory(dir, &err), -1);
        ck_assert_msg(strstr(err, "belongs to user 4242") && strstr(err, "chown"), "%s", err);
        free(err);
    }
    free(dir);
}
END_TEST
#else
/* Gives Everyone the right to change the folder (what a standard user who pre-created it could
 * leave behind). SetNamedSecurityInfoW, so that Wine, which keeps no ACLs, maps it to the mode. */
static void share_with_everyone(const wchar_t *dir)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    ck_assert(ConvertStringSecurityDescriptorToSecurityDescriptorW(
        L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;WD)", SDDL_REVISION_1, &sd, NULL));
    BOOL present = FALSE, defaulted = FALSE;
    PACL dacl = NULL;
    ck_assert(GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted) && present);
    ck_assert_int_eq(SetNamedSecurityInfoW((wchar_t *)dir, SE_FILE_OBJECT,
                                           DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, NULL, NULL,
                                           dacl, NULL),
                     0);
    LocalFree(sd);
}

/* A folder someone else may write to (Everyone: modify), as a standard user could pre-create
 * under %ProgramData%: refused, with the icacls commands that fix it. */
START_TEST(shared_folder_is_refused)
{
    char *dir = path_join(tmp, "shared"), *err = NULL;
    wchar_t wdir[4096];
    MultiByteToWideChar(CP_UTF8, 0, dir, -1, wdir, 4096);
    ck_assert(CreateDirectoryW(wdir, NULL));
    share_with_everyone(wdir);
    ck_assert_int_eq(check_private_directory(dir, &err), -1);
    ck_assert_msg(strstr(err, "S-1-1-0") && strstr(err, "icacls"), "%s", err);
    free(err);
    free(dir);
}
END_TEST
#endif

Suite *suite_backup(void)
{
    Suite *s = suite_create("backup");
    TCase *tc = tcase_create("format");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, sha256_known_answers);
    tcase_add_test(tc, round_trip_update_and_delete_add);
    tcase_add_test(tc, round_trip_iis_lines_and_added_socket);
    tcase_add_test(tc, every_cut_is_refused);
    tcase_add_test(tc, every_flipped_bit_is_refused);
    tcase_add_test(tc, nul_in_a_key_is_refused);
    tcase_add_test(tc, corrupted_key_is_refused);
    tcase_add_test(tc, missing_record_in_a_resealed_file_is_refused);
    tcase_add_test(tc, checksum_and_trailer_are_strict);
    tcase_add_test(tc, format_1_and_foreign_files_are_refused);
    suite_add_tcase(s, tc);
    TCase *fs = tcase_create("files");
    tcase_add_checked_fixture(fs, tmp_setup, tmp_teardown);
    tcase_add_test(fs, write_never_replaces_and_reports_exists);
    tcase_add_test(fs, new_folder_is_private);
#ifndef _WIN32
    tcase_add_test(fs, failed_write_leaves_no_file);
    tcase_add_test(fs, log_is_not_written_through_links);
#endif
    tcase_add_test(fs, shared_folder_is_refused);
    suite_add_tcase(s, fs);
    return s;
}
