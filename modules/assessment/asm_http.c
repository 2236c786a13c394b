/* HTTP handlers of remote sessions: open one for a case (the assigned assessor), read it (its
 * participants, observers with the permission), list a case's sessions, record a timeline event,
 * end it. Every change goes into the ledger in the same transaction. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "assessment_internal.h"
#include "auth.h"
#include "certification/certification.h"
#include "db.h"
#include "jadwal/jadwal.h"
#include "json.h"
#include "ledger.h"

/* Cases may have a live session from the plan until the instruments are done. */
static const char *const live_states[] = {"PLANNED", "CONSENTED", "ASSESSING"};

/* Events the assessor records (SOP-AJJ-07..11); the server itself records opened, joined, left,
 * connection_lost, connection_restored and ended. */
static const char *const assessor_kinds[] = {
    "identity_checked",
    "identity_mismatch",
    "consent_confirmed",
    "instrument_started",
    "instrument_ended",
    "flag",
    "note",
    "room_scan",
};

int asm_event_kind_ok(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof assessor_kinds / sizeof assessor_kinds[0]; i++)
		if (!strcmp(assessor_kinds[i], kind))
			return 1;
	return 0;
}

const char *asm_access(struct db *db, struct arena *a, const struct asm_session *s,
		       int64_t account_id, int may_observe)
{
	const char *role = asm_store_participant_role(db, a, s->id, account_id);
	if (role)
		return role;
	return may_observe ? "pengamat" : NULL;
}

static enum err ledger_session(struct request *req, int64_t id, const char *action, json_t *payload)
{
	char text[24];
	snprintf(text, sizeof text, "%lld", (long long)id);
	enum err e = ledger_append(req->db, req->who->account_id, action, "assessment_session",
				   text, payload, req->now_ms, NULL);
	json_decref(payload);
	return e;
}

static enum err tx_end(struct request *req, enum err e)
{
	if (e == ERR_OK)
		return db_commit(req->db);
	db_rollback(req->db);
	return e;
}

json_t *asm_participants_named(struct request *req, int64_t session_id)
{
	json_t *parts = asm_store_participants_json(req->db, session_id), *p;
	size_t i;
	json_array_foreach(parts, i, p)
	{
		struct auth_account *acc = NULL;
		int64_t id = json_integer_value(json_object_get(p, "account_id"));
		if (auth_account_get(req->db, req->arena, id, req->now_ms, &acc) == ERR_OK && acc)
			json_object_set_new(p, "name", json_str_or_null(acc->name));
	}
	return parts;
}

/* The session with participants (with names), timeline and, for the caller, their part. */
static enum err reply_session(struct request *req, int status, const struct asm_session *s,
			      const char *role)
{
	json_t *o = asm_session_json(s);
	json_object_set_new(o, "participants", asm_participants_named(req, s->id));
	json_object_set_new(o, "events", asm_store_events_json(req->db, s->id));
	json_t *recs = asm_store_recordings_json(req->db, s->id);
	if (asm_may_watch(req, s)) /* the posters' URLs only for who may see them */
		asm_recordings_add_posters(recs);
	json_object_set_new(o, "recordings", recs);
	struct asm_retention_info ri;
	if (asm_retention(req->db, req->arena, s, &ri) == ERR_OK)
		json_object_set_new(o, "retention", asm_retention_json(&ri));
	json_object_set_new(
	    o, "you",
	    json_pack("{s:I, s:s}", "account_id", (json_int_t)req->who->account_id, "role", role));
	return resp_json(req, status, o);
}

/* A remote TUK verification (SE.007 A.IV.9): the verifier opens a session with the TUK's admin
 * account(s), recorded the same way; the TUK checklist itself comes with the TUK module. */
static enum err open_tuk(struct request *req, int64_t tuk_id)
{
	json_t *who = NULL, *v;
	int64_t existing = 0;
	size_t i;
	enum err e;
	if (!req_has_perm(req, ASM_PERM_TUK))
		return req_fail(req, ERR_FORBIDDEN, "forbidden", NULL);
	if (!jadwal_tuk_exists(req->db, tuk_id))
		return req_fail(req, ERR_NOT_FOUND, "not_found", "tuk_id");
	if ((e = json_in_array(req, req->json, "participants", JSON_IN_REQUIRED, 5, &who)) !=
	    ERR_OK)
		return e;
	if (json_array_size(who) < 1)
		return req_fail(req, ERR_INVALID, "field_count", "participants");
	json_array_foreach(who, i, v)
	{
		struct auth_account *acc = NULL;
		if (!json_is_integer(v) ||
		    auth_account_get(req->db, req->arena, json_integer_value(v), req->now_ms,
				     &acc) != ERR_OK ||
		    !acc || strcmp(acc->status, "active") != 0 || acc->id == req->who->account_id)
			return req_fail(req, ERR_INVALID, "field_invalid",
					arena_sprintf(req->arena, "participants[%zu]", i));
	}
	struct asm_session s = {0};
	e = asm_store_session_open_of(req->db, tuk_id, "tuk", &existing);
	if (e == ERR_OK) {
		if ((e = asm_store_session_get(req->db, req->arena, existing, &s)) != ERR_OK)
			return e;
		return reply_session(req, 200, &s, "verifikator");
	}
	if (e != ERR_NOT_FOUND)
		return e;
	s.subject = "tuk";
	s.subject_id = tuk_id;
	s.state = "open";
	s.opened_by = req->who->account_id;
	s.opened_at = req->now_ms;
	if ((e = db_begin(req->db)) != ERR_OK)
		return e;
	e = asm_store_session_insert(req->db, &s);
	if (e == ERR_OK)
		e = asm_store_participant_add(req->db, s.id, req->who->account_id, "verifikator");
	json_array_foreach(who, i, v) if (e == ERR_OK) e =
	    asm_store_participant_add(req->db, s.id, json_integer_value(v), "tuk");
	if (e == ERR_OK)
		e = asm_store_event_add(req->db, &s, "opened", req->who->account_id, NULL,
					req->now_ms);
	if (e == ERR_OK)
		e = ledger_session(req, s.id, "assessment.session.open",
				   json_pack("{s:I}", "tuk_id", (json_int_t)tuk_id));
	if (e == ERR_CONFLICT) {
		db_rollback(req->db);
		return req_fail(req, ERR_CONFLICT, "asm_session_exists", "tuk_id");
	}
	if ((e = tx_end(req, e)) != ERR_OK)
		return e;
	return reply_session(req, 201, &s, "verifikator");
}

enum err asm_h_session_open(struct request *req)
{
	int64_t case_id = 0, tuk_id = 0, existing = 0;
	struct cert_case_summary c;
	struct jadwal j;
	enum err e;
	if ((e = json_in_int(req, req->json, "tuk_id", JSON_IN_OPTIONAL, 1, INT64_MAX, &tuk_id)) !=
	    ERR_OK)
		return e;
	if (tuk_id)
		return open_tuk(req, tuk_id);
	if (!req_has_perm(req, ASM_PERM_OPEN))
		return req_fail(req, ERR_FORBIDDEN, "forbidden", NULL);
	if ((e = json_in_int(req, req->json, "case_id", JSON_IN_REQUIRED, 1, INT64_MAX,
			     &case_id)) != ERR_OK)
		return e;
	e = cert_case_summary(req->db, req->arena, case_id, &c);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", "case_id");
	if (e != ERR_OK)
		return e;
	/* only an assessor assigned to the case's schedule opens its session */
	if (!c.jadwal_id || !jadwal_has_asesor(req->db, c.jadwal_id, req->who->account_id))
		return req_fail(req, ERR_FORBIDDEN, "asm_not_assigned", "case_id");
	int live = 0;
	for (size_t i = 0; i < sizeof live_states / sizeof live_states[0]; i++)
		live |= !strcmp(c.state, live_states[i]);
	if (!live)
		return req_fail_detail(req, ERR_CONFLICT, "asm_case_not_live", "case_id", c.state);
	struct asm_session s = {0};
	e = asm_store_session_open_of(req->db, case_id, "case", &existing);
	if (e == ERR_OK) { /* one open session per case: the same one again */
		if ((e = asm_store_session_get(req->db, req->arena, existing, &s)) != ERR_OK)
			return e;
		return reply_session(req, 200, &s, "asesor");
	}
	if (e != ERR_NOT_FOUND)
		return e;
	if ((e = jadwal_get(req->db, req->arena, c.jadwal_id, &j)) != ERR_OK)
		return e;
	s.subject = "case";
	s.subject_id = case_id;
	s.jadwal_id = c.jadwal_id;
	s.state = "open";
	s.opened_by = req->who->account_id;
	s.opened_at = req->now_ms;
	if ((e = db_begin(req->db)) != ERR_OK)
		return e;
	e = asm_store_session_insert(req->db, &s);
	if (e == ERR_OK)
		e = asm_store_participant_add(req->db, s.id, c.asesi_id, "asesi");
	for (size_t i = 0; e == ERR_OK && i < j.nasesor; i++)
		e = asm_store_participant_add(req->db, s.id, j.asesor[i].account_id, "asesor");
	if (e == ERR_OK)
		e = asm_store_event_add(req->db, &s, "opened", req->who->account_id, NULL,
					req->now_ms);
	if (e == ERR_OK)
		e = ledger_session(req, s.id, "assessment.session.open",
				   json_pack("{s:I, s:I}", "case_id", (json_int_t)case_id,
					     "jadwal_id", (json_int_t)c.jadwal_id));
	if (e == ERR_CONFLICT) { /* opened by a colleague at the same moment */
		db_rollback(req->db);
		return req_fail(req, ERR_CONFLICT, "asm_session_exists", "case_id");
	}
	if ((e = tx_end(req, e)) != ERR_OK)
		return e;
	return reply_session(req, 201, &s, "asesor");
}

/* The session of :id that the caller may see, and their part in it. */
static enum err load_visible(struct request *req, struct asm_session *s, const char **role)
{
	int64_t id;
	enum err e = req_param_id(req, "id", &id);
	if (e != ERR_OK)
		return e;
	e = asm_store_session_get(req->db, req->arena, id, s);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e != ERR_OK)
		return e;
	*role = asm_access(req->db, req->arena, s, req->who->account_id,
			   req_has_perm(req, ASM_PERM_OBSERVE));
	if (!*role) /* not even told it exists */
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	return ERR_OK;
}

enum err asm_session_visible(struct request *req, struct asm_session *s, const char **role)
{
	return load_visible(req, s, role);
}

enum err asm_h_session_get(struct request *req)
{
	struct asm_session s;
	const char *role;
	enum err e = load_visible(req, &s, &role);
	return e == ERR_OK ? reply_session(req, 200, &s, role) : e;
}

enum err asm_h_sessions_list(struct request *req)
{
	int64_t case_id = 0;
	struct cert_case_summary c;
	enum err e = req_query_int(req, "case_id", 1, INT64_MAX, 0, &case_id);
	if (e != ERR_OK)
		return e;
	if (!case_id)
		return req_fail(req, ERR_INVALID, "field_required", "case_id");
	e = cert_case_summary(req->db, req->arena, case_id, &c);
	if (e != ERR_OK && e != ERR_NOT_FOUND)
		return e;
	int may = e == ERR_OK &&
		  (c.asesi_id == req->who->account_id || req_has_perm(req, ASM_PERM_OBSERVE) ||
		   (c.jadwal_id && jadwal_has_asesor(req->db, c.jadwal_id, req->who->account_id)));
	if (!may)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	return resp_json(
	    req, 200,
	    json_pack("{s:o}", "sessions", asm_store_sessions_of_json(req->db, "case", case_id)));
}

enum err asm_h_event_add(struct request *req)
{
	struct asm_session s;
	const char *role, *kind = NULL, *detail = NULL;
	enum err e = load_visible(req, &s, &role);
	if (e != ERR_OK)
		return e;
	if (strcmp(role, "asesor") != 0 && strcmp(role, "verifikator") != 0)
		return req_fail(req, ERR_FORBIDDEN, "asm_assessor_only", NULL);
	if (strcmp(s.state, "open") != 0)
		return req_fail(req, ERR_CONFLICT, "asm_session_ended", NULL);
	if ((e = json_in_str(req, req->json, "kind", JSON_IN_REQUIRED, 1, 40, &kind)) != ERR_OK ||
	    (e = json_in_str(req, req->json, "detail", JSON_IN_OPTIONAL, 0, 2000, &detail)) !=
		ERR_OK)
		return e;
	if (!asm_event_kind_ok(kind))
		return req_fail(req, ERR_INVALID, "field_choice", "kind");
	if (!strcmp(kind, "flag") && (!detail || !*detail)) /* a flag says why */
		return req_fail(req, ERR_INVALID, "field_required", "detail");
	if ((e = db_begin(req->db)) != ERR_OK)
		return e;
	e = asm_store_event_add(req->db, &s, kind, req->who->account_id, detail, req->now_ms);
	if (e == ERR_OK)
		e = ledger_session(req, s.id, "assessment.session.event",
				   json_pack("{s:s, s:I}", "kind", kind, "offset_ms",
					     (json_int_t)(req->now_ms - s.opened_at)));
	if ((e = tx_end(req, e)) != ERR_OK)
		return e;
	asm_room_push_state(req->app, s.id);
	return reply_session(req, 201, &s, role);
}

enum err asm_h_session_end(struct request *req)
{
	struct asm_session s;
	const char *role;
	enum err e = load_visible(req, &s, &role);
	if (e != ERR_OK)
		return e;
	if (strcmp(role, "asesor") != 0 && strcmp(role, "verifikator") != 0)
		return req_fail(req, ERR_FORBIDDEN, "asm_assessor_only", NULL);
	if ((e = db_begin(req->db)) != ERR_OK)
		return e;
	e = asm_store_session_end(req->db, s.id, req->who->account_id, req->now_ms);
	if (e == ERR_OK)
		e = asm_store_event_add(req->db, &s, "ended", req->who->account_id, NULL,
					req->now_ms);
	if (e == ERR_OK)
		e = ledger_session(
		    req, s.id, "assessment.session.end",
		    json_pack("{s:I}", "duration_ms", (json_int_t)(req->now_ms - s.opened_at)));
	if (e == ERR_CONFLICT) {
		db_rollback(req->db);
		return req_fail(req, ERR_CONFLICT, "asm_session_ended", NULL);
	}
	if ((e = tx_end(req, e)) != ERR_OK)
		return e;
	if ((e = asm_store_session_get(req->db, req->arena, s.id, &s)) != ERR_OK)
		return e;
	/* its recordings are finalised by the tick after END_GRACE_MS without a chunk, so that a
	 * participant offline at the end can still deliver what the browser holds */
	asm_manifest_seal(req->db, s.id, req->now_ms); /* complete now if nothing was recording */
	asm_room_push_state(req->app, s.id);
	return reply_session(req, 200, &s, role);
}

enum err asm_h_manifest_get(struct request *req)
{
	struct asm_session s;
	const char *role;
	enum err e = load_visible(req, &s, &role);
	if (e != ERR_OK)
		return e;
	json_t *m = asm_manifest_json(req->db, s.id);
	if (!m)
		return req_fail(req, ERR_CONFLICT, "asm_manifest_not_sealed", NULL);
	return resp_json(req, 200, m);
}
