/* libFuzzer harness: what `netsh http add|update|delete sslcert` printed (any text, made a C
 * string at its first NUL as the runner hands it over) through the result classifier, with a
 * success and a failure exit code. Seeds: fixtures/netsh-results/. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netsh_result.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = 0;
    for (int exit_code = 0; exit_code <= 1; exit_code++) {
        struct netsh_result_info info;
        netsh_classify_info(s, exit_code, &info);
        int code = -2;
        /* the short form agrees with the long one, and every outcome has a name and advice */
        if (netsh_classify(s, exit_code, &code) != info.outcome || code != info.error_code ||
            !netsh_outcome_name(info.outcome) || !netsh_outcome_advice(info.outcome))
            __builtin_trap();
        if (info.outcome == NETSH_OK && info.error_code != 0)
            __builtin_trap();
        netsh_result_info_free(&info);
    }
    free(s);
    return 0;
}
