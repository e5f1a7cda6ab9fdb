/* libFuzzer harness: any bytes as a --host (hostname_to_ascii) and as what appcmd printed
 * (appcmd_classify, with an exit code from the first byte). An accepted host name is lower-case
 * LDH labels of 1..63 bytes joined by single dots, at most 253 bytes; a refusal says why; the
 * classification's message stays within its buffer and never holds a line end.
 * Seeds: every fixtures/x/appcmd-*.txt and the host names the SNI fixtures hold. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "appcmd_result.h"
#include "hostname.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_host(const char *in)
{
    char out[254], why[200] = "";
    if (hostname_to_ascii(in, out, why, sizeof why) != 0) {
        if (!why[0])
            fuzz_fail("refused without a reason", in);
        return;
    }
    size_t n = strlen(out), label = 0;
    if (n == 0 || n > 253 || out[0] == '.' || out[n - 1] == '.')
        fuzz_fail("accepted a malformed name", out);
    for (size_t i = 0; i < n; i++) {
        char c = out[i];
        if (c == '.') {
            if (label == 0 || label > 63)
                fuzz_fail("accepted a bad label", out);
            label = 0;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            fuzz_fail("accepted a character that is not LDH", out);
        label++;
    }
    if (label > 63)
        fuzz_fail("accepted a label longer than 63", out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0'; /* a NUL inside ends the text, as on a command line */
    check_host(s);
    struct appcmd_result r;
    appcmd_classify(s, size ? data[0] * 7 : 0, &r);
    if (strlen(r.message) >= sizeof r.message || strchr(r.message, '\n') || strchr(r.message, '\r'))
        fuzz_fail("message not one bounded line", r.message);
    if (r.outcome != APPCMD_OK && !appcmd_outcome_advice(r.outcome)[0])
        fuzz_fail("failure without advice", r.message);
    free(s);
    return 0;
}
