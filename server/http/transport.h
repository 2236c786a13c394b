/* Shared between server.c (context) and transport.c (callbacks): the context user data. */
#ifndef UJIKOM_HTTP_TRANSPORT_H
#define UJIKOM_HTTP_TRANSPORT_H
#include <libwebsockets.h>

struct app;

struct transport {
	struct app *app;
	struct lws_context *ctx;
	long inflight; /* requests between LWS_CALLBACK_HTTP and the end of their response */
	lws_sorted_usec_list_t tick;
	struct lws_protocols *protocols_owned;
};

extern const struct lws_protocols transport_http_protocol;

struct arena;
/* A NUL-terminated copy of a request header in a, or NULL when absent (also during a WebSocket
 * handshake, before lws drops the headers). */
char *transport_hdr(struct lws *wsi, struct arena *a, enum lws_token_indexes t);
/* The client's address (ip, ipsz >= 64) and whether it came over TLS; with trust_proxy and a
 * loopback peer from X-Real-IP and X-Forwarded-Proto. */
void transport_peer(struct lws *wsi, struct app *app, char *ip, size_t ipsz, int *tls);

#endif
