/* See cmdline_model.h. Every rule here is a rule of cmd.exe or of the C runtime, written down
 * independently of src/batch.c: the model must not share the writer's assumptions. */
#include "cmdline_model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "strbuf.h"

#define CMD_MAX_LINE 8191 /* longest line cmd.exe reads */

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        abort();
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static char *dup(const char *s) { return dupn(s, strlen(s)); }

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

static int casecmp(const char *a, const char *b)
{
    for (; *a && lower((unsigned char)*a) == lower((unsigned char)*b); a++, b++)
        ;
    return lower((unsigned char)*a) - lower((unsigned char)*b);
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* ------------------------------------------------------------------ variables */

void cmdm_init(struct cmdm_state *st, const char *script_path)
{
    memset(st, 0, sizeof *st);
    st->delayed_expansion = 1;
    st->script_path = script_path;
    cmdm_set_var(st, "SystemRoot", "C:\\Windows");
}

void cmdm_free(struct cmdm_state *st)
{
    for (size_t i = 0; i < st->var_count; i++) {
        free(st->vars[i].name);
        free(st->vars[i].value);
    }
    st->var_count = 0;
}

const char *cmdm_get_var(const struct cmdm_state *st, const char *name)
{
    for (size_t i = 0; i < st->var_count; i++)
        if (!casecmp(st->vars[i].name, name))
            return st->vars[i].value;
    return NULL;
}

int cmdm_set_var(struct cmdm_state *st, const char *name, const char *value)
{
    for (size_t i = 0; i < st->var_count; i++)
        if (!casecmp(st->vars[i].name, name)) {
            free(st->vars[i].value);
            st->vars[i].value = dup(value);
            return 0;
        }
    if (st->var_count == CMDM_MAX_VARS)
        return -1;
    st->vars[st->var_count].name = dup(name);
    st->vars[st->var_count].value = dup(value);
    st->var_count++;
    return 0;
}

/* ------------------------------------------------------------------ phase 1: percent */

/* %~dpn0: drive, path and name of the script, without its extension. */
static void add_dpn0(struct strbuf *out, const char *path)
{
    const char *slash = strrchr(path, '\\');
    const char *dot = strrchr(path, '.');
    size_t n = dot && (!slash || dot > slash) ? (size_t)(dot - path) : strlen(path);
    sb_add(out, path, n);
}

static int phase_percent(const struct cmdm_state *st, const char *line, size_t len, struct strbuf *out, char *err,
                         size_t errlen)
{
    for (size_t i = 0; i < len; i++) {
        if (line[i] != '%') {
            sb_addc(out, line[i]);
            continue;
        }
        if (i + 1 < len && line[i + 1] == '%') {
            sb_addc(out, '%');
            i++;
        } else if (i + 1 < len && line[i + 1] == '0') {
            sb_adds(out, st->script_path);
            i++;
        } else if (i + 1 < len && ((line[i + 1] >= '1' && line[i + 1] <= '9') || line[i + 1] == '*')) {
            return fail(err, errlen, "batch argument %%%c expands to what the caller passed", line[i + 1]);
        } else if (i + 1 < len && line[i + 1] == '~') {
            if (len - i >= 6 && !memcmp(line + i, "%~dpn0", 6)) {
                add_dpn0(out, st->script_path);
                i += 5;
            } else {
                return fail(err, errlen, "%%~ modifier (a bad one is a fatal batch error that ends the script)");
            }
        } else {
            const char *close = memchr(line + i + 1, '%', len - i - 1);
            if (!close)
                return fail(err, errlen, "lone %% (cmd.exe drops it)");
            char *name = dupn(line + i + 1, (size_t)(close - line - i - 1));
            const char *value = strchr(name, ':') ? NULL : cmdm_get_var(st, name);
            if (!value) {
                int r = fail(err, errlen, "%%%s%% is not a variable the script set (cmd.exe expands it to "
                             "nothing or to the caller's value)", name);
                free(name);
                return r;
            }
            free(name);
            sb_adds(out, value);
            i = (size_t)(close - line);
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ phase 2: special characters */

/* One command's characters after phase 2; esc marks characters that came escaped (^x). */
struct chars {
    struct strbuf text;
    struct strbuf esc;
    struct strbuf redirects;
    size_t redirect_count;
};

static void chars_add(struct chars *c, char ch, int escaped)
{
    sb_addc(&c->text, ch);
    sb_addc(&c->esc, escaped ? '1' : '0');
}

static void chars_free(struct chars *c)
{
    sb_free(&c->text);
    sb_free(&c->esc);
    sb_free(&c->redirects);
}

static int is_delim(char c) { return c == ' ' || c == '\t' || c == ',' || c == ';' || c == '=' || c == '\v' || c == '\f'; }

/* A redirection starting at line[*i] (< or >): recorded, removed from the command. */
static int redirection(const char *line, size_t len, size_t *i, struct chars *c, char *err, size_t errlen)
{
    char handle = line[*i] == '<' ? '0' : '1';
    size_t tl = c->text.len;
    if (tl && c->text.data[tl - 1] >= '0' && c->text.data[tl - 1] <= '9' && c->esc.data[tl - 1] == '0' &&
        (tl == 1 || is_delim(c->text.data[tl - 2]))) {
        handle = c->text.data[tl - 1];
        c->text.data[--c->text.len] = '\0';
        c->esc.data[--c->esc.len] = '\0';
    }
    struct strbuf *r = &c->redirects;
    if (r->len)
        sb_addc(r, ' ');
    sb_addc(r, handle);
    sb_addc(r, line[*i]);
    if (line[*i] == '>' && *i + 1 < len && line[*i + 1] == '>')
        sb_addc(r, line[++*i]);
    (*i)++;
    c->redirect_count++;
    if (*i + 1 < len && line[*i] == '&' && line[*i + 1] >= '0' && line[*i + 1] <= '9') {
        sb_addc(r, '&');
        sb_addc(r, line[*i + 1]);
        *i += 2;
        return 0;
    }
    while (*i < len && (line[*i] == ' ' || line[*i] == '\t'))
        (*i)++;
    size_t start = r->len;
    int quoted = 0;
    for (; *i < len; (*i)++) {
        char ch = line[*i];
        if (ch == '"')
            quoted = !quoted;
        else if (!quoted && (ch == ' ' || ch == '\t' || strchr("&|<>()^", ch)))
            break;
        sb_addc(r, ch);
    }
    if (r->len == start || quoted)
        return fail(err, errlen, "redirection without a plain target");
    return 0;
}

/* Splits the expanded line into commands at & && | ||, removing escapes and redirections. */
static int phase_special(const char *line, size_t len, struct chars *cmds, size_t *count, char *err, size_t errlen)
{
    int quoted = 0;
    *count = 1;
    for (size_t i = 0; i < len;) {
        struct chars *c = &cmds[*count - 1];
        char ch = line[i];
        if (quoted) {
            chars_add(c, ch, 0);
            quoted = ch != '"';
            i++;
        } else if (ch == '"') {
            chars_add(c, ch, 0);
            quoted = 1;
            i++;
        } else if (ch == '^') {
            if (i + 1 == len)
                return fail(err, errlen, "caret at the end of the line joins the next line to it");
            chars_add(c, line[i + 1], 1);
            i += 2;
        } else if (ch == '&' || ch == '|') {
            i += i + 1 < len && line[i + 1] == ch ? 2 : 1;
            if (*count == CMDM_MAX_COMMANDS)
                return fail(err, errlen, "too many commands on one line");
            (*count)++;
        } else if (ch == '<' || ch == '>') {
            if (redirection(line, len, &i, c, err, errlen) != 0)
                return -1;
        } else if (ch == '(' || ch == ')') {
            return fail(err, errlen, "unescaped parenthesis (a block, or the end of one)");
        } else {
            chars_add(c, ch, 0);
            i++;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ the C runtime's split */

void cmdm_argv_free(char **argv)
{
    if (!argv)
        return;
    for (char **a = argv; *a; a++)
        free(*a);
    free(argv);
}

char **cmdm_split_args(const char *s, size_t *argc, const char **error)
{
    size_t cap = 8, n = 0;
    char **argv = malloc(cap * sizeof *argv);
    if (!argv)
        abort();
    for (;;) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        struct strbuf arg;
        sb_init(&arg);
        sb_add(&arg, "", 0);
        int quoted = 0;
        while (*s && (quoted || (*s != ' ' && *s != '\t'))) {
            size_t bs = 0;
            while (s[bs] == '\\')
                bs++;
            if (s[bs] == '"') {
                for (size_t k = 0; k < bs / 2; k++)
                    sb_addc(&arg, '\\');
                s += bs;
                if (bs % 2) {
                    sb_addc(&arg, '"');
                } else if (quoted && s[1] == '"') {
                    *error = "\"\" inside quotes (msvcrt versions and CommandLineToArgvW differ)";
                    sb_free(&arg);
                    argv[n] = NULL;
                    cmdm_argv_free(argv);
                    return NULL;
                } else {
                    quoted = !quoted;
                }
                s++;
            } else if (bs) {
                sb_add(&arg, s, bs);
                s += bs;
            } else {
                sb_addc(&arg, *s++);
            }
        }
        if (quoted) {
            *error = "unclosed quote";
            sb_free(&arg);
            argv[n] = NULL;
            cmdm_argv_free(argv);
            return NULL;
        }
        if (n + 2 > cap) {
            cap *= 2;
            argv = realloc(argv, cap * sizeof *argv);
            if (!argv)
                abort();
        }
        argv[n++] = sb_detach(&arg, NULL);
    }
    argv[n] = NULL;
    *argc = n;
    return argv;
}

/* ------------------------------------------------------------------ commands */

static int classify(struct cmdm_state *st, const char *t, const char *esc, size_t n, int conditional,
                    struct cmdm_line *out, const char *redirects, size_t redirect_count);

static const char *const unmodelled_internal[] = {
    "call", "for", "start", "cd", "chdir", "pushd", "popd", "copy", "del", "erase", "move", "ren", "rename",
    "type", "md", "mkdir", "rd", "rmdir", "path", "prompt", "title", "color", "cls", "pause", "shift", "ver",
    "vol", "verify", "date", "time", "dir", "mklink", "assoc", "ftype", "break", "endlocal", NULL};

static struct cmdm_command *new_command(struct cmdm_line *out, enum cmdm_kind kind, const char *token, const char *tail,
                                        size_t tail_len, int conditional)
{
    if (out->count == CMDM_MAX_COMMANDS)
        return NULL;
    struct cmdm_command *c = &out->cmds[out->count++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->token = dup(token);
    c->tail = dupn(tail, tail_len);
    c->conditional = conditional;
    return c;
}

static int classify_set(struct cmdm_state *st, struct cmdm_command *c, struct cmdm_line *out)
{
    const char *s = c->tail;
    while (*s == ' ' || *s == '\t')
        s++;
    const char *end = s + strlen(s);
    if (*s == '"') {
        const char *last = strrchr(s, '"');
        for (const char *p = last + 1; p < end; p++)
            if (*p != ' ')
                return fail(out->error, sizeof out->error, "text after the closing quote of set");
        s++;
        end = last;
    } else if (strchr(s, '"')) {
        return fail(out->error, sizeof out->error, "set with a quote inside its value");
    }
    const char *eq = memchr(s, '=', (size_t)(end - s));
    if (!eq || eq == s || *s == '/')
        return fail(out->error, sizeof out->error, "set that is not NAME=VALUE");
    c->set_name = dupn(s, (size_t)(eq - s));
    c->set_value = dupn(eq + 1, (size_t)(end - eq - 1));
    for (const char *p = c->set_name; *p; p++)
        if (*p == ' ' || *p == '"')
            return fail(out->error, sizeof out->error, "set name with a space or quote");
    if (cmdm_set_var(st, c->set_name, c->set_value) != 0)
        return fail(out->error, sizeof out->error, "too many variables");
    return 0;
}

/* IF [/I] [NOT] (ERRORLEVEL N | A==B | A op B) COMMAND: the condition, then COMMAND classified. */
static int classify_if(struct cmdm_state *st, const char *t, const char *esc, size_t n, struct cmdm_line *out,
                       const char *redirects, size_t redirect_count)
{
    size_t i = 0;
    for (size_t k = 0; k < n; k++)
        if (esc[k] == '1')
            return fail(out->error, sizeof out->error, "escaped character in an if line");
#define SKIP_SPACES() while (i < n && (t[i] == ' ' || t[i] == '\t')) i++
#define WORD_IS(w) (n - i > strlen(w) && !strncmp(t + i, w, strlen(w)) && t[i + strlen(w)] == ' ')
    SKIP_SPACES();
    if (WORD_IS("/i") || WORD_IS("/I"))
        i += 3;
    SKIP_SPACES();
    if (WORD_IS("not"))
        i += 4;
    SKIP_SPACES();
    if (WORD_IS("errorlevel")) {
        i += 11;
        SKIP_SPACES();
        size_t d = i;
        while (i < n && t[i] >= '0' && t[i] <= '9')
            i++;
        if (i == d)
            return fail(out->error, sizeof out->error, "if errorlevel without a number");
    } else {
        /* first operand, up to an unquoted space or == */
        int quoted = 0;
        size_t a = i;
        while (i < n && (quoted || (t[i] != ' ' && !(t[i] == '=' && i + 1 < n && t[i + 1] == '=')))) {
            if (t[i] == '"')
                quoted = !quoted;
            i++;
        }
        if (i == a || quoted)
            return fail(out->error, sizeof out->error, "if without a first operand");
        SKIP_SPACES();
        if (i + 1 < n && t[i] == '=' && t[i + 1] == '=') {
            i += 2;
        } else {
            static const char *const ops[] = {"EQU", "NEQ", "LSS", "LEQ", "GTR", "GEQ", NULL};
            size_t k = 0;
            while (ops[k] && !WORD_IS(ops[k]))
                k++;
            if (!ops[k])
                return fail(out->error, sizeof out->error, "if with a condition the model does not know");
            i += 4;
        }
        SKIP_SPACES();
        size_t b = i;
        quoted = 0;
        while (i < n && (quoted || t[i] != ' ')) {
            if (t[i] == '"')
                quoted = !quoted;
            i++;
        }
        if (i == b || quoted)
            return fail(out->error, sizeof out->error, "if without a second operand");
    }
    SKIP_SPACES();
#undef SKIP_SPACES
#undef WORD_IS
    if (i == n)
        return fail(out->error, sizeof out->error, "if without a command");
    return classify(st, t + i, esc + i, n - i, 1, out, redirects, redirect_count);
}

static int classify(struct cmdm_state *st, const char *t, const char *esc, size_t n, int conditional,
                    struct cmdm_line *out, const char *redirects, size_t redirect_count)
{
    size_t i = 0;
    while (i < n && ((esc[i] == '0' && is_delim(t[i])) || t[i] == '@'))
        i++;
    if (i == n) {
        if (redirect_count)
            return fail(out->error, sizeof out->error, "redirection without a command");
        return 0; /* an empty command runs nothing */
    }
    size_t start = i;
    int quoted = 0;
    struct strbuf token;
    sb_init(&token);
    sb_add(&token, "", 0);
    for (; i < n && (quoted || esc[i] == '1' || !is_delim(t[i])); i++) {
        if (t[i] == '"' && esc[i] == '0')
            quoted = !quoted;
        else
            sb_addc(&token, t[i]);
    }
    if (quoted) {
        sb_free(&token);
        return fail(out->error, sizeof out->error, "unclosed quote in the command token");
    }
    (void)start;
    static const char *const internal[] = {"rem", "echo", "set", "if", "goto", "exit", "setlocal"};
    static const enum cmdm_kind kinds[] = {CMDM_REM, CMDM_ECHO, CMDM_SET, CMDM_IF, CMDM_GOTO, CMDM_EXIT, CMDM_SETLOCAL};
    enum cmdm_kind kind = CMDM_PROGRAM;
    for (size_t k = 0; k < sizeof internal / sizeof internal[0]; k++) {
        size_t l = strlen(internal[k]);
        if (!casecmp(token.data, internal[k]))
            kind = kinds[k];
        else if (!strncmp(token.data, internal[k], l) && token.data[l] && strchr("./\\(+[]:", token.data[l])) {
            sb_free(&token);
            return fail(out->error, sizeof out->error, "command token %s glued to a punctuation mark", internal[k]);
        }
    }
    for (size_t k = 0; unmodelled_internal[k]; k++)
        if (!casecmp(token.data, unmodelled_internal[k])) {
            int r = fail(out->error, sizeof out->error, "internal command %s is not modelled", token.data);
            sb_free(&token);
            return r;
        }
    if (kind == CMDM_IF) {
        sb_free(&token);
        if (!new_command(out, CMDM_IF, "if", t + i, n - i, conditional))
            return fail(out->error, sizeof out->error, "too many commands");
        return classify_if(st, t + i, esc + i, n - i, out, redirects, redirect_count);
    }
    struct cmdm_command *c = new_command(out, kind, token.data, t + i, n - i, conditional);
    sb_free(&token);
    if (!c)
        return fail(out->error, sizeof out->error, "too many commands");
    c->redirections = redirect_count;
    c->redirect_text = dup(redirects);
    switch (kind) {
    case CMDM_ECHO: {
        const char *text = c->tail[0] ? c->tail + 1 : "";
        /* ECHO alone reports the state, ECHO ON / ECHO OFF (any case, blanks around) set it */
        char *word = dup(text);
        char *w = word;
        while (*w == ' ' || *w == '\t')
            w++;
        size_t l = strlen(w);
        while (l && (w[l - 1] == ' ' || w[l - 1] == '\t'))
            w[--l] = '\0';
        int state = !*w || !casecmp(w, "on") || !casecmp(w, "off");
        int help = !strncmp(w, "/?", 2);
        free(word);
        if (help)
            return fail(out->error, sizeof out->error, "echo /? prints help");
        c->echo_text = state ? NULL : dup(text);
        return 0;
    }
    case CMDM_SET:
        return classify_set(st, c, out);
    case CMDM_SETLOCAL: {
        char *words = dup(c->tail);
        for (char *w = strtok(words, " \t"); w; w = strtok(NULL, " \t")) {
            if (!casecmp(w, "EnableDelayedExpansion"))
                st->delayed_expansion = 1;
            else if (!casecmp(w, "DisableDelayedExpansion"))
                st->delayed_expansion = 0;
            else if (casecmp(w, "EnableExtensions")) {
                free(words);
                return fail(out->error, sizeof out->error, "setlocal option the model does not know");
            }
        }
        free(words);
        return 0;
    }
    case CMDM_PROGRAM: {
        const char *why = NULL;
        c->argv = cmdm_split_args(c->tail, &c->argc, &why);
        if (!c->argv)
            return fail(out->error, sizeof out->error, "%s", why);
        return 0;
    }
    default:
        return 0;
    }
}

void cmdm_line_free(struct cmdm_line *l)
{
    for (size_t i = 0; i < l->count; i++) {
        struct cmdm_command *c = &l->cmds[i];
        free(c->token);
        free(c->tail);
        free(c->redirect_text);
        free(c->echo_text);
        cmdm_argv_free(c->argv);
        free(c->set_name);
        free(c->set_value);
    }
    free(l->label_name);
    memset(l, 0, sizeof *l);
}

int cmdm_parse_line(struct cmdm_state *st, const char *line, size_t len, struct cmdm_line *out)
{
    memset(out, 0, sizeof *out);
    struct strbuf raw;
    sb_init(&raw);
    sb_add(&raw, "", 0);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)line[i];
        if (c == '\r')
            continue; /* phase 1.5 drops CR; done first as no expansion here yields one */
        if (c < 0x20 || c > 0x7e) {
            sb_free(&raw);
            return fail(out->error, sizeof out->error, "byte 0x%02X is not printable ASCII (%s)", c,
                        c == 0x1a ? "Ctrl-Z ends the line" : c == '\n' ? "LF ends the line"
                        : c >= 0x80 ? "read in the console's code page" : "a control character");
        }
        sb_addc(&raw, (char)c);
    }
    if (raw.len > CMD_MAX_LINE) {
        sb_free(&raw);
        return fail(out->error, sizeof out->error, "line longer than cmd.exe reads");
    }
    /* a label: ':' first (after delimiters), and nothing else the model would have to guess about */
    size_t k = 0;
    while (k < raw.len && is_delim(raw.data[k]))
        k++;
    if (k < raw.len && raw.data[k] == ':') {
        size_t e = k + 1;
        while (e < raw.len && (raw.data[e] == '_' || (raw.data[e] >= '0' && raw.data[e] <= '9') ||
                               (lower(raw.data[e]) >= 'a' && lower(raw.data[e]) <= 'z')))
            e++;
        int r = 0;
        if (e == k + 1 || e != raw.len)
            r = fail(out->error, sizeof out->error, "label line with more than a plain name");
        out->label = 1;
        out->label_name = dupn(raw.data + k + 1, e - k - 1);
        sb_free(&raw);
        return r;
    }
    struct strbuf expanded;
    sb_init(&expanded);
    sb_add(&expanded, "", 0);
    int rc = phase_percent(st, raw.data, raw.len, &expanded, out->error, sizeof out->error);
    sb_free(&raw);
    if (rc == 0 && expanded.len > CMD_MAX_LINE)
        rc = fail(out->error, sizeof out->error, "expanded line longer than cmd.exe reads");
    if (rc == 0 && st->delayed_expansion && memchr(expanded.data, '!', expanded.len))
        rc = fail(out->error, sizeof out->error, "! while delayed expansion may be on");
    struct chars cmds[CMDM_MAX_COMMANDS];
    memset(cmds, 0, sizeof cmds);
    size_t count = 0;
    if (rc == 0)
        rc = phase_special(expanded.data, expanded.len, cmds, &count, out->error, sizeof out->error);
    for (size_t i = 0; rc == 0 && i < count; i++) {
        sb_add(&cmds[i].text, "", 0);
        sb_add(&cmds[i].esc, "", 0);
        sb_add(&cmds[i].redirects, "", 0);
        rc = classify(st, cmds[i].text.data, cmds[i].esc.data, cmds[i].text.len, 0, out, cmds[i].redirects.data,
                      cmds[i].redirect_count);
    }
    for (size_t i = 0; i < CMDM_MAX_COMMANDS; i++)
        chars_free(&cmds[i]);
    sb_free(&expanded);
    return rc;
}

/* ------------------------------------------------------------------ whole scripts */

static int argv_equal(char *const *got, size_t argc, const char *const *want)
{
    size_t n = 0;
    while (want[n])
        n++;
    if (n != argc)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(got[i], want[i]))
            return 0;
    return 1;
}

static int argv_is(const struct cmdm_command *c, const char *a, const char *b, const char *d)
{
    const char *want[] = {a, b, d, NULL};
    return argv_equal(c->argv, c->argc, want);
}

struct script_check {
    struct cmdm_state st;
    const struct cmdm_expect *e;
    size_t next;         /* next expected netsh argv */
    struct strbuf labels, gotos;
};

/* The reads a script may run besides the plan, alone or into the saved-bindings file:
 * netsh http show sslcert, appcmd list site [/config]. */
static int read_only(const struct script_check *sc, const struct cmdm_command *c)
{
    const char *netsh = cmdm_get_var(&sc->st, "NETSH"), *appcmd = cmdm_get_var(&sc->st, "APPCMD");
    if (netsh && !casecmp(c->token, netsh))
        return argv_is(c, "http", "show", "sslcert");
    if (appcmd && !casecmp(c->token, appcmd))
        return argv_is(c, "list", "site", NULL) || argv_is(c, "list", "site", "/config");
    return 0;
}

static int check_command(struct script_check *sc, const struct cmdm_command *c, size_t lineno, char *why,
                         size_t whylen)
{
    char net[64];
    snprintf(net, sizeof net, "%s\\System32\\net.exe", cmdm_get_var(&sc->st, "SystemRoot"));
    if (c->kind == CMDM_ECHO && !c->echo_text && lineno != 1)
        return fail(why, whylen, "echo that switches or reports the echo state");
    if (c->kind == CMDM_GOTO) {
        const char *l = c->tail;
        while (*l == ' ')
            l++;
        sb_adds(&sc->gotos, *l == ':' ? l + 1 : l);
        sb_addc(&sc->gotos, '\n');
    }
    if (c->kind != CMDM_PROGRAM)
        return c->redirections ? fail(why, whylen, "redirection on %s", c->token) : 0;
    if (!casecmp(c->token, net) && argv_is(c, "session", NULL, NULL))
        return !strcmp(c->redirect_text, "1>nul 2>&1") ? 0 : fail(why, whylen, "net session redirected elsewhere");
    if (read_only(sc, c)) {
        const char *backup = cmdm_get_var(&sc->st, "BACKUP");
        char to[1024], append[1024];
        snprintf(to, sizeof to, "1>\"%s\"", backup ? backup : "");
        snprintf(append, sizeof append, "1>>\"%s\"", backup ? backup : "");
        if (!c->redirections || (backup && (!strcmp(c->redirect_text, to) || !strcmp(c->redirect_text, append))))
            return 0;
        return fail(why, whylen, "%s redirected to %s", c->token, c->redirect_text);
    }
    if (sc->next == sc->e->count)
        return fail(why, whylen, "runs %s beyond the planned commands", c->token);
    const char *var = sc->e->programs ? sc->e->programs[sc->next] : "NETSH";
    const char *program = cmdm_get_var(&sc->st, var);
    if (!program || casecmp(c->token, program))
        return fail(why, whylen, "runs %s where %%%s%% was planned", c->token, var);
    if (c->redirections)
        return fail(why, whylen, "%s redirected", c->token);
    if (!argv_equal(c->argv, c->argc, sc->e->argvs[sc->next])) {
        struct strbuf got;
        sb_init(&got);
        for (size_t i = 0; i < c->argc; i++)
            sb_printf(&got, "[%s]", c->argv[i]);
        int r = fail(why, whylen, "planned command %zu gets %s", sc->next + 1, got.data ? got.data : "nothing");
        sb_free(&got);
        return r;
    }
    sc->next++;
    return 0;
}

static int check_lines(struct script_check *sc, const char *script, size_t len, char *why, size_t whylen)
{
    size_t lineno = 0;
    for (size_t pos = 0; pos < len;) {
        lineno++;
        const char *lf = memchr(script + pos, '\n', len - pos);
        if (!lf)
            return fail(why, whylen, "line %zu: no line end", lineno);
        size_t end = (size_t)(lf - script);
        if (end == pos || script[end - 1] != '\r')
            return fail(why, whylen, "line %zu: LF without CR", lineno);
        const char *cr = memchr(script + pos, '\r', end - 1 - pos);
        if (cr)
            return fail(why, whylen, "line %zu: CR inside the line", lineno);
        struct cmdm_line l;
        int rc = cmdm_parse_line(&sc->st, script + pos, end - 1 - pos, &l);
        if (rc != 0)
            fail(why, whylen, "line %zu: %s", lineno, l.error);
        if (rc == 0 && l.label) {
            sb_adds(&sc->labels, l.label_name);
            sb_addc(&sc->labels, '\n');
        }
        for (size_t i = 0; rc == 0 && i < l.count; i++) {
            char inner[200];
            if (l.count > 1 + (l.cmds[0].kind == CMDM_IF))
                rc = fail(why, whylen, "line %zu: %zu commands on one line", lineno, l.count);
            else if (check_command(sc, &l.cmds[i], lineno, inner, sizeof inner) != 0)
                rc = fail(why, whylen, "line %zu: %s", lineno, inner);
        }
        cmdm_line_free(&l);
        if (rc != 0)
            return -1;
        pos = end + 1;
    }
    return 0;
}

int cmdm_check_script(const char *script, size_t len, const struct cmdm_expect *e, char *why, size_t whylen)
{
    struct script_check sc;
    memset(&sc, 0, sizeof sc);
    cmdm_init(&sc.st, e->script_path);
    sc.e = e;
    sb_init(&sc.labels);
    sb_init(&sc.gotos);
    sb_adds(&sc.labels, "\n");
    sb_adds(&sc.gotos, "");
    int rc = check_lines(&sc, script, len, why, whylen);
    if (rc == 0 && sc.next != e->count)
        rc = fail(why, whylen, "%zu command(s) planned, %zu in the script", e->count, sc.next);
    for (char *g = sc.gotos.data; rc == 0 && g && *g;) {
        char *nl = strchr(g, '\n');
        *nl = '\0';
        char want[300];
        snprintf(want, sizeof want, "\n%s\n", g);
        if (!strstr(sc.labels.data, want))
            rc = fail(why, whylen, "goto :%s has no label", g);
        g = nl + 1;
    }
    sb_free(&sc.labels);
    sb_free(&sc.gotos);
    cmdm_free(&sc.st);
    return rc;
}

/* ------------------------------------------------------------------ the property for one value */

/* What the writer may refuse an argument for; computed here, not asked of batch.c. */
static int refusable(const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c == '"' || *c < 0x20 || *c >= 0x7f)
            return 1;
    return strlen(s) > BATCH_MAX_ARG;
}

static int printable_ascii(const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c >= 0x7f)
            return 0;
    return 1;
}

static char *concat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *r = malloc(la + lb + 1);
    if (!r)
        abort();
    memcpy(r, a, la);
    memcpy(r + la, b, lb + 1);
    return r;
}

static int check_argv(const char *s, char *why, size_t whylen)
{
    char *host = concat("hostnameport=", s), *slash = concat("/site.name:", s), *trailing = concat(s, "\\");
    const char *argv[] = {"http", "add", "sslcert", host, s, slash, trailing, NULL};
    int refuse = refusable(s) || strlen(host) + strlen(s) + strlen(slash) + strlen(trailing) > BATCH_MAX_LINE / 3;
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, BATCH_PROLOGUE "set \"NETSH=%SystemRoot%\\System32\\netsh.exe\"\r\n");
    size_t bad;
    const char *reason;
    int rc = 0;
    if (batch_command(&sb, "NETSH", argv, &bad, &reason) != 0) {
        if (!refuse)
            rc = fail(why, whylen, "argument refused without cause (%s)", reason);
    } else if (refusable(s)) {
        rc = fail(why, whylen, "argument with a quote, control or non-ASCII character accepted");
    } else {
        const char *const *argvs[] = {argv};
        struct cmdm_expect e = {"C:\\Users\\admin\\R&D 100%!\\renew.cmd", argvs, 1, NULL};
        char inner[300];
        if (cmdm_check_script(sb.data, sb.len, &e, inner, sizeof inner) != 0)
            rc = fail(why, whylen, "as an argument: %s", inner);
    }
    sb_free(&sb);
    free(host);
    free(slash);
    free(trailing);
    return rc;
}

/* Runs the script's lines through the model; *last gets the last line's parse. */
static int run_lines(const char *script, struct cmdm_state *st, struct cmdm_line *last, char *why, size_t whylen)
{
    memset(last, 0, sizeof *last);
    for (const char *p = script; *p;) {
        const char *lf = strstr(p, "\r\n");
        if (!lf)
            return fail(why, whylen, "no CRLF");
        cmdm_line_free(last);
        if (cmdm_parse_line(st, p, (size_t)(lf - p), last) != 0)
            return fail(why, whylen, "%s", last->error);
        p = lf + 2;
    }
    return 0;
}

static int check_texts(const char *s, char *why, size_t whylen)
{
    struct strbuf sb, want;
    sb_init(&sb);
    sb_init(&want);
    struct cmdm_state st;
    cmdm_init(&st, "C:\\x.cmd");
    struct cmdm_line l;
    int rc = 0;
    char *shown = concat("Value: ", s);
    batch_visible(&want, shown, BATCH_MAX_TEXT);
    if (printable_ascii(s) && strlen(shown) <= BATCH_MAX_TEXT && strcmp(want.data, shown))
        rc = fail(why, whylen, "printable text shown changed");
    sb_adds(&sb, BATCH_PROLOGUE);
    batch_echo(&sb, "Value: %s", s);
    if (rc == 0 && run_lines(sb.data, &st, &l, why, whylen) == 0) {
        if (l.count != 1 || l.cmds[0].kind != CMDM_ECHO || l.cmds[0].redirections || !l.cmds[0].echo_text)
            rc = fail(why, whylen, "echo line runs something else");
        else if (strcmp(l.cmds[0].echo_text, want.data))
            rc = fail(why, whylen, "echo prints [%s], not [%s]", l.cmds[0].echo_text, want.data);
    } else {
        rc = -1;
    }
    cmdm_line_free(&l);
    sb.len = 0;
    sb_adds(&sb, BATCH_PROLOGUE);
    batch_rem(&sb, "Warning: %s", s);
    if (rc == 0 && run_lines(sb.data, &st, &l, why, whylen) == 0) {
        if (l.count != 1 || l.cmds[0].kind != CMDM_REM || l.cmds[0].redirections)
            rc = fail(why, whylen, "rem line runs something else");
    } else {
        rc = -1;
    }
    cmdm_line_free(&l);
    sb.len = 0;
    sb_adds(&sb, BATCH_PROLOGUE);
    const char *reason;
    if (rc == 0) {
        int refused = batch_set(&sb, "V", s, &reason) != 0;
        if (refused != refusable(s)) {
            rc = fail(why, whylen, refused ? "set value refused without cause" : "set value with a quote, control "
                                                                                  "or non-ASCII character accepted");
        } else if (!refused) {
            if (run_lines(sb.data, &st, &l, why, whylen) != 0) {
                rc = -1;
            } else {
                const char *v = cmdm_get_var(&st, "V");
                if (l.count != 1 || l.cmds[0].kind != CMDM_SET || !v || strcmp(v, s))
                    rc = fail(why, whylen, "set stores [%s]", v ? v : "(nothing)");
            }
            cmdm_line_free(&l);
        }
    }
    free(shown);
    cmdm_free(&st);
    sb_free(&sb);
    sb_free(&want);
    return rc;
}

int script_line_check(const char *value, size_t len, char *why, size_t whylen)
{
    char *s = dupn(value, len);
    { char *nul = memchr(s, 0, len); if (nul) *nul = 0; } /* a C string ends at its first NUL, as every argv does */
    int rc = check_argv(s, why, whylen) != 0 || check_texts(s, why, whylen) != 0;
    free(s);
    return rc;
}
