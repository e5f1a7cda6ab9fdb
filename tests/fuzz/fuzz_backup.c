/* libFuzzer harness: the backup reader (src/backup.c), two ways.
 *  1. The input as a backup file: backup_parse checks and reads it (no crash, no leak, whatever
 *     the header, length, marker, checksum and netsh output say).
 *  2. The input as the `show sslcert` output apply backs up: when the netsh parser reads it (as
 *     apply requires) and it holds no NUL character, the backup written of it before a plan that
 *     moves every binding to another certificate must pass every check of backup_parse and give
 *     back as many records as were read; a backup_format refusal must say why.
 *  3. backup_parse_take (restore reads the netsh output where the file was read) finds what
 *     backup_parse finds, on every input.
 * Seeds: fixtures/backups/ (backups written by certrebind) and every netsh listing. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backup.h"
#include "netsh.h"
#include "plan.h"

#define OTHER_HASH "00112233445566778899aabbccddeeff00112233"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const struct diags *d)
{
    fprintf(stderr, "fuzz_backup: %s\n", what);
    for (size_t i = 0; d && i < d->count; i++)
        fprintf(stderr, "  %s (line %d): %s\n", severity_name(d->items[i].severity), d->items[i].line,
                d->items[i].message);
    __builtin_trap();
}

static void round_trip(const uint8_t *data, size_t size)
{
    struct diags d;
    diags_init(&d);
    struct binding_list before, after;
    int rc_before = netsh_parse_sslcert_bytes(data, size, 0, &before, &d);
    int rc_after = netsh_parse_sslcert_bytes(data, size, 0, &after, &d);
    if (rc_before == 0 && rc_after == 0 && !memchr(data, 0, size)) {
        for (size_t i = 0; i < after.count; i++)
            if (after.items[i].certhash)
                after.items[i].certhash = OTHER_HASH;
        struct plan p;
        plan_restore(&after, &before, 1, &p);
        size_t len = 0;
        struct diags fd;
        diags_init(&fd);
        char *bytes = backup_format(data, size, before.count, &p, "2026-11-29T20.00.00Z", &len, &fd);
        if (!bytes && diags_count(&fd, SEV_ERROR) == 0)
            fail("backup_format refused without an error", &fd);
        if (bytes) {
            struct backup b;
            struct diags rd;
            diags_init(&rd);
            if (backup_parse((const unsigned char *)bytes, len, 0, NULL, &b, &rd) != 0)
                fail("a backup certrebind wrote does not pass backup_parse", &rd);
            if (b.bindings.count != before.count || b.content_len != size || b.step_count != p.step_count)
                fail("the backup read back differs from what was written", &rd);
            backup_free(&b);
            diags_free(&rd);
            free(bytes);
        }
        diags_free(&fd);
        plan_free(&p);
    }
    binding_list_free(&before);
    binding_list_free(&after);
    diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct backup b, taken;
    struct diags d, dt;
    diags_init(&d);
    diags_init(&dt);
    int rc = backup_parse(data, size, 0, "fuzz.backup", &b, &d);
    unsigned char *copy = malloc(size ? size : 1);
    if (copy) {
        memcpy(copy, data, size);
        int rc_taken = backup_parse_take(&copy, size, 0, "fuzz.backup", &taken, &dt);
        if (copy)
            fail("backup_parse_take kept the buffer", &dt);
        if (rc_taken != rc || taken.bindings.count != b.bindings.count || taken.step_count != b.step_count ||
            dt.count != d.count)
            fail("backup_parse_take read the backup otherwise than backup_parse", &dt);
        backup_free(&taken);
    }
    backup_free(&b);
    fuzz_check_diags(&d);
    diags_free(&d);
    diags_free(&dt);
    round_trip(data, size);
    return 0;
}
