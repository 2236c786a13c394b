/* POST /api/appeals/:id/events/:event: one step of the appeal transition table (appeal_fsm.c).
 * The table decides the permission and the actor: the team is formed by an appeal.manage holder
 * with no part in the case, from appeal.decide holders (tim_banding) with no part in it
 * (SOP-BJJ-04); only team members open the review and decide (SOP-BJJ-05, -08). An upheld appeal
 * opens a linked re-assessment case or amends the decision through certification.h (SOP-BJJ-09).
 * The step, its records and the ledger entry share one transaction. */
#include <stdio.h>
#include <string.h>

#include "appeal_internal.h"
#include "auth.h"
#include "buf.h"
#include "certification/certification.h"
#include "db.h"
#include "json.h"
#include "ledger.h"
#include "util.h"

struct step_input {
	const char *note;
	int64_t team[APPEAL_TEAM_MAX];
	size_t nteam;
	int outcome; /* 0 reassessment, 1 decision_changed; -1 none */
	const char *result, *sk_number, *berita_acara;
};

static const char *const outcomes[] = {"reassessment", "decision_changed"};
static const char *const results[] = {"K", "BK"};

static enum err refuse_event(struct request *req, enum appeal_state s)
{
	const char *allowed[8];
	size_t n = appeal_fsm_allowed(s, allowed, 8);
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n && i < 8; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", allowed[i]);
	const char *list = arena_strdup(req->arena, b.len ? b.ptr : "-");
	buf_cleanup(&b);
	return req_fail_detail(req, ERR_CONFLICT, "appeal_transition_not_allowed", "event", list);
}

static enum err may_take(struct request *req, const struct appeal *a,
			 const struct appeal_transition *t)
{
	if (!req_has_perm(req, t->perm))
		return req_fail(req, ERR_FORBIDDEN, "forbidden", NULL);
	switch (t->actor) {
	case AA_APPELLANT:
		if (a->asesi_id != req->who->account_id)
			return req_fail(req, ERR_FORBIDDEN, "forbidden", NULL);
		return ERR_OK;
	case AA_INDEPENDENT:
		if (cert_case_involved(req->db, a->case_id, req->who->account_id))
			return req_fail(req, ERR_FORBIDDEN, "appeal_not_independent", NULL);
		return ERR_OK;
	case AA_TEAM_MEMBER:
		if (!appeal_store_is_member(req->db, a->id, req->who->account_id))
			return req_fail(req, ERR_FORBIDDEN, "appeal_not_team_member", NULL);
		return ERR_OK;
	}
	return ERR_INTERNAL;
}

/* team: 1..APPEAL_TEAM_MAX distinct active appeal.decide holders, none involved in the case. */
static enum err read_team(struct request *req, const struct appeal *a, struct step_input *in)
{
	json_t *arr = NULL, *v;
	size_t i;
	enum err e = json_in_array(req, req->json, "team", JSON_IN_REQUIRED, APPEAL_TEAM_MAX, &arr);
	if (e != ERR_OK)
		return e;
	if (json_array_size(arr) == 0)
		return req_fail(req, ERR_INVALID, "field_required", "team");
	json_array_foreach(arr, i, v)
	{
		const char *field = arena_sprintf(req->arena, "team[%zu]", i);
		json_int_t id = json_is_integer(v) ? json_integer_value(v) : 0;
		if (id <= 0)
			return req_fail(req, ERR_INVALID, "field_type", field);
		for (size_t k = 0; k < in->nteam; k++)
			if (in->team[k] == id)
				return req_fail(req, ERR_INVALID, "appeal_member_duplicate", field);
		if (!auth_account_has_perm(req->db, id, APPEAL_PERM_DECIDE))
			return req_fail(req, ERR_INVALID, "appeal_member_not_tim_banding", field);
		if (cert_case_involved(req->db, a->case_id, id))
			return req_fail(req, ERR_CONFLICT, "appeal_member_involved", field);
		in->team[in->nteam++] = id;
	}
	return ERR_OK;
}

static enum err read_decision(struct request *req, struct step_input *in)
{
	enum err e;
	if ((e = json_in_enum(req, req->json, "outcome", JSON_IN_REQUIRED, outcomes, 2,
			      &in->outcome)) != ERR_OK)
		return e;
	if (in->outcome != 1)
		return ERR_OK;
	int r = 0;
	if ((e = json_in_enum(req, req->json, "result", JSON_IN_REQUIRED, results, 2, &r)) !=
		ERR_OK ||
	    (e = json_in_str(req, req->json, "sk_number", JSON_IN_REQUIRED, 1, 100,
			     &in->sk_number)) != ERR_OK ||
	    (e = json_in_str(req, req->json, "berita_acara", JSON_IN_REQUIRED, 1, 4000,
			     &in->berita_acara)) != ERR_OK)
		return e;
	in->result = results[r];
	return ERR_OK;
}

static enum err read_input(struct request *req, const struct appeal *a,
			   const struct appeal_transition *t, struct step_input *in)
{
	enum err e;
	int decides = t->to == AS_UPHELD || t->to == AS_REJECTED;
	in->outcome = -1;
	if ((e = json_in_str(req, req->json, "note", decides ? JSON_IN_REQUIRED : JSON_IN_OPTIONAL,
			     decides ? 1 : 0, 4000, &in->note)) != ERR_OK)
		return e;
	if (!strcmp(t->event, "appeal_team_form"))
		return read_team(req, a, in);
	if (!strcmp(t->event, "appeal_uphold")) {
		if ((e = read_decision(req, in)) != ERR_OK)
			return e;
		if (in->outcome == 1) {
			struct cert_case_summary cs;
			if ((e = cert_case_summary(req->db, req->arena, a->case_id, &cs)) != ERR_OK)
				return e;
			if (cs.decision && !strcmp(cs.decision, in->result))
				return req_fail(req, ERR_INVALID, "appeal_result_unchanged",
						"result");
		}
	}
	return ERR_OK;
}

/* The step's own records and the appeal's move, inside the open transaction. On ERR_CONFLICT
 * *code names the message (the case cannot be amended, or the appeal moved meanwhile). */
static enum err apply(struct request *req, const struct appeal *a,
		      const struct appeal_transition *t, const struct step_input *in,
		      int64_t *outcome_case, json_t *payload, const char **code)
{
	int64_t actor = req->who->account_id;
	enum err e = ERR_OK;
	int decides = t->to == AS_UPHELD || t->to == AS_REJECTED;
	if (!strcmp(t->event, "appeal_team_form")) {
		json_t *team = json_array();
		for (size_t i = 0; e == ERR_OK && i < in->nteam; i++) {
			e = appeal_store_team_add(req->db, a->id, in->team[i], actor, req->now_ms);
			json_array_append_new(team, json_integer(in->team[i]));
		}
		json_object_set_new(payload, "team", team);
	} else if (in->outcome == 0) {
		e = cert_case_open_reassessment(req->db, a->case_id, actor, req->now_ms,
						outcome_case);
		json_object_set_new(payload, "outcome_case_id", json_integer(*outcome_case));
	} else if (in->outcome == 1) {
		e = cert_case_amend_decision(req->db, a->case_id, in->result, in->sk_number,
					     in->berita_acara, actor, req->now_ms);
		if (e == ERR_CONFLICT) /* certified meanwhile: only a decided case can change */
			*code = "appeal_case_not_amendable";
		json_object_set_new(payload, "result", json_string(in->result));
		json_object_set_new(payload, "sk_number", json_string(in->sk_number));
	}
	if (in->outcome >= 0)
		json_object_set_new(payload, "outcome", json_string(outcomes[in->outcome]));
	if (in->note) {
		char sha[SHA256_HEX_LEN + 1];
		util_sha256_hex(in->note, strlen(in->note), sha);
		json_object_set_new(payload, "note_sha256", json_string(sha));
	}
	if (e == ERR_OK)
		e = appeal_store_move(req->db, a->id, a->state, t->to, t->event, actor, in->note,
				      in->outcome >= 0 ? outcomes[in->outcome] : NULL,
				      *outcome_case, decides, req->now_ms);
	return e;
}

static enum err commit_event(struct request *req, const struct appeal *a,
			     const struct appeal_transition *t, const struct step_input *in)
{
	char id_text[24];
	int64_t outcome_case = 0;
	const char *code = "appeal_moved";
	json_t *payload = json_pack("{s:I, s:s, s:s}", "case_id", (json_int_t)a->case_id, "from",
				    appeal_state_name(a->state), "to", appeal_state_name(t->to));
	enum err e = db_begin(req->db);
	if (e == ERR_OK) {
		e = apply(req, a, t, in, &outcome_case, payload, &code);
		if (e == ERR_OK) {
			snprintf(id_text, sizeof id_text, "%lld", (long long)a->id);
			e = ledger_append(req->db, req->who->account_id,
					  arena_sprintf(req->arena, "appeal.%s", t->event + 7),
					  "appeal", id_text, payload, req->now_ms, NULL);
		}
		if (e == ERR_OK)
			e = db_commit(req->db);
		else
			db_rollback(req->db);
	}
	json_decref(payload);
	if (e == ERR_CONFLICT)
		return req_fail(req, ERR_CONFLICT, code, NULL);
	if (e != ERR_OK)
		return e;
	struct appeal now;
	if ((e = appeal_store_get(req->db, req->arena, a->id, &now)) != ERR_OK)
		return e;
	return resp_json(req, 200, appeal_json(req, &now, 1));
}

enum err appeal_h_event(struct request *req)
{
	struct appeal a;
	enum err e = appeal_load_visible(req, &a);
	if (e != ERR_OK)
		return e;
	const struct appeal_transition *t = appeal_fsm_find(a.state, req_param(req, "event"));
	if (!t)
		return refuse_event(req, a.state);
	if ((e = may_take(req, &a, t)) != ERR_OK)
		return e;
	struct step_input *in = arena_zalloc(req->arena, sizeof *in);
	if ((e = read_input(req, &a, t, in)) != ERR_OK)
		return e;
	return commit_event(req, &a, t, in);
}
