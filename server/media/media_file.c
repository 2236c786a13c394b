/* File helpers for the media functions: open an input, hash it, and the temp-file-then-rename
 * sequence that keeps a half-written recording or poster from ever appearing under its name. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "media_internal.h"
#include "util.h"

enum err media_errno_err(int e)
{
	if (e == ENOENT)
		return ERR_NOT_FOUND;
	if (e == ENOSPC || e == EDQUOT)
		return ERR_UNAVAILABLE;
	return ERR_IO;
}

enum err media_file_open_read(const char *path, int *fd, uint64_t *size)
{
	struct stat st;
	int f = open(path, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return media_errno_err(errno);
	if (fstat(f, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(f);
		return ERR_IO;
	}
	*fd = f;
	*size = (uint64_t)st.st_size;
	return ERR_OK;
}

enum err media_file_sha256(int fd, uint64_t n, char hex[SHA256_HEX_LEN + 1])
{
	enum err rc = ERR_IO;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char *buf = xmalloc(256 * 1024), h[SHA256_LEN];
	unsigned int hlen = 0;
	uint64_t off = 0;
	if (!md)
		abort();
	if (!EVP_DigestInit_ex(md, EVP_sha256(), NULL))
		goto out;
	while (off < n) {
		size_t want = n - off < 256 * 1024 ? (size_t)(n - off) : 256 * 1024;
		ssize_t r = pread(fd, buf, want, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			goto out; /* a read error, or the file shrank under us */
		if (!EVP_DigestUpdate(md, buf, (size_t)r))
			goto out;
		off += (uint64_t)r;
	}
	if (!EVP_DigestFinal_ex(md, h, &hlen) || hlen != SHA256_LEN)
		goto out;
	util_hex(h, SHA256_LEN, hex);
	rc = ERR_OK;
out:
	EVP_MD_CTX_free(md);
	free(buf);
	return rc;
}

enum err media_file_tmp(const char *path, int *fd, char **tmp)
{
	size_t n = strlen(path) + sizeof ".tmpXXXXXX";
	char *t = xmalloc(n);
	snprintf(t, n, "%s.tmpXXXXXX", path);
	int f = mkstemp(t); /* 0600, O_EXCL: concurrent writers never share a temp file */
	if (f < 0) {
		enum err e = media_errno_err(errno);
		free(t);
		return e;
	}
	*fd = f;
	*tmp = t;
	return ERR_OK;
}

static enum err fsync_dir_of(const char *path)
{
	char *copy = xstrdup(path);
	enum err rc = ERR_IO;
	int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		if (fsync(dfd) == 0)
			rc = ERR_OK;
		close(dfd);
	}
	free(copy);
	return rc;
}

enum err media_file_commit(int *fd, const char *tmp, const char *path)
{
	int f = *fd;
	*fd = -1;
	if (fsync(f) != 0) {
		int e = errno;
		close(f);
		return media_errno_err(e);
	}
	if (close(f) != 0)
		return media_errno_err(errno);
	if (rename(tmp, path) != 0)
		return media_errno_err(errno);
	if (fsync_dir_of(path) != ERR_OK) {
		/* the name may not survive a crash: take it back rather than report a half success
		 */
		unlink(path);
		return ERR_IO;
	}
	return ERR_OK;
}
