/* The manifest of a session (issue 4 §3): once the session has ended and none of its recordings
 * is still recording, its participants, tracks (start, end, chunks, bytes, both hashes, duration,
 * truncation), gaps and timeline are sealed as canonical JSON; the SHA-256 goes into the ledger
 * in the same transaction. Auditors check a recording against it years later. Sealing runs where
 * a session can become complete: after a recording is finalised (worker) and when a session ends
 * (service thread); a second attempt finds the manifest there and does nothing.
 *
 * Formats: "ujikom.manifest/1" (sealed before posters) and "ujikom.manifest/2", whose tracks also
 * carry poster_sha256 when the recording has a poster. A sealed manifest is stored as the text that
 * was hashed and never rebuilt, so an older one verifies against its hash whatever this code
 * builds today. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assessment_internal.h"
#include "db.h"
#include "json.h"
#include "ledger.h"
#include "log.h"
#include "util.h"

static json_t *build(struct db *db, const struct asm_session *s)
{
	json_t *tracks = asm_store_recordings_json(db, s->id), *t;
	size_t i;
	/* a recording whose raw file was cut is a gap in the evidence: named, not hidden */
	json_t *gaps = json_array();
	json_array_foreach(
	    tracks, i, t) if (json_is_true(json_object_get(t, "truncated")) ||
			      strcmp(json_string_value(json_object_get(t, "state")), "final") != 0)
	    json_array_append_new(gaps,
				  json_pack("{s:O, s:O}", "recording", json_object_get(t, "id"),
					    "state", json_object_get(t, "state")));
	json_t *m = json_pack(
	    "{s:s, s:I, s:s, s:I, s:I, s:o, s:o, s:o, s:o, s:o}", "format", "ujikom.manifest/2",
	    "session", (json_int_t)s->id, "subject", s->subject, "subject_id",
	    (json_int_t)s->subject_id, "jadwal_id", (json_int_t)s->jadwal_id, "opened_at",
	    json_time(s->opened_at), "ended_at", json_time(s->ended_at), "participants",
	    asm_store_participants_json(db, s->id), "tracks", tracks, "gaps", gaps);
	json_object_set_new(m, "events", asm_store_events_json(db, s->id));
	return m;
}

enum err asm_manifest_seal(struct db *db, int64_t session_id, int64_t now_ms)
{
	struct arena *a = arena_new();
	struct asm_session s;
	int64_t open = 0, have = 0;
	enum err e = db_begin(db);
	if (e != ERR_OK)
		goto out_free;
	e = asm_store_session_get(db, a, session_id, &s);
	if (e == ERR_OK && strcmp(s.state, "ended") != 0)
		e = ERR_CONFLICT; /* not yet */
	if (e == ERR_OK)
		e = db_get_int(db, &open,
			       "SELECT count(*) FROM asm_recordings WHERE session_id = ?"
			       " AND state = 'recording'",
			       "i", session_id);
	if (e == ERR_OK && open > 0)
		e = ERR_CONFLICT;
	if (e == ERR_OK)
		e = db_get_int(db, &have, "SELECT count(*) FROM asm_manifests WHERE session_id = ?",
			       "i", session_id);
	if (e == ERR_OK && have > 0)
		e = ERR_CONFLICT; /* sealed before */
	if (e == ERR_OK) {
		json_t *m = build(db, &s);
		size_t len = 0;
		char *text = json_canonical(m, &len), sha[SHA256_HEX_LEN + 1], id[24];
		json_decref(m);
		util_sha256_hex(text, len, sha);
		e = db_run(db, NULL,
			   "INSERT INTO asm_manifests (session_id, json, sha256, sealed_at)"
			   " VALUES (?, ?, ?, ?)",
			   "itti", session_id, text, sha, now_ms);
		free(text);
		snprintf(id, sizeof id, "%lld", (long long)session_id);
		json_t *p = json_pack("{s:s}", "sha256", sha);
		if (e == ERR_OK)
			e = ledger_append(db, 0, "assessment.manifest.seal", "assessment_session",
					  id, p, now_ms, NULL);
		json_decref(p);
	}
	if (e == ERR_OK)
		e = db_commit(db);
	else
		db_rollback(db);
	if (e != ERR_OK && e != ERR_CONFLICT)
		log_error("assessment: sealing the manifest of session %lld: %s",
			  (long long)session_id, err_name(e));
out_free:
	arena_free(&a);
	return e;
}

json_t *asm_manifest_json(struct db *db, int64_t session_id)
{
	json_t *out = NULL;
	struct db_stmt *st = db_query(db,
				      "SELECT json, sha256, sealed_at FROM asm_manifests"
				      " WHERE session_id = ?",
				      "i", session_id);
	if (st && db_step(st) == DB_ROW)
		out = json_pack("{s:o, s:s, s:o}", "manifest",
				json_loads(db_col_text(st, 0), 0, NULL), "sha256",
				db_col_text(st, 1), "sealed_at", json_time(db_col_int(st, 2)));
	db_done(st);
	return out;
}

enum err asm_manifest_sha256(struct db *db, struct arena *a, int64_t session_id, const char **sha,
			     int64_t *sealed_at)
{
	enum err e = ERR_NOT_FOUND;
	struct db_stmt *st =
	    db_query(db, "SELECT sha256, sealed_at FROM asm_manifests WHERE session_id = ?", "i",
		     session_id);
	if (!st)
		return ERR_DB;
	if (db_step(st) == DB_ROW) {
		*sha = db_col_dup(st, 0, a);
		*sealed_at = db_col_int(st, 1);
		e = ERR_OK;
	}
	db_done(st);
	return e;
}
