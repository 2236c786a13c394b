/* Demo accounts for --demo (one per built-in role, a fixed password, printed at start) and the
 * first-admin command `ujikom admin create --email E` (a one-time password, never a default). */
#include <stdio.h>
#include <string.h>

#include "accounts_internal.h"
#include "app.h"
#include "clock.h"
#include "db.h"
#include "log.h"

#define DEMO_PASSWORD "Demo-Ujikom-2026"
#define DEMO_DOMAIN   "demo.ujikom.id"
/* A NIK that passes the rules (DKI Jakarta, born 1 January 1990, a woman: day + 40). */
#define DEMO_NIK "3174014101900001"

/* Creates one account with its profile and role inside the caller's transaction. */
static enum err account_make(struct db *db, const char *email, const char *name, const char *hash,
			     int must_change, const char *nik, const char *phone, const char *role,
			     int64_t now_ms, int64_t *id_out)
{
	int64_t id = 0;
	enum err e;

	e = auth_account_create(db, 0, email, name, hash, must_change, now_ms, &id);
	if (e == ERR_OK)
		e = accounts_profile_insert(db, 0, id, nik, phone, now_ms);
	if (e == ERR_OK)
		e = auth_account_role_add(db, 0, id, role, now_ms);
	if (e == ERR_OK && id_out)
		*id_out = id;
	return e;
}

enum err accounts_demo_seed(struct app *app, struct db *db)
{
	struct arena *arena = arena_new();
	char hash[AUTH_HASH_MAX] = "";
	int64_t now = clock_now_ms();
	enum err e = ERR_OK;
	int began = 0;

	for (int i = 0; e == ERR_OK && auth_builtin_roles[i].name; i++) {
		const struct auth_builtin_role *r = &auth_builtin_roles[i];
		struct auth_account *existing = NULL;
		char email[ACCOUNTS_EMAIL_MAX + 1], phone[32], *local;
		int is_asesi = strcmp(r->name, ACCOUNTS_ROLE_DEFAULT) == 0;

		/* admin_lsp is "admin@"; other roles their name with '-' for '_'. */
		local = arena_strdup(arena,
				     strcmp(r->name, ACCOUNTS_ROLE_ADMIN) == 0 ? "admin" : r->name);
		for (char *c = local; *c; c++)
			if (*c == '_')
				*c = '-';
		snprintf(email, sizeof email, "%s@" DEMO_DOMAIN, local);
		e = auth_account_by_email(db, arena, email, now, &existing);
		if (e == ERR_NOT_FOUND) {
			e = ERR_OK;
			/* One hash serves every demo account: they share the published password. */
			if (!hash[0])
				e = auth_password_hash(app->cfg, DEMO_PASSWORD, hash, sizeof hash);
			if (e == ERR_OK && !began) {
				e = db_begin(db);
				began = e == ERR_OK;
			}
			snprintf(phone, sizeof phone, "+6281200000%03d", i + 1);
			if (e == ERR_OK)
				e = account_make(
				    db, email, arena_sprintf(arena, "Demo %s", r->title_id), hash,
				    0, is_asesi ? DEMO_NIK : NULL, phone, r->name, now, NULL);
		}
		if (e == ERR_OK)
			app_demo_note(app, "demo %-20s %s / %s", r->name, email, DEMO_PASSWORD);
	}
	if (began)
		e = accounts_tx_end(db, e);
	if (e != ERR_OK)
		log_error("accounts: demo seed failed: %s", err_name(e));
	arena_free(&arena);
	return e;
}

enum err accounts_admin_create(struct app *app, const char *email, char *otp_out, size_t otp_size)
{
	struct arena *arena = NULL;
	struct auth_account *existing = NULL;
	char norm[ACCOUNTS_EMAIL_MAX + 1], hash[AUTH_HASH_MAX];
	int64_t now = clock_now_ms();
	enum err e;

	if (!otp_out || otp_size < ACCOUNTS_OTP_SIZE)
		return ERR_INTERNAL;
	otp_out[0] = '\0';
	if (accounts_email_normalize(email, norm, sizeof norm))
		return ERR_INVALID;
	arena = arena_new();
	e = auth_account_by_email(app->db, arena, norm, now, &existing);
	if (e == ERR_OK)
		e = ERR_CONFLICT;
	else if (e == ERR_NOT_FOUND)
		e = ERR_OK;
	if (e != ERR_OK)
		goto out;
	accounts_otp_new(otp_out, otp_size);
	e = auth_password_hash(app->cfg, otp_out, hash, sizeof hash);
	if (e == ERR_OK)
		e = db_begin(app->db);
	if (e != ERR_OK)
		goto out;
	e = accounts_tx_end(app->db, account_make(app->db, norm, "Admin LSP", hash, 1, NULL, NULL,
						  ACCOUNTS_ROLE_ADMIN, now, NULL));
out:
	if (e != ERR_OK)
		otp_out[0] = '\0';
	arena_free(&arena);
	return e;
}
