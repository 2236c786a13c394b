/* WebSocket channels for modules (server/ws). A module lists struct ws_channel entries in its
 * struct module; each becomes the URL /ws/<name> with the subprotocol <name>, e.g.
 *   new WebSocket("wss://host/ws/signal?room=12", "signal")
 * Modules never see libwebsockets: they get a struct ws_conn and the functions below.
 *
 * Threading: everything here runs on the service thread (the lws loop), except ws_post_text()
 * and ws_post_binary(), which any thread may call. A struct ws_conn * is valid from on_open until
 * on_close returns; to remember a connection elsewhere (a worker job, a table of participants)
 * keep its ws_conn_id() and look it up with ws_conn_by_id(), which returns NULL once it closed.
 *
 * Limits, per channel: max_message (bytes of one reassembled message; over it the connection is
 * closed with 1009) and send_queue_max (bytes queued for one connection and not yet written;
 * a send over it closes the connection with 1008 "slow consumer" and drops what was queued, so a
 * client that stops reading cannot make the server buffer without bound). See server/ws/README.md.
 */
#ifndef UJIKOM_WS_H
#define UJIKOM_WS_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "request.h"

struct app;
struct ws_conn;
struct ws_args;

/* Close codes (RFC 6455 §7.4.1) the layer uses; modules may use 4000-4999 for their own. */
#define WS_CLOSE_NORMAL	     1000
#define WS_CLOSE_GOING_AWAY  1001 /* server stopping */
#define WS_CLOSE_UNSUPPORTED 1003 /* a text message to a binary-only channel, or the reverse */
#define WS_CLOSE_POLICY	     1008 /* slow consumer, or a module's refusal */
#define WS_CLOSE_TOO_BIG     1009 /* a message over the channel's max_message */
#define WS_CLOSE_INTERNAL    1011

#define WS_NAME_MAX	  32 /* channel name: [a-z0-9_-], 1..32 */
#define WS_ROOM_KEY_MAX	  64 /* room key: [A-Za-z0-9._:-], 1..64 */
#define WS_ROOMS_PER_CONN 8

struct ws_channel {
	const char *name; /* URL /ws/<name> and the subprotocol name; not "http" */
	/* PERM_SESSION (any signed-in account), a catalogue permission, or PERM_PUBLIC (no
	 * session; the Origin check still applies). Accounts that must change their password are
	 * refused unless the channel is public. */
	const char *perm;
	size_t max_message;    /* bytes per message, text or binary; 0: 64 KiB */
	size_t send_queue_max; /* bytes queued per connection; 0: 1 MiB. Keep it >= the biggest
				  message the module sends, or that send always closes. */
	size_t rx_buffer;      /* lws receive buffer, malloc'd per connection; 0: 4 KiB. Raise it
				  only for bulk binary ingest (fewer callbacks per chunk). */

	/* At the handshake, before the upgrade: who is the signed-in account (NULL only on a
	 * PERM_PUBLIC channel) and the URL query arguments. Return ERR_OK to accept (optionally
	 * setting *conn_data, which the module owns and frees in on_close), anything else to refuse
	 * (the client sees a failed handshake). May be NULL (accept). */
	enum err (*authorize)(struct app *app, const struct principal *who,
			      const struct ws_args *args, void **conn_data);
	/* The connection is open: sends, rooms and ws_conn_by_id() work from here. May be NULL. */
	void (*on_open)(struct ws_conn *c);
	/* One whole message (fragments reassembled). The bytes are borrowed for the call and are
	 * not NUL-terminated; text is valid UTF-8 (lws checks it). NULL: such messages close the
	 * connection with 1003. */
	void (*on_text)(struct ws_conn *c, const char *text, size_t len);
	void (*on_binary)(struct ws_conn *c, const void *data, size_t len);
	/* Called exactly once for every connection that authorize accepted (even when the
	 * handshake failed after that and on_open never ran), after it left its rooms. Free
	 * conn_data here. Sends are ignored from here on. May be NULL. */
	void (*on_close)(struct ws_conn *c);
};

/* --- handshake arguments (valid during authorize only) --- */
/* The value of query argument name (decoded, NUL-terminated), "" for "?name", NULL when absent.
 * A repeated name, more than 16 arguments or one over 256 bytes refuses the handshake. */
const char *ws_arg(const struct ws_args *args, const char *name);
/* The argument as an integer in [lo, hi]: ERR_OK, ERR_NOT_FOUND (absent), ERR_INVALID. */
enum err ws_arg_int(const struct ws_args *args, const char *name, int64_t lo, int64_t hi,
		    int64_t *out);

/* --- a connection (service thread) --- */
uint64_t ws_conn_id(const struct ws_conn *c); /* unique for the life of the process, never 0 */
void *ws_conn_data(const struct ws_conn *c);  /* what authorize put in *conn_data */
void ws_conn_set_data(struct ws_conn *c, void *data);
int64_t ws_conn_account(const struct ws_conn *c); /* 0 on a public channel without a session */
int64_t ws_conn_session(const struct ws_conn *c);
struct app *ws_conn_app(const struct ws_conn *c);
const struct ws_channel *ws_conn_channel(const struct ws_conn *c);
/* The open connection with this id, or NULL (closed, closing, or never existed). */
struct ws_conn *ws_conn_by_id(struct app *app, uint64_t id);

/* Queue a copy of the message; it is written when the socket is writable, in order. ERR_OK;
 * ERR_UNAVAILABLE when the connection is closing (dropped); ERR_TOO_MANY when it exceeded
 * send_queue_max: the queue is dropped and the connection closes with 1008 "slow consumer". */
enum err ws_send_text(struct ws_conn *c, const char *text, size_t len);
enum err ws_send_binary(struct ws_conn *c, const void *data, size_t len);
/* Serialises obj compactly and sends it as text; steals the reference. */
enum err ws_send_json(struct ws_conn *c, json_t *obj);

/* Closes after what is already queued was written. code: 1000-1003, 1007-1011 or 4000-4999;
 * reason: short ASCII (cut at 64 bytes), may be NULL. No further messages are delivered. */
void ws_close(struct ws_conn *c, int code, const char *reason);

/* Flow control: stop reading from this client (TCP pushes back) until ws_resume(). For an ingest
 * whose disk queue is full. Messages already received are still delivered. */
void ws_pause(struct ws_conn *c);
void ws_resume(struct ws_conn *c);
/* Rate limit of what this client sends: a token bucket of burst bytes (0: one second's worth)
 * refilled at bytes_per_s (0: no limit). Every byte received spends a token; in debt the
 * connection stops reading (as ws_pause, on top of it) until a timer finds the debt paid back,
 * so a fast sender is slowed by TCP, never refused. Counted in /metrics
 * (ujikom_ws_throttled_total, ujikom_ws_throttled_seconds_total). Call from on_open on. */
void ws_rate_limit(struct ws_conn *c, int64_t bytes_per_s, int64_t burst);

/* --- rooms (service thread). Rooms belong to a channel: the same key on two channels is two
 * rooms. A connection leaves its rooms when it closes. --- */
/* ERR_OK (also when already a member), ERR_INVALID (bad key), ERR_TOO_MANY (in
 * WS_ROOMS_PER_CONN rooms already), ERR_UNAVAILABLE (closing). */
enum err ws_room_join(struct ws_conn *c, const char *room);
/* 1 when room is a valid key (1..WS_ROOM_KEY_MAX of [A-Za-z0-9._:-]). */
int ws_room_key_ok(const char *room);
void ws_room_leave(struct ws_conn *c, const char *room);
/* Sends text to every open member except `except` (may be NULL); returns how many queued it. */
size_t ws_room_broadcast(struct app *app, const struct ws_channel *ch, const char *room,
			 const struct ws_conn *except, const char *text, size_t len);
/* Calls fn for every member (join order); fn may send or close, not join or leave. Returns the
 * member count. */
size_t ws_room_foreach(struct app *app, const struct ws_channel *ch, const char *room,
		       void (*fn)(struct ws_conn *c, void *ctx), void *ctx);
size_t ws_room_size(struct app *app, const struct ws_channel *ch, const char *room);

/* --- from any thread (a worker) --- */
/* Copies the message and hands it to the service thread (locked queue + lws_cancel_service()),
 * which sends it if connection conn_id is still open and drops it otherwise. Messages from one
 * thread to one connection keep their order. Never blocks on the network. */
void ws_post_text(struct app *app, uint64_t conn_id, const char *text, size_t len);
void ws_post_binary(struct app *app, uint64_t conn_id, const void *data, size_t len);

#endif
