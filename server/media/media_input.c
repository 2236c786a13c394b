/* The Matroska/WebM input: the demuxer is forced (no probing), so a recording's bytes can never
 * select another demuxer (playlists, concat) that would open further files. */
#include <libavcodec/avcodec.h>
#include <string.h>

#include "media_internal.h"

enum err media_input_open(struct media_io *in, AVFormatContext **ic)
{
	const AVInputFormat *mkv = av_find_input_format("matroska");
	AVFormatContext *c = avformat_alloc_context();
	enum err rc;
	if (!c)
		abort();
	if (!mkv) {
		avformat_free_context(c);
		return ERR_INTERNAL;
	}
	c->pb = in->avio;
	c->flags |= AVFMT_FLAG_CUSTOM_IO;
	/* on failure avformat_open_input frees c (never the custom pb) */
	if (avformat_open_input(&c, NULL, mkv, NULL) < 0) {
		rc = media_io_error(in);
		return rc != ERR_OK ? rc : ERR_INVALID;
	}
	*ic = c;
	return ERR_OK;
}

void media_stream_describe(const AVStream *st, struct media_stream *out)
{
	const AVCodecParameters *par = st->codecpar;
	const char *name = avcodec_get_name(par->codec_id);
	memset(out, 0, sizeof *out);
	out->kind = par->codec_type == AVMEDIA_TYPE_VIDEO ? MEDIA_KIND_VIDEO : MEDIA_KIND_AUDIO;
	snprintf(out->codec, sizeof out->codec, "%s", name ? name : "unknown");
	if (out->kind == MEDIA_KIND_VIDEO) {
		out->width = par->width;
		out->height = par->height;
	} else {
		out->sample_rate = par->sample_rate;
		out->channels = par->ch_layout.nb_channels;
	}
	out->first_ms = -1;
	out->last_ms = -1;
}
