/* All SQL of the muk module: schemes, requirements, the unit tree, MUK versions and their FR.VA
 * and FR.IA.11 records. Every change appends its ledger entry (ids and hashes only) in the
 * caller's transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "json.h"
#include "ledger.h"
#include "log.h"
#include "muk_internal.h"
#include "util.h"

static const char *const ft_names[3] = {"pdf", "jpg", "png"};

/* Appends a ledger entry for object type/id; payload is stolen (may be NULL). */
static enum err ledger(struct db *db, int64_t actor, const char *action, const char *type,
		       int64_t id, json_t *payload, int64_t now_ms)
{
	char sid[32];
	enum err e;

	snprintf(sid, sizeof sid, "%lld", (long long)id);
	e = ledger_append(db, actor, action, type, sid, payload, now_ms, NULL);
	json_decref(payload);
	return e;
}

/* Grows an arena array to hold n + 1 elements of size bytes. */
static void *grow(struct arena *a, void *old, size_t n, size_t *cap, size_t size)
{
	void *p;

	if (n < *cap)
		return old;
	*cap = *cap ? *cap * 2 : 8;
	p = arena_zalloc(a, *cap * size);
	if (old)
		memcpy(p, old, n * size);
	return p;
}

static void json_decref_cb(void *p)
{
	json_decref(p);
}

/* Parses stored JSON text into an arena-owned tree; NULL (logged) when it is not JSON. */
static json_t *stored_json(struct arena *a, const char *text)
{
	json_error_t jerr;
	json_t *v = text ? json_loads(text, 0, &jerr) : NULL;

	if (!v) {
		log_error("muk: stored JSON does not parse: %s", text ? jerr.text : "NULL");
		return NULL;
	}
	arena_defer(a, json_decref_cb, v);
	return v;
}

static void types_text(unsigned t, char *out, size_t n)
{
	size_t o = 0;

	out[0] = '\0';
	for (int i = 0; i < 3; i++)
		if (t & (1u << i))
			o += (size_t)snprintf(out + o, n - o, "%s%s", o ? " " : "", ft_names[i]);
}

static unsigned types_parse(const char *s)
{
	unsigned t = 0;

	for (int i = 0; s && i < 3; i++)
		if (strstr(s, ft_names[i]))
			t |= 1u << i;
	return t;
}

/* --- schemes --- */

/* Writes the scheme's requirements: positions below old_count are updated in place (their ids
 * stay), further ones inserted, surplus old ones deleted. */
static enum err reqs_write(struct db *db, int64_t scheme_id, const struct muk_scheme *s,
			   int64_t old_count)
{
	enum err e = ERR_OK;

	for (size_t i = 0; e == ERR_OK && i < s->nreqs; i++) {
		const struct muk_req *q = &s->reqs[i];
		char types[16];

		types_text(q->types, types, sizeof types);
		if ((int64_t)i < old_count)
			e = db_run(db, NULL,
				   "UPDATE muk_requirements SET ref = ?, text = ?, evidence = ?,"
				   " applies_to = ?, max_bytes = ?, types = ?"
				   " WHERE scheme_id = ? AND seq = ?",
				   "ttttitid", q->ref, q->text, q->evidence,
				   muk_applies_names[q->applies_to], q->max_bytes, types, scheme_id,
				   (int)i + 1);
		else
			e = db_run(
			    db, NULL,
			    "INSERT INTO muk_requirements (scheme_id, seq, ref, text, evidence,"
			    " applies_to, max_bytes, types) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			    "idttttit", scheme_id, (int)i + 1, q->ref, q->text, q->evidence,
			    muk_applies_names[q->applies_to], q->max_bytes, types);
	}
	if (e == ERR_OK && old_count > (int64_t)s->nreqs)
		e = db_run(db, NULL, "DELETE FROM muk_requirements WHERE scheme_id = ? AND seq > ?",
			   "ii", scheme_id, (int64_t)s->nreqs);
	return e;
}

static enum err units_write(struct db *db, int64_t scheme_id, const struct muk_unit *units,
			    size_t n)
{
	enum err e = ERR_OK;

	for (size_t i = 0; e == ERR_OK && i < n; i++) {
		int64_t uid;

		e = db_run(
		    db, NULL,
		    "INSERT INTO muk_units (scheme_id, seq, code, title) VALUES (?, ?, ?, ?)",
		    "idtt", scheme_id, (int)i + 1, units[i].code, units[i].title);
		uid = db_last_insert_id(db);
		for (size_t k = 0; e == ERR_OK && k < units[i].nel; k++) {
			const struct muk_element *el = &units[i].el[k];
			int64_t eid;

			e = db_run(
			    db, NULL,
			    "INSERT INTO muk_elements (unit_id, seq, title) VALUES (?, ?, ?)",
			    "idt", uid, (int)k + 1, el->title);
			eid = db_last_insert_id(db);
			for (size_t j = 0; e == ERR_OK && j < el->nkuk; j++)
				e = db_run(db, NULL,
					   "INSERT INTO muk_kuk (element_id, seq, text)"
					   " VALUES (?, ?, ?)",
					   "idt", eid, (int)j + 1, el->kuk[j]);
		}
	}
	return e;
}

static enum err units_delete(struct db *db, int64_t scheme_id)
{
	enum err e;

	e = db_run(db, NULL,
		   "DELETE FROM muk_kuk WHERE element_id IN (SELECT e.id FROM muk_elements e"
		   " JOIN muk_units u ON u.id = e.unit_id WHERE u.scheme_id = ?)",
		   "i", scheme_id);
	if (e == ERR_OK)
		e = db_run(db, NULL,
			   "DELETE FROM muk_elements WHERE unit_id IN"
			   " (SELECT id FROM muk_units WHERE scheme_id = ?)",
			   "i", scheme_id);
	if (e == ERR_OK)
		e = db_run(db, NULL, "DELETE FROM muk_units WHERE scheme_id = ?", "i", scheme_id);
	return e;
}

/* The scheme's canonical JSON hash, for ledger payloads. */
static json_t *scheme_payload(const struct muk_scheme *s)
{
	json_t *j = muk_scheme_to_json(s, 0);
	char sha[65];

	muk_json_sha256(j, sha);
	json_decref(j);
	return json_pack("{s:s}", "skema_sha256", sha);
}

enum err muk_store_scheme_insert(struct db *db, int64_t actor, const struct muk_scheme *s,
				 int64_t now_ms, int64_t *id_out)
{
	int64_t id;
	enum err e;

	e = db_run(db, NULL,
		   "INSERT INTO muk_schemes (code, number, title, kind, kkni_level, fee_idr,"
		   " validity_months, appeal_days, remote_approved, remote_approval_no,"
		   " remote_approval_date, paperless_approved, paperless_approval_no,"
		   " paperless_approval_date, active, created_by, created_at, updated_at)"
		   " VALUES (?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		   "ttttdiiidttdttdiii", s->code, s->number, s->title, muk_kind_names[s->kind],
		   s->kkni_level, s->fee_idr, s->validity_months, s->appeal_days,
		   s->remote.approved, s->remote.approved ? s->remote.number : NULL,
		   s->remote.approved ? s->remote.date : NULL, s->paperless.approved,
		   s->paperless.approved ? s->paperless.number : NULL,
		   s->paperless.approved ? s->paperless.date : NULL, s->active ? 1 : 0, actor,
		   now_ms, now_ms);
	if (e != ERR_OK)
		return e;
	id = db_last_insert_id(db);
	e = reqs_write(db, id, s, 0);
	if (e == ERR_OK)
		e = units_write(db, id, s->units, s->nunits);
	if (e == ERR_OK)
		e = ledger(db, actor, "muk.skema.create", "skema", id, scheme_payload(s), now_ms);
	if (e == ERR_OK && id_out)
		*id_out = id;
	return e;
}

enum err muk_store_scheme_update(struct db *db, int64_t actor, int64_t id,
				 const struct muk_scheme *s, int64_t now_ms)
{
	int64_t changes = 0, old = 0;
	enum err e;

	e = db_run(
	    db, &changes,
	    "UPDATE muk_schemes SET code = ?, number = ?, title = ?, kind = ?,"
	    " kkni_level = NULLIF(?, 0), fee_idr = ?, validity_months = ?, appeal_days = ?,"
	    " remote_approved = ?, remote_approval_no = ?, remote_approval_date = ?,"
	    " paperless_approved = ?, paperless_approval_no = ?, paperless_approval_date = ?,"
	    " active = ?, updated_at = ? WHERE id = ?",
	    "ttttdiiidttdttdii", s->code, s->number, s->title, muk_kind_names[s->kind],
	    s->kkni_level, s->fee_idr, s->validity_months, s->appeal_days, s->remote.approved,
	    s->remote.approved ? s->remote.number : NULL,
	    s->remote.approved ? s->remote.date : NULL, s->paperless.approved,
	    s->paperless.approved ? s->paperless.number : NULL,
	    s->paperless.approved ? s->paperless.date : NULL, s->active ? 1 : 0, now_ms, id);
	if (e == ERR_OK && changes == 0)
		e = ERR_NOT_FOUND;
	if (e == ERR_OK)
		e = db_get_int(
		    db, &old, "SELECT count(*) FROM muk_requirements WHERE scheme_id = ?", "i", id);
	if (e == ERR_OK)
		e = reqs_write(db, id, s, old);
	if (e == ERR_OK)
		e = ledger(db, actor, "muk.skema.update", "skema", id, scheme_payload(s), now_ms);
	return e;
}

enum err muk_store_units_replace(struct db *db, int64_t actor, int64_t scheme_id,
				 const struct muk_unit *units, size_t nunits, int64_t now_ms)
{
	struct muk_scheme tmp = {.units = (struct muk_unit *)units, .nunits = nunits};
	json_t *j;
	char sha[65];
	enum err e;

	e = units_delete(db, scheme_id);
	if (e == ERR_OK)
		e = units_write(db, scheme_id, units, nunits);
	if (e == ERR_OK)
		e = db_run(db, NULL, "UPDATE muk_schemes SET updated_at = ? WHERE id = ?", "ii",
			   now_ms, scheme_id);
	if (e != ERR_OK)
		return e;
	/* Hash of the tree alone: the units member of the scheme JSON. */
	tmp.code = tmp.number = tmp.title = "";
	j = muk_scheme_to_json(&tmp, 0);
	muk_json_sha256(json_object_get(j, "units"), sha);
	json_decref(j);
	return ledger(db, actor, "muk.units.replace", "skema", scheme_id,
		      json_pack("{s:s, s:I}", "units_sha256", sha, "units", (json_int_t)nunits),
		      now_ms);
}

#define SCHEME_COLS                                                                                \
	"id, code, number, title, kind, kkni_level, fee_idr, validity_months, appeal_days,"        \
	" remote_approved, remote_approval_no, remote_approval_date, paperless_approved,"          \
	" paperless_approval_no, paperless_approval_date, active, created_at, updated_at"

static void scheme_row(struct db_stmt *st, struct arena *a, struct muk_scheme *s)
{
	const char *kind = db_col_text(st, 4);

	memset(s, 0, sizeof *s);
	s->id = db_col_int(st, 0);
	s->code = db_col_dup(st, 1, a);
	s->number = db_col_dup(st, 2, a);
	s->title = db_col_dup(st, 3, a);
	for (int k = 0; k < 3; k++)
		if (kind && strcmp(kind, muk_kind_names[k]) == 0)
			s->kind = k;
	s->kkni_level = (int)db_col_int(st, 5);
	s->fee_idr = db_col_int(st, 6);
	s->validity_months = db_col_int(st, 7);
	s->appeal_days = db_col_int(st, 8);
	s->remote.approved = (int)db_col_int(st, 9);
	s->remote.number = db_col_dup(st, 10, a);
	s->remote.date = db_col_dup(st, 11, a);
	s->paperless.approved = (int)db_col_int(st, 12);
	s->paperless.number = db_col_dup(st, 13, a);
	s->paperless.date = db_col_dup(st, 14, a);
	s->active = (int)db_col_int(st, 15);
	s->created_at = db_col_int(st, 16);
	s->updated_at = db_col_int(st, 17);
}

static enum err reqs_load(struct db *db, struct arena *a, struct muk_scheme *s)
{
	struct db_stmt *st;
	enum db_step r;
	size_t cap = 0;

	st = db_query(db,
		      "SELECT ref, text, evidence, applies_to, max_bytes, types"
		      " FROM muk_requirements WHERE scheme_id = ? ORDER BY seq",
		      "i", s->id);
	if (!st)
		return ERR_DB;
	while ((r = db_step(st)) == DB_ROW) {
		struct muk_req *q;
		const char *ap = db_col_text(st, 3);

		s->reqs = grow(a, s->reqs, s->nreqs, &cap, sizeof *s->reqs);
		q = &s->reqs[s->nreqs++];
		q->ref = db_col_dup(st, 0, a);
		q->text = db_col_dup(st, 1, a);
		q->evidence = db_col_dup(st, 2, a);
		for (int k = 0; k < 3; k++)
			if (ap && strcmp(ap, muk_applies_names[k]) == 0)
				q->applies_to = k;
		q->max_bytes = db_col_int(st, 4);
		q->types = types_parse(db_col_text(st, 5));
	}
	db_done(st);
	return r == DB_FAIL ? ERR_DB : ERR_OK;
}

/* Ids of the loaded tree, to attach elements and KUK to their parents. */
struct tree_ids {
	int64_t *unit;	 /* per unit */
	int64_t **el;	 /* per unit, per element */
	size_t *el_cap;	 /* per unit */
	size_t *kuk_cap; /* flattened per element, indexed by el_base[u] + k */
	size_t *el_base; /* per unit */
};

static enum err tree_load(struct db *db, struct arena *a, struct muk_scheme *s)
{
	struct tree_ids t = {0};
	struct db_stmt *st;
	enum db_step r;
	size_t cap = 0, nel = 0, cu, ck;

	st = db_query(db, "SELECT id, code, title FROM muk_units WHERE scheme_id = ? ORDER BY seq",
		      "i", s->id);
	if (!st)
		return ERR_DB;
	t.unit = arena_zalloc(a, MUK_UNITS_MAX * sizeof *t.unit);
	while ((r = db_step(st)) == DB_ROW && s->nunits < MUK_UNITS_MAX) {
		s->units = grow(a, s->units, s->nunits, &cap, sizeof *s->units);
		t.unit[s->nunits] = db_col_int(st, 0);
		s->units[s->nunits].code = db_col_dup(st, 1, a);
		s->units[s->nunits].title = db_col_dup(st, 2, a);
		s->nunits++;
	}
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	if (s->nunits == 0)
		return ERR_OK;
	t.el = arena_zalloc(a, s->nunits * sizeof *t.el);
	t.el_cap = arena_zalloc(a, s->nunits * sizeof *t.el_cap);
	st = db_query(db,
		      "SELECT e.unit_id, e.id, e.title FROM muk_elements e"
		      " JOIN muk_units u ON u.id = e.unit_id WHERE u.scheme_id = ?"
		      " ORDER BY u.seq, e.seq",
		      "i", s->id);
	if (!st)
		return ERR_DB;
	while ((r = db_step(st)) == DB_ROW) {
		int64_t uid = db_col_int(st, 0);
		size_t u = 0, cap_el;
		struct muk_unit *un;

		while (u < s->nunits && t.unit[u] != uid)
			u++;
		if (u == s->nunits)
			continue;
		un = &s->units[u];
		cap_el = t.el_cap[u];
		un->el = grow(a, un->el, un->nel, &t.el_cap[u], sizeof *un->el);
		t.el[u] = grow(a, t.el[u], un->nel, &cap_el, sizeof *t.el[u]);
		t.el[u][un->nel] = db_col_int(st, 1);
		un->el[un->nel++].title = db_col_dup(st, 2, a);
		nel++;
	}
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	t.el_base = arena_zalloc(a, s->nunits * sizeof *t.el_base);
	for (size_t u = 1; u < s->nunits; u++)
		t.el_base[u] = t.el_base[u - 1] + s->units[u - 1].nel;
	t.kuk_cap = arena_zalloc(a, (nel + 1) * sizeof *t.kuk_cap);
	st = db_query(db,
		      "SELECT k.element_id, k.text FROM muk_kuk k"
		      " JOIN muk_elements e ON e.id = k.element_id"
		      " JOIN muk_units u ON u.id = e.unit_id WHERE u.scheme_id = ?"
		      " ORDER BY u.seq, e.seq, k.seq",
		      "i", s->id);
	if (!st)
		return ERR_DB;
	/* Rows come in tree order: a cursor over (unit, element) finds each parent. */
	cu = 0;
	ck = 0;
	while ((r = db_step(st)) == DB_ROW) {
		int64_t eid = db_col_int(st, 0);
		size_t tries = 0;
		struct muk_element *el;

		while (tries++ <= nel &&
		       (cu >= s->nunits || ck >= s->units[cu].nel || t.el[cu][ck] != eid)) {
			if (cu < s->nunits && ck + 1 < s->units[cu].nel) {
				ck++;
			} else {
				cu = cu + 1 < s->nunits ? cu + 1 : 0;
				ck = 0;
			}
		}
		if (cu >= s->nunits || ck >= s->units[cu].nel || t.el[cu][ck] != eid)
			continue; /* an orphan row: cannot happen with the foreign keys */
		el = &s->units[cu].el[ck];
		el->kuk =
		    grow(a, el->kuk, el->nkuk, &t.kuk_cap[t.el_base[cu] + ck], sizeof *el->kuk);
		el->kuk[el->nkuk++] = db_col_dup(st, 1, a);
	}
	db_done(st);
	return r == DB_FAIL ? ERR_DB : ERR_OK;
}

enum err muk_store_scheme_load(struct db *db, struct arena *a, int64_t id, struct muk_scheme **out)
{
	struct muk_scheme *s = arena_zalloc(a, sizeof *s);
	struct db_stmt *st;
	enum db_step r;
	int64_t one = 0;
	enum err e;

	st = db_query(db, "SELECT " SCHEME_COLS " FROM muk_schemes WHERE id = ?", "i", id);
	if (!st)
		return ERR_DB;
	r = db_step(st);
	if (r == DB_ROW)
		scheme_row(st, a, s);
	db_done(st);
	if (r != DB_ROW)
		return r == DB_FAIL ? ERR_DB : ERR_NOT_FOUND;
	e = reqs_load(db, a, s);
	if (e == ERR_OK)
		e = tree_load(db, a, s);
	if (e == ERR_OK) {
		e = db_get_int(db, &one,
			       "SELECT 1 FROM muk_versions WHERE scheme_id = ?"
			       " AND status = 'validated' LIMIT 1",
			       "i", id);
		s->frozen = e == ERR_OK;
		if (e == ERR_NOT_FOUND)
			e = ERR_OK;
	}
	if (e == ERR_OK)
		*out = s;
	return e;
}

enum err muk_store_scheme_list(struct db *db, struct arena *a, int all, struct muk_scheme **out,
			       size_t *n)
{
	struct db_stmt *st;
	enum db_step r;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	st = db_query(db,
		      all ? "SELECT " SCHEME_COLS " FROM muk_schemes ORDER BY number"
			  : "SELECT " SCHEME_COLS
			    " FROM muk_schemes WHERE active = 1 ORDER BY number",
		      "");
	if (!st)
		return ERR_DB;
	while ((r = db_step(st)) == DB_ROW) {
		*out = grow(a, *out, *n, &cap, sizeof **out);
		scheme_row(st, a, &(*out)[(*n)++]);
	}
	db_done(st);
	return r == DB_FAIL ? ERR_DB : ERR_OK;
}

enum err muk_store_scheme_taken(struct db *db, const char *code, const char *number,
				int64_t except_id, const char **field)
{
	int64_t one = 0;
	enum err e;

	*field = NULL;
	e = db_get_int(db, &one, "SELECT 1 FROM muk_schemes WHERE number = ? AND id <> ?", "ti",
		       number, except_id);
	if (e == ERR_OK) {
		*field = "number";
		return ERR_OK;
	}
	if (e != ERR_NOT_FOUND)
		return e;
	e = db_get_int(db, &one, "SELECT 1 FROM muk_schemes WHERE code = ? AND id <> ?", "ti", code,
		       except_id);
	if (e == ERR_OK)
		*field = "code";
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}

/* --- versions --- */

enum err muk_store_version_insert(struct db *db, int64_t actor, int64_t scheme_id, int64_t prev_id,
				  int64_t version_no, const json_t *content, int64_t now_ms,
				  int64_t *id_out, int64_t *version_out)
{
	size_t len = 0;
	char *text = json_canonical(content, &len), sha[65];
	int64_t no = version_no, id;
	enum err e = ERR_OK;

	util_sha256_hex(text, len, sha);
	if (no == 0)
		e = db_get_int(db, &no,
			       "SELECT COALESCE(MAX(version), 0) + 1 FROM muk_versions"
			       " WHERE scheme_id = ?",
			       "i", scheme_id);
	if (e == ERR_OK)
		e = db_run(db, NULL,
			   "INSERT INTO muk_versions (scheme_id, version, prev_id, status, used,"
			   " content, content_sha256, created_by, created_at, updated_at)"
			   " VALUES (?, ?, NULLIF(?, 0), 'draft', 0, ?, ?, ?, ?, ?)",
			   "iiittiii", scheme_id, no, prev_id, text, sha, actor, now_ms, now_ms);
	free(text);
	if (e != ERR_OK)
		return e;
	id = db_last_insert_id(db);
	e = ledger(db, actor, "muk.version.create", "muk_version", id,
		   json_pack("{s:I, s:I, s:I, s:s}", "skema_id", (json_int_t)scheme_id, "version",
			     (json_int_t)no, "prev_id", (json_int_t)prev_id, "content_sha256", sha),
		   now_ms);
	if (e == ERR_OK) {
		*id_out = id;
		if (version_out)
			*version_out = no;
	}
	return e;
}

enum err muk_store_version_update(struct db *db, int64_t actor, int64_t id, const json_t *content,
				  int64_t now_ms)
{
	size_t len = 0;
	char *text = json_canonical(content, &len), sha[65];
	int64_t changes = 0;
	enum err e;

	util_sha256_hex(text, len, sha);
	/* The WHERE clause is the immutability rule: never a validated or used version. */
	e = db_run(db, &changes,
		   "UPDATE muk_versions SET content = ?, content_sha256 = ?, updated_at = ?"
		   " WHERE id = ? AND status = 'draft' AND used = 0",
		   "ttii", text, sha, now_ms, id);
	free(text);
	if (e == ERR_OK && changes == 0)
		e = ERR_CONFLICT;
	if (e == ERR_OK)
		e = ledger(db, actor, "muk.version.update", "muk_version", id,
			   json_pack("{s:s}", "content_sha256", sha), now_ms);
	return e;
}

static enum err records_load(struct db *db, struct arena *a, int64_t id, int reviews,
			     struct muk_rec **out, size_t *n)
{
	struct db_stmt *st;
	enum db_step r;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	st = db_query(db,
		      reviews ? "SELECT id, content_sha256, all_ya, doc, reviewed_by, reviewed_at"
				" FROM muk_reviews WHERE version_id = ? ORDER BY id"
			      : "SELECT id, content_sha256, 0, doc, recorded_by, recorded_at"
				" FROM muk_validations WHERE version_id = ? ORDER BY id",
		      "i", id);
	if (!st)
		return ERR_DB;
	while ((r = db_step(st)) == DB_ROW) {
		struct muk_rec *rec;

		*out = grow(a, *out, *n, &cap, sizeof **out);
		rec = &(*out)[(*n)++];
		rec->id = db_col_int(st, 0);
		rec->sha = db_col_dup(st, 1, a);
		rec->all_ya = (int)db_col_int(st, 2);
		rec->doc = stored_json(a, db_col_text(st, 3));
		rec->by = db_col_int(st, 4);
		rec->at = db_col_int(st, 5);
		if (!rec->doc)
			break;
	}
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	return *n && !(*out)[*n - 1].doc ? ERR_INTERNAL : ERR_OK;
}

enum err muk_store_version_load(struct db *db, struct arena *a, int64_t id, int with_content,
				int with_records, struct muk_vrow *v)
{
	struct db_stmt *st;
	enum db_step r;
	enum err e = ERR_OK;

	memset(v, 0, sizeof *v);
	st = db_query(db,
		      "SELECT v.id, v.scheme_id, v.version, v.prev_id, p.version, v.status, v.used,"
		      " v.content_sha256, v.created_by, v.created_at, v.updated_at, v.validated_by,"
		      " v.validated_at, v.used_at, v.content FROM muk_versions v"
		      " LEFT JOIN muk_versions p ON p.id = v.prev_id WHERE v.id = ?",
		      "i", id);
	if (!st)
		return ERR_DB;
	r = db_step(st);
	if (r == DB_ROW) {
		const char *status = db_col_text(st, 5);

		v->id = db_col_int(st, 0);
		v->scheme_id = db_col_int(st, 1);
		v->version = db_col_int(st, 2);
		v->prev_id = db_col_int(st, 3);
		v->prev_version = db_col_int(st, 4);
		v->validated = status && strcmp(status, "validated") == 0;
		v->used = (int)db_col_int(st, 6);
		v->sha = db_col_dup(st, 7, a);
		v->created_by = db_col_int(st, 8);
		v->created_at = db_col_int(st, 9);
		v->updated_at = db_col_int(st, 10);
		v->validated_by = db_col_int(st, 11);
		v->validated_at = db_col_int(st, 12);
		v->used_at = db_col_int(st, 13);
		if (with_content && !(v->content = stored_json(a, db_col_text(st, 14))))
			e = ERR_INTERNAL;
	}
	db_done(st);
	if (r != DB_ROW)
		return r == DB_FAIL ? ERR_DB : ERR_NOT_FOUND;
	if (e == ERR_OK && with_records)
		e = records_load(db, a, id, 0, &v->vas, &v->nvas);
	if (e == ERR_OK && with_records)
		e = records_load(db, a, id, 1, &v->reviews, &v->nreviews);
	return e;
}

enum err muk_store_version_list(struct db *db, struct arena *a, int64_t scheme_id, int with_content,
				int with_records, struct muk_vrow **out, size_t *n)
{
	struct db_stmt *st;
	enum db_step r;
	int64_t *ids = NULL;
	size_t cap = 0, count = 0;
	enum err e = ERR_OK;

	*out = NULL;
	*n = 0;
	st = db_query(db, "SELECT id FROM muk_versions WHERE scheme_id = ? ORDER BY version", "i",
		      scheme_id);
	if (!st)
		return ERR_DB;
	while ((r = db_step(st)) == DB_ROW) {
		ids = grow(a, ids, count, &cap, sizeof *ids);
		ids[count++] = db_col_int(st, 0);
	}
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	*out = arena_zalloc(a, (count + 1) * sizeof **out);
	for (size_t i = 0; e == ERR_OK && i < count; i++)
		e = muk_store_version_load(db, a, ids[i], with_content, with_records, &(*out)[i]);
	if (e == ERR_OK)
		*n = count;
	return e;
}

enum err muk_store_va_insert(struct db *db, int64_t actor, int64_t version_id, const char *sha,
			     const struct muk_va *va, int64_t now_ms, int64_t *id_out)
{
	size_t len = 0;
	char *text = json_canonical(va->doc, &len), doc_sha[65];
	int64_t id;
	enum err e;

	util_sha256_hex(text, len, doc_sha);
	e = db_run(db, NULL,
		   "INSERT INTO muk_validations (version_id, content_sha256, period, va_date, doc,"
		   " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		   "ittttii", version_id, sha, muk_period_names[va->period], va->date, text, actor,
		   now_ms);
	free(text);
	if (e != ERR_OK)
		return e;
	id = db_last_insert_id(db);
	e = ledger(db, actor, "muk.validation.record", "muk_version", version_id,
		   json_pack("{s:I, s:s, s:s}", "validation_id", (json_int_t)id, "content_sha256",
			     sha, "doc_sha256", doc_sha),
		   now_ms);
	if (e == ERR_OK && id_out)
		*id_out = id;
	return e;
}

enum err muk_store_review_insert(struct db *db, int64_t actor, int64_t version_id, const char *sha,
				 const struct muk_ia11 *rv, int64_t now_ms, int64_t *id_out)
{
	size_t len = 0;
	char *text = json_canonical(rv->doc, &len), doc_sha[65];
	int64_t id;
	enum err e;

	util_sha256_hex(text, len, doc_sha);
	e = db_run(db, NULL,
		   "INSERT INTO muk_reviews (version_id, content_sha256, all_ya, review_date, doc,"
		   " reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		   "itdttii", version_id, sha, rv->all_ya ? 1 : 0, rv->date, text, actor, now_ms);
	free(text);
	if (e != ERR_OK)
		return e;
	id = db_last_insert_id(db);
	e = ledger(db, actor, "muk.review.record", "muk_version", version_id,
		   json_pack("{s:I, s:s, s:s, s:b}", "review_id", (json_int_t)id, "content_sha256",
			     sha, "doc_sha256", doc_sha, "all_ya", rv->all_ya),
		   now_ms);
	if (e == ERR_OK && id_out)
		*id_out = id;
	return e;
}

enum err muk_store_version_validate(struct db *db, int64_t actor, int64_t id, int64_t now_ms)
{
	int64_t changes = 0;
	enum err e;

	e = db_run(db, &changes,
		   "UPDATE muk_versions SET status = 'validated', validated_by = ?,"
		   " validated_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
		   "iiii", actor, now_ms, now_ms, id);
	if (e == ERR_OK && changes == 0)
		e = ERR_CONFLICT;
	if (e == ERR_OK)
		e = ledger(db, actor, "muk.version.validate", "muk_version", id, NULL, now_ms);
	return e;
}

enum err muk_store_version_use(struct db *db, int64_t actor, int64_t id, int64_t now_ms,
			       int *changed)
{
	struct db_stmt *st;
	enum db_step r;
	int validated = 0, used = 0;
	enum err e;

	*changed = 0;
	st = db_query(db, "SELECT status, used FROM muk_versions WHERE id = ?", "i", id);
	if (!st)
		return ERR_DB;
	r = db_step(st);
	if (r == DB_ROW) {
		validated = db_col_text(st, 0) && strcmp(db_col_text(st, 0), "validated") == 0;
		used = (int)db_col_int(st, 1);
	}
	db_done(st);
	if (r != DB_ROW)
		return r == DB_FAIL ? ERR_DB : ERR_NOT_FOUND;
	if (!validated)
		return ERR_CONFLICT;
	if (used)
		return ERR_OK;
	e = db_run(db, NULL,
		   "UPDATE muk_versions SET used = 1, used_at = ? WHERE id = ? AND used = 0", "ii",
		   now_ms, id);
	if (e == ERR_OK)
		e = ledger(db, actor, "muk.version.use", "muk_version", id, NULL, now_ms);
	if (e == ERR_OK)
		*changed = 1;
	return e;
}

enum err muk_store_import(struct db *db, int64_t actor, const struct muk_import *imp,
			  const char *doc_sha, int64_t now_ms, int64_t *scheme_id_out)
{
	int64_t sid = 0, *ids = xcalloc(imp->nv + 1, sizeof *ids);
	enum err e;

	e = muk_store_scheme_insert(db, actor, &imp->scheme, now_ms, &sid);
	for (size_t i = 0; e == ERR_OK && i < imp->nv; i++) {
		const struct muk_import_version *iv = &imp->v[i];
		int64_t prev = 0;
		char sha[65];

		for (size_t k = 0; k < i; k++)
			if (imp->v[k].version == iv->prev_version)
				prev = ids[k];
		e = muk_store_version_insert(db, actor, sid, prev, iv->version, iv->content, now_ms,
					     &ids[i], NULL);
		muk_json_sha256(iv->content, sha);
		for (size_t k = 0; e == ERR_OK && k < iv->nvas; k++)
			e = muk_store_va_insert(db, actor, ids[i], sha, &iv->vas[k], now_ms, NULL);
		for (size_t k = 0; e == ERR_OK && k < iv->nreviews; k++)
			e = muk_store_review_insert(db, actor, ids[i], sha, &iv->reviews[k], now_ms,
						    NULL);
		if (e == ERR_OK && iv->validated)
			e = muk_store_version_validate(db, actor, ids[i], now_ms);
	}
	free(ids);
	if (e == ERR_OK)
		e = ledger(
		    db, actor, "muk.skema.import", "skema", sid,
		    json_pack("{s:s, s:I}", "doc_sha256", doc_sha, "versions", (json_int_t)imp->nv),
		    now_ms);
	if (e == ERR_OK && scheme_id_out)
		*scheme_id_out = sid;
	return e;
}

enum err muk_store_scheme_id_by_number(struct db *db, const char *number, int64_t *id)
{
	return db_get_int(db, id, "SELECT id FROM muk_schemes WHERE number = ?", "t", number);
}
