/* Classification of `netsh http add|update|delete sslcert` results (see netsh_result.h).
 *
 * Everything that recognises a message is a row of a table below; a new language or message
 * is a new row. Patterns run in byte mode over UTF-8 (so invalid UTF-8 cannot make a match
 * fail), case-insensitively, one output line at a time (PCRE2_MULTILINE, CR/LF/CRLF).
 *
 * Sources of the localized rows: the Win32 message texts are the standard Windows
 * translations (German "Eine Datei kann nicht erstellt werden, wenn sie bereits vorhanden
 * ist.", French "Impossible de créer un fichier déjà existant.", ... as they appear in
 * [WinError N] messages and the localized system-error-code docs). The localized form of
 * netsh's own "SSL Certificate add failed, Error: N" line was not found in public text; the
 * word table holds the Windows translations of "Error" (Fehler, Erreur, ...), with optional
 * blanks and a no-break space before the colon because French Windows resources put a space
 * there (netsh fr: "La commande suivante est introuvable : dhcp."), and a language-neutral
 * fallback reads "<word> : <digits>" at the end of any line that names SSL.
 */
#include "netsh_result.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "pattern.h"

/* ---------------------------------------------------------------- data */

/* "Error" as printed before ": <code>" by netsh in each display language, as an alternation. */
#define ERROR_WORDS \
    "Error" /* en, es */ \
    "|" "Fehler" /* de */ \
    "|" "Erreur" /* fr */ \
    "|" "Errore" /* it */ \
    "|" "Erro" /* pt */ \
    "|" "Fout" /* nl */ \
    "|" "Fel" /* sv */ \
    "|" "Feil" /* nb */ \
    "|" "Fejl" /* da */ \
    "|" "Virhe" /* fi */ \
    "|" "Hiba" /* hu */ \
    "|" "Chyba" /* cs, sk */ \
    "|" "B\xC5\x82\xC4\x85\x64" /* pl: Błąd */ \
    "|" "Hata" /* tr */ \
    "|" "\xD0\x9E\xD1\x88\xD0\xB8\xD0\xB1\xD0\xBA\xD0\xB0" /* ru: Ошибка */ \
    "|" "\xE3\x82\xA8\xE3\x83\xA9\xE3\x83\xBC" /* ja: エラー */ \
    "|" "\xE9\x94\x99\xE8\xAF\xAF" /* zh-CN: 错误 */ \
    "|" "\xE9\x8C\xAF\xE8\xAA\xA4" /* zh-TW: 錯誤 */ \
    "|" "\xEC\x98\xA4\xEB\xA5\x98" /* ko: 오류 */

/* Blanks, including U+00A0 and U+202F (French puts one before ':'); the colon may be full-width. */
#define SP "(?:[ \\t]|\\xC2\\xA0|\\xE2\\x80\\xAF)*"
#define COLON "(?::|\\xEF\\xBC\\x9A)"

enum row_kind {
    ROW_CODE,    /* group 1 is the Win32 code; the outcome follows from the code */
    ROW_MESSAGE, /* a Win32 message text: outcome and code are fixed */
    ROW_COMMAND, /* netsh's own message (command not found, usage, success) */
};

struct msg_row {
    enum row_kind kind;
    const char *pattern;
    enum netsh_outcome outcome;
    int code;
    int needs_ssl; /* the matched line must also contain "SSL" */
};

/* Rows in priority order: the first row that matches anywhere in the output decides. */
static const struct msg_row rows[] = {
    /* 0: "SSL Certificate add failed, Error: 183" in any language of ERROR_WORDS */
    {ROW_CODE, "(?<![A-Za-z])(?:" ERROR_WORDS ")" SP COLON SP "([0-9]{1,10})(?![0-9])", NETSH_OTHER, -1, 0},

    /* Win32 messages, for output that lost the code line. */
    {ROW_MESSAGE, "Cannot create a file when that file already exists", NETSH_EXISTS, 183, 0},
    {ROW_MESSAGE, "Eine Datei kann nicht erstellt werden, wenn sie bereits vorhanden ist", NETSH_EXISTS, 183, 0},
    {ROW_MESSAGE, "Impossible de cr\xC3\xA9" "er un fichier d\xC3\xA9j\xC3\xA0 existant", NETSH_EXISTS, 183, 0},
    {ROW_MESSAGE, "A specified logon session does not exist", NETSH_NO_KEY_OR_STORE, 1312, 0},
    {ROW_MESSAGE, "Eine angegebene Anmeldesitzung ist nicht vorhanden", NETSH_NO_KEY_OR_STORE, 1312, 0},
    {ROW_MESSAGE, "Une session ouverte sp\xC3\xA9" "cifi\xC3\xA9" "e n(?:'|\xE2\x80\x99)existe pas",
     NETSH_NO_KEY_OR_STORE, 1312, 0},
    {ROW_MESSAGE, "The requested operation requires elevation", NETSH_ELEVATION, 740, 0},
    {ROW_MESSAGE, "Der angeforderte Vorgang erfordert erh\xC3\xB6hte Rechte", NETSH_ELEVATION, 740, 0},
    {ROW_MESSAGE, "L(?:'|\xE2\x80\x99)op\xC3\xA9ration demand\xC3\xA9" "e n\xC3\xA9" "cessite une \xC3\xA9l\xC3\xA9vation",
     NETSH_ELEVATION, 740, 0},
    {ROW_MESSAGE, "Access is denied", NETSH_ELEVATION, 5, 0},
    {ROW_MESSAGE, "Zugriff verweigert", NETSH_ELEVATION, 5, 0},
    {ROW_MESSAGE, "Acc\xC3\xA8s refus\xC3\xA9", NETSH_ELEVATION, 5, 0},
    {ROW_MESSAGE, "The system cannot find the file specified", NETSH_NOT_FOUND, 2, 0},
    {ROW_MESSAGE, "Das System kann die angegebene Datei nicht finden", NETSH_NOT_FOUND, 2, 0},
    {ROW_MESSAGE, "Le fichier sp\xC3\xA9" "cifi\xC3\xA9 est introuvable", NETSH_NOT_FOUND, 2, 0},
    {ROW_MESSAGE, "The parameter is incorrect", NETSH_BAD_PARAMETER, 87, 0},
    {ROW_MESSAGE, "Falscher Parameter", NETSH_BAD_PARAMETER, 87, 0},
    {ROW_MESSAGE, "Param\xC3\xA8tre incorrect", NETSH_BAD_PARAMETER, 87, 0},

    /* Language-neutral: "... SSL ... <word> : <digits>" at the end of a line (the line must
     * also name SSL; checked in code). Not preceded by '.', '=' or a digit, so an echoed
     * "hostnameport=www.example.com:443" is not read as an error. */
    {ROW_CODE, "(?:^|(?<=[\\s,]))(?:[A-Za-z]|[\\x80-\\xFF])+" SP COLON SP "([0-9]{1,10})[ \\t`]*$", NETSH_OTHER, -1,
     1},

    /* netsh itself: no `update` command (Windows Server 2012 R2 and older). */
    {ROW_COMMAND, "The following command was not found" SP COLON SP "(?:netsh\\s+)?http\\s+update\\b",
     NETSH_NO_UPDATE_COMMAND, -1, 0},
    {ROW_COMMAND, "Der folgende Befehl wurde nicht gefunden" SP COLON SP "(?:netsh\\s+)?http\\s+update\\b",
     NETSH_NO_UPDATE_COMMAND, -1, 0},
    {ROW_COMMAND, "La commande suivante est introuvable" SP COLON SP "(?:netsh\\s+)?http\\s+update\\b",
     NETSH_NO_UPDATE_COMMAND, -1, 0},
    {ROW_COMMAND, "The following command was not found", NETSH_USAGE, -1, 0},
    {ROW_COMMAND, "Der folgende Befehl wurde nicht gefunden", NETSH_USAGE, -1, 0},
    {ROW_COMMAND, "La commande suivante est introuvable", NETSH_USAGE, -1, 0},
    {ROW_COMMAND, "One or more essential parameters were not entered", NETSH_USAGE, -1, 0},
    {ROW_COMMAND, "The syntax supplied for this command is not valid", NETSH_USAGE, -1, 0},
    {ROW_COMMAND, "^\\s*Usage" SP COLON SP "(?:add|update|delete|show)\\s+sslcert\\b", NETSH_USAGE, -1, 0},
    /* the usage text in any language: its optional parameters print as "[name=" (not localized) */
    {ROW_COMMAND, "\\[[a-z0-9]+=", NETSH_USAGE, -1, 0},

    /* Success. */
    {ROW_COMMAND, "SSL Certificate successfully (?:added|updated|deleted)", NETSH_OK, 0, 0},
};

enum { ROW_COUNT = sizeof rows / sizeof rows[0] };

/* Win32 code -> outcome. */
static const struct {
    int code;
    enum netsh_outcome outcome;
} code_map[] = {
    {5, NETSH_ELEVATION},          /* ERROR_ACCESS_DENIED: not elevated */
    {740, NETSH_ELEVATION},        /* ERROR_ELEVATION_REQUIRED */
    {1312, NETSH_NO_KEY_OR_STORE}, /* ERROR_NO_SUCH_LOGON_SESSION: no cert/private key in that store */
    {183, NETSH_EXISTS},           /* ERROR_ALREADY_EXISTS */
    {2, NETSH_NOT_FOUND},          /* ERROR_FILE_NOT_FOUND: no such binding */
    {1168, NETSH_NOT_FOUND},       /* ERROR_NOT_FOUND */
    {87, NETSH_BAD_PARAMETER},     /* ERROR_INVALID_PARAMETER */
};

static const char *const advice[] = {
    [NETSH_OK] = "Nothing to do: netsh reported success.",
    [NETSH_ELEVATION] = "Run certrebind from an elevated prompt (Run as administrator): changing HTTP.sys SSL "
                        "bindings needs local Administrator rights.",
    [NETSH_NO_KEY_OR_STORE] = "The certificate is not in the store named by certstorename, or its private key is "
                              "missing: check `certutil -store My <hash>` shows 'Encryption test passed'; a "
                              "certificate in WebHosting needs certstorename=WebHosting.",
    [NETSH_EXISTS] = "A binding for this socket already exists: update it (or delete it first), and re-read "
                     "`netsh http show sslcert` in case another tool changed it in the meantime.",
    [NETSH_NOT_FOUND] = "The binding to update or delete does not exist (or the store was not found): re-read "
                        "`netsh http show sslcert`, another tool may have removed it, and check certstorename.",
    [NETSH_BAD_PARAMETER] = "netsh rejected a parameter: the hash must be 40 hex digits without spaces or "
                            "invisible characters, the appid a {GUID} (quoted in PowerShell), and the ip:port "
                            "or host:port valid.",
    [NETSH_NO_UPDATE_COMMAND] = "This Windows has no `netsh http update sslcert` (Windows Server 2012 R2 and "
                                "older): the binding must be changed by delete + add, with a backup to roll "
                                "back to.",
    [NETSH_USAGE] = "netsh did not accept the command syntax (a required parameter such as appid missing or "
                    "malformed): if certrebind built this command, please report it with the command line.",
    [NETSH_OTHER] = "netsh failed with an unexpected error: read its message, run `netsh http show sslcert` to "
                    "see the current state, and restore the bindings from the backup if needed.",
};

static const char *const outcome_names[] = {
    [NETSH_OK] = "ok",
    [NETSH_ELEVATION] = "elevation",
    [NETSH_NO_KEY_OR_STORE] = "no-key-or-store",
    [NETSH_EXISTS] = "exists",
    [NETSH_NOT_FOUND] = "not-found",
    [NETSH_BAD_PARAMETER] = "bad-parameter",
    [NETSH_NO_UPDATE_COMMAND] = "no-update-command",
    [NETSH_USAGE] = "usage",
    [NETSH_OTHER] = "other",
};

/* ---------------------------------------------------------------- patterns */

static const char *row_sources[ROW_COUNT]; /* rows[i].pattern, for the pattern set */
static struct pattern_set row_patterns = {.owner = "netsh result", .sources = row_sources, .count = ROW_COUNT,
                                          .options = PCRE2_CASELESS | PCRE2_MULTILINE,
                                          .newline = PCRE2_NEWLINE_ANYCRLF, .match_limit = 1000000};

static pcre2_code *const *row_code(void)
{
    for (size_t i = 0; i < ROW_COUNT; i++)
        row_sources[i] = rows[i].pattern;
    return pattern_set_get(&row_patterns);
}

/* ---------------------------------------------------------------- helpers */

static int is_eol(char c) { return c == '\r' || c == '\n'; }
static int is_blank(char c) { return c == ' ' || c == '\t'; }

static size_t line_start(const char *s, size_t pos)
{
    while (pos > 0 && !is_eol(s[pos - 1]))
        pos--;
    return pos;
}

static size_t line_end(const char *s, size_t len, size_t pos)
{
    while (pos < len && !is_eol(s[pos]))
        pos++;
    return pos;
}

/* Start of the next line that has something other than blanks, or len. */
static size_t next_nonblank_line(const char *s, size_t len, size_t eol)
{
    size_t p = eol;
    while (p < len) {
        while (p < len && is_eol(s[p]))
            p++;
        size_t e = line_end(s, len, p), q = p;
        while (q < e && is_blank(s[q]))
            q++;
        if (q < e)
            return p;
        p = e;
    }
    return len;
}

/* Copy of s[a, b) with blanks, backticks and quotes trimmed at both ends; NULL when empty. */
static char *trimmed_copy(const char *s, size_t a, size_t b)
{
    while (a < b && (is_blank(s[a]) || s[a] == '`'))
        a++;
    while (b > a && (is_blank(s[b - 1]) || s[b - 1] == '`'))
        b--;
    return b > a ? xstrndup(s + a, b - a) : NULL;
}

/* Case-insensitive search of "SSL" in s[a, b); returns its offset or b. */
static size_t find_ssl(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i + 3 <= b; i++)
        if ((s[i] == 'S' || s[i] == 's') && (s[i + 1] == 'S' || s[i + 1] == 's') &&
            (s[i + 2] == 'L' || s[i + 2] == 'l'))
            return i;
    return b;
}

/* Runs row r over s[0, len) from offset start. Returns 1 with ov[0..3] set on a match. */
static int run_row(size_t r, const char *s, size_t len, size_t start, pcre2_match_data *md, PCRE2_SIZE **ov)
{
    int rc = pcre2_match(row_code()[r], (PCRE2_SPTR)s, len, start, 0, md, pattern_set_context(&row_patterns));
    if (rc <= 0)
        return 0;
    *ov = pcre2_get_ovector_pointer(md);
    return 1;
}

static int parse_code(const char *s, size_t a, size_t b)
{
    long long v = 0; /* long is 32 bits on Windows */
    for (size_t i = a; i < b; i++) {
        v = v * 10 + (s[i] - '0');
        if (v > 0x7FFFFFFF)
            return -1;
    }
    return (int)v;
}

static enum netsh_outcome outcome_for_code(int code)
{
    for (size_t i = 0; i < sizeof code_map / sizeof code_map[0]; i++)
        if (code_map[i].code == code)
            return code_map[i].outcome;
    return NETSH_OTHER;
}

/* The Win32 message printed on the line after "Error: N": a known message row (from where it
 * starts, dropping prefixes such as timestamps), else the next line minus the prefix it shares
 * with the code line. NULL when there is none. */
static char *message_after(const char *s, size_t len, size_t code_line_start, size_t code_match_start,
                           size_t code_eol, pcre2_match_data *md)
{
    size_t nl = next_nonblank_line(s, len, code_eol);
    if (nl >= len)
        return NULL;
    size_t ne = line_end(s, len, nl);
    for (size_t r = 0; r < ROW_COUNT; r++) {
        if (rows[r].kind != ROW_MESSAGE)
            continue;
        PCRE2_SIZE *ov;
        if (run_row(r, s + nl, ne - nl, 0, md, &ov))
            return trimmed_copy(s, nl + ov[0], ne);
    }
    /* strip the prefix shared with the code line ("2022-01-03T11:33:19Z ", "#     ") */
    size_t p = 0, prefix = code_match_start - code_line_start;
    while (p < prefix && nl + p < ne && s[nl + p] == s[code_line_start + p])
        p++;
    return trimmed_copy(s, nl + p, ne);
}

/* ---------------------------------------------------------------- classification */

void netsh_classify_info(const char *output_utf8, int exit_code, struct netsh_result_info *info)
{
    info->outcome = NETSH_OTHER;
    info->error_code = -1;
    info->message_line = NULL;
    info->by_exit_code = 0;
    const char *s = output_utf8 ? output_utf8 : "";
    size_t len = strlen(s);

    pcre2_match_data *md = NULL;
    if (len > 0) {
        row_code();
        md = pattern_set_match_data(&row_patterns);
    }
    for (size_t r = 0; md && r < ROW_COUNT; r++) {
        size_t start = 0;
        PCRE2_SIZE *ov;
        while (start < len && run_row(r, s, len, start, md, &ov)) {
            size_t m0 = ov[0], m1 = ov[1];
            size_t ls = line_start(s, m0), le = line_end(s, len, m0);
            if (rows[r].needs_ssl && find_ssl(s, ls, m0) >= m0) {
                start = le; /* a "word: digits" line that does not name SSL: not netsh's error line */
                continue;
            }
            int code = rows[r].code;
            enum netsh_outcome outcome = rows[r].outcome;
            char *msg = NULL;
            if (rows[r].kind == ROW_CODE) {
                code = parse_code(s, ov[2], ov[3]);
                outcome = outcome_for_code(code);
                size_t from = find_ssl(s, ls, m0);
                if (from >= m0)
                    from = m0;
                msg = message_after(s, len, ls, from, le, md);
                if (!msg)
                    msg = trimmed_copy(s, from, le);
            } else {
                msg = trimmed_copy(s, m0, le > m1 ? le : m1);
            }
            info->outcome = outcome;
            info->error_code = code;
            info->message_line = msg;
            pcre2_match_data_free(md);
            return;
        }
    }
    pcre2_match_data_free(md);

    /* Nothing recognised: the exit code decides. */
    info->by_exit_code = 1;
    if (exit_code == 0) {
        info->outcome = NETSH_OK;
        info->error_code = 0;
        return;
    }
    /* keep the last non-blank line as the message */
    size_t e = len;
    while (e > 0 && !info->message_line) {
        size_t ls = line_start(s, e);
        info->message_line = trimmed_copy(s, ls, e);
        e = ls;
        while (e > 0 && is_eol(s[e - 1]))
            e--;
    }
}

enum netsh_outcome netsh_classify(const char *output_utf8, int exit_code, int *error_code_out)
{
    struct netsh_result_info info;
    netsh_classify_info(output_utf8, exit_code, &info);
    if (error_code_out)
        *error_code_out = info.error_code;
    netsh_result_info_free(&info);
    return info.outcome;
}

/* 1 when s has exactly one non-blank line and it names SSL: netsh's success line in a language
 * the table has no row for. */
static int lone_ssl_line(const char *s)
{
    size_t len = strlen(s), lines = 0, ssl = 0;
    for (size_t p = next_nonblank_line(s, len, 0); p < len; p = next_nonblank_line(s, len, line_end(s, len, p))) {
        size_t e = line_end(s, len, p);
        lines++;
        ssl += find_ssl(s, p, e) < e;
    }
    return lines == 1 && ssl == 1;
}

enum netsh_outcome netsh_judge_change(const char *output_utf8, int exit_code, int *error_code_out)
{
    struct netsh_result_info info;
    netsh_classify_info(output_utf8, exit_code, &info);
    enum netsh_outcome oc = info.outcome;
    if (oc == NETSH_OK && info.by_exit_code && !lone_ssl_line(output_utf8 ? output_utf8 : "")) {
        oc = NETSH_OTHER; /* exit 0 without the success line: nothing says the change happened */
        info.error_code = -1;
    }
    if (error_code_out)
        *error_code_out = info.error_code;
    netsh_result_info_free(&info);
    return oc;
}

void netsh_result_info_free(struct netsh_result_info *info)
{
    if (!info)
        return;
    free((void *)info->message_line);
    info->message_line = NULL;
}

const char *netsh_outcome_name(enum netsh_outcome o)
{
    if ((unsigned)o < sizeof outcome_names / sizeof outcome_names[0] && outcome_names[o])
        return outcome_names[o];
    return "other";
}

const char *netsh_outcome_advice(enum netsh_outcome o)
{
    if ((unsigned)o < sizeof advice / sizeof advice[0] && advice[o])
        return advice[o];
    return advice[NETSH_OTHER];
}
