/* SQL of the minimal TUK record (tuk): code, name, type, address and the date its verification
 * runs to. The TUK module (SE.007 A.IV.3, A.IV.9) takes this table over later. */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "jadwal_internal.h"
#include "ledger.h"

/* Appends a ledger entry about TUK id: the code and type, a hash of the rest. */
static enum err note(struct db *db, int64_t actor, const char *action, int64_t id,
		     const struct jadwal_tuk *t, int64_t now_ms)
{
	char obj[24];
	json_t *payload;
	enum err e;

	payload = json_pack("{s:s, s:s, s:s?}", "code", t->code ? t->code : "", "type", t->type,
			    "verified_until", t->verified_until);
	if (!payload)
		return ERR_INTERNAL;
	snprintf(obj, sizeof obj, "%lld", (long long)id);
	e = ledger_append(db, actor, action, "tuk", obj, payload, now_ms, NULL);
	json_decref(payload);
	return e;
}

enum err jadwal_tuk_insert(struct db *db, int64_t actor, const struct jadwal_tuk *t, int64_t now_ms,
			   int64_t *id_out)
{
	int64_t id;
	enum err e;

	e = db_run(db, NULL,
		   "INSERT INTO tuk (code, name, type, address, verified_until, created_at,"
		   " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		   "tttttii", t->code, t->name, t->type, t->address, t->verified_until, now_ms,
		   now_ms);
	if (e != ERR_OK)
		return e;
	id = db_last_insert_id(db);
	e = note(db, actor, "jadwal.tuk.create", id, t, now_ms);
	if (e == ERR_OK && id_out)
		*id_out = id;
	return e;
}

enum err jadwal_tuk_update(struct db *db, int64_t actor, const struct jadwal_tuk *t, int64_t now_ms)
{
	int64_t changes = 0;
	enum err e;

	e = db_run(db, &changes,
		   "UPDATE tuk SET name = ?, type = ?, address = ?, verified_until = ?,"
		   " updated_at = ? WHERE id = ?",
		   "ttttii", t->name, t->type, t->address, t->verified_until, now_ms, t->id);
	if (e == ERR_OK && changes == 0)
		e = ERR_NOT_FOUND;
	if (e != ERR_OK)
		return e;
	return note(db, actor, "jadwal.tuk.update", t->id, t, now_ms);
}

/* Copies the columns of a tuk row (SELECT_COLS order) into out. */
#define SELECT_COLS "id, code, name, type, address, verified_until, created_at, updated_at"
static void row_read(struct db_stmt *st, struct arena *arena, struct jadwal_tuk *out)
{
	out->id = db_col_int(st, 0);
	out->code = db_col_dup(st, 1, arena);
	out->name = db_col_dup(st, 2, arena);
	out->type = db_col_dup(st, 3, arena);
	out->address = db_col_dup(st, 4, arena);
	out->verified_until = db_col_dup(st, 5, arena);
	out->created_at = db_col_int(st, 6);
	out->updated_at = db_col_int(st, 7);
}

enum err jadwal_tuk_get(struct db *db, struct arena *arena, int64_t id, struct jadwal_tuk *out)
{
	struct db_stmt *st;
	enum db_step r;

	memset(out, 0, sizeof *out);
	st = db_query(db, "SELECT " SELECT_COLS " FROM tuk WHERE id = ?", "i", id);
	if (!st)
		return ERR_DB;
	r = db_step(st);
	if (r == DB_ROW)
		row_read(st, arena, out);
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	return r == DB_ROW ? ERR_OK : ERR_NOT_FOUND;
}

enum err jadwal_tuk_by_code(struct db *db, const char *code, int64_t *id)
{
	return db_get_int(db, id, "SELECT id FROM tuk WHERE code = ?", "t", code);
}

enum err jadwal_tuk_list(struct db *db, struct arena *arena, struct jadwal_tuk **out, size_t *n)
{
	struct db_stmt *st;
	enum db_step r;

	*n = 0;
	*out = arena_zalloc(arena, JADWAL_TUK_MAX * sizeof **out);
	st = db_query(db, "SELECT " SELECT_COLS " FROM tuk ORDER BY code LIMIT ?", "i",
		      (int64_t)JADWAL_TUK_MAX);
	if (!st)
		return ERR_DB;
	while ((r = db_step(st)) == DB_ROW && *n < JADWAL_TUK_MAX)
		row_read(st, arena, &(*out)[(*n)++]);
	db_done(st);
	return r == DB_FAIL ? ERR_DB : ERR_OK;
}

int jadwal_tuk_exists(struct db *db, int64_t tuk_id)
{
	int64_t one = 0;
	return db_get_int(db, &one, "SELECT 1 FROM tuk WHERE id = ?", "i", tuk_id) == ERR_OK;
}
