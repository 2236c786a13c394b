/* AVIOContexts over a file descriptor (pread/pwrite at our own offset, so one fd can be hashed and
 * demuxed) and over memory, so libav never opens a path itself: no protocol or nested-file lookup
 * can be reached from a recording's bytes. */
#include <errno.h>
#include <libavutil/error.h>
#include <libavutil/mem.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "media_internal.h"

#define IO_BUF (64 * 1024)

static int io_fail(struct media_io *io, int e)
{
	if (!io->err)
		io->err = e;
	return AVERROR(e);
}

static int fd_read(void *opaque, uint8_t *buf, int n)
{
	struct media_io *io = opaque;
	/* never past the size fixed at setup: what was hashed is all that is demuxed, even if
	 * the file grows meanwhile */
	if (io->pos >= io->size)
		return AVERROR_EOF;
	if ((uint64_t)n > io->size - io->pos)
		n = (int)(io->size - io->pos);
	for (;;) {
		ssize_t r = pread(io->fd, buf, (size_t)n, (off_t)io->pos);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return io_fail(io, errno);
		if (r == 0)
			return AVERROR_EOF;
		io->pos += (uint64_t)r;
		return (int)r;
	}
}

static int fd_write(void *opaque, uint8_t *buf, int n)
{
	struct media_io *io = opaque;
	size_t done = 0;
	while (done < (size_t)n) {
		ssize_t w = pwrite(io->fd, buf + done, (size_t)n - done, (off_t)io->pos);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return io_fail(io, w < 0 ? errno : EIO);
		done += (size_t)w;
		io->pos += (uint64_t)w;
	}
	if (io->pos > io->size)
		io->size = io->pos;
	return n;
}

static int mem_read(void *opaque, uint8_t *buf, int n)
{
	struct media_io *io = opaque;
	if (io->pos >= io->size)
		return AVERROR_EOF;
	size_t k = (size_t)(io->size - io->pos);
	if (k > (size_t)n)
		k = (size_t)n;
	memcpy(buf, io->rdata + io->pos, k);
	io->pos += k;
	return (int)k;
}

static int mem_write(void *opaque, uint8_t *buf, int n)
{
	struct media_io *io = opaque;
	if (io->pos > io->max || (size_t)n > io->max - io->pos)
		return io_fail(io, EFBIG);
	size_t end = (size_t)io->pos + (size_t)n;
	if (end > io->cap) {
		size_t cap = io->cap ? io->cap : IO_BUF;
		while (cap < end)
			cap *= 2;
		io->wdata = xrealloc(io->wdata, cap);
		io->cap = cap;
	}
	/* a seek past the end leaves a hole: zero it, as a file would read */
	if (io->pos > io->size)
		memset(io->wdata + io->size, 0, (size_t)(io->pos - io->size));
	memcpy(io->wdata + io->pos, buf, (size_t)n);
	io->pos = end;
	if (io->pos > io->size)
		io->size = io->pos;
	return n;
}

static int64_t io_seek(void *opaque, int64_t off, int whence)
{
	struct media_io *io = opaque;
	int64_t base;
	whence &= ~AVSEEK_FORCE;
	if (whence == AVSEEK_SIZE)
		return (int64_t)io->size;
	if (whence == SEEK_SET)
		base = 0;
	else if (whence == SEEK_CUR)
		base = (int64_t)io->pos;
	else if (whence == SEEK_END)
		base = (int64_t)io->size;
	else
		return AVERROR(EINVAL);
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return AVERROR(EINVAL);
	io->pos = (uint64_t)(base + off);
	return (int64_t)io->pos;
}

static void io_alloc(struct media_io *io, int writable, int (*rd)(void *, uint8_t *, int),
		     int (*wr)(void *, uint8_t *, int))
{
	unsigned char *buf = av_malloc(IO_BUF);
	if (!buf)
		abort();
	io->writable = writable;
	io->avio = avio_alloc_context(buf, IO_BUF, writable, io, rd, wr, io_seek);
	if (!io->avio)
		abort();
}

void media_io_fd(struct media_io *io, int fd, int writable)
{
	struct stat st;
	memset(io, 0, sizeof *io);
	io->fd = fd;
	if (!writable && fstat(fd, &st) == 0)
		io->size = (uint64_t)st.st_size;
	io_alloc(io, writable, writable ? NULL : fd_read, writable ? fd_write : NULL);
}

void media_io_mem_read(struct media_io *io, const void *p, size_t n)
{
	memset(io, 0, sizeof *io);
	io->fd = -1;
	io->rdata = p;
	io->size = n;
	io_alloc(io, 0, mem_read, NULL);
}

void media_io_mem_write(struct media_io *io, size_t max)
{
	memset(io, 0, sizeof *io);
	io->fd = -1;
	io->max = max;
	io_alloc(io, 1, NULL, mem_write);
}

void media_io_reader_of(const struct media_io *src, struct media_io *dst)
{
	if (src->fd >= 0) {
		media_io_fd(dst, src->fd, 0);
		dst->size = src->size; /* what was written, or the length the caller fixed */
	} else {
		media_io_mem_read(dst, src->writable ? src->wdata : src->rdata, (size_t)src->size);
	}
}

void media_io_cleanup(struct media_io *io)
{
	if (io->avio) {
		av_freep(&io->avio->buffer);
		avio_context_free(&io->avio);
	}
	free(io->wdata);
	io->wdata = NULL;
	io->cap = 0;
}

enum err media_io_error(const struct media_io *io)
{
	if (!io->err)
		return ERR_OK;
	if (io->err == EFBIG && io->fd < 0)
		return ERR_TOO_LARGE;
	return media_errno_err(io->err);
}
