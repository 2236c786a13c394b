/* Creates the libwebsockets context (one vhost, our HTTP protocol as protocols[0], then one
 * protocol per WebSocket channel, no mounts), runs the service loop with a once-a-minute module
 * tick, and stops gracefully (WebSockets are closed with 1001). */
#include "server.h"

#include <libwebsockets.h>
#include <stdlib.h>
#include <string.h>

#include "../ws/ws_hub.h"
#include "app.h"
#include "arena.h"
#include "clock.h"
#include "config.h"
#include "log.h"
#include "transport.h"
#include "work.h"

struct http_server {
	struct transport t;
	char iface[64];
};

static void lws_log_emit(int level, const char *line)
{
	size_t n = strlen(line);
	/* a refused WebSocket handshake: server/ws counts it in /metrics (ujikom_ws_refused_total)
	 * and logs it at debug; a warning per refusal would let anyone fill the log */
	if (strstr(line, "User code denied connection"))
		return;
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	log_msg(level == LLL_ERR ? LOG_ERROR : LOG_WARN, "lws: %.*s", (int)n, line);
}

static void wake(void *ctx)
{
	lws_cancel_service(ctx);
}

/* The daily retention run (every module's purge hook) on a worker: it writes the ledger and
 * unlinks files, which does not belong on the event loop. */
static void purge_work(struct db *db, void *arg)
{
	struct app *app = arg;
	app_purge_all(app, db, clock_now_ms(), 0, NULL);
}

static void on_tick(lws_sorted_usec_list_t *sul)
{
	struct transport *t = lws_container_of(sul, struct transport, tick);
	int64_t now = clock_now_ms();
	for (size_t i = 0; i < t->app->nmodules; i++)
		if (t->app->modules[i]->tick)
			t->app->modules[i]->tick(t->app, now);
	if ((now / 60000) % 1440 == 19 * 60) /* daily, at 02:00 WIB */
		work_submit(t->app->work, purge_work, NULL, t->app);
	lws_sul_schedule(t->ctx, 0, &t->tick, on_tick, 60 * LWS_US_PER_SEC);
}

static const lws_retry_bo_t ws_idle_policy = {
    .secs_since_valid_ping = 30,
    .secs_since_valid_hangup = 50,
};

struct http_server *http_server_new(struct app *app)
{
	static const struct lws_protocols terminator = {NULL, NULL, 0, 0, 0, NULL, 0};
	struct lws_protocols *protocols = NULL;
	struct lws_context_creation_info info;
	struct http_server *s = xcalloc(1, sizeof *s);
	int port;

	s->t.app = app;
	if (config_listen_split(app->cfg->listen, s->iface, sizeof s->iface, &port) != 0) {
		log_error("bad listen address %s", app->cfg->listen);
		goto fail;
	}
	lws_set_log_level(LLL_ERR | LLL_WARN, lws_log_emit);
	size_t nch = ws_hub_nchannels(app->ws);
	protocols = xcalloc(nch + 2, sizeof *protocols);
	protocols[0] = transport_http_protocol;
	for (size_t i = 0; i < nch; i++)
		ws_hub_protocol(app->ws, i, &protocols[1 + i]);
	protocols[nch + 1] = terminator; /* no LWS_PROTOCOL_LIST_TERM in 4.1 */

	memset(&info, 0, sizeof info);
	info.port = port;
	info.iface = strcmp(s->iface, "0.0.0.0") == 0 ? NULL : s->iface;
	info.protocols = protocols;
	info.user = &s->t;
	info.pt_serv_buf_size = 65536;	   /* static throughput: 4 KiB caps at ~360 MB/s */
	info.max_http_header_data = 32768; /* transport.c enforces 16 KiB with a 431 */
	info.max_http_header_pool = 256;
	info.timeout_secs = 30;
	info.keepalive_timeout = 15;
	/* idle WebSockets get a PING after 30 s without a PONG and are dropped 20 s later; lws 4.1
	 * has no ws_ping_pong_interval any more, this policy replaced it */
	info.retry_and_idle_policy = &ws_idle_policy;
	info.options = LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND |
		       LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_DISABLE_IPV6;
	if (strchr(s->iface, ':'))
		info.options &= ~(uint64_t)LWS_SERVER_OPTION_DISABLE_IPV6;
	if (app->cfg->tls_cert && *app->cfg->tls_cert) {
		info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
		info.ssl_cert_filepath = app->cfg->tls_cert;
		info.ssl_private_key_filepath = app->cfg->tls_key;
		info.alpn = "http/1.1"; /* our writer is h1-only; see platform-notes §4.11 */
	}
	s->t.ctx = lws_create_context(&info);
	if (!s->t.ctx) {
		log_error("cannot listen on %s", app->cfg->listen);
		goto fail;
	}
	s->t.protocols_owned = protocols;
	work_pool_set_waker(app->work, wake, s->t.ctx);
	ws_hub_attach(app->ws, s->t.ctx);
	lws_sul_schedule(s->t.ctx, 0, &s->t.tick, on_tick, 60 * LWS_US_PER_SEC);
	return s;
fail:
	free(protocols);
	free(s);
	return NULL;
}

int http_server_run(struct http_server *s)
{
	struct app *app = s->t.app;
	while (!app->stopping)
		if (lws_service(s->t.ctx, 0) < 0)
			break;
	/* Finish in-flight requests (including worker jobs); new ones get 503 + close meanwhile.
	 * (lws_context_deprecate() would close the listener but crashes in Debian's 4.1.6.) */
	ws_hub_shutdown(app->ws); /* 1001 to every WebSocket, new handshakes refused */
	int64_t deadline = clock_mono_us() + 10 * 1000000;
	while ((s->t.inflight > 0 || ws_hub_live(app->ws) > 0) && clock_mono_us() < deadline)
		if (lws_service(s->t.ctx, 0) < 0)
			break;
	if (s->t.inflight > 0)
		log_warn("stopping with %ld requests still in flight", s->t.inflight);
	if (ws_hub_live(app->ws) > 0)
		log_warn("stopping with %zu WebSockets still open", ws_hub_live(app->ws));
	return 0;
}

void http_server_wake(struct http_server *s)
{
	if (s && s->t.ctx)
		lws_cancel_service(s->t.ctx);
}

void http_server_free(struct http_server **sp)
{
	struct http_server *s;
	if (!sp || !*sp)
		return;
	s = *sp;
	if (s->t.ctx) {
		work_pool_set_waker(s->t.app->work, NULL, NULL);
		ws_hub_detach(s->t.app->ws);
		lws_sul_cancel(&s->t.tick);
		lws_context_destroy(s->t.ctx);
	}
	free(s->t.protocols_owned);
	free(s);
	*sp = NULL;
}
