/* Handlers of the minimal TUK record schedules need: list, create, update (name, type, address
 * and the date its verification runs to). The TUK issue replaces the date with verification
 * records. */
#include <string.h>

#include "db.h"
#include "jadwal_internal.h"
#include "json.h"
#include "workdays.h"

#define TUK_VERIFIED_YEARS_AHEAD 5

/* Reads name, type, address and verified_until (optional; null = not verified) into t. */
static enum err read_tuk(struct request *req, struct jadwal_tuk *t)
{
	int type = 0;
	int64_t day = 0, today = workdays_day_from_ms(req->now_ms, WORKDAYS_WIB);
	enum err e;

	t->verified_until = NULL;
	e = json_in_str(req, req->json, "name", JSON_IN_REQUIRED, 3, JADWAL_TUK_NAME_MAX, &t->name);
	if (e == ERR_OK)
		e = json_in_enum(req, req->json, "type", JSON_IN_REQUIRED, jadwal_tuk_type_names, 3,
				 &type);
	if (e == ERR_OK)
		e = json_in_str(req, req->json, "address", JSON_IN_REQUIRED, 3, JADWAL_TUK_ADDR_MAX,
				&t->address);
	if (e == ERR_OK)
		e = json_in_str(req, req->json, "verified_until", JSON_IN_OPTIONAL, 1, 10,
				&t->verified_until);
	if (e != ERR_OK)
		return e;
	t->type = jadwal_tuk_type_names[type];
	if (t->verified_until && workdays_parse(t->verified_until, &day) != 0)
		return req_fail(req, ERR_INVALID, "field_format", "verified_until");
	if (t->verified_until && day > today + 366 * TUK_VERIFIED_YEARS_AHEAD)
		return req_fail(req, ERR_INVALID, "field_range", "verified_until");
	return ERR_OK;
}

/* Answers with TUK id as it is now. */
static enum err reply_tuk(struct request *req, int status, int64_t id)
{
	struct jadwal_tuk t;
	enum err e = jadwal_tuk_get(req->db, req->arena, id, &t);

	if (e != ERR_OK)
		return jadwal_fail(req, e);
	return resp_json(req, status, jadwal_tuk_json(&t));
}

enum err jadwal_h_tuk_list(struct request *req)
{
	struct jadwal_tuk *v = NULL;
	size_t n = 0;
	json_t *arr;
	enum err e = jadwal_tuk_list(req->db, req->arena, &v, &n);

	if (e != ERR_OK)
		return jadwal_fail(req, e);
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, jadwal_tuk_json(&v[i]));
	return resp_json(req, 200, json_pack("{s:o}", "tuk", arr));
}

enum err jadwal_h_tuk_create(struct request *req)
{
	struct jadwal_tuk t = {0};
	int64_t id = 0;
	enum err e;

	e = json_in_str(req, req->json, "code", JSON_IN_REQUIRED, 1, JADWAL_TUK_CODE_MAX, &t.code);
	if (e == ERR_OK && jadwal_tuk_code_check(t.code))
		e = req_fail(req, ERR_INVALID, "tuk_code_invalid", "code");
	if (e == ERR_OK)
		e = read_tuk(req, &t);
	if (e != ERR_OK)
		return e;
	if (jadwal_tuk_by_code(req->db, t.code, &id) == ERR_OK)
		return req_fail(req, ERR_CONFLICT, "tuk_code_taken", "code");
	e = db_begin(req->db);
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	e = jadwal_tx_end(req->db,
			  jadwal_tuk_insert(req->db, req->who->account_id, &t, req->now_ms, &id));
	if (e == ERR_CONFLICT)
		return req_fail(req, ERR_CONFLICT, "tuk_code_taken", "code");
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	return reply_tuk(req, 201, id);
}

enum err jadwal_h_tuk_update(struct request *req)
{
	struct jadwal_tuk old, t = {0};
	enum err e = req_param_id(req, "id", &t.id);

	if (e != ERR_OK)
		return e;
	e = jadwal_tuk_get(req->db, req->arena, t.id, &old);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	e = read_tuk(req, &t);
	if (e != ERR_OK)
		return e;
	t.code = old.code;
	e = db_begin(req->db);
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	e = jadwal_tx_end(req->db,
			  jadwal_tuk_update(req->db, req->who->account_id, &t, req->now_ms));
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	return reply_tuk(req, 200, t.id);
}
