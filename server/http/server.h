/* The HTTP server on libwebsockets: context, listen socket, service loop, graceful stop. */
#ifndef UJIKOM_HTTP_SERVER_H
#define UJIKOM_HTTP_SERVER_H

struct app;
struct http_server;

/* Binds cfg->listen; NULL on failure (logged). */
struct http_server *http_server_new(struct app *app);
/* Serves until app->stopping is set, then stops accepting, finishes in-flight requests (bounded),
 * and returns 0. */
int http_server_run(struct http_server *s);
/* Wakes the service loop (safe from a signal handler or another thread). */
void http_server_wake(struct http_server *s);
void http_server_free(struct http_server **s);

#endif
