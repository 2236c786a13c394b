/* Handlers for the people of a schedule: assigning an assessor (which issues the SPT Asesor),
 * withdrawing one, and an assessor declaring a conflict of interest with an asesi. */
#include <string.h>

#include "app.h"
#include "auth.h"
#include "db.h"
#include "jadwal_internal.h"
#include "json.h"

enum err jadwal_h_asesor_assign(struct request *req)
{
	char spt[JADWAL_SPT_MAX];
	const char *why = NULL;
	int64_t id, asesor = 0, other = 0;
	enum err e = req_param_id(req, "id", &id);

	if (e == ERR_OK)
		e = json_in_int(req, req->json, "account_id", JSON_IN_REQUIRED, 1, INT64_MAX,
				&asesor);
	if (e != ERR_OK)
		return e;
	e = db_begin(req->db);
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	e = jadwal_tx_end(req->db,
			  jadwal_assign(req->db, req->app->cfg->lsp_code, id, asesor,
					req->who->account_id, req->now_ms, spt, &why, &other));
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e == ERR_CONFLICT && why && other)
		return req_fail_detail(req, ERR_CONFLICT, why, "account_id",
				       arena_sprintf(req->arena, "%lld", (long long)other));
	if (e == ERR_CONFLICT && why)
		return req_fail(req, ERR_CONFLICT, why, "account_id");
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	return resp_json(req, 201,
			 json_pack("{s:I, s:I, s:s}", "jadwal_id", (json_int_t)id, "account_id",
				   (json_int_t)asesor, "spt_number", spt));
}

enum err jadwal_h_asesor_withdraw(struct request *req)
{
	const char *why = NULL;
	int64_t id, asesor;
	enum err e = req_param_id(req, "id", &id);

	if (e == ERR_OK)
		e = req_param_id(req, "account_id", &asesor);
	if (e != ERR_OK)
		return e;
	e = db_begin(req->db);
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	e = jadwal_tx_end(
	    req->db, jadwal_withdraw(req->db, id, asesor, req->who->account_id, req->now_ms, &why));
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e == ERR_CONFLICT && why)
		return req_fail(req, ERR_CONFLICT, why, NULL);
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	return resp_status(req, 204);
}

enum err jadwal_h_conflict_declare(struct request *req)
{
	struct auth_account *asesi = NULL;
	const char *reason = NULL;
	int64_t me = req->who->account_id, asesi_id = 0, id = 0, *shared = NULL;
	size_t nshared = 0;
	json_t *arr;
	enum err e;

	e = json_in_int(req, req->json, "asesi_id", JSON_IN_REQUIRED, 1, INT64_MAX, &asesi_id);
	if (e == ERR_OK)
		e = json_in_str(req, req->json, "reason", JSON_IN_REQUIRED, 3, JADWAL_REASON_MAX,
				&reason);
	if (e != ERR_OK)
		return e;
	if (asesi_id == me)
		return req_fail(req, ERR_INVALID, "conflict_self", "asesi_id");
	e = auth_account_get(req->db, req->arena, asesi_id, req->now_ms, &asesi);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_INVALID, "asesi_unknown", "asesi_id");
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	e = db_begin(req->db);
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	e = jadwal_tx_end(
	    req->db, jadwal_store_conflict_insert(req->db, me, asesi_id, reason, req->now_ms, &id));
	if (e == ERR_CONFLICT)
		return req_fail(req, ERR_CONFLICT, "conflict_already_declared", "asesi_id");
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	/* Schedules already shared with that asesi: the LSP must reassign one of them. */
	e = jadwal_store_shared(req->db, req->arena, me, asesi_id, &shared, &nshared);
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	arr = json_array();
	for (size_t i = 0; i < nshared; i++)
		json_array_append_new(arr, json_integer(shared[i]));
	return resp_json(req, 201,
			 json_pack("{s:I, s:I, s:o, s:o}", "id", (json_int_t)id, "asesi_id",
				   (json_int_t)asesi_id, "declared_at", json_time(req->now_ms),
				   "affected_jadwal", arr));
}
