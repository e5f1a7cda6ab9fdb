/* German labels of `certutil -store [-v]`.
 * Seen in real posted output (lithnet/access-manager#112, a German `certutil -dump`): "Seriennummer",
 * "Aussteller", " Nicht vor", " Nicht nach", "Antragsteller", "Namenshash (sha1)", "X.509-Zertifikat",
 * "Version", "Signaturalgorithmus", "Algorithmus Objekt-ID", "Algorithmusparameter",
 * "Öffentlicher Schlüssel-Algorithmus", "Länge des öffentlichen Schlüssels", "Öffentlicher Schlüssel".
 * From other projects' recorded German -store output (not verified against a server of ours):
 * "Zertifikathash(sha1)", "Vorlage", "Schlüsselcontainer", "Eindeutiger Containername", "Anbieter",
 * "Kein Stammzertifikat", "Der private Schlüssel ist NICHT exportierbar", "Verschlüsselungstest wurde
 * durchgeführt", banner word "Zertifikat".
 * Rows marked (reconstructed) follow Windows' German terminology but were not seen in a posted
 * output; the parser still reads the hash and position when one of them differs. */
#include "certutil_labels.h"

static const struct label_row labels[] = {
    {"Seriennummer", CL_SERIAL},
    {"Aussteller", CL_ISSUER},
    {"Antragsteller", CL_SUBJECT},
    {"Nicht vor", CL_NOTBEFORE},
    {"Nicht nach", CL_NOTAFTER},
    {"Zertifikathash(sha1)", CL_SHA1},
    {"Vorlage", CL_TEMPLATE},
    {"Zertifikatvorlagenname (Zertifikattyp)", CL_TEMPLATE_TYPE}, /* (reconstructed) */
    {"Schlüsselcontainer", CL_KEY_CONTAINER},
    {"Anbieter", CL_PROVIDER},
    {"DNS-Name", CL_DNS_NAME}, /* (reconstructed) */
    {"X.509-Zertifikat", CL_VERBOSE_MARK},
    {"Zertifikaterweiterungen", CL_VERBOSE_MARK}, /* (reconstructed) */
    {"Signaturalgorithmus", CL_IGNORE},
    {"Algorithmus Objekt-ID", CL_IGNORE},
    {"Algorithmusparameter", CL_IGNORE},
    {"Namenshash (sha1)", CL_IGNORE},
    {"Namenshash (md5)", CL_IGNORE},
    {"Öffentlicher Schlüssel-Algorithmus", CL_IGNORE},
    {"Länge des öffentlichen Schlüssels", CL_IGNORE},
    {"Öffentlicher Schlüssel", CL_IGNORE},
    {"Eindeutiger Containername", CL_IGNORE},
    {"Einfacher Containername", CL_IGNORE},       /* (reconstructed) */
    {"Stammzertifikat", CL_IGNORE},               /* (reconstructed) */
    {"Zertifizierungsstellenversion", CL_IGNORE}, /* (reconstructed) */
    {"Zertifikathash(md5)", CL_IGNORE},           /* (reconstructed) */
    {"Zertifikathash(sha256)", CL_IGNORE},        /* (reconstructed) */
};

static const struct label_row messages[] = {
    {"Zertifikat", CM_BANNER_CERT},
    {"Keine Schlüsselanbieterinformationen", CM_NO_KEY_INFO},     /* (reconstructed) */
    {"Gespeicherter Schlüsselsatz fehlt", CM_MISSING_KEYSET},      /* (reconstructed) */
    {"Das Zertifikat und der private Schlüssel für die Entschlüsselung wurden nicht gefunden",
     CM_CANNOT_FIND_KEY},                                           /* (reconstructed) */
    {"Alternativer Antragstellername", CM_SAN_HEADER},             /* (reconstructed) */
    {"Archiviert!", CM_ARCHIVED},                                   /* (reconstructed) */
    {"Kein Stammzertifikat", CM_IGNORE},
    {"Der private Schlüssel ist NICHT exportierbar", CM_IGNORE},
    {"Verschlüsselungstest wurde durchgeführt", CM_IGNORE},
    {"Signatur stimmt mit dem öffentlichen Schlüssel überein", CM_IGNORE}, /* (reconstructed) */
};

const struct label_table certutil_labels_de = LABEL_TABLE("de", labels);
const struct label_table certutil_messages_de = LABEL_TABLE("de", messages);
