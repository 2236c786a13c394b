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

/* The first column of each row of st, at most max of them (st may be NULL: a failed query). */
static size_t ids_from(struct db_stmt *st, int64_t *ids, size_t max)
{
	size_t n = 0;
	while (st && n < max && db_step(st) == DB_ROW)
		ids[n++] = db_col_int(st, 0);
	db_done(st);
	return n;
}

size_t asm_store_session_ids_of(struct db *db, const char *subject, int64_t subject_id,
				int64_t after, int64_t *ids, size_t max)
{
	return ids_from(
	    db_query(db,
		     "SELECT id FROM asm_sessions WHERE subject = ? AND subject_id = ? AND id > ?"
		     " ORDER BY id LIMIT ?",
		     "tiii", subject, subject_id, after, (int64_t)max),
	    ids, max);
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

#define REC_COLS                                                                                   \
	"id, session_id, account_id, track, mime, state, next_seq, bytes, started_at,"             \
	" last_chunk_at, ended_at, raw_sha256, final_sha256, final_bytes, duration_ms, truncated," \
	" has_cues, error, purged_at, poster_sha256"

static void rec_from_row(struct db_stmt *st, struct arena *a, struct asm_recording *r)
{
	memset(r, 0, sizeof *r);
	r->id = db_col_int(st, 0);
	r->session_id = db_col_int(st, 1);
	r->account_id = db_col_int(st, 2);
	r->track = db_col_dup(st, 3, a);
	r->mime = db_col_dup(st, 4, a);
	r->state = db_col_dup(st, 5, a);
	r->next_seq = db_col_int(st, 6);
	r->bytes = db_col_int(st, 7);
	r->started_at = db_col_int(st, 8);
	r->last_chunk_at = db_col_int(st, 9);
	r->ended_at = db_col_int(st, 10);
	r->raw_sha256 = db_col_dup(st, 11, a);
	r->final_sha256 = db_col_dup(st, 12, a);
	r->final_bytes = db_col_int(st, 13);
	r->duration_ms = db_col_int(st, 14);
	r->truncated = (int)db_col_int(st, 15);
	r->has_cues = (int)db_col_int(st, 16);
	r->error = db_col_dup(st, 17, a);
	r->purged_at = db_col_int(st, 18);
	r->poster_sha256 = db_col_dup(st, 19, a);
}

enum err asm_store_recording_get(struct db *db, struct arena *a, int64_t id,
				 struct asm_recording *out)
{
	struct db_stmt *st =
	    db_query(db, "SELECT " REC_COLS " FROM asm_recordings WHERE id = ?", "i", id);
	enum err e = ERR_NOT_FOUND;
	if (!st)
		return ERR_DB;
	switch (db_step(st)) {
	case DB_ROW:
		rec_from_row(st, a, out);
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

enum err asm_store_recording_insert(struct db *db, int64_t session_id, int64_t account_id,
				    const char *track, const char *mime, int64_t now_ms,
				    int64_t *id)
{
	enum err e =
	    db_run(db, NULL,
		   "INSERT INTO asm_recordings (session_id, account_id, track, mime, state,"
		   " started_at) VALUES (?, ?, ?, ?, 'recording', ?)",
		   "iitti", session_id, account_id, track, mime, now_ms);
	if (e == ERR_OK)
		*id = db_last_insert_id(db);
	return e;
}

enum err asm_store_recording_advance(struct db *db, int64_t id, int64_t seq, int64_t len,
				     int64_t now_ms)
{
	enum err e =
	    db_run(db, NULL,
		   "UPDATE asm_recordings SET next_seq = next_seq + 1, bytes = bytes + ?,"
		   " last_chunk_at = ? WHERE id = ? AND next_seq = ? AND state = 'recording'",
		   "iiii", len, now_ms, id, seq);
	if (e == ERR_OK && db_changes(db) == 0)
		return ERR_CONFLICT;
	return e;
}

enum err asm_store_recording_final(struct db *db, int64_t id, const struct asm_recording *r,
				   int64_t now_ms)
{
	enum err e = db_run(db, NULL,
			    "UPDATE asm_recordings SET state = ?, ended_at = ?, raw_sha256 = ?,"
			    " final_sha256 = ?, final_bytes = NULLIF(?, 0), duration_ms = ?,"
			    " truncated = ?, has_cues = ?, error = ?, poster_sha256 = ?"
			    " WHERE id = ? AND state = 'recording'",
			    "tittiiiitti", r->state, now_ms, r->raw_sha256, r->final_sha256,
			    r->final_bytes, r->duration_ms, (int64_t)r->truncated,
			    (int64_t)r->has_cues, r->error, r->poster_sha256, id);
	if (e == ERR_OK && db_changes(db) == 0)
		return ERR_CONFLICT;
	return e;
}

size_t asm_store_recordings_open(struct db *db, int64_t idle_before, int64_t ended_before,
				 int64_t *ids, size_t max)
{
	return ids_from(
	    db_query(db,
		     "SELECT r.id FROM asm_recordings r JOIN asm_sessions s ON s.id = r.session_id"
		     " WHERE r.state = 'recording' AND (COALESCE(r.last_chunk_at, r.started_at) < ?"
		     " OR (s.state = 'ended' AND COALESCE(r.last_chunk_at, r.started_at) < ?"
		     " AND s.ended_at < ?)) ORDER BY r.id LIMIT ?",
		     "iiii", idle_before, ended_before, ended_before, (int64_t)max),
	    ids, max);
}

size_t asm_store_recordings_of_session(struct db *db, int64_t session_id, int64_t *ids, size_t max)
{
	return ids_from(db_query(db,
				 "SELECT id FROM asm_recordings WHERE session_id = ?"
				 " AND state = 'recording' ORDER BY id LIMIT ?",
				 "ii", session_id, (int64_t)max),
			ids, max);
}

json_t *asm_store_recordings_json(struct db *db, int64_t session_id)
{
	struct arena *a = arena_new();
	json_t *arr = json_array();
	struct db_stmt *st = db_query(db,
				      "SELECT " REC_COLS " FROM asm_recordings WHERE session_id = ?"
				      " ORDER BY id",
				      "i", session_id);
	while (st && db_step(st) == DB_ROW) {
		struct asm_recording r;
		rec_from_row(st, a, &r);
		json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:o}", "id", (json_int_t)r.id,
				      "account_id", (json_int_t)r.account_id, "track", r.track,
				      "state", r.state, "chunks", (json_int_t)r.next_seq, "bytes",
				      (json_int_t)r.bytes, "started_at", json_time(r.started_at));
		json_object_set_new(o, "raw_sha256", json_str_or_null(r.raw_sha256));
		json_object_set_new(o, "sha256", json_str_or_null(r.final_sha256));
		/* no key without a poster (a track of a manifest keeps the form it had before) */
		if (r.poster_sha256)
			json_object_set_new(o, "poster_sha256", json_string(r.poster_sha256));
		if (r.final_bytes)
			json_object_set_new(o, "final_bytes", json_integer(r.final_bytes));
		if (r.duration_ms)
			json_object_set_new(o, "duration_ms", json_integer(r.duration_ms));
		if (r.error)
			json_object_set_new(o, "error", json_string(r.error));
		if (r.purged_at)
			json_object_set_new(o, "purged_at", json_time(r.purged_at));
		json_object_set_new(o, "truncated", json_boolean(r.truncated));
		json_array_append_new(arr, o);
	}
	db_done(st);
	arena_free(&a);
	return arr;
}

enum err asm_store_recording_purged(struct db *db, int64_t id, int64_t now_ms)
{
	return db_run(db, NULL,
		      "UPDATE asm_recordings SET purged_at = ? WHERE id = ? AND purged_at IS NULL",
		      "ii", now_ms, id);
}

size_t asm_store_recordings_purgeable(struct db *db, int64_t after, int64_t *ids, size_t max)
{
	return ids_from(db_query(db,
				 "SELECT id FROM asm_recordings WHERE state = 'final'"
				 " AND purged_at IS NULL AND id > ? ORDER BY id LIMIT ?",
				 "ii", after, (int64_t)max),
			ids, max);
}

size_t asm_store_recordings_kept_after(struct db *db, int64_t after, int64_t *ids, size_t max)
{
	return ids_from(db_query(db,
				 "SELECT id FROM asm_recordings WHERE purged_at IS NULL AND id > ?"
				 " ORDER BY id LIMIT ?",
				 "ii", after, (int64_t)max),
			ids, max);
}

size_t asm_store_sessions_open(struct db *db, int64_t *ids, size_t max)
{
	return ids_from(
	    db_query(db, "SELECT id FROM asm_sessions WHERE state = 'open' ORDER BY id LIMIT ?",
		     "i", (int64_t)max),
	    ids, max);
}

enum err asm_store_recordings_bytes(struct db *db, int64_t *out)
{
	*out = 0;
	enum err e = db_get_int(db, out,
				"SELECT coalesce(sum(bytes + coalesce(final_bytes, 0)), 0)"
				" FROM asm_recordings WHERE purged_at IS NULL",
				"");
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}

enum err asm_store_storage_state_get(struct db *db, struct arena *a, const char **level,
				     const char **notified)
{
	struct db_stmt *st =
	    db_query(db, "SELECT level, notified_level FROM asm_storage_state WHERE id = 1", "");
	enum err e = ERR_NOT_FOUND;
	if (!st)
		return ERR_DB;
	switch (db_step(st)) {
	case DB_ROW:
		*level = db_col_dup(st, 0, a);
		*notified = db_col_dup(st, 1, a);
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

enum err asm_store_storage_state_put(struct db *db, const char *level, const char *notified,
				     int notify, int64_t now_ms)
{
	return db_run(
	    db, NULL,
	    "INSERT INTO asm_storage_state (id, level, since, notified_level, notified_at)"
	    " VALUES (1, ?, ?, ?, CASE WHEN ? THEN ? END)"
	    " ON CONFLICT (id) DO UPDATE SET"
	    " since = CASE WHEN level = excluded.level THEN since ELSE excluded.since END,"
	    " level = excluded.level, notified_level = excluded.notified_level,"
	    " notified_at = coalesce(excluded.notified_at, notified_at)",
	    "titdi", level, now_ms, notified, notify, now_ms);
}
