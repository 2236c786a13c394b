/* HTTP byte ranges: parses one Range header value and narrows a prepared file response to 206 or
 * 416 (see range.h). Multiple ranges are not served: the whole file goes out as 200 instead. */
#include "range.h"

#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "arena.h"
#include "request.h"

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Reads 1*DIGIT from *p (before end), saturating at INT64_MAX; advances *p. 0 when no digit. */
static int read_num(const char **p, const char *end, int64_t *v)
{
	const char *s = *p;
	int64_t x = 0;
	while (s < end && *s >= '0' && *s <= '9') {
		int d = *s - '0';
		x = x > (INT64_MAX - d) / 10 ? INT64_MAX : x * 10 + d;
		s++;
	}
	if (s == *p)
		return 0;
	*p = s;
	*v = x;
	return 1;
}

/* One byte-range-spec or suffix-range in [p, end) (already trimmed). */
static enum range_result parse_spec(const char *p, const char *end, int64_t size, struct range *out)
{
	int64_t first, last = INT64_MAX;
	if (*p == '-') { /* suffix-range: the last n bytes */
		p++;
		if (!read_num(&p, end, &last) || p != end)
			return RANGE_IGNORE;
		if (last == 0 || size == 0)
			return RANGE_UNSATISFIABLE;
		out->len = last < size ? last : size;
		out->off = size - out->len;
		return RANGE_PARTIAL;
	}
	if (!read_num(&p, end, &first) || p == end || *p != '-')
		return RANGE_IGNORE;
	p++;
	if (p != end && (!read_num(&p, end, &last) || p != end))
		return RANGE_IGNORE;
	if (last < first) /* an invalid range-spec makes the whole header invalid */
		return RANGE_IGNORE;
	if (first >= size)
		return RANGE_UNSATISFIABLE;
	if (last > size - 1)
		last = size - 1;
	out->off = first;
	out->len = last - first + 1;
	return RANGE_PARTIAL;
}

enum range_result range_parse(const char *s, size_t n, int64_t size, struct range *out)
{
	const char *p = s, *end = s + n, *spec = NULL, *spec_end = NULL;
	int count = 0;
	if (!s || size < 0)
		return RANGE_IGNORE;
	while (p < end && is_ows(*p))
		p++;
	while (end > p && is_ows(end[-1]))
		end--;
	if (end - p < 6 || strncasecmp(p, "bytes", 5) != 0 || p[5] != '=')
		return RANGE_IGNORE;
	p += 6;
	/* range-set = 1#range-spec: split on commas, skipping empty list elements */
	for (;;) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *a = p, *b = comma ? comma : end;
		while (a < b && is_ows(*a))
			a++;
		while (b > a && is_ows(b[-1]))
			b--;
		if (a < b) {
			count++;
			spec = a;
			spec_end = b;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	if (count != 1)
		return RANGE_IGNORE;
	return parse_spec(spec, spec_end, size, out);
}

void range_apply(struct request *req, int64_t size)
{
	struct response *r = &req->resp;
	struct range rg;
	resp_header(req, "Accept-Ranges", "bytes");
	if (req->method != M_GET || !req->range)
		return;
	switch (range_parse(req->range, strlen(req->range), size, &rg)) {
	case RANGE_IGNORE:
		return;
	case RANGE_PARTIAL:
		r->status = 206;
		r->file_off = rg.off;
		r->file_len = rg.len;
		resp_header(req, "Content-Range",
			    arena_sprintf(req->arena, "bytes %lld-%lld/%lld", (long long)rg.off,
					  (long long)(rg.off + rg.len - 1), (long long)size));
		return;
	case RANGE_UNSATISFIABLE:
		if (r->fd >= 0)
			close(r->fd);
		r->fd = -1;
		r->file_off = 0;
		r->file_len = 0;
		r->body = NULL;
		r->len = 0;
		r->status = 416;
		resp_header(req, "Content-Range",
			    arena_sprintf(req->arena, "bytes */%lld", (long long)size));
		return;
	}
}
