/* Static front-end files from web/: safe path resolution under the web root, MIME type by
 * extension, ETag revalidation, cache headers and byte ranges. The transport streams the opened
 * file. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "dispatch.h"
#include "range.h"

static const struct {
	const char *ext;
	const char *type;
} mime_types[] = {
    {"html", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"ico", "image/x-icon"},
    {"webp", "image/webp"},
    {"woff2", "font/woff2"},
    {"woff", "font/woff"},
    {"webm", "video/webm"},
    {"pdf", "application/pdf"},
    {"txt", "text/plain; charset=utf-8"},
    {"md", "text/markdown; charset=utf-8"},
    {"webmanifest", "application/manifest+json"},
    {"wasm", "application/wasm"},
};

static const char *mime_for(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	if (!dot)
		return NULL;
	for (size_t i = 0; i < sizeof mime_types / sizeof mime_types[0]; i++)
		if (strcasecmp(dot + 1, mime_types[i].ext) == 0)
			return mime_types[i].type;
	return NULL;
}

/* Opens root + rel as a regular file; -1 when absent or not a regular file. */
static int open_regular(const char *root, const char *rel, struct stat *st, struct arena *a)
{
	char *full = arena_sprintf(a, "%s%s", root, rel);
	int fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

enum err static_serve(struct request *req)
{
	const char *root = req->app->web_root;
	const char *rel = req->path;
	struct stat st;
	int fd = -1;
	if (!root)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	/* hidden files and folders (".git", ".env") are never served */
	if (strstr(rel, "/."))
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (rel[strlen(rel) - 1] == '/')
		rel = arena_sprintf(req->arena, "%sindex.html", rel);
	fd = open_regular(root, rel, &st, req->arena);
	if (fd < 0 && !mime_for(rel)) { /* "/masuk" -> "/masuk.html" */
		rel = arena_sprintf(req->arena, "%s.html", rel);
		fd = open_regular(root, rel, &st, req->arena);
	}
	const char *type = mime_for(rel);
	if (fd < 0 || !type) {
		if (fd >= 0)
			close(fd);
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	}
	char *etag =
	    arena_sprintf(req->arena, "\"%llx-%llx-%lx\"", (unsigned long long)st.st_size,
			  (unsigned long long)st.st_mtim.tv_sec, (unsigned long)st.st_mtim.tv_nsec);
	resp_header(req, "ETag", etag);
	/* Everything revalidates (a 304 costs one round trip): with no build step there are no
	 * content-hashed names, and a cached old module next to a new page would break it. */
	resp_header(req, "Cache-Control", "no-cache");
	if (req->if_none_match && strstr(req->if_none_match, etag)) {
		close(fd);
		req->resp.status = 304;
		return ERR_OK;
	}
	req->resp.status = 200;
	req->resp.content_type = type;
	req->resp.fd = fd;
	req->resp.file_off = 0;
	req->resp.file_len = (int64_t)st.st_size;
	range_apply(req, (int64_t)st.st_size); /* after the 304: If-None-Match wins */
	return ERR_OK;
}
