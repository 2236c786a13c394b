/* GET /api/forms/:code: the definition of one case form for the generic renderer
 * (web/js/form-renderer.js). Public, since the definitions hold no case data; staff-only parts and
 * fields are sent only to a signed-in account that holds a staff permission of the workflow. */
#include <string.h>

#include "cert_forms.h"

/* Holding any of these makes the caller staff for the form views. */
static const char *const staff_perms[] = {
    "cert.apl01.verify",  "cert.schedule.assign",   "cert.apl02.review",
    "cert.plan.confirm",  "cert.assessment.record", "cert.report.write",
    "cert.report.review", "cert.decision.make",	    "cert.certificate.record",
};

static int caller_is_staff(const struct request *req)
{
	for (size_t i = 0; i < sizeof staff_perms / sizeof staff_perms[0]; i++)
		if (req_has_perm(req, staff_perms[i]))
			return 1;
	return 0;
}

/* ?view=asesi lets staff preview what a candidate sees; ?view=staff is the default for staff and
 * is ignored for anyone else. 404 form_not_found (field "code") for an unknown code. */
enum err cert_forms_h_get(struct request *req)
{
	const char *code = req_param(req, "code");
	const char *view = req_query(req, "view");
	const struct cert_form *f = cert_form_find(code);
	int staff = caller_is_staff(req);

	if (!f)
		return req_fail(req, ERR_NOT_FOUND, "form_not_found", "code");
	if (view && strcmp(view, "asesi") != 0 && strcmp(view, "staff") != 0)
		return req_fail(req, ERR_INVALID, "query_invalid", "view");
	if (view && strcmp(view, "asesi") == 0)
		staff = 0;
	return resp_json(req, 200, cert_form_to_json(f, staff));
}
