/* Roles and permissions: the built-in roles, the catalogue, grants to roles and roles to accounts.
 */
#include <string.h>

#include "auth.h"
#include "auth_internal.h"
#include "db.h"

const struct auth_builtin_role auth_builtin_roles[] = {
    {"asesi", "Asesi", "Candidate"},
    {"asesor", "Asesor Kompetensi", "Competency assessor"},
    {"admin_lsp", "Admin LSP", "LSP administrator"},
    {"manajer_sertifikasi", "Manajer Sertifikasi", "Certification manager"},
    {"komite_teknis", "Komite Teknis", "Technical committee"},
    {"tim_banding", "Tim Banding", "Appeal team"},
    {"verifikator_tuk", "Verifikator TUK", "TUK verifier"},
    {"auditor", "Auditor", "Auditor"},
    {"ketua_lsp", "Ketua/Direktur LSP", "LSP chair"},
    {"operator_sistem", "Operator Sistem Informasi", "IS operator"},
    {NULL, NULL, NULL},
};

/* Reads one text column of every row into a sorted arena array. */
static enum err text_column(struct db_stmt *st, struct arena *arena, const char ***out, size_t *n)
{
	size_t cap = 8, k = 0;
	const char **v;
	enum db_step r;

	if (!st)
		return ERR_DB;
	v = arena_alloc(arena, cap * sizeof *v);
	while ((r = db_step(st)) == DB_ROW) {
		v = auth_grow(arena, v, k, &cap, sizeof *v);
		v[k++] = db_col_dup(st, 0, arena);
	}
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	auth_strs_sort(v, k);
	*out = v;
	*n = k;
	return ERR_OK;
}

static enum err exists(struct db *db, const char *sql, const char *key)
{
	int64_t one;

	return db_get_int(db, &one, sql, "t", key);
}

enum err auth_role_exists(struct db *db, const char *name)
{
	return exists(db, "SELECT 1 FROM roles WHERE name = ?", name);
}

enum err auth_perm_exists(struct db *db, const char *name)
{
	return exists(db, "SELECT 1 FROM permissions WHERE name = ?", name);
}

enum err auth_role_list(struct db *db, struct arena *arena, struct auth_role **out, size_t *n)
{
	struct auth_role *v;
	struct db_stmt *st;
	size_t cap = 16, k = 0;
	enum db_step r;
	enum err e;

	st = db_query(db, "SELECT name, title_id, title_en, builtin FROM roles ORDER BY name", "");
	if (!st)
		return ERR_DB;
	v = arena_alloc(arena, cap * sizeof *v);
	while ((r = db_step(st)) == DB_ROW) {
		v = auth_grow(arena, v, k, &cap, sizeof *v);
		memset(&v[k], 0, sizeof v[k]);
		v[k].name = db_col_dup(st, 0, arena);
		v[k].title_id = db_col_dup(st, 1, arena);
		v[k].title_en = db_col_dup(st, 2, arena);
		v[k].builtin = db_col_int(st, 3) != 0;
		k++;
	}
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	for (size_t i = 0; i < k; i++) {
		e = text_column(db_query(db,
					 "SELECT permission FROM role_permissions WHERE role = ?",
					 "t", v[i].name),
				arena, &v[i].perms, &v[i].nperms);
		if (e != ERR_OK)
			return e;
	}
	*out = v;
	*n = k;
	return ERR_OK;
}

enum err auth_role_create(struct db *db, int64_t actor, const char *name, const char *title_id,
			  const char *title_en, int64_t now_ms)
{
	enum err e;

	e = db_run(db, NULL,
		   "INSERT INTO roles (name, title_id, title_en, builtin) VALUES (?, ?, ?, 0)",
		   "ttt", name, title_id, title_en);
	if (e != ERR_OK)
		return e;
	return auth_ledger_key(db, actor, "auth.role.create", "role", name, NULL, now_ms);
}

enum err auth_perm_list(struct db *db, struct arena *arena, struct auth_perm **out, size_t *n)
{
	struct auth_perm *v;
	struct db_stmt *st;
	size_t cap = 32, k = 0;
	enum db_step r;

	st = db_query(db, "SELECT name, desc_id, desc_en, module FROM permissions ORDER BY name",
		      "");
	if (!st)
		return ERR_DB;
	v = arena_alloc(arena, cap * sizeof *v);
	while ((r = db_step(st)) == DB_ROW) {
		v = auth_grow(arena, v, k, &cap, sizeof *v);
		v[k].name = db_col_dup(st, 0, arena);
		v[k].desc_id = db_col_dup(st, 1, arena);
		v[k].desc_en = db_col_dup(st, 2, arena);
		v[k].module = db_col_dup(st, 3, arena);
		k++;
	}
	db_done(st);
	if (r == DB_FAIL)
		return ERR_DB;
	*out = v;
	*n = k;
	return ERR_OK;
}

enum err auth_role_perm_grant(struct db *db, int64_t actor, const char *role, const char *perm,
			      int64_t now_ms)
{
	enum err e;

	e = auth_role_exists(db, role);
	if (e == ERR_OK)
		e = auth_perm_exists(db, perm);
	if (e != ERR_OK)
		return e;
	e = db_run(db, NULL, "INSERT INTO role_permissions (role, permission) VALUES (?, ?)", "tt",
		   role, perm);
	if (e != ERR_OK)
		return e;
	return auth_ledger_key(db, actor, "auth.role.perm_grant", "role", role,
			       json_pack("{s:s}", "permission", perm), now_ms);
}

enum err auth_role_perm_revoke(struct db *db, int64_t actor, const char *role, const char *perm,
			       int64_t now_ms)
{
	int64_t changes = 0;
	enum err e;

	e = db_run(db, &changes, "DELETE FROM role_permissions WHERE role = ? AND permission = ?",
		   "tt", role, perm);
	if (e != ERR_OK)
		return e;
	if (changes == 0)
		return ERR_NOT_FOUND;
	return auth_ledger_key(db, actor, "auth.role.perm_revoke", "role", role,
			       json_pack("{s:s}", "permission", perm), now_ms);
}

enum err auth_account_roles(struct db *db, struct arena *arena, int64_t account_id,
			    const char ***out, size_t *n)
{
	return text_column(
	    db_query(db, "SELECT role FROM account_roles WHERE account_id = ?", "i", account_id),
	    arena, out, n);
}

enum err auth_perm_holder_emails(struct db *db, struct arena *arena, const char *perm,
				 const char ***out, size_t *n)
{
	return text_column(db_query(db,
				    "SELECT DISTINCT a.email FROM accounts a"
				    " JOIN account_roles r ON r.account_id = a.id"
				    " JOIN role_permissions p ON p.role = r.role"
				    " WHERE p.permission = ? AND a.status = 'active'",
				    "t", perm),
			   arena, out, n);
}

enum err auth_account_role_add(struct db *db, int64_t actor, int64_t account_id, const char *role,
			       int64_t now_ms)
{
	int64_t one;
	enum err e;

	e = auth_role_exists(db, role);
	if (e == ERR_OK)
		e = db_get_int(db, &one, "SELECT 1 FROM accounts WHERE id = ?", "i", account_id);
	if (e != ERR_OK)
		return e;
	e = db_run(db, NULL, "INSERT INTO account_roles (account_id, role) VALUES (?, ?)", "it",
		   account_id, role);
	if (e != ERR_OK)
		return e;
	return auth_ledger_id(db, actor, "auth.account.role_add", "account", account_id,
			      json_pack("{s:s}", "role", role), now_ms);
}

enum err auth_account_role_remove(struct db *db, int64_t actor, int64_t account_id,
				  const char *role, int64_t now_ms)
{
	int64_t changes = 0;
	enum err e;

	e = db_run(db, &changes, "DELETE FROM account_roles WHERE account_id = ? AND role = ?",
		   "it", account_id, role);
	if (e != ERR_OK)
		return e;
	if (changes == 0)
		return ERR_NOT_FOUND;
	return auth_ledger_id(db, actor, "auth.account.role_remove", "account", account_id,
			      json_pack("{s:s}", "role", role), now_ms);
}
