/* Working-day deadlines: the holiday table (seeded once, edited by the LSP through the API, each
 * change in the ledger), deadlines that skip weekends and holidays in the LSP's zone, and the
 * overdue list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "certification/cert_internal.h"
#include "db.h"
#include "testapp.h"
#include "workdays.h"

#define PW "Demo-Ujikom-2026"

/* 10:00 WIB on a civil date. */
static int64_t at_10_wib(int y, int m, int d)
{
	return workdays_day_start_ms(workdays_from_civil(y, m, d), 7 * 60) + 10 * 3600 * 1000LL;
}

static void test_due_at_skips_weekends_and_holidays(void **state)
{
	(void)state;
	struct testapp *t = testapp_new(1);
	struct tresp r;
	assert_int_equal(testapp_request(t, "GET", "/api/session", NULL, NULL), 200);
	assert_int_equal(testapp_login(t, "admin@demo.ujikom.id", PW), 200);
	assert_int_equal(testapp_request(t, "GET", "/api/holidays", NULL, &r), 200);
	assert_true(json_array_size(json_object_get(r.json, "holidays")) >= 20); /* seeded */
	tresp_free(&r);

	/* Thursday 2026-10-08 + 3 working days = Tuesday 2026-10-13 (no holiday in between) */
	int64_t from = at_10_wib(2026, 10, 8);
	int64_t due = cert_due_at(&t->app, t->app.db, from, 3);
	assert_int_equal(due, workdays_day_start_ms(workdays_from_civil(2026, 10, 14), 7 * 60) - 1);
	/* the LSP adds a holiday on Monday 12 October: the deadline moves one working day */
	long long ledger = testapp_count(t, "ledger_entries");
	assert_int_equal(testapp_request(t, "POST", "/api/holidays",
					 "{\"date\":\"2026-10-12\",\"name\":\"Libur daerah\"}", &r),
			 201);
	tresp_free(&r);
	assert_true(testapp_count(t, "ledger_entries") > ledger);
	assert_int_equal(cert_due_at(&t->app, t->app.db, from, 3),
			 workdays_day_start_ms(workdays_from_civil(2026, 10, 15), 7 * 60) - 1);
	/* refusals change nothing */
	long long n = testapp_count(t, "cert_holidays");
	assert_int_equal(testapp_request(t, "POST", "/api/holidays",
					 "{\"date\":\"2026-10-12\",\"name\":\"Lagi\"}", &r),
			 409);
	tresp_free(&r);
	assert_int_equal(testapp_request(t, "POST", "/api/holidays",
					 "{\"date\":\"2026-13-40\",\"name\":\"Salah\"}", &r),
			 422);
	assert_string_equal(json_string_value(json_object_get(r.json, "field")), "date");
	tresp_free(&r);
	assert_int_equal(testapp_count(t, "cert_holidays"), n);
	assert_int_equal(testapp_request(t, "DELETE", "/api/holidays/2026-10-12", NULL, &r), 204);
	tresp_free(&r);
	assert_int_equal(cert_due_at(&t->app, t->app.db, from, 3), due);

	/* an asesi may read the table but not edit it */
	testapp_cookies_clear(t);
	assert_int_equal(testapp_login(t, "asesi@demo.ujikom.id", PW), 200);
	assert_int_equal(testapp_request(t, "POST", "/api/holidays",
					 "{\"date\":\"2026-10-19\",\"name\":\"Coba\"}", &r),
			 403);
	tresp_free(&r);
	testapp_free(&t);
}

static void test_overdue_list(void **state)
{
	(void)state;
	struct testapp *t = testapp_new(1);
	struct tresp r;
	assert_int_equal(testapp_login(t, "asesi@demo.ujikom.id", PW), 200);
	assert_int_equal(testapp_request(t, "POST", "/api/cases", "{\"skema_id\":1}", &r), 201);
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	tresp_free(&r);
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE cert_cases SET due_at = 1000 WHERE id = %lld",
		 (long long)id);
	assert_int_equal(db_exec(t->app.db, sql), ERR_OK);
	testapp_cookies_clear(t);
	assert_int_equal(testapp_login(t, "admin@demo.ujikom.id", PW), 200);
	assert_int_equal(testapp_request(t, "GET", "/api/cases?overdue=1", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	tresp_free(&r);
	snprintf(sql, sizeof sql, "UPDATE cert_cases SET due_at = NULL WHERE id = %lld",
		 (long long)id);
	assert_int_equal(db_exec(t->app.db, sql), ERR_OK);
	assert_int_equal(testapp_request(t, "GET", "/api/cases?overdue=1", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 0);
	tresp_free(&r);
	assert_int_equal(testapp_request(t, "GET", "/api/cases?overdue=2", NULL, &r), 422);
	tresp_free(&r);
	testapp_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_due_at_skips_weekends_and_holidays),
	    cmocka_unit_test(test_overdue_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
