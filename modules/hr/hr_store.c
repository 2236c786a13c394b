/* All SQL of the hr module: the assessor registry (hr_asesor) and scopes (hr_asesor_scope), and
 * the eligibility check other modules call before assigning an assessor. */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "db.h"
#include "hr_internal.h"
#include "ledger.h"

/* Inserts the scope rows of account_id. */
static enum err scope_insert(struct db *db, int64_t account_id, const int64_t *ids, size_t n)
{
	enum err e = ERR_OK;

	for (size_t i = 0; e == ERR_OK && i < n; i++)
		e = db_run(db, NULL,
			   "INSERT INTO hr_asesor_scope (account_id, skema_id) VALUES (?, ?)", "ii",
			   account_id, ids[i]);
	return e;
}

/* Appends action for account_id with the non-personal facts of in. */
static enum err ledger_note(struct db *db, int64_t actor, const char *action, int64_t account_id,
			    const struct hr_asesor_input *in, const char *ref, int64_t now_ms)
{
	char id[24];
	json_t *scope = json_array(), *payload;
	enum err e;

	for (size_t i = 0; i < in->nskema; i++)
		json_array_append_new(scope, json_integer(in->skema_ids[i]));
	payload = json_pack("{s:s, s:s, s:b, s:o}", "ref", ref, "valid_until", in->valid_until,
			    "active", in->active, "skema_ids", scope);
	if (!payload)
		return ERR_INTERNAL;
	snprintf(id, sizeof id, "%lld", (long long)account_id);
	e = ledger_append(db, actor, action, "asesor", id, payload, now_ms, NULL);
	json_decref(payload);
	return e;
}

enum err hr_store_asesor_insert(struct db *db, int64_t actor, int64_t account_id,
				const struct hr_asesor_input *in, const char *ref, int64_t now_ms)
{
	enum err e;

	e = db_run(db, NULL,
		   "INSERT INTO hr_asesor (account_id, met_number, certificate_number,"
		   " certificate_valid_until, active, created_at, updated_at)"
		   " VALUES (?, ?, ?, ?, ?, ?, ?)",
		   "itttdii", account_id, in->met_number, in->certificate_number, in->valid_until,
		   in->active ? 1 : 0, now_ms, now_ms);
	if (e == ERR_OK)
		e = scope_insert(db, account_id, in->skema_ids, in->nskema);
	if (e == ERR_OK)
		e = ledger_note(db, actor, "hr.asesor.create", account_id, in, ref, now_ms);
	return e;
}

enum err hr_store_asesor_update(struct db *db, int64_t actor, int64_t account_id,
				const struct hr_asesor_input *in, const char *ref, int64_t now_ms)
{
	int64_t changes = 0;
	enum err e;

	e = db_run(db, &changes,
		   "UPDATE hr_asesor SET met_number = ?, certificate_number = ?,"
		   " certificate_valid_until = ?, active = ?, updated_at = ? WHERE account_id = ?",
		   "tttdii", in->met_number, in->certificate_number, in->valid_until,
		   in->active ? 1 : 0, now_ms, account_id);
	if (e == ERR_OK && changes == 0)
		e = ERR_NOT_FOUND;
	if (e == ERR_OK)
		e = db_run(db, NULL, "DELETE FROM hr_asesor_scope WHERE account_id = ?", "i",
			   account_id);
	if (e == ERR_OK)
		e = scope_insert(db, account_id, in->skema_ids, in->nskema);
	if (e == ERR_OK)
		e = ledger_note(db, actor, "hr.asesor.update", account_id, in, ref, now_ms);
	return e;
}

/* Reads the scope of account_id into out (arena). */
static enum err scope_read(struct db *db, struct arena *arena, int64_t account_id,
			   struct hr_asesor *out)
{
	size_t cap = 8;
	struct db_stmt *st;
	enum db_step r;

	out->skema_ids = arena_alloc(arena, cap * sizeof *out->skema_ids);
	out->nskema = 0;
	st = db_query(db,
		      "SELECT skema_id FROM hr_asesor_scope WHERE account_id = ? ORDER BY skema_id",
		      "i", account_id);
	if (!st)
		return ERR_DB;
	while ((r = db_step(st)) == DB_ROW) {
		if (out->nskema == cap) {
			int64_t *more = arena_alloc(arena, 2 * cap * sizeof *more);

			memcpy(more, out->skema_ids, cap * sizeof *more);
			out->skema_ids = more;
			cap *= 2;
		}
		out->skema_ids[out->nskema++] = db_col_int(st, 0);
	}
	db_done(st);
	return r == DB_DONE ? ERR_OK : ERR_DB;
}

enum err hr_store_asesor_row(struct db *db, struct arena *arena, int64_t account_id,
			     struct hr_asesor *out)
{
	struct db_stmt *st;
	enum db_step r;

	memset(out, 0, sizeof *out);
	st = db_query(db,
		      "SELECT met_number, certificate_number, certificate_valid_until, active"
		      " FROM hr_asesor WHERE account_id = ?",
		      "i", account_id);
	if (!st)
		return ERR_DB;
	r = db_step(st);
	if (r == DB_ROW) {
		out->account_id = account_id;
		snprintf(out->met_number, sizeof out->met_number, "%s", db_col_text(st, 0));
		out->certificate_number = db_col_dup(st, 1, arena);
		snprintf(out->certificate_valid_until, sizeof out->certificate_valid_until, "%s",
			 db_col_text(st, 2));
		out->active = (int)db_col_int(st, 3);
	}
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	if (r != DB_ROW)
		return ERR_NOT_FOUND;
	return scope_read(db, arena, account_id, out);
}

enum err hr_store_met_owner(struct db *db, const char *met_number, int64_t *account_id)
{
	return db_get_int(db, account_id, "SELECT account_id FROM hr_asesor WHERE met_number = ?",
			  "t", met_number);
}

enum err hr_store_in_scope(struct db *db, int64_t account_id, int64_t skema_id, int *in_scope)
{
	int64_t one = 0;
	enum err e = db_get_int(
	    db, &one, "SELECT 1 FROM hr_asesor_scope WHERE account_id = ? AND skema_id = ?", "ii",
	    account_id, skema_id);

	*in_scope = e == ERR_OK;
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}

enum err hr_store_asesor_list(struct db *db, struct arena *arena, int64_t skema_id, int active,
			      int64_t offset, int64_t limit, int64_t **ids, size_t *n,
			      int64_t *total)
{
	/* skema_id 0 and active -1 switch their filter off. */
	static const char where[] =
	    " FROM hr_asesor a WHERE (? = 0 OR EXISTS (SELECT 1 FROM hr_asesor_scope s"
	    " WHERE s.account_id = a.account_id AND s.skema_id = ?)) AND (? < 0 OR a.active = ?)";
	struct db_stmt *st;
	enum db_step r;
	enum err e;

	*n = 0;
	*ids = arena_alloc(arena, (size_t)limit * sizeof **ids);
	e = db_get_int(db, total, arena_sprintf(arena, "SELECT COUNT(*)%s", where), "iidd",
		       skema_id, skema_id, active, active);
	if (e != ERR_OK)
		return e;
	st = db_query(db,
		      arena_sprintf(arena,
				    "SELECT a.account_id%s ORDER BY a.account_id"
				    " LIMIT ? OFFSET ?",
				    where),
		      "iiddii", skema_id, skema_id, active, active, limit, offset);
	if (!st)
		return ERR_DB;
	while ((r = db_step(st)) == DB_ROW && *n < (size_t)limit)
		(*ids)[(*n)++] = db_col_int(st, 0);
	db_done(st);
	return r == DB_FAIL ? ERR_DB : ERR_OK;
}

enum err hr_asesor_get(struct db *db, struct arena *arena, int64_t account_id,
		       struct hr_asesor *out)
{
	struct auth_account *acct = NULL;
	enum err e;

	e = hr_store_asesor_row(db, arena, account_id, out);
	if (e != ERR_OK)
		return e;
	/* now 0: only the lock state depends on it, and it is not used here */
	e = auth_account_get(db, arena, account_id, 0, &acct);
	if (e == ERR_NOT_FOUND)
		e = ERR_DB; /* the foreign key makes this impossible */
	if (e != ERR_OK)
		return e;
	out->name = acct->name;
	out->email = acct->email;
	return ERR_OK;
}

/* 1 when acct is active and holds the asesor role. */
static int account_can_assess(const struct auth_account *acct)
{
	if (strcmp(acct->status, "active") != 0)
		return 0;
	for (size_t i = 0; i < acct->nroles; i++)
		if (strcmp(acct->roles[i], HR_ROLE_ASESOR) == 0)
			return 1;
	return 0;
}

enum err hr_asesor_check(struct db *db, int64_t account_id, int64_t skema_id, int64_t on_day_ms,
			 const char **why_code)
{
	struct arena *arena = arena_new();
	struct hr_asesor a;
	struct auth_account *acct = NULL;
	const char *why = NULL;
	int in_scope = 0;
	enum err e;

	e = hr_store_asesor_row(db, arena, account_id, &a);
	if (e == ERR_OK)
		e = auth_account_get(db, arena, account_id, 0, &acct);
	if (e == ERR_NOT_FOUND) {
		why = "asesor_not_registered";
		goto out;
	}
	if (e != ERR_OK)
		goto out;
	if (!a.active || !account_can_assess(acct)) {
		why = "asesor_not_registered";
		goto out;
	}
	if (hr_cert_valid_on(a.certificate_valid_until, on_day_ms) != 1) {
		why = "asesor_certificate_expired";
		goto out;
	}
	e = hr_store_in_scope(db, account_id, skema_id, &in_scope);
	if (e == ERR_OK && !in_scope)
		why = "asesor_out_of_scope";
out:
	arena_free(&arena);
	if (why_code)
		*why_code = why;
	if (e != ERR_OK && e != ERR_NOT_FOUND)
		return ERR_DB;
	return why ? ERR_CONFLICT : ERR_OK;
}
