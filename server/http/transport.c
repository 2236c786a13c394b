/* The lws side of HTTP: turns libwebsockets callbacks into struct request, drives dispatch, and
 * writes the response from HTTP_WRITEABLE (headers in one write, then the body in 64 KiB
 * pieces, one lws_write() per callback). The request arena is freed in conn_release() only. */
#include <errno.h>
#include <libwebsockets.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../ws/ws_hub.h"
#include "app.h"
#include "clock.h"
#include "dispatch.h"
#include "log.h"
#include "metrics.h"
#include "transport.h"
#include "work.h"

#define CHUNK	   65536
#define HEADER_MAX 16384 /* our limit; lws's own buffer is 32 KiB (see server.c) */

enum conn_phase { PH_IDLE = 0, PH_BODY, PH_WAIT, PH_HEADERS, PH_SEND, PH_DONE };

struct conn {
	struct lws *wsi;
	struct transport *t;
	struct request *req;
	enum conn_phase phase;
	char *body;
	size_t body_got;
	int close_after; /* the body was not read: close after the response */
	size_t sent;	 /* body bytes sent */
	size_t total;	 /* body bytes to send */
	unsigned char *wbuf;
};

static const char *const security_headers[][2] = {
    {"content-security-policy:",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
     "media-src 'self' blob:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; "
     "base-uri 'none'; form-action 'self'; object-src 'none'"},
    {"x-content-type-options:", "nosniff"},
    {"x-frame-options:", "DENY"},
    {"referrer-policy:", "same-origin"},
    {"permissions-policy:", "camera=(self), microphone=(self), display-capture=(self), "
			    "geolocation=(), payment=(), usb=()"},
    {"cross-origin-opener-policy:", "same-origin"},
    {"cross-origin-resource-policy:", "same-origin"},
};

static char *hdr_dup(struct lws *wsi, struct arena *a, enum lws_token_indexes t)
{
	int n = lws_hdr_total_length(wsi, t);
	if (n <= 0)
		return NULL;
	char *p = arena_alloc(a, (size_t)n + 1);
	if (lws_hdr_copy(wsi, p, n + 1, t) < 0)
		return NULL;
	return p;
}

static char *custom_dup(struct lws *wsi, struct arena *a, const char *name)
{
	int nl = (int)strlen(name);
	int n = lws_hdr_custom_length(wsi, name, nl);
	if (n <= 0)
		return NULL;
	char *p = arena_alloc(a, (size_t)n + 1);
	if (lws_hdr_custom_copy(wsi, p, n + 1, name, nl) < 0)
		return NULL;
	return p;
}

/* Bytes of the request headers lws parsed into known tokens. lws 4.1 cannot list custom
 * headers, so those are not counted; past lws's own 32 KiB buffer it drops the connection. */
static size_t header_bytes(struct lws *wsi)
{
	size_t n = 0;
	for (int t = 0; t < WSI_TOKEN_COUNT; t++) {
		int len = lws_hdr_total_length(wsi, (enum lws_token_indexes)t);
		if (len > 0)
			n += (size_t)len + 4;
	}
	return n;
}

static void read_query(struct lws *wsi, struct request *req)
{
	int total = lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_URI_ARGS);
	if (total <= 0)
		return;
	size_t cap = 16;
	req->qargs = arena_alloc(req->arena, cap * sizeof(char *));
	for (int i = 0; req->nqargs < cap; i++) {
		char buf[1024];
		int n = lws_hdr_copy_fragment(wsi, buf, sizeof buf, WSI_TOKEN_HTTP_URI_ARGS, i);
		if (n < 0)
			break;
		req->qargs[req->nqargs++] = arena_strndup(req->arena, buf, (size_t)n);
	}
}

static int is_loopback(const char *ip)
{
	return strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0 ||
	       strncmp(ip, "::ffff:127.", 11) == 0;
}

char *transport_hdr(struct lws *wsi, struct arena *a, enum lws_token_indexes t)
{
	return hdr_dup(wsi, a, t);
}

/* Behind a trusted proxy on this host (trust_proxy): the client's address is X-Real-IP (nginx
 * sets it from the connection, so the client cannot forge it) and the scheme X-Forwarded-Proto. */
void transport_peer(struct lws *wsi, struct app *app, char *ip, size_t ipsz, int *tls)
{
	char peer[64] = "", rip[64], proto[16];
	lws_get_peer_simple(wsi, peer, sizeof peer);
	snprintf(ip, ipsz, "%s", peer);
	*tls = lws_is_ssl(wsi);
	if (!app->cfg->trust_proxy || !is_loopback(peer))
		return;
	if (lws_hdr_copy(wsi, rip, sizeof rip, WSI_TOKEN_HTTP_X_REAL_IP) > 0 &&
	    strlen(rip) < ipsz && strspn(rip, "0123456789abcdefABCDEF.:") == strlen(rip))
		snprintf(ip, ipsz, "%s", rip);
	if (lws_hdr_custom_copy(wsi, proto, sizeof proto, "x-forwarded-proto:", 18) > 0 &&
	    strcmp(proto, "https") == 0)
		*tls = 1;
}

static enum method lws_method(int m)
{
	switch (m) {
	case LWSHUMETH_GET:
		return M_GET;
	case LWSHUMETH_POST:
		return M_POST;
	case LWSHUMETH_OPTIONS:
		return M_OPTIONS;
	case LWSHUMETH_PUT:
		return M_PUT;
	case LWSHUMETH_PATCH:
		return M_PATCH;
	case LWSHUMETH_DELETE:
		return M_DELETE;
	case LWSHUMETH_HEAD:
		return M_HEAD;
	default:
		return 0;
	}
}

static void conn_release(struct conn *c)
{
	if (c->req) {
		if (c->t)
			c->t->inflight--;
		if (c->req->defer_state == 1) { /* a worker still holds it: freed when done */
			c->req->orphaned = 1;
			c->req->transport = NULL;
			c->req->resume = NULL;
			c->req = NULL;
		} else {
			dispatch_request_free(&c->req);
		}
	}
	memset(c, 0, sizeof *c);
}

static void start_response(struct conn *c)
{
	dispatch_finish(c->req);
	c->phase = PH_HEADERS;
	lws_callback_on_writable(c->wsi);
}

static void conn_resume(struct request *req)
{
	struct conn *c = req->transport;
	if (c && c->req == req)
		start_response(c);
}

static void run(struct conn *c)
{
	c->phase = PH_WAIT;
	if (dispatch_run(c->req))
		start_response(c);
}

static int on_http(struct transport *t, struct conn *c, struct lws *wsi)
{
	char *uri = NULL;
	int urilen = 0, meth;
	struct request *req;

	conn_release(c);
	c->wsi = wsi;
	c->t = t;
	t->inflight++;
	req = c->req = dispatch_request_new(t->app);
	req->transport = c;
	req->resume = conn_resume;
	meth = lws_http_get_uri_and_method(wsi, &uri, &urilen);
	req->method = meth >= 0 ? lws_method(meth) : 0;
	req->content_type = hdr_dup(wsi, req->arena, WSI_TOKEN_HTTP_CONTENT_TYPE);
	req->cookie = hdr_dup(wsi, req->arena, WSI_TOKEN_HTTP_COOKIE);
	req->accept_language = hdr_dup(wsi, req->arena, WSI_TOKEN_HTTP_ACCEPT_LANGUAGE);
	req->origin = hdr_dup(wsi, req->arena, WSI_TOKEN_ORIGIN);
	req->host = hdr_dup(wsi, req->arena, WSI_TOKEN_HOST);
	req->user_agent = hdr_dup(wsi, req->arena, WSI_TOKEN_HTTP_USER_AGENT);
	req->if_none_match = hdr_dup(wsi, req->arena, WSI_TOKEN_HTTP_IF_NONE_MATCH);
	req->range = hdr_dup(wsi, req->arena, WSI_TOKEN_HTTP_RANGE);
	req->csrf_header = custom_dup(wsi, req->arena, "x-csrf-token:");
	transport_peer(wsi, t->app, req->remote_ip, sizeof req->remote_ip, &req->tls);
	const char *cl = hdr_dup(wsi, req->arena, WSI_TOKEN_HTTP_CONTENT_LENGTH);
	if (cl) {
		char *end = NULL;
		long long v = strtoll(cl, &end, 10);
		req->content_length = (*cl && !*end && v >= 0) ? v : -2; /* -2: malformed */
	}
	int chunked = lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_TRANSFER_ENCODING) > 0;
	int has_body = chunked || req->content_length > 0 || req->content_length == -2;
	read_query(wsi, req);

	if (!uri || urilen <= 0) {
		uri = "/";
		urilen = 1;
	}
	if (t->app->stopping) {
		req_fail(req, ERR_UNAVAILABLE, "unavailable", NULL);
		c->close_after = 1;
		start_response(c);
		return 0;
	}
	if (header_bytes(wsi) > HEADER_MAX) {
		req->path = arena_strndup(req->arena, uri ? uri : "/", uri ? (size_t)urilen : 1);
		req_fail(req, ERR_BAD_REQUEST, "headers_too_large", NULL);
		req->resp.status = 431;
		c->close_after = 1;
		start_response(c);
		return 0;
	}
	enum dispatch_phase ph = dispatch_route(req, uri, (size_t)urilen);
	if (ph != DISPATCH_ROUTED) {
		c->close_after = has_body;
		start_response(c);
		return 0;
	}
	if (req->content_length == -2) {
		req_fail(req, ERR_BAD_REQUEST, "bad_request", NULL);
		c->close_after = 1;
		start_response(c);
		return 0;
	}
	if (dispatch_check_body(req, chunked) != ERR_OK) {
		c->close_after = has_body;
		start_response(c);
		return 0;
	}
	if (req->content_length >= 0 &&
	    (req->method == M_POST || req->method == M_PUT || req->method == M_PATCH)) {
		/* lws sends BODY (possibly empty) then BODY_COMPLETION for these */
		c->body = arena_alloc(req->arena, (size_t)req->content_length + 1);
		c->phase = PH_BODY;
		return 0;
	}
	run(c);
	return 0;
}

static int on_body(struct conn *c, const void *in, size_t len)
{
	if (!c->req || c->phase != PH_BODY)
		return 0;
	if (c->body_got + len > (size_t)c->req->content_length)
		return -1; /* more than announced: a broken or hostile client */
	if (len)
		memcpy(c->body + c->body_got, in, len);
	c->body_got += len;
	return 0;
}

static void on_body_done(struct conn *c)
{
	if (!c->req || c->phase != PH_BODY)
		return;
	c->body[c->body_got] = '\0';
	c->req->body = c->body;
	c->req->body_len = c->body_got;
	run(c);
}

static int add_hdr(struct lws *wsi, const char *name, const char *value, unsigned char **p,
		   unsigned char *end)
{
	return lws_add_http_header_by_name(wsi, (const unsigned char *)name,
					   (const unsigned char *)value, (int)strlen(value), p,
					   end);
}

static int write_headers(struct conn *c)
{
	struct request *req = c->req;
	struct response *r = &req->resp;
	unsigned char *start, *p, *end;
	char date[64], name[80];
	int head = req->method == M_HEAD;

	c->total = r->fd >= 0 ? (size_t)r->file_len : r->len;
	if (!c->wbuf)
		c->wbuf = arena_alloc(req->arena, LWS_PRE + CHUNK);
	start = p = c->wbuf + LWS_PRE;
	end = c->wbuf + LWS_PRE + CHUNK - 1;
	if (lws_add_http_header_status(c->wsi, (unsigned)r->status, &p, end))
		return -1;
	if ((r->body || r->fd >= 0) &&
	    lws_add_http_header_by_token(
		c->wsi, WSI_TOKEN_HTTP_CONTENT_TYPE,
		(const unsigned char *)(r->content_type ? r->content_type
							: "application/json; charset=utf-8"),
		(int)strlen(r->content_type ? r->content_type : "application/json; charset=utf-8"),
		&p, end))
		return -1;
	if (head || r->status == 304) {
		char n[32];
		snprintf(n, sizeof n, "%zu", c->total);
		if (r->status != 304 && add_hdr(c->wsi, "content-length:", n, &p, end))
			return -1;
		c->total = 0;
		c->close_after = c->close_after || (head && r->status != 304);
	} else if (lws_add_http_header_content_length(c->wsi, c->total, &p, end)) {
		return -1;
	}
	clock_format_http(req->now_ms, date, sizeof date);
	if (add_hdr(c->wsi, "date:", date, &p, end))
		return -1;
	for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
		if (add_hdr(c->wsi, security_headers[i][0], security_headers[i][1], &p, end))
			return -1;
	if (req->tls && add_hdr(c->wsi, "strict-transport-security:", "max-age=31536000", &p, end))
		return -1;
	int has_cache = 0;
	for (size_t i = 0; i < r->nheaders; i++) {
		size_t k;
		for (k = 0; r->headers[i].name[k] && k < sizeof name - 2; k++)
			name[k] = (char)(r->headers[i].name[k] | 0x20); /* ASCII names: lowercase */
		name[k++] = ':';
		name[k] = '\0';
		if (strcmp(name, "cache-control:") == 0)
			has_cache = 1;
		if (add_hdr(c->wsi, name, r->headers[i].value, &p, end))
			return -1;
	}
	if (!has_cache && add_hdr(c->wsi, "cache-control:", "no-store", &p, end))
		return -1;
	if (c->close_after && add_hdr(c->wsi, "connection:", "close", &p, end))
		return -1;
	if (lws_finalize_http_header(c->wsi, &p, end))
		return -1;
	int n = lws_write(c->wsi, start, (size_t)(p - start), LWS_WRITE_HTTP_HEADERS);
	if (n < 0)
		return -1;
	c->phase = PH_SEND;
	return 0;
}

/* Writes the next piece of the body. Returns 1 when the body is complete, 0 more, -1 error. */
static int write_body(struct conn *c)
{
	struct response *r = &c->req->resp;
	size_t n = c->total - c->sent;
	unsigned char *p = c->wbuf + LWS_PRE;
	if (n > CHUNK - 1)
		n = CHUNK - 1;
	if (r->fd >= 0) {
		ssize_t got = pread(r->fd, p, n, (off_t)(r->file_off + (int64_t)c->sent));
		if (got <= 0) {
			log_error("static: read failed: %s",
				  got < 0 ? strerror(errno) : "file shrank");
			return -1;
		}
		n = (size_t)got;
	} else {
		memcpy(p, r->body + c->sent, n);
	}
	int last = c->sent + n == c->total;
	if (lws_write(c->wsi, p, n, last ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP) < 0)
		return -1;
	c->sent += n;
	return last;
}

static int on_writeable(struct conn *c)
{
	int done;
	if (!c->req)
		return 0;
	switch (c->phase) {
	case PH_HEADERS:
		if (write_headers(c) != 0)
			return -1;
		if (c->total == 0) {
			done = 1;
			break;
		}
		lws_callback_on_writable(c->wsi);
		return 0;
	case PH_SEND:
		done = write_body(c);
		if (done < 0)
			return -1;
		if (!done) {
			lws_callback_on_writable(c->wsi);
			return 0;
		}
		break;
	default:
		return 0;
	}
	dispatch_observe(c->req, c->sent);
	int close_after = c->close_after;
	struct lws *wsi = c->wsi;
	conn_release(c);
	if (close_after)
		return -1;
	if (lws_http_transaction_completed(wsi))
		return -1;
	return 0;
}

static int http_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
			 size_t len)
{
	struct conn *c = user;
	struct transport *t = lws_context_user(lws_get_context(wsi));
	switch (reason) {
	case LWS_CALLBACK_HTTP:
		return on_http(t, c, wsi);
	case LWS_CALLBACK_HTTP_BODY:
		return on_body(c, in, len);
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		on_body_done(c);
		return 0;
	case LWS_CALLBACK_HTTP_WRITEABLE:
		return on_writeable(c);
	case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
	case LWS_CALLBACK_CLOSED_HTTP:
		if (c)
			conn_release(c);
		return 0;
	case LWS_CALLBACK_WSI_CREATE:
		metrics_conn(t->app->metrics, 1);
		return 0;
	case LWS_CALLBACK_WSI_DESTROY:
		metrics_conn(t->app->metrics, -1);
		return 0;
	case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
		/* lws offers this to every protocol; only protocols[0] drains (server/ws does not)
		 */
		work_pool_drain(t->app->work);
		ws_hub_drain(t->app->ws);
		return 0;
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		/* an upgrade bound to this protocol: no or an unknown-to-us subprotocol ("http").
		 * Channels are their own protocols (server/ws); refuse, or lws would accept it. */
		return -1;
	default:
		return 0;
	}
}

const struct lws_protocols transport_http_protocol = {
    "http", http_callback, sizeof(struct conn), 0, 0, NULL, 0,
};
