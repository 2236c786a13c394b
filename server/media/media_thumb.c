/* Poster of a recording: seek, decode one video frame, scale it down (swscale) and encode it as a
 * JPEG (mjpeg), written atomically. */
#include <libavcodec/avcodec.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "media_internal.h"
#include "util.h"

#define THUMB_QSCALE	 3  /* mjpeg quantiser: 2 best .. 31 worst */
#define THUMB_MAX_ERRORS 64 /* undecodable packets in a row before giving up */

/* Output size: width min(src, max) rounded down to even, height by the display aspect, even. */
static void thumb_size(const AVFrame *f, int max_w, int *w, int *h)
{
	AVRational sar = f->sample_aspect_ratio;
	int dw = f->width < max_w ? f->width : max_w;
	int64_t num, den, dh;
	if (sar.num <= 0 || sar.den <= 0)
		sar = (AVRational){1, 1};
	dw &= ~1;
	if (dw < 2)
		dw = 2;
	num = (int64_t)dw * f->height * sar.den;
	den = (int64_t)f->width * sar.num;
	dh = (num + den / 2) / den;
	dh &= ~(int64_t)1;
	if (dh < 2)
		dh = 2;
	if (dh > 4 * MEDIA_THUMB_MAX_W)
		dh = 4 * MEDIA_THUMB_MAX_W;
	*w = dw;
	*h = (int)dh;
}

/* Receives every frame the decoder has; keeps the latest in best. 1 when best reached target. */
static int drain_frames(AVCodecContext *dec, AVFrame *tmp, AVFrame *best, int *have, int64_t target)
{
	while (avcodec_receive_frame(dec, tmp) == 0) {
		av_frame_unref(best);
		av_frame_move_ref(best, tmp);
		*have = 1;
		int64_t ts = best->best_effort_timestamp != AV_NOPTS_VALUE
				 ? best->best_effort_timestamp
				 : best->pts;
		if (ts == AV_NOPTS_VALUE || ts >= target)
			return 1;
	}
	return 0;
}

/* Decodes from the current position until a frame at or after target (or the last one). */
static enum err decode_at(AVFormatContext *ic, int vs, AVCodecContext *dec, int64_t target,
			  AVFrame *best)
{
	AVPacket *pkt = av_packet_alloc();
	AVFrame *tmp = av_frame_alloc();
	int have = 0, errors = 0, done = 0;
	if (!pkt || !tmp)
		abort();
	while (!done && av_read_frame(ic, pkt) >= 0) {
		if (pkt->stream_index != vs) {
			av_packet_unref(pkt);
			continue;
		}
		int r = avcodec_send_packet(dec, pkt);
		av_packet_unref(pkt);
		if (r < 0 && r != AVERROR(EAGAIN)) {
			/* a damaged block: skip it, but not forever */
			if (++errors > THUMB_MAX_ERRORS)
				break;
			continue;
		}
		errors = 0;
		done = drain_frames(dec, tmp, best, &have, target);
	}
	if (!done && avcodec_send_packet(dec, NULL) >= 0)
		drain_frames(dec, tmp, best, &have, target);
	av_packet_free(&pkt);
	av_frame_free(&tmp);
	return have ? ERR_OK : ERR_INVALID;
}

/* Scales src into a new full-range 4:2:0 frame of w x h and encodes it; *jpg owned by caller. */
static enum err encode_jpeg(const AVFrame *src, int w, int h, AVPacket **jpg)
{
	const AVCodec *mjpeg = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
	AVCodecContext *enc = NULL;
	struct SwsContext *sws = NULL;
	AVFrame *dst = NULL;
	AVPacket *pkt = NULL;
	enum err rc = ERR_INTERNAL;
	if (!mjpeg)
		return ERR_UNSUPPORTED;
	/* into plain YUV420P with full range set by hand: same layout as YUVJ420P, without
	 * swscale's "deprecated pixel format" warning on every poster */
	sws = sws_getContext(src->width, src->height, src->format, w, h, AV_PIX_FMT_YUV420P,
			     SWS_BICUBIC, NULL, NULL, NULL);
	dst = av_frame_alloc();
	enc = avcodec_alloc_context3(mjpeg);
	pkt = av_packet_alloc();
	if (!dst || !enc || !pkt)
		abort();
	if (!sws) {
		rc = ERR_INVALID; /* a pixel format swscale cannot read */
		goto out;
	}
	const int *coef = sws_getCoefficients(
	    src->colorspace == AVCOL_SPC_UNSPECIFIED ? SWS_CS_DEFAULT : (int)src->colorspace);
	sws_setColorspaceDetails(sws, coef, src->color_range == AVCOL_RANGE_JPEG, coef, 1, 0,
				 1 << 16, 1 << 16);
	dst->format = AV_PIX_FMT_YUV420P;
	dst->width = w;
	dst->height = h;
	if (av_frame_get_buffer(dst, 0) < 0)
		abort();
	dst->format = AV_PIX_FMT_YUVJ420P; /* the same planes, now full range */
	dst->color_range = AVCOL_RANGE_JPEG;
	sws_scale(sws, (const uint8_t *const *)src->data, src->linesize, 0, src->height, dst->data,
		  dst->linesize);
	enc->width = w;
	enc->height = h;
	enc->pix_fmt = AV_PIX_FMT_YUVJ420P; /* mjpeg wants the full-range ("J") format */
	enc->color_range = AVCOL_RANGE_JPEG;
	enc->time_base = (AVRational){1, 25};
	enc->flags |= AV_CODEC_FLAG_QSCALE;
	enc->global_quality = FF_QP2LAMBDA * THUMB_QSCALE;
	enc->thread_count = 1;
	if (avcodec_open2(enc, mjpeg, NULL) < 0)
		goto out;
	dst->quality = enc->global_quality;
	dst->pts = 0;
	if (avcodec_send_frame(enc, dst) < 0 || avcodec_send_frame(enc, NULL) < 0 ||
	    avcodec_receive_packet(enc, pkt) < 0)
		goto out;
	*jpg = pkt;
	pkt = NULL;
	rc = ERR_OK;
out:
	av_packet_free(&pkt);
	avcodec_free_context(&enc);
	av_frame_free(&dst);
	sws_freeContext(sws);
	return rc;
}

enum err media_thumbnail_jpeg(const char *path, int64_t at_ms, int max_width, const char *out_path)
{
	struct media_io in = {.fd = -1};
	AVFormatContext *ic = NULL;
	AVCodecContext *dec = NULL;
	const AVCodec *codec = NULL;
	AVFrame *frame = NULL;
	AVPacket *jpg = NULL;
	int fd = -1, vs, w, h;
	uint64_t size = 0;
	int64_t target;
	enum err rc;
	media_log_begin(path);
	if (max_width < MEDIA_THUMB_MIN_W || max_width > MEDIA_THUMB_MAX_W) {
		rc = ERR_INVALID;
		goto out;
	}
	if (at_ms < 0)
		at_ms = 0;
	if ((rc = media_file_open_read(path, &fd, &size)) != ERR_OK)
		goto out;
	media_io_fd(&in, fd, 0);
	if ((rc = media_input_open(&in, &ic)) != ERR_OK)
		goto out;
	vs = av_find_best_stream(ic, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
	if (vs < 0) {
		rc = vs == AVERROR_DECODER_NOT_FOUND ? ERR_UNSUPPORTED : ERR_INVALID;
		goto out;
	}
	for (unsigned i = 0; i < ic->nb_streams; i++)
		if ((int)i != vs)
			ic->streams[i]->discard = AVDISCARD_ALL;
	dec = avcodec_alloc_context3(codec);
	if (!dec)
		abort();
	if (avcodec_parameters_to_context(dec, ic->streams[vs]->codecpar) < 0) {
		rc = ERR_INVALID;
		goto out;
	}
	dec->thread_count = 1; /* the worker pool is the parallelism */
	if (avcodec_open2(dec, codec, NULL) < 0) {
		rc = ERR_INVALID;
		goto out;
	}
	AVStream *st = ic->streams[vs];
	target = av_rescale_q(at_ms, (AVRational){1, 1000}, st->time_base);
	if (st->start_time != AV_NOPTS_VALUE && target <= INT64_MAX - st->start_time)
		target += st->start_time;
	/* to the keyframe at or before target; without Cues the demuxer scans. A failed seek
	 * leaves us decoding from wherever it stopped, which still yields a frame. */
	if (at_ms > 0 && av_seek_frame(ic, vs, target, AVSEEK_FLAG_BACKWARD) < 0)
		log_warn("media thumbnail %s: seek to %lld ms failed", path, (long long)at_ms);
	frame = av_frame_alloc();
	if (!frame)
		abort();
	if ((rc = decode_at(ic, vs, dec, target, frame)) != ERR_OK)
		goto out;
	thumb_size(frame, max_width, &w, &h);
	if ((rc = encode_jpeg(frame, w, h, &jpg)) != ERR_OK)
		goto out;
	if (util_write_file_atomic(out_path, jpg->data, (size_t)jpg->size, 0600) != 0)
		rc = ERR_IO;
out:
	if (rc != ERR_OK)
		log_warn("media thumbnail %s: %s", path, err_name(rc));
	av_packet_free(&jpg);
	av_frame_free(&frame);
	avcodec_free_context(&dec);
	avformat_close_input(&ic);
	media_io_cleanup(&in);
	if (fd >= 0)
		close(fd);
	media_log_end();
	return rc;
}
