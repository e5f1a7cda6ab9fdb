#include "timeutil.h"

#include <stdio.h>
#include <string.h>

#include "dates.h"

/* Howard Hinnant's days-from-civil algorithm. */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

time_t utc_from_civil(int year, int month, int day, int hour, int minute, int second)
{
    long long days = days_from_civil(year, (unsigned)month, (unsigned)day);
    return (time_t)(days * 86400 + hour * 3600 + minute * 60 + second);
}

void format_iso8601(time_t t, char out[21])
{
    long long s = (long long)t;
    long long days = s >= 0 ? s / 86400 : (s - 86399) / 86400;
    long long rem = s - days * 86400;
    /* civil-from-days */
    days += 719468;
    long long era = (days >= 0 ? days : days - 146096) / 146097;
    unsigned doe = (unsigned)(days - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = (long long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y < 0 || y > 9999) {
        memcpy(out, y < 0 ? "0000-01-01T00:00:00Z" : "9999-12-31T23:59:59Z", 21);
        return;
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02uZ", (int)y, m % 100, d % 100, (unsigned)(rem / 3600) % 100,
             (unsigned)(rem / 60 % 60) % 100, (unsigned)(rem % 60) % 100);
    memcpy(out, buf, 20);
    out[20] = '\0';
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
    *out = utc_from_civil(y, mo, d, h, mi, sec);
    return 0;
}
