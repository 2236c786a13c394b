/* The case as the API shows it, and the module's user-facing messages. */
#include "cert_internal.h"
#include "json.h"

json_t *cert_case_json(const struct cert_case *c)
{
	json_t *o = json_pack("{s:I, s:I, s:I, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)c->id,
			      "asesi_id", (json_int_t)c->asesi_id, "skema_id",
			      (json_int_t)c->skema_id, "purpose", c->purpose ? c->purpose : "",
			      "state", cert_state_name(c->state), "state_since",
			      json_time(c->state_since), "created_at", json_time(c->created_at),
			      "recommendation", json_str_or_null(c->recommendation));
	json_object_set_new(o, "jadwal_id",
			    c->jadwal_id ? json_integer(c->jadwal_id) : json_null());
	json_object_set_new(o, "muk_version_id",
			    c->muk_version_id ? json_integer(c->muk_version_id) : json_null());
	json_object_set_new(o, "parent_case_id",
			    c->parent_case_id ? json_integer(c->parent_case_id) : json_null());
	json_object_set_new(o, "potensi", c->potensi ? json_integer(c->potensi) : json_null());
	json_object_set_new(o, "due_at", c->due_at ? json_time(c->due_at) : json_null());
	return o;
}
