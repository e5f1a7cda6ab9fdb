/* The data the parsers produce and the planner consumes. Data only: no behaviour here. */
#ifndef CERTREBIND_MODEL_H
#define CERTREBIND_MODEL_H

#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "diag.h"
#include "netsh_fields.h"

/* ---------- netsh http show sslcert ---------- */

enum binding_kind { BINDING_IPPORT, BINDING_HOSTNAMEPORT, BINDING_CCS, BINDING_SCOPEDCCS };

/* A value of a known field: raw is the text as printed (NULL when the field was not printed
 * at all, e.g. an older Windows), value is what the add-sslcert parameter takes
 * ("enable"/"disable", a number, a string; NULL where netsh printed "(null)"). */
struct field_value {
    const char *raw;
    const char *value;
    int line;
};

/* A field the label tables do not know: kept verbatim, never dropped. */
struct extra_field {
    const char *label;
    const char *value;
    int line;
};

/* One "Extended Properties:" block: PropertyId plus its (label, value) pairs. */
struct ext_property_block {
    const char *property_id; /* as printed, NULL when missing */
    struct ext_property {
        const char *param; /* sslpropertyex parameter (receivewindow, ...) or NULL if unknown */
        const char *label; /* as printed */
        const char *value;
    } *items;
    size_t count;
};

struct binding {
    enum binding_kind kind;
    const char *socket;   /* the key exactly as printed: "0.0.0.0:443", "[::]:443", "www.x.com:443", "443" */
    const char *host;     /* "0.0.0.0", "::" (no brackets), "www.x.com"; NULL for ccs */
    int port;             /* -1 when it could not be read */
    int host_is_ipv6;
    const char *certhash; /* 40 lowercase hex, or NULL (ccs bindings have none; "redacted" etc.) */
    const char *appid;    /* as printed, with braces */
    const char *store;    /* as printed; NULL where netsh printed "(null)" or nothing */
    struct field_value fields[NETSH_FIELD_COUNT]; /* indexed by enum netsh_field */
    struct extra_field *extra;
    size_t extra_count;
    struct ext_property_block *ext;
    size_t ext_count;
    int line;     /* line of the socket key */
    int end_line; /* last line of the record */
    int key_valid;  /* the socket key could be read (host/port split out) */
    int incomplete; /* fields are missing or unreadable: never rebind it, settings would be lost */
};

struct binding_list {
    struct binding *items;
    size_t count, cap;
    const char *language; /* language of the labels seen ("en", "de", ...), NULL if none */
    int header_seen;      /* the "SSL Certificate bindings:" header was found */
    int truncated;        /* output ended in the middle of a record */
    struct arena arena;   /* owns every string above that is not in text_buf */
    char *text_buf;       /* the decoded output, when the parse worked in place */
};

/* ---------- certutil -store ---------- */

enum tristate { TRI_UNKNOWN = -1, TRI_FALSE = 0, TRI_TRUE = 1 };

struct cert {
    int index;                 /* "================ Certificate N ================", -1 if none */
    const char *store;         /* store name it was read from (e.g. "My"), NULL if unknown */
    const char *serial;        /* as printed, spaces removed, lowercase */
    const char *issuer;
    const char *subject;
    const char *subject_cn;    /* CN= of subject, NULL if none */
    const char *not_before_text, *not_after_text; /* as printed */
    time_t not_before, not_after; /* UTC; valid only when *_known */
    int not_before_known, not_after_known;
    const char *sha1;          /* 40 lowercase hex, NULL when it could not be read */
    const char *template_name;
    const char *key_container;
    const char *provider;
    enum tristate has_private_key;
    int archived;
    const char **dns_names;    /* SAN DNS names (verbose output), may be empty */
    size_t dns_count;
    const char *san_other;     /* the first Subject Alternative Name entry that is not a DNS name
                                * ("IP Address=198.51.100.7"), as printed; NULL when none */
    size_t san_other_count;    /* how many such entries */
    int line;                  /* first line of the block */
    int dns_names_known;       /* 1 when the block is the verbose (-v) form, which shows the SAN
                                * extension: an empty dns_names then really means "no SAN" */
};

struct cert_list {
    struct cert *items;
    size_t count, cap;
    const char *store;
    const char *language;
    const char *date_assumption; /* non-NULL when ambiguous dates were read by an assumption */
    int complete;                /* certutil's completion line was seen (output not cut short) */
    int verbose;                 /* the output is the -v form (SANs shown) */
    struct arena arena;
};

/* ---------- appcmd list site ---------- */

struct site_binding {
    const char *protocol;   /* lower-cased: "http", "https", "net.tcp", ... */
    const char *info;       /* binding information as printed after "proto/" */
    const char *ip;         /* "*" / "" / address (IPv6 without brackets); NULL for non-HTTP */
    int port;               /* -1 for non-HTTP */
    const char *host;       /* host header, "" when none; NULL for non-HTTP */
    int ssl_flags;          /* IIS sslFlags (1 SNI, 2 CCS, 4.. see README); -1 unknown: `list site`
                             * does not show it, `list site /config` does (appcmd_config_merge) */
};

struct site {
    const char *name;
    long id;
    const char *state;
    struct site_binding *bindings;
    size_t binding_count;
    int line;
};

struct site_list {
    struct site *items;
    size_t count, cap;
    int incomplete; /* appcmd printed an error instead of (some) sites */
    struct arena arena;
};

#endif
