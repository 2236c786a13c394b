/* ledger_append: adds one hash-chained entry inside the caller's transaction. Inputs are checked
 * to be short ASCII identifiers and ids so that no personal data can enter the ledger. */
#include <string.h>

#include "db.h"
#include "ledger_internal.h"
#include "log.h"

enum err ledger_append(struct db *db, int64_t actor, const char *action, const char *obj_type,
		       const char *obj_id, const json_t *payload, int64_t now_ms, int64_t *seq)
{
	struct ledger_fields f;
	struct db_stmt *st;
	enum db_step step;
	enum err e;
	unsigned char hash[LEDGER_HASH_LEN];
	char payload_hex[LEDGER_HEX_LEN + 1], prev_hex[LEDGER_HEX_LEN + 1];
	char entry_hex[LEDGER_HEX_LEN + 1];
	int64_t last = 0;

	if (!db || !db_in_tx(db)) {
		log_error("ledger: append of %s outside a transaction refused",
			  action ? action : "(null)");
		return ERR_INTERNAL;
	}
	if (!obj_id)
		obj_id = "";
	/* Logged without the values: they may be exactly what must not be stored. */
	if (actor < 0 || now_ms < 0) {
		log_error("ledger: append refused: negative actor or time");
		return ERR_INVALID;
	}
	if (!ledger_ident_ok(action, LEDGER_IDENT_MAX) ||
	    !ledger_ident_ok(obj_type, LEDGER_IDENT_MAX)) {
		log_error(
		    "ledger: append refused: action or object type is not a short identifier");
		return ERR_INVALID;
	}
	if (!ledger_obj_id_ok(obj_id)) {
		log_error("ledger: append refused (%s): object id is not an id", action);
		return ERR_INVALID;
	}
	e = ledger_payload_hash(payload, f.payload_hash);
	if (e != ERR_OK) {
		log_error("ledger: payload of %s cannot be serialised", action);
		return e;
	}

	memcpy(prev_hex, LEDGER_GENESIS_HEX, sizeof prev_hex);
	st = db_query(db, "SELECT seq, entry_hash FROM ledger_entries ORDER BY seq DESC LIMIT 1",
		      "");
	if (!st)
		return ERR_DB;
	step = db_step(st);
	if (step == DB_ROW) {
		const char *h = db_col_text(st, 1);
		last = db_col_int(st, 0);
		if (!h || strlen(h) != LEDGER_HEX_LEN) {
			db_done(st);
			log_error("ledger: head entry %lld is malformed", (long long)last);
			return ERR_INTERNAL;
		}
		memcpy(prev_hex, h, sizeof prev_hex);
	}
	db_done(st);
	if (step == DB_FAIL)
		return ERR_DB;
	if (ledger_unhex(prev_hex, f.prev_hash, LEDGER_HASH_LEN) != 0) {
		log_error("ledger: head entry %lld is malformed", (long long)last);
		return ERR_INTERNAL;
	}

	f.seq = last + 1;
	f.time_ms = now_ms;
	f.actor = actor;
	f.action = action;
	f.obj_type = obj_type;
	f.obj_id = obj_id;
	ledger_entry_hash(&f, hash);
	ledger_hex(hash, LEDGER_HASH_LEN, entry_hex);
	ledger_hex(f.payload_hash, LEDGER_HASH_LEN, payload_hex);

	e = db_run(db, NULL,
		   "INSERT INTO ledger_entries (seq, time_ms, actor, action, obj_type, obj_id, "
		   "payload_hash, prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		   "iiitttttt", f.seq, f.time_ms, f.actor, action, obj_type, obj_id, payload_hex,
		   prev_hex, entry_hex);
	if (e != ERR_OK)
		return e;
	if (seq)
		*seq = f.seq;
	return ERR_OK;
}
