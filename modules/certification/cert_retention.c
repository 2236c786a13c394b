/* Retention of a case's evidence files (SE.007 A.III.b): kept as long as the case's records
 * (cert_case_retain_until: the certificate's validity, or the decision plus the scheme's
 * validity); undecided cases keep everything. The module's purge hook (ujikom purge and the
 * assessment module's daily run use the same rule) marks the rows and the blobs no other case
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

enum err cert_purge(struct app *app, int64_t now_ms, int dry_run, json_t *report)
{
	int64_t ids[512];
	char today[16];
	time_t t = (time_t)(now_ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	size_t n = cert_evidence_cases_kept(app->db, ids, 512);
	struct arena *a = arena_new();
	enum err e = ERR_OK;
	for (size_t i = 0; i < n && e == ERR_OK; i++) {
		const char *until = NULL;
		int64_t count = 0, bytes = 0;
		if (cert_case_retain_until(app->db, a, ids[i], &until) != ERR_OK || !until ||
		    strcmp(today, until) <= 0)
			continue;
		json_t *files = json_array();
		if ((e = db_begin(app->db)) != ERR_OK) {
			json_decref(files);
			break;
		}
		e = cert_evidence_purge_case(app->db, ids[i], now_ms, files, &count, &bytes);
		if (e == ERR_OK && !dry_run) {
			char id[24];
			snprintf(id, sizeof id, "%lld", (long long)ids[i]);
			json_t *p = json_pack("{s:I, s:I, s:s}", "files", (json_int_t)count,
					      "bytes", (json_int_t)bytes, "retain_until", until);
			e = ledger_append(app->db, 0, "cert.evidence.purge", "case", id, p, now_ms,
					  NULL);
			json_decref(p);
		}
		/* a dry run rolls its marks back */
		if (e == ERR_OK && !dry_run)
			e = db_commit(app->db);
		else
			db_rollback(app->db);
		if (e == ERR_OK && report)
			json_array_append_new(
			    report, json_pack("{s:s, s:s, s:I, s:s, s:I, s:I, s:s}", "module",
					      "certification", "kind", "evidence", "case_id",
					      (json_int_t)ids[i], "retain_until", until, "files",
					      (json_int_t)count, "bytes", (json_int_t)bytes,
					      "action", dry_run ? "would_purge" : "purged"));
		size_t k;
		json_t *f;
		if (e == ERR_OK && !dry_run)
			json_array_foreach(files, k, f) blob_purge_file(app, json_string_value(f));
		json_decref(files);
	}
	arena_free(&a);
	if (e != ERR_OK)
		log_error("certification: purge: %s", err_name(e));
	return e;
}

void cert_tick(struct app *app, int64_t now_ms)
{
	cert_sheets_tick(app, now_ms);
	if ((now_ms / 60000) % 1440 == 19 * 60) /* daily, at 02:00 WIB */
		cert_purge(app, now_ms, 0, NULL);
}
