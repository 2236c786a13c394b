/* What other modules call (muk.h): read access to schemes and versions, the asesi-safe
 * instrument view, and marking a version used by a case. */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "log.h"
#include "muk_internal.h"

json_t *muk_instruments_for(struct db *db, int64_t version_id, enum muk_audience aud)
{
	struct arena *a = arena_new();
	struct muk_vrow v;
	json_t *out = NULL, *ins;
	enum err e;

	e = muk_store_version_load(db, a, version_id, 1, 0, &v);
	if (e != ERR_OK) {
		if (e != ERR_NOT_FOUND)
			log_error("muk: version %lld: %s", (long long)version_id, err_name(e));
		goto out;
	}
	ins = json_object_get(v.content, "instruments");
	if (aud == MUK_AUDIENCE_STAFF)
		out = json_is_object(ins) ? json_deep_copy(ins) : json_object();
	else if (v.validated)
		out = muk_redact_for_asesi(ins);
out:
	arena_free(&a);
	return out;
}

enum err muk_version_mark_used_by(struct db *db, int64_t version_id, int64_t actor, int64_t now_ms)
{
	int changed = 0;

	if (!db_in_tx(db))
		return ERR_INTERNAL;
	return muk_store_version_use(db, actor, version_id, now_ms, &changed);
}

enum err muk_version_mark_used(struct db *db, int64_t version_id)
{
	return muk_version_mark_used_by(db, version_id, 0, clock_now_ms());
}

enum err muk_version_info(struct db *db, int64_t version_id, struct muk_version_info *out)
{
	struct arena *a = arena_new();
	struct muk_vrow v;
	enum err e;

	e = muk_store_version_load(db, a, version_id, 0, 0, &v);
	if (e == ERR_OK) {
		memset(out, 0, sizeof *out);
		out->id = v.id;
		out->scheme_id = v.scheme_id;
		out->version = v.version;
		out->prev_id = v.prev_id;
		out->validated = v.validated;
		out->used = v.used;
		if (v.sha)
			memcpy(out->content_sha256, v.sha, strlen(v.sha) < 64 ? strlen(v.sha) : 64);
	}
	arena_free(&a);
	return e;
}

enum err muk_version_current(struct db *db, int64_t scheme_id, int64_t *version_id)
{
	return db_get_int(db, version_id,
			  "SELECT id FROM muk_versions WHERE scheme_id = ? AND status = 'validated'"
			  " ORDER BY version DESC LIMIT 1",
			  "i", scheme_id);
}

enum err muk_scheme_by_number(struct db *db, const char *number, int64_t *id)
{
	return muk_store_scheme_id_by_number(db, number, id);
}

enum err muk_scheme_info(struct db *db, struct arena *arena, int64_t scheme_id,
			 struct muk_scheme_info *out)
{
	struct muk_scheme *s = NULL;
	enum err e = muk_store_scheme_load(db, arena, scheme_id, &s);

	if (e != ERR_OK)
		return e;
	memset(out, 0, sizeof *out);
	out->id = s->id;
	out->code = s->code;
	out->number = s->number;
	out->title = s->title;
	out->type = muk_kind_names[s->kind];
	out->kkni_level = s->kkni_level;
	out->fee_idr = s->fee_idr;
	out->validity_months = (int)s->validity_months;
	out->appeal_days = (int)s->appeal_days;
	out->remote_approved = s->remote.approved;
	out->paperless_approved = s->paperless.approved;
	out->active = s->active;
	return ERR_OK;
}

json_t *muk_scheme_public_json(struct db *db, int64_t scheme_id)
{
	struct arena *a = arena_new();
	struct muk_scheme *s = NULL;
	json_t *out = NULL;
	enum err e = muk_store_scheme_load(db, a, scheme_id, &s);

	if (e == ERR_OK)
		out = muk_scheme_to_json(s, 1);
	else if (e != ERR_NOT_FOUND)
		log_error("muk: scheme %lld: %s", (long long)scheme_id, err_name(e));
	arena_free(&a);
	return out;
}

static const char *const plan_codes[] = {"ia01", "ia02", "ia03", "ia04", "ia05",
					 "ia06", "ia07", "ia08", "ia09", "ia10"};

enum err muk_plan_instruments(struct db *db, int64_t version_id, int potensi, const char *out[10],
			      size_t *n)
{
	struct arena *a = arena_new();
	struct muk_vrow v;
	unsigned char chosen[10] = {0};
	char key[4];
	int covered = 0;
	size_t gi;
	json_t *g;
	enum err e;

	*n = 0;
	e = muk_store_version_load(db, a, version_id, 1, 0, &v);
	if (e != ERR_OK)
		goto out;
	snprintf(key, sizeof key, "%d", potensi);
	json_array_foreach(json_object_get(json_object_get(v.content, "mapa02"), "groups"), gi, g)
	{
		const json_t *list = json_object_get(json_object_get(g, "instruments"), key);
		const json_t *c;
		size_t i;

		if (!json_is_array(list))
			continue;
		covered = 1;
		json_array_foreach(list, i, c)
		{
			for (size_t k = 0; k < 10; k++)
				if (json_is_string(c) &&
				    !strcmp(json_string_value(c), plan_codes[k]))
					chosen[k] = 1;
		}
	}
	if (!covered) {
		e = ERR_NOT_FOUND;
		goto out;
	}
	for (size_t k = 0; k < 10; k++)
		if (chosen[k])
			out[(*n)++] = plan_codes[k];
out:
	arena_free(&a);
	return e;
}

unsigned muk_plan_categories(struct db *db, int64_t version_id)
{
	struct arena *a = arena_new();
	struct muk_vrow v;
	unsigned mask = 0;
	size_t gi;
	json_t *g;

	if (muk_store_version_load(db, a, version_id, 1, 0, &v) == ERR_OK) {
		json_array_foreach(json_object_get(json_object_get(v.content, "mapa02"), "groups"),
				   gi, g)
		{
			for (int k = 1; k <= 5; k++) {
				char key[4];

				snprintf(key, sizeof key, "%d", k);
				if (json_object_get(json_object_get(g, "instruments"), key))
					mask |= 1u << k;
			}
		}
	}
	arena_free(&a);
	return mask;
}
