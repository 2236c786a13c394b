/* Password hashing with Argon2id (libsodium crypto_pwhash_str). Deliberately slow: callers run
 * these on a worker thread (req_defer), never on the service thread while serving. */
#include <sodium.h>
#include <string.h>

#include "auth.h"
#include "config.h"

enum err auth_password_hash(const struct config *cfg, const char *password, char *out, size_t outsz)
{
	unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

	if (outsz < crypto_pwhash_STRBYTES || !password || sodium_init() < 0)
		return ERR_INTERNAL;
	/* The configured limits may raise the cost, never lower it below the interactive floor. */
	if (cfg && cfg->argon2_opslimit > (int64_t)ops)
		ops = (unsigned long long)cfg->argon2_opslimit;
	if (cfg && cfg->argon2_memlimit > (int64_t)mem)
		mem = (size_t)cfg->argon2_memlimit;
	if (crypto_pwhash_str(out, password, strlen(password), ops, mem) != 0)
		return ERR_INTERNAL; /* out of memory */
	return ERR_OK;
}

int auth_password_verify(const char *hash, const char *password)
{
	if (!hash || !password || sodium_init() < 0)
		return 0;
	if (strnlen(hash, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES)
		return 0;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
