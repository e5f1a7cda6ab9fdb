/* certrebind's constant PCRE2 patterns, one idiom for every parser: a parser declares its
 * patterns as a static struct pattern_set; pattern_set_get compiles them at the first call (JIT
 * where allowed), and parser_tables_free releases every set compiled and every label index built
 * so far, at exit. A pattern that does not compile is a bug caught by every test run: it aborts
 * with PCRE2's message and the offset, as an allocation failure does.
 *
 * JIT is skipped when CERTREBIND_NO_JIT is set: JIT code reads a few bytes past the subject by
 * design, which valgrind reports as use of uninitialised memory; `make valgrind` runs the
 * interpreter to check everything else. */
#ifndef CERTREBIND_PATTERN_H
#define CERTREBIND_PATTERN_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stddef.h>

struct pattern_set {
    const char *owner;           /* names the set in the message when a pattern does not compile */
    const char *const *sources;  /* count patterns */
    size_t count;
    uint32_t options;            /* PCRE2 compile options for every pattern of the set */
    uint32_t newline;            /* PCRE2_NEWLINE_*; 0: PCRE2's default */
    uint32_t match_limit;        /* bounds the work of one match on hostile input; 0: PCRE2's default */
    /* set at the first pattern_set_get */
    pcre2_code **code;
    pcre2_match_context *context;
    struct pattern_set *next;
};

/* The compiled patterns of s, in the order of s->sources. */
pcre2_code *const *pattern_set_get(struct pattern_set *s);
/* The set's match context (its match limit); never NULL once pattern_set_get was called. */
pcre2_match_context *pattern_set_context(const struct pattern_set *s);
/* Match data sized for re's capture groups; aborts when out of memory, as xmalloc does. */
pcre2_match_data *pattern_match_data(const pcre2_code *re);
/* Match data that fits every pattern of the set (sized for the one with most groups). */
pcre2_match_data *pattern_set_match_data(struct pattern_set *s);
/* One pattern compiled for a single use (free it with pcre2_code_free). */
pcre2_code *pattern_compile(const char *owner, const char *source, uint32_t options);
/* Frees every pattern set and label index (labels.h) built so far; they are built again if a
 * parser runs afterwards. */
void parser_tables_free(void);

#endif
