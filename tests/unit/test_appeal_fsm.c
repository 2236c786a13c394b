/* The appeal transition table: well formed, every (state, event) pair outside the table refused,
 * every state reachable, and the table and sop/banding-jarak-jauh.md (SOP-BJJ) agree in both
 * directions: each row cites a SOP-BJJ step that names its event; each SOP-BJJ step names events,
 * every appeal event it names is in the table and any other event it names is a transition of the
 * certification table (SOP-BJJ-01 and -09 point at the case steps that grant the appeal right and
 * open the re-assessment); every appeal event is named by a step. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sop_steps.h"

#include "appeal/appeal.h"
#include "certification/cert_fsm.h"

static struct sop_steps S;

static int is_appeal_event(const char *ev, size_t len)
{
	size_t n;
	const struct appeal_transition *t = appeal_transitions(&n);
	for (size_t i = 0; i < n; i++)
		if (strlen(t[i].event) == len && !strncmp(t[i].event, ev, len))
			return 1;
	return 0;
}

static int is_case_event(const char *ev, size_t len)
{
	size_t n;
	const struct cert_transition *t = cert_transitions(&n);
	for (size_t i = 0; i < n; i++)
		if (strlen(t[i].event) == len && !strncmp(t[i].event, ev, len))
			return 1;
	return 0;
}

static int setup(void **state)
{
	(void)state;
	sop_steps_load(&S, "banding-jarak-jauh.md");
	return 0;
}

static void test_table_well_formed(void **state)
{
	(void)state;
	size_t n;
	const struct appeal_transition *t = appeal_transitions(&n);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(t[i].event);
		assert_true(!strncmp(t[i].event, "appeal_", 7));
		assert_non_null(t[i].perm);
		assert_true(!strncmp(t[i].perm, "appeal.", 7));
		assert_non_null(t[i].sop_step);
		assert_true(!strncmp(t[i].sop_step, "SOP-BJJ-", 8));
		assert_true(t[i].deadline_wd >= 0 &&
			    t[i].deadline_wd <= APPEAL_DECISION_WORKING_DAYS);
		assert_true(t[i].to != AS_NEW);
		for (size_t k = 0; k < i; k++)
			if (t[k].from == t[i].from && !strcmp(t[k].event, t[i].event))
				fail_msg("duplicate (%s, %s)", appeal_state_name(t[i].from),
					 t[i].event);
	}
	for (int s = 0; s < AS__COUNT; s++)
		assert_int_equal(appeal_state_parse(appeal_state_name((enum appeal_state)s)), s);
	assert_int_equal(appeal_state_parse("NOPE"), -1);
	assert_int_equal(appeal_state_parse(NULL), -1);
	/* the workflow of the issue: FILED -> TEAM_FORMED -> IN_REVIEW -> UPHELD / REJECTED */
	const struct appeal_transition *f = appeal_fsm_find(AS_NEW, "appeal_file");
	assert_non_null(f);
	assert_int_equal(f->to, AS_FILED);
	assert_int_equal(f->actor, AA_APPELLANT);
	assert_int_equal(appeal_fsm_find(AS_FILED, "appeal_team_form")->to, AS_TEAM_FORMED);
	assert_int_equal(appeal_fsm_find(AS_FILED, "appeal_team_form")->actor, AA_INDEPENDENT);
	assert_int_equal(appeal_fsm_find(AS_TEAM_FORMED, "appeal_review_start")->to, AS_IN_REVIEW);
	assert_int_equal(appeal_fsm_find(AS_IN_REVIEW, "appeal_uphold")->to, AS_UPHELD);
	assert_int_equal(appeal_fsm_find(AS_IN_REVIEW, "appeal_reject")->to, AS_REJECTED);
	assert_string_equal(appeal_fsm_find(AS_IN_REVIEW, "appeal_reject")->perm, "appeal.decide");
	assert_int_equal(appeal_fsm_find(AS_IN_REVIEW, "appeal_reject")->actor, AA_TEAM_MEMBER);
}

/* Every state x every event: found exactly when the table says so. */
static void test_refuses_everything_else(void **state)
{
	(void)state;
	size_t n;
	const struct appeal_transition *t = appeal_transitions(&n);
	for (int s = 0; s < AS__COUNT; s++) {
		for (size_t i = 0; i < n; i++) {
			const struct appeal_transition *got =
			    appeal_fsm_find((enum appeal_state)s, t[i].event);
			int expect = 0;
			for (size_t k = 0; k < n; k++)
				if ((int)t[k].from == s && !strcmp(t[k].event, t[i].event))
					expect = 1;
			if (expect != (got != NULL))
				fail_msg("(%s, %s): table says %d",
					 appeal_state_name((enum appeal_state)s), t[i].event,
					 expect);
		}
		assert_null(appeal_fsm_find((enum appeal_state)s, "no_such_event"));
		assert_null(appeal_fsm_find((enum appeal_state)s, NULL));
		const char *allowed[8];
		size_t na = appeal_fsm_allowed((enum appeal_state)s, allowed, 8);
		assert_int_equal(na == 0, appeal_state_terminal((enum appeal_state)s));
		for (size_t k = 0; k < na && k < 8; k++)
			assert_non_null(appeal_fsm_find((enum appeal_state)s, allowed[k]));
	}
	assert_true(appeal_state_terminal(AS_UPHELD));
	assert_true(appeal_state_terminal(AS_REJECTED));
	assert_false(appeal_state_terminal(AS_IN_REVIEW));
	/* the decision cannot be skipped to or taken twice */
	assert_null(appeal_fsm_find(AS_FILED, "appeal_uphold"));
	assert_null(appeal_fsm_find(AS_TEAM_FORMED, "appeal_reject"));
	assert_null(appeal_fsm_find(AS_UPHELD, "appeal_reject"));
	assert_null(appeal_fsm_find(AS_FILED, "appeal_file"));
}

static void test_every_state_reachable(void **state)
{
	(void)state;
	size_t n;
	const struct appeal_transition *t = appeal_transitions(&n);
	int reach[AS__COUNT] = {0};
	reach[AS_NEW] = 1;
	for (int changed = 1; changed;) {
		changed = 0;
		for (size_t i = 0; i < n; i++)
			if (reach[t[i].from] && !reach[t[i].to])
				reach[t[i].to] = changed = 1;
	}
	for (int s = 0; s < AS__COUNT; s++)
		if (!reach[s])
			fail_msg("state %s cannot be reached",
				 appeal_state_name((enum appeal_state)s));
}

/* Table -> SOP: each row's step exists and names the row's event. */
static void test_transitions_cite_sop(void **state)
{
	(void)state;
	size_t n;
	const struct appeal_transition *t = appeal_transitions(&n);
	for (size_t i = 0; i < n; i++) {
		const struct sop_step *s = sop_steps_find(&S, t[i].sop_step);
		if (!s)
			fail_msg("%s cites %s, which is no step of SOP-BJJ", t[i].event,
				 t[i].sop_step);
		if (!sop_step_names(s, t[i].event))
			fail_msg("%s cites %s, but that step does not name it", t[i].event,
				 t[i].sop_step);
	}
}

/* SOP -> table: every SOP-BJJ step names transitions; the appeal events it names are rows of the
 * appeal table, anything else it names is a certification transition; every appeal event is
 * named by some step. */
static void test_sop_steps_name_transitions(void **state)
{
	(void)state;
	size_t bjj = 0;
	for (size_t i = 0; i < S.n; i++) {
		const struct sop_step *s = &S.step[i];
		assert_true(!strncmp(s->code, "SOP-BJJ-", 8));
		bjj++;
		if (!strcmp(s->events, " "))
			fail_msg("%s names no transition", s->code);
		for (const char *p = s->events + 1; *p;) {
			size_t len = strcspn(p, " ");
			if (!strncmp(p, "appeal_", 7) ? !is_appeal_event(p, len)
						      : !is_case_event(p, len))
				fail_msg("%s names %.*s, which is not a transition", s->code,
					 (int)len, p);
			p += len;
			while (*p == ' ')
				p++;
		}
	}
	assert_true(bjj >= 10);
	size_t n;
	const struct appeal_transition *t = appeal_transitions(&n);
	for (size_t i = 0; i < n; i++) {
		int named = 0;
		for (size_t k = 0; k < S.n; k++)
			named |= sop_step_names(&S.step[k], t[i].event);
		if (!named)
			fail_msg("no SOP-BJJ step names %s", t[i].event);
	}
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
