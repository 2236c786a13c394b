/* Describes a Matroska/WebM file from its headers without decoding: what the recording list and
 * the ingest check show (duration, streams, whether it is seekable). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "media_internal.h"

enum err media_probe(const char *path, struct media_info *info)
{
	struct media_io in = {.fd = -1};
	struct media_ebml e = {0};
	AVFormatContext *ic = NULL;
	int fd = -1;
	uint64_t size = 0;
	enum err rc;
	memset(info, 0, sizeof *info);
	info->duration_ms = -1;
	media_log_begin(path);
	if ((rc = media_file_open_read(path, &fd, &size)) != ERR_OK)
		goto out;
	media_io_fd(&in, fd, 0);
	if ((rc = media_input_open(&in, &ic)) != ERR_OK)
		goto out;
	for (unsigned i = 0; i < ic->nb_streams && info->nstreams < MEDIA_MAX_STREAMS; i++) {
		enum AVMediaType t = ic->streams[i]->codecpar->codec_type;
		if (t == AVMEDIA_TYPE_VIDEO || t == AVMEDIA_TYPE_AUDIO)
			media_stream_describe(ic->streams[i], &info->streams[info->nstreams++]);
	}
	if (ic->duration != AV_NOPTS_VALUE && ic->duration >= 0)
		info->duration_ms = av_rescale(ic->duration, 1000, AV_TIME_BASE);
	/* the demuxer parses Cues only on a seek, and a seek in a file without them scans and
	 * indexes as it goes: ask the file itself */
	avformat_close_input(&ic);
	media_io_cleanup(&in);
	media_io_fd(&in, fd, 0);
	if ((rc = media_ebml_scan(&in, &e)) != ERR_OK)
		goto out;
	info->has_cues = e.has_cues;
out:
	avformat_close_input(&ic);
	media_io_cleanup(&in);
	if (fd >= 0)
		close(fd);
	media_log_end();
	return rc;
}
