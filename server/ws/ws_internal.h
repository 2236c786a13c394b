/* Inside server/ws: the hub (channels, connections by id, rooms, the posted-message queue,
 * metrics) and the lws side. server/http/server.c builds one lws protocol per channel from here;
 * core/app.c creates and frees the hub. */
#ifndef UJIKOM_WS_INTERNAL_H
#define UJIKOM_WS_INTERNAL_H
#include <libwebsockets.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "ws.h"
#include "ws_hub.h"
#include "ws_parts.h"

struct app;
struct module;
struct ws_room;

/* Why a connection ended (metrics label). */
enum ws_close_kind {
	WS_CK_PEER = 0,	   /* the client sent a close frame */
	WS_CK_DROPPED,	   /* the socket went away (no close frame, idle timeout, error) */
	WS_CK_SERVER,	   /* ws_close() by the module */
	WS_CK_TOO_BIG,	   /* 1009 */
	WS_CK_SLOW,	   /* 1008 slow consumer */
	WS_CK_UNSUPPORTED, /* 1003 */
	WS_CK_SHUTDOWN,	   /* 1001 */
	WS_CK__COUNT
};

/* Why a handshake was refused (metrics label). */
enum ws_refuse_kind {
	WS_RF_PATH = 0, /* URL is not /ws/<this channel's name> */
	WS_RF_ORIGIN,
	WS_RF_ARGS,
	WS_RF_UNAUTHENTICATED,
	WS_RF_FORBIDDEN,
	WS_RF_MODULE, /* authorize() said no */
	WS_RF_STOPPING,
	WS_RF__COUNT
};

#define WS_ROOM_BUCKETS 64

struct ws_chan {
	const struct ws_channel *def;
	const struct module *module;
	struct ws_hub *hub;
	unsigned index;
	size_t max_message, queue_max, rx_buffer;
	struct ws_room *rooms[WS_ROOM_BUCKETS];
	/* metrics (service thread) */
	int64_t open;
	uint64_t msgs_in, msgs_out, bytes_in, bytes_out;
	uint64_t closes[WS_CK__COUNT];
	uint64_t refused[WS_RF__COUNT];
	uint64_t throttles, throttled_us; /* ws_rate_limit: pauses and their total length */
};

struct ws_post {
	struct ws_post *next;
	uint64_t conn_id;
	size_t len;
	int binary;
	unsigned char data[];
};

struct ws_hub {
	struct app *app;
	struct ws_chan *chans;
	size_t nchans;
	struct lws_context *ctx; /* set while a server runs (ws_hub_attach) */
	uint64_t next_id;
	/* open connections by id: chained hash, power-of-two buckets */
	struct ws_conn **byid;
	size_t nbuckets, nconns;
	int stopping;
	/* posted from other threads; mu guards post_*, ctx for wakes, and dropped */
	pthread_mutex_t mu;
	struct ws_post *post_head, *post_tail;
	size_t post_bytes;
	uint64_t posts_dropped; /* queue over its bound, or connection gone */
	struct lws_context *wake_ctx;
};

struct ws_member; /* one (room, connection) pair */

enum ws_conn_state { WS_ST_NONE = 0, WS_ST_AUTHORIZED, WS_ST_OPEN, WS_ST_DONE };

/* The lws per-session data of a channel protocol: lws allocates it zeroed at the upgrade and
 * frees it after LWS_CALLBACK_CLOSED, so its address is stable for the connection's life. */
struct ws_conn {
	struct lws *wsi;
	struct ws_chan *ch;
	enum ws_conn_state state;
	uint64_t id;
	int64_t account_id, session_id;
	void *data;
	struct ws_conn *id_next;
	struct ws_member *rooms; /* this connection's memberships */
	size_t nrooms;
	struct ws_rx rx;
	struct ws_queue q;
	int closing;   /* close after the queue is written (or now, when flush is 0) */
	int paused;    /* ws_pause() by the module */
	int throttled; /* over its rate: not reading until the timer (ws_rate_limit) */
	int rx_off;    /* reading is off in lws (paused or throttled, and not closing) */
	/* token bucket (ws_rate_limit): bytes per second, capacity, tokens (negative: debt) at
	 * refill_us (monotonic); throttled_at_us when the current throttle began */
	int64_t rate, burst, tokens, refill_us, throttled_at_us;
	int counted; /* the close is in the metrics */
	enum ws_close_kind kind;
	uint16_t close_code;
	char close_reason[65];
};

void ws_hub_register(struct ws_hub *hub, struct ws_conn *c);
void ws_hub_unregister(struct ws_hub *hub, struct ws_conn *c);

/* Closes c with 1001 and counts it as a shutdown close (ws_hub_shutdown). */
void ws_conn_shutdown(struct ws_conn *c);

/* --- rooms (ws_room.c) --- */
void ws_room_leave_all(struct ws_conn *c);

/* --- lws callback (ws_conn.c) --- */
int ws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
		size_t len);
/* Sends on c without the public checks (used by drain): as ws_send_text/binary. */
enum err ws_conn_send(struct ws_conn *c, const void *p, size_t n, int binary);

#endif
