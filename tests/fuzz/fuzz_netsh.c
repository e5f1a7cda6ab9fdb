/* libFuzzer harness: `netsh http show sslcert` output, any bytes (UTF-16, code pages, CRLF, CR),
 * through the parser, the socket index and both bindings reports. Properties: every parsed
 * socket is found again by the index; what the reports print is valid UTF-8 without control
 * characters (C0 but line feed, DEL, C1) or bidirectional overrides, whatever the input held: an
 * ESC sequence in a label or value must not reach the admin's terminal (src/printable.h), and
 * the JSON report escapes every control character. The text report may keep a tab.
 * Seeds: every fixtures/x/netsh-http-show-sslcert.txt. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "binding.h"
#include "netsh.h"
#include "report_bindings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *text)
{
    fprintf(stderr, "fuzz_netsh: %s in:\n%s\n", what, text);
    __builtin_trap();
}

/* Valid UTF-8 (no overlong forms, no surrogates), no C0 control but LF (and tab where allowed),
 * no DEL, no C1 control, no bidirectional override or isolate. */
static void check_printable(const char *s, size_t len, int tab_ok, const char *report)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned c = *p;
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && !(tab_ok && c == '\t')) || c == 0x7f)
                fail(report, s);
            p++;
            continue;
        }
        size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        unsigned cp = c & (n == 4 ? 0x07 : n == 3 ? 0x0f : 0x1f);
        if (c < 0xc2 || c > 0xf4 || (size_t)(end - p) < n)
            fail(report, s);
        for (size_t i = 1; i < n; i++) {
            if ((p[i] & 0xc0) != 0x80)
                fail(report, s);
            cp = cp << 6 | (p[i] & 0x3f);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff) ||
            (cp >= 0x80 && cp < 0xa0) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
            fail(report, s);
        p += n;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct binding_list l;
    struct diags d;
    diags_init(&d);
    if (netsh_parse_sslcert_bytes(data, size, 0, &l, &d) == 0) {
        struct binding_index ix;
        binding_index_build(&ix, &l);
        for (size_t i = 0; i < l.count; i++)
            if (l.items[i].socket && !binding_find_socket(&ix, l.items[i].socket))
                fail("a parsed socket is not in the index", l.items[i].socket);
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
            check_printable(out, len, !json, json ? "a control character or bad UTF-8 in the JSON report"
                                            : "a control character or bad UTF-8 in the text report");
            free(out);
        }
    }
    binding_list_free(&l);
    diags_free(&d);
    return 0;
}
