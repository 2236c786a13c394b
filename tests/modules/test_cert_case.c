/* The certification case through the real router: an asesi starts an application on the demo
 * scheme; other people's cases are invisible (IDOR); the transition endpoint refuses every step
 * the table does not allow from the current state, with the allowed steps named, and steps
 * whose permission or actor does not fit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testapp.h"

#define PW "Demo-Ujikom-2026"
static struct testapp *T;
static int64_t skema_id;

static int setup(void **state)
{
	(void)state;
	struct tresp r;
	T = testapp_new(1);
	assert_int_equal(testapp_request(T, "GET", "/api/skema", NULL, &r), 200);
	json_t *list = json_object_get(r.json, "skema");
	assert_true(json_array_size(list) > 0);
	skema_id = json_integer_value(json_object_get(json_array_get(list, 0), "id"));
	assert_true(skema_id > 0);
	tresp_free(&r);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	testapp_free(&T);
	return 0;
}

static const char *jstr(const struct tresp *r, const char *k)
{
	return json_string_value(json_object_get(r->json, k));
}

static int64_t create_case(const char *email)
{
	struct tresp r;
	char body[96];
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, email, PW), 200);
	snprintf(body, sizeof body, "{\"skema_id\":%lld,\"purpose\":\"sertifikasi\"}",
		 (long long)skema_id);
	assert_int_equal(testapp_request(T, "POST", "/api/cases", body, &r), 201);
	assert_string_equal(jstr(&r, "state"), "APL01_DRAFT");
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	tresp_free(&r);
	/* a second open application for the same scheme is refused, and nothing is written */
	long long before = testapp_count(T, "cert_cases");
	assert_int_equal(testapp_request(T, "POST", "/api/cases", body, &r), 409);
	assert_string_equal(jstr(&r, "error"), "case_open_exists");
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "cert_cases"), before);
	return id;
}

static void test_create_and_read(void **state)
{
	(void)state;
	struct tresp r;
	char path[64];
	int64_t id = create_case("asesi@demo.ujikom.id");
	snprintf(path, sizeof path, "/api/cases/%lld", (long long)id);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	/* the owner may submit FR.APL.01 next, and nothing else */
	json_t *allowed = json_object_get(r.json, "allowed");
	assert_int_equal(json_array_size(allowed), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(allowed, 0), "event")),
			    "apl01_submit");
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/cases", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	tresp_free(&r);

	/* another asesi cannot see it (not found, not forbidden) nor list it */
	testapp_cookies_clear(T);
	testapp_request(T, "GET", "/api/session", NULL, NULL);
	assert_int_equal(
	    testapp_request(T, "POST", "/api/accounts/register",
			    "{\"nik\":\"3171014506920002\",\"name\":\"Sari Wulandari\","
			    "\"email\":\"sari@example.id\",\"phone\":\"081298765432\","
			    "\"password\":\"Kuat-Sekali-2026\"}",
			    NULL),
	    201);
	assert_int_equal(testapp_login(T, "sari@example.id", "Kuat-Sekali-2026"), 200);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 404);
	tresp_free(&r);
	char ev[96];
	snprintf(ev, sizeof ev, "%s/events/apl01_submit", path);
	assert_int_equal(testapp_request(T, "POST", ev, "{}", &r), 404);
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/cases", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 0);
	tresp_free(&r);

	/* staff with cert.case.read see it */
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, "admin@demo.ujikom.id", PW), 200);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "allowed")), 0);
	tresp_free(&r);
}

static void test_refusals(void **state)
{
	(void)state;
	struct tresp r;
	char path[96];
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, "asesi@demo.ujikom.id", PW), 200);
	assert_int_equal(testapp_request(T, "GET", "/api/cases", NULL, &r), 200);
	int64_t id = json_integer_value(
	    json_object_get(json_array_get(json_object_get(r.json, "cases"), 0), "id"));
	tresp_free(&r);
	long long events = testapp_count(T, "cert_case_events");

	/* a step of a later stage: 409 naming what is possible now */
	snprintf(path, sizeof path, "/api/cases/%lld/events/decide_k", (long long)id);
	assert_int_equal(testapp_request(T, "POST", path, "{}", &r), 409);
	assert_string_equal(jstr(&r, "error"), "transition_not_allowed");
	assert_non_null(strstr(jstr(&r, "message"), "apl01_submit"));
	tresp_free(&r);
	snprintf(path, sizeof path, "/api/cases/%lld/events/no_such_step", (long long)id);
	assert_int_equal(testapp_request(T, "POST", path, "{}", &r), 409);
	tresp_free(&r);

	/* the admin may not submit the asesi's FR.APL.01 (permission) */
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, "admin@demo.ujikom.id", PW), 200);
	snprintf(path, sizeof path, "/api/cases/%lld/events/apl01_submit", (long long)id);
	assert_int_equal(testapp_request(T, "POST", path, "{}", &r), 403);
	tresp_free(&r);
	/* nor may an assessor start an application */
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, "asesor@demo.ujikom.id", PW), 200);
	assert_int_equal(testapp_request(T, "POST", "/api/cases", "{\"skema_id\":1}", &r), 403);
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "cert_case_events"), events);
}

static void test_transition_table_served(void **state)
{
	(void)state;
	struct tresp r;
	testapp_cookies_clear(T);
	assert_int_equal(testapp_request(T, "GET", "/api/certification/transitions", NULL, &r),
			 200);
	json_t *t = json_object_get(r.json, "transitions");
	assert_true(json_array_size(t) >= 20);
	json_t *first = json_array_get(t, 0);
	assert_non_null(json_string_value(json_object_get(first, "sop_step")));
	assert_non_null(json_string_value(json_object_get(first, "permission")));
	tresp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_create_and_read),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_transition_table_served),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
