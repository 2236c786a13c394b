/* The request pipeline shared by the lws transport and the module-test harness (see dispatch.h).
 * Order: route -> body checks -> session -> password-change gate -> permission -> CSRF/Origin ->
 * JSON -> handler -> error rendering. */
#include "dispatch.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app.h"
#include "auth.h"
#include "clock.h"
#include "config.h"
#include "json.h"
#include "log.h"
#include "messages.h"
#include "metrics.h"
#include "router.h"
#include "util.h"

struct request *dispatch_request_new(struct app *app)
{
	struct arena *a = arena_new();
	struct request *req = arena_zalloc(a, sizeof *req);
	req->arena = a;
	req->app = app;
	req->db = app->db;
	req->content_length = -1;
	req->resp.fd = -1;
	req->now_ms = clock_now_ms();
	req->start_us = clock_mono_us();
	req->path = "/";
	req->route_index = -1;
	return req;
}

static void close_fd(void *p)
{
	struct response *r = p;
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

void dispatch_request_free(struct request **reqp)
{
	struct arena *a;
	if (!reqp || !*reqp)
		return;
	a = (*reqp)->arena;
	close_fd(&(*reqp)->resp);
	*reqp = NULL;
	arena_free(&a);
}

static enum lang parse_lang(const char *al)
{
	while (al && (*al == ' ' || *al == '\t'))
		al++;
	if (al && (al[0] == 'e' || al[0] == 'E') && (al[1] == 'n' || al[1] == 'N'))
		return LANG_EN;
	return LANG_ID;
}

enum dispatch_phase dispatch_route(struct request *req, const char *raw_path, size_t raw_len)
{
	struct route_match m;
	char *norm, *scratch;
	int n;
	req->lang = parse_lang(req->accept_language);
	if (raw_len >= PATH_MAX_LEN) {
		req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
		return DISPATCH_RESPOND;
	}
	norm = arena_alloc(req->arena, raw_len + 2);
	n = path_normalise(raw_path, raw_len, norm, raw_len + 2);
	if (n < 0) {
		req->path = arena_strndup(req->arena, raw_path, raw_len);
		req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
		return DISPATCH_RESPOND;
	}
	req->path = norm;
	if (!req->method) {
		req_fail(req, ERR_METHOD, "method_not_allowed", NULL);
		return DISPATCH_RESPOND;
	}
	scratch = arena_alloc(req->arena, (size_t)n + 1);
	switch (router_match(req->app->router, req->method, norm, scratch, &m)) {
	case ROUTER_FOUND:
		req->route = m.route;
		req->nparams = m.nparams;
		for (size_t i = 0; i < m.nparams; i++) {
			req->param_names[i] = m.names[i];
			req->params[i] = m.values[i];
		}
		req->route_index = (int)m.index;
		return DISPATCH_ROUTED;
	case ROUTER_BAD_METHOD: {
		char allow[96] = "";
		for (unsigned b = M_GET; b <= M_OPTIONS; b <<= 1) {
			if (!(m.allow & b))
				continue;
			if (allow[0])
				strncat(allow, ", ", sizeof allow - strlen(allow) - 1);
			strncat(allow, method_name((enum method)b),
				sizeof allow - strlen(allow) - 1);
		}
		resp_header(req, "Allow", allow);
		req_fail(req, ERR_METHOD, "method_not_allowed", NULL);
		return DISPATCH_RESPOND;
	}
	case ROUTER_NO_PATH:
		break;
	}
	if ((req->method == M_GET || req->method == M_HEAD) && strncmp(norm, "/api/", 5) != 0 &&
	    strcmp(norm, "/api") != 0) {
		static_serve(req);
		return DISPATCH_STATIC;
	}
	req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	return DISPATCH_RESPOND;
}

size_t dispatch_body_max(const struct request *req)
{
	const struct route *r = req->route;
	if (!r || r->body == BODY_NONE)
		return 0;
	if (r->body_max)
		return r->body_max;
	return (size_t)req->app->cfg->json_body_max;
}

static int content_type_is(const char *ct, const char *want)
{
	size_t n = strlen(want);
	if (!ct || strncasecmp(ct, want, n) != 0)
		return 0;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

enum err dispatch_check_body(struct request *req, int chunked)
{
	const struct route *r = req->route;
	size_t max = dispatch_body_max(req);
	int wants_body = req->method == M_POST || req->method == M_PUT || req->method == M_PATCH;
	char lim[32];
	if (chunked || (wants_body && req->content_length < 0))
		return req_fail(req, ERR_LENGTH_REQUIRED, "length_required", NULL);
	if (req->content_length <= 0)
		return ERR_OK;
	if ((size_t)req->content_length > max) {
		snprintf(lim, sizeof lim, "%zu", max);
		return req_fail_detail(req, ERR_TOO_LARGE, "too_large", NULL,
				       arena_strdup(req->arena, lim));
	}
	if (r->body == BODY_JSON && !content_type_is(req->content_type, "application/json"))
		return req_fail_detail(req, ERR_UNSUPPORTED, "unsupported_media_type", NULL,
				       "application/json");
	if (r->body == BODY_RAW && r->content_types) {
		const char *p = r->content_types;
		while (*p) {
			const char *sp = strchr(p, ' ');
			size_t n = sp ? (size_t)(sp - p) : strlen(p);
			char one[96];
			if (n < sizeof one) {
				memcpy(one, p, n);
				one[n] = '\0';
				if (content_type_is(req->content_type, one))
					return ERR_OK;
			}
			p += n;
			while (*p == ' ')
				p++;
		}
		return req_fail_detail(req, ERR_UNSUPPORTED, "unsupported_media_type", NULL,
				       r->content_types);
	}
	return ERR_OK;
}

static int is_state_changing(enum method m)
{
	return m == M_POST || m == M_PUT || m == M_PATCH || m == M_DELETE;
}

/* Origin must be ours: the configured public origin, or scheme://Host of this request. */
static int origin_ok(struct request *req)
{
	const char *o = req->origin;
	const char *pub = req->app->cfg->public_origin;
	if (!o)
		return 1;
	if (pub && *pub)
		return strcmp(o, pub) == 0;
	if (!req->host)
		return 0;
	const char *scheme = req->tls ? "https://" : "http://";
	size_t sl = strlen(scheme);
	return strncmp(o, scheme, sl) == 0 && strcmp(o + sl, req->host) == 0;
}

static enum err csrf_check(struct request *req)
{
	const char *cookie = req_cookie(req, AUTH_CSRF_COOKIE);
	const char *hdr = req->csrf_header;
	if (!origin_ok(req))
		return req_fail(req, ERR_FORBIDDEN, "origin", NULL);
	if (!cookie || !hdr || strlen(cookie) < 16 || strlen(cookie) != strlen(hdr) ||
	    !util_ct_eq(cookie, hdr, strlen(cookie)))
		return req_fail(req, ERR_FORBIDDEN, "csrf", NULL);
	return ERR_OK;
}

static enum err run_checks(struct request *req)
{
	const struct route *r = req->route;
	const char *sid = req_cookie(req, AUTH_SESSION_COOKIE);
	enum err e;
	if (sid) {
		e = auth_session_resolve(req->app, req->db, req->arena, sid, req->remote_ip,
					 req->now_ms, &req->who);
		if (e != ERR_OK) {
			req->who = NULL;
			if (e != ERR_UNAUTHENTICATED)
				return req_fail(req, e, NULL, NULL);
			resp_cookie(req, AUTH_SESSION_COOKIE, "", 0, 0); /* drop the stale cookie */
		}
	}
	if (strcmp(r->perm, PERM_PUBLIC) != 0) {
		if (!req->who)
			return req_fail(req, ERR_UNAUTHENTICATED, "unauthenticated", NULL);
		if (req->who->must_change_password && !(r->flags & ROUTE_ALLOW_PENDING))
			return req_fail(req, ERR_FORBIDDEN, "password_change_required", NULL);
		if (strcmp(r->perm, PERM_SESSION) != 0 && !req_has_perm(req, r->perm))
			return req_fail(req, ERR_FORBIDDEN, "forbidden", NULL);
	}
	if (is_state_changing(req->method) && !(r->flags & ROUTE_NO_CSRF)) {
		if ((e = csrf_check(req)) != ERR_OK)
			return e;
	}
	if (r->body == BODY_JSON && req->body_len > 0)
		return json_parse_body(req);
	if (r->body == BODY_JSON &&
	    (req->method == M_POST || req->method == M_PUT || req->method == M_PATCH))
		return json_parse_body(req); /* an empty body: "json_empty" */
	return ERR_OK;
}

static void handler_result(struct request *req, enum err e)
{
	if (e != ERR_OK) {
		if (!req->resp.err_code || req->resp.status != err_http_status(e))
			req_fail(req, e, req->resp.err_code ? req->resp.err_code : NULL,
				 req->resp.err_field);
		return;
	}
	if (!req->resp.status) {
		log_error("handler %s returned no response", req->route ? req->route->op : "?");
		req_fail(req, ERR_INTERNAL, NULL, NULL);
	}
}

int dispatch_run(struct request *req)
{
	enum err e = run_checks(req);
	if (e != ERR_OK) {
		handler_result(req, e);
		return 1;
	}
	e = req->route->handler(req);
	if (req->defer_state == 1) /* waiting for a worker */
		return 0;
	if (req->defer_state == 2 && e == ERR_OK) /* inline pool: already finished */
		return 1;
	handler_result(req, e);
	return 1;
}

void dispatch_resume(struct request *req)
{
	req->defer_state = 2;
	req->resp.status = 0;
	if (req->defer_done)
		req->defer_done(req, req->defer_arg);
	if (!req->resp.status && !req->resp.err_code) {
		log_error("deferred handler %s set no response", req->route ? req->route->op : "?");
		req_fail(req, ERR_INTERNAL, NULL, NULL);
	} else if (req->resp.err_code && !req->resp.status) {
		req->resp.status = 500;
	}
}

static void render_error(struct request *req)
{
	struct response *r = &req->resp;
	const char *code = r->err_code ? r->err_code : "internal";
	const char *msg;
	if (r->status >= 500) { /* no internals in 5xx */
		code = r->status == 503 ? "unavailable" : "internal";
		r->err_field = NULL;
		r->err_detail = NULL;
	}
	msg = req_msg(req, code);
	if (!msg) {
		/* an unknown code: the generic message of the status class */
		for (int e = ERR_OK; e < ERR__COUNT; e++)
			if (err_http_status((enum err)e) == r->status) {
				msg = req_msg(req, err_code((enum err)e));
				break;
			}
	}
	if (!msg)
		msg = req_msg(req, "internal");
	const char *subst = r->err_detail ? r->err_detail : (r->err_field ? r->err_field : "");
	const char *hole = strstr(msg, "%s");
	const char *text = msg;
	if (hole)
		text =
		    arena_sprintf(req->arena, "%.*s%s%s", (int)(hole - msg), msg, subst, hole + 2);
	json_t *o = json_pack("{s:s, s:s}", "error", code, "message", text);
	if (r->err_field)
		json_object_set_new(o, "field", json_string(r->err_field));
	int status = r->status;
	resp_json(req, status, o);
}

void dispatch_finish(struct request *req)
{
	struct response *r = &req->resp;
	/* a 416 from range_apply() is complete as it is: Content-Range and an empty body */
	if (r->err_code || (r->status >= 400 && r->status != 416))
		render_error(req);
	if (!req_cookie(req, AUTH_CSRF_COOKIE)) {
		int have = 0;
		for (size_t i = 0; i < r->nheaders; i++)
			if (strcmp(r->headers[i].name, "Set-Cookie") == 0 &&
			    strncmp(r->headers[i].value, AUTH_CSRF_COOKIE "=",
				    sizeof AUTH_CSRF_COOKIE) == 0)
				have = 1;
		if (!have && r->nheaders < RESP_MAX_HEADERS) {
			char tok[48];
			util_random_token(tok, sizeof tok, 24);
			resp_cookie(req, AUTH_CSRF_COOKIE, tok, -1, 1);
		}
	}
}

void dispatch_observe(struct request *req, size_t body_bytes)
{
	int64_t us = clock_mono_us() - req->start_us;
	metrics_observe(req->app->metrics, req, us);
	if (req->app->cfg->access_log &&
	    !(req->route && (req->route->flags & ROUTE_NO_ACCESS_LOG))) {
		char ts[40];
		clock_format_ms(req->now_ms, ts, sizeof ts);
		/* one write per line so concurrent writers never interleave */
		printf("%s %s %s %d %zu %lldus acct=%lld\n", ts, method_name(req->method),
		       req->path, req->resp.status, body_bytes, (long long)us,
		       (long long)(req->who ? req->who->account_id : 0));
		fflush(stdout);
	}
}
