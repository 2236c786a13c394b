/* Bounded JSON input readers over jansson, and small output helpers.
 *
 * Each json_in_* reads one member of an object, checks type and limits and copies strings into
 * the request arena. On failure it records the error on the request (req_fail with the field
 * name and one of the codes field_required, field_type, field_too_long, field_too_short,
 * field_range, field_format) and returns ERR_INVALID (422); malformed JSON is ERR_BAD_REQUEST.
 * Optional members that are absent (or null) leave *out untouched and return ERR_OK. */
#ifndef UJIKOM_JSON_H
#define UJIKOM_JSON_H
#include <jansson.h>
#include <stdint.h>

#include "err.h"
#include "request.h"

#define JSON_IN_REQUIRED 1
#define JSON_IN_OPTIONAL 0

/* Parses the body as one JSON object (duplicate keys rejected, depth limited) into req->json. */
enum err json_parse_body(struct request *req);

/* Strings are UTF-8 checked by jansson; min/max count bytes. Leading/trailing whitespace is
 * trimmed before the checks. */
enum err json_in_str(struct request *req, json_t *obj, const char *field, int required, size_t min,
		     size_t max, const char **out);
enum err json_in_int(struct request *req, json_t *obj, const char *field, int required, int64_t lo,
		     int64_t hi, int64_t *out);
enum err json_in_bool(struct request *req, json_t *obj, const char *field, int required, int *out);
/* One of a fixed list of strings; *out is the index. */
enum err json_in_enum(struct request *req, json_t *obj, const char *field, int required,
		      const char *const *choices, size_t nchoices, int *out);
/* An array member with at most max elements (not copied; borrowed from obj). */
enum err json_in_array(struct request *req, json_t *obj, const char *field, int required,
		       size_t max, json_t **out);
/* An object member (borrowed). */
enum err json_in_object(struct request *req, json_t *obj, const char *field, int required,
			json_t **out);

/* Canonical serialisation (sorted keys, compact, UTF-8) into a malloc'd string; used for hashes
 * and signatures. Caller frees with free(). */
char *json_canonical(const json_t *v, size_t *len);

/* Output helpers: NULL-safe string, time as RFC 3339. */
json_t *json_str_or_null(const char *s);
json_t *json_time(int64_t ms);

#endif
