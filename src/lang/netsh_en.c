/* English labels of `netsh http show sslcert` (Windows Server 2008 R2 .. 2025). */
#include "../labels.h"
#include "../netsh_fields.h"

static const struct label_row labels[] = {
    {"SSL Certificate bindings:", NL_HEADER},
    {"SSL Certificate bindings", NL_HEADER},
    {"IP:port", NF_IPPORT},
    {"Hostname:port", NF_HOSTNAMEPORT},
    {"Central Certificate Store", NF_CCS},
    {"Scoped Central Certificate Store", NF_SCOPEDCCS},
    {"Scoped CCS", NF_SCOPEDCCS},
    {"Certificate Hash", NF_CERTHASH},
    {"Application ID", NF_APPID},
    {"Certificate Store Name", NF_CERTSTORENAME},
    {"Verify Client Certificate Revocation", NF_VERIFYCLIENTCERTREVOCATION},
    {"Verify Revocation Using Cached Client Certificate Only", NF_VERIFYREVOCATIONWITHCACHEDCLIENTCERTONLY},
    {"Usage Check", NF_USAGECHECK},
    {"Revocation Freshness Time", NF_REVOCATIONFRESHNESSTIME},
    {"URL Retrieval Timeout", NF_URLRETRIEVALTIMEOUT},
    {"Ctl Identifier", NF_SSLCTLIDENTIFIER},
    {"Ctl Store Name", NF_SSLCTLSTORENAME},
    {"DS Mapper Usage", NF_DSMAPPERUSAGE},
    {"Negotiate Client Certificate", NF_CLIENTCERTNEGOTIATION},
    {"Reject Connections", NF_REJECT},
    {"Disable HTTP2", NF_DISABLEHTTP2},
    {"Disable QUIC", NF_DISABLEQUIC},
    {"Disable TLS1.2", NF_DISABLETLS12},
    {"Disable TLS1.3", NF_DISABLETLS13},
    {"Disable OCSP Stapling", NF_DISABLEOCSPSTAPLING},
    {"Enable Token Binding", NF_ENABLETOKENBINDING},
    {"Log Extended Events", NF_LOGEXTENDEDEVENTS},
    {"Disable Legacy TLS Versions", NF_DISABLELEGACYTLS},
    {"Enable Session Ticket", NF_ENABLESESSIONTICKET},
    {"Disable Session ID", NF_DISABLESESSIONID},
    {"Extended Properties", NL_EXTENDED},
    {"PropertyId", NL_PROPERTYID},
    {"Receive Window", NL_RECEIVEWINDOW},
    {"Max Settings Per Frame", NL_MAXSETTINGSPERFRAME},
    {"Max Settings Per Minute", NL_MAXSETTINGSPERMINUTE},
};

static const struct label_row values[] = {
    {"Enabled", NW_ENABLE},
    {"Disabled", NW_DISABLE},
    {"Set", NW_ENABLE},
    {"Not Set", NW_DISABLE},
    {"(null)", NW_NULL},
};

const struct label_table netsh_labels_en = LABEL_TABLE("en", labels);
const struct label_table netsh_values_en = LABEL_TABLE("en", values);
