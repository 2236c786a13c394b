/* libFuzzer target: the JSON body parser and every bounded reader over arbitrary input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "arena.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct app app; /* readers only record errors; they never touch the app */
	struct arena *a = arena_new();
	struct request *req = arena_zalloc(a, sizeof *req);
	static const char *const choices[] = {"active", "disabled"};
	req->arena = a;
	req->app = &app;
	req->body = arena_strndup(a, (const char *)data, size);
	req->body_len = size;
	if (json_parse_body(req) == ERR_OK) {
		const char *s = NULL;
		int64_t i = 0;
		int b = 0, e = 0;
		json_t *arr = NULL, *obj = NULL;
		json_in_str(req, req->json, "name", JSON_IN_REQUIRED, 3, 100, &s);
		json_in_str(req, req->json, "email", JSON_IN_OPTIONAL, 0, 254, &s);
		json_in_int(req, req->json, "page", JSON_IN_OPTIONAL, 1, 1000, &i);
		json_in_bool(req, req->json, "flag", JSON_IN_OPTIONAL, &b);
		json_in_enum(req, req->json, "status", JSON_IN_OPTIONAL, choices, 2, &e);
		json_in_array(req, req->json, "roles", JSON_IN_OPTIONAL, 16, &arr);
		json_in_object(req, req->json, "meta", JSON_IN_OPTIONAL, &obj);
		if (s && strlen(s) > 254)
			abort(); /* a reader let an over-long string through */
		size_t n;
		free(json_canonical(req->json, &n));
	}
	arena_free(&a);
	return 0;
}
