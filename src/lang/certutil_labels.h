/* Label ids of `certutil -store [-v]` output, shared by the per-language tables in
 * src/lang/certutil_<lang>.c and the parser (src/certutil.c). */
#ifndef CERTREBIND_CERTUTIL_LABELS_H
#define CERTREBIND_CERTUTIL_LABELS_H

#include "../labels.h"

/* "Label: value" / "Label = value" lines. */
enum certutil_label_id {
    CL_IGNORE = 0,      /* known, nothing to read ("Version", "Name Hash(sha1)", "ProviderType"...) */
    CL_SERIAL,          /* Serial Number */
    CL_ISSUER,          /* Issuer (verbose: value on the following indented lines) */
    CL_SUBJECT,         /* Subject (idem) */
    CL_NOTBEFORE,
    CL_NOTAFTER,
    CL_SHA1,            /* Cert Hash(sha1) */
    CL_TEMPLATE,        /* Template: (plain) / Template= (verbose Certificate Template Information) */
    CL_TEMPLATE_TYPE,   /* Certificate Template Name (Certificate Type): */
    CL_KEY_CONTAINER,   /* Key Container = */
    CL_PROVIDER,        /* Provider = */
    CL_DNS_NAME,        /* DNS Name= (inside Subject Alternative Name) */
    CL_SHA1_PROP,       /* CERT_SHA1_HASH_PROP_ID(3): value on the next line */
    CL_ARCHIVED_PROP,   /* CERT_ARCHIVED_PROP_ID(19): */
    CL_VERBOSE_MARK,    /* "X509 Certificate:", "Certificate Extensions:": this is the -v form */
};

/* Whole lines (no value), matched without trailing '.'/blanks. */
enum certutil_message_id {
    CM_IGNORE = 0,      /* "Non-root Certificate", "Encryption test passed", ... */
    CM_NO_KEY_INFO,     /* No key provider information */
    CM_MISSING_KEYSET,  /* Missing stored keyset */
    CM_CANNOT_FIND_KEY, /* Cannot find the certificate and private key (for decryption) */
    CM_ARCHIVED,        /* Archived! */
    CM_SAN_HEADER,      /* Subject Alternative Name (verbose extension name) */
    CM_TEMPLATE_NAME_EXT, /* Certificate Template Name (verbose v1 template extension; name on next line) */
    CM_BANNER_CERT,     /* the word in "================ Certificate 0 ================" */
    CM_BANNER_OTHER,    /* "CRL", "CTL": blocks that are not certificates */
};

extern const struct label_table *const certutil_label_tables[];
extern const size_t certutil_label_table_count;
extern const struct label_table *const certutil_message_tables[];
extern const size_t certutil_message_table_count;

/* Frees the parser's compiled patterns and label indexes (at exit; keeps valgrind quiet).
 * Declared here until certutil.h carries it. */

#endif
