/* Moving a scheme between installations: export from the demo app, import into a fresh app and
 * export again (same document); duplicates and bad documents are refused whole (409 / 422 with
 * the JSON path) and leave every table as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accounts/accounts.h"
#include "db.h"
#include "muk/muk.h"
#include "testapp.h"

#define DEMO_PASSWORD "Demo-Ujikom-2026"
#define ADMIN	      "admin@demo.ujikom.id"
#define DEMO_NUMBER   "SKM-01/BNSP/VII/2020"
#define FRESH_ADMIN   "admin@lsp-baru.example"
#define FRESH_PW      "Baru-Sekali-2026x"

static const char *const tables[] = {"muk_schemes",	"muk_requirements", "muk_units",
				     "muk_elements",	"muk_kuk",	    "muk_versions",
				     "muk_validations", "muk_reviews",	    "ledger_entries"};
#define NTABLES (sizeof tables / sizeof tables[0])

static const char *jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void counts(struct testapp *t, long long *out)
{
	for (size_t i = 0; i < NTABLES; i++)
		out[i] = testapp_count(t, tables[i]);
}

static void same_counts(struct testapp *t, const long long *before)
{
	for (size_t i = 0; i < NTABLES; i++)
		if (testapp_count(t, tables[i]) != before[i])
			fail_msg("%s changed: %lld -> %lld", tables[i], before[i],
				 testapp_count(t, tables[i]));
}

static int64_t demo_scheme_id(struct testapp *t)
{
	int64_t id = 0;

	assert_int_equal(db_get_int(t->app.db, &id, "SELECT id FROM muk_schemes WHERE number = ?",
				    "t", DEMO_NUMBER),
			 ERR_OK);
	return id;
}

/* The export document of a scheme (owned by the caller). */
static json_t *export_of(struct testapp *t, int64_t id)
{
	struct tresp r;
	char path[64];
	json_t *doc;

	snprintf(path, sizeof path, "/api/skema/%lld/export", (long long)id);
	assert_int_equal(testapp_request(t, "GET", path, NULL, &r), 200);
	assert_non_null(r.json);
	assert_non_null(tresp_header(&r, "Content-Disposition", NULL));
	doc = json_incref(r.json);
	tresp_free(&r);
	return doc;
}

static void expect_error(int got, int status, const struct tresp *r, const char *code,
			 const char *field)
{
	if (got != status)
		fail_msg("status %d, expected %d: %s", got, status, r->body ? r->body : "");
	assert_string_equal(jstr(r->json, "error"), code);
	if (field)
		assert_string_equal(jstr(r->json, "field"), field);
}

/* A fresh installation with one admin (first-admin command, one-time password changed). */
static struct testapp *fresh_app(void)
{
	struct testapp *t = testapp_new(0);
	char otp[ACCOUNTS_OTP_SIZE];

	assert_int_equal(accounts_admin_create(&t->app, FRESH_ADMIN, otp, sizeof otp), ERR_OK);
	assert_int_equal(testapp_login(t, FRESH_ADMIN, otp), 200);
	assert_int_equal(
	    testapp_call(t, "POST", "/api/account/password",
			 json_pack("{s:s, s:s}", "current_password", otp, "new_password", FRESH_PW),
			 NULL),
	    204);
	return t;
}

static void test_export_import_roundtrip(void **state)
{
	struct testapp *a = testapp_new(1), *b;
	json_t *doc, *again, *v;
	struct tresp r;
	int64_t id;
	char path[64];

	(void)state;
	assert_int_equal(testapp_login(a, ADMIN, DEMO_PASSWORD), 200);
	doc = export_of(a, demo_scheme_id(a));
	assert_string_equal(jstr(doc, "format"), "ujikom.skema");
	assert_int_equal(json_integer_value(json_object_get(doc, "version")), 1);
	v = json_array_get(json_object_get(doc, "muk_versions"), 0);
	assert_string_equal(jstr(v, "status"), "validated");
	assert_int_equal(json_array_size(json_object_get(v, "validations")), 1);
	assert_int_equal(json_array_size(json_object_get(v, "reviews")), 1);
	/* The export is for staff: the answer keys travel with it. */
	assert_non_null(
	    jstr(json_array_get(
		     json_object_get(
			 json_object_get(
			     json_object_get(json_object_get(v, "content"), "instruments"), "ia05"),
			 "items"),
		     0),
		 "key"));

	b = fresh_app();
	assert_int_equal(testapp_count(b, "muk_schemes"), 0);
	assert_int_equal(testapp_call(b, "POST", "/api/skema/import", json_incref(doc), &r), 201);
	id = json_integer_value(json_object_get(r.json, "id"));
	assert_int_equal(json_integer_value(json_object_get(r.json, "versions")), 1);
	tresp_free(&r);
	again = export_of(b, id);
	if (!json_equal(doc, again)) {
		char *x = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);
		char *y = json_dumps(again, JSON_SORT_KEYS | JSON_COMPACT);
		size_t k = 0;

		while (x[k] && x[k] == y[k])
			k++;
		fail_msg("round trip differs at byte %zu: ...%.120s vs ...%.120s", k,
			 x + (k > 40 ? k - 40 : 0), y + (k > 40 ? k - 40 : 0));
	}
	/* The imported version is validated and usable at once. */
	{
		int64_t vid = 0;
		json_t *asesi;

		assert_int_equal(muk_version_current(b->app.db, id, &vid), ERR_OK);
		char *text;

		asesi = muk_instruments_for(b->app.db, vid, MUK_AUDIENCE_ASESI);
		assert_non_null(asesi);
		text = json_dumps(asesi, JSON_COMPACT);
		assert_null(strstr(text, "\"key\""));
		free(text);
		json_decref(asesi);
	}
	/* Public in the new installation too. */
	testapp_cookies_clear(b);
	snprintf(path, sizeof path, "/api/skema/%lld", (long long)id);
	assert_int_equal(testapp_request(b, "GET", path, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "units")), 3);
	tresp_free(&r);
	json_decref(again);
	json_decref(doc);
	testapp_free(&b);
	testapp_free(&a);
}

static void test_import_refusals(void **state)
{
	struct testapp *a = testapp_new(1);
	long long before[NTABLES];
	json_t *doc, *bad, *items;
	struct tresp r;

	(void)state;
	assert_int_equal(testapp_login(a, ADMIN, DEMO_PASSWORD), 200);
	doc = export_of(a, demo_scheme_id(a));
	counts(a, before);
	/* Same scheme number: 409, nothing written. */
	expect_error(testapp_call(a, "POST", "/api/skema/import", json_incref(doc), &r), 409, &r,
		     "muk_skema_number_taken", "skema.number");
	tresp_free(&r);
	same_counts(a, before);
	/* Another number, same code. */
	bad = json_deep_copy(doc);
	json_object_set_new(json_object_get(bad, "skema"), "number",
			    json_string("SKM-09/BNSP/VII/2020"));
	expect_error(testapp_call(a, "POST", "/api/skema/import", json_incref(bad), &r), 409, &r,
		     "muk_skema_code_taken", "skema.code");
	tresp_free(&r);
	same_counts(a, before);
	/* A deep error names its path, nothing written. */
	json_object_set_new(json_object_get(bad, "skema"), "code", json_string("ASKOM2"));
	items = json_object_get(
	    json_object_get(
		json_object_get(
		    json_object_get(json_array_get(json_object_get(bad, "muk_versions"), 0),
				    "content"),
		    "instruments"),
		"ia05"),
	    "items");
	json_object_set_new(json_array_get(items, 3), "key", json_integer(2));
	expect_error(testapp_call(a, "POST", "/api/skema/import", json_incref(bad), &r), 422, &r,
		     "field_type", "muk_versions[0].content.instruments.ia05.items[3].key");
	tresp_free(&r);
	same_counts(a, before);
	json_object_set_new(json_array_get(items, 3), "key", json_string("a"));
	json_object_set_new(bad, "format", json_string("skema.v2"));
	expect_error(testapp_call(a, "POST", "/api/skema/import", json_incref(bad), &r), 422, &r,
		     "muk_import_format", "format");
	tresp_free(&r);
	same_counts(a, before);
	/* With a fresh code and number it goes in whole: one scheme, one validated version. */
	json_object_set_new(bad, "format", json_string("ujikom.skema"));
	assert_int_equal(testapp_call(a, "POST", "/api/skema/import", json_incref(bad), &r), 201);
	tresp_free(&r);
	assert_int_equal(testapp_count(a, "muk_schemes"), before[0] + 1);
	assert_int_equal(testapp_count(a, "muk_versions"), before[5] + 1);
	{
		int64_t demo_kuk = 0;

		assert_int_equal(
		    db_get_int(a->app.db, &demo_kuk,
			       "SELECT count(*) FROM muk_kuk k JOIN muk_elements e ON"
			       " e.id = k.element_id JOIN muk_units u ON u.id = e.unit_id"
			       " WHERE u.scheme_id = ?",
			       "i", demo_scheme_id(a)),
		    ERR_OK);
		assert_int_equal(demo_kuk, 26);
		assert_int_equal(testapp_count(a, "muk_kuk"), before[4] + demo_kuk);
	}
	assert_true(testapp_count(a, "ledger_entries") > before[8]);
	json_decref(bad);
	json_decref(doc);
	testapp_free(&a);
}

static void test_import_limits(void **state)
{
	struct testapp *a = testapp_new(1);
	struct tresp r;
	size_t n = 2 * 1024 * 1024 + 16;
	char *big = malloc(n + 1);

	(void)state;
	assert_int_equal(testapp_login(a, ADMIN, DEMO_PASSWORD), 200);
	/* Over the route's body limit: refused before reading. */
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	big[n] = '\0';
	assert_int_equal(testapp_request(a, "POST", "/api/skema/import", big, &r), 413);
	tresp_free(&r);
	free(big);
	/* An asesi may not import; without a session nobody may. */
	testapp_cookies_clear(a);
	assert_int_equal(testapp_login(a, "asesi@demo.ujikom.id", DEMO_PASSWORD), 200);
	assert_int_equal(testapp_request(a, "POST", "/api/skema/import", "{}", &r), 403);
	tresp_free(&r);
	testapp_cookies_clear(a);
	testapp_request(a, "GET", "/api/session", NULL, NULL);
	assert_int_equal(testapp_request(a, "POST", "/api/skema/import", "{}", &r), 401);
	tresp_free(&r);
	testapp_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_export_import_roundtrip),
	    cmocka_unit_test(test_import_refusals),
	    cmocka_unit_test(test_import_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
