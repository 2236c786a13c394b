/* Private to modules/assessment: the session record, its store and the live room. */
#ifndef UJIKOM_ASSESSMENT_INTERNAL_H
#define UJIKOM_ASSESSMENT_INTERNAL_H
#include <jansson.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "module.h"
#include "ws.h"

struct db;
struct request;

#define ASM_PERM_OPEN	 "assessment.session.open"
#define ASM_PERM_OBSERVE "assessment.session.observe"

struct asm_session {
	int64_t id;
	const char *subject; /* "case" | "tuk" */
	int64_t subject_id;
	int64_t jadwal_id; /* 0 none */
	const char *state; /* "open" | "ended" */
	int64_t opened_by, opened_at, ended_at, ended_by;
};

/* asm_store.c */
enum err asm_store_session_get(struct db *db, struct arena *a, int64_t id, struct asm_session *out);
/* The open session of a subject; ERR_NOT_FOUND when none. */
enum err asm_store_session_open_of(struct db *db, int64_t subject_id, const char *subject,
				   int64_t *id);
/* (tx) */
enum err asm_store_session_insert(struct db *db, struct asm_session *s);
enum err asm_store_session_end(struct db *db, int64_t id, int64_t by, int64_t now_ms);
enum err asm_store_participant_add(struct db *db, int64_t session_id, int64_t account_id,
				   const char *role);
/* The role of account in session, or NULL (arena). */
const char *asm_store_participant_role(struct db *db, struct arena *a, int64_t session_id,
				       int64_t account_id);
json_t *asm_store_participants_json(struct db *db, int64_t session_id);
/* (tx when the caller holds one) Appends a timeline event; offset from the session's start. */
enum err asm_store_event_add(struct db *db, const struct asm_session *s, const char *kind,
			     int64_t actor, const char *detail, int64_t now_ms);
json_t *asm_store_events_json(struct db *db, int64_t session_id);
json_t *asm_store_sessions_of_json(struct db *db, const char *subject, int64_t subject_id);
json_t *asm_session_json(const struct asm_session *s);

/* asm_http.c */
enum err asm_h_session_open(struct request *req);
enum err asm_h_session_get(struct request *req);
enum err asm_h_sessions_list(struct request *req);
enum err asm_h_session_end(struct request *req);
enum err asm_h_event_add(struct request *req);
/* The caller's part in a session: "asesor", "asesi", ..., "pengamat" (observer with the
 * permission) or NULL (not allowed). */
const char *asm_access(struct db *db, struct arena *a, const struct asm_session *s,
		       int64_t account_id, int may_observe);
/* Whether kind is an event the assessor may record, and the events the server records itself. */
int asm_event_kind_ok(const char *kind);

/* asm_room.c: the live room channel "sesi" */
extern const struct ws_channel asm_room_channel;
/* Pushes the room state (who is present) to everyone in session id's room. */
void asm_room_push_state(struct app *app, int64_t session_id);

#endif
