/* Writing cmd.exe batch scripts (.cmd): the one place that knows how cmd.exe reads a batch line
 * and how the Microsoft C runtime splits a command line, so that every text a script carries
 * (comments, messages, variables, any tool's arguments) reaches its reader exactly as written
 * and can never become a command, a redirection or a fatal batch error.
 *
 * A script built with these functions must start with BATCH_PROLOGUE: every rule below assumes
 * delayed expansion is off. Every line is 7-bit printable ASCII ending in CRLF. */
#ifndef CERTREBIND_BATCH_H
#define CERTREBIND_BATCH_H

#include <stddef.h>

#include "compat.h"
#include "strbuf.h"

/* The first two lines of every script: from the second line on, `!` is an ordinary character
 * whatever the caller's cmd.exe had (/V:ON, the DelayedExpansion registry value). */
#define BATCH_PROLOGUE "@echo off\r\nsetlocal EnableExtensions DisableDelayedExpansion\r\n"

/* Longest argument (before escaping) and longest command line (before variables are expanded)
 * the writer produces: cmd.exe reads at most 8191 characters a line, escaping at most doubles an
 * argument, and %NETSH% and friends add far less than the margin when expanded. A netsh line
 * with up to three arguments of BATCH_MAX_ARG characters, all escaped, still fits. */
#define BATCH_MAX_ARG 1024
#define BATCH_MAX_LINE 7000
/* Longest text one rem/echo line shows; longer text is cut with "...". */
#define BATCH_MAX_TEXT 1000

/* Why arg cannot be passed to a program from a batch script (a phrase such as "a double quote
 * (\")"), or NULL when it can. */
const char *batch_arg_refusal(const char *arg);

/* Appends a command line that runs the program named by variable program_var (`"%NETSH%"`) with
 * exactly argv (NULL-terminated; what the program's C runtime gives as argv[1..]), then CRLF.
 * Works for any tool whose arguments are split by the C runtime / CommandLineToArgvW rules.
 * Returns 0; or -1 with *bad = the index of the first refused argument and *why the reason
 * (nothing appended). */
int batch_command(struct strbuf *out, const char *program_var, const char *const *argv, size_t *bad,
                  const char **why);

/* Appends text to be read outside quotes as exactly these characters (rem, echo, labels aside):
 * cmd.exe's special characters are escaped with ^, % is doubled, and anything that is not
 * printable ASCII is shown visibly as \u00fc, \x1b (\xff for a byte that is not UTF-8), as
 * certrebind's terminal output shows them. */
void batch_text(struct strbuf *out, const char *text);
/* `rem TEXT` and `echo TEXT` lines, TEXT printf-formatted then passed through batch_text (cut at
 * BATCH_MAX_TEXT). An echo TEXT must start with a letter or digit (so that echo never reads it
 * as on, off or /?). */
void batch_rem(struct strbuf *out, const char *fmt, ...) CERTREBIND_PRINTF(2, 3);
void batch_echo(struct strbuf *out, const char *fmt, ...) CERTREBIND_PRINTF(2, 3);
/* `set "NAME=VALUE"`: NAME is letters, digits and _; VALUE follows the argument rules.
 * Returns 0, or -1 with *why (nothing appended). */
int batch_set(struct strbuf *out, const char *name, const char *value, const char **why);
/* Appends a reference to a variable the script set itself: %NAME% or, quoted, "%NAME%". */
void batch_var(struct strbuf *out, const char *name, int quoted);

/* text as a person can read it on one line: control characters and non-ASCII as \x1b, \u00fc,
 * cut at max bytes with "...". Used for the batch text above and for messages naming a value. */
void batch_visible(struct strbuf *out, const char *text, size_t max);

#endif
