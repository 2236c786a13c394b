/* The rules of a schedule's people: assigning an assessor (with the SPT Asesor number it issues),
 * withdrawing one, and whether an asesi may be enrolled. Each refusal names its message code. */
#include <string.h>

#include "db.h"
#include "hr/hr.h"
#include "jadwal_internal.h"

/* Refuses with why. */
static enum err refuse(const char **why, const char *code)
{
	if (why)
		*why = code;
	return ERR_CONFLICT;
}

enum err jadwal_assign(struct db *db, const char *lsp_code, int64_t jadwal_id, int64_t asesor_id,
		       int64_t actor, int64_t now_ms, char *spt_out, const char **why,
		       int64_t *other_jadwal)
{
	struct arena *arena = arena_new();
	struct jadwal j;
	const char *hr_why = NULL;
	int64_t seq = 0, other = 0;
	int month, year, found = 0;
	enum err e;

	if (why)
		*why = NULL;
	spt_out[0] = '\0';
	if (!db_in_tx(db)) {
		e = ERR_INTERNAL;
		goto out;
	}
	e = jadwal_get(db, arena, jadwal_id, &j);
	if (e != ERR_OK)
		goto out;
	if (j.end_ms <= now_ms) {
		e = refuse(why, "jadwal_finished");
		goto out;
	}
	for (size_t i = 0; i < j.nasesor; i++)
		if (j.asesor[i].account_id == asesor_id) {
			e = refuse(why, "asesor_already_assigned");
			goto out;
		}
	/* the certificate must still be valid at the session's last instant */
	e = hr_asesor_check(db, asesor_id, j.skema_id, j.end_ms - 1, &hr_why);
	if (e == ERR_CONFLICT)
		e = refuse(why, hr_why);
	if (e != ERR_OK)
		goto out;
	e = jadwal_store_asesor_busy(db, asesor_id, j.start_ms, j.end_ms, j.id, &other);
	if (e == ERR_OK) {
		if (other_jadwal)
			*other_jadwal = other;
		e = refuse(why, "asesor_double_booked");
		goto out;
	}
	if (e != ERR_NOT_FOUND)
		goto out;
	e = jadwal_store_conflict_in_peserta(db, j.id, asesor_id, &found);
	if (e == ERR_OK && found)
		e = refuse(why, "conflict_of_interest");
	if (e != ERR_OK)
		goto out;
	/* The SPT is dated today in the schedule's zone; numbering restarts every year. Inside
	 * BEGIN IMMEDIATE no other writer runs between reading the last number and inserting. */
	jadwal_local_month(now_ms, j.utc_offset_min, &month, &year);
	e = jadwal_store_spt_next(db, lsp_code, year, &seq);
	if (e == ERR_OK && jadwal_spt_format(spt_out, JADWAL_SPT_MAX, seq, lsp_code, month, year))
		e = ERR_INTERNAL;
	if (e == ERR_OK)
		e = jadwal_store_asesor_insert(db, actor, j.id, asesor_id, lsp_code, year, seq,
					       spt_out, now_ms);
out:
	if (e != ERR_OK && spt_out)
		spt_out[0] = '\0';
	arena_free(&arena);
	return e;
}

enum err jadwal_withdraw(struct db *db, int64_t jadwal_id, int64_t asesor_id, int64_t actor,
			 int64_t now_ms, const char **why)
{
	struct arena *arena = arena_new();
	struct jadwal j;
	enum err e;

	if (why)
		*why = NULL;
	e = jadwal_get(db, arena, jadwal_id, &j);
	if (e == ERR_OK && !jadwal_has_asesor(db, jadwal_id, asesor_id))
		e = ERR_NOT_FOUND;
	if (e != ERR_OK)
		goto out;
	if (j.end_ms <= now_ms)
		e = refuse(why, "jadwal_finished"); /* the record of who assessed stays */
	else if (!jadwal_ratio_ok(j.enrolled, (int64_t)j.nasesor - 1, JADWAL_ASESI_PER_ASESOR))
		e = refuse(why, "jadwal_ratio_exceeded");
	else
		e = jadwal_store_asesor_withdraw(db, actor, jadwal_id, asesor_id, now_ms);
out:
	arena_free(&arena);
	return e;
}

enum err jadwal_can_take(struct db *db, int64_t jadwal_id, int64_t asesi_id, const char **why)
{
	struct arena *arena = arena_new();
	struct jadwal j;
	int found = 0;
	enum err e;

	if (why)
		*why = NULL;
	e = jadwal_get(db, arena, jadwal_id, &j);
	if (e != ERR_OK)
		goto out;
	e = jadwal_store_is_enrolled(db, jadwal_id, asesi_id, &found);
	if (e == ERR_OK && found) {
		e = refuse(why, "asesi_already_enrolled");
		goto out;
	}
	if (e != ERR_OK)
		goto out;
	if (j.enrolled >= j.capacity) {
		e = refuse(why, "jadwal_full");
		goto out;
	}
	if (j.nasesor == 0) {
		e = refuse(why, "jadwal_no_asesor");
		goto out;
	}
	if (!jadwal_ratio_ok(j.enrolled + 1, (int64_t)j.nasesor, JADWAL_ASESI_PER_ASESOR)) {
		e = refuse(why, "jadwal_ratio_exceeded");
		goto out;
	}
	e = jadwal_store_conflict_in_asesor(db, jadwal_id, asesi_id, &found);
	if (e == ERR_OK && found) {
		e = refuse(why, "conflict_of_interest");
		goto out;
	}
	if (e == ERR_OK)
		e = jadwal_store_asesi_busy(db, asesi_id, j.start_ms, j.end_ms, j.id, &found);
	if (e == ERR_OK && found)
		e = refuse(why, "asesi_double_booked");
out:
	arena_free(&arena);
	return e;
}
