/* What other modules may call of the certification module (modules/appeal uses it): a case's
 * summary and decision, whether an account took part in it, and the outcomes of an upheld
 * appeal. The case tables stay private to this module. */
#ifndef UJIKOM_CERTIFICATION_H
#define UJIKOM_CERTIFICATION_H
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"

struct db;

struct cert_case_summary {
	int64_t id;
	int64_t asesi_id;
	int64_t skema_id;
	int64_t jadwal_id;    /* 0 none */
	const char *state;    /* e.g. "DECIDED_BK" (arena) */
	const char *decision; /* "K", "BK" or NULL before the committee decided */
	int64_t decided_at;   /* UTC ms; 0 when undecided */
	const char *sk_number;
};

/* ERR_NOT_FOUND when the case does not exist. */
enum err cert_case_summary(struct db *db, struct arena *a, int64_t case_id,
			   struct cert_case_summary *out);
/* 1 when account_id took a step of the case, signed any of its forms, or is an assessor of its
 * schedule (the appeal team and the committee must have had no part in it); 0 otherwise. */
int cert_case_involved(struct db *db, int64_t case_id, int64_t account_id);
/* (tx) Outcome of an upheld appeal: a new case for re-assessment, linked to this one, waiting for
 * a schedule (the appeal module records that a different assessor must be assigned). *new_id gets
 * its id. Appends the ledger entry. */
enum err cert_case_open_reassessment(struct db *db, int64_t case_id, int64_t actor, int64_t now_ms,
				     int64_t *new_id);
/* (tx) Outcome of an upheld appeal: the committee's decision is changed (K <-> BK) with the new
 * SK number and minutes; the case moves to DECIDED_K / DECIDED_BK accordingly. */
enum err cert_case_amend_decision(struct db *db, int64_t case_id, const char *result,
				  const char *sk_number, const char *berita_acara, int64_t actor,
				  int64_t now_ms);

/* The LSP's holiday table (the days counted as non-working besides weekends), sorted, into out;
 * returns how many there are (may exceed cap). */
size_t cert_holiday_days(struct db *db, int32_t *out, size_t cap);
/* How long the records of a case must be kept (SE.007 A.III.b: at least one certificate validity):
 * the certificate's valid-until date; without a certificate (BK, or K not yet recorded), the
 * decision date plus the scheme's validity. *until gets "YYYY-MM-DD" (arena), or NULL while the
 * case has no decision yet (keep it). ERR_NOT_FOUND when the case does not exist. */
enum err cert_case_retain_until(struct db *db, struct arena *a, int64_t case_id,
				const char **until);
/* 1 when sha256 is an evidence upload of the case; 0 otherwise (also on error). */
int cert_case_evidence_is(struct db *db, int64_t case_id, const char *sha256);

#endif
