/* Retention of evidence files (SE.007 A.III.b) through the module's purge hook, on a real
 * database and blob store: an undecided case keeps everything; a decided case keeps its files
 * until the decision plus the scheme's validity (36 months); a dry run only reports; the purge
 * marks the rows, removes the files, leaves tombstones in the ledger, and the evidence route says
 * the file was purged; a file another case still keeps stays. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "certification/certification.h"
#include "clock.h"
#include "db.h"
#include "testapp.h"

extern const struct module certification_module;

#define PW "Demo-Ujikom-2026"

static int64_t new_case(struct testapp *t, const char *email, const char *pw)
{
	struct tresp r;
	assert_int_equal(testapp_login(t, email, pw), 200);
	assert_int_equal(testapp_request(t, "POST", "/api/cases", "{\"skema_id\":1}", &r), 201);
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	tresp_free(&r);
	return id;
}

static void upload(struct testapp *t, int64_t case_id, const char *pdf, char sha[65])
{
	struct tresp r;
	char path[128];
	/* requirement "9.1.2.1 a" (identity, PDF accepted) of the demo scheme */
	snprintf(path, sizeof path,
		 "/api/cases/%lld/evidence?requirement=9.1.2.1%%20a&name=bukti.pdf",
		 (long long)case_id);
	t->content_type = "application/pdf";
	if (testapp_request_bytes(t, "POST", path, pdf, strlen(pdf), &r) != 201)
		fail_msg("upload: %d %s", r.status, r.body ? r.body : "");
	t->content_type = NULL;
	snprintf(sha, 65, "%s", json_string_value(json_object_get(r.json, "sha256")));
	tresp_free(&r);
}

static int file_exists(struct testapp *t, const char *sha)
{
	char path[1024];
	struct stat st;
	snprintf(path, sizeof path, "%s/blobs/%.2s/%.2s/%s", t->app.cfg->data_dir, sha, sha + 2,
		 sha);
	return stat(path, &st) == 0;
}

static void test_evidence_retention(void **state)
{
	(void)state;
	struct testapp *t = testapp_new(1);
	struct tresp r;
	char sha[65], shared[65], sha2[65], sql[256], path[160];
	static const char pdf[] = "%PDF-1.4\n% retensi bukti\n%%EOF\n";
	static const char common[] = "%PDF-1.4\n% bukti bersama\n%%EOF\n";
	int64_t c1 = new_case(t, "asesi@demo.ujikom.id", PW);
	upload(t, c1, pdf, sha);
	upload(t, c1, common, shared);
	/* a second asesi keeps the same shared file in their own case */
	testapp_cookies_clear(t);
	assert_int_equal(testapp_request(t, "GET", "/api/session", NULL, &r),
			 200); /* CSRF cookie */
	tresp_free(&r);
	int st = testapp_request(t, "POST", "/api/accounts/register",
				 "{\"email\":\"dua@example.id\",\"name\":\"Asesi Dua\","
				 "\"nik\":\"3273016608910004\",\"phone\":\"081311112222\","
				 "\"password\":\"Kopi-Tubruk-8814\"}",
				 &r);
	if (st != 201)
		fail_msg("register: %d %s", st, r.body ? r.body : "");
	tresp_free(&r);
	int64_t c2 = new_case(t, "dua@example.id", "Kopi-Tubruk-8814");
	upload(t, c2, common, sha2);
	assert_string_equal(sha2, shared);

	json_t *report = json_array();
	int64_t now = clock_now_ms();
	/* undecided: kept */
	assert_int_equal(certification_module.purge(&t->app, t->app.db, now, 0, report), ERR_OK);
	assert_int_equal(json_array_size(report), 0);
	/* decided now: kept for 36 months */
	snprintf(sql, sizeof sql,
		 "INSERT INTO cert_decisions (case_id, result, sk_number, berita_acara, decided_by,"
		 " decided_at) VALUES (%lld, 'BK', 'SK-R/1', 'Rapat pleno.', 1, %lld)",
		 (long long)c1, (long long)now);
	assert_int_equal(db_exec(t->app.db, sql), ERR_OK);
	assert_int_equal(certification_module.purge(&t->app, t->app.db, now, 0, report), ERR_OK);
	assert_int_equal(json_array_size(report), 0);
	/* four years later: past the keeping period */
	int64_t later = now + (int64_t)4 * 366 * 24 * 3600 * 1000;
	long long ledger = testapp_count(t, "ledger_entries");
	assert_int_equal(certification_module.purge(&t->app, t->app.db, later, 1, report), ERR_OK);
	assert_int_equal(json_array_size(report), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(report, 0), "action")),
			    "would_purge");
	assert_int_equal(testapp_count(t, "ledger_entries"),
			 ledger); /* the dry run wrote nothing */
	assert_true(file_exists(t, sha));
	json_array_clear(report);
	assert_int_equal(certification_module.purge(&t->app, t->app.db, later, 0, report), ERR_OK);
	assert_int_equal(json_array_size(report), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(report, 0), "files")),
			 2);
	assert_false(file_exists(t, sha));
	assert_true(file_exists(t, shared)); /* case 2 keeps it */
	assert_true(testapp_count(t, "ledger_entries") >= ledger + 2);
	/* the asesi of case 1 is told it was purged */
	testapp_cookies_clear(t);
	assert_int_equal(testapp_login(t, "asesi@demo.ujikom.id", PW), 200);
	snprintf(path, sizeof path, "/api/cases/%lld/evidence/%s", (long long)c1, sha);
	assert_int_equal(testapp_request(t, "GET", path, NULL, &r), 404);
	assert_string_equal(json_string_value(json_object_get(r.json, "error")),
			    "cert_evidence_purged");
	tresp_free(&r);
	/* a second run purges nothing more */
	json_array_clear(report);
	assert_int_equal(certification_module.purge(&t->app, t->app.db, later, 0, report), ERR_OK);
	assert_int_equal(json_array_size(report), 0);
	json_decref(report);
	testapp_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_evidence_retention)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
