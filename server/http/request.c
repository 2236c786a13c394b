/* The handler-facing request/response helpers declared in request.h: reading params, query,
 * cookies; setting JSON, status, headers and cookies; recording errors; permission checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "log.h"
#include "messages.h"
#include "request.h"

const char *method_name(enum method m)
{
	switch (m) {
	case M_GET:
		return "GET";
	case M_HEAD:
		return "HEAD";
	case M_POST:
		return "POST";
	case M_PUT:
		return "PUT";
	case M_PATCH:
		return "PATCH";
	case M_DELETE:
		return "DELETE";
	case M_OPTIONS:
		return "OPTIONS";
	}
	return "?";
}

enum method method_parse(const char *s, size_t n)
{
	static const enum method all[] = {M_GET,   M_HEAD,   M_POST,   M_PUT,
					  M_PATCH, M_DELETE, M_OPTIONS};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		const char *name = method_name(all[i]);
		if (strlen(name) == n && memcmp(name, s, n) == 0)
			return all[i];
	}
	return 0;
}

const char *req_param(const struct request *req, const char *name)
{
	for (size_t i = 0; i < req->nparams; i++)
		if (strcmp(req->param_names[i], name) == 0)
			return req->params[i];
	return NULL;
}

enum err req_param_id(struct request *req, const char *name, int64_t *out)
{
	const char *s = req_param(req, name);
	char *end = NULL;
	if (!s || !*s || *s == '-' || *s == '+' || strlen(s) > 18)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	long long v = strtoll(s, &end, 10);
	if (*end || v <= 0)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	*out = v;
	return ERR_OK;
}

const char *req_query(struct request *req, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < req->nqargs; i++) {
		const char *a = req->qargs[i];
		if (strncmp(a, name, n) == 0 && a[n] == '=')
			return a + n + 1;
	}
	return NULL;
}

enum err req_query_int(struct request *req, const char *name, int64_t lo, int64_t hi, int64_t def,
		       int64_t *out)
{
	const char *s = req_query(req, name);
	char *end = NULL;
	if (!s || !*s) {
		*out = def;
		return ERR_OK;
	}
	if (strlen(s) > 19)
		return req_fail(req, ERR_INVALID, "query_invalid", name);
	long long v = strtoll(s, &end, 10);
	if (*end || v < lo || v > hi)
		return req_fail(req, ERR_INVALID, "query_invalid", name);
	*out = v;
	return ERR_OK;
}

const char *req_cookie(struct request *req, const char *name)
{
	const char *c = req->cookie;
	size_t n = strlen(name);
	while (c && *c) {
		while (*c == ' ' || *c == ';')
			c++;
		const char *end = strchr(c, ';');
		size_t len = end ? (size_t)(end - c) : strlen(c);
		if (len > n && strncmp(c, name, n) == 0 && c[n] == '=')
			return arena_strndup(req->arena, c + n + 1, len - n - 1);
		c = end;
	}
	return NULL;
}

enum err resp_json(struct request *req, int status, json_t *obj)
{
	if (!obj) { /* a json_pack() format error or out of memory: never a 200 with no body */
		log_error("%s: resp_json without a value", req->route ? req->route->op : "?");
		return req_fail(req, ERR_INTERNAL, NULL, NULL);
	}
	size_t n = json_dumpb(obj, NULL, 0, JSON_COMPACT);
	char *p = arena_alloc(req->arena, n + 1);
	json_dumpb(obj, p, n, JSON_COMPACT);
	p[n] = '\0';
	json_decref(obj);
	req->resp.status = status;
	req->resp.content_type = "application/json; charset=utf-8";
	req->resp.body = p;
	req->resp.len = n;
	return ERR_OK;
}

enum err resp_status(struct request *req, int status)
{
	req->resp.status = status;
	req->resp.body = NULL;
	req->resp.len = 0;
	return ERR_OK;
}

enum err resp_bytes(struct request *req, int status, const char *content_type, const void *p,
		    size_t n)
{
	req->resp.status = status;
	req->resp.content_type = content_type;
	req->resp.body = arena_alloc(req->arena, n + 1);
	memcpy(req->resp.body, p, n);
	req->resp.body[n] = '\0';
	req->resp.len = n;
	return ERR_OK;
}

void resp_header(struct request *req, const char *name, const char *value)
{
	if (req->resp.nheaders >= RESP_MAX_HEADERS)
		abort(); /* a programming error: raise RESP_MAX_HEADERS */
	req->resp.headers[req->resp.nheaders].name = arena_strdup(req->arena, name);
	req->resp.headers[req->resp.nheaders].value = arena_strdup(req->arena, value);
	req->resp.nheaders++;
}

void resp_cookie(struct request *req, const char *name, const char *value, int64_t max_age_s,
		 int readable_by_js)
{
	char age[48] = "";
	if (max_age_s >= 0)
		snprintf(age, sizeof age, "; Max-Age=%lld", (long long)max_age_s);
	resp_header(req, "Set-Cookie",
		    arena_sprintf(req->arena, "%s=%s; Path=/%s%s; SameSite=Lax%s", name,
				  value ? value : "", age, readable_by_js ? "" : "; HttpOnly",
				  req->tls ? "; Secure" : ""));
}

enum err req_fail_detail(struct request *req, enum err e, const char *code, const char *field,
			 const char *detail)
{
	req->resp.status = err_http_status(e);
	req->resp.err_code = code ? code : err_code(e);
	req->resp.err_field = field;
	req->resp.err_detail = detail;
	return e;
}

enum err req_fail(struct request *req, enum err e, const char *code, const char *field)
{
	return req_fail_detail(req, e, code, field, NULL);
}

const char *req_msg(struct request *req, const char *code)
{
	const struct msg_def *m = messages_find(req->app, code);
	if (!m)
		return NULL;
	return req->lang == LANG_EN ? m->en : m->id;
}

int principal_has_perm(const struct principal *p, const char *perm)
{
	size_t lo = 0, hi;
	if (!p || !perm)
		return 0;
	hi = p->nperms;
	while (lo < hi) { /* perms are sorted */
		size_t mid = (lo + hi) / 2;
		int c = strcmp(p->perms[mid], perm);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int req_has_perm(const struct request *req, const char *perm)
{
	return principal_has_perm(req->who, perm);
}

enum err req_require_perm(struct request *req, const char *perm)
{
	if (!req->who)
		return req_fail(req, ERR_UNAUTHENTICATED, "unauthenticated", NULL);
	if (perm && !req_has_perm(req, perm))
		return req_fail(req, ERR_FORBIDDEN, "forbidden", NULL);
	return ERR_OK;
}

enum err req_require_owner_or(struct request *req, int64_t owner_account_id, const char *perm_any)
{
	if (!req->who)
		return req_fail(req, ERR_UNAUTHENTICATED, "unauthenticated", NULL);
	if (req->who->account_id == owner_account_id || (perm_any && req_has_perm(req, perm_any)))
		return ERR_OK;
	return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
}
