/* The two records a MUK version needs before it is validated: FR.VA (the validation team's
 * record: team, date, period before / during / after assessment, findings, recommendations) and
 * FR.IA.11 (the instrument review: eight Ya/Tidak items with comments). Pure readers with path
 * errors. */
#include <string.h>

#include "muk_internal.h"

static const char *const va_roles[] = {"ketua", "anggota"};
static const char *const va_purposes[] = {"penjaminan_mutu",  "manajemen_risiko",
					  "persyaratan_bnsp", "kesesuaian_bukti",
					  "kualitas_praktik", "kualitas_perangkat"};
static const char *const va_contexts[] = {"internal", "eksternal", "lisensi", "kolega"};
static const char *const va_approaches[] = {
    "panel",	"pertemuan_moderasi", "tinjau_perangkat", "acuan_pembanding",
    "uji_coba", "umpan_balik_klien",  "tinjau_bukti"};
static const char *const ia11_answers[] = {"ya", "tidak"};

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

static int team_parse(struct muk_rd *r, const json_t *doc)
{
	static const char *const fields[] = {"name", "role", "met", NULL};
	const json_t *arr = NULL, *v;
	size_t m, i;
	int rc, lead = 0;

	if (muk_rd_array(r, doc, "team", MUK_REQ, 1, 10, &arr) < 0)
		return -1;
	m = muk_rd_key(r, "team");
	rc = 0;
	json_array_foreach(arr, i, v)
	{
		size_t mi = muk_rd_idx(r, i);
		const char *name, *met = NULL;
		int role = 0;

		rc = muk_rd_object(r, v, fields);
		if (rc == 0 && (muk_rd_str(r, v, "name", MUK_REQ, 3, 100, &name) < 0 ||
				muk_rd_enum(r, v, "role", MUK_REQ, va_roles, 2, &role) < 0 ||
				muk_rd_str(r, v, "met", MUK_OPT, 1, 19, &met) < 0))
			rc = -1;
		if (rc == 0 && met && !muk_met_valid(met))
			rc = muk_rd_fail_at(r, "met", "muk_met_invalid", NULL);
		lead |= role == 0;
		muk_rd_back(r, mi);
		if (rc)
			break;
	}
	if (rc == 0 && !lead)
		rc = muk_rd_fail(r, "muk_team_no_lead", NULL);
	muk_rd_back(r, m);
	return rc;
}

static int actions_parse(struct muk_rd *r, const json_t *doc)
{
	static const char *const fields[] = {"action", "due", "pic", NULL};
	const json_t *arr = NULL, *v;
	size_t m, i;
	int rc = muk_rd_array(r, doc, "action_plan", MUK_OPT, 0, 20, &arr);

	if (rc <= 0)
		return rc;
	m = muk_rd_key(r, "action_plan");
	rc = 0;
	json_array_foreach(arr, i, v)
	{
		size_t mi = muk_rd_idx(r, i);
		const char *s;

		rc = muk_rd_object(r, v, fields);
		if (rc == 0 && (muk_rd_text(r, v, "action", MUK_REQ, 3, 1000, &s) < 0 ||
				muk_rd_date(r, v, "due", MUK_REQ, &s) < 0 ||
				muk_rd_str(r, v, "pic", MUK_REQ, 3, 100, &s) < 0))
			rc = -1;
		muk_rd_back(r, mi);
		if (rc)
			break;
	}
	muk_rd_back(r, m);
	return rc;
}

int muk_va_parse(struct muk_rd *r, const json_t *doc, int from_export, struct muk_va *out)
{
	static const char *const fields[] = {
	    "team",	"date",	    "place",	       "period",      "purpose",  "context",
	    "approach", "findings", "recommendations", "action_plan", "recorder", NULL};
	const char *s;
	unsigned mask;

	memset(out, 0, sizeof *out);
	if (muk_rd_object(r, doc, fields) < 0 || team_parse(r, doc) < 0 ||
	    muk_rd_date(r, doc, "date", MUK_REQ, &out->date) < 0 ||
	    muk_rd_str(r, doc, "place", MUK_OPT, 0, 200, &s) < 0 ||
	    muk_rd_enum(r, doc, "period", MUK_REQ, muk_period_names, 3, &out->period) < 0 ||
	    muk_rd_enum_set(r, doc, "purpose", MUK_OPT, 1, va_purposes, NELEMS(va_purposes),
			    &mask) < 0 ||
	    muk_rd_enum_set(r, doc, "context", MUK_OPT, 1, va_contexts, NELEMS(va_contexts),
			    &mask) < 0 ||
	    muk_rd_enum_set(r, doc, "approach", MUK_OPT, 1, va_approaches, NELEMS(va_approaches),
			    &mask) < 0 ||
	    muk_rd_text(r, doc, "findings", MUK_REQ, 3, 4000, &s) < 0 ||
	    muk_rd_text(r, doc, "recommendations", MUK_REQ, 3, 4000, &s) < 0 ||
	    actions_parse(r, doc) < 0)
		return -1;
	/* Who recorded it comes from the session; an export carries the name it was given. */
	if (from_export) {
		if (muk_rd_str(r, doc, "recorder", MUK_REQ, 1, 100, &s) < 0)
			return -1;
	} else if (json_object_get(doc, "recorder")) {
		return muk_rd_fail_at(r, "recorder", "muk_field_unknown", NULL);
	}
	out->doc = doc;
	return 0;
}

int muk_ia11_parse(struct muk_rd *r, const json_t *doc, int from_export, struct muk_ia11 *out)
{
	static const char *const fields[] = {"items", "date", "comment", "reviewer", NULL};
	static const char *const item_fields[] = {"answer", "comment", NULL};
	const json_t *arr = NULL, *v;
	const char *s;
	size_t m, i;
	int rc;

	memset(out, 0, sizeof *out);
	if (muk_rd_object(r, doc, fields) < 0 ||
	    muk_rd_array(r, doc, "items", MUK_REQ, MUK_IA11_ITEMS, MUK_IA11_ITEMS, &arr) < 0)
		return -1;
	out->all_ya = 1;
	m = muk_rd_key(r, "items");
	rc = 0;
	json_array_foreach(arr, i, v)
	{
		size_t mi = muk_rd_idx(r, i);
		int answer = 1;

		rc = muk_rd_object(r, v, item_fields);
		if (rc == 0 &&
		    (muk_rd_enum(r, v, "answer", MUK_REQ, ia11_answers, 2, &answer) < 0 ||
		     muk_rd_text(r, v, "comment", MUK_OPT, 0, 1000, &s) < 0))
			rc = -1;
		out->all_ya &= answer == 0;
		muk_rd_back(r, mi);
		if (rc)
			break;
	}
	muk_rd_back(r, m);
	if (rc || muk_rd_date(r, doc, "date", MUK_REQ, &out->date) < 0 ||
	    muk_rd_text(r, doc, "comment", MUK_OPT, 0, 2000, &s) < 0)
		return -1;
	if (from_export) {
		if (muk_rd_str(r, doc, "reviewer", MUK_REQ, 1, 100, &s) < 0)
			return -1;
	} else if (json_object_get(doc, "reviewer")) {
		return muk_rd_fail_at(r, "reviewer", "muk_field_unknown", NULL);
	}
	out->doc = doc;
	return 0;
}
