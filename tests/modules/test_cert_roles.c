/* Every transition of the case table, for every built-in role's demo account: a role without the
 * transition's permission (or the right relation to the case: owner, assigned assessor,
 * independent committee member) is refused with 403/404 and nothing changes; the right role gets
 * past the permission check (to the step itself, or to its form/guard checks). The case is put in
 * each from-state directly, so every row of the table is exercised. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "certification/cert_fsm.h"
#include "db.h"
#include "testapp.h"

#define PW "Demo-Ujikom-2026"

static const char *const roles[] = {
    "asesi",	   "asesor",	      "admin",	 "manajer-sertifikasi", "komite-teknis",
    "tim-banding", "verifikator-tuk", "auditor", "ketua-lsp",		"operator-sistem"};

/* Who may take t: the demo asesi owns the case, the demo asesor is assigned to its schedule;
 * staff steps by default role grants (cert_module.c). */
static int expected_ok(const struct cert_transition *t, const char *role)
{
	switch (t->actor) {
	case CA_OWNER_ASESI:
		return !strcmp(role, "asesi");
	case CA_ASSIGNED_ASESOR:
		return !strcmp(role, "asesor");
	case CA_INDEPENDENT:
		return !strcmp(role, "komite-teknis");
	case CA_STAFF:
		if (!strcmp(t->perm, "cert.schedule.assign"))
			return !strcmp(role, "admin") || !strcmp(role, "manajer-sertifikasi");
		return !strcmp(role, "admin");
	}
	return 0;
}

static void test_every_transition_every_role(void **state)
{
	(void)state;
	struct testapp *t = testapp_new(1);
	struct tresp r;
	char path[128], sql[256], email[96];
	/* a case of the demo asesi on the demo scheme, enrolled in the demo schedule */
	assert_int_equal(testapp_login(t, "asesi@demo.ujikom.id", PW), 200);
	assert_int_equal(testapp_request(t, "POST", "/api/cases", "{\"skema_id\":1}", &r), 201);
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	tresp_free(&r);
	snprintf(sql, sizeof sql,
		 "UPDATE cert_cases SET jadwal_id = (SELECT min(id) FROM jadwal) WHERE id = %lld",
		 (long long)id);
	assert_int_equal(db_exec(t->app.db, sql), ERR_OK);

	size_t n;
	const struct cert_transition *tr = cert_transitions(&n);
	char *jars[sizeof roles / sizeof roles[0]];
	for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++) {
		testapp_cookies_clear(t);
		snprintf(email, sizeof email, "%s@demo.ujikom.id", roles[k]);
		assert_int_equal(testapp_login(t, email, PW), 200);
		jars[k] = testapp_cookies_save(t);
	}
	int checked = 0;
	for (size_t i = 0; i < n; i++) {
		snprintf(sql, sizeof sql, "UPDATE cert_cases SET state = '%s' WHERE id = %lld",
			 cert_state_name(tr[i].from), (long long)id);
		assert_int_equal(db_exec(t->app.db, sql), ERR_OK);
		snprintf(path, sizeof path, "/api/cases/%lld/events/%s", (long long)id,
			 tr[i].event);
		for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++) {
			long long before = testapp_count(t, "cert_case_events");
			testapp_cookies_load(t, jars[k]);
			int st = testapp_request(t, "POST", path, "{}", &r);
			int refused = st == 403 || st == 404;
			int ok = expected_ok(&tr[i], roles[k]);
			if (ok == refused)
				fail_msg("%s from %s as %s: %d %s", tr[i].event,
					 cert_state_name(tr[i].from), roles[k], st,
					 r.body ? r.body : "");
			if (refused)
				assert_int_equal(testapp_count(t, "cert_case_events"), before);
			tresp_free(&r);
			checked++;
			/* a step that went through moved the case: put it back for the next role */
			assert_int_equal(db_exec(t->app.db, sql), ERR_OK);
		}
	}
	assert_int_equal(checked, (int)(n * (sizeof roles / sizeof roles[0])));
	for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++)
		free(jars[k]);
	testapp_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_every_transition_every_role)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
