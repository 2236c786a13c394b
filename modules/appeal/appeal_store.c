/* Storage of appeals, their teams and their timeline (tables of sql/001_appeals.sql). Every
 * function that changes state runs inside the caller's transaction. */
#include <string.h>

#include "appeal_internal.h"
#include "db.h"
#include "json.h"

#define APPEAL_COLS                                                                                \
	"id, case_id, asesi_id, state, form_json, form_sha256, sign_method, filed_at, due_at,"     \
	" outcome, outcome_case_id, decided_at, decision_note, updated_at"

static void row_read(struct db_stmt *st, struct arena *arena, struct appeal *a)
{
	memset(a, 0, sizeof *a);
	a->id = db_col_int(st, 0);
	a->case_id = db_col_int(st, 1);
	a->asesi_id = db_col_int(st, 2);
	int s = appeal_state_parse(db_col_text(st, 3));
	a->state = s < 0 ? AS_NEW : (enum appeal_state)s;
	a->form_json = db_col_dup(st, 4, arena);
	a->form_sha256 = db_col_dup(st, 5, arena);
	a->sign_method = db_col_dup(st, 6, arena);
	a->filed_at = db_col_int(st, 7);
	a->due_at = db_col_int(st, 8);
	a->outcome = db_col_dup(st, 9, arena);
	a->outcome_case_id = db_col_int(st, 10);
	a->decided_at = db_col_int(st, 11);
	a->decision_note = db_col_dup(st, 12, arena);
	a->updated_at = db_col_int(st, 13);
}

static enum err event_insert(struct db *db, int64_t id, const char *event, enum appeal_state from,
			     enum appeal_state to, int64_t actor, const char *note, int64_t now_ms)
{
	return db_run(db, NULL,
		      "INSERT INTO appeal_events (appeal_id, event, from_state, to_state, actor_id,"
		      " note, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		      "itttiti", id, event, appeal_state_name(from), appeal_state_name(to), actor,
		      note, now_ms);
}

enum err appeal_store_insert(struct db *db, struct appeal *a, int64_t actor)
{
	enum err e =
	    db_run(db, NULL,
		   "INSERT INTO appeals (case_id, asesi_id, state, form_json, form_sha256,"
		   " sign_method, filed_at, due_at, updated_at)"
		   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		   "iittttiii", a->case_id, a->asesi_id, appeal_state_name(AS_FILED), a->form_json,
		   a->form_sha256, a->sign_method, a->filed_at, a->due_at, a->filed_at);
	if (e != ERR_OK)
		return e;
	a->id = db_last_insert_id(db);
	a->state = AS_FILED;
	return event_insert(db, a->id, "appeal_file", AS_NEW, AS_FILED, actor, NULL, a->filed_at);
}

enum err appeal_store_get(struct db *db, struct arena *arena, int64_t id, struct appeal *out)
{
	struct db_stmt *st =
	    db_query(db, "SELECT " APPEAL_COLS " FROM appeals WHERE id = ?", "i", id);
	if (!st)
		return ERR_DB;
	enum db_step s = db_step(st);
	if (s == DB_ROW)
		row_read(st, arena, out);
	db_done(st);
	return s == DB_ROW ? ERR_OK : s == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

enum err appeal_store_open_for_case(struct db *db, int64_t case_id, int64_t *id)
{
	enum err e = db_get_int(db, id,
				"SELECT id FROM appeals WHERE case_id = ? AND state IN"
				" ('FILED', 'TEAM_FORMED', 'IN_REVIEW')",
				"i", case_id);
	if (e == ERR_NOT_FOUND) {
		*id = 0;
		return ERR_OK;
	}
	return e;
}

enum err appeal_store_move(struct db *db, int64_t id, enum appeal_state from, enum appeal_state to,
			   const char *event, int64_t actor, const char *note, const char *outcome,
			   int64_t outcome_case_id, int decides, int64_t now_ms)
{
	int64_t changes = 0;
	enum err e;
	if (decides)
		e = db_run(
		    db, &changes,
		    "UPDATE appeals SET state = ?, outcome = ?, outcome_case_id = NULLIF(?, 0),"
		    " decided_at = ?, decision_note = ?, updated_at = ?"
		    " WHERE id = ? AND state = ?",
		    "ttiitiit", appeal_state_name(to), outcome, outcome_case_id, now_ms, note,
		    now_ms, id, appeal_state_name(from));
	else
		e = db_run(
		    db, &changes,
		    "UPDATE appeals SET state = ?, updated_at = ? WHERE id = ? AND state = ?",
		    "tiit", appeal_state_name(to), now_ms, id, appeal_state_name(from));
	if (e == ERR_OK && changes != 1)
		e = ERR_CONFLICT;
	if (e == ERR_OK)
		e = event_insert(db, id, event, from, to, actor, note, now_ms);
	return e;
}

enum err appeal_store_team_add(struct db *db, int64_t id, int64_t account_id, int64_t actor,
			       int64_t now_ms)
{
	return db_run(db, NULL,
		      "INSERT INTO appeal_team (appeal_id, account_id, added_by, added_at)"
		      " VALUES (?, ?, ?, ?)",
		      "iiii", id, account_id, actor, now_ms);
}

int appeal_store_is_member(struct db *db, int64_t id, int64_t account_id)
{
	int64_t n = 0;
	if (db_get_int(db, &n,
		       "SELECT count(*) FROM appeal_team WHERE appeal_id = ? AND account_id = ?",
		       "ii", id, account_id) != ERR_OK)
		return 0;
	return n > 0;
}

json_t *appeal_store_team_json(struct db *db, int64_t id)
{
	json_t *arr = json_array();
	struct db_stmt *st = db_query(
	    db, "SELECT account_id FROM appeal_team WHERE appeal_id = ? ORDER BY account_id", "i",
	    id);
	while (st && db_step(st) == DB_ROW)
		json_array_append_new(arr, json_integer(db_col_int(st, 0)));
	db_done(st);
	return arr;
}

json_t *appeal_store_events_json(struct db *db, int64_t id, int with_notes)
{
	json_t *arr = json_array();
	struct db_stmt *st = db_query(db,
				      "SELECT event, from_state, to_state, actor_id, note, at"
				      " FROM appeal_events WHERE appeal_id = ? ORDER BY id",
				      "i", id);
	while (st && db_step(st) == DB_ROW) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:o}", "event", db_col_text(st, 0), "from",
				      db_col_text(st, 1), "to", db_col_text(st, 2), "at",
				      json_time(db_col_int(st, 5)));
		if (with_notes) {
			json_object_set_new(o, "actor_id", json_integer(db_col_int(st, 3)));
			json_object_set_new(o, "note", json_str_or_null(db_col_text(st, 4)));
		}
		json_array_append_new(arr, o);
	}
	db_done(st);
	return arr;
}

enum err appeal_store_list(struct db *db, struct arena *arena, int64_t asesi_id, int overdue,
			   int64_t now_ms, int64_t offset, int64_t limit, struct appeal **out,
			   size_t *n, int64_t *total)
{
#define LIST_WHERE                                                                                 \
	" WHERE (? = 0 OR asesi_id = ?) AND (? = 0 OR (state IN ('FILED', 'TEAM_FORMED',"          \
	" 'IN_REVIEW') AND due_at < ?))"
	enum err e = db_get_int(db, total, "SELECT count(*) FROM appeals" LIST_WHERE, "iidi",
				asesi_id, asesi_id, overdue, now_ms);
	if (e != ERR_OK)
		return e;
	*n = 0;
	*out = arena_zalloc(arena, (size_t)(limit > 0 ? limit : 1) * sizeof **out);
	struct db_stmt *st = db_query(db,
				      "SELECT " APPEAL_COLS " FROM appeals" LIST_WHERE
				      " ORDER BY id DESC LIMIT ? OFFSET ?",
				      "iidiii", asesi_id, asesi_id, overdue, now_ms, limit, offset);
	if (!st)
		return ERR_DB;
	while (*n < (size_t)limit && db_step(st) == DB_ROW)
		row_read(st, arena, &(*out)[(*n)++]);
	db_done(st);
	return ERR_OK;
#undef LIST_WHERE
}

int appeal_case_open(struct db *db, int64_t case_id)
{
	int64_t n = 0;
	return db_get_int(db, &n,
			  "SELECT count(*) FROM appeals WHERE case_id = ? AND state IN"
			  " ('FILED', 'TEAM_FORMED', 'IN_REVIEW')",
			  "i", case_id) == ERR_OK &&
	       n > 0;
}
