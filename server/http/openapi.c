/* Builds /api/openapi.json from every route (operationId, permission, parameters, bodies) and the
 * modules' component schemas. */
#include "openapi.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "arena.h"
#include "log.h"
#include "router.h"

/* "/api/accounts/:id/roles" -> "/api/accounts/{id}/roles"; adds path parameters to params. */
static char *oa_path(const char *p, json_t *params)
{
	char out[512];
	size_t o = 0;
	while (*p && o < sizeof out - 2) {
		if (*p == ':' && (o == 0 || out[o - 1] == '/')) {
			const char *end = strchr(p, '/');
			size_t n = end ? (size_t)(end - p - 1) : strlen(p + 1);
			char name[64];
			if (n >= sizeof name || o + n + 2 >= sizeof out)
				break;
			memcpy(name, p + 1, n);
			name[n] = '\0';
			o += (size_t)snprintf(out + o, sizeof out - o, "{%s}", name);
			json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:{s:s}}", "name",
								name, "in", "path", "required", 1,
								"schema", "type", "string"));
			p += n + 1;
			continue;
		}
		out[o++] = *p++;
	}
	out[o] = '\0';
	return xstrdup(out);
}

static json_t *ref(const char *schema)
{
	char r[160];
	snprintf(r, sizeof r, "#/components/schemas/%s", schema);
	return json_pack("{s:s}", "$ref", r);
}

static json_t *operation(const struct module *mod, const struct route *rt, json_t *params)
{
	json_t *op = json_pack("{s:s, s:s, s:[s]}", "operationId", rt->op, "summary",
			       rt->summary ? rt->summary : rt->op, "tags", mod->name);
	json_t *responses = json_object();
	json_object_set_new(op, "x-permission", json_string(rt->perm));
	if (strcmp(rt->perm, "public") == 0)
		json_object_set_new(op, "security", json_array());
	if (json_array_size(params))
		json_object_set(op, "parameters", params);
	if (rt->body == BODY_JSON) {
		json_t *schema =
		    rt->req_schema ? ref(rt->req_schema) : json_pack("{s:s}", "type", "object");
		json_object_set_new(op, "requestBody",
				    json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content",
					      "application/json", "schema", schema));
	} else if (rt->body == BODY_RAW) {
		json_t *content = json_object();
		const char *p = rt->content_types ? rt->content_types : "application/octet-stream";
		while (*p) {
			const char *sp = strchr(p, ' ');
			size_t n = sp ? (size_t)(sp - p) : strlen(p);
			char t[96];
			if (n && n < sizeof t) {
				memcpy(t, p, n);
				t[n] = '\0';
				json_object_set_new(content, t,
						    json_pack("{s:{s:s,s:s}}", "schema", "type",
							      "string", "format", "binary"));
			}
			p += n;
			while (*p == ' ')
				p++;
		}
		json_object_set_new(op, "requestBody",
				    json_pack("{s:b, s:o}", "required", 1, "content", content));
	}
	json_t *ok = json_pack("{s:s}", "description", "OK");
	if (rt->resp_schema)
		json_object_set_new(
		    ok, "content",
		    json_pack("{s:{s:o}}", "application/json", "schema", ref(rt->resp_schema)));
	json_object_set_new(responses, "2XX", ok);
	json_object_set_new(responses, "default",
			    json_pack("{s:s, s:{s:{s:o}}}", "description", "Error", "content",
				      "application/json", "schema", ref("Error")));
	json_object_set_new(op, "responses", responses);
	return op;
}

json_t *openapi_build(const struct app *app)
{
	json_t *doc = json_pack(
	    "{s:s, s:{s:s, s:s, s:s}, s:{}, s:{s:{}, s:{s:{s:s, s:s, s:s}}}, s:[{s:[]}]}",
	    "openapi", "3.1.0", "info", "title", "ujikom API", "version", "0.1.0", "description",
	    "Remote and paperless competency certification (BNSP SE.007/BNSP/V/2023). Errors are "
	    "{error, message, field}; messages follow Accept-Language (id default, en).",
	    "paths", "components", "schemas", "securitySchemes", "cookieAuth", "type", "apiKey",
	    "in", "cookie", "name", "ujikom_sid", "security", "cookieAuth");
	json_t *paths = json_object_get(doc, "paths");
	json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
	json_object_set_new(schemas, "Error",
			    json_pack("{s:s, s:[s,s], s:{s:{s:s}, s:{s:s}, s:{s:s}}}", "type",
				      "object", "required", "error", "message", "properties",
				      "error", "type", "string", "message", "type", "string",
				      "field", "type", "string"));
	for (size_t i = 0; i < app->nmodules; i++) {
		const struct module *m = app->modules[i];
		json_error_t jerr;
		if (!m->openapi_schemas)
			continue;
		json_t *frag = json_loads(m->openapi_schemas, 0, &jerr);
		json_t *s = frag ? json_object_get(frag, "schemas") : NULL;
		if (!s || !json_is_object(s)) {
			log_error("openapi: module %s: bad schema fragment (line %d: %s)", m->name,
				  jerr.line, jerr.text);
			json_decref(frag);
			json_decref(doc);
			return NULL;
		}
		json_object_update(schemas, s);
		json_decref(frag);
	}
	for (size_t i = 0; i < router_count(app->router); i++) {
		const struct module *mod = NULL;
		const struct route *rt = router_at(app->router, i, &mod);
		json_t *params = json_array();
		char *p = oa_path(rt->path, params);
		char method[16];
		const char *mn = method_name((enum method)rt->method);
		size_t k;
		for (k = 0; mn[k] && k < sizeof method - 1; k++)
			method[k] = (char)(mn[k] | 0x20);
		method[k] = '\0';
		json_t *item = json_object_get(paths, p);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, p, item);
		}
		json_object_set_new(item, method, operation(mod, rt, params));
		json_decref(params);
		free(p);
	}
	return doc;
}
