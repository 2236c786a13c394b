/* Account administration: the account list and detail, staff accounts with a one-time password,
 * account roles and account status. Guards keep at least one active LSP admin. */
#include <string.h>

#include "accounts_internal.h"
#include "app.h"
#include "db.h"
#include "json.h"

#define STAFF_ROLES_MAX 10

enum err accounts_h_list(struct request *req)
{
	struct auth_account *v = NULL;
	const char *q = req_query(req, "q"), *role = req_query(req, "role");
	int64_t page = 1, total = 0;
	size_t n = 0;
	json_t *a;
	enum err e;

	e = req_query_int(req, "page", 1, 1000000, 1, &page);
	if (e != ERR_OK)
		return e;
	if (q && strlen(q) > 100)
		return req_fail(req, ERR_INVALID, "query_invalid", "q");
	if (role && strlen(role) > AUTH_ROLE_NAME_MAX)
		return req_fail(req, ERR_INVALID, "query_invalid", "role");
	e = auth_account_list(req->db, req->arena, q, role, (page - 1) * ACCOUNTS_PAGE_SIZE,
			      ACCOUNTS_PAGE_SIZE, req->now_ms, &v, &n, &total);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    a, json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:b}", "id", (json_int_t)v[i].id,
				 "email", v[i].email, "name", v[i].name, "roles",
				 accounts_str_array(v[i].roles, v[i].nroles), "status", v[i].status,
				 "must_change_password", json_boolean(v[i].must_change_password),
				 "locked", v[i].locked_until > 0));
	return accounts_json(req, 200,
			     json_pack("{s:o, s:I, s:I, s:I}", "accounts", a, "page",
				       (json_int_t)page, "page_size",
				       (json_int_t)ACCOUNTS_PAGE_SIZE, "total", (json_int_t)total));
}

enum err accounts_h_get(struct request *req)
{
	struct auth_account *acct = NULL;
	char *nik = NULL, *phone = NULL;
	int64_t id;
	enum err e;

	e = req_param_id(req, "id", &id);
	if (e != ERR_OK)
		return e;
	e = auth_account_get(req->db, req->arena, id, req->now_ms, &acct);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e == ERR_OK)
		e = accounts_profile_get(req->db, req->arena, id, &nik, &phone);
	if (e != ERR_OK && e != ERR_NOT_FOUND)
		return accounts_fail(req, e);
	return resp_json(req, 200,
			 json_pack("{s:I, s:s, s:s, s:o, s:o, s:s, s:o, s:b, s:o}", "id",
				   (json_int_t)acct->id, "email", acct->email, "name", acct->name,
				   "phone", json_str_or_null(phone), "roles",
				   accounts_str_array(acct->roles, acct->nroles), "status",
				   acct->status, "created_at", json_time(acct->created_at),
				   "must_change_password", acct->must_change_password,
				   "locked_until", accounts_time_or_null(acct->locked_until)));
}

/* --- staff accounts --- */

struct staff_job {
	const struct config *cfg;
	const char *email, *name, *phone;
	const char **roles;
	size_t nroles;
	char otp[ACCOUNTS_OTP_SIZE];
	char hash[AUTH_HASH_MAX];
	enum err hashed;
};

static void staff_work(struct db *db, void *arg)
{
	struct staff_job *j = arg;

	(void)db;
	j->hashed = auth_password_hash(j->cfg, j->otp, j->hash, sizeof j->hash);
}

static void staff_done(struct request *req, void *arg)
{
	struct staff_job *j = arg;
	struct db *db = req->db;
	int64_t actor = req->who->account_id, id = 0;
	enum err e = j->hashed;

	if (e == ERR_OK)
		e = db_begin(db);
	if (e != ERR_OK) {
		accounts_fail(req, e);
		return;
	}
	e = auth_account_create(db, actor, j->email, j->name, j->hash, 1, req->now_ms, &id);
	if (e == ERR_CONFLICT) {
		db_rollback(db);
		req_fail(req, ERR_CONFLICT, "email_taken", "email");
		return;
	}
	if (e == ERR_OK)
		e = accounts_profile_insert(db, actor, id, NULL, j->phone, req->now_ms);
	for (size_t i = 0; e == ERR_OK && i < j->nroles; i++)
		e = auth_account_role_add(db, actor, id, j->roles[i], req->now_ms);
	e = accounts_tx_end(db, e);
	if (e != ERR_OK) {
		accounts_fail(req, e);
		return;
	}
	/* The only time the one-time password is shown; only its hash is kept. */
	accounts_json(req, 201,
		      json_pack("{s:I, s:s}", "id", (json_int_t)id, "one_time_password", j->otp));
}

/* Reads "roles": distinct existing role names. */
static enum err staff_roles(struct request *req, struct staff_job *j)
{
	json_t *arr = NULL, *v;
	size_t i;
	enum err e;

	e = json_in_array(req, req->json, "roles", JSON_IN_OPTIONAL, STAFF_ROLES_MAX, &arr);
	if (e != ERR_OK || !arr)
		return e;
	j->roles = arena_alloc(req->arena, (json_array_size(arr) + 1) * sizeof *j->roles);
	json_array_foreach(arr, i, v)
	{
		const char *name = json_string_value(v);
		int dup = 0;

		if (!name || strlen(name) > AUTH_ROLE_NAME_MAX)
			return req_fail(req, ERR_INVALID, "role_unknown", "roles");
		e = auth_role_exists(req->db, name);
		if (e == ERR_NOT_FOUND)
			return req_fail_detail(req, ERR_INVALID, "role_unknown", "roles",
					       arena_strdup(req->arena, name));
		if (e != ERR_OK)
			return accounts_fail(req, e);
		for (size_t k = 0; k < j->nroles; k++)
			dup |= strcmp(j->roles[k], name) == 0;
		if (!dup)
			j->roles[j->nroles++] = arena_strdup(req->arena, name);
	}
	/* Handing out roles is itself a permission: staff.create alone must not mint admins. */
	if (j->nroles && !req_has_perm(req, PERM_ROLE_ASSIGN))
		return req_fail(req, ERR_FORBIDDEN, "roles_forbidden", "roles");
	return ERR_OK;
}

enum err accounts_h_staff_create(struct request *req)
{
	struct staff_job *j = arena_zalloc(req->arena, sizeof *j);
	char *email = arena_alloc(req->arena, ACCOUNTS_EMAIL_MAX + 1);
	char *phone = arena_alloc(req->arena, ACCOUNTS_PHONE_SIZE);
	const char *raw_phone = NULL;
	struct auth_account *other = NULL;
	enum err e;

	e = accounts_in_email(req, "email", email, ACCOUNTS_EMAIL_MAX + 1);
	if (e == ERR_OK)
		e = json_in_str(req, req->json, "name", JSON_IN_REQUIRED, 1, 400, &j->name);
	if (e == ERR_OK)
		e = accounts_check(req, accounts_name_check(j->name), "name");
	if (e == ERR_OK)
		e = json_in_str(req, req->json, "phone", JSON_IN_OPTIONAL, 0, 32, &raw_phone);
	if (e == ERR_OK && raw_phone && raw_phone[0]) {
		e = accounts_check(
		    req, accounts_phone_normalize(raw_phone, phone, ACCOUNTS_PHONE_SIZE), "phone");
		j->phone = phone;
	}
	if (e == ERR_OK)
		e = staff_roles(req, j);
	if (e != ERR_OK)
		return e;
	j->email = email;
	e = auth_account_by_email(req->db, req->arena, email, req->now_ms, &other);
	if (e == ERR_OK)
		return req_fail(req, ERR_CONFLICT, "email_taken", "email");
	if (e != ERR_NOT_FOUND)
		return accounts_fail(req, e);
	accounts_otp_new(j->otp, sizeof j->otp);
	j->cfg = req->app->cfg;
	return req_defer(req, staff_work, staff_done, j);
}

/* --- roles and status of an account --- */

/* ERR_CONFLICT (last_admin) when taking admin_lsp away from id, or disabling id, would leave no
 * active admin. */
static enum err keep_an_admin(struct request *req, int64_t id)
{
	int64_t others = 0;
	const char **roles = NULL;
	size_t n = 0;
	int holds = 0;
	enum err e;

	e = auth_account_roles(req->db, req->arena, id, &roles, &n);
	for (size_t i = 0; e == ERR_OK && i < n; i++)
		holds |= strcmp(roles[i], ACCOUNTS_ROLE_ADMIN) == 0;
	if (e == ERR_OK && holds)
		e = auth_role_holders_active(req->db, ACCOUNTS_ROLE_ADMIN, id, &others);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	if (holds && others == 0)
		return req_fail(req, ERR_CONFLICT, "last_admin", NULL);
	return ERR_OK;
}

enum err accounts_h_role_add(struct request *req)
{
	struct auth_account *acct = NULL;
	const char *role = NULL;
	int64_t id;
	enum err e;

	e = req_param_id(req, "id", &id);
	if (e == ERR_OK)
		e = json_in_str(req, req->json, "role", JSON_IN_REQUIRED, 1, AUTH_ROLE_NAME_MAX,
				&role);
	if (e != ERR_OK)
		return e;
	e = auth_account_get(req->db, req->arena, id, req->now_ms, &acct);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e == ERR_OK)
		e = auth_role_exists(req->db, role);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_INVALID, "role_unknown", "role");
	if (e != ERR_OK)
		return accounts_fail(req, e);
	e = db_begin(req->db);
	if (e == ERR_OK)
		e = auth_account_role_add(req->db, req->who->account_id, id, role, req->now_ms);
	e = accounts_tx_end(req->db, e);
	if (e == ERR_CONFLICT)
		return req_fail(req, ERR_CONFLICT, "role_already_held", "role");
	if (e != ERR_OK)
		return accounts_fail(req, e);
	return resp_status(req, 204);
}

enum err accounts_h_role_remove(struct request *req)
{
	const char *role = req_param(req, "role");
	int64_t id;
	enum err e;

	e = req_param_id(req, "id", &id);
	if (e != ERR_OK)
		return e;
	if (role && strcmp(role, ACCOUNTS_ROLE_ADMIN) == 0) {
		e = keep_an_admin(req, id);
		if (e != ERR_OK)
			return e;
	}
	e = db_begin(req->db);
	if (e == ERR_OK)
		e = auth_account_role_remove(req->db, req->who->account_id, id, role ? role : "",
					     req->now_ms);
	e = accounts_tx_end(req->db, e);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	return resp_status(req, 204);
}

enum err accounts_h_status_set(struct request *req)
{
	static const char *const statuses[] = {"active", "disabled"};
	struct auth_account *acct = NULL;
	int64_t id;
	int which = 0;
	enum err e;

	e = req_param_id(req, "id", &id);
	if (e == ERR_OK)
		e = json_in_enum(req, req->json, "status", JSON_IN_REQUIRED, statuses, 2, &which);
	if (e != ERR_OK)
		return e;
	e = auth_account_get(req->db, req->arena, id, req->now_ms, &acct);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "not_found", NULL);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	if (strcmp(acct->status, statuses[which]) == 0)
		return resp_status(req, 204); /* already so: nothing to record */
	if (which == 1 && id == req->who->account_id)
		return req_fail(req, ERR_CONFLICT, "cannot_disable_self", "status");
	if (which == 1) {
		e = keep_an_admin(req, id);
		if (e != ERR_OK)
			return e;
	}
	e = db_begin(req->db);
	if (e == ERR_OK)
		e = auth_account_status_set(req->db, req->who->account_id, id, statuses[which],
					    req->now_ms);
	e = accounts_tx_end(req->db, e);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	return resp_status(req, 204);
}
