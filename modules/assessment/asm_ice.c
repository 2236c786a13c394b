/* The ICE configuration of a live session (GET /api/assessment/sessions/:id/ice): the STUN/TURN
 * URLs of the ice_urls setting and, for the turn: ones, a time-limited TURN REST credential
 * (turn.h) that coturn checks with the shared secret. Only the session's participants and
 * observers get it, only while the session is open. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "assessment_internal.h"
#include "json.h"
#include "log.h"
#include "request.h"
#include "turn.h"

/* The opaque part of the TURN username: a keyed pseudonym of (session, account), 16 hex digits.
 * coturn logs usernames; this one names no person, is not the same in two sessions (the relay
 * operator cannot follow a participant across sessions), and the LSP can still resolve it:
 * the server's log line below pairs it with the account and session. */
static void ice_opaque(const struct app *app, int64_t session_id, int64_t account_id, char out[17])
{
	char value[64], full[65];
	snprintf(value, sizeof value, "turn %lld %lld", (long long)session_id,
		 (long long)account_id);
	app_pseudonym(app, value, full);
	memcpy(out, full, 16);
	out[16] = '\0';
}

enum err asm_h_ice(struct request *req)
{
	struct asm_session s;
	const char *role, *p, *u;
	size_t len;
	enum err e = asm_session_visible(req, &s, &role);
	if (e != ERR_OK)
		return e;
	if (strcmp(s.state, "open") != 0) /* the room takes no one after the end either */
		return req_fail(req, ERR_CONFLICT, "asm_session_ended", NULL);

	const struct config *cfg = req->app->cfg;
	int64_t ttl_s = cfg->turn_ttl_minutes * 60;
	int64_t expiry_s = req->now_ms / 1000 + ttl_s;
	json_t *stun = json_array(), *turn = json_array(), *servers = json_array();
	p = cfg->ice_urls;
	while ((u = ice_urls_next(&p, &len))) /* checked at start (config.c) */
		json_array_append_new(ice_url_check(u, len, NULL, 0) == ICE_STUN ? stun : turn,
				      json_stringn(u, len));
	if (json_array_size(stun))
		json_array_append_new(servers, json_pack("{s:O}", "urls", stun));
	if (json_array_size(turn) && req->app->turn_secret) {
		char opaque[17], user[64], cred[TURN_CREDENTIAL_LEN];
		ice_opaque(req->app, s.id, req->who->account_id, opaque);
		if (turn_username(expiry_s, opaque, user, sizeof user) != 0 ||
		    turn_credential(req->app->turn_secret, user, cred) != 0) {
			json_decref(stun);
			json_decref(turn);
			json_decref(servers);
			return ERR_INTERNAL;
		}
		json_array_append_new(servers, json_pack("{s:O, s:s, s:s}", "urls", turn,
							 "username", user, "credential", cred));
		log_info("assessment: TURN credential for session %lld, account %lld (%s): user %s",
			 (long long)s.id, (long long)req->who->account_id, role, user);
	}
	json_decref(stun);
	json_decref(turn);
	/* a credential is as good as a password until it expires: never cached, here or on the way
	 */
	resp_header(req, "Cache-Control", "no-store");
	return resp_json(req, 200,
			 json_pack("{s:o, s:I, s:o}", "iceServers", servers, "ttl",
				   (json_int_t)ttl_s, "expires_at", json_time(expiry_s * 1000)));
}
