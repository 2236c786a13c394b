/* GET /api/appeals/:id/candidates: who may sit on the team of an appeal, for the person who forms
 * it (appeal.manage): active accounts whose roles hold appeal.decide and who had no part in the
 * appealed case (the same rule appeal_team_form checks). Names come through auth.h, because the
 * forming manager usually may not list accounts. */
#include <string.h>

#include "appeal_internal.h"
#include "auth.h"
#include "certification/certification.h"
#include "json.h"

#define CANDIDATES_MAX 200

static int holds(const struct auth_role *r, const char *perm)
{
	for (size_t i = 0; i < r->nperms; i++)
		if (!strcmp(r->perms[i], perm))
			return 1;
	return 0;
}

enum err appeal_h_candidates(struct request *req)
{
	struct appeal a;
	struct auth_role *roles = NULL;
	size_t nroles = 0;
	enum err e = appeal_load_visible(req, &a);
	if (e != ERR_OK)
		return e;
	if (!req_has_perm(req, APPEAL_PERM_MANAGE))
		return req_fail(req, ERR_FORBIDDEN, "forbidden", NULL);
	if ((e = auth_role_list(req->db, req->arena, &roles, &nroles)) != ERR_OK)
		return e;
	json_t *out = json_array();
	for (size_t r = 0; r < nroles; r++) {
		struct auth_account *acc = NULL;
		size_t n = 0;
		int64_t total = 0;
		if (!holds(&roles[r], APPEAL_PERM_DECIDE))
			continue;
		e = auth_account_list(req->db, req->arena, NULL, roles[r].name, 0, CANDIDATES_MAX,
				      req->now_ms, &acc, &n, &total);
		for (size_t i = 0; e == ERR_OK && i < n; i++) {
			size_t k;
			json_t *x;
			int dup = 0;
			json_array_foreach(out, k, x) dup |=
			    json_integer_value(json_object_get(x, "id")) == acc[i].id;
			if (dup || strcmp(acc[i].status, "active") != 0)
				continue;
			json_array_append_new(
			    out, json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)acc[i].id,
					   "name", acc[i].name, "role", roles[r].name, "involved",
					   cert_case_involved(req->db, a.case_id, acc[i].id)));
		}
		if (e != ERR_OK) {
			json_decref(out);
			return e;
		}
	}
	return resp_json(req, 200, json_pack("{s:o}", "candidates", out));
}
