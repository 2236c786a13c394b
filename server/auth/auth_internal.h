/* Helpers shared by the server/auth files only (not part of the module API). */
#ifndef UJIKOM_AUTH_INTERNAL_H
#define UJIKOM_AUTH_INTERNAL_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"

struct db;

/* Longest cookie or reset token we accept for lookup (anything longer is unknown). */
#define AUTH_TOKEN_LOOKUP_MAX 128

/* Appends a ledger entry with an integer object id; payload (may be NULL) is released. */
enum err auth_ledger_id(struct db *db, int64_t actor, const char *action, const char *obj_type,
			int64_t obj_id, json_t *payload, int64_t now_ms);
/* Same with a text object id (a name, or a hash: never personal data). */
enum err auth_ledger_key(struct db *db, int64_t actor, const char *action, const char *obj_type,
			 const char *obj_id, json_t *payload, int64_t now_ms);

/* SHA-256 (hex) of a token; 0 ok, -1 when the token is empty or too long to be one of ours. */
int auth_token_hash(const char *token, char out[65]);

/* Doubles an arena array of *cap elements of size elem when n == *cap (arena arrays are never
 * freed one by one, so the old block simply stays until the arena goes). */
void *auth_grow(struct arena *arena, void *v, size_t n, size_t *cap, size_t elem);

/* Sorts an array of C strings with strcmp. */
void auth_strs_sort(const char **v, size_t n);

/* Throttle key for an account e-mail ("account:<email>") in the arena. */
char *auth_throttle_account_key(struct arena *arena, const char *email);
/* Lock end for an account e-mail if locked at now_ms, else 0. */
int64_t auth_throttle_account_locked_until(struct db *db, struct arena *arena, const char *email,
					   int64_t now_ms);
/* Deletes stale counters, expired locks and old reset tokens (auth_module tick). */
void auth_prune(struct db *db, int64_t now_ms);

#endif
