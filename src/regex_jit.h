/* Compiles certrebind's constant PCRE2 patterns, JIT where the platform can, unless CERTREBIND_NO_JIT is set:
 * JIT code reads a few bytes past the subject by design, which valgrind reports as use of
 * uninitialised memory; `make valgrind` runs the interpreter to check everything else. */
#ifndef CERTREBIND_REGEX_JIT_H
#define CERTREBIND_REGEX_JIT_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

/* Compiles one of certrebind's constant patterns (what names it in the message), JIT where
 * allowed. A pattern that does not compile is a bug, caught by every test run: it aborts with
 * PCRE2's message, as an allocation failure does. cctx may be NULL. */
pcre2_code *regex_compile_constant(const char *what, const char *pattern, uint32_t options,
                                   pcre2_compile_context *cctx);

#endif
