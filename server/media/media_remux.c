/* Remux of a raw MediaRecorder WebM (unknown-size Segment, no Duration, no Cues, perhaps cut by a
 * crash) into the seekable WebM kept as evidence: stream copy, bit-exact, atomic on disk. */
#include <errno.h>
#include <libavcodec/avcodec.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "log.h"
#include "media_internal.h"
#include "util.h"

struct remux_track {
	int out;	  /* output stream index, -1 when the stream is not copied */
	int64_t last_dts; /* in the output time base */
};

/* What the WebM muxer accepts; anything else would fail in avformat_write_header. */
static int codec_fits_webm(const AVCodecParameters *par)
{
	switch (par->codec_id) {
	case AV_CODEC_ID_VP8:
	case AV_CODEC_ID_VP9:
	case AV_CODEC_ID_AV1:
		return par->codec_type == AVMEDIA_TYPE_VIDEO;
	case AV_CODEC_ID_OPUS:
	case AV_CODEC_ID_VORBIS:
		return par->codec_type == AVMEDIA_TYPE_AUDIO;
	default:
		return 0;
	}
}

/* A muxer failure is an I/O error when our writer saw one, else the input's fault (what). */
static enum err mux_error(const struct media_io *out, enum err what)
{
	enum err e = media_io_error(out);
	return e != ERR_OK ? e : what;
}

static int64_t ts_ms(int64_t ts, AVRational tb)
{
	return av_rescale_q(ts, tb, (AVRational){1, 1000});
}

/* The muxer refuses a DTS below the previous one of its stream. Raise such a DTS (or a missing
 * one) to one tick after the previous, and PTS with it when it would fall below the DTS, instead
 * of failing a whole recording on one odd block. One tick, not an equal DTS: WebM would take it,
 * but stricter consumers (ffmpeg's own remux, some players) refuse repeated DTS. */
static int nudge_ts(AVPacket *pkt, struct remux_track *t)
{
	int nudged = 0;
	int64_t next = t->last_dts != AV_NOPTS_VALUE ? t->last_dts + 1 : 0;
	if (pkt->dts == AV_NOPTS_VALUE && pkt->pts == AV_NOPTS_VALUE) {
		pkt->dts = next;
		pkt->pts = next;
		nudged = 1;
	} else if (pkt->dts != AV_NOPTS_VALUE && t->last_dts != AV_NOPTS_VALUE &&
		   pkt->dts < t->last_dts) {
		pkt->dts = next;
		nudged = 1;
	}
	if (nudged && pkt->pts != AV_NOPTS_VALUE && pkt->pts < pkt->dts)
		pkt->pts = pkt->dts;
	if (pkt->dts != AV_NOPTS_VALUE)
		t->last_dts = pkt->dts;
	return nudged;
}

static void count_packet(const AVPacket *pkt, AVRational tb, struct media_stream *s)
{
	int64_t ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
	if (ts == AV_NOPTS_VALUE)
		return;
	int64_t ms = ts_ms(ts, tb);
	if (s->packets == 0)
		s->first_ms = ms;
	if (s->packets == 0 || ms > s->last_ms)
		s->last_ms = ms;
	s->packets++;
}

/* Walks the bytes io read or wrote, from the start. */
static enum err structure_check(const struct media_io *io, struct media_ebml *e)
{
	struct media_io r = {.fd = -1};
	enum err rc;
	media_io_reader_of(io, &r);
	rc = media_ebml_scan(&r, e);
	media_io_cleanup(&r);
	return rc;
}

/* Reads the finished output back: it must be whole and open as WebM; its Duration and Cues go to
 * res. A failure here is our bug (or libav's), not the input's. */
static enum err output_check(const struct media_io *out, struct media_remux_result *res)
{
	struct media_io r = {.fd = -1};
	struct media_ebml e = {0};
	AVFormatContext *ic = NULL;
	enum err rc;
	if ((rc = structure_check(out, &e)) != ERR_OK)
		goto out;
	/* the muxer may still drop packets (its VP9 superframe filter holds back invisible
	 * frames until a visible one; garbage can be all invisible): nothing written, nothing kept
	 */
	if (e.clusters == 0) {
		rc = ERR_INVALID;
		goto out;
	}
	if (!e.complete) {
		rc = ERR_INTERNAL;
		goto out;
	}
	media_io_reader_of(out, &r);
	if (media_input_open(&r, &ic) != ERR_OK) {
		rc = ERR_INTERNAL;
		goto out;
	}
	/* and at least one packet must read back: a block the demuxer skips (an empty or broken
	 * one copied from garbage) makes a file with clusters and no media, nothing to keep */
	AVPacket *pkt = av_packet_alloc();
	int got = pkt && av_read_frame(ic, pkt) >= 0;
	av_packet_free(&pkt);
	if (!got) {
		rc = ERR_INVALID;
		goto out;
	}
	if (ic->duration != AV_NOPTS_VALUE && ic->duration > 0)
		res->duration_ms = av_rescale(ic->duration, 1000, AV_TIME_BASE);
	res->has_cues = e.has_cues;
	if (!e.has_cues)
		log_warn("media remux: the output has no Cues (no keyframe flagged)");
out:
	if (rc != ERR_OK && rc != ERR_INVALID)
		log_error("media remux: the output does not read back: %s", err_name(rc));
	avformat_close_input(&ic);
	media_io_cleanup(&r);
	return rc;
}

/* Demux in, mux out. Fills res (streams, packets, duration, truncated, dts_nudged). */
static enum err remux_run(struct media_io *in, struct media_io *out, struct media_remux_result *res)
{
	AVFormatContext *ic = NULL, *oc = NULL;
	AVPacket *pkt = NULL;
	struct remux_track *tr = NULL;
	unsigned ntr = 0;
	uint64_t total = 0;
	struct media_ebml raw = {0};
	enum err rc = media_input_open(in, &ic);
	if (rc != ERR_OK)
		goto out;
	if (avformat_alloc_output_context2(&oc, NULL, "webm", NULL) < 0 || !oc) {
		rc = ERR_INTERNAL;
		goto out;
	}
	oc->pb = out->avio;
	/* fixed UIDs and no version strings: the same input gives the same bytes */
	oc->flags |= AVFMT_FLAG_BITEXACT;
	ntr = ic->nb_streams;
	tr = xcalloc(ntr ? ntr : 1, sizeof *tr);
	for (unsigned i = 0; i < ntr; i++) {
		AVStream *ist = ic->streams[i], *ost;
		enum AVMediaType type = ist->codecpar->codec_type;
		tr[i].out = -1;
		tr[i].last_dts = AV_NOPTS_VALUE;
		if (type != AVMEDIA_TYPE_VIDEO && type != AVMEDIA_TYPE_AUDIO) {
			ist->discard = AVDISCARD_ALL;
			continue;
		}
		if (!codec_fits_webm(ist->codecpar)) {
			log_warn("media remux: stream %u codec %s cannot go into WebM", i,
				 avcodec_get_name(ist->codecpar->codec_id));
			rc = ERR_UNSUPPORTED;
			goto out;
		}
		if (res->nstreams == MEDIA_MAX_STREAMS) {
			rc = ERR_UNSUPPORTED;
			goto out;
		}
		ost = avformat_new_stream(oc, NULL);
		if (!ost || avcodec_parameters_copy(ost->codecpar, ist->codecpar) < 0)
			abort();
		ost->codecpar->codec_tag = 0; /* Matroska tags by CodecID; a copied tag can clash */
		ost->time_base = ist->time_base;
		tr[i].out = ost->index;
		media_stream_describe(ist, &res->streams[res->nstreams++]);
	}
	if (res->nstreams == 0) {
		rc = ERR_INVALID;
		goto out;
	}
	if (avformat_write_header(oc, NULL) < 0) {
		rc = mux_error(out, ERR_INVALID);
		goto out;
	}
	pkt = av_packet_alloc();
	if (!pkt)
		abort();
	for (;;) {
		int r = av_read_frame(ic, pkt);
		if (r < 0) {
			/* a failing disk is not a truncated recording */
			if ((rc = media_io_error(in)) != ERR_OK)
				goto out;
			/* the demuxer gave up on damaged bytes: keep what came before. A cut file
			 * ends with a plain EOF; structure_check below finds those */
			if (r != AVERROR_EOF)
				res->truncated = 1;
			break;
		}
		unsigned si = (unsigned)pkt->stream_index;
		if (si >= ntr || tr[si].out < 0) {
			av_packet_unref(pkt);
			continue;
		}
		AVStream *ost = oc->streams[tr[si].out];
		av_packet_rescale_ts(pkt, ic->streams[si]->time_base, ost->time_base);
		res->dts_nudged += (uint64_t)nudge_ts(pkt, &tr[si]);
		count_packet(pkt, ost->time_base, &res->streams[tr[si].out]);
		pkt->stream_index = tr[si].out;
		pkt->pos = -1;
		total++;
		if (av_interleaved_write_frame(oc, pkt) < 0) { /* takes the packet's reference */
			rc = mux_error(out, ERR_INVALID);
			goto out;
		}
	}
	if (total == 0) {
		rc = ERR_INVALID; /* a header but not one complete block: nothing to keep */
		goto out;
	}
	if (av_write_trailer(oc) < 0) {
		rc = mux_error(out, ERR_INTERNAL);
		goto out;
	}
	if ((rc = media_io_error(out)) != ERR_OK)
		goto out;
	if ((rc = structure_check(in, &raw)) != ERR_OK)
		goto out;
	if (!raw.complete)
		res->truncated = 1;
	rc = output_check(out, res);
out:
	av_packet_free(&pkt);
	avformat_free_context(oc); /* pb stays ours */
	avformat_close_input(&ic);
	free(tr);
	return rc;
}

enum err media_remux_webm(const char *raw_path, const char *out_path,
			  struct media_remux_result *res)
{
	struct media_io in = {.fd = -1}, out = {.fd = -1};
	int rfd = -1, ofd = -1;
	char *tmp = NULL;
	uint64_t rsize = 0;
	enum err rc;
	memset(res, 0, sizeof *res);
	media_log_begin(raw_path);
	if ((rc = media_file_open_read(raw_path, &rfd, &rsize)) != ERR_OK)
		goto out;
	/* the same descriptor is hashed and demuxed: the digest is of the bytes remuxed */
	if ((rc = media_file_sha256(rfd, rsize, res->raw_sha256)) != ERR_OK)
		goto out;
	res->raw_bytes = rsize;
	if ((rc = media_file_tmp(out_path, &ofd, &tmp)) != ERR_OK)
		goto out;
	media_io_fd(&in, rfd, 0);
	in.size = rsize;
	media_io_fd(&out, ofd, 1);
	if ((rc = remux_run(&in, &out, res)) != ERR_OK)
		goto out;
	if ((rc = media_file_sha256(ofd, out.size, res->out_sha256)) != ERR_OK)
		goto out;
	res->out_bytes = out.size;
	rc = media_file_commit(&ofd, tmp, out_path);
out:
	media_io_cleanup(&in);
	media_io_cleanup(&out);
	if (ofd >= 0)
		close(ofd);
	if (rfd >= 0)
		close(rfd);
	if (tmp && rc != ERR_OK)
		unlink(tmp);
	free(tmp);
	if (rc != ERR_OK)
		log_warn("media remux %s: %s", raw_path, err_name(rc));
	media_log_end();
	return rc;
}

enum err media_remux_webm_mem(const void *raw, size_t raw_len, unsigned char **out, size_t *out_len,
			      struct media_remux_result *res)
{
	struct media_io in = {.fd = -1}, o = {.fd = -1};
	enum err rc;
	memset(res, 0, sizeof *res);
	*out = NULL;
	*out_len = 0;
	media_log_begin("(memory)");
	util_sha256_hex(raw_len ? raw : "", raw_len, res->raw_sha256);
	res->raw_bytes = raw_len;
	media_io_mem_read(&in, raw_len ? raw : "", raw_len);
	media_io_mem_write(&o, MEDIA_MEM_OUT_MAX);
	if ((rc = remux_run(&in, &o, res)) != ERR_OK)
		goto out;
	util_sha256_hex(o.wdata, (size_t)o.size, res->out_sha256);
	res->out_bytes = o.size;
	*out = o.wdata;
	*out_len = (size_t)o.size;
	o.wdata = NULL;
out:
	media_io_cleanup(&in);
	media_io_cleanup(&o);
	media_log_end();
	return rc;
}
