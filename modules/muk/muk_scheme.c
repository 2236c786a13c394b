/* The scheme document: reading a scheme (metadata, approvals, basic requirements with upload
 * limits, the unit -> elemen -> KUK tree) from JSON with path errors, and writing it back in the
 * same shape. Pure: no SQL. */
#include <string.h>

#include "json.h"
#include "muk_internal.h"

static const char *const scheme_fields[] = {
    "code",	   "number", "title",	  "type",   "kkni_level",   "fee_idr", "validity_months",
    "appeal_days", "remote", "paperless", "active", "requirements", "units",   NULL};
static const char *const scheme_fields_no_units[] = {
    "code",	   "number", "title",	  "type",   "kkni_level",   "fee_idr", "validity_months",
    "appeal_days", "remote", "paperless", "active", "requirements", NULL};
static const char *const approval_fields[] = {"approved", "approval_number", "approval_date", NULL};
static const char *const req_fields[] = {"ref",	      "text",  "evidence", "applies_to",
					 "max_bytes", "types", NULL};
static const char *const unit_fields[] = {"code", "title", "elements", NULL};
static const char *const element_fields[] = {"title", "kuk", NULL};
static const char *const file_types[] = {"pdf", "jpg", "png"};

/* Reads "remote" / "paperless": {approved, approval_number, approval_date}; absent = not
 * approved. The number and date are required when approved and refused otherwise. */
static int approval_parse(struct muk_rd *r, const json_t *obj, const char *key,
			  struct muk_approval *out)
{
	const json_t *o = NULL;
	size_t m;
	int rc;

	memset(out, 0, sizeof *out);
	rc = muk_rd_member_object(r, obj, key, MUK_OPT, &o);
	if (rc <= 0)
		return rc;
	m = muk_rd_key(r, key);
	rc = muk_rd_object(r, o, approval_fields);
	if (rc == 0)
		rc = muk_rd_bool(r, o, "approved", MUK_REQ, &out->approved) < 0 ? -1 : 0;
	if (rc == 0 && out->approved) {
		if (muk_rd_str(r, o, "approval_number", MUK_REQ, 3, 100, &out->number) < 0 ||
		    muk_rd_date(r, o, "approval_date", MUK_REQ, &out->date) < 0)
			rc = -1;
	} else if (rc == 0) {
		const json_t *n = json_object_get(o, "approval_number");
		const json_t *d = json_object_get(o, "approval_date");

		if (n && !json_is_null(n))
			rc = muk_rd_fail_at(r, "approval_number", "muk_approval_unexpected", NULL);
		else if (d && !json_is_null(d))
			rc = muk_rd_fail_at(r, "approval_date", "muk_approval_unexpected", NULL);
	}
	muk_rd_back(r, m);
	return rc;
}

static int types_parse(struct muk_rd *r, const json_t *req, unsigned *out)
{
	const json_t *arr = NULL, *v;
	size_t m, i;
	int rc;

	*out = MUK_FT_ALL;
	rc = muk_rd_array(r, req, "types", MUK_OPT, 1, 3, &arr);
	if (rc <= 0)
		return rc;
	*out = 0;
	m = muk_rd_key(r, "types");
	json_array_foreach(arr, i, v)
	{
		size_t mi = muk_rd_idx(r, i);
		int t = 0;

		rc = muk_rd_v_enum(r, v, file_types, 3, &t);
		if (rc == 0 && (*out & (1u << t)))
			rc = muk_rd_fail(r, "muk_duplicate", NULL);
		*out |= 1u << t;
		muk_rd_back(r, mi);
		if (rc)
			break;
	}
	muk_rd_back(r, m);
	return rc;
}

static int reqs_parse(struct muk_rd *r, const json_t *obj, struct arena *a, struct muk_scheme *s)
{
	const json_t *arr = NULL, *v;
	size_t m, i;
	int rc;

	rc = muk_rd_array(r, obj, "requirements", MUK_OPT, 0, MUK_REQS_MAX, &arr);
	if (rc <= 0)
		return rc;
	s->nreqs = json_array_size(arr);
	s->reqs = arena_zalloc(a, (s->nreqs + 1) * sizeof *s->reqs);
	m = muk_rd_key(r, "requirements");
	rc = 0;
	json_array_foreach(arr, i, v)
	{
		struct muk_req *q = &s->reqs[i];
		size_t mi = muk_rd_idx(r, i);

		q->max_bytes = MUK_UPLOAD_DEFAULT;
		rc = muk_rd_object(r, v, req_fields);
		if (rc == 0 && (muk_rd_str(r, v, "ref", MUK_OPT, 1, 20, &q->ref) < 0 ||
				muk_rd_text(r, v, "text", MUK_REQ, 3, 1000, &q->text) < 0 ||
				muk_rd_text(r, v, "evidence", MUK_REQ, 3, 500, &q->evidence) < 0 ||
				muk_rd_enum(r, v, "applies_to", MUK_OPT, muk_applies_names, 3,
					    &q->applies_to) < 0 ||
				muk_rd_int(r, v, "max_bytes", MUK_OPT, MUK_UPLOAD_MIN,
					   MUK_UPLOAD_MAX, &q->max_bytes) < 0 ||
				types_parse(r, v, &q->types) < 0))
			rc = -1;
		muk_rd_back(r, mi);
		if (rc)
			break;
	}
	muk_rd_back(r, m);
	return rc;
}

static int element_parse(struct muk_rd *r, const json_t *v, struct arena *a, struct muk_element *e)
{
	const json_t *arr = NULL, *k;
	size_t m, i;
	int rc;

	if (muk_rd_object(r, v, element_fields) < 0 ||
	    muk_rd_text(r, v, "title", MUK_REQ, 3, 500, &e->title) < 0 ||
	    muk_rd_array(r, v, "kuk", MUK_REQ, 1, MUK_KUK_MAX, &arr) < 0)
		return -1;
	e->nkuk = json_array_size(arr);
	e->kuk = arena_zalloc(a, (e->nkuk + 1) * sizeof *e->kuk);
	m = muk_rd_key(r, "kuk");
	rc = 0;
	json_array_foreach(arr, i, k)
	{
		size_t mi = muk_rd_idx(r, i);

		rc = muk_rd_v_text(r, k, 3, 1000, &e->kuk[i]);
		muk_rd_back(r, mi);
		if (rc)
			break;
	}
	muk_rd_back(r, m);
	return rc;
}

static int unit_parse(struct muk_rd *r, const json_t *v, struct arena *a, struct muk_unit *u)
{
	const json_t *arr = NULL, *e;
	size_t m, i;
	int rc;

	if (muk_rd_object(r, v, unit_fields) < 0 ||
	    muk_rd_str(r, v, "code", MUK_REQ, 1, 20, &u->code) < 0)
		return -1;
	if (!muk_unit_code_valid(u->code))
		return muk_rd_fail_at(r, "code", "muk_unit_code_invalid", NULL);
	if (muk_rd_text(r, v, "title", MUK_REQ, 3, 300, &u->title) < 0 ||
	    muk_rd_array(r, v, "elements", MUK_REQ, 1, MUK_ELEMENTS_MAX, &arr) < 0)
		return -1;
	u->nel = json_array_size(arr);
	u->el = arena_zalloc(a, (u->nel + 1) * sizeof *u->el);
	m = muk_rd_key(r, "elements");
	rc = 0;
	json_array_foreach(arr, i, e)
	{
		size_t mi = muk_rd_idx(r, i);

		rc = element_parse(r, e, a, &u->el[i]);
		muk_rd_back(r, mi);
		if (rc)
			break;
	}
	muk_rd_back(r, m);
	return rc;
}

int muk_units_parse(struct muk_rd *r, const json_t *arr, struct arena *a, struct muk_unit **out,
		    size_t *n)
{
	const json_t *v;
	struct muk_unit *u;
	size_t i;
	int rc = 0;

	if (!json_is_array(arr))
		return muk_rd_fail(r, "field_type", NULL);
	if (json_array_size(arr) == 0)
		return muk_rd_fail(r, "field_required", NULL);
	if (json_array_size(arr) > MUK_UNITS_MAX)
		return muk_rd_fail(r, "muk_too_many", NULL);
	u = arena_zalloc(a, (json_array_size(arr) + 1) * sizeof *u);
	json_array_foreach(arr, i, v)
	{
		size_t mi = muk_rd_idx(r, i);

		rc = unit_parse(r, v, a, &u[i]);
		for (size_t k = 0; rc == 0 && k < i; k++)
			if (strcmp(u[k].code, u[i].code) == 0)
				rc = muk_rd_fail_at(r, "code", "muk_unit_duplicate", u[i].code);
		muk_rd_back(r, mi);
		if (rc)
			return rc;
	}
	*out = u;
	*n = json_array_size(arr);
	return 0;
}

int muk_scheme_parse(struct muk_rd *r, const json_t *obj, struct arena *a, unsigned flags,
		     struct muk_scheme *s)
{
	const json_t *units = NULL;
	int64_t level = 0;
	int rc;

	memset(s, 0, sizeof *s);
	s->validity_months = MUK_VALIDITY_DEF;
	s->appeal_days = MUK_APPEAL_DAYS_DEF;
	s->active = 1;
	if (muk_rd_object(r, obj,
			  (flags & MUK_SCHEME_UNITS_ALLOWED) ? scheme_fields
							     : scheme_fields_no_units) < 0 ||
	    muk_rd_str(r, obj, "code", MUK_REQ, 1, 32, &s->code) < 0)
		return -1;
	if (!muk_scheme_code_valid(s->code))
		return muk_rd_fail_at(r, "code", "muk_skema_code_invalid", NULL);
	if (muk_rd_str(r, obj, "number", MUK_REQ, 1, 64, &s->number) < 0)
		return -1;
	if (!muk_scheme_number_valid(s->number))
		return muk_rd_fail_at(r, "number", "muk_skema_number_invalid", NULL);
	if (muk_rd_str(r, obj, "title", MUK_REQ, 3, 200, &s->title) < 0 ||
	    muk_rd_enum(r, obj, "type", MUK_REQ, muk_kind_names, 3, &s->kind) < 0)
		return -1;
	rc = muk_rd_int(r, obj, "kkni_level", s->kind == MUK_KIND_KKNI, 1, 9, &level);
	if (rc < 0)
		return -1;
	if (rc == 1 && s->kind != MUK_KIND_KKNI)
		return muk_rd_fail_at(r, "kkni_level", "muk_kkni_level_only_kkni", NULL);
	s->kkni_level = (int)level;
	if (muk_rd_int(r, obj, "fee_idr", MUK_REQ, 0, MUK_FEE_MAX, &s->fee_idr) < 0 ||
	    muk_rd_int(r, obj, "validity_months", MUK_OPT, 1, 120, &s->validity_months) < 0 ||
	    muk_rd_int(r, obj, "appeal_days", MUK_OPT, 1, 90, &s->appeal_days) < 0 ||
	    approval_parse(r, obj, "remote", &s->remote) < 0 ||
	    approval_parse(r, obj, "paperless", &s->paperless) < 0 ||
	    muk_rd_bool(r, obj, "active", MUK_OPT, &s->active) < 0 || reqs_parse(r, obj, a, s) < 0)
		return -1;
	if (!(flags & MUK_SCHEME_UNITS_ALLOWED))
		return 0;
	units = json_object_get(obj, "units");
	if (units && !json_is_null(units)) {
		size_t m = muk_rd_key(r, "units");

		rc = muk_units_parse(r, units, a, &s->units, &s->nunits);
		muk_rd_back(r, m);
		if (rc)
			return rc;
		s->has_units = 1;
	}
	return 0;
}

static json_t *approval_json(const struct muk_approval *ap)
{
	return json_pack("{s:b, s:o, s:o}", "approved", ap->approved, "approval_number",
			 json_str_or_null(ap->approved ? ap->number : NULL), "approval_date",
			 json_str_or_null(ap->approved ? ap->date : NULL));
}

static json_t *types_json(unsigned t)
{
	json_t *a = json_array();

	for (int i = 0; i < 3; i++)
		if (t & (1u << i))
			json_array_append_new(a, json_string(file_types[i]));
	return a;
}

json_t *muk_scheme_to_json(const struct muk_scheme *s, int with_id)
{
	json_t *o, *reqs = json_array(), *units = json_array();

	for (size_t i = 0; i < s->nreqs; i++) {
		const struct muk_req *q = &s->reqs[i];

		json_array_append_new(reqs, json_pack("{s:o, s:s, s:s, s:s, s:I, s:o}", "ref",
						      json_str_or_null(q->ref), "text", q->text,
						      "evidence", q->evidence, "applies_to",
						      muk_applies_names[q->applies_to], "max_bytes",
						      (json_int_t)q->max_bytes, "types",
						      types_json(q->types)));
	}
	for (size_t i = 0; i < s->nunits; i++) {
		const struct muk_unit *u = &s->units[i];
		json_t *els = json_array();

		for (size_t k = 0; k < u->nel; k++) {
			json_t *kuk = json_array();

			for (size_t j = 0; j < u->el[k].nkuk; j++)
				json_array_append_new(kuk, json_string(u->el[k].kuk[j]));
			json_array_append_new(
			    els, json_pack("{s:s, s:o}", "title", u->el[k].title, "kuk", kuk));
		}
		json_array_append_new(units, json_pack("{s:s, s:s, s:o}", "code", u->code, "title",
						       u->title, "elements", els));
	}
	o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:I, s:I, s:I, s:o, s:o, s:b, s:o, s:o}", "code",
		      s->code, "number", s->number, "title", s->title, "type",
		      muk_kind_names[s->kind], "kkni_level",
		      s->kkni_level ? json_integer(s->kkni_level) : json_null(), "fee_idr",
		      (json_int_t)s->fee_idr, "validity_months", (json_int_t)s->validity_months,
		      "appeal_days", (json_int_t)s->appeal_days, "remote",
		      approval_json(&s->remote), "paperless", approval_json(&s->paperless),
		      "active", s->active, "requirements", reqs, "units", units);
	if (o && with_id) {
		json_object_set_new(o, "id", json_integer(s->id));
		json_object_set_new(o, "muk_validated", json_boolean(s->frozen));
	}
	return o;
}

json_t *muk_scheme_summary_json(const struct muk_scheme *s)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:I, s:o, s:{s:b}, s:b}", "id",
			 (json_int_t)s->id, "code", s->code, "number", s->number, "title", s->title,
			 "type", muk_kind_names[s->kind], "kkni_level",
			 s->kkni_level ? json_integer(s->kkni_level) : json_null(), "fee_idr",
			 (json_int_t)s->fee_idr, "remote", approval_json(&s->remote), "paperless",
			 "approved", s->paperless.approved, "active", s->active);
}
