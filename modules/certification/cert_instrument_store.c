/* SQL of the online answer sheets (cert_answer_sheets): start, save with a revision check,
 * finalise (by the asesi or by the clock). A final sheet is immutable (a trigger refuses). */
#include <string.h>

#include "cert_internal.h"
#include "db.h"

#define SHEET_COLS                                                                                 \
	"case_id, instrument, muk_version_id, started_at, deadline_at, answers, revision,"         \
	" saved_at, final_at, final_by, sign_method, sha256"

static void sheet_from_row(struct db_stmt *st, struct arena *a, struct cert_sheet *s)
{
	memset(s, 0, sizeof *s);
	s->case_id = db_col_int(st, 0);
	s->instrument = db_col_dup(st, 1, a);
	s->muk_version_id = db_col_int(st, 2);
	s->started_at = db_col_int(st, 3);
	s->deadline_at = db_col_int(st, 4);
	s->answers = db_col_dup(st, 5, a);
	s->revision = db_col_int(st, 6);
	s->saved_at = db_col_int(st, 7);
	s->final_at = db_col_int(st, 8);
	s->final_by = db_col_dup(st, 9, a);
	s->sign_method = db_col_dup(st, 10, a);
	s->sha256 = db_col_dup(st, 11, a);
}

enum err cert_store_sheet_get(struct db *db, struct arena *a, int64_t case_id,
			      const char *instrument, struct cert_sheet *out)
{
	struct db_stmt *st = db_query(db,
				      "SELECT " SHEET_COLS " FROM cert_answer_sheets"
				      " WHERE case_id = ? AND instrument = ?",
				      "it", case_id, instrument);
	enum err e = ERR_NOT_FOUND;
	if (!st)
		return ERR_DB;
	switch (db_step(st)) {
	case DB_ROW:
		sheet_from_row(st, a, out);
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

enum err cert_store_sheet_start(struct db *db, const struct cert_sheet *s)
{
	return db_run(db, NULL,
		      "INSERT INTO cert_answer_sheets (case_id, instrument, muk_version_id,"
		      " started_at, deadline_at, answers, revision, saved_at)"
		      " VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
		      "itiiiti", s->case_id, s->instrument, s->muk_version_id, s->started_at,
		      s->deadline_at, s->answers, s->started_at);
}

enum err cert_store_sheet_save(struct db *db, int64_t case_id, const char *instrument,
			       const char *answers, int64_t expect_revision, int64_t now_ms)
{
	enum err e = db_run(db, NULL,
			    "UPDATE cert_answer_sheets SET answers = ?, revision = revision + 1,"
			    " saved_at = ? WHERE case_id = ? AND instrument = ? AND revision = ?"
			    " AND final_at IS NULL",
			    "tiiti", answers, now_ms, case_id, instrument, expect_revision);
	if (e == ERR_OK && db_changes(db) == 0)
		return ERR_CONFLICT;
	return e;
}

enum err cert_store_sheet_finalize(struct db *db, int64_t case_id, const char *instrument,
				   const char *answers, const char *by, const char *method,
				   const char *sha256, int64_t now_ms)
{
	enum err e = db_run(db, NULL,
			    "UPDATE cert_answer_sheets SET answers = ?, revision = revision + 1,"
			    " final_at = ?, final_by = ?, sign_method = ?, sha256 = ?"
			    " WHERE case_id = ? AND instrument = ? AND final_at IS NULL",
			    "titttit", answers, now_ms, by, method, sha256, case_id, instrument);
	if (e == ERR_OK && db_changes(db) == 0)
		return ERR_CONFLICT;
	return e;
}

enum err cert_store_sheets_expired(struct db *db, int64_t before_ms, int64_t *case_ids,
				   const char **instruments, struct arena *a, size_t max, size_t *n)
{
	struct db_stmt *st = db_query(db,
				      "SELECT case_id, instrument FROM cert_answer_sheets"
				      " WHERE final_at IS NULL AND deadline_at < ? LIMIT ?",
				      "ii", before_ms, (int64_t)max);
	*n = 0;
	if (!st)
		return ERR_DB;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < max) {
		case_ids[*n] = db_col_int(st, 0);
		instruments[*n] = db_col_dup(st, 1, a);
		(*n)++;
	}
	db_done(st);
	return rc == DB_FAIL ? ERR_DB : ERR_OK;
}
