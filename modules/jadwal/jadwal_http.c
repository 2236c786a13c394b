/* Schedule handlers (list, create, read) and the helpers the module's handlers share. An assessor
 * without jadwal.all.read sees only the schedules they are assigned to. */
#include <string.h>

#include "app.h"
#include "auth.h"
#include "db.h"
#include "hr/hr.h"
#include "jadwal_internal.h"
#include "json.h"
#include "log.h"
#include "muk/muk.h"
#include "workdays.h"

enum err jadwal_tx_end(struct db *db, enum err e)
{
	if (e == ERR_OK)
		e = db_commit(db);
	if (e != ERR_OK)
		db_rollback(db);
	return e;
}

enum err jadwal_fail(struct request *req, enum err e)
{
	return req_fail(req, e == ERR_OK ? ERR_INTERNAL : e, NULL, NULL);
}

json_t *jadwal_tuk_json(const struct jadwal_tuk *t)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)t->id, "code", t->code,
			 "name", t->name, "type", t->type, "address", t->address, "verified_until",
			 json_str_or_null(t->verified_until));
}

/* {account_id, name, met_number} of an assessor (met_number null when no longer registered). */
static json_t *person_json(struct request *req, int64_t account_id, int with_met)
{
	struct hr_asesor a;
	struct auth_account *acct = NULL;

	if (with_met && hr_asesor_get(req->db, req->arena, account_id, &a) == ERR_OK)
		return json_pack("{s:I, s:s, s:s}", "account_id", (json_int_t)account_id, "name",
				 a.name, "met_number", a.met_number);
	if (auth_account_get(req->db, req->arena, account_id, req->now_ms, &acct) != ERR_OK)
		acct = NULL;
	return with_met ? json_pack("{s:I, s:s, s:n}", "account_id", (json_int_t)account_id, "name",
				    acct ? acct->name : "", "met_number")
			: json_pack("{s:I, s:s}", "account_id", (json_int_t)account_id, "name",
				    acct ? acct->name : "");
}

/* The JSON view of a schedule; with_peserta adds the enrolled asesi. NULL on a database error. */
static json_t *jadwal_json(struct request *req, const struct jadwal *j, int with_peserta)
{
	struct muk_scheme_info sk;
	char start[JADWAL_LOCAL_LEN], end[JADWAL_LOCAL_LEN];
	json_t *o, *asesor = json_array(), *skema = json_null();

	if (muk_scheme_info(req->db, req->arena, j->skema_id, &sk) == ERR_OK) {
		json_decref(skema);
		skema = json_pack("{s:s, s:s, s:s}", "code", sk.code, "number", sk.number, "title",
				  sk.title);
	}
	for (size_t i = 0; i < j->nasesor; i++) {
		json_t *a = person_json(req, j->asesor[i].account_id, 1);

		json_object_set_new(a, "spt_number", json_string(j->asesor[i].spt_number));
		json_object_set_new(a, "assigned_at", json_time(j->asesor[i].assigned_at));
		json_array_append_new(asesor, a);
	}
	jadwal_local_format(j->start_ms, j->utc_offset_min, start, sizeof start);
	jadwal_local_format(j->end_ms, j->utc_offset_min, end, sizeof end);
	o = json_pack("{s:I, s:I, s:o, s:o, s:o, s:s, s:s, s:s, s:i, s:s, s:i, s:I, s:{s:I, s:s, "
		      "s:s, s:s, s:o}, s:o}",
		      "id", (json_int_t)j->id, "skema_id", (json_int_t)j->skema_id, "skema", skema,
		      "start_at", json_time(j->start_ms), "end_at", json_time(j->end_ms), "zone",
		      j->zone, "start_local", start, "end_local", end, "duration_min",
		      j->duration_min, "mode", jadwal_mode_names[j->mode], "capacity", j->capacity,
		      "enrolled", (json_int_t)j->enrolled, "tuk", "id", (json_int_t)j->tuk_id,
		      "code", j->tuk_code, "name", j->tuk_name, "type", j->tuk_type,
		      "verified_until", json_str_or_null(j->tuk_verified_until), "asesor", asesor);
	if (o && with_peserta) {
		struct jadwal_peserta *p = NULL;
		size_t n = 0;
		json_t *arr = json_array();

		if (jadwal_store_peserta(req->db, req->arena, j->id, &p, &n) != ERR_OK) {
			json_decref(arr);
			json_decref(o);
			return NULL;
		}
		for (size_t i = 0; i < n; i++) {
			json_t *a = person_json(req, p[i].asesi_id, 0);

			json_object_set_new(a, "case_id", json_integer(p[i].case_id));
			json_object_set_new(a, "enrolled_at", json_time(p[i].enrolled_at));
			json_array_append_new(arr, a);
		}
		json_object_set_new(o, "peserta", arr);
	}
	return o;
}

/* Answers with schedule id as it is now (404 when it does not exist). */
static enum err reply_jadwal(struct request *req, int status, int64_t id)
{
	struct jadwal j;
	json_t *o;
	enum err e = jadwal_get(req->db, req->arena, id, &j);

	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	o = jadwal_json(req, &j, 1);
	if (!o)
		return jadwal_fail(req, ERR_DB);
	return resp_json(req, status, o);
}

/* The account whose own schedules the caller is limited to; 0 when the caller sees all. */
static int64_t own_filter(struct request *req)
{
	return req_has_perm(req, JADWAL_PERM_READ_ALL) ? 0 : req->who->account_id;
}

enum err jadwal_h_list(struct request *req)
{
	int64_t skema = 0, page = 1, total = 0, from_day = 0, from_ms = INT64_MIN, *ids = NULL;
	const char *from = req_query(req, "from");
	size_t n = 0;
	json_t *arr;
	enum err e;

	e = req_query_int(req, "skema_id", 1, INT64_MAX, 0, &skema);
	if (e == ERR_OK)
		e = req_query_int(req, "page", 1, 1000000, 1, &page);
	if (e != ERR_OK)
		return e;
	/* from=YYYY-MM-DD: schedules still running at or after that day's start (WIB) */
	if (from && workdays_parse(from, &from_day) != 0)
		return req_fail(req, ERR_INVALID, "query_invalid", "from");
	if (from)
		from_ms = workdays_day_start_ms(from_day, WORKDAYS_WIB);
	e = jadwal_store_list(req->db, req->arena, own_filter(req), skema, from_ms,
			      (page - 1) * JADWAL_PAGE_SIZE, JADWAL_PAGE_SIZE, &ids, &n, &total);
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		struct jadwal j;
		json_t *o = NULL;

		e = jadwal_get(req->db, req->arena, ids[i], &j);
		if (e == ERR_OK)
			o = jadwal_json(req, &j, 0);
		if (!o) {
			json_decref(arr);
			return jadwal_fail(req, e == ERR_OK ? ERR_DB : e);
		}
		json_array_append_new(arr, o);
	}
	return resp_json(req, 200,
			 json_pack("{s:o, s:I, s:I, s:I}", "jadwal", arr, "page", (json_int_t)page,
				   "page_size", (json_int_t)JADWAL_PAGE_SIZE, "total",
				   (json_int_t)total));
}

enum err jadwal_h_get(struct request *req)
{
	int64_t id, own;
	enum err e = req_param_id(req, "id", &id);

	if (e != ERR_OK)
		return e;
	own = own_filter(req);
	/* another assessor's schedule does not exist for this caller */
	if (own && !jadwal_has_asesor(req->db, id, own))
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	return reply_jadwal(req, 200, id);
}

/* Reads and checks the scheme of a new schedule for mode. */
static enum err read_skema(struct request *req, struct jadwal_new *j)
{
	struct muk_scheme_info sk;
	enum err e;

	e = json_in_int(req, req->json, "skema_id", JSON_IN_REQUIRED, 1, INT64_MAX, &j->skema_id);
	if (e != ERR_OK)
		return e;
	e = muk_scheme_info(req->db, req->arena, j->skema_id, &sk);
	if (e == ERR_NOT_FOUND || (e == ERR_OK && !sk.active))
		return req_fail_detail(req, ERR_INVALID, "skema_unknown", "skema_id",
				       arena_sprintf(req->arena, "%lld", (long long)j->skema_id));
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	if (j->mode == JADWAL_JARAK_JAUH && !sk.remote_approved)
		return req_fail(req, ERR_INVALID, "skema_not_remote", "skema_id");
	return ERR_OK;
}

/* Reads zone, start and duration into j. */
static enum err read_time(struct request *req, struct jadwal_new *j)
{
	const char *start = NULL;
	int64_t dur = 0;
	int zone = 0, off;
	enum err e;

	e = json_in_enum(req, req->json, "zone", JSON_IN_REQUIRED, jadwal_zone_names, 3, &zone);
	if (e == ERR_OK)
		e = json_in_str(req, req->json, "start", JSON_IN_REQUIRED, 1, 16, &start);
	if (e == ERR_OK)
		e = json_in_int(req, req->json, "duration_min", JSON_IN_REQUIRED,
				JADWAL_DURATION_MIN, JADWAL_DURATION_MAX, &dur);
	if (e != ERR_OK)
		return e;
	j->zone = jadwal_zone_names[zone];
	off = workdays_zone_offset(j->zone);
	if (jadwal_local_parse(start, off, &j->start_ms) != 0)
		return req_fail(req, ERR_INVALID, "field_format", "start");
	if (j->start_ms <= req->now_ms)
		return req_fail(req, ERR_INVALID, "jadwal_start_past", "start");
	if (j->start_ms > req->now_ms + JADWAL_AHEAD_MAX_MS)
		return req_fail(req, ERR_INVALID, "field_range", "start");
	j->duration_min = (int)dur;
	j->end_ms = j->start_ms + dur * 60000;
	return ERR_OK;
}

enum err jadwal_h_create(struct request *req)
{
	struct jadwal_new j = {0};
	struct jadwal_tuk tuk;
	int mode = 0;
	int64_t cap = 0, id = 0;
	enum err e;

	e = json_in_enum(req, req->json, "mode", JSON_IN_REQUIRED, jadwal_mode_names, 2, &mode);
	j.mode = (enum jadwal_mode)mode;
	if (e == ERR_OK)
		e = read_skema(req, &j);
	if (e == ERR_OK)
		e = read_time(req, &j);
	if (e == ERR_OK)
		e = json_in_int(req, req->json, "capacity", JSON_IN_REQUIRED, 1,
				JADWAL_CAPACITY_MAX, &cap);
	if (e == ERR_OK)
		e = json_in_int(req, req->json, "tuk_id", JSON_IN_REQUIRED, 1, INT64_MAX,
				&j.tuk_id);
	if (e != ERR_OK)
		return e;
	j.capacity = (int)cap;
	e = jadwal_tuk_get(req->db, req->arena, j.tuk_id, &tuk);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_INVALID, "tuk_unknown", "tuk_id");
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	/* SE.007: remote certification only in a TUK verified for the date of use */
	if (j.mode == JADWAL_JARAK_JAUH &&
	    !jadwal_tuk_covers(tuk.verified_until, j.end_ms, workdays_zone_offset(j.zone)))
		return req_fail(req, ERR_CONFLICT, "tuk_not_verified", "tuk_id");
	e = db_begin(req->db);
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	e = jadwal_tx_end(req->db,
			  jadwal_store_insert(req->db, req->who->account_id, &j, req->now_ms, &id));
	if (e != ERR_OK)
		return jadwal_fail(req, e);
	return reply_jadwal(req, 201, id);
}
