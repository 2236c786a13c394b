/* Shared by the blob store's files: where a blob lives on disk, and its row. */
#ifndef UJIKOM_BLOB_INTERNAL_H
#define UJIKOM_BLOB_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct app;
struct db;

/* Writes "<data_dir>/blobs" into out. -1 when it does not fit. */
int blob_root_path(const struct app *app, char *out, size_t outsz);
/* Writes a directory of a valid sha256 into out: "<data_dir>/blobs/<aa>" (upto 1) or
 * "<data_dir>/blobs/<aa>/<bb>" (upto 2). -1 when it does not fit. */
int blob_dir_path(const struct app *app, const char *sha256, int upto, char *out, size_t outsz);
/* Writes "<data_dir>/blobs/<aa>/<bb>/<sha256>" into out. -1 when it does not fit. */
int blob_file_path(const struct app *app, const char *sha256, char *out, size_t outsz);

/* Inserts the row of a blob when absent, with its "blob.put" ledger entry, or checks the existing
 * row's size (ERR_CONFLICT when it differs). Copies the stored content type into stored. Joins
 * an open transaction, else runs its own. */
enum err blob_row_put(struct db *db, const char *sha256, size_t n, const char *content_type,
		      int64_t now_ms, char *stored, size_t storedsz);

#endif
