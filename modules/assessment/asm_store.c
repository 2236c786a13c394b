/* All SQL of the assessment module: sessions, participants and the events timeline. */
#include <string.h>

#include "assessment_internal.h"
#include "db.h"
#include "json.h"

#define SESSION_COLS                                                                               \
	"id, subject, subject_id, jadwal_id, state, opened_by, opened_at, ended_at, ended_by"

enum err asm_store_session_get(struct db *db, struct arena *a, int64_t id, struct asm_session *out)
{
	struct db_stmt *st =
	    db_query(db, "SELECT " SESSION_COLS " FROM asm_sessions WHERE id = ?", "i", id);
	enum err e = ERR_NOT_FOUND;
	if (!st)
		return ERR_DB;
	switch (db_step(st)) {
	case DB_ROW:
		memset(out, 0, sizeof *out);
		out->id = db_col_int(st, 0);
		out->subject = db_col_dup(st, 1, a);
		out->subject_id = db_col_int(st, 2);
		out->jadwal_id = db_col_int(st, 3);
		out->state = db_col_dup(st, 4, a);
		out->opened_by = db_col_int(st, 5);
		out->opened_at = db_col_int(st, 6);
		out->ended_at = db_col_int(st, 7);
		out->ended_by = db_col_int(st, 8);
		e = ERR_OK;
		break;
	case DB_DONE:
		break;
	case DB_FAIL:
		e = ERR_DB;
		break;
	}
	db_done(st);
	return e;
}

enum err asm_store_session_open_of(struct db *db, int64_t subject_id, const char *subject,
				   int64_t *id)
{
	return db_get_int(db, id,
			  "SELECT id FROM asm_sessions WHERE subject = ? AND subject_id = ?"
			  " AND state = 'open'",
			  "ti", subject, subject_id);
}

enum err asm_store_session_insert(struct db *db, struct asm_session *s)
{
	enum err e =
	    db_run(db, NULL,
		   "INSERT INTO asm_sessions (subject, subject_id, jadwal_id, state,"
		   " opened_by, opened_at) VALUES (?, ?, NULLIF(?, 0), 'open', ?, ?)",
		   "tiiii", s->subject, s->subject_id, s->jadwal_id, s->opened_by, s->opened_at);
	if (e == ERR_OK)
		s->id = db_last_insert_id(db);
	return e;
}

enum err asm_store_session_end(struct db *db, int64_t id, int64_t by, int64_t now_ms)
{
	enum err e = db_run(db, NULL,
			    "UPDATE asm_sessions SET state = 'ended', ended_at = ?, ended_by = ?"
			    " WHERE id = ? AND state = 'open'",
			    "iii", now_ms, by, id);
	if (e == ERR_OK && db_changes(db) == 0)
		return ERR_CONFLICT;
	return e;
}

enum err asm_store_participant_add(struct db *db, int64_t session_id, int64_t account_id,
				   const char *role)
{
	return db_run(db, NULL,
		      "INSERT INTO asm_participants (session_id, account_id, role) VALUES (?, ?, ?)"
		      " ON CONFLICT DO NOTHING",
		      "iit", session_id, account_id, role);
}

const char *asm_store_participant_role(struct db *db, struct arena *a, int64_t session_id,
				       int64_t account_id)
{
	const char *role = NULL;
	struct db_stmt *st = db_query(db,
				      "SELECT role FROM asm_participants WHERE session_id = ?"
				      " AND account_id = ?",
				      "ii", session_id, account_id);
	if (st && db_step(st) == DB_ROW)
		role = db_col_dup(st, 0, a);
	db_done(st);
	return role;
}

json_t *asm_store_participants_json(struct db *db, int64_t session_id)
{
	json_t *arr = json_array();
	struct db_stmt *st = db_query(db,
				      "SELECT account_id, role FROM asm_participants"
				      " WHERE session_id = ? ORDER BY role, account_id",
				      "i", session_id);
	while (st && db_step(st) == DB_ROW)
		json_array_append_new(arr, json_pack("{s:I, s:s}", "account_id",
						     (json_int_t)db_col_int(st, 0), "role",
						     db_col_text(st, 1)));
	db_done(st);
	return arr;
}

enum err asm_store_event_add(struct db *db, const struct asm_session *s, const char *kind,
			     int64_t actor, const char *detail, int64_t now_ms)
{
	int64_t off = now_ms - s->opened_at;
	return db_run(db, NULL,
		      "INSERT INTO asm_events (session_id, kind, actor_id, at, offset_ms, detail)"
		      " VALUES (?, ?, ?, ?, ?, ?)",
		      "itiiit", s->id, kind, actor, now_ms, off < 0 ? 0 : off, detail);
}

json_t *asm_store_events_json(struct db *db, int64_t session_id)
{
	json_t *arr = json_array();
	struct db_stmt *st = db_query(db,
				      "SELECT kind, actor_id, at, offset_ms, detail FROM asm_events"
				      " WHERE session_id = ? ORDER BY id",
				      "i", session_id);
	while (st && db_step(st) == DB_ROW) {
		json_t *o =
		    json_pack("{s:s, s:I, s:o, s:I}", "kind", db_col_text(st, 0), "actor_id",
			      (json_int_t)db_col_int(st, 1), "at", json_time(db_col_int(st, 2)),
			      "offset_ms", (json_int_t)db_col_int(st, 3));
		if (!db_col_is_null(st, 4))
			json_object_set_new(o, "detail", json_string(db_col_text(st, 4)));
		json_array_append_new(arr, o);
	}
	db_done(st);
	return arr;
}

json_t *asm_store_sessions_of_json(struct db *db, const char *subject, int64_t subject_id)
{
	struct arena *a = arena_new();
	json_t *arr = json_array();
	struct db_stmt *st =
	    db_query(db,
		     "SELECT id FROM asm_sessions WHERE subject = ? AND subject_id = ?"
		     " ORDER BY id",
		     "ti", subject, subject_id);
	while (st && db_step(st) == DB_ROW) {
		struct asm_session s;
		if (asm_store_session_get(db, a, db_col_int(st, 0), &s) == ERR_OK)
			json_array_append_new(arr, asm_session_json(&s));
	}
	db_done(st);
	arena_free(&a);
	return arr;
}

json_t *asm_session_json(const struct asm_session *s)
{
	json_t *o =
	    json_pack("{s:I, s:s, s:I, s:s, s:I, s:o}", "id", (json_int_t)s->id, "subject",
		      s->subject, "subject_id", (json_int_t)s->subject_id, "state", s->state,
		      "opened_by", (json_int_t)s->opened_by, "opened_at", json_time(s->opened_at));
	json_object_set_new(o, "jadwal_id",
			    s->jadwal_id ? json_integer(s->jadwal_id) : json_null());
	json_object_set_new(o, "ended_at", s->ended_at ? json_time(s->ended_at) : json_null());
	return o;
}
