/* The blob store (server/blob): files (evidence uploads, recordings, generated PDFs) kept by
 * content, named by the SHA-256 of their bytes. Every file access of the server goes through this
 * interface, so an S3-compatible backend can replace the disk later without touching callers.
 *
 * On disk: <data_dir>/blobs/<aa>/<bb>/<sha256> (aa, bb: the first two byte pairs of the hex
 * name), mode 0600, written to a temp file in the same directory, fsynced, renamed, and the
 * directory fsynced: a crash never leaves a half file under a real name. In the database: one row
 * per blob in `blobs` (sha256, size, content_type, created_at); retention columns follow later.
 *
 * Permissions are the caller's job: check who may see the record a blob belongs to before
 * blob_serve(). Never take a sha256 from a client as proof of access. */
#ifndef UJIKOM_BLOB_H
#define UJIKOM_BLOB_H
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"

struct app;
struct db;
struct module;
struct request;

/* Room for a media type: RFC 6838 allows 127 + "/" + 127, and real ones pass 63 (the XLSX type is
 * 65 characters). */
#define BLOB_CONTENT_TYPE_MAX 128
#define BLOB_FILENAME_MAX     120 /* bytes of a sanitised download name (UTF-8) */

struct blob_info {
	char sha256[65]; /* lowercase hex */
	int64_t size;
	char content_type[BLOB_CONTENT_TYPE_MAX];
};

/* The type of a file by its first bytes, never by its name: "application/pdf" (%PDF-),
 * "image/jpeg" (FF D8 FF), "image/png" (the 8-byte PNG signature), "video/webm" (an EBML header
 * whose DocType is "webm"), or NULL for anything else, including empty input. Reads at most
 * n bytes; give it the first 4 KiB or more. */
const char *blob_sniff(const void *p, size_t n);

/* 1 when s is exactly 64 lowercase hex digits (the only form a blob name takes). */
int blob_sha256_valid(const char *s);

/* 1 when s is a bare media type "type/subtype" of RFC 6838 token characters, shorter than
 * BLOB_CONTENT_TYPE_MAX (no parameters, no spaces: safe to put in a header). */
int blob_content_type_valid(const char *s);

/* Stores n bytes (n >= 1) as a blob and records its row; out (may be NULL) gets name, size and
 * stored content type. SLOW: it hashes the bytes and fsyncs the file and directories, so call it
 * from a worker (req_defer) with that worker's db, never on the service thread.
 * Idempotent: when the file already exists with the right size it is not rewritten (with a wrong
 * size it is replaced by these bytes, which do hash to its name); when the row exists, the stored
 * content type is kept and reported. A new row appends a ledger entry "blob.put" (object "blob",
 * id = sha256). The row and that entry join the caller's transaction when one is open (then do
 * the caller's other writes after this returns); otherwise blob_put runs its own. The file is
 * written before any transaction is touched.
 * Errors: ERR_INVALID (n == 0, bad content type), ERR_CONFLICT (the row exists with another
 * size: the database and the bytes disagree), ERR_UNAVAILABLE (disk full), ERR_IO, ERR_DB. A file
 * written before a database error stays as an unreferenced blob (harmless; a later sweep may
 * remove files without a row). */
enum err blob_put(struct app *app, struct db *db, const void *p, size_t n, const char *content_type,
		  int64_t now_ms, struct blob_info *out);

/* Takes an existing file into the store without copying it: for large files another part already
 * wrote, fsynced and hashed (a finalised recording). path must be on the data directory's file
 * system and hold exactly size bytes hashing to sha256 (the caller vouches for the hash;
 * blob_verify can check it later). The file is renamed to its blob name (or removed when those
 * bytes are stored already), the directory fsynced, and the row recorded as blob_put does. SLOW
 * (fsync): a worker. ERR_INVALID (bad arguments, size mismatch, another file system),
 * ERR_UNAVAILABLE (disk full), ERR_IO, ERR_CONFLICT, ERR_DB. */
enum err blob_adopt(struct app *app, struct db *db, const char *path, const char *sha256,
		    int64_t size, const char *content_type, int64_t now_ms, struct blob_info *out);

/* Undoes blob_adopt after the caller's transaction rolled back, so that the caller can try again
 * with its file: the bytes go back to path (renamed back; linked when a committed row still
 * holds them, i.e. they were stored before the adopt). Call it after the rollback, with db
 * outside a transaction. ERR_NOT_FOUND when the blob's file is gone, ERR_IO otherwise. */
enum err blob_unadopt(struct app *app, struct db *db, const char *sha256, const char *path);

/* Retention: marks a blob purged (the row stays as a tombstone; "blob.purge" in the ledger) in the
 * caller's transaction. ERR_NOT_FOUND when there is no such blob or it was purged before. Remove
 * the file with blob_purge_file() after the commit (never before: a rollback would keep a row
 * whose bytes are gone). */
enum err blob_purge_mark(struct db *db, const char *sha256, int64_t now_ms);
enum err blob_purge_file(struct app *app, const char *sha256);

/* The stored row of a blob: ERR_NOT_FOUND when the name is malformed or has no row. */
enum err blob_get(struct db *db, const char *sha256, struct blob_info *out);

/* Opens a blob's file read-only. *fd (caller closes) and *size on success. ERR_INVALID when
 * sha256 is not 64 lowercase hex (checked before the file system is touched), ERR_NOT_FOUND when
 * there is no such file, ERR_IO otherwise. Does not consult the database. */
enum err blob_open(struct app *app, const char *sha256, int *fd, int64_t *size);

/* Re-hashes a blob's file. ERR_OK when the bytes still hash to their name, ERR_CONFLICT when they
 * do not (damage or tampering; logged), ERR_INVALID / ERR_NOT_FOUND / ERR_IO as blob_open. Reads
 * the whole file: run it on a worker. */
enum err blob_verify(struct app *app, const char *sha256);

/* Prepares a file response for a blob (the transport streams it): Content-Type content_type (or
 * application/octet-stream when that is not a valid media type), ETag "<sha256>", Cache-Control
 * "private, no-cache", Content-Disposition, Accept-Ranges, and a single byte Range (206; 416 with
 * an empty body; a matching If-None-Match gives 304 first). download_name NULL gives "inline" for
 * types a browser shows safely (PDF, JPEG, PNG, WebM) and "attachment" for any other type;
 * a name gives "attachment" with that name sanitised (never a path: see blob_filename_sanitise).
 * X-Content-Type-Options: nosniff is added to every response by the transport. The caller has
 * checked permissions. Returns ERR_OK with the response set, or a req_fail()ed error: 404 for a
 * malformed or missing blob, 500 for an I/O error. */
enum err blob_serve(struct request *req, const char *sha256, const char *content_type,
		    const char *download_name);

/* Turns a user-supplied file name into a safe download name in out (outsz >= 8): the part after
 * the last '/' or '\', with control characters, invalid UTF-8 and leading dots and spaces removed,
 * cut at a character boundary to at most BLOB_FILENAME_MAX bytes (and outsz - 1). An empty result
 * becomes "berkas". Returns the length. */
size_t blob_filename_sanitise(const char *name, char *out, size_t outsz);

/* The Content-Disposition value (arena): "inline", "attachment", or "attachment; filename=..."
 * with an ASCII fallback and the RFC 6266 / RFC 8187 filename*=UTF-8''... form of the sanitised
 * name. name NULL: no filename parameter. */
char *blob_content_disposition(struct arena *a, int inline_disp, const char *name);

/* The core service descriptor (migrations only). */
extern const struct module blob_module;

#endif
