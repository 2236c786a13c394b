/* File type by content (magic numbers), never by name: the four types evidence may take. WebM is
 * told apart from other Matroska files by walking the EBML header to its DocType element. */
#include <stdint.h>
#include <string.h>

#include "blob.h"

#define EBML_ID_DOCTYPE 0x4282

/* Reads an EBML variable-length integer from p (n bytes available). Returns its length (1-8) or
 * 0 when malformed or cut short. keep_marker: element IDs keep the length marker bit; sizes drop
 * it, and *unknown says whether every value bit was 1 (the "unknown size" encoding). */
static size_t ebml_vint(const unsigned char *p, size_t n, int keep_marker, uint64_t *v,
			int *unknown)
{
	size_t len = 1;
	unsigned mask = 0x80;
	uint64_t x, ones;
	if (!n || !p[0])
		return 0;
	while (!(p[0] & mask)) {
		mask >>= 1;
		len++;
	}
	if (len > n)
		return 0;
	x = keep_marker ? p[0] : (p[0] & (mask - 1));
	for (size_t i = 1; i < len; i++)
		x = (x << 8) | p[i];
	ones = (UINT64_C(1) << (7 * len)) - 1;
	if (unknown)
		*unknown = !keep_marker && x == ones;
	*v = x;
	return len;
}

/* 1 when p starts with an EBML header whose DocType is "webm". */
static int is_webm(const unsigned char *p, size_t n)
{
	uint64_t hsize, id, size;
	size_t i = 4, l, end;
	int unknown = 0;
	if (n < 4 || memcmp(p, "\x1a\x45\xdf\xa3", 4) != 0)
		return 0;
	l = ebml_vint(p + i, n - i, 0, &hsize, &unknown);
	if (!l || unknown)
		return 0;
	i += l;
	end =
	    hsize < n - i ? i + (size_t)hsize : n; /* a header cut short is read as far as given */
	while (i < end) {
		l = ebml_vint(p + i, end - i, 1, &id, NULL);
		if (!l || l > 4)
			return 0;
		i += l;
		l = ebml_vint(p + i, end - i, 0, &size, &unknown);
		if (!l || unknown)
			return 0;
		i += l;
		if (size > end - i)
			return 0;
		if (id == EBML_ID_DOCTYPE) {
			/* an EBML string may be padded with NUL bytes */
			if (size < 4 || memcmp(p + i, "webm", 4) != 0)
				return 0;
			for (size_t k = 4; k < size; k++)
				if (p[i + k])
					return 0;
			return 1;
		}
		i += (size_t)size;
	}
	return 0;
}

const char *blob_sniff(const void *data, size_t n)
{
	const unsigned char *p = data;
	if (!p || n == 0)
		return NULL;
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "image/jpeg";
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (is_webm(p, n))
		return "video/webm";
	return NULL;
}
