/* The hr module's pure rules (modules/hr/hr_logic.c): the MET registration number, the assessor
 * certificate number, the last valid day of a certificate (WIB) and the scope id list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hr/hr.h"
#include "hr/hr_internal.h"

/* 2026-12-31T00:00:00Z */
#define T_2026_12_31 INT64_C(1798675200000)
#define HOUR_MS	     INT64_C(3600000)

static void test_met_valid(void **state)
{
	(void)state;
	assert_null(hr_met_check("MET.000.001234 2019", 2026));
	assert_null(hr_met_check("MET.000.999999 2026", 2026)); /* this year */
	assert_null(hr_met_check("MET.000.000001 1990", 2026)); /* the oldest year */
}

static void test_met_invalid(void **state)
{
	(void)state;
	assert_string_equal(hr_met_check(NULL, 2026), "met_invalid");
	assert_string_equal(hr_met_check("", 2026), "met_invalid");
	assert_string_equal(hr_met_check("met.000.001234 2019", 2026), "met_invalid"); /* case */
	assert_string_equal(hr_met_check("MET.001.001234 2019", 2026), "met_invalid"); /* not 000 */
	assert_string_equal(hr_met_check("MET.000.01234 2019", 2026), "met_invalid"); /* 5 digits */
	assert_string_equal(hr_met_check("MET.000.0012345 2019", 2026), "met_invalid");
	assert_string_equal(hr_met_check("MET.000.001234  2019", 2026),
			    "met_invalid"); /* 2 spaces */
	assert_string_equal(hr_met_check("MET.000.001234-2019", 2026), "met_invalid");
	assert_string_equal(hr_met_check("MET.000.00123A 2019", 2026), "met_invalid");
	assert_string_equal(hr_met_check("MET.000.001234 20l9", 2026), "met_invalid");
	assert_string_equal(hr_met_check("MET.000.000000 2019", 2026),
			    "met_invalid"); /* serial 0 */
	assert_string_equal(hr_met_check("MET.000.001234 1989", 2026), "met_invalid"); /* too old */
	assert_string_equal(hr_met_check("MET.000.001234 2027", 2026), "met_invalid"); /* future */
	assert_string_equal(hr_met_check(" MET.000.001234 2019", 2026), "met_invalid");
}

static void test_cert_number(void **state)
{
	(void)state;
	assert_null(hr_cert_number_check("ASK/DEMO/0001/2024"));
	assert_null(hr_cert_number_check("73320 2323 3 0001234 2023"));
	assert_null(hr_cert_number_check("No.Reg:A-1_2"));
	assert_string_equal(hr_cert_number_check(NULL), "certificate_number_invalid");
	assert_string_equal(hr_cert_number_check("AB"), "certificate_number_invalid");
	assert_string_equal(hr_cert_number_check("/ABC"), "certificate_number_invalid");
	assert_string_equal(hr_cert_number_check("ABC\n1"), "certificate_number_invalid");
	assert_string_equal(hr_cert_number_check("ABC#1"), "certificate_number_invalid");
	char longer[66];
	memset(longer, 'A', 65);
	longer[65] = '\0';
	assert_string_equal(hr_cert_number_check(longer), "certificate_number_invalid");
	longer[64] = '\0';
	assert_null(hr_cert_number_check(longer));
}

static void test_cert_valid_on(void **state)
{
	(void)state;
	/* valid through 2026-12-31 in WIB (UTC+7): until 2026-12-31T16:59:59.999Z */
	assert_int_equal(hr_cert_valid_on("2026-12-31", T_2026_12_31), 1);
	assert_int_equal(hr_cert_valid_on("2026-12-31", T_2026_12_31 + 17 * HOUR_MS - 1), 1);
	assert_int_equal(hr_cert_valid_on("2026-12-31", T_2026_12_31 + 17 * HOUR_MS), 0);
	assert_int_equal(hr_cert_valid_on("2026-12-30", T_2026_12_31), 0);
	assert_int_equal(hr_cert_valid_on("2027-01-01", T_2026_12_31 + 17 * HOUR_MS), 1);
	assert_int_equal(hr_cert_valid_on("2026-02-30", T_2026_12_31), -1);
	assert_int_equal(hr_cert_valid_on("31-12-2026", T_2026_12_31), -1);
	assert_int_equal(hr_cert_valid_on(NULL, T_2026_12_31), -1);
	/* the year in WIB: 2026-12-31T17:00Z is already 2027 in Jakarta */
	assert_int_equal(hr_year_of(T_2026_12_31 + 17 * HOUR_MS - 1), 2026);
	assert_int_equal(hr_year_of(T_2026_12_31 + 17 * HOUR_MS), 2027);
}

static void test_ids_unique(void **state)
{
	int64_t v[] = {5, 3, 5, 1, 3, 9};

	(void)state;
	assert_int_equal(hr_ids_unique(v, 6), 4);
	assert_int_equal(v[0], 1);
	assert_int_equal(v[1], 3);
	assert_int_equal(v[2], 5);
	assert_int_equal(v[3], 9);
	assert_int_equal(hr_ids_unique(v, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_met_valid),	cmocka_unit_test(test_met_invalid),
	    cmocka_unit_test(test_cert_number), cmocka_unit_test(test_cert_valid_on),
	    cmocka_unit_test(test_ids_unique),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
