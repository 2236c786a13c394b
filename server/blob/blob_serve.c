/* Serving a blob over HTTP after the caller's permission check: headers that keep the file
 * private and inert, revalidation by its name, and byte ranges for video seeking. */
#include <string.h>
#include <unistd.h>

#include "../http/range.h"
#include "blob.h"
#include "request.h"

/* Types a browser renders without running anything of ours: shown inline when no name asks
 * for a download. Anything else is always an attachment. */
static int inline_safe(const char *type)
{
	static const char *const safe[] = {"application/pdf", "image/jpeg", "image/png",
					   "video/webm"};
	for (size_t i = 0; i < sizeof safe / sizeof safe[0]; i++)
		if (strcmp(type, safe[i]) == 0)
			return 1;
	return 0;
}

/* If-None-Match against the blob's strong ETag ("*" or any listed tag, weak or not). */
static int etag_matches(const char *inm, const char *etag)
{
	const char *p = inm;
	while (*p == ' ' || *p == '\t')
		p++;
	return strcmp(p, "*") == 0 || strstr(inm, etag) != NULL;
}

enum err blob_serve(struct request *req, const char *sha256, const char *content_type,
		    const char *download_name)
{
	const char *type =
	    blob_content_type_valid(content_type) ? content_type : "application/octet-stream";
	int fd = -1;
	int64_t size = 0;
	char *etag;
	enum err e = blob_open(req->app, sha256, &fd, &size);
	if (e == ERR_INVALID || e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e != ERR_OK)
		return req_fail(req, ERR_IO, NULL, NULL);
	etag = arena_sprintf(req->arena, "\"%s\"", sha256);
	resp_header(req, "ETag", etag);
	/* only this account's browser may keep it, and must ask before reusing it */
	resp_header(req, "Cache-Control", "private, no-cache");
	if (req->if_none_match && etag_matches(req->if_none_match, etag)) {
		close(fd);
		req->resp.status = 304;
		return ERR_OK;
	}
	resp_header(req, "Content-Disposition",
		    blob_content_disposition(req->arena, !download_name && inline_safe(type),
					     download_name));
	req->resp.status = 200;
	req->resp.content_type = arena_strdup(req->arena, type);
	req->resp.fd = fd;
	req->resp.file_off = 0;
	req->resp.file_len = size;
	range_apply(req, size);
	return ERR_OK;
}
