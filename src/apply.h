/* Carrying out a plan: backup first, every step through netsh, rollback on failure, verification
 * after; and restoring a backup. The only module that changes the machine. */
#ifndef CERTREBIND_APPLY_H
#define CERTREBIND_APPLY_H

#include <stddef.h>

#include "cli.h"
#include "diag.h"
#include "model.h"
#include "plan.h"

struct apply_stats {
    size_t processes;          /* tool processes started, reading included */
    double longest_gap_ms;     /* longest time a socket had no binding (delete..add) */
    size_t steps_done, steps_undone;
};

/* What the caller of apply knows that the tools cannot show. certutil prints no import time, so
 * the callers that have just imported a certificate say so: `accept` and the unattended
 * on-renewal run. */
struct apply_request {
    /* hashes of certificates imported less than a minute ago: a step binding one is retried on
     * error 87 (HTTP.sys may not see the new key yet), up to 3 times, 2, 5 and 10 s apart */
    const char *const *fresh_hashes;
    size_t fresh_count;
    void (*sleep_ms)(long ms); /* how to wait before a retry; NULL: sleep_milliseconds */
};

/* `certrebind apply` (cmd_apply is apply_run with an empty request). */
int apply_run(const struct options *o, const struct apply_request *ar);

/* Writes the backup file (src/backup.h: header, plan lines, raw `show sslcert` bytes holding
 * `records` binding records, end marker, SHA-256) durably in the backup folder, after checking
 * that restore would accept it and that the folder is private. Returns its path (caller frees)
 * or NULL with an error in d. */
char *backup_write(const struct options *o, const unsigned char *raw, size_t raw_len, size_t records,
                   const struct plan *p, struct diags *d);

#endif
