/* The transition table of the certification case and its lookups (see cert_fsm.h). The SOP step
 * codes point into sop/sertifikasi-jarak-jauh.md (SOP-SJJ) and sop/asesmen-jarak-jauh.md
 * (SOP-AJJ); tests/unit/test_cert_fsm.c checks both directions against those files. */
#include "cert_fsm.h"

#include <string.h>

static const char *const state_names[CS__COUNT] = {
    [CS_APL01_DRAFT] = "APL01_DRAFT",
    [CS_APL01_SUBMITTED] = "APL01_SUBMITTED",
    [CS_APL01_REVISION] = "APL01_REVISION",
    [CS_APL01_ACCEPTED] = "APL01_ACCEPTED",
    [CS_APL01_REJECTED] = "APL01_REJECTED",
    [CS_SCHEDULED] = "SCHEDULED",
    [CS_APL02_SUBMITTED] = "APL02_SUBMITTED",
    [CS_PRE_ASSESSED] = "PRE_ASSESSED",
    [CS_NOT_CONTINUED] = "NOT_CONTINUED",
    [CS_PLANNED] = "PLANNED",
    [CS_CONSENTED] = "CONSENTED",
    [CS_ASSESSING] = "ASSESSING",
    [CS_INSTRUMENTS_DONE] = "INSTRUMENTS_DONE",
    [CS_RECORDED] = "RECORDED",
    [CS_FEEDBACK_DONE] = "FEEDBACK_DONE",
    [CS_REPORTED] = "REPORTED",
    [CS_PROCESS_REVIEWED] = "PROCESS_REVIEWED",
    [CS_DECIDED_K] = "DECIDED_K",
    [CS_DECIDED_BK] = "DECIDED_BK",
    [CS_CERTIFIED] = "CERTIFIED",
};

/* Deadlines: working days the NEXT step may take, the defaults of sop/README.md (the LSP will be
 * able to configure them). */
static const struct cert_transition table[] = {
    {CS_APL01_DRAFT, "apl01_submit", CS_APL01_SUBMITTED, "cert.apl01.submit", CA_OWNER_ASESI,
     "FR.APL.01", CG_NONE, 3, "SOP-SJJ-01", NULL, NULL},
    {CS_APL01_REVISION, "apl01_submit", CS_APL01_SUBMITTED, "cert.apl01.submit", CA_OWNER_ASESI,
     "FR.APL.01", CG_NONE, 3, "SOP-SJJ-03", NULL, NULL},
    {CS_APL01_SUBMITTED, "apl01_request_revision", CS_APL01_REVISION, "cert.apl01.verify", CA_STAFF,
     NULL, CG_NONE, 5, "SOP-SJJ-02", NULL, NULL},
    {CS_APL01_SUBMITTED, "apl01_accept", CS_APL01_ACCEPTED, "cert.apl01.verify", CA_STAFF,
     "FR.APL.01", CG_REQUIREMENTS_MARKED, 10, "SOP-SJJ-04", "rekomendasi", "diterima"},
    {CS_APL01_SUBMITTED, "apl01_reject", CS_APL01_REJECTED, "cert.apl01.verify", CA_STAFF,
     "FR.APL.01", CG_REQUIREMENTS_MARKED, 0, "SOP-SJJ-04", "rekomendasi", "tidak_diterima"},
    {CS_APL01_ACCEPTED, "schedule_assign", CS_SCHEDULED, "cert.schedule.assign", CA_STAFF, NULL,
     CG_SCHEDULE_VALID, 0, "SOP-SJJ-05", NULL, NULL},
    {CS_SCHEDULED, "apl02_submit", CS_APL02_SUBMITTED, "cert.apl02.submit", CA_OWNER_ASESI,
     "FR.APL.02", CG_NONE, 2, "SOP-SJJ-06", NULL, NULL},
    {CS_APL02_SUBMITTED, "apl02_continue", CS_PRE_ASSESSED, "cert.apl02.review", CA_ASSIGNED_ASESOR,
     "FR.APL.02", CG_NONE, 0, "SOP-SJJ-07", "rekomendasi", "dapat_dilanjutkan"},
    {CS_APL02_SUBMITTED, "apl02_stop", CS_NOT_CONTINUED, "cert.apl02.review", CA_ASSIGNED_ASESOR,
     "FR.APL.02", CG_NONE, 0, "SOP-SJJ-07", "rekomendasi", "tidak_dapat_dilanjutkan"},
    {CS_PRE_ASSESSED, "plan_confirm", CS_PLANNED, "cert.plan.confirm", CA_ASSIGNED_ASESOR, NULL,
     CG_MUK_VALIDATED, 0, "SOP-SJJ-08", NULL, NULL},
    {CS_PLANNED, "consent_sign", CS_CONSENTED, "cert.consent.sign", CA_ASSIGNED_ASESOR, "FR.AK.01",
     CG_BOTH_SIGNED, 0, "SOP-SJJ-09", NULL, NULL},
    {CS_CONSENTED, "assessment_start", CS_ASSESSING, "cert.assessment.run", CA_ASSIGNED_ASESOR,
     NULL, CG_NONE, 0, "SOP-SJJ-10", NULL, NULL},
    {CS_ASSESSING, "instruments_complete", CS_INSTRUMENTS_DONE, "cert.assessment.run",
     CA_ASSIGNED_ASESOR, NULL, CG_INSTRUMENTS_COMPLETE, 1, "SOP-SJJ-10", NULL, NULL},
    {CS_INSTRUMENTS_DONE, "assessment_record", CS_RECORDED, "cert.assessment.record",
     CA_ASSIGNED_ASESOR, "FR.AK.02", CG_BOTH_SIGNED, 1, "SOP-SJJ-11", NULL, NULL},
    {CS_RECORDED, "feedback_submit", CS_FEEDBACK_DONE, "cert.feedback.submit", CA_OWNER_ASESI,
     "FR.AK.03", CG_NONE, 2, "SOP-SJJ-12", NULL, NULL},
    {CS_FEEDBACK_DONE, "batch_report", CS_REPORTED, "cert.report.write", CA_ASSIGNED_ASESOR,
     "FR.AK.05", CG_BATCH_FEEDBACK_DONE, 3, "SOP-SJJ-13", NULL, NULL},
    {CS_REPORTED, "process_review", CS_PROCESS_REVIEWED, "cert.report.review", CA_ASSIGNED_ASESOR,
     "FR.AK.06", CG_NONE, 5, "SOP-SJJ-14", NULL, NULL},
    {CS_PROCESS_REVIEWED, "decide_k", CS_DECIDED_K, "cert.decision.make", CA_INDEPENDENT, NULL,
     CG_RECOMMENDATION_K, 4, "SOP-SJJ-15", NULL, NULL},
    {CS_PROCESS_REVIEWED, "decide_bk", CS_DECIDED_BK, "cert.decision.make", CA_INDEPENDENT, NULL,
     CG_RECOMMENDATION_BK, 0, "SOP-SJJ-15", NULL, NULL},
    {CS_DECIDED_K, "certificate_record", CS_CERTIFIED, "cert.certificate.record", CA_STAFF, NULL,
     CG_CERT_NUMBERS_UNIQUE, 0, "SOP-SJJ-16", NULL, NULL},
    /* the old case stays DECIDED_BK; the event opens a new linked case */
    {CS_DECIDED_BK, "reassessment_open", CS_DECIDED_BK, "cert.reassessment.open", CA_STAFF, NULL,
     CG_NONE, 0, "SOP-SJJ-17", NULL, NULL},
};

const char *cert_guard_name(enum cert_guard g)
{
	static const char *const names[] = {
	    [CG_NONE] = "none",
	    [CG_REQUIREMENTS_MARKED] = "requirements_marked",
	    [CG_SCHEDULE_VALID] = "schedule_valid",
	    [CG_MUK_VALIDATED] = "muk_validated",
	    [CG_BOTH_SIGNED] = "both_signed",
	    [CG_INSTRUMENTS_COMPLETE] = "instruments_complete",
	    [CG_BATCH_FEEDBACK_DONE] = "batch_feedback_done",
	    [CG_RECOMMENDATION_K] = "recommendation_k",
	    [CG_RECOMMENDATION_BK] = "recommendation_bk",
	    [CG_CERT_NUMBERS_UNIQUE] = "cert_numbers_unique",
	};
	return (unsigned)g < sizeof names / sizeof names[0] ? names[g] : "?";
}

const char *cert_state_name(enum cert_state s)
{
	return (unsigned)s < CS__COUNT ? state_names[s] : "?";
}

int cert_state_parse(const char *name)
{
	for (int i = 0; i < CS__COUNT; i++)
		if (name && strcmp(state_names[i], name) == 0)
			return i;
	return -1;
}

int cert_state_terminal(enum cert_state s)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].from == s)
			return 0;
	return 1;
}

const struct cert_transition *cert_transitions(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	return table;
}

const struct cert_transition *cert_fsm_find(enum cert_state from, const char *event)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].from == from && strcmp(table[i].event, event) == 0)
			return &table[i];
	return NULL;
}

size_t cert_fsm_allowed(enum cert_state from, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		if (table[i].from != from)
			continue;
		int dup = 0;
		for (size_t k = 0; k < n && k < max; k++)
			if (strcmp(out[k], table[i].event) == 0)
				dup = 1;
		if (dup)
			continue;
		if (n < max)
			out[n] = table[i].event;
		n++;
	}
	return n;
}
