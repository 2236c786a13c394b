/* The hr module's assessor registry through the real router: registering, reading, listing and
 * updating assessors, every refusal leaving the tables unchanged, the permissions, and the
 * eligibility check (hr_asesor_check) other modules call before assigning an assessor. */
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
#include "testapp.h"
#include "workdays.h"

#define PW     "Sandi-Uji-2026"
#define ADMIN  "admin@uji.lsp.id"
#define DAY_MS INT64_C(86400000)

static struct testapp *T;
static int64_t admin_id, manajer_id, auditor_id, asesor_id, asesor2_id, asesi_id;
static int64_t skema_a, skema_b;

static int64_t account_make(const char *hash, const char *email, const char *role)
{
	int64_t id = 0, now = clock_now_ms();

	assert_int_equal(db_begin(T->app.db), ERR_OK);
	assert_int_equal(auth_account_create(T->app.db, 0, email, "Orang Uji", hash, 0, now, &id),
			 ERR_OK);
	assert_int_equal(auth_account_role_add(T->app.db, 0, id, role, now), ERR_OK);
	assert_int_equal(db_commit(T->app.db), ERR_OK);
	return id;
}

static void as(const char *email)
{
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, email, PW), 200);
}

static int call(const char *method, const char *path, struct tresp *out, const char *fmt, ...)
{
	va_list ap;
	json_t *body = NULL;

	if (fmt) {
		va_start(ap, fmt);
		body = json_vpack_ex(NULL, 0, fmt, ap);
		va_end(ap);
		assert_non_null(body);
	}
	return testapp_call(T, method, path, body, out);
}

static void expect_error(int got, int status, struct tresp *r, const char *code, const char *field)
{
	assert_int_equal(got, status);
	assert_non_null(r->json);
	assert_string_equal(json_string_value(json_object_get(r->json, "error")), code);
	if (field)
		assert_string_equal(json_string_value(json_object_get(r->json, "field")), field);
	assert_non_null(json_string_value(json_object_get(r->json, "message")));
	tresp_free(r);
}

static int64_t skema_make(const char *code, const char *number)
{
	struct tresp r;
	int64_t id;

	assert_int_equal(call("POST", "/api/skema", &r, "{ss ss ss ss si s{sb ss ss}}", "code",
			      code, "number", number, "title", "Skema Uji", "type", "okupasi",
			      "fee_idr", 0, "remote", "approved", 1, "approval_number",
			      "UJI-001/BNSP/2026", "approval_date", "2026-01-15"),
			 201);
	id = json_integer_value(json_object_get(r.json, "id"));
	assert_true(id > 0);
	tresp_free(&r);
	return id;
}

/* A date days from today (WIB) as YYYY-MM-DD, in a static buffer. */
static const char *date_in(int days)
{
	static char buf[4][WORKDAYS_DATE_LEN];
	static int k;
	char *out = buf[k++ % 4];

	workdays_format(workdays_day_from_ms(clock_now_ms(), WORKDAYS_WIB) + days, out,
			WORKDAYS_DATE_LEN);
	return out;
}

static int setup(void **state)
{
	char hash[AUTH_HASH_MAX];

	(void)state;
	T = testapp_new(0);
	assert_int_equal(auth_password_hash(&T->cfg, PW, hash, sizeof hash), ERR_OK);
	admin_id = account_make(hash, ADMIN, "admin_lsp");
	manajer_id = account_make(hash, "manajer@uji.lsp.id", "manajer_sertifikasi");
	auditor_id = account_make(hash, "auditor@uji.lsp.id", "auditor");
	asesor_id = account_make(hash, "asesor1@uji.lsp.id", "asesor");
	asesor2_id = account_make(hash, "asesor2@uji.lsp.id", "asesor");
	asesi_id = account_make(hash, "asesi1@uji.lsp.id", "asesi");
	as(ADMIN);
	skema_a = skema_make("SKA", "SKM/UJI/001/2026");
	skema_b = skema_make("SKB", "SKM/UJI/002/2026");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	testapp_free(&T);
	return 0;
}

/* Registers asesor_id with scope skema_a and a certificate valid days more days. */
static void register_asesor(int64_t id, const char *met, int days)
{
	struct tresp r;

	assert_int_equal(call("POST", "/api/asesor", &r, "{sI ss ss ss s[I]}", "account_id",
			      (json_int_t)id, "met_number", met, "certificate_number",
			      "ASK/UJI/0001/2025", "certificate_valid_until", date_in(days),
			      "skema_ids", (json_int_t)skema_a),
			 201);
	tresp_free(&r);
}

static void test_register_and_read(void **state)
{
	struct tresp r;
	char path[64];
	long long ledger = testapp_count(T, "ledger_entries");

	(void)state;
	/* the scope is deduplicated and sorted */
	assert_int_equal(call("POST", "/api/asesor", &r, "{sI ss ss ss s[III]}", "account_id",
			      (json_int_t)asesor_id, "met_number", "MET.000.001234 2019",
			      "certificate_number", "ASK/UJI/0001/2025", "certificate_valid_until",
			      date_in(365), "skema_ids", (json_int_t)skema_b, (json_int_t)skema_a,
			      (json_int_t)skema_b),
			 201);
	assert_int_equal(json_integer_value(json_object_get(r.json, "account_id")), asesor_id);
	assert_string_equal(json_string_value(json_object_get(r.json, "met_number")),
			    "MET.000.001234 2019");
	assert_string_equal(json_string_value(json_object_get(r.json, "email")),
			    "asesor1@uji.lsp.id");
	assert_true(json_is_true(json_object_get(r.json, "certificate_valid")));
	assert_true(json_is_true(json_object_get(r.json, "active")));
	json_t *scope = json_object_get(r.json, "skema_ids");
	assert_int_equal(json_array_size(scope), 2);
	assert_int_equal(json_integer_value(json_array_get(scope, 0)), skema_a);
	assert_int_equal(json_integer_value(json_array_get(scope, 1)), skema_b);
	tresp_free(&r);
	/* one change, one ledger entry */
	assert_int_equal(testapp_count(T, "ledger_entries"), ledger + 1);
	assert_int_equal(testapp_count(T, "hr_asesor"), 1);
	assert_int_equal(testapp_count(T, "hr_asesor_scope"), 2);

	snprintf(path, sizeof path, "/api/asesor/%lld", (long long)asesor_id);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "certificate_number")),
			    "ASK/UJI/0001/2025");
	tresp_free(&r);
	snprintf(path, sizeof path, "/api/asesor/%lld", (long long)asesor2_id);
	expect_error(testapp_request(T, "GET", path, NULL, &r), 404, &r, "asesor_not_registered",
		     NULL);

	/* the list, filtered by scheme and active flag */
	register_asesor(asesor2_id, "MET.000.004321 2020", 30);
	char q[96];
	assert_int_equal(testapp_request(T, "GET", "/api/asesor", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 2);
	tresp_free(&r);
	snprintf(q, sizeof q, "/api/asesor?skema_id=%lld", (long long)skema_b);
	assert_int_equal(testapp_request(T, "GET", q, NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	json_t *first = json_array_get(json_object_get(r.json, "asesor"), 0);
	assert_int_equal(json_integer_value(json_object_get(first, "account_id")), asesor_id);
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/asesor?active=0", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 0);
	tresp_free(&r);
	expect_error(testapp_request(T, "GET", "/api/asesor?active=2", NULL, &r), 422, &r,
		     "query_invalid", "active");
}

static void test_register_refusals(void **state)
{
	struct tresp r;
	long long ledger = testapp_count(T, "ledger_entries");

	(void)state;
	/* malformed MET numbers */
	static const char *const bad_met[] = {"MET.000.1234 2019", "MET-000-001234-2019",
					      "MET.000.001234 2099", "MET.000.000000 2019",
					      "met.000.001234 2019"};
	for (size_t i = 0; i < sizeof bad_met / sizeof bad_met[0]; i++)
		expect_error(call("POST", "/api/asesor", &r, "{sI ss ss ss}", "account_id",
				  (json_int_t)asesor_id, "met_number", bad_met[i],
				  "certificate_number", "ASK/UJI/0001/2025",
				  "certificate_valid_until", date_in(30)),
			     422, &r, "met_invalid", "met_number");
	expect_error(call("POST", "/api/asesor", &r, "{sI ss ss ss}", "account_id",
			  (json_int_t)asesor_id, "met_number", "MET.000.001234 2019",
			  "certificate_number", "#1", "certificate_valid_until", date_in(30)),
		     422, &r, "certificate_number_invalid", "certificate_number");
	expect_error(call("POST", "/api/asesor", &r, "{sI ss ss ss}", "account_id",
			  (json_int_t)asesor_id, "met_number", "MET.000.001234 2019",
			  "certificate_number", "ASK/UJI/0001/2025", "certificate_valid_until",
			  "31-12-2027"),
		     422, &r, "field_format", "certificate_valid_until");
	expect_error(call("POST", "/api/asesor", &r, "{sI ss ss ss}", "account_id",
			  (json_int_t)asesor_id, "met_number", "MET.000.001234 2019",
			  "certificate_number", "ASK/UJI/0001/2025", "certificate_valid_until",
			  date_in(3000)),
		     422, &r, "field_range", "certificate_valid_until");
	/* an unknown scheme, an account that is not an assessor, an unknown account */
	expect_error(call("POST", "/api/asesor", &r, "{sI ss ss ss s[I]}", "account_id",
			  (json_int_t)asesor_id, "met_number", "MET.000.001234 2019",
			  "certificate_number", "ASK/UJI/0001/2025", "certificate_valid_until",
			  date_in(30), "skema_ids", (json_int_t)999999),
		     422, &r, "skema_unknown", "skema_ids");
	expect_error(call("POST", "/api/asesor", &r, "{sI ss ss ss}", "account_id",
			  (json_int_t)asesi_id, "met_number", "MET.000.001234 2019",
			  "certificate_number", "ASK/UJI/0001/2025", "certificate_valid_until",
			  date_in(30)),
		     422, &r, "account_not_asesor", "account_id");
	expect_error(call("POST", "/api/asesor", &r, "{sI ss ss ss}", "account_id",
			  (json_int_t)999999, "met_number", "MET.000.001234 2019",
			  "certificate_number", "ASK/UJI/0001/2025", "certificate_valid_until",
			  date_in(30)),
		     422, &r, "account_unknown", "account_id");
	assert_int_equal(testapp_count(T, "hr_asesor"), 0);
	assert_int_equal(testapp_count(T, "hr_asesor_scope"), 0);
	assert_int_equal(testapp_count(T, "ledger_entries"), ledger);

	/* twice the same assessor; another assessor with a MET number in use */
	register_asesor(asesor_id, "MET.000.001234 2019", 30);
	ledger = testapp_count(T, "ledger_entries");
	expect_error(call("POST", "/api/asesor", &r, "{sI ss ss ss}", "account_id",
			  (json_int_t)asesor_id, "met_number", "MET.000.009999 2019",
			  "certificate_number", "ASK/UJI/0001/2025", "certificate_valid_until",
			  date_in(30)),
		     409, &r, "asesor_already_registered", "account_id");
	expect_error(call("POST", "/api/asesor", &r, "{sI ss ss ss}", "account_id",
			  (json_int_t)asesor2_id, "met_number", "MET.000.001234 2019",
			  "certificate_number", "ASK/UJI/0001/2025", "certificate_valid_until",
			  date_in(30)),
		     409, &r, "met_taken", "met_number");
	assert_int_equal(testapp_count(T, "hr_asesor"), 1);
	assert_int_equal(testapp_count(T, "hr_asesor_scope"), 1);
	assert_int_equal(testapp_count(T, "ledger_entries"), ledger);
}

static void test_update(void **state)
{
	struct tresp r;
	char path[64];

	(void)state;
	register_asesor(asesor_id, "MET.000.001234 2019", 30);
	register_asesor(asesor2_id, "MET.000.004321 2020", 30);
	snprintf(path, sizeof path, "/api/asesor/%lld", (long long)asesor_id);
	/* renewed certificate (RCC), new scope, deactivated */
	assert_int_equal(call("PUT", path, &r, "{ss ss ss sb s[I]}", "met_number",
			      "MET.000.001234 2019", "certificate_number", "ASK/UJI/0777/2026",
			      "certificate_valid_until", date_in(3 * 365), "active", 0, "skema_ids",
			      (json_int_t)skema_b),
			 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "certificate_number")),
			    "ASK/UJI/0777/2026");
	assert_true(json_is_false(json_object_get(r.json, "active")));
	assert_int_equal(json_array_size(json_object_get(r.json, "skema_ids")), 1);
	assert_int_equal(
	    json_integer_value(json_array_get(json_object_get(r.json, "skema_ids"), 0)), skema_b);
	tresp_free(&r);
	/* the MET number of another assessor */
	long long ledger = testapp_count(T, "ledger_entries");
	expect_error(call("PUT", path, &r, "{ss ss ss}", "met_number", "MET.000.004321 2020",
			  "certificate_number", "ASK/UJI/0777/2026", "certificate_valid_until",
			  date_in(30)),
		     409, &r, "met_taken", "met_number");
	assert_int_equal(testapp_count(T, "ledger_entries"), ledger);
	/* an account that is not registered */
	snprintf(path, sizeof path, "/api/asesor/%lld", (long long)asesi_id);
	expect_error(call("PUT", path, &r, "{ss ss ss}", "met_number", "MET.000.005555 2020",
			  "certificate_number", "ASK/UJI/0777/2026", "certificate_valid_until",
			  date_in(30)),
		     404, &r, "asesor_not_registered", NULL);
	assert_int_equal(testapp_count(T, "hr_asesor"), 2);
}

static void test_permissions(void **state)
{
	struct tresp r;
	long long ledger;

	(void)state;
	register_asesor(asesor_id, "MET.000.001234 2019", 30);
	/* an asesi and an assessor may not read the registry */
	as("asesi1@uji.lsp.id");
	expect_error(testapp_request(T, "GET", "/api/asesor", NULL, &r), 403, &r, "forbidden",
		     NULL);
	as("asesor1@uji.lsp.id");
	expect_error(testapp_request(T, "GET", "/api/asesor", NULL, &r), 403, &r, "forbidden",
		     NULL);
	/* the auditor reads but does not change */
	as("auditor@uji.lsp.id");
	assert_int_equal(testapp_request(T, "GET", "/api/asesor", NULL, &r), 200);
	tresp_free(&r);
	expect_error(call("POST", "/api/asesor", &r, "{sI ss ss ss}", "account_id",
			  (json_int_t)asesor2_id, "met_number", "MET.000.004321 2020",
			  "certificate_number", "ASK/UJI/0001/2025", "certificate_valid_until",
			  date_in(30)),
		     403, &r, "forbidden", NULL);
	assert_int_equal(testapp_count(T, "hr_asesor"), 1);
	/* the certification manager manages */
	as("manajer@uji.lsp.id");
	ledger = testapp_count(T, "ledger_entries");
	assert_int_equal(call("POST", "/api/asesor", &r, "{sI ss ss ss}", "account_id",
			      (json_int_t)asesor2_id, "met_number", "MET.000.004321 2020",
			      "certificate_number", "ASK/UJI/0001/2025", "certificate_valid_until",
			      date_in(30)),
			 201);
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "ledger_entries"), ledger + 1);
	/* signed out */
	testapp_cookies_clear(T);
	expect_error(testapp_request(T, "GET", "/api/asesor", NULL, &r), 401, &r, "unauthenticated",
		     NULL);
}

static void test_asesor_check(void **state)
{
	struct db *db = T->app.db;
	const char *why = NULL;
	int64_t now = clock_now_ms();
	struct hr_asesor a;

	(void)state;
	assert_int_equal(hr_asesor_check(db, asesor_id, skema_a, now, &why), ERR_CONFLICT);
	assert_string_equal(why, "asesor_not_registered");
	register_asesor(asesor_id, "MET.000.001234 2019", 30);
	assert_int_equal(hr_asesor_check(db, asesor_id, skema_a, now, &why), ERR_OK);
	assert_null(why);
	assert_int_equal(hr_asesor_check(db, asesor_id, skema_a, now + 30 * DAY_MS, NULL), ERR_OK);
	/* the certificate ends 30 days from now: a schedule in 32 days is refused */
	assert_int_equal(hr_asesor_check(db, asesor_id, skema_a, now + 32 * DAY_MS, &why),
			 ERR_CONFLICT);
	assert_string_equal(why, "asesor_certificate_expired");
	assert_int_equal(hr_asesor_check(db, asesor_id, skema_b, now, &why), ERR_CONFLICT);
	assert_string_equal(why, "asesor_out_of_scope");
	/* the lookup for documents */
	struct arena *arena = arena_new();
	assert_int_equal(hr_asesor_get(db, arena, asesor_id, &a), ERR_OK);
	assert_string_equal(a.met_number, "MET.000.001234 2019");
	assert_string_equal(a.name, "Orang Uji");
	assert_int_equal(a.nskema, 1);
	assert_int_equal(a.skema_ids[0], skema_a);
	assert_int_equal(hr_asesor_get(db, arena, asesi_id, &a), ERR_NOT_FOUND);
	arena_free(&arena);
	/* losing the assessor role, a disabled account, an inactive record */
	assert_int_equal(db_begin(db), ERR_OK);
	assert_int_equal(auth_account_role_remove(db, 0, asesor_id, "asesor", now), ERR_OK);
	assert_int_equal(db_commit(db), ERR_OK);
	assert_int_equal(hr_asesor_check(db, asesor_id, skema_a, now, &why), ERR_CONFLICT);
	assert_string_equal(why, "asesor_not_registered");
	assert_int_equal(db_begin(db), ERR_OK);
	assert_int_equal(auth_account_role_add(db, 0, asesor_id, "asesor", now), ERR_OK);
	assert_int_equal(auth_account_status_set(db, 0, asesor_id, "disabled", now), ERR_OK);
	assert_int_equal(db_commit(db), ERR_OK);
	assert_int_equal(hr_asesor_check(db, asesor_id, skema_a, now, &why), ERR_CONFLICT);
	assert_string_equal(why, "asesor_not_registered");
	assert_int_equal(db_begin(db), ERR_OK);
	assert_int_equal(auth_account_status_set(db, 0, asesor_id, "active", now), ERR_OK);
	assert_int_equal(db_commit(db), ERR_OK);
	assert_int_equal(hr_asesor_check(db, asesor_id, skema_a, now, NULL), ERR_OK);
	char path[64];
	struct tresp r;
	snprintf(path, sizeof path, "/api/asesor/%lld", (long long)asesor_id);
	assert_int_equal(call("PUT", path, &r, "{ss ss ss sb s[I]}", "met_number",
			      "MET.000.001234 2019", "certificate_number", "ASK/UJI/0001/2025",
			      "certificate_valid_until", date_in(30), "active", 0, "skema_ids",
			      (json_int_t)skema_a),
			 200);
	tresp_free(&r);
	assert_int_equal(hr_asesor_check(db, asesor_id, skema_a, now, &why), ERR_CONFLICT);
	assert_string_equal(why, "asesor_not_registered");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_register_and_read, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_register_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_update, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_asesor_check, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
