/* The jadwal module: assessment schedules (batches) — scheme, start in an Indonesian zone,
 * duration, mode, TUK, assessors with their SPT Asesor numbers, capacity — the minimal TUK records
 * schedules need, and conflicts of interest assessors declare. What other modules may call: the
 * descriptor, reading a schedule, the checks and the enrolment the certification module performs
 * when it schedules a case, and the conflict lookup. */
#ifndef UJIKOM_JADWAL_H
#define UJIKOM_JADWAL_H
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "module.h"

struct db;

extern const struct module jadwal_module;

enum jadwal_mode {
	JADWAL_JARAK_JAUH = 0, /* remote (SE.007): needs a TUK verified on the schedule's date */
	JADWAL_TATAP_MUKA = 1, /* face to face */
};

#define JADWAL_SPT_MAX		64 /* an SPT number with its NUL */
#define JADWAL_ASESI_PER_ASESOR 10 /* default ratio: at most 10 asesi per assessor (PSKK 20:2) */

/* An assessor assigned to a schedule (withdrawn assignments are not listed). */
struct jadwal_asesor {
	int64_t account_id;
	const char *spt_number; /* "NNN/ST/<LSP code>/<roman month>/<year>" */
	int64_t assigned_at;	/* UTC ms: the SPT issue time */
};

struct jadwal {
	int64_t id;
	int64_t skema_id;
	int64_t start_ms; /* UTC ms */
	int64_t end_ms;	  /* start + duration */
	int duration_min;
	char zone[5];	    /* "WIB" | "WITA" | "WIT" */
	int utc_offset_min; /* 420 | 480 | 540 */
	enum jadwal_mode mode;
	int capacity;	  /* asesi */
	int64_t enrolled; /* asesi enrolled now */
	int64_t tuk_id;
	const char *tuk_code;
	const char *tuk_name;
	const char *tuk_type;		/* "sewaktu" | "tempat_kerja" | "mandiri" */
	const char *tuk_verified_until; /* YYYY-MM-DD or NULL */
	struct jadwal_asesor *asesor;	/* by assignment time */
	size_t nasesor;
};

/* Reads schedule id into out (strings and the assessor array in arena). ERR_NOT_FOUND, ERR_DB. */
enum err jadwal_get(struct db *db, struct arena *arena, int64_t id, struct jadwal *out);

/* 1 when account_id is an assessor assigned (not withdrawn) to schedule jadwal_id; 0 otherwise,
 * also on a database error (logged). */
int jadwal_has_asesor(struct db *db, int64_t jadwal_id, int64_t account_id);

/* 1 when TUK tuk_id exists (a remote TUK verification session names it); 0 otherwise. */
int jadwal_tuk_exists(struct db *db, int64_t tuk_id);

/* The schedules account_id is assigned to (not withdrawn), newest first: up to max ids into ids;
 * returns how many (0 also on a database error). */
size_t jadwal_of_asesor(struct db *db, int64_t account_id, int64_t *ids, size_t max);

/* May asesi_id be enrolled in schedule jadwal_id now? ERR_OK, or ERR_CONFLICT with *why one of
 * "asesi_already_enrolled", "jadwal_full" (capacity reached), "jadwal_no_asesor" (no assessor
 * assigned yet), "jadwal_ratio_exceeded" (more than JADWAL_ASESI_PER_ASESOR asesi per assigned
 * assessor), "conflict_of_interest" (an assigned assessor declared a conflict with this asesi, or
 * is the asesi), "asesi_double_booked" (the asesi is enrolled in another schedule overlapping in
 * time) — message codes of this module. ERR_NOT_FOUND when the schedule does not exist, ERR_DB.
 * why may be NULL; it is NULL unless ERR_CONFLICT. */
enum err jadwal_can_take(struct db *db, int64_t jadwal_id, int64_t asesi_id, const char **why);

/* (tx) Enrols asesi_id for case case_id in schedule jadwal_id: must be called between db_begin()
 * and db_commit() (the caller's transaction, with the case change); re-checks jadwal_can_take and
 * appends "jadwal.enrol" to the ledger. ERR_CONFLICT when the asesi may not be taken (call
 * jadwal_can_take first for the reason), ERR_NOT_FOUND, ERR_DB; the caller rolls back on error. */
enum err jadwal_enrol(struct db *db, int64_t jadwal_id, int64_t asesi_id, int64_t case_id,
		      int64_t actor, int64_t now);

/* 1 when assessor asesor_id has declared a conflict of interest with asesi asesi_id; 0 when not,
 * also on a database error (logged, so a caller refusing on 1 would let it pass: callers that
 * must be certain use jadwal_can_take). */
int jadwal_conflict_exists(struct db *db, int64_t asesor_id, int64_t asesi_id);

/* Pure: the SPT Asesor number "NNN/ST/<lsp_code>/<roman month>/<year>" (NNN zero-padded to at
 * least 3 digits) into out. 0 ok, -1 when seq < 1, month is not 1..12 or out is too small. */
int jadwal_spt_format(char *out, size_t outsz, int64_t seq, const char *lsp_code, int month,
		      int year);
/* Pure: "I".."XII" for month 1..12, NULL otherwise. */
const char *jadwal_roman_month(int month);

#endif
