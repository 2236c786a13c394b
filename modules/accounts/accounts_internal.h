/* Declarations shared by the files of the accounts module only (handlers, store, helpers). */
#ifndef UJIKOM_ACCOUNTS_INTERNAL_H
#define UJIKOM_ACCOUNTS_INTERNAL_H
#include <jansson.h>
#include <stdint.h>

#include "accounts.h"
#include "arena.h"
#include "auth.h"
#include "err.h"
#include "request.h"

struct db;

#define ACCOUNTS_PAGE_SIZE    50
#define ACCOUNTS_PASSWORD_RAW 1024    /* bytes read before the policy says "too long" */
#define ACCOUNTS_ROLE_DEFAULT "asesi" /* the role of self-registered accounts */
#define ACCOUNTS_ROLE_ADMIN   "admin_lsp"

/* Permissions (perm_def in accounts_module.c). */
#define PERM_ACCOUNT_READ   "accounts.account.read"
#define PERM_ACCOUNT_MANAGE "accounts.account.manage"
#define PERM_STAFF_CREATE   "accounts.staff.create"
#define PERM_ROLE_READ	    "accounts.role.read"
#define PERM_ROLE_MANAGE    "accounts.role.manage"
#define PERM_ROLE_ASSIGN    "accounts.role.assign"
#define PERM_LOCK_READ	    "accounts.lock.read"
#define PERM_LOCK_LIFT	    "accounts.lock.lift"
#define PERM_OUTBOX_READ    "accounts.outbox.read"

/* --- accounts_store.c --- */

/* (tx) Adds the profile row of an account; nik and phone may be NULL. ERR_CONFLICT when the NIK
 * is registered already. Appends a ledger entry (no personal data). */
enum err accounts_profile_insert(struct db *db, int64_t actor, int64_t account_id, const char *nik,
				 const char *phone, int64_t now_ms);
/* NIK and phone of an account (arena copies, NULL when not set). ERR_NOT_FOUND without profile. */
enum err accounts_profile_get(struct db *db, struct arena *arena, int64_t account_id, char **nik,
			      char **phone);
/* *taken = 1 when the NIK is registered. */
enum err accounts_nik_taken(struct db *db, const char *nik, int *taken);

/* --- accounts_http.c: helpers shared by the handlers --- */

/* Commits when e is ERR_OK (returning the commit's result), otherwise rolls back and returns e. */
enum err accounts_tx_end(struct db *db, enum err e);
/* Reads a password member as sent (no trimming: spaces are part of a password). */
enum err accounts_in_password(struct request *req, const char *field, const char **out);
/* Reads and normalises an e-mail member ("email_invalid" on the field when malformed). */
enum err accounts_in_email(struct request *req, const char *field, char *out, size_t outsz);
/* Fails with the validator's code on field when code is not NULL (422). */
enum err accounts_check(struct request *req, const char *code, const char *field);
/* A time as RFC 3339, or JSON null for 0. */
json_t *accounts_time_or_null(int64_t ms);
/* Array of strings. */
json_t *accounts_str_array(const char *const *v, size_t n);
/* {id,email,name,roles[],permissions[],must_change_password} of a signed-in principal. */
json_t *accounts_principal_json(struct request *req, const struct principal *p);
/* The CSRF token of this client: the cookie's value, or a new one set as the cookie now. */
const char *accounts_csrf_current(struct request *req);
/* A new CSRF token set as the cookie (sign-in rotates it). */
const char *accounts_csrf_rotate(struct request *req);
/* Generates a one-time password into out (ACCOUNTS_OTP_SIZE). */
void accounts_otp_new(char *out, size_t outsz);
/* A throttle verdict as a response: 429 login_slow or 423 account_locked / ip_locked, with
 * Retry-After; ERR_OK (nothing set) when the attempt may go ahead. */
enum err accounts_fail_throttle(struct request *req, const struct auth_throttle *t);
/* resp_json, but a NULL obj (a failed json_pack) becomes a 500 instead of an empty body. */
enum err accounts_json(struct request *req, int status, json_t *obj);
/* Sets the response for an unexpected error from a store or auth call. */
enum err accounts_fail(struct request *req, enum err e);

/* --- handlers (one per route; see accounts_module.c) --- */
enum err accounts_h_register(struct request *req); /* accounts_self_http.c */
enum err accounts_h_password_change(struct request *req);
enum err accounts_h_password_reset_request(struct request *req);
enum err accounts_h_password_reset_confirm(struct request *req);
enum err accounts_h_login(struct request *req); /* accounts_session_http.c */
enum err accounts_h_session_get(struct request *req);
enum err accounts_h_logout(struct request *req);
enum err accounts_h_sessions_list(struct request *req);
enum err accounts_h_session_revoke(struct request *req);
enum err accounts_h_list(struct request *req); /* accounts_admin_http.c */
enum err accounts_h_staff_create(struct request *req);
enum err accounts_h_get(struct request *req);
enum err accounts_h_role_add(struct request *req);
enum err accounts_h_role_remove(struct request *req);
enum err accounts_h_status_set(struct request *req);
enum err accounts_h_locks_list(struct request *req); /* accounts_roles_http.c */
enum err accounts_h_lock_lift(struct request *req);
enum err accounts_h_roles_list(struct request *req);
enum err accounts_h_role_create(struct request *req);
enum err accounts_h_permissions_list(struct request *req);
enum err accounts_h_role_perm_grant(struct request *req);
enum err accounts_h_role_perm_revoke(struct request *req);
enum err accounts_h_outbox_list(struct request *req);

/* --- accounts_demo.c --- */
enum err accounts_demo_seed(struct app *app, struct db *db);

/* The OpenAPI schemas fragment (accounts_openapi.c). */
extern const char accounts_openapi_schemas[];

#endif
