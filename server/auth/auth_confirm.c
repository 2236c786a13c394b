/* Paperless signing: before a signature counts, the signer confirms who they are, by a login
 * younger than AUTH_CONFIRM_RECENT_MS or by entering the password again (checked on a worker). */
#include "auth.h"
#include "json.h"

struct confirm_job {
	auth_confirmed_fn then;
	void *arg;
	const char *password, *hash;
	int ok;
};

static void confirm_work(struct db *db, void *arg)
{
	struct confirm_job *j = arg;
	(void)db;
	j->ok = j->hash && auth_password_verify(j->hash, j->password);
}

static void confirm_done(struct request *req, void *arg)
{
	struct confirm_job *j = arg;
	if (!j->ok) {
		req_fail(req, ERR_UNAUTHENTICATED, "signature_password_wrong", "password");
		return;
	}
	j->then(req, j->arg, "password");
}

enum err auth_confirm_signer(struct request *req, auth_confirmed_fn then, void *arg)
{
	struct confirm_job *j;
	char *hash = NULL;
	enum err e;
	if (req->now_ms - req->who->signed_in_at <= AUTH_CONFIRM_RECENT_MS)
		return then(req, arg, "recent_login");
	j = arena_zalloc(req->arena, sizeof *j);
	j->then = then;
	j->arg = arg;
	if (req->json && (e = json_in_str(req, req->json, "password", JSON_IN_OPTIONAL, 1, 128,
					  &j->password)) != ERR_OK)
		return e;
	if (!j->password)
		return req_fail(req, ERR_UNAUTHENTICATED, "signature_confirm_required", "password");
	if ((e = auth_account_password_hash(req->db, req->arena, req->who->account_id, &hash)) !=
	    ERR_OK)
		return e;
	j->hash = hash;
	return req_defer(req, confirm_work, confirm_done, j);
}
