/* libFuzzer harness: `netsh http show sslcert` output, any bytes (UTF-16, code pages, CRLF, CR),
 * through the parser, the socket index and both bindings reports. Seeds: every
 * fixtures/x/netsh-http-show-sslcert.txt. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "binding.h"
#include "netsh.h"
#include "report_bindings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    struct binding_list l;
    struct diags d;
    diags_init(&d);
    if (netsh_parse_sslcert_bytes(data, size, 0, &l, &d) == 0) {
        struct binding_index ix;
        binding_index_build(&ix, &l);
        for (size_t i = 0; i < l.count; i++)
            if (l.items[i].socket && !binding_find_socket(&ix, l.items[i].socket))
                __builtin_trap(); /* every parsed socket can be found again */
        binding_index_free(&ix);
        if (sink) {
            report_bindings_text(sink, &l);
            report_bindings_json(sink, &l, &d);
        }
    }
    binding_list_free(&l);
    diags_free(&d);
    return 0;
}
