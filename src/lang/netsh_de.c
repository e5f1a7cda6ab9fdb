/* German labels of `netsh http show sslcert`. Seen on real servers: the header, "IP:Port",
 * "Zertifikathash", "Anwendungs-ID", "Zertifikatspeichername". */
#include "../labels.h"
#include "../netsh_fields.h"

static const struct label_row labels[] = {
    {"SSL-Zertifikatbindungen:", NL_HEADER},
    {"SSL-Zertifikatbindungen", NL_HEADER},
    {"IP:Port", NF_IPPORT},
    {"Hostname:Port", NF_HOSTNAMEPORT},
    {"Zertifikathash", NF_CERTHASH},
    {"Anwendungs-ID", NF_APPID},
    {"Zertifikatspeichername", NF_CERTSTORENAME},
};

static const struct label_row values[] = {
    {"Aktiviert", NW_ENABLE},
    {"Deaktiviert", NW_DISABLE},
    {"Festgelegt", NW_ENABLE},
    {"Nicht festgelegt", NW_DISABLE},
};

const struct label_table netsh_labels_de = LABEL_TABLE("de", labels);
const struct label_table netsh_values_de = LABEL_TABLE("de", values);
