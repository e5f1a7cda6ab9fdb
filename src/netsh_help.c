#include "netsh_help.h"

#include <stdio.h>
#include <string.h>

#include "netsh_fields.h"
#include "pattern.h"

/* "[name=": a bracket, a parameter name, '='. The value syntax after it varies ("<string>",
 * "enable|disable", "[filepath]"), so it is not part of the pattern. */
static const char PARAM_PATTERN[] = "\\[[ \\t]*([A-Za-z0-9]+)=";

int netsh_help_parse(const char *text, size_t len, struct netsh_help *out)
{
    memset(out, 0, sizeof *out);
    /* compiled per call: help is read once per run, and nothing then outlives the call */
    pcre2_code *re = pattern_compile("netsh help", PARAM_PATTERN, 0);
    pcre2_match_data *md = pattern_match_data(re);
    PCRE2_SIZE at = 0;
    while (at < len && pcre2_match(re, (PCRE2_SPTR)text, len, at, 0, md, NULL) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        char name[48];
        size_t nl = ov[3] - ov[2];
        if (nl < sizeof name) {
            memcpy(name, text + ov[2], nl);
            name[nl] = '\0';
            int f = netsh_field_by_param(name);
            if (f >= 0)
                out->listed |= 1UL << f;
        }
        out->names++;
        at = ov[1];
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return out->names ? 0 : -1;
}

/* Required parameters, printed without brackets and known to every netsh with `add sslcert`. */
static int always_accepted(int f)
{
    return f == NF_IPPORT || f == NF_HOSTNAMEPORT || f == NF_CCS || f == NF_APPID;
}

const char *netsh_help_first_unknown(const struct netsh_help *h, const char *const *argv, char *name,
                                     size_t name_size)
{
    for (size_t i = 3; argv[0] && argv[1] && argv[2] && argv[i]; i++) {
        const char *eq = strchr(argv[i], '=');
        size_t nl = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
        snprintf(name, name_size, "%.*s", (int)nl, argv[i]);
        int f = netsh_field_by_param(name);
        if (f >= 0 && (always_accepted(f) || (h->listed & (1UL << f))))
            continue;
        return name;
    }
    return NULL;
}
