/* The OpenAPI document and the router agree: every route is documented with a well-formed,
 * unique operationId; every documented operation is a route; every $ref resolves. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/http/router.h"
#include "testapp.h"

static void to_oa_path(const char *p, char *out, size_t n)
{
	size_t o = 0;
	while (*p && o + 2 < n) {
		if (*p == ':' && o && out[o - 1] == '/') {
			out[o++] = '{';
			p++;
			while (*p && *p != '/' && o + 2 < n)
				out[o++] = *p++;
			out[o++] = '}';
			continue;
		}
		out[o++] = *p++;
	}
	out[o] = '\0';
}

static int op_id_ok(const char *op, const char *module)
{
	size_t ml = strlen(module);
	if (strncmp(op, module, ml) != 0 || op[ml] != '.' || !op[ml + 1])
		return 0;
	for (const char *c = op + ml + 1; *c; c++)
		if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) && *c != '_')
			return 0;
	return 1;
}

static void check_refs(json_t *v, json_t *schemas)
{
	if (json_is_object(v)) {
		const char *k;
		json_t *m;
		json_object_foreach(v, k, m)
		{
			if (!strcmp(k, "$ref")) {
				const char *r = json_string_value(m);
				assert_non_null(r);
				assert_true(!strncmp(r, "#/components/schemas/", 21));
				if (!json_object_get(schemas, r + 21))
					fail_msg("unresolved $ref %s", r);
			} else {
				check_refs(m, schemas);
			}
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *m;
		json_array_foreach(v, i, m) check_refs(m, schemas);
	}
}

static void test_routes_match_document(void **state)
{
	(void)state;
	struct testapp *t = testapp_new(0);
	struct tresp r;
	assert_int_equal(testapp_request(t, "GET", "/api/openapi.json", NULL, &r), 200);
	json_t *doc = r.json;
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
	json_t *paths = json_object_get(doc, "paths");
	json_t *seen_ops = json_object();
	size_t documented = 0, n = router_count(t->app.router);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		const struct module *mod;
		const struct route *rt = router_at(t->app.router, i, &mod);
		char p[512], m[16];
		to_oa_path(rt->path, p, sizeof p);
		snprintf(m, sizeof m, "%s", method_name((enum method)rt->method));
		for (char *c = m; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		json_t *op = json_object_get(json_object_get(paths, p), m);
		if (!op)
			fail_msg("route %s %s is missing from the document", m, rt->path);
		assert_string_equal(json_string_value(json_object_get(op, "operationId")), rt->op);
		if (!op_id_ok(rt->op, mod->name))
			fail_msg("operationId %s is not <module>.<action> for module %s", rt->op,
				 mod->name);
		if (json_object_get(seen_ops, rt->op))
			fail_msg("operationId %s used twice", rt->op);
		json_object_set_new(seen_ops, rt->op, json_true());
		if (strchr(rt->path, ':'))
			assert_true(json_array_size(json_object_get(op, "parameters")) > 0);
	}
	/* and the other way: nothing documented that the router does not serve */
	const char *path;
	json_t *item;
	json_object_foreach(paths, path, item)
	{
		const char *meth;
		json_t *op;
		json_object_foreach(item, meth, op)
		{
			const char *id = json_string_value(json_object_get(op, "operationId"));
			assert_non_null(id);
			if (!json_object_get(seen_ops, id))
				fail_msg("document names %s %s (%s) which is not a route", meth,
					 path, id);
			documented++;
		}
	}
	assert_int_equal(documented, n);
	check_refs(paths, json_object_get(json_object_get(doc, "components"), "schemas"));
	json_decref(seen_ops);
	tresp_free(&r);
	testapp_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_routes_match_document)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
