/* Answer keys never reach an asesi: every GET route of the router, called as the demo asesi (with
 * path parameters filled with real ids of the demo data), answers without any model answer,
 * expected answer or IA.05 key of the demo MUK. The secrets are read from the staff view of the
 * MUK itself, so the test follows the demo data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/http/router.h"
#include "muk/muk.h"
#include "testapp.h"

#define PW "Demo-Ujikom-2026"

/* Collects every string under a key naming an answer (key, model, expected, kunci, jawaban). */
static void secrets_of(json_t *v, const char *name, json_t *out)
{
	if (json_is_string(v) && name &&
	    (strstr(name, "key") || strstr(name, "model") || strstr(name, "expected") ||
	     strstr(name, "kunci") || strstr(name, "jawaban")) &&
	    json_string_length(v) >= 12)
		json_array_append(out, v);
	if (json_is_object(v)) {
		const char *k;
		json_t *m;
		json_object_foreach(v, k, m) secrets_of(m, k, out);
	} else if (json_is_array(v)) {
		size_t i;
		json_t *m;
		json_array_foreach(v, i, m) secrets_of(m, name, out);
	}
}

/* "/api/cases/:id/forms/:code" with the demo ids. */
static void fill(const char *pattern, int64_t case_id, int64_t version, char *out, size_t n)
{
	size_t o = 0;
	for (const char *p = pattern; *p && o + 80 < n;) {
		if (*p != ':') {
			out[o++] = *p++;
			continue;
		}
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *v = "1";
		char num[32];
		if (!strncmp(p, ":code", len))
			v = "FR.APL.01";
		else if (!strncmp(p, ":sha256", len))
			v = "0000000000000000000000000000000000000000000000000000000000000000";
		else if (!strncmp(p, ":id", len) && strstr(pattern, "/api/cases/")) {
			snprintf(num, sizeof num, "%lld", (long long)case_id);
			v = num;
		} else if (!strncmp(p, ":id", len) && strstr(pattern, "/api/muk-versions/")) {
			snprintf(num, sizeof num, "%lld", (long long)version);
			v = num;
		}
		o += (size_t)snprintf(out + o, n - o, "%s", v);
		p += len;
	}
	out[o] = '\0';
}

static void test_no_route_leaks_keys(void **state)
{
	(void)state;
	struct testapp *t = testapp_new(1);
	struct tresp r;
	int64_t version = 0;
	assert_int_equal(muk_version_current(t->app.db, 1, &version), ERR_OK);
	json_t *staff = muk_instruments_for(t->app.db, version, MUK_AUDIENCE_STAFF);
	json_t *secrets = json_array();
	secrets_of(staff, NULL, secrets);
	assert_true(json_array_size(secrets) >= 5); /* the sweep has something to look for */

	assert_int_equal(testapp_login(t, "asesi@demo.ujikom.id", PW), 200);
	assert_int_equal(testapp_request(t, "POST", "/api/cases", "{\"skema_id\":1}", &r), 201);
	int64_t case_id = json_integer_value(json_object_get(r.json, "id"));
	tresp_free(&r);

	size_t routes = 0;
	for (size_t i = 0; i < router_count(t->app.router); i++) {
		const struct route *rt = router_at(t->app.router, i, NULL);
		char path[256];
		if (rt->method != M_GET)
			continue;
		fill(rt->path, case_id, version, path, sizeof path);
		testapp_request(t, "GET", path, NULL, &r);
		size_t k;
		json_t *s;
		json_array_foreach(secrets, k,
				   s) if (r.body && strstr(r.body, json_string_value(s)))
		    fail_msg("GET %s (%d) shows an answer key: %.40s", path, r.status,
			     json_string_value(s));
		tresp_free(&r);
		routes++;
	}
	assert_true(routes > 20);
	json_decref(secrets);
	json_decref(staff);
	testapp_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_no_route_leaks_keys)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
