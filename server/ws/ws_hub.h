/* The WebSocket hub as the rest of the core sees it (no libwebsockets here): core/app.c creates
 * and frees it, server/http/server.c attaches it to the lws context and builds one protocol per
 * channel, transport.c drains posted messages, system.c renders its metrics. */
#ifndef UJIKOM_WS_HUB_H
#define UJIKOM_WS_HUB_H
#include <stddef.h>

#include "buf.h"
#include "err.h"

struct app;
struct lws_context;
struct lws_protocols;
struct ws_hub;

/* Builds the channel table from every module's ws_channels; ERR_INVALID (logged) on a bad or
 * duplicate name. */
enum err ws_hub_new(struct app *app, struct ws_hub **out);
void ws_hub_free(struct ws_hub **hub);
/* Server start/stop: wakes go to ctx; detach drops posted messages. */
void ws_hub_attach(struct ws_hub *hub, struct lws_context *ctx);
void ws_hub_detach(struct ws_hub *hub);
/* Channel i's lws protocol entry (name, callback, pss size, rx buffer, user = the channel). */
void ws_hub_protocol(struct ws_hub *hub, size_t i, struct lws_protocols *out);
/* Delivers posted messages; service thread, from LWS_CALLBACK_EVENT_WAIT_CANCELLED. */
void ws_hub_drain(struct ws_hub *hub);
/* Graceful stop: refuse new handshakes and close every open connection with 1001. */
void ws_hub_shutdown(struct ws_hub *hub);
/* Open connections (the stop loop waits for 0). */
size_t ws_hub_live(const struct ws_hub *hub);
/* Prometheus text for /metrics. */
void ws_hub_metrics(struct ws_hub *hub, struct buf *out);

/* Number of channels (protocols after protocols[0]). */
size_t ws_hub_nchannels(const struct ws_hub *hub);

#endif
