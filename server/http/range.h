/* HTTP byte ranges (RFC 9110 §14): a pure parser for one Range header value, and the helper that
 * turns a prepared whole-file response into a 206 or 416. Used by static files and blob_serve. */
#ifndef UJIKOM_HTTP_RANGE_H
#define UJIKOM_HTTP_RANGE_H
#include <stddef.h>
#include <stdint.h>

struct request;

enum range_result {
	RANGE_IGNORE = 0,    /* absent, malformed, another unit or several ranges: send 200 */
	RANGE_PARTIAL,	     /* satisfiable: send 206 with off/len */
	RANGE_UNSATISFIABLE, /* well formed but outside the file: send 416 */
};

struct range {
	int64_t off; /* first byte */
	int64_t len; /* >= 1; off + len <= size */
};

/* Parses a Range value (s, n bytes, need not be NUL-terminated; NULL means absent) against a
 * representation of size bytes (>= 0). Accepts one "bytes=a-b", "bytes=a-" or "bytes=-n" (unit
 * case-insensitive, optional surrounding whitespace, empty list elements skipped). A last byte
 * past the end is clamped; numbers too large for int64 saturate. Invalid specs (a > b, non-digits,
 * signs, inner spaces) and multiple ranges give RANGE_IGNORE, as RFC 9110 allows. "bytes=-0",
 * a first byte >= size, and any range of an empty representation give RANGE_UNSATISFIABLE.
 * *out is set only for RANGE_PARTIAL. */
enum range_result range_parse(const char *s, size_t n, int64_t size, struct range *out);

/* For a prepared file response (status 200, resp.fd open, file_off 0, file_len = size): always
 * adds "Accept-Ranges: bytes", then applies req->range for GET (Range is defined for GET only, so
 * HEAD answers 200 with the full length): 206 with "Content-Range: bytes a-b/size" and
 * file_off/file_len narrowed, or 416 with "Content-Range: bytes <asterisk>/size", the file closed
 * and an empty body. Call after any 304 decision (If-None-Match takes precedence). */
void range_apply(struct request *req, int64_t size);

#endif
