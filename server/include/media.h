/* Recordings: remux of a raw MediaRecorder WebM into the seekable file kept as evidence, probe and
 * poster thumbnail. The only interface to libav* (server/media is the only place that includes it).
 *
 * Every function blocks (file I/O, fsync, demuxing, decoding) and belongs on a worker thread
 * (work.h). They are thread safe: no shared state besides libav's process-wide log callback, which
 * routes libav's messages (warning and worse) into log.h as warnings, at most a few per call. */
#ifndef UJIKOM_MEDIA_H
#define UJIKOM_MEDIA_H
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "util.h"

#define MEDIA_MAX_STREAMS 8  /* audio + video streams a recording may carry */
#define MEDIA_CODEC_LEN	  16 /* "vp8", "vp9", "av1", "opus", "vorbis" + NUL */
#define MEDIA_THUMB_MIN_W 16 /* media_thumbnail_jpeg max_width range */
#define MEDIA_THUMB_MAX_W 4096
#define MEDIA_MEM_OUT_MAX (256u << 20) /* media_remux_webm_mem refuses a larger output */

enum media_kind { MEDIA_KIND_VIDEO = 1, MEDIA_KIND_AUDIO = 2 };

struct media_stream {
	enum media_kind kind;
	char codec[MEDIA_CODEC_LEN]; /* libavcodec short name */
	int width, height;	     /* video, pixels; 0 for audio */
	int sample_rate, channels;   /* audio; 0 for video */
	uint64_t packets;	     /* remux: packets copied; probe: 0 */
	int64_t first_ms,
	    last_ms; /* remux: pts of the first and last packet copied (ms); probe: -1 */
};

struct media_info {
	int64_t
	    duration_ms;   /* from the container; -1 when it has none (a raw MediaRecorder file) */
	int has_cues;	   /* 1 when the file carries a cue index (seeking without a linear scan) */
	unsigned nstreams; /* audio and video streams, in file order; others are not listed */
	struct media_stream streams[MEDIA_MAX_STREAMS];
};

struct media_remux_result {
	/* hex SHA-256 of every input byte (evidence of what was received) and of the final file */
	char raw_sha256[SHA256_HEX_LEN + 1];
	char out_sha256[SHA256_HEX_LEN + 1];
	uint64_t raw_bytes, out_bytes;
	/* Segment Duration of the output, read back from it (ms) */
	int64_t duration_ms;
	/* 1 when the input ends inside an element (a cut recording), holds bytes that are no EBML
	 * element, or the demuxer stopped on an error. The output still holds every complete block
	 * the demuxer could read. A cut exactly between two blocks of a MediaRecorder file looks
	 * like a clean end and is not reported. */
	int truncated;
	/* the output carries Cues (always, unless no packet was flagged as a keyframe) */
	int has_cues;
	/* packets whose decreasing (or missing) DTS was raised to the previous one */
	uint64_t dts_nudged;
	/* output streams, in the order of the input's audio and video streams */
	unsigned nstreams;
	struct media_stream streams[MEDIA_MAX_STREAMS];
};

/* Stream copy (no re-encode) of every audio and video stream of the Matroska/WebM file raw_path
 * into a WebM at out_path with Duration, Cues and SeekHead. The bytes depend only on the input
 * (AVFMT_FLAG_BITEXACT): remuxing the same input twice gives the same out_sha256. A read that
 * fails to parse (a recording cut by a crash) ends the input: the complete blocks before it are
 * kept and res->truncated is set. Gaps (a missing chunk in the middle) are NOT detected: the
 * demuxer resyncs silently, so the ingest must check chunk sequence numbers.
 *
 * The output is written to a temp file beside out_path (0600), fsynced, renamed over out_path and
 * the directory fsynced: out_path is either absent/unchanged or the whole new file. res is always
 * filled as far as known (zeroed first).
 * Errors: ERR_NOT_FOUND raw_path missing; ERR_INVALID not a Matroska/WebM with a readable header,
 * no audio/video stream or not one complete block; ERR_UNSUPPORTED a codec WebM cannot carry (only
 * VP8, VP9, AV1, Opus, Vorbis) or more than MEDIA_MAX_STREAMS streams; ERR_UNAVAILABLE disk full;
 * ERR_IO any other file system error. On error nothing is left at out_path or its temp file. */
enum err media_remux_webm(const char *raw_path, const char *out_path,
			  struct media_remux_result *res);

/* The same remux from memory to memory (tests, fuzzing, small inputs). On ERR_OK *out is a malloc'd
 * buffer of *out_len bytes the caller frees with free(); on error *out is NULL. Errors as
 * media_remux_webm, plus ERR_TOO_LARGE when the output would exceed MEDIA_MEM_OUT_MAX. */
enum err media_remux_webm_mem(const void *raw, size_t raw_len, unsigned char **out, size_t *out_len,
			      struct media_remux_result *res);

/* Describes the Matroska/WebM file at path from its headers, without decoding: streams, codecs,
 * dimensions, duration, whether it has Cues. info is zeroed first.
 * Errors: ERR_NOT_FOUND, ERR_IO, ERR_INVALID (not Matroska/WebM or unreadable header). */
enum err media_probe(const char *path, struct media_info *info);

/* Writes a JPEG poster of the Matroska/WebM file at path: seeks to at_ms (clamped to the file; a
 * time past the end gives the last frame), decodes one video frame, scales it to
 * min(width, max_width) rounded down to even, keeping the aspect ratio (height rounded to even),
 * and writes out_path atomically (temp file, fsync, rename; mode 0600).
 * Errors: ERR_INVALID max_width outside [MEDIA_THUMB_MIN_W, MEDIA_THUMB_MAX_W], not Matroska/WebM,
 * no video stream or no decodable frame; ERR_UNSUPPORTED no decoder for the codec; ERR_NOT_FOUND,
 * ERR_IO. On error out_path is untouched. */
enum err media_thumbnail_jpeg(const char *path, int64_t at_ms, int max_width, const char *out_path);

#endif
