/* Compiler portability: printf-style checking that matches the printf actually linked
 * (mingw's C99 printf on Windows, where plain `printf` would mean Microsoft's, without %zu). */
#ifndef CERTREBIND_COMPAT_H
#define CERTREBIND_COMPAT_H

#if defined(__MINGW32__)
#define CERTREBIND_PRINTF(fmt, args) __attribute__((format(gnu_printf, fmt, args)))
#elif defined(__GNUC__)
#define CERTREBIND_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CERTREBIND_PRINTF(fmt, args)
#endif

/* The rare path of a function run millions of times (a cache miss, a string to escape): kept out
 * of line, so the common path does not save and restore registers only the rare one needs. */
#if defined(__GNUC__)
#define CERTREBIND_COLD __attribute__((noinline, cold))
#else
#define CERTREBIND_COLD
#endif

#endif
