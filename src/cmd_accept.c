/* certrebind accept CERT-FILE: the answer to a request comes back. Reads it with
 * `certutil -dump` (certreq's own text is localized, never trusted for the hash), finds the
 * request it answers, refuses a certificate that would serve less than the old one, installs it
 * with `certreq -accept -machine -q`, checks it is in My with its private key, then plans
 * `--old LIKE --new NEW` exactly as `plan` does and, with --yes, applies it through apply's
 * backup, rollback and verification (the new certificate marked as imported moments ago:
 * netsh's 87 is retried). Every certreq step is judged by its exit status and the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "cert.h"
#include "certreq_inf.h"
#include "certutil.h"
#include "cli.h"
#include "cmd_shared.h"
#include "hexhash.h"
#include "names.h"
#include "output.h"
#include "platform.h"
#include "printable.h"
#include "renewal.h"
#include "report_change.h"
#include "report_diags.h"
#include "request_record.h"

struct accept_run {
    const struct options *o;
    struct diags d;
    struct cert_list dumped; /* certutil -dump CERT-FILE */
    const struct cert *issued;
    struct request_spec issued_spec;
    int issued_spec_ok;
    char like[41];
    struct request_record record; /* the request it answers, when one was found */
    int have_record;
    int record_error; /* records were found, and they disagree */
};

static int find_record_by(struct accept_run *a, int loose, struct diags *d);

static int same_subject(const struct request_record *r, const struct request_spec *issued)
{
    struct request_spec subject_only = *issued;
    subject_only.names = r->names;
    subject_only.name_count = r->name_count;
    return request_record_matches(r, &subject_only);
}

/* The request records in the requests folder that this certificate answers: the same subject
 * and names, or (loose) the same subject only, when the CA changed the names: the coverage check
 * then says what is missing. */
static int find_record(struct accept_run *a)
{
    struct diags exact;
    diags_init(&exact);
    int rc = find_record_by(a, 0, &exact);
    for (size_t i = 0; i < exact.count; i++)
        if (exact.items[i].severity != SEV_ERROR || rc == 0 || a->record_error)
            diag_add(&a->d, exact.items[i].severity, 0, exact.items[i].source, "%s", exact.items[i].message);
    diags_free(&exact);
    if (rc == 0 || a->record_error)
        return rc;
    if (find_record_by(a, 1, &a->d) != 0)
        return -1;
    diag_add(&a->d, SEV_WARNING, 0, NULL,
             "certificate %s has the subject of the request for %s but not the same DNS names: the CA changed them",
             a->issued->sha1, a->like);
    return 0;
}

/* find_record with exact (loose 0) or subject-only (loose 1) matching; 0, or -1 with an error. */
/* Reads the record at path into r; 0, or -1 with the reason as a warning in d (when warn). */
static int read_record(const char *path, struct request_record *r, int warn, struct diags *d)
{
    unsigned char *bytes = NULL;
    size_t len = 0;
    char *err = NULL;
    struct diags quiet;
    diags_init(&quiet);
    memset(r, 0, sizeof *r);
    int rc = read_file_limited(path, REQUEST_RECORD_MAX, &bytes, &len, &err) == 0 &&
                     request_record_parse((const char *)bytes, len, path, r, &quiet) == 0
                 ? 0
                 : -1;
    if (rc != 0 && warn)
        diag_add(d, SEV_WARNING, 0, NULL, "skipped %s: %s", path,
                 quiet.count ? quiet.items[0].message : err ? err : "larger than 64 KiB");
    free(err);
    free(bytes);
    diags_free(&quiet);
    return rc;
}

/* Takes record r when it is the first answer found; -1 when it renews another certificate than
 * the answer found before (which one is meant cannot be told). */
static int take_record(struct accept_run *a, struct request_record *r, size_t found, struct diags *d)
{
    if (found && strcmp(a->record.like, r->like)) {
        diag_add(d, SEV_ERROR, 0, NULL,
                 "two recorded requests with this subject and these names renew different certificates (%s and %s): "
                 "say which one this replaces with --like HASH",
                 a->record.like, r->like);
        a->record_error = 1;
        return -1;
    }
    if (!found) {
        a->record = *r;
        memset(r, 0, sizeof *r);
    }
    return 0;
}

static int find_record_by(struct accept_run *a, int loose, struct diags *d)
{
    char *dir = request_folder(a->o, 0, d);
    char **names = NULL, *err = NULL;
    if (!dir || list_directory(dir, REQUEST_RECORD_SUFFIX, &names, &err) != 0) {
        if (err)
            diag_add(d, SEV_ERROR, 0, NULL, "%s", err);
        free(err);
        free(dir);
        return -1;
    }
    size_t found = 0;
    int rc = 0;
    for (size_t i = 0; names[i] && rc == 0; i++) {
        char *path = path_join(dir, names[i]);
        struct request_record r;
        if (read_record(path, &r, !loose, d) == 0 &&
            (loose ? same_subject(&r, &a->issued_spec) : request_record_matches(&r, &a->issued_spec)))
            rc = take_record(a, &r, found++, d);
        request_record_free(&r);
        free(path);
    }
    for (size_t i = 0; names[i]; i++)
        free(names[i]);
    free(names);
    if (rc == 0 && found == 0)
        diag_add(d, SEV_ERROR, 0, NULL,
                 "no request recorded in %s has this certificate's subject%s; say which certificate it replaces "
                 "with --like HASH",
                 dir, loose ? "" : " and names");
    free(dir);
    if (rc != 0 || found == 0)
        return -1;
    a->have_record = 1;
    memcpy(a->like, a->record.like, sizeof a->like);
    return 0;
}

/* Reads the file and decides which certificate it replaces. */
static int identify(struct accept_run *a, const char *file)
{
    const struct options *o = a->o;
    if (!file_exists(file)) {
        diag_add(&a->d, SEV_ERROR, 0, NULL, "%s does not exist", file);
        return -1;
    }
    if (read_certs(o, Q_CERTUTIL_DUMP, NULL, file, &a->dumped, &a->d) != 0)
        return -1;
    a->issued = &a->dumped.items[0];
    struct diags quiet;
    diags_init(&quiet);
    a->issued_spec_ok = request_spec_from_cert(a->issued, KEY_RSA2048, NULL, &a->issued_spec, &quiet) == 0;
    diags_free(&quiet);
    if (o->like_hash) {
        if (sha1_normalise(o->like_hash, strlen(o->like_hash), a->like) != 0) {
            diag_add(&a->d, SEV_ERROR, 0, NULL, "--like takes a certificate hash (40 hex digits)");
            return -1;
        }
        return 0;
    }
    if (!a->issued_spec_ok) {
        diag_add(&a->d, SEV_ERROR, 0, NULL,
                 "certificate %s has no subject and DNS names a request could have asked for; say which certificate "
                 "it replaces with --like HASH",
                 a->issued->sha1);
        return -1;
    }
    return find_record(a);
}

/* The refusals that need no change to find: not valid now, fewer names than the old one. */
static int check_issued(struct accept_run *a, const struct cert_list *my)
{
    const struct cert *c = a->issued, *old = find_cert(my, a->like);
    if (!strcmp(c->sha1, a->like)) {
        diag_add(&a->d, SEV_ERROR, 0, NULL, "%s is certificate %s itself, not its renewal", "the file", c->sha1);
        return -1;
    }
    if (cert_not_yet_valid(c, a->o->now) || cert_expired(c, a->o->now) || !c->not_before_known || !c->not_after_known) {
        diag_add(&a->d, SEV_ERROR, 0, NULL, "certificate %s is %s (valid %s to %s): nothing was installed or rebound",
                 c->sha1,
                 cert_not_yet_valid(c, a->o->now) ? "not valid yet"
                 : cert_expired(c, a->o->now)     ? "expired"
                                                  : "of unknown validity",
                 c->not_before_text ? c->not_before_text : "?", c->not_after_text ? c->not_after_text : "?");
        return -1;
    }
    const char *const *old_names = NULL;
    size_t n_old = 0;
    const char *cn = NULL;
    if (old)
        n_old = cert_names(old, &old_names, &cn);
    else if (a->have_record)
        old_names = (const char *const *)a->record.names, n_old = a->record.name_count;
    else {
        diag_add(&a->d, SEV_ERROR, 0, NULL, "certificate %s is not in My and no request record names it", a->like);
        return -1;
    }
    const char *const *new_names;
    const char *new_cn = NULL;
    size_t n_new = cert_names(c, &new_names, &new_cn);
    const char *missing = NULL;
    if (!dns_names_cover_all(old_names, n_old, new_names, n_new, &missing)) {
        diag_add(&a->d, SEV_ERROR, 0, NULL,
                 "certificate %s does not cover \"%s\", which certificate %s serves: nothing was installed or rebound",
                 c->sha1, missing, a->like);
        return -1;
    }
    return 0;
}

/* certreq -accept (unless a rerun finds it installed already), then the store must show it with
 * its private key. */
static int install(struct accept_run *a, const char *file, const struct cert_list *my)
{
    const struct cert *there = find_cert(my, a->issued->sha1);
    FILE *progress = a->o->format && !strcmp(a->o->format, "json") ? a->o->err : a->o->out;
    if (there && there->has_private_key == TRI_TRUE) {
        fprintf(progress, "Certificate %s is in My with its private key already (accepted before).\n", a->issued->sha1);
    } else {
        const char *args[] = {"-accept", "-machine", "-q", file, NULL};
        if (run_certreq(a->o, args, "certreq -accept failed; nothing was rebound", &a->d) != 0)
            return -1;
    }
    struct cert_list check;
    int rc = read_certs(a->o, Q_CERTUTIL_STORE_V, "My", a->issued->sha1, &check, &a->d);
    const struct cert *c = rc == 0 ? find_cert(&check, a->issued->sha1) : NULL;
    if (!c)
        diag_add(&a->d, SEV_ERROR, 0, NULL, "certificate %s is not in My after certreq -accept: nothing was rebound",
                 a->issued->sha1);
    else if (c->has_private_key != TRI_TRUE)
        diag_add(&a->d, SEV_ERROR, 0, NULL,
                 "certificate %s is in My without its private key (was the request made on another machine, or as "
                 "another user?): nothing was rebound",
                 a->issued->sha1);
    else
        fprintf(progress, "Certificate %s is in My with its private key.\n", c->sha1);
    int ok = c && c->has_private_key == TRI_TRUE;
    cert_list_free(&check);
    return ok ? 0 : -1;
}

static int accept_prepare(struct accept_run *a, const char *file)
{
    if (identify(a, file) != 0)
        return -1;
    struct cert_list my;
    int rc = read_certs(a->o, Q_CERTUTIL_STORE_V, "My", NULL, &my, &a->d);
    if (rc == 0)
        rc = check_issued(a, &my);
    if (rc == 0)
        rc = install(a, file, &my);
    cert_list_free(&my);
    return rc;
}

int cmd_accept(const struct options *o)
{
    struct accept_run a;
    memset(&a, 0, sizeof a);
    a.o = o;
    diags_init(&a.d);
    int json = o->format && !strcmp(o->format, "json");
    /* one hold of the machine-wide lock over the whole run: certreq -accept changes the store the
     * plan is made from, and the rebind (apply_run, which nests) */
    int locked = change_lock(o, NULL, &a.d) == EXIT_OK;
    int rc;
    if (!locked || accept_prepare(&a, o->positional[0]) != 0) {
        rc = EXIT_FAIL;
        if (o->unattended) /* refused or failed before a plan: still one event for monitoring */
            unattended_record(o, rc, NULL, NULL, NULL, &a.d);
        print_diags(o->err, &a.d);
        if (json) {
            struct change_report r = {NULL, NULL, 0, NULL, rc, &a.d};
            report_change_json(o->out, &r);
        }
    } else {
        print_diags(o->err, &a.d);
        FILE *progress = json ? o->err : o->out;
        fprintf(progress, "Moving the bindings of %s to %s.\n", a.like, a.issued->sha1);
        fflush(progress);
        struct options rebind = *o;
        rebind.old_hash = a.like;
        rebind.new_hash = a.issued->sha1;
        const char *const fresh[] = {a.issued->sha1};
        struct apply_request ar = {fresh, 1, NULL};
        rc = o->plan_only ? cmd_plan(&rebind) : apply_run(&rebind, &ar);
    }
    if (locked)
        change_unlock();
    request_record_free(&a.record);
    request_spec_free(&a.issued_spec);
    cert_list_free(&a.dumped);
    diags_free(&a.d);
    return rc;
}
