/* The "system" core service: health check, Prometheus metrics and the OpenAPI document. */
#include <string.h>

#include "app.h"
#include "buf.h"
#include "metrics.h"
#include "openapi.h"
#include "request.h"

static enum err system_health(struct request *req)
{
	return resp_json(req, 200, json_pack("{s:s}", "status", "ok"));
}

static int is_loopback(const char *ip)
{
	return strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0 ||
	       strncmp(ip, "::ffff:127.", 11) == 0;
}

/* Scrapers carry no session: loopback may read; elsewhere the permission is needed. */
static enum err system_metrics(struct request *req)
{
	struct buf b;
	if (!is_loopback(req->remote_ip) && !req_has_perm(req, "system.metrics.read"))
		return req_fail(req, req->who ? ERR_FORBIDDEN : ERR_UNAUTHENTICATED,
				req->who ? "forbidden" : "unauthenticated", NULL);
	buf_init(&b);
	metrics_render(req->app->metrics, req->app->work, &b);
	resp_bytes(req, 200, "text/plain; version=0.0.4; charset=utf-8", b.ptr, b.len);
	buf_cleanup(&b);
	return ERR_OK;
}

static enum err system_openapi(struct request *req)
{
	json_t *doc = openapi_build(req->app);
	if (!doc)
		return ERR_INTERNAL;
	return resp_json(req, 200, doc);
}

static const struct route system_routes[] = {
    {.method = M_GET,
     .path = "/healthz",
     .op = "system.health",
     .perm = PERM_PUBLIC,
     .handler = system_health,
     .flags = ROUTE_NO_ACCESS_LOG,
     .summary = "Liveness check"},
    {.method = M_GET,
     .path = "/metrics",
     .op = "system.metrics",
     .perm = PERM_PUBLIC,
     .handler = system_metrics,
     .flags = ROUTE_NO_ACCESS_LOG,
     .summary = "Prometheus metrics (loopback, or permission system.metrics.read)"},
    {.method = M_GET,
     .path = "/api/openapi.json",
     .op = "system.openapi",
     .perm = PERM_PUBLIC,
     .handler = system_openapi,
     .summary = "This OpenAPI 3.1 document"},
};

static const struct perm_def system_perms[] = {
    {"system.metrics.read", "Membaca metrik server", "Read server metrics",
     "operator_sistem admin_lsp"},
};

const struct module system_module = {
    .name = "system",
    .routes = system_routes,
    .nroutes = sizeof system_routes / sizeof system_routes[0],
    .perms = system_perms,
    .nperms = sizeof system_perms / sizeof system_perms[0],
};
