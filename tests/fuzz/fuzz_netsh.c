/* libFuzzer harness: `netsh http show sslcert` output, any bytes (UTF-16, code pages, CRLF, CR),
 * through the parser, the socket index and both bindings reports. Properties: every parsed
 * socket is found again by the index, hashes are 40 lowercase hex digits, ports 0-65535 (or -1:
 * unreadable); what the reports print is valid UTF-8 without control
 * characters (C0 but line feed, DEL, C1) or bidirectional overrides, whatever the input held: an
 * ESC sequence in a label or value must not reach the admin's terminal (src/printable.h), and
 * the JSON report escapes every control character. The text report may keep a tab. The same
 * for the diagnostics, one bounded line each (tests/fuzz/fuzz_check.h). And the text the
 * commands read a file into (text_decode_take: one pass over the bytes, used in place when they
 * are UTF-8) is the one text_decode makes by copying, line for line.
 * Seeds: every fixtures/x/netsh-http-show-sslcert.txt. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "netsh.h"
#include "report_bindings.h"
#include "text.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_taken_text(const uint8_t *data, size_t size)
{
    struct diags d;
    diags_init(&d);
    struct text taken, copied;
    unsigned char *bytes = malloc(size ? size : 1);
    if (!bytes)
        return;
    memcpy(bytes, data, size);
    if (text_decode_take(&taken, &bytes, size, 0, &d, "fuzz") != 0 || text_decode(&copied, data, size, 0, &d, "fuzz") != 0)
        fuzz_fail("decoding with the default code page failed", "");
    if (taken.n_lines != copied.n_lines || taken.eol != copied.eol || taken.encoding != copied.encoding)
        fuzz_fail("the taken text has other lines or another encoding than the decoded one", "");
    for (size_t i = 0; i < taken.n_lines; i++)
        if (taken.lines[i].len != copied.lines[i].len || memcmp(taken.lines[i].s, copied.lines[i].s, taken.lines[i].len))
            fuzz_fail("a line of the taken text differs from the decoded one", copied.lines[i].s);
    text_free(&taken);
    text_free(&copied);
    diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_taken_text(data, size);
    struct binding_list l;
    struct diags d;
    diags_init(&d);
    if (netsh_parse_sslcert_bytes(data, size, 0, &l, &d) == 0) {
        struct binding_index ix;
        binding_index_build(&ix, &l);
        for (size_t i = 0; i < l.count; i++) {
            const struct binding *b = &l.items[i];
            if (b->socket && !binding_find_socket(&ix, b->socket))
                fuzz_fail("a parsed socket is not in the index", b->socket);
            fuzz_check_hash(b->certhash, "a certhash that is not 40 lowercase hex digits");
            if (b->port < -1 || b->port > 65535)
                fuzz_fail("a port out of range", b->socket ? b->socket : "?");
        }
        binding_index_free(&ix);
        for (int json = 0; json < 2; json++) {
            char *out = NULL;
            size_t len = 0;
            FILE *f = open_memstream(&out, &len);
            if (!f)
                break;
            if (json)
                report_bindings_json(f, &l, &d);
            else
                report_bindings_text(f, &l);
            fclose(f);
            fuzz_check_printable(out, len, !json, json ? "a control character or bad UTF-8 in the JSON report"
                                            : "a control character or bad UTF-8 in the text report");
            free(out);
        }
    }
    fuzz_check_diags(&d);
    binding_list_free(&l);
    diags_free(&d);
    return 0;
}
