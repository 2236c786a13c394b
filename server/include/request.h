/* What a handler sees: struct request (parsed, authenticated, bounded) and its response.
 * Handlers never see libwebsockets. Everything a request allocates lives in req->arena.
 *
 * A handler returns ERR_OK after setting a response with resp_json()/resp_status()/..., or an
 * error. Use req_fail() to say which field and which message code; a bare error return gets the
 * generic message for that error. Slow work goes to a worker with req_defer(). */
#ifndef UJIKOM_REQUEST_H
#define UJIKOM_REQUEST_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"

struct app;
struct db;
struct request;

enum method {
	M_GET = 1 << 0,
	M_HEAD = 1 << 1,
	M_POST = 1 << 2,
	M_PUT = 1 << 3,
	M_PATCH = 1 << 4,
	M_DELETE = 1 << 5,
	M_OPTIONS = 1 << 6,
};
const char *method_name(enum method m);
enum method method_parse(const char *s, size_t n); /* 0 when unknown */

enum lang { LANG_ID = 0, LANG_EN = 1 };

/* What a route accepts as body. */
enum body_kind {
	BODY_NONE = 0, /* no body allowed (Content-Length must be 0 or absent) */
	BODY_JSON,     /* application/json object, parsed into req->json */
	BODY_RAW,      /* any listed content type, bytes in req->body */
};

/* Special permission names for route.perm. */
#define PERM_PUBLIC  "public"  /* no session needed */
#define PERM_SESSION "session" /* any signed-in account */

#define ROUTE_MAX_PARAMS 6

/* Route flags */
#define ROUTE_NO_CSRF	    (1u << 0) /* state-changing but exempt (e.g. machine callbacks) */
#define ROUTE_NO_ACCESS_LOG (1u << 1)
#define ROUTE_ALLOW_PENDING (1u << 2) /* allowed while the account must change its password */

struct route {
	unsigned method;  /* one M_* */
	const char *path; /* "/api/accounts/:id/roles"; ":name" matches one segment */
	const char *op;	  /* OpenAPI operationId "<module>.<action>" */
	const char *perm; /* permission name, PERM_PUBLIC or PERM_SESSION */
	enum err (*handler)(struct request *req);
	enum body_kind body;
	size_t body_max; /* bytes; 0 means the server default for JSON */
	unsigned flags;
	const char *summary;	   /* OpenAPI summary (English) */
	const char *req_schema;	   /* OpenAPI: name of a components.schemas entry, or NULL */
	const char *resp_schema;   /* OpenAPI: name of a components.schemas entry, or NULL */
	const char *content_types; /* BODY_RAW: space-separated accepted types */
};

/* The signed-in account, when there is one. */
struct principal {
	int64_t account_id;
	int64_t session_id;
	int64_t
	    signed_in_at; /* when this session signed in (UTC ms): "a recent login" for signing */
	int must_change_password;
	const char **perms; /* sorted permission names, arena-owned */
	size_t nperms;
	const char *email;
	const char *name;
};

struct header {
	const char *name;
	const char *value;
};

#define RESP_MAX_HEADERS 12

struct response {
	int status;
	const char *content_type; /* default application/json; charset=utf-8 */
	char *body;		  /* arena-owned */
	size_t len;
	int fd; /* >= 0: stream this file instead of body (transport closes it) */
	int64_t file_off, file_len;
	struct header headers[RESP_MAX_HEADERS];
	size_t nheaders;
	/* error details for rendering */
	const char *err_code;
	const char *err_field;
	const char *err_detail; /* optional extra, substituted into the message as %s */
};

struct request {
	struct app *app;
	struct db *db; /* the service thread's connection */
	struct arena *arena;
	enum method method;
	const char *path;   /* decoded, normalised, NUL-terminated, no query */
	const char **qargs; /* decoded query arguments "name=value" */
	size_t nqargs;
	const struct route *route;
	int route_index; /* position in the router (metrics); -1 static or unmatched */
	const char *param_names[ROUTE_MAX_PARAMS];
	const char *params[ROUTE_MAX_PARAMS]; /* decoded values */
	size_t nparams;

	/* request headers the core uses (NULL when absent) */
	const char *content_type;
	const char *cookie;
	const char *accept_language;
	const char *csrf_header; /* X-CSRF-Token */
	const char *origin;
	const char *host;
	const char *user_agent;
	const char *if_none_match;
	const char *range;
	char remote_ip[64];
	int tls;
	int64_t content_length; /* -1 when absent */

	const char *body; /* raw body bytes (arena), NUL-terminated for convenience */
	size_t body_len;
	json_t *json; /* BODY_JSON: parsed object, freed with the arena */

	enum lang lang;
	struct principal *who; /* NULL when not signed in */
	int64_t now_ms;	       /* request time */
	int64_t start_us;

	struct response resp;

	/* deferred work (req_defer); managed by server/http */
	int defer_state; /* 0 none, 1 pending on a worker, 2 finished */
	void (*defer_work)(struct db *db, void *arg);
	void (*defer_done)(struct request *req, void *arg);
	void *defer_arg;
	/* transport link: resume(req) is called when deferred work finished; NULL when detached */
	void (*resume)(struct request *req);
	void *transport;
	int orphaned; /* the connection closed while work was pending: free when it finishes */
	int set_csrf_cookie; /* the core adds a fresh CSRF cookie to the response */
};

/* --- reading the request --- */
const char *req_param(const struct request *req, const char *name); /* path :param */
/* Query argument value (decoded, arena) or NULL. */
const char *req_query(struct request *req, const char *name);
/* Query argument as int in [lo,hi]; def when absent; ERR_INVALID (field = name) when bad. */
enum err req_query_int(struct request *req, const char *name, int64_t lo, int64_t hi, int64_t def,
		       int64_t *out);
/* Cookie value (arena copy) or NULL. */
const char *req_cookie(struct request *req, const char *name);
/* Path parameter as a positive int64 id; ERR_NOT_FOUND when it is not one. */
enum err req_param_id(struct request *req, const char *name, int64_t *out);

/* --- answering --- */
/* Sends obj as JSON with status; steals the reference to obj. */
enum err resp_json(struct request *req, int status, json_t *obj);
enum err resp_status(struct request *req, int status); /* empty body (e.g. 204) */
enum err resp_bytes(struct request *req, int status, const char *content_type, const void *p,
		    size_t n); /* copies p into the arena */
/* Adds a response header; name and value are copied into the arena. */
void resp_header(struct request *req, const char *name, const char *value);
/* Set-Cookie with our defaults (Path=/; HttpOnly unless readable_by_js; SameSite=Lax; Secure
 * over TLS). max_age_s < 0: session cookie; 0: delete. */
void resp_cookie(struct request *req, const char *name, const char *value, int64_t max_age_s,
		 int readable_by_js);

/* Records an error for rendering and returns e. code: a message code from a module's message
 * table or the core's ("field_required", ...); field: the offending field or NULL. */
enum err req_fail(struct request *req, enum err e, const char *code, const char *field);
/* As req_fail, with a detail substituted into the message's %s. */
enum err req_fail_detail(struct request *req, enum err e, const char *code, const char *field,
			 const char *detail);

/* Runs work(db, arg) on a worker thread (with that worker's own database connection), then
 * done(req, arg) back on the service thread, which sets the response. Returns ERR_OK; the
 * handler must return that value at once. done is always called, even when the client went away
 * (its response is then dropped), so it may record state. arg should live in req->arena. */
enum err req_defer(struct request *req, void (*work)(struct db *db, void *arg),
		   void (*done)(struct request *req, void *arg), void *arg);

/* Message lookup by code in the current language (falls back to the generic error message). */
const char *req_msg(struct request *req, const char *code);

/* --- object-level access (IDOR) helpers; every module must use these --- */
int req_has_perm(const struct request *req, const char *perm);
/* The same for a principal outside a request (a WebSocket handshake); 0 for NULL. */
int principal_has_perm(const struct principal *p, const char *perm);
/* ERR_OK when the signed-in account is owner_account_id or holds perm_any; otherwise
 * ERR_NOT_FOUND (we do not reveal that another person's record exists). */
enum err req_require_owner_or(struct request *req, int64_t owner_account_id, const char *perm_any);
/* ERR_OK when signed in and (perm is NULL or held); else ERR_UNAUTHENTICATED/ERR_FORBIDDEN set. */
enum err req_require_perm(struct request *req, const char *perm);

#endif
