/* The list of netsh label languages. A new language: one file in src/lang/ and one line here. */
#include "../labels.h"

extern const struct label_table netsh_labels_en, netsh_values_en;
extern const struct label_table netsh_labels_de, netsh_values_de;

const struct label_table *const netsh_label_tables[] = {&netsh_labels_en, &netsh_labels_de};
const size_t netsh_label_table_count = sizeof netsh_label_tables / sizeof netsh_label_tables[0];
const struct label_table *const netsh_value_tables[] = {&netsh_values_en, &netsh_values_de};
const size_t netsh_value_table_count = sizeof netsh_value_tables / sizeof netsh_value_tables[0];
