/* Roles and permissions the LSP configures, the login-lock list and lift, and the outbox view. */
#include <string.h>

#include "accounts_internal.h"
#include "app.h"
#include "db.h"
#include "json.h"
#include "outbox.h"

/* Grants an LSP could not take back once gone: without them nobody can manage roles again. */
static int perm_protected(const char *role, const char *perm)
{
	return strcmp(role, ACCOUNTS_ROLE_ADMIN) == 0 &&
	       (strcmp(perm, PERM_ROLE_MANAGE) == 0 || strcmp(perm, PERM_ROLE_ASSIGN) == 0);
}

enum err accounts_h_locks_list(struct request *req)
{
	struct auth_lock *v = NULL;
	size_t n = 0;
	json_t *a;
	enum err e;

	e = auth_lock_list(req->app, req->db, req->arena, req->now_ms, &v, &n);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:o}", "key", v[i].key, "kind",
						   v[i].kind, "failures", (json_int_t)v[i].failures,
						   "locked_until",
						   accounts_time_or_null(v[i].locked_until)));
	return accounts_json(req, 200, json_pack("{s:o}", "locks", a));
}

enum err accounts_h_lock_lift(struct request *req)
{
	const char *key = req_param(req, "key");
	enum err e;

	if (!key || !key[0] || strlen(key) > 400)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	e = db_begin(req->db);
	if (e == ERR_OK)
		e = auth_lock_lift(req->app, req->db, req->who->account_id, key, req->now_ms);
	e = accounts_tx_end(req->db, e);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	return resp_status(req, 204);
}

enum err accounts_h_roles_list(struct request *req)
{
	struct auth_role *v = NULL;
	size_t n = 0;
	json_t *a;
	enum err e;

	e = auth_role_list(req->db, req->arena, &v, &n);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:s, s:b, s:o}", "name", v[i].name, "title_id",
				 v[i].title_id, "title_en", v[i].title_en, "builtin", v[i].builtin,
				 "permissions", accounts_str_array(v[i].perms, v[i].nperms)));
	return accounts_json(req, 200, json_pack("{s:o}", "roles", a));
}

enum err accounts_h_role_create(struct request *req)
{
	const char *name = NULL, *title_id = NULL, *title_en = NULL;
	enum err e;

	e = json_in_str(req, req->json, "name", JSON_IN_REQUIRED, 1, AUTH_ROLE_NAME_MAX, &name);
	if (e == ERR_OK)
		e = accounts_check(req, accounts_role_name_check(name), "name");
	if (e == ERR_OK)
		e = json_in_str(req, req->json, "title_id", JSON_IN_REQUIRED, 1, 100, &title_id);
	if (e == ERR_OK)
		e = json_in_str(req, req->json, "title_en", JSON_IN_REQUIRED, 1, 100, &title_en);
	if (e != ERR_OK)
		return e;
	e = db_begin(req->db);
	if (e == ERR_OK)
		e = auth_role_create(req->db, req->who->account_id, name, title_id, title_en,
				     req->now_ms);
	e = accounts_tx_end(req->db, e);
	if (e == ERR_CONFLICT)
		return req_fail(req, ERR_CONFLICT, "role_taken", "name");
	if (e != ERR_OK)
		return accounts_fail(req, e);
	return accounts_json(req, 201,
			     json_pack("{s:s, s:s, s:s, s:b, s:[]}", "name", name, "title_id",
				       title_id, "title_en", title_en, "builtin", 0,
				       "permissions"));
}

enum err accounts_h_permissions_list(struct request *req)
{
	struct auth_perm *v = NULL;
	size_t n = 0;
	json_t *a;
	enum err e;

	e = auth_perm_list(req->db, req->arena, &v, &n);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "name", v[i].name,
						   "desc_id", v[i].desc_id, "desc_en", v[i].desc_en,
						   "module", v[i].module));
	return accounts_json(req, 200, json_pack("{s:o}", "permissions", a));
}

enum err accounts_h_role_perm_grant(struct request *req)
{
	const char *role = req_param(req, "name"), *perm = NULL;
	enum err e;

	e = json_in_str(req, req->json, "permission", JSON_IN_REQUIRED, 1, 100, &perm);
	if (e != ERR_OK)
		return e;
	e = auth_role_exists(req->db, role ? role : "");
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e == ERR_OK)
		e = auth_perm_exists(req->db, perm);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_INVALID, "permission_unknown", "permission");
	if (e != ERR_OK)
		return accounts_fail(req, e);
	e = db_begin(req->db);
	if (e == ERR_OK)
		e = auth_role_perm_grant(req->db, req->who->account_id, role, perm, req->now_ms);
	e = accounts_tx_end(req->db, e);
	if (e == ERR_CONFLICT)
		return req_fail(req, ERR_CONFLICT, "permission_already_granted", "permission");
	if (e != ERR_OK)
		return accounts_fail(req, e);
	return resp_status(req, 204);
}

enum err accounts_h_role_perm_revoke(struct request *req)
{
	const char *role = req_param(req, "name"), *perm = req_param(req, "perm");
	enum err e;

	if (!role || !perm)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (perm_protected(role, perm))
		return req_fail(req, ERR_CONFLICT, "role_perm_protected", NULL);
	e = db_begin(req->db);
	if (e == ERR_OK)
		e = auth_role_perm_revoke(req->db, req->who->account_id, role, perm, req->now_ms);
	e = accounts_tx_end(req->db, e);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	return resp_status(req, 204);
}

enum err accounts_h_outbox_list(struct request *req)
{
	struct outbox_msg *v = NULL;
	size_t n = 0;
	json_t *a;
	enum err e;

	e = outbox_list(req->db, req->arena, 200, &v, &n);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "id",
						   (json_int_t)v[i].id, "to", v[i].to, "subject",
						   v[i].subject, "body", v[i].body, "created_at",
						   json_time(v[i].created_at), "sent_at",
						   accounts_time_or_null(v[i].sent_at)));
	return accounts_json(req, 200, json_pack("{s:o}", "messages", a));
}
