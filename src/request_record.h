/* The record `certrebind request` leaves beside the INF and the CSR (NAME.request.json), read back
 * by `accept` to know which certificate the answer replaces and by `request` to list them:
 *
 *   {"format": "certrebind-request 1", "like": "<40 hex>", "subject": "...", "dns_names": [...],
 *    "key": "rsa2048", "template": null|"...", "inf": "<path>", "req": "<path>",
 *    "created": "2026-11-29T21:00:00Z"}
 *
 * The reader takes exactly this shape (any key order) and refuses everything else: another
 * shape, unknown or repeated keys, a bad hash, key type or time, control characters, invalid
 * UTF-8, more than 64 KiB. A record is found in a folder anyone with access to it could have
 * written, so nothing in it is trusted beyond these checks. */
#ifndef CERTREBIND_REQUEST_RECORD_H
#define CERTREBIND_REQUEST_RECORD_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "certreq_inf.h"
#include "diag.h"

#define REQUEST_RECORD_SUFFIX ".request.json"
#define REQUEST_RECORD_MAX 65536

struct request_record {
    char like[41];
    char *subject;
    char **names;
    size_t name_count;
    enum request_key key;
    char *template_name; /* NULL: none */
    char *inf, *req;
    time_t created;
};

/* Writes the record of spec (inf and req are the paths written) to f as JSON. */
void request_record_write(FILE *f, const struct request_spec *spec, const char *inf, const char *req, time_t created);
/* Reads a record; 0, or -1 with errors in d (name labels them). */
int request_record_parse(const char *bytes, size_t len, const char *name, struct request_record *out, struct diags *d);
void request_record_free(struct request_record *r);

/* 1 when certificate spec (made from an issued certificate with request_spec_from_cert) answers
 * the request: the same subject (ASCII case ignored) and the same set of DNS names. */
int request_record_matches(const struct request_record *r, const struct request_spec *issued);

#endif
