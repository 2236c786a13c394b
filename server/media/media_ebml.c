/* A structural walk over a Matroska/WebM file's EBML elements (headers only, payloads skipped):
 * does the file end on an element boundary, and does it carry Cues. The demuxer answers neither:
 * it reports a cut recording as a plain end of file, and it fills its index while scanning, so a
 * file without Cues looks indexed after a seek. */
#include <limits.h>

#include "media_internal.h"

#define ID_SEGMENT 0x18538067u
#define ID_CLUSTER 0x1F43B675u
#define ID_CUES	   0x1C53BB6Bu

/* One variable-length integer: an element ID (marker kept) or a size (marker removed, all ones
 * meaning unknown). Returns its length, 0 at end of input, -1 when the first byte is invalid. */
static int read_vint(AVIOContext *pb, int is_id, uint64_t *v, int *unknown)
{
	int b = avio_r8(pb), len = 1;
	uint64_t val, ones;
	if (avio_feof(pb))
		return 0;
	while (len <= 8 && !(b & (0x80 >> (len - 1))))
		len++;
	if (len > (is_id ? 4 : 8))
		return -1;
	val = is_id ? (uint64_t)b : (uint64_t)(b & (0xff >> len));
	ones = val == (uint64_t)(0xff >> len);
	for (int i = 1; i < len; i++) {
		int c = avio_r8(pb);
		if (avio_feof(pb))
			return 0;
		val = val << 8 | (uint64_t)c;
		ones = ones && c == 0xff;
	}
	*v = val;
	if (unknown)
		*unknown = !is_id && ones;
	return len;
}

enum err media_ebml_scan(struct media_io *io, struct media_ebml *out)
{
	AVIOContext *pb = io->avio;
	uint64_t size = io->size, pos = 0, seg_end = 0;
	out->complete = 0;
	out->has_cues = 0;
	out->clusters = 0;
	if (avio_seek(pb, 0, SEEK_SET) < 0)
		return media_io_error(io) != ERR_OK ? media_io_error(io) : ERR_IO;
	while (pos < size) {
		uint64_t id = 0, len = 0;
		int unknown = 0, a, b;
		if ((a = read_vint(pb, 1, &id, NULL)) <= 0 ||
		    (b = read_vint(pb, 0, &len, &unknown)) <= 0)
			goto end; /* cut inside an element header, or bytes that are not one */
		uint64_t data = pos + (uint64_t)a + (uint64_t)b;
		if (id == ID_CUES)
			out->has_cues = 1;
		if (id == ID_CLUSTER && out->clusters < INT_MAX)
			out->clusters++;
		/* into the Segment and into clusters of unknown size (MediaRecorder's), whose end
		 * is only known by the next element; over everything else */
		if (id == ID_SEGMENT || (unknown && id == ID_CLUSTER)) {
			if (id == ID_SEGMENT && !unknown)
				seg_end = len > UINT64_MAX - data ? UINT64_MAX : data + len;
			pos = data;
			continue;
		}
		if (unknown || data > size || len > size - data)
			goto end; /* an element running past the end of the file */
		pos = data + len;
		if (avio_seek(pb, (int64_t)pos, SEEK_SET) < 0)
			goto end;
	}
	out->complete = pos == size && seg_end <= size;
end:
	return media_io_error(io);
}
