/* MUK version handlers: new drafts, the staff view (answer keys included), edits (in place for
 * an unused draft, otherwise a new version pointing at the edited one), the FR.VA and FR.IA.11
 * records and the draft -> validated step. */
#include <string.h>

#include "db.h"
#include "json.h"
#include "muk_internal.h"

static json_t *time_or_null(int64_t ms)
{
	return ms > 0 ? json_time(ms) : json_null();
}

static json_t *id_or_null(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

static json_t *records_json(const struct muk_rec *r, size_t n, const char *sha, int reviews)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack(
		    "{s:I, s:s, s:b, s:I, s:o, s:O}", "id", (json_int_t)r[i].id, "content_sha256",
		    r[i].sha, "current", strcmp(r[i].sha, sha) == 0, "recorded_by",
		    (json_int_t)r[i].by, "recorded_at", json_time(r[i].at), "record", r[i].doc);

		if (o && reviews)
			json_object_set_new(o, "all_ya", json_boolean(r[i].all_ya));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *statements_json(void)
{
	json_t *id = json_array(), *en = json_array();

	for (int i = 0; i < MUK_IA11_ITEMS; i++) {
		json_array_append_new(id, json_string(muk_ia11_statements_id[i]));
		json_array_append_new(en, json_string(muk_ia11_statements_en[i]));
	}
	return json_pack("{s:o, s:o}", "id", id, "en", en);
}

json_t *muk_version_json(const struct muk_vrow *v)
{
	const char *refusal = muk_validate_refusal(v);
	json_t *o = json_pack(
	    "{s:I, s:I, s:I, s:o, s:o, s:s, s:b, s:s, s:I, s:o, s:o, s:o, s:o, s:o}", "id",
	    (json_int_t)v->id, "skema_id", (json_int_t)v->scheme_id, "version",
	    (json_int_t)v->version, "prev_id", id_or_null(v->prev_id), "prev_version",
	    id_or_null(v->prev_version), "status", v->validated ? "validated" : "draft", "used",
	    v->used, "content_sha256", v->sha, "created_by", (json_int_t)v->created_by,
	    "created_at", json_time(v->created_at), "updated_at", json_time(v->updated_at),
	    "validated_by", id_or_null(v->validated_by), "validated_at",
	    time_or_null(v->validated_at), "used_at", time_or_null(v->used_at));

	if (!o)
		return NULL;
	if (v->content)
		json_object_set(o, "content", v->content);
	json_object_set_new(o, "validations", records_json(v->vas, v->nvas, v->sha, 0));
	json_object_set_new(o, "reviews", records_json(v->reviews, v->nreviews, v->sha, 1));
	json_object_set_new(o, "ia11_statements", statements_json());
	/* What still stands between a draft and validation (null when nothing, or validated). */
	json_object_set_new(o, "validation_blocker",
			    v->validated ? json_null() : json_str_or_null(refusal));
	return o;
}

/* Loads the version named by :id (404 set when absent). */
static enum err version_from_param(struct request *req, int with_content, struct muk_vrow *v)
{
	int64_t id;
	enum err e = req_param_id(req, "id", &id);

	if (e != ERR_OK)
		return e;
	e = muk_store_version_load(req->db, req->arena, id, with_content, 1, v);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "muk_version_not_found", NULL);
	if (e != ERR_OK)
		return muk_fail(req, e);
	return ERR_OK;
}

static enum err reply_version(struct request *req, int status, int64_t id)
{
	struct muk_vrow v;
	enum err e = muk_store_version_load(req->db, req->arena, id, 1, 1, &v);

	if (e != ERR_OK)
		return muk_fail(req, e);
	return muk_json(req, status, muk_version_json(&v));
}

/* Checks the request body as content of a version of scheme s (422 with the path). */
static enum err content_in(struct request *req, const struct muk_scheme *s)
{
	struct muk_perr pe;
	struct muk_rd rd;

	muk_rd_init(&rd, &pe, "");
	if (muk_content_check(&rd, req->json, s->units, s->nunits) < 0)
		return muk_fail_perr(req, &pe);
	return ERR_OK;
}

static enum err scheme_load(struct request *req, int64_t id, struct muk_scheme **s)
{
	enum err e = muk_store_scheme_load(req->db, req->arena, id, s);

	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "muk_skema_not_found", NULL);
	if (e != ERR_OK)
		return muk_fail(req, e);
	return ERR_OK;
}

enum err muk_h_version_create(struct request *req)
{
	struct muk_scheme *s = NULL;
	int64_t sid, prev = 0, id = 0;
	enum err e;

	e = req_param_id(req, "id", &sid);
	if (e == ERR_OK)
		e = scheme_load(req, sid, &s);
	if (e == ERR_OK)
		e = content_in(req, s);
	if (e != ERR_OK)
		return e;
	/* A new draft follows the newest version of the scheme, if any. */
	e = db_get_int(
	    req->db, &prev,
	    "SELECT id FROM muk_versions WHERE scheme_id = ? ORDER BY version DESC LIMIT 1", "i",
	    sid);
	if (e != ERR_OK && e != ERR_NOT_FOUND)
		return muk_fail(req, e);
	e = db_begin(req->db);
	if (e == ERR_OK)
		e = muk_store_version_insert(req->db, req->who->account_id, sid, prev, 0, req->json,
					     req->now_ms, &id, NULL);
	e = muk_tx_end(req->db, e);
	if (e != ERR_OK)
		return muk_fail(req, e);
	return reply_version(req, 201, id);
}

enum err muk_h_versions_list(struct request *req)
{
	struct muk_scheme *s = NULL;
	struct muk_vrow *v = NULL;
	size_t n = 0;
	int64_t sid;
	json_t *arr;
	enum err e;

	e = req_param_id(req, "id", &sid);
	if (e == ERR_OK)
		e = scheme_load(req, sid, &s);
	if (e != ERR_OK)
		return e;
	e = muk_store_version_list(req->db, req->arena, sid, 0, 1, &v, &n);
	if (e != ERR_OK)
		return muk_fail(req, e);
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *refusal = muk_validate_refusal(&v[i]);

		json_array_append_new(
		    arr,
		    json_pack("{s:I, s:I, s:o, s:s, s:b, s:s, s:o, s:o, s:o}", "id",
			      (json_int_t)v[i].id, "version", (json_int_t)v[i].version, "prev_id",
			      id_or_null(v[i].prev_id), "status",
			      v[i].validated ? "validated" : "draft", "used", v[i].used,
			      "content_sha256", v[i].sha, "created_at", json_time(v[i].created_at),
			      "validated_at", time_or_null(v[i].validated_at), "validation_blocker",
			      v[i].validated ? json_null() : json_str_or_null(refusal)));
	}
	return muk_json(req, 200,
			json_pack("{s:I, s:o}", "skema_id", (json_int_t)sid, "versions", arr));
}

enum err muk_h_version_get(struct request *req)
{
	struct muk_vrow v;
	enum err e = version_from_param(req, 1, &v);

	if (e != ERR_OK)
		return e;
	return muk_json(req, 200, muk_version_json(&v));
}

enum err muk_h_version_update(struct request *req)
{
	struct muk_scheme *s = NULL;
	struct muk_vrow v;
	int64_t id = 0;
	int in_place;
	enum err e;

	e = version_from_param(req, 0, &v);
	if (e == ERR_OK)
		e = scheme_load(req, v.scheme_id, &s);
	if (e == ERR_OK)
		e = content_in(req, s);
	if (e != ERR_OK)
		return e;
	/* Immutability: a validated or used version is never changed; the edit becomes a new
	 * draft (number max+1) that points at it. */
	in_place = !v.validated && !v.used;
	e = db_begin(req->db);
	if (e == ERR_OK && in_place) {
		e = muk_store_version_update(req->db, req->who->account_id, v.id, req->json,
					     req->now_ms);
		id = v.id;
	} else if (e == ERR_OK) {
		e = muk_store_version_insert(req->db, req->who->account_id, v.scheme_id, v.id, 0,
					     req->json, req->now_ms, &id, NULL);
	}
	e = muk_tx_end(req->db, e);
	if (e == ERR_CONFLICT)
		return req_fail(req, ERR_CONFLICT, "muk_version_immutable", NULL);
	if (e != ERR_OK)
		return muk_fail(req, e);
	return reply_version(req, in_place ? 200 : 201, id);
}

/* The signed-in person's name, recorded in FR.VA / FR.IA.11. */
static const char *who_name(struct request *req)
{
	if (req->who->name && *req->who->name)
		return req->who->name;
	return arena_sprintf(req->arena, "akun %lld", (long long)req->who->account_id);
}

enum err muk_h_validation_record(struct request *req)
{
	struct muk_vrow v;
	struct muk_va va;
	struct muk_perr pe;
	struct muk_rd rd;
	json_t *doc;
	int64_t rid = 0;
	enum err e;

	e = version_from_param(req, 0, &v);
	if (e != ERR_OK)
		return e;
	muk_rd_init(&rd, &pe, "");
	if (muk_va_parse(&rd, req->json, 0, &va) < 0)
		return muk_fail_perr(req, &pe);
	/* The stored record names who entered it (the session's account). */
	doc = json_deep_copy(req->json);
	json_object_set_new(doc, "recorder", json_string(who_name(req)));
	va.doc = doc;
	e = db_begin(req->db);
	if (e == ERR_OK)
		e = muk_store_va_insert(req->db, req->who->account_id, v.id, v.sha, &va,
					req->now_ms, &rid);
	e = muk_tx_end(req->db, e);
	json_decref(doc);
	if (e != ERR_OK)
		return muk_fail(req, e);
	return muk_json(req, 201,
			json_pack("{s:I, s:I, s:s}", "id", (json_int_t)rid, "version_id",
				  (json_int_t)v.id, "content_sha256", v.sha));
}

enum err muk_h_review_record(struct request *req)
{
	struct muk_vrow v;
	struct muk_ia11 rv;
	struct muk_perr pe;
	struct muk_rd rd;
	json_t *doc;
	int64_t rid = 0;
	enum err e;

	e = version_from_param(req, 0, &v);
	if (e != ERR_OK)
		return e;
	muk_rd_init(&rd, &pe, "");
	if (muk_ia11_parse(&rd, req->json, 0, &rv) < 0)
		return muk_fail_perr(req, &pe);
	doc = json_deep_copy(req->json);
	json_object_set_new(doc, "reviewer", json_string(who_name(req)));
	rv.doc = doc;
	e = db_begin(req->db);
	if (e == ERR_OK)
		e = muk_store_review_insert(req->db, req->who->account_id, v.id, v.sha, &rv,
					    req->now_ms, &rid);
	e = muk_tx_end(req->db, e);
	json_decref(doc);
	if (e != ERR_OK)
		return muk_fail(req, e);
	return muk_json(req, 201,
			json_pack("{s:I, s:I, s:s, s:b}", "id", (json_int_t)rid, "version_id",
				  (json_int_t)v.id, "content_sha256", v.sha, "all_ya", rv.all_ya));
}

enum err muk_h_version_validate(struct request *req)
{
	struct muk_scheme *s = NULL;
	struct muk_vrow v;
	struct muk_perr pe;
	struct muk_rd rd;
	const char *refusal;
	enum err e;

	e = version_from_param(req, 1, &v);
	if (e == ERR_OK)
		e = scheme_load(req, v.scheme_id, &s);
	if (e != ERR_OK)
		return e;
	refusal = muk_validate_refusal(&v);
	if (refusal)
		return req_fail(req, ERR_CONFLICT, refusal, NULL);
	/* The tree may have changed since the draft was written: check it again. */
	muk_rd_init(&rd, &pe, "content");
	if (muk_content_check(&rd, v.content, s->units, s->nunits) < 0)
		return muk_fail_perr(req, &pe);
	e = db_begin(req->db);
	if (e == ERR_OK)
		e = muk_store_version_validate(req->db, req->who->account_id, v.id, req->now_ms);
	e = muk_tx_end(req->db, e);
	if (e == ERR_CONFLICT)
		return req_fail(req, ERR_CONFLICT, "muk_version_not_draft", NULL);
	if (e != ERR_OK)
		return muk_fail(req, e);
	return reply_version(req, 200, v.id);
}
