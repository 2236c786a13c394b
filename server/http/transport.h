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

#endif
