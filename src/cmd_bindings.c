/* certrebind bindings: show what HTTP.sys has bound, from netsh's own output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report_diags.h"
#include "netsh.h"
#include "report_bindings.h"
#include "source.h"

int cmd_bindings(const struct options *o)
{
    struct diags d;
    diags_init(&d);
    struct tool_output src;
    int json = o->format && !strcmp(o->format, "json");
    if (source_fetch(&o->host.source, Q_NETSH_SHOW_SSLCERT, NULL, &src, &d) != 0) {
        print_diags(o->err, &d);
        if (json)
            report_error_json(o->out, EXIT_FAIL, &d);
        diags_free(&d);
        return EXIT_FAIL;
    }
    struct text t;
    /* the decoded text takes over the bytes: keeps peak memory low on huge listings */
    if (text_decode_take_unsplit(&t, &src.bytes, src.len, o->host.source.codepage, &d, src.origin) != 0) {
        tool_output_free(&src);
        print_diags(o->err, &d);
        if (json)
            report_error_json(o->out, EXIT_FAIL, &d);
        diags_free(&d);
        return EXIT_FAIL;
    }
    struct binding_list l;
    int rc = netsh_parse_sslcert_take(&t, &l, &d);
    if (rc == 0 && !src.recorded && src.exit_code != 0)
        diag_add(&d, SEV_WARNING, 0, src.origin, "netsh exited with code %d", src.exit_code);
    if (rc == 0) {
        if (json)
            report_bindings_json(o->out, &l, &d);
        else
            report_bindings_text(o->out, &l); /* --format is text or json (the command table) */
    }
    print_diags(o->err, &d);
    if (rc != 0 && json)
        report_error_json(o->out, EXIT_FAIL, &d);
    binding_list_free(&l);
    diags_free(&d);
    tool_output_free(&src);
    return rc == 0 ? EXIT_OK : EXIT_FAIL;
}
