/* Route table over every module's routes: method + path pattern with ":name" segments. Also the
 * path normaliser the transport applies before matching. Pure code (no lws, no SQL). */
#ifndef UJIKOM_HTTP_ROUTER_H
#define UJIKOM_HTTP_ROUTER_H
#include <stddef.h>

#include "module.h"
#include "request.h"

#define PATH_MAX_LEN 2048

struct router;

struct route_match {
	const struct route *route;
	const struct module *module;
	size_t index; /* position in the table, for metrics */
	size_t nparams;
	const char *names[ROUTE_MAX_PARAMS];
	const char *values[ROUTE_MAX_PARAMS]; /* point into the caller's scratch copy */
	unsigned allow; /* when the path matched but the method did not: M_* mask */
};

enum router_result { ROUTER_FOUND = 0, ROUTER_NO_PATH, ROUTER_BAD_METHOD };

struct router *router_new(void);
void router_free(struct router **r);
/* Adds one route; -1 on a malformed pattern or a duplicate (method, pattern). */
int router_add(struct router *r, const struct module *mod, const struct route *route);
size_t router_count(const struct router *r);
const struct route *router_at(const struct router *r, size_t i, const struct module **mod);
/* Matches a normalised path. scratch (>= strlen(path)+1 bytes) receives the parameter values.
 * HEAD matches GET routes. */
enum router_result router_match(const struct router *r, enum method m, const char *path,
				char *scratch, struct route_match *out);

/* Normalises a request path into out (outsz bytes): must start with '/'; %XX decoded; repeated
 * slashes collapsed; "." and ".." segments, NUL, control characters and backslashes refused.
 * Returns the length, or -1 when the path is refused. */
int path_normalise(const char *in, size_t n, char *out, size_t outsz);

#endif
