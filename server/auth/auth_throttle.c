/* Login throttling: failure counters per account e-mail and per client IP, exponential slow-down
 * after cfg->login_slow_after failures, timed locks after cfg->login_lock_after (account) and
 * cfg->ip_lock_after (IP) failures; the admin list and lift. */
#include <string.h>

#include "app.h"
#include "auth.h"
#include "auth_internal.h"
#include "config.h"
#include "db.h"
#include "util.h"

/* A counter with no failure for this long starts again from zero. */
#define FORGET_AFTER_MS (24LL * 3600 * 1000)
/* The slow-down never asks for more than this between attempts. */
#define SLOW_CAP_S 900

/* A throttle row as it stands at a given time (expired locks and stale counters read as zero). */
struct key_state {
	int found;
	int64_t failures;
	int64_t last_failure_at;
	int64_t locked_until; /* 0 when not locked now */
};

char *auth_throttle_account_key(struct arena *arena, const char *email)
{
	return arena_sprintf(arena, "account:%s", email);
}

static enum err key_state_load(struct db *db, const char *key, int64_t now_ms, struct key_state *ks)
{
	struct db_stmt *st;
	enum db_step r;

	memset(ks, 0, sizeof *ks);
	st = db_query(
	    db, "SELECT failures, last_failure_at, locked_until FROM login_throttle WHERE key = ?",
	    "t", key);
	if (!st)
		return ERR_DB;
	r = db_step(st);
	if (r == DB_ROW) {
		int64_t locked = db_col_is_null(st, 2) ? 0 : db_col_int(st, 2);

		ks->found = 1;
		ks->failures = db_col_int(st, 0);
		ks->last_failure_at = db_col_int(st, 1);
		if (locked > now_ms) {
			ks->locked_until = locked;
		} else if (locked != 0 || now_ms - ks->last_failure_at > FORGET_AFTER_MS) {
			/* The lock ran out (or the failures are old): start counting afresh. */
			ks->failures = 0;
		}
	}
	db_done(st);
	return r == DB_FAIL ? ERR_DB : ERR_OK;
}

/* Failures after which a key is slowed down. An IP is shared by everyone behind one NAT (a whole
 * TUK may sit behind one address), so it is slowed only from half its lock threshold. */
static int64_t slow_after(const struct config *cfg, int is_ip)
{
	int64_t n = cfg->login_slow_after > 0 ? cfg->login_slow_after : 1;

	if (is_ip && cfg->ip_lock_after / 2 > n)
		n = cfg->ip_lock_after / 2;
	return n;
}

/* Seconds still to wait before the next attempt for a key, 0 when it may go ahead. */
static int64_t slow_wait_s(const struct config *cfg, const struct key_state *ks, int is_ip,
			   int64_t now_ms)
{
	int64_t over, wait_s = 1, due, after = slow_after(cfg, is_ip);

	if (ks->failures < after)
		return 0;
	over = ks->failures - after;
	while (over-- > 0 && wait_s < SLOW_CAP_S)
		wait_s *= 2;
	if (wait_s > SLOW_CAP_S)
		wait_s = SLOW_CAP_S;
	due = ks->last_failure_at + wait_s * 1000;
	if (now_ms >= due)
		return 0;
	return (due - now_ms + 999) / 1000;
}

enum err auth_login_check(struct app *app, struct db *db, const char *email, const char *ip,
			  int64_t now_ms, struct auth_throttle *out)
{
	struct key_state acc, net;
	char key[400];
	int64_t w;
	enum err e;

	memset(out, 0, sizeof *out);
	snprintf(key, sizeof key, "account:%s", email);
	e = key_state_load(db, key, now_ms, &acc);
	if (e != ERR_OK)
		return e;
	memset(&net, 0, sizeof net);
	if (ip && ip[0]) {
		snprintf(key, sizeof key, "ip:%s", ip);
		e = key_state_load(db, key, now_ms, &net);
		if (e != ERR_OK)
			return e;
	}
	if (acc.locked_until) {
		out->verdict = AUTH_THROTTLE_ACCOUNT_LOCKED;
		out->locked_until = acc.locked_until;
		return ERR_OK;
	}
	if (net.locked_until) {
		out->verdict = AUTH_THROTTLE_IP_LOCKED;
		out->locked_until = net.locked_until;
		return ERR_OK;
	}
	w = slow_wait_s(app->cfg, &acc, 0, now_ms);
	if (slow_wait_s(app->cfg, &net, 1, now_ms) > w)
		w = slow_wait_s(app->cfg, &net, 1, now_ms);
	if (w > 0) {
		out->verdict = AUTH_THROTTLE_SLOW;
		out->retry_after_s = w;
	}
	return ERR_OK;
}

/* Counts one failure on key; locks it when the count reaches lock_after (0: never). */
static enum err key_fail(struct app *app, struct db *db, const char *kind, const char *key,
			 int64_t lock_after, int64_t now_ms, int64_t *locked_until)
{
	struct key_state ks;
	char key_hash[SHA256_HEX_LEN + 1];
	int64_t changes = 0, until = 0;
	enum err e;

	*locked_until = 0;
	e = key_state_load(db, key, now_ms, &ks);
	if (e != ERR_OK)
		return e;
	ks.failures++;
	if (ks.locked_until)
		until = ks.locked_until; /* already locked: keep the end, count the attempt */
	else if (lock_after > 0 && ks.failures >= lock_after)
		until = now_ms + app->cfg->login_lock_minutes * 60 * 1000;
	/* locked_until is NULL when not locked; NULLIF keeps one statement for both cases. */
	if (ks.found)
		e = db_run(db, &changes,
			   "UPDATE login_throttle SET failures = ?, last_failure_at = ?,"
			   " locked_until = NULLIF(?, 0) WHERE key = ?",
			   "iiit", ks.failures, now_ms, until, key);
	else
		e = db_run(db, NULL,
			   "INSERT INTO login_throttle (key, kind, failures, last_failure_at,"
			   " locked_until) VALUES (?, ?, ?, ?, NULLIF(?, 0))",
			   "ttiii", key, kind, ks.failures, now_ms, until);
	if (e != ERR_OK)
		return e;
	/* The key holds an e-mail or an address: the ledger gets a keyed hash only. */
	app_pseudonym(app, key, key_hash);
	e = auth_ledger_key(db, 0,
			    until && !ks.locked_until ? "auth.login.lock" : "auth.login.fail",
			    "login_key", key_hash,
			    json_pack("{s:s, s:I, s:I}", "kind", kind, "failures",
				      (json_int_t)ks.failures, "locked_until", (json_int_t)until),
			    now_ms);
	*locked_until = until;
	return e;
}

enum err auth_login_failed(struct app *app, struct db *db, const char *email, const char *ip,
			   int64_t now_ms, struct auth_throttle *out)
{
	char key[400];
	int64_t acc_until = 0, ip_until = 0;
	enum err e;

	memset(out, 0, sizeof *out);
	snprintf(key, sizeof key, "account:%s", email);
	e = key_fail(app, db, "account", key, app->cfg->login_lock_after, now_ms, &acc_until);
	if (e == ERR_OK && ip && ip[0]) {
		snprintf(key, sizeof key, "ip:%s", ip);
		e = key_fail(app, db, "ip", key, app->cfg->ip_lock_after, now_ms, &ip_until);
	}
	if (e != ERR_OK)
		return e;
	if (acc_until) {
		out->verdict = AUTH_THROTTLE_ACCOUNT_LOCKED;
		out->locked_until = acc_until;
	} else if (ip_until) {
		out->verdict = AUTH_THROTTLE_IP_LOCKED;
		out->locked_until = ip_until;
	}
	return ERR_OK;
}

enum err auth_login_succeeded(struct app *app, struct db *db, const char *email, int64_t now_ms)
{
	char key[400], key_hash[SHA256_HEX_LEN + 1];
	int64_t changes = 0;
	enum err e;

	snprintf(key, sizeof key, "account:%s", email);
	e = db_run(db, &changes, "DELETE FROM login_throttle WHERE key = ?", "t", key);
	if (e != ERR_OK || changes == 0)
		return e;
	app_pseudonym(app, key, key_hash);
	return auth_ledger_key(db, 0, "auth.login.reset", "login_key", key_hash, NULL, now_ms);
}

int64_t auth_throttle_account_locked_until(struct db *db, struct arena *arena, const char *email,
					   int64_t now_ms)
{
	struct key_state ks;

	if (key_state_load(db, auth_throttle_account_key(arena, email), now_ms, &ks) != ERR_OK)
		return 0;
	return ks.locked_until;
}

enum err auth_lock_list(struct app *app, struct db *db, struct arena *arena, int64_t now_ms,
			struct auth_lock **out, size_t *n)
{
	struct auth_lock *v;
	struct db_stmt *st;
	size_t cap = 16, k = 0;
	enum db_step r;

	/* Locked now, or slowed: enough recent failures and no lock that already ran out. */
	st = db_query(db,
		      "SELECT key, kind, failures, locked_until FROM login_throttle"
		      " WHERE locked_until > ? OR (locked_until IS NULL AND last_failure_at >= ?"
		      " AND failures >= CASE kind WHEN 'ip' THEN ? ELSE ? END)"
		      " ORDER BY key LIMIT 1000",
		      "iiii", now_ms, now_ms - FORGET_AFTER_MS, slow_after(app->cfg, 1),
		      slow_after(app->cfg, 0));
	if (!st)
		return ERR_DB;
	v = arena_alloc(arena, cap * sizeof *v);
	while ((r = db_step(st)) == DB_ROW) {
		v = auth_grow(arena, v, k, &cap, sizeof *v);
		v[k].key = db_col_dup(st, 0, arena);
		v[k].kind = db_col_dup(st, 1, arena);
		v[k].failures = db_col_int(st, 2);
		v[k].locked_until = db_col_is_null(st, 3) ? 0 : db_col_int(st, 3);
		k++;
	}
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	*out = v;
	*n = k;
	return ERR_OK;
}

enum err auth_lock_lift(struct app *app, struct db *db, int64_t actor, const char *key,
			int64_t now_ms)
{
	char key_hash[SHA256_HEX_LEN + 1];
	int64_t changes = 0;
	enum err e;

	e = db_run(db, &changes, "DELETE FROM login_throttle WHERE key = ?", "t", key);
	if (e != ERR_OK)
		return e;
	if (changes == 0)
		return ERR_NOT_FOUND;
	app_pseudonym(app, key, key_hash);
	return auth_ledger_key(db, actor, "auth.login.lift", "login_key", key_hash, NULL, now_ms);
}

void auth_prune(struct db *db, int64_t now_ms)
{
	int64_t gone = 0, resets = 0;
	int64_t old = now_ms - FORGET_AFTER_MS;
	enum err e;

	if (db_begin(db) != ERR_OK)
		return;
	e = db_run(db, &gone,
		   "DELETE FROM login_throttle WHERE (locked_until IS NULL AND last_failure_at < ?)"
		   " OR (locked_until IS NOT NULL AND locked_until < ?)",
		   "ii", old, old);
	/* Reset tokens are kept a day past expiry, then go: they no longer prove anything. */
	if (e == ERR_OK)
		e = db_run(db, &resets, "DELETE FROM password_resets WHERE expires_at < ?", "i",
			   old);
	if (e == ERR_OK && gone + resets > 0)
		e = auth_ledger_key(db, 0, "auth.prune", "auth", "throttle",
				    json_pack("{s:I, s:I}", "throttle_rows", (json_int_t)gone,
					      "reset_tokens", (json_int_t)resets),
				    now_ms);
	if (e == ERR_OK)
		e = db_commit(db);
	if (e != ERR_OK)
		db_rollback(db);
}
