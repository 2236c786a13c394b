/* Private to modules/assessment: the session record, its store and the live room. */
#ifndef UJIKOM_ASSESSMENT_INTERNAL_H
#define UJIKOM_ASSESSMENT_INTERNAL_H
#include <jansson.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "module.h"
#include "ws.h"

struct buf;
struct config;
struct db;
struct request;

#define ASM_PERM_OPEN	 "assessment.session.open"
#define ASM_PERM_OBSERVE "assessment.session.observe"
#define ASM_PERM_VIEW	 "assessment.recording.view"
#define ASM_PERM_PURGE	 "assessment.recording.purge"
#define ASM_PERM_TUK	 "assessment.tuk.verify"
#define ASM_PERM_STORAGE "assessment.storage.read"
#define ASM_PERM_ALERT	 "assessment.storage.alert"

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
/* Ids of a subject's sessions above after, in id order (up to max: a page). */
size_t asm_store_session_ids_of(struct db *db, const char *subject, int64_t subject_id,
				int64_t after, int64_t *ids, size_t max);
json_t *asm_session_json(const struct asm_session *s);

/* asm_http.c */
enum err asm_h_session_open(struct request *req);
enum err asm_h_session_get(struct request *req);
enum err asm_h_sessions_list(struct request *req);
enum err asm_h_session_end(struct request *req);
enum err asm_h_event_add(struct request *req);
/* The session's participants [{account_id, role, name}] (names looked up for the reply). */
json_t *asm_participants_named(struct request *req, int64_t session_id);
/* The caller's part in a session: "asesor", "asesi", ..., "pengamat" (observer with the
 * permission) or NULL (not allowed). */
const char *asm_access(struct db *db, struct arena *a, const struct asm_session *s,
		       int64_t account_id, int may_observe);
/* The session of the route's :id that the caller may see and their part in it (participants,
 * and observers with the permission); others get 404 (set on req). */
enum err asm_session_visible(struct request *req, struct asm_session *s, const char **role);

/* asm_ice.c: STUN/TURN servers with a time-limited TURN credential for a session's pages */
enum err asm_h_ice(struct request *req);

/* Whether kind is an event the assessor may record, and the events the server records itself. */
int asm_event_kind_ok(const char *kind);

/* A recording of one participant's camera or screen (asm_recordings). */
struct asm_recording {
	int64_t id, session_id, account_id;
	const char *track, *mime, *state; /* state: "recording" | "final" | "failed" */
	int64_t next_seq, bytes, started_at, last_chunk_at, ended_at;
	const char *raw_sha256, *final_sha256, *error;
	int64_t final_bytes, duration_ms;
	int truncated, has_cues;
	int64_t purged_at;	   /* 0 while kept */
	const char *poster_sha256; /* the JPEG poster's blob, NULL when there is none */
};
enum err asm_store_recording_get(struct db *db, struct arena *a, int64_t id,
				 struct asm_recording *out);
enum err asm_store_recording_insert(struct db *db, int64_t session_id, int64_t account_id,
				    const char *track, const char *mime, int64_t now_ms,
				    int64_t *id);
/* Counts chunk seq of len bytes if seq is still the next one (ERR_CONFLICT otherwise). */
enum err asm_store_recording_advance(struct db *db, int64_t id, int64_t seq, int64_t len,
				     int64_t now_ms);
/* Marks a recording final (hashes, sizes, duration) or failed (error); ERR_CONFLICT when it was
 * no longer recording. */
enum err asm_store_recording_final(struct db *db, int64_t id, const struct asm_recording *r,
				   int64_t now_ms);
/* Ids of recordings still "recording" that are due for finalising: idle since before idle_before,
 * or of a session that ended before ended_before with no chunk since then. */
size_t asm_store_recordings_open(struct db *db, int64_t idle_before, int64_t ended_before,
				 int64_t *ids, size_t max);
/* Ids of open sessions (up to max). */
size_t asm_store_sessions_open(struct db *db, int64_t *ids, size_t max);
size_t asm_store_recordings_of_session(struct db *db, int64_t session_id, int64_t *ids, size_t max);
json_t *asm_store_recordings_json(struct db *db, int64_t session_id);
/* (tx) Marks a recording purged (its files go after the commit). */
enum err asm_store_recording_purged(struct db *db, int64_t id, int64_t now_ms);
/* Ids of final recordings not purged yet, above after in id order. */
size_t asm_store_recordings_purgeable(struct db *db, int64_t after, int64_t *ids, size_t max);
/* Ids of recordings not purged, above after in id order (a page of the storage report). */
size_t asm_store_recordings_kept_after(struct db *db, int64_t after, int64_t *ids, size_t max);
/* Bytes of the recordings not purged: raw and final files (the quota's "used"). */
enum err asm_store_recordings_bytes(struct db *db, int64_t *out);
/* The stored storage level and the level the admins were told ("ok" | "warning" | "full";
 * arena); ERR_NOT_FOUND before the first evaluation. */
enum err asm_store_storage_state_get(struct db *db, struct arena *a, const char **level,
				     const char **notified);
/* (tx) Stores both levels; notify: the admins are being told now (notified_at). */
enum err asm_store_storage_state_put(struct db *db, const char *level, const char *notified,
				     int notify, int64_t now_ms);

/* asm_retention.c */
struct asm_retention_info {
	const char *until;   /* "YYYY-MM-DD" (arena), NULL while undecided */
	const char *held_by; /* "undecided" | "appeal" | "tuk" | NULL */
};
enum err asm_retention(struct db *db, struct arena *a, const struct asm_session *s,
		       struct asm_retention_info *out);
/* 1 when the keeping period is over (not held, and today in UTC is after until). */
int asm_retention_over(const struct asm_retention_info *r, int64_t now_ms);
json_t *asm_retention_json(const struct asm_retention_info *r);
enum err asm_purge(struct app *app, struct db *db, int64_t now_ms, int dry_run, json_t *report);
enum err asm_h_recording_delete(struct request *req);
enum err asm_h_storage(struct request *req);

/* The module's WebSocket channels (assessment_module.c): the room "sesi" and the ingest
 * "rekam". The room code refers to its channel by address (ws_room_foreach). */
extern const struct ws_channel asm_channels[];
#define asm_room_channel (asm_channels[0])
#define asm_rec_channel	 (asm_channels[1])
#define ASM_CHUNK_MAX	 (4 * 1024 * 1024) /* one MediaRecorder timeslice, generously */

/* asm_rec.c: the ingest channel "rekam" */
enum err asm_rec_authorize(struct app *app, const struct principal *who, const struct ws_args *args,
			   void **conn_data);
void asm_rec_open(struct ws_conn *c);
void asm_rec_binary(struct ws_conn *c, const void *data, size_t len);
void asm_rec_text(struct ws_conn *c, const char *text, size_t len);
void asm_rec_close(struct ws_conn *c);
/* "<data_dir>/recordings/<rec_id><suffix>" into out; -1 when it does not fit. */
int asm_rec_path(const struct app *app, int64_t rec_id, const char *suffix, char *out, size_t n);

/* asm_manifest.c */
/* Seals the manifest of an ended session whose recordings are all final or failed (own
 * transaction, with its ledger entry). ERR_CONFLICT: not complete yet, or sealed before. */
enum err asm_manifest_seal(struct db *db, int64_t session_id, int64_t now_ms);
/* {"manifest": {...}, "sha256", "sealed_at"} or NULL when not sealed. */
json_t *asm_manifest_json(struct db *db, int64_t session_id);
/* The sealed manifest's SHA-256 (arena) and seal time; ERR_NOT_FOUND when not sealed yet. */
enum err asm_manifest_sha256(struct db *db, struct arena *a, int64_t session_id, const char **sha,
			     int64_t *sealed_at);
enum err asm_h_manifest_get(struct request *req);

/* asm_play_http.c: watching recordings */
/* 1 when the caller may watch session s's recordings: its assessors (verifier), holders of
 * assessment.recording.view, and its other participants when recording_asesi_view is on. The one
 * check of the video, the poster and the case's list of recordings. */
int asm_may_watch(struct request *req, const struct asm_session *s);
/* Adds "poster" (its URL) to each entry of a recordings array (asm_store_recordings_json) that has
 * a poster still kept; call it only for a caller who may watch. */
void asm_recordings_add_posters(json_t *recs);
enum err asm_h_recording_video(struct request *req);
enum err asm_h_recording_poster(struct request *req);
enum err asm_h_recordings_of_case(struct request *req);

/* asm_finalize.c */
/* Queues the finalising of a recording on a worker; conn (0 for none) gets {"type":"final"}. */
void asm_finalize_start(struct app *app, int64_t rec_id, uint64_t conn);
/* Module hooks: at start-up finalise what a crash left recording (init); finalise recordings idle
 * for longer than the configured time (tick). */
enum err asm_init(struct app *app);
void asm_tick(struct app *app, int64_t now_ms);

/* asm_quota.c: storage limits of recordings (quota, free disk), kept by the service thread */
enum asm_refuse { ASM_RF_QUOTA, ASM_RF_DISK, ASM_RF_TOO_BIG, ASM_RF_TOO_MANY, ASM_RF__COUNT };
struct asm_storage;
/* The module's storage state; NULL before init and after cleanup. */
struct asm_storage *asm_storage(struct app *app);
/* Counts the bytes of the kept recordings, measures the disk, reads the stored level and
 * evaluates (init); frees it (cleanup); recounts on a worker (tick). */
enum err asm_storage_init(struct app *app);
void asm_storage_cleanup(struct app *app);
void asm_storage_tick(struct app *app);
/* bytes more are used (an acknowledged chunk; 0 after a refusal) and the disk has free_disk
 * free (-1: not measured): evaluates the levels and tells what rose. */
void asm_storage_add(struct app *app, int64_t bytes, int64_t free_disk);
/* 1 when the quota is reached: no new recording starts. */
int asm_storage_quota_full(struct app *app);
void asm_storage_refused(struct app *app, enum asm_refuse why);
/* The current warnings ({"type":"warning",...}) to one connection (a participant joining). */
void asm_storage_warn_conn(struct ws_conn *c);
/* {level, conditions, quota {bytes, warn_at, used, level}, disk {free, low, reserve, level},
 * notified_level, recording_max_bytes} for the storage report. */
json_t *asm_storage_json(struct app *app);
void asm_metrics(struct app *app, struct buf *out);
/* Free bytes under data_dir/recordings (statvfs), -1 when it cannot be measured. */
int64_t asm_disk_free(const struct app *app);
int64_t asm_quota_warn_bytes(const struct config *cfg);
/* "1.5 GiB" */
void asm_format_bytes(int64_t n, char *out, size_t size);

/* assessment_module.c: the module's message (Indonesian and English) for code, or NULL. */
const struct msg_def *asm_msg(const char *code);
/* {"type":"error","error":code,"message":<id>,"message_en":<en>} with the message asm_<code>
 * (its %s replaced by detail). */
json_t *asm_error_json(const char *code, const char *detail);

/* asm_room.c: the live room channel "sesi" */
enum err asm_room_authorize(struct app *app, const struct principal *who,
			    const struct ws_args *args, void **conn_data);
void asm_room_open(struct ws_conn *c);
void asm_room_text(struct ws_conn *c, const char *text, size_t len);
void asm_room_close(struct ws_conn *c);
/* Tells everyone in the session's room and its recorders about a condition
 * (asm_warning_json). */
void asm_room_warn(struct app *app, int64_t session_id, const char *warning);
/* {"type":"warning","warning":w,"message":<id>,"message_en":<en>} (message asm_warn_<w>). */
json_t *asm_warning_json(const char *warning);
/* Closes (4003) the room and recorder connections of a session whose account signed out or whose
 * session was revoked since the handshake (the tick calls it for every open session). */
void asm_room_check_sessions(struct app *app, int64_t session_id);
/* Pushes the room state (who is present) to everyone in session id's room. */
void asm_room_push_state(struct app *app, int64_t session_id);

#endif
