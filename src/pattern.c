#include "pattern.h"

#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "labels.h"

static struct pattern_set *compiled_sets;

static int jit_allowed(void)
{
    static int allowed = -1;
    if (allowed < 0) {
        const char *v = getenv("CERTREBIND_NO_JIT");
        allowed = !(v && *v && *v != '0');
    }
    return allowed;
}

static void out_of_memory(const char *what)
{
    fprintf(stderr, "certrebind: out of memory (%s)\n", what);
    fflush(stderr);
    abort();
}

static pcre2_code *compile(const char *owner, size_t index, const char *source, uint32_t options,
                           pcre2_compile_context *cctx)
{
    int err;
    PCRE2_SIZE offset;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)source, PCRE2_ZERO_TERMINATED, options, &err, &offset, cctx);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        fprintf(stderr, "certrebind: internal error: %s pattern %zu does not compile at offset %zu: %s\n  %s\n",
                owner, index, (size_t)offset, (const char *)msg, source);
        fflush(stderr);
        abort();
    }
    if (jit_allowed())
        (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* its failure is harmless: the interpreter runs */
    return re;
}

pcre2_code *pattern_compile(const char *owner, const char *source, uint32_t options)
{
    return compile(owner, 0, source, options, NULL);
}

pcre2_code *const *pattern_set_get(struct pattern_set *s)
{
    if (s->code)
        return s->code;
    pcre2_compile_context *cctx = NULL;
    if (s->newline) {
        cctx = pcre2_compile_context_create(NULL);
        if (!cctx)
            out_of_memory("PCRE2 compile context");
        pcre2_set_newline(cctx, s->newline);
    }
    pcre2_code **code = xcalloc(s->count, sizeof *code);
    for (size_t i = 0; i < s->count; i++)
        code[i] = compile(s->owner, i, s->sources[i], s->options, cctx);
    pcre2_compile_context_free(cctx);
    s->context = pcre2_match_context_create(NULL);
    if (!s->context)
        out_of_memory("PCRE2 match context");
    if (s->match_limit)
        pcre2_set_match_limit(s->context, s->match_limit);
    s->code = code;
    s->next = compiled_sets;
    compiled_sets = s;
    return code;
}

pcre2_match_context *pattern_set_context(const struct pattern_set *s) { return s->context; }

pcre2_match_data *pattern_match_data(const pcre2_code *re)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    if (!md)
        out_of_memory("PCRE2 match data");
    return md;
}

pcre2_match_data *pattern_set_match_data(struct pattern_set *s)
{
    pcre2_code *const *code = pattern_set_get(s);
    size_t widest = 0;
    uint32_t most = 0;
    for (size_t i = 0; i < s->count; i++) {
        uint32_t groups = 0;
        if (pcre2_pattern_info(code[i], PCRE2_INFO_CAPTURECOUNT, &groups) == 0 && groups > most) {
            most = groups;
            widest = i;
        }
    }
    return pattern_match_data(code[widest]);
}

void parser_tables_free(void)
{
    while (compiled_sets) {
        struct pattern_set *s = compiled_sets;
        compiled_sets = s->next;
        for (size_t i = 0; i < s->count; i++)
            pcre2_code_free(s->code[i]);
        free(s->code);
        pcre2_match_context_free(s->context);
        s->code = NULL;
        s->context = NULL;
        s->next = NULL;
    }
    label_sets_free();
}
