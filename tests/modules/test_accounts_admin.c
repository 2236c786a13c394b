/* The accounts module's administration through the real router: login throttling and locks,
 * staff accounts with one-time passwords, roles and permissions, account status, the guards that
 * keep an admin, the first-admin command, demo seeding and the permission catalogue sync. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accounts/accounts.h"
#include "auth.h"
#include "clock.h"
#include "db.h"
#include "testapp.h"

#define DEMO_PASSWORD "Demo-Ujikom-2026"
#define ASESI	      "asesi@demo.ujikom.id"
#define ADMIN	      "admin@demo.ujikom.id"

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

static const char *jstr(const struct tresp *r, const char *key)
{
	return json_string_value(json_object_get(r->json, key));
}

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
	assert_non_null(jstr(r, "message"));
}

static int64_t account_id(const char *email)
{
	int64_t id = 0;

	assert_int_equal(
	    db_get_int(T->app.db, &id, "SELECT id FROM accounts WHERE email = ?", "t", email),
	    ERR_OK);
	return id;
}

static void as(const char *email, const char *password)
{
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, email, password), 200);
}

static int login_attempt(const char *email, const char *password, struct tresp *out)
{
	return post("/api/session", out, "{ssss}", "email", email, "password", password);
}

/* Moves every failure an hour back, as if the client had waited out the slow-down. */
static void wait_out_slowdown(void)
{
	assert_int_equal(
	    db_run(T->app.db, NULL,
		   "UPDATE login_throttle SET last_failure_at = last_failure_at - 3600000", ""),
	    ERR_OK);
}

static json_t *find_by(json_t *arr, const char *key, const char *value)
{
	size_t i;
	json_t *o;

	json_array_foreach(arr, i, o)
	{
		const char *v = json_string_value(json_object_get(o, key));
		if (v && strcmp(v, value) == 0)
			return o;
	}
	return NULL;
}

static int has_string(json_t *arr, const char *value)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
	{
		if (json_is_string(v) && strcmp(json_string_value(v), value) == 0)
			return 1;
	}
	return 0;
}

static void test_throttle_then_lock(void **state)
{
	(void)state;
	struct tresp r;
	size_t n;

	T->cfg.login_slow_after = 2;
	T->cfg.login_lock_after = 4;
	T->cfg.ip_lock_after = 1000;
	T->remote_ip = "198.51.100.7";
	testapp_request(T, "GET", "/api/session", NULL, NULL);

	expect_error(login_attempt(ASESI, "Salah-Sandi-1", &r), 401, &r, "invalid_credentials",
		     NULL);
	tresp_free(&r);
	expect_error(login_attempt(ASESI, "Salah-Sandi-2", &r), 401, &r, "invalid_credentials",
		     NULL);
	tresp_free(&r);
	/* two failures: the next attempt must wait, even with the right password */
	expect_error(login_attempt(ASESI, DEMO_PASSWORD, &r), 429, &r, "login_slow", NULL);
	const char *ra = tresp_header(&r, "Retry-After", &n);
	assert_non_null(ra);
	assert_true(atoi(ra) >= 1);
	tresp_free(&r);
	/* slowed attempts are not counted */
	assert_int_equal(db_get_int(T->app.db, &(int64_t){0},
				    "SELECT 1 FROM login_throttle WHERE key = ? AND failures = 2",
				    "t", "account:" ASESI),
			 ERR_OK);

	wait_out_slowdown();
	expect_error(login_attempt(ASESI, "Salah-Sandi-3", &r), 401, &r, "invalid_credentials",
		     NULL);
	tresp_free(&r);
	/* the wait doubles */
	expect_error(login_attempt(ASESI, "Salah-Sandi-4", &r), 429, &r, "login_slow", NULL);
	ra = tresp_header(&r, "Retry-After", &n);
	assert_non_null(ra);
	assert_true(atoi(ra) >= 2);
	tresp_free(&r);

	wait_out_slowdown();
	expect_error(login_attempt(ASESI, "Salah-Sandi-4", &r), 423, &r, "account_locked", NULL);
	assert_non_null(strstr(jstr(&r, "message"), "UTC"));
	assert_non_null(tresp_header(&r, "Retry-After", &n));
	tresp_free(&r);
	/* locked: the right password fails as well */
	wait_out_slowdown();
	expect_error(login_attempt(ASESI, DEMO_PASSWORD, &r), 423, &r, "account_locked", NULL);
	tresp_free(&r);

	/* an admin (from another address) sees the lock, in the list and on the account */
	T->remote_ip = NULL;
	as(ADMIN, DEMO_PASSWORD);
	assert_int_equal(testapp_request(T, "GET", "/api/login-locks", NULL, &r), 200);
	json_t *lock = find_by(json_object_get(r.json, "locks"), "key", "account:" ASESI);
	assert_non_null(lock);
	assert_string_equal(json_string_value(json_object_get(lock, "kind")), "account");
	assert_int_equal(json_integer_value(json_object_get(lock, "failures")), 4);
	assert_true(json_is_string(json_object_get(lock, "locked_until")));
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/accounts?q=asesi%40demo", NULL, &r), 200);
	json_t *row = find_by(json_object_get(r.json, "accounts"), "email", ASESI);
	assert_non_null(row);
	assert_true(json_is_true(json_object_get(row, "locked")));
	tresp_free(&r);
	char path[96];
	snprintf(path, sizeof path, "/api/accounts/%lld", (long long)account_id(ASESI));
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	assert_true(json_is_string(json_object_get(r.json, "locked_until")));
	tresp_free(&r);

	/* lift it: 204, then 404 (gone), and the asesi signs in */
	assert_int_equal(
	    testapp_request(T, "DELETE", "/api/login-locks/account:" ASESI, NULL, NULL), 204);
	expect_error(testapp_request(T, "DELETE", "/api/login-locks/account:" ASESI, NULL, &r), 404,
		     &r, "not_found", NULL);
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	assert_true(json_is_null(json_object_get(r.json, "locked_until")));
	tresp_free(&r);
	T->remote_ip = "198.51.100.7";
	as(ASESI, DEMO_PASSWORD);
	T->remote_ip = NULL;
	/* success forgot the account's failures */
	assert_int_equal(db_get_int(T->app.db, &(int64_t){0},
				    "SELECT 1 FROM login_throttle WHERE key = ?", "t",
				    "account:" ASESI),
			 ERR_NOT_FOUND);
}

static void test_lock_expires(void **state)
{
	(void)state;
	struct tresp r;

	T->cfg.login_slow_after = 100;
	T->cfg.login_lock_after = 2;
	testapp_request(T, "GET", "/api/session", NULL, NULL);
	assert_int_equal(login_attempt(ASESI, "Salah-Sandi-1", NULL), 401);
	expect_error(login_attempt(ASESI, "Salah-Sandi-2", &r), 423, &r, "account_locked", NULL);
	tresp_free(&r);
	assert_int_equal(login_attempt(ASESI, DEMO_PASSWORD, NULL), 423);
	/* the lock runs out: the right password works and the count starts again */
	assert_int_equal(db_run(T->app.db, NULL,
				"UPDATE login_throttle SET locked_until = 1 WHERE key = ?", "t",
				"account:" ASESI),
			 ERR_OK);
	assert_int_equal(login_attempt(ASESI, "Salah-Sandi-3", NULL), 401);
	assert_int_equal(login_attempt(ASESI, DEMO_PASSWORD, NULL), 200);
	/* the periodic prune drops counters a day after their last failure, and records it */
	assert_true(testapp_count(T, "login_throttle") > 0);
	long long ledger = testapp_count(T, "ledger_entries");
	auth_module.tick(&T->app, clock_now_ms() + 2LL * 24 * 3600 * 1000);
	assert_int_equal(testapp_count(T, "login_throttle"), 0);
	assert_int_equal(testapp_count(T, "ledger_entries"), ledger + 1);
}

static void test_ip_lock(void **state)
{
	(void)state;
	struct tresp r;

	T->cfg.login_slow_after = 100;
	T->cfg.login_lock_after = 1000;
	T->cfg.ip_lock_after = 3;
	T->remote_ip = "203.0.113.50";
	testapp_request(T, "GET", "/api/session", NULL, NULL);
	/* guesses spread over many accounts still count against the address */
	assert_int_equal(login_attempt("a1@example.id", "Salah-Sandi-1", NULL), 401);
	assert_int_equal(login_attempt("a2@example.id", "Salah-Sandi-1", NULL), 401);
	expect_error(login_attempt("a3@example.id", "Salah-Sandi-1", &r), 423, &r, "ip_locked",
		     NULL);
	tresp_free(&r);
	expect_error(login_attempt(ASESI, DEMO_PASSWORD, &r), 423, &r, "ip_locked", NULL);
	tresp_free(&r);
	/* from another address the same account signs in */
	T->remote_ip = "203.0.113.51";
	assert_int_equal(login_attempt(ASESI, DEMO_PASSWORD, NULL), 200);
	T->remote_ip = NULL;
	as(ADMIN, DEMO_PASSWORD);
	assert_int_equal(testapp_request(T, "GET", "/api/login-locks", NULL, &r), 200);
	json_t *lock = find_by(json_object_get(r.json, "locks"), "key", "ip:203.0.113.50");
	assert_non_null(lock);
	assert_string_equal(json_string_value(json_object_get(lock, "kind")), "ip");
	tresp_free(&r);
	assert_int_equal(
	    testapp_request(T, "DELETE", "/api/login-locks/ip:203.0.113.50", NULL, NULL), 204);
	T->remote_ip = "203.0.113.50";
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, ASESI, DEMO_PASSWORD), 200);
	T->remote_ip = NULL;
}

static void test_staff_must_change_password(void **state)
{
	(void)state;
	struct tresp r;

	as(ADMIN, DEMO_PASSWORD);
	long long accounts = testapp_count(T, "accounts");
	expect_error(post("/api/accounts", &r, "{sssss[s]}", "email", "staf.baru@lsp.id", "name",
			  "Staf Baru", "roles", "peran_fiktif"),
		     422, &r, "role_unknown", "roles");
	tresp_free(&r);
	expect_error(post("/api/accounts", &r, "{sssssss[s]}", "email", "staf.baru@lsp.id", "name",
			  "Staf Baru", "phone", "12345", "roles", "asesor"),
		     422, &r, "phone_invalid", "phone");
	tresp_free(&r);
	expect_error(post("/api/accounts", &r, "{sssss[s]}", "email", ASESI, "name", "Staf Baru",
			  "roles", "asesor"),
		     409, &r, "email_taken", "email");
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "accounts"), accounts);

	assert_int_equal(post("/api/accounts", &r, "{sssssss[s]}", "email", "Staf.Baru@LSP.id",
			      "name", "Staf Baru", "phone", "0812 1111 2222", "roles", "asesor"),
			 201);
	json_int_t id = json_integer_value(json_object_get(r.json, "id"));
	char *otp = strdup(jstr(&r, "one_time_password"));
	tresp_free(&r);
	assert_true(id > 0);
	assert_null(accounts_password_check(otp, NULL));
	assert_int_equal(testapp_count(T, "accounts"), accounts + 1);
	char path[64];
	snprintf(path, sizeof path, "/api/accounts/%lld", (long long)id);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	assert_string_equal(jstr(&r, "email"), "staf.baru@lsp.id");
	assert_string_equal(jstr(&r, "phone"), "+6281211112222");
	assert_string_equal(jstr(&r, "status"), "active");
	assert_true(has_string(json_object_get(r.json, "roles"), "asesor"));
	assert_true(json_is_true(json_object_get(r.json, "must_change_password")));
	tresp_free(&r);

	/* the new staff member signs in with the one-time password and must change it first */
	testapp_cookies_clear(T);
	assert_int_equal(login_attempt("staf.baru@lsp.id", otp, NULL),
			 403); /* no CSRF cookie yet */
	assert_int_equal(testapp_login(T, "staf.baru@lsp.id", otp), 200);
	assert_int_equal(testapp_request(T, "GET", "/api/session", NULL, &r), 200);
	json_t *acct = json_object_get(r.json, "account");
	assert_true(json_is_true(json_object_get(acct, "must_change_password")));
	tresp_free(&r);
	expect_error(testapp_request(T, "GET", "/api/sessions", NULL, &r), 403, &r,
		     "password_change_required", NULL);
	tresp_free(&r);
	assert_int_equal(post("/api/account/password", NULL, "{ssss}", "current_password", otp,
			      "new_password", "Asesor-Baru-2026"),
			 204);
	assert_int_equal(testapp_request(T, "GET", "/api/sessions", NULL, NULL), 200);
	assert_int_equal(testapp_request(T, "GET", "/api/session", NULL, &r), 200);
	acct = json_object_get(r.json, "account");
	assert_true(json_is_false(json_object_get(acct, "must_change_password")));
	assert_true(has_string(json_object_get(acct, "roles"), "asesor"));
	tresp_free(&r);
	/* sign-out was allowed while pending too */
	assert_int_equal(testapp_request(T, "DELETE", "/api/session", NULL, NULL), 204);
	free(otp);
}

static void test_staff_create_needs_role_assign(void **state)
{
	(void)state;
	struct tresp r;

	/* a role that may create staff but not hand out roles */
	as(ADMIN, DEMO_PASSWORD);
	assert_int_equal(post("/api/roles", NULL, "{ssssss}", "name", "perekrut", "title_id",
			      "Perekrut", "title_en", "Recruiter"),
			 201);
	assert_int_equal(post("/api/roles/perekrut/permissions", NULL, "{ss}", "permission",
			      "accounts.staff.create"),
			 204);
	char path[64];
	snprintf(path, sizeof path, "/api/accounts/%lld/roles", (long long)account_id(ASESI));
	assert_int_equal(post(path, NULL, "{ss}", "role", "perekrut"), 204);
	as(ASESI, DEMO_PASSWORD);
	long long accounts = testapp_count(T, "accounts");
	expect_error(post("/api/accounts", &r, "{sssss[s]}", "email", "x@lsp.id", "name",
			  "Staf Baru", "roles", "admin_lsp"),
		     403, &r, "roles_forbidden", "roles");
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "accounts"), accounts);
	assert_int_equal(
	    post("/api/accounts", &r, "{ssss}", "email", "x@lsp.id", "name", "Staf Baru"), 201);
	tresp_free(&r);
}

static void test_roles_and_permissions(void **state)
{
	(void)state;
	struct tresp r;

	as(ADMIN, DEMO_PASSWORD);
	assert_int_equal(testapp_request(T, "GET", "/api/roles", NULL, &r), 200);
	json_t *roles = json_object_get(r.json, "roles");
	for (int i = 0; auth_builtin_roles[i].name; i++) {
		json_t *role = find_by(roles, "name", auth_builtin_roles[i].name);
		assert_non_null(role);
		assert_true(json_is_true(json_object_get(role, "builtin")));
	}
	json_t *admin = find_by(roles, "name", "admin_lsp");
	assert_string_equal(json_string_value(json_object_get(admin, "title_en")),
			    "LSP administrator");
	assert_true(has_string(json_object_get(admin, "permissions"), "accounts.role.manage"));
	json_t *auditor = find_by(roles, "name", "auditor");
	assert_true(has_string(json_object_get(auditor, "permissions"), "accounts.account.read"));
	assert_false(has_string(json_object_get(auditor, "permissions"), "accounts.staff.create"));
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/permissions", NULL, &r), 200);
	json_t *perm =
	    find_by(json_object_get(r.json, "permissions"), "name", "accounts.lock.lift");
	assert_non_null(perm);
	assert_non_null(json_string_value(json_object_get(perm, "desc_id")));
	assert_non_null(json_string_value(json_object_get(perm, "desc_en")));
	tresp_free(&r);

	long long role_rows = testapp_count(T, "roles");
	expect_error(post("/api/roles", &r, "{ssssss}", "name", "Peninjau Instrumen", "title_id",
			  "Peninjau", "title_en", "Reviewer"),
		     422, &r, "role_name_invalid", "name");
	tresp_free(&r);
	expect_error(post("/api/roles", &r, "{ssssss}", "name", "asesor", "title_id", "Asesor",
			  "title_en", "Assessor"),
		     409, &r, "role_taken", "name");
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "roles"), role_rows);
	assert_int_equal(post("/api/roles", &r, "{ssssss}", "name", "peninjau", "title_id",
			      "Peninjau Instrumen", "title_en", "Instrument reviewer"),
			 201);
	assert_string_equal(jstr(&r, "name"), "peninjau");
	tresp_free(&r);

	long long grants = testapp_count(T, "role_permissions");
	expect_error(
	    post("/api/roles/peninjau/permissions", &r, "{ss}", "permission", "accounts.tidak.ada"),
	    422, &r, "permission_unknown", "permission");
	tresp_free(&r);
	expect_error(post("/api/roles/tidak_ada/permissions", &r, "{ss}", "permission",
			  "accounts.account.read"),
		     404, &r, "not_found", NULL);
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "role_permissions"), grants);
	assert_int_equal(post("/api/roles/peninjau/permissions", NULL, "{ss}", "permission",
			      "accounts.account.read"),
			 204);
	expect_error(post("/api/roles/peninjau/permissions", &r, "{ss}", "permission",
			  "accounts.account.read"),
		     409, &r, "permission_already_granted", "permission");
	tresp_free(&r);

	/* the asesi gets the role: the permission shows in GET /api/session and works */
	int64_t asesi = account_id(ASESI);
	char path[96];
	snprintf(path, sizeof path, "/api/accounts/%lld/roles", (long long)asesi);
	expect_error(post(path, &r, "{ss}", "role", "tidak_ada"), 422, &r, "role_unknown", "role");
	tresp_free(&r);
	expect_error(post("/api/accounts/999999/roles", &r, "{ss}", "role", "peninjau"), 404, &r,
		     "not_found", NULL);
	tresp_free(&r);
	assert_int_equal(post(path, NULL, "{ss}", "role", "peninjau"), 204);
	expect_error(post(path, &r, "{ss}", "role", "peninjau"), 409, &r, "role_already_held",
		     "role");
	tresp_free(&r);
	char *admin_jar = testapp_cookies_save(T);
	as(ASESI, DEMO_PASSWORD);
	assert_int_equal(testapp_request(T, "GET", "/api/session", NULL, &r), 200);
	json_t *acct = json_object_get(r.json, "account");
	assert_true(has_string(json_object_get(acct, "roles"), "peninjau"));
	assert_true(has_string(json_object_get(acct, "permissions"), "accounts.account.read"));
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/accounts", NULL, &r), 200);
	assert_true(json_integer_value(json_object_get(r.json, "total")) >= 10);
	tresp_free(&r);
	char *asesi_jar = testapp_cookies_save(T);

	/* revoking takes effect on the next request of an open session */
	testapp_cookies_load(T, admin_jar);
	assert_int_equal(testapp_request(T, "DELETE",
					 "/api/roles/peninjau/permissions/accounts.account.read",
					 NULL, NULL),
			 204);
	expect_error(testapp_request(T, "DELETE",
				     "/api/roles/peninjau/permissions/accounts.account.read", NULL,
				     &r),
		     404, &r, "not_found", NULL);
	tresp_free(&r);
	testapp_cookies_load(T, asesi_jar);
	expect_error(testapp_request(T, "GET", "/api/accounts", NULL, &r), 403, &r, "forbidden",
		     NULL);
	tresp_free(&r);

	/* role removal */
	testapp_cookies_load(T, admin_jar);
	snprintf(path, sizeof path, "/api/accounts/%lld/roles/peninjau", (long long)asesi);
	assert_int_equal(testapp_request(T, "DELETE", path, NULL, NULL), 204);
	expect_error(testapp_request(T, "DELETE", path, NULL, &r), 404, &r, "not_found", NULL);
	tresp_free(&r);

	/* role management cannot be taken from admin_lsp */
	grants = testapp_count(T, "role_permissions");
	expect_error(testapp_request(T, "DELETE",
				     "/api/roles/admin_lsp/permissions/accounts.role.manage", NULL,
				     &r),
		     409, &r, "role_perm_protected", NULL);
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "role_permissions"), grants);
	free(admin_jar);
	free(asesi_jar);
}

static void test_asesi_cannot_administer(void **state)
{
	(void)state;
	struct tresp r;
	static const char *const calls[][3] = {
	    {"GET", "/api/accounts", NULL},
	    {"GET", "/api/accounts/1", NULL},
	    {"POST", "/api/accounts", "{\"email\":\"x@lsp.id\",\"name\":\"Staf Baru\"}"},
	    {"POST", "/api/accounts/1/status", "{\"status\":\"disabled\"}"},
	    {"POST", "/api/accounts/1/roles", "{\"role\":\"admin_lsp\"}"},
	    {"DELETE", "/api/accounts/1/roles/admin_lsp", NULL},
	    {"GET", "/api/roles", NULL},
	    {"POST", "/api/roles", "{\"name\":\"x1\",\"title_id\":\"X\",\"title_en\":\"X\"}"},
	    {"GET", "/api/permissions", NULL},
	    {"POST", "/api/roles/asesi/permissions", "{\"permission\":\"accounts.role.manage\"}"},
	    {"DELETE", "/api/roles/admin_lsp/permissions/accounts.account.read", NULL},
	    {"GET", "/api/login-locks", NULL},
	    {"DELETE", "/api/login-locks/ip:127.0.0.1", NULL},
	    {"GET", "/api/outbox", NULL},
	};
	static const char *const tables[] = {"accounts",	 "account_roles", "roles",
					     "role_permissions", "sessions",	  "login_throttle",
					     "ledger_entries",	 "outbox"};
	long long before[8];

	as(ASESI, DEMO_PASSWORD);
	for (size_t i = 0; i < 8; i++)
		before[i] = testapp_count(T, tables[i]);
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
		int st = testapp_request(T, calls[i][0], calls[i][1], calls[i][2], &r);
		if (st != 403)
			fail_msg("%s %s -> %d, expected 403", calls[i][0], calls[i][1], st);
		assert_string_equal(jstr(&r, "error"), "forbidden");
		tresp_free(&r);
	}
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(testapp_count(T, tables[i]), before[i]);
	/* and without a session at all: 401 */
	testapp_cookies_clear(T);
	expect_error(testapp_request(T, "GET", "/api/accounts", NULL, &r), 401, &r,
		     "unauthenticated", NULL);
	tresp_free(&r);
}

static void test_status_and_admin_guards(void **state)
{
	(void)state;
	struct tresp r;
	char path[96];

	as(ASESI, DEMO_PASSWORD);
	char *asesi_jar = testapp_cookies_save(T);
	as(ADMIN, DEMO_PASSWORD);
	int64_t self = account_id(ADMIN), asesi = account_id(ASESI);

	long long ledger = testapp_count(T, "ledger_entries");
	snprintf(path, sizeof path, "/api/accounts/%lld/status", (long long)self);
	expect_error(post(path, &r, "{ss}", "status", "disabled"), 409, &r, "cannot_disable_self",
		     "status");
	tresp_free(&r);
	snprintf(path, sizeof path, "/api/accounts/%lld/roles/admin_lsp", (long long)self);
	expect_error(testapp_request(T, "DELETE", path, NULL, &r), 409, &r, "last_admin", NULL);
	tresp_free(&r);
	snprintf(path, sizeof path, "/api/accounts/%lld/status", (long long)asesi);
	expect_error(post(path, &r, "{ss}", "status", "suspended"), 422, &r, "field_choice",
		     "status");
	tresp_free(&r);
	expect_error(post("/api/accounts/999999/status", &r, "{ss}", "status", "disabled"), 404, &r,
		     "not_found", NULL);
	tresp_free(&r);
	assert_int_equal(testapp_count(T, "ledger_entries"), ledger);

	/* disabling ends the sessions and refuses sign-in; enabling restores it */
	assert_int_equal(post(path, NULL, "{ss}", "status", "disabled"), 204);
	assert_int_equal(testapp_request(T, "GET", "/api/accounts?q=asesi%40", NULL, &r), 200);
	assert_string_equal(
	    json_string_value(json_object_get(
		find_by(json_object_get(r.json, "accounts"), "email", ASESI), "status")),
	    "disabled");
	tresp_free(&r);
	char *admin_jar = testapp_cookies_save(T);
	testapp_cookies_load(T, asesi_jar);
	assert_int_equal(testapp_request(T, "GET", "/api/sessions", NULL, NULL), 401);
	testapp_cookies_clear(T);
	testapp_request(T, "GET", "/api/session", NULL, NULL);
	expect_error(login_attempt(ASESI, DEMO_PASSWORD, &r), 403, &r, "account_disabled", NULL);
	tresp_free(&r);
	/* a wrong password on a disabled account says nothing more than for anyone */
	expect_error(login_attempt(ASESI, "Salah-Sandi-1", &r), 401, &r, "invalid_credentials",
		     NULL);
	tresp_free(&r);
	testapp_cookies_load(T, admin_jar);
	assert_int_equal(post(path, NULL, "{ss}", "status", "active"), 204);
	as(ASESI, DEMO_PASSWORD);

	/* with a second admin the first may step down */
	testapp_cookies_load(T, admin_jar);
	snprintf(path, sizeof path, "/api/accounts/%lld/roles", (long long)asesi);
	assert_int_equal(post(path, NULL, "{ss}", "role", "admin_lsp"), 204);
	snprintf(path, sizeof path, "/api/accounts/%lld/roles/admin_lsp", (long long)self);
	assert_int_equal(testapp_request(T, "DELETE", path, NULL, NULL), 204);
	free(asesi_jar);
	free(admin_jar);
}

static void test_accounts_list(void **state)
{
	(void)state;
	struct tresp r;

	as(ADMIN, DEMO_PASSWORD);
	assert_int_equal(testapp_request(T, "GET", "/api/accounts", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "page")), 1);
	long long total = json_integer_value(json_object_get(r.json, "total"));
	assert_int_equal(total, testapp_count(T, "accounts"));
	json_t *row = find_by(json_object_get(r.json, "accounts"), "email", ADMIN);
	assert_non_null(row);
	assert_true(has_string(json_object_get(row, "roles"), "admin_lsp"));
	assert_true(json_is_false(json_object_get(row, "locked")));
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/accounts?role=asesor", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/accounts?q=ASESOR", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	tresp_free(&r);
	/* LIKE wildcards in q are literal */
	assert_int_equal(testapp_request(T, "GET", "/api/accounts?q=%25", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 0);
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/accounts?page=2", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "accounts")), 0);
	tresp_free(&r);
	expect_error(testapp_request(T, "GET", "/api/accounts?page=0", NULL, &r), 422, &r,
		     "query_invalid", "page");
	tresp_free(&r);
}

static void test_admin_create_command(void **state)
{
	(void)state;
	char otp[ACCOUNTS_OTP_SIZE];
	struct tresp r;

	assert_int_equal(accounts_admin_create(&T->app, "Kepala.Admin@LSP.id", otp, sizeof otp),
			 ERR_OK);
	assert_int_equal(strlen(otp), 19);
	assert_int_equal(accounts_admin_create(&T->app, "kepala.admin@lsp.id", otp, sizeof otp),
			 ERR_CONFLICT);
	assert_string_equal(otp, "");
	assert_int_equal(accounts_admin_create(&T->app, "bukan surel", otp, sizeof otp),
			 ERR_INVALID);
	assert_int_equal(accounts_admin_create(&T->app, "kedua@lsp.id", otp, sizeof otp), ERR_OK);
	/* the one-time password signs in, as admin_lsp, pending a password change */
	assert_int_equal(testapp_login(T, "kedua@lsp.id", otp), 200);
	assert_int_equal(testapp_request(T, "GET", "/api/session", NULL, &r), 200);
	json_t *acct = json_object_get(r.json, "account");
	assert_true(json_is_true(json_object_get(acct, "must_change_password")));
	assert_true(has_string(json_object_get(acct, "roles"), "admin_lsp"));
	assert_true(has_string(json_object_get(acct, "permissions"), "accounts.staff.create"));
	tresp_free(&r);
	expect_error(testapp_request(T, "GET", "/api/accounts", NULL, &r), 403, &r,
		     "password_change_required", NULL);
	tresp_free(&r);
}

static void test_demo_seed_and_catalogue_sync(void **state)
{
	(void)state;
	long long accounts = testapp_count(T, "accounts");
	long long grants = testapp_count(T, "role_permissions");

	/* ten demo accounts, seeding again changes nothing */
	assert_int_equal(accounts, 10);
	for (size_t i = 0; i < T->app.nmodules; i++)
		if (T->app.modules[i]->demo_seed)
			assert_int_equal(T->app.modules[i]->demo_seed(&T->app, T->app.db), ERR_OK);
	assert_int_equal(testapp_count(T, "accounts"), accounts);

	/* an LSP's change to a built-in role survives the start-up sync */
	as(ADMIN, DEMO_PASSWORD);
	assert_int_equal(testapp_request(T, "DELETE",
					 "/api/roles/auditor/permissions/accounts.account.read",
					 NULL, NULL),
			 204);
	assert_int_equal(auth_module.init(&T->app), ERR_OK);
	assert_int_equal(testapp_count(T, "role_permissions"), grants - 1);
	assert_int_equal(db_get_int(T->app.db, &(int64_t){0},
				    "SELECT 1 FROM role_permissions WHERE role = 'auditor' AND"
				    " permission = ?",
				    "t", "accounts.account.read"),
			 ERR_NOT_FOUND);
	/* a permission that is new to the catalogue reaches its default roles */
	assert_int_equal(
	    db_run(T->app.db, NULL,
		   "DELETE FROM role_permissions WHERE permission = 'accounts.lock.lift'", ""),
	    ERR_OK);
	assert_int_equal(db_run(T->app.db, NULL,
				"DELETE FROM permissions WHERE name = 'accounts.lock.lift'", ""),
			 ERR_OK);
	assert_int_equal(auth_module.init(&T->app), ERR_OK);
	assert_int_equal(testapp_count(T, "role_permissions"), grants - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_throttle_then_lock, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lock_expires, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ip_lock, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_staff_must_change_password, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_staff_create_needs_role_assign, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_roles_and_permissions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_asesi_cannot_administer, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_status_and_admin_guards, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_accounts_list, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_admin_create_command, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_demo_seed_and_catalogue_sync, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
