/* The accounts module through the real router: self-registration, sign-in and sign-out, own
 * sessions, password change and the password-reset flow through the outbox. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "db.h"
#include "testapp.h"

#define DEMO_PASSWORD "Demo-Ujikom-2026"
#define ASESI	      "asesi@demo.ujikom.id"
#define ADMIN	      "admin@demo.ujikom.id"

static struct testapp *T;

static int setup(void **state)
{
	(void)state;
	T = testapp_new(1); /* demo accounts: one per built-in role */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	testapp_free(&T);
	return 0;
}

static const char *jstr(const struct tresp *r, const char *key)
{
	return json_string_value(json_object_get(r->json, key));
}

/* POSTs a body built with json_pack; the response goes to out (may be NULL). */
static int post(const char *path, struct tresp *out, const char *fmt, ...)
{
	va_list ap;
	json_t *body;

	va_start(ap, fmt);
	body = json_vpack_ex(NULL, 0, fmt, ap);
	va_end(ap);
	assert_non_null(body);
	return testapp_call(T, "POST", path, body, out);
}

static void expect_error(int got, int status, const struct tresp *r, const char *code,
			 const char *field)
{
	assert_int_equal(got, status);
	assert_non_null(r->json);
	assert_string_equal(jstr(r, "error"), code);
	if (field)
		assert_string_equal(jstr(r, "field"), field);
	else
		assert_null(json_object_get(r->json, "field"));
	assert_non_null(jstr(r, "message"));
}

static int do_register(const char *nik, const char *name, const char *email, const char *phone,
		       const char *password, struct tresp *out)
{
	testapp_request(T, "GET", "/api/session", NULL, NULL); /* CSRF cookie */
	return post("/api/accounts/register", out, "{ssssssssss}", "nik", nik, "name", name,
		    "email", email, "phone", phone, "password", password);
}

static long long count_where(const char *sql, const char *arg)
{
	int64_t n = -1;

	assert_int_equal(db_get_int(T->app.db, &n, sql, "t", arg), ERR_OK);
	return (long long)n;
}

static void test_register_ok(void **state)
{
	(void)state;
	struct tresp r;
	long long accounts = testapp_count(T, "accounts");
	long long ledger = testapp_count(T, "ledger_entries");

	assert_int_equal(do_register("3273015708950003", "Siti Aminah", "Siti.Aminah@Example.ID",
				     "0812-3456-7890", "Kopi-Tubruk-88", &r),
			 201);
	json_int_t id = json_integer_value(json_object_get(r.json, "id"));
	assert_true(id > 0);
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "accounts"), accounts + 1);
	assert_true(testapp_count(T, "ledger_entries") > ledger);
	/* stored normalised: lowercase e-mail, +62 phone; role asesi */
	assert_int_equal(
	    count_where("SELECT count(*) FROM accounts WHERE email = ?", "siti.aminah@example.id"),
	    1);
	assert_int_equal(
	    count_where("SELECT count(*) FROM account_profiles WHERE phone = ?", "+6281234567890"),
	    1);
	assert_int_equal(count_where("SELECT count(*) FROM account_roles r JOIN accounts a ON"
				     " a.id = r.account_id WHERE a.email = ? AND r.role = 'asesi'",
				     "siti.aminah@example.id"),
			 1);
	/* the password is stored as Argon2id, never as given */
	assert_int_equal(
	    count_where("SELECT count(*) FROM accounts WHERE password_hash LIKE ?", "$argon2id$%"),
	    testapp_count(T, "accounts"));

	/* and the person can sign in (e-mail in any case) and is an asesi */
	assert_int_equal(testapp_login(T, "SITI.aminah@example.id", "Kopi-Tubruk-88"), 200);
	assert_int_equal(testapp_request(T, "GET", "/api/session", NULL, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "signed_in")));
	json_t *acct = json_object_get(r.json, "account");
	assert_int_equal(json_integer_value(json_object_get(acct, "id")), id);
	assert_string_equal(json_string_value(json_object_get(acct, "email")),
			    "siti.aminah@example.id");
	json_t *roles = json_object_get(acct, "roles");
	assert_int_equal(json_array_size(roles), 1);
	assert_string_equal(json_string_value(json_array_get(roles, 0)), "asesi");
	assert_true(json_is_false(json_object_get(acct, "must_change_password")));
	assert_non_null(jstr(&r, "csrf"));
	tresp_free(&r);
}

static void test_register_duplicates(void **state)
{
	(void)state;
	struct tresp r;

	assert_int_equal(do_register("3273015708950003", "Siti Aminah", "siti@example.id",
				     "081234567890", "Kopi-Tubruk-88", &r),
			 201);
	tresp_free(&r);
	long long accounts = testapp_count(T, "accounts");
	long long profiles = testapp_count(T, "account_profiles");
	long long ledger = testapp_count(T, "ledger_entries");

	/* the same NIK with another e-mail */
	expect_error(do_register("3273015708950003", "Orang Lain", "lain@example.id",
				 "081234567891", "Kopi-Tubruk-88", &r),
		     409, &r, "nik_taken", "nik");
	tresp_free(&r);
	/* the same e-mail (another case) with another NIK */
	expect_error(do_register("3273015708950004", "Orang Lain", "SITI@example.id",
				 "081234567891", "Kopi-Tubruk-88", &r),
		     409, &r, "email_taken", "email");
	tresp_free(&r);
	/* a demo account's e-mail */
	expect_error(do_register("3273015708950005", "Orang Lain", ASESI, "081234567891",
				 "Kopi-Tubruk-88", &r),
		     409, &r, "email_taken", "email");
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "accounts"), accounts);
	assert_int_equal(testapp_count(T, "account_profiles"), profiles);
	assert_int_equal(testapp_count(T, "ledger_entries"), ledger);
}

static void test_register_invalid(void **state)
{
	(void)state;
	struct tresp r;
	long long accounts = testapp_count(T, "accounts");
	long long ledger = testapp_count(T, "ledger_entries");

	expect_error(do_register("2073015708950003", "Siti Aminah", "siti@example.id",
				 "081234567890", "Kopi-Tubruk-88", &r),
		     422, &r, "nik_invalid", "nik"); /* province 20 does not exist */
	tresp_free(&r);
	expect_error(do_register("3273013208950003", "Siti Aminah", "siti@example.id",
				 "081234567890", "Kopi-Tubruk-88", &r),
		     422, &r, "nik_invalid", "nik"); /* day 32 */
	tresp_free(&r);
	expect_error(do_register("327301570895000", "Siti Aminah", "siti@example.id",
				 "081234567890", "Kopi-Tubruk-88", &r),
		     422, &r, "nik_invalid", "nik"); /* 15 digits */
	tresp_free(&r);
	expect_error(do_register("3273015708950003", "Si", "siti@example.id", "081234567890",
				 "Kopi-Tubruk-88", &r),
		     422, &r, "name_invalid", "name");
	tresp_free(&r);
	expect_error(do_register("3273015708950003", "Siti Aminah", "siti@localhost",
				 "081234567890", "Kopi-Tubruk-88", &r),
		     422, &r, "email_invalid", "email");
	tresp_free(&r);
	expect_error(do_register("3273015708950003", "Siti Aminah", "siti@example.id", "0212345678",
				 "Kopi-Tubruk-88", &r),
		     422, &r, "phone_invalid", "phone");
	tresp_free(&r);
	expect_error(do_register("3273015708950003", "Siti Aminah", "siti@example.id",
				 "081234567890", "password123", &r),
		     422, &r, "password_weak", "password");
	tresp_free(&r);
	expect_error(do_register("3273015708950003", "Siti Aminah", "siti@example.id",
				 "081234567890", "abcdefghijkl", &r),
		     422, &r, "password_weak", "password");
	tresp_free(&r);
	expect_error(do_register("3273015708950003", "Siti Aminah", "siti@example.id",
				 "081234567890", "Siti-1234567", &r),
		     422, &r, "password_weak", "password"); /* holds the e-mail's name */
	tresp_free(&r);
	expect_error(do_register("3273015708950003", "Siti Aminah", "siti@example.id",
				 "081234567890", "Ab-1", &r),
		     422, &r, "password_too_short", "password");
	tresp_free(&r);
	/* a missing member names the field; English when asked */
	T->lang = "en";
	expect_error(post("/api/accounts/register", &r, "{ssssss}", "nik", "3273015708950003",
			  "email", "siti@example.id", "password", "Kopi-Tubruk-88"),
		     422, &r, "field_required", "name");
	assert_non_null(strstr(jstr(&r, "message"), "name"));
	tresp_free(&r);
	expect_error(do_register("3273015708950003", "Siti Aminah", "siti@example.id",
				 "081234567890", "password123", &r),
		     422, &r, "password_weak", "password");
	assert_non_null(strstr(jstr(&r, "message"), "too weak"));
	tresp_free(&r);
	T->lang = NULL;
	assert_int_equal(testapp_count(T, "accounts"), accounts);
	assert_int_equal(testapp_count(T, "ledger_entries"), ledger);
}

static void test_login_and_logout(void **state)
{
	(void)state;
	struct tresp r;
	size_t n;

	assert_int_equal(testapp_request(T, "GET", "/api/session", NULL, &r), 200);
	assert_true(json_is_false(json_object_get(r.json, "signed_in")));
	assert_true(json_is_null(json_object_get(r.json, "account")));
	char *csrf_before = strdup(jstr(&r, "csrf"));
	tresp_free(&r);

	/* wrong password and unknown account: the same 401, no session cookie */
	long long sessions = testapp_count(T, "sessions");
	expect_error(
	    post("/api/session", &r, "{ssss}", "email", ASESI, "password", "Salah-Sandi-1"), 401,
	    &r, "invalid_credentials", NULL);
	assert_null(strstr(r.headers, "ujikom_sid="));
	tresp_free(&r);
	expect_error(post("/api/session", &r, "{ssss}", "email", "tidak.ada@demo.ujikom.id",
			  "password", "Salah-Sandi-1"),
		     401, &r, "invalid_credentials", NULL);
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "sessions"), sessions);

	/* the right password: session cookie (HttpOnly), rotated CSRF token in body and cookie */
	assert_int_equal(
	    post("/api/session", &r, "{ssss}", "email", ASESI, "password", DEMO_PASSWORD), 200);
	assert_non_null(strstr(r.headers, "ujikom_sid="));
	const char *sid = tresp_header(&r, "Set-Cookie", &n);
	assert_non_null(sid);
	assert_non_null(strstr(r.headers, "HttpOnly"));
	const char *csrf = jstr(&r, "csrf");
	assert_non_null(csrf);
	assert_string_not_equal(csrf, csrf_before);
	char cookie[128];
	snprintf(cookie, sizeof cookie, "ujikom_csrf=%s;", csrf);
	assert_non_null(strstr(r.headers, cookie));
	json_t *acct = json_object_get(r.json, "account");
	assert_string_equal(json_string_value(json_object_get(acct, "email")), ASESI);
	assert_string_equal(json_string_value(json_array_get(json_object_get(acct, "roles"), 0)),
			    "asesi");
	assert_true(json_is_array(json_object_get(acct, "permissions")));
	tresp_free(&r);
	free(csrf_before);
	assert_int_equal(testapp_count(T, "sessions"), sessions + 1);
	/* only the token's hash is stored */
	assert_int_equal(count_where("SELECT count(*) FROM sessions WHERE length(token_hash) = 64"
				     " AND token_hash <> ?",
				     ""),
			 testapp_count(T, "sessions"));

	assert_int_equal(testapp_request(T, "GET", "/api/sessions", NULL, &r), 200);
	tresp_free(&r);
	/* sign out: 204, cookie cleared, the session is revoked in the database */
	assert_int_equal(testapp_request(T, "DELETE", "/api/session", NULL, &r), 204);
	assert_non_null(strstr(r.headers, "ujikom_sid=; Path=/; Max-Age=0"));
	tresp_free(&r);
	assert_int_equal(count_where("SELECT count(*) FROM sessions WHERE revoked_at IS NOT NULL"
				     " AND ip = ?",
				     "127.0.0.1"),
			 1);
	assert_int_equal(testapp_request(T, "GET", "/api/session", NULL, &r), 200);
	assert_true(json_is_false(json_object_get(r.json, "signed_in")));
	tresp_free(&r);
	expect_error(testapp_request(T, "DELETE", "/api/session", NULL, &r), 401, &r,
		     "unauthenticated", NULL);
	tresp_free(&r);
}

/* The id of the entry marked current in GET /api/sessions. */
static json_int_t current_session_id(void)
{
	struct tresp r;
	json_int_t id = 0;
	size_t i;
	json_t *s;

	assert_int_equal(testapp_request(T, "GET", "/api/sessions", NULL, &r), 200);
	json_array_foreach(json_object_get(r.json, "sessions"), i, s)
	{
		if (json_is_true(json_object_get(s, "current")))
			id = json_integer_value(json_object_get(s, "id"));
	}
	tresp_free(&r);
	assert_true(id > 0);
	return id;
}

static void test_sessions_own_only(void **state)
{
	(void)state;
	struct tresp r;

	assert_int_equal(testapp_login(T, ADMIN, DEMO_PASSWORD), 200);
	json_int_t admin_sid = current_session_id();
	char *admin_jar = testapp_cookies_save(T);

	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, ASESI, DEMO_PASSWORD), 200);
	json_int_t b_sid = current_session_id();
	char *b_jar = testapp_cookies_save(T);

	testapp_cookies_clear(T);
	T->remote_ip = "192.0.2.10";
	assert_int_equal(testapp_login(T, ASESI, DEMO_PASSWORD), 200);
	json_int_t a_sid = current_session_id();
	char *a_jar = testapp_cookies_save(T);

	/* A sees both of the asesi's sessions and none of the admin's */
	assert_int_equal(testapp_request(T, "GET", "/api/sessions", NULL, &r), 200);
	json_t *list = json_object_get(r.json, "sessions");
	assert_int_equal(json_array_size(list), 2);
	size_t i;
	json_t *s;
	int current = 0;
	json_array_foreach(list, i, s)
	{
		assert_int_not_equal(json_integer_value(json_object_get(s, "id")), admin_sid);
		current += json_is_true(json_object_get(s, "current"));
		assert_non_null(json_string_value(json_object_get(s, "created_at")));
		assert_non_null(json_string_value(json_object_get(s, "user_agent")));
	}
	assert_int_equal(current, 1);
	tresp_free(&r);

	/* another person's session is "not found", and stays alive */
	char path[64];
	snprintf(path, sizeof path, "/api/sessions/%lld", (long long)admin_sid);
	expect_error(testapp_request(T, "DELETE", path, NULL, &r), 404, &r, "not_found", NULL);
	tresp_free(&r);
	expect_error(testapp_request(T, "DELETE", "/api/sessions/999999", NULL, &r), 404, &r,
		     "not_found", NULL);
	tresp_free(&r);
	expect_error(testapp_request(T, "DELETE", "/api/sessions/abc", NULL, &r), 404, &r,
		     "not_found", NULL);
	tresp_free(&r);
	testapp_cookies_load(T, admin_jar);
	assert_int_equal(testapp_request(T, "GET", "/api/sessions", NULL, NULL), 200);

	/* A revokes B (its own other session): B is signed out, A is not */
	testapp_cookies_load(T, a_jar);
	snprintf(path, sizeof path, "/api/sessions/%lld", (long long)b_sid);
	assert_int_equal(testapp_request(T, "DELETE", path, NULL, NULL), 204);
	expect_error(testapp_request(T, "DELETE", path, NULL, &r), 404, &r, "not_found", NULL);
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/sessions", NULL, NULL), 200);
	testapp_cookies_load(T, b_jar);
	assert_int_equal(testapp_request(T, "GET", "/api/sessions", NULL, NULL), 401);

	/* revoking the current session signs out too */
	testapp_cookies_load(T, a_jar);
	snprintf(path, sizeof path, "/api/sessions/%lld", (long long)a_sid);
	assert_int_equal(testapp_request(T, "DELETE", path, NULL, NULL), 204);
	assert_int_equal(testapp_request(T, "GET", "/api/sessions", NULL, NULL), 401);
	T->remote_ip = NULL;
	free(admin_jar);
	free(a_jar);
	free(b_jar);
}

static void test_session_expiry(void **state)
{
	(void)state;

	assert_int_equal(testapp_login(T, ASESI, DEMO_PASSWORD), 200);
	assert_int_equal(testapp_request(T, "GET", "/api/sessions", NULL, NULL), 200);
	/* idle longer than session_idle_min */
	assert_int_equal(db_run(T->app.db, NULL,
				"UPDATE sessions SET last_seen_at = last_seen_at - ? WHERE"
				" revoked_at IS NULL",
				"i", (int64_t)(T->cfg.session_idle_min * 60 * 1000 + 1000)),
			 ERR_OK);
	assert_int_equal(testapp_request(T, "GET", "/api/sessions", NULL, NULL), 401);

	/* older than session_absolute_hours, although active a moment ago */
	assert_int_equal(testapp_login(T, ASESI, DEMO_PASSWORD), 200);
	assert_int_equal(db_run(T->app.db, NULL,
				"UPDATE sessions SET created_at = created_at - ? WHERE"
				" revoked_at IS NULL",
				"i", (int64_t)(T->cfg.session_absolute_hours * 3600 * 1000 + 1000)),
			 ERR_OK);
	assert_int_equal(testapp_request(T, "GET", "/api/sessions", NULL, NULL), 401);
}

static void test_password_change(void **state)
{
	(void)state;
	struct tresp r;

	/* a second session of the same person, to see it end */
	assert_int_equal(testapp_login(T, ASESI, DEMO_PASSWORD), 200);
	char *other = testapp_cookies_save(T);
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, ASESI, DEMO_PASSWORD), 200);
	char *mine = testapp_cookies_save(T);

	long long ledger = testapp_count(T, "ledger_entries");
	expect_error(post("/api/account/password", &r, "{ssss}", "current_password",
			  "Salah-Sandi-1", "new_password", "Teh-Manis-2027"),
		     422, &r, "current_password_wrong", "current_password");
	tresp_free(&r);
	expect_error(post("/api/account/password", &r, "{ssss}", "current_password", DEMO_PASSWORD,
			  "new_password", "short1"),
		     422, &r, "password_too_short", "new_password");
	tresp_free(&r);
	expect_error(post("/api/account/password", &r, "{ssss}", "current_password", DEMO_PASSWORD,
			  "new_password", DEMO_PASSWORD),
		     422, &r, "password_same", "new_password");
	tresp_free(&r);
	expect_error(post("/api/account/password", &r, "{ss}", "current_password", DEMO_PASSWORD),
		     422, &r, "field_required", "new_password");
	tresp_free(&r);
	/* only the counted failure was recorded: the password is unchanged */
	assert_int_equal(testapp_count(T, "ledger_entries"), ledger + 2); /* account + IP key */

	assert_int_equal(post("/api/account/password", NULL, "{ssss}", "current_password",
			      DEMO_PASSWORD, "new_password", "Teh-Manis-2027"),
			 204);
	/* this session lives on, the other one ended */
	assert_int_equal(testapp_request(T, "GET", "/api/sessions", NULL, NULL), 200);
	testapp_cookies_load(T, other);
	assert_int_equal(testapp_request(T, "GET", "/api/sessions", NULL, NULL), 401);
	/* old password refused, new accepted */
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, ASESI, DEMO_PASSWORD), 401);
	assert_int_equal(testapp_login(T, ASESI, "Teh-Manis-2027"), 200);
	/* a CSRF-less change is refused before anything happens */
	testapp_cookies_load(T, mine);
	T->no_csrf = 1;
	expect_error(post("/api/account/password", &r, "{ssss}", "current_password",
			  "Teh-Manis-2027", "new_password", "Kopi-Susu-2028"),
		     403, &r, "csrf", NULL);
	tresp_free(&r);
	T->no_csrf = 0;
	free(other);
	free(mine);
}

/* The token in the newest outbox message to `to` (read through GET /api/outbox as admin). */
static char *outbox_token(const char *to)
{
	struct tresp r;
	char *saved = testapp_cookies_save(T), *token = NULL;
	size_t i;
	json_t *m;

	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, ADMIN, DEMO_PASSWORD), 200);
	assert_int_equal(testapp_request(T, "GET", "/api/outbox", NULL, &r), 200);
	json_array_foreach(json_object_get(r.json, "messages"), i, m)
	{
		const char *body = json_string_value(json_object_get(m, "body"));
		if (token || strcmp(json_string_value(json_object_get(m, "to")), to) != 0)
			continue;
		assert_non_null(strstr(body, "kata sandi")); /* Indonesian first */
		assert_non_null(strstr(body, "English:"));   /* then an English line */
		assert_non_null(json_string_value(json_object_get(m, "created_at")));
		/* a link on the configured origin (never the request's Host), then the bare token
		 */
		const char *p = strstr(body, "\n    http://127.0.0.1:8080/atur-sandi?token=");
		assert_non_null(p);
		p = strstr(p, "token=") + 6;
		token = strndup(p, strcspn(p, "\n"));
		assert_non_null(strstr(body, token + 0));
	}
	tresp_free(&r);
	testapp_cookies_load(T, saved);
	free(saved);
	assert_non_null(token);
	return token;
}

static void test_password_reset(void **state)
{
	(void)state;
	struct tresp r;

	/* the asesi has a live session somewhere */
	assert_int_equal(testapp_login(T, ASESI, DEMO_PASSWORD), 200);
	char *live = testapp_cookies_save(T);
	testapp_cookies_clear(T);
	testapp_request(T, "GET", "/api/session", NULL, NULL);

	/* unknown address: the same 202, nothing queued */
	long long outbox = testapp_count(T, "outbox");
	assert_int_equal(post("/api/password-reset", &r, "{ss}", "email", "tidak.ada@example.id"),
			 202);
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "outbox"), outbox);
	expect_error(post("/api/password-reset", &r, "{ss}", "email", "bukan-surel"), 422, &r,
		     "email_invalid", "email");
	tresp_free(&r);

	assert_int_equal(post("/api/password-reset", &r, "{ss}", "email", "Asesi@Demo.Ujikom.ID"),
			 202);
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "outbox"), outbox + 1);
	/* asking again at once sends nothing more (no mailbox flooding), same answer */
	assert_int_equal(post("/api/password-reset", NULL, "{ss}", "email", ASESI), 202);
	assert_int_equal(testapp_count(T, "outbox"), outbox + 1);
	/* the token is stored hashed only */
	char *token = outbox_token(ASESI);
	assert_int_equal(
	    count_where("SELECT count(*) FROM password_resets WHERE token_hash = ?", token), 0);

	expect_error(post("/api/password-reset/confirm", &r, "{ssss}", "token", "salah-token",
			  "new_password", "Teh-Manis-2027"),
		     422, &r, "reset_token_invalid", "token");
	tresp_free(&r);
	expect_error(post("/api/password-reset/confirm", &r, "{ssss}", "token", token,
			  "new_password", "asesi-123456"),
		     422, &r, "password_weak", "new_password");
	tresp_free(&r);
	assert_int_equal(post("/api/password-reset/confirm", NULL, "{ssss}", "token", token,
			      "new_password", "Teh-Manis-2027"),
			 204);
	/* single use */
	expect_error(post("/api/password-reset/confirm", &r, "{ssss}", "token", token,
			  "new_password", "Kopi-Susu-2028"),
		     422, &r, "reset_token_invalid", "token");
	tresp_free(&r);
	/* every session of the account ended; the new password works, the old does not */
	testapp_cookies_load(T, live);
	assert_int_equal(testapp_request(T, "GET", "/api/sessions", NULL, NULL), 401);
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, ASESI, DEMO_PASSWORD), 401);
	assert_int_equal(testapp_login(T, ASESI, "Teh-Manis-2027"), 200);
	free(token);
	free(live);
}

static void test_password_reset_expired(void **state)
{
	(void)state;
	struct tresp r;

	testapp_request(T, "GET", "/api/session", NULL, NULL);
	assert_int_equal(post("/api/password-reset", NULL, "{ss}", "email", ASESI), 202);
	char *token = outbox_token(ASESI);
	assert_int_equal(
	    db_run(T->app.db, NULL, "UPDATE password_resets SET expires_at = created_at - 1", ""),
	    ERR_OK);
	testapp_cookies_clear(T);
	testapp_request(T, "GET", "/api/session", NULL, NULL);
	expect_error(post("/api/password-reset/confirm", &r, "{ssss}", "token", token,
			  "new_password", "Teh-Manis-2027"),
		     422, &r, "reset_token_invalid", "token");
	tresp_free(&r);
	assert_int_equal(testapp_login(T, ASESI, DEMO_PASSWORD), 200);
	free(token);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_register_ok, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_register_duplicates, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_register_invalid, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_login_and_logout, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sessions_own_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_session_expiry, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_password_change, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_password_reset, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_password_reset_expired, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
