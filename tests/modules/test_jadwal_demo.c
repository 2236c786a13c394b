/* The hr and jadwal demo seeds (--demo): the demo assessor registered with a valid certificate, a
 * demo TUK verified for a year, and — once the demo assessor has the demo scheme in scope — one
 * remote schedule two weeks ahead with the demo assessor assigned and an SPT number. Seeding again
 * changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth.h"
#include "clock.h"
#include "db.h"
#include "hr/hr.h"
#include "jadwal/jadwal.h"
#include "testapp.h"
#include "workdays.h"

#define DEMO_PASSWORD "Demo-Ujikom-2026"
#define DEMO_NUMBER   "SKM-01/BNSP/VII/2020" /* the muk demo scheme */

static struct testapp *T;

static int setup(void **state)
{
	(void)state;
	T = testapp_new(1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	testapp_free(&T);
	return 0;
}

static int64_t demo_asesor_id(void)
{
	struct arena *a = arena_new();
	struct auth_account *acct = NULL;
	int64_t id;

	assert_int_equal(
	    auth_account_by_email(T->app.db, a, "asesor@demo.ujikom.id", clock_now_ms(), &acct),
	    ERR_OK);
	id = acct->id;
	arena_free(&a);
	return id;
}

/* The id of the muk demo scheme from the public scheme list; 0 when absent. */
static int64_t demo_skema_id(void)
{
	struct tresp r;
	json_t *o;
	size_t i;
	int64_t id = 0;

	assert_int_equal(testapp_request(T, "GET", "/api/skema", NULL, &r), 200);
	json_array_foreach(json_object_get(r.json, "skema"), i, o)
	{
		const char *n = json_string_value(json_object_get(o, "number"));
		if (n && strcmp(n, DEMO_NUMBER) == 0)
			id = json_integer_value(json_object_get(o, "id"));
	}
	tresp_free(&r);
	return id;
}

static long long jadwal_rows(void)
{
	return testapp_count(T, "jadwal") + testapp_count(T, "jadwal_asesor") +
	       testapp_count(T, "tuk") + testapp_count(T, "hr_asesor") +
	       testapp_count(T, "hr_asesor_scope") + testapp_count(T, "ledger_entries");
}

static void test_demo_seed(void **state)
{
	struct arena *a = arena_new();
	struct hr_asesor h;
	int64_t asesor = demo_asesor_id(), skema = demo_skema_id(), day;
	struct tresp r;
	char path[64], until[WORKDAYS_DATE_LEN];

	(void)state;
	/* the demo assessor: registered, certificate valid today */
	assert_int_equal(hr_asesor_get(T->app.db, a, asesor, &h), ERR_OK);
	assert_null(hr_met_check(h.met_number, 2100));
	assert_true(h.active);
	assert_true(strcmp(h.certificate_valid_until, "") > 0);
	/* the demo TUK, verified for a year */
	assert_int_equal(testapp_login(T, "admin@demo.ujikom.id", DEMO_PASSWORD), 200);
	assert_int_equal(testapp_request(T, "GET", "/api/tuk", NULL, &r), 200);
	json_t *tuk = json_array_get(json_object_get(r.json, "tuk"), 0);
	assert_non_null(tuk);
	assert_string_equal(json_string_value(json_object_get(tuk, "code")), "TUK-DEMO-01");
	day = workdays_day_from_ms(clock_now_ms(), WORKDAYS_WIB) + 365;
	workdays_format(day, until, sizeof until);
	assert_string_equal(json_string_value(json_object_get(tuk, "verified_until")), until);
	tresp_free(&r);

	/* With the demo scheme in scope (the hr seed adds it once muk.h can look it up), the
	 * jadwal seed schedules it; until then there is no demo schedule. Put it in scope the way
	 * an admin would, then seed again. */
	assert_true(skema > 0);
	if (h.nskema == 0) {
		assert_int_equal(testapp_count(T, "jadwal"), 0);
		snprintf(path, sizeof path, "/api/asesor/%lld", (long long)asesor);
		assert_int_equal(
		    testapp_call(T, "PUT", path,
				 json_pack("{ss ss ss s[I]}", "met_number", h.met_number,
					   "certificate_number", h.certificate_number,
					   "certificate_valid_until", h.certificate_valid_until,
					   "skema_ids", (json_int_t)skema),
				 NULL),
		    200);
		assert_int_equal(jadwal_module.demo_seed(&T->app, T->app.db), ERR_OK);
	}
	assert_int_equal(testapp_request(T, "GET", "/api/jadwal", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	json_t *j = json_array_get(json_object_get(r.json, "jadwal"), 0);
	assert_string_equal(json_string_value(json_object_get(j, "mode")), "jarak_jauh");
	assert_int_equal(json_integer_value(json_object_get(j, "skema_id")), skema);
	char start[32];
	workdays_format(workdays_day_from_ms(clock_now_ms(), WORKDAYS_WIB) + 14, until,
			sizeof until);
	snprintf(start, sizeof start, "%sT09:00", until);
	assert_string_equal(json_string_value(json_object_get(j, "start_local")), start);
	json_t *as = json_array_get(json_object_get(j, "asesor"), 0);
	assert_non_null(as);
	assert_int_equal(json_integer_value(json_object_get(as, "account_id")), asesor);
	const char *spt = json_string_value(json_object_get(as, "spt_number"));
	assert_non_null(spt);
	assert_int_equal(strncmp(spt, "001/ST/LSP-DEMO/", 16), 0);
	tresp_free(&r);

	/* idempotent */
	long long before = jadwal_rows();
	assert_int_equal(hr_module.demo_seed(&T->app, T->app.db), ERR_OK);
	assert_int_equal(jadwal_module.demo_seed(&T->app, T->app.db), ERR_OK);
	assert_int_equal(jadwal_rows(), before);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_demo_seed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
