/* libFuzzer target: the scheme import parser (JSON text -> in-memory scheme and MUK versions), a
 * pure function with no database. Invariants: an error always names a code; an accepted document
 * has only valid unit codes, and exporting it again gives a document the parser accepts. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "muk/muk_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Rebuilds the stored-version view of a parsed import, records made for the current content. */
static struct muk_vrow *rows_of(struct arena *a, const struct muk_import *imp)
{
	struct muk_vrow *v = arena_zalloc(a, (imp->nv + 1) * sizeof *v);

	for (size_t i = 0; i < imp->nv; i++) {
		char *sha = arena_alloc(a, 65);

		muk_json_sha256(imp->v[i].content, sha);
		v[i].version = imp->v[i].version;
		v[i].prev_version = imp->v[i].prev_version;
		v[i].validated = imp->v[i].validated;
		v[i].sha = sha;
		v[i].content = (json_t *)imp->v[i].content;
		v[i].nvas = imp->v[i].nvas;
		v[i].vas = arena_zalloc(a, (v[i].nvas + 1) * sizeof *v[i].vas);
		for (size_t k = 0; k < v[i].nvas; k++) {
			v[i].vas[k].sha = sha;
			v[i].vas[k].doc = (json_t *)imp->v[i].vas[k].doc;
		}
		v[i].nreviews = imp->v[i].nreviews;
		v[i].reviews = arena_zalloc(a, (v[i].nreviews + 1) * sizeof *v[i].reviews);
		for (size_t k = 0; k < v[i].nreviews; k++) {
			v[i].reviews[k].sha = sha;
			v[i].reviews[k].doc = (json_t *)imp->v[i].reviews[k].doc;
			v[i].reviews[k].all_ya = imp->v[i].reviews[k].all_ya;
		}
	}
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct muk_import imp, again;
	struct muk_perr pe;

	if (muk_import_parse_text((const char *)data, size, a, &imp, &pe) != 0) {
		if (!pe.code || strlen(pe.path) >= sizeof pe.path)
			abort(); /* a refusal always says why */
	} else {
		json_t *out;

		for (size_t i = 0; i < imp.scheme.nunits; i++)
			if (!muk_unit_code_valid(imp.scheme.units[i].code))
				abort();
		out = muk_export_build(&imp.scheme, rows_of(a, &imp), imp.nv);
		if (!out || muk_import_parse(out, a, &again, &pe) != 0 || again.nv != imp.nv) {
			fprintf(stderr, "re-import refused: %s at %s\n", pe.code ? pe.code : "-",
				pe.path);
			abort(); /* what we export, we import */
		}
		for (size_t i = 0; i < imp.nv; i++)
			json_decref(
			    muk_redact_for_asesi(json_object_get(imp.v[i].content, "instruments")));
		json_decref(out);
	}
	arena_free(&a);
	return 0;
}
