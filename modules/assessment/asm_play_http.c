/* Watching finalised recordings (A.III.b: the auditors, the committee and the appeal team watch
 * them): GET /api/assessment/recordings/:id/video streams the final WebM with HTTP Range
 * (blob_serve: 206/416, HEAD), GET .../poster its JPEG poster, and GET /api/assessment/recordings
 * ?case_id= lists a case's sessions with their recordings as evidence for the case page. One
 * permission check serves all three (asm_may_watch): the session's assessors, holders of
 * assessment.recording.view (committee, appeal team, auditor, certification manager) and, when the
 * LSP allows it (recording_asesi_view), the asesi of the session. Every viewing is recorded in the
 * ledger: a GET of the video without Range or from byte 0 starts one (a player's further Range
 * requests while seeking, and HEAD, do not each count; neither does a poster). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "assessment_internal.h"
#include "blob.h"
#include "certification/certification.h"
#include "config.h"
#include "db.h"
#include "jadwal/jadwal.h"
#include "json.h"
#include "ledger.h"

int asm_may_watch(struct request *req, const struct asm_session *s)
{
	if (req_has_perm(req, ASM_PERM_VIEW))
		return 1;
	const char *role =
	    asm_store_participant_role(req->db, req->arena, s->id, req->who->account_id);
	return role && (!strcmp(role, "asesor") || !strcmp(role, "verifikator") ||
			req->app->cfg->recording_asesi_view);
}

void asm_recordings_add_posters(json_t *recs)
{
	json_t *r;
	size_t i;
	json_array_foreach(recs, i, r)
	{
		if (!json_is_string(json_object_get(r, "poster_sha256")) ||
		    json_object_get(r, "purged_at"))
			continue;
		char url[80];
		snprintf(url, sizeof url, "/api/assessment/recordings/%lld/poster",
			 (long long)json_integer_value(json_object_get(r, "id")));
		json_object_set_new(r, "poster", json_string(url));
	}
}

/* The recording of :id and its session when the caller may watch it and it is final and kept;
 * otherwise the error reply is set (404 for who may not watch, as if it did not exist). */
static enum err load_watchable(struct request *req, struct asm_recording *r, struct asm_session *s)
{
	int64_t id;
	enum err e = req_param_id(req, "id", &id);
	if (e != ERR_OK)
		return e;
	e = asm_store_recording_get(req->db, req->arena, id, r);
	if (e == ERR_OK)
		e = asm_store_session_get(req->db, req->arena, r->session_id, s);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e != ERR_OK)
		return e;
	if (!asm_may_watch(req, s))
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (r->purged_at)
		return req_fail(req, ERR_NOT_FOUND, "asm_recording_purged", NULL);
	if (strcmp(r->state, "final") != 0 || !r->final_sha256)
		return req_fail(req, ERR_CONFLICT, "asm_recording_not_final", NULL);
	return ERR_OK;
}

static int starts_viewing(const char *range)
{
	return !range || !strncmp(range, "bytes=0-", 8);
}

enum err asm_h_recording_video(struct request *req)
{
	struct asm_recording r;
	struct asm_session s;
	enum err e = load_watchable(req, &r, &s);
	if (e != ERR_OK)
		return e;
	if (req->method != M_HEAD && starts_viewing(req->range)) {
		char text[24];
		snprintf(text, sizeof text, "%lld", (long long)r.id);
		json_t *p = json_pack("{s:I, s:s}", "session_id", (json_int_t)s.id, "sha256",
				      r.final_sha256);
		if ((e = db_begin(req->db)) == ERR_OK) {
			e = ledger_append(req->db, req->who->account_id,
					  "assessment.recording.view", "recording", text, p,
					  req->now_ms, NULL);
			if (e == ERR_OK)
				e = db_commit(req->db);
			else
				db_rollback(req->db);
		}
		json_decref(p);
		if (e != ERR_OK)
			return e;
	}
	return blob_serve(req, r.final_sha256, "video/webm", NULL);
}

enum err asm_h_recording_poster(struct request *req)
{
	struct asm_recording r;
	struct asm_session s;
	enum err e = load_watchable(req, &r, &s);
	if (e != ERR_OK)
		return e;
	if (!r.poster_sha256) /* finalised before posters, audio only, or no frame decoded */
		return req_fail(req, ERR_NOT_FOUND, "asm_poster_none", NULL);
	/* Cache-Control "private, no-cache": only this browser keeps it, and it asks again (a 304
	 * after this same check), so a permission withdrawn takes effect at once */
	return blob_serve(req, r.poster_sha256, "image/jpeg", NULL);
}

/* The role of account in a participants array (and its name), or NULL. */
static const char *role_in(json_t *parts, int64_t account_id, const char **name)
{
	json_t *p;
	size_t i;
	*name = NULL;
	json_array_foreach(parts, i, p)
	{
		if (json_integer_value(json_object_get(p, "account_id")) != account_id)
			continue;
		*name = json_string_value(json_object_get(p, "name"));
		return json_string_value(json_object_get(p, "role"));
	}
	return NULL;
}

/* One session as the case's evidence: when, how long, who, each recording (its state in one word:
 * recording, final, failed or purged), the sealed manifest's hash, the keeping period and the
 * playback page. */
static json_t *session_evidence(struct request *req, const struct asm_session *s)
{
	json_t *o = json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)s->id, "state", s->state,
			      "opened_at", json_time(s->opened_at), "ended_at",
			      s->ended_at ? json_time(s->ended_at) : json_null());
	json_object_set_new(o, "duration_ms",
			    s->ended_at ? json_integer(s->ended_at - s->opened_at) : json_null());
	json_t *parts = asm_participants_named(req, s->id);
	json_t *recs = asm_store_recordings_json(req->db, s->id), *r, *out = json_array();
	size_t i;
	asm_recordings_add_posters(recs);
	json_array_foreach(recs, i, r)
	{
		const char *name,
		    *role =
			role_in(parts, json_integer_value(json_object_get(r, "account_id")), &name);
		json_t *bytes = json_object_get(r, "final_bytes");
		json_t *e = json_pack(
		    "{s:O, s:O, s:o, s:o, s:O, s:O, s:s, s:O, s:O}", "id", json_object_get(r, "id"),
		    "account_id", json_object_get(r, "account_id"), "role", json_str_or_null(role),
		    "name", json_str_or_null(name), "track", json_object_get(r, "track"),
		    "started_at", json_object_get(r, "started_at"), "state",
		    json_object_get(r, "purged_at")
			? "purged"
			: json_string_value(json_object_get(r, "state")),
		    "sha256", json_object_get(r, "sha256"), "bytes",
		    bytes ? bytes : json_object_get(r, "bytes"));
		json_t *v;
		if ((v = json_object_get(r, "duration_ms")))
			json_object_set(e, "duration_ms", v);
		else
			json_object_set_new(e, "duration_ms", json_null());
		json_object_set(e, "truncated", json_object_get(r, "truncated"));
		if ((v = json_object_get(r, "poster_sha256")))
			json_object_set(e, "poster_sha256", v);
		if ((v = json_object_get(r, "poster")))
			json_object_set(e, "poster", v);
		if ((v = json_object_get(r, "purged_at")))
			json_object_set(e, "purged_at", v);
		json_array_append_new(out, e);
	}
	json_decref(recs);
	json_object_set_new(o, "participants", parts);
	json_object_set_new(o, "recordings", out);
	const char *sha = NULL;
	int64_t sealed = 0;
	int have = asm_manifest_sha256(req->db, req->arena, s->id, &sha, &sealed) == ERR_OK;
	json_object_set_new(o, "manifest_sha256", json_str_or_null(have ? sha : NULL));
	json_object_set_new(o, "sealed_at", have ? json_time(sealed) : json_null());
	struct asm_retention_info ri;
	if (asm_retention(req->db, req->arena, s, &ri) == ERR_OK)
		json_object_set_new(o, "retention", asm_retention_json(&ri));
	json_object_set_new(
	    o, "link",
	    json_string(arena_sprintf(req->arena, "/rekaman?sesi=%lld", (long long)s->id)));
	return o;
}

enum err asm_h_recordings_of_case(struct request *req)
{
	int64_t case_id = 0, after = 0, ids[64];
	struct cert_case_summary c;
	size_t n;
	enum err e = req_query_int(req, "case_id", 1, INT64_MAX, 0, &case_id);
	if (e != ERR_OK)
		return e;
	if (!case_id)
		return req_fail(req, ERR_INVALID, "field_required", "case_id");
	e = cert_case_summary(req->db, req->arena, case_id, &c);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e != ERR_OK)
		return e;
	/* who has a part in the case learns which of its sessions they may watch (perhaps none);
	 * anyone else is not even told the case exists */
	int related =
	    req_has_perm(req, ASM_PERM_VIEW) || c.asesi_id == req->who->account_id ||
	    (c.jadwal_id && jadwal_has_asesor(req->db, c.jadwal_id, req->who->account_id));
	json_t *list = json_array();
	while ((n = asm_store_session_ids_of(req->db, "case", case_id, after, ids, 64)) > 0) {
		for (size_t i = 0; i < n; i++) {
			struct asm_session s;
			after = ids[i];
			if (asm_store_session_get(req->db, req->arena, ids[i], &s) != ERR_OK ||
			    !asm_may_watch(req, &s))
				continue;
			related = 1; /* a past assessor of one of its sessions */
			json_array_append_new(list, session_evidence(req, &s));
		}
	}
	if (!related) {
		json_decref(list);
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	}
	return resp_json(req, 200,
			 json_pack("{s:I, s:o}", "case_id", (json_int_t)case_id, "sessions", list));
}
