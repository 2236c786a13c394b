/* The appeal module through the real router: FR.AK.04 filed by the case's own asesi within the
 * scheme's window after the decision; the team formed from uninvolved tim_banding members; only
 * team members review and decide; an upheld appeal opens a linked re-assessment or changes the
 * decision, a rejected one leaves it; the overdue flag; the public SOP. Refusals change nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth.h"
#include "clock.h"
#include "db.h"
#include "testapp.h"
#include "workdays.h"

#define PW     "Demo-Ujikom-2026"
#define DAY_MS (24LL * 3600 * 1000)
#define AK04                                                                                       \
	"{\"dijelaskan\":true,\"didiskusikan\":true,\"melibatkan_orang_lain\":false,"              \
	"\"lingkup\":\"skema\",\"keputusan_dibanding\":\"Belum kompeten pada skema\","             \
	"\"alasan\":\"Proses asesmen tidak sesuai SOP dan prinsip asesmen.\",\"ttd_asesi\":true}"

static int64_t account_id(struct testapp *t, const char *email)
{
	int64_t id = 0;
	assert_int_equal(
	    db_get_int(t->app.db, &id, "SELECT id FROM accounts WHERE email = ?", "t", email),
	    ERR_OK);
	return id;
}

static void as(struct testapp *t, const char *local)
{
	char email[128];
	snprintf(email, sizeof email, "%s@demo.ujikom.id", local);
	testapp_cookies_clear(t);
	assert_int_equal(testapp_login(t, email, PW), 200);
}

static void give_role(struct testapp *t, const char *local, const char *role)
{
	char email[128];
	snprintf(email, sizeof email, "%s@demo.ujikom.id", local);
	assert_int_equal(db_begin(t->app.db), ERR_OK);
	assert_int_equal(
	    auth_account_role_add(t->app.db, 0, account_id(t, email), role, clock_now_ms()),
	    ERR_OK);
	assert_int_equal(db_commit(t->app.db), ERR_OK);
}

static void expect_error(int status, int want, struct tresp *r, const char *code)
{
	if (status != want)
		fail_msg("status %d, expected %d: %.*s", status, want, (int)r->len,
			 r->body ? r->body : "");
	if (code)
		assert_string_equal(json_string_value(json_object_get(r->json, "error")), code);
	tresp_free(r);
}

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* A case of the demo asesi for the demo scheme (created through the API). */
static int64_t case_new(struct testapp *t)
{
	struct tresp r;
	as(t, "asesi");
	assert_int_equal(testapp_request(t, "POST", "/api/cases", "{\"skema_id\":1}", &r), 201);
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	tresp_free(&r);
	assert_true(id > 0);
	return id;
}

/* Test setup by SQL: the committee decided BK at decided_at. */
static void case_decide(struct testapp *t, int64_t case_id, int64_t decided_at)
{
	int64_t komite = account_id(t, "komite-teknis@demo.ujikom.id");
	assert_int_equal(db_run(t->app.db, NULL,
				"UPDATE cert_cases SET state = 'DECIDED_BK' WHERE id = ?", "i",
				case_id),
			 ERR_OK);
	assert_int_equal(db_run(t->app.db, NULL,
				"INSERT INTO cert_decisions (case_id, result, sk_number,"
				" berita_acara, decided_by, decided_at) VALUES (?, 'BK',"
				" 'SK/001/2026', 'Rapat komite teknis', ?, ?)",
				"iii", case_id, komite, decided_at),
			 ERR_OK);
}

static int file_appeal(struct testapp *t, int64_t case_id, struct tresp *r)
{
	char body[1024];
	snprintf(body, sizeof body, "{\"case_id\":%lld,\"data\":%s}", (long long)case_id, AK04);
	return testapp_request(t, "POST", "/api/appeals", body, r);
}

/* A decided case with a filed appeal (as the asesi); returns the appeal id. */
static int64_t appeal_new(struct testapp *t, int64_t *case_out)
{
	struct tresp r;
	int64_t case_id = case_new(t);
	case_decide(t, case_id, clock_now_ms() - 3600 * 1000);
	assert_int_equal(file_appeal(t, case_id, &r), 201);
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	tresp_free(&r);
	if (case_out)
		*case_out = case_id;
	return id;
}

static int event(struct testapp *t, int64_t id, const char *ev, const char *body, struct tresp *r)
{
	char path[128];
	snprintf(path, sizeof path, "/api/appeals/%lld/events/%s", (long long)id, ev);
	return testapp_request(t, "POST", path, body ? body : "{}", r);
}

static const char *appeal_state(struct testapp *t, int64_t id)
{
	static char s[32];
	struct db_stmt *st = db_query(t->app.db, "SELECT state FROM appeals WHERE id = ?", "i", id);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(s, sizeof s, "%s", db_col_text(st, 0));
	db_done(st);
	return s;
}

/* Team formed by the manager, review opened by the demo tim_banding member. */
static void to_review(struct testapp *t, int64_t id)
{
	struct tresp r;
	char body[64];
	snprintf(body, sizeof body, "{\"team\":[%lld]}",
		 (long long)account_id(t, "tim-banding@demo.ujikom.id"));
	as(t, "manajer-sertifikasi");
	assert_int_equal(event(t, id, "appeal_team_form", body, &r), 200);
	assert_string_equal(str(r.json, "state"), "TEAM_FORMED");
	tresp_free(&r);
	as(t, "tim-banding");
	assert_int_equal(event(t, id, "appeal_review_start", NULL, &r), 200);
	assert_string_equal(str(r.json, "state"), "IN_REVIEW");
	tresp_free(&r);
}

static void test_file_window(void **state)
{
	(void)state;
	struct testapp *t = testapp_new(1);
	struct tresp r;
	int64_t case_id = case_new(t);

	/* before the decision */
	expect_error(file_appeal(t, case_id, &r), 409, &r, "appeal_no_decision");
	assert_int_equal(testapp_count(t, "appeals"), 0);

	/* after the scheme's window (calendar days after the decision) */
	int64_t days = 0;
	assert_int_equal(
	    db_get_int(t->app.db, &days, "SELECT appeal_days FROM muk_schemes WHERE id = 1", ""),
	    ERR_OK);
	case_decide(t, case_id, clock_now_ms() - (days + 1) * DAY_MS);
	expect_error(file_appeal(t, case_id, &r), 409, &r, "appeal_window_closed");
	assert_int_equal(testapp_count(t, "appeals"), 0);

	/* a different asesi: the case is not theirs (404), nothing written */
	give_role(t, "komite-teknis", "asesi");
	as(t, "komite-teknis");
	assert_int_equal(db_run(t->app.db, NULL,
				"UPDATE cert_decisions SET decided_at = ? WHERE case_id = ?", "ii",
				clock_now_ms() - 3600 * 1000, case_id),
			 ERR_OK);
	expect_error(file_appeal(t, case_id, &r), 404, &r, "appeal_case_not_found");
	assert_int_equal(testapp_count(t, "appeals"), 0);

	/* staff cannot file */
	as(t, "admin");
	expect_error(file_appeal(t, case_id, &r), 403, &r, NULL);

	/* malformed FR.AK.04 */
	as(t, "asesi");
	char body[256];
	snprintf(body, sizeof body, "{\"case_id\":%lld,\"data\":{\"dijelaskan\":true}}",
		 (long long)case_id);
	assert_int_equal(testapp_request(t, "POST", "/api/appeals", body, &r), 422);
	tresp_free(&r);
	assert_int_equal(testapp_count(t, "appeals"), 0);

	/* within the window: filed, due in 20 working days, in the ledger */
	long long ledger = testapp_count(t, "ledger_entries");
	assert_int_equal(file_appeal(t, case_id, &r), 201);
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	assert_string_equal(str(r.json, "state"), "FILED");
	assert_false(json_is_true(json_object_get(r.json, "overdue")));
	assert_true(json_integer_value(json_object_get(r.json, "working_days_left")) >= 19);
	assert_true(strlen(str(r.json, "due_at")) > 0);
	assert_true(strstr(str(r.json, "receipt_number"), "/BDG/") != NULL);
	assert_int_equal(json_array_size(json_object_get(r.json, "events")), 1);
	assert_true(json_array_size(json_object_get(r.json, "sop_steps")) >= 10);
	tresp_free(&r);
	assert_true(testapp_count(t, "ledger_entries") > ledger);
	int64_t due = 0, filed = 0;
	assert_int_equal(
	    db_get_int(t->app.db, &due, "SELECT due_at FROM appeals WHERE id = ?", "i", id),
	    ERR_OK);
	assert_int_equal(
	    db_get_int(t->app.db, &filed, "SELECT filed_at FROM appeals WHERE id = ?", "i", id),
	    ERR_OK);
	assert_true(due - filed >= 26 * DAY_MS && due - filed <= 40 * DAY_MS);

	/* one open appeal per case */
	expect_error(file_appeal(t, case_id, &r), 409, &r, "appeal_open_exists");
	assert_int_equal(testapp_count(t, "appeals"), 1);

	/* the appellant sees it (own list and the progress page) */
	assert_int_equal(testapp_request(t, "GET", "/api/appeals", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	tresp_free(&r);
	char path[64];
	snprintf(path, sizeof path, "/api/appeals/%lld", (long long)id);
	assert_int_equal(testapp_request(t, "GET", path, NULL, &r), 200);
	assert_string_equal(str(json_object_get(r.json, "form"), "lingkup"), "skema");
	assert_null(json_object_get(r.json, "team")); /* not the team's internals */
	tresp_free(&r);

	/* another asesi neither sees it nor lists it */
	as(t, "komite-teknis");
	expect_error(testapp_request(t, "GET", path, NULL, &r), 404, &r, "appeal_not_found");
	assert_int_equal(testapp_request(t, "GET", "/api/appeals", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 0);
	tresp_free(&r);
	/* staff with appeal.read see it */
	as(t, "auditor");
	assert_int_equal(testapp_request(t, "GET", path, NULL, &r), 200);
	assert_non_null(json_object_get(r.json, "team"));
	tresp_free(&r);
	testapp_free(&t);
}

static void test_team_and_reassessment(void **state)
{
	(void)state;
	struct testapp *t = testapp_new(1);
	struct tresp r;
	int64_t case_id = 0;
	int64_t id = appeal_new(t, &case_id);
	int64_t asesor = account_id(t, "asesor@demo.ujikom.id");
	int64_t banding = account_id(t, "tim-banding@demo.ujikom.id");
	int64_t komite = account_id(t, "komite-teknis@demo.ujikom.id");
	char body[128];

	/* the case's assessor holds tim_banding too, but took part in the case */
	give_role(t, "asesor", "tim_banding");
	assert_int_equal(
	    db_run(t->app.db, NULL,
		   "INSERT INTO cert_case_events (case_id, event, from_state, to_state,"
		   " actor_id, at) VALUES (?, 'apl02_continue', 'APL02_SUBMITTED',"
		   " 'PRE_ASSESSED', ?, 1)",
		   "ii", case_id, asesor),
	    ERR_OK);
	as(t, "manajer-sertifikasi");
	/* the candidates: every account whose roles hold appeal.decide, the involved one marked */
	char cpath[64];
	snprintf(cpath, sizeof cpath, "/api/appeals/%lld/candidates", (long long)id);
	assert_int_equal(testapp_request(t, "GET", cpath, NULL, &r), 200);
	int seen_banding = 0, seen_asesor = 0;
	size_t ci;
	json_t *cand;
	json_array_foreach(json_object_get(r.json, "candidates"), ci, cand)
	{
		int64_t cid = json_integer_value(json_object_get(cand, "id"));
		int involved = json_is_true(json_object_get(cand, "involved"));
		assert_non_null(json_string_value(json_object_get(cand, "name")));
		if (cid == banding)
			seen_banding = !involved;
		if (cid == asesor)
			seen_asesor = involved;
		assert_int_not_equal(cid, komite);
	}
	assert_true(seen_banding && seen_asesor);
	tresp_free(&r);
	long long ledger = testapp_count(t, "ledger_entries");
	snprintf(body, sizeof body, "{\"team\":[%lld,%lld]}", (long long)banding,
		 (long long)asesor);
	expect_error(event(t, id, "appeal_team_form", body, &r), 409, &r, "appeal_member_involved");
	/* not a tim_banding member */
	snprintf(body, sizeof body, "{\"team\":[%lld]}", (long long)komite);
	expect_error(event(t, id, "appeal_team_form", body, &r), 422, &r,
		     "appeal_member_not_tim_banding");
	snprintf(body, sizeof body, "{\"team\":[%lld,%lld]}", (long long)banding,
		 (long long)banding);
	expect_error(event(t, id, "appeal_team_form", body, &r), 422, &r,
		     "appeal_member_duplicate");
	expect_error(event(t, id, "appeal_team_form", "{\"team\":[]}", &r), 422, &r, NULL);
	/* a step out of order */
	expect_error(event(t, id, "appeal_uphold", "{}", &r), 409, &r,
		     "appeal_transition_not_allowed");
	assert_int_equal(testapp_count(t, "appeal_team"), 0);
	assert_string_equal(appeal_state(t, id), "FILED");
	assert_int_equal(testapp_count(t, "ledger_entries"), ledger);
	/* the asesi cannot form the team, nor list who could */
	as(t, "asesi");
	assert_int_equal(testapp_request(t, "GET", cpath, NULL, &r), 403);
	tresp_free(&r);
	snprintf(body, sizeof body, "{\"team\":[%lld]}", (long long)banding);
	expect_error(event(t, id, "appeal_team_form", body, &r), 403, &r, NULL);

	as(t, "manajer-sertifikasi");
	assert_int_equal(event(t, id, "appeal_team_form", body, &r), 200);
	assert_string_equal(str(r.json, "state"), "TEAM_FORMED");
	assert_int_equal(json_array_size(json_object_get(r.json, "team")), 1);
	tresp_free(&r);
	assert_true(testapp_count(t, "ledger_entries") > ledger);

	/* review and decision: team members only */
	give_role(t, "ketua-lsp", "tim_banding");
	as(t, "ketua-lsp");
	expect_error(event(t, id, "appeal_review_start", NULL, &r), 403, &r,
		     "appeal_not_team_member");
	as(t, "manajer-sertifikasi");
	expect_error(event(t, id, "appeal_review_start", NULL, &r), 403, &r, NULL);
	assert_string_equal(appeal_state(t, id), "TEAM_FORMED");
	as(t, "tim-banding");
	assert_int_equal(event(t, id, "appeal_review_start", NULL, &r), 200);
	tresp_free(&r);
	const char *uphold =
	    "{\"outcome\":\"reassessment\",\"note\":\"Bukti tidak memenuhi VATM\"}";
	as(t, "ketua-lsp");
	expect_error(event(t, id, "appeal_uphold", uphold, &r), 403, &r, "appeal_not_team_member");
	expect_error(event(t, id, "appeal_reject", "{\"note\":\"Tetap\"}", &r), 403, &r,
		     "appeal_not_team_member");
	assert_string_equal(appeal_state(t, id), "IN_REVIEW");

	/* upheld with re-assessment: a new case linked to the appealed one */
	long long cases = testapp_count(t, "cert_cases");
	as(t, "tim-banding");
	expect_error(event(t, id, "appeal_uphold", "{\"outcome\":\"reassessment\"}", &r), 422, &r,
		     NULL); /* the reasons (note) are required */
	assert_int_equal(testapp_count(t, "cert_cases"), cases);
	assert_int_equal(event(t, id, "appeal_uphold", uphold, &r), 200);
	assert_string_equal(str(r.json, "state"), "UPHELD");
	assert_string_equal(str(r.json, "outcome"), "reassessment");
	int64_t new_case = json_integer_value(json_object_get(r.json, "outcome_case_id"));
	assert_true(new_case > 0);
	tresp_free(&r);
	assert_int_equal(testapp_count(t, "cert_cases"), cases + 1);
	expect_error(event(t, id, "appeal_reject", "{\"note\":\"x\"}", &r), 409, &r,
		     "appeal_transition_not_allowed");

	as(t, "admin");
	assert_int_equal(testapp_request(t, "GET", "/api/cases", NULL, &r), 200);
	json_t *c;
	size_t i;
	int linked = 0;
	json_array_foreach(json_object_get(r.json, "cases"), i, c)
	{
		if (json_integer_value(json_object_get(c, "parent_case_id")) == case_id) {
			assert_int_equal(json_integer_value(json_object_get(c, "id")), new_case);
			linked = 1;
		}
	}
	tresp_free(&r);
	assert_true(linked);

	/* the appellant's progress: every step so far, and the SOP steps marked done */
	as(t, "asesi");
	char path[64];
	snprintf(path, sizeof path, "/api/appeals/%lld", (long long)id);
	assert_int_equal(testapp_request(t, "GET", path, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "events")), 4);
	json_t *s;
	int done08 = 0;
	json_array_foreach(json_object_get(r.json, "sop_steps"), i,
			   s) if (!strcmp(str(s, "code"), "SOP-BJJ-08")) done08 =
	    json_is_true(json_object_get(s, "done"));
	assert_true(done08);
	assert_true(json_is_null(json_object_get(r.json, "working_days_left")));
	tresp_free(&r);
	testapp_free(&t);
}

static void test_changed_decision(void **state)
{
	(void)state;
	struct testapp *t = testapp_new(1);
	struct tresp r;
	int64_t case_id = 0;
	int64_t id = appeal_new(t, &case_id);
	to_review(t, id);
	/* the same result is no change */
	expect_error(event(t, id, "appeal_uphold",
			   "{\"outcome\":\"decision_changed\",\"result\":\"BK\",\"sk_number\":"
			   "\"SK/002/2026\",\"berita_acara\":\"BA\",\"note\":\"Alasan\"}",
			   &r),
		     422, &r, "appeal_result_unchanged");
	expect_error(event(t, id, "appeal_uphold",
			   "{\"outcome\":\"decision_changed\",\"note\":\"Alasan\"}", &r),
		     422, &r, NULL);
	assert_string_equal(appeal_state(t, id), "IN_REVIEW");
	assert_int_equal(event(t, id, "appeal_uphold",
			       "{\"outcome\":\"decision_changed\",\"result\":\"K\",\"sk_number\":"
			       "\"SK/002/2026\",\"berita_acara\":\"Rapat komite baru\",\"note\":"
			       "\"Keputusan tidak sesuai bukti\"}",
			       &r),
			 200);
	assert_string_equal(str(r.json, "outcome"), "decision_changed");
	assert_true(json_is_null(json_object_get(r.json, "outcome_case_id")));
	assert_string_equal(str(json_object_get(r.json, "case"), "state"), "DECIDED_K");
	tresp_free(&r);
	as(t, "admin");
	char path[64];
	snprintf(path, sizeof path, "/api/cases/%lld", (long long)case_id);
	assert_int_equal(testapp_request(t, "GET", path, NULL, &r), 200);
	assert_string_equal(str(r.json, "state"), "DECIDED_K");
	tresp_free(&r);
	testapp_free(&t);
}

static void test_rejected_and_overdue(void **state)
{
	(void)state;
	struct testapp *t = testapp_new(1);
	struct tresp r;
	int64_t case_id = 0;
	int64_t id = appeal_new(t, &case_id);
	char path[64];
	snprintf(path, sizeof path, "/api/appeals/%lld", (long long)id);

	/* overdue once due_at passed (set in the DB) */
	as(t, "manajer-sertifikasi");
	assert_int_equal(testapp_request(t, "GET", "/api/appeals?overdue=1", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 0);
	tresp_free(&r);
	assert_int_equal(
	    db_run(t->app.db, NULL, "UPDATE appeals SET due_at = 1000 WHERE id = ?", "i", id),
	    ERR_OK);
	assert_int_equal(testapp_request(t, "GET", path, NULL, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "overdue")));
	assert_true(json_integer_value(json_object_get(r.json, "working_days_left")) < 0);
	tresp_free(&r);
	assert_int_equal(testapp_request(t, "GET", "/api/appeals?overdue=1", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	tresp_free(&r);
	as(t, "asesi");
	assert_int_equal(testapp_request(t, "GET", path, NULL, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "overdue")));
	tresp_free(&r);

	/* rejected: the decision stands, no case is opened */
	long long cases = testapp_count(t, "cert_cases");
	to_review(t, id);
	assert_int_equal(event(t, id, "appeal_reject", "{\"note\":\"Keputusan sudah sesuai\"}", &r),
			 200);
	assert_string_equal(str(r.json, "state"), "REJECTED");
	assert_false(json_is_true(json_object_get(r.json, "overdue"))); /* decided */
	tresp_free(&r);
	as(t, "admin");
	char cpath[64];
	snprintf(cpath, sizeof cpath, "/api/cases/%lld", (long long)case_id);
	assert_int_equal(testapp_request(t, "GET", cpath, NULL, &r), 200);
	assert_string_equal(str(r.json, "state"), "DECIDED_BK");
	tresp_free(&r);
	int64_t n = 0;
	assert_int_equal(db_get_int(t->app.db, &n,
				    "SELECT count(*) FROM cert_decisions WHERE case_id = ? AND"
				    " result = 'BK' AND sk_number = 'SK/001/2026'",
				    "i", case_id),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(testapp_count(t, "cert_cases"), cases);
	testapp_free(&t);
}

/* A login older than 5 minutes must confirm FR.AK.04 with the password. */
static void test_file_needs_confirmation(void **state)
{
	(void)state;
	struct testapp *t = testapp_new(1);
	struct tresp r;
	int64_t case_id = case_new(t);
	case_decide(t, case_id, clock_now_ms() - 3600 * 1000);
	assert_int_equal(db_run(t->app.db, NULL, "UPDATE sessions SET created_at = created_at - ?",
				"i", (int64_t)(10 * 60 * 1000)),
			 ERR_OK);
	expect_error(file_appeal(t, case_id, &r), 401, &r, "signature_confirm_required");
	char body[1024];
	snprintf(body, sizeof body, "{\"case_id\":%lld,\"data\":%s,\"password\":\"salah-sekali\"}",
		 (long long)case_id, AK04);
	expect_error(testapp_request(t, "POST", "/api/appeals", body, &r), 401, &r,
		     "signature_password_wrong");
	assert_int_equal(testapp_count(t, "appeals"), 0);
	snprintf(body, sizeof body, "{\"case_id\":%lld,\"data\":%s,\"password\":\"" PW "\"}",
		 (long long)case_id, AK04);
	assert_int_equal(testapp_request(t, "POST", "/api/appeals", body, &r), 201);
	tresp_free(&r);
	int64_t n = 0;
	assert_int_equal(db_get_int(t->app.db, &n,
				    "SELECT count(*) FROM appeals WHERE sign_method = 'password'",
				    ""),
			 ERR_OK);
	assert_int_equal(n, 1);
	testapp_free(&t);
}

static void test_sop_public(void **state)
{
	(void)state;
	struct testapp *t = testapp_new(0);
	struct tresp r;
	assert_int_equal(testapp_request(t, "GET", "/api/appeals/sop", NULL, &r), 200);
	assert_non_null(strstr(str(r.json, "markdown"), "### SOP-BJJ-08"));
	assert_true(json_array_size(json_object_get(r.json, "steps")) >= 10);
	tresp_free(&r);
	assert_int_equal(testapp_request(t, "GET", "/api/appeals/transitions", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "transitions")), 5);
	tresp_free(&r);
	/* everything else needs a session */
	assert_int_equal(testapp_request(t, "GET", "/api/appeals", NULL, &r), 401);
	tresp_free(&r);
	testapp_free(&t);
}

/* FR.AK.04 attachments must be evidence of the case; the due date follows the LSP's holidays. */
static void test_attachments_and_holidays(void **state)
{
	(void)state;
	struct testapp *t = testapp_new(1);
	struct tresp r;
	char body[1400];
	int64_t c1 = case_new(t);
	case_decide(t, c1, clock_now_ms() - 3600 * 1000);
	long long before = testapp_count(t, "appeals");
	json_t *d = json_loads(AK04, 0, NULL);
	json_object_set_new(d, "bukti",
			    json_pack("[s]", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
					     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	char *data = json_dumps(d, JSON_COMPACT);
	snprintf(body, sizeof body, "{\"case_id\":%lld,\"data\":%s}", (long long)c1, data);
	free(data);
	json_decref(d);
	expect_error(testapp_request(t, "POST", "/api/appeals", body, &r), 422, &r,
		     "appeal_evidence_unknown");
	assert_int_equal(testapp_count(t, "appeals"), before);

	assert_int_equal(file_appeal(t, c1, &r), 201);
	tresp_free(&r);
	int64_t due1 = 0, due2 = 0;
	assert_int_equal(db_get_int(t->app.db, &due1, "SELECT max(due_at) FROM appeals", ""),
			 ERR_OK);
	/* the LSP declares the next ten days holidays: a new appeal is due later */
	as(t, "admin");
	for (int k = 1; k <= 10; k++) {
		char day[16], hb[96];
		workdays_format(workdays_day_from_ms(clock_now_ms(), 7 * 60) + k, day, sizeof day);
		snprintf(hb, sizeof hb, "{\"date\":\"%s\",\"name\":\"Libur uji\"}", day);
		int st = testapp_request(t, "POST", "/api/holidays", hb, &r);
		assert_true(st == 201 || st == 409); /* 409: already a national holiday */
		tresp_free(&r);
	}
	int64_t c2 = case_new(t);
	case_decide(t, c2, clock_now_ms() - 3600 * 1000);
	assert_int_equal(file_appeal(t, c2, &r), 201);
	tresp_free(&r);
	assert_int_equal(db_get_int(t->app.db, &due2, "SELECT max(due_at) FROM appeals", ""),
			 ERR_OK);
	assert_true(due2 > due1 + 5 * DAY_MS);
	testapp_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_file_window),
	    cmocka_unit_test(test_team_and_reassessment),
	    cmocka_unit_test(test_changed_decision),
	    cmocka_unit_test(test_rejected_and_overdue),
	    cmocka_unit_test(test_file_needs_confirmation),
	    cmocka_unit_test(test_sop_public),
	    cmocka_unit_test(test_attachments_and_holidays),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
