/* libFuzzer target: the Range header parser (client input). The first 8 bytes pick the file size
 * (0, small, around the int64 limit); a satisfiable answer must lie inside the file and an
 * unsatisfiable one must really be outside it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../server/http/range.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t sizes[] = {0, 1, 2, 10, 1000, 1 << 20, INT64_MAX - 1, INT64_MAX};
	struct range r = {-1, -1};
	uint64_t sel = 0;
	if (size < 1)
		return 0;
	sel = data[0];
	data++;
	size--;
	int64_t fsize = sizes[sel % (sizeof sizes / sizeof sizes[0])];
	if (sel >= 128 && size >= 8) { /* an arbitrary non-negative size */
		uint64_t v;
		memcpy(&v, data, 8);
		fsize = (int64_t)(v >> 1);
		data += 8;
		size -= 8;
	}
	/* a copy of exactly size bytes, so reads past the end are caught */
	char *s = malloc(size ? size : 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	enum range_result res = range_parse(s, size, fsize, &r);
	switch (res) {
	case RANGE_PARTIAL:
		if (r.off < 0 || r.len < 1 || r.off >= fsize || r.len > fsize - r.off)
			abort();
		break;
	case RANGE_UNSATISFIABLE:
	case RANGE_IGNORE:
		if (r.off != -1 || r.len != -1)
			abort(); /* out untouched */
		break;
	default:
		abort();
	}
	/* the same bytes NUL-terminated give the same answer */
	char *z = malloc(size + 1);
	if (z) {
		struct range r2 = {-1, -1};
		memcpy(z, data, size);
		z[size] = '\0';
		if (range_parse(z, size, fsize, &r2) != res || r2.off != r.off || r2.len != r.len)
			abort();
		free(z);
	}
	free(s);
	return 0;
}
