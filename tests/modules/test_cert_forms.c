/* GET /api/forms/:code on a real app: a known code gives 200 with the definition as JSON, an
 * unknown code 404 with {"error":"form_not_found","field":"code"}, staff-only fields reach only
 * staff, and a bad ?view is refused. The handler is called through a request made with
 * dispatch_request_new (and rendered by dispatch_finish like the transport does); once the route
 * is registered in cert_module.c, the same checks also run through the real router. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/http/dispatch.h"
#include "certification/cert_forms.h"
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

/* Calls the handler directly with :code = code, an optional ?view and optional permissions of a
 * signed-in caller; returns status and the parsed body (caller json_decref()s). */
static int call(const char *code, const char *view, const char *perm, json_t **body)
{
	struct request *req = dispatch_request_new(&T->app);
	int status;
	req->method = M_GET;
	req->path = arena_sprintf(req->arena, "/api/forms/%s", code);
	req->param_names[0] = "code";
	req->params[0] = code;
	req->nparams = 1;
	if (view) {
		req->qargs = arena_alloc(req->arena, sizeof *req->qargs);
		req->qargs[0] = arena_sprintf(req->arena, "view=%s", view);
		req->nqargs = 1;
	}
	if (perm) {
		struct principal *p = arena_zalloc(req->arena, sizeof *p);
		p->account_id = 7;
		p->perms = arena_alloc(req->arena, sizeof *p->perms);
		p->perms[0] = perm;
		p->nperms = 1;
		req->who = p;
	}
	enum err e = cert_forms_h_get(req);
	if (e != ERR_OK)
		assert_int_not_equal(req->resp.status, 200);
	dispatch_finish(req); /* renders error bodies as the transport would */
	status = req->resp.status;
	*body = req->resp.body ? json_loadb(req->resp.body, req->resp.len, 0, NULL) : NULL;
	dispatch_request_free(&req);
	return status;
}

/* 1 when a field called name appears anywhere in the definition. */
static int has_field(json_t *v, const char *name)
{
	const char *k;
	json_t *x;
	size_t i;
	if (json_is_object(v)) {
		json_t *n = json_object_get(v, "name");
		if (json_is_string(n) && strcmp(json_string_value(n), name) == 0)
			return 1;
		json_object_foreach(v, k, x) if (has_field(x, name)) return 1;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) if (has_field(x, name)) return 1;
	}
	return 0;
}

static void test_get_known(void **state)
{
	(void)state;
	json_t *b = NULL;
	assert_int_equal(call("FR.APL.01", NULL, NULL, &b), 200);
	assert_non_null(b);
	assert_string_equal(json_string_value(json_object_get(b, "code")), "FR.APL.01");
	assert_string_equal(json_string_value(json_object_get(b, "title_id")),
			    "Permohonan Sertifikasi Kompetensi");
	assert_true(json_array_size(json_object_get(b, "parts")) >= 4);
	assert_true(has_field(b, "nama_lengkap"));
	assert_false(has_field(b, "catatan_internal")); /* anonymous: the asesi view */
	json_decref(b);

	/* every defined form is served */
	const struct cert_form *const *all;
	size_t n = cert_forms_all(&all);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(call(all[i]->code, NULL, NULL, &b), 200);
		assert_string_equal(json_string_value(json_object_get(b, "code")), all[i]->code);
		json_decref(b);
	}
}

static void test_get_unknown(void **state)
{
	(void)state;
	json_t *b = NULL;
	assert_int_equal(call("FR.APL.99", NULL, NULL, &b), 404);
	assert_non_null(b);
	assert_string_equal(json_string_value(json_object_get(b, "error")), "form_not_found");
	assert_string_equal(json_string_value(json_object_get(b, "field")), "code");
	assert_non_null(json_string_value(json_object_get(b, "message")));
	json_decref(b);
	assert_int_equal(call("FR.APL.01", "semua", NULL, &b), 422);
	assert_string_equal(json_string_value(json_object_get(b, "error")), "query_invalid");
	assert_string_equal(json_string_value(json_object_get(b, "field")), "view");
	json_decref(b);
}

static void test_staff_view(void **state)
{
	(void)state;
	json_t *b = NULL;
	/* an asesi (no staff permission) gets no staff-only fields, even when asking */
	assert_int_equal(call("FR.APL.02", "staff", "cert.apl02.submit", &b), 200);
	assert_false(has_field(b, "catatan_internal_asesor"));
	assert_true(has_field(b, "kompeten"));
	json_decref(b);
	assert_int_equal(call("FR.AK.05", NULL, "cert.feedback.submit", &b), 200);
	assert_int_equal(json_array_size(json_object_get(b, "parts")), 0);
	json_decref(b);
	/* an assessor does, and can preview the asesi view */
	assert_int_equal(call("FR.APL.02", NULL, "cert.apl02.review", &b), 200);
	assert_true(has_field(b, "catatan_internal_asesor"));
	json_decref(b);
	assert_int_equal(call("FR.AK.05", NULL, "cert.report.write", &b), 200);
	assert_int_equal(json_array_size(json_object_get(b, "parts")), 1);
	json_decref(b);
	assert_int_equal(call("FR.APL.02", "asesi", "cert.apl02.review", &b), 200);
	assert_false(has_field(b, "catatan_internal_asesor"));
	json_decref(b);
}

/* Through the router, once cert_module.c registers GET /api/forms/:code. */
static void test_router(void **state)
{
	(void)state;
	struct tresp r;
	int route = 0;
	for (size_t i = 0; i < T->app.nmodules; i++)
		for (size_t k = 0; k < T->app.modules[i]->nroutes; k++)
			route |= T->app.modules[i]->routes[k].handler == cert_forms_h_get;
	if (!route) {
		print_message(
		    "GET /api/forms/:code is not registered yet: router checks skipped\n");
		skip();
	}
	assert_int_equal(testapp_request(T, "GET", "/api/forms/FR.APL.01", NULL, &r), 200);
	assert_non_null(r.json);
	assert_string_equal(json_string_value(json_object_get(r.json, "code")), "FR.APL.01");
	assert_false(has_field(r.json, "catatan_internal"));
	tresp_free(&r);
	assert_int_equal(testapp_request(T, "GET", "/api/forms/FR.AK.99", NULL, &r), 404);
	assert_non_null(r.json);
	assert_string_equal(json_string_value(json_object_get(r.json, "error")), "form_not_found");
	assert_string_equal(json_string_value(json_object_get(r.json, "field")), "code");
	tresp_free(&r);
	/* the module's message table carries the forms' messages */
	T->lang = "en";
	assert_int_equal(testapp_request(T, "GET", "/api/forms/nope", NULL, &r), 404);
	assert_string_equal(json_string_value(json_object_get(r.json, "message")),
			    "The form was not found.");
	tresp_free(&r);
	T->lang = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_get_known),
	    cmocka_unit_test(test_get_unknown),
	    cmocka_unit_test(test_staff_view),
	    cmocka_unit_test(test_router),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
