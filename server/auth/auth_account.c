/* Accounts: creation, lookup, password and status changes, listing with search and role filter. */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "auth_internal.h"
#include "db.h"
#include "util.h"

#define ACCOUNT_COLS "id, email, name, status, must_change_password, created_at"

/* Fills one account from a row of ACCOUNT_COLS. */
static void account_from_row(struct arena *arena, struct db_stmt *st, struct auth_account *a)
{
	a->id = db_col_int(st, 0);
	a->email = db_col_dup(st, 1, arena);
	a->name = db_col_dup(st, 2, arena);
	a->status = db_col_dup(st, 3, arena);
	a->must_change_password = db_col_int(st, 4) != 0;
	a->created_at = db_col_int(st, 5);
}

/* Adds roles and lock state (run with no statement of ours still stepping). */
static enum err account_details(struct db *db, struct arena *arena, struct auth_account *a,
				int64_t now_ms)
{
	enum err e = auth_account_roles(db, arena, a->id, &a->roles, &a->nroles);

	if (e != ERR_OK)
		return e;
	a->locked_until = auth_throttle_account_locked_until(db, arena, a->email, now_ms);
	return ERR_OK;
}

/* One account selected by "WHERE <col> = ?" with one text or int argument. */
static enum err account_one(struct db *db, struct arena *arena, const char *sql, const char *fmt,
			    int64_t id, const char *email, int64_t now_ms,
			    struct auth_account **out)
{
	struct auth_account *a;
	struct db_stmt *st;
	enum db_step r;

	*out = NULL;
	st = fmt[0] == 'i' ? db_query(db, sql, fmt, id) : db_query(db, sql, fmt, email);
	if (!st)
		return ERR_DB;
	r = db_step(st);
	if (r != DB_ROW) {
		db_done(st);
		return r == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
	}
	a = arena_zalloc(arena, sizeof *a);
	account_from_row(arena, st, a);
	db_done(st);
	*out = a;
	return account_details(db, arena, a, now_ms);
}

enum err auth_account_get(struct db *db, struct arena *arena, int64_t id, int64_t now_ms,
			  struct auth_account **out)
{
	return account_one(db, arena, "SELECT " ACCOUNT_COLS " FROM accounts WHERE id = ?", "i", id,
			   NULL, now_ms, out);
}

enum err auth_account_by_email(struct db *db, struct arena *arena, const char *email,
			       int64_t now_ms, struct auth_account **out)
{
	return account_one(db, arena, "SELECT " ACCOUNT_COLS " FROM accounts WHERE email = ?", "t",
			   0, email, now_ms, out);
}

enum err auth_account_create(struct db *db, int64_t actor, const char *email, const char *name,
			     const char *password_hash, int must_change_password, int64_t now_ms,
			     int64_t *id_out)
{
	int64_t id;
	enum err e;

	e = db_run(db, NULL,
		   "INSERT INTO accounts (email, name, password_hash, status, must_change_password,"
		   " created_at) VALUES (?, ?, ?, 'active', ?, ?)",
		   "tttdi", email, name, password_hash, must_change_password ? 1 : 0, now_ms);
	if (e != ERR_OK)
		return e;
	id = db_last_insert_id(db);
	/* The e-mail is personal data and even its plain hash could be confirmed by guessing: the
	 * ledger records the account id only. */
	e = auth_ledger_id(db, actor, "auth.account.create", "account", id,
			   json_pack("{s:b}", "must_change_password", must_change_password ? 1 : 0),
			   now_ms);
	if (e == ERR_OK && id_out)
		*id_out = id;
	return e;
}

enum err auth_account_password_hash(struct db *db, struct arena *arena, int64_t id, char **hash_out)
{
	struct db_stmt *st;
	enum db_step r;

	*hash_out = NULL;
	st = db_query(db, "SELECT password_hash FROM accounts WHERE id = ?", "i", id);
	if (!st)
		return ERR_DB;
	r = db_step(st);
	if (r == DB_ROW)
		*hash_out = db_col_dup(st, 0, arena);
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	return *hash_out ? ERR_OK : ERR_NOT_FOUND;
}

enum err auth_account_password_set(struct db *db, int64_t actor, int64_t id,
				   const char *password_hash, int must_change_password,
				   int64_t now_ms)
{
	int64_t changes = 0;
	enum err e;

	e = db_run(db, &changes,
		   "UPDATE accounts SET password_hash = ?, must_change_password = ? WHERE id = ?",
		   "tdi", password_hash, must_change_password ? 1 : 0, id);
	if (e != ERR_OK)
		return e;
	if (changes == 0)
		return ERR_NOT_FOUND;
	return auth_ledger_id(
	    db, actor, "auth.account.password_set", "account", id,
	    json_pack("{s:b}", "must_change_password", must_change_password ? 1 : 0), now_ms);
}

enum err auth_account_status_set(struct db *db, int64_t actor, int64_t id, const char *status,
				 int64_t now_ms)
{
	int64_t changes = 0;
	enum err e;

	if (!status || (strcmp(status, "active") != 0 && strcmp(status, "disabled") != 0))
		return ERR_INVALID;
	e = db_run(db, &changes, "UPDATE accounts SET status = ? WHERE id = ?", "ti", status, id);
	if (e != ERR_OK)
		return e;
	if (changes == 0)
		return ERR_NOT_FOUND;
	e = auth_ledger_id(db, actor, "auth.account.status_set", "account", id,
			   json_pack("{s:s}", "status", status), now_ms);
	if (e == ERR_OK && strcmp(status, "disabled") == 0)
		e = auth_session_revoke_all(db, actor, id, 0, now_ms);
	return e;
}

/* q as a LIKE pattern "%q%" in lowercase ASCII, with %, _ and \ escaped. */
static char *like_pattern(struct arena *arena, const char *q)
{
	size_t n = strlen(q), k = 0;
	char *p = arena_alloc(arena, 2 * n + 3);

	p[k++] = '%';
	for (size_t i = 0; i < n; i++) {
		char c = q[i];

		if (c == '%' || c == '_' || c == '\\')
			p[k++] = '\\';
		p[k++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	p[k++] = '%';
	p[k] = '\0';
	return p;
}

#define LIST_WHERE                                                                                 \
	" WHERE (? = '' OR lower(a.email) LIKE ? ESCAPE '\\' OR lower(a.name) LIKE ? ESCAPE '\\')" \
	" AND (? = '' OR EXISTS (SELECT 1 FROM account_roles r WHERE r.account_id = a.id"          \
	" AND r.role = ?))"

enum err auth_account_list(struct db *db, struct arena *arena, const char *q, const char *role,
			   int64_t offset, int64_t limit, int64_t now_ms, struct auth_account **out,
			   size_t *n, int64_t *total)
{
	struct auth_account *v;
	struct db_stmt *st;
	const char *pat;
	size_t cap = 16, k = 0;
	enum db_step r;
	enum err e;

	q = q ? q : "";
	role = role ? role : "";
	pat = like_pattern(arena, q);
	e = db_get_int(db, total, "SELECT count(*) FROM accounts a" LIST_WHERE, "ttttt", q, pat,
		       pat, role, role);
	if (e != ERR_OK)
		return e;
	st = db_query(db,
		      "SELECT a.id, a.email, a.name, a.status, a.must_change_password, a.created_at"
		      " FROM accounts a" LIST_WHERE " ORDER BY a.id LIMIT ? OFFSET ?",
		      "tttttii", q, pat, pat, role, role, limit, offset);
	if (!st)
		return ERR_DB;
	v = arena_alloc(arena, cap * sizeof *v);
	while ((r = db_step(st)) == DB_ROW) {
		v = auth_grow(arena, v, k, &cap, sizeof *v);
		memset(&v[k], 0, sizeof v[k]);
		account_from_row(arena, st, &v[k]);
		k++;
	}
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	/* Roles and locks after the cursor is closed: the statement cache may reuse statements. */
	for (size_t i = 0; i < k; i++) {
		e = account_details(db, arena, &v[i], now_ms);
		if (e != ERR_OK)
			return e;
	}
	*out = v;
	*n = k;
	return ERR_OK;
}

enum err auth_role_holders_active(struct db *db, const char *role, int64_t except_id,
				  int64_t *count)
{
	return db_get_int(
	    db, count,
	    "SELECT count(*) FROM account_roles r JOIN accounts a ON a.id = r.account_id"
	    " WHERE r.role = ? AND a.status = 'active' AND a.id <> ?",
	    "ti", role, except_id);
}
