/* The case context the forms engine validates repeat groups against and the renderer draws:
 * the scheme's basic requirements and its units with their elements, from the MUK module. */
#include <stdio.h>

#include "cert_evidence.h"
#include "cert_internal.h"
#include "muk/muk.h"

json_t *cert_case_context(struct db *db, const struct cert_case *c)
{
	json_t *scheme = muk_scheme_public_json(db, c->skema_id);
	json_t *ctx = json_pack("{s:[], s:[]}", "requirements", "units");
	json_t *reqs = json_object_get(ctx, "requirements"), *units = json_object_get(ctx, "units");
	size_t i, k;
	json_t *r, *u, *el;
	if (!scheme)
		return ctx;
	json_array_foreach(json_object_get(scheme, "requirements"), i, r)
	{
		char rkey[64];
		json_t *row = json_deep_copy(r);
		/* the requirement's reference ("9.1.2.1 a"), or its position, identifies its row,
		 * as for uploads; its text is the title */
		cert_evidence_req_key(r, i, rkey, sizeof rkey);
		json_object_set_new(row, "key", json_string(rkey));
		json_object_set(row, "title", json_object_get(r, "text"));
		json_array_append_new(reqs, row);
	}
	json_array_foreach(json_object_get(scheme, "units"), i, u)
	{
		json_t *els = json_array();
		json_array_foreach(json_object_get(u, "elements"), k, el)
		{
			char key[24];
			snprintf(key, sizeof key, "%zu", k + 1); /* elements are numbered 1.. */
			json_t *row = json_deep_copy(el);
			json_object_set_new(row, "key", json_string(key));
			json_array_append_new(els, row);
		}
		json_array_append_new(
		    units, json_pack("{s:O, s:O, s:o}", "code", json_object_get(u, "code"), "title",
				     json_object_get(u, "title"), "elements", els));
	}
	json_object_set_new(ctx, "skema",
			    json_pack("{s:O, s:O}", "number", json_object_get(scheme, "number"),
				      "title", json_object_get(scheme, "title")));
	json_decref(scheme);
	return ctx;
}
