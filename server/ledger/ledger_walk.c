/* The chain walker: streams entries in seq order, recomputes every hash and link, and merges in
 * the checkpoints (signature, key, head hash) so that one pass in constant memory checks both. */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "ledger_internal.h"

static void fail(struct ledger_report *rep, int64_t seq, enum ledger_fault f, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void fail(struct ledger_report *rep, int64_t seq, enum ledger_fault f, const char *fmt, ...)
{
	va_list ap;

	rep->ok = 0;
	rep->first_broken_seq = seq;
	rep->fault = f;
	va_start(ap, fmt);
	vsnprintf(rep->reason, sizeof rep->reason, fmt, ap);
	va_end(ap);
}

const char *ledger_fault_name(enum ledger_fault f)
{
	switch (f) {
	case LEDGER_FAULT_NONE:
		return "none";
	case LEDGER_FAULT_GAP:
		return "gap";
	case LEDGER_FAULT_MALFORMED:
		return "malformed";
	case LEDGER_FAULT_PREV_HASH:
		return "prev_hash";
	case LEDGER_FAULT_ENTRY_HASH:
		return "entry_hash";
	case LEDGER_FAULT_CKPT_SIGNATURE:
		return "checkpoint_signature";
	case LEDGER_FAULT_CKPT_KEY:
		return "checkpoint_key";
	case LEDGER_FAULT_CKPT_HEAD:
		return "checkpoint_head";
	case LEDGER_FAULT_CKPT_NO_ENTRY:
		return "checkpoint_no_entry";
	}
	return "unknown";
}

const char *ledger_fault_text_id(enum ledger_fault f)
{
	switch (f) {
	case LEDGER_FAULT_NONE:
		return "tidak ada kerusakan";
	case LEDGER_FAULT_GAP:
		return "entri hilang (nomor urut tidak bersambung)";
	case LEDGER_FAULT_MALFORMED:
		return "isi entri tidak sesuai format";
	case LEDGER_FAULT_PREV_HASH:
		return "hash sebelumnya tidak cocok dengan entri sebelumnya";
	case LEDGER_FAULT_ENTRY_HASH:
		return "hash entri tidak cocok dengan isinya (entri diubah)";
	case LEDGER_FAULT_CKPT_SIGNATURE:
		return "tanda tangan checkpoint tidak sah";
	case LEDGER_FAULT_CKPT_KEY:
		return "checkpoint ditandatangani kunci lain";
	case LEDGER_FAULT_CKPT_HEAD:
		return "hash kepala checkpoint berbeda dari entri (entri ditulis ulang)";
	case LEDGER_FAULT_CKPT_NO_ENTRY:
		return "checkpoint menunjuk entri yang tidak ada (entri dihapus)";
	}
	return "kerusakan tidak dikenal";
}

int ledger_ckpt_check(const unsigned char pk[LEDGER_PK_LEN], int64_t seq, const char *head_hex,
		      int64_t time_ms, const char *sig_hex, const char *key_id,
		      struct ledger_report *rep)
{
	unsigned char head[LEDGER_HASH_LEN], sig[LEDGER_SIG_LEN], msg[LEDGER_CKPT_MSG_LEN];
	char ours[LEDGER_KEY_ID_LEN + 1];
	int key_same, sig_ok;

	if (ledger_unhex(head_hex, head, sizeof head) != 0 ||
	    ledger_unhex(sig_hex, sig, sizeof sig) != 0 || !key_id) {
		fail(rep, seq, LEDGER_FAULT_MALFORMED,
		     "checkpoint at seq %lld has a malformed head hash, signature or key id",
		     (long long)seq);
		return -1;
	}
	ledger_key_id(pk, ours);
	key_same = strcmp(ours, key_id) == 0;
	ledger_ckpt_message(seq, head, time_ms, msg);
	sig_ok = crypto_sign_verify_detached(sig, msg, sizeof msg, pk) == 0;
	if (!key_same) {
		fail(rep, seq, LEDGER_FAULT_CKPT_KEY,
		     "checkpoint at seq %lld names key %.16s, not the verifying key %s%s",
		     (long long)seq, key_id, ours,
		     sig_ok ? " (the signature verifies: the key id was altered)" : "");
		return -1;
	}
	if (!sig_ok) {
		fail(rep, seq, LEDGER_FAULT_CKPT_SIGNATURE,
		     "checkpoint at seq %lld: the signature does not verify", (long long)seq);
		return -1;
	}
	return 0;
}

/* Checks the checkpoint under cursor ck, which must be at seq (whose entry hash is entry_hex). */
static int ckpt_at(struct db_stmt *ck, int64_t seq, const char *entry_hex, const unsigned char *pk,
		   struct ledger_report *rep)
{
	int64_t cseq = db_col_int(ck, 0);
	const char *head = db_col_text(ck, 1);

	if (cseq != seq) {
		fail(rep, cseq, LEDGER_FAULT_CKPT_NO_ENTRY,
		     "checkpoint at seq %lld refers to an entry that does not exist",
		     (long long)cseq);
		return -1;
	}
	if (ledger_ckpt_check(pk, cseq, head, db_col_int(ck, 2), db_col_text(ck, 3),
			      db_col_text(ck, 4), rep) != 0)
		return -1;
	if (strcmp(head, entry_hex) != 0) {
		fail(rep, cseq, LEDGER_FAULT_CKPT_HEAD,
		     "checkpoint at seq %lld signed head %.16s..., but entry %lld hashes to "
		     "%.16s...: entries up to this seq were rewritten",
		     (long long)cseq, head, (long long)seq, entry_hex);
		return -1;
	}
	rep->checkpoints_checked++;
	return 0;
}

/* Checks the entry under cursor en, which must be at seq and follow prev_hex. On success copies
 * its entry hash into prev_hex. */
static int entry_at(struct db_stmt *en, int64_t seq, char prev_hex[LEDGER_HEX_LEN + 1],
		    struct ledger_report *rep)
{
	struct ledger_fields f;
	unsigned char hash[LEDGER_HASH_LEN];
	char hex[LEDGER_HEX_LEN + 1];
	const char *payload = db_col_text(en, 6), *prev = db_col_text(en, 7);
	const char *stored = db_col_text(en, 8);

	f.seq = seq;
	f.time_ms = db_col_int(en, 1);
	f.actor = db_col_int(en, 2);
	f.action = db_col_text(en, 3);
	f.obj_type = db_col_text(en, 4);
	f.obj_id = db_col_text(en, 5);
	if (!f.action || !f.obj_type || !f.obj_id || !stored || strlen(stored) != LEDGER_HEX_LEN ||
	    ledger_unhex(payload, f.payload_hash, LEDGER_HASH_LEN) != 0 ||
	    ledger_unhex(prev, f.prev_hash, LEDGER_HASH_LEN) != 0) {
		fail(rep, seq, LEDGER_FAULT_MALFORMED,
		     "entry %lld has a missing field or a hash that is not 64 lowercase hex digits",
		     (long long)seq);
		return -1;
	}
	if (strcmp(prev, prev_hex) != 0) {
		fail(rep, seq, LEDGER_FAULT_PREV_HASH,
		     "entry %lld: prev_hash %.16s... is not the hash of entry %lld (%.16s...)",
		     (long long)seq, prev, (long long)(seq - 1), prev_hex);
		return -1;
	}
	ledger_entry_hash(&f, hash);
	ledger_hex(hash, LEDGER_HASH_LEN, hex);
	if (strcmp(hex, stored) != 0) {
		fail(
		    rep, seq, LEDGER_FAULT_ENTRY_HASH,
		    "entry %lld: its content hashes to %.16s..., the stored entry hash is %.16s...",
		    (long long)seq, hex, stored);
		return -1;
	}
	memcpy(prev_hex, hex, sizeof hex);
	return 0;
}

enum err ledger_walk(struct db *db, int64_t after_seq, const char *prev_hex,
		     const unsigned char *pk, struct ledger_report *rep)
{
	struct db_stmt *ck = NULL, *en = NULL;
	enum db_step cks = DB_DONE, ens;
	char last[LEDGER_HEX_LEN + 1];
	unsigned char tmp[LEDGER_HASH_LEN];
	int64_t expect = after_seq + 1;
	enum err e = ERR_OK;

	memset(rep, 0, sizeof *rep);
	rep->ok = 1;
	rep->last_seq = after_seq;
	if (ledger_unhex(prev_hex, tmp, sizeof tmp) != 0) {
		fail(rep, after_seq, LEDGER_FAULT_MALFORMED, "the starting hash is malformed");
		goto out;
	}
	memcpy(last, prev_hex, sizeof last);

	/* The checkpoint cursor is stepped first: while it is open, the entry cursor reads the same
	 * snapshot, so a checkpoint committed meanwhile can never appear without its entries. */
	if (pk) {
		ck = db_query(db,
			      "SELECT seq, head_hash, time_ms, signature, key_id "
			      "FROM ledger_checkpoints WHERE seq > ? ORDER BY seq",
			      "i", after_seq);
		if (!ck) {
			e = ERR_DB;
			goto out;
		}
		cks = db_step(ck);
		if (cks == DB_FAIL) {
			e = ERR_DB;
			goto out;
		}
	}
	en = db_query(
	    db,
	    "SELECT seq, time_ms, actor, action, obj_type, obj_id, payload_hash, prev_hash, "
	    "entry_hash FROM ledger_entries WHERE seq > ? ORDER BY seq",
	    "i", after_seq);
	if (!en) {
		e = ERR_DB;
		goto out;
	}
	while ((ens = db_step(en)) == DB_ROW) {
		int64_t seq = db_col_int(en, 0);

		if (seq != expect) {
			fail(rep, expect, LEDGER_FAULT_GAP,
			     "entry %lld is missing (the next entry is %lld)", (long long)expect,
			     (long long)seq);
			goto out;
		}
		if (entry_at(en, seq, last, rep) != 0)
			goto out;
		rep->entries_checked++;
		rep->last_seq = seq;
		expect = seq + 1;
		while (cks == DB_ROW && db_col_int(ck, 0) <= seq) {
			if (ckpt_at(ck, seq, last, pk, rep) != 0)
				goto out;
			cks = db_step(ck);
		}
		if (cks == DB_FAIL) {
			e = ERR_DB;
			goto out;
		}
	}
	if (ens == DB_FAIL) {
		e = ERR_DB;
		goto out;
	}
	if (cks == DB_ROW)
		fail(rep, rep->last_seq + 1, LEDGER_FAULT_CKPT_NO_ENTRY,
		     "checkpoint at seq %lld refers to entries beyond the last entry %lld: "
		     "entries from %lld on were removed",
		     (long long)db_col_int(ck, 0), (long long)rep->last_seq,
		     (long long)(rep->last_seq + 1));
out:
	if (en)
		db_done(en);
	if (ck)
		db_done(ck);
	if (e != ERR_OK) {
		rep->ok = 0;
		snprintf(rep->reason, sizeof rep->reason, "the database could not be read");
	}
	return e;
}

enum err ledger_verify(struct db *db, const unsigned char pk[32], struct ledger_report *rep)
{
	return ledger_walk(db, 0, LEDGER_GENESIS_HEX, pk, rep);
}
