/* The application object every handler reaches through req->app: no globals outside main.c. */
#ifndef UJIKOM_APP_H
#define UJIKOM_APP_H
#include <jansson.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "module.h"

struct db;
struct work_pool;
struct metrics;
struct router;
struct ledger_keys;
struct ws_hub;

struct app {
	struct config *cfg;
	struct db *db; /* service thread connection */
	struct work_pool *work;
	struct metrics *metrics;
	struct router *router;
	struct ledger_keys *ledger_keys;
	struct ws_hub *ws;		     /* WebSocket channels of every module (server/ws) */
	const struct module *const *modules; /* core services first, then modules/modules.c */
	size_t nmodules;
	void **module_state; /* one slot per module (see app_module_state) */
	char *db_path;
	char *web_root;			 /* realpath of cfg->web_dir, NULL when absent */
	unsigned char pseudonym_key[32]; /* keys/pseudonym.key: keyed hashes of personal values */
	char *turn_secret; /* cfg->turn_secret_file, read once at start (turn.h); NULL: no TURN */
	volatile sig_atomic_t stopping;
	char **demo_notes; /* lines printed after start in --demo */
	size_t ndemo_notes;
};

/* Opens the data dir, database, keys, runs migrations and module init; with cfg->demo seeds.
 * modules: NULL-terminated list (normally ujikom_modules), after the core services.
 * workers: thread count (0 = inline, for module tests). */
enum err app_open(struct app *app, struct config *cfg, const struct module *const *modules,
		  unsigned workers);
void app_close(struct app *app);
/* Runs every module's purge hook with db (see struct module); returns the first error, the other
 * modules still run. */
enum err app_purge_all(struct app *app, struct db *db, int64_t now_ms, int dry_run, json_t *report);
/* Records a demo credential line to print after start. */
void app_demo_note(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Keyed hash (HMAC-SHA-256 under keys/pseudonym.key) of a personal value, as 64 hex chars:
 * what the ledger may hold instead of an email or an address, not confirmable by guessing. */
void app_pseudonym(const struct app *app, const char *value, char out[65]);
/* The slot in which module m keeps what it holds in memory for the life of the process (its
 * init sets it, its cleanup frees it; the service thread's unless the module says otherwise).
 * NULL when m is not one of app's modules. */
void **app_module_state(struct app *app, const struct module *m);
/* Finds a module by name. */
const struct module *app_module(const struct app *app, const char *name);

/* The list in modules/modules.c (NULL-terminated). */
extern const struct module *const ujikom_modules[];

#endif
