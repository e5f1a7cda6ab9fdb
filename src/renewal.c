/* What `request` and `accept` share (see renewal.h). */
#include "renewal.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "certutil.h"
#include "dates.h"
#include "output.h"
#include "strbuf.h"
#include "text.h"

char *request_folder(const struct options *o, int create, struct diags *d)
{
    /* the default: beside the backups (%ProgramData%\certrebind\requests), or beside
     * ./certrebind-backups where there is no such root */
    char *parent = o->out_dir ? NULL : default_backup_root();
    char *dir = o->out_dir ? xstrdup(o->out_dir) : parent ? path_join(parent, "requests") : xstrdup("./certrebind-requests");
    char *err = NULL;
    /* the root too, as for the backups: its owner could swap the folder */
    int bad = (create && make_directories(dir, &err) != 0) ||
              ((create || file_exists(dir)) && check_private_directory(dir, &err) != 0) ||
              (parent && file_exists(parent) && check_private_directory(parent, &err) != 0);
    free(parent);
    if (bad) {
        diag_add(d, SEV_ERROR, 0, NULL, "%s; nothing was done", err);
        free(err);
        free(dir);
        return NULL;
    }
    return dir;
}

const struct cert *find_cert(const struct cert_list *l, const char *sha1)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].sha1 && !strcmp(l->items[i].sha1, sha1))
            return &l->items[i];
    return NULL;
}

int read_certs(const struct options *o, enum tool_query q, const char *store, const char *arg, struct cert_list *out,
               struct diags *d)
{
    memset(out, 0, sizeof *out);
    struct tool_output src;
    if (source_fetch_arg(&o->host.source, q, store, arg, &src, d) != 0)
        return -1;
    struct text t;
    if (text_decode_take(&t, &src.bytes, src.len, o->host.source.codepage, d, src.origin) != 0) {
        tool_output_free(&src);
        return -1;
    }
    enum date_order order = DATE_ORDER_UNKNOWN;
    if (o->host.date_order)
        date_order_parse(o->host.date_order, &order);
    char *fmt = src.recorded ? NULL : system_short_date_format();
    struct certutil_options co = {order, fmt, q == Q_CERTUTIL_DUMP ? NULL : store};
    int rc = q == Q_CERTUTIL_DUMP ? certutil_parse_dump(&t, &co, out, d) : certutil_parse_store(&t, &co, out, d);
    free(fmt);
    text_free(&t);
    tool_output_free(&src);
    return rc;
}

/* certreq's output on one line ("a / b"), for a message. */
static char *one_line(const struct options *o, const unsigned char *bytes, size_t len)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "");
    struct diags ignored;
    diags_init(&ignored);
    struct text t;
    if (len && text_decode(&t, bytes, len, o->host.source.codepage, &ignored, "certreq") == 0) {
        for (size_t i = 0; i < t.n_lines; i++) {
            const char *s = t.lines[i].s;
            size_t n = t.lines[i].len;
            while (n && (*s == ' ' || *s == '\t'))
                s++, n--;
            if (!n)
                continue;
            if (sb.len)
                sb_adds(&sb, " / ");
            sb_add(&sb, s, n);
        }
        text_free(&t);
    }
    diags_free(&ignored);
    return sb_detach(&sb, NULL);
}

int run_certreq(const struct options *o, const char *const *args, const char *what, struct diags *d)
{
    char *exe = source_certreq_path(&o->host.source, d);
    if (!exe)
        return -1;
    struct strbuf cmd;
    sb_init(&cmd);
    sb_printf(&cmd, "%s", exe);
    for (size_t i = 0; args[i]; i++)
        sb_printf(&cmd, " %s", args[i]);
    FILE *progress = o->format && !strcmp(o->format, "json") ? o->err : o->out;
    fprintf(progress, "Running: %s\n", cmd.data);
    fflush(progress);
    struct run_result r;
    int rc = run_program_args(exe, args, o->host.source.timeout_ms, &r) == 0 ? r.exit_code : -1;
    if (rc != 0) {
        char *out = one_line(o, r.out, r.out_len), *err = one_line(o, r.err, r.err_len);
        const char *said = *out ? out : err;
        if (r.error)
            diag_add(d, SEV_ERROR, 0, NULL, "%s: %s", what, r.error);
        else
            diag_add(d, SEV_ERROR, 0, NULL, "%s: certreq exited with %d (0x%08x)%s" DIAG_QUOTED "%s", what, rc,
                     (unsigned)rc, *said ? ": \"" : "", DIAG_QUOTE(said, strlen(said)), *said ? "\"" : "");
        free(out);
        free(err);
    }
    run_result_free(&r);
    sb_free(&cmd);
    free(exe);
    return rc;
}
