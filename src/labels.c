#include "labels.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ascii.h"
#include "compat.h"

struct label_entry {
    char *key; /* normalised label */
    size_t key_len;
    int id;
    const char *language;
};

/* Listings repeat the same few dozen labels and values, padded the same way, on every record: a
 * small direct-mapped cache of the bytes as given -> answer skips normalising them again. */
#define RAW_CACHE_SLOTS 128
#define RAW_CACHE_MAX 64

struct raw_entry {
    uint64_t head, tail; /* the first and the last eight bytes (zero-padded when shorter) */
    size_t len;          /* 0: empty slot */
    int id;
    const char *language;
    char raw[RAW_CACHE_MAX];
};

/* A label's first and last eight bytes as words, from which its cache slots come and with which
 * a hit is told without a call to memcmp for labels up to 16 bytes. */
struct raw_key {
    uint64_t head, tail;
};

struct label_index {
    struct label_entry *slots;
    size_t mask;
    struct raw_entry *cache; /* RAW_CACHE_SLOTS; a memo, so lookups stay logically const */
};

static int is_blank(unsigned char c) { return c == ' ' || c == '\t'; }

/* Normalise into out (capacity >= len + 1): fold ASCII case, trim, collapse blanks; *hash gets the
 * FNV-1a hash of the result, computed on the way (a lookup runs for every line of a listing). */
static size_t normalise(const char *s, size_t len, char *out, size_t *hash)
{
    size_t o = 0, h = (size_t)1469598103934665603ull;
    int pending_space = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_blank(c)) {
            pending_space = o > 0;
            continue;
        }
        if (pending_space) {
            out[o++] = ' ';
            h = (h ^ ' ') * (size_t)1099511628211ull;
            pending_space = 0;
        }
        c = ascii_tolower(c);
        out[o++] = (char)c;
        h = (h ^ c) * (size_t)1099511628211ull;
    }
    out[o] = '\0';
    *hash = h;
    return o;
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
    ix->cache = xcalloc(RAW_CACHE_SLOTS, sizeof *ix->cache);
    for (size_t t = 0; t < count; t++) {
        for (size_t r = 0; r < tables[t]->count; r++) {
            const struct label_row *row = &tables[t]->rows[r];
            size_t len = strlen(row->label);
            char *key = xmalloc(len + 1);
            size_t h;
            size_t klen = normalise(row->label, len, key, &h);
            h &= ix->mask;
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
    free(ix->cache);
    free(ix);
}

static struct raw_key raw_key_of(const char *s, size_t len)
{
    struct raw_key k = {0, 0};
    /* whole words, overlapping when shorter (len is compared too, so each label has one key): a
     * short copy then a wide load would stall the store forwarding */
    if (len >= 8) {
        memcpy(&k.head, s, 8);
        memcpy(&k.tail, s + len - 8, 8);
    } else if (len >= 4) { /* "Enabled", "Not Set", "(null)" */
        uint32_t first, last;
        memcpy(&first, s, 4);
        memcpy(&last, s + len - 4, 4);
        k.head = first | (uint64_t)last << 32;
    } else {
        for (size_t i = 0; i < len; i++)
            k.head |= (uint64_t)(unsigned char)s[i] << (8 * i);
    }
    return k;
}

/* Two cache slots for a key, O(1): with a choice of two, the few dozen labels of a listing nearly
 * never push each other out. */
static void raw_slots(struct raw_key k, size_t len, size_t *a, size_t *b)
{
    uint64_t h = (k.head * 0x9E3779B97F4A7C15ull) ^ ((k.tail + len) * 0xC2B2AE3D27D4EB4Full);
    /* a product's high bits depend on every input bit, its low bits not on the high ones
     * ("Disable TLS1.2" and "...1.3" differ in the last byte): fold, multiply, use the top */
    h = (h ^ (h >> 32)) * 0x9E3779B97F4A7C15ull;
    *a = (size_t)(h >> 57) & (RAW_CACHE_SLOTS - 1);
    *b = (size_t)(h >> 50) & (RAW_CACHE_SLOTS - 1);
}

static int raw_hit(const struct raw_entry *e, struct raw_key k, const char *s, size_t len)
{
    return e->len == len && e->head == k.head && e->tail == k.tail &&
           (len <= 16 || memcmp(e->raw + 8, s + 8, len - 16) == 0);
}

static int find_normalised(const struct label_index *ix, const char *label, size_t len, const char **language)
{
    char small[256];
    if (len >= sizeof small)
        return -1; /* no label is that long */
    size_t h;
    size_t klen = normalise(label, len, small, &h);
    h &= ix->mask;
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

/* A miss: the answer from the normalised table, kept in slot a or b. */
CERTREBIND_COLD static struct raw_entry *remember(const struct label_index *ix, size_t a, size_t b, struct raw_key k,
                                                  const char *label, size_t len)
{
    struct raw_entry *e = ix->cache[a].len == 0 || ix->cache[b].len != 0 ? &ix->cache[a] : &ix->cache[b];
    const char *lang = NULL; /* a free slot, else the first */
    e->id = find_normalised(ix, label, len, &lang);
    e->language = lang;
    memcpy(e->raw, label, len);
    e->len = len;
    e->head = k.head;
    e->tail = k.tail;
    return e;
}

int label_index_find(const struct label_index *ix, const char *label, size_t len, const char **language)
{
    if (len == 0 || len > RAW_CACHE_MAX)
        return find_normalised(ix, label, len, language);
    size_t a, b;
    struct raw_key k = raw_key_of(label, len);
    raw_slots(k, len, &a, &b);
    struct raw_entry *e = &ix->cache[a];
    if (!raw_hit(e, k, label, len) && !raw_hit(e = &ix->cache[b], k, label, len))
        e = remember(ix, a, b, k, label, len);
    if (e->id >= 0 && language)
        *language = e->language;
    return e->id;
}

static struct label_set *built_sets;

const struct label_index *label_set_get(struct label_set *s)
{
    if (!s->index) {
        s->index = label_index_build(s->tables, *s->count);
        s->next = built_sets;
        built_sets = s;
    }
    return s->index;
}

void label_sets_free(void)
{
    while (built_sets) {
        struct label_set *s = built_sets;
        built_sets = s->next;
        label_index_free(s->index);
        s->index = NULL;
        s->next = NULL;
    }
}
