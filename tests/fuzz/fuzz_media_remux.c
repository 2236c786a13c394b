/* libFuzzer target: remux of untrusted recording bytes (a client controls every byte it uploads),
 * memory to memory. Any outcome but ERR_OK/ERR_INVALID/ERR_UNSUPPORTED is a bug; on ERR_OK the
 * output must remux again (it is a well-formed WebM) and a second remux of the input must give the
 * same bytes (bit-exact). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "media.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct media_remux_result r, r2;
	unsigned char *out = NULL, *out2 = NULL, *again = NULL;
	size_t n = 0, n2 = 0, na = 0;
	log_set_level(LOG_ERROR); /* libav's warnings on broken input are expected */
	enum err e = media_remux_webm_mem(data, size, &out, &n, &r);
	if (e != ERR_OK) {
		if ((e != ERR_INVALID && e != ERR_UNSUPPORTED) || out || n)
			abort();
		return 0;
	}
	if (!out || n == 0 || r.out_bytes != n || r.raw_bytes != size || r.nstreams == 0)
		abort();
	if (media_remux_webm_mem(data, size, &out2, &n2, &r2) != ERR_OK || n2 != n ||
	    memcmp(out, out2, n) || strcmp(r.out_sha256, r2.out_sha256))
		abort();
	if (media_remux_webm_mem(out, n, &again, &na, &r2) != ERR_OK || r2.truncated)
		abort();
	free(out);
	free(out2);
	free(again);
	return 0;
}
