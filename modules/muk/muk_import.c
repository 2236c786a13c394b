/* The transfer document that moves a scheme with all its MUK versions between installations:
 * {"format":"ujikom.skema","version":1,"skema":{...},"muk_versions":[...]}. Parsing is a pure
 * function from JSON (or text) to an in-memory structure, so it can be fuzzed without a
 * database; every error names its JSON path. */
#include <string.h>

#include "muk_internal.h"

static const char *const doc_fields[] = {"format", "version", "skema", "muk_versions", NULL};
static const char *const version_fields[] = {"version",	    "prev_version", "status", "content",
					     "validations", "reviews",	    NULL};
static const char *const statuses[] = {"draft", "validated"};

static void json_decref_cb(void *p)
{
	json_decref(p);
}

static int depth_ok(const json_t *v, int depth)
{
	const char *k;
	json_t *m;
	size_t i;

	if (depth > MUK_JSON_DEPTH)
		return 0;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, m) if (!depth_ok(m, depth + 1)) return 0;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, m) if (!depth_ok(m, depth + 1)) return 0;
	}
	return 1;
}

/* Reads the FR.VA records of one version. */
static int vas_parse(struct muk_rd *r, const json_t *obj, struct arena *a,
		     struct muk_import_version *iv)
{
	const json_t *arr = NULL, *v;
	size_t m, i;
	int rc = muk_rd_array(r, obj, "validations", MUK_OPT, 0, MUK_RECORDS_MAX, &arr);

	if (rc <= 0)
		return rc;
	iv->nvas = json_array_size(arr);
	iv->vas = arena_zalloc(a, (iv->nvas + 1) * sizeof *iv->vas);
	m = muk_rd_key(r, "validations");
	rc = 0;
	json_array_foreach(arr, i, v)
	{
		size_t mi = muk_rd_idx(r, i);

		rc = muk_va_parse(r, v, 1, &iv->vas[i]);
		muk_rd_back(r, mi);
		if (rc)
			break;
	}
	muk_rd_back(r, m);
	return rc;
}

/* Reads the FR.IA.11 records of one version. */
static int reviews_parse(struct muk_rd *r, const json_t *obj, struct arena *a,
			 struct muk_import_version *iv)
{
	const json_t *arr = NULL, *v;
	size_t m, i;
	int rc = muk_rd_array(r, obj, "reviews", MUK_OPT, 0, MUK_RECORDS_MAX, &arr);

	if (rc <= 0)
		return rc;
	iv->nreviews = json_array_size(arr);
	iv->reviews = arena_zalloc(a, (iv->nreviews + 1) * sizeof *iv->reviews);
	m = muk_rd_key(r, "reviews");
	rc = 0;
	json_array_foreach(arr, i, v)
	{
		size_t mi = muk_rd_idx(r, i);

		rc = muk_ia11_parse(r, v, 1, &iv->reviews[i]);
		muk_rd_back(r, mi);
		if (rc)
			break;
	}
	muk_rd_back(r, m);
	return rc;
}

/* Reads version i (the reader's path is at it); earlier versions are in out->v[0..i). */
static int version_parse(struct muk_rd *r, const json_t *v, struct arena *a, struct muk_import *imp,
			 size_t i)
{
	struct muk_import_version *iv = &imp->v[i];
	int status = 0;

	if (muk_rd_object(r, v, version_fields) < 0 ||
	    muk_rd_int(r, v, "version", MUK_REQ, 1, 100000, &iv->version) < 0)
		return -1;
	if (i > 0 && iv->version <= imp->v[i - 1].version)
		return muk_rd_fail_at(r, "version", "muk_import_version_order", NULL);
	if (muk_rd_int(r, v, "prev_version", MUK_OPT, 1, 100000, &iv->prev_version) < 0)
		return -1;
	if (iv->prev_version) {
		size_t k = 0;

		while (k < i && imp->v[k].version != iv->prev_version)
			k++;
		if (k == i)
			return muk_rd_fail_at(r, "prev_version", "muk_import_prev_unknown", NULL);
	}
	if (muk_rd_enum(r, v, "status", MUK_REQ, statuses, 2, &status) < 0 ||
	    muk_rd_member_object(r, v, "content", MUK_REQ, &iv->content) < 0)
		return -1;
	iv->validated = status == 1;
	{
		size_t m = muk_rd_key(r, "content");
		int rc = muk_content_check(r, iv->content, imp->scheme.units, imp->scheme.nunits);

		muk_rd_back(r, m);
		if (rc)
			return -1;
	}
	if (vas_parse(r, v, a, iv) < 0 || reviews_parse(r, v, a, iv) < 0)
		return -1;
	/* A validated version arrives with what validated it. */
	if (iv->validated && iv->nvas == 0)
		return muk_rd_fail_at(r, "validations", "muk_validation_missing", NULL);
	if (iv->validated && iv->nreviews == 0)
		return muk_rd_fail_at(r, "reviews", "muk_review_missing", NULL);
	if (iv->validated && !iv->reviews[iv->nreviews - 1].all_ya)
		return muk_rd_fail_at(r, "reviews", "muk_review_not_all_ya", NULL);
	return 0;
}

int muk_import_parse(const json_t *doc, struct arena *a, struct muk_import *out,
		     struct muk_perr *err)
{
	struct muk_rd rd, *r = &rd;
	const json_t *skema = NULL, *arr = NULL, *v;
	const char *format = NULL;
	int64_t ver = 0;
	size_t m, i;
	int rc;

	memset(out, 0, sizeof *out);
	muk_rd_init(r, err, "");
	if (muk_rd_object(r, doc, doc_fields) < 0 ||
	    muk_rd_str(r, doc, "format", MUK_REQ, 1, 40, &format) < 0)
		return -1;
	if (strcmp(format, MUK_FORMAT) != 0)
		return muk_rd_fail_at(r, "format", "muk_import_format", NULL);
	if (muk_rd_int(r, doc, "version", MUK_REQ, 1, 1000, &ver) < 0)
		return -1;
	if (ver != MUK_FORMAT_VERSION)
		return muk_rd_fail_at(r, "version", "muk_import_format_version", NULL);
	if (muk_rd_member_object(r, doc, "skema", MUK_REQ, &skema) < 0)
		return -1;
	m = muk_rd_key(r, "skema");
	rc = muk_scheme_parse(r, skema, a, MUK_SCHEME_UNITS_ALLOWED, &out->scheme);
	/* an imported scheme brings its unit tree (export always writes it; found by
	 * fuzz_muk_import: a document without units was accepted, its export refused) */
	if (!rc && !out->scheme.has_units)
		rc = muk_rd_fail_at(r, "units", "field_required", NULL);
	muk_rd_back(r, m);
	if (rc)
		return -1;
	if (muk_rd_array(r, doc, "muk_versions", MUK_OPT, 0, MUK_VERSIONS_MAX, &arr) < 0)
		return -1;
	out->nv = arr ? json_array_size(arr) : 0;
	out->v = arena_zalloc(a, (out->nv + 1) * sizeof *out->v);
	m = muk_rd_key(r, "muk_versions");
	rc = 0;
	json_array_foreach(arr, i, v)
	{
		size_t mi = muk_rd_idx(r, i);

		rc = version_parse(r, v, a, out, i);
		muk_rd_back(r, mi);
		if (rc)
			break;
	}
	muk_rd_back(r, m);
	return rc ? -1 : 0;
}

int muk_import_parse_text(const char *text, size_t len, struct arena *a, struct muk_import *out,
			  struct muk_perr *err)
{
	struct muk_rd rd;
	json_error_t jerr;
	json_t *doc;

	muk_rd_init(&rd, err, "");
	memset(out, 0, sizeof *out);
	if (len > MUK_IMPORT_MAX)
		return muk_rd_fail(&rd, "muk_import_too_large", NULL);
	/* No JSON_ALLOW_NUL: a NUL inside a string is refused by the parser itself. */
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		return muk_rd_fail(&rd, "json_malformed", NULL);
	arena_defer(a, json_decref_cb, doc);
	if (!depth_ok(doc, 0))
		return muk_rd_fail(&rd, "json_too_deep", NULL);
	return muk_import_parse(doc, a, out, err);
}

json_t *muk_export_build(const struct muk_scheme *s, const struct muk_vrow *v, size_t n)
{
	json_t *versions = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *vas = json_array(), *reviews = json_array();

		/* Records made for an earlier content of a draft are this installation's history;
		 * only those for the content that travels go with it. */
		for (size_t k = 0; k < v[i].nvas; k++)
			if (strcmp(v[i].vas[k].sha, v[i].sha) == 0)
				json_array_append(vas, v[i].vas[k].doc);
		for (size_t k = 0; k < v[i].nreviews; k++)
			if (strcmp(v[i].reviews[k].sha, v[i].sha) == 0)
				json_array_append(reviews, v[i].reviews[k].doc);
		json_array_append_new(
		    versions,
		    json_pack("{s:I, s:o, s:s, s:O, s:o, s:o}", "version", (json_int_t)v[i].version,
			      "prev_version",
			      v[i].prev_version ? json_integer(v[i].prev_version) : json_null(),
			      "status", statuses[v[i].validated ? 1 : 0], "content", v[i].content,
			      "validations", vas, "reviews", reviews));
	}
	return json_pack("{s:s, s:i, s:o, s:o}", "format", MUK_FORMAT, "version",
			 MUK_FORMAT_VERSION, "skema", muk_scheme_to_json(s, 0), "muk_versions",
			 versions);
}
