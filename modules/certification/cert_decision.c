/* The post-assessment steps' own records: the committee's decision (with berita acara and SK
 * number), the certificate record (BNSP's numbers, validity from the scheme) and the linked case
 * of a re-assessment. Pure date arithmetic and the SQL through cert_store.c. */
#include <stdio.h>
#include <string.h>

#include "cert_internal.h"
#include "db.h"
#include "workdays.h"

/* "YYYY-MM-DD" plus months, clamped to the month's last day (2024-02-29 + 12 -> 2025-02-28). */
int cert_date_add_months(const char *date, int months, char *out, size_t n)
{
	int64_t day;
	int y, m, d;
	if (workdays_parse(date, &day) != 0 || months < 0)
		return -1;
	workdays_to_civil(day, &y, &m, &d);
	int total = (y * 12 + (m - 1)) + months;
	y = total / 12;
	m = total % 12 + 1;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > last)
		d = last;
	workdays_format(workdays_from_civil(y, m, d), out, n);
	return 0;
}

enum err cert_store_decision_insert(struct db *db, int64_t case_id, const char *result,
				    const char *sk, const char *minutes, int64_t by, int64_t now)
{
	return db_run(db, NULL,
		      "INSERT INTO cert_decisions (case_id, result, sk_number, berita_acara,"
		      " decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
		      "ittti"
		      "i",
		      case_id, result, sk, minutes, by, now);
}

enum err cert_store_certificate_numbers_free(struct db *db, const char *cert_no, const char *reg_no,
					     const char *blanko_no, const char **taken_field)
{
	static const char *const cols[] = {"certificate_number", "registration_number",
					   "blanko_number"};
	const char *vals[] = {cert_no, reg_no, blanko_no};
	*taken_field = NULL;
	for (int i = 0; i < 3; i++) {
		char sql[128];
		int64_t n = 0;
		snprintf(sql, sizeof sql, "SELECT count(*) FROM cert_certificates WHERE %s = ?",
			 cols[i]);
		enum err e = db_get_int(db, &n, sql, "t", vals[i]);
		if (e != ERR_OK)
			return e;
		if (n) {
			*taken_field = cols[i];
			return ERR_CONFLICT;
		}
	}
	return ERR_OK;
}

enum err cert_store_certificate_insert(struct db *db, int64_t case_id, const char *cert_no,
				       const char *reg_no, const char *blanko_no, const char *issue,
				       const char *until, int64_t by, int64_t now)
{
	return db_run(db, NULL,
		      "INSERT INTO cert_certificates (case_id, certificate_number,"
		      " registration_number, blanko_number, issue_date, valid_until, recorded_by,"
		      " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		      "itttttii", case_id, cert_no, reg_no, blanko_no, issue, until, by, now);
}

json_t *cert_store_outcome_json(struct db *db, int64_t case_id)
{
	json_t *o = json_object();
	struct db_stmt *st =
	    db_query(db,
		     "SELECT result, sk_number, berita_acara, decided_by, decided_at"
		     " FROM cert_decisions WHERE case_id = ?",
		     "i", case_id);
	if (st && db_step(st) == DB_ROW)
		json_object_set_new(o, "decision",
				    json_pack("{s:s, s:s, s:s, s:I, s:I}", "result",
					      db_col_text(st, 0), "sk_number", db_col_text(st, 1),
					      "berita_acara", db_col_text(st, 2), "decided_by",
					      (json_int_t)db_col_int(st, 3), "decided_at_ms",
					      (json_int_t)db_col_int(st, 4)));
	db_done(st);
	st = db_query(db,
		      "SELECT certificate_number, registration_number, blanko_number, issue_date,"
		      " valid_until FROM cert_certificates WHERE case_id = ?",
		      "i", case_id);
	if (st && db_step(st) == DB_ROW)
		json_object_set_new(o, "certificate",
				    json_pack("{s:s, s:s, s:s, s:s, s:s}", "certificate_number",
					      db_col_text(st, 0), "registration_number",
					      db_col_text(st, 1), "blanko_number",
					      db_col_text(st, 2), "issue_date", db_col_text(st, 3),
					      "valid_until", db_col_text(st, 4)));
	db_done(st);
	return o;
}

enum err cert_store_batch_feedback_done(struct db *db, int64_t jadwal_id, int *all_done)
{
	int64_t behind = 0;
	/* every case of the schedule still in the assessment has reached FR.AK.03 */
	enum err e = db_get_int(db, &behind,
				"SELECT count(*) FROM cert_cases WHERE jadwal_id = ? AND state IN"
				" ('SCHEDULED', 'APL02_SUBMITTED', 'PRE_ASSESSED', 'PLANNED',"
				" 'CONSENTED', 'ASSESSING', 'INSTRUMENTS_DONE', 'RECORDED')",
				"i", jadwal_id);
	*all_done = behind == 0;
	return e;
}

enum err cert_store_decision_get(struct db *db, struct arena *a, int64_t case_id,
				 const char **result, int64_t *decided_at, const char **sk)
{
	struct db_stmt *st = db_query(db,
				      "SELECT result, decided_at, sk_number FROM cert_decisions"
				      " WHERE case_id = ?",
				      "i", case_id);
	*result = NULL;
	*decided_at = 0;
	*sk = NULL;
	if (!st)
		return ERR_DB;
	if (db_step(st) == DB_ROW) {
		*result = db_col_dup(st, 0, a);
		*decided_at = db_col_int(st, 1);
		*sk = db_col_dup(st, 2, a);
	}
	db_done(st);
	return ERR_OK;
}

enum err cert_store_decision_amend(struct db *db, int64_t case_id, const char *result,
				   const char *sk, const char *minutes, int64_t by, int64_t now)
{
	int64_t changes = 0;
	enum err e = db_run(db, &changes,
			    "UPDATE cert_decisions SET result = ?, sk_number = ?, berita_acara = ?,"
			    " decided_by = ?, decided_at = ? WHERE case_id = ?",
			    "tttiii", result, sk, minutes, by, now, case_id);
	if (e == ERR_OK && changes == 0)
		e = ERR_NOT_FOUND;
	return e;
}

void cert_store_certificate_until(struct db *db, int64_t case_id, char *out, size_t n)
{
	struct db_stmt *st = db_query(
	    db, "SELECT valid_until FROM cert_certificates WHERE case_id = ?", "i", case_id);
	out[0] = '\0';
	if (st && db_step(st) == DB_ROW)
		snprintf(out, n, "%s", db_col_text(st, 0));
	db_done(st);
}
