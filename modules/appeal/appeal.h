/* The appeal module (SE.007 A.IV.8j, A.IV.13; SOP-BJJ): an asesi appeals a certification decision
 * with FR.AK.04 within the scheme's appeal window; a team of tim_banding members with no part in
 * the case reviews it and decides within 20 working days of receipt. What other code may use: the
 * module descriptor and the appeal transition table (one table; its rows cite SOP-BJJ steps). */
#ifndef UJIKOM_APPEAL_H
#define UJIKOM_APPEAL_H
#include <stddef.h>
#include <stdint.h>

#include "module.h"

extern const struct module appeal_module;

struct db;
/* 1 when an appeal of the case is still open (filed, team formed, in review): its records are on
 * legal hold and must not be purged; 0 otherwise (also on error). */
int appeal_case_open(struct db *db, int64_t case_id);

/* Working days from receipt (FR.AK.04 recorded) to the decision (SKM-01 9.9.6). */
#define APPEAL_DECISION_WORKING_DAYS 20

enum appeal_state {
	AS_NEW = 0, /* no appeal yet: the from-state of appeal_file (never stored) */
	AS_FILED,
	AS_TEAM_FORMED,
	AS_IN_REVIEW,
	AS_UPHELD,
	AS_REJECTED,
	AS__COUNT
};

/* Who, besides holding the permission, the actor must be. */
enum appeal_actor {
	AA_APPELLANT,	/* the asesi of the appealed case */
	AA_INDEPENDENT, /* a holder of the permission with no part in the case */
	AA_TEAM_MEMBER, /* a member of this appeal's team */
};

struct appeal_transition {
	enum appeal_state from;
	const char *event;
	enum appeal_state to;
	const char *perm; /* permission name (catalogue in appeal_module.c) */
	enum appeal_actor actor;
	/* Working days the next step may take (counted from this step); 0: none of its own. The
	 * decision itself is always due APPEAL_DECISION_WORKING_DAYS after receipt (due_at). */
	int deadline_wd;
	const char *sop_step; /* "SOP-BJJ-02": a step of sop/banding-jarak-jauh.md naming event */
};

const char *appeal_state_name(enum appeal_state s);
/* -1 when unknown */
int appeal_state_parse(const char *name);
/* 1 when no transition leaves s (UPHELD, REJECTED). */
int appeal_state_terminal(enum appeal_state s);
const struct appeal_transition *appeal_transitions(size_t *n);
/* The transition for (state, event), or NULL when the table has none. */
const struct appeal_transition *appeal_fsm_find(enum appeal_state from, const char *event);
/* Fills out (up to max) with the events allowed from a state; returns how many there are. */
size_t appeal_fsm_allowed(enum appeal_state from, const char **out, size_t max);

#endif
