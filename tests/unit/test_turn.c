/* TURN REST credentials against vectors computed independently with the openssl command line, the
 * ice_urls checks, the secret file's rules and the config's cross-checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "turn.h"

#define SECRET "ujikom-test-secret-0123456789abcdef"

static void test_credential_vectors(void **state)
{
	(void)state;
	char cred[TURN_CREDENTIAL_LEN], user[64];
	/* Expected values computed outside this code with:
	 *   printf %s "$user" | openssl dgst -sha1 -hmac "$secret" -binary | base64
	 * (OpenSSL 3.0 command line, secret=ujikom-test-secret-0123456789abcdef). */
	assert_int_equal(turn_username(1790000000, "3f9a0c1d2e4b5a69", user, sizeof user), 0);
	assert_string_equal(user, "1790000000:3f9a0c1d2e4b5a69");
	assert_int_equal(turn_credential(SECRET, user, cred), 0);
	assert_string_equal(cred, "L2mxmn6nqEPZjt2MV8kW4mEHwIc=");
	assert_int_equal(turn_credential(SECRET, "1:x", cred), 0);
	assert_string_equal(cred, "oE0J5THCZetdCDRazjfW3MuUsSk=");
	/* the same username under another secret (secret=other-secret-0123456789) */
	assert_int_equal(turn_credential("other-secret-0123456789", user, cred), 0);
	assert_string_equal(cred, "HcMU3CG69mrG0mOnZWMSkyof6dI=");
}

static void test_username(void **state)
{
	(void)state;
	char small[8], user[64];
	assert_int_equal(turn_username(1790000000, "abc", small, sizeof small), -1);
	/* coturn splits at the first ':': the opaque part must not hold one */
	assert_int_equal(turn_username(1790000000, "a:b", user, sizeof user), -1);
}

static void test_urls(void **state)
{
	(void)state;
	char err[256];
	size_t nturn = 99;
	static const char *const good[] = {
	    "stun:stun.lsp.example.id",
	    "stun:stun.lsp.example.id:3478",
	    "stun:192.0.2.10:3478",
	    "stun:[2001:db8::1]:3478",
	    "turn:turn.lsp.example.id",
	    "turn:turn.lsp.example.id:3478?transport=udp",
	    "turn:turn.lsp.example.id:3478?transport=tcp",
	    "turns:turn.lsp.example.id:5349?transport=tcp",
	    "turns:turn.lsp.example.id:443",
	};
	static const char *const bad[] = {
	    "",
	    "http://turn.lsp.example.id",
	    "stun://stun.lsp.example.id",
	    "STUN:stun.lsp.example.id",
	    "stun:",
	    "stun:host:0",
	    "stun:host:65536",
	    "stun:host:3478x",
	    "stun:host?transport=udp",
	    "turn:user@host",
	    "turn:host?transport=sctp",
	    "turns:host?transport=udp",
	    "turn:-host",
	    "turn:[zz::1]",
	    "turn:[2001:db8::1",
	    "turn:host/path",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_not_equal(ice_url_check(good[i], strlen(good[i]), err, sizeof err), 0);
	assert_int_equal(ice_url_check(good[0], strlen(good[0]), err, sizeof err), ICE_STUN);
	assert_int_equal(ice_url_check(good[7], strlen(good[7]), err, sizeof err), ICE_TURN);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		assert_int_equal(ice_url_check(bad[i], strlen(bad[i]), err, sizeof err), 0);
		assert_true(err[0] != '\0');
	}
	/* lists: spaces and commas, counted */
	assert_int_equal(ice_urls_check("", &nturn, err, sizeof err), 0);
	assert_int_equal(nturn, 0);
	assert_int_equal(
	    ice_urls_check(" stun:a.id, turn:a.id:3478?transport=udp ,turns:a.id:5349 ", &nturn,
			   err, sizeof err),
	    0);
	assert_int_equal(nturn, 2);
	assert_int_equal(ice_urls_check("stun:a.id turn:b@c", &nturn, err, sizeof err), -1);
	assert_non_null(strstr(err, "turn:b@c")); /* the message names the URL */
	assert_int_equal(ice_urls_check("stun:a stun:a stun:a stun:a stun:a stun:a stun:a stun:a "
					"stun:a",
					&nturn, err, sizeof err),
			 -1);
	/* the config's validator is the same check */
	struct config c;
	config_init(&c);
	assert_int_equal(config_set(&c, "ice_urls", "stun://x", err, sizeof err), -1);
	assert_non_null(strstr(err, "ice_urls"));
	assert_int_equal(config_set(&c, "turn_ttl_minutes", "5", err, sizeof err), -1);
	assert_int_equal(config_set(&c, "turn_ttl_minutes", "2881", err, sizeof err), -1);
	assert_int_equal(c.turn_ttl_minutes, 480);
	config_cleanup(&c);
}

static char *secret_file(const char *text, int mode)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/ujikom-turn-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(chmod(path, (mode_t)mode), 0);
	return path;
}

static void test_secret_file(void **state)
{
	(void)state;
	char err[512], *s = NULL, *p;
	p = secret_file(SECRET "\n", 0600);
	assert_int_equal(turn_secret_load(p, &s, err, sizeof err), 0);
	assert_string_equal(s, SECRET); /* the newline of `openssl rand -hex 32 > F` is dropped */
	turn_secret_free(&s);
	assert_null(s);
	assert_int_equal(chmod(p, 0400), 0);
	assert_int_equal(turn_secret_load(p, &s, err, sizeof err), 0);
	turn_secret_free(&s);
	assert_int_equal(chmod(p, 0640), 0); /* group-readable: refused */
	assert_int_equal(turn_secret_load(p, &s, err, sizeof err), -1);
	assert_null(s);
	assert_non_null(strstr(err, "0640"));
	assert_null(strstr(err, SECRET));    /* an error never shows the secret */
	assert_int_equal(chmod(p, 0604), 0); /* world-readable: refused */
	assert_int_equal(turn_secret_load(p, &s, err, sizeof err), -1);
	unlink(p);
	p = secret_file("short", 0600);
	assert_int_equal(turn_secret_load(p, &s, err, sizeof err), -1);
	assert_null(strstr(err, "short"));
	unlink(p);
	p = secret_file("has a space in the secret value", 0600);
	assert_int_equal(turn_secret_load(p, &s, err, sizeof err), -1);
	unlink(p);
	assert_int_equal(turn_secret_load("/nonexistent/turn.secret", &s, err, sizeof err), -1);
	assert_int_equal(turn_secret_load("/tmp", &s, err, sizeof err), -1);

	/* config_check: turn: URLs and the secret file go together */
	struct config c;
	config_init(&c);
	assert_int_equal(config_check(&c, NULL, err, sizeof err), 0); /* nothing configured */
	assert_int_equal(config_set(&c, "ice_urls", "stun:stun.example.id", err, sizeof err), 0);
	assert_int_equal(config_check(&c, NULL, err, sizeof err), 0); /* STUN needs no secret */
	assert_int_equal(config_set(&c, "ice_urls", "stun:a.id turn:a.id", err, sizeof err), 0);
	assert_int_equal(config_check(&c, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "turn_secret_file"));
	p = secret_file(SECRET, 0644);
	assert_int_equal(config_set(&c, "turn_secret_file", p, err, sizeof err), 0);
	assert_int_equal(config_check(&c, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "turn_secret_file"));
	assert_int_equal(chmod(p, 0600), 0);
	assert_int_equal(config_check(&c, &s, err, sizeof err), 0);
	assert_string_equal(s, SECRET);
	turn_secret_free(&s);
	assert_int_equal(config_set(&c, "ice_urls", "stun:a.id", err, sizeof err), 0);
	assert_int_equal(config_check(&c, NULL, err, sizeof err), -1); /* a secret for nothing */
	unlink(p);
	config_cleanup(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_credential_vectors),
	    cmocka_unit_test(test_username),
	    cmocka_unit_test(test_urls),
	    cmocka_unit_test(test_secret_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
