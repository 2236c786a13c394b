/* Retention of recordings (SE.007 A.III.b: every certification record, recordings included, is
 * kept for at least one certificate validity). A recording is kept until its case's date
 * (cert_case_retain_until: the certificate's valid-until, else the decision date plus the
 * scheme's validity); without a decision, and while an appeal of the case is open (legal hold),
 * it is kept whatever the date. Past that date (the day after, counted in UTC, which is never
 * ahead of Indonesian time) ujikom purge, the server's daily run, or an admin's DELETE removes the
 * files (raw, final, and the poster when there is one); the row keeps the hashes and the purge
 * time and the ledger gets a tombstone. A DELETE before then is refused. Also the storage report:
 * bytes by scheme, month and year of retention, with the quota and the free disk and their level.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "appeal/appeal.h"
#include "assessment_internal.h"
#include "blob.h"
#include "certification/certification.h"
#include "db.h"
#include "json.h"
#include "ledger.h"
#include "log.h"
#include "muk/muk.h"

static void utc_day(int64_t ms, char out[16])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

enum err asm_retention(struct db *db, struct arena *a, const struct asm_session *s,
		       struct asm_retention_info *out)
{
	memset(out, 0, sizeof *out);
	if (strcmp(s->subject, "case") != 0) { /* TUK verification: kept until that issue rules */
		out->held_by = "tuk";
		return ERR_OK;
	}
	enum err e = cert_case_retain_until(db, a, s->subject_id, &out->until);
	if (e != ERR_OK)
		return e;
	if (!out->until)
		out->held_by = "undecided";
	else if (appeal_case_open(db, s->subject_id))
		out->held_by = "appeal";
	return ERR_OK;
}

int asm_retention_over(const struct asm_retention_info *r, int64_t now_ms)
{
	char today[16];
	if (r->held_by || !r->until)
		return 0;
	utc_day(now_ms, today);
	return strcmp(today, r->until) > 0;
}

json_t *asm_retention_json(const struct asm_retention_info *r)
{
	return json_pack("{s:o, s:o}", "retain_until", json_str_or_null(r->until), "held_by",
			 json_str_or_null(r->held_by));
}

/* Purges one final recording (the caller checked the date): both rows marked and the tombstone
 * in one transaction, then the files. */
static enum err purge_one(struct app *app, struct db *db, const struct asm_recording *r,
			  const struct asm_retention_info *ri, int64_t actor, int64_t now_ms)
{
	char id[24];
	enum err e = db_begin(db);
	if (e != ERR_OK)
		return e;
	if (r->final_sha256)
		e = blob_purge_mark(db, r->final_sha256, now_ms);
	if ((e == ERR_OK || e == ERR_NOT_FOUND) && r->raw_sha256)
		e = blob_purge_mark(db, r->raw_sha256, now_ms);
	if ((e == ERR_OK || e == ERR_NOT_FOUND) && r->poster_sha256)
		e = blob_purge_mark(db, r->poster_sha256, now_ms);
	if (e == ERR_NOT_FOUND)
		e = ERR_OK; /* a blob shared with another purged recording */
	if (e == ERR_OK)
		e = asm_store_recording_purged(db, r->id, now_ms);
	if (e == ERR_OK) {
		snprintf(id, sizeof id, "%lld", (long long)r->id);
		json_t *p = json_pack(
		    "{s:I, s:o, s:o, s:o, s:o, s:s}", "session_id", (json_int_t)r->session_id,
		    "raw_sha256", json_str_or_null(r->raw_sha256), "sha256",
		    json_str_or_null(r->final_sha256), "started_at", json_time(r->started_at),
		    "ended_at", json_time(r->ended_at), "retain_until", ri->until);
		if (r->poster_sha256)
			json_object_set_new(p, "poster_sha256", json_string(r->poster_sha256));
		e = ledger_append(db, actor, "assessment.recording.purge", "recording", id, p,
				  now_ms, NULL);
		json_decref(p);
	}
	if (e == ERR_OK)
		e = db_commit(db);
	else
		db_rollback(db);
	if (e != ERR_OK)
		return e;
	if (r->final_sha256)
		blob_purge_file(app, r->final_sha256);
	if (r->raw_sha256)
		blob_purge_file(app, r->raw_sha256);
	if (r->poster_sha256)
		blob_purge_file(app, r->poster_sha256);
	return ERR_OK;
}

enum err asm_purge(struct app *app, struct db *db, int64_t now_ms, int dry_run, json_t *report)
{
	int64_t ids[256], after = 0;
	size_t n;
	enum err e = ERR_OK;
	while (e == ERR_OK && (n = asm_store_recordings_purgeable(db, after, ids, 256)) > 0) {
		struct arena *a = arena_new();
		for (size_t i = 0; i < n && e == ERR_OK; i++) {
			struct asm_recording r;
			struct asm_session s;
			struct asm_retention_info ri;
			after = ids[i];
			if (asm_store_recording_get(db, a, ids[i], &r) != ERR_OK ||
			    asm_store_session_get(db, a, r.session_id, &s) != ERR_OK ||
			    asm_retention(db, a, &s, &ri) != ERR_OK ||
			    !asm_retention_over(&ri, now_ms))
				continue;
			if (!dry_run)
				e = purge_one(app, db, &r, &ri, 0, now_ms);
			if (report && e == ERR_OK)
				json_array_append_new(
				    report,
				    json_pack("{s:s, s:s, s:I, s:s, s:I, s:s}", "module",
					      "assessment", "kind", "recording", "id",
					      (json_int_t)r.id, "retain_until", ri.until, "bytes",
					      (json_int_t)(r.bytes + r.final_bytes), "action",
					      dry_run ? "would_purge" : "purged"));
		}
		arena_free(&a);
	}
	return e;
}

enum err asm_h_recording_delete(struct request *req)
{
	int64_t id;
	struct asm_recording r;
	struct asm_session s;
	struct asm_retention_info ri;
	enum err e = req_param_id(req, "id", &id);
	if (e != ERR_OK)
		return e;
	e = asm_store_recording_get(req->db, req->arena, id, &r);
	if (e == ERR_OK)
		e = asm_store_session_get(req->db, req->arena, r.session_id, &s);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e == ERR_OK)
		e = asm_retention(req->db, req->arena, &s, &ri);
	if (e != ERR_OK)
		return e;
	if (r.purged_at)
		return req_fail(req, ERR_CONFLICT, "asm_recording_purged", NULL);
	if (strcmp(r.state, "recording") == 0)
		return req_fail(req, ERR_CONFLICT, "asm_recording_not_final", NULL);
	if (ri.held_by)
		return req_fail(req, ERR_CONFLICT,
				!strcmp(ri.held_by, "appeal") ? "asm_retention_appeal"
							      : "asm_retention_undecided",
				NULL);
	if (!asm_retention_over(&ri, req->now_ms))
		return req_fail_detail(req, ERR_CONFLICT, "asm_retention_until", NULL, ri.until);
	if ((e = purge_one(req->app, req->db, &r, &ri, req->who->account_id, req->now_ms)) !=
	    ERR_OK)
		return e;
	return resp_json(req, 200,
			 json_pack("{s:I, s:b, s:s}", "id", (json_int_t)r.id, "purged", 1,
				   "retain_until", ri.until));
}

/* Adds bytes under key in obj (a JSON object of counters). */
static void add(json_t *obj, const char *key, int64_t bytes)
{
	json_t *v = json_object_get(obj, key);
	json_object_set_new(obj, key, json_integer(json_integer_value(v) + bytes));
}

struct storage_job {
	json_t *out; /* the report, built on the worker */
};

/* Worker: every recording still kept, a page of ids at a time (a report over years of sessions
 * is too slow for the service thread). */
static void storage_work(struct db *db, void *arg)
{
	struct storage_job *j = arg;
	json_t *by_scheme = json_object(), *by_month = json_object(), *by_year = json_object();
	int64_t total = 0, kept = 0, after = 0, ids[512];
	size_t n;
	while ((n = asm_store_recordings_kept_after(db, after, ids, 512)) > 0) {
		struct arena *a = arena_new();
		for (size_t i = 0; i < n; i++) {
			struct asm_recording r;
			struct asm_session s;
			struct asm_retention_info ri;
			struct cert_case_summary c;
			struct muk_scheme_info sc;
			char month[16], year[8];
			after = ids[i];
			if (asm_store_recording_get(db, a, ids[i], &r) != ERR_OK ||
			    asm_store_session_get(db, a, r.session_id, &s) != ERR_OK ||
			    asm_retention(db, a, &s, &ri) != ERR_OK)
				continue;
			int64_t bytes = r.bytes + r.final_bytes;
			total += bytes;
			kept++;
			const char *scheme = "-";
			if (!strcmp(s.subject, "case") &&
			    cert_case_summary(db, a, s.subject_id, &c) == ERR_OK &&
			    muk_scheme_info(db, a, c.skema_id, &sc) == ERR_OK)
				scheme = sc.title;
			utc_day(r.started_at, month);
			month[7] = '\0'; /* YYYY-MM */
			snprintf(year, sizeof year, "%.4s", ri.until ? ri.until : "-");
			add(by_scheme, scheme, bytes);
			add(by_month, month, bytes);
			add(by_year, ri.held_by ? "ditahan" : year, bytes);
		}
		arena_free(&a);
	}
	j->out = json_pack("{s:I, s:I, s:o, s:o, s:o}", "recordings", (json_int_t)kept, "bytes",
			   (json_int_t)total, "by_scheme", by_scheme, "by_month", by_month,
			   "by_retention_year", by_year);
}

static void storage_done(struct request *req, void *arg)
{
	struct storage_job *j = arg;
	/* the limits as the service thread keeps them (asm_quota.c) */
	json_object_update_new(j->out, asm_storage_json(req->app));
	resp_json(req, 200, j->out);
}

enum err asm_h_storage(struct request *req)
{
	struct storage_job *j = arena_zalloc(req->arena, sizeof *j);
	return req_defer(req, storage_work, storage_done, j);
}
