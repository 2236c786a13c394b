/* The outbox: queued e-mail messages (server/outbox/sql/001_outbox.sql, a core migration). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "ledger.h"
#include "outbox.h"
#include "util.h"

enum err outbox_enqueue(struct db *db, const char *to, const char *subject, const char *body,
			int64_t now_ms)
{
	char to_hash[SHA256_HEX_LEN + 1], subject_hash[SHA256_HEX_LEN + 1], id[32];
	json_t *payload;
	enum err e;

	if (!to || !subject || !body || !to[0] || !subject[0] ||
	    strnlen(to, OUTBOX_TO_MAX + 1) > OUTBOX_TO_MAX ||
	    strnlen(subject, OUTBOX_SUBJECT_MAX + 1) > OUTBOX_SUBJECT_MAX ||
	    strnlen(body, OUTBOX_BODY_MAX + 1) > OUTBOX_BODY_MAX)
		return ERR_INVALID;
	e = db_run(db, NULL,
		   "INSERT INTO outbox (recipient, subject, body, created_at) VALUES (?, ?, ?, ?)",
		   "ttti", to, subject, body, now_ms);
	if (e != ERR_OK)
		return e;
	snprintf(id, sizeof id, "%lld", (long long)db_last_insert_id(db));
	/* The body may hold a secret (a reset token) and the recipient is personal data. */
	util_sha256_hex(to, strlen(to), to_hash);
	util_sha256_hex(subject, strlen(subject), subject_hash);
	payload = json_pack("{s:s, s:s}", "to_sha256", to_hash, "subject_sha256", subject_hash);
	e = ledger_append(db, 0, "outbox.enqueue", "outbox_message", id, payload, now_ms, NULL);
	json_decref(payload);
	return e;
}

enum err outbox_list(struct db *db, struct arena *arena, int64_t limit, struct outbox_msg **out,
		     size_t *n)
{
	struct outbox_msg *v;
	struct db_stmt *st;
	size_t k = 0;
	enum db_step r;

	if (limit < 1 || limit > 500)
		limit = 500;
	st = db_query(db,
		      "SELECT id, recipient, subject, body, created_at, sent_at FROM outbox"
		      " ORDER BY id DESC LIMIT ?",
		      "i", limit);
	if (!st)
		return ERR_DB;
	v = arena_zalloc(arena, (size_t)limit * sizeof *v);
	while ((r = db_step(st)) == DB_ROW && k < (size_t)limit) {
		v[k].id = db_col_int(st, 0);
		v[k].to = db_col_dup(st, 1, arena);
		v[k].subject = db_col_dup(st, 2, arena);
		v[k].body = db_col_dup(st, 3, arena);
		v[k].created_at = db_col_int(st, 4);
		v[k].sent_at = db_col_is_null(st, 5) ? 0 : db_col_int(st, 5);
		k++;
	}
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	*out = v;
	*n = k;
	return ERR_OK;
}
