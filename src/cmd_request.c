/* certrebind request: a renewal request that leaves the serving certificate alone. Writes the
 * certreq INF of certificate --like (same subject and DNS names, a new machine key), runs
 * `certreq -new -machine -q INF REQ` and records the request beside them (NAME.request.json) for
 * `accept`. Without --like it lists the recorded requests and whether each is still pending.
 * Nothing bound changes: certreq keeps the new key in the machine's REQUEST store until the
 * answer is accepted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cert.h"
#include "certreq_inf.h"
#include "certutil.h"
#include "cli.h"
#include "dates.h"
#include "hexhash.h"
#include "output.h"
#include "platform.h"
#include "printable.h"
#include "renewal.h"
#include "report_diags.h"
#include "request_record.h"

static int usage(const char *message)
{
    fprintf(stderr, "certrebind: %s\nTry 'certrebind --help'.\n", message);
    return EXIT_USAGE;
}

/* "www.example.com-20261129-210005" ('*' as "wildcard"; anything but letters, digits, '.', '-'
 * as '_'): a file name on every system, from the first DNS name and the time. */
static void request_name(const struct request_spec *spec, time_t now, char out[128])
{
    char base[72];
    size_t n = 0;
    for (const char *p = spec->names[0]; *p && n < 64; p++) {
        if (*p == '*') {
            memcpy(base + n, "wildcard", 8);
            n += 8;
        } else {
            int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
                     (*p == '.' && n > 0);
            base[n++] = ok ? *p : '_';
        }
    }
    base[n] = '\0';
    int y, mo, d, h, mi, s;
    time_to_civil(now, &y, &mo, &d, &h, &mi, &s);
    snprintf(out, 128, "%s-%04d%02d%02d-%02d%02d%02d", base, y, mo, d, h, mi, s);
}

struct request_files {
    char *dir, *inf, *req, *record;
};

static void files_free(struct request_files *f)
{
    free(f->dir);
    free(f->inf);
    free(f->req);
    free(f->record);
}

/* The three paths of a new request; -1 when one exists already (never overwritten). */
static int files_for(const struct options *o, const struct request_spec *spec, struct request_files *f,
                     struct diags *d)
{
    memset(f, 0, sizeof *f);
    f->dir = request_folder(o, 1, d);
    if (!f->dir)
        return -1;
    char name[128], file[160];
    request_name(spec, now_utc(), name);
    char **paths[] = {&f->inf, &f->req, &f->record};
    const char *ext[] = {".inf", ".req", REQUEST_RECORD_SUFFIX};
    for (int i = 0; i < 3; i++) {
        snprintf(file, sizeof file, "%s%s", name, ext[i]);
        *paths[i] = path_join(f->dir, file);
        if (file_exists(*paths[i])) {
            diag_add(d, SEV_ERROR, 0, NULL, "%s exists already; certrebind never overwrites a request (run it again "
                                            "in a second, or move the file)", *paths[i]);
            return -1;
        }
    }
    return 0;
}

static int write_record(const struct request_spec *spec, const struct request_files *f, struct diags *d)
{
    char *err = NULL;
    FILE *out = create_new_stream(f->record, &err);
    if (out) {
        request_record_write(out, spec, f->inf, f->req, now_utc());
        if (close_stream_durable(out, f->record, &err) == 0)
            return 0;
    }
    diag_add(d, SEV_ERROR, 0, NULL, "cannot write the request record: %s", err);
    free(err);
    return -1;
}

/* 1 when the REQUEST store holds the key of record r (its placeholder has r's subject and names). */
static int pending(const struct cert_list *requests, const struct request_record *r)
{
    for (size_t i = 0; i < requests->count; i++) {
        struct diags ignored;
        diags_init(&ignored);
        struct request_spec s;
        int same = request_spec_from_cert(&requests->items[i], r->key, NULL, &s, &ignored) == 0 && request_record_matches(r, &s);
        request_spec_free(&s);
        diags_free(&ignored);
        if (same)
            return 1;
    }
    return 0;
}

/* certreq ran: success is its exit status AND the REQ it was to write. */
static int run_new(const struct options *o, const struct request_spec *spec, const struct request_files *f,
                   struct diags *d)
{
    const char *args[] = {"-new", "-machine", "-q", f->inf, f->req, NULL};
    int rc = run_certreq(o, args, "certreq -new failed; nothing was requested", d);
    unsigned char *req = NULL;
    size_t len = 0;
    char *err = NULL;
    int have_req = read_file_limited(f->req, 1 << 20, &req, &len, &err) == 0 && len > 0;
    free(req);
    free(err);
    if (rc == 0 && !have_req)
        diag_add(d, SEV_ERROR, 0, NULL, "certreq -new reported success but wrote no request file %s%s", f->req,
                 spec->template_name ? " (under -q, certreq answers \"no\" when it cannot find the template "
                                       "named by --template)"
                                     : "");
    if (rc != 0 || !have_req) {
        diag_add(d, SEV_ERROR, 0, NULL, "the INF is kept for a look: %s", f->inf);
        return -1;
    }
    /* the store it should have changed: the new key waits in REQUEST */
    struct cert_list requests;
    struct diags quiet;
    diags_init(&quiet);
    struct request_record as_recorded;
    memset(&as_recorded, 0, sizeof as_recorded);
    as_recorded.subject = spec->subject;
    as_recorded.names = spec->names;
    as_recorded.name_count = spec->name_count;
    as_recorded.key = spec->key;
    if (read_certs(o, Q_CERTUTIL_STORE_V, "REQUEST", NULL, &requests, &quiet) != 0 || !pending(&requests, &as_recorded))
        diag_add(d, SEV_WARNING, 0, NULL,
                 "certreq wrote the CSR, but `certutil -store REQUEST` shows no pending key with its subject and "
                 "names: accept will fail if the key is not on this machine");
    cert_list_free(&requests);
    diags_free(&quiet);
    return 0;
}

static void print_certreq_command(const struct options *o, const struct request_files *f)
{
    const char *exe = o->host.source.certreq_path ? o->host.source.certreq_path : "%SystemRoot%\\System32\\certreq.exe";
    fprintf_printable(o->out, "  \"%s\" -new -machine -q \"%s\" \"%s\"\n", exe, f->inf, f->req);
}

/* The INF of certificate `like` of My, written under new names (spec and f filled). 0, or -1. */
static int write_inf(const struct options *o, const char *like, enum request_key key, struct request_spec *spec,
                     struct request_files *f, struct diags *d)
{
    struct cert_list my;
    int rc = read_certs(o, Q_CERTUTIL_STORE_V, "My", NULL, &my, d) == 0 ? 0 : -1;
    const struct cert *c = rc == 0 ? find_cert(&my, like) : NULL;
    if (rc == 0 && !c)
        diag_add(d, SEV_ERROR, 0, NULL, "certificate %s is not in the machine's My store: nothing to renew", like);
    if (!c || request_spec_from_cert(c, key, o->template_name, spec, d) != 0 || files_for(o, spec, f, d) != 0) {
        cert_list_free(&my);
        return -1;
    }
    cert_list_free(&my);
    spec->like = like; /* it pointed into the listing */
    char friendly[320], day[21];
    format_iso8601(o->now, day);
    snprintf(friendly, sizeof friendly, "%s renewal %.10s", spec->names[0], day);
    char *inf = certreq_inf_format(spec, friendly, d), *err = NULL;
    rc = inf ? write_file_durable(f->inf, inf, strlen(inf), &err) : -1;
    if (inf && rc != 0)
        diag_add(d, SEV_ERROR, 0, NULL, "cannot write the INF: %s", err);
    free(err);
    free(inf);
    return rc == 0 ? 0 : -1;
}

static void report_request(const struct options *o, const char *like, enum request_key key, int ran,
                           const struct request_files *f)
{
    if (ran) {
        fprintf_printable(o->out,
                          "Request made like certificate %s (%s; the new key stays on this machine).\n"
                          "  CSR:    %s\n  INF:    %s\n  record: %s\n"
                          "Nothing bound changed. Send the CSR to your CA; when the certificate comes back:\n"
                          "  certrebind accept CERT-FILE\n",
                          like, request_key_name(key), f->req, f->inf, f->record);
        return;
    }
    fprintf_printable(o->out, "INF written (certreq not run%s): %s\nrecord: %s\nTo make the request, run:\n",
                      o->print_only ? "" : ": --from replays a recorded host", f->inf, f->record);
    print_certreq_command(o, f);
    fprintf(o->out, "then send the CSR to your CA and run `certrebind accept CERT-FILE`.\n");
}

static int make_request(const struct options *o, struct diags *d)
{
    char like[41];
    if (sha1_normalise(o->like_hash, strlen(o->like_hash), like) != 0)
        return usage("--like takes a certificate hash (40 hex digits)");
    enum request_key key = KEY_RSA2048;
    if (o->key_type)
        request_key_parse(o->key_type, &key);
    struct request_spec spec;
    struct request_files f;
    memset(&spec, 0, sizeof spec);
    memset(&f, 0, sizeof f);
    int run = !o->print_only && !o->host.source.from_dir;
    int rc = write_inf(o, like, key, &spec, &f, d) == 0 && (!run || run_new(o, &spec, &f, d) == 0) &&
                     write_record(&spec, &f, d) == 0
                 ? EXIT_OK
                 : EXIT_FAIL;
    if (rc == EXIT_OK)
        report_request(o, like, key, run, &f);
    files_free(&f);
    request_spec_free(&spec);
    return rc;
}

/* ---------- listing ---------- */


static void list_one(const struct options *o, const char *dir, const char *name, const struct cert_list *requests,
                     int have_requests, struct diags *d)
{
    char *path = path_join(dir, name);
    unsigned char *bytes = NULL;
    size_t len = 0;
    char *err = NULL;
    struct request_record r;
    memset(&r, 0, sizeof r);
    if (read_file_limited(path, REQUEST_RECORD_MAX, &bytes, &len, &err) != 0) {
        diag_add(d, SEV_WARNING, 0, NULL, "%s: skipped: %s", path, err ? err : "larger than 64 KiB");
    } else if (request_record_parse((const char *)bytes, len, path, &r, d) == 0) {
        char when[21];
        format_iso8601(r.created, when);
        const char *state = !file_exists(r.req)    ? "INF only (certreq not run, or the CSR was moved)"
                            : !have_requests      ? "unknown (the REQUEST store could not be read)"
                            : pending(requests, &r) ? "pending (its key waits in the REQUEST store)"
                                                  : "not pending (accepted, or its key was removed)";
        fprintf_printable(o->out, "%s\n  created %s, like %s, key %s%s%s\n  subject %s\n  names  ", name, when, r.like,
                          request_key_name(r.key), r.template_name ? ", template " : "",
                          r.template_name ? r.template_name : "", r.subject);
        for (size_t i = 0; i < r.name_count; i++)
            fprintf_printable(o->out, "%s%s", i ? ", " : "", r.names[i]);
        fprintf_printable(o->out, "\n  CSR    %s\n  state  %s\n", r.req, state);
    }
    request_record_free(&r);
    free(err);
    free(bytes);
    free(path);
}

static int list_requests(const struct options *o, struct diags *d)
{
    char *dir = request_folder(o, 0, d);
    if (!dir)
        return EXIT_FAIL;
    char **names = NULL, *err = NULL;
    if (list_directory(dir, REQUEST_RECORD_SUFFIX, &names, &err) != 0) {
        diag_add(d, SEV_ERROR, 0, NULL, "%s", err);
        free(err);
        free(dir);
        return EXIT_FAIL;
    }
    if (!names[0]) {
        fprintf_printable(o->out, "No recorded requests in %s.\n", dir);
    } else {
        struct cert_list requests;
        struct diags store_diags;
        diags_init(&store_diags);
        int have = read_certs(o, Q_CERTUTIL_STORE_V, "REQUEST", NULL, &requests, &store_diags) == 0;
        for (size_t i = 0; i < store_diags.count; i++)
            diag_add(d, SEV_WARNING, 0, store_diags.items[i].source, "%s", store_diags.items[i].message);
        diags_free(&store_diags);
        fprintf_printable(o->out, "Recorded requests in %s:\n", dir);
        for (size_t i = 0; names[i]; i++)
            list_one(o, dir, names[i], &requests, have, d);
        cert_list_free(&requests);
    }
    for (size_t i = 0; names[i]; i++)
        free(names[i]);
    free(names);
    free(dir);
    return EXIT_OK;
}

int cmd_request(const struct options *o)
{
    struct diags d;
    diags_init(&d);
    int rc;
    if (!o->like_hash && (o->key_type || o->template_name || o->print_only))
        rc = usage("request needs --like HASH (the certificate to renew); without options it lists the requests");
    else
        rc = o->like_hash ? make_request(o, &d) : list_requests(o, &d);
    print_diags(o->err, &d);
    diags_free(&d);
    return rc;
}
