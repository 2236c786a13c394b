/* Pure parts of the WebSocket layer (see ws_parts.h): reassembly, send queue, query arguments,
 * Origin, path and room-key rules. No libwebsockets here, so tests and the fuzzer use them. */
#include "ws_parts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ws.h"

/* --- reassembly ------------------------------------------------------------------------------ */

static void rx_drop(struct ws_rx *rx)
{
	free(rx->buf);
	memset(rx, 0, sizeof *rx);
}

enum ws_rx_status ws_rx_feed(struct ws_rx *rx, const void *p, size_t n, int binary, int last,
			     size_t max, const unsigned char **msg, size_t *len, int *is_binary)
{
	if (!rx->active) {
		if (n > max)
			return WS_RX_TOO_BIG;
		if (last) { /* the common case: the whole message in one piece, no copy */
			*msg = n ? p : (const unsigned char *)"";
			*len = n;
			*is_binary = binary;
			return WS_RX_DONE;
		}
		rx->active = 1;
		rx->binary = binary;
		rx->len = 0;
	}
	if (n > max - rx->len) { /* rx->len <= max always holds */
		rx_drop(rx);
		return WS_RX_TOO_BIG;
	}
	if (rx->len + n > rx->cap) {
		/* grow geometrically but never past max: a client picks the size, we bound it */
		size_t cap = rx->cap ? rx->cap : 4096;
		while (cap < rx->len + n)
			cap = cap > max / 2 ? max : cap * 2;
		if (cap > max)
			cap = max;
		if (cap < rx->len + n)
			cap = rx->len + n;
		rx->buf = xrealloc(rx->buf, cap ? cap : 1);
		rx->cap = cap;
	}
	if (n)
		memcpy(rx->buf + rx->len, p, n);
	rx->len += n;
	if (!last)
		return WS_RX_MORE;
	*msg = rx->buf ? rx->buf : (const unsigned char *)"";
	*len = rx->len;
	*is_binary = rx->binary;
	rx->active = 0;
	return WS_RX_DONE;
}

void ws_rx_release(struct ws_rx *rx)
{
	rx_drop(rx);
}

/* --- send queue ------------------------------------------------------------------------------ */

void ws_queue_init(struct ws_queue *q, size_t headroom)
{
	memset(q, 0, sizeof *q);
	q->headroom = headroom;
}

int ws_queue_push(struct ws_queue *q, size_t limit, const void *p, size_t n, int binary)
{
	if (n > limit || q->bytes > limit - n)
		return -1;
	struct ws_qmsg *m = xmalloc(sizeof *m + q->headroom + n);
	m->next = NULL;
	m->len = n;
	m->off = 0;
	m->binary = binary;
	if (n)
		memcpy(m->bytes + q->headroom, p, n);
	if (q->tail)
		q->tail->next = m;
	else
		q->head = m;
	q->tail = m;
	q->bytes += n;
	q->count++;
	return 0;
}

int ws_queue_piece(struct ws_queue *q, size_t max_piece, struct ws_piece *out)
{
	struct ws_qmsg *m = q->head;
	if (!m)
		return 0;
	size_t left = m->len - m->off;
	out->p = m->bytes + q->headroom + m->off;
	out->len = left < max_piece ? left : max_piece;
	out->fin = out->len == left;
	if (m->off)
		out->kind = WS_PIECE_CONTINUATION;
	else
		out->kind = m->binary ? WS_PIECE_BINARY : WS_PIECE_TEXT;
	return 1;
}

void ws_queue_advance(struct ws_queue *q, size_t n)
{
	struct ws_qmsg *m = q->head;
	if (!m)
		return;
	m->off += n < m->len - m->off ? n : m->len - m->off;
	if (m->off < m->len)
		return;
	q->head = m->next;
	if (!q->head)
		q->tail = NULL;
	q->bytes -= m->len;
	q->count--;
	free(m);
}

void ws_queue_clear(struct ws_queue *q)
{
	struct ws_qmsg *m = q->head;
	while (m) {
		struct ws_qmsg *next = m->next;
		free(m);
		m = next;
	}
	q->head = q->tail = NULL;
	q->bytes = 0;
	q->count = 0;
}

/* --- query arguments ------------------------------------------------------------------------- */

void ws_args_init(struct ws_args *a)
{
	a->n = 0;
	a->used = 0;
}

const char *ws_arg(const struct ws_args *a, const char *name)
{
	if (!a || !name)
		return NULL;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->name[i], name) == 0)
			return a->value[i];
	return NULL;
}

enum err ws_arg_int(const struct ws_args *a, const char *name, int64_t lo, int64_t hi, int64_t *out)
{
	const char *v = ws_arg(a, name);
	char *end = NULL;
	if (!v)
		return ERR_NOT_FOUND;
	if (!*v || strlen(v) > 19 || strspn(v, "-0123456789") != strlen(v))
		return ERR_INVALID;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || *end || n < lo || n > hi)
		return ERR_INVALID;
	*out = n;
	return ERR_OK;
}

int ws_args_add(struct ws_args *a, const char *piece, size_t len)
{
	size_t eq = len;
	if (a->n >= WS_ARGS_MAX || len > WS_ARG_LEN_MAX || len == 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)piece[i];
		if (ch < 0x20 || ch == 0x7f)
			return -1;
		if (ch == '=' && eq == len)
			eq = i;
	}
	if (eq == 0)
		return -1;
	/* store "name\0value\0": at most len + 2 bytes, and the store holds WS_ARGS_MAX of those */
	char *name = a->store + a->used;
	memcpy(name, piece, eq);
	name[eq] = '\0';
	char *value = name + eq + 1;
	size_t vlen = eq < len ? len - eq - 1 : 0;
	if (vlen)
		memcpy(value, piece + eq + 1, vlen);
	value[vlen] = '\0';
	if (ws_arg(a, name))
		return -1;
	a->used += eq + vlen + 2;
	a->name[a->n] = name;
	a->value[a->n] = value;
	a->n++;
	return 0;
}

/* --- rules ----------------------------------------------------------------------------------- */

int ws_origin_ok(const char *origin, const char *public_origin, const char *host, int tls)
{
	if (!origin || !*origin)
		return 0;
	if (public_origin && *public_origin)
		return strcmp(origin, public_origin) == 0;
	if (!host || !*host)
		return 0;
	const char *scheme = tls ? "https://" : "http://";
	size_t sl = strlen(scheme);
	return strncmp(origin, scheme, sl) == 0 && strcmp(origin + sl, host) == 0;
}

static int name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

int ws_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > WS_NAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!name_char((unsigned char)name[i]))
			return 0;
	return 1;
}

int ws_path_channel(const char *path, size_t len, char *out, size_t outsz)
{
	if (!path || len < 5 || memcmp(path, "/ws/", 4) != 0)
		return -1;
	size_t n = len - 4;
	if (n > WS_NAME_MAX || n + 1 > outsz)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!name_char((unsigned char)path[4 + i]))
			return -1;
	memcpy(out, path + 4, n);
	out[n] = '\0';
	return 0;
}

int ws_room_key_ok(const char *key)
{
	size_t n = key ? strlen(key) : 0;
	if (n == 0 || n > WS_ROOM_KEY_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)key[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == ':' || c == '-'))
			return 0;
	}
	return 1;
}
