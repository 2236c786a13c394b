/* HTTP handlers of the ledger: the published public key, the auditor's listings of entries and
 * checkpoints, checkpoint on demand, and a full verification run on a worker. */
#include <stdint.h>
#include <string.h>

#include "app.h"
#include "db.h"
#include "json.h"
#include "ledger_internal.h"
#include "log.h"
#include "request.h"

#define PAGE_DEFAULT 50
#define PAGE_MAX     500

enum err ledger_http_public_key(struct request *req)
{
	const struct ledger_keys *k = req->app->ledger_keys;
	json_t *o;

	if (!k) {
		log_error("ledger: public key requested but no key is loaded");
		return ERR_UNAVAILABLE;
	}
	o = json_object();
	json_object_set_new(o, "alg", json_string("Ed25519"));
	json_object_set_new(o, "public_key", json_string(k->pk_hex));
	json_object_set_new(o, "key_id", json_string(k->key_id));
	resp_header(req, "Cache-Control", "public, max-age=3600");
	return resp_json(req, 200, o);
}

/* Reads after_seq and limit. */
static enum err page_args(struct request *req, int64_t *after, int64_t *limit)
{
	enum err e = req_query_int(req, "after_seq", 0, INT64_MAX, 0, after);
	if (e != ERR_OK)
		return e;
	return req_query_int(req, "limit", 1, PAGE_MAX, PAGE_DEFAULT, limit);
}

/* Finishes a page: {items, next_after_seq} where next_after_seq is the last seq when more rows
 * follow (the query fetched limit + 1), else null. */
static enum err page_send(struct request *req, json_t *items, int more, int64_t last_seq)
{
	json_t *o = json_object();
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "next_after_seq", more ? json_integer(last_seq) : json_null());
	return resp_json(req, 200, o);
}

static const char *query_or_null(struct request *req, const char *name)
{
	const char *v = req_query(req, name);
	return v && *v ? v : NULL;
}

enum err ledger_http_entries_list(struct request *req)
{
	const char *type = query_or_null(req, "object_type"), *id = query_or_null(req, "object_id");
	struct db_stmt *st;
	enum db_step s;
	int64_t after, limit, n = 0, last = 0;
	json_t *items;
	enum err e;

	e = page_args(req, &after, &limit);
	if (e != ERR_OK)
		return e;
	if (type && !ledger_ident_ok(type, LEDGER_IDENT_MAX))
		return req_fail(req, ERR_INVALID, "query_invalid", "object_type");
	if (id && !ledger_obj_id_ok(id))
		return req_fail(req, ERR_INVALID, "query_invalid", "object_id");
	if (id && !type)
		return req_fail(req, ERR_INVALID, "ledger_object_id_needs_type", "object_id");

#define ENTRY_COLS                                                                                 \
	"SELECT seq, time_ms, actor, action, obj_type, obj_id, payload_hash, prev_hash, "          \
	"entry_hash "                                                                              \
	"FROM ledger_entries "
	if (id)
		st = db_query(req->db,
			      ENTRY_COLS "WHERE obj_type = ? AND obj_id = ? AND seq > ? "
					 "ORDER BY seq LIMIT ?",
			      "ttii", type, id, after, limit + 1);
	else if (type)
		st = db_query(req->db,
			      ENTRY_COLS "WHERE obj_type = ? AND seq > ? ORDER BY seq LIMIT ?",
			      "tii", type, after, limit + 1);
	else
		st = db_query(req->db, ENTRY_COLS "WHERE seq > ? ORDER BY seq LIMIT ?", "ii", after,
			      limit + 1);
#undef ENTRY_COLS
	if (!st)
		return ERR_DB;
	items = json_array();
	while ((s = db_step(st)) == DB_ROW && n < limit) {
		json_t *o = json_object();
		last = db_col_int(st, 0);
		json_object_set_new(o, "seq", json_integer(last));
		json_object_set_new(o, "time", json_time(db_col_int(st, 1)));
		json_object_set_new(o, "time_ms", json_integer(db_col_int(st, 1)));
		json_object_set_new(o, "actor", json_integer(db_col_int(st, 2)));
		json_object_set_new(o, "action", json_str_or_null(db_col_text(st, 3)));
		json_object_set_new(o, "object_type", json_str_or_null(db_col_text(st, 4)));
		json_object_set_new(o, "object_id", json_str_or_null(db_col_text(st, 5)));
		json_object_set_new(o, "payload_hash", json_str_or_null(db_col_text(st, 6)));
		json_object_set_new(o, "prev_hash", json_str_or_null(db_col_text(st, 7)));
		json_object_set_new(o, "entry_hash", json_str_or_null(db_col_text(st, 8)));
		json_array_append_new(items, o);
		n++;
	}
	db_done(st);
	if (s == DB_FAIL) {
		json_decref(items);
		return ERR_DB;
	}
	return page_send(req, items, s == DB_ROW, last);
}

static json_t *ckpt_json(const struct ledger_ckpt_row *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "seq", json_integer(r->seq));
	json_object_set_new(o, "head_hash", json_string(r->head_hash));
	json_object_set_new(o, "time", json_time(r->time_ms));
	json_object_set_new(o, "time_ms", json_integer(r->time_ms));
	json_object_set_new(o, "signature", json_string(r->signature));
	json_object_set_new(o, "key_id", json_string(r->key_id));
	return o;
}

enum err ledger_http_checkpoints_list(struct request *req)
{
	struct db_stmt *st;
	enum db_step s;
	int64_t after, limit, n = 0, last = 0;
	json_t *items;
	enum err e;

	e = page_args(req, &after, &limit);
	if (e != ERR_OK)
		return e;
	st = db_query(req->db,
		      "SELECT seq, head_hash, time_ms, signature, key_id FROM ledger_checkpoints "
		      "WHERE seq > ? ORDER BY seq LIMIT ?",
		      "ii", after, limit + 1);
	if (!st)
		return ERR_DB;
	items = json_array();
	while ((s = db_step(st)) == DB_ROW && n < limit) {
		struct ledger_ckpt_row r;
		const char *h = db_col_text(st, 1), *sig = db_col_text(st, 3);
		const char *k = db_col_text(st, 4);

		memset(&r, 0, sizeof r);
		r.seq = last = db_col_int(st, 0);
		r.time_ms = db_col_int(st, 2);
		snprintf(r.head_hash, sizeof r.head_hash, "%s", h ? h : "");
		snprintf(r.signature, sizeof r.signature, "%s", sig ? sig : "");
		snprintf(r.key_id, sizeof r.key_id, "%s", k ? k : "");
		json_array_append_new(items, ckpt_json(&r));
		n++;
	}
	db_done(st);
	if (s == DB_FAIL) {
		json_decref(items);
		return ERR_DB;
	}
	return page_send(req, items, s == DB_ROW, last);
}

enum err ledger_http_checkpoint_create(struct request *req)
{
	struct ledger_ckpt_row row;
	const char *why = NULL;
	int created = 0;
	enum err e;

	e = ledger_checkpoint_make(req->app, req->db, req->now_ms, &row, &created, &why);
	if (e == ERR_CONFLICT && why)
		return req_fail(req, ERR_CONFLICT, why, NULL);
	if (e != ERR_OK)
		return e;
	if (created)
		log_info("ledger: checkpoint at seq %lld made on demand by account %lld",
			 (long long)row.seq, (long long)(req->who ? req->who->account_id : 0));
	return resp_json(req, created ? 201 : 200, ckpt_json(&row));
}

/* A verification run handed to a worker: the key is copied in, the report comes back. */
struct verify_job {
	unsigned char pk[LEDGER_PK_LEN];
	struct ledger_report rep;
	enum err rc;
};

static void verify_work(struct db *db, void *arg)
{
	struct verify_job *job = arg;

	job->rc = db ? ledger_verify(db, job->pk, &job->rep) : ERR_UNAVAILABLE;
}

static void verify_done(struct request *req, void *arg)
{
	struct verify_job *job = arg;
	const struct ledger_report *r = &job->rep;
	json_t *o;

	if (job->rc != ERR_OK) {
		log_error("ledger: verification could not run (%s)", err_name(job->rc));
		req_fail(req, job->rc, "ledger_verify_failed", NULL);
		return;
	}
	if (!r->ok)
		log_error("ledger: verification found the ledger broken at seq %lld: %s",
			  (long long)r->first_broken_seq, r->reason);
	o = json_object();
	json_object_set_new(o, "ok", json_boolean(r->ok));
	json_object_set_new(o, "entries_checked", json_integer(r->entries_checked));
	json_object_set_new(o, "checkpoints_checked", json_integer(r->checkpoints_checked));
	json_object_set_new(o, "last_seq", json_integer(r->last_seq));
	json_object_set_new(o, "first_broken_seq",
			    r->ok ? json_null() : json_integer(r->first_broken_seq));
	json_object_set_new(o, "fault", json_string(ledger_fault_name(r->fault)));
	json_object_set_new(o, "reason", json_string(r->ok ? "" : r->reason));
	resp_json(req, 200, o);
}

enum err ledger_http_verify(struct request *req)
{
	const struct ledger_keys *k = req->app->ledger_keys;
	struct verify_job *job;

	if (!k) {
		log_error("ledger: verification requested but no key is loaded");
		return ERR_UNAVAILABLE;
	}
	job = arena_zalloc(req->arena, sizeof *job);
	memcpy(job->pk, k->pk, sizeof job->pk);
	return req_defer(req, verify_work, verify_done, job);
}
