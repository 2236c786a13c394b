/* The paperless FR.APL.01 stage end to end through the real router, on the demo scheme: the asesi
 * uploads evidence per requirement, signs the form (validated against its definition and the
 * scheme), submits; the admin marks every requirement, signs and decides. Steps without their
 * signed form, or whose signed form says otherwise, are refused and change nothing. */
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

static const char *jstr(const struct tresp *r, const char *k)
{
	return json_string_value(json_object_get(r->json, k));
}

/* URL-encodes a query value (requirement refs hold spaces). */
static void qenc(const char *in, char *out, size_t n)
{
	size_t o = 0;
	for (; *in && o + 4 < n; in++) {
		unsigned char c = (unsigned char)*in;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '-' || c == '_')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, n - o, "%%%02X", c);
	}
	out[o] = '\0';
}

static int sign(int64_t id, const char *code, json_t *data, struct tresp *r)
{
	char path[96];
	snprintf(path, sizeof path, "/api/cases/%lld/forms/%s", (long long)id, code);
	return testapp_call(T, "POST", path, json_pack("{s:o}", "data", data), r);
}

static int step(int64_t id, const char *event, const char *body, struct tresp *r)
{
	char path[96];
	snprintf(path, sizeof path, "/api/cases/%lld/events/%s", (long long)id, event);
	return testapp_request(T, "POST", path, body ? body : "{}", r);
}

static void test_apl01_stage(void **state)
{
	(void)state;
	struct tresp r;
	T = testapp_new(1);
	assert_int_equal(testapp_request(T, "GET", "/api/skema", NULL, &r), 200);
	int64_t skema = json_integer_value(
	    json_object_get(json_array_get(json_object_get(r.json, "skema"), 0), "id"));
	tresp_free(&r);
	char path[160];
	snprintf(path, sizeof path, "/api/skema/%lld", (long long)skema);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	json_t *reqs = json_incref(json_object_get(r.json, "requirements"));
	tresp_free(&r);
	assert_true(json_array_size(reqs) > 0);

	assert_int_equal(testapp_login(T, "asesi@demo.ujikom.id", PW), 200);
	char body[96];
	snprintf(body, sizeof body, "{\"skema_id\":%lld}", (long long)skema);
	assert_int_equal(testapp_request(T, "POST", "/api/cases", body, &r), 201);
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	tresp_free(&r);

	/* one upload per requirement, of a type it accepts; the form refers to them */
	static const char pdf[] = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0,
					    0,	  13,  'I', 'H', 'D',  'R',  0,	   0,	 0, 1,
					    0,	  0,   0,   1,	 8,    6,    0,	   0,	 0};
	json_t *rows = json_array();
	size_t i;
	json_t *q;
	json_array_foreach(reqs, i, q)
	{
		char key[64], enc[200], up[320];
		const char *ref = json_string_value(json_object_get(q, "ref"));
		snprintf(key, sizeof key, "%s", ref ? ref : "");
		if (!ref)
			snprintf(key, sizeof key, "%zu", i + 1);
		int pdf_ok = 0;
		size_t t;
		json_t *ty;
		json_array_foreach(json_object_get(q, "types"), t,
				   ty) if (!strcmp(json_string_value(ty), "pdf")) pdf_ok = 1;
		qenc(key, enc, sizeof enc);
		snprintf(up, sizeof up, "/api/cases/%lld/evidence?requirement=%s&name=bukti",
			 (long long)id, enc);
		T->content_type = pdf_ok ? "application/pdf" : "image/png";
		int st = pdf_ok ? testapp_request_bytes(T, "POST", up, pdf, sizeof pdf - 1, &r)
				: testapp_request_bytes(T, "POST", up, png, sizeof png, &r);
		T->content_type = NULL;
		if (st != 201)
			fail_msg("upload for %s: %d %s", key, st, r.body ? r.body : "");
		json_array_append_new(
		    rows, json_pack("{s:s, s:[s]}", "key", key, "berkas", jstr(&r, "sha256")));
		tresp_free(&r);
	}
	json_t *apl01 =
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b}",
		      "nama_lengkap", "Demo Asesi", "nik", "3171011501900001", "tempat_lahir",
		      "Jakarta", "tanggal_lahir", "1990-01-15", "jenis_kelamin", "laki_laki",
		      "kebangsaan", "Indonesia", "alamat_rumah", "Jl. Kenanga No. 5, Jakarta",
		      "kode_pos", "10110", "hp", "081234567890", "email", "asesi@demo.ujikom.id",
		      "kualifikasi_pendidikan", "d4_s1", "tujuan_asesmen", "sertifikasi",
		      "sumber_anggaran", "mandiri", "bukti_persyaratan", rows, "ttd_pemohon", 1);

	long long events = testapp_count(T, "cert_case_events");
	/* the step without its signed form */
	assert_int_equal(step(id, "apl01_submit", NULL, &r), 409);
	assert_string_equal(jstr(&r, "error"), "form_not_signed");
	tresp_free(&r);
	/* a form referring to a file that is no upload of this case */
	json_t *bad = json_deep_copy(apl01);
	json_array_set_new(
	    json_object_get(json_array_get(json_object_get(bad, "bukti_persyaratan"), 0), "berkas"),
	    0, json_string("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	assert_int_equal(sign(id, "FR.APL.01", bad, &r), 422);
	assert_string_equal(jstr(&r, "error"), "form_evidence_unknown");
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "cert_case_forms"), 0);

	if (sign(id, "FR.APL.01", json_incref(apl01), &r) != 201)
		fail_msg("sign FR.APL.01: %d %s", r.status, r.body ? r.body : "");
	assert_int_equal(json_integer_value(json_object_get(r.json, "version")), 1);
	assert_int_equal(strlen(jstr(&r, "sha256")), 64);
	tresp_free(&r);
	assert_int_equal(step(id, "apl01_submit", NULL, &r), 200);
	assert_string_equal(jstr(&r, "state"), "APL01_SUBMITTED");
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "cert_case_events"), events + 1);
	/* under review the asesi cannot rewrite the form */
	assert_int_equal(sign(id, "FR.APL.01", json_incref(apl01), &r), 403);
	tresp_free(&r);

	/* the admin marks every requirement and signs; "tidak_diterima" cannot accept */
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, "admin@demo.ujikom.id", PW), 200);
	json_t *marks = json_array();
	json_array_foreach(rows, i, q)
	    json_array_append_new(marks, json_pack("{s:O, s:s}", "key", json_object_get(q, "key"),
						   "status", "ada_memenuhi"));
	json_t *admin = json_pack("{s:o, s:s, s:b, s:s}", "verifikasi_persyaratan", marks,
				  "rekomendasi", "tidak_diterima", "ttd_admin", 1,
				  "catatan_internal", "Ijazah perlu dicek ke kampus.");
	json_t *signreq = json_pack("{s:s, s:O}", "role", "admin_lsp", "data", admin);
	snprintf(path, sizeof path, "/api/cases/%lld/forms/FR.APL.01", (long long)id);
	if (testapp_call(T, "POST", path, json_incref(signreq), &r) != 201)
		fail_msg("admin sign: %d %s", r.status, r.body ? r.body : "");
	tresp_free(&r);
	assert_int_equal(step(id, "apl01_accept", NULL, &r), 409);
	assert_string_equal(jstr(&r, "error"), "form_says_otherwise");
	tresp_free(&r);
	json_object_set_new(admin, "rekomendasi", json_string("diterima"));
	json_object_set(signreq, "data", admin);
	assert_int_equal(testapp_call(T, "POST", path, json_incref(signreq), &r), 201);
	assert_int_equal(json_integer_value(json_object_get(r.json, "version")),
			 2); /* new version */
	tresp_free(&r);
	assert_int_equal(step(id, "apl01_accept", NULL, &r), 200);
	assert_string_equal(jstr(&r, "state"), "APL01_ACCEPTED");
	tresp_free(&r);

	/* schedule: the demo schedule of this scheme, with the demo assessor assigned */
	assert_int_equal(testapp_request(T, "GET", "/api/jadwal", NULL, &r), 200);
	json_t *jl = json_object_get(r.json, "jadwal");
	assert_true(json_array_size(jl) > 0);
	int64_t jadwal = json_integer_value(json_object_get(json_array_get(jl, 0), "id"));
	tresp_free(&r);
	assert_int_equal(step(id, "schedule_assign", "{}", &r), 422); /* which schedule? */
	assert_string_equal(json_string_value(json_object_get(r.json, "field")), "jadwal_id");
	tresp_free(&r);
	assert_int_equal(step(id, "schedule_assign", "{\"jadwal_id\":999999}", &r), 422);
	tresp_free(&r);
	snprintf(body, sizeof body, "{\"jadwal_id\":%lld}", (long long)jadwal);
	assert_int_equal(step(id, "schedule_assign", body, &r), 200);
	assert_string_equal(jstr(&r, "state"), "SCHEDULED");
	assert_int_equal(json_integer_value(json_object_get(r.json, "jadwal_id")), jadwal);
	tresp_free(&r);
	/* the asesi sees when and how the assessment happens, though not the schedule API */
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, "asesi@demo.ujikom.id", PW), 200);
	snprintf(path, sizeof path, "/api/cases/%lld", (long long)id);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	json_t *js = json_object_get(r.json, "jadwal");
	assert_non_null(js);
	assert_string_equal(json_string_value(json_object_get(js, "mode")), "jarak_jauh");
	assert_non_null(json_string_value(json_object_get(js, "start")));
	tresp_free(&r);
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, "admin@demo.ujikom.id", PW), 200);

	/* the assigned assessor now sees the case; another assessor step is not yet possible */
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, "asesor@demo.ujikom.id", PW), 200);
	snprintf(path, sizeof path, "/api/cases/%lld", (long long)id);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	tresp_free(&r);
	assert_int_equal(step(id, "apl02_continue", NULL, &r), 409);
	assert_string_equal(jstr(&r, "error"), "transition_not_allowed");
	tresp_free(&r);
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, "admin@demo.ujikom.id", PW), 200);

	/* Post-assessment. The instrument stages are not built yet, so the test moves the case to
	 * INSTRUMENTS_DONE directly; from there everything goes through the API. */
	char sql[160];
	snprintf(sql, sizeof sql,
		 "UPDATE cert_cases SET state = 'INSTRUMENTS_DONE' WHERE id = %lld", (long long)id);
	assert_int_equal(db_exec(T->app.db, sql), ERR_OK);
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, "asesor@demo.ujikom.id", PW), 200);
	snprintf(path, sizeof path, "/api/skema/%lld", (long long)skema);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	json_t *units = json_array(), *u;
	json_array_foreach(json_object_get(r.json, "units"), i, u) json_array_append_new(
	    units, json_pack("{s:O, s:[s], s:s}", "code", json_object_get(u, "code"), "metode",
			     "observasi_demonstrasi", "kompeten", "K"));
	tresp_free(&r);
	json_t *ak02 =
	    json_pack("{s:o, s:s, s:b}", "units", units, "rekomendasi", "K", "ttd_asesor", 1);
	if (sign(id, "FR.AK.02", ak02, &r) != 201)
		fail_msg("sign FR.AK.02: %d %s", r.status, r.body ? r.body : "");
	tresp_free(&r);
	/* FR.AK.02 needs the asesi's signature too before the step */
	assert_int_equal(step(id, "assessment_record", NULL, &r), 409);
	assert_string_equal(jstr(&r, "error"), "form_not_signed");
	tresp_free(&r);
	snprintf(sql, sizeof sql,
		 "UPDATE cert_cases SET state = 'PROCESS_REVIEWED' WHERE id = %lld", (long long)id);
	assert_int_equal(db_exec(T->app.db, sql), ERR_OK);

	/* a committee member who took part in the case may not decide it: the demo assessor, given
	 * the committee role for this check, assessed it */
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, "admin@demo.ujikom.id", PW), 200);
	assert_int_equal(testapp_request(T, "GET", "/api/accounts?q=asesor%40demo", NULL, &r), 200);
	int64_t asesor_id = json_integer_value(
	    json_object_get(json_array_get(json_object_get(r.json, "accounts"), 0), "id"));
	tresp_free(&r);
	snprintf(path, sizeof path, "/api/accounts/%lld/roles", (long long)asesor_id);
	assert_int_equal(testapp_request(T, "POST", path, "{\"role\":\"komite_teknis\"}", &r), 204);
	tresp_free(&r);
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, "asesor@demo.ujikom.id", PW), 200);
	assert_int_equal(step(id, "decide_k",
			      "{\"sk_number\":\"SK-9\",\"berita_acara\":"
			      "\"Diputuskan oleh asesor sendiri.\"}",
			      &r),
			 403);
	assert_string_equal(jstr(&r, "error"), "case_not_independent");
	tresp_free(&r);

	/* the committee: no minutes -> 422; BK against a K recommendation -> 409; K -> DECIDED_K */
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, "komite-teknis@demo.ujikom.id", PW), 200);
	assert_int_equal(step(id, "decide_k", "{\"sk_number\":\"SK-001/2026\"}", &r), 422);
	assert_string_equal(json_string_value(json_object_get(r.json, "field")), "berita_acara");
	tresp_free(&r);
	const char *minutes =
	    "{\"sk_number\":\"SK-001/LSP-DEMO/XI/2026\",\"berita_acara\":"
	    "\"Rapat pleno komite teknis 21 November 2026: bukti memenuhi VATM.\"}";
	assert_int_equal(step(id, "decide_bk", minutes, &r), 409);
	assert_string_equal(jstr(&r, "error"), "cert_recommendation_differs");
	tresp_free(&r);
	assert_int_equal(step(id, "decide_k", minutes, &r), 200);
	assert_string_equal(jstr(&r, "state"), "DECIDED_K");
	tresp_free(&r);
	/* the decision per batch: the schedule's cases with their results and SK numbers */
	snprintf(path, sizeof path, "/api/certification/batches/%lld", (long long)jadwal);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(r.json, "counts"), "K")), 1);
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(r.json, "sk_numbers"), 0)),
	    "SK-001/LSP-DEMO/XI/2026");
	tresp_free(&r);

	/* the certificate record: BNSP's numbers, validity from the scheme (36 months) */
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, "admin@demo.ujikom.id", PW), 200);
	const char *cert = "{\"certificate_number\":\"62090 2421 1 0000123 2026\","
			   "\"registration_number\":\"MET.000.001234 2026\","
			   "\"blanko_number\":\"10617299\",\"issue_date\":\"2026-11-30\"}";
	assert_int_equal(step(id, "certificate_record", cert, &r), 200);
	assert_string_equal(jstr(&r, "state"), "CERTIFIED");
	tresp_free(&r);
	snprintf(path, sizeof path, "/api/cases/%lld", (long long)id);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	json_t *c = json_object_get(r.json, "certificate");
	assert_string_equal(json_string_value(json_object_get(c, "valid_until")), "2029-11-30");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r.json, "decision"), "result")), "K");
	tresp_free(&r);

	/* signed parts are immutable in the database itself */
	assert_int_not_equal(db_exec(T->app.db, "UPDATE cert_case_forms SET data = '{}'"), ERR_OK);
	assert_int_not_equal(db_exec(T->app.db, "DELETE FROM cert_case_forms"), ERR_OK);

	/* the asesi reads their own parts in full and the admin's recommendation and note to them,
	 * but never the admin's internal note */
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, "asesi@demo.ujikom.id", PW), 200);
	snprintf(path, sizeof path, "/api/cases/%lld/forms", (long long)id);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	json_t *f;
	int admin_parts = 0;
	json_array_foreach(json_object_get(r.json, "forms"), i, f)
	{
		json_t *d = json_object_get(f, "data");
		assert_non_null(d);
		if (!strcmp(json_string_value(json_object_get(f, "role")), "admin_lsp")) {
			admin_parts++;
			assert_non_null(json_object_get(d, "rekomendasi"));
		}
	}
	assert_true(admin_parts >= 2);
	assert_null(strstr(r.body, "catatan_internal"));
	tresp_free(&r);

	json_decref(signreq);
	json_decref(admin);
	json_decref(apl01);
	json_decref(reqs);
	testapp_free(&T);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_apl01_stage)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
