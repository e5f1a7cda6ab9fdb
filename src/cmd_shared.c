#include "cmd_shared.h"

#include <string.h>

int plan_request_from_options(const struct options *o, const struct host_state *hs, struct plan_request *req,
                              struct diags *d)
{
    memset(req, 0, sizeof *req);
    int n = (o->old_hash != NULL) + (o->auto_mode != 0) + (o->socket != NULL);
    if (n != 1) {
        diag_add(d, SEV_ERROR, 0, NULL,
                 "give exactly one selection: --old HASH --new HASH, --auto [--days N], or --socket ipport=IP:PORT "
                 "--new HASH");
        return -1;
    }
    if (o->old_hash) {
        req->selection = SELECT_OLD_NEW;
        if (!o->new_hash) {
            diag_add(d, SEV_ERROR, 0, NULL, "--old needs --new HASH");
            return -1;
        }
    } else if (o->auto_mode) {
        req->selection = SELECT_AUTO;
        if (o->new_hash) {
            diag_add(d, SEV_ERROR, 0, NULL, "--auto picks the new certificates itself; do not give --new");
            return -1;
        }
    } else {
        req->selection = SELECT_SOCKET;
        if (!o->new_hash) {
            diag_add(d, SEV_ERROR, 0, NULL, "--socket needs --new HASH");
            return -1;
        }
    }
    req->old_hash = o->old_hash;
    req->new_hash = o->new_hash;
    req->days = o->days;
    req->socket_spec = o->socket;
    req->appid = o->appid;
    req->now = o->now;
    req->force = o->force;
    req->update_available = hs ? hs->update_available : -1;
    req->update_evidence = hs ? hs->update_evidence : NULL;
    return 0;
}
