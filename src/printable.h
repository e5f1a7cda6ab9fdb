/* Text for a terminal: what certrebind prints comes partly from tool output (host names, labels,
 * values, messages), which hostile input can fill with escape sequences that recolour, rewrite or
 * hide lines, set the window title or worse. Every report and diagnostic printer writes through
 * these, so such characters are shown, never obeyed. */
#ifndef CERTREBIND_PRINTABLE_H
#define CERTREBIND_PRINTABLE_H

#include <stddef.h>
#include <stdio.h>

#include "compat.h"

/* Writes len bytes of s with C0 controls but newline and tab (ESC, CR, BEL, backspace...), DEL,
 * C1 controls (U+0080-U+009F), the bidirectional overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069) and bytes that are not UTF-8 written as visible escapes: \x1b, \u202e, \xff. */
void fput_printable_n(const char *s, size_t len, FILE *f);
void fput_printable(const char *s, FILE *f);
/* fprintf, then the result through fput_printable_n. Returns what fprintf would, or -1. */
int fprintf_printable(FILE *f, const char *fmt, ...) CERTREBIND_PRINTF(2, 3);
/* s as one line of a log: what fput_printable escapes, and newline and tab too (\x0a, \x09), so a
 * record never spans lines. Caller frees. */
char *printable_one_line(const char *s);

#endif
