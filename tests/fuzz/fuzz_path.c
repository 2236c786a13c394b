/* libFuzzer target: the path normaliser and the router. Checks that no normalised path ever
 * keeps a "." or ".." segment, a NUL, a backslash or a doubled slash. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../server/http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum err h(struct request *req)
{
	(void)req;
	return ERR_OK;
}

static const struct route routes[] = {
    {.method = M_GET, .path = "/api/accounts/:id", .op = "f.get", .perm = "public", .handler = h},
    {.method = M_DELETE,
     .path = "/api/accounts/:id/roles/:role",
     .op = "f.rm",
     .perm = "public",
     .handler = h},
    {.method = M_GET, .path = "/", .op = "f.root", .perm = "public", .handler = h},
};
static const struct module mod = {.name = "f"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct router *r;
	char out[PATH_MAX_LEN + 2], scratch[PATH_MAX_LEN + 2];
	struct route_match m;
	if (!r) {
		r = router_new();
		for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
			router_add(r, &mod, &routes[i]);
	}
	if (size > PATH_MAX_LEN)
		return 0;
	int n = path_normalise((const char *)data, size, out, sizeof out);
	if (n < 0)
		return 0;
	if ((size_t)n != strlen(out) || out[0] != '/' || strstr(out, "//") || strchr(out, '\\') ||
	    strstr(out, "/../") || strstr(out, "/./"))
		abort();
	size_t len = (size_t)n;
	if ((len >= 3 && !strcmp(out + len - 3, "/..")) ||
	    (len >= 2 && !strcmp(out + len - 2, "/.")))
		abort();
	router_match(r, M_GET, out, scratch, &m);
	router_match(r, M_DELETE, out, scratch, &m);
	return 0;
}
