/* French labels of `certutil -store [-v]`. Seen in real posted output (saltstack/salt#55024 and
 * salt's win_certutil module docstring): "Numéro de série :", "Émetteur:", " NotBefore :" and
 * " NotAfter :" (NOT translated), "Objet:", "Modèle:", "Hach. cert. (sha1) :", "Version de
 * l’autorité de certification:", "Certificat racine : ...", "Aucune information sur le fournisseur
 * de clé", "Impossible de trouver le certificat et la clé privée pour le déchiffrement.", banner word
 * "Certificat". French puts a (no-break) space before ':'; the parser trims it. Apostrophes are
 * written ' here: the parser folds U+2019 to ' before looking a label up. Rows marked
 * (reconstructed) were not seen in a posted output. */
#include "certutil_labels.h"

static const struct label_row labels[] = {
    {"Numéro de série", CL_SERIAL},
    {"Émetteur", CL_ISSUER},
    {"Objet", CL_SUBJECT},
    {"Hach. cert. (sha1)", CL_SHA1},
    {"Hachage de cert(sha1)", CL_SHA1}, /* (reconstructed) older wording */
    {"Modèle", CL_TEMPLATE},
    {"Nom du modèle de certificat (type de certificat)", CL_TEMPLATE_TYPE}, /* (reconstructed) */
    {"Conteneur de clé", CL_KEY_CONTAINER},
    {"Fournisseur", CL_PROVIDER},
    {"Nom DNS", CL_DNS_NAME},                      /* (reconstructed) */
    {"Certificat X509", CL_VERBOSE_MARK},          /* (reconstructed) */
    {"Extensions du certificat", CL_VERBOSE_MARK}, /* (reconstructed) */
    {"Version de l'autorité de certification", CL_IGNORE},
    {"Certificat racine", CL_IGNORE},
    {"Nom de conteneur unique", CL_IGNORE}, /* (reconstructed) */
    {"Hach. cert. (md5)", CL_IGNORE},       /* (reconstructed) */
    {"Hach. cert. (sha256)", CL_IGNORE},    /* (reconstructed) */
};

static const struct label_row messages[] = {
    {"Certificat", CM_BANNER_CERT},
    {"Aucune information sur le fournisseur de clé", CM_NO_KEY_INFO},
    {"Impossible de trouver le certificat et la clé privée pour le déchiffrement", CM_CANNOT_FIND_KEY},
    {"Jeu de clés stocké manquant", CM_MISSING_KEYSET},  /* (reconstructed) */
    {"Autre nom de l'objet", CM_SAN_HEADER},             /* (reconstructed) */
    {"Archivé !", CM_ARCHIVED},                          /* (reconstructed) */
    {"La signature correspond à la clé publique", CM_IGNORE},
    {"Il ne s'agit pas d'un certificat racine", CM_IGNORE},
    {"Test de chiffrement réussi", CM_IGNORE},
    {"La clé privée n'est PAS exportable", CM_IGNORE}, /* (reconstructed) */
};

const struct label_table certutil_labels_fr = LABEL_TABLE("fr", labels);
const struct label_table certutil_messages_fr = LABEL_TABLE("fr", messages);
