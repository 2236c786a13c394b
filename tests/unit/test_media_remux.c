/* media_remux_webm and media_probe against real files: a MediaRecorder-like live WebM generated
 * with the ffmpeg CLI at test time, checked with ffprobe/ffmpeg/sha256sum and an EBML walk of our
 * own. Needs ffmpeg (./deploy/install-deps --test). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "log.h"
#include "media.h"
#include "run_cmd.h"

static char dir[64];
static char raw[128], chrome[128], audio[128], mjpeg[128];

static void need_tool(const char *tool)
{
	char out[256];
	const char *argv[] = {tool, "-version", NULL};
	if (run_cmd(out, sizeof out, argv) != 0)
		fail_msg("'%s' not found or not working: run ./deploy/install-deps --test", tool);
}

static void path_in(char *p, size_t n, const char *name)
{
	snprintf(p, n, "%s/%s", dir, name);
}

static int exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

static long long file_size(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 ? (long long)st.st_size : -1;
}

static unsigned char *slurp(const char *p, size_t *n)
{
	FILE *f = fopen(p, "rb");
	long sz;
	unsigned char *b;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)sz + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	*n = (size_t)sz;
	return b;
}

static void spit(const char *p, const void *b, size_t n)
{
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* Entries of dir whose name contains ".tmp" (a temp file left behind). */
static int tmp_files_left(void)
{
	char out[4096];
	const char *argv[] = {"ls", "-a", dir, NULL};
	assert_int_equal(run_cmd(out, sizeof out, argv), 0);
	return strstr(out, ".tmp") != NULL;
}

static void sha256sum(const char *p, char hex[65])
{
	char out[512];
	const char *argv[] = {"sha256sum", p, NULL};
	assert_int_equal(run_cmd(out, sizeof out, argv), 0);
	memcpy(hex, out, 64);
	hex[64] = '\0';
}

/* ffprobe's format duration in ms, -1 for N/A. */
static long long probe_duration_ms(const char *p)
{
	char out[512];
	const char *argv[] = {"ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
			      "csv=p=0", p,    NULL};
	assert_int_equal(run_cmd(out, sizeof out, argv), 0);
	if (!strncmp(out, "N/A", 3))
		return -1;
	return (long long)(strtod(out, NULL) * 1000.0 + 0.5);
}

/* Packets per stream as ffprobe counts them, into n[]; returns the number of streams. */
static int probe_packets(const char *p, long long n[4])
{
	char out[512], *s = out;
	int k = 0;
	const char *argv[] = {"ffprobe",
			      "-v",
			      "error",
			      "-count_packets",
			      "-show_entries",
			      "stream=nb_read_packets",
			      "-of",
			      "csv=p=0",
			      p,
			      NULL};
	assert_int_equal(run_cmd(out, sizeof out, argv), 0);
	while (*s && k < 4) {
		n[k++] = strtoll(s, &s, 10);
		while (*s == '\n' || *s == '\r' || *s == ',')
			s++;
	}
	return k;
}

/* The whole file decodes: ffmpeg -v error prints nothing and exits 0. vsync: NULL for ffmpeg's
 * default frame timing, "vfr" to let two frames share one 1/fps tick. */
static void assert_decodes_vsync(const char *p, const char *vsync)
{
	char out[4096];
	const char *argv[] = {"ffmpeg", "-nostdin", "-v", "error", "-i", p,   "-f",
			      "null",	"-",	    NULL, NULL,	   NULL, NULL};
	if (vsync) {
		argv[6] = "-vsync";
		argv[7] = vsync;
		argv[8] = "-f";
		argv[9] = "null";
		argv[10] = "-";
	}
	int rc = run_cmd(out, sizeof out, argv);
	if (rc != 0 || out[0])
		fail_msg("ffmpeg decode of %s: exit %d, output: %s", p, rc, out);
}

static void assert_decodes(const char *p)
{
	assert_decodes_vsync(p, NULL);
}

/* Independent EBML walk: 1 when a Cues element (0x1C53BB6B) sits at Segment level. */
static uint64_t vint(const unsigned char *d, size_t n, size_t p, int id, int *len)
{
	int l = 1;
	uint64_t v;
	if (p >= n)
		return *len = 0, 0;
	while (l <= 8 && !(d[p] & (0x80 >> (l - 1))))
		l++;
	if (l > 8 || p + (size_t)l > n)
		return *len = 0, 0;
	v = id ? d[p] : (uint64_t)(d[p] & (0xff >> l));
	for (int i = 1; i < l; i++)
		v = v << 8 | d[p + (size_t)i];
	*len = l;
	return v;
}

static int has_cues_element(const char *p)
{
	size_t n, pos = 0;
	unsigned char *d = slurp(p, &n);
	int found = 0;
	while (pos < n) {
		int a, b;
		uint64_t id = vint(d, n, pos, 1, &a), sz = vint(d, n, pos + (size_t)a, 0, &b);
		if (!a || !b)
			break;
		if (id == 0x1C53BB6B)
			found = 1;
		if (id == 0x18538067) { /* into the Segment */
			pos += (size_t)(a + b);
			continue;
		}
		if (sz > n)
			break;
		pos += (size_t)(a + b) + (size_t)sz;
	}
	free(d);
	return found;
}

/* Every Cluster's size rewritten as "unknown" (same length), as Chrome's MediaRecorder writes. */
static void make_unknown_size_clusters(const char *from, const char *to)
{
	size_t n, pos = 0;
	unsigned char *d = slurp(from, &n);
	int clusters = 0;
	while (pos < n) {
		int a, b;
		uint64_t id = vint(d, n, pos, 1, &a), sz = vint(d, n, pos + (size_t)a, 0, &b);
		if (!a || !b)
			break;
		if (id == 0x1F43B675) {
			unsigned char *s = d + pos + a;
			s[0] = (unsigned char)(0xff >> (b - 1));
			memset(s + 1, 0xff, (size_t)b - 1);
			clusters++;
		}
		if (id == 0x18538067) {
			pos += (size_t)(a + b);
			continue;
		}
		pos += (size_t)(a + b) + (size_t)sz;
	}
	assert_true(clusters > 3);
	spit(to, d, n);
	free(d);
}

static int setup(void **state)
{
	(void)state;
	char out[4096];
	need_tool("ffmpeg");
	need_tool("ffprobe");
	snprintf(dir, sizeof dir, "/tmp/ujikom-media-XXXXXX");
	assert_non_null(mkdtemp(dir));
	path_in(raw, sizeof raw, "raw.webm");
	path_in(chrome, sizeof chrome, "chrome.webm");
	path_in(audio, sizeof audio, "audio.webm");
	path_in(mjpeg, sizeof mjpeg, "mjpeg.mkv");
	/* a live WebM like MediaRecorder's: no Duration, no Cues, 1 s clusters */
	const char *gen[] = {"ffmpeg",
			     "-nostdin",
			     "-v",
			     "error",
			     "-f",
			     "lavfi",
			     "-i",
			     "testsrc2=size=320x240:rate=15",
			     "-f",
			     "lavfi",
			     "-i",
			     "sine=frequency=440",
			     "-t",
			     "12",
			     "-c:v",
			     "libvpx",
			     "-b:v",
			     "300k",
			     "-c:a",
			     "libopus",
			     "-f",
			     "webm",
			     "-live",
			     "1",
			     "-cluster_time_limit",
			     "1000",
			     raw,
			     NULL};
	if (run_cmd(out, sizeof out, gen) != 0)
		fail_msg("ffmpeg could not make the test recording: %s", out);
	const char *gen_a[] = {
	    "ffmpeg", "-nostdin", "-v",	  "error",   "-f", "lavfi", "-i",    "sine=frequency=440",
	    "-t",     "3",	  "-c:a", "libopus", "-f", "webm",  "-live", "1",
	    audio,    NULL};
	if (run_cmd(out, sizeof out, gen_a) != 0)
		fail_msg("ffmpeg (audio): %s", out);
	const char *gen_m[] = {"ffmpeg", "-nostdin", "-v",   "error",
			       "-f",	 "lavfi",    "-i",   "testsrc2=size=64x48:rate=5",
			       "-t",	 "1",	     "-c:v", "mjpeg",
			       "-f",	 "matroska", mjpeg,  NULL};
	if (run_cmd(out, sizeof out, gen_m) != 0)
		fail_msg("ffmpeg (mjpeg): %s", out);
	make_unknown_size_clusters(raw, chrome);
	/* the premise: the raw recordings have neither Duration nor Cues */
	assert_int_equal(probe_duration_ms(raw), -1);
	assert_int_equal(probe_duration_ms(chrome), -1);
	assert_false(has_cues_element(raw));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char out[256];
	const char *argv[] = {"rm", "-rf", dir, NULL};
	if (dir[0])
		run_cmd(out, sizeof out, argv);
	return 0;
}

static void assert_full_remux(const char *in, const char *name)
{
	struct media_remux_result r;
	char out[128], want[65];
	long long pk_in[4], pk_out[4];
	path_in(out, sizeof out, name);
	assert_int_equal(media_remux_webm(in, out, &r), ERR_OK);
	assert_int_equal(r.truncated, 0);
	assert_int_equal(r.has_cues, 1);
	assert_int_equal(r.dts_nudged, 0);
	/* the digests are of the bytes on disk */
	sha256sum(in, want);
	assert_string_equal(r.raw_sha256, want);
	sha256sum(out, want);
	assert_string_equal(r.out_sha256, want);
	assert_int_equal((long long)r.raw_bytes, file_size(in));
	assert_int_equal((long long)r.out_bytes, file_size(out));
	/* a finished file: duration close to the 12 s recorded, and as reported; Cues; decodes */
	long long d = probe_duration_ms(out);
	assert_true(d >= 11000 && d <= 13000);
	assert_true(llabs(d - r.duration_ms) <= 1);
	assert_true(has_cues_element(out));
	assert_decodes(out);
	/* streams as recorded, every packet copied */
	assert_int_equal(r.nstreams, 2);
	assert_int_equal(r.streams[0].kind, MEDIA_KIND_VIDEO);
	assert_string_equal(r.streams[0].codec, "vp8");
	assert_int_equal(r.streams[0].width, 320);
	assert_int_equal(r.streams[0].height, 240);
	assert_int_equal(r.streams[1].kind, MEDIA_KIND_AUDIO);
	assert_string_equal(r.streams[1].codec, "opus");
	assert_int_equal(r.streams[1].sample_rate, 48000);
	assert_int_equal(probe_packets(in, pk_in), 2);
	assert_int_equal(probe_packets(out, pk_out), 2);
	assert_int_equal(pk_in[0], pk_out[0]);
	assert_int_equal(pk_in[1], pk_out[1]);
	assert_int_equal((long long)r.streams[0].packets, pk_in[0]);
	assert_int_equal((long long)r.streams[1].packets, pk_in[1]);
	assert_true(r.streams[0].first_ms >= -100 && r.streams[0].first_ms <= 100);
	assert_true(r.streams[0].last_ms > 11000 && r.streams[0].last_ms <= 12100);
	assert_false(tmp_files_left());
}

static void test_remux_live_webm(void **state)
{
	(void)state;
	assert_full_remux(raw, "out.webm");
}

static void test_remux_unknown_size_clusters(void **state)
{
	(void)state;
	assert_full_remux(chrome, "out-chrome.webm");
}

static void test_remux_bitexact(void **state)
{
	(void)state;
	struct media_remux_result a, b, m;
	char pa[128], pb[128];
	size_t na, nb, nm, nraw;
	unsigned char *mem = NULL, *rawb;
	path_in(pa, sizeof pa, "a.webm");
	path_in(pb, sizeof pb, "b.webm");
	assert_int_equal(media_remux_webm(raw, pa, &a), ERR_OK);
	assert_int_equal(media_remux_webm(raw, pb, &b), ERR_OK);
	assert_string_equal(a.out_sha256, b.out_sha256);
	unsigned char *da = slurp(pa, &na), *db = slurp(pb, &nb);
	assert_int_equal(na, nb);
	assert_memory_equal(da, db, na);
	/* from memory: the same bytes as through the file */
	rawb = slurp(raw, &nraw);
	assert_int_equal(media_remux_webm_mem(rawb, nraw, &mem, &nm, &m), ERR_OK);
	assert_int_equal(nm, na);
	assert_memory_equal(mem, da, na);
	assert_string_equal(m.out_sha256, a.out_sha256);
	assert_string_equal(m.raw_sha256, a.raw_sha256);
	free(mem);
	free(rawb);
	free(da);
	free(db);
	/* over an existing file: replaced whole */
	assert_int_equal(media_remux_webm(raw, pa, &a), ERR_OK);
	assert_string_equal(a.out_sha256, b.out_sha256);
}

/* Cuts in at several places (the first cluster, the middle, one byte short): each gives a shorter
 * valid file with truncated set, longer cuts longer files. */
static void cut_and_check(const char *src)
{
	size_t n;
	unsigned char *d = slurp(src, &n);
	const size_t cuts[] = {20000, n * 2 / 5, n * 7 / 10, n - 1};
	long long prev = -1;
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		char in[128], out[128];
		struct media_remux_result r;
		path_in(in, sizeof in, "cut.webm");
		path_in(out, sizeof out, "cut-out.webm");
		spit(in, d, cuts[i]);
		assert_int_equal(media_remux_webm(in, out, &r), ERR_OK);
		if (!r.truncated)
			fail_msg("cut at %zu of %zu not reported as truncated", cuts[i], n);
		long long dur = probe_duration_ms(out);
		assert_true(dur > 0 && dur < 12100);
		assert_true(llabs(dur - r.duration_ms) <= 1);
		assert_true(dur >= prev);
		prev = dur;
		assert_decodes(out);
		assert_true(has_cues_element(out));
		assert_true((long long)r.raw_bytes == (long long)cuts[i]);
		if (i == 2) /* the cut at 70 % keeps roughly 70 % of the 12 s */
			assert_true(dur >= 6000 && dur <= 10500);
	}
	free(d);
	assert_false(tmp_files_left());
}

static void test_remux_truncated(void **state)
{
	(void)state;
	cut_and_check(raw);
	cut_and_check(chrome);
}

static void assert_invalid(const void *b, size_t n, const char *what)
{
	char in[128], out[128];
	struct media_remux_result r;
	unsigned char *mem = (unsigned char *)"x";
	size_t nm = 1;
	path_in(in, sizeof in, "bad.webm");
	path_in(out, sizeof out, "bad-out.webm");
	spit(in, b, n);
	enum err e = media_remux_webm(in, out, &r);
	if (e != ERR_INVALID)
		fail_msg("%s: %s, wanted ERR_INVALID", what, err_name(e));
	assert_false(exists(out));
	assert_false(tmp_files_left());
	assert_int_equal(media_remux_webm_mem(b, n, &mem, &nm, &r), ERR_INVALID);
	assert_null(mem);
	assert_int_equal(nm, 0);
}

static void test_remux_invalid(void **state)
{
	(void)state;
	size_t n;
	unsigned char *d = slurp(raw, &n), garbage[65536];
	uint32_t x = 12345;
	for (size_t i = 0; i < sizeof garbage; i++) {
		x = x * 1103515245u + 12345u;
		garbage[i] = (unsigned char)(x >> 16);
	}
	assert_invalid(d, 100, "cut inside the EBML/SeekHead");
	assert_invalid(d, 300, "cut inside Info/Tracks");
	assert_invalid(d, 0, "empty file");
	assert_invalid(garbage, sizeof garbage, "random bytes");
	assert_invalid("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "a PNG");
	/* the real header followed by garbage: no complete block */
	memcpy(garbage, d, 574);
	assert_invalid(garbage, sizeof garbage, "header then garbage");
	free(d);

	struct media_remux_result r;
	char out[128];
	path_in(out, sizeof out, "none-out.webm");
	assert_int_equal(media_remux_webm("/nonexistent/raw.webm", out, &r), ERR_NOT_FOUND);
	assert_false(exists(out));
	/* an output directory that does not exist */
	assert_int_equal(media_remux_webm(raw, "/nonexistent/out.webm", &r), ERR_NOT_FOUND);
}

static void test_remux_unsupported_codec(void **state)
{
	(void)state;
	struct media_remux_result r;
	char out[128];
	path_in(out, sizeof out, "mjpeg-out.webm");
	assert_int_equal(media_remux_webm(mjpeg, out, &r), ERR_UNSUPPORTED);
	assert_false(exists(out));
	assert_false(tmp_files_left());
}

static void test_remux_audio_only(void **state)
{
	(void)state;
	struct media_remux_result r;
	char out[128];
	path_in(out, sizeof out, "audio-out.webm");
	assert_int_equal(media_remux_webm(audio, out, &r), ERR_OK);
	assert_int_equal(r.nstreams, 1);
	assert_string_equal(r.streams[0].codec, "opus");
	assert_int_equal(r.has_cues, 1);
	assert_true(has_cues_element(out));
	long long d = probe_duration_ms(out);
	assert_true(d >= 2500 && d <= 3500);
	assert_decodes(out);
}

/* Video packets' DTS as ffprobe reads them: 1 when one is below its predecessor. */
static int dts_decreases(const char *p)
{
	static char out[1 << 16];
	char *s = out;
	long long prev = -1000000;
	int dec = 0;
	const char *argv[] = {
	    "ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "packet=dts", "-of",
	    "csv=p=0", p,    NULL};
	assert_int_equal(run_cmd(out, sizeof out, argv), 0);
	while (*s) {
		long long v = strtoll(s, &s, 10);
		if (v < prev)
			dec = 1;
		prev = v;
		while (*s && (*s < '0' || *s > '9') && *s != '-')
			s++;
	}
	return dec;
}

/* A video SimpleBlock whose timecode goes back 40 ms: the muxer would refuse it; the remux
 * raises its DTS instead and keeps every packet. */
static void test_remux_nudges_decreasing_dts(void **state)
{
	(void)state;
	size_t n, pos = 0;
	unsigned char *d = slurp(raw, &n);
	size_t prev_block = 0;
	int in_cluster_blocks = 0, done = 0, clusters = 0;
	while (pos < n && !done) {
		int a, b;
		uint64_t id = vint(d, n, pos, 1, &a), sz = vint(d, n, pos + (size_t)a, 0, &b);
		assert_true(a && b);
		size_t data = pos + (size_t)(a + b);
		if (id == 0x18538067 || id == 0x1F43B675) {
			if (id == 0x1F43B675) {
				clusters++;
				in_cluster_blocks = 0;
			}
			pos = data;
			continue;
		}
		/* SimpleBlock of track 1 (video) in the third cluster, not the first block */
		if (id == 0xA3 && d[data] == 0x81 && clusters == 3) {
			if (in_cluster_blocks++ >= 3 && prev_block) {
				int prev_tc = (int16_t)(d[prev_block + 1] << 8 | d[prev_block + 2]);
				int tc = prev_tc - 40;
				d[data + 1] = (unsigned char)((tc >> 8) & 0xff);
				d[data + 2] = (unsigned char)(tc & 0xff);
				done = 1;
			}
			prev_block = data;
		}
		pos = data + (size_t)sz;
	}
	assert_true(done);
	char in[128], out[128];
	path_in(in, sizeof in, "nudge.webm");
	path_in(out, sizeof out, "nudge-out.webm");
	spit(in, d, n);
	free(d);
	assert_true(dts_decreases(in)); /* the premise */
	struct media_remux_result r;
	long long pk_in[4];
	assert_int_equal(media_remux_webm(in, out, &r), ERR_OK);
	assert_true(r.dts_nudged >= 1);
	assert_false(dts_decreases(out));
	assert_int_equal(probe_packets(in, pk_in), 2);
	assert_int_equal((long long)r.streams[0].packets, pk_in[0]);
	/* the nudged frame is 1 ms after its predecessor: every block decodes, but ffmpeg's default
	 * constant-rate output would put both frames on one 1/15 s tick and complain (it does the
	 * same for its own "-c copy" of this input) */
	assert_decodes_vsync(out, "vfr");
}

static void test_probe(void **state)
{
	(void)state;
	struct media_info i;
	struct media_remux_result r;
	char out[128];
	path_in(out, sizeof out, "probe-out.webm");
	assert_int_equal(media_probe(raw, &i), ERR_OK);
	assert_int_equal(i.duration_ms, -1);
	assert_int_equal(i.has_cues, 0);
	assert_int_equal(i.nstreams, 2);
	assert_string_equal(i.streams[0].codec, "vp8");
	assert_int_equal(i.streams[0].width, 320);
	assert_int_equal(i.streams[0].height, 240);
	assert_string_equal(i.streams[1].codec, "opus");
	assert_int_equal(i.streams[1].channels, 1);
	assert_int_equal(media_probe(chrome, &i), ERR_OK);
	assert_int_equal(i.has_cues, 0);

	assert_int_equal(media_remux_webm(raw, out, &r), ERR_OK);
	assert_int_equal(media_probe(out, &i), ERR_OK);
	assert_int_equal(i.has_cues, 1);
	assert_int_equal(i.duration_ms, r.duration_ms);
	assert_true(llabs(i.duration_ms - probe_duration_ms(out)) <= 1);
	assert_int_equal(i.nstreams, 2);

	char bad[128];
	path_in(bad, sizeof bad, "probe-bad");
	spit(bad, "not a video at all, just some text", 34);
	assert_int_equal(media_probe(bad, &i), ERR_INVALID);
	assert_int_equal(media_probe("/nonexistent/x.webm", &i), ERR_NOT_FOUND);
}

struct par {
	char out[128];
	enum err rc;
	struct media_remux_result r;
};

static void *par_run(void *arg)
{
	struct par *p = arg;
	p->rc = media_remux_webm(raw, p->out, &p->r);
	return NULL;
}

/* Two workers remuxing at once (thread safety, and under ASan/TSan). */
static void test_remux_parallel(void **state)
{
	(void)state;
	struct par p[3];
	pthread_t t[3];
	for (int i = 0; i < 3; i++) {
		snprintf(p[i].out, sizeof p[i].out, "%s/par%d.webm", dir, i);
		assert_int_equal(pthread_create(&t[i], NULL, par_run, &p[i]), 0);
	}
	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(p[i].rc, ERR_OK);
		assert_string_equal(p[i].r.out_sha256, p[0].r.out_sha256);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_remux_live_webm),
	    cmocka_unit_test(test_remux_unknown_size_clusters),
	    cmocka_unit_test(test_remux_bitexact),
	    cmocka_unit_test(test_remux_truncated),
	    cmocka_unit_test(test_remux_invalid),
	    cmocka_unit_test(test_remux_unsupported_codec),
	    cmocka_unit_test(test_remux_audio_only),
	    cmocka_unit_test(test_remux_nudges_decreasing_dts),
	    cmocka_unit_test(test_probe),
	    cmocka_unit_test(test_remux_parallel),
	};
	log_set_level(LOG_ERROR); /* libav's complaints about the damaged inputs are expected */
	return cmocka_run_group_tests(tests, setup, teardown);
}
