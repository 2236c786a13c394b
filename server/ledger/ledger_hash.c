/* The byte encodings the ledger hashes and signs, and the strict validators for what may enter an
 * entry. Pure code, no database: README.md documents the same layouts byte for byte. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "json.h"
#include "ledger_internal.h"

static void put_be64(unsigned char *p, int64_t v)
{
	uint64_t u = (uint64_t)v; /* two's complement, big-endian */
	for (int i = 7; i >= 0; i--) {
		p[i] = (unsigned char)(u & 0xff);
		u >>= 8;
	}
}

/* Feeds one field as a 4-byte big-endian length followed by its bytes. */
static void hash_field(crypto_hash_sha256_state *st, const void *p, size_t n)
{
	unsigned char len[4];
	uint32_t u = (uint32_t)n;
	len[0] = (unsigned char)(u >> 24);
	len[1] = (unsigned char)(u >> 16);
	len[2] = (unsigned char)(u >> 8);
	len[3] = (unsigned char)u;
	crypto_hash_sha256_update(st, len, sizeof len);
	if (n)
		crypto_hash_sha256_update(st, p, n);
}

static void hash_int(crypto_hash_sha256_state *st, int64_t v)
{
	unsigned char b[8];
	put_be64(b, v);
	hash_field(st, b, sizeof b);
}

static void hash_text(crypto_hash_sha256_state *st, const char *s)
{
	hash_field(st, s ? s : "", s ? strlen(s) : 0);
}

/* Layout: field(tag) field(seq) field(time_ms) field(actor) field(action) field(obj_type)
 * field(obj_id) field(payload_hash) field(prev_hash); field = u32be length || bytes, integers as
 * 8-byte big-endian two's complement, hashes as 32 raw bytes. */
void ledger_entry_hash(const struct ledger_fields *f, unsigned char out[LEDGER_HASH_LEN])
{
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	hash_text(&st, LEDGER_ENTRY_TAG);
	hash_int(&st, f->seq);
	hash_int(&st, f->time_ms);
	hash_int(&st, f->actor);
	hash_text(&st, f->action);
	hash_text(&st, f->obj_type);
	hash_text(&st, f->obj_id);
	hash_field(&st, f->payload_hash, LEDGER_HASH_LEN);
	hash_field(&st, f->prev_hash, LEDGER_HASH_LEN);
	crypto_hash_sha256_final(&st, out);
}

enum err ledger_payload_hash(const json_t *payload, unsigned char out[LEDGER_HASH_LEN])
{
	size_t len = 0;
	char *text;

	if (!payload) {
		crypto_hash_sha256(out, (const unsigned char *)"null", 4);
		return ERR_OK;
	}
	text = json_canonical(payload, &len);
	if (!text)
		return ERR_INTERNAL;
	crypto_hash_sha256(out, (const unsigned char *)text, len);
	free(text);
	return ERR_OK;
}

void ledger_ckpt_message(int64_t seq, const unsigned char head[LEDGER_HASH_LEN], int64_t time_ms,
			 unsigned char out[LEDGER_CKPT_MSG_LEN])
{
	size_t taglen = sizeof(LEDGER_CKPT_TAG) - 1;
	memcpy(out, LEDGER_CKPT_TAG, taglen);
	put_be64(out + taglen, seq);
	memcpy(out + taglen + 8, head, LEDGER_HASH_LEN);
	put_be64(out + taglen + 8 + LEDGER_HASH_LEN, time_ms);
}

void ledger_key_id(const unsigned char pk[LEDGER_PK_LEN], char out[LEDGER_KEY_ID_LEN + 1])
{
	unsigned char h[LEDGER_HASH_LEN];
	crypto_hash_sha256(h, pk, LEDGER_PK_LEN);
	ledger_hex(h, LEDGER_KEY_ID_LEN / 2, out);
}

void ledger_hex(const unsigned char *in, size_t n, char *out)
{
	util_hex(in, n, out);
}

/* Stored hashes are lowercase hex: anything else is refused, not normalised. */
int ledger_unhex(const char *s, unsigned char *out, size_t n)
{
	if (!s || strlen(s) != 2 * n || strspn(s, "0123456789abcdef") != 2 * n)
		return -1;
	return util_unhex(s, 2 * n, out, n);
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

int ledger_ident_ok(const char *s, size_t max)
{
	size_t i;

	if (!s || !is_alpha(s[0]))
		return 0;
	for (i = 0; s[i]; i++) {
		if (i >= max)
			return 0;
		if (!is_alnum(s[i]) && s[i] != '_' && s[i] != '.' && s[i] != '-')
			return 0;
	}
	return 1;
}

int ledger_obj_id_ok(const char *s)
{
	size_t i;

	if (!s)
		return 0;
	for (i = 0; s[i]; i++) {
		if (i >= LEDGER_OBJ_ID_MAX)
			return 0;
		if (!is_alnum(s[i]) && s[i] != '_' && s[i] != '.' && s[i] != ':' && s[i] != '-')
			return 0;
	}
	return 1;
}
