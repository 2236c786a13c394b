/* The outbox: e-mail messages the server wants to send (password-reset tokens, notices). They are
 * queued in the database in the same transaction as the change that caused them; delivery is a
 * separate concern (until it exists, admins read them with GET /api/outbox). */
#ifndef UJIKOM_OUTBOX_H
#define UJIKOM_OUTBOX_H
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"

struct db;

#define OUTBOX_TO_MAX	   254
#define OUTBOX_SUBJECT_MAX 200
#define OUTBOX_BODY_MAX	   16384

struct outbox_msg {
	int64_t id;
	const char *to;
	const char *subject;
	const char *body;
	int64_t created_at;
	int64_t sent_at; /* 0 while unsent */
};

/* Queues one message. Must run inside db_begin()/db_commit(): it appends a ledger entry
 * ("outbox.enqueue", hashes of recipient and subject only). ERR_INVALID when a part is empty or
 * over its limit. */
enum err outbox_enqueue(struct db *db, const char *to, const char *subject, const char *body,
			int64_t now_ms);
/* The newest messages first, at most limit (1..500), strings copied into arena. */
enum err outbox_list(struct db *db, struct arena *arena, int64_t limit, struct outbox_msg **out,
		     size_t *n);

#endif
