/* DNS-name coverage: does a certificate name (SAN DNS entry or CN) cover a host name?
 *
 * The rules are those browsers and HTTP.sys clients apply (RFC 6125 section 6.4.3, as
 * narrowed by the CA/Browser Forum baseline requirements):
 * - comparison is ASCII case-insensitive; one trailing dot on either side is ignored
 *   ("www.example.com." == "www.example.com");
 * - a wildcard is only honoured as the whole left-most label, "*.example.com", and it
 *   covers exactly one label: "a.example.com" yes, "example.com" no, "a.b.example.com" no;
 * - "*" alone, "*.com" (a wildcard directly above a single label), partial-label wildcards
 *   ("w*.example.com", "*w.example.com", "xn--*.example.com") and wildcards in any other
 *   position ("www.*.example.com") cover nothing: browsers reject them and public CAs may
 *   not issue them, so a certificate relying on them does not serve that host in practice;
 * - internationalised names are compared in their ASCII (punycode, "xn--") form, byte for
 *   byte after ASCII case folding; callers pass A-labels (that is what certificates hold);
 * - syntactically broken names (empty, empty labels as in "a..b", blanks or control
 *   characters) cover nothing and are covered by nothing.
 * A pattern that is literally equal to the host (after the normalisation above) always
 * covers it, which also makes "*.example.com" cover the IIS wildcard host "*.example.com".
 */
#ifndef CERTREBIND_NAMES_H
#define CERTREBIND_NAMES_H

#include <stddef.h>

/* 1 when the certificate name pattern covers host, else 0 (also for NULL arguments). */
int dns_name_covers(const char *pattern, const char *host);

/* 1 when any of the n names covers host. names may be NULL when n is 0; NULL entries are skipped. */
int dns_names_cover(const char *const *names, size_t n, const char *host);

/* 1 when the new certificate covers every name the old one covered: each non-wildcard old
 * name must be covered by some new name (so an old "www.example.com" is kept by a new
 * "*.example.com"), and each old name containing '*' must appear as the same string in the
 * new list (a wildcard is only kept by the same wildcard; a new "*.example.com" does not
 * replace an old "*.a.example.com"). Otherwise returns 0 and sets *first_missing (when not
 * NULL) to the first old name that is not covered; on success *first_missing is NULL.
 * An empty old list is trivially covered; broken old names (empty, "a..b") are skipped. */
int dns_names_cover_all(const char *const *old_names, size_t n_old, const char *const *new_names, size_t n_new,
                        const char **first_missing);

#endif
