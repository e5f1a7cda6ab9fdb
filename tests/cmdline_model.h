/* A model of how cmd.exe runs a batch file, line by line, and of how the Microsoft C runtime
 * (and CommandLineToArgvW) split the command line a program receives; used to check that the
 * scripts certrebind writes run exactly the planned commands and nothing else.
 *
 * It follows the batch line parser's phases as documented by experiment (the StackOverflow
 * answer "How does the Windows Command Interpreter (CMD.EXE) parse scripts?"):
 *  0. read a line up to LF (Ctrl-Z also ends it);  1. percent expansion (%% %0 %~dpn0 %NAME%);
 *  1.5 drop CR;  2. quotes, ^ escapes, the operators & && | || < > >> N>&M, parentheses, the
 *  command token and the internal commands rem, echo, set, if, goto, exit, setlocal;
 *  5. delayed expansion (!NAME!) while it may be on;  then the C runtime's argv split.
 * The model is conservative: whatever it does not model exactly (an undefined variable, %1, a
 * label with text after it, an unescaped parenthesis, a caret at the end of a line, "" inside
 * quotes, a byte that is not printable ASCII, delayed expansion meeting a !) is an error, so a
 * line it accepts does what it says on every cmd.exe. */
#ifndef CERTREBIND_CMDLINE_MODEL_H
#define CERTREBIND_CMDLINE_MODEL_H

#include <stddef.h>

#define CMDM_MAX_VARS 32
#define CMDM_MAX_COMMANDS 8

struct cmdm_state {
    int delayed_expansion;   /* may be on: starts on (cmd /V:ON), setlocal changes it */
    const char *script_path; /* %0, e.g. C:\Users\admin\R&D\renew.cmd */
    size_t var_count;
    struct cmdm_var {
        char *name, *value;
    } vars[CMDM_MAX_VARS];
};

enum cmdm_kind { CMDM_REM, CMDM_ECHO, CMDM_SET, CMDM_IF, CMDM_GOTO, CMDM_EXIT, CMDM_SETLOCAL, CMDM_PROGRAM };

struct cmdm_command {
    enum cmdm_kind kind;
    char *token;          /* the command token, quotes removed (the program for CMDM_PROGRAM) */
    char *tail;           /* what follows the token, as the command gets it (escapes and redirections gone) */
    size_t redirections;  /* < > >> N>&M found on the command */
    char *redirect_text;  /* the redirections, space-separated, as "1>nul 2>&1" */
    char *echo_text;      /* CMDM_ECHO: what it prints (NULL: it reports or switches the echo state) */
    char **argv;          /* CMDM_PROGRAM: argv[1..] as the C runtime splits the tail; NULL-terminated */
    size_t argc;
    char *set_name, *set_value; /* CMDM_SET */
    int conditional;      /* runs only if an IF condition holds */
};

struct cmdm_line {
    int label;            /* a :label line (never runs anything) */
    char *label_name;
    size_t count;         /* commands that can run: several when & | && || split the line */
    struct cmdm_command cmds[CMDM_MAX_COMMANDS];
    char error[256];      /* why the model refuses the line, "" when it is modelled */
};

void cmdm_init(struct cmdm_state *st, const char *script_path);
void cmdm_free(struct cmdm_state *st);
int cmdm_set_var(struct cmdm_state *st, const char *name, const char *value);
const char *cmdm_get_var(const struct cmdm_state *st, const char *name);

/* Runs one line (without its LF) through the phases: fills out, applies set/setlocal to st.
 * Returns 0, or -1 with out->error. Free out with cmdm_line_free either way. */
int cmdm_parse_line(struct cmdm_state *st, const char *line, size_t len, struct cmdm_line *out);
void cmdm_line_free(struct cmdm_line *l);

/* The C runtime's split of a command line's arguments (after the program name). Returns a
 * NULL-terminated array (free with cmdm_argv_free), or NULL with *error for "" inside quotes
 * (read differently by msvcrt versions and CommandLineToArgvW) or an unclosed quote. */
char **cmdm_split_args(const char *tail, size_t *argc, const char **error);
void cmdm_argv_free(char **argv);

/* What a whole script may do: its tool lines (all but `netsh http show sslcert`) must be exactly
 * expected[0..count) in this order, each run by the program its variable names (%NETSH%,
 * %APPCMD%); besides them only rem, echo, set, if, goto, exit, setlocal, `net session` and the
 * reads `netsh http show sslcert` and `appcmd list site [/config]` run, redirections only on
 * those (net session to nul, a read to "%BACKUP%"), every goto finds its label, and every byte is
 * printable ASCII with CRLF line ends. */
struct cmdm_expect {
    const char *script_path;               /* %0 */
    const char *const *const *argvs;       /* planned argv[1..], NULL-terminated each */
    size_t count;
    const char *const *programs;           /* variable naming each line's program; NULL: all NETSH */
};
/* Returns 0 when the script does exactly that, else -1 with the line number and reason in why. */
int cmdm_check_script(const char *script, size_t len, const struct cmdm_expect *e, char *why, size_t whylen);

/* The writer's property for one value (what the fuzz harness calls): as a netsh argument (alone
 * and as hostnameport=VALUE), as echo and rem text and as a set value, the value either is
 * refused for a reason it really has (a quote, a control character, non-ASCII, length), or the
 * line it gives runs exactly that: netsh gets exactly the argv, echo prints exactly the text,
 * set stores exactly the value, and nothing else runs. Returns 0, or 1 with why. */
int script_line_check(const char *value, size_t len, char *why, size_t whylen);

#endif
