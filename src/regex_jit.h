/* JIT-compiles a PCRE2 pattern where the platform can, unless CERTREBIND_NO_JIT is set:
 * JIT code reads a few bytes past the subject by design, which valgrind reports as use of
 * uninitialised memory; `make valgrind` runs the interpreter to check everything else. */
#ifndef CERTREBIND_REGEX_JIT_H
#define CERTREBIND_REGEX_JIT_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

void regex_jit_compile(pcre2_code *code);

#endif
