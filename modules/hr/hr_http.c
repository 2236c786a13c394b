/* Handlers of the assessor registry: list, register, read and update an assessor (MET number,
 * certificate, validity, scope of schemes, active flag). */
#include <string.h>

#include "app.h"
#include "auth.h"
#include "db.h"
#include "hr_internal.h"
#include "json.h"
#include "muk/muk.h"
#include "workdays.h"

/* Commits when e is ERR_OK (returning the commit's result), otherwise rolls back and returns e. */
static enum err tx_end(struct db *db, enum err e)
{
	if (e == ERR_OK)
		e = db_commit(db);
	if (e != ERR_OK)
		db_rollback(db);
	return e;
}

/* Sets the response for an unexpected error. */
static enum err fail(struct request *req, enum err e)
{
	return req_fail(req, e == ERR_OK ? ERR_INTERNAL : e, NULL, NULL);
}

/* The JSON view of an assessor; certificate_valid as of the request time. */
static json_t *asesor_json(struct request *req, const struct hr_asesor *a)
{
	json_t *scope = json_array();

	for (size_t i = 0; i < a->nskema; i++)
		json_array_append_new(scope, json_integer(a->skema_ids[i]));
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:o}", "account_id",
			 (json_int_t)a->account_id, "name", a->name, "email", a->email,
			 "met_number", a->met_number, "certificate_number", a->certificate_number,
			 "certificate_valid_until", a->certificate_valid_until, "certificate_valid",
			 hr_cert_valid_on(a->certificate_valid_until, req->now_ms) == 1, "active",
			 a->active, "skema_ids", scope);
}

/* Answers with the assessor account_id as it is now. */
static enum err reply_asesor(struct request *req, int status, int64_t account_id)
{
	struct hr_asesor a;
	json_t *o;
	enum err e = hr_asesor_get(req->db, req->arena, account_id, &a);

	if (e != ERR_OK)
		return fail(req, e);
	o = asesor_json(req, &a);
	if (!o)
		return fail(req, ERR_INTERNAL);
	return resp_json(req, status, o);
}

/* Reads "skema_ids": distinct ids of schemes the muk module knows. */
static enum err read_scope(struct request *req, struct hr_asesor_input *in)
{
	json_t *arr = NULL, *v;
	size_t i;
	enum err e;

	in->skema_ids = NULL;
	in->nskema = 0;
	e = json_in_array(req, req->json, "skema_ids", JSON_IN_OPTIONAL, HR_SCOPE_MAX, &arr);
	if (e != ERR_OK || !arr)
		return e;
	in->skema_ids = arena_alloc(req->arena, (json_array_size(arr) + 1) * sizeof *in->skema_ids);
	json_array_foreach(arr, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return req_fail(req, ERR_INVALID, "field_type", "skema_ids");
		in->skema_ids[in->nskema++] = json_integer_value(v);
	}
	in->nskema = hr_ids_unique(in->skema_ids, in->nskema);
	for (i = 0; i < in->nskema; i++) {
		struct muk_scheme_info info;

		e = muk_scheme_info(req->db, req->arena, in->skema_ids[i], &info);
		if (e == ERR_NOT_FOUND)
			return req_fail_detail(
			    req, ERR_INVALID, "skema_unknown", "skema_ids",
			    arena_sprintf(req->arena, "%lld", (long long)in->skema_ids[i]));
		if (e != ERR_OK)
			return fail(req, e);
	}
	return ERR_OK;
}

/* Reads and checks the registry fields of a create or update body. */
static enum err read_input(struct request *req, struct hr_asesor_input *in)
{
	int64_t until = 0, today = workdays_day_from_ms(req->now_ms, WORKDAYS_WIB);
	int active = 1;
	enum err e;

	memset(in, 0, sizeof *in);
	e = json_in_str(req, req->json, "met_number", JSON_IN_REQUIRED, 1, 40, &in->met_number);
	if (e == ERR_OK && hr_met_check(in->met_number, hr_year_of(req->now_ms)))
		e = req_fail(req, ERR_INVALID, "met_invalid", "met_number");
	if (e == ERR_OK)
		e = json_in_str(req, req->json, "certificate_number", JSON_IN_REQUIRED, 1,
				HR_CERT_NUMBER_MAX, &in->certificate_number);
	if (e == ERR_OK && hr_cert_number_check(in->certificate_number))
		e = req_fail(req, ERR_INVALID, "certificate_number_invalid", "certificate_number");
	if (e == ERR_OK)
		e = json_in_str(req, req->json, "certificate_valid_until", JSON_IN_REQUIRED, 1, 10,
				&in->valid_until);
	if (e == ERR_OK && workdays_parse(in->valid_until, &until) != 0)
		e = req_fail(req, ERR_INVALID, "field_format", "certificate_valid_until");
	/* An assessor certificate runs 3 years; a date further ahead is a typing error. */
	if (e == ERR_OK && until > today + 366 * HR_CERT_YEARS_AHEAD)
		e = req_fail(req, ERR_INVALID, "field_range", "certificate_valid_until");
	if (e == ERR_OK)
		e = json_in_bool(req, req->json, "active", JSON_IN_OPTIONAL, &active);
	in->active = active;
	if (e == ERR_OK)
		e = read_scope(req, in);
	return e;
}

/* A pseudonym of the MET and certificate numbers for the ledger (arena). */
static const char *record_ref(struct request *req, const struct hr_asesor_input *in)
{
	char *ref = arena_alloc(req->arena, 65);

	app_pseudonym(req->app,
		      arena_sprintf(req->arena, "%s|%s", in->met_number, in->certificate_number),
		      ref);
	return ref;
}

/* 409 met_taken when met_number belongs to an assessor other than self. */
static enum err check_met_free(struct request *req, const char *met, int64_t self)
{
	int64_t owner = 0;
	enum err e = hr_store_met_owner(req->db, met, &owner);

	if (e == ERR_NOT_FOUND || (e == ERR_OK && owner == self))
		return ERR_OK;
	if (e == ERR_OK)
		return req_fail(req, ERR_CONFLICT, "met_taken", "met_number");
	return fail(req, e);
}

enum err hr_h_list(struct request *req)
{
	int64_t skema = 0, active = -1, page = 1, total = 0, *ids = NULL;
	size_t n = 0;
	json_t *arr;
	enum err e;

	e = req_query_int(req, "skema_id", 1, INT64_MAX, 0, &skema);
	if (e == ERR_OK)
		e = req_query_int(req, "active", 0, 1, -1, &active);
	if (e == ERR_OK)
		e = req_query_int(req, "page", 1, 1000000, 1, &page);
	if (e != ERR_OK)
		return e;
	e = hr_store_asesor_list(req->db, req->arena, skema, (int)active, (page - 1) * HR_PAGE_SIZE,
				 HR_PAGE_SIZE, &ids, &n, &total);
	if (e != ERR_OK)
		return fail(req, e);
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		struct hr_asesor a;

		e = hr_asesor_get(req->db, req->arena, ids[i], &a);
		if (e != ERR_OK) {
			json_decref(arr);
			return fail(req, e);
		}
		json_array_append_new(arr, asesor_json(req, &a));
	}
	return resp_json(req, 200,
			 json_pack("{s:o, s:I, s:I, s:I}", "asesor", arr, "page", (json_int_t)page,
				   "page_size", (json_int_t)HR_PAGE_SIZE, "total",
				   (json_int_t)total));
}

enum err hr_h_get(struct request *req)
{
	int64_t id;
	struct hr_asesor a;
	enum err e = req_param_id(req, "account_id", &id);

	if (e != ERR_OK)
		return e;
	e = hr_asesor_get(req->db, req->arena, id, &a);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "asesor_not_registered", NULL);
	if (e != ERR_OK)
		return fail(req, e);
	return resp_json(req, 200, asesor_json(req, &a));
}

enum err hr_h_create(struct request *req)
{
	struct hr_asesor_input in;
	struct hr_asesor existing;
	struct auth_account *acct = NULL;
	int64_t id = 0;
	int is_asesor = 0;
	enum err e;

	e = json_in_int(req, req->json, "account_id", JSON_IN_REQUIRED, 1, INT64_MAX, &id);
	if (e == ERR_OK)
		e = read_input(req, &in);
	if (e != ERR_OK)
		return e;
	e = auth_account_get(req->db, req->arena, id, req->now_ms, &acct);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_INVALID, "account_unknown", "account_id");
	if (e != ERR_OK)
		return fail(req, e);
	for (size_t i = 0; i < acct->nroles; i++)
		is_asesor |= strcmp(acct->roles[i], HR_ROLE_ASESOR) == 0;
	if (!is_asesor)
		return req_fail(req, ERR_INVALID, "account_not_asesor", "account_id");
	e = hr_store_asesor_row(req->db, req->arena, id, &existing);
	if (e == ERR_OK)
		return req_fail(req, ERR_CONFLICT, "asesor_already_registered", "account_id");
	if (e != ERR_NOT_FOUND)
		return fail(req, e);
	e = check_met_free(req, in.met_number, id);
	if (e != ERR_OK)
		return e;
	e = db_begin(req->db);
	if (e != ERR_OK)
		return fail(req, e);
	e = tx_end(req->db, hr_store_asesor_insert(req->db, req->who->account_id, id, &in,
						   record_ref(req, &in), req->now_ms));
	if (e == ERR_CONFLICT) /* lost a race with another registration */
		return req_fail(req, ERR_CONFLICT, "asesor_already_registered", "account_id");
	if (e != ERR_OK)
		return fail(req, e);
	return reply_asesor(req, 201, id);
}

enum err hr_h_update(struct request *req)
{
	struct hr_asesor_input in;
	struct hr_asesor old;
	int64_t id;
	enum err e = req_param_id(req, "account_id", &id);

	if (e == ERR_OK)
		e = read_input(req, &in);
	if (e != ERR_OK)
		return e;
	e = hr_store_asesor_row(req->db, req->arena, id, &old);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "asesor_not_registered", NULL);
	if (e != ERR_OK)
		return fail(req, e);
	e = check_met_free(req, in.met_number, id);
	if (e != ERR_OK)
		return e;
	e = db_begin(req->db);
	if (e != ERR_OK)
		return fail(req, e);
	e = tx_end(req->db, hr_store_asesor_update(req->db, req->who->account_id, id, &in,
						   record_ref(req, &in), req->now_ms));
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "asesor_not_registered", NULL);
	if (e == ERR_CONFLICT)
		return req_fail(req, ERR_CONFLICT, "met_taken", "met_number");
	if (e != ERR_OK)
		return fail(req, e);
	return reply_asesor(req, 200, id);
}
