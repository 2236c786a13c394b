/* The pure parts of server/ws, without libwebsockets or the app: message reassembly, the
 * per-connection send queue, handshake query arguments, the Origin rule, the /ws/<name> path and
 * room keys. Unit tests (tests/unit/test_ws_parts.c) and the fuzz target use them directly. */
#ifndef UJIKOM_WS_PARTS_H
#define UJIKOM_WS_PARTS_H
#include <stddef.h>
#include <stdint.h>

/* --- reassembly of one message from lws RECEIVE callbacks --- */
struct ws_rx {
	unsigned char *buf; /* heap, only while a multi-piece message is being collected */
	size_t len, cap;
	int active; /* a message has started and is not complete */
	int binary; /* of the message being collected */
};

enum ws_rx_status {
	WS_RX_MORE,    /* need more pieces */
	WS_RX_DONE,    /* msg and len hold the whole message until ws_rx_release() */
	WS_RX_TOO_BIG, /* over max; the partial message was discarded */
};

/* Feeds one piece. binary: the message's type (read at its first piece); last: this piece ends
 * the message (lws_is_final_fragment() && !lws_remaining_packet_payload()). A message that
 * arrives in one piece is returned without a copy (msg points into p). */
enum ws_rx_status ws_rx_feed(struct ws_rx *rx, const void *p, size_t n, int binary, int last,
			     size_t max, const unsigned char **msg, size_t *len, int *is_binary);
/* After WS_RX_DONE: frees the collected copy (idle connections hold no buffer). */
void ws_rx_release(struct ws_rx *rx);

/* --- send queue: copies with headroom in front (LWS_PRE for lws_write), bounded in bytes --- */
struct ws_qmsg {
	struct ws_qmsg *next;
	size_t len; /* payload bytes */
	size_t off; /* payload bytes already written */
	int binary;
	unsigned char bytes[]; /* headroom, then len payload bytes */
};

struct ws_queue {
	struct ws_qmsg *head, *tail;
	size_t bytes; /* payload bytes queued (of messages not yet completely written) */
	size_t count;
	size_t headroom;
};

/* One lws_write: the payload piece (with headroom writable bytes in front of p), its kind and
 * whether it ends the message. */
enum ws_piece_kind { WS_PIECE_TEXT, WS_PIECE_BINARY, WS_PIECE_CONTINUATION };
struct ws_piece {
	unsigned char *p;
	size_t len;
	enum ws_piece_kind kind;
	int fin;
};

void ws_queue_init(struct ws_queue *q, size_t headroom);
/* Queues a copy. -1 (nothing queued) when bytes + n would exceed limit. */
int ws_queue_push(struct ws_queue *q, size_t limit, const void *p, size_t n, int binary);
/* The next piece of the head message, at most max_piece bytes (> 0). 0 when the queue is empty.
 * The headroom in front of a later piece is the already-written end of the previous piece. */
int ws_queue_piece(struct ws_queue *q, size_t max_piece, struct ws_piece *out);
/* Marks n bytes of the head message written; the message is freed when complete. */
void ws_queue_advance(struct ws_queue *q, size_t n);
void ws_queue_clear(struct ws_queue *q);

/* --- handshake query arguments, as lws hands them over (decoded "name=value" pieces) --- */
#define WS_ARGS_MAX    16
#define WS_ARG_LEN_MAX 256
struct ws_args {
	size_t n;
	const char *name[WS_ARGS_MAX];
	const char *value[WS_ARGS_MAX];
	size_t used;
	char store[WS_ARGS_MAX * (WS_ARG_LEN_MAX + 2)];
};
void ws_args_init(struct ws_args *a);
/* Adds one piece. -1 when there are too many, it is too long, has an empty name, a NUL or
 * control byte, or repeats a name (?room=1&room=2 is ambiguous: refused). */
int ws_args_add(struct ws_args *a, const char *piece, size_t len);

/* --- the Origin rule: the configured public origin, else scheme://Host of this request. Unlike
 * the HTTP check (where a missing Origin means "not a browser form post"), a WebSocket handshake
 * without Origin is refused: browsers always send it, and cookies ride along cross-site. --- */
int ws_origin_ok(const char *origin, const char *public_origin, const char *host, int tls);

/* "/ws/<name>" (nothing after the name) -> name copied into out (WS path names: 1..32 of
 * [a-z0-9_-]); 0 on success, -1 otherwise. */
int ws_path_channel(const char *path, size_t len, char *out, size_t outsz);
/* 1 when name is a valid channel name. */
int ws_name_ok(const char *name);

#endif
