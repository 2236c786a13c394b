/* libFuzzer target: content sniffing of uploaded files (client input). The answer is one of the
 * four types or NULL, agrees with the magic numbers, and never depends on bytes past n. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int contains(const unsigned char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(p + i, needle, k))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy, so reads past the end are caught */
	unsigned char *p = malloc(size ? size : 1);
	if (!p)
		return 0;
	memcpy(p, data, size);
	const char *t = blob_sniff(p, size);
	if (t) {
		if (!strcmp(t, "application/pdf")) {
			if (size < 5 || memcmp(p, "%PDF-", 5))
				abort();
		} else if (!strcmp(t, "image/jpeg")) {
			if (size < 3 || p[0] != 0xff || p[1] != 0xd8 || p[2] != 0xff)
				abort();
		} else if (!strcmp(t, "image/png")) {
			if (size < 8 || memcmp(p, "\x89PNG\r\n\x1a\n", 8))
				abort();
		} else if (!strcmp(t, "video/webm")) {
			if (size < 4 || memcmp(p, "\x1a\x45\xdf\xa3", 4) ||
			    !contains(p, size, "webm"))
				abort();
		} else {
			abort();
		}
	}
	free(p);
	return 0;
}
