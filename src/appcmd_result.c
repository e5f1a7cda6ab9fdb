/* Classifier of appcmd `set site` results (see appcmd_result.h). A few fixed tokens are read
 * by hand: ERROR, hresult, message are appcmd's own words (not translated); the message text
 * may be, so it only refines what the exit code says. */
#include "appcmd_result.h"
#include "ascii.h"

#include <stdio.h>
#include <string.h>

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }
static int is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Case-insensitive prefix match of a word, then optional blanks and the given punctuation. */
static const char *eat(const char *s, const char *word, char punct)
{
    s = skip_blanks(s);
    size_t n = strlen(word);
    for (size_t i = 0; i < n; i++)
        if ((char)ascii_tolower((unsigned char)s[i]) != word[i])
            return NULL;
    s = skip_blanks(s + n);
    if (*s != punct)
        return NULL;
    return skip_blanks(s + 1);
}

/* Start of the ERROR block: "ERROR (" at the start of a line (after blanks), or NULL. */
static const char *find_error(const char *out)
{
    for (const char *line = out; line && *line;) {
        const char *body = eat(line, "error", '(');
        if (body)
            return body;
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    return NULL;
}

/* The line [s, e) closes the block: it ends in ")" that is alone or follows a blank. */
static int closes(const char *s, const char *e)
{
    while (e > s && is_blank(e[-1]))
        e--;
    return e > s && e[-1] == ')' && (e - 1 == s || is_blank(e[-2]));
}

/* Appends [s, e) to the message, collapsing every run of blanks (line ends too) into one space. */
static void append_collapsed(char *buf, size_t cap, const char *s, const char *e)
{
    size_t n = strlen(buf);
    for (; s < e && n + 1 < cap; s++) {
        if (is_blank(*s)) {
            if (n && buf[n - 1] != ' ')
                buf[n++] = ' ';
        } else {
            buf[n++] = *s;
        }
    }
    buf[n] = '\0';
}

/* Reads the ERROR block at body into r->hresult and r->message. */
static void read_error(const char *body, struct appcmd_result *r)
{
    if (strncmp(body, "hresult", 7) == 0 || strncmp(body, "HRESULT", 7) == 0) {
        const char *h = eat(body, "hresult", ':');
        size_t n = 0;
        while (h && n < 8 && is_hex(h[n]))
            n++;
        if (h && n == 8) {
            for (size_t i = 0; i < 8; i++)
                r->hresult[i] = (char)ascii_tolower((unsigned char)h[i]);
            r->hresult[8] = '\0';
            const char *after = skip_blanks(h + 8);
            body = *after == ',' ? skip_blanks(after + 1) : after;
        }
    }
    const char *m = eat(body, "message", ':');
    if (m)
        body = m;
    for (const char *line = body; *line;) {
        const char *end = strchr(line, '\n');
        if (!end)
            end = line + strlen(line);
        append_collapsed(r->message, sizeof r->message, line, end);
        if (closes(line, end) || !*end)
            break;
        static const char space[] = " ";
        append_collapsed(r->message, sizeof r->message, space, space + 1);
        line = end + 1;
    }
    /* drop the closing ")" and the stray space of a ". )" on its own line */
    size_t n = strlen(r->message);
    while (n && r->message[n - 1] == ' ')
        n--;
    if (n && r->message[n - 1] == ')')
        n--;
    while (n && r->message[n - 1] == ' ')
        n--;
    if (n >= 2 && r->message[n - 1] == '.' && r->message[n - 2] == ' ') {
        n -= 2; /* "…'https, *:443:h' ." -> "…'https, *:443:h'." and "denied. ." -> "denied." */
        if (!n || r->message[n - 1] != '.')
            r->message[n++] = '.';
    }
    r->message[n] = '\0';
}

static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && ascii_tolower((unsigned char)hay[i]) == ascii_tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

void appcmd_classify(const char *out, int exit_code, struct appcmd_result *r)
{
    memset(r, 0, sizeof *r);
    r->exit_code = exit_code;
    if (!out)
        out = "";
    const char *body = find_error(out);
    if (!body && exit_code == 0) {
        r->outcome = APPCMD_OK;
        const char *s = out;
        while (is_blank(*s))
            s++;
        size_t len = strcspn(s, "\r\n");
        snprintf(r->message, sizeof r->message, "%.*s", (int)(len > 400 ? 400 : len), s);
        return;
    }
    if (body)
        read_error(body, r);
    else {
        const char *s = out;
        while (is_blank(*s))
            s++;
        append_collapsed(r->message, sizeof r->message, s, s + strlen(s));
    }
    const char *h = r->hresult, *msg = r->message;
    if (exit_code == 183 || !strcmp(h, "800700b7") || contains_ci(msg, "Cannot add duplicate collection entry"))
        r->outcome = APPCMD_DUPLICATE;
    else if (exit_code == 5 || !strcmp(h, "80070005") || contains_ci(msg, "Access is denied"))
        r->outcome = APPCMD_ACCESS_DENIED;
    else if (contains_ci(msg, "Cannot find SITE object"))
        r->outcome = APPCMD_SITE_NOT_FOUND;
    else if (contains_ci(msg, "Cannot find requested collection element"))
        r->outcome = APPCMD_ELEMENT_NOT_FOUND;
    else if (exit_code == 1168 || !strcmp(h, "80070490"))
        r->outcome = APPCMD_NOT_FOUND;
    else if (exit_code == 50 || contains_ci(msg, "Must use exact identifer"))
        r->outcome = APPCMD_AMBIGUOUS;
    else
        r->outcome = APPCMD_OTHER;
}

const char *appcmd_outcome_name(enum appcmd_outcome o)
{
    switch (o) {
    case APPCMD_OK: return "ok";
    case APPCMD_DUPLICATE: return "duplicate";
    case APPCMD_SITE_NOT_FOUND: return "site-not-found";
    case APPCMD_ELEMENT_NOT_FOUND: return "element-not-found";
    case APPCMD_NOT_FOUND: return "not-found";
    case APPCMD_AMBIGUOUS: return "ambiguous";
    case APPCMD_ACCESS_DENIED: return "access-denied";
    case APPCMD_OTHER: break;
    }
    return "other";
}

const char *appcmd_outcome_advice(enum appcmd_outcome o)
{
    switch (o) {
    case APPCMD_OK: return "appcmd changed the site.";
    case APPCMD_DUPLICATE:
        return "the site already has this binding (or another site has it): compare with `appcmd list site`.";
    case APPCMD_SITE_NOT_FOUND:
        return "no IIS site has that name: check the exact name in `appcmd list site` (quotes and case matter).";
    case APPCMD_ELEMENT_NOT_FOUND: return "the site has no such binding (it was removed already?).";
    case APPCMD_NOT_FOUND: return "appcmd did not find the site or the binding (exit 1168): check `appcmd list site`.";
    case APPCMD_AMBIGUOUS: return "appcmd needs the exact site name (exit 50).";
    case APPCMD_ACCESS_DENIED: return "run certrebind from an elevated prompt (Run as administrator).";
    case APPCMD_OTHER: break;
    }
    return "appcmd failed: see its message.";
}
