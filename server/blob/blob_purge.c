/* Purging a blob whose keeping period ended: first the row is marked (in the caller's
 * transaction, with a "blob.purge" ledger entry: the tombstone), then, after the commit, the file
 * is removed. A crash between the two leaves a marked row and a file a later purge removes. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "blob.h"
#include "blob_internal.h"
#include "db.h"
#include "json.h"
#include "ledger.h"
#include "log.h"

enum err blob_purge_mark(struct db *db, const char *sha256, int64_t now_ms)
{
	int64_t size = 0;
	if (!blob_sha256_valid(sha256))
		return ERR_INVALID;
	enum err e =
	    db_get_int(db, &size, "SELECT size FROM blobs WHERE sha256 = ? AND purged_at IS NULL",
		       "t", sha256);
	if (e != ERR_OK)
		return e; /* ERR_NOT_FOUND: no such blob, or purged before */
	e = db_run(db, NULL, "UPDATE blobs SET purged_at = ? WHERE sha256 = ?", "it", now_ms,
		   sha256);
	if (e == ERR_OK) {
		json_t *p = json_pack("{s:I}", "size", (json_int_t)size);
		e = ledger_append(db, 0, "blob.purge", "blob", sha256, p, now_ms, NULL);
		json_decref(p);
	}
	return e;
}

enum err blob_purge_file(struct app *app, const char *sha256)
{
	char path[PATH_MAX], dir[PATH_MAX];
	if (!blob_sha256_valid(sha256) || blob_file_path(app, sha256, path, sizeof path) ||
	    blob_dir_path(app, sha256, 2, dir, sizeof dir))
		return ERR_INVALID;
	if (unlink(path) != 0 && errno != ENOENT) {
		log_error("blob: purge %s: %s", sha256, strerror(errno));
		return ERR_IO;
	}
	return ERR_OK;
}
