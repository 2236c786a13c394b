/* The ledger: an append-only, hash-chained record of every state change (server/ledger).
 * Entries hold ids and hashes only, never personal data. Appended inside the same transaction as
 * the change it records; the database refuses UPDATE and DELETE on ledger rows. */
#ifndef UJIKOM_LEDGER_H
#define UJIKOM_LEDGER_H
#include <jansson.h>
#include <stdint.h>

#include "err.h"

struct db;
struct app;

/* Appends one entry: actor (account id, 0 = system), action ("accounts.register"), object type
 * and id, and the SHA-256 of payload's canonical JSON (payload may be NULL: hash of "null").
 * Must be called inside db_begin()/db_commit(); returns ERR_INTERNAL otherwise. *seq may be NULL. */
enum err ledger_append(struct db *db, int64_t actor, const char *action, const char *obj_type,
		       const char *obj_id, const json_t *payload, int64_t now_ms, int64_t *seq);

/* The core service descriptor (migrations, routes for auditors and the public key). */
extern const struct module ledger_module;

#endif
