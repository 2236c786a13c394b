/* The request pipeline, independent of the transport: route, body checks, session, permission,
 * CSRF, JSON parsing, handler, error rendering, access log and metrics. The lws transport and the
 * module-test harness both drive it, so module tests exercise the real router. */
#ifndef UJIKOM_HTTP_DISPATCH_H
#define UJIKOM_HTTP_DISPATCH_H
#include <stddef.h>

#include "request.h"

struct app;

enum dispatch_phase {
	DISPATCH_ROUTED,  /* req->route set: read the body (if any), then dispatch_run() */
	DISPATCH_STATIC,  /* a static file response is prepared */
	DISPATCH_RESPOND, /* an error response is prepared; do not run a handler */
};

/* A request in a fresh arena (the arena owns the struct). */
struct request *dispatch_request_new(struct app *app);
void dispatch_request_free(struct request **req);

/* Call after method, headers and content_length are set. raw_path is the URI path as received. */
enum dispatch_phase dispatch_route(struct request *req, const char *raw_path, size_t raw_len);
/* Checks the announced body against the route: chunked (411), POST/PUT/PATCH without a length
 * (411), over the limit (413), content type (415). ERR_OK or the error (response prepared). */
enum err dispatch_check_body(struct request *req, int chunked);
/* The body limit of the matched route in bytes. */
size_t dispatch_body_max(const struct request *req);
/* Runs session resolution, permission and CSRF checks, JSON parsing and the handler.
 * Returns 1 when the response is ready, 0 when it waits for a worker (req->resume follows). */
int dispatch_run(struct request *req);
/* Finishes a deferred request on the service thread (calls the done hook). */
void dispatch_resume(struct request *req);
/* Renders error bodies and adds the CSRF cookie; call once before writing the response. */
void dispatch_finish(struct request *req);
/* After the response was written: access log line and metrics. */
void dispatch_observe(struct request *req, size_t body_bytes);

/* Static files (static.c): prepares a file response for req->path under app->web_root. */
enum err static_serve(struct request *req);

#endif
