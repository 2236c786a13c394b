/* Declarations shared by the files of the appeal module only. */
#ifndef UJIKOM_APPEAL_INTERNAL_H
#define UJIKOM_APPEAL_INTERNAL_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "appeal.h"
#include "arena.h"
#include "err.h"
#include "request.h"

struct app;
struct db;

#define APPEAL_PERM_FILE   "appeal.file"
#define APPEAL_PERM_MANAGE "appeal.manage"
#define APPEAL_PERM_DECIDE "appeal.decide"
#define APPEAL_PERM_READ   "appeal.read"

#define APPEAL_TEAM_MAX 7

struct appeal {
	int64_t id;
	int64_t case_id;
	int64_t asesi_id;
	enum appeal_state state;
	const char *form_json; /* arena */
	const char *form_sha256;
	const char *sign_method;
	int64_t filed_at;
	int64_t due_at;
	const char *outcome; /* NULL until upheld */
	int64_t outcome_case_id;
	int64_t decided_at;
	const char *decision_note;
	int64_t updated_at;
};

/* --- appeal_store.c (appeals, appeal_team, appeal_events) --- */

/* (tx) Inserts a FILED appeal and its appeal_file event; a->id gets the new id. ERR_CONFLICT when
 * the case has an open appeal already. */
enum err appeal_store_insert(struct db *db, struct appeal *a, int64_t actor);
/* ERR_NOT_FOUND when absent. Strings live in arena. */
enum err appeal_store_get(struct db *db, struct arena *arena, int64_t id, struct appeal *out);
/* *id gets the open (undecided) appeal of a case, 0 when none. */
enum err appeal_store_open_for_case(struct db *db, int64_t case_id, int64_t *id);
/* (tx) Moves an appeal from -> to and records the event; ERR_CONFLICT when it is no longer in
 * from. Decisions pass outcome (may be NULL), outcome_case_id, decided_at and note. */
enum err appeal_store_move(struct db *db, int64_t id, enum appeal_state from, enum appeal_state to,
			   const char *event, int64_t actor, const char *note, const char *outcome,
			   int64_t outcome_case_id, int decides, int64_t now_ms);
/* (tx) Adds one team member. ERR_CONFLICT when already a member. */
enum err appeal_store_team_add(struct db *db, int64_t id, int64_t account_id, int64_t actor,
			       int64_t now_ms);
/* 1 when account_id is on the appeal's team. */
int appeal_store_is_member(struct db *db, int64_t id, int64_t account_id);
/* The team as a JSON array of account ids (new reference). */
json_t *appeal_store_team_json(struct db *db, int64_t id);
/* The timeline [{event, from, to, actor_id, note, at}] (new reference); with_notes 0 leaves the
 * notes out (the asesi does not see the team's internal notes). */
json_t *appeal_store_events_json(struct db *db, int64_t id, int with_notes);
/* Appeals, newest first: asesi_id 0 for all; overdue 1 for open appeals past due at now_ms.
 * *total counts them all. Each row as appeal_row_json (without timeline). */
enum err appeal_store_list(struct db *db, struct arena *arena, int64_t asesi_id, int overdue,
			   int64_t now_ms, int64_t offset, int64_t limit, struct appeal **out,
			   size_t *n, int64_t *total);

/* --- appeal_deadline.c --- */

/* The end (UTC ms) of the n-th working day after the day of from_ms in the LSP's zone
 * (cfg->timezone), skipping weekends and the built-in default holidays. */
int64_t appeal_due_at(const struct app *app, int64_t from_ms, int working_days);
/* Working days left from the day of now_ms to the day of due_ms (negative when past). */
int appeal_workdays_left(const struct app *app, int64_t now_ms, int64_t due_ms);

/* --- appeal_sop.c --- */

/* The embedded sop/banding-jarak-jauh.md text. */
const char *appeal_sop_markdown(void);
/* The SOP's steps [{code, title, events[]}] (new reference), parsed from the embedded text. */
json_t *appeal_sop_steps_json(void);

/* --- appeal_view.c --- */

/* An appeal as JSON for the caller: fields, due date, overdue flag, working days left, receipt
 * number; full 1 adds the timeline, team (staff), FR.AK.04 data, SOP progress and allowed steps. */
json_t *appeal_json(struct request *req, const struct appeal *a, int full);
/* Loads an appeal the caller may see (appellant, appeal.read holder or team member); ERR_NOT_FOUND
 * set on the request otherwise. */
enum err appeal_load_visible(struct request *req, struct appeal *out);
/* appeal_team_http.c */
enum err appeal_h_candidates(struct request *req);

/* --- handlers --- */
enum err appeal_h_sop(struct request *req);	    /* appeal_http.c */
enum err appeal_h_transitions(struct request *req); /* appeal_http.c */
enum err appeal_h_list(struct request *req);	    /* appeal_http.c */
enum err appeal_h_get(struct request *req);	    /* appeal_http.c */
enum err appeal_h_file(struct request *req);	    /* appeal_file_http.c */
enum err appeal_h_event(struct request *req);	    /* appeal_event_http.c */

#endif
