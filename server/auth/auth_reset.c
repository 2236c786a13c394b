/* Password-reset tokens: random, stored as SHA-256, single use, expiring after
 * cfg->reset_token_minutes. Issuing a new one voids the older unused ones of the account. */
#include <string.h>

#include "app.h"
#include "auth.h"
#include "auth_internal.h"
#include "config.h"
#include "db.h"
#include "util.h"

/* A new token for the same account is refused within this time of the previous one. */
#define RESEND_AFTER_MS (60 * 1000)

enum err auth_reset_create(struct app *app, struct db *db, int64_t account_id, int64_t now_ms,
			   char *token_out, size_t token_size)
{
	char hash[SHA256_HEX_LEN + 1];
	int64_t id,
	    minutes = app->cfg->reset_token_minutes > 0 ? app->cfg->reset_token_minutes : 30;
	enum err e;

	if (token_size < AUTH_TOKEN_MAX)
		return ERR_INTERNAL;
	e = db_get_int(db, &id,
		       "SELECT count(*) FROM password_resets WHERE account_id = ?"
		       " AND created_at > ?",
		       "ii", account_id, now_ms - RESEND_AFTER_MS);
	if (e != ERR_OK)
		return e;
	if (id > 0)
		return ERR_TOO_MANY;
	e = db_run(
	    db, NULL,
	    "UPDATE password_resets SET used_at = ? WHERE account_id = ? AND used_at IS NULL", "ii",
	    now_ms, account_id);
	if (e != ERR_OK)
		return e;
	util_random_token(token_out, token_size, 32);
	util_sha256_hex(token_out, strlen(token_out), hash);
	e = db_run(db, NULL,
		   "INSERT INTO password_resets (account_id, token_hash, created_at, expires_at)"
		   " VALUES (?, ?, ?, ?)",
		   "itii", account_id, hash, now_ms, now_ms + minutes * 60 * 1000);
	if (e != ERR_OK)
		return e;
	id = db_last_insert_id(db);
	return auth_ledger_id(db, 0, "auth.reset.create", "password_reset", id,
			      json_pack("{s:I}", "account_id", (json_int_t)account_id), now_ms);
}

enum err auth_reset_lookup(struct db *db, const char *token, int64_t now_ms, int64_t *account_id)
{
	char hash[SHA256_HEX_LEN + 1];

	if (auth_token_hash(token, hash) != 0)
		return ERR_NOT_FOUND;
	return db_get_int(db, account_id,
			  "SELECT account_id FROM password_resets WHERE token_hash = ?"
			  " AND used_at IS NULL AND expires_at > ?",
			  "ti", hash, now_ms);
}

enum err auth_reset_consume(struct db *db, const char *token, int64_t now_ms, int64_t *account_id)
{
	char hash[SHA256_HEX_LEN + 1];
	int64_t id = 0, changes = 0;
	enum err e;

	e = auth_reset_lookup(db, token, now_ms, account_id);
	if (e != ERR_OK)
		return e;
	auth_token_hash(token, hash);
	e = db_get_int(db, &id, "SELECT id FROM password_resets WHERE token_hash = ?", "t", hash);
	if (e == ERR_OK)
		e = db_run(
		    db, &changes,
		    "UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL", "ii",
		    now_ms, id);
	if (e != ERR_OK)
		return e;
	if (changes == 0)
		return ERR_NOT_FOUND;
	return auth_ledger_id(db, *account_id, "auth.reset.use", "password_reset", id,
			      json_pack("{s:I}", "account_id", (json_int_t)*account_id), now_ms);
}
