/* Unit tests of the ledger's pure encodings: the entry hash byte layout (pinned by a vector
 * computed independently from README.md), payload canonicalisation, the checkpoint message and
 * signature check, and the validators that keep personal data out of entries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "../../server/ledger/ledger_internal.h"

/* The README example: seq 1, time 1700000000123, actor 42, accounts.register on account 42,
 * payload {"a":1}, genesis prev. Hash computed with Python's hashlib from the documented layout. */
static void sample(struct ledger_fields *f)
{
	memset(f, 0, sizeof *f);
	f->seq = 1;
	f->time_ms = INT64_C(1700000000123);
	f->actor = 42;
	f->action = "accounts.register";
	f->obj_type = "account";
	f->obj_id = "42";
	crypto_hash_sha256(f->payload_hash, (const unsigned char *)"{\"a\":1}", 7);
}

static void hex_of(const struct ledger_fields *f, char out[LEDGER_HEX_LEN + 1])
{
	unsigned char h[LEDGER_HASH_LEN];
	ledger_entry_hash(f, h);
	ledger_hex(h, sizeof h, out);
}

static void test_entry_hash_vector(void **state)
{
	struct ledger_fields f;
	char hex[LEDGER_HEX_LEN + 1];
	(void)state;
	sample(&f);
	hex_of(&f, hex);
	assert_string_equal(hex,
			    "fe5239fc824ef6b71ec43634d22d54a0d5b0b751f3a79154341001d7d23a28db");
}

static void test_entry_hash_every_field_counts(void **state)
{
	struct ledger_fields f;
	char base[LEDGER_HEX_LEN + 1], hex[LEDGER_HEX_LEN + 1];
	(void)state;
	sample(&f);
	hex_of(&f, base);

	for (int i = 0; i < 8; i++) {
		sample(&f);
		switch (i) {
		case 0:
			f.seq = 2;
			break;
		case 1:
			f.time_ms++;
			break;
		case 2:
			f.actor = 0;
			break;
		case 3:
			f.action = "accounts.registe";
			break;
		case 4:
			f.obj_type = "accounts";
			break;
		case 5:
			f.obj_id = "43";
			break;
		case 6:
			f.payload_hash[31] ^= 1;
			break;
		case 7:
			f.prev_hash[0] = 1;
			break;
		}
		hex_of(&f, hex);
		assert_string_not_equal(hex, base);
	}
}

static void test_entry_hash_unambiguous(void **state)
{
	struct ledger_fields a, b;
	char ha[LEDGER_HEX_LEN + 1], hb[LEDGER_HEX_LEN + 1];
	(void)state;
	/* Moving a character across a field boundary must change the hash (length prefixes). */
	sample(&a);
	sample(&b);
	a.action = "ab";
	a.obj_type = "c";
	b.action = "a";
	b.obj_type = "bc";
	hex_of(&a, ha);
	hex_of(&b, hb);
	assert_string_not_equal(ha, hb);
	sample(&a);
	sample(&b);
	a.obj_type = "account";
	a.obj_id = "";
	b.obj_type = "accoun";
	b.obj_id = "t";
	hex_of(&a, ha);
	hex_of(&b, hb);
	assert_string_not_equal(ha, hb);
}

static void test_payload_hash(void **state)
{
	unsigned char h1[LEDGER_HASH_LEN], h2[LEDGER_HASH_LEN], want[LEDGER_HASH_LEN];
	json_t *a = json_pack("{s:i,s:s}", "b", 1, "a", "x");
	json_t *b = json_pack("{s:s,s:i}", "a", "x", "b", 1);
	json_t *c = json_pack("{s:s,s:i}", "a", "x", "b", 2);
	(void)state;

	assert_int_equal(ledger_payload_hash(NULL, h1), ERR_OK);
	crypto_hash_sha256(want, (const unsigned char *)"null", 4);
	assert_memory_equal(h1, want, sizeof want);

	/* Key order does not matter: the canonical form sorts keys. */
	assert_int_equal(ledger_payload_hash(a, h1), ERR_OK);
	assert_int_equal(ledger_payload_hash(b, h2), ERR_OK);
	assert_memory_equal(h1, h2, sizeof h1);
	crypto_hash_sha256(want, (const unsigned char *)"{\"a\":\"x\",\"b\":1}", 15);
	assert_memory_equal(h1, want, sizeof want);
	assert_int_equal(ledger_payload_hash(c, h2), ERR_OK);
	assert_memory_not_equal(h1, h2, sizeof h1);
	json_decref(a);
	json_decref(b);
	json_decref(c);
}

static void test_ckpt_message_layout(void **state)
{
	unsigned char head[LEDGER_HASH_LEN], msg[LEDGER_CKPT_MSG_LEN];
	char hex[2 * LEDGER_CKPT_MSG_LEN + 1];
	(void)state;
	for (int i = 0; i < LEDGER_HASH_LEN; i++)
		head[i] = (unsigned char)i;
	assert_int_equal(LEDGER_CKPT_MSG_LEN, 75);
	ledger_ckpt_message(7, head, INT64_C(1700000000123), msg);
	ledger_hex(msg, sizeof msg, hex);
	assert_string_equal(hex, "756a696b6f6d2e6c65646765722e636865636b706f696e742e7631"
				 "0000000000000007"
				 "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
				 "0000018bcfe5687b");
}

static void test_key_id(void **state)
{
	unsigned char pk[LEDGER_PK_LEN];
	char id[LEDGER_KEY_ID_LEN + 1];
	(void)state;
	for (int i = 0; i < LEDGER_PK_LEN; i++)
		pk[i] = (unsigned char)i;
	ledger_key_id(pk, id);
	assert_string_equal(id, "630dcd2966c43366");
}

static void test_ckpt_check(void **state)
{
	unsigned char pk[LEDGER_PK_LEN], sk[LEDGER_SK_LEN], pk2[LEDGER_PK_LEN], sk2[LEDGER_SK_LEN];
	unsigned char head[LEDGER_HASH_LEN], msg[LEDGER_CKPT_MSG_LEN], sig[LEDGER_SIG_LEN];
	char head_hex[LEDGER_HEX_LEN + 1], sig_hex[2 * LEDGER_SIG_LEN + 1];
	char kid[LEDGER_KEY_ID_LEN + 1], kid2[LEDGER_KEY_ID_LEN + 1];
	struct ledger_report rep;
	(void)state;

	assert_true(sodium_init() >= 0);
	crypto_sign_keypair(pk, sk);
	crypto_sign_keypair(pk2, sk2);
	ledger_key_id(pk, kid);
	ledger_key_id(pk2, kid2);
	memset(head, 0xab, sizeof head);
	ledger_hex(head, sizeof head, head_hex);
	ledger_ckpt_message(5, head, 1000, msg);
	crypto_sign_detached(sig, NULL, msg, sizeof msg, sk);
	ledger_hex(sig, sizeof sig, sig_hex);

	memset(&rep, 0, sizeof rep);
	assert_int_equal(ledger_ckpt_check(pk, 5, head_hex, 1000, sig_hex, kid, &rep), 0);
	/* Any signed field changed: the signature no longer verifies. */
	assert_int_equal(ledger_ckpt_check(pk, 6, head_hex, 1000, sig_hex, kid, &rep), -1);
	assert_int_equal(rep.fault, LEDGER_FAULT_CKPT_SIGNATURE);
	assert_int_equal(rep.first_broken_seq, 6);
	assert_int_equal(ledger_ckpt_check(pk, 5, head_hex, 1001, sig_hex, kid, &rep), -1);
	assert_int_equal(rep.fault, LEDGER_FAULT_CKPT_SIGNATURE);
	sig_hex[0] = sig_hex[0] == '0' ? '1' : '0';
	assert_int_equal(ledger_ckpt_check(pk, 5, head_hex, 1000, sig_hex, kid, &rep), -1);
	assert_int_equal(rep.fault, LEDGER_FAULT_CKPT_SIGNATURE);
	sig_hex[0] = sig_hex[0] == '0' ? '1' : '0';
	/* Verified with another key: named as such. */
	assert_int_equal(ledger_ckpt_check(pk2, 5, head_hex, 1000, sig_hex, kid, &rep), -1);
	assert_int_equal(rep.fault, LEDGER_FAULT_CKPT_KEY);
	/* Malformed signature text. */
	assert_int_equal(ledger_ckpt_check(pk, 5, head_hex, 1000, "abc", kid, &rep), -1);
	assert_int_equal(rep.fault, LEDGER_FAULT_MALFORMED);
}

static void test_ident_rules(void **state)
{
	char longid[80];
	(void)state;
	assert_true(ledger_ident_ok("accounts.register", LEDGER_IDENT_MAX));
	assert_true(ledger_ident_ok("certification.case_transition-2", LEDGER_IDENT_MAX));
	assert_false(ledger_ident_ok(NULL, LEDGER_IDENT_MAX));
	assert_false(ledger_ident_ok("", LEDGER_IDENT_MAX));
	assert_false(ledger_ident_ok("1abc", LEDGER_IDENT_MAX));
	assert_false(ledger_ident_ok("budi@example.com", LEDGER_IDENT_MAX));
	assert_false(ledger_ident_ok("Budi Santoso", LEDGER_IDENT_MAX));
	assert_false(ledger_ident_ok("caf\xc3\xa9", LEDGER_IDENT_MAX));
	assert_false(ledger_ident_ok("a:b", LEDGER_IDENT_MAX));
	memset(longid, 'a', sizeof longid);
	longid[64] = '\0';
	assert_true(ledger_ident_ok(longid, LEDGER_IDENT_MAX));
	longid[64] = 'a';
	longid[65] = '\0';
	assert_false(ledger_ident_ok(longid, LEDGER_IDENT_MAX));

	assert_true(ledger_obj_id_ok(""));
	assert_true(ledger_obj_id_ok("123"));
	assert_true(ledger_obj_id_ok("case:12.apl-01_v2"));
	assert_false(ledger_obj_id_ok(NULL));
	assert_false(ledger_obj_id_ok("a@b.id"));
	assert_false(ledger_obj_id_ok("3201234567890001 Budi"));
	assert_false(ledger_obj_id_ok("x/y"));
	longid[64] = '\0';
	assert_true(ledger_obj_id_ok(longid));
	longid[64] = 'a';
	assert_false(ledger_obj_id_ok(longid));
}

static void test_unhex_strict(void **state)
{
	unsigned char b[2];
	(void)state;
	assert_int_equal(ledger_unhex("0aff", b, 2), 0);
	assert_int_equal(b[0], 0x0a);
	assert_int_equal(b[1], 0xff);
	assert_int_equal(ledger_unhex("0AFF", b, 2), -1);
	assert_int_equal(ledger_unhex("0af", b, 2), -1);
	assert_int_equal(ledger_unhex("0aff0", b, 2), -1);
	assert_int_equal(ledger_unhex("0agf", b, 2), -1);
	assert_int_equal(ledger_unhex(NULL, b, 2), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_entry_hash_vector),
	    cmocka_unit_test(test_entry_hash_every_field_counts),
	    cmocka_unit_test(test_entry_hash_unambiguous),
	    cmocka_unit_test(test_payload_hash),
	    cmocka_unit_test(test_ckpt_message_layout),
	    cmocka_unit_test(test_key_id),
	    cmocka_unit_test(test_ckpt_check),
	    cmocka_unit_test(test_ident_rules),
	    cmocka_unit_test(test_unhex_strict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
