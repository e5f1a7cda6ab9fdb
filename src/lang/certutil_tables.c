/* The list of certutil label languages. A new language: one file in src/lang/ and one line here. */
#include "certutil_labels.h"

extern const struct label_table certutil_labels_en, certutil_messages_en;
extern const struct label_table certutil_labels_de, certutil_messages_de;
extern const struct label_table certutil_labels_fr, certutil_messages_fr;
extern const struct label_table certutil_labels_zh, certutil_messages_zh;

const struct label_table *const certutil_label_tables[] = {&certutil_labels_en, &certutil_labels_de,
                                                           &certutil_labels_fr, &certutil_labels_zh};
const size_t certutil_label_table_count = sizeof certutil_label_tables / sizeof certutil_label_tables[0];
const struct label_table *const certutil_message_tables[] = {&certutil_messages_en, &certutil_messages_de,
                                                             &certutil_messages_fr, &certutil_messages_zh};
const size_t certutil_message_table_count = sizeof certutil_message_tables / sizeof certutil_message_tables[0];
