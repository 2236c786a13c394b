/* Module-test harness implementation: see testapp.h. */
#include "testapp.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../../server/http/dispatch.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "log.h"
#include "util.h"

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("testapp: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

struct testapp *testapp_new(int demo)
{
	struct testapp *t = xcalloc(1, sizeof *t);
	char err[256];
	snprintf(t->dir, sizeof t->dir, "/tmp/ujikom-test-XXXXXX");
	if (!mkdtemp(t->dir))
		die("mkdtemp failed");
	config_init(&t->cfg);
	if (config_set(&t->cfg, "data_dir", t->dir, err, sizeof err) ||
	    config_set(&t->cfg, "access_log", "0", err, sizeof err))
		die("%s", err);
	{
		const char *src = getenv("UJIKOM_SOURCE_DIR");
		char web[512];
		snprintf(web, sizeof web, "%s/web", src ? src : UJIKOM_SOURCE_DIR);
		config_set(&t->cfg, "web_dir", web, err, sizeof err);
	}
	t->cfg.demo = demo;
	log_set_level(getenv("UJIKOM_TEST_LOG") ? LOG_DEBUG : LOG_WARN);
	if (app_open(&t->app, &t->cfg, ujikom_modules, 0) != ERR_OK)
		die("app_open failed in %s", t->dir);
	return t;
}

void testapp_free(struct testapp **tp)
{
	struct testapp *t;
	char cmd[400];
	if (!tp || !*tp)
		return;
	t = *tp;
	app_close(&t->app);
	config_cleanup(&t->cfg);
	testapp_cookies_clear(t);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "testapp: could not remove %s\n", t->dir);
	free(t);
	*tp = NULL;
}

void testapp_cookies_clear(struct testapp *t)
{
	for (int i = 0; i < TESTAPP_MAX_COOKIES; i++) {
		free(t->cookie_names[i]);
		free(t->cookie_values[i]);
		t->cookie_names[i] = t->cookie_values[i] = NULL;
	}
}

static void jar_set(struct testapp *t, const char *name, size_t nl, const char *val, size_t vl,
		    int remove)
{
	int slot = -1;
	for (int i = 0; i < TESTAPP_MAX_COOKIES; i++)
		if (t->cookie_names[i] && strlen(t->cookie_names[i]) == nl &&
		    !strncmp(t->cookie_names[i], name, nl))
			slot = i;
	if (remove) {
		if (slot >= 0) {
			free(t->cookie_names[slot]);
			free(t->cookie_values[slot]);
			t->cookie_names[slot] = t->cookie_values[slot] = NULL;
		}
		return;
	}
	if (slot < 0)
		for (int i = 0; i < TESTAPP_MAX_COOKIES && slot < 0; i++)
			if (!t->cookie_names[i])
				slot = i;
	if (slot < 0)
		die("cookie jar full");
	free(t->cookie_names[slot]);
	free(t->cookie_values[slot]);
	t->cookie_names[slot] = strndup(name, nl);
	t->cookie_values[slot] = strndup(val, vl);
}

static const char *jar_get(const struct testapp *t, const char *name)
{
	for (int i = 0; i < TESTAPP_MAX_COOKIES; i++)
		if (t->cookie_names[i] && !strcmp(t->cookie_names[i], name))
			return t->cookie_values[i];
	return NULL;
}

char *testapp_cookies_save(const struct testapp *t)
{
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < TESTAPP_MAX_COOKIES; i++)
		if (t->cookie_names[i])
			buf_printf(&b, "%s=%s\n", t->cookie_names[i], t->cookie_values[i]);
	if (!b.ptr)
		return strdup("");
	return b.ptr;
}

void testapp_cookies_load(struct testapp *t, const char *saved)
{
	testapp_cookies_clear(t);
	for (const char *p = saved; p && *p;) {
		const char *nl = strchr(p, '\n'), *eq = strchr(p, '=');
		if (!nl || !eq || eq > nl)
			break;
		jar_set(t, p, (size_t)(eq - p), eq + 1, (size_t)(nl - eq - 1), 0);
		p = nl + 1;
	}
}

/* Applies one Set-Cookie header to the jar. */
static void jar_apply(struct testapp *t, const char *v)
{
	const char *eq = strchr(v, '='), *semi = strchr(v, ';');
	if (!eq || (semi && semi < eq))
		return;
	size_t vl = semi ? (size_t)(semi - eq - 1) : strlen(eq + 1);
	int remove = strstr(v, "Max-Age=0") != NULL;
	jar_set(t, v, (size_t)(eq - v), eq + 1, vl, remove);
}

/* Splits a query string into decoded "name=value" args in the request arena. */
static void set_query(struct request *req, const char *q)
{
	size_t cap = 16;
	req->qargs = arena_alloc(req->arena, cap * sizeof(char *));
	while (q && *q && req->nqargs < cap) {
		const char *amp = strchr(q, '&');
		size_t n = amp ? (size_t)(amp - q) : strlen(q);
		char *a = arena_alloc(req->arena, n + 1);
		size_t o = 0;
		for (size_t i = 0; i < n; i++) {
			if (q[i] == '%' && i + 2 < n && util_hexval(q[i + 1]) >= 0 &&
			    util_hexval(q[i + 2]) >= 0) {
				a[o++] = (char)(util_hexval(q[i + 1]) * 16 + util_hexval(q[i + 2]));
				i += 2;
			} else {
				a[o++] = q[i] == '+' ? ' ' : q[i];
			}
		}
		a[o] = '\0';
		req->qargs[req->nqargs++] = a;
		q = amp ? amp + 1 : NULL;
	}
}

/* The one request path: body of len bytes sent as t->content_type or default_type. */
static int send_request(struct testapp *t, const char *method, const char *path, const void *body,
			size_t len, const char *default_type, struct tresp *out)
{
	struct request *req = dispatch_request_new(&t->app);
	struct buf cookies, hdrs;
	const char *q = strchr(path, '?');
	size_t plen = q ? (size_t)(q - path) : strlen(path);
	int status;

	buf_init(&cookies);
	buf_init(&hdrs);
	req->method = method_parse(method, strlen(method));
	for (int i = 0; i < TESTAPP_MAX_COOKIES; i++)
		if (t->cookie_names[i])
			buf_printf(&cookies, "%s%s=%s", cookies.len ? "; " : "", t->cookie_names[i],
				   t->cookie_values[i]);
	req->cookie = cookies.len ? arena_strdup(req->arena, cookies.ptr) : NULL;
	if (!t->no_csrf) {
		const char *tok = t->csrf_override ? t->csrf_override : jar_get(t, "ujikom_csrf");
		req->csrf_header = tok ? arena_strdup(req->arena, tok) : NULL;
	}
	req->origin = t->origin;
	req->host = "127.0.0.1:8080";
	req->accept_language = t->lang;
	req->user_agent = "ujikom-testapp";
	snprintf(req->remote_ip, sizeof req->remote_ip, "%s",
		 t->remote_ip ? t->remote_ip : "127.0.0.1");
	if (q)
		set_query(req, q + 1);
	if (body || len) {
		req->content_length = (int64_t)len;
		req->content_type = t->content_type ? t->content_type : default_type;
	} else if (req->method == M_POST || req->method == M_PUT || req->method == M_PATCH) {
		req->content_length = 0;
		req->content_type = t->content_type;
	}
	enum dispatch_phase ph = dispatch_route(req, path, plen);
	if (ph == DISPATCH_ROUTED && dispatch_check_body(req, 0) == ERR_OK) {
		/* NUL-terminated, like the transport's copy */
		char *copy = arena_alloc(req->arena, len + 1);
		if (len)
			memcpy(copy, body, len);
		copy[len] = '\0';
		req->body = copy;
		req->body_len = len;
		if (!dispatch_run(req))
			die("request %s %s still deferred with an inline pool", method, path);
	}
	dispatch_finish(req);
	status = req->resp.status;
	for (size_t i = 0; i < req->resp.nheaders; i++) {
		buf_printf(&hdrs, "%s: %s\n", req->resp.headers[i].name,
			   req->resp.headers[i].value);
		if (!strcmp(req->resp.headers[i].name, "Set-Cookie"))
			jar_apply(t, req->resp.headers[i].value);
	}
	if (out) {
		memset(out, 0, sizeof *out);
		out->status = status;
		out->headers = hdrs.ptr ? hdrs.ptr : strdup("");
		hdrs.ptr = NULL;
		if (req->resp.fd >= 0 && req->resp.file_len >= 0) { /* a file response */
			size_t n = (size_t)req->resp.file_len;
			out->body = xcalloc(1, n + 1);
			if (pread(req->resp.fd, out->body, n, (off_t)req->resp.file_off) !=
			    (ssize_t)n)
				die("short read of the file response to %s %s", method, path);
			out->len = n;
		} else if (req->resp.body) {
			out->body = xcalloc(1, req->resp.len + 1);
			memcpy(out->body, req->resp.body, req->resp.len);
			out->len = req->resp.len;
			if (req->resp.content_type &&
			    !strncmp(req->resp.content_type, "application/json", 16))
				out->json = json_loadb(req->resp.body, req->resp.len, 0, NULL);
		}
	}
	buf_cleanup(&hdrs);
	buf_cleanup(&cookies);
	dispatch_request_free(&req);
	return status;
}

int testapp_request(struct testapp *t, const char *method, const char *path, const char *body,
		    struct tresp *out)
{
	return send_request(t, method, path, body, body ? strlen(body) : 0, "application/json",
			    out);
}

int testapp_call(struct testapp *t, const char *method, const char *path, json_t *body,
		 struct tresp *out)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	int st = testapp_request(t, method, path, text, out);
	free(text);
	json_decref(body);
	return st;
}

void tresp_free(struct tresp *r)
{
	json_decref(r->json);
	free(r->body);
	free(r->headers);
	memset(r, 0, sizeof *r);
}

const char *tresp_header(const struct tresp *r, const char *name, size_t *len)
{
	size_t n = strlen(name);
	for (const char *p = r->headers; p && *p;) {
		const char *nl = strchr(p, '\n');
		if (!strncasecmp(p, name, n) && p[n] == ':') {
			const char *v = p + n + 2;
			if (len)
				*len = nl ? (size_t)(nl - v) : strlen(v);
			return v;
		}
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

int testapp_login(struct testapp *t, const char *email, const char *password)
{
	testapp_request(t, "GET", "/api/session", NULL, NULL);
	json_t *b = json_pack("{s:s, s:s}", "email", email, "password", password);
	return testapp_call(t, "POST", "/api/session", b, NULL);
}

long long testapp_count(struct testapp *t, const char *table)
{
	char sql[200];
	int64_t n = -1;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	if (db_get_int(t->app.db, &n, sql, "") != ERR_OK)
		die("count(%s) failed", table);
	return (long long)n;
}

int testapp_request_bytes(struct testapp *t, const char *method, const char *path, const void *body,
			  size_t len, struct tresp *out)
{
	return send_request(t, method, path, body, len, "application/octet-stream", out);
}
