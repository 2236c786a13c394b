/* Working-day arithmetic: civil dates, zone day boundaries (WIB/WITA/WIT), weekends, holidays,
 * year crossings, and the built-in holiday list; add/between checked against a day-by-day walk. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "workdays.h"

static int64_t D(const char *s)
{
	int64_t d = 0;
	if (workdays_parse(s, &d) != 0)
		fail_msg("bad date in test: %s", s);
	return d;
}

static void assert_day(int64_t got, const char *want)
{
	char buf[WORKDAYS_DATE_LEN];
	workdays_format(got, buf, sizeof buf);
	assert_string_equal(buf, want);
}

/* Both default years, concatenated (sorted: 2025 before 2026). */
static size_t holidays_2025_2026(int32_t *out, size_t cap)
{
	size_t a = workdays_default_holidays(2025, out, cap);
	size_t b = workdays_default_holidays(2026, out + a, cap - a);
	return a + b;
}

/* The obvious definition, one day at a time. */
static int64_t naive_add(int64_t d, int n, const int32_t *h, size_t nh)
{
	int step = n < 0 ? -1 : 1;
	for (int left = n < 0 ? -n : n; left > 0;) {
		d += step;
		if (workdays_is_workday(d, h, nh))
			left--;
	}
	return d;
}

static void test_civil(void **state)
{
	(void)state;
	int y, m, d;
	assert_int_equal(workdays_from_civil(1970, 1, 1), 0);
	assert_int_equal(workdays_from_civil(1969, 12, 31), -1);
	assert_int_equal(workdays_from_civil(2026, 11, 21), 20778);
	assert_int_equal(workdays_from_civil(2024, 2, 29), 19782);
	assert_int_equal(workdays_from_civil(2000, 3, 1), 11017);
	assert_int_equal(workdays_from_civil(1900, 1, 1), -25567);
	assert_int_equal(workdays_from_civil(9999, 12, 31), 2932896);
	for (int64_t day = -800000; day < 3000000; day += 997) {
		workdays_to_civil(day, &y, &m, &d);
		assert_int_equal(workdays_from_civil(y, m, d), day);
	}
	workdays_to_civil(20778, &y, &m, &d);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 11);
	assert_int_equal(d, 21);
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(workdays_weekday(0), 4);  /* Thursday 1970-01-01 */
	assert_int_equal(workdays_weekday(-1), 3); /* Wednesday */
	assert_int_equal(workdays_weekday(-4), 7); /* Sunday 1969-12-28 */
	assert_int_equal(workdays_weekday(D("2026-11-21")), 6);
	assert_int_equal(workdays_weekday(D("2026-11-22")), 7);
	assert_int_equal(workdays_weekday(D("2026-11-23")), 1);
	assert_int_equal(workdays_weekday(D("1900-01-01")), 1);
}

static void test_parse_format(void **state)
{
	(void)state;
	int64_t d;
	char buf[WORKDAYS_DATE_LEN];
	assert_int_equal(workdays_parse("2024-02-29", &d), 0);
	assert_day(d, "2024-02-29");
	assert_int_equal(workdays_parse("2000-02-29", &d), 0);
	const char *bad[] = {"2026-02-29",  "1900-02-29", "2026-13-01", "2026-00-10",
			     "2026-04-31",  "2026-01-00", "2026-1-01",	"20261121",
			     "2026-11-21x", "2026/11/21", "1899-12-31", "+026-11-21",
			     "2026-11-2 ",  "",		  "abcd-ef-gh"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (workdays_parse(bad[i], &d) == 0)
			fail_msg("accepted %s", bad[i]);
	assert_int_equal(workdays_parse(NULL, &d), -1);
	workdays_format(workdays_from_civil(10000, 1, 1), buf, sizeof buf);
	assert_string_equal(buf, "");
	workdays_format(workdays_from_civil(-1, 1, 1), buf, sizeof buf);
	assert_string_equal(buf, "");
	workdays_format(0, buf, 5); /* too small: empty, never cut */
	assert_string_equal(buf, "");
	assert_day(0, "1970-01-01");
	assert_day(workdays_from_civil(9999, 12, 31), "9999-12-31");
}

static void test_zones(void **state)
{
	(void)state;
	assert_int_equal(workdays_zone_offset("WIB"), 420);
	assert_int_equal(workdays_zone_offset("WITA"), 480);
	assert_int_equal(workdays_zone_offset("WIT"), 540);
	assert_int_equal(workdays_zone_offset("wib"), -1);
	assert_int_equal(workdays_zone_offset("UTC"), -1);
	assert_int_equal(workdays_zone_offset(NULL), -1);
}

static void test_day_boundaries(void **state)
{
	(void)state;
	const int64_t t1630 = INT64_C(1795192200000); /* 2026-11-20T16:30:00Z */
	const int64_t t1700 = INT64_C(1795194000000); /* 2026-11-20T17:00:00Z */
	const int64_t t1500 = INT64_C(1795186800000); /* 2026-11-20T15:00:00Z */
	/* 16:30Z is 23:30 WIB on the 20th but 00:30 WITA and 01:30 WIT on the 21st */
	assert_day(workdays_day_from_ms(t1630, WORKDAYS_WIB), "2026-11-20");
	assert_day(workdays_day_from_ms(t1630, WORKDAYS_WITA), "2026-11-21");
	assert_day(workdays_day_from_ms(t1630, WORKDAYS_WIT), "2026-11-21");
	/* 15:00Z is exactly midnight WIT */
	assert_day(workdays_day_from_ms(t1500 - 1, WORKDAYS_WIT), "2026-11-20");
	assert_day(workdays_day_from_ms(t1500, WORKDAYS_WIT), "2026-11-21");
	assert_day(workdays_day_from_ms(t1500, WORKDAYS_WIB), "2026-11-20");
	/* 17:00Z is exactly midnight WIB */
	assert_day(workdays_day_from_ms(t1700 - 1, WORKDAYS_WIB), "2026-11-20");
	assert_day(workdays_day_from_ms(t1700, WORKDAYS_WIB), "2026-11-21");
	assert_int_equal(workdays_day_start_ms(D("2026-11-21"), WORKDAYS_WIB), t1700);
	assert_int_equal(workdays_day_start_ms(D("2026-11-21"), WORKDAYS_WIT), t1500);
	assert_day(workdays_day_from_ms(t1700, 0), "2026-11-20");
	/* before 1970: floor, not truncation */
	assert_int_equal(workdays_day_from_ms(-1, 0), -1);
	assert_int_equal(workdays_day_from_ms(-17 * 3600000LL, WORKDAYS_WIB), -1);
	assert_int_equal(workdays_day_from_ms(-7 * 3600000LL, WORKDAYS_WIB), 0);
	assert_int_equal(workdays_day_from_ms(-7 * 3600000LL - 1, WORKDAYS_WIB), -1);
	/* start of day round trip in every zone */
	const int zones[] = {0, WORKDAYS_WIB, WORKDAYS_WITA, WORKDAYS_WIT};
	for (size_t z = 0; z < 4; z++)
		for (int64_t day = -400; day < 30000; day += 37) {
			int64_t ms = workdays_day_start_ms(day, zones[z]);
			assert_int_equal(workdays_day_from_ms(ms, zones[z]), day);
			assert_int_equal(workdays_day_from_ms(ms - 1, zones[z]), day - 1);
		}
}

static void test_weekends(void **state)
{
	(void)state;
	int64_t fri = D("2026-11-20"), sat = D("2026-11-21"), sun = D("2026-11-22"),
		mon = D("2026-11-23");
	assert_true(workdays_is_workday(fri, NULL, 0));
	assert_false(workdays_is_workday(sat, NULL, 0));
	assert_false(workdays_is_workday(sun, NULL, 0));
	assert_day(workdays_add(fri, 1, NULL, 0), "2026-11-23");
	assert_day(workdays_add(sat, 1, NULL, 0), "2026-11-23");
	assert_day(workdays_add(sun, 1, NULL, 0), "2026-11-23");
	assert_day(workdays_add(mon, 5, NULL, 0), "2026-11-30");
	assert_day(workdays_add(mon, 4, NULL, 0), "2026-11-27");
	assert_day(workdays_add(mon, -1, NULL, 0), "2026-11-20");
	assert_day(workdays_add(sat, -1, NULL, 0), "2026-11-20");
	assert_day(workdays_add(sun, -2, NULL, 0), "2026-11-19");
	assert_int_equal(workdays_add(sat, 0, NULL, 0), sat);
	assert_int_equal(workdays_between(fri, mon, NULL, 0), 1);
	assert_int_equal(workdays_between(mon, fri, NULL, 0), -1);
	assert_int_equal(workdays_between(sat, sun, NULL, 0), 0);
	assert_int_equal(workdays_between(fri, fri, NULL, 0), 0);
	assert_int_equal(workdays_between(mon, D("2026-12-07"), NULL, 0), 10);
	/* a year of weekdays, before 1970 too */
	assert_int_equal(workdays_between(D("2026-01-01"), D("2027-01-01"), NULL, 0), 261);
	/* 1960 was a leap year from Friday: (Fri 1 Jan 1960, Sun 1 Jan 1961] is 52 weeks + Sat, Sun
	 */
	assert_int_equal(workdays_between(D("1960-01-01"), D("1961-01-01"), NULL, 0), 260);
	assert_day(workdays_add(D("1969-12-31"), 2, NULL, 0), "1970-01-02");
}

static void test_holidays(void **state)
{
	(void)state;
	int32_t h[128];
	size_t n = holidays_2025_2026(h, 128);
	/* Nyepi and Idulfitri 2026: 18-20 and 23-24 March are holidays or cuti bersama */
	assert_false(workdays_is_workday(D("2026-03-19"), h, n));
	assert_day(workdays_add(D("2026-03-17"), 1, h, n), "2026-03-25");
	assert_day(workdays_add(D("2026-03-25"), -1, h, n), "2026-03-17");
	assert_int_equal(workdays_between(D("2026-03-17"), D("2026-03-25"), h, n), 1);
	/* an appeal received Tuesday 10 March 2026 is due 20 working days later */
	assert_day(workdays_add(D("2026-03-10"), 20, h, n), "2026-04-15");
	assert_int_equal(workdays_between(D("2026-03-10"), D("2026-04-15"), h, n), 20);
	/* a holiday on a weekend changes nothing; duplicates count once */
	const int32_t weekend_only[] = {(int32_t)D("2026-11-21"), (int32_t)D("2026-11-22")};
	assert_int_equal(workdays_between(D("2026-11-20"), D("2026-11-27"), weekend_only, 2), 5);
	const int32_t dup[] = {(int32_t)D("2026-11-24"), (int32_t)D("2026-11-24"),
			       (int32_t)D("2026-11-25")};
	assert_int_equal(workdays_between(D("2026-11-20"), D("2026-11-27"), dup, 3), 3);
	assert_day(workdays_add(D("2026-11-23"), 1, dup, 3), "2026-11-26");
	assert_false(workdays_is_workday(D("2026-11-24"), dup, 3));
	assert_true(workdays_is_workday(D("2026-11-23"), dup, 3));
}

static void test_crossing_years(void **state)
{
	(void)state;
	int32_t h[128];
	size_t n = holidays_2025_2026(h, 128);
	/* 25 Dec holiday, 26 Dec cuti bersama, weekend, then 29-31 Dec; 1 Jan 2026 holiday */
	assert_day(workdays_add(D("2025-12-24"), 1, h, n), "2025-12-29");
	assert_day(workdays_add(D("2025-12-24"), 3, h, n), "2025-12-31");
	assert_day(workdays_add(D("2025-12-24"), 4, h, n), "2026-01-02");
	assert_day(workdays_add(D("2025-12-24"), 5, h, n), "2026-01-05");
	assert_day(workdays_add(D("2026-01-05"), -5, h, n), "2025-12-24");
	assert_int_equal(workdays_between(D("2025-12-24"), D("2026-01-05"), h, n), 5);
	assert_int_equal(workdays_between(D("2026-01-05"), D("2025-12-24"), h, n), -5);
	/* 2026 without 2027's list: the year ends on Thursday 31 Dec after cuti bersama 24-25 */
	assert_day(workdays_add(D("2026-12-23"), 3, h, n), "2026-12-30");
	assert_day(workdays_add(D("2026-12-23"), 5, h, n), "2027-01-01");
}

static void test_matches_day_by_day(void **state)
{
	(void)state;
	int32_t h[128];
	size_t n = holidays_2025_2026(h, 128);
	for (int64_t s = D("2024-12-20"); s < D("2027-01-10"); s += 3) {
		for (int k = -70; k <= 70; k += 7) {
			int64_t want = naive_add(s, k, h, n), got = workdays_add(s, k, h, n);
			if (got != want)
				fail_msg("add(%lld, %d) = %lld, want %lld", (long long)s, k,
					 (long long)got, (long long)want);
			int back = workdays_between(s, got, h, n);
			int want_back = k < 0 && !workdays_is_workday(s, h, n) ? k + 1 : k;
			if (back != want_back)
				fail_msg("between(%lld, add(.., %d)) = %d", (long long)s, k, back);
			assert_int_equal(workdays_between(got, s, h, n), -back);
		}
	}
	/* far away, no holidays */
	assert_int_equal(workdays_add(0, 1000000, NULL, 0), 1400000); /* 200000 weeks */
	assert_int_equal(workdays_between(0, workdays_add(0, 1000000, NULL, 0), NULL, 0), 1000000);
}

static void test_default_list(void **state)
{
	(void)state;
	size_t n, c25, c26;
	const struct workdays_holiday *all = workdays_default_list(&n);
	int32_t h[64];
	c25 = workdays_default_holidays(2025, h, 64);
	c26 = workdays_default_holidays(2026, h, 64);
	/* SKB 2025: 17 libur + 10 cuti bersama + 18 Aug added in 2025; SKB 2026: 17 + 8 */
	assert_int_equal(c25, 28);
	assert_int_equal(c26, 25);
	assert_int_equal(n, c25 + c26);
	assert_int_equal(workdays_default_holidays(2024, h, 64), 0);
	assert_int_equal(workdays_default_holidays(2027, h, 64), 0);
	assert_int_equal(workdays_default_holidays(2026, h, 3), 25); /* count beyond cap */
	assert_int_equal(workdays_default_holidays(2026, NULL, 0), 25);
	size_t cuti25 = 0, cuti26 = 0;
	for (size_t i = 0; i < n; i++) {
		assert_non_null(all[i].name_id);
		int64_t d = workdays_from_civil(all[i].year, all[i].month, all[i].mday);
		char s[WORKDAYS_DATE_LEN];
		int64_t back;
		workdays_format(d, s, sizeof s);
		assert_int_equal(workdays_parse(s, &back), 0); /* a real date */
		if (i > 0)
			assert_true(d > workdays_from_civil(all[i - 1].year, all[i - 1].month,
							    all[i - 1].mday));
		if (all[i].cuti_bersama) {
			/* cuti bersama always falls on a working weekday */
			assert_true(workdays_weekday(d) <= 5);
			if (all[i].year == 2025)
				cuti25++;
			else
				cuti26++;
		}
	}
	assert_int_equal(cuti25, 11);
	assert_int_equal(cuti26, 8);
	/* spot checks against the SKB */
	c26 = workdays_default_holidays(2026, h, 64);
	assert_int_equal(h[0], D("2026-01-01"));
	assert_int_equal(h[c26 - 1], D("2026-12-25"));
	assert_false(workdays_is_workday(D("2026-08-17"), h, c26));
	assert_false(workdays_is_workday(D("2026-12-24"), h, c26));
	c25 = workdays_default_holidays(2025, h, 64);
	assert_false(workdays_is_workday(D("2025-08-18"), h, c25));
	assert_false(workdays_is_workday(D("2025-04-07"), h, c25));
	assert_true(workdays_is_workday(D("2025-04-08"), h, c25));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_civil),
	    cmocka_unit_test(test_weekday),
	    cmocka_unit_test(test_parse_format),
	    cmocka_unit_test(test_zones),
	    cmocka_unit_test(test_day_boundaries),
	    cmocka_unit_test(test_weekends),
	    cmocka_unit_test(test_holidays),
	    cmocka_unit_test(test_crossing_years),
	    cmocka_unit_test(test_matches_day_by_day),
	    cmocka_unit_test(test_default_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
