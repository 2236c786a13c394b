/* Evidence of a case: the rules an upload must meet (size limit and file types per scheme
 * requirement, display names that cannot disagree with the content, the stages that take
 * uploads) and the cert_evidence rows (see cert_evidence.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "blob.h"
#include "cert_evidence.h"
#include "db.h"
#include "json.h"
#include "muk/muk.h"

#define EXT_LEN_MAX 8 /* longest extension looked at (".jfif") */

struct ev_type {
	unsigned bit;
	const char *mime;
	const char *label;	 /* for messages */
	const char *short_name;	 /* as muk requirements name it */
	const char *const *exts; /* extensions that name this type, lowercase */
};

static const char *const pdf_exts[] = {"pdf", NULL};
static const char *const jpg_exts[] = {"jpg", "jpeg", "jpe", "jfif", NULL};
static const char *const png_exts[] = {"png", NULL};

static const struct ev_type ev_types[] = {
    {CERT_EV_PDF, "application/pdf", "PDF", "pdf", pdf_exts},
    {CERT_EV_JPG, "image/jpeg", "JPG", "jpg", jpg_exts},
    {CERT_EV_PNG, "image/png", "PNG", "png", png_exts},
};
#define NTYPES (sizeof ev_types / sizeof ev_types[0])

/* Extensions of other file types: a name ending in one of them contradicts the content. */
static const char *const other_exts[] = {
    "gif",  "webp", "bmp",  "tif", "tiff", "heic", "heif", "svg", "ico",  "doc", "docx", "xls",
    "xlsx", "ppt",  "pptx", "odt", "ods",  "odp",  "rtf",  "txt", "csv",  "htm", "html", "xml",
    "zip",  "rar",  "7z",   "gz",  "tar",  "exe",  "msi",  "dll", "bat",  "cmd", "com",	 "scr",
    "ps1",  "js",   "vbs",  "sh",  "apk",  "jar",  "mp4",  "mov", "webm", "mp3", "wav",	 NULL};

static const struct ev_type *type_by_mime(const char *mime)
{
	for (size_t i = 0; mime && i < NTYPES; i++)
		if (!strcmp(ev_types[i].mime, mime))
			return &ev_types[i];
	return NULL;
}

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return 1;
	return 0;
}

static const struct ev_type *type_by_ext(const char *ext)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (in_list(ev_types[i].exts, ext))
			return &ev_types[i];
	return NULL;
}

unsigned cert_evidence_type_bit(const char *content_type)
{
	const struct ev_type *t = type_by_mime(content_type);
	return t ? t->bit : 0;
}

const char *cert_evidence_types_text(unsigned types, char *buf, size_t n)
{
	size_t o = 0;
	if (n == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < NTYPES; i++) {
		if (!(types & ev_types[i].bit))
			continue;
		int w = snprintf(buf + o, n - o, "%s%s", o ? ", " : "", ev_types[i].label);
		if (w < 0 || (size_t)w >= n - o)
			break;
		o += (size_t)w;
	}
	return buf;
}

const char *cert_evidence_limit_text(int64_t bytes, char *buf, size_t n)
{
	const int64_t mib = 1024 * 1024;
	if (bytes > 0 && bytes % mib == 0)
		snprintf(buf, n, "%lld MB", (long long)(bytes / mib));
	else if (bytes > 0 && bytes % 1024 == 0)
		snprintf(buf, n, "%lld KB", (long long)(bytes / 1024));
	else
		snprintf(buf, n, "%lld byte", (long long)bytes);
	return buf;
}

/* The lowercase extension of a sanitised name into ext (empty when it has none that could name
 * a file type: no dot, a leading dot only, too long, not ASCII letters and digits). */
static void name_ext(const char *name, char ext[EXT_LEN_MAX + 1])
{
	const char *dot = strrchr(name, '.');
	size_t n;
	ext[0] = '\0';
	if (!dot || dot == name)
		return;
	n = strlen(dot + 1);
	if (n == 0 || n > EXT_LEN_MAX)
		return;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)dot[1 + i];
		if (!isalnum(c) || c >= 0x80)
			return;
	}
	for (size_t i = 0; i < n; i++)
		ext[i] = (char)tolower((unsigned char)dot[1 + i]);
	ext[n] = '\0';
}

int cert_evidence_name_make(const char *name, const char *content_type, char *out, size_t outsz)
{
	const struct ev_type *t = type_by_mime(content_type);
	char clean[BLOB_FILENAME_MAX + 1], ext[EXT_LEN_MAX + 1];
	size_t len;
	if (!t || outsz < BLOB_FILENAME_MAX + 1)
		return -1;
	blob_filename_sanitise(name, clean, sizeof clean);
	name_ext(clean, ext);
	if (ext[0] && in_list(t->exts, ext)) { /* already named for what it is */
		snprintf(out, outsz, "%s", clean);
		return 0;
	}
	if (ext[0] && (in_list(other_exts, ext) || type_by_ext(ext)))
		return -1; /* names another type: refuse rather than rename */
	/* no extension, or one that names no file type ("S.Kom"): append the content's, keeping
	 * room for it */
	len = blob_filename_sanitise(name, clean, BLOB_FILENAME_MAX - strlen(t->exts[0]));
	snprintf(out, outsz, "%.*s.%s", (int)len, clean, t->exts[0]);
	return 0;
}

int cert_evidence_state_ok(enum cert_state s, int with_requirement)
{
	if (with_requirement)
		return s == CS_APL01_DRAFT || s == CS_APL01_REVISION;
	return s == CS_SCHEDULED;
}

const char *cert_evidence_req_key(const json_t *requirement, size_t i, char *buf, size_t n)
{
	const char *ref = json_string_value(json_object_get(requirement, "ref"));
	if (ref && *ref)
		snprintf(buf, n, "%s", ref);
	else
		snprintf(buf, n, "%zu", i + 1);
	return buf;
}

/* The rule of one requirement object of muk_scheme_public_json. */
static void rule_from_requirement(const json_t *r, struct cert_evidence_rule *out)
{
	const json_t *types = json_object_get(r, "types"), *v;
	json_int_t max = json_integer_value(json_object_get(r, "max_bytes"));
	size_t i;
	out->max_bytes = max > 0 ? (int64_t)max : CERT_EVIDENCE_MAX_DEFAULT;
	out->types = 0;
	json_array_foreach(types, i, v)
	{
		const char *s = json_string_value(v);
		for (size_t k = 0; s && k < NTYPES; k++)
			if (!strcmp(s, ev_types[k].short_name))
				out->types |= ev_types[k].bit;
	}
	if (!out->types)
		out->types = CERT_EV_ALL;
}

enum err cert_evidence_rule_for(struct db *db, int64_t skema_id, const char *key,
				struct cert_evidence_rule *out)
{
	json_t *scheme, *r;
	enum err e = ERR_NOT_FOUND;
	size_t i;
	out->max_bytes = CERT_EVIDENCE_MAX_DEFAULT;
	out->types = CERT_EV_ALL;
	if (!key)
		return ERR_OK;
	scheme = muk_scheme_public_json(db, skema_id);
	json_array_foreach(json_object_get(scheme, "requirements"), i, r)
	{
		char k[64];
		if (strcmp(cert_evidence_req_key(r, i, k, sizeof k), key) != 0)
			continue;
		rule_from_requirement(r, out);
		e = ERR_OK;
		break;
	}
	json_decref(scheme);
	return e;
}

/* --- rows --- */

#define EV_COLS                                                                                    \
	"id, case_id, requirement_key, blob_sha256, filename, content_type, size, uploaded_by,"    \
	" created_at, purged_at"

static void ev_from_row(struct db_stmt *st, struct arena *a, struct cert_evidence *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->id = db_col_int(st, 0);
	ev->case_id = db_col_int(st, 1);
	ev->requirement_key = db_col_dup(st, 2, a);
	snprintf(ev->sha256, sizeof ev->sha256, "%s", db_col_text(st, 3) ? db_col_text(st, 3) : "");
	ev->filename = db_col_dup(st, 4, a);
	ev->content_type = db_col_dup(st, 5, a);
	ev->size = db_col_int(st, 6);
	ev->uploaded_by = db_col_int(st, 7);
	ev->created_at = db_col_int(st, 8);
	ev->purged_at = db_col_int(st, 9);
}

/* Steps st once into out: ERR_OK for a row, ERR_NOT_FOUND, ERR_DB; finishes st. */
static enum err ev_one(struct db_stmt *st, struct arena *a, struct cert_evidence *out)
{
	enum err e = ERR_NOT_FOUND;
	if (!st)
		return ERR_DB;
	switch (db_step(st)) {
	case DB_ROW:
		ev_from_row(st, a, out);
		e = ERR_OK;
		break;
	case DB_DONE:
		break;
	case DB_FAIL:
		e = ERR_DB;
		break;
	}
	db_done(st);
	return e;
}

enum err cert_evidence_owned(struct db *db, int64_t case_id, const char *sha256, int *yes)
{
	int64_t n = 0;
	enum err e;
	*yes = 0;
	if (!sha256 || !blob_sha256_valid(sha256))
		return ERR_OK;
	e = db_get_int(db, &n,
		       "SELECT count(*) FROM cert_evidence WHERE case_id = ? AND blob_sha256 = ?",
		       "it", case_id, sha256);
	*yes = n > 0;
	return e;
}

enum err cert_evidence_insert(struct db *db, const struct cert_evidence *ev, int64_t *id)
{
	enum err e = db_run(db, NULL,
			    "INSERT INTO cert_evidence (case_id, requirement_key, blob_sha256,"
			    " filename, content_type, size, uploaded_by, created_at)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			    "itttti"
			    "ii",
			    ev->case_id, ev->requirement_key, ev->sha256, ev->filename,
			    ev->content_type, ev->size, ev->uploaded_by, ev->created_at);
	if (e == ERR_OK)
		*id = db_last_insert_id(db);
	return e;
}

enum err cert_evidence_find(struct db *db, struct arena *a, int64_t case_id, const char *key,
			    const char *sha256, struct cert_evidence *out)
{
	return ev_one(db_query(db,
			       "SELECT " EV_COLS " FROM cert_evidence WHERE case_id = ?"
			       " AND blob_sha256 = ? AND (requirement_key = ?"
			       " OR (requirement_key IS NULL AND ? IS NULL)) ORDER BY id LIMIT 1",
			       "ittt", case_id, sha256, key, key),
		      a, out);
}

enum err cert_evidence_get(struct db *db, struct arena *a, int64_t case_id, const char *sha256,
			   struct cert_evidence *out)
{
	return ev_one(db_query(db,
			       "SELECT " EV_COLS " FROM cert_evidence WHERE case_id = ?"
			       " AND blob_sha256 = ? ORDER BY id DESC LIMIT 1",
			       "it", case_id, sha256),
		      a, out);
}

json_t *cert_evidence_json(const struct cert_evidence *ev)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:o, s:I, s:o}", "id", (json_int_t)ev->id,
			      "sha256", ev->sha256, "filename", ev->filename, "content_type",
			      ev->content_type, "size", (json_int_t)ev->size, "requirement",
			      json_str_or_null(ev->requirement_key), "uploaded_by",
			      (json_int_t)ev->uploaded_by, "created_at", json_time(ev->created_at));
	if (ev->purged_at)
		json_object_set_new(o, "purged_at", json_time(ev->purged_at));
	return o;
}

json_t *cert_evidence_list_json(struct db *db, int64_t case_id)
{
	struct arena *a = arena_new();
	json_t *arr = json_array();
	struct db_stmt *st =
	    db_query(db, "SELECT " EV_COLS " FROM cert_evidence WHERE case_id = ? ORDER BY id", "i",
		     case_id);
	if (!st) {
		json_decref(arr);
		arr = NULL;
		goto out;
	}
	for (;;) {
		struct cert_evidence ev;
		enum db_step s = db_step(st);
		if (s == DB_DONE)
			break;
		if (s == DB_FAIL) {
			json_decref(arr);
			arr = NULL;
			break;
		}
		ev_from_row(st, a, &ev);
		json_array_append_new(arr, cert_evidence_json(&ev));
	}
	db_done(st);
out:
	arena_free(&a);
	return arr;
}

size_t cert_evidence_cases_kept(struct db *db, int64_t after, int64_t *ids, size_t max)
{
	size_t n = 0;
	struct db_stmt *st =
	    db_query(db,
		     "SELECT DISTINCT case_id FROM cert_evidence WHERE purged_at IS NULL"
		     " AND case_id > ? ORDER BY case_id LIMIT ?",
		     "ii", after, (int64_t)max);
	while (st && n < max && db_step(st) == DB_ROW)
		ids[n++] = db_col_int(st, 0);
	db_done(st);
	return n;
}

enum err cert_evidence_purge_case(struct db *db, int64_t case_id, int64_t now_ms,
				  json_t *blobs_to_remove, int64_t *count, int64_t *bytes)
{
	struct db_stmt *st =
	    db_query(db,
		     "SELECT DISTINCT blob_sha256 FROM cert_evidence WHERE case_id = ?"
		     " AND purged_at IS NULL",
		     "i", case_id);
	json_t *shas = json_array();
	while (st && db_step(st) == DB_ROW)
		json_array_append_new(shas, json_string(db_col_text(st, 0)));
	db_done(st);
	enum err e = db_get_int(
	    db, count, "SELECT count(*) FROM cert_evidence WHERE case_id = ? AND purged_at IS NULL",
	    "i", case_id);
	if (e == ERR_OK)
		e = db_get_int(db, bytes,
			       "SELECT COALESCE(sum(size), 0) FROM cert_evidence WHERE case_id = ?"
			       " AND purged_at IS NULL",
			       "i", case_id);
	if (e == ERR_OK)
		e = db_run(db, NULL,
			   "UPDATE cert_evidence SET purged_at = ? WHERE case_id = ?"
			   " AND purged_at IS NULL",
			   "ii", now_ms, case_id);
	size_t i;
	json_t *v;
	json_array_foreach(shas, i, v)
	{
		int64_t others = 0;
		if (e != ERR_OK)
			break;
		/* a file another case still keeps stays */
		e = db_get_int(db, &others,
			       "SELECT count(*) FROM cert_evidence WHERE blob_sha256 = ?"
			       " AND purged_at IS NULL",
			       "t", json_string_value(v));
		if (e == ERR_OK && others == 0) {
			e = blob_purge_mark(db, json_string_value(v), now_ms);
			if (e == ERR_OK)
				json_array_append(blobs_to_remove, v);
			else if (e == ERR_NOT_FOUND)
				e = ERR_OK;
		}
	}
	json_decref(shas);
	return e;
}
