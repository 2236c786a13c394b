/* libFuzzer target: what a WebSocket client controls before and after the upgrade (server/ws).
 * The first byte picks the part:
 *   0: query arguments, split on '&' as lws does: accepted names are unique, each reads back
 *      exactly, at most WS_ARGS_MAX, the store is never overrun;
 *   1: a stream of message pieces (control byte: last/binary, 2-byte length, bytes) through the
 *      reassembly bounded by a fuzzed max, then through the send queue drained in fuzzed piece
 *      sizes: every delivered message equals the bytes fed for it, nothing over max is delivered,
 *      and what leaves the queue equals what was queued, in order, with correct frame kinds;
 *   2: /ws/<name> path, Origin and room-key rules on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../server/ws/ws_parts.h"
#include "ws.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_args(const uint8_t *p, size_t n)
{
	struct ws_args *a = malloc(sizeof *a);
	ws_args_init(a);
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && p[i] != '&')
			continue;
		const char *piece = (const char *)p + start;
		size_t len = i - start;
		size_t before = a->n;
		int rc = ws_args_add(a, piece, len);
		if (rc == 0) {
			if (a->n != before + 1 || a->n > WS_ARGS_MAX || a->used > sizeof a->store)
				abort();
			const char *name = a->name[a->n - 1];
			const char *value = a->value[a->n - 1];
			size_t nl = strlen(name), vl = strlen(value);
			if (nl == 0 || memcmp(piece, name, nl) != 0)
				abort();
			if (nl < len && (piece[nl] != '=' || vl != len - nl - 1 ||
					 memcmp(piece + nl + 1, value, vl) != 0))
				abort();
			if (ws_arg(a, name) != value)
				abort(); /* the first match is this one: names are unique */
		} else if (a->n != before) {
			abort();
		}
		start = i + 1;
	}
	for (size_t i = 0; i < a->n; i++)
		for (size_t k = i + 1; k < a->n; k++)
			if (strcmp(a->name[i], a->name[k]) == 0)
				abort();
	free(a);
}

static void fuzz_messages(const uint8_t *p, size_t n)
{
	struct ws_rx rx = {0};
	struct ws_queue q;
	unsigned char *shadow = NULL, *sent = NULL;
	size_t shadow_len = 0, sent_len = 0, queued_len = 0;
	unsigned char *queued = NULL;
	if (n < 3)
		return;
	size_t max = ((size_t)p[0] << 8 | p[1]) + 1; /* 1..65536 */
	size_t limit = (size_t)p[2] * 64 + 1;	     /* queue bound 1..16321 */
	size_t max_piece = (size_t)(p[2] % 13) + 1;  /* 1..13 */
	int first_binary = -1;
	p += 3;
	n -= 3;
	ws_queue_init(&q, 16);
	shadow = malloc(max + 1);
	queued = malloc(limit + 1);
	while (n >= 3) {
		int last = p[0] & 1, binary = (p[0] >> 1) & 1;
		size_t len = (size_t)p[1] << 8 | p[2];
		p += 3;
		n -= 3;
		if (len > n)
			len = n;
		const unsigned char *msg = NULL;
		size_t mlen = 0;
		int mbin = 0;
		if (!rx.active)
			first_binary = binary;
		enum ws_rx_status st =
		    ws_rx_feed(&rx, p, len, binary, last, max, &msg, &mlen, &mbin);
		if (st == WS_RX_TOO_BIG) {
			if (shadow_len + len <= max)
				abort();
			shadow_len = 0;
		} else {
			if (shadow_len + len > max)
				abort();
			memcpy(shadow + shadow_len, p, len);
			shadow_len += len;
			if (st == WS_RX_DONE) {
				if (!last || mlen != shadow_len || mbin != first_binary ||
				    (mlen && memcmp(msg, shadow, mlen) != 0))
					abort();
				if (ws_queue_push(&q, limit, msg, mlen, mbin) == 0) {
					if (mlen > limit)
						abort();
					memcpy(queued + queued_len, msg, mlen);
					queued_len += mlen;
				}
				if (q.bytes > limit)
					abort();
				ws_rx_release(&rx);
				shadow_len = 0;
			} else if (last) {
				abort();
			}
		}
		p += len;
		n -= len;
		/* drain the queue now and then, as SERVER_WRITEABLE would */
		if (q.bytes > limit / 2 || n < 3) {
			struct ws_piece pc;
			int in_msg = 0;
			sent = realloc(sent, sent_len + q.bytes + 1);
			while (ws_queue_piece(&q, max_piece, &pc)) {
				if (pc.len > max_piece ||
				    (in_msg != (pc.kind == WS_PIECE_CONTINUATION)))
					abort();
				memset(pc.p - 16, 0,
				       16); /* the headroom in front is ours to write */
				memcpy(sent + sent_len, pc.p, pc.len);
				sent_len += pc.len;
				in_msg = !pc.fin;
				ws_queue_advance(&q, pc.len);
			}
			if (in_msg || q.bytes || q.count || sent_len != queued_len ||
			    (sent_len && memcmp(sent, queued, sent_len) != 0))
				abort();
			sent_len = 0;
			queued_len = 0;
		}
	}
	ws_rx_release(&rx);
	ws_queue_clear(&q);
	free(shadow);
	free(queued);
	free(sent);
}

static void fuzz_rules(const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);
	char name[WS_NAME_MAX + 1];
	memcpy(s, p, n);
	s[n] = '\0';
	if (ws_path_channel(s, n, name, sizeof name) == 0) {
		if (!ws_name_ok(name) || n != 4 + strlen(name) || memcmp(s, "/ws/", 4) != 0 ||
		    strcmp(s + 4, name) != 0)
			abort();
	}
	if (ws_room_key_ok(s) && (strlen(s) == 0 || strlen(s) > WS_ROOM_KEY_MAX))
		abort();
	/* Origin: an accepted one is exactly scheme://host, and never empty */
	if (ws_origin_ok(s, "", "127.0.0.1:8080", 0) && strcmp(s, "http://127.0.0.1:8080") != 0)
		abort();
	if (ws_origin_ok(s, "https://lsp.example.id", s, 1) && strcmp(s, "https://lsp.example.id"))
		abort();
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
		fuzz_args(data + 1, size - 1);
		break;
	case 1:
		fuzz_messages(data + 1, size - 1);
		break;
	default:
		fuzz_rules(data + 1, size - 1);
		break;
	}
	return 0;
}
