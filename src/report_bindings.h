/* Reports of parsed bindings: a readable table and the JSON of the CLI contract. */
#ifndef CERTREBIND_REPORT_BINDINGS_H
#define CERTREBIND_REPORT_BINDINGS_H

#include <stdio.h>

#include "json.h"
#include "model.h"

void report_bindings_text(FILE *out, const struct binding_list *l);
void report_bindings_json(FILE *out, const struct binding_list *l, const struct diags *d);
/* One binding as a JSON object (shared with plan reports and backups). */
void json_binding(struct json *j, const struct binding *b);

#endif
