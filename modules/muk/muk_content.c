/* The content of a MUK version, checked strictly against the scheme's unit tree: FR.MAPA.01 (the
 * assessment plan), FR.MAPA.02 (which of IA.01-IA.11 per work group and asesi potential category)
 * and the instruments IA.01-IA.10. Every error names its JSON path. Pure: no SQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "muk_internal.h"

#define NINSTR	      11 /* ia01 .. ia11 */
#define IA01	      0
#define IA11	      10
#define CATEGORIES    5
#define PLAN_MAX      500
#define GROUPS_MAX    50
#define IA01_MAX      3000
#define QUESTION_MAX  2000
#define ANSWER_MAX    4000
#define IA05_ITEMS    200
#define IA05_OPTS_MAX 6

static const char *const instr_names[NINSTR] = {"ia01", "ia02", "ia03", "ia04", "ia05", "ia06",
						"ia07", "ia08", "ia09", "ia10", "ia11"};
/* instr_names as a NULL-terminated member list (muk_rd_object). */
static const char *const instr_members[NINSTR + 1] = {
    "ia01", "ia02", "ia03", "ia04", "ia05", "ia06", "ia07", "ia08", "ia09", "ia10", "ia11", NULL};
static const char *const category_keys[CATEGORIES] = {"1", "2", "3", "4", "5"};
static const char *const purposes[] = {"sertifikasi", "pkt", "rpl", "lainnya"};
static const char *const workplaces[] = {"nyata", "simulasi"};
static const char *const opportunities[] = {"tersedia", "terbatas"};
static const char *const assessors[] = {"lsp", "lembaga_pelatihan", "asesor_perusahaan"};
static const char *const confirmers[] = {"manajer_sertifikasi", "master_asesor", "lead_asesor",
					 "manajer_pelatihan",	"supervisor",	 "lainnya"};
static const char *const evidence_types[] = {"L", "TL", "T"};
/* MAPA.01 method codes: CL observation checklist, TPD practical task, PMO questions supporting
 * observation, DIT structured project, DPT written questions, DPL oral questions, CVP portfolio
 * verification, PW interview, VPK third-party verification, CRP product review. */
static const char *const methods[] = {"CL",  "TPD", "PMO", "DIT", "DPT",
				      "DPL", "CVP", "PW",  "VPK", "CRP"};
static const char *const key_letters[IA05_OPTS_MAX] = {"a", "b", "c", "d", "e", "f"};

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

struct cctx {
	const struct muk_unit *units;
	size_t nunits;
	const json_t *instruments; /* the content's "instruments" (not yet checked) */
	int category[CATEGORIES];  /* asesi potential categories the plan is for */
	unsigned char *ia01_unit;  /* per unit: IA.01 chosen for its work group */
	unsigned char *in_group;   /* per unit: MAPA.02 placed it in a work group */
	unsigned char *kuk_seen;   /* per KUK of the scheme: IA.01 has an item */
	size_t *kuk_base;	   /* per unit: index of its first KUK in kuk_seen */
};

typedef int (*item_fn)(struct muk_rd *r, const json_t *item, struct cctx *c);

/* Reads obj[key] as an array of min..max items, each checked by fn with the path "key[i]". */
static int list_parse(struct muk_rd *r, const json_t *obj, const char *key, int required,
		      size_t min, size_t max, item_fn fn, struct cctx *c)
{
	const json_t *arr = NULL, *v;
	size_t m, i;
	int rc = muk_rd_array(r, obj, key, required, min, max, &arr);

	if (rc <= 0)
		return rc;
	m = muk_rd_key(r, key);
	rc = 0;
	json_array_foreach(arr, i, v)
	{
		size_t mi = muk_rd_idx(r, i);

		rc = fn(r, v, c);
		muk_rd_back(r, mi);
		if (rc)
			break;
	}
	muk_rd_back(r, m);
	return rc;
}

/* Reads obj[key] as an array of min..max strings of up to len bytes (text: newlines allowed). */
static int str_list(struct muk_rd *r, const json_t *obj, const char *key, int required, size_t min,
		    size_t max, size_t len, int text)
{
	const json_t *arr = NULL, *v;
	size_t m, i;
	int rc = muk_rd_array(r, obj, key, required, min, max, &arr);

	if (rc <= 0)
		return rc;
	m = muk_rd_key(r, key);
	rc = 0;
	json_array_foreach(arr, i, v)
	{
		size_t mi = muk_rd_idx(r, i);
		const char *s;

		rc = text ? muk_rd_v_text(r, v, 1, len, &s) : muk_rd_v_str(r, v, 1, len, &s);
		muk_rd_back(r, mi);
		if (rc)
			break;
	}
	muk_rd_back(r, m);
	return rc;
}

static int unit_index(const struct cctx *c, const char *code)
{
	for (size_t i = 0; i < c->nunits; i++)
		if (strcmp(c->units[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* Reads obj[key] as a unit code of the scheme; *idx its index (untouched when absent). */
static int unit_ref(struct muk_rd *r, const json_t *obj, const char *key, int required,
		    const struct cctx *c, int *idx)
{
	const char *code = NULL;
	int rc = muk_rd_str(r, obj, key, required, 1, 20, &code);

	if (rc <= 0)
		return rc;
	if (!muk_unit_code_valid(code))
		return muk_rd_fail_at(r, key, "muk_unit_code_invalid", NULL);
	*idx = unit_index(c, code);
	if (*idx < 0)
		return muk_rd_fail_at(r, key, "muk_unit_unknown", code);
	return 1;
}

/* Reads obj[key] as an element number (1-based) of unit u. */
static int element_ref(struct muk_rd *r, const json_t *obj, const char *key, int required,
		       const struct muk_unit *u, int64_t *no)
{
	int rc = muk_rd_int(r, obj, key, required, 1, MUK_ELEMENTS_MAX, no);

	if (rc == 1 && (size_t)*no > u->nel)
		return muk_rd_fail_at(r, key, "muk_element_unknown", NULL);
	return rc;
}

/* Reads obj[key] as an array of distinct unit codes of the scheme (at least one). */
static int units_ref(struct muk_rd *r, const json_t *obj, const char *key, const struct cctx *c)
{
	const json_t *arr = NULL, *v;
	size_t m, i;
	int rc = muk_rd_array(r, obj, key, MUK_REQ, 1, c->nunits ? c->nunits : 1, &arr);

	if (rc < 0)
		return -1;
	m = muk_rd_key(r, key);
	rc = 0;
	json_array_foreach(arr, i, v)
	{
		size_t mi = muk_rd_idx(r, i);
		const char *code = NULL;

		rc = muk_rd_v_str(r, v, 1, 20, &code);
		if (rc == 0 && !muk_unit_code_valid(code))
			rc = muk_rd_fail(r, "muk_unit_code_invalid", NULL);
		if (rc == 0 && unit_index(c, code) < 0)
			rc = muk_rd_fail(r, "muk_unit_unknown", code);
		for (size_t k = 0; rc == 0 && k < i; k++)
			if (strcmp(json_string_value(json_array_get(arr, k)), code) == 0)
				rc = muk_rd_fail(r, "muk_duplicate", code);
		muk_rd_back(r, mi);
		if (rc)
			break;
	}
	muk_rd_back(r, m);
	return rc;
}

/* Optional {"name", "met"} of the drafter or validator. */
static int person_parse(struct muk_rd *r, const json_t *obj, const char *key)
{
	static const char *const fields[] = {"name", "met", NULL};
	const json_t *o = NULL;
	const char *name, *met = NULL;
	size_t m;
	int rc = muk_rd_member_object(r, obj, key, MUK_OPT, &o);

	if (rc <= 0)
		return rc;
	m = muk_rd_key(r, key);
	rc = muk_rd_object(r, o, fields);
	if (rc == 0 && (muk_rd_str(r, o, "name", MUK_REQ, 3, 100, &name) < 0 ||
			muk_rd_str(r, o, "met", MUK_OPT, 1, 19, &met) < 0))
		rc = -1;
	if (rc == 0 && met && !muk_met_valid(met))
		rc = muk_rd_fail_at(r, "met", "muk_met_invalid", NULL);
	muk_rd_back(r, m);
	return rc;
}

/* --- FR.MAPA.01 --- */

static int approach_parse(struct muk_rd *r, const json_t *mapa01, struct cctx *c)
{
	static const char *const fields[] = {
	    "asesi_categories", "purpose",	"workplace", "evidence_opportunity",
	    "assessed_by",	"confirm_with", "benchmark", NULL};
	const json_t *o = NULL, *arr = NULL, *v;
	const char *bench;
	unsigned confirm = 0;
	int k;
	size_t m, i;
	int rc;

	if (muk_rd_member_object(r, mapa01, "approach", MUK_REQ, &o) < 0)
		return -1;
	m = muk_rd_key(r, "approach");
	rc = muk_rd_object(r, o, fields);
	if (rc == 0 && muk_rd_array(r, o, "asesi_categories", MUK_REQ, 1, CATEGORIES, &arr) < 0)
		rc = -1;
	if (rc == 0) {
		size_t mk = muk_rd_key(r, "asesi_categories");

		json_array_foreach(arr, i, v)
		{
			size_t mi = muk_rd_idx(r, i);
			int64_t cat = 0;

			rc = muk_rd_v_int(r, v, 1, CATEGORIES, &cat);
			if (rc == 0 && c->category[cat - 1])
				rc = muk_rd_fail(r, "muk_duplicate", NULL);
			if (rc == 0)
				c->category[cat - 1] = 1;
			muk_rd_back(r, mi);
			if (rc)
				break;
		}
		muk_rd_back(r, mk);
	}
	if (rc == 0 &&
	    (muk_rd_enum(r, o, "purpose", MUK_REQ, purposes, NELEMS(purposes), &k) < 0 ||
	     muk_rd_enum(r, o, "workplace", MUK_REQ, workplaces, NELEMS(workplaces), &k) < 0 ||
	     muk_rd_enum(r, o, "evidence_opportunity", MUK_REQ, opportunities,
			 NELEMS(opportunities), &k) < 0 ||
	     muk_rd_enum(r, o, "assessed_by", MUK_REQ, assessors, NELEMS(assessors), &k) < 0 ||
	     muk_rd_enum_set(r, o, "confirm_with", MUK_OPT, 1, confirmers, NELEMS(confirmers),
			     &confirm) < 0 ||
	     muk_rd_text(r, o, "benchmark", MUK_REQ, 3, 500, &bench) < 0))
		rc = -1;
	muk_rd_back(r, m);
	return rc;
}

static int plan_item(struct muk_rd *r, const json_t *it, struct cctx *c)
{
	static const char *const fields[] = {"unit",	      "element", "evidence",
					     "evidence_type", "methods", NULL};
	const char *ev;
	int64_t el = 0;
	unsigned mask;
	int idx = -1, type;

	if (muk_rd_object(r, it, fields) < 0 || unit_ref(r, it, "unit", MUK_REQ, c, &idx) < 0 ||
	    element_ref(r, it, "element", MUK_OPT, &c->units[idx], &el) < 0 ||
	    muk_rd_text(r, it, "evidence", MUK_REQ, 3, 1000, &ev) < 0 ||
	    muk_rd_enum(r, it, "evidence_type", MUK_REQ, evidence_types, NELEMS(evidence_types),
			&type) < 0 ||
	    muk_rd_enum_set(r, it, "methods", MUK_REQ, 1, methods, NELEMS(methods), &mask) < 0)
		return -1;
	return 0;
}

static int mapa01_parse(struct muk_rd *r, const json_t *content, struct cctx *c)
{
	static const char *const fields[] = {"approach", "plan",      "modification",
					     "drafter",	 "validator", NULL};
	const json_t *o = NULL, *plan;
	const char *mod;
	size_t m;
	int rc;

	if (muk_rd_member_object(r, content, "mapa01", MUK_REQ, &o) < 0)
		return -1;
	m = muk_rd_key(r, "mapa01");
	rc = muk_rd_object(r, o, fields);
	if (rc == 0 && (approach_parse(r, o, c) < 0 ||
			list_parse(r, o, "plan", MUK_REQ, 1, PLAN_MAX, plan_item, c) < 0 ||
			muk_rd_text(r, o, "modification", MUK_OPT, 0, 2000, &mod) < 0 ||
			person_parse(r, o, "drafter") < 0 || person_parse(r, o, "validator") < 0))
		rc = -1;
	/* The plan names evidence for every unit of the scheme. */
	plan = json_object_get(o, "plan");
	for (size_t u = 0; rc == 0 && u < c->nunits; u++) {
		size_t i;
		const json_t *it;
		int found = 0;

		json_array_foreach(plan, i, it)
		{
			found |= strcmp(json_string_value(json_object_get(it, "unit")),
					c->units[u].code) == 0;
		}
		if (!found)
			rc = muk_rd_fail_at(r, "plan", "muk_unit_uncovered", c->units[u].code);
	}
	muk_rd_back(r, m);
	return rc;
}

/* --- FR.MAPA.02 --- */

static int choices_parse(struct muk_rd *r, const json_t *o, struct cctx *c, int *ia01)
{
	const char *k;
	json_t *v;

	if (!json_is_object(o))
		return muk_rd_fail(r, "field_type", NULL);
	/* Each category the plan is for needs its instruments. */
	for (int i = 0; i < CATEGORIES; i++)
		if (c->category[i] && !json_object_get(o, category_keys[i]))
			return muk_rd_fail(r, "muk_category_missing", category_keys[i]);
	json_object_foreach((json_t *)o, k, v)
	{
		size_t mk, i;
		const json_t *item;
		unsigned mask = 0;
		int cat = -1, rc = 0;

		for (int j = 0; j < CATEGORIES; j++)
			if (strcmp(k, category_keys[j]) == 0)
				cat = j;
		if (cat < 0)
			return muk_rd_fail(r, "muk_category_invalid", NULL);
		mk = muk_rd_key(r, k);
		if (!json_is_array(v))
			rc = muk_rd_fail(r, "field_type", NULL);
		else if (json_array_size(v) == 0)
			rc = muk_rd_fail(r, "field_required", NULL);
		else if (json_array_size(v) > NINSTR)
			rc = muk_rd_fail(r, "muk_too_many", NULL);
		json_array_foreach(v, i, item)
		{
			size_t mi;
			int which = 0;

			if (rc)
				break;
			mi = muk_rd_idx(r, i);
			rc = muk_rd_v_enum(r, item, instr_names, NINSTR, &which);
			if (rc == 0 && (mask & (1u << which)))
				rc = muk_rd_fail(r, "muk_duplicate", NULL);
			mask |= 1u << which;
			/* IA.11 is the review checklist, recorded per version, not content. */
			if (rc == 0 && which != IA11 &&
			    !json_object_get(c->instruments, instr_names[which]))
				rc = muk_rd_fail(r, "muk_instrument_missing", instr_names[which]);
			if (which == IA01)
				*ia01 = 1;
			muk_rd_back(r, mi);
		}
		muk_rd_back(r, mk);
		if (rc)
			return rc;
	}
	return 0;
}

static int group_item(struct muk_rd *r, const json_t *it, struct cctx *c)
{
	static const char *const fields[] = {"name", "units", "instruments", NULL};
	const json_t *arr, *v;
	const char *name;
	size_t m, i;
	int ia01 = 0, rc;

	if (muk_rd_object(r, it, fields) < 0 ||
	    muk_rd_str(r, it, "name", MUK_REQ, 3, 200, &name) < 0 ||
	    units_ref(r, it, "units", c) < 0)
		return -1;
	if (!json_object_get(it, "instruments"))
		return muk_rd_fail_at(r, "instruments", "field_required", NULL);
	m = muk_rd_key(r, "instruments");
	rc = choices_parse(r, json_object_get(it, "instruments"), c, &ia01);
	muk_rd_back(r, m);
	if (rc)
		return rc;
	arr = json_object_get(it, "units");
	json_array_foreach(arr, i, v)
	{
		int idx = unit_index(c, json_string_value(v));

		if (c->in_group[idx]) {
			size_t mu = muk_rd_key(r, "units"), mi = muk_rd_idx(r, i);

			muk_rd_fail(r, "muk_unit_in_two_groups", c->units[idx].code);
			muk_rd_back(r, mi);
			muk_rd_back(r, mu);
			return -1;
		}
		c->in_group[idx] = 1;
		c->ia01_unit[idx] = (unsigned char)ia01;
	}
	return 0;
}

static int mapa02_parse(struct muk_rd *r, const json_t *content, struct cctx *c)
{
	static const char *const fields[] = {"groups", NULL};
	const json_t *o = NULL;
	size_t m;
	int rc;

	if (muk_rd_member_object(r, content, "mapa02", MUK_REQ, &o) < 0)
		return -1;
	m = muk_rd_key(r, "mapa02");
	rc = muk_rd_object(r, o, fields);
	if (rc == 0)
		rc = list_parse(r, o, "groups", MUK_REQ, 1, GROUPS_MAX, group_item, c) < 0 ? -1 : 0;
	for (size_t u = 0; rc == 0 && u < c->nunits; u++)
		if (!c->in_group[u])
			rc = muk_rd_fail_at(r, "groups", "muk_unit_uncovered", c->units[u].code);
	muk_rd_back(r, m);
	return rc;
}

/* --- instruments --- */

static int ia01_item(struct muk_rd *r, const json_t *it, struct cctx *c)
{
	static const char *const fields[] = {"unit", "element", "kuk", "benchmark", NULL};
	const char *bench;
	int64_t el = 0, kuk = 0;
	int idx = -1;
	size_t at;

	if (muk_rd_object(r, it, fields) < 0 || unit_ref(r, it, "unit", MUK_REQ, c, &idx) < 0 ||
	    element_ref(r, it, "element", MUK_REQ, &c->units[idx], &el) < 0 ||
	    muk_rd_int(r, it, "kuk", MUK_REQ, 1, MUK_KUK_MAX, &kuk) < 0 ||
	    muk_rd_text(r, it, "benchmark", MUK_OPT, 0, 500, &bench) < 0)
		return -1;
	if ((size_t)kuk > c->units[idx].el[el - 1].nkuk)
		return muk_rd_fail_at(r, "kuk", "muk_kuk_unknown", NULL);
	at = c->kuk_base[idx];
	for (int64_t e = 1; e < el; e++)
		at += c->units[idx].el[e - 1].nkuk;
	at += (size_t)(kuk - 1);
	if (c->kuk_seen[at])
		return muk_rd_fail(r, "muk_duplicate", NULL);
	c->kuk_seen[at] = 1;
	return 0;
}

static int ia01_parse(struct muk_rd *r, const json_t *o, struct cctx *c)
{
	static const char *const fields[] = {"items", NULL};

	if (muk_rd_object(r, o, fields) < 0 ||
	    list_parse(r, o, "items", MUK_REQ, 1, IA01_MAX, ia01_item, c) < 0)
		return -1;
	/* Every KUK of every unit IA.01 is chosen for has its checklist line. */
	for (size_t u = 0; u < c->nunits; u++) {
		size_t at = c->kuk_base[u];

		if (!c->ia01_unit[u])
			continue;
		for (size_t e = 0; e < c->units[u].nel; e++)
			for (size_t k = 0; k < c->units[u].el[e].nkuk; k++, at++)
				if (!c->kuk_seen[at]) {
					char d[64];

					snprintf(d, sizeof d, "%s %zu.%zu", c->units[u].code, e + 1,
						 k + 1);
					return muk_rd_fail_at(r, "items", "muk_kuk_uncovered", d);
				}
	}
	return 0;
}

static int ia02_task(struct muk_rd *r, const json_t *it, struct cctx *c)
{
	static const char *const fields[] = {
	    "units", "scenario", "instructions", "tools", "duration_minutes", "output", NULL};
	const char *s;
	int64_t d;

	if (muk_rd_object(r, it, fields) < 0 || units_ref(r, it, "units", c) < 0 ||
	    muk_rd_text(r, it, "scenario", MUK_REQ, 3, QUESTION_MAX, &s) < 0 ||
	    str_list(r, it, "instructions", MUK_REQ, 1, 50, 1000, 1) < 0 ||
	    str_list(r, it, "tools", MUK_OPT, 0, 50, 300, 0) < 0 ||
	    muk_rd_int(r, it, "duration_minutes", MUK_REQ, 1, 1440, &d) < 0 ||
	    muk_rd_text(r, it, "output", MUK_OPT, 0, 1000, &s) < 0)
		return -1;
	return 0;
}

static int ia02_parse(struct muk_rd *r, const json_t *o, struct cctx *c)
{
	static const char *const fields[] = {"tasks", NULL};

	return muk_rd_object(r, o, fields) < 0 ||
		       list_parse(r, o, "tasks", MUK_REQ, 1, 50, ia02_task, c) < 0
		   ? -1
		   : 0;
}

/* A question tied to a unit, with an optional or required staff-only answer member. */
static int question_common(struct muk_rd *r, const json_t *it, struct cctx *c,
			   const char *const *fields, const char *answer, int answer_required)
{
	const char *s;
	int idx = -1;

	if (muk_rd_object(r, it, fields) < 0 || unit_ref(r, it, "unit", MUK_REQ, c, &idx) < 0 ||
	    muk_rd_text(r, it, "question", MUK_REQ, 3, QUESTION_MAX, &s) < 0)
		return -1;
	if (answer && muk_rd_text(r, it, answer, answer_required, 3, ANSWER_MAX, &s) < 0)
		return -1;
	return 0;
}

static int ia03_q(struct muk_rd *r, const json_t *it, struct cctx *c)
{
	static const char *const fields[] = {"unit", "question", "key_points", NULL};

	return question_common(r, it, c, fields, "key_points", MUK_OPT);
}

static int ia06_q(struct muk_rd *r, const json_t *it, struct cctx *c)
{
	static const char *const fields[] = {"unit", "question", "model_answer", NULL};

	return question_common(r, it, c, fields, "model_answer", MUK_REQ);
}

static int ia07_q(struct muk_rd *r, const json_t *it, struct cctx *c)
{
	static const char *const fields[] = {"unit", "question", "expected_answer", NULL};

	return question_common(r, it, c, fields, "expected_answer", MUK_REQ);
}

static int ia09_q(struct muk_rd *r, const json_t *it, struct cctx *c)
{
	static const char *const fields[] = {"unit", "element", "question", "expected_answer",
					     NULL};
	int64_t el = 0;

	if (question_common(r, it, c, fields, "expected_answer", MUK_OPT) < 0)
		return -1;
	return element_ref(r, it, "element", MUK_OPT,
			   &c->units[unit_index(c, json_string_value(json_object_get(it, "unit")))],
			   &el) < 0
		   ? -1
		   : 0;
}

static int ia10_q(struct muk_rd *r, const json_t *it, struct cctx *c)
{
	static const char *const fields[] = {"unit", "question", NULL};
	const char *s;
	int idx = -1;

	if (muk_rd_object(r, it, fields) < 0 || unit_ref(r, it, "unit", MUK_OPT, c, &idx) < 0 ||
	    muk_rd_text(r, it, "question", MUK_REQ, 3, QUESTION_MAX, &s) < 0)
		return -1;
	return 0;
}

static int questions_parse(struct muk_rd *r, const json_t *o, struct cctx *c, size_t max,
			   item_fn fn)
{
	static const char *const fields[] = {"questions", NULL};

	return muk_rd_object(r, o, fields) < 0 ||
		       list_parse(r, o, "questions", MUK_REQ, 1, max, fn, c) < 0
		   ? -1
		   : 0;
}

static int ia03_parse(struct muk_rd *r, const json_t *o, struct cctx *c)
{
	return questions_parse(r, o, c, 200, ia03_q);
}

/* IA.06 may also give the time the asesi has for the written answers. */
static int ia06_parse(struct muk_rd *r, const json_t *o, struct cctx *c)
{
	static const char *const fields[] = {"duration_minutes", "questions", NULL};
	int64_t d;

	return muk_rd_object(r, o, fields) < 0 ||
		       muk_rd_int(r, o, "duration_minutes", MUK_OPT, 1, 600, &d) < 0 ||
		       list_parse(r, o, "questions", MUK_REQ, 1, 50, ia06_q, c) < 0
		   ? -1
		   : 0;
}

static int ia07_parse(struct muk_rd *r, const json_t *o, struct cctx *c)
{
	return questions_parse(r, o, c, 100, ia07_q);
}

static int ia09_parse(struct muk_rd *r, const json_t *o, struct cctx *c)
{
	return questions_parse(r, o, c, 100, ia09_q);
}

static int ia10_parse(struct muk_rd *r, const json_t *o, struct cctx *c)
{
	return questions_parse(r, o, c, 50, ia10_q);
}

static int ia04_project(struct muk_rd *r, const json_t *it, struct cctx *c)
{
	static const char *const fields[] = {
	    "units",	 "title",    "scope", "deliverables", "duration_minutes",
	    "resources", "criteria", NULL};
	const char *s;
	int64_t d;

	if (muk_rd_object(r, it, fields) < 0 || units_ref(r, it, "units", c) < 0 ||
	    muk_rd_str(r, it, "title", MUK_REQ, 3, 200, &s) < 0 ||
	    muk_rd_text(r, it, "scope", MUK_REQ, 3, QUESTION_MAX, &s) < 0 ||
	    str_list(r, it, "deliverables", MUK_REQ, 1, 20, 1000, 1) < 0 ||
	    muk_rd_int(r, it, "duration_minutes", MUK_OPT, 1, 60 * 24 * 30, &d) < 0 ||
	    str_list(r, it, "resources", MUK_OPT, 0, 50, 300, 0) < 0 ||
	    str_list(r, it, "criteria", MUK_REQ, 1, 50, 1000, 1) < 0)
		return -1;
	return 0;
}

static int ia04_parse(struct muk_rd *r, const json_t *o, struct cctx *c)
{
	static const char *const fields[] = {"projects", NULL};

	return muk_rd_object(r, o, fields) < 0 ||
		       list_parse(r, o, "projects", MUK_REQ, 1, 20, ia04_project, c) < 0
		   ? -1
		   : 0;
}

static int ia05_item(struct muk_rd *r, const json_t *it, struct cctx *c)
{
	static const char *const fields[] = {"unit", "question", "options", "key", NULL};
	const char *s;
	int idx = -1, key = 0;

	if (muk_rd_object(r, it, fields) < 0 || unit_ref(r, it, "unit", MUK_REQ, c, &idx) < 0 ||
	    muk_rd_text(r, it, "question", MUK_REQ, 3, QUESTION_MAX, &s) < 0 ||
	    str_list(r, it, "options", MUK_REQ, 2, IA05_OPTS_MAX, 500, 1) < 0 ||
	    muk_rd_enum(r, it, "key", MUK_REQ, key_letters, IA05_OPTS_MAX, &key) < 0)
		return -1;
	if ((size_t)key >= json_array_size(json_object_get(it, "options")))
		return muk_rd_fail_at(r, "key", "muk_key_out_of_options", NULL);
	return 0;
}

static int ia05_parse(struct muk_rd *r, const json_t *o, struct cctx *c)
{
	static const char *const fields[] = {"threshold", "duration_minutes", "items", NULL};
	int64_t th, d;

	return muk_rd_object(r, o, fields) < 0 ||
		       muk_rd_int(r, o, "threshold", MUK_REQ, 1, 100, &th) < 0 ||
		       muk_rd_int(r, o, "duration_minutes", MUK_OPT, 1, 600, &d) < 0 ||
		       list_parse(r, o, "items", MUK_REQ, 1, IA05_ITEMS, ia05_item, c) < 0
		   ? -1
		   : 0;
}

static int ia08_doc(struct muk_rd *r, const json_t *it, struct cctx *c)
{
	static const char *const fields[] = {"unit", "document", "elements", NULL};
	const json_t *arr = NULL, *v;
	const char *s;
	int idx = -1;
	size_t m, i;
	int rc;

	if (muk_rd_object(r, it, fields) < 0 || unit_ref(r, it, "unit", MUK_REQ, c, &idx) < 0 ||
	    muk_rd_text(r, it, "document", MUK_REQ, 3, 500, &s) < 0)
		return -1;
	rc = muk_rd_array(r, it, "elements", MUK_OPT, 1, MUK_ELEMENTS_MAX, &arr);
	if (rc <= 0)
		return rc;
	m = muk_rd_key(r, "elements");
	rc = 0;
	json_array_foreach(arr, i, v)
	{
		size_t mi = muk_rd_idx(r, i);
		int64_t el = 0;

		rc = muk_rd_v_int(r, v, 1, MUK_ELEMENTS_MAX, &el);
		if (rc == 0 && (size_t)el > c->units[idx].nel)
			rc = muk_rd_fail(r, "muk_element_unknown", NULL);
		muk_rd_back(r, mi);
		if (rc)
			break;
	}
	muk_rd_back(r, m);
	return rc;
}

static int ia08_parse(struct muk_rd *r, const json_t *o, struct cctx *c)
{
	static const char *const fields[] = {"documents", NULL};

	return muk_rd_object(r, o, fields) < 0 ||
		       list_parse(r, o, "documents", MUK_REQ, 1, 100, ia08_doc, c) < 0
		   ? -1
		   : 0;
}

static int (*const instr_parsers[NINSTR - 1])(struct muk_rd *, const json_t *, struct cctx *) = {
    ia01_parse, ia02_parse, ia03_parse, ia04_parse, ia05_parse,
    ia06_parse, ia07_parse, ia08_parse, ia09_parse, ia10_parse,
};

static int instruments_parse(struct muk_rd *r, const json_t *content, struct cctx *c)
{
	const json_t *o = NULL;
	size_t m;
	int rc;

	if (muk_rd_member_object(r, content, "instruments", MUK_REQ, &o) < 0)
		return -1;
	m = muk_rd_key(r, "instruments");
	/* ia11 is not content: the FR.IA.11 review is recorded separately. */
	rc = muk_rd_object(r, o, instr_members);
	if (rc == 0 && json_object_get(o, "ia11"))
		rc = muk_rd_fail_at(r, "ia11", "muk_field_unknown", NULL);
	if (rc == 0 && json_object_size(o) == 0)
		rc = muk_rd_fail(r, "field_required", NULL);
	for (int i = 0; rc == 0 && i < NINSTR - 1; i++) {
		const json_t *v = json_object_get(o, instr_names[i]);
		size_t mi;

		if (!v)
			continue;
		mi = muk_rd_key(r, instr_names[i]);
		rc = instr_parsers[i](r, v, c);
		muk_rd_back(r, mi);
	}
	muk_rd_back(r, m);
	return rc;
}

int muk_content_check(struct muk_rd *r, const json_t *content, const struct muk_unit *units,
		      size_t nunits)
{
	static const char *const fields[] = {"mapa01", "mapa02", "instruments", NULL};
	struct cctx c = {.units = units, .nunits = nunits};
	size_t nkuk = 0;
	int rc = -1;

	if (muk_rd_object(r, content, fields) < 0)
		return -1;
	if (nunits == 0)
		return muk_rd_fail(r, "muk_skema_no_units", NULL);
	c.kuk_base = xcalloc(nunits, sizeof *c.kuk_base);
	c.ia01_unit = xcalloc(nunits, 1);
	c.in_group = xcalloc(nunits, 1);
	for (size_t u = 0; u < nunits; u++) {
		c.kuk_base[u] = nkuk;
		for (size_t e = 0; e < units[u].nel; e++)
			nkuk += units[u].el[e].nkuk;
	}
	c.kuk_seen = xcalloc(nkuk + 1, 1);
	c.instruments = json_object_get(content, "instruments");
	if (!json_is_object(c.instruments))
		c.instruments = NULL;
	if (mapa01_parse(r, content, &c) < 0)
		goto out;
	/* MAPA.02 names instruments: the instruments object must be an object to look them up. */
	if (!c.instruments) {
		if (muk_rd_member_object(r, content, "instruments", MUK_REQ, &c.instruments) < 0)
			goto out;
	}
	if (mapa02_parse(r, content, &c) < 0 || instruments_parse(r, content, &c) < 0)
		goto out;
	rc = 0;
out:
	free(c.kuk_base);
	free(c.ia01_unit);
	free(c.in_group);
	free(c.kuk_seen);
	return rc;
}
