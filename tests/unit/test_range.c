/* The HTTP Range parser: every form RFC 9110 defines for one byte range, what is ignored (200),
 * what is unsatisfiable (416), clamping and overflow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/http/range.h"

static enum range_result parse(const char *s, int64_t size, struct range *r)
{
	r->off = -7;
	r->len = -7;
	return range_parse(s, s ? strlen(s) : 0, size, r);
}

static void expect_partial(const char *s, int64_t size, int64_t off, int64_t len)
{
	struct range r;
	assert_int_equal(parse(s, size, &r), RANGE_PARTIAL);
	assert_int_equal(r.off, off);
	assert_int_equal(r.len, len);
}

static void expect(const char *s, int64_t size, enum range_result want)
{
	struct range r;
	assert_int_equal(parse(s, size, &r), want);
	if (want != RANGE_PARTIAL) { /* out is left alone */
		assert_int_equal(r.off, -7);
		assert_int_equal(r.len, -7);
	}
}

static void test_first_last(void **state)
{
	(void)state;
	expect_partial("bytes=0-0", 1000, 0, 1);
	expect_partial("bytes=0-499", 1000, 0, 500);
	expect_partial("bytes=500-999", 1000, 500, 500);
	expect_partial("bytes=999-999", 1000, 999, 1);
	expect_partial("bytes=10-10", 11, 10, 1);
}

static void test_beyond_size_clamps(void **state)
{
	(void)state;
	expect_partial("bytes=500-1500", 1000, 500, 500);
	expect_partial("bytes=0-1000", 1000, 0, 1000);
	expect_partial("bytes=0-99999999999999", 1000, 0, 1000);
}

static void test_open_ended(void **state)
{
	(void)state;
	expect_partial("bytes=0-", 1000, 0, 1000);
	expect_partial("bytes=999-", 1000, 999, 1);
	expect_partial("bytes=1-", 2, 1, 1);
}

static void test_suffix(void **state)
{
	(void)state;
	expect_partial("bytes=-1", 1000, 999, 1);
	expect_partial("bytes=-500", 1000, 500, 500);
	expect_partial("bytes=-1000", 1000, 0, 1000);
	expect_partial("bytes=-5000", 1000, 0, 1000); /* longer than the file: all of it */
}

static void test_unsatisfiable(void **state)
{
	(void)state;
	expect("bytes=1000-", 1000, RANGE_UNSATISFIABLE);
	expect("bytes=1000-2000", 1000, RANGE_UNSATISFIABLE);
	expect("bytes=5000-6000", 1000, RANGE_UNSATISFIABLE);
	expect("bytes=-0", 1000, RANGE_UNSATISFIABLE);
	expect("bytes=-000", 1000, RANGE_UNSATISFIABLE);
	/* an empty representation satisfies no range */
	expect("bytes=0-", 0, RANGE_UNSATISFIABLE);
	expect("bytes=0-0", 0, RANGE_UNSATISFIABLE);
	expect("bytes=-5", 0, RANGE_UNSATISFIABLE);
}

static void test_first_after_last_is_ignored(void **state)
{
	(void)state;
	expect("bytes=500-499", 1000, RANGE_IGNORE);
	expect("bytes=5-0", 1000, RANGE_IGNORE);
	/* invalid even when beyond the end: the spec, not the size, decides first */
	expect("bytes=2000-1500", 1000, RANGE_IGNORE);
}

static void test_malformed_is_ignored(void **state)
{
	(void)state;
	const char *bad[] = {
	    "",		  "bytes",	 "bytes=",	"bytes=-",	 "bytes=--1",
	    "bytes=a-b",  "bytes=1-b",	 "bytes=a-1",	"bytes=1",	 "bytes=+1-2",
	    "bytes=1-+2", "bytes=0x1-2", "bytes=1.5-2", "bytes=1 - 2",	 "bytes=1-2x",
	    "bytes=1-2-", "bytes=-1-2",	 "bytes =0-1",	"bytes= =0-1",	 "byte=0-1",
	    "items=0-1",  "bytesX=0-1",	 "=0-1",	"0-1",		 "bytes:0-1",
	    "bytes=\x00", "bytes=-1x",	 "bytes=1-\t2", "bytes=\"0-1\"", "bytes=,",
	    "bytes=, ,",  "bytes=0-1;",	 "bytes=0-1 x", "bytes=\r\n0-1",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct range r;
		if (parse(bad[i], 1000, &r) != RANGE_IGNORE)
			fail_msg("\"%s\" was not ignored", bad[i]);
	}
	expect(NULL, 1000, RANGE_IGNORE);
}

static void test_multiple_ranges_ignored(void **state)
{
	(void)state;
	expect("bytes=0-1,5-6", 1000, RANGE_IGNORE);
	expect("bytes=0-1, 5-6", 1000, RANGE_IGNORE);
	expect("bytes=-1,0-", 1000, RANGE_IGNORE);
	expect("bytes=0-1,junk", 1000, RANGE_IGNORE);
	/* empty list elements do not count (RFC 9110 §5.6.1) */
	expect_partial("bytes=0-1,", 1000, 0, 2);
	expect_partial("bytes=, 0-1 ,,", 1000, 0, 2);
}

static void test_whitespace_and_case(void **state)
{
	(void)state;
	expect_partial("  bytes=0-1\t", 1000, 0, 2);
	expect_partial("Bytes=0-1", 1000, 0, 2);
	expect_partial("BYTES=-2", 1000, 998, 2);
	expect_partial("bytes= 0-1", 1000, 0, 2);
	expect_partial("bytes=007-008", 1000, 7, 2); /* leading zeros are digits */
}

static void test_overflow_saturates(void **state)
{
	(void)state;
	/* 2^63 and far beyond: read as "very large", never wrapped */
	expect("bytes=9223372036854775808-", 1000, RANGE_UNSATISFIABLE);
	expect("bytes=99999999999999999999999999999999-", 1000, RANGE_UNSATISFIABLE);
	expect_partial("bytes=0-18446744073709551616", 1000, 0, 1000);
	expect_partial("bytes=-99999999999999999999999999", 1000, 0, 1000);
	expect_partial("bytes=9223372036854775806-", INT64_MAX, INT64_MAX - 1, 1);
	expect_partial("bytes=0-", INT64_MAX, 0, INT64_MAX);
	expect_partial("bytes=-9223372036854775807", INT64_MAX, 0, INT64_MAX);
	/* saturated first and last are equal: still a valid spec, but past the end */
	expect("bytes=99999999999999999999-99999999999999999999", 1000, RANGE_UNSATISFIABLE);
}

static void test_not_nul_terminated(void **state)
{
	(void)state;
	const char buf[] = {'b', 'y', 't', 'e', 's', '=', '1', '-', '2', '9', '9'};
	struct range r;
	assert_int_equal(range_parse(buf, 9, 1000, &r), RANGE_PARTIAL); /* "bytes=1-2" */
	assert_int_equal(r.off, 1);
	assert_int_equal(r.len, 2);
	assert_int_equal(range_parse(buf, 8, 1000, &r), RANGE_PARTIAL); /* "bytes=1-" */
	assert_int_equal(r.len, 999);
	assert_int_equal(range_parse(buf, 5, 1000, &r), RANGE_IGNORE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_first_last),
	    cmocka_unit_test(test_beyond_size_clamps),
	    cmocka_unit_test(test_open_ended),
	    cmocka_unit_test(test_suffix),
	    cmocka_unit_test(test_unsatisfiable),
	    cmocka_unit_test(test_first_after_last_is_ignored),
	    cmocka_unit_test(test_malformed_is_ignored),
	    cmocka_unit_test(test_multiple_ranges_ignored),
	    cmocka_unit_test(test_whitespace_and_case),
	    cmocka_unit_test(test_overflow_saturates),
	    cmocka_unit_test(test_not_nul_terminated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
