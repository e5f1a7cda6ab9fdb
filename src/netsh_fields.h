/* The fields of a netsh sslcert binding and the add-sslcert parameter each maps to. */
#ifndef CERTREBIND_NETSH_FIELDS_H
#define CERTREBIND_NETSH_FIELDS_H

enum netsh_value_kind {
    NV_KEY,    /* socket key: IP:port, hostname:port, ccs port */
    NV_HASH,   /* certificate hash */
    NV_GUID,   /* application id */
    NV_STRING, /* free text; "(null)" means unset */
    NV_BOOL,   /* Enabled/Disabled or Set/Not Set -> enable/disable */
    NV_UINT    /* decimal number */
};

/* Order = the order netsh prints them (and the order parameters are passed). */
enum netsh_field {
    NF_IPPORT,
    NF_HOSTNAMEPORT,
    NF_CCS,
    NF_SCOPEDCCS,
    NF_CERTHASH,
    NF_APPID,
    NF_CERTSTORENAME,
    NF_VERIFYCLIENTCERTREVOCATION,
    NF_VERIFYREVOCATIONWITHCACHEDCLIENTCERTONLY,
    NF_USAGECHECK,
    NF_REVOCATIONFRESHNESSTIME,
    NF_URLRETRIEVALTIMEOUT,
    NF_SSLCTLIDENTIFIER,
    NF_SSLCTLSTORENAME,
    NF_DSMAPPERUSAGE,
    NF_CLIENTCERTNEGOTIATION,
    NF_REJECT,
    NF_DISABLEHTTP2,
    NF_DISABLEQUIC,
    NF_DISABLETLS12,
    NF_DISABLETLS13,
    NF_DISABLEOCSPSTAPLING,
    NF_ENABLETOKENBINDING,
    NF_LOGEXTENDEDEVENTS,
    NF_DISABLELEGACYTLS,
    NF_ENABLESESSIONTICKET,
    NF_DISABLESESSIONID,
    NETSH_FIELD_COUNT
};

struct netsh_field_def {
    enum netsh_field id;
    const char *param;        /* netsh http add sslcert parameter name */
    enum netsh_value_kind kind;
    const char *default_value; /* what netsh uses when the parameter is not given; NULL = unset */
    int omit_at_default;       /* never passed at its default (Server 2025 rejects an explicit 0, 87) */
};

const struct netsh_field_def *netsh_field_def(enum netsh_field id);
/* Field id for an add-sslcert parameter name (case-insensitive), or -1. */
int netsh_field_by_param(const char *param);
int netsh_field_is_setting(enum netsh_field id); /* not a key, hash or appid */
/* 1 when passing value for field id is the same as not passing it, and it is therefore left out of
 * every netsh command certrebind builds (value NULL: unset). */
int netsh_field_omitted(enum netsh_field id, const char *value);

#endif
