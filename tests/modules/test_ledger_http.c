/* The ledger's routes through the real router and dispatch (tests/support/testapp.h): the public
 * key without a session, the auditor listings and their permission checks, checkpoint on demand
 * and the verification report, including after tampering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth.h"
#include "clock.h"
#include "db.h"
#include "ledger.h"
#include "testapp.h"

#define PASSWORD "Rahasia-Uji-2025"

/* Creates an active account holding role and returns its id. */
static int64_t user_create(struct testapp *t, const char *email, const char *role)
{
	char hash[AUTH_HASH_MAX];
	int64_t id = 0, now = clock_now_ms();

	assert_int_equal(auth_password_hash(&t->cfg, PASSWORD, hash, sizeof hash), ERR_OK);
	assert_int_equal(db_begin(t->app.db), ERR_OK);
	assert_int_equal(
	    auth_account_create(t->app.db, 0, email, "Pengguna Uji", hash, 0, now, &id), ERR_OK);
	if (role)
		assert_int_equal(auth_account_role_add(t->app.db, 0, id, role, now), ERR_OK);
	assert_int_equal(db_commit(t->app.db), ERR_OK);
	return id;
}

static void login_as(struct testapp *t, const char *email)
{
	testapp_cookies_clear(t);
	assert_int_equal(testapp_login(t, email, PASSWORD), 200);
}

/* Appends n entries on object case/<id>, as a module would. */
static void append_cases(struct testapp *t, int n, const char *id)
{
	for (int i = 0; i < n; i++) {
		json_t *p = json_pack("{s:i}", "step", i);
		assert_int_equal(db_begin(t->app.db), ERR_OK);
		assert_int_equal(ledger_append(t->app.db, 1, "certification.case.transition",
					       "case", id, p, clock_now_ms(), NULL),
				 ERR_OK);
		assert_int_equal(db_commit(t->app.db), ERR_OK);
		json_decref(p);
	}
}

static int64_t head_seq(struct testapp *t)
{
	int64_t n = 0;
	assert_int_equal(db_get_int(t->app.db, &n, "SELECT MAX(seq) FROM ledger_entries", ""),
			 ERR_OK);
	return n;
}

static int setup(void **state)
{
	struct testapp *t = testapp_new(0);
	user_create(t, "auditor@lsp.test", "auditor");
	user_create(t, "operator@lsp.test", "operator_sistem");
	user_create(t, "asesi@lsp.test", "asesi");
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct testapp *t = *state;
	testapp_free(&t);
	return 0;
}

static void test_public_key_needs_no_session(void **state)
{
	struct testapp *t = *state;
	struct tresp r;

	testapp_cookies_clear(t);
	assert_int_equal(testapp_request(t, "GET", "/.well-known/ujikom-ledger-key", NULL, &r),
			 200);
	assert_non_null(r.json);
	assert_string_equal(json_string_value(json_object_get(r.json, "alg")), "Ed25519");
	assert_string_equal(json_string_value(json_object_get(r.json, "public_key")),
			    t->app.ledger_keys->pk_hex);
	assert_string_equal(json_string_value(json_object_get(r.json, "key_id")),
			    t->app.ledger_keys->key_id);
	assert_null(json_object_get(r.json, "secret_key"));
	tresp_free(&r);
}

static void test_entries_need_permission(void **state)
{
	struct testapp *t = *state;
	struct tresp r;

	testapp_cookies_clear(t);
	assert_int_equal(testapp_request(t, "GET", "/api/ledger/entries", NULL, &r), 401);
	assert_null(json_object_get(r.json, "items"));
	tresp_free(&r);
	assert_int_equal(testapp_request(t, "GET", "/api/ledger/verify", NULL, NULL), 401);
	assert_int_equal(testapp_request(t, "GET", "/api/ledger/checkpoints", NULL, NULL), 401);

	login_as(t, "asesi@lsp.test");
	assert_int_equal(testapp_request(t, "GET", "/api/ledger/entries", NULL, &r), 403);
	assert_null(json_object_get(r.json, "items"));
	tresp_free(&r);
	assert_int_equal(testapp_request(t, "GET", "/api/ledger/verify", NULL, NULL), 403);
	assert_int_equal(testapp_request(t, "GET", "/api/ledger/checkpoints", NULL, NULL), 403);
}

static void test_entries_by_object_and_paging(void **state)
{
	struct testapp *t = *state;
	struct tresp r;
	json_t *items, *e;
	int64_t next;
	char path[128];

	append_cases(t, 3, "11");
	append_cases(t, 2, "12");
	append_cases(t, 1, "11");
	login_as(t, "auditor@lsp.test");

	assert_int_equal(testapp_request(t, "GET",
					 "/api/ledger/entries?object_type=case&object_id=11", NULL,
					 &r),
			 200);
	items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 4);
	assert_true(json_is_null(json_object_get(r.json, "next_after_seq")));
	e = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(e, "action")),
			    "certification.case.transition");
	assert_string_equal(json_string_value(json_object_get(e, "object_type")), "case");
	assert_string_equal(json_string_value(json_object_get(e, "object_id")), "11");
	assert_int_equal(json_integer_value(json_object_get(e, "actor")), 1);
	assert_int_equal(strlen(json_string_value(json_object_get(e, "entry_hash"))), 64);
	assert_int_equal(strlen(json_string_value(json_object_get(e, "payload_hash"))), 64);
	assert_non_null(json_string_value(json_object_get(e, "time")));
	/* seq ascending */
	assert_true(json_integer_value(json_object_get(json_array_get(items, 3), "seq")) >
		    json_integer_value(json_object_get(e, "seq")));
	tresp_free(&r);

	/* Paging: limit 3, then continue after next_after_seq. */
	assert_int_equal(
	    testapp_request(t, "GET", "/api/ledger/entries?object_type=case&object_id=11&limit=3",
			    NULL, &r),
	    200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 3);
	next = json_integer_value(json_object_get(r.json, "next_after_seq"));
	assert_int_equal(next, json_integer_value(json_object_get(
				   json_array_get(json_object_get(r.json, "items"), 2), "seq")));
	tresp_free(&r);
	snprintf(path, sizeof path,
		 "/api/ledger/entries?object_type=case&object_id=11&limit=3&after_seq=%lld",
		 (long long)next);
	assert_int_equal(testapp_request(t, "GET", path, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_true(json_is_null(json_object_get(r.json, "next_after_seq")));
	tresp_free(&r);

	/* By type only, and everything. */
	assert_int_equal(
	    testapp_request(t, "GET", "/api/ledger/entries?object_type=case", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 6);
	tresp_free(&r);
	assert_int_equal(testapp_request(t, "GET", "/api/ledger/entries?limit=500", NULL, &r), 200);
	assert_int_equal((int64_t)json_array_size(json_object_get(r.json, "items")), head_seq(t));
	tresp_free(&r);

	/* Bad arguments. */
	assert_int_equal(testapp_request(t, "GET", "/api/ledger/entries?object_id=11", NULL, &r),
			 422);
	assert_string_equal(json_string_value(json_object_get(r.json, "error")),
			    "ledger_object_id_needs_type");
	assert_string_equal(json_string_value(json_object_get(r.json, "field")), "object_id");
	tresp_free(&r);
	assert_int_equal(
	    testapp_request(t, "GET", "/api/ledger/entries?object_type=a%20b", NULL, &r), 422);
	assert_string_equal(json_string_value(json_object_get(r.json, "field")), "object_type");
	tresp_free(&r);
	assert_int_equal(testapp_request(t, "GET", "/api/ledger/entries?limit=0", NULL, NULL), 422);
	assert_int_equal(testapp_request(t, "GET", "/api/ledger/entries?limit=501", NULL, NULL),
			 422);
	assert_int_equal(testapp_request(t, "GET", "/api/ledger/entries?after_seq=-1", NULL, NULL),
			 422);
}

static void test_checkpoint_on_demand(void **state)
{
	struct testapp *t = *state;
	long long before;
	int64_t head;
	struct tresp r;

	append_cases(t, 2, "21");
	before = testapp_count(t, "ledger_checkpoints");

	/* The auditor reads but may not sign. */
	login_as(t, "auditor@lsp.test");
	assert_int_equal(testapp_request(t, "POST", "/api/ledger/checkpoints", NULL, NULL), 403);
	assert_int_equal(testapp_count(t, "ledger_checkpoints"), before);

	login_as(t, "operator@lsp.test");
	t->no_csrf = 1; /* a cross-site POST carries no token */
	assert_int_equal(testapp_request(t, "POST", "/api/ledger/checkpoints", NULL, NULL), 403);
	t->no_csrf = 0;
	assert_int_equal(testapp_count(t, "ledger_checkpoints"), before);

	head = head_seq(t); /* signing in appended entries too */

	assert_int_equal(testapp_request(t, "POST", "/api/ledger/checkpoints", NULL, &r), 201);
	assert_int_equal(json_integer_value(json_object_get(r.json, "seq")), head);
	assert_int_equal(strlen(json_string_value(json_object_get(r.json, "head_hash"))), 64);
	assert_int_equal(strlen(json_string_value(json_object_get(r.json, "signature"))), 128);
	assert_string_equal(json_string_value(json_object_get(r.json, "key_id")),
			    t->app.ledger_keys->key_id);
	tresp_free(&r);
	assert_int_equal(testapp_count(t, "ledger_checkpoints"), before + 1);

	/* Nothing new since: the same checkpoint, 200, no new row. */
	assert_int_equal(testapp_request(t, "POST", "/api/ledger/checkpoints", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "seq")), head);
	tresp_free(&r);
	assert_int_equal(testapp_count(t, "ledger_checkpoints"), before + 1);

	login_as(t, "auditor@lsp.test");
	assert_int_equal(testapp_request(t, "GET", "/api/ledger/checkpoints", NULL, &r), 200);
	assert_int_equal((long long)json_array_size(json_object_get(r.json, "items")), before + 1);
	assert_int_equal(
	    json_integer_value(json_object_get(
		json_array_get(json_object_get(r.json, "items"), (size_t)before), "seq")),
	    head);
	tresp_free(&r);
}

static void test_verify_report(void **state)
{
	struct testapp *t = *state;
	struct tresp r;
	int64_t head;

	append_cases(t, 5, "31");
	assert_int_equal(ledger_checkpoint(&t->app, t->app.db, clock_now_ms(), NULL), ERR_OK);
	head = head_seq(t);
	login_as(t, "auditor@lsp.test");
	assert_int_equal(testapp_request(t, "GET", "/api/ledger/verify", NULL, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "ok")));
	/* Logging in appended entries too: at least everything up to the checkpoint was checked. */
	assert_true(json_integer_value(json_object_get(r.json, "entries_checked")) >= head);
	assert_true(json_integer_value(json_object_get(r.json, "checkpoints_checked")) >= 1);
	assert_true(json_is_null(json_object_get(r.json, "first_broken_seq")));
	tresp_free(&r);

	/* Tamper with one row (the trigger has to go first), the report names it. */
	assert_int_equal(db_exec(t->app.db, "DROP TRIGGER ledger_entries_no_update"), ERR_OK);
	assert_int_equal(db_run(t->app.db, NULL,
				"UPDATE ledger_entries SET obj_id = '32' WHERE seq = ?", "i",
				head - 2),
			 ERR_OK);
	assert_int_equal(testapp_request(t, "GET", "/api/ledger/verify", NULL, &r), 200);
	assert_true(json_is_false(json_object_get(r.json, "ok")));
	assert_int_equal(json_integer_value(json_object_get(r.json, "first_broken_seq")), head - 2);
	assert_string_equal(json_string_value(json_object_get(r.json, "fault")), "entry_hash");
	tresp_free(&r);

	/* A segment that does not verify since the last checkpoint is not signed. */
	login_as(t, "operator@lsp.test");
	append_cases(t, 1, "33");
	assert_int_equal(db_run(t->app.db, NULL,
				"UPDATE ledger_entries SET obj_id = '34' WHERE seq = ?", "i",
				head_seq(t)),
			 ERR_OK);
	long long before = testapp_count(t, "ledger_checkpoints");
	assert_int_equal(testapp_request(t, "POST", "/api/ledger/checkpoints", NULL, &r), 409);
	assert_string_equal(json_string_value(json_object_get(r.json, "error")), "ledger_broken");
	tresp_free(&r);
	assert_int_equal(testapp_count(t, "ledger_checkpoints"), before);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_public_key_needs_no_session),
	    T(test_entries_need_permission),
	    T(test_entries_by_object_and_paging),
	    T(test_checkpoint_on_demand),
	    T(test_verify_report),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
