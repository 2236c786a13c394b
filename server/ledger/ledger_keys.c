/* The checkpoint signing key: an Ed25519 seed kept as hex in <data_dir>/keys/ledger_ed25519.key
 * (mode 0600), created on first start; the public key is written beside it for verifiers. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "ledger_internal.h"
#include "log.h"
#include "util.h"

#define KEY_FILE_MAX 1024

static char *path_join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", a, b);
	return p;
}

/* Trims ASCII whitespace at both ends in place; returns the start. */
static char *trim(char *s, size_t len)
{
	while (len && (s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == ' ' ||
		       s[len - 1] == '\t'))
		s[--len] = '\0';
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

/* Reads a 32-byte value stored as 64 hex chars. 0 ok, -1 bad content, -2 unreadable. */
static int read_hex32(const char *path, unsigned char out[32])
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (util_read_file(path, KEY_FILE_MAX, &text, &len) != 0)
		return -2;
	rc = ledger_unhex(trim(text, len), out, 32) == 0 ? 0 : -1;
	sodium_memzero(text, len);
	free(text);
	return rc;
}

/* Creates a new seed file (0600). */
static enum err seed_create(const char *path, unsigned char seed[32])
{
	char hex[2 * 32 + 2];
	int rc;

	randombytes_buf(seed, 32);
	ledger_hex(seed, 32, hex);
	hex[64] = '\n';
	hex[65] = '\0';
	rc = util_write_file_atomic(path, hex, 65, 0600);
	sodium_memzero(hex, sizeof hex);
	if (rc != 0) {
		log_error("ledger: cannot write %s: %s", path, strerror(errno));
		return ERR_IO;
	}
	return ERR_OK;
}

/* Writes the public key file unless it already holds pk. Failure is only logged: the key file
 * is the source of truth. */
static void pub_write(const char *dir, const unsigned char pk[LEDGER_PK_LEN], const char *pk_hex)
{
	char *path = path_join(dir, LEDGER_PUB_FILE);
	unsigned char cur[LEDGER_PK_LEN];
	char line[2 * LEDGER_PK_LEN + 2];

	if (read_hex32(path, cur) == 0 && memcmp(cur, pk, LEDGER_PK_LEN) == 0)
		goto out;
	snprintf(line, sizeof line, "%s\n", pk_hex);
	if (util_write_file_atomic(path, line, strlen(line), 0644) != 0)
		log_warn("ledger: cannot write %s: %s", path, strerror(errno));
out:
	free(path);
}

enum err ledger_keys_load(const char *data_dir, struct ledger_keys **out)
{
	struct ledger_keys *k = NULL;
	char *dir = NULL, *path = NULL;
	unsigned char seed[32];
	struct stat sb;
	enum err e = ERR_OK;
	int rc;

	*out = NULL;
	if (!data_dir || !*data_dir) {
		log_error("ledger: no data directory for the signing key");
		return ERR_INTERNAL;
	}
	if (sodium_init() < 0) {
		log_error("ledger: libsodium failed to initialise");
		return ERR_INTERNAL;
	}
	dir = path_join(data_dir, "keys");
	path = path_join(dir, LEDGER_KEY_FILE);
	if (util_mkdir_p(dir, 0700) != 0) {
		log_error("ledger: cannot create %s: %s", dir, strerror(errno));
		e = ERR_IO;
		goto out;
	}
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT) {
			log_error("ledger: cannot stat %s: %s", path, strerror(errno));
			e = ERR_IO;
			goto out;
		}
		e = seed_create(path, seed);
		if (e != ERR_OK)
			goto out;
		log_info("ledger: created a new checkpoint signing key in %s", path);
	} else {
		if (sb.st_mode & 077)
			log_warn("ledger: %s is readable by others (mode %o); use 0600", path,
				 (unsigned)(sb.st_mode & 0777));
		rc = read_hex32(path, seed);
		if (rc != 0) {
			log_error("ledger: %s %s", path,
				  rc == -1 ? "is not 64 hex characters" : "cannot be read");
			e = rc == -1 ? ERR_INVALID : ERR_IO;
			goto out;
		}
	}

	k = xcalloc(1, sizeof *k);
	crypto_sign_seed_keypair(k->pk, k->sk, seed);
	ledger_hex(k->pk, LEDGER_PK_LEN, k->pk_hex);
	ledger_key_id(k->pk, k->key_id);
	pub_write(dir, k->pk, k->pk_hex);
	*out = k;
	k = NULL;
out:
	sodium_memzero(seed, sizeof seed);
	free(dir);
	free(path);
	return e;
}

void ledger_keys_free(struct ledger_keys **k)
{
	if (!k || !*k)
		return;
	sodium_memzero(*k, sizeof **k);
	free(*k);
	*k = NULL;
}

int ledger_pubkey_read(const char *data_dir, unsigned char pk[LEDGER_PK_LEN], char *err,
		       size_t errsz)
{
	char *dir = path_join(data_dir, "keys");
	char *pub = path_join(dir, LEDGER_PUB_FILE);
	char *key = path_join(dir, LEDGER_KEY_FILE);
	unsigned char seed[32], sk[LEDGER_SK_LEN];
	int rc = -1;

	unsigned char pub_pk[LEDGER_PK_LEN];
	int have_pub = read_hex32(pub, pub_pk) == 0;

	/* The secret key is what signed; prefer it, and say so when the published copy differs. */
	if (read_hex32(key, seed) == 0) {
		crypto_sign_seed_keypair(pk, sk, seed);
		if (have_pub && memcmp(pub_pk, pk, LEDGER_PK_LEN) != 0)
			log_warn("ledger: %s does not match %s; using the key file", pub, key);
		rc = 0;
		goto out;
	}
	if (have_pub) {
		memcpy(pk, pub_pk, LEDGER_PK_LEN);
		rc = 0;
		goto out;
	}
	snprintf(err, errsz, "no readable public key in %s (%s or %s)", dir, LEDGER_PUB_FILE,
		 LEDGER_KEY_FILE);
out:
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(sk, sizeof sk);
	free(dir);
	free(pub);
	free(key);
	return rc;
}
