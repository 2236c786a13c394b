/* The pure parts of server/ws: message reassembly (one piece, many pieces, the max boundary,
 * empty messages), the send queue (limit, order, fragmentation into pieces with headroom),
 * handshake query arguments, the Origin rule, /ws/<name> paths and room keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/ws/ws_parts.h"
#include "ws.h"

static void rx_one_piece_is_not_copied(void **state)
{
	(void)state;
	struct ws_rx rx = {0};
	const unsigned char *msg = NULL;
	size_t len = 0;
	int bin = -1;
	const char *p = "hello";
	assert_int_equal(ws_rx_feed(&rx, p, 5, 0, 1, 16, &msg, &len, &bin), WS_RX_DONE);
	assert_ptr_equal(msg, p);
	assert_int_equal(len, 5);
	assert_int_equal(bin, 0);
	assert_null(rx.buf);
	ws_rx_release(&rx);
}

static void rx_many_pieces(void **state)
{
	(void)state;
	struct ws_rx rx = {0};
	const unsigned char *msg = NULL;
	size_t len = 0;
	int bin = 0;
	unsigned char all[10000];
	for (size_t i = 0; i < sizeof all; i++)
		all[i] = (unsigned char)(i * 7);
	/* binary is read from the first piece; later pieces (continuations) say 0 */
	assert_int_equal(ws_rx_feed(&rx, all, 4096, 1, 0, sizeof all, &msg, &len, &bin),
			 WS_RX_MORE);
	assert_int_equal(ws_rx_feed(&rx, all + 4096, 4096, 0, 0, sizeof all, &msg, &len, &bin),
			 WS_RX_MORE);
	assert_int_equal(ws_rx_feed(&rx, all + 8192, 0, 0, 0, sizeof all, &msg, &len, &bin),
			 WS_RX_MORE);
	assert_int_equal(
	    ws_rx_feed(&rx, all + 8192, sizeof all - 8192, 0, 1, sizeof all, &msg, &len, &bin),
	    WS_RX_DONE);
	assert_int_equal(len, sizeof all);
	assert_int_equal(bin, 1);
	assert_memory_equal(msg, all, sizeof all);
	assert_true(rx.cap <= sizeof all); /* never grown past max */
	ws_rx_release(&rx);
	assert_null(rx.buf);
	/* the next message starts afresh */
	assert_int_equal(ws_rx_feed(&rx, "ab", 2, 0, 1, 16, &msg, &len, &bin), WS_RX_DONE);
	assert_int_equal(len, 2);
	assert_int_equal(bin, 0);
}

static void rx_limit(void **state)
{
	(void)state;
	struct ws_rx rx = {0};
	const unsigned char *msg = NULL;
	size_t len = 0;
	int bin = 0;
	char buf[20] = {0};
	/* exactly max is fine, in one piece and in two */
	assert_int_equal(ws_rx_feed(&rx, buf, 10, 0, 1, 10, &msg, &len, &bin), WS_RX_DONE);
	assert_int_equal(ws_rx_feed(&rx, buf, 6, 0, 0, 10, &msg, &len, &bin), WS_RX_MORE);
	assert_int_equal(ws_rx_feed(&rx, buf, 4, 0, 1, 10, &msg, &len, &bin), WS_RX_DONE);
	assert_int_equal(len, 10);
	ws_rx_release(&rx);
	/* one over, in one piece and spread */
	assert_int_equal(ws_rx_feed(&rx, buf, 11, 0, 1, 10, &msg, &len, &bin), WS_RX_TOO_BIG);
	assert_int_equal(ws_rx_feed(&rx, buf, 11, 0, 0, 10, &msg, &len, &bin), WS_RX_TOO_BIG);
	assert_int_equal(ws_rx_feed(&rx, buf, 6, 0, 0, 10, &msg, &len, &bin), WS_RX_MORE);
	assert_int_equal(ws_rx_feed(&rx, buf, 5, 0, 0, 10, &msg, &len, &bin), WS_RX_TOO_BIG);
	assert_null(rx.buf); /* the partial message was freed */
	assert_int_equal(rx.active, 0);
}

static void rx_empty(void **state)
{
	(void)state;
	struct ws_rx rx = {0};
	const unsigned char *msg = NULL;
	size_t len = 1;
	int bin = 0;
	assert_int_equal(ws_rx_feed(&rx, NULL, 0, 1, 1, 10, &msg, &len, &bin), WS_RX_DONE);
	assert_non_null(msg);
	assert_int_equal(len, 0);
	assert_int_equal(ws_rx_feed(&rx, NULL, 0, 0, 0, 10, &msg, &len, &bin), WS_RX_MORE);
	assert_int_equal(ws_rx_feed(&rx, NULL, 0, 0, 1, 10, &msg, &len, &bin), WS_RX_DONE);
	assert_non_null(msg);
	assert_int_equal(len, 0);
	ws_rx_release(&rx);
}

static void queue_limit_and_order(void **state)
{
	(void)state;
	struct ws_queue q;
	struct ws_piece pc;
	ws_queue_init(&q, 16);
	assert_int_equal(ws_queue_piece(&q, 100, &pc), 0);
	assert_int_equal(ws_queue_push(&q, 10, "abcd", 4, 0), 0);
	assert_int_equal(ws_queue_push(&q, 10, "efghij", 6, 1), 0);
	assert_int_equal(q.bytes, 10);
	assert_int_equal(ws_queue_push(&q, 10, "k", 1, 0), -1); /* over: nothing queued */
	assert_int_equal(ws_queue_push(&q, 10, "", 0, 0), 0);	/* empty fits */
	assert_int_equal(q.count, 3);
	assert_int_equal(q.bytes, 10);
	assert_int_equal(ws_queue_piece(&q, 100, &pc), 1);
	assert_int_equal(pc.kind, WS_PIECE_TEXT);
	assert_int_equal(pc.fin, 1);
	assert_memory_equal(pc.p, "abcd", 4);
	ws_queue_advance(&q, pc.len);
	assert_int_equal(q.bytes, 6);
	assert_int_equal(ws_queue_piece(&q, 100, &pc), 1);
	assert_int_equal(pc.kind, WS_PIECE_BINARY);
	assert_memory_equal(pc.p, "efghij", 6);
	ws_queue_advance(&q, pc.len);
	assert_int_equal(ws_queue_piece(&q, 100, &pc), 1);
	assert_int_equal(pc.len, 0);
	assert_int_equal(pc.fin, 1);
	ws_queue_advance(&q, 0);
	assert_int_equal(q.count, 0);
	assert_int_equal(q.bytes, 0);
	assert_null(q.tail);
	/* a message bigger than the limit never fits */
	assert_int_equal(ws_queue_push(&q, 3, "abcd", 4, 0), -1);
	ws_queue_clear(&q);
}

static void queue_pieces(void **state)
{
	(void)state;
	struct ws_queue q;
	struct ws_piece pc;
	unsigned char msg[10];
	for (int i = 0; i < 10; i++)
		msg[i] = (unsigned char)('0' + i);
	ws_queue_init(&q, 16);
	assert_int_equal(ws_queue_push(&q, 100, msg, 10, 1), 0);
	assert_int_equal(ws_queue_push(&q, 100, "z", 1, 0), 0);
	/* 10 bytes in pieces of 4: BINARY(4, no fin), CONT(4, no fin), CONT(2, fin) */
	const enum ws_piece_kind kinds[] = {WS_PIECE_BINARY, WS_PIECE_CONTINUATION,
					    WS_PIECE_CONTINUATION};
	const size_t lens[] = {4, 4, 2};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(ws_queue_piece(&q, 4, &pc), 1);
		assert_int_equal(pc.kind, kinds[i]);
		assert_int_equal(pc.len, lens[i]);
		assert_int_equal(pc.fin, i == 2);
		assert_memory_equal(pc.p, msg + 4 * i, pc.len);
		/* the headroom in front of every piece is writable (lws puts the frame header
		 * there) */
		memset(pc.p - 16, 0xAA, 16);
		assert_int_equal(q.bytes, 11); /* counted until the message is written */
		ws_queue_advance(&q, pc.len);
	}
	assert_int_equal(q.bytes, 1);
	assert_int_equal(ws_queue_piece(&q, 4, &pc), 1);
	assert_int_equal(pc.kind, WS_PIECE_TEXT);
	assert_int_equal(pc.fin, 1);
	ws_queue_clear(&q);
	assert_int_equal(q.count, 0);
	assert_int_equal(ws_queue_piece(&q, 4, &pc), 0);
}

static int add(struct ws_args *a, const char *s)
{
	return ws_args_add(a, s, strlen(s));
}

static void args(void **state)
{
	(void)state;
	struct ws_args *a = malloc(sizeof *a);
	int64_t v = 0;
	ws_args_init(a);
	assert_int_equal(add(a, "room=12"), 0);
	assert_int_equal(add(a, "flag"), 0);
	assert_int_equal(add(a, "empty="), 0);
	assert_int_equal(add(a, "eq=a=b"), 0);
	assert_string_equal(ws_arg(a, "room"), "12");
	assert_string_equal(ws_arg(a, "flag"), "");
	assert_string_equal(ws_arg(a, "empty"), "");
	assert_string_equal(ws_arg(a, "eq"), "a=b");
	assert_null(ws_arg(a, "roo")); /* exact names, unlike lws_get_urlarg_by_name's prefix */
	assert_null(ws_arg(a, "room="));
	assert_int_equal(ws_arg_int(a, "room", 1, 100, &v), ERR_OK);
	assert_int_equal(v, 12);
	assert_int_equal(ws_arg_int(a, "room", 13, 100, &v), ERR_INVALID);
	assert_int_equal(ws_arg_int(a, "flag", 0, 100, &v), ERR_INVALID);
	assert_int_equal(ws_arg_int(a, "eq", 0, 100, &v), ERR_INVALID);
	assert_int_equal(ws_arg_int(a, "nope", 0, 100, &v), ERR_NOT_FOUND);
	assert_int_equal(add(a, "room=13"), -1); /* repeated: ambiguous */
	assert_int_equal(add(a, "=x"), -1);
	assert_int_equal(ws_args_add(a, "a\0b=1", 5), -1);
	assert_int_equal(add(a, "a\nb=1"), -1);
	assert_int_equal(ws_args_add(a, "", 0), -1);
	char longv[WS_ARG_LEN_MAX + 2];
	memset(longv, 'v', sizeof longv);
	memcpy(longv, "x=", 2);
	assert_int_equal(ws_args_add(a, longv, WS_ARG_LEN_MAX + 1), -1);
	assert_int_equal(ws_args_add(a, longv, WS_ARG_LEN_MAX), 0);
	assert_int_equal(strlen(ws_arg(a, "x")), WS_ARG_LEN_MAX - 2);
	/* at most WS_ARGS_MAX, each of the longest length fits the store */
	ws_args_init(a);
	for (int i = 0; i < WS_ARGS_MAX; i++) {
		longv[0] = (char)('a' + i);
		longv[1] = '=';
		assert_int_equal(ws_args_add(a, longv, WS_ARG_LEN_MAX), 0);
	}
	assert_int_equal(add(a, "z=1"), -1);
	assert_true(a->used <= sizeof a->store);
	free(a);
}

static void origin(void **state)
{
	(void)state;
	assert_true(ws_origin_ok("http://127.0.0.1:8080", "", "127.0.0.1:8080", 0));
	assert_false(ws_origin_ok("https://127.0.0.1:8080", "", "127.0.0.1:8080", 0));
	assert_true(ws_origin_ok("https://lsp.example.id", "", "lsp.example.id", 1));
	assert_false(ws_origin_ok("http://evil.example", "", "127.0.0.1:8080", 0));
	assert_false(ws_origin_ok("http://127.0.0.1:8081", "", "127.0.0.1:8080", 0));
	assert_false(ws_origin_ok("http://127.0.0.1:80800", "", "127.0.0.1:8080", 0));
	assert_false(ws_origin_ok(NULL, "", "127.0.0.1:8080", 0)); /* missing: refused */
	assert_false(ws_origin_ok("", "", "127.0.0.1:8080", 0));
	assert_false(ws_origin_ok("null", "", "127.0.0.1:8080", 0));
	assert_false(ws_origin_ok("http://x", "", NULL, 0));
	/* with a configured public origin, only that one */
	assert_true(
	    ws_origin_ok("https://lsp.example.id", "https://lsp.example.id", "internal:1", 0));
	assert_false(ws_origin_ok("http://internal:1", "https://lsp.example.id", "internal:1", 0));
}

static void paths_and_keys(void **state)
{
	(void)state;
	char name[WS_NAME_MAX + 1];
	assert_int_equal(ws_path_channel("/ws/echo", 8, name, sizeof name), 0);
	assert_string_equal(name, "echo");
	assert_int_equal(ws_path_channel("/ws/echo-ops", 12, name, sizeof name), 0);
	assert_string_equal(name, "echo-ops");
	assert_int_equal(ws_path_channel("/ws/", 4, name, sizeof name), -1);
	assert_int_equal(ws_path_channel("/ws/echo/", 9, name, sizeof name), -1);
	assert_int_equal(ws_path_channel("/ws/Echo", 8, name, sizeof name), -1);
	assert_int_equal(ws_path_channel("/wss/echo", 9, name, sizeof name), -1);
	assert_int_equal(ws_path_channel("/ws/../x", 8, name, sizeof name), -1);
	const char *p32 = "/ws/abcdefghijabcdefghijabcdefghij12";  /* a 32-byte name: fits */
	const char *p33 = "/ws/abcdefghijabcdefghijabcdefghij123"; /* 33: too long */
	assert_int_equal(ws_path_channel(p32, strlen(p32), name, sizeof name), 0);
	assert_int_equal(ws_path_channel(p33, strlen(p33), name, sizeof name), -1);
	assert_int_equal(ws_path_channel("/ws/echo", 8, name, 4), -1);
	assert_true(ws_name_ok("signal"));
	assert_true(ws_name_ok("rec_2"));
	assert_false(ws_name_ok(""));
	assert_false(ws_name_ok(NULL));
	assert_false(ws_name_ok("a b"));
	assert_true(ws_room_key_ok("assessment:12"));
	assert_true(ws_room_key_ok("A-b_c.9"));
	assert_false(ws_room_key_ok(""));
	assert_false(ws_room_key_ok("a b"));
	assert_false(ws_room_key_ok("a/b"));
	char k[WS_ROOM_KEY_MAX + 2];
	memset(k, 'k', sizeof k);
	k[WS_ROOM_KEY_MAX] = '\0';
	assert_true(ws_room_key_ok(k));
	k[WS_ROOM_KEY_MAX] = 'k';
	k[WS_ROOM_KEY_MAX + 1] = '\0';
	assert_false(ws_room_key_ok(k));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rx_one_piece_is_not_copied),
	    cmocka_unit_test(rx_many_pieces),
	    cmocka_unit_test(rx_limit),
	    cmocka_unit_test(rx_empty),
	    cmocka_unit_test(queue_limit_and_order),
	    cmocka_unit_test(queue_pieces),
	    cmocka_unit_test(args),
	    cmocka_unit_test(origin),
	    cmocka_unit_test(paths_and_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
