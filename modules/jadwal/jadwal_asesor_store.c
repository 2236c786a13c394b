/* SQL of assessor assignments and their SPT Asesor register (jadwal_asesor), and of declared
 * conflicts of interest (conflict_declarations). */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "jadwal_internal.h"
#include "ledger.h"
#include "log.h"

/* Appends a ledger entry; steals payload. */
static enum err note(struct db *db, int64_t actor, const char *action, const char *obj_type,
		     int64_t obj_id, json_t *payload, int64_t now_ms)
{
	char id[24];
	enum err e;

	if (!payload)
		return ERR_INTERNAL;
	snprintf(id, sizeof id, "%lld", (long long)obj_id);
	e = ledger_append(db, actor, action, obj_type, id, payload, now_ms, NULL);
	json_decref(payload);
	return e;
}

/* *found = 1 when the query returns a row; it binds a, b, b (portable ? placeholders only). */
static enum err exists(struct db *db, const char *sql, int64_t a, int64_t b, int *found)
{
	int64_t one = 0;
	enum err e = db_get_int(db, &one, sql, "iii", a, b, b);

	*found = e == ERR_OK;
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}

enum err jadwal_store_asesor_busy(struct db *db, int64_t asesor_id, int64_t start_ms,
				  int64_t end_ms, int64_t except_jadwal, int64_t *other)
{
	return db_get_int(db, other,
			  "SELECT j.id FROM jadwal_asesor a JOIN jadwal j ON j.id = a.jadwal_id"
			  " WHERE a.asesor_id = ? AND a.withdrawn_at IS NULL AND j.id <> ?"
			  " AND j.start_at < ? AND j.end_at > ? ORDER BY j.start_at LIMIT 1",
			  "iiii", asesor_id, except_jadwal, end_ms, start_ms);
}

enum err jadwal_store_spt_next(struct db *db, const char *lsp_code, int year, int64_t *seq)
{
	return db_get_int(db, seq,
			  "SELECT COALESCE(MAX(spt_seq), 0) + 1 FROM jadwal_asesor"
			  " WHERE spt_lsp_code = ? AND spt_year = ?",
			  "td", lsp_code, year);
}

enum err jadwal_store_asesor_insert(struct db *db, int64_t actor, int64_t jadwal_id,
				    int64_t asesor_id, const char *lsp_code, int year, int64_t seq,
				    const char *spt_number, int64_t now_ms)
{
	enum err e;

	e = db_run(
	    db, NULL,
	    "INSERT INTO jadwal_asesor (jadwal_id, asesor_id, spt_lsp_code, spt_year, spt_seq,"
	    " spt_number, assigned_by, assigned_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    "iitditii", jadwal_id, asesor_id, lsp_code, year, seq, spt_number, actor, now_ms);
	if (e != ERR_OK)
		return e;
	return note(db, actor, "jadwal.asesor.assign", "jadwal", jadwal_id,
		    json_pack("{s:I, s:i, s:I}", "asesor_id", (json_int_t)asesor_id, "spt_year",
			      year, "spt_seq", (json_int_t)seq),
		    now_ms);
}

enum err jadwal_store_asesor_withdraw(struct db *db, int64_t actor, int64_t jadwal_id,
				      int64_t asesor_id, int64_t now_ms)
{
	int64_t changes = 0;
	enum err e;

	e = db_run(db, &changes,
		   "UPDATE jadwal_asesor SET withdrawn_by = ?, withdrawn_at = ?"
		   " WHERE jadwal_id = ? AND asesor_id = ? AND withdrawn_at IS NULL",
		   "iiii", actor, now_ms, jadwal_id, asesor_id);
	if (e == ERR_OK && changes == 0)
		e = ERR_NOT_FOUND;
	if (e != ERR_OK)
		return e;
	return note(db, actor, "jadwal.asesor.withdraw", "jadwal", jadwal_id,
		    json_pack("{s:I}", "asesor_id", (json_int_t)asesor_id), now_ms);
}

enum err jadwal_store_conflict_insert(struct db *db, int64_t asesor_id, int64_t asesi_id,
				      const char *reason, int64_t now_ms, int64_t *id_out)
{
	int64_t id;
	enum err e;

	e = db_run(db, NULL,
		   "INSERT INTO conflict_declarations (asesor_id, asesi_id, reason, declared_at)"
		   " VALUES (?, ?, ?, ?)",
		   "iiti", asesor_id, asesi_id, reason, now_ms);
	if (e != ERR_OK)
		return e;
	id = db_last_insert_id(db);
	/* the reason is personal: only the ids enter the ledger */
	e = note(db, asesor_id, "jadwal.conflict.declare", "conflict", id,
		 json_pack("{s:I, s:I}", "asesor_id", (json_int_t)asesor_id, "asesi_id",
			   (json_int_t)asesi_id),
		 now_ms);
	if (e == ERR_OK && id_out)
		*id_out = id;
	return e;
}

enum err jadwal_store_conflict_in_peserta(struct db *db, int64_t jadwal_id, int64_t asesor_id,
					  int *found)
{
	return exists(db,
		      "SELECT 1 FROM jadwal_peserta p WHERE p.jadwal_id = ? AND (p.asesi_id = ?"
		      " OR EXISTS (SELECT 1 FROM conflict_declarations c WHERE c.asesor_id = ?"
		      " AND c.asesi_id = p.asesi_id)) LIMIT 1",
		      jadwal_id, asesor_id, found);
}

enum err jadwal_store_conflict_in_asesor(struct db *db, int64_t jadwal_id, int64_t asesi_id,
					 int *found)
{
	return exists(
	    db,
	    "SELECT 1 FROM jadwal_asesor a WHERE a.jadwal_id = ? AND a.withdrawn_at IS NULL"
	    " AND (a.asesor_id = ? OR EXISTS (SELECT 1 FROM conflict_declarations c"
	    " WHERE c.asesor_id = a.asesor_id AND c.asesi_id = ?)) LIMIT 1",
	    jadwal_id, asesi_id, found);
}

int jadwal_conflict_exists(struct db *db, int64_t asesor_id, int64_t asesi_id)
{
	int64_t one = 0;
	enum err e = db_get_int(
	    db, &one, "SELECT 1 FROM conflict_declarations WHERE asesor_id = ? AND asesi_id = ?",
	    "ii", asesor_id, asesi_id);

	if (e != ERR_OK && e != ERR_NOT_FOUND)
		log_error("jadwal: conflict lookup failed: %s", err_name(e));
	return e == ERR_OK;
}

enum err jadwal_store_shared(struct db *db, struct arena *arena, int64_t asesor_id,
			     int64_t asesi_id, int64_t **ids, size_t *n)
{
	size_t cap = 8;
	struct db_stmt *st;
	enum db_step r;

	*n = 0;
	*ids = arena_alloc(arena, cap * sizeof **ids);
	st = db_query(
	    db,
	    "SELECT a.jadwal_id FROM jadwal_asesor a JOIN jadwal_peserta p"
	    " ON p.jadwal_id = a.jadwal_id WHERE a.asesor_id = ? AND a.withdrawn_at IS NULL"
	    " AND p.asesi_id = ? ORDER BY a.jadwal_id",
	    "ii", asesor_id, asesi_id);
	if (!st)
		return ERR_DB;
	while ((r = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			int64_t *more = arena_alloc(arena, 2 * cap * sizeof *more);

			memcpy(more, *ids, cap * sizeof *more);
			*ids = more;
			cap *= 2;
		}
		(*ids)[(*n)++] = db_col_int(st, 0);
	}
	db_done(st);
	return r == DB_FAIL ? ERR_DB : ERR_OK;
}
