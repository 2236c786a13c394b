/* Deadlines in working days (Saturday, Sunday and the LSP's holiday table are not working days),
 * in the LSP's zone (cfg timezone: WIB, WITA or WIT), and the holiday table's routes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cert_internal.h"
#include "certification.h"
#include "db.h"
#include "json.h"
#include "ledger.h"
#include "workdays.h"

#define MAX_HOLIDAYS 4096

/* The holiday days, sorted; the caller frees *out. */
static size_t load_holidays(struct db *db, int32_t **out)
{
	size_t n = 0;
	int32_t *days = xcalloc(MAX_HOLIDAYS, sizeof *days);
	struct db_stmt *st = db_query(db, "SELECT day FROM cert_holidays ORDER BY day", "");
	while (st && n < MAX_HOLIDAYS && db_step(st) == DB_ROW) {
		int64_t d;
		if (workdays_parse(db_col_text(st, 0), &d) == 0)
			days[n++] = (int32_t)d;
	}
	db_done(st);
	*out = days;
	return n;
}

size_t cert_holiday_days(struct db *db, int32_t *out, size_t cap)
{
	int32_t *h = NULL;
	size_t n = load_holidays(db, &h);
	memcpy(out, h, (n < cap ? n : cap) * sizeof *h);
	free(h);
	return n;
}

int64_t cert_due_at(struct app *app, struct db *db, int64_t now_ms, int working_days)
{
	int32_t *h = NULL;
	int off = workdays_zone_offset(app->cfg->timezone);
	if (working_days <= 0)
		return 0;
	if (off < 0)
		off = 7 * 60;
	size_t n = load_holidays(db, &h);
	int64_t today = workdays_day_from_ms(now_ms, off);
	int64_t due = workdays_add(today, working_days, h, n);
	free(h);
	/* due by the end of that working day, local time */
	return workdays_day_start_ms(due + 1, off) - 1;
}

enum err cert_holidays_seed(struct app *app)
{
	int64_t n = 0;
	size_t count;
	enum err e = db_get_int(app->db, &n, "SELECT count(*) FROM cert_holidays", "");
	if (e != ERR_OK || n > 0)
		return e; /* seeded before: the LSP's edits stand */
	const struct workdays_holiday *list = workdays_default_list(&count);
	if ((e = db_begin(app->db)) != ERR_OK)
		return e;
	for (size_t i = 0; i < count && e == ERR_OK; i++) {
		char day[WORKDAYS_DATE_LEN];
		workdays_format(workdays_from_civil(list[i].year, list[i].month, list[i].mday), day,
				sizeof day);
		e = db_run(app->db, NULL,
			   "INSERT INTO cert_holidays (day, name, cuti_bersama, created_at)"
			   " VALUES (?, ?, ?, ?) ON CONFLICT (day) DO NOTHING",
			   "ttdi", day, list[i].name_id, (int)list[i].cuti_bersama, (int64_t)0);
	}
	if (e == ERR_OK) {
		json_t *p = json_pack("{s:I}", "days", (json_int_t)count);
		e = ledger_append(app->db, 0, "cert.holidays.seed", "holidays", "default", p, 0,
				  NULL);
		json_decref(p);
	}
	if (e == ERR_OK)
		return db_commit(app->db);
	db_rollback(app->db);
	return e;
}

enum err cert_h_holidays_list(struct request *req)
{
	json_t *arr = json_array();
	struct db_stmt *st =
	    db_query(req->db, "SELECT day, name, cuti_bersama FROM cert_holidays ORDER BY day", "");
	while (st && db_step(st) == DB_ROW)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "date", db_col_text(st, 0),
						     "name", db_col_text(st, 1), "cuti_bersama",
						     (int)db_col_int(st, 2)));
	db_done(st);
	return resp_json(
	    req, 200,
	    json_pack("{s:o, s:s}", "holidays", arr, "timezone", req->app->cfg->timezone));
}

static enum err holiday_ledger(struct request *req, const char *action, const char *day)
{
	return ledger_append(req->db, req->who->account_id, action, "holiday", day, NULL,
			     req->now_ms, NULL);
}

enum err cert_h_holiday_add(struct request *req)
{
	const char *date = NULL, *name = NULL;
	int cuti = 0;
	int64_t d;
	enum err e;
	if ((e = json_in_str(req, req->json, "date", 1, 10, 10, &date)) != ERR_OK ||
	    (e = json_in_str(req, req->json, "name", 1, 3, 120, &name)) != ERR_OK ||
	    (e = json_in_bool(req, req->json, "cuti_bersama", 0, &cuti)) != ERR_OK)
		return e;
	if (workdays_parse(date, &d) != 0)
		return req_fail(req, ERR_INVALID, "field_format", "date");
	if ((e = db_begin(req->db)) != ERR_OK)
		return e;
	e = db_run(
	    req->db, NULL,
	    "INSERT INTO cert_holidays (day, name, cuti_bersama, created_at) VALUES (?, ?, ?, ?)",
	    "ttdi", date, name, cuti, req->now_ms);
	if (e == ERR_OK)
		e = holiday_ledger(req, "cert.holiday.add", date);
	if (e == ERR_OK)
		e = db_commit(req->db);
	else
		db_rollback(req->db);
	if (e == ERR_CONFLICT)
		return req_fail(req, ERR_CONFLICT, "cert_holiday_exists", "date");
	if (e != ERR_OK)
		return e;
	return resp_json(
	    req, 201,
	    json_pack("{s:s, s:s, s:b}", "date", date, "name", name, "cuti_bersama", cuti));
}

enum err cert_h_holiday_remove(struct request *req)
{
	const char *date = req_param(req, "date");
	int64_t d, changes = 0;
	enum err e;
	if (!date || workdays_parse(date, &d) != 0)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if ((e = db_begin(req->db)) != ERR_OK)
		return e;
	e = db_run(req->db, &changes, "DELETE FROM cert_holidays WHERE day = ?", "t", date);
	if (e == ERR_OK && changes == 0)
		e = ERR_NOT_FOUND;
	if (e == ERR_OK)
		e = holiday_ledger(req, "cert.holiday.remove", date);
	if (e == ERR_OK)
		e = db_commit(req->db);
	else
		db_rollback(req->db);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	return e == ERR_OK ? resp_status(req, 204) : e;
}
