/* Sessions: random cookie tokens stored as SHA-256, resolved to a principal on every request with
 * idle and absolute expiry; creation, revocation and listing for the accounts module. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth.h"
#include "auth_internal.h"
#include "config.h"
#include "db.h"
#include "util.h"

/* last_seen_at is written at most this often, so a burst of requests costs one write. */
#define TOUCH_EVERY_MS 5000
#define UA_MAX	       256
#define IP_MAX	       63

static int64_t idle_ms(const struct app *app)
{
	return app->cfg->session_idle_min * 60 * 1000;
}

static int64_t absolute_ms(const struct app *app)
{
	return app->cfg->session_absolute_hours * 3600 * 1000;
}

/* Loads the sorted permission names of an account into the principal. */
static enum err principal_perms(struct db *db, struct arena *arena, struct principal *p)
{
	struct db_stmt *st;
	size_t cap = 16;
	enum db_step r;

	st = db_query(db,
		      "SELECT DISTINCT rp.permission FROM account_roles ar"
		      " JOIN role_permissions rp ON rp.role = ar.role WHERE ar.account_id = ?",
		      "i", p->account_id);
	if (!st)
		return ERR_DB;
	p->perms = arena_alloc(arena, cap * sizeof *p->perms);
	p->nperms = 0;
	while ((r = db_step(st)) == DB_ROW) {
		p->perms = auth_grow(arena, p->perms, p->nperms, &cap, sizeof *p->perms);
		p->perms[p->nperms++] = db_col_dup(st, 0, arena);
	}
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	auth_strs_sort(p->perms, p->nperms);
	return ERR_OK;
}

enum err auth_session_resolve(struct app *app, struct db *db, struct arena *arena,
			      const char *token, const char *ip, int64_t now_ms,
			      struct principal **out)
{
	struct principal *p = NULL;
	struct db_stmt *st;
	char hash[SHA256_HEX_LEN + 1];
	int64_t created, seen;
	int active;
	enum err e;

	*out = NULL;
	if (auth_token_hash(token, hash) != 0)
		return ERR_UNAUTHENTICATED;
	st = db_query(db,
		      "SELECT s.id, s.account_id, s.created_at, s.last_seen_at, a.email, a.name,"
		      " a.must_change_password, a.status = 'active'"
		      " FROM sessions s JOIN accounts a ON a.id = s.account_id"
		      " WHERE s.token_hash = ? AND s.revoked_at IS NULL",
		      "t", hash);
	if (!st)
		return ERR_DB;
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return ERR_UNAUTHENTICATED;
	}
	p = arena_zalloc(arena, sizeof *p);
	p->session_id = db_col_int(st, 0);
	p->account_id = db_col_int(st, 1);
	created = db_col_int(st, 2);
	p->signed_in_at = created;
	seen = db_col_int(st, 3);
	p->email = db_col_dup(st, 4, arena);
	p->name = db_col_dup(st, 5, arena);
	p->must_change_password = db_col_int(st, 6) != 0;
	active = db_col_int(st, 7) != 0;
	db_done(st);

	if (!active || now_ms - seen > idle_ms(app) || now_ms - created > absolute_ms(app))
		return ERR_UNAUTHENTICATED;
	if (now_ms - seen >= TOUCH_EVERY_MS) {
		/* Not a ledger event: last-seen is bookkeeping, not a change of anyone's rights. */
		e = db_run(db, NULL, "UPDATE sessions SET last_seen_at = ?, ip = ? WHERE id = ?",
			   "iti", now_ms, ip ? ip : "", p->session_id);
		if (e != ERR_OK)
			return e;
	}
	e = principal_perms(db, arena, p);
	if (e != ERR_OK)
		return e;
	*out = p;
	return ERR_OK;
}

enum err auth_session_create(struct db *db, int64_t account_id, const char *ip,
			     const char *user_agent, int64_t now_ms, char *token_out,
			     size_t token_size, int64_t *session_id_out)
{
	char hash[SHA256_HEX_LEN + 1];
	char ua[UA_MAX + 1], addr[IP_MAX + 1];
	int64_t id;
	enum err e;

	if (token_size < AUTH_TOKEN_MAX)
		return ERR_INTERNAL;
	util_random_token(token_out, token_size, 32);
	util_sha256_hex(token_out, strlen(token_out), hash);
	snprintf(ua, sizeof ua, "%s", user_agent ? user_agent : "");
	snprintf(addr, sizeof addr, "%s", ip ? ip : "");
	e = db_run(db, NULL,
		   "INSERT INTO sessions (account_id, token_hash, created_at, last_seen_at, ip,"
		   " user_agent) VALUES (?, ?, ?, ?, ?, ?)",
		   "itiitt", account_id, hash, now_ms, now_ms, addr, ua);
	if (e != ERR_OK)
		return e;
	id = db_last_insert_id(db);
	e = auth_ledger_id(db, account_id, "auth.session.create", "session", id,
			   json_pack("{s:I}", "account_id", (json_int_t)account_id), now_ms);
	if (e == ERR_OK && session_id_out)
		*session_id_out = id;
	return e;
}

enum err auth_session_revoke(struct db *db, int64_t actor, int64_t account_id, int64_t session_id,
			     int64_t now_ms)
{
	int64_t changes = 0;
	enum err e;

	e = db_run(db, &changes,
		   "UPDATE sessions SET revoked_at = ? WHERE id = ? AND account_id = ?"
		   " AND revoked_at IS NULL",
		   "iii", now_ms, session_id, account_id);
	if (e != ERR_OK)
		return e;
	if (changes == 0)
		return ERR_NOT_FOUND;
	return auth_ledger_id(db, actor, "auth.session.revoke", "session", session_id,
			      json_pack("{s:I}", "account_id", (json_int_t)account_id), now_ms);
}

enum err auth_session_revoke_all(struct db *db, int64_t actor, int64_t account_id,
				 int64_t except_session_id, int64_t now_ms)
{
	int64_t changes = 0;
	enum err e;

	e = db_run(db, &changes,
		   "UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND id <> ?"
		   " AND revoked_at IS NULL",
		   "iii", now_ms, account_id, except_session_id);
	if (e != ERR_OK || changes == 0)
		return e;
	return auth_ledger_id(db, actor, "auth.session.revoke_all", "account", account_id,
			      json_pack("{s:I, s:I}", "revoked", (json_int_t)changes, "kept",
					(json_int_t)except_session_id),
			      now_ms);
}

enum err auth_session_list(struct app *app, struct db *db, struct arena *arena, int64_t account_id,
			   int64_t now_ms, struct auth_session **out, size_t *n)
{
	struct auth_session *v;
	struct db_stmt *st;
	size_t cap = 8, k = 0;
	enum db_step r;

	st = db_query(db,
		      "SELECT id, created_at, last_seen_at, ip, user_agent FROM sessions"
		      " WHERE account_id = ? AND revoked_at IS NULL AND last_seen_at >= ?"
		      " AND created_at >= ? ORDER BY id DESC LIMIT 200",
		      "iii", account_id, now_ms - idle_ms(app), now_ms - absolute_ms(app));
	if (!st)
		return ERR_DB;
	v = arena_alloc(arena, cap * sizeof *v);
	while ((r = db_step(st)) == DB_ROW) {
		v = auth_grow(arena, v, k, &cap, sizeof *v);
		v[k].id = db_col_int(st, 0);
		v[k].created_at = db_col_int(st, 1);
		v[k].last_seen_at = db_col_int(st, 2);
		v[k].ip = db_col_dup(st, 3, arena);
		v[k].user_agent = db_col_dup(st, 4, arena);
		k++;
	}
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	*out = v;
	*n = k;
	return ERR_OK;
}

int auth_account_has_perm(struct db *db, int64_t account_id, const char *perm)
{
	int64_t n = 0;
	/* an active account one of whose roles holds the permission */
	if (db_get_int(
		db, &n,
		"SELECT count(*) FROM accounts a JOIN account_roles ar ON ar.account_id = a.id"
		" JOIN role_permissions rp ON rp.role = ar.role"
		" WHERE a.id = ? AND a.status = 'active' AND rp.permission = ?",
		"it", account_id, perm) != ERR_OK)
		return 0;
	return n > 0;
}

int auth_session_revoked(struct db *db, int64_t session_id)
{
	int64_t live = 0;
	enum err e = db_get_int(db, &live,
				"SELECT count(*) FROM sessions WHERE id = ? AND revoked_at IS NULL",
				"i", session_id);
	return e == ERR_OK && live == 0;
}
