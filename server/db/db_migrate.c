/* Per-module schema migrations: NNN_name.sql files applied in order, each in its own transaction,
 * recorded in schema_migrations(module, version). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "log.h"

static int migration_version(const char *name)
{
	int v = 0, digits = 0;
	for (; name[digits] >= '0' && name[digits] <= '9' && digits < 6; digits++)
		v = v * 10 + (name[digits] - '0');
	return digits == 3 && name[3] == '_' ? v : -1;
}

enum err db_migrate(struct db *db, const char *module, const struct embedded_file *files,
		    size_t count)
{
	enum err e =
	    db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			" module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,"
			" applied_at INTEGER NOT NULL, PRIMARY KEY (module, version)) STRICT");
	if (e != ERR_OK)
		return e;
	for (size_t i = 0; i < count; i++) {
		int64_t have = 0;
		int v = migration_version(files[i].name);
		if (v < 0) {
			log_error("migrate %s: bad file name %s (want NNN_name.sql)", module,
				  files[i].name);
			return ERR_INTERNAL;
		}
		e = db_get_int(
		    db, &have,
		    "SELECT count(*) FROM schema_migrations WHERE module = ? AND version = ?", "td",
		    module, v);
		if (e != ERR_OK)
			return e;
		if (have)
			continue;
		if ((e = db_begin(db)) != ERR_OK)
			return e;
		e = db_exec(db, files[i].data);
		if (e == ERR_OK)
			e = db_run(
			    db, NULL,
			    "INSERT INTO schema_migrations (module, version, name, applied_at)"
			    " VALUES (?, ?, ?, ?)",
			    "tdti", module, v, files[i].name, clock_now_ms());
		if (e == ERR_OK)
			e = db_commit(db);
		if (e != ERR_OK) {
			db_rollback(db);
			log_error("migrate %s: %s failed", module, files[i].name);
			return e;
		}
		log_info("migrate %s: applied %s", module, files[i].name);
	}
	return ERR_OK;
}
