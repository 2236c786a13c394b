/* The application object: data directory, database and migrations, keys, router, metrics,
 * worker pool and module hooks, opened and closed in one place. */
/* realpath() is XSI */
#define _XOPEN_SOURCE 700
#include "app.h"

#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/metrics.h"
#include "../http/router.h"
#include "../ws/ws_hub.h"
#include "arena.h"
#include "auth.h"
#include "blob.h"
#include "db.h"
#include "ledger.h"
#include "log.h"
#include "turn.h"
#include "util.h"
#include "work.h"

extern const struct module system_module;
extern const struct embedded_file core_migrations[];
extern const size_t core_migrations_count;

/* Loads keys/pseudonym.key, creating it (32 random bytes, mode 0600) on first start. */
static enum err pseudonym_key_load(const char *keys_dir, unsigned char key[32])
{
	char path[4096];
	char *data = NULL;
	size_t len = 0;
	snprintf(path, sizeof path, "%s/pseudonym.key", keys_dir);
	if (util_read_file(path, 64, &data, &len) == 0) {
		int ok = len == 32;
		if (ok)
			memcpy(key, data, 32);
		sodium_memzero(data, len);
		free(data);
		if (!ok)
			log_error("%s is damaged (want 32 bytes); refusing to replace it", path);
		return ok ? ERR_OK : ERR_IO;
	}
	util_random(key, 32);
	if (util_write_file_atomic(path, key, 32, 0600) != 0) {
		log_error("cannot write %s", path);
		return ERR_IO;
	}
	return ERR_OK;
}

void app_pseudonym(const struct app *app, const char *value, char out[65])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256(mac, (const unsigned char *)value, strlen(value),
			       app->pseudonym_key);
	util_hex(mac, sizeof mac, out);
}

enum err app_open(struct app *app, struct config *cfg, const struct module *const *modules,
		  unsigned workers)
{
	enum err e = ERR_INTERNAL;
	const struct module *core[] = {&system_module, &auth_module, &ledger_module, &blob_module};
	size_t ncore = sizeof core / sizeof core[0], nmods = 0;
	char *keys = NULL;
	char resolved[PATH_MAX];

	char cfg_err[512];

	memset(app, 0, sizeof *app);
	app->cfg = cfg;
	while (modules && modules[nmods])
		nmods++;
	const struct module **list = xcalloc(ncore + nmods + 1, sizeof *list);
	memcpy(list, core, sizeof core);
	for (size_t i = 0; i < nmods; i++)
		list[ncore + i] = modules[i];
	app->modules = list;
	app->nmodules = ncore + nmods;
	app->module_state = xcalloc(app->nmodules, sizeof *app->module_state);

	if (config_check(cfg, &app->turn_secret, cfg_err, sizeof cfg_err) != 0) {
		log_error("config: %s", cfg_err);
		e = ERR_INVALID;
		goto out;
	}
	if (util_mkdir_p(cfg->data_dir, 0700) != 0) {
		log_error("cannot create data directory %s", cfg->data_dir);
		e = ERR_IO;
		goto out;
	}
	keys = xmalloc(strlen(cfg->data_dir) + 8);
	sprintf(keys, "%s/keys", cfg->data_dir);
	if (util_mkdir_p(keys, 0700) != 0) {
		e = ERR_IO;
		goto out;
	}
	app->db_path = xmalloc(strlen(cfg->data_dir) + 16);
	sprintf(app->db_path, "%s/ujikom.db", cfg->data_dir);
	app->db = db_open(app->db_path);
	if (!app->db) {
		e = ERR_DB;
		goto out;
	}
	if ((e = db_migrate(app->db, "core", core_migrations, core_migrations_count)) != ERR_OK)
		goto out;
	for (size_t i = 0; i < app->nmodules; i++) {
		const struct module *m = app->modules[i];
		if (m->migrations && m->nmigrations &&
		    (e = db_migrate(app->db, m->name, m->migrations, *m->nmigrations)) != ERR_OK)
			goto out;
	}
	app->router = router_new();
	for (size_t i = 0; i < app->nmodules; i++) {
		const struct module *m = app->modules[i];
		for (size_t k = 0; k < m->nroutes; k++)
			if (router_add(app->router, m, &m->routes[k]) != 0) {
				log_error("module %s: bad or duplicate route %s %s", m->name,
					  method_name((enum method)m->routes[k].method),
					  m->routes[k].path);
				e = ERR_INTERNAL;
				goto out;
			}
	}
	app->metrics = metrics_new(app->router);
	if ((e = ws_hub_new(app, &app->ws)) != ERR_OK)
		goto out;
	if ((e = ledger_keys_load(cfg->data_dir, &app->ledger_keys)) != ERR_OK)
		goto out;
	if ((e = pseudonym_key_load(keys, app->pseudonym_key)) != ERR_OK)
		goto out;
	if (realpath(cfg->web_dir, resolved))
		app->web_root = xstrdup(resolved);
	else
		log_warn("web directory %s not found; static files are not served", cfg->web_dir);
	app->work = work_pool_new(workers, workers ? app->db_path : NULL);
	work_pool_set_inline_db(app->work, app->db);
	for (size_t i = 0; i < app->nmodules; i++) {
		const struct module *m = app->modules[i];
		if (m->init && (e = m->init(app)) != ERR_OK) {
			log_error("module %s: init failed (%s)", m->name, err_name(e));
			goto out;
		}
	}
	if (cfg->demo) {
		for (size_t i = 0; i < app->nmodules; i++) {
			const struct module *m = app->modules[i];
			if (m->demo_seed && (e = m->demo_seed(app, app->db)) != ERR_OK) {
				log_error("module %s: demo seed failed (%s)", m->name, err_name(e));
				goto out;
			}
		}
	}
	e = ERR_OK;
out:
	free(keys);
	if (e != ERR_OK)
		app_close(app);
	return e;
}

void app_close(struct app *app)
{
	for (size_t i = app->nmodules; i-- > 0;)
		if (app->modules[i]->cleanup && app->db)
			app->modules[i]->cleanup(app);
	work_pool_free(&app->work);
	ws_hub_free(&app->ws); /* after the workers: they may post to it until joined */
	metrics_free(&app->metrics);
	router_free(&app->router);
	ledger_keys_free(&app->ledger_keys);
	db_free(&app->db);
	for (size_t i = 0; i < app->ndemo_notes; i++)
		free(app->demo_notes[i]);
	free(app->demo_notes);
	free(app->db_path);
	free(app->web_root);
	free((void *)app->modules);
	free(app->module_state);
	turn_secret_free(&app->turn_secret);
	sodium_memzero(app, sizeof *app);
}

void app_demo_note(struct app *app, const char *fmt, ...)
{
	va_list ap;
	char line[512];
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	app->demo_notes = xrealloc(app->demo_notes, (app->ndemo_notes + 1) * sizeof(char *));
	app->demo_notes[app->ndemo_notes++] = xstrdup(line);
}

void **app_module_state(struct app *app, const struct module *m)
{
	for (size_t i = 0; app->module_state && i < app->nmodules; i++)
		if (app->modules[i] == m)
			return &app->module_state[i];
	return NULL;
}

const struct module *app_module(const struct app *app, const char *name)
{
	for (size_t i = 0; i < app->nmodules; i++)
		if (strcmp(app->modules[i]->name, name) == 0)
			return app->modules[i];
	return NULL;
}

enum err app_purge_all(struct app *app, struct db *db, int64_t now_ms, int dry_run, json_t *report)
{
	enum err first = ERR_OK;
	for (size_t m = 0; m < app->nmodules; m++) {
		if (!app->modules[m]->purge)
			continue;
		enum err e = app->modules[m]->purge(app, db, now_ms, dry_run, report);
		if (e != ERR_OK) {
			log_error("purge: module %s: %s", app->modules[m]->name, err_name(e));
			if (first == ERR_OK)
				first = e;
		}
	}
	return first;
}
