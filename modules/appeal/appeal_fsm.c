/* The appeal transition table and its lookups (see appeal.h). The SOP step codes point into
 * sop/banding-jarak-jauh.md (SOP-BJJ); tests/unit/test_appeal_fsm.c checks both directions. */
#include <string.h>

#include "appeal.h"

static const char *const state_names[AS__COUNT] = {
    [AS_NEW] = "NEW",
    [AS_FILED] = "FILED",
    [AS_TEAM_FORMED] = "TEAM_FORMED",
    [AS_IN_REVIEW] = "IN_REVIEW",
    [AS_UPHELD] = "UPHELD",
    [AS_REJECTED] = "REJECTED",
};

/* Deadlines are the SOP-BJJ defaults: team within 2 working days of receipt (BJJ-04), review
 * opened 1 working day after the team (BJJ-05), follow-up of an upheld appeal within 5 (BJJ-09).
 */
static const struct appeal_transition table[] = {
    {AS_NEW, "appeal_file", AS_FILED, "appeal.file", AA_APPELLANT, 2, "SOP-BJJ-02"},
    {AS_FILED, "appeal_team_form", AS_TEAM_FORMED, "appeal.manage", AA_INDEPENDENT, 1,
     "SOP-BJJ-04"},
    {AS_TEAM_FORMED, "appeal_review_start", AS_IN_REVIEW, "appeal.decide", AA_TEAM_MEMBER, 0,
     "SOP-BJJ-05"},
    {AS_IN_REVIEW, "appeal_uphold", AS_UPHELD, "appeal.decide", AA_TEAM_MEMBER, 5, "SOP-BJJ-08"},
    {AS_IN_REVIEW, "appeal_reject", AS_REJECTED, "appeal.decide", AA_TEAM_MEMBER, 0, "SOP-BJJ-08"},
};

const char *appeal_state_name(enum appeal_state s)
{
	return (unsigned)s < AS__COUNT ? state_names[s] : "?";
}

int appeal_state_parse(const char *name)
{
	for (int i = 0; i < AS__COUNT; i++)
		if (name && strcmp(state_names[i], name) == 0)
			return i;
	return -1;
}

int appeal_state_terminal(enum appeal_state s)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].from == s)
			return 0;
	return 1;
}

const struct appeal_transition *appeal_transitions(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	return table;
}

const struct appeal_transition *appeal_fsm_find(enum appeal_state from, const char *event)
{
	for (size_t i = 0; event && i < sizeof table / sizeof table[0]; i++)
		if (table[i].from == from && strcmp(table[i].event, event) == 0)
			return &table[i];
	return NULL;
}

size_t appeal_fsm_allowed(enum appeal_state from, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		if (table[i].from != from)
			continue;
		if (n < max)
			out[n] = table[i].event;
		n++;
	}
	return n;
}
