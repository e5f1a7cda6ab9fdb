/* Backup files: written by apply before its first change, read by restore. Pure: bytes in, bytes
 * or a checked backup out (writing the file and choosing its folder are apply's business).
 *
 * Format 2 (LF line ends; the header is UTF-8 text):
 *   certrebind backup 2
 *   created-by certrebind VERSION
 *   created 2026-11-29T20.28.37Z
 *   plan SUMMARY
 *   step 1 netsh http update sslcert ipport=0.0.0.0:443 ...      one line per planned step, in order
 *                                                  (bind/unbind: `step 1 appcmd set site ...` too)
 *   iis SITE "Shop" (id:3,bindings:...,state:Started)             bind/unbind only: the IIS sites
 *                                                  before the change, one line per line `appcmd list site`
 *                                                  printed; restore re-creates the https bindings of
 *                                                  these sites and removes those the steps added
 *   iis-config <binding protocol="https" ... sslFlags="1" />      bind/unbind, when `appcmd list site
 *                                                  /config` could be read: one line per non-empty line it
 *                                                  printed (the sslFlags restore re-creates; without
 *                                                  them restore says they are unknown)
 *   restore-with certrebind restore <this file>
 *   records N                                                    binding records in the output below
 *   content-bytes N                                              its exact length
 *   --- netsh http show sslcert, as printed ---
 *   <the bytes `netsh http show sslcert` printed, exactly content-bytes of them>
 *   <LF>--- end of certrebind backup ---<LF>
 *   sha256 HEX                                                   of every byte before this line
 *
 * Format 1 (certrebind 0.1.0) had no count, length, end marker or checksum: a file cut at a
 * record boundary looked complete. It is refused with a message saying so. */
#ifndef CERTREBIND_BACKUP_H
#define CERTREBIND_BACKUP_H

#include <stddef.h>

#include "diag.h"
#include "model.h"
#include "plan.h"

#define BACKUP_FORMAT 2

struct backup {
    int version;
    char **steps; /* the netsh command of each step, as written */
    size_t step_count;
    size_t records;                 /* as the header announces */
    struct binding_list bindings;   /* the records of the netsh output */
    size_t content_len;             /* bytes of netsh output */
    char *iis_sites;                /* the `iis` lines (bind/unbind), LF-terminated; NULL when none */
    char *iis_config;               /* the `iis-config` lines, likewise */
    size_t iis_sites_len, iis_config_len;
    struct backup_socket {          /* sockets a step adds that were not bound (bind's hostnameport) */
        enum binding_kind kind;
        char *socket;
        size_t step;                /* 1-based */
    } *added;
    size_t added_count;
    struct backup_site_step {       /* the site bindings the appcmd steps add or remove, in order */
        char *site, *info;
        int add;
        size_t step;                /* 1-based */
    } *site_steps;
    size_t site_step_count;
};

/* The bytes of a backup of raw (the `show sslcert` output that holds `records` binding records)
 * before plan p, stamped `created`. NULL with an error in d when a step cannot be written on one
 * line. Caller frees. */
char *backup_format(const unsigned char *raw, size_t raw_len, size_t records, const struct plan *p,
                    const char *created, size_t *len, struct diags *d);

/* Checks a backup and reads it: header, version, length, end marker, SHA-256, record count, a
 * netsh output without NUL characters, and every socket the steps name against the records
 * (an update or delete names a socket that was bound; an add without a delete before it, one that
 * was not). Every problem found is an error in d (all of them, not only the first); the netsh
 * parser's own findings are passed on as warnings. codepage as for text_decode; name (the file,
 * or NULL) labels the messages. Returns 0 when the backup passed every check; out is filled as
 * far as it could be read either way (free with backup_free). */
int backup_parse(const unsigned char *bytes, size_t len, int codepage, const char *name, struct backup *out,
                 struct diags *d);
/* The same, taking over *bytes (a malloc'd buffer; freed, and set to NULL): the netsh output is
 * read where it is instead of from a copy, which halves the memory a huge backup needs. */
int backup_parse_take(unsigned char **bytes, size_t len, int codepage, const char *name, struct backup *out,
                      struct diags *d);
void backup_free(struct backup *b);

#endif
