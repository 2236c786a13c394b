/* Route table and matcher: patterns are split into segments once; a request path is matched
 * segment by segment against each route (a linear scan: tables hold ~100 routes). */
#include "router.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "util.h"

#define MAX_SEGS 16

struct router_entry {
	const struct route *route;
	const struct module *module;
	char *pattern; /* owned copy, split in place */
	const char *segs[MAX_SEGS];
	size_t nsegs;
};

struct router {
	struct router_entry *e;
	size_t n, cap;
};

struct router *router_new(void)
{
	return xcalloc(1, sizeof(struct router));
}

void router_free(struct router **rp)
{
	if (!rp || !*rp)
		return;
	for (size_t i = 0; i < (*rp)->n; i++)
		free((*rp)->e[i].pattern);
	free((*rp)->e);
	free(*rp);
	*rp = NULL;
}

/* Splits "/a/:b/c" in place into segments; "/" has zero segments. */
static int split(char *p, const char **segs, size_t *nsegs)
{
	size_t n = 0;
	if (*p != '/')
		return -1;
	p++;
	while (*p) {
		if (n == MAX_SEGS)
			return -1;
		segs[n++] = p;
		char *slash = strchr(p, '/');
		if (!slash)
			break;
		*slash = '\0';
		p = slash + 1;
		if (!*p) { /* trailing slash: an empty last segment */
			if (n == MAX_SEGS)
				return -1;
			segs[n++] = p;
		}
	}
	*nsegs = n;
	return 0;
}

int router_add(struct router *r, const struct module *mod, const struct route *route)
{
	struct router_entry e = {.route = route, .module = mod};
	size_t params = 0;
	if (!route->path || !route->handler || !route->op || !route->perm)
		return -1;
	e.pattern = xstrdup(route->path);
	if (split(e.pattern, e.segs, &e.nsegs) != 0)
		goto bad;
	for (size_t i = 0; i < e.nsegs; i++)
		if (e.segs[i][0] == ':' && ++params > ROUTE_MAX_PARAMS)
			goto bad;
	for (size_t i = 0; i < r->n; i++)
		if (r->e[i].route->method == route->method &&
		    strcmp(r->e[i].route->path, route->path) == 0)
			goto bad;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->e = xrealloc(r->e, r->cap * sizeof *r->e);
	}
	r->e[r->n++] = e;
	return 0;
bad:
	free(e.pattern);
	return -1;
}

size_t router_count(const struct router *r)
{
	return r->n;
}

const struct route *router_at(const struct router *r, size_t i, const struct module **mod)
{
	if (i >= r->n)
		return NULL;
	if (mod)
		*mod = r->e[i].module;
	return r->e[i].route;
}

enum router_result router_match(const struct router *r, enum method m, const char *path,
				char *scratch, struct route_match *out)
{
	const char *segs[MAX_SEGS];
	size_t nsegs = 0;
	unsigned want = m == M_HEAD ? M_GET : (unsigned)m;
	memset(out, 0, sizeof *out);
	strcpy(scratch, path);
	if (split(scratch, segs, &nsegs) != 0)
		return ROUTER_NO_PATH;
	for (size_t i = 0; i < r->n; i++) {
		const struct router_entry *e = &r->e[i];
		size_t np = 0;
		const char *names[ROUTE_MAX_PARAMS], *values[ROUTE_MAX_PARAMS];
		if (e->nsegs != nsegs)
			continue;
		size_t k = 0;
		for (; k < nsegs; k++) {
			if (e->segs[k][0] == ':') {
				if (!segs[k][0])
					break; /* a parameter is never empty */
				names[np] = e->segs[k] + 1;
				values[np++] = segs[k];
			} else if (strcmp(e->segs[k], segs[k]) != 0) {
				break;
			}
		}
		if (k != nsegs)
			continue;
		if (e->route->method != want) {
			out->allow |= e->route->method;
			if (e->route->method == M_GET)
				out->allow |= M_HEAD;
			continue;
		}
		out->route = e->route;
		out->module = e->module;
		out->index = i;
		out->nparams = np;
		memcpy(out->names, names, np * sizeof names[0]);
		memcpy(out->values, values, np * sizeof values[0]);
		return ROUTER_FOUND;
	}
	return out->allow ? ROUTER_BAD_METHOD : ROUTER_NO_PATH;
}

int path_normalise(const char *in, size_t n, char *out, size_t outsz)
{
	size_t o = 0, seg = 0; /* seg: start of the current segment in out */
	if (n == 0 || in[0] != '/' || outsz < 2)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c == '%') {
			int hi, lo;
			if (i + 2 >= n)
				return -1;
			hi = util_hexval(in[i + 1]);
			lo = util_hexval(in[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		}
		if (c < 0x20 || c == 0x7f || c == '\\')
			return -1;
		if (c == '/') {
			/* close the segment: refuse "." and ".." */
			size_t len = o - seg;
			if ((len == 1 && out[seg] == '.') ||
			    (len == 2 && out[seg] == '.' && out[seg + 1] == '.'))
				return -1;
			if (o > 0 && out[o - 1] == '/')
				continue; /* collapse "//" */
			if (o + 1 >= outsz)
				return -1;
			out[o++] = '/';
			seg = o;
			continue;
		}
		if (o + 1 >= outsz)
			return -1;
		out[o++] = (char)c;
	}
	size_t len = o - seg;
	if ((len == 1 && out[seg] == '.') || (len == 2 && out[seg] == '.' && out[seg + 1] == '.'))
		return -1;
	out[o] = '\0';
	return (int)o;
}
