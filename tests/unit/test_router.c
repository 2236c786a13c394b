/* Router and path normaliser: matching, parameters, 405 detection, traversal refusal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/http/router.h"

static enum err h(struct request *req)
{
	(void)req;
	return ERR_OK;
}

static const struct route routes[] = {
    {.method = M_GET, .path = "/api/accounts", .op = "t.list", .perm = "public", .handler = h},
    {.method = M_POST, .path = "/api/accounts", .op = "t.create", .perm = "public", .handler = h},
    {.method = M_GET, .path = "/api/accounts/:id", .op = "t.get", .perm = "public", .handler = h},
    {.method = M_DELETE,
     .path = "/api/accounts/:id/roles/:role",
     .op = "t.rm",
     .perm = "public",
     .handler = h},
    {.method = M_GET, .path = "/healthz", .op = "t.health", .perm = "public", .handler = h},
};
static const struct module mod = {.name = "t"};

static struct router *mk(void)
{
	struct router *r = router_new();
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
		assert_int_equal(router_add(r, &mod, &routes[i]), 0);
	return r;
}

static void test_match_params(void **state)
{
	(void)state;
	struct router *r = mk();
	struct route_match m;
	char scratch[256];
	assert_int_equal(router_match(r, M_GET, "/api/accounts/42", scratch, &m), ROUTER_FOUND);
	assert_string_equal(m.route->op, "t.get");
	assert_int_equal(m.nparams, 1);
	assert_string_equal(m.names[0], "id");
	assert_string_equal(m.values[0], "42");
	assert_int_equal(router_match(r, M_DELETE, "/api/accounts/7/roles/asesor", scratch, &m),
			 ROUTER_FOUND);
	assert_string_equal(m.values[1], "asesor");
	assert_int_equal(router_match(r, M_HEAD, "/healthz", scratch, &m), ROUTER_FOUND);
	router_free(&r);
	assert_null(r);
}

static void test_method_and_missing(void **state)
{
	(void)state;
	struct router *r = mk();
	struct route_match m;
	char scratch[256];
	assert_int_equal(router_match(r, M_PUT, "/api/accounts", scratch, &m), ROUTER_BAD_METHOD);
	assert_true(m.allow & M_GET);
	assert_true(m.allow & M_POST);
	assert_true(m.allow & M_HEAD);
	assert_false(m.allow & M_DELETE);
	assert_int_equal(router_match(r, M_GET, "/api/nope", scratch, &m), ROUTER_NO_PATH);
	assert_int_equal(router_match(r, M_GET, "/api/accounts/", scratch, &m), ROUTER_NO_PATH);
	assert_int_equal(router_match(r, M_GET, "/api/accounts/1/2", scratch, &m), ROUTER_NO_PATH);
	/* found by fuzz_path: 16 segments and a trailing slash overflowed the segment array */
	assert_int_equal(router_match(r, M_GET, "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/", scratch, &m),
			 ROUTER_NO_PATH);
	assert_int_equal(
	    router_match(r, M_GET, "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r", scratch, &m),
	    ROUTER_NO_PATH);
	router_free(&r);
}

static void test_duplicates_refused(void **state)
{
	(void)state;
	struct router *r = mk();
	assert_int_equal(router_add(r, &mod, &routes[0]), -1);
	struct route bad = routes[0];
	bad.path = "no-slash";
	assert_int_equal(router_add(r, &mod, &bad), -1);
	router_free(&r);
}

static void norm_ok(const char *in, const char *want)
{
	char out[256];
	int n = path_normalise(in, strlen(in), out, sizeof out);
	assert_true(n >= 0);
	assert_string_equal(out, want);
}

static void norm_bad(const char *in, size_t n)
{
	char out[256];
	assert_int_equal(path_normalise(in, n, out, sizeof out), -1);
}

static void test_normalise(void **state)
{
	(void)state;
	norm_ok("/", "/");
	norm_ok("/a//b///c", "/a/b/c");
	norm_ok("/css/app.css", "/css/app.css");
	norm_ok("/a%20b", "/a b");
	norm_ok("/..a/b..", "/..a/b..");
	norm_bad("/../etc/passwd", 14);
	norm_bad("/a/..", 5);
	norm_bad("/a/./b", 6);
	norm_bad("/%2e%2e/x", 9);
	norm_bad("/css/..%2f..%2fCMakeLists.txt", 29);
	norm_bad("/a%00b", 6);
	norm_bad("/a\\b", 4);
	norm_bad("relative", 8);
	norm_bad("/%zz", 4);
	norm_bad("/%2", 3);
	norm_bad("", 0);
	char nul[] = {'/', 'a', '\0', 'b'};
	norm_bad(nul, sizeof nul);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_match_params),
	    cmocka_unit_test(test_method_and_missing),
	    cmocka_unit_test(test_duplicates_refused),
	    cmocka_unit_test(test_normalise),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
