#include "netsh_fields.h"

#include "ascii.h"

#include <stddef.h>

/* Defaults are what `netsh http add sslcert` stores when a parameter is omitted, as
 * `show sslcert` then prints it. */
static const struct netsh_field_def defs[NETSH_FIELD_COUNT] = {
    {NF_IPPORT, "ipport", NV_KEY, NULL},
    {NF_HOSTNAMEPORT, "hostnameport", NV_KEY, NULL},
    {NF_CCS, "ccs", NV_KEY, NULL},
    {NF_SCOPEDCCS, "scopedccs", NV_KEY, NULL},
    {NF_CERTHASH, "certhash", NV_HASH, NULL},
    {NF_APPID, "appid", NV_GUID, NULL},
    {NF_CERTSTORENAME, "certstorename", NV_STRING, NULL},
    {NF_VERIFYCLIENTCERTREVOCATION, "verifyclientcertrevocation", NV_BOOL, "enable"},
    {NF_VERIFYREVOCATIONWITHCACHEDCLIENTCERTONLY, "verifyrevocationwithcachedclientcertonly", NV_BOOL, "disable"},
    {NF_USAGECHECK, "usagecheck", NV_BOOL, "enable"},
    {NF_REVOCATIONFRESHNESSTIME, "revocationfreshnesstime", NV_UINT, "0"},
    {NF_URLRETRIEVALTIMEOUT, "urlretrievaltimeout", NV_UINT, "0"},
    {NF_SSLCTLIDENTIFIER, "sslctlidentifier", NV_STRING, NULL},
    {NF_SSLCTLSTORENAME, "sslctlstorename", NV_STRING, NULL},
    {NF_DSMAPPERUSAGE, "dsmapperusage", NV_BOOL, "disable"},
    {NF_CLIENTCERTNEGOTIATION, "clientcertnegotiation", NV_BOOL, "disable"},
    {NF_REJECT, "reject", NV_BOOL, "disable"},
    {NF_DISABLEHTTP2, "disablehttp2", NV_BOOL, "disable"},
    {NF_DISABLEQUIC, "disablequic", NV_BOOL, "disable"},
    {NF_DISABLETLS12, "disabletls12", NV_BOOL, "disable"},
    {NF_DISABLETLS13, "disabletls13", NV_BOOL, "disable"},
    {NF_DISABLEOCSPSTAPLING, "disableocspstapling", NV_BOOL, "disable"},
    {NF_ENABLETOKENBINDING, "enabletokenbinding", NV_BOOL, "disable"},
    {NF_LOGEXTENDEDEVENTS, "logextendedevents", NV_BOOL, "disable"},
    {NF_DISABLELEGACYTLS, "disablelegacytls", NV_BOOL, "disable"},
    {NF_ENABLESESSIONTICKET, "enablesessionticket", NV_BOOL, "disable"},
    {NF_DISABLESESSIONID, "disablesessionid", NV_BOOL, "disable"},
};

const struct netsh_field_def *netsh_field_def(enum netsh_field id)
{
    if ((int)id < 0 || id >= NETSH_FIELD_COUNT)
        return NULL;
    return &defs[id];
}

int netsh_field_by_param(const char *param)
{
    for (int i = 0; i < NETSH_FIELD_COUNT; i++)
        if (ascii_casecmp(defs[i].param, param) == 0)
            return i;
    return -1;
}

int netsh_field_is_setting(enum netsh_field id) { return id > NF_APPID && id < NETSH_FIELD_COUNT; }
