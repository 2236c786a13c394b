/* The lws side of a WebSocket channel: the handshake check (path, Origin, query arguments,
 * session and permission, the module's authorize) in LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION,
 * whole-message delivery, the bounded send queue written one lws_write() per SERVER_WRITEABLE,
 * closing with a code, flow control, and the end of a connection. */
#include <stdio.h>
#include <string.h>

#include "../http/dispatch.h"
#include "../http/transport.h"
#include "app.h"
#include "auth.h"
#include "clock.h"
#include "log.h"
#include "ws_internal.h"

#define PIECE_MAX     16384 /* = tx_packet_size (ws_hub.c): one socket write per lws_write */
#define CLOSE_GRACE_S 10    /* a closing connection that cannot take its close frame is cut */

/* --- accessors ------------------------------------------------------------------------------- */

uint64_t ws_conn_id(const struct ws_conn *c)
{
	return c ? c->id : 0;
}

void *ws_conn_data(const struct ws_conn *c)
{
	return c ? c->data : NULL;
}

void ws_conn_set_data(struct ws_conn *c, void *data)
{
	if (c)
		c->data = data;
}

int64_t ws_conn_account(const struct ws_conn *c)
{
	return c ? c->account_id : 0;
}

int64_t ws_conn_session(const struct ws_conn *c)
{
	return c ? c->session_id : 0;
}

struct app *ws_conn_app(const struct ws_conn *c)
{
	return c && c->ch ? c->ch->hub->app : NULL;
}

const struct ws_channel *ws_conn_channel(const struct ws_conn *c)
{
	return c && c->ch ? c->ch->def : NULL;
}

/* --- flow control ---------------------------------------------------------------------------- */

/* Reading is off while the module paused it or the rate limit throttles it, never while closing. */
static void flow_update(struct ws_conn *c)
{
	int off = (c->paused || c->throttled) && !c->closing;
	if (off == c->rx_off)
		return;
	c->rx_off = off;
	lws_rx_flow_control(c->wsi, !off);
}

/* --- closing --------------------------------------------------------------------------------- */

/* Counts the connection's end once, under c->kind: server-decided closes when they are decided
 * (a slow consumer may take a while to receive its close frame), the others at the end. */
static void count_close(struct ws_conn *c)
{
	if (c->counted)
		return;
	c->counted = 1;
	c->ch->closes[c->kind]++;
}

static void close_mark(struct ws_conn *c, enum ws_close_kind kind, int code, const char *reason)
{
	c->kind = kind;
	count_close(c);
	c->closing = 1;
	c->close_code = (uint16_t)code;
	snprintf(c->close_reason, sizeof c->close_reason, "%s", reason ? reason : "");
	flow_update(c); /* the close handshake needs to read the client's reply */
	/* the close frame goes out from SERVER_WRITEABLE after the queue; a client that never
	 * reads again never makes us writable, so cut it after a grace period */
	lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, CLOSE_GRACE_S);
	lws_callback_on_writable(c->wsi);
}

static int code_ok(int code)
{
	return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
	       (code >= 4000 && code <= 4999);
}

void ws_close(struct ws_conn *c, int code, const char *reason)
{
	if (!c || c->state != WS_ST_OPEN || c->closing)
		return;
	if (!code_ok(code))
		code = WS_CLOSE_NORMAL;
	close_mark(c, WS_CK_SERVER, code, reason);
}

void ws_conn_shutdown(struct ws_conn *c)
{
	if (c->state == WS_ST_OPEN && !c->closing)
		close_mark(c, WS_CK_SHUTDOWN, WS_CLOSE_GOING_AWAY, "server stopping");
}

/* Closes from inside this connection's own callback: lws sends the close frame. */
static int close_now(struct ws_conn *c, enum ws_close_kind kind, int code, const char *reason)
{
	c->kind = kind;
	count_close(c);
	c->closing = 1;
	lws_close_reason(c->wsi, (enum lws_close_status)code, (unsigned char *)reason,
			 strlen(reason));
	return -1;
}

/* --- sending --------------------------------------------------------------------------------- */

enum err ws_conn_send(struct ws_conn *c, const void *p, size_t n, int binary)
{
	if (!c || c->state != WS_ST_OPEN || c->closing)
		return ERR_UNAVAILABLE;
	if (n > c->ch->queue_max) {
		log_warn("ws %s: a %zu-byte message exceeds send_queue_max; not sent",
			 c->ch->def->name, n);
		return ERR_TOO_LARGE;
	}
	if (ws_queue_push(&c->q, c->ch->queue_max, p, n, binary) != 0) {
		/* the client reads slower than we produce: drop what is queued and close */
		ws_queue_clear(&c->q);
		close_mark(c, WS_CK_SLOW, WS_CLOSE_POLICY, "slow consumer");
		return ERR_TOO_MANY;
	}
	lws_callback_on_writable(c->wsi);
	return ERR_OK;
}

enum err ws_send_text(struct ws_conn *c, const char *text, size_t len)
{
	return ws_conn_send(c, text, len, 0);
}

enum err ws_send_binary(struct ws_conn *c, const void *data, size_t len)
{
	return ws_conn_send(c, data, len, 1);
}

enum err ws_send_json(struct ws_conn *c, json_t *obj)
{
	enum err e;
	if (!obj)
		return ERR_INTERNAL;
	char *s = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	if (!s)
		return ERR_INTERNAL;
	e = ws_conn_send(c, s, strlen(s), 0);
	free(s);
	return e;
}

void ws_pause(struct ws_conn *c)
{
	if (!c || c->state != WS_ST_OPEN || c->closing || c->paused)
		return;
	c->paused = 1;
	flow_update(c);
}

void ws_resume(struct ws_conn *c)
{
	if (!c || c->state != WS_ST_OPEN || !c->paused)
		return;
	c->paused = 0;
	flow_update(c);
}

void ws_rate_limit(struct ws_conn *c, int64_t bytes_per_s, int64_t burst)
{
	if (!c || c->state != WS_ST_OPEN)
		return;
	c->rate = bytes_per_s > 0 ? bytes_per_s : 0;
	c->burst = burst > 0 ? burst : c->rate;
	c->tokens = c->burst;
	c->refill_us = clock_mono_us();
}

/* Adds the tokens earned since the last refill, up to the bucket's capacity. */
static void bucket_refill(struct ws_conn *c, int64_t now_us)
{
	int64_t dt = now_us - c->refill_us;
	if (dt <= 0)
		return;
	/* dt * rate overflows only after centuries of idleness at absurd rates; cap dt anyway */
	if (dt > 3600 * 1000000LL)
		dt = 3600 * 1000000LL;
	int64_t earned = dt * c->rate / 1000000;
	if (earned <= 0)
		return; /* too little time for a whole byte: keep refill_us, count it next time */
	c->tokens = c->tokens + earned > c->burst ? c->burst : c->tokens + earned;
	c->refill_us = now_us;
}

/* Arms the timer for the time the debt takes to pay back (at least 1 ms). */
static void throttle_arm(struct ws_conn *c)
{
	int64_t us = -c->tokens * 1000000 / c->rate + 1000;
	lws_set_timer_usecs(c->wsi, us);
}

/* n bytes came in: spend them; in debt, stop reading until the timer says it is paid. A throttle
 * only delays: what was received is delivered, nothing is refused. */
static void bucket_spend(struct ws_conn *c, size_t n)
{
	if (!c->rate)
		return;
	int64_t now = clock_mono_us();
	bucket_refill(c, now);
	c->tokens -= (int64_t)n;
	if (c->tokens >= 0 || c->throttled || c->closing)
		return;
	c->throttled = 1;
	c->throttled_at_us = now;
	c->ch->throttles++;
	flow_update(c);
	throttle_arm(c);
}

static void on_timer(struct ws_conn *c)
{
	if (c->state != WS_ST_OPEN || !c->throttled)
		return;
	int64_t now = clock_mono_us();
	bucket_refill(c, now);
	if (c->tokens < 0 && !c->closing) { /* received while stopping: more to pay back */
		throttle_arm(c);
		return;
	}
	c->throttled = 0;
	c->ch->throttled_us += (uint64_t)(now - c->throttled_at_us);
	flow_update(c);
}

static int on_writeable(struct ws_conn *c)
{
	struct ws_piece pc;
	if (c->state != WS_ST_OPEN)
		return 0;
	if (c->closing && !c->q.head) {
		lws_close_reason(c->wsi, (enum lws_close_status)c->close_code,
				 (unsigned char *)c->close_reason, strlen(c->close_reason));
		return -1;
	}
	if (!ws_queue_piece(&c->q, PIECE_MAX, &pc))
		return 0;
	int flags = pc.kind == WS_PIECE_TEXT	 ? LWS_WRITE_TEXT
		    : pc.kind == WS_PIECE_BINARY ? LWS_WRITE_BINARY
						 : LWS_WRITE_CONTINUATION;
	if (!pc.fin)
		flags |= LWS_WRITE_NO_FIN;
	if (lws_write(c->wsi, pc.p, pc.len, (enum lws_write_protocol)flags) < 0)
		return -1;
	c->ch->bytes_out += pc.len;
	if (pc.fin)
		c->ch->msgs_out++;
	ws_queue_advance(&c->q, pc.len);
	if (c->q.head || c->closing)
		lws_callback_on_writable(c->wsi);
	return 0;
}

/* --- receiving ------------------------------------------------------------------------------- */

static int on_receive(struct ws_conn *c, struct lws *wsi, const void *in, size_t len)
{
	const unsigned char *msg;
	size_t n;
	int binary;
	const struct ws_channel *def = c->ch->def;
	if (c->state != WS_ST_OPEN || c->closing)
		return 0; /* closing: what still arrives is discarded */
	bucket_spend(c, len);
	int last = lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi);
	switch (ws_rx_feed(&c->rx, in, len, lws_frame_is_binary(wsi), last, c->ch->max_message,
			   &msg, &n, &binary)) {
	case WS_RX_MORE:
		return 0;
	case WS_RX_TOO_BIG:
		return close_now(c, WS_CK_TOO_BIG, WS_CLOSE_TOO_BIG, "message too big");
	case WS_RX_DONE:
		break;
	}
	c->ch->msgs_in++;
	c->ch->bytes_in += n;
	if (binary ? !def->on_binary : !def->on_text) {
		ws_rx_release(&c->rx);
		return close_now(c, WS_CK_UNSUPPORTED, WS_CLOSE_UNSUPPORTED,
				 binary ? "binary not accepted" : "text not accepted");
	}
	if (binary)
		def->on_binary(c, msg, n);
	else
		def->on_text(c, (const char *)msg, n);
	ws_rx_release(&c->rx);
	return 0;
}

/* --- handshake ------------------------------------------------------------------------------- */

static int refuse(struct ws_chan *ch, enum ws_refuse_kind why, const char *detail)
{
	ch->refused[why]++;
	log_debug("ws %s: handshake refused (%s)", ch->def->name, detail);
	return -1;
}

static int read_args(struct lws *wsi, struct ws_args *args)
{
	char buf[WS_ARG_LEN_MAX + 2];
	ws_args_init(args);
	for (int i = 0; i <= WS_ARGS_MAX * 4; i++) {
		int n = lws_hdr_copy_fragment(wsi, buf, sizeof buf, WSI_TOKEN_HTTP_URI_ARGS, i);
		if (n < 0) {
			/* -1 both past the end and for a fragment too long for buf */
			if (lws_hdr_fragment_length(wsi, WSI_TOKEN_HTTP_URI_ARGS, i) >=
			    (int)sizeof buf)
				return -1;
			return 0;
		}
		if (n == 0) /* "?a=1&&b=2" */
			continue;
		if (ws_args_add(args, buf, (size_t)n) != 0)
			return -1;
	}
	return -1;
}

/* All checks of a handshake; fills c on success. Returns 0 to accept, -1 to refuse. */
static int handshake(struct lws *wsi, struct ws_chan *ch, struct ws_conn *c)
{
	struct ws_hub *h = ch->hub;
	struct app *app = h->app;
	struct request *req = NULL;
	struct ws_args *args = NULL;
	char name[WS_NAME_MAX + 1];
	void *data = NULL;
	int rc = -1;

	if (h->stopping || app->stopping)
		return refuse(ch, WS_RF_STOPPING, "stopping");
	req = dispatch_request_new(app);
	char *path = transport_hdr(wsi, req->arena, WSI_TOKEN_GET_URI);
	if (!path || ws_path_channel(path, strlen(path), name, sizeof name) != 0 ||
	    strcmp(name, ch->def->name) != 0) {
		rc = refuse(ch, WS_RF_PATH, "path");
		goto out;
	}
	transport_peer(wsi, app, req->remote_ip, sizeof req->remote_ip, &req->tls);
	req->origin = transport_hdr(wsi, req->arena, WSI_TOKEN_ORIGIN);
	req->host = transport_hdr(wsi, req->arena, WSI_TOKEN_HOST);
	if (!ws_origin_ok(req->origin, app->cfg->public_origin, req->host, req->tls)) {
		rc = refuse(ch, WS_RF_ORIGIN, "origin");
		goto out;
	}
	args = xmalloc(sizeof *args);
	if (read_args(wsi, args) != 0) {
		rc = refuse(ch, WS_RF_ARGS, "query arguments");
		goto out;
	}
	req->cookie = transport_hdr(wsi, req->arena, WSI_TOKEN_HTTP_COOKIE);
	const char *sid = req_cookie(req, AUTH_SESSION_COOKIE);
	if (sid) {
		enum err e = auth_session_resolve(app, app->db, req->arena, sid, req->remote_ip,
						  req->now_ms, &req->who);
		if (e != ERR_OK) {
			if (e != ERR_UNAUTHENTICATED)
				log_error("ws %s: session lookup failed (%s)", ch->def->name,
					  err_name(e));
			req->who = NULL;
		}
	}
	if (strcmp(ch->def->perm, PERM_PUBLIC) != 0) {
		if (!req->who) {
			rc = refuse(ch, WS_RF_UNAUTHENTICATED, "no session");
			goto out;
		}
		if (req->who->must_change_password || (strcmp(ch->def->perm, PERM_SESSION) != 0 &&
						       !req_has_perm(req, ch->def->perm))) {
			rc = refuse(ch, WS_RF_FORBIDDEN, "permission");
			goto out;
		}
	}
	if (ch->def->authorize && ch->def->authorize(app, req->who, args, &data) != ERR_OK) {
		rc = refuse(ch, WS_RF_MODULE, "module");
		goto out;
	}
	memset(c, 0, sizeof *c);
	c->wsi = wsi;
	c->ch = ch;
	c->data = data;
	c->account_id = req->who ? req->who->account_id : 0;
	c->session_id = req->who ? req->who->session_id : 0;
	c->kind = WS_CK_DROPPED;
	ws_queue_init(&c->q, LWS_PRE);
	c->state = WS_ST_AUTHORIZED;
	rc = 0;
out:
	free(args);
	dispatch_request_free(&req);
	return rc;
}

/* --- the end of a connection ----------------------------------------------------------------- */

static void conn_end(struct ws_conn *c)
{
	struct ws_chan *ch = c->ch;
	if (c->state != WS_ST_AUTHORIZED && c->state != WS_ST_OPEN)
		return;
	if (c->state == WS_ST_OPEN) {
		ws_room_leave_all(c);
		ws_hub_unregister(ch->hub, c);
		ch->open--;
		count_close(c);
	}
	c->state = WS_ST_DONE; /* sends from on_close are refused */
	if (ch->def->on_close)
		ch->def->on_close(c);
	ws_queue_clear(&c->q);
	ws_rx_release(&c->rx);
}

/* --- the protocol callback ------------------------------------------------------------------- */

int ws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	struct ws_conn *c = user;
	const struct lws_protocols *proto = lws_get_protocol(wsi);
	struct ws_chan *ch = proto ? proto->user : NULL;

	switch (reason) {
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		/* lws 4.1 drops the request headers after the upgrade: check everything here */
		if (!c || !ch)
			return -1;
		return handshake(wsi, ch, c);
	case LWS_CALLBACK_ESTABLISHED:
		if (!c || c->state != WS_ST_AUTHORIZED)
			return -1;
		c->wsi = wsi;
		c->state = WS_ST_OPEN;
		ws_hub_register(ch->hub, c);
		ch->open++;
		if (ch->hub->stopping) { /* raced with the stop: open, then go away at once */
			close_mark(c, WS_CK_SHUTDOWN, WS_CLOSE_GOING_AWAY, "server stopping");
			return 0;
		}
		if (ch->def->on_open)
			ch->def->on_open(c);
		return 0;
	case LWS_CALLBACK_RECEIVE:
		return c ? on_receive(c, wsi, in, len) : 0;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		return c ? on_writeable(c) : 0;
	case LWS_CALLBACK_TIMER:
		if (c)
			on_timer(c);
		return 0;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		if (c && c->state == WS_ST_OPEN && !c->closing)
			c->kind = WS_CK_PEER;
		return 0;
	case LWS_CALLBACK_WS_SERVER_DROP_PROTOCOL:
	case LWS_CALLBACK_CLOSED:
		/* both come on close (DROP first); either may be the only one, so: idempotent */
		if (c)
			conn_end(c);
		return 0;
	default:
		return 0;
	}
}
