/* A module (one SE.007 application, or a core service) describes itself with struct module:
 * its routes, migrations, permissions, messages, and optional hooks. modules/modules.c lists them.
 */
#ifndef UJIKOM_MODULE_H
#define UJIKOM_MODULE_H
#include <jansson.h>
#include <stddef.h>

#include "embed.h"
#include "err.h"
#include "request.h"

struct app;
struct buf;
struct db;
struct ws_channel;

/* A permission in the catalogue. roles: space-separated built-in roles that get it by default
 * when the role is first created (the LSP may change grants afterwards). */
struct perm_def {
	const char *name; /* "<module>.<noun>.<verb>", e.g. "accounts.staff.create" */
	const char *desc_id;
	const char *desc_en;
	const char *roles;
};

/* A user-facing message; may contain one %s (the field name or a detail). */
struct msg_def {
	const char *code;
	const char *id; /* Bahasa Indonesia (default) */
	const char *en;
};

struct module {
	const char *name; /* also the schema_migrations module name and operationId prefix */
	const struct route *routes;
	size_t nroutes;
	const struct embedded_file *migrations;
	const size_t *nmigrations;
	const struct perm_def *perms;
	size_t nperms;
	const struct msg_def *msgs;
	size_t nmsgs;
	/* OpenAPI fragment (JSON text) merged into /api/openapi.json: {"schemas": {...}}; may be
	 * NULL */
	const char *openapi_schemas;
	/* WebSocket channels (include/ws.h): each is /ws/<name> with subprotocol <name>; names are
	 * unique across modules. May be NULL. */
	const struct ws_channel *ws_channels;
	size_t nws_channels;
	/* After migrations, before serving. */
	enum err (*init)(struct app *app);
	/* --demo: seed demo data (idempotent; runs every start with --demo, after every init).
	 * Print credentials with app_demo_note(). */
	enum err (*demo_seed)(struct app *app, struct db *db);
	/* Retention: remove what is past its keeping period, using db (ujikom purge gives the
	 * process's connection; the server's daily run, app_purge_all on a worker, that worker's).
	 * Appends one object per item to report (a JSON array; may be NULL); dry_run only reports.
	 */
	enum err (*purge)(struct app *app, struct db *db, int64_t now_ms, int dry_run,
			  json_t *report);
	/* Called about once a minute on the service thread (periodic jobs; keep it short). */
	void (*tick)(struct app *app, int64_t now_ms);
	/* GET /metrics: appends the module's Prometheus lines (# HELP, # TYPE, samples; names
	 * ujikom_<module or noun>_...) to out, on the service thread. May be NULL. */
	void (*metrics)(struct app *app, struct buf *out);
	/* Frees what init set up (also its app_module_state). */
	void (*cleanup)(struct app *app);
};

#endif
