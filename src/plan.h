/* The planner: (bindings, certificates, IIS sites, request) -> ordered netsh steps. Pure. */
#ifndef CERTREBIND_PLAN_H
#define CERTREBIND_PLAN_H

#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "binding.h"
#include "cert.h"
#include "diag.h"
#include "model.h"

/* IIS's own application id in HTTP.sys bindings. */
#define IIS_APP_ID "{4dc3e181-e14b-4a21-b022-59fc669b0914}"

enum selection { SELECT_OLD_NEW, SELECT_AUTO, SELECT_SOCKET };

struct plan_request {
    enum selection selection;
    const char *old_hash, *new_hash; /* as typed; normalised by the planner */
    int days;                        /* --auto window */
    const char *socket_spec;         /* "ipport=1.2.3.4:443" | "hostnameport=h:443" */
    const char *appid;               /* --appid for --socket, NULL = keep / IIS default */
    time_t now;
    int force;                       /* proceed despite warnings that need it */
    int update_available;            /* 1 yes, 0 no, -1 unknown (decided from evidence) */
    const char *update_evidence;     /* why update_available is what it is, or NULL */
};

/* The built-in tool a step runs: netsh (HTTP.sys bindings) or appcmd (IIS site bindings). */
enum step_tool { TOOL_NETSH = 0, TOOL_APPCMD = 1 };

enum step_op { STEP_UPDATE, STEP_DELETE, STEP_ADD, STEP_SITE_BINDING_ADD, STEP_SITE_BINDING_DELETE };

struct step {
    enum step_tool tool; /* argv and every undo list are arguments of this tool */
    enum step_op op;
    enum binding_kind kind;
    const char *socket;
    const char **argv;  /* exact netsh arguments after the executable, NULL-terminated */
    size_t argc;
    const struct binding *before; /* the binding as it is now, NULL when the socket is new */
    int from_backup;              /* add: re-creates a backup's record, with every setting it holds */
    const char *new_hash;
    const char *new_store;   /* certstorename passed */
    const char *new_appid;
    /* how to undo this step: netsh arguments (NULL-terminated lists), run in order */
    const char **undo[2];
    size_t undo_argc[2];
    size_t undo_count;
    /* appcmd steps: the IIS site and its https binding ("*:443:www.example.com", sslFlags) */
    const char *site;
    const char *site_binding_info;
    int ssl_flags;
};

struct plan_site {
    const char *name;
    long id;
    const char *state;
    const char *site_binding; /* "https/(ip):443:shop.example.com" */
    const char *socket;       /* the HTTP.sys binding that serves it */
};

struct plan_issue {
    const char *message;
    int needs_force; /* a warning that stops the plan unless --force */
};

struct plan {
    struct step *steps;
    size_t step_count;
    struct plan_issue *warnings;
    size_t warning_count;
    struct plan_issue *errors;
    size_t error_count;
    const char **notes; /* facts worth knowing (shadowing, old certificate stays...) */
    size_t note_count;
    struct plan_site *sites;
    size_t site_count;
    int uses_update;
    const char *method_reason;
    size_t bindings_changed;
    const char *summary;
    int blocked; /* errors, or warnings needing --force without it: nothing may run */
    const char *iis_sites; /* bind/unbind: the IIS sites before the change, as appcmd printed them
                            * (UTF-8 text, not owned): the backup keeps them */
    const char *iis_config; /* and `appcmd list site /config` likewise (their sslFlags), or NULL */
    const char *commands_hint; /* where the exact commands are shown, when not the usual --format cmd */
    size_t cap_steps, cap_warn, cap_err, cap_notes, cap_sites;
    struct arena arena;
};

/* Returns 0 (plan built; see blocked/errors), never fails otherwise. */
int plan_build(const struct binding_list *bindings, const struct cert_store_set *certs, const struct site_list *sites,
               const struct plan_request *req, struct plan *out);
void plan_free(struct plan *p);
/* Issues of a plan (message strings must live in p->arena or be constant). */
void plan_add_error(struct plan *p, const char *msg);
void plan_add_warning(struct plan *p, const char *msg, int needs_force);
void plan_add_note(struct plan *p, const char *msg);
/* 1 when plan_build accepts the request's own arguments (hashes, socket, appid): a request it does
 * not is refused whatever the host holds, so the tools need not be run for it. */
int plan_request_well_formed(const struct plan_request *req);

/* Steps that make the live bindings match a backup: bindings that match are left alone, missing
 * ones added, differing ones updated (or deleted and added); live bindings the backup does not
 * have are left alone and noted. */
int plan_restore(const struct binding_list *wanted, const struct binding_list *live, int use_update, struct plan *out);

/* The netsh arguments that re-create binding b with certificate hash (b's own when NULL):
 * "http" op "sslcert" key certhash appid certstorename and every setting it has. */
const char **plan_binding_argv(struct arena *a, const struct binding *b, const char *op, const char *hash,
                               const char *appid, size_t *argc);
/* Decides whether netsh has `update sslcert` from the layout of its show output:
 * fields beyond the 13 classic ones mean Windows 10 / Server 2016 or later. Returns 1, 0 or -1. */
int plan_update_from_layout(const struct binding_list *l);

/* The verdict on a plan as an exit status: EXIT_OK when it has steps and may run, EXIT_NOTHING
 * when there is nothing to do, EXIT_FAIL when it is refused or held back. */
int plan_exit_status(const struct plan *p);

#endif
