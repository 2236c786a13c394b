/* Bounded JSON readers for the muk module's documents (schemes, MUK content, FR.VA, FR.IA.11,
 * import files): each checks type and limits and, on failure, records the JSON path of the
 * offending value ("instruments.ia05.items[3].key") with a message code. Pure: no request. */
#include <stdio.h>
#include <string.h>

#include "muk_internal.h"

void muk_rd_init(struct muk_rd *r, struct muk_perr *err, const char *prefix)
{
	r->err = err;
	r->len = 0;
	r->path[0] = '\0';
	if (prefix && *prefix) {
		snprintf(r->path, sizeof r->path, "%s", prefix);
		r->len = strlen(r->path);
	}
	memset(err, 0, sizeof *err);
}

/* Appends text; a path that would not fit is cut (the error still names its start). */
static void rd_append(struct muk_rd *r, const char *text)
{
	int n = snprintf(r->path + r->len, sizeof r->path - r->len, "%s", text);

	if (n < 0)
		return;
	r->len += (size_t)n < sizeof r->path - r->len ? (size_t)n : sizeof r->path - r->len - 1;
}

size_t muk_rd_key(struct muk_rd *r, const char *key)
{
	size_t mark = r->len;

	if (r->len)
		rd_append(r, ".");
	rd_append(r, key);
	return mark;
}

size_t muk_rd_idx(struct muk_rd *r, size_t i)
{
	char b[32];
	size_t mark = r->len;

	snprintf(b, sizeof b, "[%zu]", i);
	rd_append(r, b);
	return mark;
}

void muk_rd_back(struct muk_rd *r, size_t mark)
{
	if (mark <= r->len) {
		r->len = mark;
		r->path[mark] = '\0';
	}
}

int muk_rd_fail(struct muk_rd *r, const char *code, const char *detail)
{
	/* The first error wins: callers unwind after it. */
	if (r->err->code)
		return -1;
	snprintf(r->err->path, sizeof r->err->path, "%s", r->path);
	r->err->code = code;
	snprintf(r->err->detail, sizeof r->err->detail, "%s", detail ? detail : "");
	return -1;
}

int muk_rd_fail_at(struct muk_rd *r, const char *key, const char *code, const char *detail)
{
	size_t m = muk_rd_key(r, key);

	muk_rd_fail(r, code, detail);
	muk_rd_back(r, m);
	return -1;
}

int muk_rd_object(struct muk_rd *r, const json_t *v, const char *const *allowed)
{
	const char *k;
	json_t *m;

	if (!json_is_object(v))
		return muk_rd_fail(r, "field_type", NULL);
	json_object_foreach((json_t *)v, k, m)
	{
		size_t i = 0;

		while (allowed[i] && strcmp(allowed[i], k) != 0)
			i++;
		if (!allowed[i]) {
			/* The member name is client text: keep it printable in the path. */
			char safe[48];
			size_t o = 0;

			for (const char *c = k; *c && o + 1 < sizeof safe; c++)
				safe[o++] = (*c >= 0x21 && *c < 0x7f && *c != '.') ? *c : '?';
			safe[o] = '\0';
			return muk_rd_fail_at(r, safe, "muk_field_unknown", NULL);
		}
	}
	return 0;
}

/* Checks a string value; multiline allows \n, \r and \t. */
static int rd_string(struct muk_rd *r, const json_t *v, size_t min, size_t max, int multiline,
		     const char **out)
{
	const char *s;
	size_t n, blank = 1;

	if (!json_is_string(v))
		return muk_rd_fail(r, "field_type", NULL);
	s = json_string_value(v);
	n = json_string_length(v);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0 || (c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) ||
		    c == 0x7f)
			return muk_rd_fail(r, "field_format", NULL);
		if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
			blank = 0;
	}
	if (n > max)
		return muk_rd_fail(r, "field_too_long", NULL);
	if (min > 0 && (n == 0 || blank))
		return muk_rd_fail(r, "field_required", NULL);
	if (n < min)
		return muk_rd_fail(r, "field_too_short", NULL);
	*out = s;
	return 0;
}

int muk_rd_v_str(struct muk_rd *r, const json_t *v, size_t min, size_t max, const char **out)
{
	return rd_string(r, v, min, max, 0, out);
}

int muk_rd_v_text(struct muk_rd *r, const json_t *v, size_t min, size_t max, const char **out)
{
	return rd_string(r, v, min, max, 1, out);
}

int muk_rd_v_int(struct muk_rd *r, const json_t *v, int64_t lo, int64_t hi, int64_t *out)
{
	json_int_t x;

	if (!json_is_integer(v))
		return muk_rd_fail(r, "field_type", NULL);
	x = json_integer_value(v);
	if (x < lo || x > hi)
		return muk_rd_fail(r, "field_range", NULL);
	*out = (int64_t)x;
	return 0;
}

int muk_rd_v_enum(struct muk_rd *r, const json_t *v, const char *const *choices, size_t n, int *out)
{
	if (!json_is_string(v))
		return muk_rd_fail(r, "field_type", NULL);
	for (size_t i = 0; i < n; i++)
		if (strcmp(json_string_value(v), choices[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	return muk_rd_fail(r, "field_choice", NULL);
}

/* Finds a member; 1 present, 0 absent/null (optional), -1 required but absent. The path is
 * extended by key in every case; the caller goes back to mark. */
static int member(struct muk_rd *r, const json_t *obj, const char *key, int required,
		  const json_t **v, size_t *mark)
{
	const json_t *m = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	*mark = muk_rd_key(r, key);
	if (!m || json_is_null(m)) {
		if (required)
			return muk_rd_fail(r, "field_required", NULL);
		return 0;
	}
	*v = m;
	return 1;
}

#define MEMBER_READ(call)                                                                          \
	do {                                                                                       \
		const json_t *v = NULL;                                                            \
		size_t mark;                                                                       \
		int rc = member(r, obj, key, required, &v, &mark);                                 \
		if (rc == 1 && (call) != 0)                                                        \
			rc = -1;                                                                   \
		muk_rd_back(r, mark);                                                              \
		return rc;                                                                         \
	} while (0)

int muk_rd_str(struct muk_rd *r, const json_t *obj, const char *key, int required, size_t min,
	       size_t max, const char **out)
{
	MEMBER_READ(muk_rd_v_str(r, v, min, max, out));
}

int muk_rd_text(struct muk_rd *r, const json_t *obj, const char *key, int required, size_t min,
		size_t max, const char **out)
{
	MEMBER_READ(muk_rd_v_text(r, v, min, max, out));
}

int muk_rd_int(struct muk_rd *r, const json_t *obj, const char *key, int required, int64_t lo,
	       int64_t hi, int64_t *out)
{
	MEMBER_READ(muk_rd_v_int(r, v, lo, hi, out));
}

static int v_bool(struct muk_rd *r, const json_t *v, int *out)
{
	if (!json_is_boolean(v))
		return muk_rd_fail(r, "field_type", NULL);
	*out = json_is_true(v);
	return 0;
}

int muk_rd_bool(struct muk_rd *r, const json_t *obj, const char *key, int required, int *out)
{
	MEMBER_READ(v_bool(r, v, out));
}

int muk_rd_enum(struct muk_rd *r, const json_t *obj, const char *key, int required,
		const char *const *choices, size_t n, int *out)
{
	MEMBER_READ(muk_rd_v_enum(r, v, choices, n, out));
}

static int v_array(struct muk_rd *r, const json_t *v, size_t min, size_t max, const json_t **out)
{
	if (!json_is_array(v))
		return muk_rd_fail(r, "field_type", NULL);
	if (json_array_size(v) < min)
		return muk_rd_fail(r, json_array_size(v) == 0 ? "field_required" : "muk_too_few",
				   NULL);
	if (json_array_size(v) > max)
		return muk_rd_fail(r, "muk_too_many", NULL);
	*out = v;
	return 0;
}

int muk_rd_array(struct muk_rd *r, const json_t *obj, const char *key, int required, size_t min,
		 size_t max, const json_t **out)
{
	MEMBER_READ(v_array(r, v, min, max, out));
}

static int v_date(struct muk_rd *r, const json_t *v, const char **out)
{
	if (!json_is_string(v))
		return muk_rd_fail(r, "field_type", NULL);
	/* muk_date_valid reads exactly 10 characters: an embedded NUL must not hide a tail. */
	if (json_string_length(v) != 10 || !muk_date_valid(json_string_value(v)))
		return muk_rd_fail(r, "muk_date_invalid", NULL);
	*out = json_string_value(v);
	return 0;
}

int muk_rd_date(struct muk_rd *r, const json_t *obj, const char *key, int required,
		const char **out)
{
	MEMBER_READ(v_date(r, v, out));
}

static int v_object(struct muk_rd *r, const json_t *v, const json_t **out)
{
	if (!json_is_object(v))
		return muk_rd_fail(r, "field_type", NULL);
	*out = v;
	return 0;
}

int muk_rd_member_object(struct muk_rd *r, const json_t *obj, const char *key, int required,
			 const json_t **out)
{
	MEMBER_READ(v_object(r, v, out));
}

int muk_rd_enum_set(struct muk_rd *r, const json_t *obj, const char *key, int required, size_t min,
		    const char *const *choices, size_t n, unsigned *mask)
{
	const json_t *arr = NULL, *v;
	size_t m, i;
	int rc = muk_rd_array(r, obj, key, required, min, n, &arr);

	*mask = 0;
	if (rc <= 0)
		return rc;
	m = muk_rd_key(r, key);
	rc = 0;
	json_array_foreach(arr, i, v)
	{
		size_t mi = muk_rd_idx(r, i);
		int k = 0;

		rc = muk_rd_v_enum(r, v, choices, n, &k);
		if (rc == 0 && (*mask & (1u << k)))
			rc = muk_rd_fail(r, "muk_duplicate", NULL);
		*mask |= 1u << k;
		muk_rd_back(r, mi);
		if (rc)
			break;
	}
	muk_rd_back(r, m);
	return rc ? -1 : 1;
}
