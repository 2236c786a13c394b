/* Config table: defaults, file parsing with line numbers, validators, environment, listen split. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

static char *write_tmp(const char *text)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/ujikom-cfg-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_defaults(void **state)
{
	(void)state;
	struct config c;
	config_init(&c);
	assert_string_equal(c.listen, "127.0.0.1:8080");
	assert_int_equal(c.json_body_max, 65536);
	assert_int_equal(c.demo, 0);
	assert_true(c.argon2_memlimit >= 64 << 20);
	config_cleanup(&c);
}

static void test_file(void **state)
{
	(void)state;
	struct config c;
	char err[256];
	config_init(&c);
	char *p = write_tmp("# comment\n\nlisten = 0.0.0.0:9000\ndemo = true\nworkers=4\n");
	assert_int_equal(config_load_file(&c, p, err, sizeof err), 0);
	assert_string_equal(c.listen, "0.0.0.0:9000");
	assert_int_equal(c.demo, 1);
	assert_int_equal(c.workers, 4);
	unlink(p);
	p = write_tmp("listen = 127.0.0.1:80\nworkers = lots\n");
	assert_int_equal(config_load_file(&c, p, err, sizeof err), -1);
	assert_non_null(strstr(err, ":2:"));
	assert_non_null(strstr(err, "workers"));
	unlink(p);
	p = write_tmp("no_such_thing = 1\n");
	assert_int_equal(config_load_file(&c, p, err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown setting"));
	unlink(p);
	p = write_tmp("just words\n");
	assert_int_equal(config_load_file(&c, p, err, sizeof err), -1);
	unlink(p);
	config_cleanup(&c);
}

static void test_validators(void **state)
{
	(void)state;
	struct config c;
	char err[256];
	config_init(&c);
	assert_int_equal(config_set(&c, "listen", "nope", err, sizeof err), -1);
	assert_int_equal(config_set(&c, "listen", "127.0.0.1:70000", err, sizeof err), -1);
	assert_int_equal(config_set(&c, "workers", "0", err, sizeof err), -1);
	assert_int_equal(config_set(&c, "log-level", "loud", err, sizeof err), -1);
	assert_int_equal(
	    config_set(&c, "public-origin", "https://lsp.example.id/", err, sizeof err), -1);
	assert_int_equal(config_set(&c, "public-origin", "https://lsp.example.id", err, sizeof err),
			 0);
	assert_int_equal(config_set(&c, "argon2_memlimit", "1024", err, sizeof err), -1);
	assert_string_equal(c.listen, "127.0.0.1:8080"); /* unchanged after refusals */
	setenv("UJIKOM_WORKERS", "3", 1);
	assert_int_equal(config_load_env(&c, err, sizeof err), 0);
	assert_int_equal(c.workers, 3);
	setenv("UJIKOM_WORKERS", "x", 1);
	assert_int_equal(config_load_env(&c, err, sizeof err), -1);
	unsetenv("UJIKOM_WORKERS");
	config_cleanup(&c);
}

static void test_listen_split(void **state)
{
	(void)state;
	char addr[64];
	int port;
	assert_int_equal(config_listen_split("127.0.0.1:8080", addr, sizeof addr, &port), 0);
	assert_string_equal(addr, "127.0.0.1");
	assert_int_equal(port, 8080);
	assert_int_equal(config_listen_split("::1:8080", addr, sizeof addr, &port), 0);
	assert_string_equal(addr, "::1");
	assert_int_equal(config_listen_split(":8080", addr, sizeof addr, &port), -1);
	assert_int_equal(config_listen_split("host:", addr, sizeof addr, &port), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_file),
	    cmocka_unit_test(test_validators),
	    cmocka_unit_test(test_listen_split),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
