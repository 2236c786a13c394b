/* Read routes of the appeal module: the appeal SOP (public), the transition table (public), the
 * list of appeals (own for an asesi, all for appeal.read) and one appeal with its progress. */
#include "appeal_internal.h"
#include "json.h"

#define APPEAL_PAGE_SIZE 50

enum err appeal_h_sop(struct request *req)
{
	return resp_json(req, 200,
			 json_pack("{s:s, s:s, s:o}", "code", "SOP-BJJ", "markdown",
				   appeal_sop_markdown(), "steps", appeal_sop_steps_json()));
}

enum err appeal_h_transitions(struct request *req)
{
	static const char *const actors[] = {
	    [AA_APPELLANT] = "appellant",
	    [AA_INDEPENDENT] = "independent",
	    [AA_TEAM_MEMBER] = "team_member",
	};
	size_t n;
	const struct appeal_transition *t = appeal_transitions(&n);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s}", "from",
						     appeal_state_name(t[i].from), "event",
						     t[i].event, "to", appeal_state_name(t[i].to),
						     "permission", t[i].perm, "actor",
						     actors[t[i].actor], "deadline_working_days",
						     t[i].deadline_wd, "sop_step", t[i].sop_step));
	return resp_json(req, 200,
			 json_pack("{s:o, s:i}", "transitions", arr, "decision_working_days",
				   APPEAL_DECISION_WORKING_DAYS));
}

enum err appeal_h_list(struct request *req)
{
	int64_t page = 1, overdue = 0, total = 0;
	struct appeal *rows = NULL;
	size_t n = 0;
	enum err e;
	if ((e = req_query_int(req, "page", 1, 100000, 1, &page)) != ERR_OK ||
	    (e = req_query_int(req, "overdue", 0, 1, 0, &overdue)) != ERR_OK)
		return e;
	/* an appeal.read holder sees every appeal, anyone else only their own */
	int64_t only = req_has_perm(req, APPEAL_PERM_READ) ? 0 : req->who->account_id;
	e = appeal_store_list(req->db, req->arena, only, (int)overdue, req->now_ms,
			      (page - 1) * APPEAL_PAGE_SIZE, APPEAL_PAGE_SIZE, &rows, &n, &total);
	if (e != ERR_OK)
		return e;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, appeal_json(req, &rows[i], 0));
	return resp_json(req, 200,
			 json_pack("{s:o, s:I, s:I, s:i}", "appeals", arr, "total",
				   (json_int_t)total, "page", (json_int_t)page, "page_size",
				   APPEAL_PAGE_SIZE));
}

enum err appeal_h_get(struct request *req)
{
	struct appeal a;
	enum err e = appeal_load_visible(req, &a);
	if (e != ERR_OK)
		return e;
	return resp_json(req, 200, appeal_json(req, &a, 1));
}
