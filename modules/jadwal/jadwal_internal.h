/* Declarations shared by the files of the jadwal module only (handlers, store, rules, demo). */
#ifndef UJIKOM_JADWAL_INTERNAL_H
#define UJIKOM_JADWAL_INTERNAL_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "jadwal.h"
#include "request.h"

struct app;
struct db;

/* Permissions (perm_def in jadwal_module.c). */
#define JADWAL_PERM_READ	     "jadwal.read"
#define JADWAL_PERM_READ_ALL	     "jadwal.all.read" /* without it: only own schedules */
#define JADWAL_PERM_MANAGE	     "jadwal.manage"
#define JADWAL_PERM_CONFLICT_DECLARE "jadwal.conflict.declare"

/* Limits. */
#define JADWAL_PAGE_SIZE    50
#define JADWAL_DURATION_MIN 15				  /* minutes */
#define JADWAL_DURATION_MAX 4320			  /* minutes: three days */
#define JADWAL_CAPACITY_MAX 500				  /* asesi in one batch */
#define JADWAL_AHEAD_MAX_MS (INT64_C(2) * 366 * 86400000) /* a start at most 2 years ahead */
#define JADWAL_LOCAL_LEN    17				  /* "YYYY-MM-DDTHH:MM" with the NUL */
#define JADWAL_TUK_CODE_MAX 32
#define JADWAL_TUK_NAME_MAX 200
#define JADWAL_TUK_ADDR_MAX 500
#define JADWAL_REASON_MAX   1000
#define JADWAL_TUK_MAX	    1000 /* TUKs listed at once */

extern const char *const jadwal_mode_names[2];	   /* "jarak_jauh" "tatap_muka" */
extern const char *const jadwal_zone_names[3];	   /* "WIB" "WITA" "WIT" */
extern const char *const jadwal_tuk_type_names[3]; /* "sewaktu" "tempat_kerja" "mandiri" */

/* --- jadwal_logic.c (pure) --- */

/* Parses a local date-time "YYYY-MM-DDTHH:MM" at utc_offset_min east of UTC into UTC ms.
 * 0 ok, -1 malformed (not a real date, hour > 23, minute > 59). */
int jadwal_local_parse(const char *s, int utc_offset_min, int64_t *utc_ms);
/* The local date-time "YYYY-MM-DDTHH:MM" of an instant into out (JADWAL_LOCAL_LEN bytes). */
void jadwal_local_format(int64_t utc_ms, int utc_offset_min, char *out, size_t outsz);
/* The month (1..12) and year of an instant's local date. */
void jadwal_local_month(int64_t utc_ms, int utc_offset_min, int *month, int *year);
/* 1 when [a_start, a_end) and [b_start, b_end) share at least one instant. */
int jadwal_overlaps(int64_t a_start, int64_t a_end, int64_t b_start, int64_t b_end);
/* 1 when asesi asesi can be served by nasesor assessors at per_asesor each (0 assessors serve
 * none). */
int jadwal_ratio_ok(int64_t asesi, int64_t nasesor, int per_asesor);
/* 1 when a TUK verified until the date verified_until (YYYY-MM-DD; NULL = never verified) covers a
 * session ending at end_ms: the local date of its last instant is not after that date. */
int jadwal_tuk_covers(const char *verified_until, int64_t end_ms, int utc_offset_min);
/* NULL when code is a TUK code (2..32 of A-Z a-z 0-9 . _ - / starting with a letter or digit),
 * else "tuk_code_invalid". */
const char *jadwal_tuk_code_check(const char *code);

/* --- jadwal_store.c: schedules and enrolment --- */

struct jadwal_new {
	int64_t skema_id;
	int64_t start_ms, end_ms;
	int duration_min;
	const char *zone;
	enum jadwal_mode mode;
	int64_t tuk_id;
	int capacity;
};

struct jadwal_peserta {
	int64_t asesi_id;
	int64_t case_id;
	int64_t enrolled_at;
};

/* (tx) Adds a schedule; appends "jadwal.create". */
enum err jadwal_store_insert(struct db *db, int64_t actor, const struct jadwal_new *j,
			     int64_t now_ms, int64_t *id_out);
/* A page of schedule ids ordered by start: asesor_id > 0 keeps only that assessor's (active
 * assignments); skema_id > 0 only that scheme's; only those ending after from_ms. */
enum err jadwal_store_list(struct db *db, struct arena *arena, int64_t asesor_id, int64_t skema_id,
			   int64_t from_ms, int64_t offset, int64_t limit, int64_t **ids, size_t *n,
			   int64_t *total);
/* The asesi enrolled in a schedule, by enrolment time. */
enum err jadwal_store_peserta(struct db *db, struct arena *arena, int64_t jadwal_id,
			      struct jadwal_peserta **out, size_t *n);
/* *found = 1 when asesi_id is enrolled in a schedule other than except_jadwal overlapping
 * [start_ms, end_ms). */
enum err jadwal_store_asesi_busy(struct db *db, int64_t asesi_id, int64_t start_ms, int64_t end_ms,
				 int64_t except_jadwal, int *found);
/* The first schedule (by id) held at TUK tuk_id, or ERR_NOT_FOUND. */
enum err jadwal_store_first_at_tuk(struct db *db, int64_t tuk_id, int64_t *id);
/* *found = 1 when asesi_id is enrolled in jadwal_id. */
enum err jadwal_store_is_enrolled(struct db *db, int64_t jadwal_id, int64_t asesi_id, int *found);

/* --- jadwal_asesor_store.c: assignments, SPT numbers, conflicts of interest --- */

/* The first schedule other than except_jadwal in which asesor_id holds an active assignment
 * overlapping [start_ms, end_ms) into *other; ERR_NOT_FOUND when none. */
enum err jadwal_store_asesor_busy(struct db *db, int64_t asesor_id, int64_t start_ms,
				  int64_t end_ms, int64_t except_jadwal, int64_t *other);
/* The next SPT sequence number for lsp_code in year (1 for the first). Call inside the
 * transaction that inserts it, so the number is gapless and never given twice. */
enum err jadwal_store_spt_next(struct db *db, const char *lsp_code, int year, int64_t *seq);
/* (tx) Records an assignment with its SPT; appends "jadwal.asesor.assign". ERR_CONFLICT when the
 * assessor is assigned already or the number is taken. */
enum err jadwal_store_asesor_insert(struct db *db, int64_t actor, int64_t jadwal_id,
				    int64_t asesor_id, const char *lsp_code, int year, int64_t seq,
				    const char *spt_number, int64_t now_ms);
/* (tx) Withdraws an active assignment (the SPT number stays in the register); appends
 * "jadwal.asesor.withdraw". ERR_NOT_FOUND when there is none. */
enum err jadwal_store_asesor_withdraw(struct db *db, int64_t actor, int64_t jadwal_id,
				      int64_t asesor_id, int64_t now_ms);
/* (tx) Records asesor_id's declaration of a conflict with asesi_id; appends
 * "jadwal.conflict.declare". ERR_CONFLICT when declared already. */
enum err jadwal_store_conflict_insert(struct db *db, int64_t asesor_id, int64_t asesi_id,
				      const char *reason, int64_t now_ms, int64_t *id_out);
/* *found = 1 when an asesi enrolled in jadwal_id is asesor_id or has a declared conflict with
 * asesor_id. */
enum err jadwal_store_conflict_in_peserta(struct db *db, int64_t jadwal_id, int64_t asesor_id,
					  int *found);
/* *found = 1 when an assessor assigned to jadwal_id is asesi_id or declared a conflict with
 * asesi_id. */
enum err jadwal_store_conflict_in_asesor(struct db *db, int64_t jadwal_id, int64_t asesi_id,
					 int *found);
/* Schedules where asesor_id is assigned and asesi_id enrolled (ids ascending). */
enum err jadwal_store_shared(struct db *db, struct arena *arena, int64_t asesor_id,
			     int64_t asesi_id, int64_t **ids, size_t *n);

/* --- jadwal_tuk_store.c --- */

struct jadwal_tuk {
	int64_t id;
	const char *code;
	const char *name;
	const char *type;
	const char *address;
	const char *verified_until; /* NULL: not verified */
	int64_t created_at, updated_at;
};

/* (tx) Adds a TUK; appends "jadwal.tuk.create". ERR_CONFLICT when the code exists. */
enum err jadwal_tuk_insert(struct db *db, int64_t actor, const struct jadwal_tuk *t, int64_t now_ms,
			   int64_t *id_out);
/* (tx) Replaces name, type, address and verified_until (not the code); appends
 * "jadwal.tuk.update". ERR_NOT_FOUND. */
enum err jadwal_tuk_update(struct db *db, int64_t actor, const struct jadwal_tuk *t,
			   int64_t now_ms);
/* ERR_NOT_FOUND when absent. */
enum err jadwal_tuk_get(struct db *db, struct arena *arena, int64_t id, struct jadwal_tuk *out);
/* The id of the TUK with code, or ERR_NOT_FOUND. */
enum err jadwal_tuk_by_code(struct db *db, const char *code, int64_t *id);
/* Every TUK by code (at most JADWAL_TUK_MAX). */
enum err jadwal_tuk_list(struct db *db, struct arena *arena, struct jadwal_tuk **out, size_t *n);

/* --- jadwal_guard.c: the rules of assignment --- */

/* (tx) Assigns asesor_id to schedule jadwal_id and issues its SPT Asesor number (written to
 * spt_out, JADWAL_SPT_MAX bytes): the sequence is per lsp_code and per year of now_ms's date in
 * the schedule's zone, allocated in this transaction. Refusals are ERR_CONFLICT with *why:
 * "jadwal_finished", "asesor_already_assigned", the codes of hr_asesor_check (on the schedule's
 * last instant), "asesor_double_booked" (*other_jadwal says where), "conflict_of_interest".
 * ERR_NOT_FOUND when the schedule does not exist. */
enum err jadwal_assign(struct db *db, const char *lsp_code, int64_t jadwal_id, int64_t asesor_id,
		       int64_t actor, int64_t now_ms, char *spt_out, const char **why,
		       int64_t *other_jadwal);
/* (tx) Withdraws asesor_id from schedule jadwal_id. ERR_NOT_FOUND when not assigned;
 * ERR_CONFLICT with *why "jadwal_ratio_exceeded" when the remaining assessors could not serve
 * the enrolled asesi, or "jadwal_finished". */
enum err jadwal_withdraw(struct db *db, int64_t jadwal_id, int64_t asesor_id, int64_t actor,
			 int64_t now_ms, const char **why);

/* --- jadwal_http.c: helpers shared by the handlers --- */

/* Commits when e is ERR_OK (returning the commit's result), otherwise rolls back and returns e. */
enum err jadwal_tx_end(struct db *db, enum err e);
/* Sets the response for an unexpected error from a store call. */
enum err jadwal_fail(struct request *req, enum err e);
/* The JSON view of a TUK. */
json_t *jadwal_tuk_json(const struct jadwal_tuk *t);

/* --- handlers --- */
enum err jadwal_h_list(struct request *req); /* jadwal_http.c */
enum err jadwal_h_create(struct request *req);
enum err jadwal_h_get(struct request *req);
enum err jadwal_h_asesor_assign(struct request *req); /* jadwal_asesor_http.c */
enum err jadwal_h_asesor_withdraw(struct request *req);
enum err jadwal_h_conflict_declare(struct request *req);
enum err jadwal_h_tuk_list(struct request *req); /* jadwal_tuk_http.c */
enum err jadwal_h_tuk_create(struct request *req);
enum err jadwal_h_tuk_update(struct request *req);

/* --- jadwal_demo.c --- */
enum err jadwal_demo_seed(struct app *app, struct db *db);

/* The OpenAPI schemas fragment (jadwal_openapi.c). */
extern const char jadwal_openapi_schemas[];

#endif
