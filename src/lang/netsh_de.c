/* German labels of `netsh http show sslcert` (OEM code page 850 on a German server).
 *
 * Evidence, strongest first (see fixtures/ws2016-de/README):
 *  - confirmed by a real German capture: the header "SSL-Zertifikatbindungen:", "IP:Port",
 *    "Zertifikathash";
 *  - seen in third-party test data written "as a German Windows would print them":
 *    "Anwendungs-ID", "Zertifikatspeichername", "Clientzertifikatsperrung überprüfen",
 *    value "Aktiviert";
 *  - UNCONFIRMED, the most plausible Microsoft German terms: every other row below.
 * A real capture that disagrees wins: fix the row, keep the old one only if both are real.
 * Labels that fold to an English row ("IP:Port" = "IP:port") are matched by the English
 * table first; they stay here so this table is complete on its own. */
#include "../labels.h"
#include "../netsh_fields.h"

static const struct label_row labels[] = {
    {"SSL-Zertifikatbindungen:", NL_HEADER},
    {"SSL-Zertifikatbindungen", NL_HEADER},
    {"IP:Port", NF_IPPORT},
    {"Hostname:Port", NF_HOSTNAMEPORT},
    {"Zentraler Zertifikatspeicher", NF_CCS},
    {"Bereichsbezogener zentraler Zertifikatspeicher", NF_SCOPEDCCS},
    {"Zertifikathash", NF_CERTHASH},
    {"Anwendungs-ID", NF_APPID},
    {"Zertifikatspeichername", NF_CERTSTORENAME},
    {"Clientzertifikatsperrung überprüfen", NF_VERIFYCLIENTCERTREVOCATION},
    {"Sperrung nur mit zwischengespeichertem Clientzertifikat überprüfen",
     NF_VERIFYREVOCATIONWITHCACHEDCLIENTCERTONLY},
    {"Verwendungsüberprüfung", NF_USAGECHECK},
    {"Aktualitätszeit der Sperrung", NF_REVOCATIONFRESHNESSTIME},
    {"Timeout für URL-Abruf", NF_URLRETRIEVALTIMEOUT},
    {"CTL-Bezeichner", NF_SSLCTLIDENTIFIER},
    {"CTL-Speichername", NF_SSLCTLSTORENAME},
    {"DS-Zuordnungsverwendung", NF_DSMAPPERUSAGE},
    {"Clientzertifikat aushandeln", NF_CLIENTCERTNEGOTIATION},
    {"Verbindungen ablehnen", NF_REJECT},
    {"HTTP2 deaktivieren", NF_DISABLEHTTP2},
    {"QUIC deaktivieren", NF_DISABLEQUIC},
    {"TLS1.2 deaktivieren", NF_DISABLETLS12},
    {"TLS1.3 deaktivieren", NF_DISABLETLS13},
    {"OCSP-Heftung deaktivieren", NF_DISABLEOCSPSTAPLING},
    {"Tokenbindung aktivieren", NF_ENABLETOKENBINDING},
    {"Erweiterte Ereignisse protokollieren", NF_LOGEXTENDEDEVENTS},
    {"Ältere TLS-Versionen deaktivieren", NF_DISABLELEGACYTLS},
    {"Sitzungsticket aktivieren", NF_ENABLESESSIONTICKET},
    {"Sitzungs-ID deaktivieren", NF_DISABLESESSIONID},
    {"Erweiterte Eigenschaften", NL_EXTENDED},
};

static const struct label_row values[] = {
    {"Aktiviert", NW_ENABLE},
    {"Deaktiviert", NW_DISABLE},
    {"Festgelegt", NW_ENABLE},
    {"Nicht festgelegt", NW_DISABLE},
};

const struct label_table netsh_labels_de = LABEL_TABLE("de", labels);
const struct label_table netsh_values_de = LABEL_TABLE("de", values);
