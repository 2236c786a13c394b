/* media_thumbnail_jpeg against a recording generated with the ffmpeg CLI at test time: size,
 * aspect, the frame picked (PSNR against ffmpeg's own frame at that time), atomic output, errors.
 * Needs ffmpeg (./deploy/install-deps --test). */
#include <errno.h>
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
static char raw[128], remuxed[128], audio[128];

static void path_in(char *p, size_t n, const char *name)
{
	snprintf(p, n, "%s/%s", dir, name);
}

static int exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

static int tmp_files_left(void)
{
	char out[4096];
	const char *argv[] = {"ls", "-a", dir, NULL};
	assert_int_equal(run_cmd(out, sizeof out, argv), 0);
	return strstr(out, ".tmp") != NULL;
}

/* ffprobe of an image: codec name, width, height. */
static void probe_image(const char *p, char codec[32], int *w, int *h)
{
	char out[512];
	const char *argv[] = {
	    "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of",
	    "csv=p=0", p,    NULL};
	assert_int_equal(run_cmd(out, sizeof out, argv), 0);
	if (sscanf(out, "%31[^,],%d,%d", codec, w, h) != 3)
		fail_msg("ffprobe %s: %s", p, out);
}

/* ffmpeg's own frame of the recording at sec, scaled to w x h, as a JPEG at p. */
static void reference_frame(const char *p, const char *sec, int w, int h)
{
	char out[4096], scale[32];
	snprintf(scale, sizeof scale, "scale=%d:%d", w, h);
	const char *argv[] = {"ffmpeg", "-nostdin",  "-v", "error", "-y",  "-ss", sec, "-i",
			      raw,	"-frames:v", "1",  "-vf",   scale, p,	  NULL};
	if (run_cmd(out, sizeof out, argv) != 0)
		fail_msg("ffmpeg reference frame: %s", out);
}

/* Average PSNR (dB) between two images; 1000 for identical. */
static double psnr(const char *a, const char *b)
{
	char out[8192];
	const char *argv[] = {"ffmpeg", "-nostdin",   "-hide_banner", "-i",   a,   "-i", b,
			      "-lavfi", "[0][1]psnr", "-f",	      "null", "-", NULL};
	assert_int_equal(run_cmd(out, sizeof out, argv), 0);
	const char *s = strstr(out, "average:");
	if (!s)
		fail_msg("no PSNR in: %s", out);
	s += strlen("average:");
	return !strncmp(s, "inf", 3) ? 1000.0 : strtod(s, NULL);
}

static int setup(void **state)
{
	(void)state;
	char out[4096];
	const char *ver[] = {"ffmpeg", "-version", NULL};
	if (run_cmd(out, sizeof out, ver) != 0)
		fail_msg("ffmpeg not found: run ./deploy/install-deps --test");
	snprintf(dir, sizeof dir, "/tmp/ujikom-thumb-XXXXXX");
	assert_non_null(mkdtemp(dir));
	path_in(raw, sizeof raw, "raw.webm");
	path_in(remuxed, sizeof remuxed, "final.webm");
	path_in(audio, sizeof audio, "audio.webm");
	const char *gen[] = {"ffmpeg",
			     "-nostdin",
			     "-v",
			     "error",
			     "-f",
			     "lavfi",
			     "-i",
			     "testsrc2=size=320x240:rate=15",
			     "-t",
			     "8",
			     "-c:v",
			     "libvpx",
			     "-b:v",
			     "300k",
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
	    "ffmpeg", "-nostdin", "-v",	  "error",   "-f", "lavfi", "-i",  "sine=frequency=440",
	    "-t",     "1",	  "-c:a", "libopus", "-f", "webm",  audio, NULL};
	if (run_cmd(out, sizeof out, gen_a) != 0)
		fail_msg("ffmpeg (audio): %s", out);
	struct media_remux_result r;
	assert_int_equal(media_remux_webm(raw, remuxed, &r), ERR_OK);
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

/* The poster is the frame at the time asked: much closer to ffmpeg's frame at 5 s than to the
 * one at 1 s (testsrc2 moves and prints the time). From the remuxed file (Cues) and from the raw
 * one (no Cues: the demuxer scans). */
static void test_thumb_frame_and_size(void **state)
{
	(void)state;
	char jpg[128], ref5[128], ref1[128], codec[32];
	int w, h;
	path_in(ref5, sizeof ref5, "ref5.jpg");
	path_in(ref1, sizeof ref1, "ref1.jpg");
	reference_frame(ref5, "5", 160, 120);
	reference_frame(ref1, "1", 160, 120);
	const char *inputs[] = {remuxed, raw};
	for (int i = 0; i < 2; i++) {
		path_in(jpg, sizeof jpg, "poster.jpg");
		assert_int_equal(media_thumbnail_jpeg(inputs[i], 5000, 160, jpg), ERR_OK);
		probe_image(jpg, codec, &w, &h);
		assert_string_equal(codec, "mjpeg");
		assert_int_equal(w, 160);
		assert_int_equal(h, 120);
		double at5 = psnr(jpg, ref5), at1 = psnr(jpg, ref1);
		if (!(at5 > 30.0 && at5 > at1 + 5.0))
			fail_msg("%s: PSNR vs 5 s %.1f dB, vs 1 s %.1f dB", inputs[i], at5, at1);
		assert_false(tmp_files_left());
	}
}

static void test_thumb_sizes(void **state)
{
	(void)state;
	char jpg[128], codec[32];
	int w, h;
	path_in(jpg, sizeof jpg, "sized.jpg");
	/* never upscaled */
	assert_int_equal(media_thumbnail_jpeg(remuxed, 0, 1000, jpg), ERR_OK);
	probe_image(jpg, codec, &w, &h);
	assert_int_equal(w, 320);
	assert_int_equal(h, 240);
	/* odd widths round down to even; the height keeps 4:3 and is even */
	assert_int_equal(media_thumbnail_jpeg(remuxed, 0, 101, jpg), ERR_OK);
	probe_image(jpg, codec, &w, &h);
	assert_int_equal(w, 100);
	assert_int_equal(h, 74);
	/* past the end: the last frame; a negative time: the first */
	assert_int_equal(media_thumbnail_jpeg(remuxed, 3600000, 64, jpg), ERR_OK);
	probe_image(jpg, codec, &w, &h);
	assert_int_equal(w, 64);
	assert_int_equal(h, 48);
	assert_int_equal(media_thumbnail_jpeg(raw, -5, 64, jpg), ERR_OK);
}

static void test_thumb_errors(void **state)
{
	(void)state;
	char jpg[128], bad[128];
	path_in(jpg, sizeof jpg, "never.jpg");
	path_in(bad, sizeof bad, "garbage.webm");
	FILE *f = fopen(bad, "wb");
	assert_non_null(f);
	for (int i = 0; i < 5000; i++)
		fputc((i * 7919) & 0xff, f);
	fclose(f);
	assert_int_equal(media_thumbnail_jpeg(remuxed, 0, 8, jpg), ERR_INVALID);
	assert_int_equal(media_thumbnail_jpeg(remuxed, 0, 5000, jpg), ERR_INVALID);
	assert_int_equal(media_thumbnail_jpeg(bad, 0, 160, jpg), ERR_INVALID);
	assert_int_equal(media_thumbnail_jpeg(audio, 0, 160, jpg), ERR_INVALID);
	assert_int_equal(media_thumbnail_jpeg("/nonexistent.webm", 0, 160, jpg), ERR_NOT_FOUND);
	assert_false(exists(jpg));
	assert_int_equal(media_thumbnail_jpeg(remuxed, 0, 160, "/nonexistent/dir/p.jpg"), ERR_IO);
	assert_false(tmp_files_left());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_thumb_frame_and_size),
	    cmocka_unit_test(test_thumb_sizes),
	    cmocka_unit_test(test_thumb_errors),
	};
	log_set_level(LOG_ERROR); /* libav's complaints about the bad inputs are expected */
	return cmocka_run_group_tests(tests, setup, teardown);
}
