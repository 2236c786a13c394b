/* SQLite connection wrapper: pragmas, a statement cache keyed by SQL text, typed binding from a
 * format string, transactions. One struct db per thread; never shared between threads. */
#include "db.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#define DB_CACHE_BUCKETS 256

struct db_stmt {
	struct db_stmt *next;
	sqlite3_stmt *st;
	struct db *db;
	char *sql;
	int busy; /* stepped and not yet db_done() */
};

struct db {
	sqlite3 *h;
	char *path;
	int in_tx;
	struct db_stmt *cache[DB_CACHE_BUCKETS];
};

static unsigned db_hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % DB_CACHE_BUCKETS;
}

static struct db *db_open_flags(const char *path, int flags)
{
	struct db *db = xcalloc(1, sizeof *db);
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		log_error("db: cannot open %s: %s", path,
			  db->h ? sqlite3_errmsg(db->h) : "no memory");
		sqlite3_close(db->h);
		free(db);
		return NULL;
	}
	db->path = xstrdup(path);
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 10000);
	return db;
}

struct db *db_open(const char *path)
{
	struct db *db =
	    db_open_flags(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
	if (!db)
		return NULL;
	/* WAL: readers never block the writer. synchronous=FULL: an acknowledged certification
	 * record survives power loss (one fsync per commit, ~0.3 ms here; writes are rare). */
	if (db_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
			"PRAGMA trusted_schema=OFF; PRAGMA temp_store=MEMORY;") != ERR_OK) {
		db_free(&db);
		return NULL;
	}
	return db;
}

struct db *db_open_readonly(const char *path)
{
	struct db *db = db_open_flags(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
	if (db && db_exec(db, "PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF;") != ERR_OK)
		db_free(&db);
	return db;
}

void db_free(struct db **dbp)
{
	struct db *db;
	if (!dbp || !*dbp)
		return;
	db = *dbp;
	if (db->in_tx)
		db_rollback(db);
	for (int i = 0; i < DB_CACHE_BUCKETS; i++) {
		while (db->cache[i]) {
			struct db_stmt *s = db->cache[i];
			db->cache[i] = s->next;
			sqlite3_finalize(s->st);
			free(s->sql);
			free(s);
		}
	}
	sqlite3_close(db->h);
	free(db->path);
	free(db);
	*dbp = NULL;
}

const char *db_path(struct db *db)
{
	return db->path;
}

static enum err db_map(struct db *db, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return ERR_OK;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return ERR_CONFLICT;
		return ERR_INVALID;
	case SQLITE_FULL:
		return ERR_UNAVAILABLE;
	default:
		log_error("db: %s (%d)", sqlite3_errmsg(db->h), rc);
		return ERR_DB;
	}
}

enum err db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_error("db: exec failed: %s", msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return db_map(db, rc) == ERR_OK ? ERR_DB : db_map(db, rc);
	}
	return ERR_OK;
}

static struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	unsigned h = db_hash(sql);
	for (struct db_stmt *s = db->cache[h]; s; s = s->next) {
		if (strcmp(s->sql, sql) == 0) {
			if (s->busy) /* the same query nested in itself: another statement */
				continue;
			return s;
		}
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		log_error("db: prepare failed: %s in: %s", sqlite3_errmsg(db->h), sql);
		return NULL;
	}
	struct db_stmt *s = xcalloc(1, sizeof *s);
	s->st = st;
	s->db = db;
	s->sql = xstrdup(sql);
	s->next = db->cache[h];
	db->cache[h] = s;
	return s;
}

static int db_bind(struct db_stmt *s, const char *fmt, va_list ap)
{
	int i = 1, rc = SQLITE_OK;
	for (const char *f = fmt ? fmt : ""; *f && rc == SQLITE_OK; f++, i++) {
		switch (*f) {
		case 'i':
			rc = sqlite3_bind_int64(s->st, i, va_arg(ap, int64_t));
			break;
		case 'd':
			rc = sqlite3_bind_int64(s->st, i, va_arg(ap, int));
			break;
		case 'f':
			rc = sqlite3_bind_double(s->st, i, va_arg(ap, double));
			break;
		case 't': {
			const char *t = va_arg(ap, const char *);
			rc = t ? sqlite3_bind_text(s->st, i, t, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(s->st, i);
			break;
		}
		case 's': {
			struct str t = va_arg(ap, struct str);
			rc = t.ptr
				 ? sqlite3_bind_text(s->st, i, t.ptr, (int)t.len, SQLITE_TRANSIENT)
				 : sqlite3_bind_null(s->st, i);
			break;
		}
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);
			rc = sqlite3_bind_blob(s->st, i, p, (int)n, SQLITE_TRANSIENT);
			break;
		}
		case 'n':
			rc = sqlite3_bind_null(s->st, i);
			break;
		default:
			log_error("db: bad bind format '%c' in \"%s\"", *f, fmt);
			return -1;
		}
	}
	if (rc != SQLITE_OK) {
		log_error("db: bind failed: %s", sqlite3_errmsg(s->db->h));
		return -1;
	}
	if (i - 1 != sqlite3_bind_parameter_count(s->st)) {
		log_error("db: %d parameters bound, statement has %d: %s", i - 1,
			  sqlite3_bind_parameter_count(s->st), s->sql);
		return -1;
	}
	return 0;
}

static struct db_stmt *db_vquery(struct db *db, const char *sql, const char *fmt, va_list ap)
{
	struct db_stmt *s = db_prepare(db, sql);
	if (!s)
		return NULL;
	s->busy = 1;
	if (db_bind(s, fmt, ap) != 0) {
		db_done(s);
		return NULL;
	}
	return s;
}

struct db_stmt *db_query(struct db *db, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct db_stmt *s = db_vquery(db, sql, fmt, ap);
	va_end(ap);
	return s;
}

enum db_step db_step(struct db_stmt *s)
{
	int rc = sqlite3_step(s->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	db_map(s->db, sqlite3_extended_errcode(s->db->h));
	return DB_FAIL;
}

void db_done(struct db_stmt *s)
{
	if (!s)
		return;
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
	s->busy = 0;
}

enum err db_run(struct db *db, int64_t *changes, const char *sql, const char *fmt, ...)
{
	va_list ap;
	enum err e;
	va_start(ap, fmt);
	struct db_stmt *s = db_vquery(db, sql, fmt, ap);
	va_end(ap);
	if (!s)
		return ERR_DB;
	int rc = sqlite3_step(s->st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		e = ERR_OK;
		if (changes)
			*changes = sqlite3_changes64(db->h);
	} else {
		e = db_map(db, sqlite3_extended_errcode(db->h));
		if (e == ERR_OK)
			e = ERR_DB;
	}
	db_done(s);
	return e;
}

enum err db_get_int(struct db *db, int64_t *out, const char *sql, const char *fmt, ...)
{
	va_list ap;
	enum err e = ERR_NOT_FOUND;
	va_start(ap, fmt);
	struct db_stmt *s = db_vquery(db, sql, fmt, ap);
	va_end(ap);
	if (!s)
		return ERR_DB;
	switch (db_step(s)) {
	case DB_ROW:
		if (!db_col_is_null(s, 0)) {
			*out = db_col_int(s, 0);
			e = ERR_OK;
		}
		break;
	case DB_DONE:
		break;
	case DB_FAIL:
		e = ERR_DB;
		break;
	}
	db_done(s);
	return e;
}

int64_t db_col_int(struct db_stmt *s, int col)
{
	return sqlite3_column_int64(s->st, col);
}

double db_col_double(struct db_stmt *s, int col)
{
	return sqlite3_column_double(s->st, col);
}

const char *db_col_text(struct db_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s->st, col);
}

size_t db_col_len(struct db_stmt *s, int col)
{
	return (size_t)sqlite3_column_bytes(s->st, col);
}

const void *db_col_blob(struct db_stmt *s, int col)
{
	return sqlite3_column_blob(s->st, col);
}

int db_col_is_null(struct db_stmt *s, int col)
{
	return sqlite3_column_type(s->st, col) == SQLITE_NULL;
}

char *db_col_dup(struct db_stmt *s, int col, struct arena *a)
{
	const char *t = db_col_text(s, col);
	return t ? arena_strndup(a, t, db_col_len(s, col)) : NULL;
}

int64_t db_last_insert_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int64_t db_changes(struct db *db)
{
	return sqlite3_changes64(db->h);
}

enum err db_begin(struct db *db)
{
	if (db->in_tx) {
		log_error("db: nested transaction");
		return ERR_INTERNAL;
	}
	enum err e = db_exec(db, "BEGIN IMMEDIATE");
	if (e == ERR_OK)
		db->in_tx = 1;
	return e;
}

enum err db_commit(struct db *db)
{
	if (!db->in_tx)
		return ERR_INTERNAL;
	enum err e = db_exec(db, "COMMIT");
	if (e != ERR_OK)
		db_rollback(db);
	db->in_tx = 0;
	return e;
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
}

int db_in_tx(struct db *db)
{
	return db->in_tx;
}

enum err db_backup(struct db *db, const char *dest)
{
	sqlite3 *out = NULL;
	sqlite3_backup *bk = NULL;
	enum err e = ERR_IO;
	size_t n = strlen(dest) + 8;
	char *tmp = xmalloc(n);
	snprintf(tmp, n, "%s.part", dest);
	remove(tmp);
	if (sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		goto out;
	bk = sqlite3_backup_init(out, "main", db->h, "main");
	if (!bk)
		goto out;
	int rc;
	while ((rc = sqlite3_backup_step(bk, 256)) == SQLITE_OK || rc == SQLITE_BUSY ||
	       rc == SQLITE_LOCKED)
		sqlite3_sleep(rc == SQLITE_OK ? 0 : 20);
	sqlite3_backup_finish(bk);
	bk = NULL;
	if (rc != SQLITE_DONE)
		goto out;
	/* The copy is a plain rollback-journal database: it is complete in the one file. */
	if (sqlite3_exec(out, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
		goto out;
	sqlite3_close(out);
	out = NULL;
	if (rename(tmp, dest) != 0)
		goto out;
	e = ERR_OK;
out:
	if (bk)
		sqlite3_backup_finish(bk);
	if (out)
		sqlite3_close(out);
	if (e != ERR_OK) {
		log_error("db: backup to %s failed", dest);
		remove(tmp);
	}
	free(tmp);
	return e;
}
