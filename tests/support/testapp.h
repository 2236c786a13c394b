/* Module-test harness: a real app (all migrations, all modules, inline worker pool) on a temp
 * SQLite in a temp data dir, and a client that sends requests through the real router/dispatch
 * (no sockets). It keeps a cookie jar and sends X-CSRF-Token from it like the web front-end. */
#ifndef UJIKOM_TESTAPP_H
#define UJIKOM_TESTAPP_H
#include <jansson.h>
#include <stddef.h>

#include "app.h"
#include "config.h"

#define TESTAPP_MAX_COOKIES 8

struct testapp {
	struct app app;
	struct config cfg;
	char dir[256];
	/* client state */
	char *cookie_names[TESTAPP_MAX_COOKIES];
	char *cookie_values[TESTAPP_MAX_COOKIES];
	int no_csrf;		   /* 1: do not send X-CSRF-Token */
	const char *csrf_override; /* send this X-CSRF-Token instead of the cookie's */
	const char *origin;	   /* Origin header or NULL */
	const char *lang;	   /* Accept-Language or NULL */
	const char *remote_ip;	   /* default 127.0.0.1 */
	const char *content_type;  /* default application/json when a body is sent */
};

struct tresp {
	int status;
	json_t *json; /* parsed body when JSON, else NULL */
	char *body;   /* raw body (malloc) */
	size_t len;
	char *headers; /* "Name: value\n" lines (malloc) */
};

/* demo: 1 to run every module's demo seed. Aborts the test on failure. */
struct testapp *testapp_new(int demo);
void testapp_free(struct testapp **t);

/* Sends method path[?query] with an optional body (JSON text, sent as application/json unless
 * t->content_type says otherwise). Fills out (free with tresp_free) and returns the status. */
int testapp_request(struct testapp *t, const char *method, const char *path, const char *body,
		    struct tresp *out);
/* As testapp_request with a binary body of len bytes (may hold NUL bytes; body NULL with len 0
 * sends an empty body). A file response (blob_serve, static files) is read into out->body
 * (out->len bytes: the range the response covers). */
int testapp_request_bytes(struct testapp *t, const char *method, const char *path, const void *body,
			  size_t len, struct tresp *out);
/* As testapp_request with a jansson value body (stolen) and the response dropped unless out. */
int testapp_call(struct testapp *t, const char *method, const char *path, json_t *body,
		 struct tresp *out);
void tresp_free(struct tresp *r);
/* The value of a response header or NULL (pointer into r->headers, up to the newline). */
const char *tresp_header(const struct tresp *r, const char *name, size_t *len);

/* Signs in with email/password (fetching a CSRF cookie first); returns the status. */
int testapp_login(struct testapp *t, const char *email, const char *password);
/* Forgets every cookie (a new anonymous client). */
void testapp_cookies_clear(struct testapp *t);
/* Saves / restores the cookie jar as one malloc'd string, to switch between users. */
char *testapp_cookies_save(const struct testapp *t);
void testapp_cookies_load(struct testapp *t, const char *saved);

/* Row count of a table (for "nothing changed" checks). */
long long testapp_count(struct testapp *t, const char *table);

#endif
