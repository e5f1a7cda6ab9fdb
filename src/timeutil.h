/* Calendar arithmetic in UTC without the C library's time zone (timegm is not portable). */
#ifndef CERTREBIND_TIMEUTIL_H
#define CERTREBIND_TIMEUTIL_H

#include <time.h>

/* Seconds since 1970-01-01T00:00:00Z for a proleptic Gregorian UTC date and time. */
time_t utc_from_civil(int year, int month, int day, int hour, int minute, int second);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with NUL). */
void format_iso8601(time_t t, char out[21]);
/* Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS][Z]". Returns 0 or -1. */
int parse_iso8601(const char *s, time_t *out);

#endif
