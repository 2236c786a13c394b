/* The muk module through the real router: the public scheme list and detail, creating schemes and
 * their unit tree (unit codes checked with field paths), MUK drafts with strict content, the
 * FR.VA + FR.IA.11 validation step, immutability of validated and used versions, the muk.h API
 * for the certification module (mark used, asesi view, IA.05 scoring) and permissions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "db.h"
#include "muk/muk.h"
#include "testapp.h"

#define DEMO_PASSWORD "Demo-Ujikom-2026"
#define ADMIN	      "admin@demo.ujikom.id"
#define ASESI	      "asesi@demo.ujikom.id"
#define ASESOR	      "asesor@demo.ujikom.id"
#define MANAJER	      "manajer-sertifikasi@demo.ujikom.id"
#define AUDITOR	      "auditor@demo.ujikom.id"
#define DEMO_NUMBER   "SKM-01/BNSP/VII/2020"
#define UNIT	      "J.620100.001.01"

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

static void as(const char *email)
{
	testapp_cookies_clear(T);
	if (email)
		assert_int_equal(testapp_login(T, email, DEMO_PASSWORD), 200);
	else
		testapp_request(T, "GET", "/api/session", NULL, NULL);
}

static const char *jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static json_int_t jint(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static void expect_error(int got, int status, const struct tresp *r, const char *code,
			 const char *field)
{
	if (got != status)
		fail_msg("status %d, expected %d: %s", got, status, r->body ? r->body : "");
	assert_non_null(r->json);
	if (strcmp(jstr(r->json, "error"), code) != 0)
		fail_msg("error %s, expected %s (%s)", jstr(r->json, "error"), code,
			 jstr(r->json, "message"));
	if (field) {
		assert_non_null(jstr(r->json, "field"));
		assert_string_equal(jstr(r->json, "field"), field);
	}
	assert_non_null(jstr(r->json, "message"));
}

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, 0, &e);

	if (!v)
		fail_msg("bad test JSON: %s", e.text);
	return v;
}

/* A small scheme: one SKKNI unit with two elements of two KUK each. */
static json_t *scheme_body(const char *code, const char *number, const char *unit_code)
{
	char text[2048];

	snprintf(text, sizeof text,
		 "{\"code\":\"%s\",\"number\":\"%s\",\"title\":\"Junior Web Developer\","
		 "\"type\":\"kkni\",\"kkni_level\":4,\"fee_idr\":750000,"
		 "\"remote\":{\"approved\":true,\"approval_number\":\"12/BNSP/2024\","
		 "\"approval_date\":\"2024-05-02\"},"
		 "\"requirements\":[{\"ref\":\"1\",\"text\":\"Lulusan SMK RPL\","
		 "\"evidence\":\"Salinan ijazah SMK\"}],"
		 "\"units\":[{\"code\":\"%s\",\"title\":\"Menganalisis Tools\",\"elements\":["
		 "{\"title\":\"Mengidentifikasi kebutuhan\",\"kuk\":[\"Kebutuhan dicatat\","
		 "\"Spesifikasi ditetapkan\"]},"
		 "{\"title\":\"Memilih tools\",\"kuk\":[\"Tools dibandingkan\","
		 "\"Tools dipilih\"]}]}]}",
		 code, number, unit_code);
	return parse(text);
}

/* MUK content for the small scheme; key is IA.05 item 0's key (quoted JSON value). */
static json_t *content_body(const char *key, const char *question)
{
	char text[4096];

	snprintf(text, sizeof text,
		 "{\"mapa01\":{\"approach\":{\"asesi_categories\":[1],\"purpose\":\"sertifikasi\","
		 "\"workplace\":\"nyata\",\"evidence_opportunity\":\"tersedia\","
		 "\"assessed_by\":\"lsp\",\"benchmark\":\"SKKNI 282/2016\"},"
		 "\"plan\":[{\"unit\":\"" UNIT "\",\"evidence\":\"Observasi dan tes tertulis\","
		 "\"evidence_type\":\"L\",\"methods\":[\"CL\",\"DPT\"]}]},"
		 "\"mapa02\":{\"groups\":[{\"name\":\"Kelompok 1\",\"units\":[\"" UNIT "\"],"
		 "\"instruments\":{\"1\":[\"ia01\",\"ia05\",\"ia11\"]}}]},"
		 "\"instruments\":{\"ia01\":{\"items\":["
		 "{\"unit\":\"" UNIT "\",\"element\":1,\"kuk\":1},"
		 "{\"unit\":\"" UNIT "\",\"element\":1,\"kuk\":2},"
		 "{\"unit\":\"" UNIT "\",\"element\":2,\"kuk\":1},"
		 "{\"unit\":\"" UNIT "\",\"element\":2,\"kuk\":2}]},"
		 "\"ia05\":{\"threshold\":50,\"items\":["
		 "{\"unit\":\"" UNIT
		 "\",\"question\":\"%s\",\"options\":[\"HTML\",\"Git\",\"CSS\"],"
		 "\"key\":%s},"
		 "{\"unit\":\"" UNIT "\",\"question\":\"Editor teks?\",\"options\":[\"Vim\","
		 "\"Excel\"],\"key\":\"a\"}]}}}",
		 question, key);
	return parse(text);
}

static json_t *va_body(void)
{
	return parse(
	    "{\"team\":[{\"name\":\"Siti Rahma\",\"role\":\"ketua\",\"met\":"
	    "\"MET.000.004321 2021\"},{\"name\":\"Andi Wijaya\",\"role\":\"anggota\"}],"
	    "\"date\":\"2024-06-03\",\"period\":\"sebelum\",\"approach\":[\"panel\"],"
	    "\"findings\":\"Instrumen sesuai unit\",\"recommendations\":\"Layak dipakai\"}");
}

static json_t *review_body(int tidak_at)
{
	json_t *items = json_array();

	for (int i = 0; i < 8; i++)
		json_array_append_new(items,
				      json_pack("{s:s}", "answer", i == tidak_at ? "tidak" : "ya"));
	return json_pack("{s:o, s:s}", "items", items, "date", "2024-06-04");
}

static int64_t demo_scheme_id(void)
{
	int64_t id = 0;

	assert_int_equal(db_get_int(T->app.db, &id, "SELECT id FROM muk_schemes WHERE number = ?",
				    "t", DEMO_NUMBER),
			 ERR_OK);
	return id;
}

static int64_t demo_version_id(void)
{
	int64_t id = 0;

	assert_int_equal(muk_version_current(T->app.db, demo_scheme_id(), &id), ERR_OK);
	return id;
}

/* Creates a scheme as the current user; returns its id. */
static int64_t make_scheme(const char *code, const char *number)
{
	struct tresp r;
	int64_t id;

	assert_int_equal(testapp_call(T, "POST", "/api/skema", scheme_body(code, number, UNIT), &r),
			 201);
	id = jint(r.json, "id");
	assert_true(id > 0);
	tresp_free(&r);
	return id;
}

static void test_public_list_and_detail(void **state)
{
	struct tresp r;
	json_t *list, *askom = NULL, *v;
	size_t i;
	char path[64];

	(void)state;
	as(NULL); /* no session */
	assert_int_equal(testapp_request(T, "GET", "/api/skema", NULL, &r), 200);
	list = json_object_get(r.json, "skema");
	json_array_foreach(list, i, v) if (!strcmp(jstr(v, "number"), DEMO_NUMBER)) askom = v;
	assert_non_null(askom);
	assert_string_equal(jstr(askom, "code"), "ASKOM");
	assert_string_equal(jstr(askom, "title"), "Asesor Kompetensi");
	assert_string_equal(jstr(askom, "type"), "okupasi");
	assert_int_equal(jint(askom, "fee_idr"), 1500000);
	assert_true(json_is_true(json_object_get(json_object_get(askom, "remote"), "approved")));
	assert_non_null(jstr(json_object_get(askom, "remote"), "approval_number"));
	assert_true(
	    json_is_false(json_object_get(json_object_get(askom, "paperless"), "approved")));
	tresp_free(&r);

	snprintf(path, sizeof path, "/api/skema/%lld", (long long)demo_scheme_id());
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	v = json_object_get(r.json, "units");
	assert_int_equal(json_array_size(v), 3);
	assert_string_equal(jstr(json_array_get(v, 0), "code"), "P.85ASM00.001.2");
	assert_string_equal(jstr(json_array_get(v, 1), "code"), "P.85ASM00.003.2");
	assert_string_equal(jstr(json_array_get(v, 2), "code"), "P.854900.047.01");
	assert_true(json_array_size(json_object_get(json_array_get(v, 0), "elements")) >= 2);
	assert_true(
	    json_array_size(json_object_get(
		json_array_get(json_object_get(json_array_get(v, 0), "elements"), 0), "kuk")) >= 2);
	assert_true(json_array_size(json_object_get(r.json, "requirements")) >= 6);
	assert_int_equal(
	    jint(json_array_get(json_object_get(r.json, "requirements"), 0), "max_bytes"),
	    2 * 1024 * 1024);
	assert_true(json_is_true(json_object_get(r.json, "muk_validated")));
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/skema/999999", NULL, &r), 404);
	tresp_free(&r);
}

static void test_create_scheme(void **state)
{
	long long schemes, units;
	struct tresp r;
	json_t *b;
	int64_t id;

	(void)state;
	as(ADMIN);
	id = make_scheme("JWD", "SKM/LSP-UJI/001/2024");
	{
		char path[64];

		snprintf(path, sizeof path, "/api/skema/%lld", (long long)id);
		assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
		assert_int_equal(jint(r.json, "kkni_level"), 4);
		assert_int_equal(jint(r.json, "validity_months"), 36);
		assert_int_equal(jint(r.json, "appeal_days"), 14);
		assert_string_equal(
		    jstr(json_array_get(json_object_get(r.json, "units"), 0), "code"), UNIT);
		assert_true(json_is_false(json_object_get(r.json, "muk_validated")));
		tresp_free(&r);
	}
	schemes = testapp_count(T, "muk_schemes");
	units = testapp_count(T, "muk_units");
	/* Same number: 409 on the field. */
	expect_error(testapp_call(T, "POST", "/api/skema",
				  scheme_body("JWD2", "SKM/LSP-UJI/001/2024", UNIT), &r),
		     409, &r, "muk_skema_number_taken", "number");
	tresp_free(&r);
	expect_error(testapp_call(T, "POST", "/api/skema",
				  scheme_body("JWD", "SKM/LSP-UJI/009/2024", UNIT), &r),
		     409, &r, "muk_skema_code_taken", "code");
	tresp_free(&r);
	/* A bad unit code: 422 naming the field. */
	expect_error(testapp_call(T, "POST", "/api/skema",
				  scheme_body("JWD3", "SKM/LSP-UJI/003/2024", "J.620100.1.01"), &r),
		     422, &r, "muk_unit_code_invalid", "units[0].code");
	tresp_free(&r);
	T->lang = "en";
	expect_error(testapp_call(T, "POST", "/api/skema",
				  scheme_body("JWD3", "SKM/LSP-UJI/003/2024", "J.620100.1.01"), &r),
		     422, &r, "muk_unit_code_invalid", "units[0].code");
	assert_non_null(strstr(jstr(r.json, "message"), "The unit code in 'units[0].code'"));
	tresp_free(&r);
	T->lang = NULL;
	b = scheme_body("JWD4", "SKM/LSP-UJI/004/2024", UNIT);
	json_object_set_new(b, "validity_months", json_integer(0));
	expect_error(testapp_call(T, "POST", "/api/skema", b, &r), 422, &r, "field_range",
		     "validity_months");
	tresp_free(&r);
	b = scheme_body("JWD5", "SKM/LSP-UJI/005/2024", UNIT);
	json_object_set_new(b, "harga", json_integer(1));
	expect_error(testapp_call(T, "POST", "/api/skema", b, &r), 422, &r, "muk_field_unknown",
		     "harga");
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "muk_schemes"), schemes);
	assert_int_equal(testapp_count(T, "muk_units"), units);
}

static void test_tree_and_metadata(void **state)
{
	struct tresp r;
	json_t *units, *b;
	int64_t id, demo = demo_scheme_id();
	long long kuk;
	char path[96];

	(void)state;
	as(MANAJER);
	id = make_scheme("TREE", "SKM/LSP-UJI/010/2024");
	snprintf(path, sizeof path, "/api/skema/%lld/units", (long long)id);
	units = parse("{\"units\":[{\"code\":\"J.620100.001.01\",\"title\":\"Unit satu\","
		      "\"elements\":[{\"title\":\"Elemen satu\",\"kuk\":[\"KUK 1.1\",\"KUK 1.2\","
		      "\"KUK 1.3\"]}]},{\"code\":\"J.620100.002.01\",\"title\":\"Unit dua\","
		      "\"elements\":[{\"title\":\"Elemen satu\",\"kuk\":[\"KUK 1.1\"]},"
		      "{\"title\":\"Elemen dua\",\"kuk\":[\"KUK 2.1\",\"KUK 2.2\"]}]}]}");
	assert_int_equal(testapp_call(T, "POST", path, json_deep_copy(units), &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "units")), 2);
	assert_int_equal(
	    json_array_size(json_object_get(
		json_array_get(json_object_get(json_array_get(json_object_get(r.json, "units"), 1),
					       "elements"),
			       1),
		"kuk")),
	    2);
	tresp_free(&r);
	/* Bad code in the second unit: nothing replaced. */
	kuk = testapp_count(T, "muk_kuk");
	json_object_set_new(json_array_get(json_object_get(units, "units"), 1), "code",
			    json_string("J.620100.002"));
	expect_error(testapp_call(T, "POST", path, json_deep_copy(units), &r), 422, &r,
		     "muk_unit_code_invalid", "units[1].code");
	tresp_free(&r);
	json_object_set_new(json_array_get(json_object_get(units, "units"), 1), "code",
			    json_string("J.620100.001.01"));
	expect_error(testapp_call(T, "POST", path, json_deep_copy(units), &r), 422, &r,
		     "muk_unit_duplicate", "units[1].code");
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "muk_kuk"), kuk);
	/* The demo scheme has a validated MUK: its tree is frozen. */
	snprintf(path, sizeof path, "/api/skema/%lld/units", (long long)demo);
	json_object_set_new(json_array_get(json_object_get(units, "units"), 1), "code",
			    json_string("J.620100.002.01"));
	expect_error(testapp_call(T, "POST", path, units, &r), 409, &r, "muk_tree_frozen", "units");
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "muk_kuk"), kuk);
	/* Its metadata stays editable (fee), its number does not. */
	snprintf(path, sizeof path, "/api/skema/%lld", (long long)demo);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	b = json_deep_copy(r.json);
	tresp_free(&r);
	json_object_del(b, "id");
	json_object_del(b, "muk_validated");
	json_object_del(b, "units");
	json_object_set_new(b, "fee_idr", json_integer(1750000));
	json_object_set_new(b, "appeal_days", json_integer(10));
	assert_int_equal(testapp_call(T, "PUT", path, json_deep_copy(b), &r), 200);
	assert_int_equal(jint(r.json, "fee_idr"), 1750000);
	assert_int_equal(jint(r.json, "appeal_days"), 10);
	assert_int_equal(json_array_size(json_object_get(r.json, "units")), 3);
	tresp_free(&r);
	json_object_set_new(b, "number", json_string("SKM-02/BNSP/VII/2020"));
	expect_error(testapp_call(T, "PUT", path, json_deep_copy(b), &r), 409, &r,
		     "muk_skema_identity_frozen", "number");
	tresp_free(&r);
	json_object_set_new(b, "number", json_string(DEMO_NUMBER));
	json_object_set_new(b, "units", json_array());
	expect_error(testapp_call(T, "PUT", path, b, &r), 422, &r, "muk_field_unknown", "units");
	tresp_free(&r);
}

static int64_t post_version(int64_t scheme, json_t *content, struct tresp *r)
{
	char path[64];

	snprintf(path, sizeof path, "/api/skema/%lld/versions", (long long)scheme);
	return testapp_call(T, "POST", path, content, r);
}

static int act(const char *what, int64_t version, json_t *body, struct tresp *r)
{
	char path[96];

	snprintf(path, sizeof path, "/api/muk-versions/%lld%s", (long long)version, what);
	return testapp_call(T, "POST", path, body, r);
}

static void test_version_flow(void **state)
{
	struct tresp r;
	int64_t sid, v1, v2, v3;
	long long versions, ledger;
	char path[64];

	(void)state;
	as(MANAJER);
	sid = make_scheme("FLOW", "SKM/LSP-UJI/020/2024");
	versions = testapp_count(T, "muk_versions");
	/* Invalid content: 422 with the JSON path; nothing stored. */
	expect_error(post_version(sid, content_body("\"x\"", "Apa itu Git?"), &r), 422, &r,
		     "field_choice", "instruments.ia05.items[0].key");
	tresp_free(&r);
	expect_error(post_version(sid, content_body("\"d\"", "Apa itu Git?"), &r), 422, &r,
		     "muk_key_out_of_options", "instruments.ia05.items[0].key");
	tresp_free(&r);
	expect_error(post_version(sid, content_body("\"b\"", ""), &r), 422, &r, "field_required",
		     "instruments.ia05.items[0].question");
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "muk_versions"), versions);

	assert_int_equal(post_version(sid, content_body("\"b\"", "Apa itu Git?"), &r), 201);
	v1 = jint(r.json, "id");
	assert_int_equal(jint(r.json, "version"), 1);
	assert_string_equal(jstr(r.json, "status"), "draft");
	assert_string_equal(jstr(r.json, "validation_blocker"), "muk_validation_missing");
	tresp_free(&r);

	/* Validation needs FR.VA, then FR.IA.11, and the latest IA.11 all Ya. */
	expect_error(act("/validate", v1, NULL, &r), 409, &r, "muk_validation_missing", NULL);
	tresp_free(&r);
	assert_int_equal(act("/validation", v1, va_body(), &r), 201);
	tresp_free(&r);
	expect_error(act("/validate", v1, NULL, &r), 409, &r, "muk_review_missing", NULL);
	tresp_free(&r);
	as(ASESOR);
	assert_int_equal(act("/review", v1, review_body(6), &r), 201);
	assert_true(json_is_false(json_object_get(r.json, "all_ya")));
	tresp_free(&r);
	as(MANAJER);
	ledger = testapp_count(T, "ledger_entries");
	expect_error(act("/validate", v1, NULL, &r), 409, &r, "muk_review_not_all_ya", NULL);
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "ledger_entries"), ledger);
	as(ASESOR);
	assert_int_equal(act("/review", v1, review_body(-1), &r), 201);
	assert_true(json_is_true(json_object_get(r.json, "all_ya")));
	tresp_free(&r);
	as(MANAJER);
	ledger = testapp_count(T, "ledger_entries");
	assert_int_equal(act("/validate", v1, NULL, &r), 200);
	assert_string_equal(jstr(r.json, "status"), "validated");
	assert_true(json_is_null(json_object_get(r.json, "validation_blocker")));
	assert_string_equal(
	    jstr(json_object_get(json_array_get(json_object_get(r.json, "reviews"), 1), "record"),
		 "reviewer"),
	    "Demo Asesor Kompetensi");
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "ledger_entries"), ledger + 1);
	expect_error(act("/validate", v1, NULL, &r), 409, &r, "muk_version_not_draft", NULL);
	tresp_free(&r);

	/* A validated version is immutable: an edit makes version 2 pointing at it. */
	snprintf(path, sizeof path, "/api/muk-versions/%lld", (long long)v1);
	assert_int_equal(testapp_call(T, "PUT", path, content_body("\"c\"", "Apa itu Git?"), &r),
			 201);
	v2 = jint(r.json, "id");
	assert_true(v2 != v1);
	assert_int_equal(jint(r.json, "version"), 2);
	assert_int_equal(jint(r.json, "prev_id"), v1);
	assert_string_equal(jstr(r.json, "status"), "draft");
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	assert_string_equal(jstr(r.json, "status"), "validated");
	assert_string_equal(
	    jstr(json_array_get(
		     json_object_get(
			 json_object_get(
			     json_object_get(json_object_get(r.json, "content"), "instruments"),
			     "ia05"),
			 "items"),
		     0),
		 "key"),
	    "b");
	tresp_free(&r);

	/* An unused draft is edited in place; records made for the old content stop counting. */
	assert_int_equal(act("/validation", v2, va_body(), &r), 201);
	tresp_free(&r);
	as(ASESOR);
	assert_int_equal(act("/review", v2, review_body(-1), &r), 201);
	tresp_free(&r);
	as(MANAJER);
	snprintf(path, sizeof path, "/api/muk-versions/%lld", (long long)v2);
	assert_int_equal(testapp_call(T, "PUT", path, content_body("\"a\"", "Apa itu HTML?"), &r),
			 200);
	assert_int_equal(jint(r.json, "id"), v2);
	assert_int_equal(jint(r.json, "version"), 2);
	assert_true(json_is_false(
	    json_object_get(json_array_get(json_object_get(r.json, "validations"), 0), "current")));
	tresp_free(&r);
	expect_error(act("/validate", v2, NULL, &r), 409, &r, "muk_validation_missing", NULL);
	tresp_free(&r);

	/* Used: the certification module marks a validated version; drafts are refused. */
	assert_int_equal(db_begin(T->app.db), ERR_OK);
	assert_int_equal(muk_version_mark_used(T->app.db, v2), ERR_CONFLICT);
	assert_int_equal(muk_version_mark_used(T->app.db, v1), ERR_OK);
	assert_int_equal(muk_version_mark_used_by(T->app.db, v1, 1, 1), ERR_OK); /* idempotent */
	assert_int_equal(muk_version_mark_used(T->app.db, 999999), ERR_NOT_FOUND);
	assert_int_equal(db_commit(T->app.db), ERR_OK);
	assert_int_equal(muk_version_mark_used(T->app.db, v1), ERR_INTERNAL); /* outside a tx */
	{
		struct muk_version_info info;

		assert_int_equal(muk_version_info(T->app.db, v1, &info), ERR_OK);
		assert_true(info.validated);
		assert_true(info.used);
		assert_int_equal(info.scheme_id, sid);
		assert_int_equal(strlen(info.content_sha256), 64);
		assert_int_equal(muk_version_info(T->app.db, v2, &info), ERR_OK);
		assert_false(info.used);
		assert_int_equal(info.prev_id, v1);
	}
	snprintf(path, sizeof path, "/api/muk-versions/%lld", (long long)v1);
	assert_int_equal(testapp_call(T, "PUT", path, content_body("\"b\"", "Apa itu Git?"), &r),
			 201);
	v3 = jint(r.json, "id");
	assert_int_equal(jint(r.json, "version"), 3);
	assert_int_equal(jint(r.json, "prev_id"), v1);
	tresp_free(&r);
	assert_true(v3 > v2);
	/* The list shows all three. */
	snprintf(path, sizeof path, "/api/skema/%lld/versions", (long long)sid);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "versions")), 3);
	assert_true(json_is_true(
	    json_object_get(json_array_get(json_object_get(r.json, "versions"), 0), "used")));
	tresp_free(&r);
	/* Once validated, the scheme's tree is frozen too. */
	snprintf(path, sizeof path, "/api/skema/%lld/units", (long long)sid);
	expect_error(testapp_call(T, "POST", path,
				  parse("{\"units\":[{\"code\":\"J.620100.001.01\",\"title\":"
					"\"Unit\",\"elements\":[{\"title\":\"Elemen\",\"kuk\":["
					"\"KUK\"]}]}]}"),
				  &r),
		     409, &r, "muk_tree_frozen", "units");
	tresp_free(&r);
}

static void test_staff_and_asesi_views(void **state)
{
	int64_t v = demo_version_id(), draft;
	json_t *staff, *asesi, *ia05;
	struct muk_ia05_result res;
	struct tresp r;
	char path[64];
	size_t i;
	json_t *it, *answers = json_array();

	(void)state;
	staff = muk_instruments_for(T->app.db, v, MUK_AUDIENCE_STAFF);
	asesi = muk_instruments_for(T->app.db, v, MUK_AUDIENCE_ASESI);
	assert_non_null(staff);
	assert_non_null(asesi);
	ia05 = json_object_get(staff, "ia05");
	assert_non_null(jstr(json_array_get(json_object_get(ia05, "items"), 0), "key"));
	assert_non_null(json_object_get(staff, "ia07"));
	{
		char *text = json_dumps(asesi, JSON_COMPACT);

		assert_null(strstr(text, "\"key\""));
		assert_null(strstr(text, "kunci"));
		assert_null(strstr(text, "model_answer"));
		assert_null(strstr(text, "expected"));
		free(text);
	}
	assert_int_equal(json_array_size(json_object_get(json_object_get(asesi, "ia05"), "items")),
			 10);
	/* Scoring against the staff key. */
	json_array_foreach(json_object_get(ia05, "items"), i, it)
	    json_array_append(answers, json_object_get(it, "key"));
	assert_int_equal(muk_ia05_score(ia05, answers, &res), 0);
	assert_int_equal(res.score, 10);
	assert_true(res.passed);
	json_decref(answers);
	json_decref(staff);
	json_decref(asesi);
	/* A draft is never shown to an asesi. */
	as(MANAJER);
	expect_error(post_version(demo_scheme_id(), NULL, &r), 400, &r, "json_empty", NULL);
	tresp_free(&r);
	snprintf(path, sizeof path, "/api/muk-versions/%lld", (long long)v);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	assert_int_equal(post_version(demo_scheme_id(),
				      json_deep_copy(json_object_get(r.json, "content")), NULL),
			 201);
	tresp_free(&r);
	assert_int_equal(db_get_int(T->app.db, &draft,
				    "SELECT max(id) FROM muk_versions WHERE status = 'draft'", ""),
			 ERR_OK);
	assert_null(muk_instruments_for(T->app.db, draft, MUK_AUDIENCE_ASESI));
	staff = muk_instruments_for(T->app.db, draft, MUK_AUDIENCE_STAFF);
	assert_non_null(staff);
	json_decref(staff);
	assert_null(muk_instruments_for(T->app.db, 999999, MUK_AUDIENCE_STAFF));
	/* The staff route shows keys to those who may read them. */
	as(ASESOR);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	assert_non_null(jstr(
	    json_array_get(
		json_object_get(
		    json_object_get(
			json_object_get(json_object_get(r.json, "content"), "instruments"), "ia05"),
		    "items"),
		0),
	    "key"));
	assert_int_equal(json_array_size(json_object_get(r.json, "validations")), 1);
	assert_int_equal(json_array_size(json_object_get(r.json, "reviews")), 1);
	assert_int_equal(
	    json_array_size(json_object_get(json_object_get(r.json, "ia11_statements"), "id")), 8);
	tresp_free(&r);
}

static void test_permissions(void **state)
{
	int64_t v = demo_version_id(), sid = demo_scheme_id();
	struct tresp r;
	char path[96];

	(void)state;
	as(ASESI);
	expect_error(
	    testapp_call(T, "POST", "/api/skema", scheme_body("NOPE", "SKM/NOPE/1/2024", UNIT), &r),
	    403, &r, "forbidden", NULL);
	tresp_free(&r);
	snprintf(path, sizeof path, "/api/muk-versions/%lld", (long long)v);
	expect_error(testapp_request(T, "GET", path, NULL, &r), 403, &r, "forbidden", NULL);
	tresp_free(&r);
	snprintf(path, sizeof path, "/api/skema/%lld/versions", (long long)sid);
	expect_error(testapp_request(T, "GET", path, NULL, &r), 403, &r, "forbidden", NULL);
	tresp_free(&r);
	snprintf(path, sizeof path, "/api/skema/%lld/export", (long long)sid);
	expect_error(testapp_request(T, "GET", path, NULL, &r), 403, &r, "forbidden", NULL);
	tresp_free(&r);
	expect_error(act("/review", v, review_body(-1), &r), 403, &r, "forbidden", NULL);
	tresp_free(&r);
	expect_error(testapp_request(T, "GET", "/api/skema?all=1", NULL, &r), 403, &r, "forbidden",
		     NULL);
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/skema", NULL, &r), 200);
	tresp_free(&r);
	/* Auditor: reads versions, records nothing. */
	as(AUDITOR);
	snprintf(path, sizeof path, "/api/muk-versions/%lld", (long long)v);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	tresp_free(&r);
	expect_error(act("/validation", v, va_body(), &r), 403, &r, "forbidden", NULL);
	tresp_free(&r);
	/* Asesor: reviews, but does not manage schemes. */
	as(ASESOR);
	expect_error(
	    testapp_call(T, "POST", "/api/skema", scheme_body("NOPE", "SKM/NOPE/1/2024", UNIT), &r),
	    403, &r, "forbidden", NULL);
	tresp_free(&r);
	/* No session: the public routes only. */
	as(NULL);
	expect_error(
	    testapp_call(T, "POST", "/api/skema", scheme_body("NOPE", "SKM/NOPE/1/2024", UNIT), &r),
	    401, &r, "unauthenticated", NULL);
	tresp_free(&r);
	expect_error(testapp_request(T, "GET", path, NULL, &r), 401, &r, "unauthenticated", NULL);
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/skema", NULL, &r), 200);
	tresp_free(&r);
	/* An inactive scheme leaves the public list. */
	as(ADMIN);
	{
		json_t *b = scheme_body("HIDDEN", "SKM/HIDDEN/1/2024", UNIT);
		int64_t id;

		json_object_set_new(b, "active", json_false());
		assert_int_equal(testapp_call(T, "POST", "/api/skema", b, &r), 201);
		id = jint(r.json, "id");
		tresp_free(&r);
		assert_int_equal(testapp_request(T, "GET", "/api/skema?all=1", NULL, &r), 200);
		assert_true(strstr(r.body, "SKM/HIDDEN/1/2024") != NULL);
		tresp_free(&r);
		as(NULL);
		assert_int_equal(testapp_request(T, "GET", "/api/skema", NULL, &r), 200);
		assert_null(strstr(r.body, "SKM/HIDDEN/1/2024"));
		tresp_free(&r);
		snprintf(path, sizeof path, "/api/skema/%lld", (long long)id);
		assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 404);
		tresp_free(&r);
	}
}

static void test_demo_idempotent(void **state)
{
	long long schemes = testapp_count(T, "muk_schemes");
	long long versions = testapp_count(T, "muk_versions");
	struct muk_scheme_info info;
	struct arena *a = arena_new();

	(void)state;
	assert_int_equal(muk_module.demo_seed(&T->app, T->app.db), ERR_OK);
	assert_int_equal(testapp_count(T, "muk_schemes"), schemes);
	assert_int_equal(testapp_count(T, "muk_versions"), versions);
	assert_int_equal(muk_scheme_info(T->app.db, a, demo_scheme_id(), &info), ERR_OK);
	assert_string_equal(info.type, "okupasi");
	assert_true(info.remote_approved);
	assert_true(info.appeal_days > 0);
	assert_int_equal(info.validity_months, 36);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_public_list_and_detail), cmocka_unit_test(test_create_scheme),
	    cmocka_unit_test(test_tree_and_metadata),	   cmocka_unit_test(test_version_flow),
	    cmocka_unit_test(test_staff_and_asesi_views),  cmocka_unit_test(test_permissions),
	    cmocka_unit_test(test_demo_idempotent),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
