/* Playback of a finalised recording (A.III.b: the auditors, the committee and the appeal team
 * watch it): GET /api/assessment/recordings/:id/video streams the final WebM with HTTP Range
 * (blob_serve: 206/416, HEAD) after the permission check. Who may watch: the session's assessors,
 * holders of assessment.recording.view (committee, appeal team, auditor, certification manager)
 * and, when the LSP allows it (recording_asesi_view), the asesi of the session. Every viewing is
 * recorded in the ledger: a GET without Range or from byte 0 starts one (a player's further Range
 * requests while seeking, and HEAD, do not each count). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "assessment_internal.h"
#include "blob.h"
#include "config.h"
#include "db.h"
#include "json.h"
#include "ledger.h"

static int starts_viewing(const char *range)
{
	return !range || !strncmp(range, "bytes=0-", 8);
}

enum err asm_h_recording_video(struct request *req)
{
	int64_t id;
	struct asm_recording r;
	struct asm_session s;
	enum err e = req_param_id(req, "id", &id);
	if (e != ERR_OK)
		return e;
	e = asm_store_recording_get(req->db, req->arena, id, &r);
	if (e == ERR_OK)
		e = asm_store_session_get(req->db, req->arena, r.session_id, &s);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e != ERR_OK)
		return e;
	const char *role =
	    asm_store_participant_role(req->db, req->arena, s.id, req->who->account_id);
	int may = req_has_perm(req, ASM_PERM_VIEW) || (role && !strcmp(role, "asesor")) ||
		  (role && !strcmp(role, "verifikator")) ||
		  (role && req->app->cfg->recording_asesi_view);
	if (!may)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (r.purged_at)
		return req_fail(req, ERR_NOT_FOUND, "asm_recording_purged", NULL);
	if (strcmp(r.state, "final") != 0 || !r.final_sha256)
		return req_fail(req, ERR_CONFLICT, "asm_recording_not_final", NULL);
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
