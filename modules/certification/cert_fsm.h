/* The certification case workflow as ONE transition table (domain.md §d, SE.007 A.IV.7-8):
 * state, event, next state, permission, required form, guard, deadline, SOP step. Code, UI and
 * the SOP documents read from it; anything not in it is refused with 409 and the allowed events. */
#ifndef UJIKOM_CERT_FSM_H
#define UJIKOM_CERT_FSM_H
#include <stddef.h>

enum cert_state {
	CS_APL01_DRAFT = 0,
	CS_APL01_SUBMITTED,
	CS_APL01_REVISION,
	CS_APL01_ACCEPTED,
	CS_APL01_REJECTED,
	CS_SCHEDULED,
	CS_APL02_SUBMITTED,
	CS_PRE_ASSESSED,
	CS_NOT_CONTINUED,
	CS_PLANNED,
	CS_CONSENTED,
	CS_ASSESSING,
	CS_INSTRUMENTS_DONE,
	CS_RECORDED,
	CS_FEEDBACK_DONE,
	CS_REPORTED,
	CS_PROCESS_REVIEWED,
	CS_DECIDED_K,
	CS_DECIDED_BK,
	CS_CERTIFIED,
	CS__COUNT
};

/* Who, besides holding the permission, must the actor be for this case. */
enum cert_actor {
	CA_OWNER_ASESI,	    /* the case's own asesi */
	CA_ASSIGNED_ASESOR, /* an assessor assigned to the case's schedule */
	CA_STAFF,	    /* any holder of the permission */
	CA_INDEPENDENT,	    /* a holder of the permission who had no part in the case */
};

/* Conditions checked by the module before a transition (cert_guards.c). */
enum cert_guard {
	CG_NONE = 0,
	CG_REQUIREMENTS_MARKED,	 /* every basic requirement has an admin mark */
	CG_SCHEDULE_VALID,	 /* schedule in the future, capacity, assessor guards */
	CG_MUK_VALIDATED,	 /* the case's MUK version is validated */
	CG_BOTH_SIGNED,		 /* the form carries both asesi and assessor signatures */
	CG_INSTRUMENTS_COMPLETE, /* every instrument MAPA.02 selected has a result */
	CG_BATCH_FEEDBACK_DONE,	 /* every case of the batch is at FEEDBACK_DONE or later */
	CG_RECOMMENDATION_K,	 /* FR.AK.02 recommends K (decide_k) */
	CG_RECOMMENDATION_BK,	 /* FR.AK.02 recommends BK (decide_bk) */
	CG_CERT_NUMBERS_UNIQUE,	 /* certificate, registration and blanko numbers unused */
};

struct cert_transition {
	enum cert_state from;
	const char *event;
	enum cert_state to;
	const char *perm; /* permission name (catalogue in cert_module.c) */
	enum cert_actor actor;
	const char *form; /* form that must be signed with the event, or NULL */
	enum cert_guard guard;
	int deadline_wd;      /* working days the next step may take before it is overdue; 0 none */
	const char *sop_step; /* step code in the sop/ files, e.g. "SOP-SJJ-03" */
	/* With form: the actor's signed part must hold this value in this field (e.g.
	 * "rekomendasi" = "diterima" for apl01_accept); NULL for no condition. */
	const char *when_field, *when_value;
};

const char *cert_state_name(enum cert_state s);
const char *cert_guard_name(enum cert_guard g);
/* -1 when unknown */
int cert_state_parse(const char *name);
int cert_state_terminal(enum cert_state s);

const struct cert_transition *cert_transitions(size_t *n);
/* The transition for (state, event), or NULL when the table has none. */
const struct cert_transition *cert_fsm_find(enum cert_state from, const char *event);
/* Fills out (up to max) with the events allowed from a state; returns how many there are. */
size_t cert_fsm_allowed(enum cert_state from, const char **out, size_t max);

#endif
