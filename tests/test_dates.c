/* Dates as certutil prints them in the server's locale, and the evidence for ambiguous ones. */
#include <check.h>
#include <string.h>

#include "dates.h"

static time_t when(const char *text, enum date_order order)
{
    struct date_scan ds;
    ck_assert_msg(date_scan(text, strlen(text), &ds) == 0, "cannot scan \"%s\"", text);
    time_t t = 0;
    ck_assert_msg(date_scan_to_time(&ds, order, &t) == 0, "\"%s\" is not a valid %s date", text,
                  date_order_name(order));
    return t;
}

static const char *iso(time_t t)
{
    static char buf[21];
    format_iso8601(t, buf);
    return buf;
}

START_TEST(common_forms)
{
    ck_assert_str_eq(iso(when("12/8/2017 8:07 PM", DATE_ORDER_MDY)), "2017-12-08T20:07:00Z");
    ck_assert_str_eq(iso(when("12/8/2017 8:07 AM", DATE_ORDER_MDY)), "2017-12-08T08:07:00Z");
    ck_assert_str_eq(iso(when("1/1/2070 12:00 AM", DATE_ORDER_MDY)), "2070-01-01T00:00:00Z");
    ck_assert_str_eq(iso(when("4/25/2046 12:25 PM", DATE_ORDER_MDY)), "2046-04-25T12:25:00Z");
    ck_assert_str_eq(iso(when("19.07.2021 12:47", DATE_ORDER_DMY)), "2021-07-19T12:47:00Z");
    ck_assert_str_eq(iso(when("12/05/1997 02:00", DATE_ORDER_DMY)), "1997-05-12T02:00:00Z");
    ck_assert_str_eq(iso(when("2026/7/18 0:13", DATE_ORDER_UNKNOWN)), "2026-07-18T00:13:00Z");
    ck_assert_str_eq(iso(when("2022-11-04 15:05", DATE_ORDER_MDY)), "2022-11-04T15:05:00Z");
    ck_assert_str_eq(iso(when("22/11/2013 6:20 PM", DATE_ORDER_DMY)), "2013-11-22T18:20:00Z");
    ck_assert_str_eq(iso(when("3/4/2026 10:00:59 AM", DATE_ORDER_DMY)), "2026-04-03T10:00:59Z");
    ck_assert_str_eq(iso(when("3/4/2026 10:00:59 AM", DATE_ORDER_MDY)), "2026-03-04T10:00:59Z");
    /* markers before the time (zh-CN/ko-KR), no-break spaces, two-digit years */
    ck_assert_str_eq(iso(when("2026/7/18 \xE4\xB8\x8B\xE5\x8D\x88 3:05", DATE_ORDER_UNKNOWN)), "2026-07-18T15:05:00Z");
    ck_assert_str_eq(iso(when("2026-07-18 \xEC\x98\xA4\xEC\xA0\x84 12:30", DATE_ORDER_UNKNOWN)), "2026-07-18T00:30:00Z");
    ck_assert_str_eq(iso(when("5/6/2033\xC2\xA0" "3:41\xE2\x80\xAFPM", DATE_ORDER_MDY)), "2033-05-06T15:41:00Z");
    ck_assert_str_eq(iso(when("31/12/99 23:59", DATE_ORDER_DMY)), "1999-12-31T23:59:00Z");
    ck_assert_str_eq(iso(when("29.02.2028 00:00", DATE_ORDER_DMY)), "2028-02-29T00:00:00Z");
}
END_TEST

START_TEST(rejects_what_is_not_a_date)
{
    const char *bad[] = {"",
                         "tomorrow",
                         "12/8/2017",            /* certutil always prints a time */
                         "12/8/2017 13:07 PM",   /* 13 PM */
                         "12/8/2017 0:07 AM",    /* 0 AM */
                         "12-8/2017 8:07",       /* mixed separators */
                         "12/8/20175 8:07",      /* five-digit year */
                         "123/8/2017 8:07",
                         "2017/8/123 8:07",
                         "12/8/2017 8:7",
                         "12/8/2017 8:07 PMX",
                         "12/8/2017 8:07 tomorrow",
                         "12/8/2017 24:00",
                         "12/8/2017 8:60",
                         "99999999999999999999/1/1 0:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct date_scan ds;
        ck_assert_msg(date_scan(bad[i], strlen(bad[i]), &ds) != 0, "\"%s\" was read as a date", bad[i]);
    }
    /* shaped like a date, invalid in the order asked */
    struct date_scan ds;
    time_t t;
    ck_assert_int_eq(date_scan("22/11/2013 6:20 PM", 18, &ds), 0);
    ck_assert_int_eq(date_scan_to_time(&ds, DATE_ORDER_MDY, &t), -1);
    ck_assert_int_eq(date_scan("2/30/2026 6:20 PM", 17, &ds), 0);
    ck_assert_int_eq(date_scan_to_time(&ds, DATE_ORDER_MDY, &t), -1);
    ck_assert_int_eq(date_scan("29.02.2027 00:00", 16, &ds), 0);
    ck_assert_int_eq(date_scan_to_time(&ds, DATE_ORDER_DMY, &t), -1);
    ck_assert_int_eq(date_scan_to_time(&ds, DATE_ORDER_UNKNOWN, &t), -1);
}
END_TEST

START_TEST(what_a_date_proves)
{
    struct date_scan ds;
    ck_assert_int_eq(date_scan("22/11/2013 6:20 PM", 18, &ds), 0);
    ck_assert_int_eq(date_scan_implied_order(&ds), DATE_ORDER_DMY);
    ck_assert_int_eq(date_scan_ambiguous(&ds), 0);
    ck_assert_int_eq(date_scan("6/30/2024 11:47 AM", 18, &ds), 0);
    ck_assert_int_eq(date_scan_implied_order(&ds), DATE_ORDER_MDY);
    ck_assert_int_eq(date_scan("3/4/2026 10:00 AM", 17, &ds), 0);
    ck_assert_int_eq(date_scan_implied_order(&ds), DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(date_scan_ambiguous(&ds), 1);
    ck_assert_int_eq(date_scan("4/4/2026 10:00 AM", 17, &ds), 0);
    ck_assert_int_eq(date_scan_ambiguous(&ds), 0); /* same either way */
    ck_assert_int_eq(date_scan("2026/3/4 10:00", 14, &ds), 0);
    ck_assert_int_eq(date_scan_implied_order(&ds), DATE_ORDER_YMD);
    ck_assert_int_eq(date_scan_ambiguous(&ds), 0);
    ck_assert_int_eq(ds.sep, '/');
    ck_assert_int_eq(ds.ampm, -1);
}
END_TEST

START_TEST(decision_ladder)
{
    struct date_evidence ev;
    struct date_decision dec;
    memset(&ev, 0, sizeof ev);

    /* 5. English labels, AM/PM, nothing else: month first, as an assumption */
    ev.language = "en";
    ev.ampm_dates = 4;
    date_order_decide(&ev, &dec);
    ck_assert_int_eq(dec.order, DATE_ORDER_MDY);
    ck_assert_int_eq(dec.assumed, 1);
    ck_assert_ptr_nonnull(strstr(dec.reason, "en-US"));

    /* 4. the label language */
    ev.language = "fr";
    date_order_decide(&ev, &dec);
    ck_assert_int_eq(dec.order, DATE_ORDER_DMY);
    ck_assert_int_eq(dec.assumed, 1);
    ck_assert_ptr_nonnull(strstr(dec.reason, "fr"));
    ev.language = "zh-CN"; /* prints year first: no evidence either way */
    date_order_decide(&ev, &dec);
    ck_assert_int_eq(dec.order, DATE_ORDER_MDY);

    /* 3. an unambiguous date beats the language */
    ev.language = "fr";
    ev.month_first_votes = 1;
    date_order_decide(&ev, &dec);
    ck_assert_int_eq(dec.order, DATE_ORDER_MDY);
    ck_assert_int_eq(dec.assumed, 0);
    ev.language = "en"; /* en-AU: English labels do not prove US dates */
    ev.month_first_votes = 0;
    ev.day_first_votes = 1;
    date_order_decide(&ev, &dec);
    ck_assert_int_eq(dec.order, DATE_ORDER_DMY);
    ck_assert_int_eq(dec.assumed, 0);
    ev.month_first_votes = 1; /* a tie proves nothing: down the ladder (English + AM/PM) */
    date_order_decide(&ev, &dec);
    ck_assert_int_eq(dec.order, DATE_ORDER_MDY);
    ck_assert_int_eq(dec.assumed, 1);
    ev.month_first_votes = 0;

    /* 2. the system's short-date format beats the dates */
    ev.system_pattern = "M/d/yyyy";
    date_order_decide(&ev, &dec);
    ck_assert_int_eq(dec.order, DATE_ORDER_MDY);
    ck_assert_ptr_nonnull(strstr(dec.reason, "M/d/yyyy"));

    /* 1. --date-order beats everything */
    ev.explicit_order = DATE_ORDER_DMY;
    date_order_decide(&ev, &dec);
    ck_assert_int_eq(dec.order, DATE_ORDER_DMY);
    ck_assert_int_eq(dec.assumed, 0);
    ck_assert_str_eq(dec.reason, "--date-order dmy");

    /* dots and 24-hour clocks */
    memset(&ev, 0, sizeof ev);
    ev.dot_dates = 2;
    date_order_decide(&ev, &dec);
    ck_assert_int_eq(dec.order, DATE_ORDER_DMY);
    ck_assert_int_eq(dec.assumed, 0);
    memset(&ev, 0, sizeof ev);
    ev.language = "en";
    ev.h24_dates = 2;
    date_order_decide(&ev, &dec);
    ck_assert_int_eq(dec.order, DATE_ORDER_DMY);
    ck_assert_int_eq(dec.assumed, 1);
}
END_TEST

START_TEST(windows_patterns_and_names)
{
    ck_assert_int_eq(date_order_from_windows_pattern("M/d/yyyy"), DATE_ORDER_MDY);
    ck_assert_int_eq(date_order_from_windows_pattern("dd.MM.yyyy"), DATE_ORDER_DMY);
    ck_assert_int_eq(date_order_from_windows_pattern("d/MM/yyyy"), DATE_ORDER_DMY);
    ck_assert_int_eq(date_order_from_windows_pattern("yyyy/M/d"), DATE_ORDER_YMD);
    ck_assert_int_eq(date_order_from_windows_pattern("yyyy-MM-dd"), DATE_ORDER_YMD);
    ck_assert_int_eq(date_order_from_windows_pattern("dd'd'/MM/yyyy"), DATE_ORDER_DMY);
    ck_assert_int_eq(date_order_from_windows_pattern("dddd, MMMM d, yyyy"), DATE_ORDER_MDY);
    ck_assert_int_eq(date_order_from_windows_pattern("h:mm tt"), DATE_ORDER_UNKNOWN);
    ck_assert_int_eq(date_order_from_windows_pattern(NULL), DATE_ORDER_UNKNOWN);

    enum date_order o = DATE_ORDER_UNKNOWN;
    ck_assert_int_eq(date_order_parse("dmy", &o), 0);
    ck_assert_int_eq(o, DATE_ORDER_DMY);
    ck_assert_int_eq(date_order_parse("MDY", &o), 0);
    ck_assert_int_eq(o, DATE_ORDER_MDY);
    ck_assert_int_eq(date_order_parse("ymd", &o), 0);
    ck_assert_int_eq(o, DATE_ORDER_YMD);
    ck_assert_int_eq(date_order_parse("dm", &o), -1);
    ck_assert_int_eq(date_order_parse("mdyy", &o), -1);
    ck_assert_int_eq(date_order_parse("us", &o), -1);
    ck_assert_int_eq(date_order_parse(NULL, &o), -1);
    ck_assert_int_eq(o, DATE_ORDER_YMD); /* untouched on failure */
    ck_assert_str_eq(date_order_name(DATE_ORDER_MDY), "mdy");
}
END_TEST

START_TEST(civil_time_round_trip)
{
    ck_assert_int_eq((long long)civil_to_time(1970, 1, 1, 0, 0, 0), 0);
    ck_assert_int_eq((long long)civil_to_time(2026, 11, 23, 10, 15, 0), 1795428900LL);
    ck_assert_int_eq((long long)civil_to_time(1601, 1, 1, 0, 0, 0), -11644473600LL);
    ck_assert_str_eq(iso(civil_to_time(2026, 11, 23, 10, 15, 0)), "2026-11-23T10:15:00Z");
    ck_assert_str_eq(iso(civil_to_time(1601, 1, 1, 0, 0, 0)), "1601-01-01T00:00:00Z");
    ck_assert_str_eq(iso(civil_to_time(9999, 12, 31, 23, 59, 59)), "9999-12-31T23:59:59Z");
    /* every day of a leap cycle survives the round trip */
    for (long long d = -800; d < 146097 + 800; d += 1) {
        time_t t = (time_t)(d * 86400 + 3723);
        int y, mo, da, h, mi, s;
        time_to_civil(t, &y, &mo, &da, &h, &mi, &s);
        ck_assert(date_valid(y, mo, da, h, mi, s));
        ck_assert_int_eq((long long)civil_to_time(y, mo, da, h, mi, s), (long long)t);
    }
    ck_assert(!date_valid(2026, 2, 29, 0, 0, 0));
    ck_assert(date_valid(2000, 2, 29, 0, 0, 0));
    ck_assert(!date_valid(1900, 2, 29, 0, 0, 0));
    ck_assert(!date_valid(2026, 13, 1, 0, 0, 0));
    ck_assert(!date_valid(1600, 12, 31, 0, 0, 0));
}
END_TEST

START_TEST(iso8601_both_ways)
{
    time_t t = 0;
    ck_assert_int_eq(parse_iso8601("2026-11-23", &t), 0);
    ck_assert_str_eq(iso(t), "2026-11-23T00:00:00Z");
    ck_assert_int_eq(parse_iso8601("2026-11-23T10:15", &t), 0);
    ck_assert_str_eq(iso(t), "2026-11-23T10:15:00Z");
    ck_assert_int_eq(parse_iso8601("2028-02-29 23:59:59Z", &t), 0);
    ck_assert_str_eq(iso(t), "2028-02-29T23:59:59Z");
    /* dates that do not exist are refused, not rolled over */
    static const char *const bad[] = {"2026-02-29", "2026-02-31", "2026-13-01", "2026-11-23T24:00", "2026-11-23T10:60",
                                      "2026-11-23x", "23.11.2026", "", "2026-11-23T10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = 42;
        ck_assert_msg(parse_iso8601(bad[i], &t) == -1 && t == 42, "%s was read as a date", bad[i]);
    }
    /* out of range: the whole stamp saturates */
    ck_assert_str_eq(iso((time_t)-70000000000LL), "0000-01-01T00:00:00Z");
    ck_assert_str_eq(iso((time_t)300000000000LL), "9999-12-31T23:59:59Z");
}
END_TEST

Suite *suite_dates(void)
{
    Suite *s = suite_create("dates");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, common_forms);
    tcase_add_test(tc, rejects_what_is_not_a_date);
    tcase_add_test(tc, what_a_date_proves);
    tcase_add_test(tc, decision_ladder);
    tcase_add_test(tc, windows_patterns_and_names);
    tcase_add_test(tc, civil_time_round_trip);
    tcase_add_test(tc, iso8601_both_ways);
    suite_add_tcase(s, tc);
    return s;
}
