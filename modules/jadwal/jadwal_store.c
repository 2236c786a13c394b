/* SQL of schedules and enrolment: the jadwal and jadwal_peserta tables, reading a schedule with
 * its TUK and assessors, and the enrolment the certification module performs. */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "jadwal_internal.h"
#include "ledger.h"
#include "log.h"
#include "workdays.h"

/* Appends a ledger entry about schedule jadwal_id; steals payload. */
static enum err note(struct db *db, int64_t actor, const char *action, int64_t jadwal_id,
		     json_t *payload, int64_t now_ms)
{
	char id[24];
	enum err e;

	if (!payload)
		return ERR_INTERNAL;
	snprintf(id, sizeof id, "%lld", (long long)jadwal_id);
	e = ledger_append(db, actor, action, "jadwal", id, payload, now_ms, NULL);
	json_decref(payload);
	return e;
}

enum err jadwal_store_insert(struct db *db, int64_t actor, const struct jadwal_new *j,
			     int64_t now_ms, int64_t *id_out)
{
	int64_t id;
	enum err e;

	e = db_run(
	    db, NULL,
	    "INSERT INTO jadwal (skema_id, start_at, end_at, duration_min, zone, mode, tuk_id,"
	    " capacity, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "iiidttidii", j->skema_id, j->start_ms, j->end_ms, j->duration_min, j->zone,
	    jadwal_mode_names[j->mode], j->tuk_id, j->capacity, actor, now_ms);
	if (e != ERR_OK)
		return e;
	id = db_last_insert_id(db);
	e = note(db, actor, "jadwal.create", id,
		 json_pack("{s:I, s:I, s:I, s:s, s:s, s:I, s:i}", "skema_id",
			   (json_int_t)j->skema_id, "start_at", (json_int_t)j->start_ms, "end_at",
			   (json_int_t)j->end_ms, "zone", j->zone, "mode",
			   jadwal_mode_names[j->mode], "tuk_id", (json_int_t)j->tuk_id, "capacity",
			   j->capacity),
		 now_ms);
	if (e == ERR_OK && id_out)
		*id_out = id;
	return e;
}

enum err jadwal_store_list(struct db *db, struct arena *arena, int64_t asesor_id, int64_t skema_id,
			   int64_t from_ms, int64_t offset, int64_t limit, int64_t **ids, size_t *n,
			   int64_t *total)
{
	/* 0 switches the assessor and scheme filters off */
	static const char where[] =
	    " FROM jadwal j WHERE (? = 0 OR EXISTS (SELECT 1 FROM jadwal_asesor a"
	    " WHERE a.jadwal_id = j.id AND a.asesor_id = ? AND a.withdrawn_at IS NULL))"
	    " AND (? = 0 OR j.skema_id = ?) AND j.end_at > ?";
	struct db_stmt *st;
	enum db_step r;
	enum err e;

	*n = 0;
	*ids = arena_alloc(arena, (size_t)limit * sizeof **ids);
	e = db_get_int(db, total, arena_sprintf(arena, "SELECT COUNT(*)%s", where), "iiiii",
		       asesor_id, asesor_id, skema_id, skema_id, from_ms);
	if (e != ERR_OK)
		return e;
	st = db_query(
	    db,
	    arena_sprintf(arena, "SELECT j.id%s ORDER BY j.start_at, j.id LIMIT ? OFFSET ?", where),
	    "iiiiiii", asesor_id, asesor_id, skema_id, skema_id, from_ms, limit, offset);
	if (!st)
		return ERR_DB;
	while ((r = db_step(st)) == DB_ROW && *n < (size_t)limit)
		(*ids)[(*n)++] = db_col_int(st, 0);
	db_done(st);
	return r == DB_FAIL ? ERR_DB : ERR_OK;
}

enum err jadwal_store_peserta(struct db *db, struct arena *arena, int64_t jadwal_id,
			      struct jadwal_peserta **out, size_t *n)
{
	int64_t count = 0;
	struct db_stmt *st;
	enum db_step r;
	enum err e;

	*n = 0;
	*out = NULL;
	e = db_get_int(db, &count, "SELECT COUNT(*) FROM jadwal_peserta WHERE jadwal_id = ?", "i",
		       jadwal_id);
	if (e != ERR_OK)
		return e;
	*out = arena_alloc(arena, ((size_t)count + 1) * sizeof **out);
	st =
	    db_query(db,
		     "SELECT asesi_id, case_id, enrolled_at FROM jadwal_peserta WHERE jadwal_id = ?"
		     " ORDER BY enrolled_at, asesi_id",
		     "i", jadwal_id);
	if (!st)
		return ERR_DB;
	while ((r = db_step(st)) == DB_ROW && *n < (size_t)count) {
		(*out)[*n].asesi_id = db_col_int(st, 0);
		(*out)[*n].case_id = db_col_int(st, 1);
		(*out)[*n].enrolled_at = db_col_int(st, 2);
		(*n)++;
	}
	db_done(st);
	return r == DB_FAIL ? ERR_DB : ERR_OK;
}

enum err jadwal_store_asesi_busy(struct db *db, int64_t asesi_id, int64_t start_ms, int64_t end_ms,
				 int64_t except_jadwal, int *found)
{
	int64_t one = 0;
	enum err e = db_get_int(db, &one,
				"SELECT 1 FROM jadwal_peserta p JOIN jadwal j ON j.id = p.jadwal_id"
				" WHERE p.asesi_id = ? AND j.id <> ? AND j.start_at < ?"
				" AND j.end_at > ? LIMIT 1",
				"iiii", asesi_id, except_jadwal, end_ms, start_ms);

	*found = e == ERR_OK;
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}

enum err jadwal_store_first_at_tuk(struct db *db, int64_t tuk_id, int64_t *id)
{
	return db_get_int(db, id, "SELECT MIN(id) FROM jadwal WHERE tuk_id = ?", "i", tuk_id);
}

enum err jadwal_store_is_enrolled(struct db *db, int64_t jadwal_id, int64_t asesi_id, int *found)
{
	int64_t one = 0;
	enum err e = db_get_int(db, &one,
				"SELECT 1 FROM jadwal_peserta WHERE jadwal_id = ? AND asesi_id = ?",
				"ii", jadwal_id, asesi_id);

	*found = e == ERR_OK;
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}

/* Reads the active assignments of out->id into out->asesor (arena). */
static enum err asesor_read(struct db *db, struct arena *arena, struct jadwal *out)
{
	int64_t count = 0;
	struct db_stmt *st;
	enum db_step r;
	enum err e;

	e = db_get_int(
	    db, &count,
	    "SELECT COUNT(*) FROM jadwal_asesor WHERE jadwal_id = ? AND withdrawn_at IS NULL", "i",
	    out->id);
	if (e != ERR_OK)
		return e;
	out->asesor = arena_zalloc(arena, ((size_t)count + 1) * sizeof *out->asesor);
	st = db_query(db,
		      "SELECT asesor_id, spt_number, assigned_at FROM jadwal_asesor"
		      " WHERE jadwal_id = ? AND withdrawn_at IS NULL ORDER BY assigned_at, id",
		      "i", out->id);
	if (!st)
		return ERR_DB;
	while ((r = db_step(st)) == DB_ROW && out->nasesor < (size_t)count) {
		struct jadwal_asesor *a = &out->asesor[out->nasesor++];

		a->account_id = db_col_int(st, 0);
		a->spt_number = db_col_dup(st, 1, arena);
		a->assigned_at = db_col_int(st, 2);
	}
	db_done(st);
	return r == DB_FAIL ? ERR_DB : ERR_OK;
}

enum err jadwal_get(struct db *db, struct arena *arena, int64_t id, struct jadwal *out)
{
	struct db_stmt *st;
	enum db_step r;
	enum err e = ERR_OK;

	memset(out, 0, sizeof *out);
	st = db_query(db,
		      "SELECT j.skema_id, j.start_at, j.end_at, j.duration_min, j.zone, j.mode,"
		      " j.capacity, j.tuk_id, t.code, t.name, t.type, t.verified_until,"
		      " (SELECT COUNT(*) FROM jadwal_peserta p WHERE p.jadwal_id = j.id)"
		      " FROM jadwal j JOIN tuk t ON t.id = j.tuk_id WHERE j.id = ?",
		      "i", id);
	if (!st)
		return ERR_DB;
	r = db_step(st);
	if (r == DB_ROW) {
		out->id = id;
		out->skema_id = db_col_int(st, 0);
		out->start_ms = db_col_int(st, 1);
		out->end_ms = db_col_int(st, 2);
		out->duration_min = (int)db_col_int(st, 3);
		snprintf(out->zone, sizeof out->zone, "%s", db_col_text(st, 4));
		out->utc_offset_min = workdays_zone_offset(out->zone);
		out->mode = strcmp(db_col_text(st, 5), "jarak_jauh") == 0 ? JADWAL_JARAK_JAUH
									  : JADWAL_TATAP_MUKA;
		out->capacity = (int)db_col_int(st, 6);
		out->tuk_id = db_col_int(st, 7);
		out->tuk_code = db_col_dup(st, 8, arena);
		out->tuk_name = db_col_dup(st, 9, arena);
		out->tuk_type = db_col_dup(st, 10, arena);
		out->tuk_verified_until = db_col_dup(st, 11, arena);
		out->enrolled = db_col_int(st, 12);
	}
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	if (r != DB_ROW)
		return ERR_NOT_FOUND;
	if (out->utc_offset_min < 0)
		e = ERR_DB; /* the CHECK constraint makes this impossible */
	if (e == ERR_OK)
		e = asesor_read(db, arena, out);
	return e;
}

int jadwal_has_asesor(struct db *db, int64_t jadwal_id, int64_t account_id)
{
	int64_t one = 0;
	enum err e = db_get_int(db, &one,
				"SELECT 1 FROM jadwal_asesor WHERE jadwal_id = ? AND asesor_id = ?"
				" AND withdrawn_at IS NULL",
				"ii", jadwal_id, account_id);

	if (e != ERR_OK && e != ERR_NOT_FOUND)
		log_error("jadwal: assessor lookup failed: %s", err_name(e));
	return e == ERR_OK;
}

size_t jadwal_of_asesor(struct db *db, int64_t account_id, int64_t *ids, size_t max)
{
	size_t n = 0;
	struct db_stmt *st = db_query(db,
				      "SELECT jadwal_id FROM jadwal_asesor WHERE asesor_id = ?"
				      " AND withdrawn_at IS NULL ORDER BY jadwal_id DESC LIMIT ?",
				      "ii", account_id, (int64_t)max);
	if (!st)
		return 0;
	while (n < max && db_step(st) == DB_ROW)
		ids[n++] = db_col_int(st, 0);
	db_done(st);
	return n;
}

enum err jadwal_enrol(struct db *db, int64_t jadwal_id, int64_t asesi_id, int64_t case_id,
		      int64_t actor, int64_t now)
{
	const char *why = NULL;
	enum err e;

	if (!db_in_tx(db))
		return ERR_INTERNAL;
	e = jadwal_can_take(db, jadwal_id, asesi_id, &why);
	if (e != ERR_OK)
		return e;
	e = db_run(db, NULL,
		   "INSERT INTO jadwal_peserta (jadwal_id, asesi_id, case_id, enrolled_by,"
		   " enrolled_at) VALUES (?, ?, ?, ?, ?)",
		   "iiiii", jadwal_id, asesi_id, case_id, actor, now);
	if (e != ERR_OK)
		return e;
	return note(db, actor, "jadwal.enrol", jadwal_id,
		    json_pack("{s:I, s:I}", "asesi_id", (json_int_t)asesi_id, "case_id",
			      (json_int_t)case_id),
		    now);
}
