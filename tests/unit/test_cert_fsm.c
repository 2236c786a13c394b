/* The certification transition table: every (state, event) pair outside the table is refused,
 * every state is reachable, and the table and the SOPs agree in both directions: each transition
 * cites an SOP step that exists and names its event, and each step of the certification SOP names
 * events of the table (the SOP files are read from the source tree). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sop_steps.h"

#include "certification/cert_fsm.h"

static struct sop_steps S;

static int is_case_event(const char *ev, size_t evlen)
{
	size_t n;
	const struct cert_transition *t = cert_transitions(&n);
	for (size_t i = 0; i < n; i++)
		if (strlen(t[i].event) == evlen && !strncmp(t[i].event, ev, evlen))
			return 1;
	return 0;
}

static int setup(void **state)
{
	(void)state;
	sop_steps_load(&S, "sertifikasi-jarak-jauh.md");
	sop_steps_load(&S, "asesmen-jarak-jauh.md");
	return 0;
}

static void test_table_well_formed(void **state)
{
	(void)state;
	size_t n;
	const struct cert_transition *t = cert_transitions(&n);
	assert_true(n > 10);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(t[i].event);
		assert_non_null(t[i].perm);
		assert_true(!strncmp(t[i].perm, "cert.", 5));
		assert_non_null(t[i].sop_step);
		for (size_t k = 0; k < i; k++)
			if (t[k].from == t[i].from && !strcmp(t[k].event, t[i].event))
				fail_msg("duplicate (%s, %s)", cert_state_name(t[i].from),
					 t[i].event);
	}
	for (int s = 0; s < CS__COUNT; s++)
		assert_int_equal(cert_state_parse(cert_state_name((enum cert_state)s)), s);
	assert_int_equal(cert_state_parse("NOPE"), -1);
}

/* Every state × every event: found exactly when the table says so. */
static void test_refuses_everything_else(void **state)
{
	(void)state;
	size_t n;
	const struct cert_transition *t = cert_transitions(&n);
	for (int s = 0; s < CS__COUNT; s++) {
		for (size_t i = 0; i < n; i++) {
			const struct cert_transition *got =
			    cert_fsm_find((enum cert_state)s, t[i].event);
			int expect = 0;
			for (size_t k = 0; k < n; k++)
				if ((int)t[k].from == s && !strcmp(t[k].event, t[i].event))
					expect = 1;
			if (expect != (got != NULL))
				fail_msg("(%s, %s): table says %d",
					 cert_state_name((enum cert_state)s), t[i].event, expect);
		}
		assert_null(cert_fsm_find((enum cert_state)s, "no_such_event"));
		const char *allowed[16];
		size_t na = cert_fsm_allowed((enum cert_state)s, allowed, 16);
		assert_int_equal(na == 0, cert_state_terminal((enum cert_state)s));
		for (size_t k = 0; k < na && k < 16; k++)
			assert_non_null(cert_fsm_find((enum cert_state)s, allowed[k]));
	}
	assert_true(cert_state_terminal(CS_APL01_REJECTED));
	assert_true(cert_state_terminal(CS_NOT_CONTINUED));
	assert_true(cert_state_terminal(CS_CERTIFIED));
}

static void test_every_state_reachable(void **state)
{
	(void)state;
	size_t n;
	const struct cert_transition *t = cert_transitions(&n);
	int reach[CS__COUNT] = {0};
	reach[CS_APL01_DRAFT] = 1;
	for (int changed = 1; changed;) {
		changed = 0;
		for (size_t i = 0; i < n; i++)
			if (reach[t[i].from] && !reach[t[i].to])
				reach[t[i].to] = changed = 1;
	}
	for (int s = 0; s < CS__COUNT; s++)
		if (!reach[s])
			fail_msg("state %s cannot be reached", cert_state_name((enum cert_state)s));
}

/* Table -> SOP: each transition's step exists and names the transition's event. */
static void test_transitions_cite_sop(void **state)
{
	(void)state;
	size_t n;
	const struct cert_transition *t = cert_transitions(&n);
	for (size_t i = 0; i < n; i++) {
		const struct sop_step *s = sop_steps_find(&S, t[i].sop_step);
		if (!s)
			fail_msg("%s cites %s, which is no step in sop/", t[i].event,
				 t[i].sop_step);
		if (!sop_step_names(s, t[i].event))
			fail_msg("%s cites %s, but that step does not name it", t[i].event,
				 t[i].sop_step);
	}
}

/* SOP -> table: every step of the certification SOP names at least one transition, and every
 * case event a SOP step names is in the table. */
static void test_sop_steps_name_transitions(void **state)
{
	(void)state;
	size_t sjj = 0;
	for (size_t i = 0; i < S.n; i++) {
		const struct sop_step *s = &S.step[i];
		int is_sjj = !strncmp(s->code, "SOP-SJJ-", 8);
		sjj += (size_t)is_sjj;
		if (is_sjj && !strcmp(s->events, " "))
			fail_msg("%s names no transition", s->code);
		for (const char *p = s->events + 1; *p;) {
			size_t len = strcspn(p, " ");
			if (is_sjj && !is_case_event(p, len))
				fail_msg("%s names %.*s, which is not a transition", s->code,
					 (int)len, p);
			p += len;
			while (*p == ' ')
				p++;
		}
	}
	assert_true(sjj >= 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_well_formed),
	    cmocka_unit_test(test_refuses_everything_else),
	    cmocka_unit_test(test_every_state_reachable),
	    cmocka_unit_test(test_transitions_cite_sop),
	    cmocka_unit_test(test_sop_steps_name_transitions),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
