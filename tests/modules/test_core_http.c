/* The request pipeline through the real router: error vocabulary, languages, body checks, CSRF and
 * Origin, permissions, static files, health and metrics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testapp.h"

static struct testapp *T;

static int setup(void **state)
{
	(void)state;
	T = testapp_new(0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	testapp_free(&T);
	return 0;
}

static const char *jstr(const struct tresp *r, const char *key)
{
	return json_string_value(json_object_get(r->json, key));
}

static void test_not_found_is_json(void **state)
{
	(void)state;
	struct tresp r;
	assert_int_equal(testapp_request(T, "GET", "/api/nope", NULL, &r), 404);
	assert_non_null(r.json);
	assert_string_equal(jstr(&r, "error"), "not_found");
	assert_non_null(strstr(jstr(&r, "message"), "tidak ditemukan"));
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/no-such-page.html", NULL, &r), 404);
	assert_string_equal(jstr(&r, "error"), "not_found");
	tresp_free(&r);
}

static void test_language(void **state)
{
	(void)state;
	struct tresp r;
	T->lang = "en-US,en;q=0.9";
	assert_int_equal(testapp_request(T, "GET", "/api/nope", NULL, &r), 404);
	assert_non_null(strstr(jstr(&r, "message"), "not found"));
	tresp_free(&r);
	T->lang = "id-ID,id;q=0.9,en;q=0.5";
	assert_int_equal(testapp_request(T, "GET", "/api/nope", NULL, &r), 404);
	assert_non_null(strstr(jstr(&r, "message"), "tidak ditemukan"));
	tresp_free(&r);
	T->lang = NULL;
}

static void test_method_not_allowed(void **state)
{
	(void)state;
	struct tresp r;
	assert_int_equal(testapp_request(T, "PUT", "/healthz", NULL, &r), 405);
	assert_string_equal(jstr(&r, "error"), "method_not_allowed");
	size_t n;
	const char *allow = tresp_header(&r, "Allow", &n);
	assert_non_null(allow);
	assert_non_null(strstr(allow, "GET"));
	tresp_free(&r);
}

static void test_bad_json_and_types(void **state)
{
	(void)state;
	struct tresp r;
	long long before = testapp_count(T, "accounts");
	testapp_request(T, "GET", "/api/session", NULL, NULL); /* CSRF cookie */
	assert_int_equal(testapp_request(T, "POST", "/api/accounts/register", "{\"nik\":", &r),
			 400);
	assert_string_equal(jstr(&r, "error"), "json_malformed");
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "POST", "/api/accounts/register", "[1,2]", &r), 400);
	assert_string_equal(jstr(&r, "error"), "json_not_object");
	tresp_free(&r);
	assert_int_equal(
	    testapp_request(T, "POST", "/api/accounts/register", "{\"a\":1,\"a\":2}", &r), 400);
	tresp_free(&r);
	T->content_type = "text/plain";
	assert_int_equal(testapp_request(T, "POST", "/api/accounts/register", "{}", &r), 415);
	assert_string_equal(jstr(&r, "error"), "unsupported_media_type");
	tresp_free(&r);
	T->content_type = NULL;
	assert_int_equal(testapp_request(T, "POST", "/api/accounts/register", "{\"nik\": 5}", &r),
			 422);
	assert_non_null(json_object_get(r.json, "field"));
	tresp_free(&r);
	/* over the default 64 KiB JSON limit: refused before the body is read */
	size_t big = 70 * 1024;
	char *body = malloc(big + 1);
	memset(body, ' ', big);
	body[0] = '{';
	body[big - 1] = '}';
	body[big] = '\0';
	assert_int_equal(testapp_request(T, "POST", "/api/accounts/register", body, &r), 413);
	assert_string_equal(jstr(&r, "error"), "too_large");
	assert_non_null(strpbrk(jstr(&r, "message"), "0123456789")); /* names the limit */
	tresp_free(&r);
	free(body);
	assert_int_equal(testapp_count(T, "accounts"), before);
}

static void test_csrf_and_origin(void **state)
{
	(void)state;
	struct tresp r;
	long long before = testapp_count(T, "accounts");
	const char *ok = "{\"nik\":\"3171011501900001\",\"name\":\"Budi Santoso\","
			 "\"email\":\"budi.csrf@example.id\",\"phone\":\"081234567890\","
			 "\"password\":\"Rahasia-Kuat-2026\"}";
	testapp_request(T, "GET", "/api/session", NULL, NULL);
	T->no_csrf = 1;
	assert_int_equal(testapp_request(T, "POST", "/api/accounts/register", ok, &r), 403);
	assert_string_equal(jstr(&r, "error"), "csrf");
	tresp_free(&r);
	T->no_csrf = 0;
	T->csrf_override = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	assert_int_equal(testapp_request(T, "POST", "/api/accounts/register", ok, &r), 403);
	assert_string_equal(jstr(&r, "error"), "csrf");
	tresp_free(&r);
	T->csrf_override = NULL;
	T->origin = "https://evil.example";
	assert_int_equal(testapp_request(T, "POST", "/api/accounts/register", ok, &r), 403);
	assert_string_equal(jstr(&r, "error"), "origin");
	tresp_free(&r);
	T->origin = NULL;
	assert_int_equal(testapp_count(T, "accounts"), before);
}

static void test_auth_required(void **state)
{
	(void)state;
	struct tresp r;
	testapp_cookies_clear(T);
	assert_int_equal(testapp_request(T, "GET", "/api/accounts", NULL, &r), 401);
	assert_string_equal(jstr(&r, "error"), "unauthenticated");
	tresp_free(&r);
	/* a forged session cookie is the same as none, and the cookie is dropped */
	testapp_cookies_load(T, "ujikom_sid=forged-session-token\n");
	assert_int_equal(testapp_request(T, "GET", "/api/accounts", NULL, &r), 401);
	tresp_free(&r);
	testapp_cookies_clear(T);
}

static void test_csrf_cookie_issued(void **state)
{
	(void)state;
	struct tresp r;
	testapp_cookies_clear(T);
	assert_int_equal(testapp_request(T, "GET", "/healthz", NULL, &r), 200);
	size_t n;
	const char *c = tresp_header(&r, "Set-Cookie", &n);
	assert_non_null(c);
	assert_true(strncmp(c, "ujikom_csrf=", 12) == 0);
	assert_null(strstr(c, "HttpOnly")); /* the page's script must read it */
	tresp_free(&r);
	/* with the cookie present no new one is issued */
	assert_int_equal(testapp_request(T, "GET", "/healthz", NULL, &r), 200);
	assert_null(tresp_header(&r, "Set-Cookie", NULL));
	tresp_free(&r);
}

static void test_static_traversal(void **state)
{
	(void)state;
	struct tresp r;
	const char *bad[] = {"/../CMakeLists.txt", "/%2e%2e/%2e%2e/etc/passwd",
			     "/css/..%2f..%2fCMakeLists.txt", "/.git/config", "/a%00b"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(testapp_request(T, "GET", bad[i], NULL, &r), 404);
		assert_non_null(r.json);
		tresp_free(&r);
	}
}

static void test_health_and_metrics(void **state)
{
	(void)state;
	struct tresp r;
	assert_int_equal(testapp_request(T, "GET", "/healthz", NULL, &r), 200);
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/metrics", NULL, &r), 200);
	assert_non_null(strstr(r.body, "ujikom_worker_queue_depth"));
	tresp_free(&r);
	T->remote_ip = "203.0.113.9"; /* not loopback, no session */
	assert_int_equal(testapp_request(T, "GET", "/metrics", NULL, &r), 401);
	tresp_free(&r);
	T->remote_ip = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_not_found_is_json),  cmocka_unit_test(test_language),
	    cmocka_unit_test(test_method_not_allowed), cmocka_unit_test(test_bad_json_and_types),
	    cmocka_unit_test(test_csrf_and_origin),    cmocka_unit_test(test_auth_required),
	    cmocka_unit_test(test_csrf_cookie_issued), cmocka_unit_test(test_static_traversal),
	    cmocka_unit_test(test_health_and_metrics),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
