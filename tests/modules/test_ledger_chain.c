/* Ledger on a real temporary SQLite database with its migrations: appends in and outside a
 * transaction, the append-only triggers, verification of the chain and checkpoints, and that
 * every kind of tampering is reported at exactly the seq where it happened. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "../../server/ledger/ledger_internal.h"
#include "app.h"
#include "config.h"
#include "db.h"
#include "ledger.h"

extern const struct embedded_file ledger_migrations[];
extern const size_t ledger_migrations_count;

#define T0 INT64_C(1763700000000) /* 2025-11-21, a fixed test clock */

struct fx {
	char dir[64];
	char dbpath[128];
	struct db *db;
	struct config cfg;
	struct app app;
};

static void rm_quiet(const char *dir, const char *name)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	unlink(p);
}

static int fx_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/ujikom-ledger-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->dbpath, sizeof fx->dbpath, "%s/ujikom.db", fx->dir);
	fx->db = db_open(fx->dbpath);
	assert_non_null(fx->db);
	assert_int_equal(db_migrate(fx->db, "ledger", ledger_migrations, ledger_migrations_count),
			 ERR_OK);
	fx->cfg.data_dir = fx->dir;
	fx->cfg.checkpoint_hours = 24;
	fx->app.cfg = &fx->cfg;
	fx->app.db = fx->db;
	assert_int_equal(ledger_keys_load(fx->dir, &fx->app.ledger_keys), ERR_OK);
	*state = fx;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *fx = *state;
	char keys[128];
	ledger_keys_free(&fx->app.ledger_keys);
	db_free(&fx->db);
	rm_quiet(fx->dir, "ujikom.db");
	rm_quiet(fx->dir, "ujikom.db-wal");
	rm_quiet(fx->dir, "ujikom.db-shm");
	rm_quiet(fx->dir, "keys/" LEDGER_KEY_FILE);
	rm_quiet(fx->dir, "keys/" LEDGER_PUB_FILE);
	snprintf(keys, sizeof keys, "%s/keys", fx->dir);
	rmdir(keys);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static int64_t count(struct db *db, const char *table)
{
	int64_t n = -1;
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	assert_int_equal(db_get_int(db, &n, sql, ""), ERR_OK);
	return n;
}

/* Appends n entries (one transaction each), like a module recording n state changes. */
static void append_n(struct db *db, int n)
{
	int64_t base = count(db, "ledger_entries");
	for (int i = 0; i < n; i++) {
		json_t *p =
		    json_pack("{s:I,s:s}", "n", (json_int_t)(base + i), "state", "diterima");
		char id[16];
		int64_t seq = 0;
		snprintf(id, sizeof id, "%d", (int)(base + i) % 5 + 1);
		assert_int_equal(db_begin(db), ERR_OK);
		assert_int_equal(ledger_append(db, 7, "certification.case.transition", "case", id,
					       p, T0 + base + i, &seq),
				 ERR_OK);
		assert_int_equal(db_commit(db), ERR_OK);
		assert_int_equal(seq, base + i + 1);
		json_decref(p);
	}
}

static void drop_triggers(struct db *db)
{
	assert_int_equal(db_exec(db, "DROP TRIGGER ledger_entries_no_update;"
				     "DROP TRIGGER ledger_entries_no_delete;"
				     "DROP TRIGGER ledger_checkpoints_no_update;"
				     "DROP TRIGGER ledger_checkpoints_no_delete;"),
			 ERR_OK);
}

static struct ledger_report verify(struct fx *fx)
{
	struct ledger_report rep;
	assert_int_equal(ledger_verify(fx->db, fx->app.ledger_keys->pk, &rep), ERR_OK);
	return rep;
}

static void expect_broken(struct fx *fx, int64_t seq, enum ledger_fault fault)
{
	struct ledger_report rep = verify(fx);
	assert_false(rep.ok);
	assert_int_equal(rep.fault, fault);
	assert_int_equal(rep.first_broken_seq, seq);
	assert_true(rep.reason[0] != '\0');
}

static void test_append_outside_tx_refused(void **state)
{
	struct fx *fx = *state;
	int64_t seq = -1;
	assert_int_equal(
	    ledger_append(fx->db, 1, "accounts.register", "account", "1", NULL, T0, &seq),
	    ERR_INTERNAL);
	assert_int_equal(seq, -1);
	assert_int_equal(count(fx->db, "ledger_entries"), 0);
}

static void test_append_in_tx(void **state)
{
	struct fx *fx = *state;
	struct db_stmt *st;
	char first[LEDGER_HEX_LEN + 1];
	int64_t seq = 0;

	append_n(fx->db, 3);
	st = db_query(fx->db,
		      "SELECT seq, time_ms, actor, action, obj_type, obj_id, prev_hash, entry_hash "
		      "FROM ledger_entries ORDER BY seq",
		      "");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	assert_int_equal(db_col_int(st, 1), T0);
	assert_int_equal(db_col_int(st, 2), 7);
	assert_string_equal(db_col_text(st, 3), "certification.case.transition");
	assert_string_equal(db_col_text(st, 4), "case");
	assert_string_equal(db_col_text(st, 5), "1");
	assert_string_equal(db_col_text(st, 6), LEDGER_GENESIS_HEX);
	snprintf(first, sizeof first, "%s", db_col_text(st, 7));
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 6), first); /* linked to entry 1 */
	db_done(st);

	/* A rolled-back change takes its entry with it: no gap appears. */
	assert_int_equal(db_begin(fx->db), ERR_OK);
	assert_int_equal(ledger_append(fx->db, 0, "system.test", "thing", "9", NULL, T0, &seq),
			 ERR_OK);
	assert_int_equal(seq, 4);
	db_rollback(fx->db);
	assert_int_equal(count(fx->db, "ledger_entries"), 3);
	append_n(fx->db, 1);
	assert_int_equal(count(fx->db, "ledger_entries"), 4);
	assert_true(verify(fx).ok);
}

static void test_append_refuses_non_identifiers(void **state)
{
	struct fx *fx = *state;
	static const char *const bad[][3] = {
	    {"budi@example.com", "account", "1"}, /* action carrying an e-mail */
	    {"accounts.register", "Budi Santoso", "1"},
	    {"accounts.register", "account", "3201234567890001 Budi"},
	    {"accounts.register", "account", "budi@example.com"},
	    {"", "account", "1"},
	    {"accounts.register", "", "1"},
	    {"accounts.register", "account",
	     "12345678901234567890123456789012345678901234567890123456789012345"},
	};

	assert_int_equal(db_begin(fx->db), ERR_OK);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(
		    ledger_append(fx->db, 1, bad[i][0], bad[i][1], bad[i][2], NULL, T0, NULL),
		    ERR_INVALID);
	assert_int_equal(
	    ledger_append(fx->db, -1, "accounts.register", "account", "1", NULL, T0, NULL),
	    ERR_INVALID);
	assert_int_equal(count(fx->db, "ledger_entries"), 0);
	/* NULL object id is the empty id. */
	assert_int_equal(ledger_append(fx->db, 0, "system.start", "system", NULL, NULL, T0, NULL),
			 ERR_OK);
	assert_int_equal(db_commit(fx->db), ERR_OK);
	assert_int_equal(count(fx->db, "ledger_entries"), 1);
}

static void test_chain_verifies(void **state)
{
	struct fx *fx = *state;
	struct ledger_report rep = verify(fx);
	assert_true(rep.ok); /* empty ledger */
	assert_int_equal(rep.entries_checked, 0);

	append_n(fx->db, 40);
	assert_int_equal(ledger_checkpoint(&fx->app, fx->db, T0 + 100, NULL), ERR_OK);
	append_n(fx->db, 10);
	rep = verify(fx);
	assert_true(rep.ok);
	assert_int_equal(rep.entries_checked, 50);
	assert_int_equal(rep.checkpoints_checked, 1);
	assert_int_equal(rep.last_seq, 50);
	assert_int_equal(rep.first_broken_seq, 0);
	assert_int_equal(rep.fault, LEDGER_FAULT_NONE);
}

static void test_triggers_refuse_update_delete(void **state)
{
	struct fx *fx = *state;
	int64_t changes = 0;

	append_n(fx->db, 3);
	assert_int_equal(ledger_checkpoint(&fx->app, fx->db, T0 + 100, NULL), ERR_OK);
	assert_int_not_equal(
	    db_run(fx->db, &changes, "UPDATE ledger_entries SET action = 'x.y' WHERE seq = 2", ""),
	    ERR_OK);
	assert_int_not_equal(
	    db_run(fx->db, &changes, "DELETE FROM ledger_entries WHERE seq = 3", ""), ERR_OK);
	assert_int_not_equal(db_run(fx->db, &changes, "DELETE FROM ledger_entries", ""), ERR_OK);
	assert_int_not_equal(
	    db_run(fx->db, &changes, "UPDATE ledger_checkpoints SET time_ms = 1 WHERE seq = 3", ""),
	    ERR_OK);
	assert_int_not_equal(db_run(fx->db, &changes, "DELETE FROM ledger_checkpoints", ""),
			     ERR_OK);
	assert_int_equal(count(fx->db, "ledger_entries"), 3);
	assert_int_equal(count(fx->db, "ledger_checkpoints"), 1);
	struct ledger_report rep = verify(fx);
	assert_true(rep.ok);
	assert_int_equal(rep.checkpoints_checked, 1);
}

static void test_tamper_action(void **state)
{
	struct fx *fx = *state;
	append_n(fx->db, 12);
	drop_triggers(fx->db);
	assert_int_equal(db_run(fx->db, NULL,
				"UPDATE ledger_entries SET action = 'certification.case.cancel' "
				"WHERE seq = 7",
				""),
			 ERR_OK);
	expect_broken(fx, 7, LEDGER_FAULT_ENTRY_HASH);
}

static void test_tamper_payload_hash(void **state)
{
	struct fx *fx = *state;
	append_n(fx->db, 12);
	drop_triggers(fx->db);
	assert_int_equal(db_run(fx->db, NULL,
				"UPDATE ledger_entries SET payload_hash = ? WHERE seq = 4", "t",
				"00000000000000000000000000000000000000000000000000000000000000ff"),
			 ERR_OK);
	expect_broken(fx, 4, LEDGER_FAULT_ENTRY_HASH);
}

static void test_tamper_time_and_actor(void **state)
{
	struct fx *fx = *state;
	append_n(fx->db, 6);
	drop_triggers(fx->db);
	assert_int_equal(
	    db_run(fx->db, NULL, "UPDATE ledger_entries SET actor = 8 WHERE seq = 5", ""), ERR_OK);
	expect_broken(fx, 5, LEDGER_FAULT_ENTRY_HASH);
	assert_int_equal(db_run(fx->db, NULL,
				"UPDATE ledger_entries SET time_ms = time_ms + 1 WHERE seq = 2",
				""),
			 ERR_OK);
	expect_broken(fx, 2, LEDGER_FAULT_ENTRY_HASH);
}

static void test_tamper_prev_hash(void **state)
{
	struct fx *fx = *state;
	append_n(fx->db, 6);
	drop_triggers(fx->db);
	assert_int_equal(
	    db_run(fx->db, NULL,
		   "UPDATE ledger_entries SET prev_hash = "
		   "(SELECT entry_hash FROM ledger_entries WHERE seq = 1) WHERE seq = 3",
		   ""),
	    ERR_OK);
	expect_broken(fx, 3, LEDGER_FAULT_PREV_HASH);
}

static void test_tamper_malformed(void **state)
{
	struct fx *fx = *state;
	append_n(fx->db, 6);
	drop_triggers(fx->db);
	assert_int_equal(db_run(fx->db, NULL,
				"UPDATE ledger_entries SET payload_hash = upper(payload_hash) "
				"WHERE seq = 6",
				""),
			 ERR_OK);
	expect_broken(fx, 6, LEDGER_FAULT_MALFORMED);
}

/* A careful forger rewrites entry 5 and recomputes every later hash: the chain is consistent
 * again, but the signed checkpoint at the head no longer matches. */
static void test_rewritten_chain_caught_by_checkpoint(void **state)
{
	struct fx *fx = *state;
	char prev[LEDGER_HEX_LEN + 1] = "";

	append_n(fx->db, 10);
	assert_int_equal(ledger_checkpoint(&fx->app, fx->db, T0 + 100, NULL), ERR_OK);
	drop_triggers(fx->db);
	assert_int_equal(db_run(fx->db, NULL,
				"UPDATE ledger_entries SET action = 'certification.case.cancel' "
				"WHERE seq = 5",
				""),
			 ERR_OK);
	for (int64_t seq = 5; seq <= 10; seq++) {
		struct ledger_fields f;
		unsigned char h[LEDGER_HASH_LEN];
		char hex[LEDGER_HEX_LEN + 1];
		struct db_stmt *st =
		    db_query(fx->db,
			     "SELECT time_ms, actor, action, obj_type, obj_id, "
			     "payload_hash, prev_hash FROM ledger_entries WHERE seq = ?",
			     "i", seq);
		assert_non_null(st);
		assert_int_equal(db_step(st), DB_ROW);
		f.seq = seq;
		f.time_ms = db_col_int(st, 0);
		f.actor = db_col_int(st, 1);
		f.action = seq == 5 ? "certification.case.cancel" : "certification.case.transition";
		f.obj_type = "case";
		char obj_id[16];
		snprintf(obj_id, sizeof obj_id, "%s", db_col_text(st, 4));
		f.obj_id = obj_id;
		assert_int_equal(ledger_unhex(db_col_text(st, 5), f.payload_hash, LEDGER_HASH_LEN),
				 0);
		assert_int_equal(ledger_unhex(seq == 5 ? db_col_text(st, 6) : prev, f.prev_hash,
					      LEDGER_HASH_LEN),
				 0);
		db_done(st);
		ledger_entry_hash(&f, h);
		ledger_hex(h, sizeof h, hex);
		assert_int_equal(db_run(fx->db, NULL,
					"UPDATE ledger_entries SET entry_hash = ?, prev_hash = "
					"COALESCE(?, prev_hash) WHERE seq = ?",
					"tti", hex, seq == 5 ? NULL : prev, seq),
				 ERR_OK);
		memcpy(prev, hex, sizeof prev);
	}
	expect_broken(fx, 10, LEDGER_FAULT_CKPT_HEAD);
	/* Without checkpoints the rewrite would have passed: the checkpoint is what caught it. */
	struct ledger_report rep;
	assert_int_equal(ledger_walk(fx->db, 0, LEDGER_GENESIS_HEX, NULL, &rep), ERR_OK);
	assert_true(rep.ok);
}

static void test_gap_detected(void **state)
{
	struct fx *fx = *state;
	append_n(fx->db, 10);
	drop_triggers(fx->db);
	assert_int_equal(db_run(fx->db, NULL, "DELETE FROM ledger_entries WHERE seq = 6", ""),
			 ERR_OK);
	expect_broken(fx, 6, LEDGER_FAULT_GAP);
}

static void test_first_entry_missing(void **state)
{
	struct fx *fx = *state;
	append_n(fx->db, 3);
	drop_triggers(fx->db);
	assert_int_equal(db_run(fx->db, NULL, "DELETE FROM ledger_entries WHERE seq = 1", ""),
			 ERR_OK);
	expect_broken(fx, 1, LEDGER_FAULT_GAP);
}

static void test_truncated_tail_caught_by_checkpoint(void **state)
{
	struct fx *fx = *state;
	append_n(fx->db, 10);
	assert_int_equal(ledger_checkpoint(&fx->app, fx->db, T0 + 100, NULL), ERR_OK);
	drop_triggers(fx->db);
	assert_int_equal(db_run(fx->db, NULL, "DELETE FROM ledger_entries WHERE seq >= 9", ""),
			 ERR_OK);
	expect_broken(fx, 9, LEDGER_FAULT_CKPT_NO_ENTRY);
}

static void test_forged_checkpoint_signature(void **state)
{
	struct fx *fx = *state;
	int64_t seq = 0;
	append_n(fx->db, 5);
	assert_int_equal(ledger_checkpoint(&fx->app, fx->db, T0 + 100, &seq), ERR_OK);
	assert_int_equal(seq, 5);
	append_n(fx->db, 5);
	assert_int_equal(ledger_checkpoint(&fx->app, fx->db, T0 + 200, &seq), ERR_OK);
	assert_int_equal(seq, 10);
	assert_true(verify(fx).ok);
	drop_triggers(fx->db);
	/* Flip one bit of the first checkpoint's signature. */
	assert_int_equal(db_run(fx->db, NULL,
				"UPDATE ledger_checkpoints SET signature = "
				"(CASE substr(signature, 1, 1) WHEN '0' THEN '1' ELSE '0' END) || "
				"substr(signature, 2) WHERE seq = 5",
				""),
			 ERR_OK);
	expect_broken(fx, 5, LEDGER_FAULT_CKPT_SIGNATURE);
}

static void test_checkpoint_time_forged(void **state)
{
	struct fx *fx = *state;
	append_n(fx->db, 5);
	assert_int_equal(ledger_checkpoint(&fx->app, fx->db, T0 + 100, NULL), ERR_OK);
	drop_triggers(fx->db);
	assert_int_equal(
	    db_run(fx->db, NULL, "UPDATE ledger_checkpoints SET time_ms = time_ms - 86400000", ""),
	    ERR_OK);
	expect_broken(fx, 5, LEDGER_FAULT_CKPT_SIGNATURE);
}

static void test_checkpoint_other_key(void **state)
{
	struct fx *fx = *state;
	struct ledger_report rep;
	unsigned char pk[LEDGER_PK_LEN], sk[LEDGER_SK_LEN];

	append_n(fx->db, 5);
	assert_int_equal(ledger_checkpoint(&fx->app, fx->db, T0 + 100, NULL), ERR_OK);
	crypto_sign_keypair(pk, sk);
	assert_int_equal(ledger_verify(fx->db, pk, &rep), ERR_OK);
	assert_false(rep.ok);
	assert_int_equal(rep.fault, LEDGER_FAULT_CKPT_KEY);
	assert_int_equal(rep.first_broken_seq, 5);
}

static void test_checkpoint_on_demand(void **state)
{
	struct fx *fx = *state;
	struct ledger_ckpt_row row;
	const char *why = NULL;
	int created = -1;
	int64_t seq = 0;

	assert_int_equal(ledger_checkpoint_make(&fx->app, fx->db, T0, &row, &created, &why),
			 ERR_CONFLICT);
	assert_string_equal(why, "ledger_empty");
	assert_int_equal(count(fx->db, "ledger_checkpoints"), 0);

	append_n(fx->db, 3);
	assert_int_equal(ledger_checkpoint_make(&fx->app, fx->db, T0 + 5, &row, &created, &why),
			 ERR_OK);
	assert_int_equal(created, 1);
	assert_int_equal(row.seq, 3);
	assert_int_equal(row.time_ms, T0 + 5);
	assert_string_equal(row.key_id, fx->app.ledger_keys->key_id);
	assert_int_equal(strlen(row.signature), 128);

	/* The head is already checkpointed: a no-op that returns that checkpoint. */
	assert_int_equal(ledger_checkpoint_make(&fx->app, fx->db, T0 + 9, &row, &created, &why),
			 ERR_OK);
	assert_int_equal(created, 0);
	assert_int_equal(row.seq, 3);
	assert_int_equal(row.time_ms, T0 + 5);
	assert_int_equal(count(fx->db, "ledger_checkpoints"), 1);

	append_n(fx->db, 2);
	/* Inside a caller's transaction it uses that transaction. */
	assert_int_equal(db_begin(fx->db), ERR_OK);
	assert_int_equal(ledger_checkpoint(&fx->app, fx->db, T0 + 10, &seq), ERR_OK);
	assert_true(db_in_tx(fx->db));
	db_rollback(fx->db);
	assert_int_equal(count(fx->db, "ledger_checkpoints"), 1);
	assert_int_equal(ledger_checkpoint(&fx->app, fx->db, T0 + 10, &seq), ERR_OK);
	assert_int_equal(seq, 5);
	assert_int_equal(count(fx->db, "ledger_checkpoints"), 2);

	struct ledger_report rep = verify(fx);
	assert_true(rep.ok);
	assert_int_equal(rep.checkpoints_checked, 2);
}

static void test_checkpoint_refused_when_broken(void **state)
{
	struct fx *fx = *state;
	struct ledger_ckpt_row row;
	const char *why = NULL;
	int created = -1;

	append_n(fx->db, 4);
	assert_int_equal(ledger_checkpoint(&fx->app, fx->db, T0 + 100, NULL), ERR_OK);
	append_n(fx->db, 4);
	drop_triggers(fx->db);
	assert_int_equal(
	    db_run(fx->db, NULL, "UPDATE ledger_entries SET obj_id = '99' WHERE seq = 6", ""),
	    ERR_OK);
	assert_int_equal(ledger_checkpoint_make(&fx->app, fx->db, T0 + 200, &row, &created, &why),
			 ERR_CONFLICT);
	assert_string_equal(why, "ledger_broken");
	assert_int_equal(created, 0);
	assert_int_equal(count(fx->db, "ledger_checkpoints"), 1);
	assert_false(db_in_tx(fx->db));

	/* Restored, it verifies again; a tampered last checkpoint also blocks the next one. */
	assert_int_equal(
	    db_run(fx->db, NULL, "UPDATE ledger_entries SET obj_id = '1' WHERE seq = 6", ""),
	    ERR_OK);
	assert_true(verify(fx).ok);
	assert_int_equal(db_run(fx->db, NULL,
				"UPDATE ledger_checkpoints SET time_ms = time_ms + 1 WHERE seq = 4",
				""),
			 ERR_OK);
	assert_int_equal(ledger_checkpoint_make(&fx->app, fx->db, T0 + 200, &row, &created, &why),
			 ERR_CONFLICT);
	assert_string_equal(why, "ledger_broken");
	assert_int_equal(count(fx->db, "ledger_checkpoints"), 1);
}

static void test_tick_checkpoints_daily(void **state)
{
	struct fx *fx = *state;
	int64_t hour = INT64_C(3600000);

	ledger_checkpoint_tick(&fx->app, T0); /* empty ledger: nothing to sign, no error */
	assert_int_equal(count(fx->db, "ledger_checkpoints"), 0);
	append_n(fx->db, 2);
	ledger_checkpoint_tick(&fx->app, T0 + 1000);
	assert_int_equal(count(fx->db, "ledger_checkpoints"), 1);
	append_n(fx->db, 2);
	ledger_checkpoint_tick(&fx->app, T0 + 23 * hour);
	assert_int_equal(count(fx->db, "ledger_checkpoints"), 1); /* not yet a day */
	ledger_checkpoint_tick(&fx->app, T0 + 1000 + 24 * hour);
	assert_int_equal(count(fx->db, "ledger_checkpoints"), 2);
	ledger_checkpoint_tick(&fx->app, T0 + 1000 + 50 * hour); /* head unchanged: no-op */
	assert_int_equal(count(fx->db, "ledger_checkpoints"), 2);
	fx->cfg.checkpoint_hours = 0; /* disabled */
	append_n(fx->db, 1);
	ledger_checkpoint_tick(&fx->app, T0 + 100 * hour);
	assert_int_equal(count(fx->db, "ledger_checkpoints"), 2);
}

static void test_keys_file(void **state)
{
	struct fx *fx = *state;
	struct ledger_keys *again = NULL;
	char path[256], *text = NULL;
	struct stat sb;
	FILE *f;

	snprintf(path, sizeof path, "%s/keys/%s", fx->dir, LEDGER_KEY_FILE);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* Reloading gives the same key. */
	assert_int_equal(ledger_keys_load(fx->dir, &again), ERR_OK);
	assert_memory_equal(again->pk, fx->app.ledger_keys->pk, LEDGER_PK_LEN);
	assert_string_equal(again->key_id, fx->app.ledger_keys->key_id);
	ledger_keys_free(&again);
	assert_null(again);
	ledger_keys_free(&again); /* NULL-safe */

	/* The published public key matches. */
	snprintf(path, sizeof path, "%s/keys/%s", fx->dir, LEDGER_PUB_FILE);
	f = fopen(path, "r");
	assert_non_null(f);
	text = calloc(1, 128);
	assert_non_null(fgets(text, 128, f));
	fclose(f);
	assert_int_equal(strncmp(text, fx->app.ledger_keys->pk_hex, 64), 0);
	free(text);

	/* A corrupt key file is refused, never replaced. */
	snprintf(path, sizeof path, "%s/keys/%s", fx->dir, LEDGER_KEY_FILE);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("not a key\n", f);
	fclose(f);
	assert_int_equal(ledger_keys_load(fx->dir, &again), ERR_INVALID);
	assert_null(again);
	f = fopen(path, "r");
	text = calloc(1, 64);
	assert_non_null(fgets(text, 64, f));
	fclose(f);
	assert_string_equal(text, "not a key\n");
	free(text);
}

static void test_verify_cli(void **state)
{
	struct fx *fx = *state;
	char buf[4096];
	FILE *out;
	size_t n;

	append_n(fx->db, 8);
	assert_int_equal(ledger_checkpoint(&fx->app, fx->db, T0 + 100, NULL), ERR_OK);

	out = fmemopen(buf, sizeof buf, "w");
	assert_int_equal(ledger_verify_cli(fx->dir, out), 0);
	n = ftell(out);
	fclose(out);
	buf[n < sizeof buf ? n : sizeof buf - 1] = '\0';
	assert_non_null(strstr(buf, "entries checked: 8"));
	assert_non_null(strstr(buf, "OK"));

	/* The same with the public key given explicitly, and with a wrong one. */
	out = fmemopen(buf, sizeof buf, "w");
	assert_int_equal(ledger_verify_cli_pk(fx->dir, fx->app.ledger_keys->pk_hex, out), 0);
	fclose(out);
	out = fmemopen(buf, sizeof buf, "w");
	assert_int_equal(ledger_verify_cli_pk(fx->dir, "00", out), 2);
	fclose(out);

	drop_triggers(fx->db);
	assert_int_equal(
	    db_run(fx->db, NULL, "UPDATE ledger_entries SET action = 'x.y' WHERE seq = 3", ""),
	    ERR_OK);
	out = fmemopen(buf, sizeof buf, "w");
	assert_int_equal(ledger_verify_cli(fx->dir, out), 1);
	n = ftell(out);
	fclose(out);
	buf[n < sizeof buf ? n : sizeof buf - 1] = '\0';
	assert_non_null(strstr(buf, "first broken seq 3"));

	out = fmemopen(buf, sizeof buf, "w");
	assert_int_equal(ledger_verify_cli("/nonexistent-ujikom-dir", out), 2);
	fclose(out);
	/* The read-only open did not create anything there. */
	assert_int_not_equal(access("/nonexistent-ujikom-dir/ujikom.db", F_OK), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_append_outside_tx_refused),
	    T(test_append_in_tx),
	    T(test_append_refuses_non_identifiers),
	    T(test_chain_verifies),
	    T(test_triggers_refuse_update_delete),
	    T(test_tamper_action),
	    T(test_tamper_payload_hash),
	    T(test_tamper_time_and_actor),
	    T(test_tamper_prev_hash),
	    T(test_tamper_malformed),
	    T(test_rewritten_chain_caught_by_checkpoint),
	    T(test_gap_detected),
	    T(test_first_entry_missing),
	    T(test_truncated_tail_caught_by_checkpoint),
	    T(test_forged_checkpoint_signature),
	    T(test_checkpoint_time_forged),
	    T(test_checkpoint_other_key),
	    T(test_checkpoint_on_demand),
	    T(test_checkpoint_refused_when_broken),
	    T(test_tick_checkpoints_daily),
	    T(test_keys_file),
	    T(test_verify_cli),
	};
#undef T
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
