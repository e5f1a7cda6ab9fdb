/* Arena allocator: every parse result owns its strings in one arena, freed at once. */
#ifndef CERTREBIND_ARENA_H
#define CERTREBIND_ARENA_H

#include "compat.h"
#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head;
    size_t total; /* bytes handed out, for benchmarks and limits */
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* Aborts on out-of-memory: the tool cannot continue meaningfully without memory. */
void *arena_alloc(struct arena *a, size_t size);
void *arena_calloc(struct arena *a, size_t count, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
    CERTREBIND_PRINTF(2, 3)
    ;

/* Growable array helper: ensures room for one more element, doubling capacity (heap). */
void *grow_array(void *items, size_t *cap, size_t needed, size_t elem_size);
/* The same in an arena: when count has reached *cap, copies the count items into a block twice
 * as large (first: initial) and returns it; else returns items. The old block stays in the arena. */
void *arena_grow_array(struct arena *a, void *items, size_t count, size_t *cap, size_t initial, size_t elem_size);

/* Allocation helpers that abort with a message instead of returning NULL. */
void *xmalloc(size_t size);
/* xmalloc for a large buffer about to be filled whole (a listing's lines or records): asks the
 * platform for huge pages, since page faults dominate parsing a 100 MB listing otherwise. */
void *xmalloc_large(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);

#endif
