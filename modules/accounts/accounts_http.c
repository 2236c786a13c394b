/* Helpers shared by the accounts handlers: transactions, password and e-mail input, JSON output
 * of a principal, CSRF token handling and one-time passwords. */
#include <stdio.h>
#include <string.h>

#include "accounts_internal.h"
#include "app.h"
#include "clock.h"
#include "db.h"
#include "json.h"
#include "log.h"
#include "util.h"

enum err accounts_tx_end(struct db *db, enum err e)
{
	if (e == ERR_OK)
		e = db_commit(db);
	if (e != ERR_OK)
		db_rollback(db);
	return e;
}

enum err accounts_in_password(struct request *req, const char *field, const char **out)
{
	json_t *v = req->json ? json_object_get(req->json, field) : NULL;
	size_t n;

	if (!v || json_is_null(v))
		return req_fail(req, ERR_INVALID, "field_required", field);
	if (!json_is_string(v))
		return req_fail(req, ERR_INVALID, "field_type", field);
	n = json_string_length(v);
	if (n == 0)
		return req_fail(req, ERR_INVALID, "field_required", field);
	if (n > ACCOUNTS_PASSWORD_RAW)
		return req_fail(req, ERR_INVALID, "password_too_long", field);
	if (memchr(json_string_value(v), '\0', n))
		return req_fail(req, ERR_INVALID, "field_format", field);
	*out = arena_strndup(req->arena, json_string_value(v), n);
	return ERR_OK;
}

enum err accounts_in_email(struct request *req, const char *field, char *out, size_t outsz)
{
	const char *raw = NULL;
	enum err e =
	    json_in_str(req, req->json, field, JSON_IN_REQUIRED, 1, ACCOUNTS_EMAIL_MAX, &raw);

	if (e != ERR_OK)
		return e;
	return accounts_check(req, accounts_email_normalize(raw, out, outsz), field);
}

enum err accounts_check(struct request *req, const char *code, const char *field)
{
	if (!code)
		return ERR_OK;
	return req_fail(req, ERR_INVALID, code, field);
}

json_t *accounts_time_or_null(int64_t ms)
{
	return ms > 0 ? json_time(ms) : json_null();
}

json_t *accounts_str_array(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

json_t *accounts_principal_json(struct request *req, const struct principal *p)
{
	const char **roles = NULL;
	size_t nroles = 0;

	if (auth_account_roles(req->db, req->arena, p->account_id, &roles, &nroles) != ERR_OK)
		nroles = 0;
	return json_pack("{s:I, s:s, s:s, s:o*, s:o*, s:b}", "id", (json_int_t)p->account_id,
			 "email", p->email, "name", p->name, "roles",
			 accounts_str_array(roles, nroles), "permissions",
			 accounts_str_array(p->perms, p->nperms), "must_change_password",
			 p->must_change_password ? 1 : 0);
}

const char *accounts_csrf_rotate(struct request *req)
{
	char tok[AUTH_TOKEN_MAX];

	util_random_token(tok, sizeof tok, 24);
	resp_cookie(req, AUTH_CSRF_COOKIE, tok, -1, 1);
	return arena_strdup(req->arena, tok);
}

const char *accounts_csrf_current(struct request *req)
{
	const char *c = req_cookie(req, AUTH_CSRF_COOKIE);

	/* The core sets a cookie on responses to clients without one; we do it here instead so the
	 * body can carry the same value (the core then leaves it alone). */
	if (c && strlen(c) >= 16)
		return c;
	return accounts_csrf_rotate(req);
}

void accounts_otp_new(char *out, size_t outsz)
{
	unsigned char rnd[16];

	util_random(rnd, sizeof rnd);
	accounts_otp_from_bytes(rnd, out, outsz);
}

enum err accounts_json(struct request *req, int status, json_t *obj)
{
	if (!obj) {
		/* A json_pack format or allocation failed: a bug, never an empty 200. */
		log_error("accounts: %s built no JSON", req->route ? req->route->op : "?");
		return req_fail(req, ERR_INTERNAL, NULL, NULL);
	}
	return resp_json(req, status, obj);
}

enum err accounts_fail(struct request *req, enum err e)
{
	if (e == ERR_OK)
		e = ERR_INTERNAL;
	return req_fail(req, e, NULL, NULL);
}

/* Sets Retry-After and fails with 429 login_slow. */
static enum err fail_slow(struct request *req, int64_t retry_after_s)
{
	char s[24];

	snprintf(s, sizeof s, "%lld", (long long)retry_after_s);
	resp_header(req, "Retry-After", s);
	return req_fail_detail(req, ERR_TOO_MANY, "login_slow", NULL, arena_strdup(req->arena, s));
}

/* Sets Retry-After and fails with 423 account_locked or ip_locked, the unlock time as detail. */
static enum err fail_locked(struct request *req, const struct auth_throttle *t)
{
	char when[40], secs[24];
	int64_t wait = (t->locked_until - req->now_ms + 999) / 1000;

	clock_format_ms(t->locked_until, when, sizeof when);
	snprintf(secs, sizeof secs, "%lld", (long long)(wait > 0 ? wait : 1));
	resp_header(req, "Retry-After", secs);
	return req_fail_detail(
	    req, ERR_LOCKED, t->verdict == AUTH_THROTTLE_IP_LOCKED ? "ip_locked" : "account_locked",
	    NULL, arena_strdup(req->arena, when));
}

enum err accounts_fail_throttle(struct request *req, const struct auth_throttle *t)
{
	switch (t->verdict) {
	case AUTH_THROTTLE_OK:
		return ERR_OK;
	case AUTH_THROTTLE_SLOW:
		return fail_slow(req, t->retry_after_s);
	case AUTH_THROTTLE_ACCOUNT_LOCKED:
	case AUTH_THROTTLE_IP_LOCKED:
		return fail_locked(req, t);
	}
	return ERR_OK;
}
