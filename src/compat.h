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

#endif
