/* What a person does for their own account: self-registration as asesi, password change, and the
 * password-reset flow (a single-use token sent through the outbox). Hashing runs on a worker. */
#include <stdio.h>
#include <string.h>

#include "accounts_internal.h"
#include "app.h"
#include "config.h"
#include "db.h"
#include "json.h"
#include "outbox.h"

/* --- registration --- */

struct register_job {
	const struct config *cfg;
	const char *nik, *name, *email, *phone, *password;
	char hash[AUTH_HASH_MAX];
	enum err hashed;
};

static void hash_work(struct db *db, void *arg)
{
	struct register_job *j = arg;

	(void)db;
	j->hashed = auth_password_hash(j->cfg, j->password, j->hash, sizeof j->hash);
}

static void register_done(struct request *req, void *arg)
{
	struct register_job *j = arg;
	struct db *db = req->db;
	int64_t id = 0;
	enum err e = j->hashed;

	if (e == ERR_OK)
		e = db_begin(db);
	if (e != ERR_OK) {
		accounts_fail(req, e);
		return;
	}
	e = auth_account_create(db, 0, j->email, j->name, j->hash, 0, req->now_ms, &id);
	if (e == ERR_CONFLICT) {
		db_rollback(db);
		req_fail(req, ERR_CONFLICT, "email_taken", "email");
		return;
	}
	if (e == ERR_OK)
		e = accounts_profile_insert(db, id, id, j->nik, j->phone, req->now_ms);
	if (e == ERR_CONFLICT) {
		db_rollback(db);
		req_fail(req, ERR_CONFLICT, "nik_taken", "nik");
		return;
	}
	if (e == ERR_OK)
		e = auth_account_role_add(db, id, id, ACCOUNTS_ROLE_DEFAULT, req->now_ms);
	e = accounts_tx_end(db, e);
	if (e != ERR_OK) {
		accounts_fail(req, e);
		return;
	}
	accounts_json(req, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

enum err accounts_h_register(struct request *req)
{
	struct register_job *j = arena_zalloc(req->arena, sizeof *j);
	char *email = arena_alloc(req->arena, ACCOUNTS_EMAIL_MAX + 1);
	char *phone = arena_alloc(req->arena, ACCOUNTS_PHONE_SIZE);
	const char *raw_phone = NULL;
	struct auth_account *other = NULL;
	int taken = 0;
	enum err e;

	e = json_in_str(req, req->json, "nik", JSON_IN_REQUIRED, 1, 32, &j->nik);
	if (e == ERR_OK)
		e = accounts_check(req, accounts_nik_check(j->nik), "nik");
	if (e == ERR_OK)
		e = json_in_str(req, req->json, "name", JSON_IN_REQUIRED, 1, 400, &j->name);
	if (e == ERR_OK)
		e = accounts_check(req, accounts_name_check(j->name), "name");
	if (e == ERR_OK)
		e = accounts_in_email(req, "email", email, ACCOUNTS_EMAIL_MAX + 1);
	if (e == ERR_OK)
		e = json_in_str(req, req->json, "phone", JSON_IN_REQUIRED, 1, 32, &raw_phone);
	if (e == ERR_OK)
		e = accounts_check(
		    req, accounts_phone_normalize(raw_phone, phone, ACCOUNTS_PHONE_SIZE), "phone");
	if (e == ERR_OK)
		e = accounts_in_password(req, "password", &j->password);
	if (e == ERR_OK)
		e = accounts_check(req, accounts_password_check(j->password, email), "password");
	if (e != ERR_OK)
		return e;
	j->email = email;
	j->phone = phone;
	j->cfg = req->app->cfg;

	/* Cheap duplicate checks before the expensive hash; the UNIQUE constraints decide races. */
	e = accounts_nik_taken(req->db, j->nik, &taken);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	if (taken)
		return req_fail(req, ERR_CONFLICT, "nik_taken", "nik");
	e = auth_account_by_email(req->db, req->arena, email, req->now_ms, &other);
	if (e == ERR_OK)
		return req_fail(req, ERR_CONFLICT, "email_taken", "email");
	if (e != ERR_NOT_FOUND)
		return accounts_fail(req, e);
	return req_defer(req, hash_work, register_done, j);
}

/* --- password change --- */

struct change_job {
	const struct config *cfg;
	const char *current_hash;
	const char *current, *password;
	char hash[AUTH_HASH_MAX];
	int current_ok;
	enum err hashed;
};

static void change_work(struct db *db, void *arg)
{
	struct change_job *j = arg;

	(void)db;
	j->current_ok = auth_password_verify(j->current_hash, j->current);
	j->hashed = ERR_INTERNAL;
	if (j->current_ok)
		j->hashed = auth_password_hash(j->cfg, j->password, j->hash, sizeof j->hash);
}

static void change_done(struct request *req, void *arg)
{
	struct change_job *j = arg;
	struct auth_throttle t;
	struct db *db = req->db;
	enum err e;

	e = db_begin(db);
	if (e == ERR_OK && !j->current_ok) {
		/* A wrong current password counts against the account like a failed sign-in, so a
		 * borrowed session cannot be used to guess it. */
		e = accounts_tx_end(db, auth_login_failed(req->app, db, req->who->email,
							  req->remote_ip, req->now_ms, &t));
		if (e != ERR_OK)
			accounts_fail(req, e);
		else
			req_fail(req, ERR_INVALID, "current_password_wrong", "current_password");
		return;
	}
	if (e == ERR_OK)
		e = j->hashed;
	if (e == ERR_OK)
		e = auth_account_password_set(db, req->who->account_id, req->who->account_id,
					      j->hash, 0, req->now_ms);
	/* Other sessions may belong to whoever knew the old password. */
	if (e == ERR_OK)
		e = auth_session_revoke_all(db, req->who->account_id, req->who->account_id,
					    req->who->session_id, req->now_ms);
	e = accounts_tx_end(db, e);
	if (e != ERR_OK) {
		accounts_fail(req, e);
		return;
	}
	resp_status(req, 204);
}

enum err accounts_h_password_change(struct request *req)
{
	struct change_job *j = arena_zalloc(req->arena, sizeof *j);
	struct auth_throttle t;
	char *hash = NULL;
	enum err e;

	e = accounts_in_password(req, "current_password", &j->current);
	if (e == ERR_OK)
		e = accounts_in_password(req, "new_password", &j->password);
	if (e == ERR_OK)
		e = accounts_check(req, accounts_password_check(j->password, req->who->email),
				   "new_password");
	if (e == ERR_OK && strcmp(j->current, j->password) == 0)
		e = req_fail(req, ERR_INVALID, "password_same", "new_password");
	if (e != ERR_OK)
		return e;
	e = auth_login_check(req->app, req->db, req->who->email, req->remote_ip, req->now_ms, &t);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	e = accounts_fail_throttle(req, &t);
	if (e != ERR_OK)
		return e;
	e = auth_account_password_hash(req->db, req->arena, req->who->account_id, &hash);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	j->current_hash = hash;
	j->cfg = req->app->cfg;
	return req_defer(req, change_work, change_done, j);
}

/* --- password reset --- */

/* The reset message: Bahasa Indonesia first, an English line after. The link uses the
 * configured public origin, never the request's Host header (which a requester controls: a
 * poisoned link would send the victim's token to another site). */
static char *reset_body(struct request *req, const char *name, const char *token, int64_t minutes)
{
	const struct config *cfg = req->app->cfg;
	const char *lsp = cfg->lsp_name && cfg->lsp_name[0] ? cfg->lsp_name : "ujikom";
	const char *origin = cfg->public_origin && cfg->public_origin[0]
				 ? cfg->public_origin
				 : arena_sprintf(req->arena, "http://%s", cfg->listen);

	return arena_sprintf(
	    req->arena,
	    "Yth. %s,\n\n"
	    "Kami menerima permintaan untuk mengatur ulang kata sandi akun Anda di %s.\n"
	    "Buka tautan berikut dalam %lld menit untuk membuat kata sandi baru:\n\n"
	    "    %s/atur-sandi?token=%s\n\n"
	    "Atau buka halaman \"Atur ulang kata sandi\" dan masukkan token sekali pakai ini:\n\n"
	    "    %s\n\n"
	    "Setelah kata sandi diganti, semua sesi masuk akun Anda diakhiri.\n"
	    "Jika Anda tidak meminta ini, abaikan pesan ini; kata sandi Anda tidak berubah.\n\n"
	    "English: open the link above within %lld minutes to set a new password (or enter the "
	    "one-time token on the \"Reset password\" page); if you did not ask for this, ignore "
	    "this message.\n",
	    name, lsp, (long long)minutes, origin, token, token, (long long)minutes);
}

enum err accounts_h_password_reset_request(struct request *req)
{
	char email[ACCOUNTS_EMAIL_MAX + 1], token[AUTH_TOKEN_MAX];
	struct auth_account *acct = NULL;
	struct db *db = req->db;
	enum err e;

	e = accounts_in_email(req, "email", email, sizeof email);
	if (e != ERR_OK)
		return e;
	e = auth_account_by_email(db, req->arena, email, req->now_ms, &acct);
	if (e == ERR_NOT_FOUND || (e == ERR_OK && strcmp(acct->status, "active") != 0))
		return accounts_json(req, 202, json_object()); /* the same answer: no enumeration */
	if (e != ERR_OK)
		return accounts_fail(req, e);
	e = db_begin(db);
	if (e == ERR_OK)
		e = auth_reset_create(req->app, db, acct->id, req->now_ms, token, sizeof token);
	if (e == ERR_OK)
		e = outbox_enqueue(
		    db, acct->email, "Atur ulang kata sandi / Password reset",
		    reset_body(req, acct->name, token, req->app->cfg->reset_token_minutes),
		    req->now_ms);
	e = accounts_tx_end(db, e);
	/* ERR_TOO_MANY: a token went out less than a minute ago; answer as usual. */
	if (e != ERR_OK && e != ERR_TOO_MANY)
		return accounts_fail(req, e);
	return accounts_json(req, 202, json_object());
}

struct confirm_job {
	const struct config *cfg;
	const char *token, *password;
	const char *email;
	char hash[AUTH_HASH_MAX];
	enum err hashed;
};

static void confirm_work(struct db *db, void *arg)
{
	struct confirm_job *j = arg;

	(void)db;
	j->hashed = auth_password_hash(j->cfg, j->password, j->hash, sizeof j->hash);
}

static void confirm_done(struct request *req, void *arg)
{
	struct confirm_job *j = arg;
	struct db *db = req->db;
	int64_t account_id = 0;
	enum err e = j->hashed;

	if (e == ERR_OK)
		e = db_begin(db);
	if (e != ERR_OK) {
		accounts_fail(req, e);
		return;
	}
	/* Consumed here, not before hashing: the token stays single use even under a race. */
	e = auth_reset_consume(db, j->token, req->now_ms, &account_id);
	if (e == ERR_NOT_FOUND) {
		db_rollback(db);
		req_fail(req, ERR_INVALID, "reset_token_invalid", "token");
		return;
	}
	if (e == ERR_OK)
		e = auth_account_password_set(db, account_id, account_id, j->hash, 0, req->now_ms);
	if (e == ERR_OK)
		e = auth_session_revoke_all(db, account_id, account_id, 0, req->now_ms);
	/* Proving control of the mailbox also clears failed sign-ins and a lock. */
	if (e == ERR_OK)
		e = auth_login_succeeded(req->app, db, j->email, req->now_ms);
	e = accounts_tx_end(db, e);
	if (e != ERR_OK) {
		accounts_fail(req, e);
		return;
	}
	resp_status(req, 204);
}

enum err accounts_h_password_reset_confirm(struct request *req)
{
	struct confirm_job *j = arena_zalloc(req->arena, sizeof *j);
	struct auth_account *acct = NULL;
	int64_t account_id = 0;
	enum err e;

	e = json_in_str(req, req->json, "token", JSON_IN_REQUIRED, 1, 128, &j->token);
	if (e == ERR_OK)
		e = accounts_in_password(req, "new_password", &j->password);
	if (e != ERR_OK)
		return e;
	e = auth_reset_lookup(req->db, j->token, req->now_ms, &account_id);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_INVALID, "reset_token_invalid", "token");
	if (e == ERR_OK)
		e = auth_account_get(req->db, req->arena, account_id, req->now_ms, &acct);
	if (e != ERR_OK)
		return accounts_fail(req, e);
	e = accounts_check(req, accounts_password_check(j->password, acct->email), "new_password");
	if (e != ERR_OK)
		return e;
	j->email = acct->email;
	j->cfg = req->app->cfg;
	return req_defer(req, confirm_work, confirm_done, j);
}
