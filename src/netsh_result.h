/* What a `netsh http add|update|delete sslcert` run did, read from its output and exit code.
 *
 * netsh prints one of:
 *   SSL Certificate successfully added|updated|deleted
 *   SSL Certificate add|update|delete failed, Error: <N>     + the Win32 message on the next line
 *   The following command was not found: http update sslcert ...   (no `update` before Server 2016)
 *   One or more essential parameters were not entered. ... Usage: add sslcert ...
 * and exits 0 on success, 1 on these failures. The text decides; the exit code is the fallback
 * when the text says nothing recognisable (other languages, empty or cut-off output).
 *
 * The "Error: <N>" line is read in any language: the word before the colon comes from a table
 * (Error, Fehler, Erreur, ...; French puts a space or a no-break space before the colon), and
 * as a last resort any "<word> : <digits>" at the end of a line that names SSL. The Win32
 * message line is recognised in English, German and French when the code line is missing
 * (e.g. a log cut after the message). All message patterns are rows of one table in
 * netsh_result.c, compiled once with PCRE2.
 */
#ifndef CERTREBIND_NETSH_RESULT_H
#define CERTREBIND_NETSH_RESULT_H

enum netsh_outcome {
    NETSH_OK,
    NETSH_ELEVATION,         /* Error 5 (access denied) / 740: not run as administrator */
    NETSH_NO_KEY_OR_STORE,   /* Error 1312: cert not in the named store, or no usable private key */
    NETSH_EXISTS,            /* Error 183: the binding exists (add instead of update) */
    NETSH_NOT_FOUND,         /* Error 2: no such binding (update/delete), or no such store/cert */
    NETSH_BAD_PARAMETER,     /* Error 87: malformed hash, appid, address or option */
    NETSH_NO_UPDATE_COMMAND, /* "The following command was not found: http update sslcert" */
    NETSH_USAGE,             /* syntax error: netsh printed its usage text */
    NETSH_OTHER              /* another error code, or a failure exit with unrecognised text */
};

struct netsh_result_info {
    enum netsh_outcome outcome;
    int error_code;           /* Win32 code printed (or implied by the message); 0 on success; -1 unknown */
    const char *message_line; /* the most telling output line, trimmed (heap; netsh_result_info_free) or NULL */
    int by_exit_code;         /* nothing in the text was recognised: the exit code decided */
};

/* Classifies netsh output (UTF-8, any line ends; NULL is treated as empty). *error_code_out
 * (when not NULL) receives the error code as in struct netsh_result_info. */
enum netsh_outcome netsh_classify(const char *output_utf8, int exit_code, int *error_code_out);

/* Same, filling info (message_line is a copy of the line that decided, or the Win32 message
 * line following "Error: N" when present). Free with netsh_result_info_free. */
void netsh_classify_info(const char *output_utf8, int exit_code, struct netsh_result_info *info);
void netsh_result_info_free(struct netsh_result_info *info);

/* How certrebind judges an add/update/delete it ran: by text and exit code together. An exit 0
 * counts as success only with netsh's success line: the English one, or, in a language without a
 * row, a lone line naming SSL (netsh prints nothing else on success). Anything else after exit 0
 * fails: its usage text (recognised in any language by its `[name=` parameter list, which is not
 * localized: Windows Server 2019 exits 0 with it for an unknown parameter and creates nothing),
 * empty output, or other text. */
enum netsh_outcome netsh_judge_change(const char *output_utf8, int exit_code, int *error_code_out);

/* Short stable name: "ok", "elevation", "no-key-or-store", "exists", "not-found",
 * "bad-parameter", "no-update-command", "usage", "other". */
const char *netsh_outcome_name(enum netsh_outcome o);

/* One admin-facing sentence: what to do about it. Never NULL. */
const char *netsh_outcome_advice(enum netsh_outcome o);

#endif
