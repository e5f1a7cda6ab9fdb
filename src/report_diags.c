/* Diagnostics as the admin reads them on standard error. */
#include <stdio.h>

#include "cli.h"
#include "diag.h"

void print_diags(const struct options *o, const struct diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        const struct diag *g = &d->items[i];
        fprintf(o->err, "certrebind: ");
        if (g->source && g->line)
            fprintf(o->err, "%s, line %d: ", g->source, g->line);
        else if (g->source)
            fprintf(o->err, "%s: ", g->source);
        else if (g->line)
            fprintf(o->err, "line %d: ", g->line);
        fprintf(o->err, "%s: %s\n", severity_name(g->severity), g->message);
    }
    if (d->suppressed)
        fprintf(o->err, "certrebind: %zu further warning(s) not shown\n", d->suppressed);
}
