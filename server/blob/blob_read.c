/* Reading blobs back: opening a blob's file by name, and re-hashing it to detect damage or
 * tampering. Names are validated before the file system is touched. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "arena.h"
#include "blob.h"
#include "blob_internal.h"
#include "log.h"
#include "util.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

#define VERIFY_CHUNK (256 * 1024)

enum err blob_open(struct app *app, const char *sha256, int *fd, int64_t *size)
{
	char path[PATH_MAX];
	struct stat st;
	int f;
	if (!blob_sha256_valid(sha256))
		return ERR_INVALID;
	if (blob_file_path(app, sha256, path, sizeof path))
		return ERR_IO;
	f = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (f < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return ERR_NOT_FOUND;
		log_error("blob %s: open: %s", sha256, strerror(errno));
		return ERR_IO;
	}
	if (fstat(f, &st) != 0 || !S_ISREG(st.st_mode)) {
		log_error("blob %s: not a regular file", sha256);
		close(f);
		return ERR_IO;
	}
	*fd = f;
	*size = (int64_t)st.st_size;
	return ERR_OK;
}

enum err blob_verify(struct app *app, const char *sha256)
{
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[SHA256_HEX_LEN + 1];
	unsigned char *buf = NULL;
	int fd = -1;
	int64_t size = 0;
	enum err e = blob_open(app, sha256, &fd, &size);
	if (e != ERR_OK)
		return e;
	buf = xmalloc(VERIFY_CHUNK);
	crypto_hash_sha256_init(&h);
	for (;;) {
		ssize_t r = read(fd, buf, VERIFY_CHUNK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			log_error("blob %s: read: %s", sha256, strerror(errno));
			e = ERR_IO;
			goto out;
		}
		if (r == 0)
			break;
		crypto_hash_sha256_update(&h, buf, (unsigned long long)r);
	}
	crypto_hash_sha256_final(&h, digest);
	util_hex(digest, sizeof digest, hex);
	if (strcmp(hex, sha256) != 0) {
		log_error("blob %s: content hashes to %s (damaged or altered)", sha256, hex);
		e = ERR_CONFLICT;
		goto out;
	}
	e = ERR_OK;
out:
	free(buf);
	close(fd);
	return e;
}
