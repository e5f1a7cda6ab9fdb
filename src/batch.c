#include "batch.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"

/* How cmd.exe reads a batch line, in the order that matters here:
 *  1. percent expansion, blind to quotes: %% gives %, %NAME% and %~... are replaced (a bad %~ is
 *     a fatal error that stops the script, its :rollback included). So % is always doubled.
 *  2. outside quotes, ^ escapes the next character and & | < > ( ) start operators, redirections
 *     and blocks; a " toggles quoting and cannot be escaped inside quotes. So text outside quotes
 *     gets ^ before each of them, and an argument with a " cannot be carried at all.
 *  5. delayed expansion of !NAME! runs only when it is on: BATCH_PROLOGUE turns it off before any
 *     line this module writes, so ! needs nothing.
 * An external program then gets the rest of the line as its command line and its C runtime splits
 * it: quotes group, and backslashes are literal except before a quote (doubled before our
 * closing quote).
 *
 * Non-ASCII text is refused in arguments (and shown as \u00fc in rem/echo) rather than carried
 * with `chcp 65001`: cmd.exe decodes each line in the code page current when it reads it, so the
 * switch would happen mid-file, and older cmd.exe versions misparse batch lines read under 65001;
 * the original code page can only be read back from chcp's localized output, and a script
 * stopped by Ctrl+C or a fatal error leaves the admin's console switched.
 * Worse, in the DBCS code pages (932, 936, 949, 950) a UTF-8 byte can pair with the ASCII byte
 * after it (an escaping ^) into one character, un-escaping what follows. `certrebind apply` passes
 * arguments to netsh as UTF-16 and has none of these problems, so the refusal says to use it. */

/* Characters an argument may have and still go unquoted: none is special to cmd.exe, to the C
 * runtime's splitting or to wildcard expansion (setargv). */
static int arg_char_plain(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("-_.:/\\{}[]=+@#$~',", c));
}

static int text_char_special(char c) { return c && strchr("^&|<>()\"", c) != NULL; }

const char *batch_arg_refusal(const char *arg)
{
    for (const unsigned char *c = (const unsigned char *)arg; *c; c++) {
        if (*c == '"')
            return "a double quote (\"), which cmd.exe cannot carry inside a quoted argument";
        if (*c < 0x20 || *c == 0x7f)
            return "a control character, which would end or split the batch line";
        if (*c >= 0x80)
            return "non-ASCII characters, which cmd.exe would read in the console's code page and pass "
                   "to the tool changed (run the change with certrebind itself: certrebind apply, or "
                   "bind/unbind without --format cmd, which pass them unchanged)";
    }
    if (strlen(arg) > BATCH_MAX_ARG)
        return "a value too long for a batch line";
    return NULL;
}

/* Where the quoted part of an argument starts: after a parameter name and its `=` (or `/name:`,
 * appcmd's style), so the script reads like the tool's documentation; else at the start. */
static size_t quote_start(const char *arg)
{
    size_t i = arg[0] == '/';
    while ((arg[i] >= 'a' && arg[i] <= 'z') || (arg[i] >= 'A' && arg[i] <= 'Z') || (arg[i] >= '0' && arg[i] <= '9') ||
           arg[i] == '.' || arg[i] == '_' || arg[i] == '-')
        i++;
    int named = i > (size_t)(arg[0] == '/');
    return named && (arg[i] == '=' || (arg[0] == '/' && arg[i] == ':')) ? i + 1 : 0;
}

static void add_arg(struct strbuf *out, const char *arg)
{
    int quote = *arg == '\0';
    for (const char *c = arg; *c; c++)
        quote |= !arg_char_plain((unsigned char)*c);
    size_t start = quote ? quote_start(arg) : strlen(arg);
    sb_add(out, arg, start);
    if (quote)
        sb_addc(out, '"');
    size_t backslashes = 0;
    for (const char *c = arg + start; *c; c++) {
        backslashes = *c == '\\' ? backslashes + 1 : 0;
        if (*c == '%')
            sb_addc(out, '%');
        sb_addc(out, *c);
    }
    if (quote) {
        while (backslashes--) /* the C runtime halves a run of backslashes before a quote */
            sb_addc(out, '\\');
        sb_addc(out, '"');
    }
}

int batch_command(struct strbuf *out, const char *program_var, const char *const *argv, size_t *bad,
                  const char **why)
{
    struct strbuf line;
    sb_init(&line);
    batch_var(&line, program_var, 1);
    for (size_t i = 0; argv[i]; i++) {
        const char *refusal = batch_arg_refusal(argv[i]);
        if (refusal) {
            *bad = i;
            *why = refusal;
            sb_free(&line);
            return -1;
        }
        sb_addc(&line, ' ');
        add_arg(&line, argv[i]);
    }
    if (line.len > BATCH_MAX_LINE) {
        *bad = 0;
        *why = "a command line too long for a batch line";
        sb_free(&line);
        return -1;
    }
    sb_add(out, line.data, line.len);
    sb_adds(out, "\r\n");
    sb_free(&line);
    return 0;
}

/* Decodes one UTF-8 sequence at s (n bytes left); returns its length, or 0 if it is not UTF-8. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
    size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
    if (len == 0 || len > n || s[0] >= 0xf5)
        return 0;
    *cp = s[0] & (0x7f >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (s[i] & 0x3f);
    }
    static const unsigned long min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (*cp < min_for_len[len] || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
        return 0;
    return len;
}

void batch_visible(struct strbuf *out, const char *text, size_t max)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text), start = out->len;
    for (size_t i = 0; i < n;) {
        char unit[16];
        unsigned long cp;
        size_t used = 1;
        if (s[i] >= 0x20 && s[i] < 0x7f) {
            unit[0] = (char)s[i];
            unit[1] = '\0';
        } else if (s[i] < 0x80) {
            snprintf(unit, sizeof unit, "\\x%02x", s[i]);
        } else if ((used = utf8_decode(s + i, n - i, &cp)) != 0) {
            snprintf(unit, sizeof unit, "\\u%04lx", cp);
        } else {
            used = 1;
            snprintf(unit, sizeof unit, "\\x%02x", s[i]);
        }
        if (out->len - start + strlen(unit) > max) {
            sb_adds(out, "...");
            return;
        }
        sb_adds(out, unit);
        i += used;
    }
}

void batch_text(struct strbuf *out, const char *text)
{
    struct strbuf shown;
    sb_init(&shown);
    batch_visible(&shown, text, BATCH_MAX_TEXT);
    for (size_t i = 0; i < shown.len; i++) {
        char c = shown.data[i];
        if (c == '%')
            sb_addc(out, '%');
        else if (text_char_special(c))
            sb_addc(out, '^');
        sb_addc(out, c);
    }
    sb_free(&shown);
}

static void text_line(struct strbuf *out, const char *command, const char *fmt, va_list ap)
{
    struct strbuf text;
    sb_init(&text);
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n > 0) {
        sb_reserve(&text, (size_t)n);
        vsnprintf(text.data, (size_t)n + 1, fmt, ap);
        text.len = (size_t)n;
    }
    const char *t = text.data ? text.data : "";
    /* echo reads a first word on/off or /? itself: the writers' messages start with a word */
    if (!strcmp(command, "echo") && (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') ||
                                       (*t >= '0' && *t <= '9')) || !ascii_casecmp(t, "on") || !ascii_casecmp(t, "off")))
        abort();
    sb_adds(out, command);
    sb_addc(out, ' ');
    batch_text(out, t);
    sb_adds(out, "\r\n");
    sb_free(&text);
}

void batch_rem(struct strbuf *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_line(out, "rem", fmt, ap);
    va_end(ap);
}

void batch_echo(struct strbuf *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_line(out, "echo", fmt, ap);
    va_end(ap);
}

static int name_ok(const char *name)
{
    if (!*name)
        return 0;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_'))
            return 0;
    return 1;
}

int batch_set(struct strbuf *out, const char *name, const char *value, const char **why)
{
    if (!name_ok(name)) {
        *why = "a variable name that is not letters, digits and _";
        return -1;
    }
    if ((*why = batch_arg_refusal(value)) != NULL)
        return -1;
    sb_printf(out, "set \"%s=", name);
    for (const char *c = value; *c; c++) {
        if (*c == '%')
            sb_addc(out, '%');
        sb_addc(out, *c);
    }
    sb_adds(out, "\"\r\n");
    return 0;
}

void batch_var(struct strbuf *out, const char *name, int quoted)
{
    if (!name_ok(name))
        abort(); /* a programming error: names are constants of the writers */
    sb_printf(out, quoted ? "\"%%%s%%\"" : "%%%s%%", name);
}
