/* Rooms: named groups of connections of one channel (an assessment's participants), kept on the
 * service thread. A room exists while it has members; members are kept in join order. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "arena.h"
#include "ws_internal.h"

struct ws_member {
	struct ws_room *room;
	struct ws_conn *conn;
	struct ws_member *prev, *next; /* in the room, join order */
	struct ws_member *next_of_conn;
};

struct ws_room {
	struct ws_room *next; /* bucket chain */
	struct ws_member *head, *tail;
	size_t n;
	char key[];
};

static size_t key_bucket(const char *key)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h % WS_ROOM_BUCKETS;
}

static struct ws_chan *chan_of(struct app *app, const struct ws_channel *def)
{
	struct ws_hub *h = app ? app->ws : NULL;
	for (size_t i = 0; h && i < h->nchans; i++)
		if (h->chans[i].def == def)
			return &h->chans[i];
	return NULL;
}

static struct ws_room *room_find(struct ws_chan *ch, const char *key)
{
	if (!ch || !key)
		return NULL;
	for (struct ws_room *r = ch->rooms[key_bucket(key)]; r; r = r->next)
		if (strcmp(r->key, key) == 0)
			return r;
	return NULL;
}

enum err ws_room_join(struct ws_conn *c, const char *key)
{
	struct ws_room *r;
	if (!c || c->state != WS_ST_OPEN || c->closing)
		return ERR_UNAVAILABLE;
	if (!ws_room_key_ok(key))
		return ERR_INVALID;
	for (struct ws_member *m = c->rooms; m; m = m->next_of_conn)
		if (strcmp(m->room->key, key) == 0)
			return ERR_OK;
	if (c->nrooms >= WS_ROOMS_PER_CONN)
		return ERR_TOO_MANY;
	r = room_find(c->ch, key);
	if (!r) {
		size_t n = strlen(key);
		size_t b = key_bucket(key);
		r = xcalloc(1, sizeof *r + n + 1);
		memcpy(r->key, key, n + 1);
		r->next = c->ch->rooms[b];
		c->ch->rooms[b] = r;
	}
	struct ws_member *m = xcalloc(1, sizeof *m);
	m->room = r;
	m->conn = c;
	m->prev = r->tail;
	if (r->tail)
		r->tail->next = m;
	else
		r->head = m;
	r->tail = m;
	r->n++;
	m->next_of_conn = c->rooms;
	c->rooms = m;
	c->nrooms++;
	return ERR_OK;
}

static void member_remove(struct ws_chan *ch, struct ws_member *m)
{
	struct ws_room *r = m->room;
	if (m->prev)
		m->prev->next = m->next;
	else
		r->head = m->next;
	if (m->next)
		m->next->prev = m->prev;
	else
		r->tail = m->prev;
	r->n--;
	if (r->n == 0) {
		struct ws_room **pp = &ch->rooms[key_bucket(r->key)];
		while (*pp && *pp != r)
			pp = &(*pp)->next;
		if (*pp)
			*pp = r->next;
		free(r);
	}
	free(m);
}

void ws_room_leave(struct ws_conn *c, const char *key)
{
	if (!c || !key)
		return;
	for (struct ws_member **pp = &c->rooms; *pp; pp = &(*pp)->next_of_conn)
		if (strcmp((*pp)->room->key, key) == 0) {
			struct ws_member *m = *pp;
			*pp = m->next_of_conn;
			c->nrooms--;
			member_remove(c->ch, m);
			return;
		}
}

void ws_room_leave_all(struct ws_conn *c)
{
	while (c->rooms) {
		struct ws_member *m = c->rooms;
		c->rooms = m->next_of_conn;
		member_remove(c->ch, m);
	}
	c->nrooms = 0;
}

size_t ws_room_foreach(struct app *app, const struct ws_channel *def, const char *key,
		       void (*fn)(struct ws_conn *c, void *ctx), void *ctx)
{
	struct ws_room *r = room_find(chan_of(app, def), key);
	if (!r)
		return 0;
	size_t n = r->n;
	/* fn may close connections, which only marks them; they leave in LWS_CALLBACK_CLOSED,
	 * never during this walk */
	for (struct ws_member *m = r->head; m; m = m->next)
		fn(m->conn, ctx);
	return n;
}

size_t ws_room_size(struct app *app, const struct ws_channel *def, const char *key)
{
	struct ws_room *r = room_find(chan_of(app, def), key);
	return r ? r->n : 0;
}

size_t ws_room_broadcast(struct app *app, const struct ws_channel *def, const char *key,
			 const struct ws_conn *except, const char *text, size_t len)
{
	struct ws_room *r = room_find(chan_of(app, def), key);
	size_t sent = 0;
	if (!r)
		return 0;
	for (struct ws_member *m = r->head; m; m = m->next)
		if (m->conn != except && ws_send_text(m->conn, text, len) == ERR_OK)
			sent++;
	return sent;
}
