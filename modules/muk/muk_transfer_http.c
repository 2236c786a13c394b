/* Export and import of a scheme with all its MUK versions as one JSON document, so an LSP can move
 * schemes between installations. Import is all or nothing: one transaction, refused whole on any
 * error (422 with the JSON path) or when the scheme number or code exists (409). */
#include <string.h>

#include "db.h"
#include "json.h"
#include "muk_internal.h"

enum err muk_h_skema_export(struct request *req)
{
	struct muk_scheme *s = NULL;
	struct muk_vrow *v = NULL;
	size_t n = 0;
	int64_t id;
	enum err e;

	/* The document carries answer keys: it needs the right to read them too. */
	e = req_require_perm(req, PERM_VERSION_READ);
	if (e == ERR_OK)
		e = req_param_id(req, "id", &id);
	if (e != ERR_OK)
		return e;
	e = muk_store_scheme_load(req->db, req->arena, id, &s);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "muk_skema_not_found", NULL);
	if (e == ERR_OK)
		e = muk_store_version_list(req->db, req->arena, id, 1, 1, &v, &n);
	if (e != ERR_OK)
		return muk_fail(req, e);
	resp_header(req, "Content-Disposition",
		    arena_sprintf(req->arena, "attachment; filename=\"skema-%s.json\"", s->code));
	return muk_json(req, 200, muk_export_build(s, v, n));
}

enum err muk_h_skema_import(struct request *req)
{
	struct muk_import imp;
	struct muk_perr pe;
	char sha[65];
	int64_t sid = 0;
	enum err e;

	if (muk_import_parse(req->json, req->arena, &imp, &pe) < 0)
		return muk_fail_perr(req, &pe);
	e = muk_check_taken(req, &imp.scheme, 0, "skema");
	if (e != ERR_OK)
		return e;
	muk_json_sha256(req->json, sha);
	e = db_begin(req->db);
	if (e == ERR_OK)
		e = muk_store_import(req->db, req->who->account_id, &imp, sha, req->now_ms, &sid);
	e = muk_tx_end(req->db, e);
	if (e == ERR_CONFLICT)
		return req_fail(req, ERR_CONFLICT, "muk_skema_number_taken", "skema.number");
	if (e != ERR_OK)
		return muk_fail(req, e);
	return muk_json(
	    req, 201,
	    json_pack("{s:I, s:I}", "id", (json_int_t)sid, "versions", (json_int_t)imp.nv));
}
