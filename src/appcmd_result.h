/* What an `appcmd set site /+bindings.[…]` or `/-bindings.[…]` run did, read from its exit code
 * and the text it printed.
 *
 * appcmd writes its errors to STDOUT (stderr stays empty) as
 *   ERROR ( message:<text> )
 *   ERROR ( hresult:<8 hex digits>, message:<text> )
 * where the message may span several lines and the closing ". )" or " )" may sit on a line of
 * its own (the duplicate-binding message ends "...'https, *:443:host'" CRLF, an empty line,
 * then ". )"). Success prints `SITE object "<name>" changed`. The exit code decides; the text
 * refines it (site vs. collection element not found) and gives the admin the message:
 *   183  ERROR_ALREADY_EXISTS   duplicate collection entry (hresult 800700b7)
 *   1168 ERROR_NOT_FOUND        "Cannot find SITE object with identifier …" or
 *                               "Cannot find requested collection element." (hresult 80070490)
 *   50   ERROR_NOT_SUPPORTED    "Must use exact identifer for … object with verb SET." (ambiguous)
 *   5    access denied          not elevated (hresult 80070005)
 * Exit 0 with an ERROR block is still a failure (never trust one signal alone). */
#ifndef CERTREBIND_APPCMD_RESULT_H
#define CERTREBIND_APPCMD_RESULT_H

#include <stddef.h>

enum appcmd_outcome {
    APPCMD_OK,
    APPCMD_DUPLICATE,         /* the binding (collection entry) exists already */
    APPCMD_SITE_NOT_FOUND,    /* no site with that name */
    APPCMD_ELEMENT_NOT_FOUND, /* the binding to remove is not there */
    APPCMD_NOT_FOUND,         /* 1168 with a message that says neither (another language) */
    APPCMD_AMBIGUOUS,         /* exit 50: the identifier is not exact */
    APPCMD_ACCESS_DENIED,     /* not elevated */
    APPCMD_OTHER              /* another failure (exit code or ERROR text) */
};

struct appcmd_result {
    enum appcmd_outcome outcome;
    int exit_code;
    char hresult[9];    /* 8 lowercase hex digits, "" when appcmd printed none */
    char message[512];  /* the ERROR message, lines joined by single spaces; or, on success, the
                         * first line printed ("SITE object \"X\" changed"); "" when nothing */
};

/* Classifies appcmd's stdout (UTF-8, any line ends; NULL is empty) and exit code. */
void appcmd_classify(const char *out, int exit_code, struct appcmd_result *r);
/* Short stable name: "ok", "duplicate", "site-not-found", "element-not-found", "not-found",
 * "ambiguous", "access-denied", "other". */
const char *appcmd_outcome_name(enum appcmd_outcome o);
/* One admin-facing sentence: what it means and what to do. Never NULL. */
const char *appcmd_outcome_advice(enum appcmd_outcome o);

#endif
