/* Retention of a case's evidence files (SE.007 A.III.b): kept as long as the case's records
 * (cert_case_retain_until: the certificate's validity, or the decision plus the scheme's
 * validity); undecided cases keep everything. The module's purge hook (ujikom purge, and the
 * server's daily run on a worker) marks the rows and the blobs no other case
 * keeps, appends a tombstone per case, commits, then removes the files. An appeal is filed within
 * days of the decision and decided within 20 working days, long before a keeping period of years
 * ends, so no legal hold is checked here. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "blob.h"
#include "cert_evidence.h"
#include "cert_internal.h"
#include "certification.h"
#include "db.h"
#include "json.h"
#include "ledger.h"
#include "log.h"

/* One case past its keeping period: its evidence rows and the blobs no other case keeps marked,
 * the tombstone appended, committed (a dry run rolls back), then the files removed. */
static enum err purge_case(struct app *app, struct db *db, int64_t case_id, const char *until,
			   int64_t now_ms, int dry_run, json_t *report)
{
	int64_t count = 0, bytes = 0;
	json_t *files = json_array();
	enum err e = db_begin(db);
	if (e == ERR_OK)
		e = cert_evidence_purge_case(db, case_id, now_ms, files, &count, &bytes);
	if (e == ERR_OK && !dry_run) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)case_id);
		json_t *p = json_pack("{s:I, s:I, s:s}", "files", (json_int_t)count, "bytes",
				      (json_int_t)bytes, "retain_until", until);
		e = ledger_append(db, 0, "cert.evidence.purge", "case", id, p, now_ms, NULL);
		json_decref(p);
	}
	if (e == ERR_OK && !dry_run)
		e = db_commit(db);
	else
		db_rollback(db);
	if (e == ERR_OK && report)
		json_array_append_new(report,
				      json_pack("{s:s, s:s, s:I, s:s, s:I, s:I, s:s}", "module",
						"certification", "kind", "evidence", "case_id",
						(json_int_t)case_id, "retain_until", until, "files",
						(json_int_t)count, "bytes", (json_int_t)bytes,
						"action", dry_run ? "would_purge" : "purged"));
	size_t k;
	json_t *f;
	if (e == ERR_OK && !dry_run)
		json_array_foreach(files, k, f) blob_purge_file(app, json_string_value(f));
	json_decref(files);
	return e;
}

enum err cert_purge(struct app *app, struct db *db, int64_t now_ms, int dry_run, json_t *report)
{
	int64_t ids[512], after = 0;
	char today[16];
	time_t t = (time_t)(now_ms / 1000);
	struct tm tm;
	size_t n;
	enum err e = ERR_OK;
	gmtime_r(&t, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	while (e == ERR_OK && (n = cert_evidence_cases_kept(db, after, ids, 512)) > 0) {
		struct arena *a = arena_new();
		for (size_t i = 0; i < n && e == ERR_OK; i++) {
			const char *until = NULL;
			after = ids[i];
			if (cert_case_retain_until(db, a, ids[i], &until) != ERR_OK || !until ||
			    strcmp(today, until) <= 0)
				continue;
			e = purge_case(app, db, ids[i], until, now_ms, dry_run, report);
		}
		arena_free(&a);
	}
	return e;
}
