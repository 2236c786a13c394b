/* Demo data for --demo: one TUK verified for a year and, when the demo assessor has a scheme in
 * scope (hr demo), one schedule two weeks ahead for that scheme with the demo assessor assigned
 * and its SPT number issued. Idempotent. */
#include <stdio.h>

#include "app.h"
#include "auth.h"
#include "clock.h"
#include "db.h"
#include "hr/hr.h"
#include "jadwal_internal.h"
#include "log.h"
#include "muk/muk.h"
#include "workdays.h"

#define DEMO_TUK_CODE	  "TUK-DEMO-01"
#define DEMO_ASESOR_EMAIL "asesor@demo.ujikom.id"
#define DEMO_DAYS_AHEAD	  14
#define DEMO_START_MIN	  (9 * 60) /* 09:00 WIB */
#define DEMO_DURATION	  240
#define DEMO_CAPACITY	  20

/* The demo TUK's id, creating it (verified for a year) when absent. */
static enum err demo_tuk(struct db *db, int64_t now, int64_t *id)
{
	char until[WORKDAYS_DATE_LEN];
	struct jadwal_tuk t = {0,
			       DEMO_TUK_CODE,
			       "TUK Mandiri Demo Ujikom",
			       "mandiri",
			       "Jl. Contoh Raya No. 1, Jakarta Selatan, DKI Jakarta",
			       NULL,
			       0,
			       0};
	enum err e = jadwal_tuk_by_code(db, DEMO_TUK_CODE, id);

	if (e != ERR_NOT_FOUND)
		return e;
	workdays_format(workdays_day_from_ms(now, WORKDAYS_WIB) + 365, until, sizeof until);
	t.verified_until = until;
	e = db_begin(db);
	if (e == ERR_OK)
		e = jadwal_tx_end(db, jadwal_tuk_insert(db, 0, &t, now, id));
	return e;
}

/* Creates the demo schedule for skema at tuk and assigns the demo assessor, in one transaction.
 * A refused assignment leaves the schedule without an assessor (logged). */
static enum err demo_schedule(struct app *app, struct db *db, struct arena *arena, int64_t tuk,
			      int64_t asesor, int64_t skema, int64_t now)
{
	struct muk_scheme_info sk;
	struct jadwal_new j = {0};
	char spt[JADWAL_SPT_MAX];
	const char *why = NULL;
	int64_t day = workdays_day_from_ms(now, WORKDAYS_WIB) + DEMO_DAYS_AHEAD, id = 0, other = 0;
	enum err e;

	e = muk_scheme_info(db, arena, skema, &sk);
	if (e != ERR_OK)
		return e;
	j.skema_id = skema;
	j.zone = "WIB";
	j.start_ms = workdays_day_start_ms(day, WORKDAYS_WIB) + (int64_t)DEMO_START_MIN * 60000;
	j.duration_min = DEMO_DURATION;
	j.end_ms = j.start_ms + (int64_t)DEMO_DURATION * 60000;
	j.mode = sk.remote_approved ? JADWAL_JARAK_JAUH : JADWAL_TATAP_MUKA;
	j.tuk_id = tuk;
	j.capacity = DEMO_CAPACITY;
	e = db_begin(db);
	if (e != ERR_OK)
		return e;
	e = jadwal_store_insert(db, 0, &j, now, &id);
	if (e == ERR_OK) {
		e = jadwal_assign(db, app->cfg->lsp_code, id, asesor, 0, now, spt, &why, &other);
		if (e == ERR_CONFLICT) {
			log_warn("jadwal: demo assessor not assigned: %s", why ? why : "?");
			e = ERR_OK;
		} else if (e == ERR_OK) {
			app_demo_note(app, "demo jadwal #%lld, SPT %s", (long long)id, spt);
		}
	}
	return jadwal_tx_end(db, e);
}

enum err jadwal_demo_seed(struct app *app, struct db *db)
{
	struct arena *arena = arena_new();
	struct auth_account *acct = NULL;
	struct hr_asesor a;
	int64_t now = clock_now_ms(), tuk = 0, any = 0;
	enum err e;

	e = demo_tuk(db, now, &tuk);
	if (e != ERR_OK)
		goto out;
	/* one demo schedule at the demo TUK is enough */
	e = jadwal_store_first_at_tuk(db, tuk, &any);
	if (e != ERR_NOT_FOUND)
		goto out;
	e = auth_account_by_email(db, arena, DEMO_ASESOR_EMAIL, now, &acct);
	if (e == ERR_OK)
		e = hr_asesor_get(db, arena, acct->id, &a);
	if (e == ERR_NOT_FOUND || (e == ERR_OK && a.nskema == 0)) {
		log_info("jadwal: the demo assessor has no scheme in scope; no demo schedule");
		e = ERR_OK;
		goto out;
	}
	if (e == ERR_OK)
		e = demo_schedule(app, db, arena, tuk, acct->id, a.skema_ids[0], now);
out:
	if (e != ERR_OK)
		log_error("jadwal: demo seed failed: %s", err_name(e));
	arena_free(&arena);
	return e;
}
