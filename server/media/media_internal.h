/* Shared by the files of server/media only: I/O contexts over file descriptors and memory, the
 * Matroska input, the libav log bridge and small file helpers. The one header that includes libav*.
 */
#ifndef UJIKOM_MEDIA_INTERNAL_H
#define UJIKOM_MEDIA_INTERNAL_H
#include <libavformat/avformat.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "media.h"

/* An AVIOContext over a file descriptor (pread/pwrite at our own offset) or over memory. */
struct media_io {
	AVIOContext *avio;
	int fd;			    /* not owned; -1 for memory */
	const unsigned char *rdata; /* memory input (not owned) */
	unsigned char *wdata;	    /* memory output (owned until taken) */
	size_t cap, max;	    /* memory output capacity and limit */
	uint64_t size, pos;	    /* bytes in the file/buffer, current offset */
	int writable;
	int err; /* errno of the first failure (EFBIG: memory limit), 0 if none */
};

/* Sets up io over fd (not owned, not closed by cleanup). writable: for the muxer; a reader
 * reads at most the size fstat gives now (io->size, which the caller may lower). */
void media_io_fd(struct media_io *io, int fd, int writable);
/* Over a read-only buffer (not owned). */
void media_io_mem_read(struct media_io *io, const void *p, size_t n);
/* Into a growing buffer of at most max bytes. */
void media_io_mem_write(struct media_io *io, size_t max);
/* A new reader at offset 0 over what src reads or wrote (the same fd, or src's memory). */
void media_io_reader_of(const struct media_io *src, struct media_io *dst);
/* Frees the AVIOContext and any memory output not taken; io may be zeroed or half set up. */
void media_io_cleanup(struct media_io *io);
/* ERR_OK, or the error for io->err (ERR_UNAVAILABLE disk full, ERR_TOO_LARGE memory limit,
 * ERR_IO otherwise). */
enum err media_io_error(const struct media_io *io);

/* Opens the Matroska/WebM demuxer (no probing of other formats) over pb, which stays owned by the
 * caller. *ic is closed by the caller with avformat_close_input. ERR_INVALID when the header is
 * unreadable, or the error of pb's I/O. */
enum err media_input_open(struct media_io *in, AVFormatContext **ic);
/* Fills out from an audio or video stream's parameters (packets 0, timestamps -1). */
void media_stream_describe(const AVStream *st, struct media_stream *out);

/* What a structural walk over the EBML elements found (media_ebml.c). */
struct media_ebml {
	int complete; /* the file ends on an element boundary, inside a Segment's declared size */
	int has_cues; /* a Cues element at Segment level */
	int clusters; /* Cluster elements seen */
};
/* Walks io (read from offset 0) element by element without reading payloads. Errors: only
 * io's own (a read error); damaged or cut input is a result, not an error. */
enum err media_ebml_scan(struct media_io *io, struct media_ebml *out);

/* Log bridge: media_log_begin names the operation for libav messages on this thread (what is
 * borrowed until media_log_end) and installs the callback once per process. */
void media_log_begin(const char *what);
void media_log_end(void);

/* Opens path read-only for input: ERR_NOT_FOUND, ERR_IO (not a regular file, other errors). */
enum err media_file_open_read(const char *path, int *fd, uint64_t *size);
/* SHA-256 (hex) of the first n bytes of fd, read with pread; ERR_IO on a read error or short
 * file. */
enum err media_file_sha256(int fd, uint64_t n, char hex[SHA256_HEX_LEN + 1]);
/* Creates "<path>.tmpXXXXXX" (0600, read/write); *tmp is malloc'd, freed by the caller. */
enum err media_file_tmp(const char *path, int *fd, char **tmp);
/* fsync fd, close it (*fd = -1), rename tmp over path, fsync the directory. When the directory
 * cannot be fsynced path is unlinked again (ERR_IO); tmp is the caller's to unlink on error. */
enum err media_file_commit(int *fd, const char *tmp, const char *path);
/* Error for an errno from the file system. */
enum err media_errno_err(int e);

#endif
