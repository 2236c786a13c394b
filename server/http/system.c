/* The "system" core service: health check, Prometheus metrics, the OpenAPI document, and the
 * diagnostic WebSocket channels echo and echo-ops (only with --demo; see below). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../ws/ws_hub.h"
#include "app.h"
#include "arena.h"
#include "buf.h"
#include "metrics.h"
#include "openapi.h"
#include "request.h"
#include "work.h"
#include "ws.h"

static enum err system_health(struct request *req)
{
	return resp_json(req, 200, json_pack("{s:s}", "status", "ok"));
}

static int is_loopback(const char *ip)
{
	return strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0 ||
	       strncmp(ip, "::ffff:127.", 11) == 0;
}

/* Scrapers carry no session: loopback may read; elsewhere the permission is needed. */
static enum err system_metrics(struct request *req)
{
	struct buf b;
	if (!is_loopback(req->remote_ip) && !req_has_perm(req, "system.metrics.read"))
		return req_fail(req, req->who ? ERR_FORBIDDEN : ERR_UNAUTHENTICATED,
				req->who ? "forbidden" : "unauthenticated", NULL);
	buf_init(&b);
	metrics_render(req->app->metrics, req->app->work, &b);
	ws_hub_metrics(req->app->ws, &b);
	for (size_t i = 0; i < req->app->nmodules; i++)
		if (req->app->modules[i]->metrics)
			req->app->modules[i]->metrics(req->app, &b);
	resp_bytes(req, 200, "text/plain; version=0.0.4; charset=utf-8", b.ptr, b.len);
	buf_cleanup(&b);
	return ERR_OK;
}

static enum err system_openapi(struct request *req)
{
	json_t *doc = openapi_build(req->app);
	if (!doc)
		return ERR_INTERNAL;
	return resp_json(req, 200, doc);
}

static const struct route system_routes[] = {
    {.method = M_GET,
     .path = "/healthz",
     .op = "system.health",
     .perm = PERM_PUBLIC,
     .handler = system_health,
     .flags = ROUTE_NO_ACCESS_LOG,
     .summary = "Liveness check"},
    {.method = M_GET,
     .path = "/metrics",
     .op = "system.metrics",
     .perm = PERM_PUBLIC,
     .handler = system_metrics,
     .flags = ROUTE_NO_ACCESS_LOG,
     .summary = "Prometheus metrics (loopback, or permission system.metrics.read)"},
    {.method = M_GET,
     .path = "/api/openapi.json",
     .op = "system.openapi",
     .perm = PERM_PUBLIC,
     .handler = system_openapi,
     .summary = "This OpenAPI 3.1 document"},
};

static const struct perm_def system_perms[] = {
    {"system.metrics.read", "Membaca metrik server", "Read server metrics",
     "operator_sistem admin_lsp"},
};

/* --- diagnostic WebSocket channels ---------------------------------------------------------
 * /ws/echo (any signed-in account) and /ws/echo-ops (system.metrics.read) exercise the whole
 * WebSocket layer before a real module uses it, and let an operator check a proxy's WebSocket
 * setup. They accept handshakes only when the server runs with --demo (tests, demos): in
 * production they refuse, so they cost nothing and expose nothing. Protocol, per message:
 *   text that is not one of the commands below, and every binary message: sent back unchanged
 *   {"join":"<room>"}   leave the current room, join this one ([A-Za-z0-9._:-], <= 64);
 *                       reply {"joined":"<room>","members":n}. "?room=<room>" joins at open.
 *   {"leave":true}      reply {"left":"<room>"}
 *   {"say":"<text>"}    {"room","from":<conn id>,"say"} to the other members of the room;
 *                       reply {"said":<members reached>}
 *   {"defer":"<text>"}  a worker thread posts <text> back (ws_post_text)
 *   {"hold":<ms>}       stop reading from this client (ws_pause), reply {"held":<ms>}; a worker
 *                       waits <ms> (<= 5000), then {"resumed":true} and reading resumes, the way
 *                       an ingest waits for its disk queue */

#define ECHO_CMD_MAX 4096 /* only short texts are looked at as commands */

struct echo_conn {
	char room[WS_ROOM_KEY_MAX + 1];
};

struct echo_defer {
	struct app *app;
	uint64_t conn_id;
	char *text; /* NULL for a hold */
	size_t len;
	int64_t hold_ms;
};

static enum err echo_authorize(struct app *app, const struct principal *who,
			       const struct ws_args *args, void **data)
{
	(void)who;
	if (!app->cfg->demo)
		return ERR_FORBIDDEN;
	const char *room = ws_arg(args, "room");
	if (room && !ws_room_key_ok(room))
		return ERR_INVALID;
	struct echo_conn *e = xcalloc(1, sizeof *e);
	if (room)
		snprintf(e->room, sizeof e->room, "%s", room);
	*data = e;
	return ERR_OK;
}

static void echo_open(struct ws_conn *c)
{
	struct echo_conn *e = ws_conn_data(c);
	if (e->room[0] && ws_room_join(c, e->room) != ERR_OK) {
		e->room[0] = '\0';
		ws_close(c, WS_CLOSE_POLICY, "bad room");
	}
}

static void echo_defer_work(struct db *db, void *arg)
{
	struct echo_defer *d = arg;
	(void)db;
	if (d->text) {
		ws_post_text(d->app, d->conn_id, d->text, d->len); /* from the worker thread */
		return;
	}
	struct timespec ts = {(time_t)(d->hold_ms / 1000), (long)(d->hold_ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static void echo_defer_done(void *arg)
{
	struct echo_defer *d = arg;
	if (!d->text) { /* back on the service thread: the connection may have gone meanwhile */
		struct ws_conn *c = ws_conn_by_id(d->app, d->conn_id);
		if (c) {
			ws_send_json(c, json_pack("{s:b}", "resumed", 1));
			ws_resume(c);
		}
	}
	free(d->text);
	free(d);
}

/* Handles {"join"|"leave"|"say"|"defer"}; 0 when msg is not a command (then it is echoed). */
static int echo_command(struct ws_conn *c, json_t *msg)
{
	struct echo_conn *e = ws_conn_data(c);
	struct app *app = ws_conn_app(c);
	const char *room = json_string_value(json_object_get(msg, "join"));
	const char *say = json_string_value(json_object_get(msg, "say"));
	const char *defer = json_string_value(json_object_get(msg, "defer"));
	if (json_object_size(msg) != 1)
		return 0;
	if (room) {
		if (e->room[0])
			ws_room_leave(c, e->room);
		e->room[0] = '\0';
		if (ws_room_join(c, room) != ERR_OK) {
			ws_send_json(c, json_pack("{s:s}", "error", "room"));
			return 1;
		}
		snprintf(e->room, sizeof e->room, "%s", room);
		ws_send_json(c,
			     json_pack("{s:s, s:I}", "joined", e->room, "members",
				       (json_int_t)ws_room_size(app, ws_conn_channel(c), e->room)));
		return 1;
	}
	if (json_is_true(json_object_get(msg, "leave"))) {
		ws_send_json(c, json_pack("{s:s}", "left", e->room));
		if (e->room[0])
			ws_room_leave(c, e->room);
		e->room[0] = '\0';
		return 1;
	}
	if (say) {
		if (!e->room[0]) {
			ws_send_json(c, json_pack("{s:s}", "error", "no_room"));
			return 1;
		}
		json_t *o = json_pack("{s:s, s:I, s:s}", "room", e->room, "from",
				      (json_int_t)ws_conn_id(c), "say", say);
		char *out = o ? json_dumps(o, JSON_COMPACT) : NULL;
		size_t n = 0;
		if (out)
			n = ws_room_broadcast(app, ws_conn_channel(c), e->room, c, out,
					      strlen(out));
		free(out);
		json_decref(o);
		ws_send_json(c, json_pack("{s:I}", "said", (json_int_t)n));
		return 1;
	}
	json_t *hold = json_object_get(msg, "hold");
	if (json_is_integer(hold) && json_integer_value(hold) >= 0 &&
	    json_integer_value(hold) <= 5000) {
		struct echo_defer *d = xcalloc(1, sizeof *d);
		d->app = app;
		d->conn_id = ws_conn_id(c);
		d->hold_ms = json_integer_value(hold);
		ws_pause(c);
		ws_send_json(c, json_pack("{s:I}", "held", (json_int_t)d->hold_ms));
		work_submit(app->work, echo_defer_work, echo_defer_done, d);
		return 1;
	}
	if (defer) {
		struct echo_defer *d = xcalloc(1, sizeof *d);
		d->app = app;
		d->conn_id = ws_conn_id(c);
		d->len = strlen(defer);
		d->text = xstrdup(defer);
		work_submit(app->work, echo_defer_work, echo_defer_done, d);
		return 1;
	}
	return 0;
}

static void echo_text(struct ws_conn *c, const char *text, size_t len)
{
	if (len > 1 && len <= ECHO_CMD_MAX && text[0] == '{') {
		json_t *msg = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
		int done = json_is_object(msg) && echo_command(c, msg);
		json_decref(msg);
		if (done)
			return;
	}
	ws_send_text(c, text, len);
}

static void echo_binary(struct ws_conn *c, const void *data, size_t len)
{
	ws_send_binary(c, data, len);
}

static void echo_close(struct ws_conn *c)
{
	free(ws_conn_data(c));
}

#define ECHO_CHANNEL(nm, pm)                                                                       \
	{                                                                                          \
		.name = (nm), .perm = (pm), .max_message = 1 << 20, .send_queue_max = 4 << 20,     \
		.rx_buffer = 4096, .authorize = echo_authorize, .on_open = echo_open,              \
		.on_text = echo_text, .on_binary = echo_binary, .on_close = echo_close,            \
	}

static const struct ws_channel system_channels[] = {
    ECHO_CHANNEL("echo", PERM_SESSION),
    ECHO_CHANNEL("echo-ops", "system.metrics.read"),
};

const struct module system_module = {
    .name = "system",
    .routes = system_routes,
    .nroutes = sizeof system_routes / sizeof system_routes[0],
    .perms = system_perms,
    .nperms = sizeof system_perms / sizeof system_perms[0],
    .ws_channels = system_channels,
    .nws_channels = sizeof system_channels / sizeof system_channels[0],
};
