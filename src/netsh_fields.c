#include "netsh_fields.h"

#include "ascii.h"

#include <stddef.h>
#include <string.h>

/* Defaults are what `netsh http add sslcert` stores when a parameter is omitted, as
 * `show sslcert` then prints it. The last column marks the parameters that are left out at their
 * default: Windows Server 2025 (build 26100) answers an explicit revocationfreshnesstime=0 or
 * urlretrievaltimeout=0 with error 87 although 0 is what omitting them gives, and the newer flags
 * (Set/Not Set; Not Set and Disabled both mean the flag is clear) are unknown to older netsh
 * builds, so passing them at their default could only fail. The classic Enabled/Disabled settings
 * and reject keep being passed: every netsh since Server 2008 knows them. */
static const struct netsh_field_def defs[NETSH_FIELD_COUNT] = {
    {NF_IPPORT, "ipport", NV_KEY, NULL, 0},
    {NF_HOSTNAMEPORT, "hostnameport", NV_KEY, NULL, 0},
    {NF_CCS, "ccs", NV_KEY, NULL, 0},
    {NF_SCOPEDCCS, "scopedccs", NV_KEY, NULL, 0},
    {NF_CERTHASH, "certhash", NV_HASH, NULL, 0},
    {NF_APPID, "appid", NV_GUID, NULL, 0},
    {NF_CERTSTORENAME, "certstorename", NV_STRING, NULL, 0},
    {NF_VERIFYCLIENTCERTREVOCATION, "verifyclientcertrevocation", NV_BOOL, "enable", 0},
    {NF_VERIFYREVOCATIONWITHCACHEDCLIENTCERTONLY, "verifyrevocationwithcachedclientcertonly", NV_BOOL, "disable", 0},
    {NF_USAGECHECK, "usagecheck", NV_BOOL, "enable", 0},
    {NF_REVOCATIONFRESHNESSTIME, "revocationfreshnesstime", NV_UINT, "0", 1},
    {NF_URLRETRIEVALTIMEOUT, "urlretrievaltimeout", NV_UINT, "0", 1},
    {NF_SSLCTLIDENTIFIER, "sslctlidentifier", NV_STRING, NULL, 0},
    {NF_SSLCTLSTORENAME, "sslctlstorename", NV_STRING, NULL, 0},
    {NF_DSMAPPERUSAGE, "dsmapperusage", NV_BOOL, "disable", 0},
    {NF_CLIENTCERTNEGOTIATION, "clientcertnegotiation", NV_BOOL, "disable", 0},
    {NF_REJECT, "reject", NV_BOOL, "disable", 0},
    {NF_DISABLEHTTP2, "disablehttp2", NV_BOOL, "disable", 1},
    {NF_DISABLEQUIC, "disablequic", NV_BOOL, "disable", 1},
    {NF_DISABLETLS12, "disabletls12", NV_BOOL, "disable", 1},
    {NF_DISABLETLS13, "disabletls13", NV_BOOL, "disable", 1},
    {NF_DISABLEOCSPSTAPLING, "disableocspstapling", NV_BOOL, "disable", 1},
    {NF_ENABLETOKENBINDING, "enabletokenbinding", NV_BOOL, "disable", 1},
    {NF_LOGEXTENDEDEVENTS, "logextendedevents", NV_BOOL, "disable", 1},
    {NF_DISABLELEGACYTLS, "disablelegacytls", NV_BOOL, "disable", 1},
    {NF_ENABLESESSIONTICKET, "enablesessionticket", NV_BOOL, "disable", 1},
    {NF_DISABLESESSIONID, "disablesessionid", NV_BOOL, "disable", 1},
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

int netsh_field_omitted(enum netsh_field id, const char *value)
{
    const struct netsh_field_def *def = netsh_field_def(id);
    if (!value)
        return 1;
    return def && def->omit_at_default && def->default_value && !strcmp(value, def->default_value);
}
