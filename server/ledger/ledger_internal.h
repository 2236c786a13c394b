/* Declarations shared by the files of server/ledger (not for modules): the byte encodings that are
 * hashed and signed, the strict validators, the chain walker and the HTTP handlers. */
#ifndef UJIKOM_LEDGER_INTERNAL_H
#define UJIKOM_LEDGER_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "ledger.h"
#include "request.h"

struct app;
struct db;

#define LEDGER_HASH_LEN	    32
#define LEDGER_HEX_LEN	    64
#define LEDGER_IDENT_MAX    64 /* action, object type */
#define LEDGER_OBJ_ID_MAX   64
#define LEDGER_ENTRY_TAG    "ujikom.ledger.v1"
#define LEDGER_CKPT_TAG	    "ujikom.ledger.checkpoint.v1"
#define LEDGER_CKPT_MSG_LEN (sizeof(LEDGER_CKPT_TAG) - 1 + 8 + LEDGER_HASH_LEN + 8)
#define LEDGER_GENESIS_HEX  "0000000000000000000000000000000000000000000000000000000000000000"
#define LEDGER_KEY_FILE	    "ledger_ed25519.key"
#define LEDGER_PUB_FILE	    "ledger_ed25519.pub"

/* The fields of one entry as they are hashed (strings are NUL-terminated). */
struct ledger_fields {
	int64_t seq;
	int64_t time_ms;
	int64_t actor;
	const char *action;
	const char *obj_type;
	const char *obj_id;
	unsigned char payload_hash[LEDGER_HASH_LEN];
	unsigned char prev_hash[LEDGER_HASH_LEN];
};

/* --- ledger_hash.c: pure encodings (documented byte for byte in README.md) --- */

/* SHA-256 over the length-prefixed encoding of f (see README.md "Entry hash"). */
void ledger_entry_hash(const struct ledger_fields *f, unsigned char out[LEDGER_HASH_LEN]);
/* SHA-256 of the canonical JSON of payload ("null" when payload is NULL). ERR_INTERNAL when the
 * payload cannot be serialised. */
enum err ledger_payload_hash(const json_t *payload, unsigned char out[LEDGER_HASH_LEN]);
/* The 75-byte message a checkpoint signs: tag, seq, head hash, time. */
void ledger_ckpt_message(int64_t seq, const unsigned char head[LEDGER_HASH_LEN], int64_t time_ms,
			 unsigned char out[LEDGER_CKPT_MSG_LEN]);
/* Key id: lowercase hex of the first 8 bytes of SHA-256(public key); out needs 17 bytes. */
void ledger_key_id(const unsigned char pk[LEDGER_PK_LEN], char out[LEDGER_KEY_ID_LEN + 1]);
/* Lowercase hex (out needs 2n+1). */
void ledger_hex(const unsigned char *in, size_t n, char *out);
/* Strict lowercase hex decode of exactly 2n characters of s (NUL-terminated) into out: 0 ok,
 * -1 when s is NULL, has another length or any other character. */
int ledger_unhex(const char *s, unsigned char *out, size_t n);
/* 1 when s is an identifier: 1..max bytes of [A-Za-z0-9_.-], starting with a letter. */
int ledger_ident_ok(const char *s, size_t max);
/* 1 when s is an object id: 0..LEDGER_OBJ_ID_MAX bytes of [A-Za-z0-9_.:-]. */
int ledger_obj_id_ok(const char *s);

/* --- ledger_walk.c: the chain walker behind verification and checkpointing --- */

/* Walks entries with seq > after_seq in order (one streaming statement), expecting the first one
 * to continue from prev_hex (the entry hash at after_seq, or the genesis hash) and seq to be
 * contiguous; recomputes every entry hash. With pk non-NULL it also checks every checkpoint
 * (signature with pk, key id, head hash equal to the entry hash at its seq, no checkpoint beyond
 * the last entry). Fills rep (first fault wins). ERR_DB when the database cannot be read. */
enum err ledger_walk(struct db *db, int64_t after_seq, const char *prev_hex,
		     const unsigned char *pk, struct ledger_report *rep);
/* Checks one checkpoint row's signature and key id against pk: 0 ok, otherwise fills rep. */
int ledger_ckpt_check(const unsigned char pk[LEDGER_PK_LEN], int64_t seq, const char *head_hex,
		      int64_t time_ms, const char *sig_hex, const char *key_id,
		      struct ledger_report *rep);
/* Short machine name of a fault ("entry_hash", ...), "none" for LEDGER_FAULT_NONE. */
const char *ledger_fault_name(enum ledger_fault f);
/* One-line Indonesian description of a fault. */
const char *ledger_fault_text_id(enum ledger_fault f);

/* --- ledger_checkpoint.c --- */

struct ledger_ckpt_row {
	int64_t seq;
	int64_t time_ms;
	char head_hash[LEDGER_HEX_LEN + 1];
	char signature[2 * LEDGER_SIG_LEN + 1];
	char key_id[LEDGER_KEY_ID_LEN + 1];
};

/* As ledger_checkpoint(); *created says whether a row was inserted (0: the head was already
 * checkpointed, row holds that checkpoint). On ERR_CONFLICT *why is "ledger_empty" or
 * "ledger_broken" (the segment since the last checkpoint does not verify). */
enum err ledger_checkpoint_make(struct app *app, struct db *db, int64_t now_ms,
				struct ledger_ckpt_row *row, int *created, const char **why);
/* Periodic job: a checkpoint when the newest is older than cfg->checkpoint_hours. */
void ledger_checkpoint_tick(struct app *app, int64_t now_ms);

/* --- ledger_keys.c --- */

/* Reads the public key for verification: derived from <data_dir>/keys/ledger_ed25519.key when it
 * is readable (a differing .pub is logged), otherwise ledger_ed25519.pub (hex). 0 ok, -1 (message
 * in err) otherwise. */
int ledger_pubkey_read(const char *data_dir, unsigned char pk[LEDGER_PK_LEN], char *err,
		       size_t errsz);

/* --- ledger_http.c: route handlers --- */
enum err ledger_http_public_key(struct request *req);
enum err ledger_http_entries_list(struct request *req);
enum err ledger_http_checkpoints_list(struct request *req);
enum err ledger_http_checkpoint_create(struct request *req);
enum err ledger_http_verify(struct request *req);

#endif
