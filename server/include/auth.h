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
struct db;

#define AUTH_SESSION_COOKIE "ujikom_sid"  /* HttpOnly, SameSite=Lax, Secure over TLS */
#define AUTH_CSRF_COOKIE    "ujikom_csrf" /* readable by JS; echoed in X-CSRF-Token */
#define AUTH_CSRF_HEADER    "X-CSRF-Token"

/* Resolves a session cookie value to a principal (account, permissions) and touches last-seen.
 * ERR_UNAUTHENTICATED when missing, unknown, revoked, idle- or absolute-expired, or the account
 * is disabled. The principal is allocated in arena. */
enum err auth_session_resolve(struct app *app, struct db *db, struct arena *arena, const char *token,
			      const char *ip, int64_t now_ms, struct principal **out);

/* The core service descriptor (migrations, built-in roles, permission sync). */
extern const struct module auth_module;

#endif
