/* What `request` and `accept` share (the command layer: it knows struct options): the requests
 * folder, reading one certificate through certutil, and running certreq. */
#ifndef CERTREBIND_RENEWAL_H
#define CERTREBIND_RENEWAL_H

#include "cli.h"
#include "diag.h"
#include "model.h"
#include "platform.h"
#include "source.h"

/* --out, else `requests` beside the default backup folder (%ProgramData%\certrebind\requests;
 * ./certrebind-requests where backups go to ./certrebind-backups).
 * create: make it if need be. Either way it must be private like the backup folder (only its
 * owner and the administrators may change it): a record there decides which certificate's
 * bindings move. NULL with an error in d. Caller frees. */
char *request_folder(const struct options *o, int create, struct diags *d);

/* certutil output read into certificates: q is Q_CERTUTIL_STORE_V (store, and arg a hash or
 * NULL) or Q_CERTUTIL_DUMP (arg the file). 0, or -1 with errors in d. Counts the process. */
int read_certs(const struct options *o, enum tool_query q, const char *store, const char *arg, struct cert_list *out,
               struct diags *d);

/* Runs certreq with args (after the program, NULL-terminated) and says what it did on o->err.
 * Returns its exit code (0 for success), or -1 when it could not be run or timed out; its
 * output (decoded, control characters shown escaped) goes into the error of a failure. */
int run_certreq(const struct options *o, const char *const *args, const char *what, struct diags *d);

/* The certificate with that SHA-1 in list (NULL when none). */
const struct cert *find_cert(const struct cert_list *l, const char *sha1);

#endif
