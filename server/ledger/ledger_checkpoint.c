/* Signed checkpoints: Ed25519 over (seq, head hash, time) of the current head, made on demand and
 * by the periodic tick. A checkpoint is only signed after the entries since the previous one
 * verify, so a signature never launders a rewritten segment. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "db.h"
#include "ledger_internal.h"
#include "log.h"

#define MS_PER_HOUR INT64_C(3600000)

/* Reads the checkpoint row under st (columns seq, head_hash, time_ms, signature, key_id). */
static void row_read(struct db_stmt *st, struct ledger_ckpt_row *row)
{
	const char *h = db_col_text(st, 1), *s = db_col_text(st, 3), *k = db_col_text(st, 4);

	memset(row, 0, sizeof *row);
	row->seq = db_col_int(st, 0);
	row->time_ms = db_col_int(st, 2);
	snprintf(row->head_hash, sizeof row->head_hash, "%s", h ? h : "");
	snprintf(row->signature, sizeof row->signature, "%s", s ? s : "");
	snprintf(row->key_id, sizeof row->key_id, "%s", k ? k : "");
}

/* One checkpoint row by "WHERE seq = ?" (which > 0) or the newest (which == 0). ERR_NOT_FOUND
 * when there is none. */
static enum err row_get(struct db *db, int64_t which, struct ledger_ckpt_row *row)
{
	struct db_stmt *st;
	enum db_step s;

	if (which > 0)
		st = db_query(
		    db,
		    "SELECT seq, head_hash, time_ms, signature, key_id FROM ledger_checkpoints "
		    "WHERE seq = ?",
		    "i", which);
	else
		st = db_query(
		    db,
		    "SELECT seq, head_hash, time_ms, signature, key_id FROM ledger_checkpoints "
		    "ORDER BY seq DESC LIMIT 1",
		    "");
	if (!st)
		return ERR_DB;
	s = db_step(st);
	if (s == DB_ROW)
		row_read(st, row);
	db_done(st);
	return s == DB_ROW ? ERR_OK : s == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

/* The head entry: seq and entry hash. ERR_NOT_FOUND when the ledger is empty. */
static enum err head_get(struct db *db, int64_t *seq, char hex[LEDGER_HEX_LEN + 1])
{
	struct db_stmt *st;
	enum db_step s;

	st = db_query(db, "SELECT seq, entry_hash FROM ledger_entries ORDER BY seq DESC LIMIT 1",
		      "");
	if (!st)
		return ERR_DB;
	s = db_step(st);
	if (s == DB_ROW) {
		const char *h = db_col_text(st, 1);
		*seq = db_col_int(st, 0);
		snprintf(hex, LEDGER_HEX_LEN + 1, "%s", h ? h : "");
	}
	db_done(st);
	return s == DB_ROW ? ERR_OK : s == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

/* Checks the newest checkpoint and the entries after it. *broken set when they do not verify;
 * returns ERR_DB only when the database cannot be read. */
static enum err segment_check(struct db *db, const struct ledger_keys *keys, int *broken)
{
	struct ledger_ckpt_row last;
	struct ledger_report rep;
	const char *prev = LEDGER_GENESIS_HEX;
	int64_t after = 0;
	enum err e;

	*broken = 0;
	e = row_get(db, 0, &last);
	if (e == ERR_OK) {
		struct db_stmt *st;
		enum db_step s;
		int same = 0;

		memset(&rep, 0, sizeof rep);
		if (ledger_ckpt_check(keys->pk, last.seq, last.head_hash, last.time_ms,
				      last.signature, last.key_id, &rep) != 0) {
			log_error("ledger: not checkpointing: %s", rep.reason);
			*broken = 1;
			return ERR_OK;
		}
		st = db_query(db, "SELECT entry_hash FROM ledger_entries WHERE seq = ?", "i",
			      last.seq);
		if (!st)
			return ERR_DB;
		s = db_step(st);
		if (s == DB_ROW) {
			const char *h = db_col_text(st, 0);
			same = h && strcmp(h, last.head_hash) == 0;
		}
		db_done(st);
		if (s == DB_FAIL)
			return ERR_DB;
		if (!same) {
			log_error(
			    "ledger: not checkpointing: the entry at the last checkpoint (seq "
			    "%lld) is missing or was rewritten",
			    (long long)last.seq);
			*broken = 1;
			return ERR_OK;
		}
		after = last.seq;
		prev = last.head_hash;
	} else if (e != ERR_NOT_FOUND) {
		return e;
	}
	e = ledger_walk(db, after, prev, NULL, &rep);
	if (e != ERR_OK)
		return e;
	if (!rep.ok) {
		log_error("ledger: not checkpointing: seq %lld: %s",
			  (long long)rep.first_broken_seq, rep.reason);
		*broken = 1;
	}
	return ERR_OK;
}

enum err ledger_checkpoint_make(struct app *app, struct db *db, int64_t now_ms,
				struct ledger_ckpt_row *row, int *created, const char **why)
{
	const struct ledger_keys *keys = app ? app->ledger_keys : NULL;
	unsigned char head[LEDGER_HASH_LEN], msg[LEDGER_CKPT_MSG_LEN], sig[LEDGER_SIG_LEN];
	char head_hex[LEDGER_HEX_LEN + 1];
	int64_t seq = 0;
	int own = 0, broken = 0;
	enum err e;

	*created = 0;
	*why = NULL;
	memset(row, 0, sizeof *row);
	if (!keys || !db) {
		log_error("ledger: no signing key loaded; cannot checkpoint");
		return ERR_INTERNAL;
	}
	if (!db_in_tx(db)) {
		e = db_begin(db);
		if (e != ERR_OK)
			return e;
		own = 1;
	}
	e = head_get(db, &seq, head_hex);
	if (e == ERR_NOT_FOUND) {
		*why = "ledger_empty";
		e = ERR_CONFLICT;
		goto out;
	}
	if (e != ERR_OK)
		goto out;
	e = row_get(db, seq, row);
	if (e == ERR_OK)
		goto out; /* the head is already checkpointed */
	if (e != ERR_NOT_FOUND)
		goto out;
	e = segment_check(db, keys, &broken);
	if (e != ERR_OK)
		goto out;
	if (broken || ledger_unhex(head_hex, head, sizeof head) != 0) {
		*why = "ledger_broken";
		e = ERR_CONFLICT;
		goto out;
	}

	ledger_ckpt_message(seq, head, now_ms, msg);
	crypto_sign_detached(sig, NULL, msg, sizeof msg, keys->sk);
	row->seq = seq;
	row->time_ms = now_ms;
	memcpy(row->head_hash, head_hex, sizeof row->head_hash);
	ledger_hex(sig, sizeof sig, row->signature);
	memcpy(row->key_id, keys->key_id, sizeof row->key_id);
	e = db_run(db, NULL,
		   "INSERT INTO ledger_checkpoints (seq, head_hash, time_ms, signature, key_id) "
		   "VALUES (?, ?, ?, ?, ?)",
		   "ititt", row->seq, row->head_hash, row->time_ms, row->signature, row->key_id);
	if (e != ERR_OK)
		goto out;
	*created = 1;
out:
	if (own) {
		if (e == ERR_OK)
			e = db_commit(db);
		else
			db_rollback(db);
	}
	if (e != ERR_OK)
		*created = 0;
	return e;
}

enum err ledger_checkpoint(struct app *app, struct db *db, int64_t now_ms, int64_t *seq_out)
{
	struct ledger_ckpt_row row;
	const char *why;
	int created;
	enum err e = ledger_checkpoint_make(app, db, now_ms, &row, &created, &why);

	if (e == ERR_OK && seq_out)
		*seq_out = row.seq;
	return e;
}

void ledger_checkpoint_tick(struct app *app, int64_t now_ms)
{
	struct ledger_ckpt_row row;
	const char *why = NULL;
	int64_t last = 0;
	int created = 0;
	enum err e;

	if (!app || !app->cfg || app->cfg->checkpoint_hours <= 0 || !app->ledger_keys || !app->db ||
	    db_in_tx(app->db))
		return;
	e = db_get_int(app->db, &last, "SELECT COALESCE(MAX(time_ms), 0) FROM ledger_checkpoints",
		       "");
	if (e != ERR_OK) {
		log_warn("ledger: cannot read the last checkpoint time");
		return;
	}
	if (last > 0 && now_ms - last < app->cfg->checkpoint_hours * MS_PER_HOUR)
		return;
	e = ledger_checkpoint_make(app, app->db, now_ms, &row, &created, &why);
	if (e == ERR_OK && created)
		log_info("ledger: checkpoint signed at seq %lld", (long long)row.seq);
	else if (e == ERR_CONFLICT && why && strcmp(why, "ledger_broken") == 0)
		log_error("ledger: periodic checkpoint refused: the ledger does not verify; run "
			  "`ujikom ledger verify`");
	else if (e != ERR_OK && e != ERR_CONFLICT)
		log_warn("ledger: periodic checkpoint failed (%s)", err_name(e));
}
