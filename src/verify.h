/* Reading the bindings back: does the host show what a change, a rollback or a restore should
 * have left? Pure (the caller reads `show sslcert`); linear in the number of bindings. */
#ifndef CERTREBIND_VERIFY_H
#define CERTREBIND_VERIFY_H

#include "diag.h"
#include "model.h"
#include "plan.h"

/* After plan p (built from `before`) was rolled back: every readable binding of `before` is back in
 * `now` as it was, and no socket the plan bound anew is still bound. Returns 0, or -1 with one
 * error per difference in d. */
int verify_unchanged(const struct binding_list *before, const struct plan *p, const struct binding_list *now,
                     struct diags *d);
/* After plan p (built from `before`) ran: every binding it added or changed is as planned, every
 * other binding unchanged. Returns 0, or -1 with one error per difference in d. */
int verify_plan_result(const struct binding_list *before, const struct plan *p, const struct binding_list *now,
                       struct diags *d);
/* After restore plan p: every complete, readable binding of the backup is in `after` as it was,
 * and every socket p deletes without adding it again is unbound. Returns 0, or -1 with one error
 * per difference in d. */
int verify_restored(const struct binding_list *wanted, const struct plan *p, const struct binding_list *after,
                    struct diags *d);

#endif
