#include "regex_jit.h"

#include <stdio.h>
#include <stdlib.h>

static void regex_jit_compile(pcre2_code *code)
{
    static int allowed = -1;
    if (allowed < 0) {
        const char *v = getenv("CERTREBIND_NO_JIT");
        allowed = !(v && *v && *v != '0');
    }
    if (allowed)
        (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* its failure is harmless: the interpreter runs */
}

pcre2_code *regex_compile_constant(const char *what, const char *pattern, uint32_t options,
                                   pcre2_compile_context *cctx)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options, &err, &off, cctx);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        fprintf(stderr, "certrebind: internal error: %s pattern %s: %s\n", what, pattern, (const char *)msg);
        abort();
    }
    regex_jit_compile(re);
    return re;
}
