/* Diagnostics as the admin reads them on standard error, or in a JSON report. */
#include "report_diags.h"

#include <stdio.h>

#include "printable.h"

void print_diags(FILE *err, const struct diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        const struct diag *g = &d->items[i];
        fprintf_printable(err, "certrebind: ");
        if (g->source && g->line)
            fprintf_printable(err, "%s, line %d: ", g->source, g->line);
        else if (g->source)
            fprintf_printable(err, "%s: ", g->source);
        else if (g->line)
            fprintf_printable(err, "line %d: ", g->line);
        fprintf_printable(err, "%s: %s\n", severity_name(g->severity), g->message);
    }
    if (d->suppressed)
        fprintf_printable(err, "certrebind: %zu further warning(s) not shown\n", d->suppressed);
}

void json_diag_warnings(struct json *j, const struct diags *d)
{
    json_key(j, "warnings");
    json_begin_array(j);
    for (size_t i = 0; d && i < d->count; i++) {
        if (d->items[i].severity == SEV_INFO)
            continue;
        json_begin_object(j);
        json_kv_string(j, "severity", severity_name(d->items[i].severity));
        json_kv_int(j, "line", d->items[i].line);
        json_kv_string(j, "message", d->items[i].message);
        json_end_object(j);
    }
    json_end_array(j);
}

void report_error_json(FILE *out, int exit_status, const struct diags *d)
{
    struct json j;
    json_init(&j, out, 1);
    json_begin_object(&j);
    json_kv_int(&j, "exit", exit_status);
    json_key(&j, "errors");
    json_begin_array(&j);
    for (size_t i = 0; d && i < d->count; i++)
        if (d->items[i].severity == SEV_ERROR)
            json_string(&j, d->items[i].message);
    json_end_array(&j);
    json_end_object(&j);
    json_finish(&j);
}
