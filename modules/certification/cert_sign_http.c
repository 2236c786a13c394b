/* Paperless signing of a case form part (SE.007 D.I.2): POST /api/cases/:id/forms/:code. The
 * signer confirms (a login younger than 5 minutes, or the password again), the part is validated
 * against the form's one definition and the case context, stored as canonical JSON with its
 * SHA-256, immutable, and recorded in the ledger. A form part can be signed only while a step
 * available from the case's stage needs that form; signing again makes a new version. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cert_evidence.h"
#include "cert_forms.h"
#include "cert_internal.h"
#include "db.h"
#include "json.h"
#include "ledger.h"
#include "util.h"

#define MAX_FILE_REFS 256

/* May the caller sign part `role` of form f on case c now? A step from the current stage must
 * need the form and be taken by that role (or need every signer, as FR.AK.01 does): so an asesi
 * cannot rewrite FR.APL.01 while the admin reviews it. The asesi signs as the owner, the asesor
 * as an assigned assessor, a staff part needs the permission of that step. */
int cert_sign_role_allowed(struct request *req, const struct cert_case *c,
			   const struct cert_form *f, const char *role, int owner, int asesor)
{
	size_t n;
	const struct cert_transition *t = cert_transitions(&n);
	if (!cert_form_role_fills(f, role))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i].from != c->state || !t[i].form || strcmp(t[i].form, f->code) != 0)
			continue;
		const char *ar = cert_actor_part_role(f, &t[i]);
		if ((!ar || strcmp(ar, role) != 0) && t[i].guard != CG_BOTH_SIGNED)
			continue;
		if (!strcmp(role, "asesi")) {
			if (owner)
				return 1;
		} else if (!strcmp(role, "asesor")) {
			if (asesor)
				return 1;
		} else if (!owner && req_has_perm(req, t[i].perm)) {
			return 1;
		}
	}
	return 0;
}

static int form_open(const struct cert_case *c, const struct cert_form *f)
{
	size_t n;
	const struct cert_transition *t = cert_transitions(&n);
	for (size_t i = 0; i < n; i++)
		if (t[i].from == c->state && t[i].form && !strcmp(t[i].form, f->code))
			return 1;
	return 0;
}

enum err cert_sign_commit(struct request *req, struct cert_sign_job *j)
{
	char sha[SHA256_HEX_LEN + 1], id_text[24];
	int64_t id = 0, version = 0;
	enum err e;
	util_sha256_hex(j->canonical, j->len, sha);
	if ((e = db_begin(req->db)) != ERR_OK)
		return e;
	/* the stage may have moved while the password was checked */
	struct cert_case now;
	e = cert_store_case_get(req->db, req->arena, j->case_id, &now);
	if (e == ERR_OK && now.state != j->state)
		e = ERR_CONFLICT;
	if (e == ERR_OK)
		e = cert_store_form_insert(req->db, j->case_id, j->code, j->role, j->canonical, sha,
					   req->who->account_id, j->method,
					   cert_state_name(j->state), req->now_ms, &id, &version);
	if (e == ERR_OK) {
		snprintf(id_text, sizeof id_text, "%lld", (long long)j->case_id);
		json_t *p =
		    json_pack("{s:s, s:s, s:I, s:s, s:s}", "code", j->code, "role", j->role,
			      "version", (json_int_t)version, "sha256", sha, "method", j->method);
		e = ledger_append(req->db, req->who->account_id, "cert.form.sign", "case", id_text,
				  p, req->now_ms, NULL);
		json_decref(p);
	}
	if (e == ERR_OK)
		e = db_commit(req->db);
	else
		db_rollback(req->db);
	if (e == ERR_CONFLICT)
		return req_fail(req, ERR_CONFLICT, "case_moved", NULL);
	if (e != ERR_OK)
		return e;
	return resp_json(req, 201,
			 json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)id, "code",
				   j->code, "role", j->role, "version", (json_int_t)version,
				   "sha256", sha));
}

enum err cert_sign_confirmed(struct request *req, void *arg, const char *method)
{
	struct cert_sign_job *j = arg;
	j->method = method;
	return cert_sign_commit(req, j);
}

enum err cert_h_form_sign(struct request *req)
{
	struct cert_case c;
	int owner = 0, asesor = 0;
	const char *role = NULL;
	json_t *data = NULL, *ctx;
	enum err e = cert_load_visible(req, &c, &owner, &asesor);
	if (e != ERR_OK)
		return e;
	const struct cert_form *f = cert_form_find(req_param(req, "code"));
	if (!f)
		return req_fail(req, ERR_NOT_FOUND, "form_not_found", "code");
	if (!form_open(&c, f))
		return req_fail_detail(req, ERR_CONFLICT, "form_not_open", NULL, f->code);
	if ((e = json_in_str(req, req->json, "role", JSON_IN_OPTIONAL, 1, 40, &role)) != ERR_OK ||
	    (e = json_in_object(req, req->json, "data", JSON_IN_REQUIRED, &data)) != ERR_OK)
		return e;
	if (!role) /* the obvious part: the asesi's own, or the assigned assessor's */
		role = owner ? "asesi" : asesor ? "asesor" : NULL;
	if (!role)
		return req_fail(req, ERR_INVALID, "field_required", "role");
	if (!cert_sign_role_allowed(req, &c, f, role, owner, asesor))
		return req_fail(req, ERR_FORBIDDEN, "form_role_not_allowed", "role");
	ctx = cert_case_context(req->db, &c);
	e = cert_form_validate(req, f, role, data, ctx);
	json_decref(ctx);
	if (e == ERR_OK)
		e = cert_form_rules(req, f, role, data);
	if (e != ERR_OK)
		return e;
	/* evidence references must be uploads of this very case */
	const char *refs[MAX_FILE_REFS];
	size_t nrefs = cert_form_file_refs(f, role, data, refs, MAX_FILE_REFS);
	if (nrefs > MAX_FILE_REFS)
		return req_fail(req, ERR_INVALID, "field_too_long", "data");
	for (size_t i = 0; i < nrefs; i++) {
		int yes = 0;
		if ((e = cert_evidence_owned(req->db, c.id, refs[i], &yes)) != ERR_OK)
			return e;
		if (!yes)
			return req_fail(req, ERR_INVALID, "form_evidence_unknown", "data");
	}
	struct cert_sign_job *j = arena_zalloc(req->arena, sizeof *j);
	j->case_id = c.id;
	j->state = c.state;
	j->code = f->code;
	j->role = arena_strdup(req->arena, role);
	cert_sign_job_set_data(req, j, data);
	return auth_confirm_signer(req, cert_sign_confirmed, j);
}

static void free_canonical(void *p)
{
	free(p);
}

void cert_sign_job_set_data(struct request *req, struct cert_sign_job *j, json_t *data)
{
	j->canonical = json_canonical(data, &j->len);
	arena_defer(req->arena, free_canonical, j->canonical);
}

enum err cert_h_forms_list(struct request *req)
{
	struct cert_case c;
	int owner = 0, asesor = 0;
	enum err e = cert_load_visible(req, &c, &owner, &asesor);
	if (e != ERR_OK)
		return e;
	int staff = asesor || req_has_perm(req, "cert.case.read");
	return resp_json(
	    req, 200,
	    json_pack("{s:o}", "forms", cert_store_forms_json(req->db, c.id, staff ? 1 : 2)));
}
