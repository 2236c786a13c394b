/* The WebSocket hub: the channel table built from the modules, open connections by id, the
 * queue of messages posted by other threads (drained on the service thread), graceful stop and
 * the /metrics lines. Everything but the posted queue is touched only by the service thread. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "log.h"
#include "module.h"
#include "ws_internal.h"

#define POST_BYTES_MAX ((size_t)64 << 20) /* posted but not yet delivered, all connections */

static const char *const close_names[WS_CK__COUNT] = {
    "peer", "dropped", "server", "too_big", "slow_consumer", "unsupported", "shutdown",
};
static const char *const refuse_names[WS_RF__COUNT] = {
    "path", "origin", "args", "unauthenticated", "forbidden", "module", "stopping",
};

enum err ws_hub_new(struct app *app, struct ws_hub **out)
{
	struct ws_hub *h = xcalloc(1, sizeof *h);
	size_t n = 0;
	h->app = app;
	pthread_mutex_init(&h->mu, NULL);
	h->nbuckets = 256;
	h->byid = xcalloc(h->nbuckets, sizeof *h->byid);
	for (size_t i = 0; i < app->nmodules; i++)
		n += app->modules[i]->nws_channels;
	h->chans = xcalloc(n ? n : 1, sizeof *h->chans);
	for (size_t i = 0; i < app->nmodules; i++) {
		const struct module *m = app->modules[i];
		for (size_t k = 0; k < m->nws_channels; k++) {
			const struct ws_channel *def = &m->ws_channels[k];
			struct ws_chan *c = &h->chans[h->nchans];
			if (!ws_name_ok(def->name) || strcmp(def->name, "http") == 0 ||
			    !def->perm) {
				log_error(
				    "module %s: bad WebSocket channel name or permission '%s'",
				    m->name, def->name ? def->name : "(null)");
				goto bad;
			}
			for (size_t j = 0; j < h->nchans; j++)
				if (strcmp(h->chans[j].def->name, def->name) == 0) {
					log_error("module %s: duplicate WebSocket channel %s",
						  m->name, def->name);
					goto bad;
				}
			c->def = def;
			c->module = m;
			c->hub = h;
			c->index = (unsigned)h->nchans;
			c->max_message = def->max_message ? def->max_message : 64 * 1024;
			c->queue_max = def->send_queue_max ? def->send_queue_max : 1024 * 1024;
			c->rx_buffer = def->rx_buffer ? def->rx_buffer : 4096;
			h->nchans++;
		}
	}
	*out = h;
	return ERR_OK;
bad:
	ws_hub_free(&h);
	return ERR_INVALID;
}

static void posts_clear(struct ws_hub *h)
{
	struct ws_post *p = h->post_head;
	while (p) {
		struct ws_post *next = p->next;
		free(p);
		p = next;
	}
	h->post_head = h->post_tail = NULL;
	h->post_bytes = 0;
}

void ws_hub_free(struct ws_hub **hp)
{
	struct ws_hub *h;
	if (!hp || !*hp)
		return;
	h = *hp;
	posts_clear(h);
	pthread_mutex_destroy(&h->mu);
	free(h->byid);
	free(h->chans);
	free(h);
	*hp = NULL;
}

void ws_hub_attach(struct ws_hub *h, struct lws_context *ctx)
{
	h->ctx = ctx;
	h->stopping = 0;
	pthread_mutex_lock(&h->mu);
	h->wake_ctx = ctx;
	pthread_mutex_unlock(&h->mu);
}

void ws_hub_detach(struct ws_hub *h)
{
	pthread_mutex_lock(&h->mu);
	h->wake_ctx = NULL;
	posts_clear(h);
	pthread_mutex_unlock(&h->mu);
	h->ctx = NULL;
}

size_t ws_hub_nchannels(const struct ws_hub *h)
{
	return h ? h->nchans : 0;
}

void ws_hub_protocol(struct ws_hub *h, size_t i, struct lws_protocols *p)
{
	struct ws_chan *c = &h->chans[i];
	memset(p, 0, sizeof *p);
	p->name = c->def->name;
	p->callback = ws_callback;
	p->per_session_data_size = sizeof(struct ws_conn);
	p->rx_buffer_size = c->rx_buffer;
	p->id = (unsigned)i;
	p->user = c;
	/* one socket write per lws_write: ws_conn.c writes pieces of at most this much, so lws
	 * never copies a remainder of ours (tx 0 would mean "rx_buffer_size") */
	p->tx_packet_size = 16384;
}

/* --- connections by id ----------------------------------------------------------------------- */

static size_t bucket(const struct ws_hub *h, uint64_t id)
{
	id ^= id >> 29;
	id *= 0xbf58476d1ce4e5b9ULL;
	id ^= id >> 32;
	return (size_t)id & (h->nbuckets - 1);
}

static void grow(struct ws_hub *h)
{
	size_t old = h->nbuckets;
	struct ws_conn **ob = h->byid;
	h->nbuckets = old * 2;
	h->byid = xcalloc(h->nbuckets, sizeof *h->byid);
	for (size_t i = 0; i < old; i++) {
		struct ws_conn *c = ob[i];
		while (c) {
			struct ws_conn *next = c->id_next;
			size_t b = bucket(h, c->id);
			c->id_next = h->byid[b];
			h->byid[b] = c;
			c = next;
		}
	}
	free(ob);
}

void ws_hub_register(struct ws_hub *h, struct ws_conn *c)
{
	if (h->nconns + 1 > h->nbuckets)
		grow(h);
	c->id = ++h->next_id;
	size_t b = bucket(h, c->id);
	c->id_next = h->byid[b];
	h->byid[b] = c;
	h->nconns++;
}

void ws_hub_unregister(struct ws_hub *h, struct ws_conn *c)
{
	struct ws_conn **pp = &h->byid[bucket(h, c->id)];
	while (*pp && *pp != c)
		pp = &(*pp)->id_next;
	if (*pp) {
		*pp = c->id_next;
		h->nconns--;
	}
	c->id_next = NULL;
}

struct ws_conn *ws_conn_by_id(struct app *app, uint64_t id)
{
	struct ws_hub *h = app ? app->ws : NULL;
	if (!h || !id)
		return NULL;
	for (struct ws_conn *c = h->byid[bucket(h, id)]; c; c = c->id_next)
		if (c->id == id)
			return c->state == WS_ST_OPEN && !c->closing ? c : NULL;
	return NULL;
}

size_t ws_hub_live(const struct ws_hub *h)
{
	size_t n = 0;
	for (size_t i = 0; h && i < h->nchans; i++)
		n += (size_t)h->chans[i].open;
	return n;
}

/* --- posted messages (any thread -> service thread) ------------------------------------------ */

static void post(struct app *app, uint64_t conn_id, const void *data, size_t len, int binary)
{
	struct ws_hub *h = app ? app->ws : NULL;
	if (!h)
		return;
	pthread_mutex_lock(&h->mu);
	if (!h->wake_ctx || len > POST_BYTES_MAX - h->post_bytes) {
		h->posts_dropped++;
		pthread_mutex_unlock(&h->mu);
		return;
	}
	struct ws_post *p = xmalloc(sizeof *p + (len ? len : 1));
	p->next = NULL;
	p->conn_id = conn_id;
	p->len = len;
	p->binary = binary;
	if (len)
		memcpy(p->data, data, len);
	if (h->post_tail)
		h->post_tail->next = p;
	else
		h->post_head = p;
	h->post_tail = p;
	h->post_bytes += len;
	/* lws_cancel_service() is the one lws call other threads may make (design.md §1) */
	lws_cancel_service(h->wake_ctx);
	pthread_mutex_unlock(&h->mu);
}

void ws_post_text(struct app *app, uint64_t conn_id, const char *text, size_t len)
{
	post(app, conn_id, text, len, 0);
}

void ws_post_binary(struct app *app, uint64_t conn_id, const void *data, size_t len)
{
	post(app, conn_id, data, len, 1);
}

void ws_hub_drain(struct ws_hub *h)
{
	struct ws_post *list;
	if (!h)
		return;
	pthread_mutex_lock(&h->mu);
	list = h->post_head;
	h->post_head = h->post_tail = NULL;
	h->post_bytes = 0;
	pthread_mutex_unlock(&h->mu);
	uint64_t dropped = 0;
	while (list) {
		struct ws_post *next = list->next;
		struct ws_conn *c = ws_conn_by_id(h->app, list->conn_id);
		if (!c || ws_conn_send(c, list->data, list->len, list->binary) != ERR_OK)
			dropped++;
		free(list);
		list = next;
	}
	if (dropped) {
		pthread_mutex_lock(&h->mu);
		h->posts_dropped += dropped;
		pthread_mutex_unlock(&h->mu);
	}
}

/* --- stop ------------------------------------------------------------------------------------ */

void ws_hub_shutdown(struct ws_hub *h)
{
	if (!h)
		return;
	h->stopping = 1;
	for (size_t b = 0; b < h->nbuckets; b++)
		for (struct ws_conn *c = h->byid[b]; c; c = c->id_next)
			ws_conn_shutdown(c);
}

/* --- metrics --------------------------------------------------------------------------------- */

void ws_hub_metrics(struct ws_hub *h, struct buf *out)
{
	uint64_t dropped;
	if (!h)
		return;
	buf_adds(out, "# HELP ujikom_ws_connections Open WebSocket connections by channel.\n"
		      "# TYPE ujikom_ws_connections gauge\n");
	for (size_t i = 0; i < h->nchans; i++)
		buf_printf(out, "ujikom_ws_connections{channel=\"%s\"} %lld\n",
			   h->chans[i].def->name, (long long)h->chans[i].open);
	buf_adds(out, "# HELP ujikom_ws_messages_total Whole WebSocket messages by direction.\n"
		      "# TYPE ujikom_ws_messages_total counter\n");
	for (size_t i = 0; i < h->nchans; i++)
		buf_printf(out,
			   "ujikom_ws_messages_total{channel=\"%s\",dir=\"in\"} %llu\n"
			   "ujikom_ws_messages_total{channel=\"%s\",dir=\"out\"} %llu\n",
			   h->chans[i].def->name, (unsigned long long)h->chans[i].msgs_in,
			   h->chans[i].def->name, (unsigned long long)h->chans[i].msgs_out);
	buf_adds(out, "# HELP ujikom_ws_bytes_total WebSocket payload bytes by direction.\n"
		      "# TYPE ujikom_ws_bytes_total counter\n");
	for (size_t i = 0; i < h->nchans; i++)
		buf_printf(out,
			   "ujikom_ws_bytes_total{channel=\"%s\",dir=\"in\"} %llu\n"
			   "ujikom_ws_bytes_total{channel=\"%s\",dir=\"out\"} %llu\n",
			   h->chans[i].def->name, (unsigned long long)h->chans[i].bytes_in,
			   h->chans[i].def->name, (unsigned long long)h->chans[i].bytes_out);
	buf_adds(out, "# HELP ujikom_ws_closes_total Closed WebSocket connections by reason.\n"
		      "# TYPE ujikom_ws_closes_total counter\n");
	for (size_t i = 0; i < h->nchans; i++)
		for (int k = 0; k < WS_CK__COUNT; k++)
			buf_printf(out,
				   "ujikom_ws_closes_total{channel=\"%s\",reason=\"%s\"} %llu\n",
				   h->chans[i].def->name, close_names[k],
				   (unsigned long long)h->chans[i].closes[k]);
	buf_adds(out, "# HELP ujikom_ws_refused_total Refused WebSocket handshakes by reason.\n"
		      "# TYPE ujikom_ws_refused_total counter\n");
	for (size_t i = 0; i < h->nchans; i++)
		for (int k = 0; k < WS_RF__COUNT; k++)
			buf_printf(out,
				   "ujikom_ws_refused_total{channel=\"%s\",reason=\"%s\"} %llu\n",
				   h->chans[i].def->name, refuse_names[k],
				   (unsigned long long)h->chans[i].refused[k]);
	buf_adds(out, "# HELP ujikom_ws_throttled_total Times a connection stopped reading because "
		      "it sent faster than its rate limit.\n"
		      "# TYPE ujikom_ws_throttled_total counter\n");
	for (size_t i = 0; i < h->nchans; i++)
		buf_printf(out, "ujikom_ws_throttled_total{channel=\"%s\"} %llu\n",
			   h->chans[i].def->name, (unsigned long long)h->chans[i].throttles);
	buf_adds(out, "# HELP ujikom_ws_throttled_seconds_total Time connections spent not reading "
		      "for their rate limit (ended throttles).\n"
		      "# TYPE ujikom_ws_throttled_seconds_total counter\n");
	for (size_t i = 0; i < h->nchans; i++)
		buf_printf(out, "ujikom_ws_throttled_seconds_total{channel=\"%s\"} %.3f\n",
			   h->chans[i].def->name, (double)h->chans[i].throttled_us / 1e6);
	pthread_mutex_lock(&h->mu);
	dropped = h->posts_dropped;
	pthread_mutex_unlock(&h->mu);
	buf_printf(out,
		   "# HELP ujikom_ws_posts_dropped_total Messages posted from workers that were "
		   "not delivered (connection gone or queue full).\n"
		   "# TYPE ujikom_ws_posts_dropped_total counter\n"
		   "ujikom_ws_posts_dropped_total %llu\n",
		   (unsigned long long)dropped);
}
