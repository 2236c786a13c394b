/* Evidence uploads of a certification case through the real router on the demo data: a PDF is
 * stored content-addressed and listed, served with Range and the stored name; the type is
 * decided by content; refusals (renamed executable, 2 MB + 1 byte, empty, a PDF named .jpg, a
 * type or requirement the scheme does not accept, the wrong stage) change neither the rows nor
 * the blobs directory; nobody but the case's asesi uploads and nobody without sight of the case
 * reads (404), not even with the file's hash. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../server/http/dispatch.h"
#include "blob.h"
#include "certification/cert_evidence.h"
#include "db.h"
#include "testapp.h"
#include "util.h"

#define PW	 "Demo-Ujikom-2026"
#define ASESI	 "asesi@demo.ujikom.id"
#define REQ_KTP	 "9.1.2.1%20a" /* PDF, JPG, PNG up to 2 MB */
#define REQ_FOTO "9.1.2.1%20b" /* JPG, PNG only */
#define REQ_5MB	 "6.1.2"       /* PDF, JPG, PNG up to 5 MB */
#define TWO_MB	 (2 * 1024 * 1024)
#define OTHER	 "sari@example.id"
#define OTHER_PW "Kuat-Sekali-2026"

static struct testapp *T;
static int64_t case_id;

static const char PDF[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";
#define PDF_LEN (sizeof PDF - 1)
/* an ELF header (a Linux executable), NUL bytes included */
static const unsigned char ELF[] = {0x7f, 'E', 'L',  'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				    2,	  0,   0x3e, 0,	  1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
static const unsigned char JPG[] = {0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F',  0,
				    1,	  1,	0,    0,    1, 0,    1,	  0,   0,   0xff, 0xd9};

static void login(const char *email, const char *pw)
{
	testapp_cookies_clear(T);
	assert_int_equal(testapp_login(T, email, pw), 200);
}

static int setup(void **state)
{
	(void)state;
	struct tresp r;
	char body[96];
	T = testapp_new(1);
	assert_int_equal(testapp_request(T, "GET", "/api/skema", NULL, &r), 200);
	int64_t skema_id = json_integer_value(
	    json_object_get(json_array_get(json_object_get(r.json, "skema"), 0), "id"));
	tresp_free(&r);
	assert_true(skema_id > 0);
	login(ASESI, PW);
	snprintf(body, sizeof body, "{\"skema_id\":%lld}", (long long)skema_id);
	assert_int_equal(testapp_request(T, "POST", "/api/cases", body, &r), 201);
	case_id = json_integer_value(json_object_get(r.json, "id"));
	tresp_free(&r);
	/* a second asesi */
	testapp_cookies_clear(T);
	testapp_request(T, "GET", "/api/session", NULL, NULL);
	assert_int_equal(
	    testapp_request(T, "POST", "/api/accounts/register",
			    "{\"nik\":\"3171014506920002\",\"name\":\"Sari Wulandari\","
			    "\"email\":\"" OTHER "\",\"phone\":\"081298765432\","
			    "\"password\":\"" OTHER_PW "\"}",
			    NULL),
	    201);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	testapp_free(&T);
	return 0;
}

static const char *jstr(const struct tresp *r, const char *k)
{
	return json_string_value(json_object_get(r->json, k));
}

static void set_state(const char *s)
{
	assert_int_equal(db_run(T->app.db, NULL, "UPDATE cert_cases SET state = ? WHERE id = ?",
				"ti", s, case_id),
			 ERR_OK);
}

/* Files (of any name) under dir, recursively. */
static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char p[1024];
		struct stat st;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		if (stat(p, &st) != 0)
			continue;
		n += S_ISDIR(st.st_mode) ? count_files(p) : 1;
	}
	closedir(d);
	return n;
}

static int blob_files(void)
{
	char dir[300];
	snprintf(dir, sizeof dir, "%s/blobs", T->dir);
	return count_files(dir);
}

struct snapshot {
	long long evidence, blobs, ledger;
	int files;
};

/* Ledger entries an upload writes (sign-ins write others). */
static long long upload_entries(void)
{
	int64_t n = -1;
	assert_int_equal(db_get_int(T->app.db, &n,
				    "SELECT count(*) FROM ledger_entries WHERE action IN"
				    " ('cert.evidence.add', 'blob.put')",
				    ""),
			 ERR_OK);
	return (long long)n;
}

static struct snapshot snap(void)
{
	struct snapshot s = {testapp_count(T, "cert_evidence"), testapp_count(T, "blobs"),
			     upload_entries(), blob_files()};
	return s;
}

static void assert_unchanged(const struct snapshot *a)
{
	struct snapshot b = snap();
	assert_int_equal(b.evidence, a->evidence);
	assert_int_equal(b.blobs, a->blobs);
	assert_int_equal(b.ledger, a->ledger);
	assert_int_equal(b.files, a->files);
}

/* POST evidence with query (after "?"), the declared type, and bytes; returns the status. */
static int upload(const char *query, const char *type, const void *p, size_t n, struct tresp *r)
{
	char path[300];
	snprintf(path, sizeof path, "/api/cases/%lld/evidence%s%s", (long long)case_id,
		 query ? "?" : "", query ? query : "");
	T->content_type = type;
	int st = testapp_request_bytes(T, "POST", path, p, n, r);
	T->content_type = NULL;
	return st;
}

/* A refused upload: status, error code, and nothing written anywhere. */
static void refused(const char *query, const void *p, size_t n, int status, const char *code,
		    const char *in_message)
{
	struct tresp r;
	struct snapshot s = snap();
	assert_int_equal(upload(query, "application/pdf", p, n, &r), status);
	assert_string_equal(jstr(&r, "error"), code);
	if (in_message)
		assert_non_null(strstr(jstr(&r, "message"), in_message));
	tresp_free(&r);
	assert_unchanged(&s);
}

static char *blob_path(const char *sha)
{
	static char p[600];
	snprintf(p, sizeof p, "%s/blobs/%.2s/%.2s/%s", T->dir, sha, sha + 2, sha);
	return p;
}

/* GET through the router with a Range header (testapp has no Range field). */
static int get_range(const char *path, const char *range, char *buf, size_t cap, size_t *n,
		     char *content_range, size_t crsz)
{
	struct request *req = dispatch_request_new(&T->app);
	char cookies[2048] = "";
	size_t o = 0;
	int status;
	for (int i = 0; i < TESTAPP_MAX_COOKIES; i++)
		if (T->cookie_names[i])
			o += (size_t)snprintf(cookies + o, sizeof cookies - o, "%s%s=%s",
					      o ? "; " : "", T->cookie_names[i],
					      T->cookie_values[i]);
	req->method = M_GET;
	req->cookie = cookies;
	req->host = "127.0.0.1:8080";
	req->range = range;
	snprintf(req->remote_ip, sizeof req->remote_ip, "127.0.0.1");
	assert_int_equal(dispatch_route(req, path, strlen(path)), DISPATCH_ROUTED);
	assert_int_equal(dispatch_check_body(req, 0), ERR_OK);
	assert_true(dispatch_run(req));
	dispatch_finish(req);
	status = req->resp.status;
	*n = 0;
	content_range[0] = '\0';
	for (size_t i = 0; i < req->resp.nheaders; i++)
		if (!strcmp(req->resp.headers[i].name, "Content-Range"))
			snprintf(content_range, crsz, "%s", req->resp.headers[i].value);
	if (req->resp.fd >= 0) {
		assert_true((size_t)req->resp.file_len <= cap);
		assert_int_equal(
		    pread(req->resp.fd, buf, (size_t)req->resp.file_len, (off_t)req->resp.file_off),
		    req->resp.file_len);
		*n = (size_t)req->resp.file_len;
	}
	dispatch_request_free(&req);
	return status;
}

static void test_upload_list_get(void **state)
{
	(void)state;
	struct tresp r;
	char sha[65], path[300], buf[256], cr[80];
	size_t n;
	login(ASESI, PW);
	struct snapshot s = snap();
	util_sha256_hex(PDF, PDF_LEN, sha);

	assert_int_equal(upload("requirement=" REQ_KTP "&name=..%2F..%2FKTP%20Budi.pdf",
				"application/pdf", PDF, PDF_LEN, &r),
			 201);
	assert_string_equal(jstr(&r, "sha256"), sha);
	assert_string_equal(jstr(&r, "filename"), "KTP Budi.pdf"); /* never a path */
	assert_string_equal(jstr(&r, "content_type"), "application/pdf");
	assert_string_equal(jstr(&r, "requirement"), "9.1.2.1 a");
	assert_int_equal(json_integer_value(json_object_get(r.json, "size")), PDF_LEN);
	tresp_free(&r);
	/* durable under its hash, with its blob row, evidence row and ledger entry */
	struct stat st;
	assert_int_equal(stat(blob_path(sha), &st), 0);
	assert_int_equal(st.st_size, PDF_LEN);
	assert_int_equal(testapp_count(T, "cert_evidence"), s.evidence + 1);
	assert_int_equal(testapp_count(T, "blobs"), s.blobs + 1);
	assert_int_equal(blob_files(), s.files + 1);
	int64_t n_ledger = 0, n_row = 0;
	char cid[24];
	snprintf(cid, sizeof cid, "%lld", (long long)case_id);
	assert_int_equal(db_get_int(T->app.db, &n_ledger,
				    "SELECT count(*) FROM ledger_entries WHERE action ="
				    " 'cert.evidence.add' AND obj_type = 'case' AND obj_id = ?",
				    "t", cid),
			 ERR_OK);
	assert_int_equal(n_ledger, 1);
	assert_int_equal(
	    db_get_int(T->app.db, &n_row,
		       "SELECT count(*) FROM cert_evidence WHERE case_id = ? AND"
		       " blob_sha256 = ? AND requirement_key = '9.1.2.1 a' AND size = ?",
		       "iti", case_id, sha, (int64_t)PDF_LEN),
	    ERR_OK);
	assert_int_equal(n_row, 1);
	int yes = 0;
	assert_int_equal(cert_evidence_owned(T->app.db, case_id, sha, &yes), ERR_OK);
	assert_int_equal(yes, 1);
	assert_int_equal(cert_evidence_owned(T->app.db, case_id + 1000, sha, &yes), ERR_OK);
	assert_int_equal(yes, 0);

	/* the same bytes again for the same requirement: the first row, nothing new */
	s = snap();
	assert_int_equal(
	    upload("requirement=" REQ_KTP "&name=lagi.pdf", "application/pdf", PDF, PDF_LEN, &r),
	    200);
	assert_string_equal(jstr(&r, "filename"), "KTP Budi.pdf");
	tresp_free(&r);
	assert_unchanged(&s);

	/* listed */
	snprintf(path, sizeof path, "/api/cases/%lld/evidence", (long long)case_id);
	assert_int_equal(testapp_request(T, "GET", path, NULL, &r), 200);
	json_t *list = json_object_get(r.json, "evidence");
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "sha256")),
			    sha);
	tresp_free(&r);

	/* served whole, as an attachment with the stored name */
	snprintf(path, sizeof path, "/api/cases/%lld/evidence/%s", (long long)case_id, sha);
	assert_int_equal(testapp_request_bytes(T, "GET", path, NULL, 0, &r), 200);
	assert_int_equal(r.len, PDF_LEN);
	assert_memory_equal(r.body, PDF, PDF_LEN);
	size_t hl;
	const char *cd = tresp_header(&r, "Content-Disposition", &hl);
	assert_non_null(cd);
	assert_non_null(strstr(cd, "attachment; filename=\"KTP Budi.pdf\""));
	const char *ct = tresp_header(&r, "Content-Type", &hl);
	if (ct) /* the transport may carry the type outside the header list */
		assert_int_equal(strncmp(ct, "application/pdf", 15), 0);
	tresp_free(&r);
	/* and by range */
	assert_int_equal(get_range(path, "bytes=0-4", buf, sizeof buf, &n, cr, sizeof cr), 206);
	assert_int_equal(n, 5);
	assert_memory_equal(buf, "%PDF-", 5);
	snprintf(buf, sizeof buf, "bytes 0-4/%zu", PDF_LEN);
	assert_string_equal(cr, buf);
}

static void test_type_by_content(void **state)
{
	(void)state;
	struct tresp r;
	login(ASESI, PW);
	/* a PDF declared as image/jpeg, no name: stored as a PDF called berkas.pdf */
	static const char PDF2[] = "%PDF-1.7\n% kedua\n%%EOF\n";
	assert_int_equal(upload("requirement=" REQ_KTP, "image/jpeg", PDF2, sizeof PDF2 - 1, &r),
			 201);
	assert_string_equal(jstr(&r, "content_type"), "application/pdf");
	assert_string_equal(jstr(&r, "filename"), "berkas.pdf");
	tresp_free(&r);
	/* a name without a type's extension gets the content's */
	static const char PDF3[] = "%PDF-1.7\n% ketiga\n%%EOF\n";
	assert_int_equal(upload("requirement=" REQ_KTP "&name=Ijazah%20S.Kom",
				"application/octet-stream", PDF3, sizeof PDF3 - 1, &r),
			 201);
	assert_string_equal(jstr(&r, "filename"), "Ijazah S.Kom.pdf");
	tresp_free(&r);
	/* a JPEG for the photo requirement, named .JPEG */
	assert_int_equal(
	    upload("requirement=" REQ_FOTO "&name=PASFOTO.JPEG", "image/jpeg", JPG, sizeof JPG, &r),
	    201);
	assert_string_equal(jstr(&r, "content_type"), "image/jpeg");
	assert_string_equal(jstr(&r, "filename"), "PASFOTO.JPEG");
	tresp_free(&r);
}

static void test_refusals_change_nothing(void **state)
{
	(void)state;
	login(ASESI, PW);
	/* a renamed executable */
	refused("requirement=" REQ_KTP "&name=ijazah.pdf", ELF, sizeof ELF, 415, "evidence_type",
		"PDF, JPG, PNG");
	/* 2 MB + 1 byte of a real PDF header */
	char *big = malloc(TWO_MB + 1);
	assert_non_null(big);
	memset(big, 'A', TWO_MB + 1);
	memcpy(big, "%PDF-1.4\n", 9);
	refused("requirement=" REQ_KTP "&name=besar.pdf", big, TWO_MB + 1, 413,
		"evidence_too_large", "2 MB");
	/* exactly 2 MB is within the limit, and a requirement may allow more (5 MB) */
	struct tresp r;
	assert_int_equal(
	    upload("requirement=" REQ_KTP "&name=pas.pdf", "application/pdf", big, TWO_MB, &r),
	    201);
	tresp_free(&r);
	assert_int_equal(upload("requirement=" REQ_5MB "&name=besar.pdf", "application/pdf", big,
				TWO_MB + 1, &r),
			 201);
	tresp_free(&r);
	free(big);
	/* empty */
	refused("requirement=" REQ_KTP "&name=kosong.pdf", "", 0, 422, "evidence_empty", NULL);
	/* a PDF with a JPG name */
	refused("requirement=" REQ_KTP "&name=foto.jpg", PDF, PDF_LEN, 422,
		"evidence_name_mismatch", "PDF");
	refused("requirement=" REQ_KTP "&name=ijazah.pdf.exe", PDF, PDF_LEN, 422,
		"evidence_name_mismatch", NULL);
	/* a type this requirement does not take: the photo is JPG or PNG only */
	refused("requirement=" REQ_FOTO "&name=foto.pdf", PDF, PDF_LEN, 415, "evidence_type",
		"JPG, PNG");
	/* a requirement the scheme does not have */
	struct snapshot s = snap();
	assert_int_equal(
	    upload("requirement=9.9.9&name=a.pdf", "application/pdf", PDF, PDF_LEN, &r), 422);
	assert_string_equal(jstr(&r, "error"), "evidence_requirement");
	assert_string_equal(jstr(&r, "field"), "requirement");
	tresp_free(&r);
	assert_unchanged(&s);
	/* a declared type the route does not list */
	assert_int_equal(upload("requirement=" REQ_KTP, "text/html", PDF, PDF_LEN, &r), 415);
	tresp_free(&r);
	assert_unchanged(&s);
	/* evidence without a requirement belongs to FR.APL.02, after scheduling */
	refused("name=a.pdf", PDF, PDF_LEN, 409, "evidence_state", NULL);
}

static void test_stages(void **state)
{
	(void)state;
	struct tresp r;
	login(ASESI, PW);
	static const char APL02[] = "%PDF-1.5\n% bukti elemen\n%%EOF\n";
	set_state("APL01_SUBMITTED");
	refused("requirement=" REQ_KTP "&name=a.pdf", APL02, sizeof APL02 - 1, 409,
		"evidence_state", NULL);
	refused("name=a.pdf", APL02, sizeof APL02 - 1, 409, "evidence_state", NULL);
	set_state("SCHEDULED");
	refused("requirement=" REQ_KTP "&name=a.pdf", APL02, sizeof APL02 - 1, 409,
		"evidence_state", NULL);
	assert_int_equal(
	    upload("name=Laporan%20proyek.pdf", "application/pdf", APL02, sizeof APL02 - 1, &r),
	    201);
	assert_true(json_is_null(json_object_get(r.json, "requirement")));
	assert_string_equal(jstr(&r, "filename"), "Laporan proyek.pdf");
	tresp_free(&r);
	struct snapshot s = snap(); /* the same bytes again: the first row, nothing new */
	assert_int_equal(upload("name=lagi.pdf", "application/pdf", APL02, sizeof APL02 - 1, &r),
			 200);
	assert_string_equal(jstr(&r, "filename"), "Laporan proyek.pdf");
	tresp_free(&r);
	assert_unchanged(&s);
	set_state("APL01_REVISION");
	assert_int_equal(upload("requirement=" REQ_KTP "&name=perbaikan.pdf", "application/pdf",
				APL02, sizeof APL02 - 1, &r),
			 201);
	tresp_free(&r);
	set_state("APL01_DRAFT");
}

static void test_visibility(void **state)
{
	(void)state;
	struct tresp r;
	char sha[65], path[300], list[200], other_sha[65];
	util_sha256_hex(PDF, PDF_LEN, sha);
	snprintf(list, sizeof list, "/api/cases/%lld/evidence", (long long)case_id);
	snprintf(path, sizeof path, "%s/%s", list, sha);

	/* another asesi: not found everywhere, and nothing written */
	login(OTHER, OTHER_PW);
	struct snapshot s = snap();
	assert_int_equal(testapp_request(T, "GET", list, NULL, &r), 404);
	tresp_free(&r);
	assert_int_equal(testapp_request_bytes(T, "GET", path, NULL, 0, &r), 404);
	assert_null(tresp_header(&r, "Content-Disposition", NULL));
	tresp_free(&r);
	static const char MINE[] = "%PDF-1.4\n% milik orang lain\n%%EOF\n";
	assert_int_equal(upload("requirement=" REQ_KTP "&name=x.pdf", "application/pdf", MINE,
				sizeof MINE - 1, &r),
			 404);
	tresp_free(&r);
	assert_unchanged(&s);
	/* signed out: 401 */
	testapp_cookies_clear(T);
	assert_int_equal(testapp_request(T, "GET", list, NULL, &r), 401);
	tresp_free(&r);

	/* staff with cert.case.read list and read, but do not upload */
	login("admin@demo.ujikom.id", PW);
	assert_int_equal(testapp_request(T, "GET", list, NULL, &r), 200);
	assert_true(json_array_size(json_object_get(r.json, "evidence")) >= 1);
	tresp_free(&r);
	assert_int_equal(testapp_request_bytes(T, "GET", path, NULL, 0, &r), 200);
	assert_int_equal(r.len, PDF_LEN);
	tresp_free(&r);
	assert_int_equal(upload("requirement=" REQ_KTP "&name=x.pdf", "application/pdf", MINE,
				sizeof MINE - 1, &r),
			 404);
	tresp_free(&r);
	assert_unchanged(&s);

	/* a blob that exists but is not this case's evidence is not served, hash or no hash */
	struct blob_info bi;
	static const char FOREIGN[] = "%PDF-1.4\n% berkas lain\n%%EOF\n";
	assert_int_equal(blob_put(&T->app, T->app.db, FOREIGN, sizeof FOREIGN - 1,
				  "application/pdf", 1700000000000, &bi),
			 ERR_OK);
	snprintf(other_sha, sizeof other_sha, "%s", bi.sha256);
	snprintf(path, sizeof path, "%s/%s", list, other_sha);
	assert_int_equal(testapp_request_bytes(T, "GET", path, NULL, 0, &r), 404);
	tresp_free(&r);
	login(ASESI, PW);
	assert_int_equal(testapp_request_bytes(T, "GET", path, NULL, 0, &r), 404);
	tresp_free(&r);
	/* malformed names */
	snprintf(path, sizeof path, "%s/%s", list, "..%2F..%2Fujikom.db");
	assert_int_equal(testapp_request_bytes(T, "GET", path, NULL, 0, &r), 404);
	tresp_free(&r);
	snprintf(path, sizeof path, "/api/cases/%lld/evidence/%s", (long long)case_id + 1000, sha);
	assert_int_equal(testapp_request_bytes(T, "GET", path, NULL, 0, &r), 404);
	tresp_free(&r);
}

static void test_names(void **state)
{
	(void)state;
	char out[BLOB_FILENAME_MAX + 1], longname[400];
	assert_int_equal(cert_evidence_name_make("KTP.PDF", "application/pdf", out, sizeof out), 0);
	assert_string_equal(out, "KTP.PDF");
	assert_int_equal(cert_evidence_name_make(NULL, "image/png", out, sizeof out), 0);
	assert_string_equal(out, "berkas.png");
	assert_int_equal(
	    cert_evidence_name_make("C:\\Users\\x\\foto", "image/jpeg", out, sizeof out), 0);
	assert_string_equal(out, "foto.jpg");
	assert_int_equal(cert_evidence_name_make("foto.png", "image/jpeg", out, sizeof out), -1);
	assert_int_equal(cert_evidence_name_make("surat.docx", "application/pdf", out, sizeof out),
			 -1);
	/* right-to-left override: "\u202Efdp.exe" shows as "exe.pdf" but ends in .exe */
	assert_int_equal(cert_evidence_name_make("ijazah\xe2\x80\xae"
						 "fdp.exe",
						 "application/pdf", out, sizeof out),
			 -1);
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_int_equal(cert_evidence_name_make(longname, "application/pdf", out, sizeof out), 0);
	assert_true(strlen(out) <= BLOB_FILENAME_MAX);
	assert_string_equal(out + strlen(out) - 4, ".pdf");
	char t[64];
	assert_string_equal(cert_evidence_limit_text(TWO_MB, t, sizeof t), "2 MB");
	assert_string_equal(cert_evidence_limit_text(1536 * 1024, t, sizeof t), "1536 KB");
	assert_string_equal(cert_evidence_types_text(CERT_EV_JPG | CERT_EV_PNG, t, sizeof t),
			    "JPG, PNG");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_upload_list_get),
	    cmocka_unit_test(test_type_by_content),
	    cmocka_unit_test(test_refusals_change_nothing),
	    cmocka_unit_test(test_stages),
	    cmocka_unit_test(test_visibility),
	    cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
