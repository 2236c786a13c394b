/* POST /api/appeals: the asesi files FR.AK.04 against the decision of their own case within the
 * scheme's appeal window (SOP-BJJ-02/03). The form part is validated against its one definition
 * and the scheme's units, the asesi confirms (a login younger than 5 minutes, or the password
 * again, checked on a worker), and the appeal, its first event and the ledger entry share one
 * transaction. The decision falls due 20 working days after receipt. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appeal_internal.h"
#include "auth.h"
#include "certification/cert_forms.h"
#include "certification/certification.h"
#include "clock.h"
#include "db.h"
#include "json.h"
#include "ledger.h"
#include "muk/muk.h"
#include "util.h"

#define DAY_MS (24LL * 60 * 60 * 1000)

struct file_job {
	int64_t case_id, asesi_id;
	char *canonical;
	size_t len;
	const char *method;
};

static void free_canonical(void *p)
{
	free(p);
}

/* The FR.AK.04 context: the scheme's units, so "unit_dibanding" must name units of the scheme. */
static json_t *form_context(struct db *db, int64_t skema_id)
{
	json_t *scheme = muk_scheme_public_json(db, skema_id), *u;
	json_t *ctx = json_pack("{s:[]}", "units"), *units = json_object_get(ctx, "units");
	size_t i;
	json_array_foreach(json_object_get(scheme, "units"), i, u)
	    json_array_append_new(units, json_pack("{s:O, s:O}", "code", json_object_get(u, "code"),
						   "title", json_object_get(u, "title")));
	json_decref(scheme);
	return ctx;
}

static enum err commit_file(struct request *req, struct file_job *j)
{
	char sha[SHA256_HEX_LEN + 1], id_text[24];
	struct appeal a = {.case_id = j->case_id,
			   .asesi_id = j->asesi_id,
			   .form_json = j->canonical,
			   .form_sha256 = sha,
			   .sign_method = j->method,
			   .filed_at = req->now_ms,
			   .due_at =
			       appeal_due_at(req->app, req->now_ms, APPEAL_DECISION_WORKING_DAYS)};
	int64_t open_id = 0;
	util_sha256_hex(j->canonical, j->len, sha);
	enum err e = db_begin(req->db);
	if (e != ERR_OK)
		return e;
	e = appeal_store_open_for_case(req->db, j->case_id, &open_id);
	if (e == ERR_OK && open_id)
		e = ERR_CONFLICT;
	if (e == ERR_OK)
		e = appeal_store_insert(req->db, &a, req->who->account_id);
	if (e == ERR_OK) {
		snprintf(id_text, sizeof id_text, "%lld", (long long)a.id);
		json_t *p = json_pack("{s:I, s:s, s:s, s:I}", "case_id", (json_int_t)j->case_id,
				      "form_sha256", sha, "method", j->method, "due_at",
				      (json_int_t)a.due_at);
		e = ledger_append(req->db, req->who->account_id, "appeal.file", "appeal", id_text,
				  p, req->now_ms, NULL);
		json_decref(p);
	}
	if (e == ERR_OK)
		e = db_commit(req->db);
	else
		db_rollback(req->db);
	if (e == ERR_CONFLICT)
		return req_fail(req, ERR_CONFLICT, "appeal_open_exists", "case_id");
	if (e != ERR_OK)
		return e;
	struct appeal stored;
	if ((e = appeal_store_get(req->db, req->arena, a.id, &stored)) != ERR_OK)
		return e;
	return resp_json(req, 201, appeal_json(req, &stored, 1));
}

static enum err file_confirmed(struct request *req, void *arg, const char *method)
{
	struct file_job *j = arg;
	j->method = method;
	return commit_file(req, j);
}

/* The case must be the caller's own (404 otherwise), decided, within the scheme's window. */
static enum err check_case(struct request *req, int64_t case_id, struct cert_case_summary *cs)
{
	struct muk_scheme_info si;
	enum err e = cert_case_summary(req->db, req->arena, case_id, cs);
	if (e == ERR_NOT_FOUND || (e == ERR_OK && cs->asesi_id != req->who->account_id))
		return req_fail(req, ERR_NOT_FOUND, "appeal_case_not_found", "case_id");
	if (e != ERR_OK)
		return e;
	if (!cs->decision || !cs->decided_at)
		return req_fail(req, ERR_CONFLICT, "appeal_no_decision", "case_id");
	if ((e = muk_scheme_info(req->db, req->arena, cs->skema_id, &si)) != ERR_OK)
		return e;
	int64_t closes = cs->decided_at + (int64_t)si.appeal_days * DAY_MS;
	if (req->now_ms > closes) {
		char when[32];
		clock_format_ms(closes, when, sizeof when);
		return req_fail_detail(req, ERR_CONFLICT, "appeal_window_closed", "case_id",
				       arena_strdup(req->arena, when));
	}
	int64_t open_id = 0;
	if ((e = appeal_store_open_for_case(req->db, case_id, &open_id)) != ERR_OK)
		return e;
	if (open_id)
		return req_fail(req, ERR_CONFLICT, "appeal_open_exists", "case_id");
	return ERR_OK;
}

enum err appeal_h_file(struct request *req)
{
	int64_t case_id = 0;
	json_t *data = NULL;
	struct cert_case_summary cs;
	const struct cert_form *f = cert_form_find("FR.AK.04");
	enum err e;
	if (!f)
		return ERR_INTERNAL;
	if ((e = json_in_int(req, req->json, "case_id", JSON_IN_REQUIRED, 1, INT64_MAX,
			     &case_id)) != ERR_OK ||
	    (e = json_in_object(req, req->json, "data", JSON_IN_REQUIRED, &data)) != ERR_OK)
		return e;
	if ((e = check_case(req, case_id, &cs)) != ERR_OK)
		return e;
	json_t *ctx = form_context(req->db, cs.skema_id);
	e = cert_form_validate(req, f, "asesi", data, ctx);
	json_decref(ctx);
	if (e != ERR_OK)
		return e;
	/* attachments must be evidence files of this very case (uploaded while it was open) */
	const char *refs[16];
	size_t nrefs = cert_form_file_refs(f, "asesi", data, refs, 16);
	if (nrefs > 16)
		return req_fail(req, ERR_INVALID, "field_too_long", "bukti");
	for (size_t i = 0; i < nrefs; i++)
		if (!cert_case_evidence_is(req->db, case_id, refs[i]))
			return req_fail(req, ERR_INVALID, "appeal_evidence_unknown", "bukti");
	struct file_job *j = arena_zalloc(req->arena, sizeof *j);
	j->case_id = case_id;
	j->asesi_id = cs.asesi_id;
	j->canonical = json_canonical(data, &j->len);
	if (!j->canonical)
		return ERR_INTERNAL;
	arena_defer(req->arena, free_canonical, j->canonical);
	return auth_confirm_signer(req, file_confirmed, j);
}
