/* HTTP handlers of the case: create, list, read (with the steps the caller may take next), the
 * transition table, and the one generic transition endpoint that every workflow step goes
 * through: POST /api/cases/:id/events/:event. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth.h"
#include "buf.h"
#include "cert_forms.h"
#include "cert_internal.h"
#include "certification.h"
#include "db.h"
#include "jadwal/jadwal.h"
#include "json.h"
#include "ledger.h"
#include "muk/muk.h"
#include "workdays.h"

#define PERM_READ_ANY "cert.case.read"

static const char *const purposes[] = {"sertifikasi", "pkt", "rpl", "lainnya"};

static enum err ledger_case(struct request *req, int64_t case_id, const char *action,
			    json_t *payload)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)case_id);
	enum err e = ledger_append(req->db, req->who->account_id, action, "case", id, payload,
				   req->now_ms, NULL);
	json_decref(payload);
	return e;
}

static enum err tx_end(struct request *req, enum err e)
{
	if (e == ERR_OK)
		return db_commit(req->db);
	db_rollback(req->db);
	return e;
}

enum err cert_h_case_create(struct request *req)
{
	int64_t skema_id = 0, id = 0;
	int purpose = 0, open = 0;
	struct muk_scheme_info s;
	enum err e;
	if ((e = json_in_int(req, req->json, "skema_id", JSON_IN_REQUIRED, 1, INT64_MAX,
			     &skema_id)) != ERR_OK ||
	    (e = json_in_enum(req, req->json, "purpose", JSON_IN_OPTIONAL, purposes, 4,
			      &purpose)) != ERR_OK)
		return e;
	e = muk_scheme_info(req->db, req->arena, skema_id, &s);
	if (e == ERR_NOT_FOUND || (e == ERR_OK && !s.active))
		return req_fail(req, ERR_INVALID, "skema_unavailable", "skema_id");
	if (e != ERR_OK)
		return e;
	if ((e = cert_store_open_case_exists(req->db, req->who->account_id, skema_id, &open)) !=
	    ERR_OK)
		return e;
	if (open)
		return req_fail(req, ERR_CONFLICT, "case_open_exists", "skema_id");
	struct cert_case c = {.asesi_id = req->who->account_id,
			      .skema_id = skema_id,
			      .purpose = purposes[purpose],
			      .state = CS_APL01_DRAFT,
			      .state_since = req->now_ms,
			      .created_at = req->now_ms,
			      .updated_at = req->now_ms};
	if ((e = db_begin(req->db)) != ERR_OK)
		return e;
	e = cert_store_case_insert(req->db, &c, &id);
	if (e == ERR_OK)
		e = ledger_case(req, id, "cert.case.create",
				json_pack("{s:I, s:s}", "skema_id", (json_int_t)skema_id, "purpose",
					  c.purpose));
	if ((e = tx_end(req, e)) != ERR_OK)
		return e;
	c.id = id;
	return resp_json(req, 201, cert_case_json(&c));
}

/* The case, refused as not found unless the caller owns it, is an assessor assigned to its
 * schedule, or may read every case. is_owner / is_asesor (may be NULL) say which. */
enum err cert_load_visible(struct request *req, struct cert_case *c, int *is_owner, int *is_asesor)
{
	int64_t id;
	enum err e = req_param_id(req, "id", &id);
	if (e != ERR_OK)
		return e;
	e = cert_store_case_get(req->db, req->arena, id, c);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e != ERR_OK)
		return e;
	int owner = c->asesi_id == req->who->account_id;
	int asesor = c->jadwal_id && jadwal_has_asesor(req->db, c->jadwal_id, req->who->account_id);
	if (is_owner)
		*is_owner = owner;
	if (is_asesor)
		*is_asesor = asesor;
	if (owner || asesor || req_has_perm(req, PERM_READ_ANY))
		return ERR_OK;
	return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
}

/* Adds the asesi's name and the scheme's title to a case object, for people who read the list:
 * the accounts and schemes belong to other modules and are read through their headers. */
static void case_names(struct request *req, json_t *o)
{
	struct auth_account *a = NULL;
	struct muk_scheme_info s;
	int64_t asesi = json_integer_value(json_object_get(o, "asesi_id"));
	int64_t skema = json_integer_value(json_object_get(o, "skema_id"));
	if (auth_account_get(req->db, req->arena, asesi, req->now_ms, &a) == ERR_OK && a)
		json_object_set_new(o, "asesi_name", json_str_or_null(a->name));
	if (muk_scheme_info(req->db, req->arena, skema, &s) == ERR_OK)
		json_object_set_new(o, "skema_title", json_str_or_null(s.title));
}

enum err cert_h_cases_list(struct request *req)
{
	int64_t page, total = 0;
	const char *state = req_query(req, "state");
	enum err e = req_query_int(req, "page", 1, 100000, 1, &page);
	if (e != ERR_OK)
		return e;
	if (state && cert_state_parse(state) < 0)
		return req_fail(req, ERR_INVALID, "query_invalid", "state");
	/* an asesi sees their own cases; staff with the permission see every case; ?asesor=1: the
	 * cases of the schedules the caller is assigned to as assessor (not paged) */
	int64_t only = req_has_perm(req, PERM_READ_ANY) ? 0 : req->who->account_id;
	int64_t overdue = 0, mine = 0;
	if ((e = req_query_int(req, "overdue", 0, 1, 0, &overdue)) != ERR_OK ||
	    (e = req_query_int(req, "asesor", 0, 1, 0, &mine)) != ERR_OK)
		return e;
	if (mine) {
		int64_t ids[100];
		size_t n = jadwal_of_asesor(req->db, req->who->account_id, ids, 100);
		json_t *cases = json_array(), *c;
		size_t i;
		for (size_t k = 0; k < n; k++)
			cert_store_cases_of_jadwal(req->db, ids[k], state, cases);
		json_array_foreach(cases, i, c) case_names(req, c);
		return resp_json(req, 200,
				 json_pack("{s:o, s:i, s:I, s:I}", "cases", cases, "page", 1,
					   "page_size", (json_int_t)json_array_size(cases), "total",
					   (json_int_t)json_array_size(cases)));
	}
	json_t *cases = cert_store_cases_json(req->db, only, state, overdue ? req->now_ms : 0, 50,
					      (page - 1) * 50, &total);
	size_t i;
	json_t *c;
	json_array_foreach(cases, i, c) case_names(req, c);
	return resp_json(req, 200,
			 json_pack("{s:o, s:I, s:i, s:I}", "cases", cases, "page", (json_int_t)page,
				   "page_size", 50, "total", (json_int_t)total));
}

/* Whether the signed-in account may take transition t on case c; sets the error when not. */
static enum err may_take(struct request *req, const struct cert_case *c,
			 const struct cert_transition *t)
{
	int involved = 0;
	enum err e;
	if (!req_has_perm(req, t->perm))
		return req_fail(req, ERR_FORBIDDEN, "forbidden", NULL);
	switch (t->actor) {
	case CA_OWNER_ASESI:
		if (c->asesi_id != req->who->account_id)
			return req_fail(req, ERR_FORBIDDEN, "case_not_owner", NULL);
		return ERR_OK;
	case CA_ASSIGNED_ASESOR:
		if (!c->jadwal_id ||
		    !jadwal_has_asesor(req->db, c->jadwal_id, req->who->account_id))
			return req_fail(req, ERR_FORBIDDEN, "case_not_assigned", NULL);
		return ERR_OK;
	case CA_INDEPENDENT:
		if ((e = cert_store_actor_involved(req->db, c->id, req->who->account_id,
						   &involved)) != ERR_OK)
			return e;
		if (!involved && c->jadwal_id)
			involved = jadwal_has_asesor(req->db, c->jadwal_id, req->who->account_id);
		if (involved || c->asesi_id == req->who->account_id)
			return req_fail(req, ERR_FORBIDDEN, "case_not_independent", NULL);
		return ERR_OK;
	case CA_STAFF:
		return ERR_OK;
	}
	return ERR_INTERNAL;
}

/* What a step carries besides a note, read and checked before anything is written. */
struct step_input {
	int64_t jadwal_id;
	int64_t potensi; /* plan_confirm: the asesi's potential category (FR.MAPA.01), 1..5 */
	const char *sk_number, *berita_acara;
	const char *cert_no, *reg_no, *blanko_no, *issue_date;
	char valid_until[16];
};

static enum err read_step_input(struct request *req, const struct cert_case *c,
				const struct cert_transition *t, struct step_input *in)
{
	enum err e;
	json_t *b = req->json;
	if (t->guard == CG_SCHEDULE_VALID)
		return json_in_int(req, b, "jadwal_id", JSON_IN_REQUIRED, 1, INT64_MAX,
				   &in->jadwal_id);
	if (t->guard == CG_MUK_VALIDATED) /* optional when the plan has one category only */
		return json_in_int(req, b, "potensi_asesi", JSON_IN_OPTIONAL, 1, 5, &in->potensi);
	if (!strcmp(t->event, "assessment_start")) {
		/* remote assessment starts with the identity check on camera (SOP-AJJ) */
		int checked = 0;
		if ((e = json_in_bool(req, b, "identity_checked", JSON_IN_OPTIONAL, &checked)) !=
		    ERR_OK)
			return e;
		if (!checked)
			return req_fail(req, ERR_INVALID, "cert_identity_not_checked",
					"identity_checked");
	}
	if (t->guard == CG_RECOMMENDATION_K || t->guard == CG_RECOMMENDATION_BK) {
		/* the committee's minutes (berita acara) and the SK number of the decision */
		if ((e = json_in_str(req, b, "sk_number", JSON_IN_REQUIRED, 3, 100,
				     &in->sk_number)) != ERR_OK)
			return e;
		return json_in_str(req, b, "berita_acara", JSON_IN_REQUIRED, 10, 20000,
				   &in->berita_acara);
	}
	if (t->guard == CG_CERT_NUMBERS_UNIQUE) {
		struct muk_scheme_info s;
		int64_t day;
		if ((e = json_in_str(req, b, "certificate_number", 1, 1, 64, &in->cert_no)) !=
			ERR_OK ||
		    (e = json_in_str(req, b, "registration_number", 1, 1, 64, &in->reg_no)) !=
			ERR_OK ||
		    (e = json_in_str(req, b, "blanko_number", 1, 1, 64, &in->blanko_no)) !=
			ERR_OK ||
		    (e = json_in_str(req, b, "issue_date", 1, 10, 10, &in->issue_date)) != ERR_OK)
			return e;
		if (workdays_parse(in->issue_date, &day) != 0)
			return req_fail(req, ERR_INVALID, "field_format", "issue_date");
		if ((e = muk_scheme_info(req->db, req->arena, c->skema_id, &s)) != ERR_OK)
			return e;
		/* valid until = issue date + the scheme's validity (default 36 months) */
		if (cert_date_add_months(in->issue_date, s.validity_months, in->valid_until,
					 sizeof in->valid_until) != 0)
			return req_fail(req, ERR_INVALID, "field_format", "issue_date");
	}
	return ERR_OK;
}

/* The value of a field in the latest signed part of (case, form, role), or NULL. */
static const char *signed_value(struct request *req, int64_t case_id, const char *code,
				const char *role, const char *field)
{
	struct cert_form_part part;
	if (cert_store_form_latest(req->db, req->arena, case_id, code, role, &part) != ERR_OK)
		return NULL;
	json_t *d = json_loads(part.data, 0, NULL);
	const char *v = json_string_value(json_object_get(d, field));
	const char *copy = v ? arena_strdup(req->arena, v) : NULL;
	json_decref(d);
	return copy;
}

/* The transition's guard; a guard whose check is not built yet refuses (never passes). */
static enum err check_guard(struct request *req, const struct cert_case *c,
			    const struct cert_transition *t, struct step_input *in)
{
	int64_t jadwal_id = in->jadwal_id;
	int all = 0;
	const char *rec, *taken = NULL;
	int64_t version = 0;
	const char *why = NULL;
	struct jadwal j;
	enum err e;
	switch (t->guard) {
	case CG_NONE:
		return ERR_OK;
	case CG_SCHEDULE_VALID:
		/* a schedule of this scheme, not yet begun, that can take this asesi */
		e = jadwal_get(req->db, req->arena, jadwal_id, &j);
		if (e == ERR_NOT_FOUND || (e == ERR_OK && j.skema_id != c->skema_id))
			return req_fail(req, ERR_INVALID, "cert_jadwal_unsuitable", "jadwal_id");
		if (e != ERR_OK)
			return e;
		if (j.start_ms <= req->now_ms)
			return req_fail(req, ERR_CONFLICT, "cert_jadwal_started", "jadwal_id");
		if ((e = jadwal_can_take(req->db, jadwal_id, c->asesi_id, &why)) == ERR_CONFLICT)
			return req_fail(req, ERR_CONFLICT, why, "jadwal_id");
		return e;
	case CG_BOTH_SIGNED:
		return ERR_OK; /* check_form() required every signer's part */
	case CG_BATCH_FEEDBACK_DONE:
		if ((e = cert_store_batch_feedback_done(req->db, c->jadwal_id, &all)) != ERR_OK)
			return e;
		return all ? ERR_OK : req_fail(req, ERR_CONFLICT, "cert_batch_not_done", NULL);
	case CG_RECOMMENDATION_K:
	case CG_RECOMMENDATION_BK:
		/* the committee decides on the assessor's FR.AK.02 recommendation */
		rec = signed_value(req, c->id, "FR.AK.02", "asesor", "rekomendasi");
		if (!rec || strcmp(rec, t->guard == CG_RECOMMENDATION_K ? "K" : "BK") != 0)
			return req_fail_detail(req, ERR_CONFLICT, "cert_recommendation_differs",
					       NULL, rec ? rec : "-");
		return ERR_OK;
	case CG_CERT_NUMBERS_UNIQUE:
		e = cert_store_certificate_numbers_free(req->db, in->cert_no, in->reg_no,
							in->blanko_no, &taken);
		return e == ERR_CONFLICT ? req_fail(req, ERR_CONFLICT, "cert_number_taken", taken)
					 : e;
	case CG_REQUIREMENTS_MARKED:
		/* ensured by the signed FR.APL.01 admin part: its definition requires a mark for
		 * every requirement of the scheme (checked when it was signed) */
		return t->form ? ERR_OK : req_fail(req, ERR_INTERNAL, NULL, NULL);
	case CG_MUK_VALIDATED: {
		e = muk_version_current(req->db, c->skema_id, &version);
		if (e == ERR_NOT_FOUND)
			return req_fail(req, ERR_CONFLICT, "cert_muk_not_validated", NULL);
		if (e != ERR_OK)
			return e;
		/* the potential category picks the FR.MAPA.02 column: it must be in the plan */
		unsigned mask = muk_plan_categories(req->db, version);
		if (!in->potensi) {
			for (int k = 1; k <= 5; k++)
				if (mask == (1u << k))
					in->potensi = k;
			if (!in->potensi)
				return req_fail(req, ERR_INVALID, "field_required",
						"potensi_asesi");
		}
		if (!(mask & (1u << in->potensi)))
			return req_fail(req, ERR_INVALID, "cert_potensi_not_planned",
					"potensi_asesi");
		return ERR_OK;
	}
	case CG_INSTRUMENTS_COMPLETE:
		return cert_instruments_complete(req, c);
	default:
		return req_fail_detail(req, ERR_CONFLICT, "step_not_ready", NULL,
				       cert_guard_name(t->guard));
	}
}

/* The events the caller could take now (permission and actor), for the UI. */
static json_t *allowed_for(struct request *req, const struct cert_case *c)
{
	json_t *arr = json_array();
	size_t n;
	const struct cert_transition *t = cert_transitions(&n);
	for (size_t i = 0; i < n; i++) {
		if (t[i].from != c->state)
			continue;
		struct response saved = req->resp; /* may_take records refusals: keep none */
		enum err e = may_take(req, c, &t[i]);
		req->resp = saved;
		if (e != ERR_OK)
			continue;
		json_t *o =
		    json_pack("{s:s, s:s, s:o}", "event", t[i].event, "to",
			      cert_state_name(t[i].to), "form", json_str_or_null(t[i].form));
		const struct cert_form *f = t[i].form ? cert_form_find(t[i].form) : NULL;
		const char *role = f ? cert_actor_part_role(f, &t[i]) : NULL;
		if (role) /* the part the caller signs for this step */
			json_object_set_new(o, "role", json_string(role));
		if (t[i].when_field) /* the value that part must hold */
			json_object_set_new(o, "requires",
					    json_pack("{s:s}", t[i].when_field, t[i].when_value));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* The form parts the caller may sign now, each with whether it is already signed in this stage:
 * for instance the asesi's part of FR.AK.01, whose step the assessor takes once both signed. */
static json_t *signable_for(struct request *req, const struct cert_case *c, int owner, int asesor)
{
	json_t *arr = json_array();
	size_t n;
	const struct cert_transition *t = cert_transitions(&n);
	for (size_t i = 0; i < n; i++) {
		const struct cert_form *f =
		    t[i].from == c->state && t[i].form ? cert_form_find(t[i].form) : NULL;
		for (const char *const *sg = f ? f->signers : NULL; sg && *sg; sg++) {
			size_t k;
			json_t *x;
			int dup = 0;
			json_array_foreach(arr, k, x) dup |=
			    !strcmp(json_string_value(json_object_get(x, "form")), f->code) &&
			    !strcmp(json_string_value(json_object_get(x, "role")), *sg);
			if (dup || !cert_sign_role_allowed(req, c, f, *sg, owner, asesor))
				continue;
			struct cert_form_part part;
			int done = cert_store_form_latest(req->db, req->arena, c->id, f->code, *sg,
							  &part) == ERR_OK &&
				   !strcmp(part.case_state, cert_state_name(c->state));
			json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "form", f->code,
							     "role", *sg, "signed", done));
		}
	}
	return arr;
}

enum err cert_h_case_get(struct request *req)
{
	struct cert_case c;
	int owner = 0, asesor = 0;
	enum err e = cert_load_visible(req, &c, &owner, &asesor);
	if (e != ERR_OK)
		return e;
	json_t *o = cert_case_json(&c);
	case_names(req, o);
	json_object_set_new(o, "viewer",
			    json_pack("{s:b, s:b}", "owner", owner, "assigned_asesor", asesor));
	json_object_set_new(o, "events", cert_store_case_events_json(req->db, c.id));
	struct jadwal j;
	if (c.jadwal_id && jadwal_get(req->db, req->arena, c.jadwal_id, &j) == ERR_OK)
		/* what the asesi needs of their schedule (the schedule API itself is staff's) */
		json_object_set_new(
		    o, "jadwal",
		    json_pack("{s:I, s:o, s:o, s:s, s:i, s:s, s:o}", "id", (json_int_t)j.id,
			      "start", json_time(j.start_ms), "end", json_time(j.end_ms), "zone",
			      j.zone, "duration_min", j.duration_min, "mode",
			      j.mode == JADWAL_JARAK_JAUH ? "jarak_jauh" : "tatap_muka", "tuk",
			      json_str_or_null(j.tuk_name)));
	json_t *outcome = cert_store_outcome_json(req->db, c.id);
	json_object_update_missing(o, outcome);
	json_decref(outcome);
	json_object_set_new(o, "allowed", allowed_for(req, &c));
	json_object_set_new(o, "signable", signable_for(req, &c, owner, asesor));
	return resp_json(req, 200, o);
}

enum err cert_h_transitions(struct request *req)
{
	size_t n;
	const struct cert_transition *t = cert_transitions(&n);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    arr, json_pack("{s:s, s:s, s:s, s:s, s:o, s:i, s:s}", "from",
				   cert_state_name(t[i].from), "event", t[i].event, "to",
				   cert_state_name(t[i].to), "permission", t[i].perm, "form",
				   json_str_or_null(t[i].form), "deadline_working_days",
				   t[i].deadline_wd, "sop_step", t[i].sop_step));
	return resp_json(req, 200, json_pack("{s:o}", "transitions", arr));
}

/* The part of form f that the actor of transition t fills: the asesi's, the assessor's, or the
 * first staff part (admin_lsp, komite_teknis ...). */
const char *cert_actor_part_role(const struct cert_form *f, const struct cert_transition *t)
{
	if (t->actor == CA_OWNER_ASESI)
		return "asesi";
	if (t->actor == CA_ASSIGNED_ASESOR)
		return "asesor";
	for (const struct cert_part *p = f->parts; p && p->code; p++)
		if (strcmp(p->role, "asesi") != 0 && strcmp(p->role, "asesor") != 0)
			return p->role;
	return NULL;
}

/* A step that needs a form needs the actor's part signed in the current stage (a part signed
 * before a revision does not count), holding the transition's value where it names one; with
 * CG_BOTH_SIGNED every signer's part. */
static enum err check_form(struct request *req, const struct cert_case *c,
			   const struct cert_transition *t)
{
	const struct cert_form *f = cert_form_find(t->form);
	const char *role;
	struct cert_form_part part;
	enum err e;
	if (!f || !(role = cert_actor_part_role(f, t)))
		return req_fail(req, ERR_INTERNAL, NULL, NULL);
	for (const char *const *sg = f->signers; sg && *sg; sg++) {
		const char *r = *sg;
		int mine = !strcmp(r, role);
		if (!mine && t->guard != CG_BOTH_SIGNED)
			continue;
		e = cert_store_form_latest(req->db, req->arena, c->id, f->code, r, &part);
		if (e == ERR_NOT_FOUND ||
		    (e == ERR_OK && strcmp(part.case_state, cert_state_name(c->state)) != 0))
			return req_fail_detail(req, ERR_CONFLICT, "form_not_signed", NULL,
					       arena_sprintf(req->arena, "%s (%s)", f->code, r));
		if (e != ERR_OK)
			return e;
		json_t *data = json_loads(part.data, 0, NULL);
		int ok = data && cert_form_signed(f, r, data);
		if (ok && mine && t->when_field) {
			const char *v = json_string_value(json_object_get(data, t->when_field));
			ok = v && !strcmp(v, t->when_value);
			if (!ok) {
				json_decref(data);
				return req_fail_detail(req, ERR_CONFLICT, "form_says_otherwise",
						       t->when_field, t->when_value);
			}
		}
		json_decref(data);
		if (!ok)
			return req_fail_detail(req, ERR_CONFLICT, "form_not_signed", NULL,
					       arena_sprintf(req->arena, "%s (%s)", f->code, r));
	}
	return ERR_OK;
}

/* A re-assessment of the BK units: a new case linked to this one, already past the requirement
 * check (the asesi's FR.APL.01 was accepted), waiting for a schedule. */
static enum err open_reassessment(struct request *req, const struct cert_case *c)
{
	int open = 0;
	int64_t id = 0;
	enum err e = cert_store_open_case_exists(req->db, c->asesi_id, c->skema_id, &open);
	if (e != ERR_OK)
		return e;
	if (open) /* one open case per scheme */
		return ERR_CONFLICT;
	return cert_case_open_reassessment(req->db, c->id, req->who->account_id, req->now_ms, &id);
}

/* What a step changes besides the stage, inside its transaction: schedule_assign enrols the
 * asesi in the schedule, plan_confirm pins the validated MUK version (and marks it used, so it
 * stays immutable). */
static enum err side_effects(struct request *req, const struct cert_case *c,
			     const struct cert_transition *t, const struct step_input *in)
{
	int64_t jadwal_id = in->jadwal_id;
	enum err e;
	if (t->guard == CG_RECOMMENDATION_K || t->guard == CG_RECOMMENDATION_BK)
		return cert_store_decision_insert(
		    req->db, c->id, t->guard == CG_RECOMMENDATION_K ? "K" : "BK", in->sk_number,
		    in->berita_acara, req->who->account_id, req->now_ms);
	if (t->guard == CG_CERT_NUMBERS_UNIQUE)
		return cert_store_certificate_insert(req->db, c->id, in->cert_no, in->reg_no,
						     in->blanko_no, in->issue_date, in->valid_until,
						     req->who->account_id, req->now_ms);
	if (!strcmp(t->event, "reassessment_open"))
		return open_reassessment(req, c);
	if (!strcmp(t->event, "assessment_record")) /* the assessor's FR.AK.02 recommendation */
		return cert_store_case_set_recommendation(
		    req->db, c->id, signed_value(req, c->id, "FR.AK.02", "asesor", "rekomendasi"));
	if (!strcmp(t->event, "schedule_assign")) {
		e = jadwal_enrol(req->db, jadwal_id, c->asesi_id, c->id, req->who->account_id,
				 req->now_ms);
		return e == ERR_OK ? cert_store_case_set_jadwal(req->db, c->id, jadwal_id) : e;
	}
	if (!strcmp(t->event, "plan_confirm")) {
		int64_t version = 0;
		if ((e = muk_version_current(req->db, c->skema_id, &version)) != ERR_OK)
			return e;
		e = muk_version_mark_used_by(req->db, version, req->who->account_id, req->now_ms);
		if (e == ERR_OK)
			e = cert_store_case_set_potensi(req->db, c->id, (int)in->potensi);
		return e == ERR_OK ? cert_store_case_set_muk(req->db, c->id, version) : e;
	}
	return ERR_OK;
}

static enum err commit_event(struct request *req, const struct cert_case *c,
			     const struct cert_transition *t, const char *note,
			     const struct step_input *in)
{
	struct cert_case after;
	enum err e;
	if ((e = db_begin(req->db)) != ERR_OK)
		return e;
	e = side_effects(req, c, t, in);
	if (e == ERR_OK)
		e = cert_store_case_move(
		    req->db, c->id, c->state, t->to, t->event, req->who->account_id, 0, note,
		    cert_due_at(req->app, req->db, req->now_ms, t->deadline_wd), req->now_ms);
	if (e == ERR_CONFLICT) {
		db_rollback(req->db);
		return req_fail(req, ERR_CONFLICT, "case_moved", NULL);
	}
	if (e == ERR_OK)
		e = ledger_case(req, c->id, "cert.case.transition",
				json_pack("{s:s, s:s, s:s}", "event", t->event, "from",
					  cert_state_name(c->state), "to", cert_state_name(t->to)));
	if ((e = tx_end(req, e)) != ERR_OK)
		return e;
	if ((e = cert_store_case_get(req->db, req->arena, c->id, &after)) != ERR_OK)
		return e;
	json_t *o = cert_case_json(&after);
	json_object_set_new(o, "allowed", allowed_for(req, &after));
	return resp_json(req, 200, o);
}

enum err cert_h_case_event(struct request *req)
{
	struct cert_case c;
	const char *event = req_param(req, "event");
	enum err e = cert_load_visible(req, &c, NULL, NULL);
	if (e != ERR_OK)
		return e;
	const struct cert_transition *t = cert_fsm_find(c.state, event);
	if (!t) {
		const char *allowed[16];
		size_t n = cert_fsm_allowed(c.state, allowed, 16);
		struct buf b;
		buf_init(&b);
		for (size_t i = 0; i < n && i < 16; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", allowed[i]);
		const char *list = arena_strdup(req->arena, b.len ? b.ptr : "-");
		buf_cleanup(&b);
		return req_fail_detail(req, ERR_CONFLICT, "transition_not_allowed", "event", list);
	}
	if ((e = may_take(req, &c, t)) != ERR_OK)
		return e;
	const char *note = NULL;
	if (req->json &&
	    (e = json_in_str(req, req->json, "note", JSON_IN_OPTIONAL, 0, 2000, &note)) != ERR_OK)
		return e;
	if (!strcmp(t->event, "apl01_request_revision") && !note) /* say what to fix */
		return req_fail(req, ERR_INVALID, "field_required", "note");
	if (t->form && (e = check_form(req, &c, t)) != ERR_OK)
		return e;
	struct step_input *in = arena_zalloc(req->arena, sizeof *in);
	if ((e = read_step_input(req, &c, t, in)) != ERR_OK)
		return e;
	if ((e = check_guard(req, &c, t, in)) != ERR_OK)
		return e;
	return commit_event(req, &c, t, note, in);
}
