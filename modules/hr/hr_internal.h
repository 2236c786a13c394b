/* Declarations shared by the files of the hr module only (handlers, store, rules, demo). */
#ifndef UJIKOM_HR_INTERNAL_H
#define UJIKOM_HR_INTERNAL_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "hr.h"
#include "request.h"

struct app;
struct db;

/* Permissions (perm_def in hr_module.c). */
#define HR_PERM_ASESOR_READ   "hr.asesor.read"
#define HR_PERM_ASESOR_MANAGE "hr.asesor.manage"

#define HR_ROLE_ASESOR	     "asesor"
#define HR_PAGE_SIZE	     100
#define HR_SCOPE_MAX	     200 /* schemes in one assessor's scope */
#define HR_CERT_NUMBER_MIN   3
#define HR_CERT_NUMBER_MAX   64
#define HR_MET_YEAR_MIN	     1990
#define HR_CERT_YEARS_AHEAD  5 /* a valid-until date at most this many years after today */
#define HR_DEMO_SKEMA_NUMBER "SKM-01/BNSP/VII/2020" /* the muk module's demo scheme */

/* What a create or update writes. skema_ids are distinct, ascending. */
struct hr_asesor_input {
	const char *met_number;
	const char *certificate_number;
	const char *valid_until; /* YYYY-MM-DD */
	int active;
	int64_t *skema_ids;
	size_t nskema;
};

/* --- hr_logic.c (pure) --- */

/* NULL when s is an assessor certificate number: 3..64 bytes of printable ASCII (letters, digits,
 * space and . / - _ :), starting with a letter or digit; else "certificate_number_invalid". */
const char *hr_cert_number_check(const char *s);
/* 1 when a certificate valid until the date valid_until (YYYY-MM-DD) is valid at the instant on_ms:
 * the instant's date in WIB is not after it. 0 when not, -1 when valid_until is malformed. */
int hr_cert_valid_on(const char *valid_until, int64_t on_ms);
/* The calendar year (WIB) of an instant. */
int hr_year_of(int64_t ms);
/* Sorts ids ascending and drops duplicates; returns the new count. */
size_t hr_ids_unique(int64_t *ids, size_t n);

/* --- hr_store.c --- */

/* (tx) Registers account_id; appends "hr.asesor.create" whose payload holds the scope, the
 * active flag, the valid-until date and ref: a pseudonym (app_pseudonym) of the MET and
 * certificate numbers, never the numbers. ERR_CONFLICT when the account or the MET number is
 * registered already. */
enum err hr_store_asesor_insert(struct db *db, int64_t actor, int64_t account_id,
				const struct hr_asesor_input *in, const char *ref, int64_t now_ms);
/* (tx) Replaces the registry row and the scope of account_id; appends "hr.asesor.update".
 * ERR_NOT_FOUND when not registered, ERR_CONFLICT when the MET number belongs to another. */
enum err hr_store_asesor_update(struct db *db, int64_t actor, int64_t account_id,
				const struct hr_asesor_input *in, const char *ref, int64_t now_ms);
/* The registry fields of account_id (not name/e-mail). ERR_NOT_FOUND when not registered. */
enum err hr_store_asesor_row(struct db *db, struct arena *arena, int64_t account_id,
			     struct hr_asesor *out);
/* The account holding met_number, or ERR_NOT_FOUND. */
enum err hr_store_met_owner(struct db *db, const char *met_number, int64_t *account_id);
/* *in_scope = 1 when skema_id is in account_id's scope. */
enum err hr_store_in_scope(struct db *db, int64_t account_id, int64_t skema_id, int *in_scope);
/* A page of registered account ids ordered by id; skema_id 0 = any scheme, active -1 = any.
 * *total counts every match. */
enum err hr_store_asesor_list(struct db *db, struct arena *arena, int64_t skema_id, int active,
			      int64_t offset, int64_t limit, int64_t **ids, size_t *n,
			      int64_t *total);

/* --- hr_http.c --- */
enum err hr_h_list(struct request *req);
enum err hr_h_create(struct request *req);
enum err hr_h_get(struct request *req);
enum err hr_h_update(struct request *req);

/* --- hr_demo.c --- */
enum err hr_demo_seed(struct app *app, struct db *db);

/* The OpenAPI schemas fragment (hr_openapi.c). */
extern const char hr_openapi_schemas[];

#endif
