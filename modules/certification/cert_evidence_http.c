/* HTTP handlers of case evidence: upload (the type decided by content, the scheme requirement's
 * limit, the bytes fsynced into the blob store on a worker before the row is committed and the
 * upload acknowledged), list, and download with Range, each behind the case's visibility rule. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "blob.h"
#include "cert_evidence.h"
#include "cert_internal.h"
#include "db.h"
#include "json.h"
#include "ledger.h"
#include "log.h"

/* What an upload carries from the handler to the worker and back (lives in req->arena). */
struct upload_job {
	struct app *app;
	int64_t case_id;
	const char *key;      /* requirement key or NULL */
	const char *filename; /* display name */
	const char *type;     /* sniffed content type (static string) */
	const void *bytes;    /* req->body */
	size_t n;
	int64_t now_ms;
	enum err put; /* blob_put's result */
	struct blob_info info;
};

/* Worker: hash, write to a temp file, fsync, rename, then the blobs row (blob_put's own
 * transaction on the worker's connection: the write lock is never held over the fsync). */
static void upload_work(struct db *db, void *arg)
{
	struct upload_job *j = arg;
	j->put = blob_put(j->app, db, j->bytes, j->n, j->type, j->now_ms, &j->info);
}

/* Service thread, after the file is durable: re-checks the stage and records the evidence row
 * with its ledger entry in one transaction; only then answers 201. A repeated upload of the same
 * bytes for the same requirement answers 200 with the first row and writes nothing. */
static void upload_done(struct request *req, void *arg)
{
	struct upload_job *j = arg;
	struct cert_case c;
	struct cert_evidence ev, old;
	int64_t id = 0;
	char cid[24];
	enum err e;
	if (j->put != ERR_OK) {
		log_error("cert: evidence for case %lld not stored: %s", (long long)j->case_id,
			  err_name(j->put));
		req_fail(req, j->put == ERR_UNAVAILABLE ? ERR_UNAVAILABLE : ERR_INTERNAL, NULL,
			 NULL);
		return;
	}
	if ((e = db_begin(req->db)) != ERR_OK) {
		req_fail(req, e, NULL, NULL);
		return;
	}
	e = cert_store_case_get(req->db, req->arena, j->case_id, &c);
	if (e == ERR_OK && !cert_evidence_state_ok(c.state, j->key != NULL)) {
		/* the case moved on while the file was written: the blob stays unreferenced */
		db_rollback(req->db);
		req_fail(req, ERR_CONFLICT, "evidence_state", NULL);
		return;
	}
	if (e == ERR_OK) {
		e = cert_evidence_find(req->db, req->arena, j->case_id, j->key, j->info.sha256,
				       &old);
		if (e == ERR_OK) {
			db_rollback(req->db);
			resp_json(req, 200, cert_evidence_json(&old));
			return;
		}
		if (e == ERR_NOT_FOUND)
			e = ERR_OK;
	}
	memset(&ev, 0, sizeof ev);
	ev.case_id = j->case_id;
	ev.requirement_key = j->key;
	memcpy(ev.sha256, j->info.sha256, sizeof ev.sha256);
	ev.filename = j->filename;
	ev.content_type = j->type;
	ev.size = (int64_t)j->n;
	ev.uploaded_by = req->who->account_id;
	ev.created_at = req->now_ms;
	if (e == ERR_OK)
		e = cert_evidence_insert(req->db, &ev, &id);
	if (e == ERR_OK) {
		json_t *payload =
		    json_pack("{s:I, s:s, s:o, s:I, s:s}", "evidence_id", (json_int_t)id, "sha256",
			      ev.sha256, "requirement", json_str_or_null(ev.requirement_key),
			      "size", (json_int_t)ev.size, "content_type", ev.content_type);
		snprintf(cid, sizeof cid, "%lld", (long long)j->case_id);
		e = ledger_append(req->db, ev.uploaded_by, "cert.evidence.add", "case", cid,
				  payload, req->now_ms, NULL);
		json_decref(payload);
	}
	if (e == ERR_OK)
		e = db_commit(req->db);
	else
		db_rollback(req->db);
	if (e != ERR_OK) {
		req_fail(req, e, NULL, NULL);
		return;
	}
	ev.id = id;
	resp_json(req, 201, cert_evidence_json(&ev));
}

enum err cert_h_evidence_upload(struct request *req)
{
	struct cert_case c;
	struct cert_evidence_rule rule;
	struct upload_job *j;
	char text[64], *fname;
	int owner = 0;
	const char *key = req_query(req, "requirement");
	const char *name = req_query(req, "name");
	const char *type;
	enum err e = cert_load_visible(req, &c, &owner, NULL);
	if (e != ERR_OK)
		return e;
	if (!owner) /* only the case's asesi uploads; nobody else learns more than "not found" */
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (key && (!*key || strlen(key) > CERT_EVIDENCE_KEY_MAX))
		return req_fail(req, ERR_INVALID, "evidence_requirement", "requirement");
	if (!req_has_perm(req, key ? "cert.apl01.submit" : "cert.apl02.submit"))
		return req_fail(req, ERR_FORBIDDEN, "forbidden", NULL);
	if (!cert_evidence_state_ok(c.state, key != NULL))
		return req_fail(req, ERR_CONFLICT, "evidence_state", NULL);
	e = cert_evidence_rule_for(req->db, c.skema_id, key, &rule);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_INVALID, "evidence_requirement", "requirement");
	if (e != ERR_OK)
		return e;
	if (name && strlen(name) > CERT_EVIDENCE_NAME_IN_MAX)
		return req_fail(req, ERR_INVALID, "query_invalid", "name");
	if (req->body_len == 0 || !req->body)
		return req_fail(req, ERR_INVALID, "evidence_empty", "file");
	if ((int64_t)req->body_len > rule.max_bytes)
		return req_fail_detail(
		    req, ERR_TOO_LARGE, "evidence_too_large", "file",
		    arena_strdup(req->arena,
				 cert_evidence_limit_text(rule.max_bytes, text, sizeof text)));
	/* the type by content: the declared Content-Type and the name are never trusted */
	type = blob_sniff(req->body, req->body_len);
	if (!(cert_evidence_type_bit(type) & rule.types))
		return req_fail_detail(
		    req, ERR_UNSUPPORTED, "evidence_type", "file",
		    arena_strdup(req->arena,
				 cert_evidence_types_text(rule.types, text, sizeof text)));
	fname = arena_alloc(req->arena, BLOB_FILENAME_MAX + 1);
	if (cert_evidence_name_make(name, type, fname, BLOB_FILENAME_MAX + 1) < 0)
		return req_fail_detail(req, ERR_INVALID, "evidence_name_mismatch", "name",
				       cert_evidence_types_text(cert_evidence_type_bit(type),
								arena_alloc(req->arena, 8), 8));
	j = arena_zalloc(req->arena, sizeof *j);
	j->app = req->app;
	j->case_id = c.id;
	j->key = key;
	j->filename = fname;
	j->type = type;
	j->bytes = req->body;
	j->n = req->body_len;
	j->now_ms = req->now_ms;
	return req_defer(req, upload_work, upload_done, j);
}

enum err cert_h_evidence_list(struct request *req)
{
	struct cert_case c;
	enum err e = cert_load_visible(req, &c, NULL, NULL);
	if (e != ERR_OK)
		return e;
	json_t *list = cert_evidence_list_json(req->db, c.id);
	if (!list)
		return ERR_DB;
	return resp_json(req, 200,
			 json_pack("{s:I, s:o}", "case_id", (json_int_t)c.id, "evidence", list));
}

enum err cert_h_evidence_get(struct request *req)
{
	struct cert_case c;
	struct cert_evidence ev;
	const char *sha = req_param(req, "sha256");
	enum err e = cert_load_visible(req, &c, NULL, NULL);
	if (e != ERR_OK)
		return e;
	/* only a file recorded as evidence of this very case; a known hash opens nothing */
	if (!sha || !blob_sha256_valid(sha))
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	e = cert_evidence_get(req->db, req->arena, c.id, sha, &ev);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e != ERR_OK)
		return e;
	if (ev.purged_at)
		return req_fail(req, ERR_NOT_FOUND, "cert_evidence_purged", NULL);
	return blob_serve(req, ev.sha256, ev.content_type, ev.filename);
}
