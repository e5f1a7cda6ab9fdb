#include "labels.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

struct label_entry {
    char *key; /* normalised label */
    size_t key_len;
    int id;
    const char *language;
};

struct label_index {
    struct label_entry *slots;
    size_t mask;
};

static unsigned char fold(unsigned char c) { return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c; }

static int is_blank(unsigned char c) { return c == ' ' || c == '\t'; }

/* Normalise into out (capacity >= len + 1): fold ASCII case, trim, collapse blanks. */
static size_t normalise(const char *s, size_t len, char *out)
{
    size_t o = 0;
    int pending_space = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_blank(c)) {
            pending_space = o > 0;
            continue;
        }
        if (pending_space)
            out[o++] = ' ';
        pending_space = 0;
        out[o++] = (char)fold(c);
    }
    out[o] = '\0';
    return o;
}

static size_t hash_bytes(const char *s, size_t len)
{
    size_t h = 1469598103934665603ull & (size_t)-1;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * (size_t)1099511628211ull;
    return h;
}

struct label_index *label_index_build(const struct label_table *const *tables, size_t count)
{
    size_t total = 0;
    for (size_t t = 0; t < count; t++)
        total += tables[t]->count;
    size_t size = 16;
    while (size < total * 3)
        size *= 2;
    struct label_index *ix = xcalloc(1, sizeof *ix);
    ix->slots = xcalloc(size, sizeof *ix->slots);
    ix->mask = size - 1;
    for (size_t t = 0; t < count; t++) {
        for (size_t r = 0; r < tables[t]->count; r++) {
            const struct label_row *row = &tables[t]->rows[r];
            size_t len = strlen(row->label);
            char *key = xmalloc(len + 1);
            size_t klen = normalise(row->label, len, key);
            size_t h = hash_bytes(key, klen) & ix->mask;
            while (ix->slots[h].key && !(ix->slots[h].key_len == klen && memcmp(ix->slots[h].key, key, klen) == 0))
                h = (h + 1) & ix->mask;
            if (ix->slots[h].key) { /* same label in two languages: first table wins */
                free(key);
                continue;
            }
            ix->slots[h] = (struct label_entry){key, klen, row->id, tables[t]->language};
        }
    }
    return ix;
}

void label_index_free(struct label_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i <= ix->mask; i++)
        free(ix->slots[i].key);
    free(ix->slots);
    free(ix);
}

int label_index_find(const struct label_index *ix, const char *label, size_t len, const char **language)
{
    char small[256];
    if (len >= sizeof small)
        return -1; /* no label is that long */
    size_t klen = normalise(label, len, small);
    size_t h = hash_bytes(small, klen) & ix->mask;
    while (ix->slots[h].key) {
        if (ix->slots[h].key_len == klen && memcmp(ix->slots[h].key, small, klen) == 0) {
            if (language)
                *language = ix->slots[h].language;
            return ix->slots[h].id;
        }
        h = (h + 1) & ix->mask;
    }
    return -1;
}
