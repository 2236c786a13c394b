/* The instrument stage through the real router, on the demo scheme and schedule: the plan picks
 * the FR.MAPA.02 column by the asesi's potential category; FR.AK.01 is signed by both; the
 * assessment starts only after the identity check; the asesi works the timed IA.05 / IA.06
 * sheets (autosave with a revision, no keys, no questions before the start, final once signed or
 * when the clock runs out); the assessor judges each instrument (IA.05 scored against the key);
 * instruments_complete refuses until every planned instrument has its signed result. The stages
 * before PRE_ASSESSED are covered by test_cert_flow; this test starts there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "db.h"
#include "testapp.h"

#define PW "Demo-Ujikom-2026"
static struct testapp *T;
static int64_t case_id;

static const char *jstr(const struct tresp *r, const char *k)
{
	return json_string_value(json_object_get(r->json, k));
}

static void as(const char *who)
{
	char email[80];
	snprintf(email, sizeof email, "%s@demo.ujikom.id", who);
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, email, PW), 200);
}

static int step(const char *event, const char *body, struct tresp *r)
{
	char path[96];
	snprintf(path, sizeof path, "/api/cases/%lld/events/%s", (long long)case_id, event);
	return testapp_request(T, "POST", path, body ? body : "{}", r);
}

static int call(const char *method, const char *tail, json_t *body, struct tresp *r)
{
	char path[128];
	snprintf(path, sizeof path, "/api/cases/%lld%s%s", (long long)case_id, *tail ? "/" : "",
		 tail);
	return body ? testapp_call(T, method, path, body, r)
		    : testapp_request(T, method, path, NULL, r);
}

static void expect(int got, int want, struct tresp *r, const char *what)
{
	if (got != want)
		fail_msg("%s: %d (want %d) %s", what, got, want, r->body ? r->body : "");
}

/* The instrument entry of code in GET .../instruments (borrowed from r). */
static json_t *instrument(struct tresp *r, const char *code)
{
	size_t i;
	json_t *it;
	json_array_foreach(
	    json_object_get(r->json, "instruments"), i,
	    it) if (!strcmp(json_string_value(json_object_get(it, "code")), code)) return it;
	return NULL;
}

/* A case of the demo asesi on the demo schedule, waiting for the plan (PRE_ASSESSED): the
 * earlier stages are test_cert_flow's. */
static void setup_case(void)
{
	struct tresp r;
	T = testapp_new(1);
	as("admin");
	assert_int_equal(testapp_request(T, "GET", "/api/jadwal", NULL, &r), 200);
	json_t *j = json_array_get(json_object_get(r.json, "jadwal"), 0);
	int64_t jadwal = json_integer_value(json_object_get(j, "id"));
	int64_t skema = json_integer_value(json_object_get(j, "skema_id"));
	tresp_free(&r);
	as("asesi");
	char body[64];
	snprintf(body, sizeof body, "{\"skema_id\":%lld}", (long long)skema);
	assert_int_equal(testapp_request(T, "POST", "/api/cases", body, &r), 201);
	case_id = json_integer_value(json_object_get(r.json, "id"));
	tresp_free(&r);
	char sql[200];
	snprintf(sql, sizeof sql,
		 "UPDATE cert_cases SET state = 'PRE_ASSESSED', jadwal_id = %lld WHERE id = %lld",
		 (long long)jadwal, (long long)case_id);
	assert_int_equal(db_exec(T->app.db, sql), ERR_OK);
}

static void test_plan_consent_start(void **state)
{
	(void)state;
	struct tresp r;
	setup_case();
	as("asesor");
	/* the demo plan covers categories 1 and 3: the assessor must say which */
	expect(step("plan_confirm", "{}", &r), 422, &r, "plan without category");
	assert_string_equal(jstr(&r, "field"), "potensi_asesi");
	tresp_free(&r);
	expect(step("plan_confirm", "{\"potensi_asesi\":2}", &r), 422, &r, "category not planned");
	assert_string_equal(jstr(&r, "error"), "cert_potensi_not_planned");
	tresp_free(&r);
	expect(step("plan_confirm", "{\"potensi_asesi\":1}", &r), 200, &r, "plan");
	assert_string_equal(jstr(&r, "state"), "PLANNED");
	assert_int_equal(json_integer_value(json_object_get(r.json, "potensi")), 1);
	tresp_free(&r);

	/* FR.AK.01: the case tells each side what it may sign now */
	assert_int_equal(call("GET", "", NULL, &r), 200);
	json_t *sg = json_array_get(json_object_get(r.json, "signable"), 0);
	assert_non_null(sg);
	assert_string_equal(json_string_value(json_object_get(sg, "form")), "FR.AK.01");
	assert_string_equal(json_string_value(json_object_get(sg, "role")), "asesor");
	assert_false(json_is_true(json_object_get(sg, "signed")));
	/* names for people (from the accounts and MUK modules), and who the viewer is */
	assert_non_null(jstr(&r, "asesi_name"));
	assert_string_equal(jstr(&r, "skema_title"), "Asesor Kompetensi");
	assert_true(
	    json_is_true(json_object_get(json_object_get(r.json, "viewer"), "assigned_asesor")));
	tresp_free(&r);
	/* "my assessments": the cases of the schedules the assessor is assigned to */
	assert_int_equal(testapp_request(T, "GET", "/api/cases?asesor=1", NULL, &r), 200);
	json_t *mine = json_array_get(json_object_get(r.json, "cases"), 0);
	assert_int_equal(json_integer_value(json_object_get(mine, "id")), case_id);
	assert_non_null(json_string_value(json_object_get(mine, "asesi_name")));
	tresp_free(&r);
	json_t *ak01 = json_pack("{s:[s,s], s:s, s:s, s:s, s:b, s:b}", "bukti_dikumpulkan",
				 "observasi_langsung", "pertanyaan_tertulis", "tanggal",
				 "2026-12-01", "waktu", "09:00", "tuk", "TUK Sewaktu Daring",
				 "pernyataan_asesor", 1, "ttd_asesor", 1);
	expect(call("POST", "forms/FR.AK.01", json_pack("{s:o}", "data", ak01), &r), 201, &r,
	       "AK.01 asesor");
	tresp_free(&r);
	expect(step("consent_sign", NULL, &r), 409, &r, "consent with one signature");
	assert_string_equal(jstr(&r, "error"), "form_not_signed");
	tresp_free(&r);
	as("asesi");
	assert_int_equal(call("GET", "", NULL, &r), 200);
	sg = json_array_get(json_object_get(r.json, "signable"), 0);
	assert_string_equal(json_string_value(json_object_get(sg, "role")), "asesi");
	assert_int_equal(json_array_size(json_object_get(r.json, "allowed")), 0);
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/cases?asesor=1", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "cases")),
			 0); /* not an assessor */
	tresp_free(&r);
	json_t *ak01a = json_pack("{s:b, s:b, s:b}", "pernyataan_banding", 1,
				  "pernyataan_persetujuan", 1, "ttd_asesi", 1);
	expect(call("POST", "forms/FR.AK.01", json_pack("{s:o}", "data", ak01a), &r), 201, &r,
	       "AK.01 asesi");
	tresp_free(&r);
	/* nothing to answer before the assessment runs */
	expect(call("POST", "instruments/ia05/start", json_object(), &r), 409, &r, "early start");
	assert_string_equal(jstr(&r, "error"), "instrument_wrong_stage");
	tresp_free(&r);
	as("asesor");
	expect(step("consent_sign", NULL, &r), 200, &r, "consent");
	tresp_free(&r);
	expect(step("assessment_start", "{}", &r), 422, &r, "start without identity check");
	assert_string_equal(jstr(&r, "error"), "cert_identity_not_checked");
	tresp_free(&r);
	expect(step("assessment_start", "{\"identity_checked\":true}", &r), 200, &r, "start");
	assert_string_equal(jstr(&r, "state"), "ASSESSING");
	tresp_free(&r);
	testapp_free(&T);
}

/* Up to ASSESSING, as test_plan_consent_start. */
static void to_assessing(void)
{
	struct tresp r;
	setup_case();
	as("asesor");
	expect(step("plan_confirm", "{\"potensi_asesi\":1}", &r), 200, &r, "plan");
	tresp_free(&r);
	char sql[160];
	/* consent: covered above; here straight to the running assessment */
	snprintf(sql, sizeof sql, "UPDATE cert_cases SET state = 'ASSESSING' WHERE id = %lld",
		 (long long)case_id);
	assert_int_equal(db_exec(T->app.db, sql), ERR_OK);
}

static void test_sheets(void **state)
{
	(void)state;
	struct tresp r;
	to_assessing();
	as("asesi");
	/* the plan for category 1: IA.01, IA.05, IA.06, IA.07; the asesi sees no content before
	 * a sheet starts, and never the assessor's instruments */
	assert_int_equal(call("GET", "instruments", NULL, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "planned")));
	assert_int_equal(json_array_size(json_object_get(r.json, "instruments")), 4);
	assert_null(json_object_get(instrument(&r, "ia05"), "content"));
	assert_null(json_object_get(instrument(&r, "ia01"), "content"));
	assert_null(strstr(r.body, "\"key\""));
	assert_int_equal(json_integer_value(json_object_get(instrument(&r, "ia05"), "minutes")),
			 30);
	tresp_free(&r);
	expect(call("POST", "instruments/ia01/start", json_object(), &r), 409, &r, "ia01 online");
	assert_string_equal(jstr(&r, "error"), "instrument_not_online");
	tresp_free(&r);
	expect(call("POST", "instruments/ia03/start", json_object(), &r), 404, &r, "not planned");
	tresp_free(&r);

	expect(call("POST", "instruments/ia05/start", json_object(), &r), 201, &r, "start ia05");
	json_t *items = json_object_get(json_object_get(r.json, "content"), "items");
	size_t n = json_array_size(items);
	assert_int_equal(n, 10);
	assert_null(strstr(r.body, "\"key\""));
	assert_int_equal(json_integer_value(json_object_get(r.json, "revision")), 0);
	const char *deadline = json_string_value(json_object_get(r.json, "deadline_at"));
	char first_deadline[40];
	snprintf(first_deadline, sizeof first_deadline, "%s", deadline);
	tresp_free(&r);
	/* starting again keeps the same deadline (a reload must not reset the clock) */
	expect(call("POST", "instruments/ia05/start", json_object(), &r), 200, &r, "restart");
	assert_string_equal(jstr(&r, "deadline_at"), first_deadline);
	tresp_free(&r);

	/* autosave: checked answers, a revision per save; a stale revision is refused */
	json_t *ans = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(ans, i < 3 ? json_string("a") : json_null());
	expect(call("PUT", "instruments/ia05/answers",
		    json_pack("{s:O, s:i}", "answers", ans, "revision", 0), &r),
	       200, &r, "save 1");
	assert_int_equal(json_integer_value(json_object_get(r.json, "revision")), 1);
	tresp_free(&r);
	expect(call("PUT", "instruments/ia05/answers",
		    json_pack("{s:O, s:i}", "answers", ans, "revision", 0), &r),
	       409, &r, "stale save");
	assert_string_equal(jstr(&r, "error"), "instrument_revision_stale");
	tresp_free(&r);
	json_t *bad = json_deep_copy(ans);
	json_array_set_new(bad, 0, json_string("z"));
	expect(call("PUT", "instruments/ia05/answers",
		    json_pack("{s:o, s:i}", "answers", bad, "revision", 1), &r),
	       422, &r, "bad letter");
	assert_string_equal(jstr(&r, "field"), "answers[0]");
	tresp_free(&r);
	expect(call("PUT", "instruments/ia05/answers",
		    json_pack("{s:[s], s:i}", "answers", "a", "revision", 1), &r),
	       422, &r, "short sheet");
	tresp_free(&r);
	/* the assessor cannot judge an open sheet */
	as("asesor");
	expect(call("POST", "instruments/ia05/result",
		    json_pack("{s:{s:s, s:b}}", "data", "rekomendasi", "BK", "ttd_asesor", 1), &r),
	       409, &r, "judge open sheet");
	assert_string_equal(jstr(&r, "error"), "instrument_sheet_open");
	tresp_free(&r);
	/* the assessor (staff) reads the key and the live score */
	assert_int_equal(call("GET", "instruments", NULL, &r), 200);
	json_t *ia05 = instrument(&r, "ia05");
	assert_non_null(json_object_get(
	    json_array_get(json_object_get(json_object_get(ia05, "content"), "items"), 0), "key"));
	assert_non_null(json_object_get(ia05, "score"));
	tresp_free(&r);

	/* submit: the whole key of the demo MUK, signed (recent login), final */
	as("asesi");
	as("admin"); /* the key, read as staff, to answer everything right */
	char path[96];
	snprintf(path, sizeof path, "/api/cases/%lld/instruments", (long long)case_id);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	json_t *right = json_array(), *it;
	size_t i;
	json_array_foreach(
	    json_object_get(json_object_get(instrument(&r, "ia05"), "content"), "items"), i, it)
	    json_array_append(right, json_object_get(it, "key"));
	tresp_free(&r);
	as("asesi");
	expect(call("POST", "instruments/ia05/submit", json_pack("{s:o}", "answers", right), &r),
	       200, &r, "submit");
	assert_string_equal(jstr(&r, "status"), "final");
	assert_string_equal(jstr(&r, "final_by"), "asesi");
	assert_int_equal(strlen(jstr(&r, "sha256")), 64);
	tresp_free(&r);
	expect(call("PUT", "instruments/ia05/answers",
		    json_pack("{s:O, s:i}", "answers", ans, "revision", 2), &r),
	       409, &r, "save after submit");
	assert_string_equal(jstr(&r, "error"), "instrument_final");
	tresp_free(&r);
	assert_int_not_equal(
	    db_exec(T->app.db,
		    "UPDATE cert_answer_sheets SET answers = '[]' WHERE instrument = 'ia05'"),
	    ERR_OK); /* immutable once final */

	json_decref(ans);

	/* IA.06: the clock closes a sheet left open; its last save is what is judged */
	expect(call("POST", "instruments/ia06/start", json_object(), &r), 201, &r, "start ia06");
	assert_null(strstr(r.body, "model_answer"));
	tresp_free(&r);
	expect(call("PUT", "instruments/ia06/answers",
		    json_pack("{s:[s,n], s:i}", "answers",
			      "Rencana asesmen disusun dengan MAPA.01.", "revision", 0),
		    &r),
	       200, &r, "save essay");
	tresp_free(&r);
	char sql[200];
	snprintf(sql, sizeof sql,
		 "UPDATE cert_answer_sheets SET deadline_at = deadline_at - 86400000"
		 " WHERE case_id = %lld AND instrument = 'ia06'",
		 (long long)case_id);
	assert_int_equal(db_exec(T->app.db, sql), ERR_OK);
	expect(call("PUT", "instruments/ia06/answers",
		    json_pack("{s:[s,s], s:i}", "answers", "late", "late", "revision", 1), &r),
	       409, &r, "save after time");
	assert_string_equal(jstr(&r, "error"), "instrument_time_up");
	tresp_free(&r);
	assert_int_equal(call("GET", "instruments", NULL, &r), 200);
	json_t *sheet = json_object_get(instrument(&r, "ia06"), "sheet");
	assert_string_equal(json_string_value(json_object_get(sheet, "final_by")), "timeout");
	assert_string_equal(json_string_value(json_array_get(json_object_get(sheet, "answers"), 0)),
			    "Rencana asesmen disusun dengan MAPA.01.");
	tresp_free(&r);
	testapp_free(&T);
}

static json_t *butir(size_t n, const char *hasil, int summary)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s}", "hasil", hasil);
		if (summary)
			json_object_set_new(
			    o, "ringkasan",
			    json_string("Asesi menjelaskan langkahnya dengan runtut."));
		json_array_append_new(a, o);
	}
	return a;
}

static void test_results_and_guard(void **state)
{
	(void)state;
	struct tresp r;
	to_assessing();
	as("asesi");
	expect(call("POST", "instruments/ia05/start", json_object(), &r), 201, &r, "start ia05");
	tresp_free(&r);
	expect(call("POST", "instruments/ia05/submit", json_object(), &r), 200, &r, "submit blank");
	tresp_free(&r);
	expect(call("POST", "instruments/ia06/start", json_object(), &r), 201, &r, "start ia06");
	tresp_free(&r);
	expect(call("POST", "instruments/ia06/submit",
		    json_pack("{s:[s,s]}", "answers", "Jawaban satu.", "Jawaban dua."), &r),
	       200, &r, "submit ia06");
	tresp_free(&r);
	/* the asesi may not judge */
	expect(call("POST", "instruments/ia07/result",
		    json_pack("{s:{s:s, s:b}}", "data", "rekomendasi", "K", "ttd_asesor", 1), &r),
	       403, &r, "asesi judges");
	tresp_free(&r);

	as("asesor");
	expect(step("instruments_complete", NULL, &r), 409, &r, "complete too early");
	assert_string_equal(jstr(&r, "error"), "cert_instruments_incomplete");
	assert_non_null(strstr(jstr(&r, "message"), "FR.IA.01"));
	tresp_free(&r);
	/* IA.05 blank: 0 of 10, so K is refused and BK carries the score */
	expect(call("POST", "instruments/ia05/result",
		    json_pack("{s:{s:s, s:b}}", "data", "rekomendasi", "K", "ttd_asesor", 1), &r),
	       422, &r, "K below pass");
	assert_string_equal(jstr(&r, "error"), "instrument_k_below_pass");
	tresp_free(&r);
	expect(call("POST", "instruments/ia05/result",
		    json_pack("{s:{s:s, s:b}}", "data", "rekomendasi", "BK", "ttd_asesor", 1), &r),
	       201, &r, "ia05 BK");
	assert_string_equal(jstr(&r, "code"), "FR.IA.05");
	tresp_free(&r);
	/* IA.01: one butir per checklist line; K needs them all */
	assert_int_equal(call("GET", "instruments", NULL, &r), 200);
	size_t n01 = (size_t)json_integer_value(json_object_get(instrument(&r, "ia01"), "items"));
	size_t n07 = (size_t)json_integer_value(json_object_get(instrument(&r, "ia07"), "items"));
	tresp_free(&r);
	assert_true(n01 > 0 && n07 > 0);
	json_t *b01 = butir(n01, "K", 0);
	json_object_set_new(json_array_get(b01, 2), "hasil", json_string("BK"));
	expect(call("POST", "instruments/ia01/result",
		    json_pack("{s:{s:o, s:s, s:b}}", "data", "butir", b01, "rekomendasi", "K",
			      "ttd_asesor", 1),
		    &r),
	       422, &r, "K with a BK line");
	assert_string_equal(jstr(&r, "error"), "instrument_k_needs_all");
	tresp_free(&r);
	expect(call("POST", "instruments/ia01/result",
		    json_pack("{s:{s:o, s:s, s:b}}", "data", "butir", butir(n01 - 1, "K", 0),
			      "rekomendasi", "K", "ttd_asesor", 1),
		    &r),
	       422, &r, "short checklist");
	assert_string_equal(jstr(&r, "field"), "data.butir");
	tresp_free(&r);
	expect(call("POST", "instruments/ia01/result",
		    json_pack("{s:{s:o, s:s, s:b}}", "data", "butir", butir(n01, "K", 0),
			      "rekomendasi", "K", "ttd_asesor", 1),
		    &r),
	       201, &r, "ia01");
	tresp_free(&r);
	/* IA.07 needs a summary of each oral answer */
	expect(call("POST", "instruments/ia07/result",
		    json_pack("{s:{s:o, s:s, s:b}}", "data", "butir", butir(n07, "K", 0),
			      "rekomendasi", "K", "ttd_asesor", 1),
		    &r),
	       422, &r, "ia07 without summaries");
	assert_string_equal(jstr(&r, "field"), "data.butir[0].ringkasan");
	tresp_free(&r);
	expect(call("POST", "instruments/ia07/result",
		    json_pack("{s:{s:o, s:s, s:b}}", "data", "butir", butir(n07, "K", 1),
			      "rekomendasi", "K", "ttd_asesor", 1),
		    &r),
	       201, &r, "ia07");
	tresp_free(&r);
	expect(step("instruments_complete", NULL, &r), 409, &r, "ia06 still missing");
	assert_non_null(strstr(jstr(&r, "message"), "FR.IA.06"));
	tresp_free(&r);
	expect(
	    call("POST", "instruments/ia06/result",
		 json_pack("{s:{s:o, s:s, s:s, s:b}}", "data", "butir", butir(2, "K", 0),
			   "umpan_balik", "Jawaban lengkap.", "rekomendasi", "K", "ttd_asesor", 1),
		 &r),
	    201, &r, "ia06");
	tresp_free(&r);
	long long ledger = testapp_count(T, "ledger_entries");
	expect(step("instruments_complete", NULL, &r), 200, &r, "complete");
	assert_string_equal(jstr(&r, "state"), "INSTRUMENTS_DONE");
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "ledger_entries"), ledger + 1);

	/* FR.AK.02: an overall K needs every unit K (a rule across the part's fields) */
	assert_int_equal(testapp_request(T, "GET", "/api/skema", NULL, &r), 200);
	int64_t skema = json_integer_value(
	    json_object_get(json_array_get(json_object_get(r.json, "skema"), 0), "id"));
	tresp_free(&r);
	char sp[48];
	snprintf(sp, sizeof sp, "/api/skema/%lld", (long long)skema);
	assert_int_equal(testapp_request(T, "GET", sp, NULL, &r), 200);
	json_t *units = json_array(), *u;
	size_t ui;
	json_array_foreach(json_object_get(r.json, "units"), ui, u) json_array_append_new(
	    units, json_pack("{s:O, s:[s], s:s}", "code", json_object_get(u, "code"), "metode",
			     "tertulis", "kompeten", ui == 1 ? "BK" : "K"));
	tresp_free(&r);
	expect(call("POST", "forms/FR.AK.02",
		    json_pack("{s:{s:O, s:s, s:b}}", "data", "units", units, "rekomendasi", "K",
			      "ttd_asesor", 1),
		    &r),
	       422, &r, "AK.02 K with a BK unit");
	assert_string_equal(jstr(&r, "error"), "form_k_needs_all_units");
	assert_string_equal(jstr(&r, "field"), "rekomendasi");
	tresp_free(&r);
	expect(call("POST", "forms/FR.AK.02",
		    json_pack("{s:{s:o, s:s, s:s, s:b}}", "data", "units", units, "rekomendasi",
			      "BK", "tindak_lanjut", "Asesmen ulang unit kedua.", "ttd_asesor", 1),
		    &r),
	       201, &r, "AK.02 BK");
	tresp_free(&r);
	/* the results are signed forms of the case; the asesi reads none of their data */
	as("asesi");
	assert_int_equal(call("GET", "forms", NULL, &r), 200);
	assert_non_null(strstr(r.body, "FR.IA.05"));
	assert_null(strstr(r.body, "\"benar\""));
	assert_null(strstr(r.body, "ringkasan"));
	tresp_free(&r);
	testapp_free(&T);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plan_consent_start),
	    cmocka_unit_test(test_sheets),
	    cmocka_unit_test(test_results_and_guard),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
