/* Bounded JSON readers: each wrong type, missing field, over-long string and out-of-range number
 * is refused with the field named and the right code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "arena.h"
#include "json.h"

static struct app app;

static struct request *mk(const char *body)
{
	struct arena *a = arena_new();
	struct request *req = arena_zalloc(a, sizeof *req);
	req->arena = a;
	req->app = &app;
	req->body = body;
	req->body_len = strlen(body);
	return req;
}

static void done(struct request *req)
{
	struct arena *a = req->arena;
	arena_free(&a);
}

static void test_parse(void **state)
{
	(void)state;
	struct request *r = mk("{\"a\":1}");
	assert_int_equal(json_parse_body(r), ERR_OK);
	done(r);
	const char *bad[][2] = {{"", "json_empty"},
				{"{", "json_malformed"},
				{"[]", "json_not_object"},
				{"\"s\"", "json_not_object"},
				{"{\"a\":1,\"a\":2}", "json_malformed"}};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = mk(bad[i][0]);
		assert_int_equal(json_parse_body(r), ERR_BAD_REQUEST);
		assert_string_equal(r->resp.err_code, bad[i][1]);
		assert_int_equal(r->resp.status, 400);
		done(r);
	}
	/* nesting deeper than the limit */
	char deep[200];
	memset(deep, '[', 60);
	memset(deep + 60, ']', 60);
	deep[120] = '\0';
	char body[260];
	snprintf(body, sizeof body, "{\"x\":%s}", deep);
	r = mk(body);
	assert_int_equal(json_parse_body(r), ERR_BAD_REQUEST);
	assert_string_equal(r->resp.err_code, "json_too_deep");
	done(r);
}

static void test_strings(void **state)
{
	(void)state;
	const char *s = NULL;
	struct request *r =
	    mk("{\"name\":\"  Budi  \",\"n\":5,\"long\":\"abcdefghijk\",\"e\":\"   \"}");
	assert_int_equal(json_parse_body(r), ERR_OK);
	assert_int_equal(json_in_str(r, r->json, "name", JSON_IN_REQUIRED, 1, 10, &s), ERR_OK);
	assert_string_equal(s, "Budi"); /* trimmed */
	assert_int_equal(json_in_str(r, r->json, "n", JSON_IN_REQUIRED, 1, 10, &s), ERR_INVALID);
	assert_string_equal(r->resp.err_code, "field_type");
	assert_string_equal(r->resp.err_field, "n");
	assert_int_equal(r->resp.status, 422);
	assert_int_equal(json_in_str(r, r->json, "long", JSON_IN_REQUIRED, 1, 10, &s), ERR_INVALID);
	assert_string_equal(r->resp.err_code, "field_too_long");
	assert_int_equal(json_in_str(r, r->json, "name", JSON_IN_REQUIRED, 5, 10, &s), ERR_INVALID);
	assert_string_equal(r->resp.err_code, "field_too_short");
	assert_int_equal(json_in_str(r, r->json, "missing", JSON_IN_REQUIRED, 1, 10, &s),
			 ERR_INVALID);
	assert_string_equal(r->resp.err_code, "field_required");
	assert_string_equal(r->resp.err_field, "missing");
	assert_int_equal(json_in_str(r, r->json, "e", JSON_IN_REQUIRED, 1, 10, &s), ERR_INVALID);
	assert_string_equal(r->resp.err_code, "field_required"); /* blank is missing */
	s = "keep";
	assert_int_equal(json_in_str(r, r->json, "missing", JSON_IN_OPTIONAL, 1, 10, &s), ERR_OK);
	assert_string_equal(s, "keep");
	done(r);
}

static void test_numbers_bools_enums(void **state)
{
	(void)state;
	int64_t i = 0;
	int b = 0, e = -1;
	json_t *arr = NULL, *obj = NULL;
	static const char *const ch[] = {"active", "disabled"};
	struct request *r = mk(
	    "{\"p\":3,\"big\":99999999999999,\"f\":1.5,\"t\":true,\"s\":\"x\",\"st\":\"disabled\","
	    "\"arr\":[1,2,3],\"o\":{}}");
	assert_int_equal(json_parse_body(r), ERR_OK);
	assert_int_equal(json_in_int(r, r->json, "p", 1, 1, 10, &i), ERR_OK);
	assert_int_equal(i, 3);
	assert_int_equal(json_in_int(r, r->json, "big", 1, 1, 1000, &i), ERR_INVALID);
	assert_string_equal(r->resp.err_code, "field_range");
	assert_int_equal(json_in_int(r, r->json, "f", 1, 1, 10, &i), ERR_INVALID);
	assert_string_equal(r->resp.err_code, "field_type");
	assert_int_equal(json_in_bool(r, r->json, "t", 1, &b), ERR_OK);
	assert_int_equal(b, 1);
	assert_int_equal(json_in_bool(r, r->json, "s", 1, &b), ERR_INVALID);
	assert_int_equal(json_in_enum(r, r->json, "st", 1, ch, 2, &e), ERR_OK);
	assert_int_equal(e, 1);
	assert_int_equal(json_in_enum(r, r->json, "s", 1, ch, 2, &e), ERR_INVALID);
	assert_string_equal(r->resp.err_code, "field_choice");
	assert_int_equal(json_in_array(r, r->json, "arr", 1, 2, &arr), ERR_INVALID);
	assert_string_equal(r->resp.err_code, "field_too_long");
	assert_int_equal(json_in_array(r, r->json, "arr", 1, 3, &arr), ERR_OK);
	assert_int_equal(json_in_object(r, r->json, "o", 1, &obj), ERR_OK);
	assert_int_equal(json_in_object(r, r->json, "arr", 1, &obj), ERR_INVALID);
	done(r);
}

static void test_canonical(void **state)
{
	(void)state;
	json_t *a = json_pack("{s:i, s:s, s:[i,i]}", "b", 1, "a", "x", "c", 1, 2);
	json_t *b = json_pack("{s:[i,i], s:s, s:i}", "c", 1, 2, "a", "x", "b", 1);
	size_t n1, n2;
	char *s1 = json_canonical(a, &n1), *s2 = json_canonical(b, &n2);
	assert_string_equal(s1, s2);
	assert_string_equal(s1, "{\"a\":\"x\",\"b\":1,\"c\":[1,2]}");
	free(s1);
	free(s2);
	json_decref(a);
	json_decref(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_numbers_bools_enums),
	    cmocka_unit_test(test_canonical),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
