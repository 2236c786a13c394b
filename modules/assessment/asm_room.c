/* The live room of a session: WebSocket channel "sesi" (/ws/sesi?sesi=N). Only the session's
 * participants and observers holding assessment.session.observe get past the handshake. The room
 * relays WebRTC signalling (offer, answer, ICE candidates) from one connection to another in the
 * same session, pushes the room state (who is present, in which role; the session's state and
 * timeline) to everyone whenever it changes, and gives a reconnecting participant the state at
 * once. Joins and leaves go into the session's timeline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "assessment_internal.h"
#include "auth.h"
#include "clock.h"
#include "json.h"
#include "log.h"
#include "ws.h"

struct room_conn {
	int64_t session_id;
	int64_t account_id;
	char role[16];
	char room[32];
};

static void room_key(int64_t session_id, char *out, size_t n)
{
	snprintf(out, n, "sesi:%lld", (long long)session_id);
}

/* Records a join or leave in the timeline (the service thread's connection; one row). */
static void timeline(struct app *app, int64_t session_id, const char *kind, int64_t account,
		     const char *role)
{
	struct arena *a = arena_new();
	struct asm_session s;
	if (asm_store_session_get(app->db, a, session_id, &s) == ERR_OK &&
	    !strcmp(s.state, "open")) {
		enum err e = asm_store_event_add(app->db, &s, kind, account, role, clock_now_ms());
		if (e != ERR_OK)
			log_error("assessment: timeline %s of session %lld: %s", kind,
				  (long long)session_id, err_name(e));
	}
	arena_free(&a);
}

enum err asm_room_authorize(struct app *app, const struct principal *who,
			    const struct ws_args *args, void **data)
{
	int64_t id = 0;
	struct asm_session s;
	enum err e = ws_arg_int(args, "sesi", 1, INT64_MAX, &id);
	if (e != ERR_OK)
		return ERR_INVALID;
	struct arena *a = arena_new();
	e = asm_store_session_get(app->db, a, id, &s);
	const char *role = NULL;
	if (e == ERR_OK && strcmp(s.state, "open") != 0)
		e = ERR_CONFLICT;
	if (e == ERR_OK) {
		role = asm_access(app->db, a, &s, who->account_id,
				  principal_has_perm(who, ASM_PERM_OBSERVE));
		if (!role)
			e = ERR_FORBIDDEN; /* a stranger, or an asesi of another case */
	}
	if (e == ERR_OK) {
		struct room_conn *rc = xcalloc(1, sizeof *rc);
		rc->session_id = id;
		rc->account_id = who->account_id;
		snprintf(rc->role, sizeof rc->role, "%s", role);
		room_key(id, rc->room, sizeof rc->room);
		*data = rc;
	}
	arena_free(&a);
	return e;
}

struct state_ctx {
	json_t *present;
	const char *msg;
	size_t len;
};

static void collect(struct ws_conn *c, void *arg)
{
	struct state_ctx *x = arg;
	const struct room_conn *rc = ws_conn_data(c);
	json_array_append_new(x->present, json_pack("{s:I, s:I, s:s}", "conn",
						    (json_int_t)ws_conn_id(c), "account_id",
						    (json_int_t)rc->account_id, "role", rc->role));
}

static void deliver(struct ws_conn *c, void *arg)
{
	struct state_ctx *x = arg;
	ws_send_text(c, x->msg, x->len);
}

void asm_room_push_state(struct app *app, int64_t session_id)
{
	char room[32];
	struct arena *a = arena_new();
	struct asm_session s;
	struct state_ctx x = {.present = json_array()};
	room_key(session_id, room, sizeof room);
	ws_room_foreach(app, &asm_room_channel, room, collect, &x);
	size_t i;
	json_t *p;
	json_array_foreach(x.present, i, p)
	{
		struct auth_account *acc = NULL;
		if (auth_account_get(app->db, a,
				     json_integer_value(json_object_get(p, "account_id")),
				     clock_now_ms(), &acc) == ERR_OK &&
		    acc)
			json_object_set_new(p, "name", json_str_or_null(acc->name));
	}
	json_t *o = json_pack("{s:s, s:I, s:o}", "type", "state", "session", (json_int_t)session_id,
			      "present", x.present);
	if (asm_store_session_get(app->db, a, session_id, &s) == ERR_OK) {
		json_object_set_new(o, "state", json_string(s.state));
		json_object_set_new(o, "opened_at", json_time(s.opened_at));
		json_object_set_new(o, "events", asm_store_events_json(app->db, session_id));
	}
	char *text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	x.msg = text;
	x.len = strlen(text);
	ws_room_foreach(app, &asm_room_channel, room, deliver, &x);
	free(text);
	arena_free(&a);
}

void asm_room_warn(struct app *app, int64_t session_id, const char *warning)
{
	char room[32];
	json_t *o = asm_warning_json(warning);
	char *text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	room_key(session_id, room, sizeof room);
	ws_room_broadcast(app, &asm_room_channel, room, NULL, text, strlen(text));
	snprintf(room, sizeof room, "rekam:%lld", (long long)session_id);
	ws_room_broadcast(app, &asm_rec_channel, room, NULL, text, strlen(text));
	free(text);
}

void asm_room_open(struct ws_conn *c)
{
	struct room_conn *rc = ws_conn_data(c);
	if (ws_room_join(c, rc->room) != ERR_OK) {
		ws_close(c, WS_CLOSE_POLICY, "room");
		return;
	}
	timeline(ws_conn_app(c), rc->session_id, "joined", rc->account_id, rc->role);
	ws_send_json(c, json_pack("{s:s, s:I, s:s}", "type", "hello", "conn",
				  (json_int_t)ws_conn_id(c), "role", rc->role));
	asm_storage_warn_conn(c); /* a storage condition that began before this participant came */
	asm_room_push_state(ws_conn_app(c), rc->session_id);
}

static void send_error(struct ws_conn *c, const char *code)
{
	ws_send_json(c, json_pack("{s:s, s:s}", "type", "error", "error", code));
}

/* {"type": "signal", "to": <conn>, "data": {...}}: to another connection of the same session.
 * {"type": "media", "state": {...}}: what this participant sends and records, to everyone. */
void asm_room_text(struct ws_conn *c, const char *text, size_t len)
{
	struct room_conn *rc = ws_conn_data(c);
	json_t *m = json_loadb(text, len, 0, NULL);
	const char *type = json_string_value(json_object_get(m, "type"));
	if (!type) {
		send_error(c, "bad_message");
	} else if (!strcmp(type, "signal")) {
		json_int_t to = json_integer_value(json_object_get(m, "to"));
		struct ws_conn *peer = to > 0 ? ws_conn_by_id(ws_conn_app(c), (uint64_t)to) : NULL;
		const struct room_conn *pr =
		    peer && ws_conn_channel(peer) == &asm_room_channel ? ws_conn_data(peer) : NULL;
		if (!pr || pr->session_id != rc->session_id || peer == c)
			send_error(c, "peer_gone");
		else
			ws_send_json(peer, json_pack("{s:s, s:I, s:O}", "type", "signal", "from",
						     (json_int_t)ws_conn_id(c), "data",
						     json_object_get(m, "data")));
	} else if (!strcmp(type, "media")) {
		json_t *o =
		    json_pack("{s:s, s:I, s:O}", "type", "media", "from", (json_int_t)ws_conn_id(c),
			      "state", json_object_get(m, "state"));
		char *out = json_dumps(o, JSON_COMPACT);
		ws_room_broadcast(ws_conn_app(c), &asm_room_channel, rc->room, c, out, strlen(out));
		free(out);
		json_decref(o);
	} else {
		send_error(c, "unknown_type");
	}
	json_decref(m);
}

void asm_room_close(struct ws_conn *c)
{
	struct room_conn *rc = ws_conn_data(c);
	if (!rc)
		return;
	struct app *app = ws_conn_app(c);
	timeline(app, rc->session_id, "left", rc->account_id, rc->role);
	asm_room_push_state(app, rc->session_id); /* c has left the room already */
	free(rc);
	ws_conn_set_data(c, NULL);
}

static void close_if_revoked(struct ws_conn *c, void *arg)
{
	(void)arg;
	if (auth_session_revoked(ws_conn_app(c)->db, ws_conn_session(c)))
		ws_close(c, 4003, "signed out");
}

void asm_room_check_sessions(struct app *app, int64_t session_id)
{
	char room[32];
	room_key(session_id, room, sizeof room);
	ws_room_foreach(app, &asm_room_channel, room, close_if_revoked, NULL);
	snprintf(room, sizeof room, "rekam:%lld", (long long)session_id);
	ws_room_foreach(app, &asm_rec_channel, room, close_if_revoked, NULL);
}
