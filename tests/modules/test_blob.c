/* The blob store on a temp data dir: put/open/verify, idempotence, tamper detection, refusals
 * that change nothing, transactions; blob_serve's file responses (Range, 416, HEAD, 304,
 * Content-Disposition) and byte ranges on static files through the real router. */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../server/http/dispatch.h"
#include "blob.h"
#include "db.h"
#include "testapp.h"
#include "util.h"

extern const struct embedded_file blob_migrations[];
extern const size_t blob_migrations_count;

static struct testapp *T;

static const char PDF[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";
#define PDF_LEN ((int64_t)sizeof PDF - 1)

static int setup(void **state)
{
	(void)state;
	T = testapp_new(0);
	/* a no-op once blob_module is in app.c's core list */
	if (db_migrate(T->app.db, "blob", blob_migrations, blob_migrations_count) != ERR_OK)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	testapp_free(&T);
	return 0;
}

static char *file_path(const char *sha)
{
	static char p[600];
	snprintf(p, sizeof p, "%s/blobs/%.2s/%.2s/%s", T->dir, sha, sha + 2, sha);
	return p;
}

static long long ledger_count(const char *sha)
{
	int64_t n = -1;
	assert_int_equal(db_get_int(T->app.db, &n,
				    "SELECT count(*) FROM ledger_entries WHERE action = 'blob.put' "
				    "AND obj_type = 'blob' AND obj_id = ?",
				    "t", sha),
			 ERR_OK);
	return (long long)n;
}

/* Temp files left in a blob directory. */
static int temp_files(const char *sha)
{
	char dir[600];
	int n = 0;
	struct dirent *de;
	snprintf(dir, sizeof dir, "%s/blobs/%.2s/%.2s", T->dir, sha, sha + 2);
	DIR *d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, ".tmp", 4))
			n++;
	closedir(d);
	return n;
}

static void put_pdf(struct blob_info *bi)
{
	assert_int_equal(blob_put(&T->app, T->app.db, PDF, (size_t)PDF_LEN, "application/pdf",
				  1700000000000, bi),
			 ERR_OK);
}

static void test_put_open_verify(void **state)
{
	(void)state;
	struct blob_info bi;
	char want[65], buf[256];
	struct stat st;
	int fd = -1;
	int64_t size = 0;
	util_sha256_hex(PDF, (size_t)PDF_LEN, want);
	put_pdf(&bi);
	assert_string_equal(bi.sha256, want);
	assert_int_equal(bi.size, PDF_LEN);
	assert_string_equal(bi.content_type, "application/pdf");
	/* the file: under its name, private, complete */
	assert_int_equal(stat(file_path(want), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, PDF_LEN);
	assert_int_equal(temp_files(want), 0);
	/* the row and its ledger entry */
	int64_t rsize = 0;
	assert_int_equal(
	    db_get_int(T->app.db, &rsize, "SELECT size FROM blobs WHERE sha256 = ?", "t", want),
	    ERR_OK);
	assert_int_equal(rsize, PDF_LEN);
	assert_int_equal(ledger_count(want), 1);
	struct blob_info got;
	assert_int_equal(blob_get(T->app.db, want, &got), ERR_OK);
	assert_int_equal(got.size, PDF_LEN);
	assert_string_equal(got.content_type, "application/pdf");
	/* open and read back */
	assert_int_equal(blob_open(&T->app, want, &fd, &size), ERR_OK);
	assert_true(fd >= 0);
	assert_int_equal(size, PDF_LEN);
	assert_int_equal(read(fd, buf, sizeof buf), PDF_LEN);
	assert_memory_equal(buf, PDF, (size_t)PDF_LEN);
	close(fd);
	assert_int_equal(blob_verify(&T->app, want), ERR_OK);
}

static void test_idempotent(void **state)
{
	(void)state;
	struct blob_info a, b;
	struct stat s1, s2;
	put_pdf(&a);
	long long rows = testapp_count(T, "blobs"), entries = testapp_count(T, "ledger_entries");
	assert_int_equal(stat(file_path(a.sha256), &s1), 0);
	/* the same bytes again, even under another declared type: nothing new */
	assert_int_equal(
	    blob_put(&T->app, T->app.db, PDF, (size_t)PDF_LEN, "image/png", 1700000009999, &b),
	    ERR_OK);
	assert_string_equal(a.sha256, b.sha256);
	assert_string_equal(b.content_type, "application/pdf"); /* the stored type */
	assert_int_equal(testapp_count(T, "blobs"), rows);
	assert_int_equal(testapp_count(T, "ledger_entries"), entries);
	assert_int_equal(stat(file_path(a.sha256), &s2), 0);
	assert_int_equal(s1.st_ino, s2.st_ino); /* not rewritten */
	assert_int_equal(ledger_count(a.sha256), 1);
}

static void test_tamper_detected_and_repaired(void **state)
{
	(void)state;
	static const char JPG[] = "\xff\xd8\xff\xe0 tamper test image bytes";
	struct blob_info bi;
	assert_int_equal(
	    blob_put(&T->app, T->app.db, JPG, sizeof JPG - 1, "image/jpeg", 1700000000000, &bi),
	    ERR_OK);
	assert_int_equal(blob_verify(&T->app, bi.sha256), ERR_OK);
	/* one byte changed in place, same size: only re-hashing notices */
	int fd = open(file_path(bi.sha256), O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "X", 1, 10), 1);
	close(fd);
	assert_int_equal(blob_verify(&T->app, bi.sha256), ERR_CONFLICT);
	/* cut short: a new put of the real bytes replaces the damaged file */
	assert_int_equal(truncate(file_path(bi.sha256), 5), 0);
	assert_int_equal(blob_verify(&T->app, bi.sha256), ERR_CONFLICT);
	assert_int_equal(
	    blob_put(&T->app, T->app.db, JPG, sizeof JPG - 1, "image/jpeg", 1700000000001, NULL),
	    ERR_OK);
	assert_int_equal(blob_verify(&T->app, bi.sha256), ERR_OK);
	assert_int_equal(temp_files(bi.sha256), 0);
	assert_int_equal(ledger_count(bi.sha256), 1);
}

static void test_refusals_change_nothing(void **state)
{
	(void)state;
	char missing[65];
	int fd = -1;
	int64_t size = 0;
	long long rows = testapp_count(T, "blobs"), entries = testapp_count(T, "ledger_entries");
	util_sha256_hex("never stored", 12, missing);
	/* names are checked before the file system */
	const char *bad[] = {"../../../etc/passwd", "",
			     "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
			     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
			     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855/.."};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(blob_open(&T->app, bad[i], &fd, &size), ERR_INVALID);
		assert_int_equal(blob_verify(&T->app, bad[i]), ERR_INVALID);
		struct blob_info bi;
		assert_int_equal(blob_get(T->app.db, bad[i], &bi), ERR_NOT_FOUND);
	}
	assert_int_equal(blob_open(&T->app, NULL, &fd, &size), ERR_INVALID);
	assert_int_equal(fd, -1);
	assert_int_equal(blob_open(&T->app, missing, &fd, &size), ERR_NOT_FOUND);
	assert_int_equal(blob_verify(&T->app, missing), ERR_NOT_FOUND);
	struct blob_info bi;
	assert_int_equal(blob_get(T->app.db, missing, &bi), ERR_NOT_FOUND);
	/* empty content, bad media types */
	assert_int_equal(blob_put(&T->app, T->app.db, "", 0, "application/pdf", 1, NULL),
			 ERR_INVALID);
	assert_int_equal(blob_put(&T->app, T->app.db, "abc", 3, "text/html\r\nX-A: b", 1, NULL),
			 ERR_INVALID);
	assert_int_equal(
	    blob_put(&T->app, T->app.db, "abc", 3, "text/plain; charset=utf-8", 1, NULL),
	    ERR_INVALID);
	assert_int_equal(blob_put(&T->app, T->app.db, "abc", 3, NULL, 1, NULL), ERR_INVALID);
	assert_int_equal(testapp_count(T, "blobs"), rows);
	assert_int_equal(testapp_count(T, "ledger_entries"), entries);
	char abc[65];
	util_sha256_hex("abc", 3, abc);
	struct stat st;
	assert_int_equal(stat(file_path(abc), &st), -1);
}

static void test_row_size_conflict(void **state)
{
	(void)state;
	static const char DATA[] = "\x89PNG\r\n\x1a\n conflicting row";
	char sha[65];
	util_sha256_hex(DATA, sizeof DATA - 1, sha);
	assert_int_equal(db_run(T->app.db, NULL,
				"INSERT INTO blobs (sha256, size, content_type, created_at) "
				"VALUES (?, 3, 'image/png', 1)",
				"t", sha),
			 ERR_OK);
	long long entries = testapp_count(T, "ledger_entries");
	assert_int_equal(blob_put(&T->app, T->app.db, DATA, sizeof DATA - 1, "image/png", 2, NULL),
			 ERR_CONFLICT);
	int64_t size = 0;
	assert_int_equal(
	    db_get_int(T->app.db, &size, "SELECT size FROM blobs WHERE sha256 = ?", "t", sha),
	    ERR_OK);
	assert_int_equal(size, 3);
	assert_int_equal(testapp_count(T, "ledger_entries"), entries);
	assert_false(db_in_tx(T->app.db));
}

static void test_joins_callers_transaction(void **state)
{
	(void)state;
	static const char DATA[] = "%PDF-1.7 rolled back with the caller";
	struct blob_info bi;
	long long rows = testapp_count(T, "blobs"), entries = testapp_count(T, "ledger_entries");
	assert_int_equal(db_begin(T->app.db), ERR_OK);
	assert_int_equal(
	    blob_put(&T->app, T->app.db, DATA, sizeof DATA - 1, "application/pdf", 5, &bi), ERR_OK);
	assert_true(db_in_tx(T->app.db)); /* still the caller's */
	db_rollback(T->app.db);
	assert_int_equal(testapp_count(T, "blobs"), rows);
	assert_int_equal(testapp_count(T, "ledger_entries"), entries);
	/* the file stays (unreferenced, harmless); a later put records the row */
	assert_int_equal(blob_verify(&T->app, bi.sha256), ERR_OK);
	assert_int_equal(
	    blob_put(&T->app, T->app.db, DATA, sizeof DATA - 1, "application/pdf", 6, NULL),
	    ERR_OK);
	assert_int_equal(testapp_count(T, "blobs"), rows + 1);
	assert_int_equal(ledger_count(bi.sha256), 1);
}

/* blob_adopt takes a file into the store; when the caller's transaction rolls back,
 * blob_unadopt puts the bytes back at the caller's path (renamed when new, linked when a committed
 * row held them before), so a retry finds its file instead of nothing. */
static void adopt_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static void test_unadopt_after_rollback(void **state)
{
	(void)state;
	static const char RAW[] = "\x1a\x45\xdf\xa3 the raw bytes of a recording";
	char path[600], sha[SHA256_HEX_LEN + 1], *back = NULL;
	size_t n = 0;
	struct stat st;
	snprintf(path, sizeof path, "%s/rec.webm", T->dir);
	util_sha256_hex(RAW, sizeof RAW - 1, sha);
	long long rows = testapp_count(T, "blobs");

	/* new bytes: the adopt moves the file; the rollback leaves no row; unadopt moves it back */
	adopt_file(path, RAW, sizeof RAW - 1);
	assert_int_equal(db_begin(T->app.db), ERR_OK);
	assert_int_equal(blob_adopt(&T->app, T->app.db, path, sha, (int64_t)sizeof RAW - 1,
				    "video/webm", 7, NULL),
			 ERR_OK);
	assert_int_not_equal(stat(path, &st), 0);
	db_rollback(T->app.db);
	assert_int_equal(testapp_count(T, "blobs"), rows);
	assert_int_equal(blob_unadopt(&T->app, T->app.db, sha, path), ERR_OK);
	assert_int_equal(util_read_file(path, 1 << 20, &back, &n), 0);
	assert_int_equal(n, sizeof RAW - 1);
	assert_memory_equal(back, RAW, n);
	free(back);
	assert_int_not_equal(stat(file_path(sha), &st), 0); /* nothing left behind in the store */

	/* stored and committed before: the adopt drops the caller's copy; unadopt links it back and
	 * the stored blob stays */
	assert_int_equal(blob_adopt(&T->app, T->app.db, path, sha, (int64_t)sizeof RAW - 1,
				    "video/webm", 8, NULL),
			 ERR_OK);
	adopt_file(path, RAW, sizeof RAW - 1);
	assert_int_equal(db_begin(T->app.db), ERR_OK);
	assert_int_equal(blob_adopt(&T->app, T->app.db, path, sha, (int64_t)sizeof RAW - 1,
				    "video/webm", 9, NULL),
			 ERR_OK);
	assert_int_not_equal(stat(path, &st), 0);
	db_rollback(T->app.db);
	assert_int_equal(blob_unadopt(&T->app, T->app.db, sha, path), ERR_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, (off_t)sizeof RAW - 1);
	assert_int_equal(blob_verify(&T->app, sha), ERR_OK);
	assert_int_equal(testapp_count(T, "blobs"), rows + 1);

	/* nothing to put back */
	unlink(path);
	assert_int_equal(blob_unadopt(&T->app, T->app.db,
				      "00000000000000000000000000000000000000"
				      "00000000000000000000000000",
				      path),
			 ERR_NOT_FOUND);
}

/* --- blob_serve --- */

static const char *hdr(const struct request *req, const char *name)
{
	for (size_t i = 0; i < req->resp.nheaders; i++)
		if (!strcasecmp(req->resp.headers[i].name, name))
			return req->resp.headers[i].value;
	return NULL;
}

static struct request *serve(const char *method, const char *range, const char *inm,
			     const char *sha, const char *type, const char *name)
{
	struct request *req = dispatch_request_new(&T->app);
	req->method = method_parse(method, strlen(method));
	req->range = range;
	req->if_none_match = inm;
	blob_serve(req, sha, type, name);
	return req;
}

static void test_serve_whole(void **state)
{
	(void)state;
	struct blob_info bi;
	char etag[80], buf[256];
	put_pdf(&bi);
	snprintf(etag, sizeof etag, "\"%s\"", bi.sha256);
	struct request *req = serve("GET", NULL, NULL, bi.sha256, "application/pdf", NULL);
	assert_int_equal(req->resp.status, 200);
	assert_true(req->resp.fd >= 0);
	assert_int_equal(req->resp.file_off, 0);
	assert_int_equal(req->resp.file_len, PDF_LEN);
	assert_string_equal(req->resp.content_type, "application/pdf");
	assert_string_equal(hdr(req, "ETag"), etag);
	assert_string_equal(hdr(req, "Cache-Control"), "private, no-cache");
	assert_string_equal(hdr(req, "Content-Disposition"), "inline");
	assert_string_equal(hdr(req, "Accept-Ranges"), "bytes");
	assert_null(hdr(req, "Content-Range"));
	assert_int_equal(pread(req->resp.fd, buf, sizeof buf, 0), PDF_LEN);
	assert_memory_equal(buf, PDF, (size_t)PDF_LEN);
	dispatch_request_free(&req);
}

static void test_serve_ranges(void **state)
{
	(void)state;
	struct blob_info bi;
	char want[80], buf[64];
	put_pdf(&bi);
	struct request *req = serve("GET", "bytes=2-5", NULL, bi.sha256, "application/pdf", NULL);
	assert_int_equal(req->resp.status, 206);
	assert_int_equal(req->resp.file_off, 2);
	assert_int_equal(req->resp.file_len, 4);
	snprintf(want, sizeof want, "bytes 2-5/%lld", (long long)PDF_LEN);
	assert_string_equal(hdr(req, "Content-Range"), want);
	assert_string_equal(hdr(req, "Accept-Ranges"), "bytes");
	assert_int_equal(pread(req->resp.fd, buf, (size_t)req->resp.file_len, req->resp.file_off),
			 4);
	assert_memory_equal(buf, "DF-1", 4);
	dispatch_request_free(&req);

	req = serve("GET", "bytes=-6", NULL, bi.sha256, "application/pdf", NULL);
	assert_int_equal(req->resp.status, 206);
	assert_int_equal(req->resp.file_off, PDF_LEN - 6);
	assert_int_equal(req->resp.file_len, 6);
	snprintf(want, sizeof want, "bytes %lld-%lld/%lld", (long long)PDF_LEN - 6,
		 (long long)PDF_LEN - 1, (long long)PDF_LEN);
	assert_string_equal(hdr(req, "Content-Range"), want);
	dispatch_request_free(&req);

	/* past the end: clamped */
	req = serve("GET", "bytes=10-999999", NULL, bi.sha256, "application/pdf", NULL);
	assert_int_equal(req->resp.status, 206);
	assert_int_equal(req->resp.file_off, 10);
	assert_int_equal(req->resp.file_len, PDF_LEN - 10);
	dispatch_request_free(&req);

	/* several ranges or a malformed one: the whole file */
	const char *whole[] = {"bytes=0-1,4-5", "bytes=5-1", "bytes=x-", "pages=1-2"};
	for (size_t i = 0; i < 4; i++) {
		req = serve("GET", whole[i], NULL, bi.sha256, "application/pdf", NULL);
		assert_int_equal(req->resp.status, 200);
		assert_int_equal(req->resp.file_off, 0);
		assert_int_equal(req->resp.file_len, PDF_LEN);
		assert_null(hdr(req, "Content-Range"));
		dispatch_request_free(&req);
	}
}

static void test_serve_416(void **state)
{
	(void)state;
	struct blob_info bi;
	char range[64], want[64];
	put_pdf(&bi);
	snprintf(range, sizeof range, "bytes=%lld-", (long long)PDF_LEN);
	snprintf(want, sizeof want, "bytes */%lld", (long long)PDF_LEN);
	const char *unsat[] = {range, "bytes=-0", "bytes=99999999999999999999-"};
	for (size_t i = 0; i < 3; i++) {
		struct request *req =
		    serve("GET", unsat[i], NULL, bi.sha256, "application/pdf", NULL);
		assert_int_equal(req->resp.status, 416);
		assert_int_equal(req->resp.fd, -1); /* closed: an empty body */
		assert_int_equal(req->resp.file_len, 0);
		assert_null(req->resp.body);
		assert_int_equal(req->resp.len, 0);
		assert_string_equal(hdr(req, "Content-Range"), want);
		assert_string_equal(hdr(req, "Accept-Ranges"), "bytes");
		dispatch_request_free(&req);
	}
}

static void test_serve_head_and_304(void **state)
{
	(void)state;
	struct blob_info bi;
	char etag[80];
	put_pdf(&bi);
	snprintf(etag, sizeof etag, "\"%s\"", bi.sha256);
	/* HEAD: Range is defined for GET only; the full length is announced */
	struct request *req = serve("HEAD", "bytes=0-3", NULL, bi.sha256, "application/pdf", NULL);
	assert_int_equal(req->resp.status, 200);
	assert_true(req->resp.fd >= 0);
	assert_int_equal(req->resp.file_len, PDF_LEN);
	assert_string_equal(hdr(req, "Accept-Ranges"), "bytes");
	assert_null(hdr(req, "Content-Range"));
	dispatch_request_free(&req);
	/* If-None-Match wins over Range */
	const char *inms[] = {etag, "*", "\"other\", W/\"x\"", NULL};
	char list[200];
	snprintf(list, sizeof list, "\"other\", %s", etag);
	inms[2] = list;
	for (size_t i = 0; inms[i]; i++) {
		req = serve("GET", "bytes=0-3", inms[i], bi.sha256, "application/pdf", NULL);
		assert_int_equal(req->resp.status, 304);
		assert_int_equal(req->resp.fd, -1);
		assert_string_equal(hdr(req, "ETag"), etag);
		assert_null(hdr(req, "Content-Range"));
		dispatch_request_free(&req);
	}
	req = serve("GET", NULL, "\"someone-else\"", bi.sha256, "application/pdf", NULL);
	assert_int_equal(req->resp.status, 200);
	dispatch_request_free(&req);
}

static void test_serve_disposition_and_types(void **state)
{
	(void)state;
	struct blob_info bi;
	put_pdf(&bi);
	struct request *req =
	    serve("GET", NULL, NULL, bi.sha256, "application/pdf", "../../x/Laporan Akhir.pdf");
	assert_string_equal(hdr(req, "Content-Disposition"),
			    "attachment; filename=\"Laporan Akhir.pdf\"; "
			    "filename*=UTF-8''Laporan%20Akhir.pdf");
	dispatch_request_free(&req);
	/* a type a browser would run is never inline */
	req = serve("GET", NULL, NULL, bi.sha256, "text/html", NULL);
	assert_string_equal(req->resp.content_type, "text/html");
	assert_string_equal(hdr(req, "Content-Disposition"), "attachment");
	dispatch_request_free(&req);
	req = serve("GET", NULL, NULL, bi.sha256, "text/html\r\nSet-Cookie: a=b", NULL);
	assert_string_equal(req->resp.content_type, "application/octet-stream");
	assert_string_equal(hdr(req, "Content-Disposition"), "attachment");
	dispatch_request_free(&req);
	req = serve("GET", NULL, NULL, bi.sha256, NULL, NULL);
	assert_string_equal(req->resp.content_type, "application/octet-stream");
	dispatch_request_free(&req);
}

static void test_serve_not_found(void **state)
{
	(void)state;
	char missing[65];
	util_sha256_hex("not here", 8, missing);
	const char *names[] = {missing, "../../ujikom.db", "", NULL};
	for (size_t i = 0; i < 4; i++) {
		struct request *req = serve("GET", NULL, NULL, names[i], "application/pdf", NULL);
		assert_int_equal(req->resp.status, 404);
		assert_string_equal(req->resp.err_code, "not_found");
		assert_int_equal(req->resp.fd, -1);
		assert_null(hdr(req, "ETag"));
		dispatch_request_free(&req);
	}
}

/* --- byte ranges on static files, through the router --- */

static struct request *static_get(const char *method, const char *path, const char *range,
				  const char *inm)
{
	struct request *req = dispatch_request_new(&T->app);
	req->method = method_parse(method, strlen(method));
	req->range = range;
	req->if_none_match = inm;
	assert_int_equal(dispatch_route(req, path, strlen(path)), DISPATCH_STATIC);
	return req;
}

static void test_static_ranges(void **state)
{
	(void)state;
	struct request *req = static_get("GET", "/index.html", NULL, NULL);
	char etag[128], want[64], range[64];
	assert_int_equal(req->resp.status, 200);
	int64_t size = req->resp.file_len;
	assert_true(size > 20);
	assert_string_equal(hdr(req, "Accept-Ranges"), "bytes");
	snprintf(etag, sizeof etag, "%s", hdr(req, "ETag"));
	dispatch_request_free(&req);

	req = static_get("GET", "/index.html", "bytes=0-9", NULL);
	assert_int_equal(req->resp.status, 206);
	assert_int_equal(req->resp.file_off, 0);
	assert_int_equal(req->resp.file_len, 10);
	snprintf(want, sizeof want, "bytes 0-9/%lld", (long long)size);
	assert_string_equal(hdr(req, "Content-Range"), want);
	dispatch_request_free(&req);

	snprintf(range, sizeof range, "bytes=%lld-", (long long)size);
	req = static_get("GET", "/index.html", range, NULL);
	assert_int_equal(req->resp.status, 416);
	assert_int_equal(req->resp.fd, -1);
	snprintf(want, sizeof want, "bytes */%lld", (long long)size);
	assert_string_equal(hdr(req, "Content-Range"), want);
	dispatch_request_free(&req);

	/* If-None-Match takes precedence over Range */
	req = static_get("GET", "/index.html", "bytes=0-9", etag);
	assert_int_equal(req->resp.status, 304);
	assert_int_equal(req->resp.fd, -1);
	dispatch_request_free(&req);

	req = static_get("HEAD", "/index.html", "bytes=0-9", NULL);
	assert_int_equal(req->resp.status, 200);
	assert_int_equal(req->resp.file_len, size);
	dispatch_request_free(&req);

	/* the whole pipeline still answers 200 with Accept-Ranges */
	struct tresp r;
	assert_int_equal(testapp_request(T, "GET", "/index.html", NULL, &r), 200);
	assert_non_null(tresp_header(&r, "Accept-Ranges", NULL));
	tresp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_put_open_verify),
	    cmocka_unit_test(test_idempotent),
	    cmocka_unit_test(test_tamper_detected_and_repaired),
	    cmocka_unit_test(test_refusals_change_nothing),
	    cmocka_unit_test(test_row_size_conflict),
	    cmocka_unit_test(test_joins_callers_transaction),
	    cmocka_unit_test(test_unadopt_after_rollback),
	    cmocka_unit_test(test_serve_whole),
	    cmocka_unit_test(test_serve_ranges),
	    cmocka_unit_test(test_serve_416),
	    cmocka_unit_test(test_serve_head_and_304),
	    cmocka_unit_test(test_serve_disposition_and_types),
	    cmocka_unit_test(test_serve_not_found),
	    cmocka_unit_test(test_static_ranges),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
