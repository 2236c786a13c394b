/* Benchmark program (not a test): times media_remux_webm (remux + SHA-256 of input and output +
 * fsync + rename) on one file, in-process. Prints one line per run and a summary line that
 * tests/bench/remux.sh parses.
 *   bench_remux RAW OUT [runs]  */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "media.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	struct media_remux_result r;
	double ms[64];
	int runs = argc > 3 ? atoi(argv[3]) : 3;
	if (argc < 3 || runs < 1 || runs > 64) {
		fprintf(stderr, "usage: bench_remux RAW OUT [runs 1..64]\n");
		return 2;
	}
	log_set_level(LOG_ERROR);
	for (int i = 0; i < runs; i++) {
		double t0 = now_ms();
		enum err e = media_remux_webm(argv[1], argv[2], &r);
		ms[i] = now_ms() - t0;
		if (e != ERR_OK) {
			fprintf(stderr, "bench_remux: %s\n", err_name(e));
			return 1;
		}
		printf("run %d: %.1f ms\n", i + 1, ms[i]);
	}
	qsort(ms, (size_t)runs, sizeof ms[0], cmp_double);
	printf("median_ms=%.1f raw_bytes=%llu out_bytes=%llu duration_ms=%lld truncated=%d "
	       "cues=%d out_sha256=%s\n",
	       ms[runs / 2], (unsigned long long)r.raw_bytes, (unsigned long long)r.out_bytes,
	       (long long)r.duration_ms, r.truncated, r.has_cues, r.out_sha256);
	return 0;
}
