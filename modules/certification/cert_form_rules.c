/* Rules that tie the fields of a form part together beyond what one field's definition can say,
 * checked when a part is signed (after cert_form_validate): an overall recommendation K on
 * FR.AK.02 only when every unit is K. */
#include <string.h>

#include "cert_forms.h"
#include "cert_internal.h"

/* FR.AK.02 (assessor): "rekomendasi" K needs "kompeten" K on every unit. */
static enum err ak02_rules(struct request *req, json_t *data)
{
	const char *rec = json_string_value(json_object_get(data, "rekomendasi"));
	size_t i;
	json_t *u;
	if (!rec || strcmp(rec, "K") != 0)
		return ERR_OK;
	json_array_foreach(json_object_get(data, "units"), i, u)
	{
		const char *k = json_string_value(json_object_get(u, "kompeten"));
		if (!k || strcmp(k, "K") != 0)
			return req_fail_detail(req, ERR_INVALID, "form_k_needs_all_units",
					       "rekomendasi",
					       json_string_value(json_object_get(u, "code")));
	}
	return ERR_OK;
}

enum err cert_form_rules(struct request *req, const struct cert_form *f, const char *role,
			 json_t *data)
{
	if (!strcmp(f->code, "FR.AK.02") && !strcmp(role, "asesor"))
		return ak02_rules(req, data);
	return ERR_OK;
}
