/* All SQL of the certification module (cases and their event history). */
#include <stdio.h>
#include <string.h>

#include "cert_forms.h"
#include "cert_internal.h"
#include "db.h"
#include "json.h"

#define CASE_COLS                                                                                  \
	"id, asesi_id, skema_id, purpose, state, jadwal_id, muk_version_id, parent_case_id,"       \
	" recommendation, state_since, due_at, created_at, updated_at, potensi"

enum err cert_store_case_insert(struct db *db, const struct cert_case *c, int64_t *id)
{
	enum err e = db_run(db, NULL,
			    "INSERT INTO cert_cases (asesi_id, skema_id, purpose, state,"
			    " parent_case_id, state_since, created_at, updated_at)"
			    " VALUES (?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?)",
			    "iitti"
			    "iii",
			    c->asesi_id, c->skema_id, c->purpose, cert_state_name(c->state),
			    c->parent_case_id, c->state_since, c->created_at, c->updated_at);
	if (e == ERR_OK)
		*id = db_last_insert_id(db);
	return e;
}

static void case_from_row(struct db_stmt *st, struct arena *a, struct cert_case *c)
{
	memset(c, 0, sizeof *c);
	c->id = db_col_int(st, 0);
	c->asesi_id = db_col_int(st, 1);
	c->skema_id = db_col_int(st, 2);
	c->purpose = db_col_dup(st, 3, a);
	int s = cert_state_parse(db_col_text(st, 4));
	c->state = s < 0 ? CS_APL01_DRAFT : (enum cert_state)s;
	c->jadwal_id = db_col_int(st, 5);
	c->muk_version_id = db_col_int(st, 6);
	c->parent_case_id = db_col_int(st, 7);
	c->recommendation = db_col_dup(st, 8, a);
	c->state_since = db_col_int(st, 9);
	c->due_at = db_col_int(st, 10);
	c->created_at = db_col_int(st, 11);
	c->updated_at = db_col_int(st, 12);
	c->potensi = (int)db_col_int(st, 13);
}

enum err cert_store_case_get(struct db *db, struct arena *a, int64_t id, struct cert_case *out)
{
	struct db_stmt *st =
	    db_query(db, "SELECT " CASE_COLS " FROM cert_cases WHERE id = ?", "i", id);
	enum err e = ERR_NOT_FOUND;
	if (!st)
		return ERR_DB;
	switch (db_step(st)) {
	case DB_ROW:
		case_from_row(st, a, out);
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

enum err cert_store_open_case_exists(struct db *db, int64_t asesi_id, int64_t skema_id, int *yes)
{
	int64_t n = 0;
	/* open: not in a terminal state and not yet decided */
	enum err e =
	    db_get_int(db, &n,
		       "SELECT count(*) FROM cert_cases WHERE asesi_id = ? AND skema_id = ?"
		       " AND state NOT IN ('APL01_REJECTED', 'NOT_CONTINUED', 'DECIDED_K',"
		       " 'DECIDED_BK', 'CERTIFIED')",
		       "ii", asesi_id, skema_id);
	*yes = n > 0;
	return e;
}

enum err cert_store_case_move(struct db *db, int64_t case_id, enum cert_state from,
			      enum cert_state to, const char *event, int64_t actor, int64_t form_id,
			      const char *note, int64_t due_at, int64_t now_ms)
{
	int64_t changes = 0;
	enum err e = db_run(
	    db, &changes,
	    "UPDATE cert_cases SET state = ?, state_since = ?, due_at = NULLIF(?, 0),"
	    " updated_at = ? WHERE id = ? AND state = ?",
	    "tiiiit", cert_state_name(to), now_ms, due_at, now_ms, case_id, cert_state_name(from));
	if (e != ERR_OK)
		return e;
	if (changes != 1) /* another request moved it first */
		return ERR_CONFLICT;
	return db_run(
	    db, NULL,
	    "INSERT INTO cert_case_events (case_id, event, from_state, to_state, actor_id,"
	    " form_id, note, at) VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?)",
	    "itttiiti", case_id, event, cert_state_name(from), cert_state_name(to), actor, form_id,
	    note, now_ms);
}

enum err cert_store_actor_involved(struct db *db, int64_t case_id, int64_t account_id, int *yes)
{
	int64_t n = 0;
	/* took a step, or signed any part of any of its forms */
	enum err e =
	    db_get_int(db, &n,
		       "SELECT (SELECT count(*) FROM cert_case_events WHERE case_id = ? AND"
		       " actor_id = ?) + (SELECT count(*) FROM cert_case_forms WHERE"
		       " case_id = ? AND signed_by = ?)",
		       "iiii", case_id, account_id, case_id, account_id);
	*yes = n > 0;
	return e;
}

json_t *cert_store_case_events_json(struct db *db, int64_t case_id)
{
	json_t *arr = json_array();
	struct db_stmt *st = db_query(db,
				      "SELECT event, from_state, to_state, actor_id, note, at"
				      " FROM cert_case_events WHERE case_id = ? ORDER BY id",
				      "i", case_id);
	if (!st) {
		json_decref(arr);
		return NULL;
	}
	while (db_step(st) == DB_ROW)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:I, s:o, s:o}", "event",
						     db_col_text(st, 0), "from", db_col_text(st, 1),
						     "to", db_col_text(st, 2), "actor_id",
						     (json_int_t)db_col_int(st, 3), "note",
						     json_str_or_null(db_col_text(st, 4)), "at",
						     json_time(db_col_int(st, 5))));
	db_done(st);
	return arr;
}

json_t *cert_store_cases_json(struct db *db, int64_t asesi_id, const char *state,
			      int64_t overdue_at, int64_t limit, int64_t offset, int64_t *total)
{
	struct arena *a = arena_new();
	json_t *arr = json_array();
	struct db_stmt *st;
	*total = 0;
#define CASE_FILTER                                                                                \
	" FROM cert_cases WHERE (? = 0 OR asesi_id = ?) AND (? IS NULL OR state = ?)"              \
	" AND (? = 0 OR (due_at IS NOT NULL AND due_at < ?))"
	db_get_int(db, total, "SELECT count(*)" CASE_FILTER, "iittii", asesi_id, asesi_id, state,
		   state, overdue_at, overdue_at);
	st = db_query(db, "SELECT " CASE_COLS CASE_FILTER " ORDER BY id DESC LIMIT ? OFFSET ?",
		      "iittiiii", asesi_id, asesi_id, state, state, overdue_at, overdue_at, limit,
		      offset);
#undef CASE_FILTER
	if (st) {
		while (db_step(st) == DB_ROW) {
			struct cert_case c;
			case_from_row(st, a, &c);
			json_array_append_new(arr, cert_case_json(&c));
		}
		db_done(st);
	}
	arena_free(&a);
	return arr;
}

void cert_store_cases_of_jadwal(struct db *db, int64_t jadwal_id, const char *state, json_t *arr)
{
	struct arena *a = arena_new();
	struct db_stmt *st = db_query(db,
				      "SELECT " CASE_COLS " FROM cert_cases WHERE jadwal_id = ?"
				      " AND (? IS NULL OR state = ?) ORDER BY id",
				      "itt", jadwal_id, state, state);
	if (st) {
		while (db_step(st) == DB_ROW) {
			struct cert_case c;
			case_from_row(st, a, &c);
			json_array_append_new(arr, cert_case_json(&c));
		}
		db_done(st);
	}
	arena_free(&a);
}

enum err cert_store_form_latest(struct db *db, struct arena *a, int64_t case_id, const char *code,
				const char *role, struct cert_form_part *out)
{
	enum err e = ERR_NOT_FOUND;
	struct db_stmt *st =
	    db_query(db,
		     "SELECT id, version, data, sha256, signed_by, signed_at,"
		     " case_state FROM cert_case_forms WHERE case_id = ? AND code = ?"
		     " AND role = ? ORDER BY version DESC LIMIT 1",
		     "itt", case_id, code, role);
	if (!st)
		return ERR_DB;
	if (db_step(st) == DB_ROW) {
		out->id = db_col_int(st, 0);
		out->version = db_col_int(st, 1);
		out->data = db_col_dup(st, 2, a);
		out->sha256 = db_col_dup(st, 3, a);
		out->signed_by = db_col_int(st, 4);
		out->signed_at = db_col_int(st, 5);
		out->case_state = db_col_dup(st, 6, a);
		e = ERR_OK;
	}
	db_done(st);
	return e;
}

enum err cert_store_form_insert(struct db *db, int64_t case_id, const char *code, const char *role,
				const char *data, const char *sha256, int64_t signer,
				const char *method, const char *case_state, int64_t now_ms,
				int64_t *id, int64_t *version)
{
	int64_t prev_id = 0, prev_version = 0;
	struct db_stmt *st =
	    db_query(db,
		     "SELECT id, version FROM cert_case_forms WHERE case_id = ? AND"
		     " code = ? AND role = ? ORDER BY version DESC LIMIT 1",
		     "itt", case_id, code, role);
	if (!st)
		return ERR_DB;
	if (db_step(st) == DB_ROW) {
		prev_id = db_col_int(st, 0);
		prev_version = db_col_int(st, 1);
	}
	db_done(st);
	enum err e =
	    db_run(db, NULL,
		   "INSERT INTO cert_case_forms (case_id, code, role, version, data, sha256,"
		   " signed_by, signed_at, sign_method, case_state, supersedes_id)"
		   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0))",
		   "ittittiitti", case_id, code, role, prev_version + 1, data, sha256, signer,
		   now_ms, method, case_state, prev_id);
	if (e == ERR_OK) {
		*id = db_last_insert_id(db);
		*version = prev_version + 1;
	}
	return e;
}

json_t *cert_store_forms_json(struct db *db, int64_t case_id, int include_data)
{
	json_t *arr = json_array();
	struct db_stmt *st =
	    db_query(db,
		     "SELECT id, code, role, version, sha256, signed_by, signed_at,"
		     " case_state, supersedes_id, data FROM cert_case_forms"
		     " WHERE case_id = ? ORDER BY id",
		     "i", case_id);
	if (!st)
		return arr;
	while (db_step(st) == DB_ROW) {
		json_t *o = json_pack(
		    "{s:I, s:s, s:s, s:I, s:s, s:I, s:o, s:s}", "id", (json_int_t)db_col_int(st, 0),
		    "code", db_col_text(st, 1), "role", db_col_text(st, 2), "version",
		    (json_int_t)db_col_int(st, 3), "sha256", db_col_text(st, 4), "signed_by",
		    (json_int_t)db_col_int(st, 5), "signed_at", json_time(db_col_int(st, 6)),
		    "case_state", db_col_text(st, 7));
		json_object_set_new(o, "supersedes_id",
				    db_col_is_null(st, 8) ? json_null()
							  : json_integer(db_col_int(st, 8)));
		json_t *data = include_data ? json_loads(db_col_text(st, 9), 0, NULL) : NULL;
		const struct cert_form *f = cert_form_find(db_col_text(st, 1));
		if (data && include_data == 2 && strcmp(db_col_text(st, 2), "asesi") != 0) {
			/* a staff part, for the asesi: without its staff-only fields */
			json_t *r =
			    f ? cert_form_redact_for_asesi(f, db_col_text(st, 2), data) : NULL;
			json_decref(data);
			data = r;
		}
		if (data)
			json_object_set_new(o, "data", data);
		json_array_append_new(arr, o);
	}
	db_done(st);
	return arr;
}

enum err cert_store_case_set_jadwal(struct db *db, int64_t case_id, int64_t jadwal_id)
{
	return db_run(db, NULL, "UPDATE cert_cases SET jadwal_id = ? WHERE id = ?", "ii", jadwal_id,
		      case_id);
}

enum err cert_store_case_set_recommendation(struct db *db, int64_t case_id, const char *rec)
{
	return db_run(db, NULL, "UPDATE cert_cases SET recommendation = ? WHERE id = ?", "ti", rec,
		      case_id);
}

enum err cert_store_case_set_potensi(struct db *db, int64_t case_id, int potensi)
{
	return db_run(db, NULL, "UPDATE cert_cases SET potensi = ? WHERE id = ?", "ii",
		      (int64_t)potensi, case_id);
}

enum err cert_store_case_set_muk(struct db *db, int64_t case_id, int64_t version_id)
{
	return db_run(db, NULL, "UPDATE cert_cases SET muk_version_id = ? WHERE id = ?", "ii",
		      version_id, case_id);
}
