/* The jadwal module's pure rules (modules/jadwal/jadwal_logic.c): SPT Asesor numbers and Roman
 * months, local date-times in WIB/WITA/WIT, overlap, the assessor ratio, TUK verification cover
 * and TUK codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "jadwal/jadwal.h"
#include "jadwal/jadwal_internal.h"
#include "workdays.h"

/* 2026-12-31T00:00:00Z */
#define T_2026_12_31 INT64_C(1798675200000)
#define MIN_MS	     INT64_C(60000)
#define HOUR_MS	     INT64_C(3600000)

static void test_roman_months(void **state)
{
	static const char *const want[12] = {"I",   "II",   "III", "IV", "V",  "VI",
					     "VII", "VIII", "IX",  "X",	 "XI", "XII"};

	(void)state;
	for (int m = 1; m <= 12; m++)
		assert_string_equal(jadwal_roman_month(m), want[m - 1]);
	assert_null(jadwal_roman_month(0));
	assert_null(jadwal_roman_month(13));
	assert_null(jadwal_roman_month(-1));
}

static void test_spt_format(void **state)
{
	char out[JADWAL_SPT_MAX];

	(void)state;
	assert_int_equal(jadwal_spt_format(out, sizeof out, 1, "LSP-DEMO", 1, 2027), 0);
	assert_string_equal(out, "001/ST/LSP-DEMO/I/2027");
	assert_int_equal(jadwal_spt_format(out, sizeof out, 42, "LSP-DEMO", 11, 2026), 0);
	assert_string_equal(out, "042/ST/LSP-DEMO/XI/2026");
	assert_int_equal(jadwal_spt_format(out, sizeof out, 999, "LSPX", 8, 2026), 0);
	assert_string_equal(out, "999/ST/LSPX/VIII/2026");
	assert_int_equal(jadwal_spt_format(out, sizeof out, 1000, "LSPX", 12, 2026), 0);
	assert_string_equal(out, "1000/ST/LSPX/XII/2026"); /* never truncated */
	/* refusals leave an empty string */
	assert_int_equal(jadwal_spt_format(out, sizeof out, 0, "LSPX", 1, 2026), -1);
	assert_string_equal(out, "");
	assert_int_equal(jadwal_spt_format(out, sizeof out, 1, "LSPX", 13, 2026), -1);
	assert_int_equal(jadwal_spt_format(out, sizeof out, 1, "", 1, 2026), -1);
	assert_int_equal(jadwal_spt_format(out, sizeof out, 1, NULL, 1, 2026), -1);
	assert_int_equal(jadwal_spt_format(out, 10, 1, "LSP-DEMO", 1, 2026), -1);
	assert_string_equal(out, "");
}

static void test_local_parse(void **state)
{
	int64_t t = 0;

	(void)state;
	/* 2026-12-31 07:00 WIB = 00:00Z; WITA one hour earlier in UTC, WIT two */
	assert_int_equal(jadwal_local_parse("2026-12-31T07:00", WORKDAYS_WIB, &t), 0);
	assert_true(t == T_2026_12_31);
	assert_int_equal(jadwal_local_parse("2026-12-31T07:00", WORKDAYS_WITA, &t), 0);
	assert_true(t == T_2026_12_31 - HOUR_MS);
	assert_int_equal(jadwal_local_parse("2026-12-31T07:00", WORKDAYS_WIT, &t), 0);
	assert_true(t == T_2026_12_31 - 2 * HOUR_MS);
	assert_int_equal(jadwal_local_parse("2027-01-01T00:30", WORKDAYS_WIB, &t), 0);
	assert_true(t == T_2026_12_31 + 17 * HOUR_MS + 30 * MIN_MS);
	assert_int_equal(jadwal_local_parse("2026-12-31T23:59", WORKDAYS_WIB, &t), 0);
	/* malformed */
	assert_int_equal(jadwal_local_parse("2026-02-30T09:00", WORKDAYS_WIB, &t), -1);
	assert_int_equal(jadwal_local_parse("2026-12-05 09:00", WORKDAYS_WIB, &t), -1);
	assert_int_equal(jadwal_local_parse("2026-12-05T24:00", WORKDAYS_WIB, &t), -1);
	assert_int_equal(jadwal_local_parse("2026-12-05T09:60", WORKDAYS_WIB, &t), -1);
	assert_int_equal(jadwal_local_parse("2026-12-05T9:00", WORKDAYS_WIB, &t), -1);
	assert_int_equal(jadwal_local_parse("2026-12-05T09:00Z", WORKDAYS_WIB, &t), -1);
	assert_int_equal(jadwal_local_parse("2026-12-05T09:0a", WORKDAYS_WIB, &t), -1);
	assert_int_equal(jadwal_local_parse(NULL, WORKDAYS_WIB, &t), -1);
}

static void test_local_format_and_month(void **state)
{
	char out[JADWAL_LOCAL_LEN];
	int m = 0, y = 0;

	(void)state;
	jadwal_local_format(T_2026_12_31, WORKDAYS_WIB, out, sizeof out);
	assert_string_equal(out, "2026-12-31T07:00");
	jadwal_local_format(T_2026_12_31 + 17 * HOUR_MS, WORKDAYS_WIB, out, sizeof out);
	assert_string_equal(out, "2027-01-01T00:00");
	jadwal_local_format(T_2026_12_31 + 15 * HOUR_MS + 5 * MIN_MS, WORKDAYS_WIT, out,
			    sizeof out);
	assert_string_equal(out, "2027-01-01T00:05");
	/* the SPT month and year follow the zone: 16:30Z is still December in WIB, January in
	 * WITA and WIT */
	jadwal_local_month(T_2026_12_31 + 16 * HOUR_MS + 30 * MIN_MS, WORKDAYS_WIB, &m, &y);
	assert_int_equal(m, 12);
	assert_int_equal(y, 2026);
	jadwal_local_month(T_2026_12_31 + 16 * HOUR_MS + 30 * MIN_MS, WORKDAYS_WITA, &m, &y);
	assert_int_equal(m, 1);
	assert_int_equal(y, 2027);
	jadwal_local_month(T_2026_12_31 + 17 * HOUR_MS, WORKDAYS_WIB, &m, &y);
	assert_int_equal(m, 1);
	assert_int_equal(y, 2027);
}

static void test_overlaps(void **state)
{
	int64_t s = T_2026_12_31, e = s + 4 * HOUR_MS;

	(void)state;
	assert_true(jadwal_overlaps(s, e, s, e));
	assert_true(jadwal_overlaps(s, e, e - MIN_MS, e + HOUR_MS)); /* by one minute */
	assert_true(jadwal_overlaps(s, e, s - HOUR_MS, s + MIN_MS));
	assert_true(jadwal_overlaps(s, e, s + MIN_MS, s + 2 * MIN_MS)); /* inside */
	assert_true(jadwal_overlaps(s, e, s - HOUR_MS, e + HOUR_MS));	/* around */
	assert_false(jadwal_overlaps(s, e, e, e + HOUR_MS));		/* back to back */
	assert_false(jadwal_overlaps(s, e, s - HOUR_MS, s));
	assert_false(jadwal_overlaps(s, e, e + MIN_MS, e + HOUR_MS));
}

static void test_ratio(void **state)
{
	(void)state;
	assert_true(jadwal_ratio_ok(0, 0, 10));
	assert_false(jadwal_ratio_ok(1, 0, 10));
	assert_true(jadwal_ratio_ok(10, 1, 10));
	assert_false(jadwal_ratio_ok(11, 1, 10));
	assert_true(jadwal_ratio_ok(20, 2, 10)); /* the PSKK package: 20 asesi, 2 assessors */
	assert_false(jadwal_ratio_ok(21, 2, 10));
}

static void test_tuk_covers(void **state)
{
	int64_t start = T_2026_12_31 + 2 * HOUR_MS; /* 09:00 WIB on 31 December */

	(void)state;
	assert_true(jadwal_tuk_covers("2026-12-31", start + 4 * HOUR_MS, WORKDAYS_WIB));
	assert_false(jadwal_tuk_covers("2026-12-30", start + 4 * HOUR_MS, WORKDAYS_WIB));
	assert_false(jadwal_tuk_covers(NULL, start + 4 * HOUR_MS, WORKDAYS_WIB));
	assert_false(jadwal_tuk_covers("garbage", start + 4 * HOUR_MS, WORKDAYS_WIB));
	/* ending exactly at midnight WIB needs only the 31st; one minute later the 1st */
	assert_true(jadwal_tuk_covers("2026-12-31", T_2026_12_31 + 17 * HOUR_MS, WORKDAYS_WIB));
	assert_false(
	    jadwal_tuk_covers("2026-12-31", T_2026_12_31 + 17 * HOUR_MS + MIN_MS, WORKDAYS_WIB));
	/* in WIT the same instant is already the next day */
	assert_false(jadwal_tuk_covers("2026-12-31", T_2026_12_31 + 16 * HOUR_MS, WORKDAYS_WIT));
}

static void test_tuk_code(void **state)
{
	(void)state;
	assert_null(jadwal_tuk_code_check("TUK-DEMO-01"));
	assert_null(jadwal_tuk_code_check("T1"));
	assert_null(jadwal_tuk_code_check("TUK/JKT.01_a"));
	assert_string_equal(jadwal_tuk_code_check("T"), "tuk_code_invalid");
	assert_string_equal(jadwal_tuk_code_check("-TUK"), "tuk_code_invalid");
	assert_string_equal(jadwal_tuk_code_check("TUK 01"), "tuk_code_invalid");
	assert_string_equal(jadwal_tuk_code_check(NULL), "tuk_code_invalid");
	assert_string_equal(jadwal_tuk_code_check("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"),
			    "tuk_code_invalid"); /* 33 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roman_months), cmocka_unit_test(test_spt_format),
	    cmocka_unit_test(test_local_parse),	 cmocka_unit_test(test_local_format_and_month),
	    cmocka_unit_test(test_overlaps),	 cmocka_unit_test(test_ratio),
	    cmocka_unit_test(test_tuk_covers),	 cmocka_unit_test(test_tuk_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
