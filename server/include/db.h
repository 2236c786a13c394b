/* SQLite wrapper: one connection per thread, WAL, foreign keys, busy timeout, a statement cache,
 * BEGIN IMMEDIATE transactions and per-module migrations. Module code uses only this API and
 * portable SQL with ? placeholders, so a PostgreSQL backend can follow without rewriting modules.
 *
 * Binding formats for db_run()/db_query() ("fmt", one letter per placeholder):
 *   'i' int64_t            'd' int (promoted)     't' const char * (NUL-terminated; NULL binds
 * NULL) 's' struct str (ptr NULL binds NULL)          'b' const void *, size_t (blob) 'n' no
 * argument, binds NULL                   'f' double                                    */
#ifndef UJIKOM_DB_H
#define UJIKOM_DB_H
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "embed.h"
#include "err.h"

struct db;
struct db_stmt;

enum db_step { DB_ROW = 1, DB_DONE = 0, DB_FAIL = -1 };

/* Opens (creating if needed) the database file with the project's pragmas. NULL on failure. */
struct db *db_open(const char *path);
/* Read-only connection (auditing tools: ledger verify); NULL when the file does not exist. */
struct db *db_open_readonly(const char *path);
void db_free(struct db **db);

/* Executes statements without parameters (may contain several; used by migrations). */
enum err db_exec(struct db *db, const char *sql);
/* Runs one statement with bound parameters; *changes (may be NULL) gets the number of rows
 * changed. A UNIQUE/PRIMARY KEY violation returns ERR_CONFLICT, other constraints ERR_INVALID. */
enum err db_run(struct db *db, int64_t *changes, const char *sql, const char *fmt, ...);
/* Prepares (from the cache) and binds a query; step it with db_step(), finish with db_done().
 * Returns NULL on failure (logged). The statement is owned by the cache. */
struct db_stmt *db_query(struct db *db, const char *sql, const char *fmt, ...);
enum db_step db_step(struct db_stmt *st);
void db_done(struct db_stmt *st); /* resets the statement; always call it */

int64_t db_col_int(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col); /* NULL for NULL; valid until next step */
size_t db_col_len(struct db_stmt *st, int col);
const void *db_col_blob(struct db_stmt *st, int col);
int db_col_is_null(struct db_stmt *st, int col);
char *db_col_dup(struct db_stmt *st, int col, struct arena *a); /* arena copy, NULL for NULL */

/* Convenience: one row, one integer column. ERR_NOT_FOUND when no row (or a NULL value). */
enum err db_get_int(struct db *db, int64_t *out, const char *sql, const char *fmt, ...);

int64_t db_last_insert_id(struct db *db);
int64_t db_changes(struct db *db);

/* Transactions. db_begin is BEGIN IMMEDIATE (the write lock is taken at once, so two threads
 * never deadlock upgrading). Not nestable: a nested db_begin returns ERR_INTERNAL. */
enum err db_begin(struct db *db);
enum err db_commit(struct db *db);
void db_rollback(struct db *db); /* safe to call when no transaction is open */
int db_in_tx(struct db *db);

/* Applies migrations named NNN_*.sql in order, each in its own transaction, recording
 * (module, version) in schema_migrations. Already applied versions are skipped. */
enum err db_migrate(struct db *db, const char *module, const struct embedded_file *files,
		    size_t count);

/* Online, consistent copy of the whole database to dest (SQLite backup API). */
enum err db_backup(struct db *db, const char *dest);

/* The path this connection was opened with. */
const char *db_path(struct db *db);

#endif
