/* The jadwal module through the real router: TUK records, creating and reading schedules (zones,
 * remote rules), assigning assessors with SPT numbers (format, Roman months, sequence per year and
 * per LSP code, gapless), every refusal (double booking by a minute, expired certificate, out of
 * scope, not registered, conflict of interest, capacity and ratio) answering 409 with its code and
 * changing nothing, the permissions, and an assessor seeing only their own schedules. */
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
#include "jadwal/jadwal.h"
#include "jadwal/jadwal_internal.h"
#include "testapp.h"
#include "workdays.h"

#define PW     "Sandi-Uji-2026"
#define ADMIN  "admin@uji.lsp.id"
#define NASESI 12

static struct testapp *T;
static int64_t asesor_a, asesor_b, asesor_c, asesor_d, asesor_e, asesi[NASESI];
static int64_t skema_remote, skema_local, tuk_ok, tuk_unverified;

/* --- fixture ---------------------------------------------------------------------------- */

static int64_t account_make(const char *hash, const char *email, const char *role)
{
	int64_t id = 0, now = clock_now_ms();

	assert_int_equal(db_begin(T->app.db), ERR_OK);
	assert_int_equal(auth_account_create(T->app.db, 0, email, email, hash, 0, now, &id),
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

static void expect_error(int got, int status, struct tresp *r, const char *code)
{
	if (got != status || !r->json)
		fail_msg("expected %d %s, got %d %s", status, code, got, r->body ? r->body : "");
	assert_string_equal(json_string_value(json_object_get(r->json, "error")), code);
	assert_non_null(json_string_value(json_object_get(r->json, "message")));
	tresp_free(r);
}

/* A date days from today (WIB), in a rotating static buffer. */
static const char *date_in(int days)
{
	static char buf[8][WORKDAYS_DATE_LEN];
	static int k;
	char *out = buf[k++ % 8];

	workdays_format(workdays_day_from_ms(clock_now_ms(), WORKDAYS_WIB) + days, out,
			WORKDAYS_DATE_LEN);
	return out;
}

/* "YYYY-MM-DDTHH:MM" days from today (WIB date) at hhmm, in a rotating static buffer. */
static const char *local_in(int days, const char *hhmm)
{
	static char buf[8][32];
	static int k;
	char *out = buf[k++ % 8];

	snprintf(out, 32, "%sT%s", date_in(days), hhmm);
	return out;
}

static int64_t created_id(int status, struct tresp *r)
{
	int64_t id;

	if (status != 201)
		fail_msg("expected 201, got %d %s", status, r->body ? r->body : "");
	id = json_integer_value(json_object_get(r->json, "id"));
	assert_true(id > 0);
	tresp_free(r);
	return id;
}

static int64_t skema_make(const char *code, const char *number, int remote)
{
	struct tresp r;

	if (remote)
		return created_id(call("POST", "/api/skema", &r, "{ss ss ss ss si s{sb ss ss}}",
				       "code", code, "number", number, "title", "Skema Uji", "type",
				       "okupasi", "fee_idr", 0, "remote", "approved", 1,
				       "approval_number", "UJI-001/BNSP/2026", "approval_date",
				       "2026-01-15"),
				  &r);
	return created_id(call("POST", "/api/skema", &r, "{ss ss ss ss si}", "code", code, "number",
			       number, "title", "Skema Uji", "type", "okupasi", "fee_idr", 0),
			  &r);
}

static void register_asesor(int64_t id, const char *met, int days_valid, int64_t skema)
{
	struct tresp r;

	assert_int_equal(call("POST", "/api/asesor", &r, "{sI ss ss ss s[I]}", "account_id",
			      (json_int_t)id, "met_number", met, "certificate_number",
			      "ASK/UJI/0001/2025", "certificate_valid_until", date_in(days_valid),
			      "skema_ids", (json_int_t)skema),
			 201);
	tresp_free(&r);
}

static int64_t tuk_make(const char *code, const char *verified_until)
{
	struct tresp r;

	if (verified_until)
		return created_id(call("POST", "/api/tuk", &r, "{ss ss ss ss ss}", "code", code,
				       "name", "TUK Uji", "type", "mandiri", "address",
				       "Jl. Uji No. 1, Bandung", "verified_until", verified_until),
				  &r);
	return created_id(call("POST", "/api/tuk", &r, "{ss ss ss ss}", "code", code, "name",
			       "TUK Uji", "type", "sewaktu", "address", "Jl. Uji No. 2, Bandung"),
			  &r);
}

static int jadwal_post(struct tresp *r, int64_t skema, const char *start, const char *zone, int dur,
		       const char *mode, int64_t tuk, int cap)
{
	return call("POST", "/api/jadwal", r, "{sI ss ss si ss sI si}", "skema_id",
		    (json_int_t)skema, "start", start, "zone", zone, "duration_min", dur, "mode",
		    mode, "tuk_id", (json_int_t)tuk, "capacity", cap);
}

/* A remote schedule days ahead at hhmm WIB for dur minutes at the verified TUK. */
static int64_t jadwal_make(int days, const char *hhmm, int dur, int cap)
{
	struct tresp r;

	return created_id(jadwal_post(&r, skema_remote, local_in(days, hhmm), "WIB", dur,
				      "jarak_jauh", tuk_ok, cap),
			  &r);
}

static int assign(int64_t jadwal, int64_t asesor, struct tresp *r)
{
	char path[64];

	snprintf(path, sizeof path, "/api/jadwal/%lld/asesor", (long long)jadwal);
	return call("POST", path, r, "{sI}", "account_id", (json_int_t)asesor);
}

/* Assigns and returns the SPT number (static buffer). */
static const char *assign_ok(int64_t jadwal, int64_t asesor)
{
	static char spt[JADWAL_SPT_MAX];
	struct tresp r;
	int st = assign(jadwal, asesor, &r);

	if (st != 201)
		fail_msg("assign: %d %s", st, r.body ? r.body : "");
	snprintf(spt, sizeof spt, "%s", json_string_value(json_object_get(r.json, "spt_number")));
	tresp_free(&r);
	return spt;
}

/* jadwal_enrol in its own transaction; returns its result (rolled back on error). */
static enum err enrol(int64_t jadwal, int64_t who, int64_t case_id)
{
	enum err e;

	assert_int_equal(db_begin(T->app.db), ERR_OK);
	e = jadwal_enrol(T->app.db, jadwal, who, case_id, 0, clock_now_ms());
	if (e == ERR_OK)
		assert_int_equal(db_commit(T->app.db), ERR_OK);
	else
		db_rollback(T->app.db);
	return e;
}

/* Row counts of everything a refused request must leave alone; ledger counts this module's
 * entries (signing in appends entries of its own). */
struct counts {
	long long jadwal, asesor, peserta, tuk, conflicts, ledger;
};

static long long ledger_jadwal(void)
{
	int64_t n = 0;

	assert_int_equal(
	    db_get_int(T->app.db, &n,
		       "SELECT COUNT(*) FROM ledger_entries WHERE action LIKE 'jadwal.%'", ""),
	    ERR_OK);
	return n;
}

static struct counts counts_now(void)
{
	return (struct counts){testapp_count(T, "jadwal"),
			       testapp_count(T, "jadwal_asesor"),
			       testapp_count(T, "jadwal_peserta"),
			       testapp_count(T, "tuk"),
			       testapp_count(T, "conflict_declarations"),
			       ledger_jadwal()};
}

static void counts_same(struct counts a)
{
	struct counts b = counts_now();

	assert_int_equal(a.jadwal, b.jadwal);
	assert_int_equal(a.asesor, b.asesor);
	assert_int_equal(a.peserta, b.peserta);
	assert_int_equal(a.tuk, b.tuk);
	assert_int_equal(a.conflicts, b.conflicts);
	assert_int_equal(a.ledger, b.ledger);
}

static int setup(void **state)
{
	char hash[AUTH_HASH_MAX], email[64];

	(void)state;
	T = testapp_new(0);
	assert_int_equal(auth_password_hash(&T->cfg, PW, hash, sizeof hash), ERR_OK);
	account_make(hash, ADMIN, "admin_lsp");
	account_make(hash, "manajer@uji.lsp.id", "manajer_sertifikasi");
	account_make(hash, "komite@uji.lsp.id", "komite_teknis");
	account_make(hash, "auditor@uji.lsp.id", "auditor");
	asesor_a = account_make(hash, "asesor.a@uji.lsp.id", "asesor");
	asesor_b = account_make(hash, "asesor.b@uji.lsp.id", "asesor");
	asesor_c = account_make(hash, "asesor.c@uji.lsp.id", "asesor");
	asesor_d = account_make(hash, "asesor.d@uji.lsp.id", "asesor");
	asesor_e = account_make(hash, "asesor.e@uji.lsp.id", "asesor");
	for (int i = 0; i < NASESI; i++) {
		snprintf(email, sizeof email, "asesi%d@uji.lsp.id", i + 1);
		asesi[i] = account_make(hash, email, "asesi");
	}
	as(ADMIN);
	skema_remote = skema_make("SKR", "SKM/UJI/001/2026", 1);
	skema_local = skema_make("SKL", "SKM/UJI/002/2026", 0);
	register_asesor(asesor_a, "MET.000.000101 2019", 2 * 365, skema_remote);
	register_asesor(asesor_b, "MET.000.000102 2019", 2 * 365, skema_remote);
	register_asesor(asesor_c, "MET.000.000103 2019", -1, skema_remote); /* expired */
	register_asesor(asesor_d, "MET.000.000104 2019", 2 * 365, skema_local);
	/* asesor_e holds the role but is not registered */
	tuk_ok = tuk_make("TUK-OK", date_in(365));
	tuk_unverified = tuk_make("TUK-BARU", NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	testapp_free(&T);
	return 0;
}

/* The SPT number expected for sequence seq issued now (WIB), with the default LSP code. */
static const char *spt_expected(int seq)
{
	static char out[JADWAL_SPT_MAX];
	int m, y;

	jadwal_local_month(clock_now_ms(), WORKDAYS_WIB, &m, &y);
	assert_int_equal(jadwal_spt_format(out, sizeof out, seq, "LSP-DEMO", m, y), 0);
	return out;
}

/* --- TUK and schedules ------------------------------------------------------------------- */

static void test_tuk(void **state)
{
	struct tresp r;
	char path[64];
	struct counts c;

	(void)state;
	assert_int_equal(testapp_request(T, "GET", "/api/tuk", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "tuk")), 2);
	tresp_free(&r);
	c = counts_now();
	expect_error(call("POST", "/api/tuk", &r, "{ss ss ss ss}", "code", "TUK-OK", "name",
			  "TUK Lain", "type", "mandiri", "address", "Jl. Lain"),
		     409, &r, "tuk_code_taken");
	expect_error(call("POST", "/api/tuk", &r, "{ss ss ss ss}", "code", "TUK OK", "name",
			  "TUK Lain", "type", "mandiri", "address", "Jl. Lain"),
		     422, &r, "tuk_code_invalid");
	expect_error(call("POST", "/api/tuk", &r, "{ss ss ss ss}", "code", "TUK-2", "name",
			  "TUK Lain", "type", "kantor", "address", "Jl. Lain"),
		     422, &r, "field_choice");
	expect_error(call("POST", "/api/tuk", &r, "{ss ss ss ss ss}", "code", "TUK-2", "name",
			  "TUK Lain", "type", "mandiri", "address", "Jl. Lain", "verified_until",
			  "2026-13-01"),
		     422, &r, "field_format");
	counts_same(c);
	/* verifying the new TUK */
	snprintf(path, sizeof path, "/api/tuk/%lld", (long long)tuk_unverified);
	assert_int_equal(call("PUT", path, &r, "{ss ss ss ss}", "name", "TUK Baru", "type",
			      "tempat_kerja", "address", "Jl. Baru", "verified_until", date_in(20)),
			 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "code")), "TUK-BARU");
	assert_string_equal(json_string_value(json_object_get(r.json, "verified_until")),
			    date_in(20));
	assert_string_equal(json_string_value(json_object_get(r.json, "type")), "tempat_kerja");
	tresp_free(&r);
	assert_int_equal(ledger_jadwal(), c.ledger + 1);
	expect_error(call("PUT", "/api/tuk/99999", &r, "{ss ss ss}", "name", "TUK Baru", "type",
			  "mandiri", "address", "Jl. Baru"),
		     404, &r, "not_found");
}

static void test_create_and_read(void **state)
{
	struct tresp r;
	char path[64];
	struct counts c = counts_now();
	int64_t id;

	(void)state;
	/* 09:00 WITA is 01:00Z: stored in UTC, shown in the zone */
	assert_int_equal(jadwal_post(&r, skema_remote, local_in(10, "09:00"), "WITA", 240,
				     "jarak_jauh", tuk_ok, 20),
			 201);
	id = json_integer_value(json_object_get(r.json, "id"));
	assert_string_equal(json_string_value(json_object_get(r.json, "zone")), "WITA");
	assert_string_equal(json_string_value(json_object_get(r.json, "start_local")),
			    local_in(10, "09:00"));
	assert_string_equal(json_string_value(json_object_get(r.json, "end_local")),
			    local_in(10, "13:00"));
	char utc[40];
	snprintf(utc, sizeof utc, "%sT01:00:00.000Z", date_in(10));
	assert_string_equal(json_string_value(json_object_get(r.json, "start_at")), utc);
	assert_string_equal(json_string_value(json_object_get(r.json, "mode")), "jarak_jauh");
	assert_int_equal(json_integer_value(json_object_get(r.json, "capacity")), 20);
	assert_int_equal(json_integer_value(json_object_get(r.json, "enrolled")), 0);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r.json, "tuk"), "code")), "TUK-OK");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r.json, "skema"), "number")),
	    "SKM/UJI/001/2026");
	assert_int_equal(json_array_size(json_object_get(r.json, "asesor")), 0);
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "jadwal"), c.jadwal + 1);
	assert_int_equal(ledger_jadwal(), c.ledger + 1);

	snprintf(path, sizeof path, "/api/jadwal/%lld", (long long)id);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "peserta")), 0);
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/jadwal", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	tresp_free(&r);
	snprintf(path, sizeof path, "/api/jadwal?skema_id=%lld", (long long)skema_local);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 0);
	tresp_free(&r);
	snprintf(path, sizeof path, "/api/jadwal?from=%s", date_in(11));
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 0);
	tresp_free(&r);
	expect_error(testapp_request(T, "GET", "/api/jadwal/99999", NULL, &r), 404, &r,
		     "not_found");

	/* the C API the certification module uses */
	struct arena *a = arena_new();
	struct jadwal j;
	assert_int_equal(jadwal_get(T->app.db, a, id, &j), ERR_OK);
	assert_int_equal(j.skema_id, skema_remote);
	assert_int_equal(j.mode, JADWAL_JARAK_JAUH);
	assert_string_equal(j.zone, "WITA");
	assert_int_equal(j.utc_offset_min, 480);
	assert_true(j.end_ms - j.start_ms == 240 * INT64_C(60000));
	assert_int_equal(j.tuk_id, tuk_ok);
	assert_int_equal(j.nasesor, 0);
	assert_int_equal(jadwal_get(T->app.db, a, 99999, &j), ERR_NOT_FOUND);
	arena_free(&a);
}

static void test_create_refusals(void **state)
{
	struct tresp r;
	struct counts c = counts_now();

	(void)state;
	/* SE.007: remote only in a TUK verified on the date, for a scheme approved for remote */
	expect_error(jadwal_post(&r, skema_remote, local_in(10, "09:00"), "WIB", 240, "jarak_jauh",
				 tuk_unverified, 20),
		     409, &r, "tuk_not_verified");
	expect_error(jadwal_post(&r, skema_remote, local_in(400, "09:00"), "WIB", 240, "jarak_jauh",
				 tuk_ok, 20),
		     409, &r, "tuk_not_verified"); /* after the verification runs out */
	expect_error(jadwal_post(&r, skema_local, local_in(10, "09:00"), "WIB", 240, "jarak_jauh",
				 tuk_ok, 20),
		     422, &r, "skema_not_remote");
	expect_error(
	    jadwal_post(&r, 99999, local_in(10, "09:00"), "WIB", 240, "tatap_muka", tuk_ok, 20),
	    422, &r, "skema_unknown");
	expect_error(jadwal_post(&r, skema_remote, local_in(10, "09:00"), "WIB", 240, "tatap_muka",
				 99999, 20),
		     422, &r, "tuk_unknown");
	expect_error(jadwal_post(&r, skema_remote, local_in(-1, "09:00"), "WIB", 240, "tatap_muka",
				 tuk_ok, 20),
		     422, &r, "jadwal_start_past");
	expect_error(jadwal_post(&r, skema_remote, local_in(1000, "09:00"), "WIB", 240,
				 "tatap_muka", tuk_ok, 20),
		     422, &r, "field_range");
	expect_error(
	    jadwal_post(&r, skema_remote, "2026-12-05 09:00", "WIB", 240, "tatap_muka", tuk_ok, 20),
	    422, &r, "field_format");
	expect_error(jadwal_post(&r, skema_remote, local_in(10, "09:00"), "CET", 240, "tatap_muka",
				 tuk_ok, 20),
		     422, &r, "field_choice");
	expect_error(jadwal_post(&r, skema_remote, local_in(10, "09:00"), "WIB", 5, "tatap_muka",
				 tuk_ok, 20),
		     422, &r, "field_range");
	expect_error(jadwal_post(&r, skema_remote, local_in(10, "09:00"), "WIB", 240, "tatap_muka",
				 tuk_ok, 0),
		     422, &r, "field_range");
	counts_same(c);
	/* face to face needs no remote approval nor a verified TUK here */
	assert_int_equal(jadwal_post(&r, skema_local, local_in(10, "09:00"), "WIT", 240,
				     "tatap_muka", tuk_unverified, 20),
			 201);
	tresp_free(&r);
}

/* --- SPT numbers --------------------------------------------------------------------------- */

static void test_spt_numbering(void **state)
{
	struct tresp r;
	int64_t j1 = jadwal_make(10, "09:00", 240, 20), j2 = jadwal_make(11, "09:00", 240, 20);
	long long ledger = ledger_jadwal();

	(void)state;
	assert_string_equal(assign_ok(j1, asesor_a), spt_expected(1));
	assert_string_equal(assign_ok(j1, asesor_b), spt_expected(2));
	assert_int_equal(ledger_jadwal(), ledger + 2);
	/* a refusal takes no number: the register stays gapless */
	expect_error(assign(j2, asesor_c, &r), 409, &r, "asesor_certificate_expired");
	assert_string_equal(assign_ok(j2, asesor_a), spt_expected(3));
	/* withdrawing keeps the number in the register; reassigning issues a new one */
	char path[80];
	snprintf(path, sizeof path, "/api/jadwal/%lld/asesor/%lld", (long long)j2,
		 (long long)asesor_a);
	assert_int_equal(testapp_request(T, "DELETE", path, NULL, NULL), 204);
	assert_int_equal(testapp_request(T, "DELETE", path, NULL, &r), 404);
	tresp_free(&r);
	assert_string_equal(assign_ok(j2, asesor_a), spt_expected(4));
	assert_int_equal(testapp_count(T, "jadwal_asesor"), 4);
	/* the schedule shows the current assignment with its number */
	snprintf(path, sizeof path, "/api/jadwal/%lld", (long long)j2);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	json_t *list = json_object_get(r.json, "asesor");
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(list, 0), "spt_number")),
	    spt_expected(4));
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(list, 0), "met_number")),
	    "MET.000.000101 2019");
	tresp_free(&r);
}

/* jadwal_assign with a chosen issue time: month and year in the schedule's zone, a new sequence
 * every year and per LSP code. */
static void test_spt_year_and_zone(void **state)
{
	struct db *db = T->app.db;
	char spt[JADWAL_SPT_MAX];
	const char *why = NULL;
	int64_t other = 0, j[6];
	struct tresp r;
	/* 2020-12-31T16:59Z is 23:59 WIB on 31 December; a minute later it is 1 January 2021 */
	const int64_t dec31 = INT64_C(1609433940000), jan1 = dec31 + 60000;

	(void)state;
	for (int i = 0; i < 6; i++)
		j[i] = jadwal_make(10 + i, "09:00", 60, 20);
	/* in a WIT schedule the same instant is already January */
	assert_int_equal(jadwal_post(&r, skema_remote, local_in(20, "09:00"), "WIT", 60,
				     "jarak_jauh", tuk_ok, 20),
			 201);
	int64_t jwit = json_integer_value(json_object_get(r.json, "id"));
	tresp_free(&r);

#define ASSIGN(jid, who, when, code)                                                               \
	do {                                                                                       \
		assert_int_equal(db_begin(db), ERR_OK);                                            \
		assert_int_equal(jadwal_assign(db, code, jid, who, 0, when, spt, &why, &other),    \
				 ERR_OK);                                                          \
		assert_int_equal(db_commit(db), ERR_OK);                                           \
	} while (0)

	ASSIGN(j[0], asesor_a, dec31 - 86400000LL * 40, "LSP-UJI");
	assert_string_equal(spt, "001/ST/LSP-UJI/XI/2020");
	ASSIGN(j[1], asesor_a, dec31, "LSP-UJI");
	assert_string_equal(spt, "002/ST/LSP-UJI/XII/2020");
	ASSIGN(j[2], asesor_a, jan1, "LSP-UJI");
	assert_string_equal(spt, "001/ST/LSP-UJI/I/2021"); /* a new year starts at 001 */
	ASSIGN(j[3], asesor_a, jan1 + 86400000LL * 35, "LSP-UJI");
	assert_string_equal(spt, "002/ST/LSP-UJI/II/2021");
	ASSIGN(j[4], asesor_a, jan1, "LSP-LAIN");
	assert_string_equal(spt, "001/ST/LSP-LAIN/I/2021"); /* per LSP code */
	ASSIGN(jwit, asesor_a, dec31 - 3600000LL * 2, "LSP-UJI");
	assert_string_equal(spt, "003/ST/LSP-UJI/XII/2020"); /* 23:59 WIT is still 31 December */
	ASSIGN(j[5], asesor_b, dec31 - 3600000LL, "LSP-UJI");
	assert_string_equal(spt, "004/ST/LSP-UJI/XII/2020");
	/* every month has its Roman numeral */
	static const char *const roman[12] = {"I",   "II",   "III", "IV", "V",	"VI",
					      "VII", "VIII", "IX",  "X",  "XI", "XII"};
	for (int m = 1; m <= 12; m++) {
		int64_t when =
		    workdays_day_start_ms(workdays_from_civil(2019, m, 15), WORKDAYS_WIB);
		int64_t jm = jadwal_make(30 + m, "09:00", 60, 20);
		char want[JADWAL_SPT_MAX];

		ASSIGN(jm, asesor_b, when, "LSP-UJI");
		snprintf(want, sizeof want, "%03d/ST/LSP-UJI/%s/2019", m, roman[m - 1]);
		assert_string_equal(spt, want);
	}
#undef ASSIGN
	/* the register refuses a second row with the same (code, year, sequence) */
	assert_int_equal(db_begin(db), ERR_OK);
	assert_int_equal(jadwal_store_asesor_insert(db, 0, j[5], asesor_a, "LSP-UJI", 2021, 1,
						    "001/ST/LSP-UJI/I/2021-dup", clock_now_ms()),
			 ERR_CONFLICT);
	db_rollback(db);
}

/* --- refusals ------------------------------------------------------------------------------ */

static void test_double_booking(void **state)
{
	struct tresp r;
	int64_t j1 = jadwal_make(10, "09:00", 240, 20);	    /* 09:00-13:00 */
	int64_t j2 = jadwal_make(10, "12:59", 60, 20);	    /* overlaps by one minute */
	int64_t j3 = jadwal_make(10, "13:00", 60, 20);	    /* back to back */
	int64_t j4 = jadwal_make(10, "08:00", 24 * 60, 20); /* around */
	struct counts c;
	char want[32];

	(void)state;
	assign_ok(j1, asesor_a);
	c = counts_now();
	assert_int_equal(assign(j2, asesor_a, &r), 409);
	snprintf(want, sizeof want, "(nomor %lld)", (long long)j1);
	assert_non_null(strstr(json_string_value(json_object_get(r.json, "message")), want));
	assert_string_equal(json_string_value(json_object_get(r.json, "field")), "account_id");
	expect_error(409, 409, &r, "asesor_double_booked");
	expect_error(assign(j4, asesor_a, &r), 409, &r, "asesor_double_booked");
	expect_error(assign(j1, asesor_a, &r), 409, &r, "asesor_already_assigned");
	counts_same(c);
	assign_ok(j3, asesor_a);
	/* another assessor is free; a withdrawn assignment no longer books the assessor */
	assign_ok(j2, asesor_b);
	char path[80];
	snprintf(path, sizeof path, "/api/jadwal/%lld/asesor/%lld", (long long)j1,
		 (long long)asesor_a);
	assert_int_equal(testapp_request(T, "DELETE", path, NULL, NULL), 204);
	snprintf(path, sizeof path, "/api/jadwal/%lld/asesor/%lld", (long long)j3,
		 (long long)asesor_a);
	assert_int_equal(testapp_request(T, "DELETE", path, NULL, NULL), 204);
	assign_ok(j4, asesor_a);
	expect_error(assign(99999, asesor_a, &r), 404, &r, "not_found");
}

static void test_asesor_refusals(void **state)
{
	struct tresp r;
	int64_t j1 = jadwal_make(10, "09:00", 240, 20);
	struct counts c = counts_now();
	char path[64];

	(void)state;
	expect_error(assign(j1, asesor_c, &r), 409, &r, "asesor_certificate_expired");
	expect_error(assign(j1, asesor_d, &r), 409, &r, "asesor_out_of_scope");
	expect_error(assign(j1, asesor_e, &r), 409, &r, "asesor_not_registered");
	expect_error(assign(j1, asesi[0], &r), 409, &r, "asesor_not_registered");
	counts_same(c);
	/* a certificate valid today but ending before the schedule */
	snprintf(path, sizeof path, "/api/asesor/%lld", (long long)asesor_c);
	assert_int_equal(call("PUT", path, &r, "{ss ss ss s[I]}", "met_number",
			      "MET.000.000103 2019", "certificate_number", "ASK/UJI/0001/2025",
			      "certificate_valid_until", date_in(5), "skema_ids",
			      (json_int_t)skema_remote),
			 200);
	tresp_free(&r);
	c = counts_now();
	expect_error(assign(j1, asesor_c, &r), 409, &r, "asesor_certificate_expired");
	counts_same(c);
	int64_t soon = jadwal_make(4, "09:00", 60, 20);
	assign_ok(soon, asesor_c);
}

static void test_conflict_of_interest(void **state)
{
	struct tresp r;
	int64_t j1 = jadwal_make(10, "09:00", 240, 20), j2 = jadwal_make(12, "09:00", 240, 20);
	struct counts c;

	(void)state;
	assign_ok(j1, asesor_a);
	assert_int_equal(enrol(j1, asesi[0], 1001), ERR_OK);
	/* the assessor declares */
	as("asesor.b@uji.lsp.id");
	c = counts_now();
	expect_error(call("POST", "/api/asesor/me/conflicts", &r, "{sI ss}", "asesi_id",
			  (json_int_t)asesor_b, "reason", "diri sendiri"),
		     422, &r, "conflict_self");
	expect_error(call("POST", "/api/asesor/me/conflicts", &r, "{sI ss}", "asesi_id",
			  (json_int_t)99999, "reason", "tidak ada"),
		     422, &r, "asesi_unknown");
	expect_error(
	    call("POST", "/api/asesor/me/conflicts", &r, "{sI}", "asesi_id", (json_int_t)asesi[0]),
	    422, &r, "field_required");
	counts_same(c);
	assert_int_equal(call("POST", "/api/asesor/me/conflicts", &r, "{sI ss}", "asesi_id",
			      (json_int_t)asesi[0], "reason", "Saudara kandung"),
			 201);
	assert_int_equal(json_array_size(json_object_get(r.json, "affected_jadwal")), 0);
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "conflict_declarations"), c.conflicts + 1);
	assert_int_equal(ledger_jadwal(), c.ledger + 1);
	expect_error(call("POST", "/api/asesor/me/conflicts", &r, "{sI ss}", "asesi_id",
			  (json_int_t)asesi[0], "reason", "Saudara kandung"),
		     409, &r, "conflict_already_declared");
	assert_int_equal(jadwal_conflict_exists(T->app.db, asesor_b, asesi[0]), 1);
	assert_int_equal(jadwal_conflict_exists(T->app.db, asesor_a, asesi[0]), 0);
	/* only assessors declare */
	as(ADMIN);
	expect_error(call("POST", "/api/asesor/me/conflicts", &r, "{sI ss}", "asesi_id",
			  (json_int_t)asesi[1], "reason", "Atasan langsung"),
		     403, &r, "forbidden");
	/* assigning the conflicted assessor to a schedule with that asesi is refused */
	c = counts_now();
	expect_error(assign(j1, asesor_b, &r), 409, &r, "conflict_of_interest");
	counts_same(c);
	/* and enrolling that asesi where the assessor already is */
	assign_ok(j2, asesor_b);
	const char *why = NULL;
	assert_int_equal(jadwal_can_take(T->app.db, j2, asesi[0], &why), ERR_CONFLICT);
	assert_string_equal(why, "conflict_of_interest");
	c = counts_now();
	assert_int_equal(enrol(j2, asesi[0], 1002), ERR_CONFLICT);
	counts_same(c);
	/* an assessor is never enrolled where they assess */
	assert_int_equal(jadwal_can_take(T->app.db, j2, asesor_b, &why), ERR_CONFLICT);
	assert_string_equal(why, "conflict_of_interest");
	/* a declaration made after the fact names the schedules to reassign */
	assert_int_equal(enrol(j2, asesi[1], 1003), ERR_OK);
	as("asesor.b@uji.lsp.id");
	assert_int_equal(call("POST", "/api/asesor/me/conflicts", &r, "{sI ss}", "asesi_id",
			      (json_int_t)asesi[1], "reason", "Rekan kerja satu unit"),
			 201);
	json_t *affected = json_object_get(r.json, "affected_jadwal");
	assert_int_equal(json_array_size(affected), 1);
	assert_int_equal(json_integer_value(json_array_get(affected, 0)), j2);
	tresp_free(&r);
}

static void test_capacity_and_ratio(void **state)
{
	struct tresp r;
	const char *why = NULL;
	int64_t small = jadwal_make(10, "09:00", 240, 2), big = jadwal_make(12, "09:00", 240, 30);
	int64_t other = jadwal_make(12, "10:00", 60, 30), none = jadwal_make(14, "09:00", 60, 30);
	struct counts c;

	(void)state;
	/* nobody is enrolled before an assessor is assigned */
	assert_int_equal(jadwal_can_take(T->app.db, none, asesi[0], &why), ERR_CONFLICT);
	assert_string_equal(why, "jadwal_no_asesor");
	assert_int_equal(jadwal_can_take(T->app.db, 99999, asesi[0], &why), ERR_NOT_FOUND);
	/* capacity */
	assign_ok(small, asesor_a);
	assert_int_equal(enrol(small, asesi[0], 2001), ERR_OK);
	assert_int_equal(jadwal_can_take(T->app.db, small, asesi[0], &why), ERR_CONFLICT);
	assert_string_equal(why, "asesi_already_enrolled");
	assert_int_equal(enrol(small, asesi[1], 2002), ERR_OK);
	c = counts_now();
	assert_int_equal(jadwal_can_take(T->app.db, small, asesi[2], &why), ERR_CONFLICT);
	assert_string_equal(why, "jadwal_full");
	assert_int_equal(enrol(small, asesi[2], 2003), ERR_CONFLICT);
	counts_same(c);
	/* the ratio: ten asesi per assessor */
	assign_ok(big, asesor_b);
	for (int i = 0; i < 10; i++)
		assert_int_equal(enrol(big, asesi[i], 3000 + i), ERR_OK);
	c = counts_now();
	assert_int_equal(jadwal_can_take(T->app.db, big, asesi[10], &why), ERR_CONFLICT);
	assert_string_equal(why, "jadwal_ratio_exceeded");
	assert_int_equal(enrol(big, asesi[10], 3010), ERR_CONFLICT);
	counts_same(c);
	/* an asesi cannot sit two overlapping schedules */
	assign_ok(other, asesor_a);
	assert_int_equal(jadwal_can_take(T->app.db, other, asesi[0], &why), ERR_CONFLICT);
	assert_string_equal(why, "asesi_double_booked");
	/* a second assessor lifts the ratio to twenty */
	char path[80];
	snprintf(path, sizeof path, "/api/jadwal/%lld/asesor/%lld", (long long)other,
		 (long long)asesor_a);
	assert_int_equal(testapp_request(T, "DELETE", path, NULL, NULL), 204);
	assign_ok(big, asesor_a);
	assert_int_equal(enrol(big, asesi[10], 3010), ERR_OK);
	/* withdrawing an assessor may not leave more than ten asesi per assessor */
	c = counts_now();
	snprintf(path, sizeof path, "/api/jadwal/%lld/asesor/%lld", (long long)big,
		 (long long)asesor_b);
	expect_error(testapp_request(T, "DELETE", path, NULL, &r), 409, &r,
		     "jadwal_ratio_exceeded");
	snprintf(path, sizeof path, "/api/jadwal/%lld/asesor/%lld", (long long)small,
		 (long long)asesor_a);
	expect_error(testapp_request(T, "DELETE", path, NULL, &r), 409, &r,
		     "jadwal_ratio_exceeded");
	counts_same(c);
	/* the C view of the schedule */
	struct arena *a = arena_new();
	struct jadwal j;
	assert_int_equal(jadwal_get(T->app.db, a, big, &j), ERR_OK);
	assert_int_equal(j.enrolled, 11);
	assert_int_equal(j.nasesor, 2);
	assert_int_equal(j.asesor[0].account_id, asesor_b);
	assert_int_equal(j.asesor[1].account_id, asesor_a);
	assert_non_null(strstr(j.asesor[1].spt_number, "/ST/LSP-DEMO/"));
	assert_int_equal(jadwal_has_asesor(T->app.db, big, asesor_a), 1);
	assert_int_equal(jadwal_has_asesor(T->app.db, other, asesor_a), 0); /* withdrawn */
	assert_int_equal(jadwal_has_asesor(T->app.db, 99999, asesor_a), 0);
	arena_free(&a);
}

/* --- permissions ------------------------------------------------------------------------------ */

static void test_permissions(void **state)
{
	struct tresp r;
	int64_t j1 = jadwal_make(10, "09:00", 240, 20);
	char path[80];
	struct counts c;

	(void)state;
	assign_ok(j1, asesor_a);
	c = counts_now();
	snprintf(path, sizeof path, "/api/jadwal/%lld/asesor/%lld", (long long)j1,
		 (long long)asesor_a);
	/* an asesi sees no schedule list and changes nothing */
	as("asesi1@uji.lsp.id");
	expect_error(testapp_request(T, "GET", "/api/jadwal", NULL, &r), 403, &r, "forbidden");
	expect_error(testapp_request(T, "GET", "/api/tuk", NULL, &r), 403, &r, "forbidden");
	expect_error(jadwal_post(&r, skema_remote, local_in(10, "09:00"), "WIB", 240, "jarak_jauh",
				 tuk_ok, 20),
		     403, &r, "forbidden");
	expect_error(call("POST", "/api/asesor/me/conflicts", &r, "{sI ss}", "asesi_id",
			  (json_int_t)asesi[1], "reason", "Saudara"),
		     403, &r, "forbidden");
	/* an assessor reads but does not schedule */
	as("asesor.a@uji.lsp.id");
	expect_error(jadwal_post(&r, skema_remote, local_in(10, "09:00"), "WIB", 240, "jarak_jauh",
				 tuk_ok, 20),
		     403, &r, "forbidden");
	expect_error(assign(j1, asesor_b, &r), 403, &r, "forbidden");
	expect_error(testapp_request(T, "DELETE", path, NULL, &r), 403, &r, "forbidden");
	expect_error(call("POST", "/api/tuk", &r, "{ss ss ss ss}", "code", "TUK-X", "name", "TUK X",
			  "type", "mandiri", "address", "Jl. X"),
		     403, &r, "forbidden");
	/* the auditor and the technical committee read */
	as("auditor@uji.lsp.id");
	assert_int_equal(testapp_request(T, "GET", "/api/jadwal", NULL, &r), 200);
	tresp_free(&r);
	expect_error(assign(j1, asesor_b, &r), 403, &r, "forbidden");
	counts_same(c);
	/* signed out */
	testapp_cookies_clear(T);
	expect_error(testapp_request(T, "GET", "/api/jadwal", NULL, &r), 401, &r,
		     "unauthenticated");
	/* the certification manager schedules */
	as("manajer@uji.lsp.id");
	assert_int_equal(jadwal_post(&r, skema_remote, local_in(11, "09:00"), "WIB", 240,
				     "jarak_jauh", tuk_ok, 20),
			 201);
	tresp_free(&r);
}

static void test_asesor_sees_own_only(void **state)
{
	struct tresp r;
	int64_t j1 = jadwal_make(10, "09:00", 240, 20), j2 = jadwal_make(11, "09:00", 240, 20);
	int64_t j3 = jadwal_make(12, "09:00", 240, 20);
	char path[64];

	(void)state;
	assign_ok(j1, asesor_a);
	assign_ok(j2, asesor_b);
	assert_int_equal(enrol(j1, asesi[0], 4001), ERR_OK);
	as("asesor.a@uji.lsp.id");
	assert_int_equal(testapp_request(T, "GET", "/api/jadwal", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	json_t *list = json_object_get(r.json, "jadwal");
	assert_int_equal(json_array_size(list), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")), j1);
	tresp_free(&r);
	snprintf(path, sizeof path, "/api/jadwal/%lld", (long long)j1);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	json_t *peserta = json_object_get(r.json, "peserta");
	assert_int_equal(json_array_size(peserta), 1);
	assert_int_equal(
	    json_integer_value(json_object_get(json_array_get(peserta, 0), "account_id")),
	    asesi[0]);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(peserta, 0), "case_id")),
			 4001);
	tresp_free(&r);
	/* another assessor's schedule and an unassigned one do not exist for this assessor */
	snprintf(path, sizeof path, "/api/jadwal/%lld", (long long)j2);
	expect_error(testapp_request(T, "GET", path, NULL, &r), 404, &r, "not_found");
	snprintf(path, sizeof path, "/api/jadwal/%lld", (long long)j3);
	expect_error(testapp_request(T, "GET", path, NULL, &r), 404, &r, "not_found");
	/* the technical committee sees all */
	as("komite@uji.lsp.id");
	assert_int_equal(testapp_request(T, "GET", "/api/jadwal", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 3);
	tresp_free(&r);
	snprintf(path, sizeof path, "/api/jadwal/%lld", (long long)j2);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	tresp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_tuk, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_create_and_read, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_create_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_spt_numbering, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_spt_year_and_zone, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_double_booking, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_asesor_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_conflict_of_interest, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_capacity_and_ratio, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_asesor_sees_own_only, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
