/* One error vocabulary for the whole server, mapped to an HTTP status in one table (core/err.c). */
#ifndef UJIKOM_ERR_H
#define UJIKOM_ERR_H

enum err {
	ERR_OK = 0,
	ERR_BAD_REQUEST,     /* 400: malformed input (bad JSON, bad header) */
	ERR_UNAUTHENTICATED, /* 401: no or expired session, wrong password */
	ERR_FORBIDDEN,	     /* 403: authenticated but not allowed; also CSRF failures */
	ERR_NOT_FOUND,	     /* 404 */
	ERR_METHOD,	     /* 405 */
	ERR_CONFLICT,	     /* 409: duplicate, wrong state */
	ERR_LENGTH_REQUIRED, /* 411: chunked or missing Content-Length */
	ERR_TOO_LARGE,	     /* 413 */
	ERR_UNSUPPORTED,     /* 415: wrong content type */
	ERR_INVALID,	     /* 422: a field is well-formed JSON but not acceptable */
	ERR_LOCKED,	     /* 423: account locked after failed logins */
	ERR_TOO_MANY,	     /* 429: throttled */
	ERR_IO,		     /* 500: file system */
	ERR_DB,		     /* 500: database */
	ERR_INTERNAL,	     /* 500: anything else */
	ERR_UNAVAILABLE,     /* 503: shutting down, disk full */
	ERR__COUNT
};

/* HTTP status for an error; 200 for ERR_OK. */
int err_http_status(enum err e);
/* Stable machine code ("invalid", "not_found", ...) used when no specific code is given. */
const char *err_code(enum err e);
/* Name for logs ("ERR_DB"). */
const char *err_name(enum err e);

#endif
