/* Identity, passwords, sessions, CSRF, roles and permissions (server/auth). The accounts module
 * (modules/accounts) builds the user-facing features on this API; server/http uses
 * auth_session_resolve() for every request. Tables: accounts, sessions, roles, permissions,
 * role_permissions, account_roles (server/auth/sql). */
#ifndef UJIKOM_AUTH_H
#define UJIKOM_AUTH_H
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "request.h"

struct app;
struct config;
struct db;

#define AUTH_SESSION_COOKIE "ujikom_sid"  /* HttpOnly, SameSite=Lax, Secure over TLS */
#define AUTH_CSRF_COOKIE    "ujikom_csrf" /* readable by JS; echoed in X-CSRF-Token */
#define AUTH_CSRF_HEADER    "X-CSRF-Token"

/* Resolves a session cookie value to a principal (account, permissions) and touches last-seen.
 * ERR_UNAUTHENTICATED when missing, unknown, revoked, idle- or absolute-expired, or the account
 * is disabled. The principal is allocated in arena. */
enum err auth_session_resolve(struct app *app, struct db *db, struct arena *arena,
			      const char *token, const char *ip, int64_t now_ms,
			      struct principal **out);

/* ---------------------------------------------------------------------------------------------
 * Everything below is used by modules/accounts. Functions marked "(tx)" change state: they must
 * be called between db_begin() and db_commit(), and append their own ledger entry (ids and hashes
 * only) in that transaction; on error the caller rolls back. actor is the account id acting
 * (0 = system). Arena-returning functions copy every string into arena.
 * ------------------------------------------------------------------------------------------- */

#define AUTH_HASH_MAX	   128 /* >= crypto_pwhash_STRBYTES, with the NUL */
#define AUTH_TOKEN_MAX	   64  /* room for a base64url token of 32 random bytes, with the NUL */
#define AUTH_ROLE_NAME_MAX 40

/* --- passwords (slow on purpose: call these only from a worker, via req_defer()) --- */

/* Argon2id (crypto_pwhash_str) with the configured limits, never below the interactive ones.
 * out must hold AUTH_HASH_MAX bytes. ERR_INTERNAL when out of memory. */
enum err auth_password_hash(const struct config *cfg, const char *password, char *out,
			    size_t outsz);
/* 1 when password matches hash, 0 otherwise (also for a malformed hash). */
int auth_password_verify(const char *hash, const char *password);

/* --- accounts --- */

struct auth_account {
	int64_t id;
	const char *email;
	const char *name;
	const char *status; /* "active" | "disabled" */
	int must_change_password;
	int64_t created_at;
	const char **roles; /* sorted */
	size_t nroles;
	int64_t locked_until; /* login lock in force until then; 0 when not locked */
};

/* (tx) Creates an active account. email must already be normalised (lowercase). ERR_CONFLICT
 * when the email exists. */
enum err auth_account_create(struct db *db, int64_t actor, const char *email, const char *name,
			     const char *password_hash, int must_change_password, int64_t now_ms,
			     int64_t *id_out);
/* One account with its roles and lock state. ERR_NOT_FOUND when absent. */
enum err auth_account_get(struct db *db, struct arena *arena, int64_t id, int64_t now_ms,
			  struct auth_account **out);
/* Looks an account up by (normalised) email. ERR_NOT_FOUND when absent. */
enum err auth_account_by_email(struct db *db, struct arena *arena, const char *email,
			       int64_t now_ms, struct auth_account **out);
/* The stored password hash (arena copy). ERR_NOT_FOUND when the account is absent. */
enum err auth_account_password_hash(struct db *db, struct arena *arena, int64_t id,
				    char **hash_out);
/* (tx) Replaces the password hash and sets must_change_password. */
enum err auth_account_password_set(struct db *db, int64_t actor, int64_t id,
				   const char *password_hash, int must_change_password,
				   int64_t now_ms);
/* (tx) Sets status "active" or "disabled"; disabling revokes every session. ERR_NOT_FOUND,
 * ERR_INVALID for another status. */
enum err auth_account_status_set(struct db *db, int64_t actor, int64_t id, const char *status,
				 int64_t now_ms);
/* A page of accounts ordered by id: q matches email or name (substring, case-insensitive for
 * ASCII), role filters by role (NULL/"" for all). *total counts all matches. */
enum err auth_account_list(struct db *db, struct arena *arena, const char *q, const char *role,
			   int64_t offset, int64_t limit, int64_t now_ms, struct auth_account **out,
			   size_t *n, int64_t *total);
/* Active accounts holding role, not counting except_id (0: count all). */
enum err auth_role_holders_active(struct db *db, const char *role, int64_t except_id,
				  int64_t *count);

/* --- sessions --- */

struct auth_session {
	int64_t id;
	int64_t created_at;
	int64_t last_seen_at;
	const char *ip;
	const char *user_agent;
};

/* (tx) Opens a session and writes its random cookie token into token_out (AUTH_TOKEN_MAX bytes);
 * only the token's SHA-256 is stored. */
enum err auth_session_create(struct db *db, int64_t account_id, const char *ip,
			     const char *user_agent, int64_t now_ms, char *token_out,
			     size_t token_size, int64_t *session_id_out);
/* (tx) Revokes one live session of account_id. ERR_NOT_FOUND when it is not that account's, or
 * already revoked. */
enum err auth_session_revoke(struct db *db, int64_t actor, int64_t account_id, int64_t session_id,
			     int64_t now_ms);
/* (tx) Revokes every live session of account_id except except_session_id (0: none). */
enum err auth_session_revoke_all(struct db *db, int64_t actor, int64_t account_id,
				 int64_t except_session_id, int64_t now_ms);
/* 1 when session_id was signed out or revoked (or does not exist): long-lived connections opened
 * with it (WebSockets) must close. Idle expiry is not counted: a video session sends no HTTP
 * requests for a long time. 0 otherwise, also on a database error. */
int auth_session_revoked(struct db *db, int64_t session_id);
/* The live (not revoked, not expired) sessions of an account, newest first. */
enum err auth_session_list(struct app *app, struct db *db, struct arena *arena, int64_t account_id,
			   int64_t now_ms, struct auth_session **out, size_t *n);

/* --- roles and permissions --- */

struct auth_role {
	const char *name;
	const char *title_id;
	const char *title_en;
	int builtin;
	const char **perms; /* sorted */
	size_t nperms;
};

struct auth_perm {
	const char *name;
	const char *desc_id;
	const char *desc_en;
	const char *module;
};

/* The built-in roles (name, Indonesian and English titles), NULL-name terminated. */
struct auth_builtin_role {
	const char *name;
	const char *title_id;
	const char *title_en;
};
extern const struct auth_builtin_role auth_builtin_roles[];

/* All roles by name, each with its permissions. */
enum err auth_role_list(struct db *db, struct arena *arena, struct auth_role **out, size_t *n);
/* ERR_OK when the role exists, ERR_NOT_FOUND otherwise. */
enum err auth_role_exists(struct db *db, const char *name);
/* (tx) Creates a custom role (no permissions). ERR_CONFLICT when the name exists. */
enum err auth_role_create(struct db *db, int64_t actor, const char *name, const char *title_id,
			  const char *title_en, int64_t now_ms);
/* The permission catalogue by name. */
enum err auth_perm_list(struct db *db, struct arena *arena, struct auth_perm **out, size_t *n);
/* ERR_OK when the permission exists in the catalogue, ERR_NOT_FOUND otherwise. */
enum err auth_perm_exists(struct db *db, const char *name);
/* (tx) Grants perm to role. ERR_NOT_FOUND (role or permission absent), ERR_CONFLICT (held). */
enum err auth_role_perm_grant(struct db *db, int64_t actor, const char *role, const char *perm,
			      int64_t now_ms);
/* (tx) Revokes perm from role. ERR_NOT_FOUND when the role does not hold it. */
enum err auth_role_perm_revoke(struct db *db, int64_t actor, const char *role, const char *perm,
			       int64_t now_ms);
/* The e-mail addresses of the active accounts holding perm through one of their roles, sorted
 * (arena); none is ERR_OK with *n = 0. For notices to whoever the LSP made responsible. */
enum err auth_perm_holder_emails(struct db *db, struct arena *arena, const char *perm,
				 const char ***out, size_t *n);
/* The roles of an account, sorted. */
enum err auth_account_roles(struct db *db, struct arena *arena, int64_t account_id,
			    const char ***out, size_t *n);
/* (tx) Gives account a role. ERR_NOT_FOUND (account or role absent), ERR_CONFLICT (held). */
enum err auth_account_role_add(struct db *db, int64_t actor, int64_t account_id, const char *role,
			       int64_t now_ms);
/* (tx) Takes a role away. ERR_NOT_FOUND when the account does not hold it. */
enum err auth_account_role_remove(struct db *db, int64_t actor, int64_t account_id,
				  const char *role, int64_t now_ms);

/* --- login throttling (per account e-mail and per client IP) ---
 * After cfg->login_slow_after failures a further attempt must wait 2^(failures - slow_after)
 * seconds (capped at 15 minutes) after the last failure; after cfg->login_lock_after failures
 * the account key is locked for cfg->login_lock_minutes; after cfg->ip_lock_after failures the
 * IP is locked likewise. An IP (shared behind NAT) is slowed only from max(login_slow_after,
 * ip_lock_after / 2) failures. Account keys count whether or not the account exists. Counters
 * with no failure for a day are forgotten, and an expired lock starts the count afresh. */

enum auth_throttle_verdict {
	AUTH_THROTTLE_OK = 0,
	AUTH_THROTTLE_SLOW,	      /* 429: retry_after_s */
	AUTH_THROTTLE_ACCOUNT_LOCKED, /* 423: locked_until */
	AUTH_THROTTLE_IP_LOCKED,      /* 423: locked_until */
};

struct auth_throttle {
	enum auth_throttle_verdict verdict;
	int64_t retry_after_s;
	int64_t locked_until;
};

/* May a login for email from ip be attempted now? */
enum err auth_login_check(struct app *app, struct db *db, const char *email, const char *ip,
			  int64_t now_ms, struct auth_throttle *out);
/* (tx) Counts a failed attempt for email and ip; *out says whether that locked either. */
enum err auth_login_failed(struct app *app, struct db *db, const char *email, const char *ip,
			   int64_t now_ms, struct auth_throttle *out);
/* (tx) Forgets the account's failures after a successful login (the IP counter stays). */
enum err auth_login_succeeded(struct app *app, struct db *db, const char *email, int64_t now_ms);

struct auth_lock {
	const char *key;  /* "account:<email>" or "ip:<address>" */
	const char *kind; /* "account" | "ip" */
	int64_t failures;
	int64_t locked_until; /* 0 when only slowed */
};

/* Keys that are locked or slowed now. */
enum err auth_lock_list(struct app *app, struct db *db, struct arena *arena, int64_t now_ms,
			struct auth_lock **out, size_t *n);
/* (tx) Forgets a key (lifts its lock, resets its counter). ERR_NOT_FOUND when unknown. */
enum err auth_lock_lift(struct app *app, struct db *db, int64_t actor, const char *key,
			int64_t now_ms);

/* --- password reset tokens --- */

/* (tx) Issues a single-use token for account_id (older unused ones are voided) valid for
 * cfg->reset_token_minutes; token_out gets AUTH_TOKEN_MAX bytes. Only its SHA-256 is stored.
 * ERR_TOO_MANY (nothing changed) when the previous token was issued less than a minute ago, so
 * nobody can flood a mailbox. */
enum err auth_reset_create(struct app *app, struct db *db, int64_t account_id, int64_t now_ms,
			   char *token_out, size_t token_size);
/* The account a token may reset now. ERR_NOT_FOUND when unknown, used or expired. */
enum err auth_reset_lookup(struct db *db, const char *token, int64_t now_ms, int64_t *account_id);
/* (tx) Marks the token used. ERR_NOT_FOUND when it is no longer valid (used meanwhile). */
enum err auth_reset_consume(struct db *db, const char *token, int64_t now_ms, int64_t *account_id);

/* The core service descriptor (migrations, built-in roles, permission sync). */
extern const struct module auth_module;

/* 1 when the account is active and one of its roles holds perm (0 also on error): for checks
 * about another account, e.g. whether a proposed appeal team member may decide. */
int auth_account_has_perm(struct db *db, int64_t account_id, const char *perm);

/* --- paperless signing --- */
#define AUTH_CONFIRM_RECENT_MS (5 * 60 * 1000)
/* Called once the signer is confirmed; method is "recent_login" or "password". */
typedef enum err (*auth_confirmed_fn)(struct request *req, void *arg, const char *method);
/* Confirms the signer: a login younger than AUTH_CONFIRM_RECENT_MS calls then() at once;
 * otherwise the body's "password" is verified on a worker and then() runs on the service thread
 * (401 signature_confirm_required without one, 401 signature_password_wrong when wrong). arg
 * must live in req->arena. Returns what then() returns, or ERR_OK while deferred. */
enum err auth_confirm_signer(struct request *req, auth_confirmed_fn then, void *arg);

#endif
