/* Demo data for --demo: the demo assessor (asesor@demo.ujikom.id, seeded by the accounts module)
 * registered with a valid certificate and, once the muk module can name its demo scheme, that
 * scheme in scope. Idempotent: a later start adds the scheme to an existing registration. */
#include <stdio.h>

#include "app.h"
#include "auth.h"
#include "clock.h"
#include "db.h"
#include "hr_internal.h"
#include "log.h"
#include "muk/muk.h"
#include "workdays.h"

#define DEMO_ASESOR_EMAIL "asesor@demo.ujikom.id"
#define DEMO_MET	  "MET.000.012345 2021"
#define DEMO_CERT	  "ASK/DEMO/0001/2024"

/* The id of the muk demo scheme (HR_DEMO_SKEMA_NUMBER); the jadwal demo takes the scheme from
 * the demo assessor's scope. */
static enum err demo_skema(struct db *db, int64_t *id)
{
	return muk_scheme_by_number(db, HR_DEMO_SKEMA_NUMBER, id);
}

/* Adds skema to the existing registration row unless it is in scope already. */
static enum err scope_add(struct app *app, struct db *db, struct arena *arena,
			  const struct hr_asesor *row, int64_t skema, int64_t now)
{
	struct hr_asesor_input in = {row->met_number,
				     row->certificate_number,
				     row->certificate_valid_until,
				     row->active,
				     NULL,
				     0};
	char ref[65];
	enum err e;

	for (size_t i = 0; i < row->nskema; i++)
		if (row->skema_ids[i] == skema)
			return ERR_OK;
	in.skema_ids = arena_alloc(arena, (row->nskema + 1) * sizeof *in.skema_ids);
	for (size_t i = 0; i < row->nskema; i++)
		in.skema_ids[i] = row->skema_ids[i];
	in.skema_ids[row->nskema] = skema;
	in.nskema = hr_ids_unique(in.skema_ids, row->nskema + 1);
	app_pseudonym(app, arena_sprintf(arena, "%s|%s", in.met_number, in.certificate_number),
		      ref);
	e = db_begin(db);
	if (e == ERR_OK)
		e = hr_store_asesor_update(db, 0, row->account_id, &in, ref, now);
	if (e == ERR_OK)
		e = db_commit(db);
	if (e != ERR_OK)
		db_rollback(db);
	return e;
}

/* Registers the demo assessor with a certificate valid two more years. */
static enum err register_demo(struct app *app, struct db *db, int64_t account_id, int64_t skema,
			      int64_t now)
{
	struct hr_asesor_input in = {DEMO_MET, DEMO_CERT, NULL, 1, NULL, 0};
	char until[WORKDAYS_DATE_LEN], ref[65];
	enum err e;

	if (skema) {
		in.skema_ids = &skema;
		in.nskema = 1;
	}
	workdays_format(workdays_day_from_ms(now, WORKDAYS_WIB) + 2 * 365, until, sizeof until);
	in.valid_until = until;
	app_pseudonym(app, DEMO_MET "|" DEMO_CERT, ref);
	e = db_begin(db);
	if (e == ERR_OK)
		e = hr_store_asesor_insert(db, 0, account_id, &in, ref, now);
	if (e == ERR_OK)
		e = db_commit(db);
	if (e != ERR_OK)
		db_rollback(db);
	return e;
}

enum err hr_demo_seed(struct app *app, struct db *db)
{
	struct arena *arena = arena_new();
	struct auth_account *acct = NULL;
	struct hr_asesor row;
	int64_t now = clock_now_ms(), skema = 0;
	enum err e;

	e = auth_account_by_email(db, arena, DEMO_ASESOR_EMAIL, now, &acct);
	if (e == ERR_NOT_FOUND) { /* the accounts module seeds it first; nothing to do without */
		log_warn("hr: demo account %s not found; no demo assessor", DEMO_ASESOR_EMAIL);
		e = ERR_OK;
		goto out;
	}
	if (e != ERR_OK)
		goto out;
	if (demo_skema(db, &skema) != ERR_OK)
		skema = 0;
	e = hr_store_asesor_row(db, arena, acct->id, &row);
	if (e == ERR_NOT_FOUND)
		e = register_demo(app, db, acct->id, skema, now);
	else if (e == ERR_OK && skema)
		e = scope_add(app, db, arena, &row, skema, now);
out:
	if (e != ERR_OK)
		log_error("hr: demo seed failed: %s", err_name(e));
	arena_free(&arena);
	return e;
}
