/* Scheme handlers (the public list and detail for the portal, create, update and the unit tree)
 * and the helpers every muk handler shares. The unit tree and the scheme's code and number are
 * frozen once a version is validated; the rest of the metadata stays editable. */
#include <string.h>

#include "db.h"
#include "json.h"
#include "log.h"
#include "muk_internal.h"

enum err muk_tx_end(struct db *db, enum err e)
{
	if (e == ERR_OK)
		e = db_commit(db);
	if (e != ERR_OK)
		db_rollback(db);
	return e;
}

enum err muk_fail(struct request *req, enum err e)
{
	if (e == ERR_OK)
		e = ERR_INTERNAL;
	return req_fail(req, e, NULL, NULL);
}

enum err muk_fail_perr(struct request *req, const struct muk_perr *pe)
{
	const char *field = pe->path[0] ? arena_strdup(req->arena, pe->path) : NULL;
	const char *detail = pe->detail[0] ? arena_strdup(req->arena, pe->detail) : NULL;

	return req_fail_detail(req, ERR_INVALID, pe->code ? pe->code : "invalid", field, detail);
}

enum err muk_json(struct request *req, int status, json_t *obj)
{
	if (!obj) {
		log_error("muk: %s built no JSON", req->route ? req->route->op : "?");
		return req_fail(req, ERR_INTERNAL, NULL, NULL);
	}
	return resp_json(req, status, obj);
}

/* Loads the scheme named by :id; 404 (set) when absent. */
static enum err scheme_from_param(struct request *req, struct muk_scheme **s)
{
	int64_t id;
	enum err e = req_param_id(req, "id", &id);

	if (e != ERR_OK)
		return e;
	e = muk_store_scheme_load(req->db, req->arena, id, s);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "muk_skema_not_found", NULL);
	if (e != ERR_OK)
		return muk_fail(req, e);
	return ERR_OK;
}

enum err muk_check_taken(struct request *req, const struct muk_scheme *s, int64_t except_id,
			 const char *field_prefix)
{
	const char *field = NULL;
	enum err e = muk_store_scheme_taken(req->db, s->code, s->number, except_id, &field);

	if (e != ERR_OK)
		return muk_fail(req, e);
	if (!field)
		return ERR_OK;
	return req_fail(
	    req, ERR_CONFLICT,
	    strcmp(field, "number") == 0 ? "muk_skema_number_taken" : "muk_skema_code_taken",
	    *field_prefix ? arena_sprintf(req->arena, "%s.%s", field_prefix, field) : field);
}

/* The scheme as stored, 200 or 201. */
static enum err reply_scheme(struct request *req, int status, int64_t id)
{
	struct muk_scheme *s = NULL;
	enum err e = muk_store_scheme_load(req->db, req->arena, id, &s);

	if (e != ERR_OK)
		return muk_fail(req, e);
	return muk_json(req, status, muk_scheme_to_json(s, 1));
}

enum err muk_h_skema_list(struct request *req)
{
	const char *all = req_query(req, "all");
	struct muk_scheme *v = NULL;
	size_t n = 0;
	json_t *arr;
	enum err e;

	if (all && strcmp(all, "1") != 0)
		return req_fail(req, ERR_INVALID, "query_invalid", "all");
	/* Inactive schemes are for staff only; the portal lists active ones. */
	if (all && (e = req_require_perm(req, PERM_SKEMA_MANAGE)) != ERR_OK)
		return e;
	e = muk_store_scheme_list(req->db, req->arena, all != NULL, &v, &n);
	if (e != ERR_OK)
		return muk_fail(req, e);
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, muk_scheme_summary_json(&v[i]));
	return muk_json(req, 200, json_pack("{s:o}", "skema", arr));
}

enum err muk_h_skema_get(struct request *req)
{
	struct muk_scheme *s = NULL;
	enum err e = scheme_from_param(req, &s);

	if (e != ERR_OK)
		return e;
	if (!s->active && !req_has_perm(req, PERM_SKEMA_MANAGE))
		return req_fail(req, ERR_NOT_FOUND, "muk_skema_not_found", NULL);
	return muk_json(req, 200, muk_scheme_to_json(s, 1));
}

enum err muk_h_skema_create(struct request *req)
{
	struct muk_scheme s;
	struct muk_perr pe;
	struct muk_rd rd;
	int64_t id = 0;
	enum err e;

	muk_rd_init(&rd, &pe, "");
	if (muk_scheme_parse(&rd, req->json, req->arena, MUK_SCHEME_UNITS_ALLOWED, &s) < 0)
		return muk_fail_perr(req, &pe);
	e = muk_check_taken(req, &s, 0, "");
	if (e != ERR_OK)
		return e;
	e = db_begin(req->db);
	if (e == ERR_OK)
		e = muk_store_scheme_insert(req->db, req->who->account_id, &s, req->now_ms, &id);
	e = muk_tx_end(req->db, e);
	if (e == ERR_CONFLICT)
		return req_fail(req, ERR_CONFLICT, "muk_skema_number_taken", "number");
	if (e != ERR_OK)
		return muk_fail(req, e);
	return reply_scheme(req, 201, id);
}

enum err muk_h_skema_update(struct request *req)
{
	struct muk_scheme *old = NULL, s;
	struct muk_perr pe;
	struct muk_rd rd;
	enum err e;

	e = scheme_from_param(req, &old);
	if (e != ERR_OK)
		return e;
	muk_rd_init(&rd, &pe, "");
	if (muk_scheme_parse(&rd, req->json, req->arena, MUK_SCHEME_NO_UNITS, &s) < 0)
		return muk_fail_perr(req, &pe);
	/* Cases, certificates and BNSP reports cite a validated scheme by its number. */
	if (old->frozen && strcmp(old->number, s.number) != 0)
		return req_fail(req, ERR_CONFLICT, "muk_skema_identity_frozen", "number");
	if (old->frozen && strcmp(old->code, s.code) != 0)
		return req_fail(req, ERR_CONFLICT, "muk_skema_identity_frozen", "code");
	e = muk_check_taken(req, &s, old->id, "");
	if (e != ERR_OK)
		return e;
	e = db_begin(req->db);
	if (e == ERR_OK)
		e = muk_store_scheme_update(req->db, req->who->account_id, old->id, &s,
					    req->now_ms);
	e = muk_tx_end(req->db, e);
	if (e == ERR_CONFLICT)
		return req_fail(req, ERR_CONFLICT, "muk_skema_number_taken", "number");
	if (e != ERR_OK)
		return muk_fail(req, e);
	return reply_scheme(req, 200, old->id);
}

enum err muk_h_units_set(struct request *req)
{
	static const char *const fields[] = {"units", NULL};
	struct muk_scheme *s = NULL;
	struct muk_unit *units = NULL;
	size_t n = 0;
	struct muk_perr pe;
	struct muk_rd rd;
	enum err e;

	e = scheme_from_param(req, &s);
	if (e != ERR_OK)
		return e;
	muk_rd_init(&rd, &pe, "");
	if (muk_rd_object(&rd, req->json, fields) < 0)
		return muk_fail_perr(req, &pe);
	if (!json_object_get(req->json, "units"))
		return req_fail(req, ERR_INVALID, "field_required", "units");
	muk_rd_key(&rd, "units");
	if (muk_units_parse(&rd, json_object_get(req->json, "units"), req->arena, &units, &n) < 0)
		return muk_fail_perr(req, &pe);
	/* A validated MUK refers to this tree (IA.01 per KUK, MAPA per unit). */
	if (s->frozen)
		return req_fail(req, ERR_CONFLICT, "muk_tree_frozen", "units");
	e = db_begin(req->db);
	if (e == ERR_OK)
		e = muk_store_units_replace(req->db, req->who->account_id, s->id, units, n,
					    req->now_ms);
	e = muk_tx_end(req->db, e);
	if (e != ERR_OK)
		return muk_fail(req, e);
	return reply_scheme(req, 200, s->id);
}
