#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"

struct arena_block {
    struct arena_block *next;
    size_t used, size;
    max_align_t data[]; /* aligned storage */
};

enum { ARENA_BLOCK_MIN = 64 * 1024 };

static void out_of_memory(size_t size)
{
    fprintf(stderr, "certrebind: out of memory (%zu bytes)\n", size);
    abort();
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *xmalloc_large(size_t size)
{
    void *p = xmalloc(size);
    memory_hint_large(p, size);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        out_of_memory(size);
    return q;
}

char *xstrndup(const char *s, size_t len)
{
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

void arena_init(struct arena *a)
{
    a->head = NULL;
    a->total = 0;
}

void arena_free(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}

void *arena_alloc(struct arena *a, size_t size)
{
    const size_t align = sizeof(max_align_t);
    size = (size + align - 1) / align * align;
    if (size == 0)
        size = align;
    struct arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > ARENA_BLOCK_MIN ? size : ARENA_BLOCK_MIN;
        if (b && b->size * 2 > cap && b->size < 16u * 1024 * 1024)
            cap = b->size * 2; /* grow block size so huge inputs need few blocks */
        if (cap > SIZE_MAX - sizeof(struct arena_block))
            out_of_memory(size);
        b = xmalloc(sizeof(struct arena_block) + cap);
        b->used = 0;
        b->size = cap;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    a->total += size;
    return p;
}

void *arena_calloc(struct arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        out_of_memory(SIZE_MAX);
    void *p = arena_alloc(a, count * size);
    memset(p, 0, count * size);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return arena_strdup(a, "");
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void *grow_array(void *items, size_t *cap, size_t needed, size_t elem_size)
{
    if (needed <= *cap)
        return items;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < needed) {
        if (ncap > SIZE_MAX / 2 / elem_size)
            out_of_memory(SIZE_MAX);
        ncap *= 2;
    }
    items = xrealloc(items, ncap * elem_size);
    *cap = ncap;
    return items;
}

void *arena_grow_array(struct arena *a, void *items, size_t count, size_t *cap, size_t initial, size_t elem_size)
{
    if (count < *cap)
        return items;
    size_t ncap = *cap ? *cap : initial;
    while (ncap <= count) {
        if (ncap > SIZE_MAX / 2 / elem_size)
            out_of_memory(SIZE_MAX);
        ncap *= 2;
    }
    void *n = arena_alloc(a, ncap * elem_size);
    if (count)
        memcpy(n, items, count * elem_size);
    *cap = ncap;
    return n;
}
