#include "dates.h"
#include "ascii.h"

#include <stdio.h>
#include <string.h>

/* ---------- civil time ---------- */

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

int date_valid(int year, int month, int day, int hour, int minute, int second)
{
    if (year < 1601 || year > 9999 || month < 1 || month > 12 || day < 1)
        return 0;
    if (day > days_in_month(year, month))
        return 0;
    return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
static long long days_from_civil(long long y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

time_t civil_to_time(int year, int month, int day, int hour, int minute, int second)
{
    long long days = days_from_civil(year, month, day);
    return (time_t)(days * 86400 + hour * 3600LL + minute * 60LL + second);
}

void time_to_civil(time_t t, int *year, int *month, int *day, int *hour, int *minute, int *second)
{
    long long s = (long long)t;
    long long days = s / 86400, rem = s % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    /* civil_from_days */
    long long z = days + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = yoe + era * 400;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    long long d = doy - (153 * mp + 2) / 5 + 1;
    long long m = mp < 10 ? mp + 3 : mp - 9;
    *year = (int)(y + (m <= 2));
    *month = (int)m;
    *day = (int)d;
    *hour = (int)(rem / 3600);
    *minute = (int)(rem / 60 % 60);
    *second = (int)(rem % 60);
}

void format_iso8601(time_t t, char out[21])
{
    int y, mo, d, h, mi, s;
    time_to_civil(t, &y, &mo, &d, &h, &mi, &s);
    if (y < 0 || y > 9999) { /* the stamp saturates as a whole, never a year with another's month */
        memcpy(out, y < 0 ? "0000-01-01T00:00:00Z" : "9999-12-31T23:59:59Z", 21);
        return;
    }
    snprintf(out, 21, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
}

int parse_iso8601(const char *s, time_t *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
        return -1;
    const char *rest = s + n;
    if (*rest == 'T' || *rest == ' ') {
        int m2 = 0;
        if (sscanf(rest + 1, "%2d:%2d%n", &h, &mi, &m2) != 2)
            return -1;
        rest += 1 + m2;
        if (*rest == ':') {
            int m3 = 0;
            if (sscanf(rest + 1, "%2d%n", &sec, &m3) != 1)
                return -1;
            rest += 1 + m3;
        }
    }
    if (*rest == 'Z')
        rest++;
    if (*rest || !date_valid(y, mo, d, h, mi, sec)) /* 2026-02-31 is no date, not 2026-03-03 */
        return -1;
    *out = civil_to_time(y, mo, d, h, mi, sec);
    return 0;
}

/* ---------- scanning ---------- */

/* AM/PM markers, before or after the time, as Windows locales print them. Data, not branches. */
static const struct {
    const char *text;
    int pm;
} ampm_markers[] = {
    {"AM", 0},     {"PM", 1},      {"A.M.", 0},   {"P.M.", 1},   {"a. m.", 0},  {"p. m.", 1},
    {"vorm.", 0},  {"nachm.", 1},  {"\xE4\xB8\x8A\xE5\x8D\x88", 0}, /* 上午 */
    {"\xE4\xB8\x8B\xE5\x8D\x88", 1},                                /* 下午 */
    {"\xE5\x8D\x88\xE5\x89\x8D", 0},                                /* 午前 */
    {"\xE5\x8D\x88\xE5\xBE\x8C", 1},                                /* 午後 */
    {"\xEC\x98\xA4\xEC\xA0\x84", 0},                                /* 오전 */
    {"\xEC\x98\xA4\xED\x9B\x84", 1},                                /* 오후 */
};


/* Blanks between parts: space, tab, no-break spaces, and the direction marks some locales add. */
static size_t blank_len(const unsigned char *p, size_t avail)
{
    if (avail >= 1 && (p[0] == ' ' || p[0] == '\t'))
        return 1;
    if (avail >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
        return 2;
    if (avail >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xAF || p[2] == 0x8E || p[2] == 0x8F))
        return 3; /* U+202F, U+200E, U+200F */
    return 0;
}

static size_t skip_blanks(const unsigned char *s, size_t i, size_t n)
{
    size_t b;
    while (i < n && (b = blank_len(s + i, n - i)) > 0)
        i += b;
    return i;
}

/* Reads 1..maxd digits at s[*i]; returns the count (0 if none) and the value. */
static int read_number(const unsigned char *s, size_t *i, size_t n, int maxd, int *value)
{
    int v = 0, k = 0;
    while (*i < n && s[*i] >= '0' && s[*i] <= '9') {
        if (k == maxd)
            return -1; /* too many digits */
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    *value = v;
    return k;
}

/* An AM/PM marker at s[i]? Returns its length and sets *pm. */
static size_t match_ampm(const unsigned char *s, size_t i, size_t n, int *pm)
{
    for (size_t m = 0; m < sizeof ampm_markers / sizeof ampm_markers[0]; m++) {
        const char *t = ampm_markers[m].text;
        size_t tl = strlen(t);
        if (tl > n - i)
            continue;
        size_t k = 0;
        while (k < tl && ascii_tolower(s[i + k]) == ascii_tolower((unsigned char)t[k]))
            k++;
        if (k != tl)
            continue;
        /* a Latin marker must end the word: "AMx" is not AM */
        if (i + tl < n && ((s[i + tl] >= 'a' && s[i + tl] <= 'z') || (s[i + tl] >= 'A' && s[i + tl] <= 'Z')))
            continue;
        *pm = ampm_markers[m].pm;
        return tl;
    }
    return 0;
}

int date_scan(const char *str, size_t n, struct date_scan *ds)
{
    const unsigned char *s = (const unsigned char *)str;
    memset(ds, 0, sizeof *ds);
    ds->ampm = -1;
    size_t i = skip_blanks(s, 0, n);
    int n1, n2, n3;
    int l1 = read_number(s, &i, n, 4, &n1);
    if (l1 <= 0 || i >= n || (s[i] != '/' && s[i] != '.' && s[i] != '-'))
        return -1;
    char sep = (char)s[i++];
    int l2 = read_number(s, &i, n, 2, &n2);
    if (l2 <= 0 || i >= n || s[i] != (unsigned char)sep)
        return -1;
    i++;
    int l3 = read_number(s, &i, n, 4, &n3);
    if (l3 <= 0)
        return -1;
    if (i < n && s[i] == '.' && sep == '.')
        i++; /* "18.07.2026." */
    if (l1 == 4) {
        if (l3 > 2)
            return -1;
        ds->year_first = 1;
        ds->year = n1;
        ds->a = n2;
        ds->b = n3;
    } else {
        if (l1 > 2 || l3 == 1 || l3 == 3)
            return -1;
        ds->year = l3 == 2 ? (n3 < 70 ? 2000 + n3 : 1900 + n3) : n3;
        ds->a = n1;
        ds->b = n2;
    }
    ds->sep = sep;
    size_t before = i;
    i = skip_blanks(s, i, n);
    if (i == before || i >= n)
        return -1; /* a date needs its time: certutil always prints one */
    size_t ml = match_ampm(s, i, n, &ds->ampm);
    if (ml)
        i = skip_blanks(s, i + ml, n);
    int h, mi, sec = 0;
    int lh = read_number(s, &i, n, 2, &h);
    if (lh <= 0 || i >= n || (s[i] != ':' && s[i] != '.'))
        return -1;
    char tsep = (char)s[i++];
    if (read_number(s, &i, n, 2, &mi) != 2)
        return -1;
    if (i < n && s[i] == (unsigned char)tsep) {
        i++;
        if (read_number(s, &i, n, 2, &sec) != 2)
            return -1;
    }
    i = skip_blanks(s, i, n);
    if (i < n && ds->ampm < 0) {
        ml = match_ampm(s, i, n, &ds->ampm);
        if (ml)
            i = skip_blanks(s, i + ml, n);
    }
    if (i != n)
        return -1;
    if (ds->ampm >= 0) {
        if (h < 1 || h > 12)
            return -1;
        h = h % 12 + (ds->ampm ? 12 : 0);
    }
    if (h > 23 || mi > 59 || sec > 59)
        return -1;
    ds->hour = h;
    ds->minute = mi;
    ds->second = sec;
    return 0;
}

enum date_order date_scan_implied_order(const struct date_scan *ds)
{
    if (ds->year_first)
        return DATE_ORDER_YMD;
    if (ds->a > 12 && ds->b <= 12)
        return DATE_ORDER_DMY;
    if (ds->b > 12 && ds->a <= 12)
        return DATE_ORDER_MDY;
    return DATE_ORDER_UNKNOWN;
}

int date_scan_ambiguous(const struct date_scan *ds)
{
    return !ds->year_first && ds->a >= 1 && ds->a <= 12 && ds->b >= 1 && ds->b <= 12 && ds->a != ds->b;
}

int date_scan_to_time(const struct date_scan *ds, enum date_order order, time_t *t)
{
    int month, day;
    if (ds->year_first) {
        month = ds->a;
        day = ds->b;
    } else if (order == DATE_ORDER_DMY) {
        day = ds->a;
        month = ds->b;
    } else if (order == DATE_ORDER_MDY) {
        month = ds->a;
        day = ds->b;
    } else {
        return -1;
    }
    if (!date_valid(ds->year, month, day, ds->hour, ds->minute, ds->second))
        return -1;
    *t = civil_to_time(ds->year, month, day, ds->hour, ds->minute, ds->second);
    return 0;
}

/* ---------- deciding the order ---------- */

int date_order_parse(const char *s, enum date_order *out)
{
    static const struct {
        const char *name;
        enum date_order order;
    } names[] = {{"mdy", DATE_ORDER_MDY}, {"dmy", DATE_ORDER_DMY}, {"ymd", DATE_ORDER_YMD}};
    if (!s || strlen(s) != 3)
        return -1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t k = 0;
        while (k < 3 && ascii_tolower((unsigned char)s[k]) == (unsigned char)names[i].name[k])
            k++;
        if (k == 3) {
            *out = names[i].order;
            return 0;
        }
    }
    return -1;
}

const char *date_order_name(enum date_order o)
{
    switch (o) {
    case DATE_ORDER_MDY: return "mdy";
    case DATE_ORDER_DMY: return "dmy";
    case DATE_ORDER_YMD: return "ymd";
    case DATE_ORDER_UNKNOWN: break;
    }
    return "unknown";
}

enum date_order date_order_from_windows_pattern(const char *p)
{
    if (!p)
        return DATE_ORDER_UNKNOWN;
    int pos_d = -1, pos_m = -1, pos_y = -1, k = 0;
    int quoted = 0;
    for (const char *c = p; *c; c++) {
        if (*c == '\'') {
            quoted = !quoted;
            continue;
        }
        if (quoted)
            continue;
        char f = (char)ascii_tolower((unsigned char)*c);
        /* the first run of each letter counts; "dddd" (weekday name) is not the day number */
        if (f == 'd' || f == 'm' || f == 'y') {
            size_t run = 1;
            while (c[run] == *c)
                run++;
            if (f == 'd' && run <= 2 && pos_d < 0)
                pos_d = k++;
            else if (*c == 'M' && pos_m < 0) /* lower-case m is minutes */
                pos_m = k++;
            else if (f == 'y' && pos_y < 0)
                pos_y = k++;
            c += run - 1;
        }
    }
    if (pos_d < 0 || pos_m < 0 || pos_y < 0)
        return DATE_ORDER_UNKNOWN;
    if (pos_y < pos_m && pos_m < pos_d)
        return DATE_ORDER_YMD;
    if (pos_d < pos_m)
        return DATE_ORDER_DMY;
    return DATE_ORDER_MDY;
}

/* Languages whose locales print the day before the month. "en" is deliberately absent:
 * en-US prints month first, en-GB/en-AU/en-IN day first. */
static const char *const day_first_languages[] = {
    "de", "fr", "es", "it", "nl", "pt", "ru", "pl", "tr", "da", "nb", "nn", "no", "fi", "cs", "sk",
    "el", "uk", "ro", "hr", "sl", "sr", "bg", "et", "lv", "lt", "ca", "id", "vi", "he", "ar",
};

static int is_day_first_language(const char *lang)
{
    if (!lang)
        return 0;
    size_t len = strcspn(lang, "-_");
    for (size_t i = 0; i < sizeof day_first_languages / sizeof day_first_languages[0]; i++)
        if (strlen(day_first_languages[i]) == len && strncmp(day_first_languages[i], lang, len) == 0)
            return 1;
    return 0;
}

void date_order_decide(const struct date_evidence *ev, struct date_decision *out)
{
    memset(out, 0, sizeof *out);
    if (ev->explicit_order == DATE_ORDER_DMY || ev->explicit_order == DATE_ORDER_MDY) {
        out->order = ev->explicit_order;
        snprintf(out->reason, sizeof out->reason, "--date-order %s", date_order_name(ev->explicit_order));
        return;
    }
    enum date_order sys = date_order_from_windows_pattern(ev->system_pattern);
    if (sys == DATE_ORDER_DMY || sys == DATE_ORDER_MDY) {
        out->order = sys;
        snprintf(out->reason, sizeof out->reason, "the system's short-date format \"%.60s\"", ev->system_pattern);
        return;
    }
    if (ev->day_first_votes != ev->month_first_votes) {
        int dmy = ev->day_first_votes > ev->month_first_votes;
        out->order = dmy ? DATE_ORDER_DMY : DATE_ORDER_MDY;
        if (ev->day_first_votes && ev->month_first_votes)
            snprintf(out->reason, sizeof out->reason,
                     "most unambiguous dates in the output (%lu against %lu) put the %s first",
                     (unsigned long)(dmy ? ev->day_first_votes : ev->month_first_votes),
                     (unsigned long)(dmy ? ev->month_first_votes : ev->day_first_votes), dmy ? "day" : "month");
        else
            snprintf(out->reason, sizeof out->reason, "an unambiguous date in the same output puts the %s first",
                     dmy ? "day" : "month");
        out->assumed = ev->day_first_votes && ev->month_first_votes;
        return;
    }
    if (ev->dot_dates) {
        out->order = DATE_ORDER_DMY;
        snprintf(out->reason, sizeof out->reason, "dates written with dots (D.M.YYYY) put the day first");
        return;
    }
    if (is_day_first_language(ev->language)) {
        out->order = DATE_ORDER_DMY;
        out->assumed = 1;
        snprintf(out->reason, sizeof out->reason,
                 "ambiguous dates were read day first because the labels are in a day-first language (%.10s); "
                 "pass --date-order mdy if that is wrong",
                 ev->language);
        return;
    }
    out->assumed = 1;
    if (ev->h24_dates && !ev->ampm_dates) {
        out->order = DATE_ORDER_DMY;
        snprintf(out->reason, sizeof out->reason,
                 "ambiguous dates were read day first (24-hour clock, which en-US does not print); "
                 "pass --date-order mdy if that is wrong");
        return;
    }
    out->order = DATE_ORDER_MDY;
    snprintf(out->reason, sizeof out->reason,
             "ambiguous dates were read month first (en-US) because nothing in the output says otherwise; "
             "an en-GB/en-AU server prints day first: pass --date-order dmy then");
}
