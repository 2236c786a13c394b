/* All SQL of the accounts module: the account_profiles table (NIK, phone). Accounts, sessions,
 * roles and throttling live in server/auth and are reached through auth.h. */
#include <stdio.h>

#include "accounts_internal.h"
#include "db.h"
#include "ledger.h"

enum err accounts_profile_insert(struct db *db, int64_t actor, int64_t account_id, const char *nik,
				 const char *phone, int64_t now_ms)
{
	char id[32];
	json_t *payload;
	enum err e;

	e = db_run(db, NULL,
		   "INSERT INTO account_profiles (account_id, nik, phone, created_at)"
		   " VALUES (?, ?, ?, ?)",
		   "itti", account_id, nik, phone, now_ms);
	if (e != ERR_OK)
		return e;
	snprintf(id, sizeof id, "%lld", (long long)account_id);
	/* NIK and phone are personal data: the ledger only says which were given. */
	payload = json_pack("{s:b, s:b}", "nik", nik != NULL, "phone", phone != NULL);
	e = ledger_append(db, actor, "accounts.profile.create", "account", id, payload, now_ms,
			  NULL);
	json_decref(payload);
	return e;
}

enum err accounts_profile_get(struct db *db, struct arena *arena, int64_t account_id, char **nik,
			      char **phone)
{
	struct db_stmt *st;
	enum db_step r;

	*nik = NULL;
	*phone = NULL;
	st = db_query(db, "SELECT nik, phone FROM account_profiles WHERE account_id = ?", "i",
		      account_id);
	if (!st)
		return ERR_DB;
	r = db_step(st);
	if (r == DB_ROW) {
		*nik = db_col_dup(st, 0, arena);
		*phone = db_col_dup(st, 1, arena);
	}
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	return r == DB_ROW ? ERR_OK : ERR_NOT_FOUND;
}

enum err accounts_nik_taken(struct db *db, const char *nik, int *taken)
{
	int64_t one = 0;
	enum err e = db_get_int(db, &one, "SELECT 1 FROM account_profiles WHERE nik = ?", "t", nik);

	*taken = e == ERR_OK;
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}
