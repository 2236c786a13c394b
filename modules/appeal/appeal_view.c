/* How an appeal is shown: to the appellant (progress at every SOP step, their FR.AK.04, the due
 * date and working days left; not the team's internal notes) and to LSP staff and the team. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "appeal_internal.h"
#include "certification/certification.h"
#include "json.h"
#include "workdays.h"

enum err appeal_load_visible(struct request *req, struct appeal *out)
{
	int64_t id = 0;
	enum err e = req_param_id(req, "id", &id);
	if (e == ERR_OK)
		e = appeal_store_get(req->db, req->arena, id, out);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_NOT_FOUND, "appeal_not_found", NULL);
	if (e != ERR_OK)
		return e;
	if (out->asesi_id == req->who->account_id || req_has_perm(req, APPEAL_PERM_READ) ||
	    appeal_store_is_member(req->db, out->id, req->who->account_id))
		return ERR_OK;
	return req_fail(req, ERR_NOT_FOUND, "appeal_not_found", NULL);
}

static int is_open(enum appeal_state s)
{
	return s == AS_FILED || s == AS_TEAM_FORMED || s == AS_IN_REVIEW;
}

/* Receipt number (tanda terima, SOP-BJJ-03): <LSP code>/BDG/<year>/<id>. */
static json_t *receipt_number(struct request *req, const struct appeal *a)
{
	int y, m, d;
	int off = workdays_zone_offset(req->app->cfg->timezone);
	workdays_to_civil(workdays_day_from_ms(a->filed_at, off < 0 ? WORKDAYS_WIB : off), &y, &m,
			  &d);
	const char *lsp =
	    req->app->cfg->lsp_code && *req->app->cfg->lsp_code ? req->app->cfg->lsp_code : "LSP";
	return json_string(
	    arena_sprintf(req->arena, "%s/BDG/%04d/%05lld", lsp, y, (long long)a->id));
}

/* The SOP steps, each marked done when one of the appeal events it names has happened. */
static json_t *sop_progress(json_t *timeline)
{
	json_t *steps = appeal_sop_steps_json(), *s, *ev, *t;
	size_t i, k, j;
	json_array_foreach(steps, i, s)
	{
		int done = 0, appeal_step = 0;
		json_array_foreach(json_object_get(s, "events"), k, ev)
		{
			const char *name = json_string_value(ev);
			if (!name || strncmp(name, "appeal_", 7) != 0)
				continue;
			appeal_step = 1;
			json_array_foreach(timeline, j, t)
			{
				const char *took = json_string_value(json_object_get(t, "event"));
				if (took && !strcmp(name, took))
					done = 1;
			}
		}
		json_object_set_new(s, "appeal_step", json_boolean(appeal_step));
		json_object_set_new(s, "done", json_boolean(done));
	}
	return steps;
}

/* The steps the caller could take now (the table's events from this state whose permission the
 * caller holds; membership and independence are checked when the step is taken). */
static json_t *allowed_for(struct request *req, const struct appeal *a)
{
	json_t *arr = json_array();
	size_t n;
	const struct appeal_transition *t = appeal_transitions(&n);
	for (size_t i = 0; i < n; i++) {
		if (t[i].from != a->state || !req_has_perm(req, t[i].perm))
			continue;
		if (t[i].actor == AA_TEAM_MEMBER &&
		    !appeal_store_is_member(req->db, a->id, req->who->account_id))
			continue;
		json_array_append_new(arr, json_string(t[i].event));
	}
	return arr;
}

json_t *appeal_json(struct request *req, const struct appeal *a, int full)
{
	int open = is_open(a->state);
	int staff = a->asesi_id != req->who->account_id;
	json_t *o = json_pack(
	    "{s:I, s:I, s:I, s:s, s:o, s:o, s:o, s:b, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
	    (json_int_t)a->id, "case_id", (json_int_t)a->case_id, "asesi_id",
	    (json_int_t)a->asesi_id, "state", appeal_state_name(a->state), "receipt_number",
	    receipt_number(req, a), "filed_at", json_time(a->filed_at), "due_at",
	    json_time(a->due_at), "overdue", open && req->now_ms > a->due_at, "form_sha256",
	    a->form_sha256, "outcome", json_str_or_null(a->outcome), "outcome_case_id",
	    a->outcome_case_id ? json_integer(a->outcome_case_id) : json_null(), "decided_at",
	    a->decided_at ? json_time(a->decided_at) : json_null(), "decision_note",
	    json_str_or_null(a->decision_note), "working_days_left",
	    open ? json_integer(appeal_workdays_left(req->app, req->now_ms, a->due_at))
		 : json_null());
	if (!full)
		return o;
	json_t *timeline = appeal_store_events_json(req->db, a->id, staff);
	json_object_set_new(o, "sop_steps", sop_progress(timeline));
	json_object_set_new(o, "events", timeline);
	json_object_set_new(o, "form", json_loads(a->form_json, 0, NULL));
	json_object_set_new(o, "allowed", allowed_for(req, a));
	if (staff)
		json_object_set_new(o, "team", appeal_store_team_json(req->db, a->id));
	struct cert_case_summary cs;
	if (cert_case_summary(req->db, req->arena, a->case_id, &cs) == ERR_OK)
		json_object_set_new(
		    o, "case",
		    json_pack("{s:I, s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)cs.id, "skema_id",
			      (json_int_t)cs.skema_id, "state", cs.state, "decision",
			      json_str_or_null(cs.decision), "decided_at",
			      cs.decided_at ? json_time(cs.decided_at) : json_null(), "sk_number",
			      json_str_or_null(cs.sk_number)));
	return o;
}
