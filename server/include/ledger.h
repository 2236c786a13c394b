/* The ledger: an append-only, hash-chained record of every state change (server/ledger).
 * Entries hold ids and hashes only, never personal data. Appended inside the same transaction as
 * the change it records; the database refuses UPDATE and DELETE on ledger rows. */
#ifndef UJIKOM_LEDGER_H
#define UJIKOM_LEDGER_H
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

struct db;
struct app;

/* Appends one entry: actor (account id, 0 = system), action ("accounts.register"), object type
 * and id, and the SHA-256 of payload's canonical JSON (payload may be NULL: hash of "null").
 * Must be called inside db_begin()/db_commit(); returns ERR_INTERNAL otherwise. *seq may be
 * NULL. ERR_INVALID when action or obj_type is not a short ASCII identifier
 * ([A-Za-z][A-Za-z0-9_.-]{0,63}), obj_id is not [A-Za-z0-9_.:-]{0,64} (NULL = "") or actor or
 * now_ms is negative: no personal data may enter the ledger. */
enum err ledger_append(struct db *db, int64_t actor, const char *action, const char *obj_type,
		       const char *obj_id, const json_t *payload, int64_t now_ms, int64_t *seq);

/* The core service descriptor (migrations, routes for auditors and the public key). */
extern const struct module ledger_module;

/* --- signing keys --- */

#define LEDGER_PK_LEN	  32 /* Ed25519 public key */
#define LEDGER_SK_LEN	  64 /* libsodium secret key (seed || public key) */
#define LEDGER_SIG_LEN	  64
#define LEDGER_KEY_ID_LEN 16 /* hex chars: first 8 bytes of SHA-256(public key) */

/* The checkpoint signing key pair. Owned by app->ledger_keys. */
struct ledger_keys {
	unsigned char pk[LEDGER_PK_LEN];
	unsigned char sk[LEDGER_SK_LEN];
	char pk_hex[2 * LEDGER_PK_LEN + 1];
	char key_id[LEDGER_KEY_ID_LEN + 1];
};

/* Loads <data_dir>/keys/ledger_ed25519.key (64 hex chars: the Ed25519 seed), creating it with
 * mode 0600 when absent, derives the public key and (re)writes ledger_ed25519.pub beside it.
 * ERR_IO when the directory or file cannot be read or written, ERR_INVALID when the key file is
 * malformed (it is never overwritten). *out is owned by the caller (ledger_keys_free). */
enum err ledger_keys_load(const char *data_dir, struct ledger_keys **out);
/* Wipes and frees the keys; NULL-safe; sets *k to NULL. */
void ledger_keys_free(struct ledger_keys **k);

/* --- checkpoints --- */

/* Signs the current head (seq, entry hash, now_ms) with app->ledger_keys and stores the
 * checkpoint; a no-op when the head is already checkpointed (*seq_out is then that seq). Runs
 * in its own transaction unless one is open. Refuses (ERR_CONFLICT) when the ledger is empty or
 * the entries since the previous checkpoint do not verify. *seq_out may be NULL. */
enum err ledger_checkpoint(struct app *app, struct db *db, int64_t now_ms, int64_t *seq_out);

/* --- verification --- */

enum ledger_fault {
	LEDGER_FAULT_NONE = 0,
	LEDGER_FAULT_GAP,	     /* an entry is missing (seq not contiguous from 1) */
	LEDGER_FAULT_MALFORMED,	     /* a stored field is not well formed (hex, length) */
	LEDGER_FAULT_PREV_HASH,	     /* prev_hash differs from the previous entry's hash */
	LEDGER_FAULT_ENTRY_HASH,     /* the recomputed entry hash differs from the stored one */
	LEDGER_FAULT_CKPT_SIGNATURE, /* a checkpoint signature does not verify */
	LEDGER_FAULT_CKPT_KEY,	     /* a checkpoint names another signing key */
	LEDGER_FAULT_CKPT_HEAD,	    /* a checkpoint's head hash differs from the entry at its seq */
	LEDGER_FAULT_CKPT_NO_ENTRY, /* a checkpoint refers to an entry that does not exist */
};

struct ledger_report {
	int ok;			 /* 1 when every entry and checkpoint verified */
	int64_t entries_checked; /* entries whose hash and link were recomputed */
	int64_t checkpoints_checked;
	int64_t last_seq;	  /* highest seq verified */
	int64_t first_broken_seq; /* 0 when ok */
	enum ledger_fault fault;
	char reason[256]; /* English one-liner */
};

/* Walks the whole ledger in seq order with one streaming statement (constant memory),
 * recomputing every entry hash and link, checking seq contiguity and every checkpoint (signature
 * with pk, head hash equal to the entry hash at its seq). Stops at the first fault. Returns ERR_OK
 * when the walk ran (rep->ok says whether the ledger is intact), ERR_DB when it could not read.
 * pk NULL checks the chain only (no checkpoints: a truncated tail then goes unnoticed). */
enum err ledger_verify(struct db *db, const unsigned char pk[32], struct ledger_report *rep);

/* `ujikom ledger verify`: opens <data_dir>/ujikom.db and the public key (derived from
 * keys/ledger_ed25519.key, or keys/ledger_ed25519.pub when the key file is not readable),
 * verifies, prints a report. Returns 0 ok, 1 broken, 2 error. */
int ledger_verify_cli(const char *data_dir, FILE *out);
/* As ledger_verify_cli, with the public key given as 64 hex chars (e.g. the one fetched from
 * /.well-known/ujikom-ledger-key); pk_hex NULL means the data directory's key. */
int ledger_verify_cli_pk(const char *data_dir, const char *pk_hex, FILE *out);

#endif
