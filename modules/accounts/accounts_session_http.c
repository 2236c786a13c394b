/* Sign-in (with throttling and Argon2id on a worker), session status, sign-out and the list and
 * revocation of one's own sessions. */
#include <stdio.h>
#include <string.h>

#include "accounts_internal.h"
#include "app.h"
#include "clock.h"
#include "db.h"
#include "json.h"

struct login_job {
	const struct config *cfg;
	const char *email; /* normalised (lowercase) */
	const char *password;
	const char *hash; /* NULL when no such account: hash anyway, so timing says nothing */
	int active;
	int ok;
};

static void login_work(struct db *db, void *arg)
{
	struct login_job *j = arg;
	char dummy[AUTH_HASH_MAX];

	(void)db;
	if (j->hash) {
		j->ok = auth_password_verify(j->hash, j->password);
	} else {
		auth_password_hash(j->cfg, j->password, dummy, sizeof dummy);
		j->ok = 0;
	}
}

/* Opens the session in the same transaction that clears the failure counter. */
static enum err login_succeed(struct request *req, struct login_job *j, int64_t account_id)
{
	struct db *db = req->db;
	struct principal *p = NULL;
	char token[AUTH_TOKEN_MAX];
	enum err e;

	e = auth_login_succeeded(req->app, db, j->email, req->now_ms);
	if (e == ERR_OK && req->who) /* a new sign-in replaces the session it came with */
		e = auth_session_revoke(db, req->who->account_id, req->who->account_id,
					req->who->session_id, req->now_ms);
	if (e == ERR_NOT_FOUND)
		e = ERR_OK;
	if (e == ERR_OK)
		e = auth_session_create(db, account_id, req->remote_ip, req->user_agent,
					req->now_ms, token, sizeof token, NULL);
	e = accounts_tx_end(db, e);
	if (e == ERR_OK)
		e = auth_session_resolve(req->app, db, req->arena, token, req->remote_ip,
					 req->now_ms, &p);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	req->who = p;
	resp_cookie(req, AUTH_SESSION_COOKIE, token, -1, 0);
	return accounts_json(req, 200,
			     json_pack("{s:o, s:s}", "account", accounts_principal_json(req, p),
				       "csrf", accounts_csrf_rotate(req)));
}

static void login_done(struct request *req, void *arg)
{
	struct login_job *j = arg;
	struct auth_account *acct = NULL;
	struct auth_throttle t;
	struct db *db = req->db;
	enum err e;

	e = db_begin(db);
	/* Another attempt may have locked the key while this one was hashing. */
	if (e == ERR_OK)
		e = auth_login_check(req->app, db, j->email, req->remote_ip, req->now_ms, &t);
	if (e == ERR_OK &&
	    (t.verdict == AUTH_THROTTLE_ACCOUNT_LOCKED || t.verdict == AUTH_THROTTLE_IP_LOCKED)) {
		db_rollback(db);
		accounts_fail_throttle(req, &t);
		return;
	}
	if (e == ERR_OK && !j->ok) {
		e = accounts_tx_end(
		    db, auth_login_failed(req->app, db, j->email, req->remote_ip, req->now_ms, &t));
		if (e != ERR_OK)
			accounts_fail(req, e);
		else if (t.verdict != AUTH_THROTTLE_OK)
			accounts_fail_throttle(req, &t);
		else
			req_fail(req, ERR_UNAUTHENTICATED, "invalid_credentials", NULL);
		return;
	}
	if (e == ERR_OK)
		e = auth_account_by_email(db, req->arena, j->email, req->now_ms, &acct);
	if (e == ERR_OK && strcmp(acct->status, "active") != 0) {
		/* Only someone who knows the password learns that the account is disabled. */
		db_rollback(db);
		req_fail(req, ERR_FORBIDDEN, "account_disabled", NULL);
		return;
	}
	if (e != ERR_OK) {
		db_rollback(db);
		accounts_fail(req, e);
		return;
	}
	login_succeed(req, j, acct->id);
}

enum err accounts_h_login(struct request *req)
{
	struct login_job *j = arena_zalloc(req->arena, sizeof *j);
	struct auth_account *acct = NULL;
	struct auth_throttle t;
	const char *email = NULL;
	char *lower, *hash = NULL;
	enum err e;

	e = json_in_str(req, req->json, "email", JSON_IN_REQUIRED, 1, ACCOUNTS_EMAIL_MAX, &email);
	if (e == ERR_OK)
		e = accounts_in_password(req, "password", &j->password);
	if (e != ERR_OK)
		return e;
	/* No format check: a malformed address simply matches no account. */
	lower = arena_strdup(req->arena, email);
	for (char *c = lower; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	j->email = lower;
	j->cfg = req->app->cfg;

	e = auth_login_check(req->app, req->db, j->email, req->remote_ip, req->now_ms, &t);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	e = accounts_fail_throttle(req, &t);
	if (e != ERR_OK)
		return e;
	e = auth_account_by_email(req->db, req->arena, j->email, req->now_ms, &acct);
	if (e == ERR_OK)
		e = auth_account_password_hash(req->db, req->arena, acct->id, &hash);
	if (e != ERR_OK && e != ERR_NOT_FOUND)
		return accounts_fail(req, e);
	j->hash = hash;
	j->active = acct && strcmp(acct->status, "active") == 0;
	return req_defer(req, login_work, login_done, j);
}

enum err accounts_h_session_get(struct request *req)
{
	const char *csrf = accounts_csrf_current(req);

	return accounts_json(
	    req, 200,
	    json_pack("{s:b, s:o, s:s}", "signed_in", req->who != NULL, "account",
		      req->who ? accounts_principal_json(req, req->who) : json_null(), "csrf",
		      csrf));
}

enum err accounts_h_logout(struct request *req)
{
	struct db *db = req->db;
	enum err e;

	e = db_begin(db);
	if (e == ERR_OK)
		e = auth_session_revoke(db, req->who->account_id, req->who->account_id,
					req->who->session_id, req->now_ms);
	e = accounts_tx_end(db, e);
	if (e != ERR_OK && e != ERR_NOT_FOUND)
		return accounts_fail(req, e);
	resp_cookie(req, AUTH_SESSION_COOKIE, "", 0, 0);
	return resp_status(req, 204);
}

enum err accounts_h_sessions_list(struct request *req)
{
	struct auth_session *v = NULL;
	size_t n = 0;
	json_t *a;
	enum err e;

	e = auth_session_list(req->app, req->db, req->arena, req->who->account_id, req->now_ms, &v,
			      &n);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    a, json_pack("{s:I, s:o, s:o, s:s, s:s, s:b}", "id", (json_int_t)v[i].id,
				 "created_at", json_time(v[i].created_at), "last_seen_at",
				 json_time(v[i].last_seen_at), "ip", v[i].ip, "user_agent",
				 v[i].user_agent, "current", v[i].id == req->who->session_id));
	return accounts_json(req, 200, json_pack("{s:o}", "sessions", a));
}

enum err accounts_h_session_revoke(struct request *req)
{
	struct db *db = req->db;
	int64_t id;
	enum err e;

	e = req_param_id(req, "id", &id);
	if (e != ERR_OK)
		return e;
	e = db_begin(db);
	/* Scoped to the caller's account: another person's session is "not found". */
	if (e == ERR_OK)
		e = auth_session_revoke(db, req->who->account_id, req->who->account_id, id,
					req->now_ms);
	e = accounts_tx_end(db, e);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	if (id == req->who->session_id)
		resp_cookie(req, AUTH_SESSION_COOKIE, "", 0, 0);
	return resp_status(req, 204);
}
