/* Storing a blob: the file first (temp file in the final directory, fsync, rename, fsync of the
 * directory), then its row and ledger entry (blob_store.c). Runs on a worker (see blob.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "blob.h"
#include "blob_internal.h"
#include "log.h"
#include "util.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* A failed write or fsync: a full disk is a 503 (retry later), anything else an I/O error. */
static enum err errno_err(int e)
{
	return e == ENOSPC || e == EDQUOT ? ERR_UNAVAILABLE : ERR_IO;
}

static int fsync_path(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = -1;
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Creates dir (mode 0700) when absent; a new entry is made durable by fsyncing parent. */
static enum err dir_ensure(const char *dir, const char *parent)
{
	if (mkdir(dir, 0700) == 0)
		return fsync_path(parent) == 0 ? ERR_OK : ERR_IO;
	if (errno == EEXIST)
		return ERR_OK;
	log_error("blob: cannot create %s: %s", dir, strerror(errno));
	return errno_err(errno);
}

/* blobs/, blobs/aa/ and blobs/aa/bb/ for sha256. */
static enum err dirs_ensure(const struct app *app, const char *sha256)
{
	char root[PATH_MAX], d1[PATH_MAX], d2[PATH_MAX];
	enum err e;
	if (blob_root_path(app, root, sizeof root) ||
	    blob_dir_path(app, sha256, 1, d1, sizeof d1) ||
	    blob_dir_path(app, sha256, 2, d2, sizeof d2))
		return ERR_IO;
	if ((e = dir_ensure(root, app->cfg->data_dir)) != ERR_OK ||
	    (e = dir_ensure(d1, root)) != ERR_OK || (e = dir_ensure(d2, d1)) != ERR_OK)
		return e;
	return ERR_OK;
}

/* Writes the file of a blob unless it is already there with size n. */
static enum err file_write(const struct app *app, const char *sha256, const void *p, size_t n)
{
	char dir[PATH_MAX], path[PATH_MAX], tmp[PATH_MAX], rnd[17];
	unsigned char rb[8];
	struct stat st;
	int fd = -1, made = 0;
	enum err e = ERR_IO;

	if (blob_dir_path(app, sha256, 2, dir, sizeof dir) ||
	    blob_file_path(app, sha256, path, sizeof path))
		goto out;
	if (lstat(path, &st) == 0) {
		if (S_ISREG(st.st_mode) && st.st_size == (off_t)n) {
			e = ERR_OK; /* content-addressed: same name, same bytes */
			goto out;
		}
		/* damaged (a crash cannot do this: see the rename below); these bytes hash to the
		 * name, so replacing the file repairs it */
		log_warn("blob %s: stored file has %lld bytes, expected %zu; rewriting", sha256,
			 (long long)st.st_size, n);
	}
	if ((e = dirs_ensure(app, sha256)) != ERR_OK)
		goto out;
	util_random(rb, sizeof rb);
	util_hex(rb, sizeof rb, rnd);
	/* a dot name in the same directory: never a blob name, and rename() stays atomic */
	if (snprintf(tmp, sizeof tmp, "%s/.tmp-%s", dir, rnd) >= (int)sizeof tmp) {
		e = ERR_IO;
		goto out;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		e = errno_err(errno);
		log_error("blob: cannot create %s: %s", tmp, strerror(errno));
		goto out;
	}
	made = 1;
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, (const char *)p + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			e = w < 0 ? errno_err(errno) : ERR_IO;
			log_error("blob: write %s: %s", tmp,
				  w < 0 ? strerror(errno) : "no progress");
			goto out;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0) {
		e = errno_err(errno);
		log_error("blob: fsync %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		e = errno_err(errno);
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		e = errno_err(errno);
		log_error("blob: rename to %s: %s", path, strerror(errno));
		goto out;
	}
	made = 0;
	if (fsync_path(dir) != 0) {
		e = errno_err(errno);
		goto out;
	}
	e = ERR_OK;
out:
	if (fd >= 0)
		close(fd);
	if (made)
		unlink(tmp);
	return e;
}

enum err blob_put(struct app *app, struct db *db, const void *p, size_t n, const char *content_type,
		  int64_t now_ms, struct blob_info *out)
{
	char sha[SHA256_HEX_LEN + 1], stored[BLOB_CONTENT_TYPE_MAX];
	enum err e;
	if (!p || n == 0 || !blob_content_type_valid(content_type) || now_ms < 0)
		return ERR_INVALID;
	util_sha256_hex(p, n, sha);
	if ((e = file_write(app, sha, p, n)) != ERR_OK)
		return e;
	if ((e = blob_row_put(db, sha, n, content_type, now_ms, stored, sizeof stored)) != ERR_OK)
		return e;
	if (out) {
		memcpy(out->sha256, sha, sizeof out->sha256);
		out->size = (int64_t)n;
		snprintf(out->content_type, sizeof out->content_type, "%s", stored);
	}
	return ERR_OK;
}

enum err blob_unadopt(struct app *app, struct db *db, const char *sha256, const char *path)
{
	char src[PATH_MAX], dir[PATH_MAX];
	struct blob_info kept;
	if (!path || !blob_sha256_valid(sha256) || blob_file_path(app, sha256, src, sizeof src))
		return ERR_INVALID;
	int held = blob_get(db, sha256, &kept) == ERR_OK;
	if ((held ? link(src, path) : rename(src, path)) != 0) {
		log_error("blob: unadopt %s: %s", sha256, strerror(errno));
		return errno == ENOENT ? ERR_NOT_FOUND : ERR_IO;
	}
	/* the directory that holds path again */
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir)
		*slash = '\0';
	return fsync_path(slash ? dir : ".") == 0 ? ERR_OK : ERR_IO;
}

enum err blob_adopt(struct app *app, struct db *db, const char *path, const char *sha256,
		    int64_t size, const char *content_type, int64_t now_ms, struct blob_info *out)
{
	char dest[PATH_MAX], dir[PATH_MAX], stored[BLOB_CONTENT_TYPE_MAX];
	struct stat st;
	enum err e;
	if (!path || !blob_sha256_valid(sha256) || size <= 0 ||
	    !blob_content_type_valid(content_type) || now_ms < 0)
		return ERR_INVALID;
	if (stat(path, &st) != 0 || st.st_size != size)
		return ERR_INVALID; /* not the file the caller hashed */
	if ((e = dirs_ensure(app, sha256)) != ERR_OK)
		return e;
	if (blob_file_path(app, sha256, dest, sizeof dest) ||
	    blob_dir_path(app, sha256, 2, dir, sizeof dir))
		return ERR_IO;
	/* the same bytes stored before: keep that file, drop this one */
	struct stat have;
	if (stat(dest, &have) == 0 && have.st_size == size) {
		unlink(path);
	} else if (rename(path, dest) != 0) {
		log_error("blob: adopt %s: %s", path, strerror(errno));
		return errno == EXDEV ? ERR_INVALID : errno_err(errno);
	}
	if (fsync_path(dir) != 0)
		return ERR_IO;
	if ((e = blob_row_put(db, sha256, (size_t)size, content_type, now_ms, stored,
			      sizeof stored)) != ERR_OK)
		return e;
	if (out) {
		snprintf(out->sha256, sizeof out->sha256, "%s", sha256);
		out->size = size;
		snprintf(out->content_type, sizeof out->content_type, "%s", stored);
	}
	return ERR_OK;
}
