/* Small helpers shared by the auth files: ledger shorthands, token hashing, string sorting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth_internal.h"
#include "ledger.h"
#include "util.h"

enum err auth_ledger_key(struct db *db, int64_t actor, const char *action, const char *obj_type,
			 const char *obj_id, json_t *payload, int64_t now_ms)
{
	enum err e = ledger_append(db, actor, action, obj_type, obj_id, payload, now_ms, NULL);

	json_decref(payload);
	return e;
}

enum err auth_ledger_id(struct db *db, int64_t actor, const char *action, const char *obj_type,
			int64_t obj_id, json_t *payload, int64_t now_ms)
{
	char id[32];

	snprintf(id, sizeof id, "%lld", (long long)obj_id);
	return auth_ledger_key(db, actor, action, obj_type, id, payload, now_ms);
}

int auth_token_hash(const char *token, char out[65])
{
	size_t n = token ? strnlen(token, AUTH_TOKEN_LOOKUP_MAX + 1) : 0;

	if (n == 0 || n > AUTH_TOKEN_LOOKUP_MAX)
		return -1;
	util_sha256_hex(token, n, out);
	return 0;
}

static int strs_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void auth_strs_sort(const char **v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, strs_cmp);
}

void *auth_grow(struct arena *arena, void *v, size_t n, size_t *cap, size_t elem)
{
	void *grown;

	if (n < *cap)
		return v;
	grown = arena_alloc(arena, 2 * *cap * elem);
	if (n)
		memcpy(grown, v, n * elem);
	*cap *= 2;
	return grown;
}
