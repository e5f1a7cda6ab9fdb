/* Restore of a bind/unbind backup, its IIS half: for every site the backup names, the appcmd steps
 * that re-create its https bindings the backup has (missing, or with other sslFlags) and remove
 * those the backed-up change added; https bindings added since by anyone else are left alone and
 * noted, as restore leaves HTTP.sys bindings the backup does not know (nothing of someone else's
 * is lost). Also the deletion of the HTTP.sys bindings the backed-up change added (bind's
 * hostnameport), and the order the steps of both tools run in:
 * IIS removals first, then netsh, then IIS additions, so no site binding is ever left without the
 * HTTP.sys binding that serves it (bind adds the site binding first, unbind removes it first; a
 * restore undoes either). Pure: no I/O. */
#ifndef CERTREBIND_RESTORE_SITES_H
#define CERTREBIND_RESTORE_SITES_H

#include "backup.h"
#include "model.h"
#include "plan.h"

struct restore_sites {
    const struct site_list *backup_sites; /* the backup's `iis` lines, sslFlags from `iis-config` where there */
    const struct site_list *live_sites;   /* NULL: IIS could not be read now */
    const struct binding_list *backup_bindings, *live_bindings;
    const struct backup_socket *added;    /* sockets the backed-up change bound anew */
    size_t added_count;
    const struct backup_site_step *site_steps; /* the site bindings its appcmd steps added or removed */
    size_t site_step_count;
};

/* Adds to p (a plan_restore plan of the HTTP.sys bindings) the IIS steps and the deletions, puts
 * every step in order and states the summary. A site the backup names that no longer exists is an
 * error giving the appcmd commands that would re-create its https bindings; IIS that cannot be
 * read blocks the plan (the HTTP.sys half alone would leave the two tools disagreeing). */
void plan_restore_sites(struct plan *p, const struct restore_sites *in);

#endif
