/* The blob store's SQL: the blobs table (one row per stored file) and its ledger entries. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "blob.h"
#include "blob_internal.h"
#include "db.h"
#include "ledger.h"
#include "log.h"

/* Inserts the row when absent (with its ledger entry) or checks the existing one; copies the
 * stored content type into stored. */
enum err blob_row_put(struct db *db, const char *sha256, size_t n, const char *content_type,
		      int64_t now_ms, char *stored, size_t storedsz)
{
	int own_tx = !db_in_tx(db);
	int64_t changes = 0;
	struct db_stmt *st = NULL;
	json_t *payload = NULL;
	enum err e;

	if (own_tx && (e = db_begin(db)) != ERR_OK)
		return e;
	/* INSERT OR IGNORE in portable SQL */
	e = db_run(db, &changes,
		   "INSERT INTO blobs (sha256, size, content_type, created_at) SELECT ?, ?, ?, ? "
		   "WHERE NOT EXISTS (SELECT 1 FROM blobs WHERE sha256 = ?)",
		   "titit", sha256, (int64_t)n, content_type, now_ms, sha256);
	if (e != ERR_OK)
		goto out;
	if (changes == 1) {
		payload =
		    json_pack("{s:I, s:s}", "size", (json_int_t)n, "content_type", content_type);
		e = ledger_append(db, 0, "blob.put", "blob", sha256, payload, now_ms, NULL);
		if (e != ERR_OK)
			goto out;
		snprintf(stored, storedsz, "%s", content_type);
	} else {
		st = db_query(db, "SELECT size, content_type FROM blobs WHERE sha256 = ?", "t",
			      sha256);
		if (!st || db_step(st) != DB_ROW) {
			e = ERR_DB;
			goto out;
		}
		if (db_col_int(st, 0) != (int64_t)n) {
			log_error("blob %s: row says %lld bytes, content has %zu", sha256,
				  (long long)db_col_int(st, 0), n);
			e = ERR_CONFLICT;
			goto out;
		}
		snprintf(stored, storedsz, "%s", db_col_text(st, 1) ? db_col_text(st, 1) : "");
	}
	if (own_tx)
		e = db_commit(db);
out:
	if (st)
		db_done(st);
	json_decref(payload);
	if (e != ERR_OK && own_tx)
		db_rollback(db);
	return e;
}

enum err blob_get(struct db *db, const char *sha256, struct blob_info *out)
{
	struct db_stmt *st;
	enum err e = ERR_NOT_FOUND;
	if (!blob_sha256_valid(sha256))
		return ERR_NOT_FOUND;
	st = db_query(db, "SELECT size, content_type FROM blobs WHERE sha256 = ?", "t", sha256);
	if (!st)
		return ERR_DB;
	switch (db_step(st)) {
	case DB_ROW:
		memcpy(out->sha256, sha256, sizeof out->sha256);
		out->size = db_col_int(st, 0);
		snprintf(out->content_type, sizeof out->content_type, "%s",
			 db_col_text(st, 1) ? db_col_text(st, 1) : "");
		e = ERR_OK;
		break;
	case DB_DONE:
		e = ERR_NOT_FOUND;
		break;
	case DB_FAIL:
		e = ERR_DB;
		break;
	}
	db_done(st);
	return e;
}
