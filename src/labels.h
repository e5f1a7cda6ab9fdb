/* Label tables: printed label -> field id, per language. Data lives in src/lang/. */
#ifndef CERTREBIND_LABELS_H
#define CERTREBIND_LABELS_H

#include <stddef.h>

struct label_row {
    const char *label; /* UTF-8, as printed (case and runs of spaces do not matter) */
    int id;
};

struct label_table {
    const char *language; /* "en", "de", "fr", ... */
    const struct label_row *rows;
    size_t count;
};

#define LABEL_TABLE(lang, rows) {lang, rows, sizeof(rows) / sizeof((rows)[0])}

/* A hash index over several tables, built once. */
struct label_index;

struct label_index *label_index_build(const struct label_table *const *tables, size_t count);
void label_index_free(struct label_index *ix);
/* Returns the id for label (len bytes, need not be NUL-terminated), or -1. *language is set to
 * the table's language on a hit. Matching ignores ASCII case and collapses runs of blanks. */
int label_index_find(const struct label_index *ix, const char *label, size_t len, const char **language);

/* An index over tables built at the first label_set_get, freed by label_sets_free (which
 * parser_tables_free calls at exit). */
struct label_set {
    const struct label_table *const *tables;
    const size_t *count;
    struct label_index *index; /* set at the first label_set_get */
    struct label_set *next;
};
const struct label_index *label_set_get(struct label_set *s);
void label_sets_free(void);

/* ---- netsh ---- */
enum netsh_label_id {
    /* 0..NETSH_FIELD_COUNT-1 are enum netsh_field */
    NL_HEADER = 100,       /* "SSL Certificate bindings:" */
    NL_EXTENDED,           /* "Extended Properties:" */
    NL_PROPERTYID,
    NL_RECEIVEWINDOW,
    NL_MAXSETTINGSPERFRAME,
    NL_MAXSETTINGSPERMINUTE,
};

enum netsh_value_word { NW_ENABLE = 1, NW_DISABLE = 2, NW_NULL = 3 };

extern const struct label_table *const netsh_label_tables[];
extern const size_t netsh_label_table_count;
extern const struct label_table *const netsh_value_tables[];
extern const size_t netsh_value_table_count;

#endif
