/* The HR module (SE.007 A.IV.2, the part needed now): the registry of competency assessors — MET
 * registration number, assessor certificate and its validity, the schemes in each assessor's
 * scope, and whether the LSP has them active. What other modules may call: the descriptor, the
 * eligibility check used when an assessor is assigned, a lookup for documents, and the pure MET
 * validator. */
#ifndef UJIKOM_HR_H
#define UJIKOM_HR_H
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "module.h"

struct db;

extern const struct module hr_module;

#define HR_MET_LEN 19 /* "MET.000.NNNNNN YYYY" without the NUL */

/* May account_id assess scheme skema_id at the instant on_day_ms (UTC ms)? ERR_OK when the
 * account is an active, registered assessor (registry row active, account active and holding the
 * asesor role), whose certificate is valid on that day (the day in WIB is at most the certificate's
 * valid-until date) and whose scope holds the scheme. Otherwise ERR_CONFLICT with *why_code one of
 * "asesor_not_registered", "asesor_certificate_expired", "asesor_out_of_scope" (checked in that
 * order; message codes of this module). ERR_DB on a database error (*why_code NULL). why_code may
 * be NULL. */
enum err hr_asesor_check(struct db *db, int64_t account_id, int64_t skema_id, int64_t on_day_ms,
			 const char **why_code);

/* One registered assessor, for documents (SPT, reports) and other modules' views. */
struct hr_asesor {
	int64_t account_id;
	const char *name;  /* account name */
	const char *email; /* account e-mail */
	char met_number[HR_MET_LEN + 1];
	const char *certificate_number;
	char certificate_valid_until[11]; /* YYYY-MM-DD */
	int active;
	int64_t *skema_ids; /* ascending */
	size_t nskema;
};

/* Fills out (strings and the scope copied into arena). ERR_NOT_FOUND when the account is not in
 * the registry (whatever its roles), ERR_DB on a database error. */
enum err hr_asesor_get(struct db *db, struct arena *arena, int64_t account_id,
		       struct hr_asesor *out);

/* Pure: NULL when met is a MET registration number "MET.000.NNNNNN YYYY" (the literal "MET.000.",
 * a 6-digit serial that is not all zeros, one space, a year from 1990 to max_year), else the
 * message code "met_invalid". */
const char *hr_met_check(const char *met, int max_year);

#endif
