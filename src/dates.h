/* Time: civil UTC time <-> time_t and ISO 8601 (without timegm, which is not portable), and dates
 * as Windows tools print them (in the server's locale) -> time_t, with the evidence that decides
 * how to read an ambiguous one such as 3/4/2026. Pure functions; no locale calls. */
#ifndef CERTREBIND_DATES_H
#define CERTREBIND_DATES_H

#include <stddef.h>
#include <time.h>

/* How a year-last date such as 3/4/2026 is read. */
enum date_order { DATE_ORDER_UNKNOWN = 0, DATE_ORDER_MDY, DATE_ORDER_DMY, DATE_ORDER_YMD };

/* A date/time as printed, split into numbers; nothing decided yet about which is the month. */
struct date_scan {
    int year_first;       /* YYYY/M/D or YYYY-MM-DD */
    int year;             /* four digits (two-digit years are widened: 00-69 -> 20xx, 70-99 -> 19xx) */
    int a, b;             /* year_first: a = month, b = day. Otherwise the two numbers before the year */
    int hour, minute, second;
    int ampm;             /* -1 none (24-hour clock), 0 AM, 1 PM */
    char sep;             /* the date separator: '/', '.', '-' */
};

/* Reads "12/8/2017 8:07 PM", "19.07.2021 12:47", "2026/7/18 0:13", "2022-11-04 15:05",
 * "22/11/2013 6:20 PM", seconds optional, AM/PM markers in several languages before or after
 * the time. Returns 0, or -1 when the text does not have the shape of a date. */
int date_scan(const char *s, size_t len, struct date_scan *ds);
/* The order the numbers themselves prove (a day > 12), or DATE_ORDER_UNKNOWN when ambiguous.
 * Year-first dates are always DATE_ORDER_YMD. */
enum date_order date_scan_implied_order(const struct date_scan *ds);
/* 1 when the day and the month could be swapped (3/4/2026), 0 otherwise (including 4/4/2026). */
int date_scan_ambiguous(const struct date_scan *ds);
/* Converts with the given order (ignored for year-first dates). Times are taken as printed and
 * treated as UTC. Returns 0 and sets *t, or -1 when the date is invalid in that order. */
int date_scan_to_time(const struct date_scan *ds, enum date_order order, time_t *t);

/* The evidence for reading ambiguous year-last dates, strongest first. */
struct date_evidence {
    enum date_order explicit_order; /* --date-order, DATE_ORDER_UNKNOWN when not given */
    const char *system_pattern;     /* Windows short-date pattern ("dd.MM.yyyy"), live only */
    size_t day_first_votes;         /* unambiguous dates in the output that prove day first */
    size_t month_first_votes;       /* ... month first */
    size_t dot_dates;               /* year-last dates written with dots (19.07.2021): day first */
    const char *language;           /* language of the labels ("en", "de", ...) or NULL */
    size_t ampm_dates, h24_dates;   /* clock style seen */
};

struct date_decision {
    enum date_order order; /* DATE_ORDER_DMY or DATE_ORDER_MDY (never unknown) */
    int assumed;           /* 1 when decided by an assumption, not by proof */
    char reason[200];      /* one sentence saying what decided it */
};

/* Decides how ambiguous year-last dates are read. Always succeeds. */
void date_order_decide(const struct date_evidence *ev, struct date_decision *out);

/* "mdy", "dmy", "ymd" (case-insensitive) -> order; the --date-order parse helper.
 * Returns 0, or -1 for anything else (*out untouched). */
int date_order_parse(const char *s, enum date_order *out);
const char *date_order_name(enum date_order o); /* "mdy", "dmy", "ymd", "unknown" */
/* The order of a Windows short-date pattern ("M/d/yyyy" -> MDY, "dd.MM.yyyy" -> DMY,
 * "yyyy/M/d" -> YMD, quoted literals skipped); DATE_ORDER_UNKNOWN when it cannot tell. */
enum date_order date_order_from_windows_pattern(const char *pattern);

/* Proleptic Gregorian civil time (UTC) <-> time_t, without timegm/gmtime (portable to every
 * C library, years 1601-9999). civil_to_time does not validate; use date_valid first. */
int date_valid(int year, int month, int day, int hour, int minute, int second);
time_t civil_to_time(int year, int month, int day, int hour, int minute, int second);
void time_to_civil(time_t t, int *year, int *month, int *day, int *hour, int *minute, int *second);
/* "2026-11-23T10:15:00Z" into out (21 bytes incl. NUL); a time outside years 0-9999 gives
 * 0000-01-01T00:00:00Z or 9999-12-31T23:59:59Z. */
void format_iso8601(time_t t, char out[21]);
/* Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS][Z]" (a space may replace the T), a date that
 * exists (date_valid). Returns 0 or -1. */
int parse_iso8601(const char *s, time_t *out);

#endif
