/* Private to modules/certification: the case record and the store/logic split. */
#ifndef UJIKOM_CERT_INTERNAL_H
#define UJIKOM_CERT_INTERNAL_H
#include <jansson.h>
#include <stdint.h>

#include "arena.h"
#include "cert_fsm.h"
#include "err.h"
#include "module.h"

struct db;
struct request;

struct cert_case {
	int64_t id;
	int64_t asesi_id;
	int64_t skema_id;
	const char *purpose;
	enum cert_state state;
	int64_t jadwal_id; /* 0 none */
	int64_t muk_version_id;
	int64_t parent_case_id;
	const char *recommendation; /* "K", "BK" or NULL */
	int potensi;		    /* FR.MAPA.01 potential category 1..5; 0 until the plan */
	int64_t state_since, due_at, created_at, updated_at;
};

/* cert_store.c: all of the module's SQL */
enum err cert_store_case_insert(struct db *db, const struct cert_case *c, int64_t *id);
enum err cert_store_case_get(struct db *db, struct arena *a, int64_t id, struct cert_case *out);
enum err cert_store_open_case_exists(struct db *db, int64_t asesi_id, int64_t skema_id, int *yes);
/* Moves a case from->to (refused with ERR_CONFLICT if it is no longer in from) and records the
 * event; the caller holds the transaction and appends the ledger entry. */
enum err cert_store_case_move(struct db *db, int64_t case_id, enum cert_state from,
			      enum cert_state to, const char *event, int64_t actor, int64_t form_id,
			      const char *note, int64_t due_at, int64_t now_ms);
enum err cert_store_case_set_jadwal(struct db *db, int64_t case_id, int64_t jadwal_id);
enum err cert_store_case_set_muk(struct db *db, int64_t case_id, int64_t version_id);
enum err cert_store_case_set_potensi(struct db *db, int64_t case_id, int potensi);
/* rec "K", "BK" or NULL */
enum err cert_store_case_set_recommendation(struct db *db, int64_t case_id, const char *rec);
/* 1 when account took a step of the case or signed any of its forms: independence for the
 * committee (cert_http.c also counts the schedule's assessors). */
enum err cert_store_actor_involved(struct db *db, int64_t case_id, int64_t account_id, int *yes);
json_t *cert_store_case_events_json(struct db *db, int64_t case_id);
/* Cases as a JSON array: of one asesi (asesi_id > 0) or all (0), optionally in one state. */
/* overdue_at > 0: only cases whose deadline passed before that time. */
/* Appends the cases of one schedule (optionally in one state) to arr, oldest first. */
void cert_store_cases_of_jadwal(struct db *db, int64_t jadwal_id, const char *state, json_t *arr);
json_t *cert_store_cases_json(struct db *db, int64_t asesi_id, const char *state,
			      int64_t overdue_at, int64_t limit, int64_t offset, int64_t *total);

/* A signed form part (cert_case_forms). */
struct cert_form_part {
	int64_t id;
	int64_t version;
	const char *data; /* canonical JSON */
	const char *sha256;
	int64_t signed_by, signed_at;
	const char *case_state;
};
/* The latest signed version of (case, code, role); ERR_NOT_FOUND when none. */
enum err cert_store_form_latest(struct db *db, struct arena *a, int64_t case_id, const char *code,
				const char *role, struct cert_form_part *out);
/* (tx) Stores a new signed version superseding the latest (if any); *id gets its row id. */
enum err cert_store_form_insert(struct db *db, int64_t case_id, const char *code, const char *role,
				const char *data, const char *sha256, int64_t signer,
				const char *method, const char *case_state, int64_t now_ms,
				int64_t *id, int64_t *version);
/* include_data: 0 none, 1 every part, 2 what an asesi may read (own parts whole, staff parts
 * without their staff-only fields such as internal notes) */
json_t *cert_store_forms_json(struct db *db, int64_t case_id, int include_data);

/* cert_context.c: {"requirements": [...], "units": [...], "skema": {...}} (new reference) */
json_t *cert_case_context(struct db *db, const struct cert_case *c);

/* cert_instrument_store.c: the online answer sheets of IA.05 / IA.06 */
struct cert_sheet {
	int64_t case_id;
	const char *instrument; /* "ia05" | "ia06" */
	int64_t muk_version_id;
	int64_t started_at, deadline_at, saved_at, final_at; /* final_at 0 while open */
	int64_t revision;				     /* number of saves */
	const char *answers;				     /* canonical JSON array */
	const char *final_by;				     /* "asesi" | "timeout" | NULL */
	const char *sign_method, *sha256;		     /* once final */
};
enum err cert_store_sheet_get(struct db *db, struct arena *a, int64_t case_id,
			      const char *instrument, struct cert_sheet *out);
enum err cert_store_sheet_start(struct db *db, const struct cert_sheet *s);
/* ERR_CONFLICT when the sheet is final or its revision is no longer expect_revision. */
enum err cert_store_sheet_save(struct db *db, int64_t case_id, const char *instrument,
			       const char *answers, int64_t expect_revision, int64_t now_ms);
/* ERR_CONFLICT when already final. method may be NULL (closed by the clock). */
enum err cert_store_sheet_finalize(struct db *db, int64_t case_id, const char *instrument,
				   const char *answers, const char *by, const char *method,
				   const char *sha256, int64_t now_ms);
/* Up to max open sheets whose deadline is before before_ms (instrument names in a). */
enum err cert_store_sheets_expired(struct db *db, int64_t before_ms, int64_t *case_ids,
				   const char **instruments, struct arena *a, size_t max,
				   size_t *n);

/* cert_retention.c: the module's purge hook (evidence files past the case's keeping period) */
enum err cert_purge(struct app *app, struct db *db, int64_t now_ms, int dry_run, json_t *report);

/* cert_batch_http.c */
enum err cert_h_batch_get(struct request *req);

/* cert_instrument_http.c */
enum err cert_h_instruments_get(struct request *req);
enum err cert_h_sheet_start(struct request *req);
enum err cert_h_sheet_save(struct request *req);
enum err cert_h_sheet_submit(struct request *req);
enum err cert_h_instrument_result(struct request *req);
/* The guard instruments_complete: every instrument of the case's plan has the assessor's signed
 * result from this stage; else 409 naming the missing forms. */
enum err cert_instruments_complete(struct request *req, const struct cert_case *c);
/* Closes the open sheets whose time ran out (module tick). */
void cert_sheets_tick(struct app *app, int64_t now_ms);

/* cert_form_rules.c: rules across the fields of a part, after cert_form_validate (422 naming
 * the field). */
struct cert_form;
enum err cert_form_rules(struct request *req, const struct cert_form *f, const char *role,
			 json_t *data);

/* cert_sign_http.c: signing a part, shared with the instrument results (cert_instrument_http.c) */
struct cert_form;
struct cert_sign_job {
	int64_t case_id;
	enum cert_state state; /* the stage the part is signed in; refused if it moved meanwhile */
	const char *code, *role, *method;
	char *canonical; /* owned by the request arena (cert_sign_job_set_data) */
	size_t len;
};
/* Sets j's canonical JSON from data (freed with the request). */
void cert_sign_job_set_data(struct request *req, struct cert_sign_job *j, json_t *data);
/* The auth_confirm_signer() continuation: stores the part (new version), appends
 * "cert.form.sign" to the ledger in the same transaction, answers 201 {id, code, role, version,
 * sha256}; 409 case_moved when the stage changed while the signer confirmed. */
enum err cert_sign_confirmed(struct request *req, void *arg, const char *method);
enum err cert_sign_commit(struct request *req, struct cert_sign_job *j);
/* May the caller sign part `role` of form f on case c now (see cert_sign_http.c)? */
int cert_sign_role_allowed(struct request *req, const struct cert_case *c,
			   const struct cert_form *f, const char *role, int owner, int asesor);

/* cert_http.c: shared with the other handlers of the module */
enum err cert_load_visible(struct request *req, struct cert_case *c, int *is_owner, int *is_asesor);

/* The role whose part of form f the actor of transition t fills ("asesi", "asesor", or the
 * form's first staff part such as "admin_lsp"); NULL when the form has none. */
const char *cert_actor_part_role(const struct cert_form *f, const struct cert_transition *t);

/* cert_deadline.c */
struct app;
/* End (local time, UTC ms) of the working day `working_days` after today; 0 for none. */
int64_t cert_due_at(struct app *app, struct db *db, int64_t now_ms, int working_days);
enum err cert_holidays_seed(struct app *app);
enum err cert_h_holidays_list(struct request *req);
enum err cert_h_holiday_add(struct request *req);
enum err cert_h_holiday_remove(struct request *req);

/* cert_decision.c */
/* The decision of a case: result "K"/"BK" (NULL when none), time, SK (arena). ERR_OK either way. */
enum err cert_store_decision_get(struct db *db, struct arena *a, int64_t case_id,
				 const char **result, int64_t *decided_at, const char **sk);
/* Replaces the decision of a case (an upheld appeal); the old one stays in the ledger. */
enum err cert_store_decision_amend(struct db *db, int64_t case_id, const char *result,
				   const char *sk, const char *minutes, int64_t by, int64_t now);
int cert_date_add_months(const char *date, int months, char *out, size_t n);
enum err cert_store_decision_insert(struct db *db, int64_t case_id, const char *result,
				    const char *sk, const char *minutes, int64_t by, int64_t now);
/* ERR_CONFLICT with *taken_field naming the first number already recorded. */
enum err cert_store_certificate_numbers_free(struct db *db, const char *cert_no, const char *reg_no,
					     const char *blanko_no, const char **taken_field);
enum err cert_store_certificate_insert(struct db *db, int64_t case_id, const char *cert_no,
				       const char *reg_no, const char *blanko_no, const char *issue,
				       const char *until, int64_t by, int64_t now);
/* The certificate's valid-until date ("YYYY-MM-DD") into out, "" when none. */
void cert_store_certificate_until(struct db *db, int64_t case_id, char *out, size_t n);
/* {"decision": {...}, "certificate": {...}} as far as they exist (new reference). */
json_t *cert_store_outcome_json(struct db *db, int64_t case_id);
enum err cert_store_batch_feedback_done(struct db *db, int64_t jadwal_id, int *all_done);

/* cert_case.c */
json_t *cert_case_json(const struct cert_case *c);

/* cert_http.c: handlers */
enum err cert_h_case_create(struct request *req);
enum err cert_h_cases_list(struct request *req);
enum err cert_h_case_get(struct request *req);
enum err cert_h_case_event(struct request *req);
enum err cert_h_transitions(struct request *req);
enum err cert_h_form_sign(struct request *req);
enum err cert_h_forms_list(struct request *req);

#endif
