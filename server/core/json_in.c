/* Bounded JSON readers: parse a request body into an object, then read members with type and
 * limit checks, copying strings into the request arena. Errors name the field (422/400). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "json.h"

#define JSON_MAX_DEPTH 32

static void json_decref_cb(void *p)
{
	json_decref(p);
}

static int json_depth_ok(const json_t *v, int depth)
{
	if (depth > JSON_MAX_DEPTH)
		return 0;
	if (json_is_object(v)) {
		const char *k;
		json_t *m;
		json_object_foreach((json_t *)v, k, m)
		{
			if (!json_depth_ok(m, depth + 1))
				return 0;
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *m;
		json_array_foreach(v, i, m)
		{
			if (!json_depth_ok(m, depth + 1))
				return 0;
		}
	}
	return 1;
}

enum err json_parse_body(struct request *req)
{
	json_error_t jerr;
	json_t *v;
	if (!req->body || req->body_len == 0)
		return req_fail(req, ERR_BAD_REQUEST, "json_empty", NULL);
	v = json_loadb(req->body, req->body_len,
		       JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
	if (!v)
		return req_fail(req, ERR_BAD_REQUEST, "json_malformed", NULL);
	arena_defer(req->arena, json_decref_cb, v);
	if (!json_is_object(v))
		return req_fail(req, ERR_BAD_REQUEST, "json_not_object", NULL);
	if (!json_depth_ok(v, 0))
		return req_fail(req, ERR_BAD_REQUEST, "json_too_deep", NULL);
	req->json = v;
	return ERR_OK;
}

/* Looks a member up; returns 0 absent/null (after checking required), 1 present, -1 error set. */
static int member(struct request *req, json_t *obj, const char *field, int required, json_t **out)
{
	json_t *v = obj && json_is_object(obj) ? json_object_get(obj, field) : NULL;
	if (!v || json_is_null(v)) {
		if (required) {
			req_fail(req, ERR_INVALID, "field_required", field);
			return -1;
		}
		return 0;
	}
	*out = v;
	return 1;
}

enum err json_in_str(struct request *req, json_t *obj, const char *field, int required, size_t min,
		     size_t max, const char **out)
{
	json_t *v = NULL;
	int m = member(req, obj, field, required, &v);
	if (m <= 0)
		return m < 0 ? ERR_INVALID : ERR_OK;
	if (!json_is_string(v))
		return req_fail(req, ERR_INVALID, "field_type", field);
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (memchr(s, '\0', n))
		return req_fail(req, ERR_INVALID, "field_format", field);
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 && required)
		return req_fail(req, ERR_INVALID, "field_required", field);
	if (n > max)
		return req_fail(req, ERR_INVALID, "field_too_long", field);
	if (n < min)
		return req_fail(req, ERR_INVALID, "field_too_short", field);
	*out = arena_strndup(req->arena, s, n);
	return ERR_OK;
}

enum err json_in_int(struct request *req, json_t *obj, const char *field, int required, int64_t lo,
		     int64_t hi, int64_t *out)
{
	json_t *v = NULL;
	int m = member(req, obj, field, required, &v);
	if (m <= 0)
		return m < 0 ? ERR_INVALID : ERR_OK;
	if (!json_is_integer(v))
		return req_fail(req, ERR_INVALID, "field_type", field);
	json_int_t x = json_integer_value(v);
	if (x < lo || x > hi)
		return req_fail(req, ERR_INVALID, "field_range", field);
	*out = (int64_t)x;
	return ERR_OK;
}

enum err json_in_bool(struct request *req, json_t *obj, const char *field, int required, int *out)
{
	json_t *v = NULL;
	int m = member(req, obj, field, required, &v);
	if (m <= 0)
		return m < 0 ? ERR_INVALID : ERR_OK;
	if (!json_is_boolean(v))
		return req_fail(req, ERR_INVALID, "field_type", field);
	*out = json_is_true(v);
	return ERR_OK;
}

enum err json_in_enum(struct request *req, json_t *obj, const char *field, int required,
		      const char *const *choices, size_t nchoices, int *out)
{
	json_t *v = NULL;
	int m = member(req, obj, field, required, &v);
	if (m <= 0)
		return m < 0 ? ERR_INVALID : ERR_OK;
	if (!json_is_string(v))
		return req_fail(req, ERR_INVALID, "field_type", field);
	for (size_t i = 0; i < nchoices; i++) {
		if (strcmp(json_string_value(v), choices[i]) == 0) {
			*out = (int)i;
			return ERR_OK;
		}
	}
	return req_fail(req, ERR_INVALID, "field_choice", field);
}

enum err json_in_array(struct request *req, json_t *obj, const char *field, int required,
		       size_t max, json_t **out)
{
	json_t *v = NULL;
	int m = member(req, obj, field, required, &v);
	if (m <= 0)
		return m < 0 ? ERR_INVALID : ERR_OK;
	if (!json_is_array(v))
		return req_fail(req, ERR_INVALID, "field_type", field);
	if (json_array_size(v) > max)
		return req_fail(req, ERR_INVALID, "field_too_long", field);
	*out = v;
	return ERR_OK;
}

enum err json_in_object(struct request *req, json_t *obj, const char *field, int required,
			json_t **out)
{
	json_t *v = NULL;
	int m = member(req, obj, field, required, &v);
	if (m <= 0)
		return m < 0 ? ERR_INVALID : ERR_OK;
	if (!json_is_object(v))
		return req_fail(req, ERR_INVALID, "field_type", field);
	*out = v;
	return ERR_OK;
}

char *json_canonical(const json_t *v, size_t *len)
{
	char *s = json_dumps(v, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
	if (!s)
		abort();
	if (len)
		*len = strlen(s);
	return s;
}

json_t *json_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *json_time(int64_t ms)
{
	char t[40];
	clock_format_ms(ms, t, sizeof t);
	return json_string(t);
}
