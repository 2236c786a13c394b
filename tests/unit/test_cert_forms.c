/* The case form definitions and their engine: every definition is well formed (unique snake_case
 * names, both languages, choices for every choice field, limits, repeat groups, conditions and
 * signers that add up, every form the transition table names exists), the asesi view carries no
 * staff-only part or field, and validation accepts good FR.APL.01, FR.APL.02, FR.AK.01 and
 * FR.AK.04 submissions while refusing each kind of bad one with the right code and JSON path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "arena.h"
#include "certification/cert_forms.h"
#include "certification/cert_fsm.h"

static struct app app;

#define SHA_A "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
#define SHA_B "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static struct request *mk(enum lang lang)
{
	struct arena *a = arena_new();
	struct request *req = arena_zalloc(a, sizeof *req);
	req->arena = a;
	req->app = &app;
	req->lang = lang;
	req->resp.fd = -1;
	return req;
}

static void done(struct request *req)
{
	struct arena *a = req->arena;
	arena_free(&a);
}

static json_t *js(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (!v)
		fail_msg("bad test JSON at %d: %s", jerr.position, jerr.text);
	return v;
}

static const struct cert_form *form(const char *code)
{
	const struct cert_form *f = cert_form_find(code);
	assert_non_null(f);
	return f;
}

/* ---------- structure ---------- */

#define MAX_NAMES 400

struct names {
	const char *v[MAX_NAMES];
	size_t n;
};

static int snake(const char *s)
{
	if (!s || !(*s >= 'a' && *s <= 'z'))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static int nonempty(const char *s)
{
	return s && *s;
}

static const struct cert_field *sibling(const struct cert_field *fields,
					const struct cert_field *before, const char *name)
{
	for (const struct cert_field *f = fields; f != before && f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static int has_choice(const struct cert_choice *c, const char *v)
{
	for (; c && c->value; c++)
		if (strcmp(c->value, v) == 0)
			return 1;
	return 0;
}

static void check_fields(const struct cert_form *fm, const struct cert_part *p,
			 const struct cert_field *fields, enum cert_repeat outer,
			 struct names *seen, int *signatures)
{
	for (const struct cert_field *f = fields; f->name; f++) {
		const char *where = f->name;
		if (!snake(f->name))
			fail_msg("%s: field '%s' is not snake_case", fm->code, where);
		for (size_t i = 0; i < seen->n; i++)
			if (strcmp(seen->v[i], f->name) == 0)
				fail_msg("%s: field name '%s' used twice", fm->code, where);
		assert_true(seen->n < MAX_NAMES);
		seen->v[seen->n++] = f->name;
		if (!nonempty(f->label_id) || !nonempty(f->label_en))
			fail_msg("%s.%s: label missing in a language", fm->code, where);
		if (!f->help_id != !f->help_en)
			fail_msg("%s.%s: help in one language only", fm->code, where);
		if (f->type == CF_ENUM || f->type == CF_MULTI) {
			size_t n = 0;
			if (!f->choices && f->choices_from != CR_UNITS)
				fail_msg("%s.%s: choice field without choices", fm->code, where);
			for (const struct cert_choice *c = f->choices; c && c->value; c++, n++) {
				if (!nonempty(c->label_id) || !nonempty(c->label_en))
					fail_msg("%s.%s: choice '%s' lacks a label", fm->code,
						 where, c->value);
				for (const struct cert_choice *d = f->choices; d != c; d++)
					if (strcmp(d->value, c->value) == 0)
						fail_msg("%s.%s: choice '%s' twice", fm->code,
							 where, c->value);
			}
			if (f->choices && n < 2)
				fail_msg("%s.%s: fewer than two choices", fm->code, where);
		} else if (f->choices || f->choices_from) {
			fail_msg("%s.%s: choices on a non-choice field", fm->code, where);
		}
		if (f->type == CF_INT && f->max <= f->min)
			fail_msg("%s.%s: int without a range", fm->code, where);
		if ((f->type == CF_TEXT || f->type == CF_TEXTAREA) && f->max && f->min > f->max)
			fail_msg("%s.%s: min above max", fm->code, where);
		if (f->accept && f->type != CF_BOOL)
			fail_msg("%s.%s: accept on a non-bool", fm->code, where);
		if (f->staff_only && strcmp(p->role, "asesi") == 0)
			fail_msg("%s.%s: staff-only field in a part the asesi fills", fm->code,
				 where);
		if (f->when_field) {
			const struct cert_field *s = sibling(fields, f, f->when_field);
			if (!s)
				fail_msg("%s.%s: 'when' names no earlier sibling", fm->code, where);
			if (s->type == CF_BOOL) {
				if (strcmp(f->when_value, "true") && strcmp(f->when_value, "false"))
					fail_msg("%s.%s: 'when' value of a bool", fm->code, where);
			} else if (s->type == CF_ENUM || s->type == CF_MULTI) {
				if (!has_choice(s->choices, f->when_value))
					fail_msg("%s.%s: 'when' value is no choice", fm->code,
						 where);
			} else {
				fail_msg("%s.%s: 'when' on a %d field", fm->code, where, s->type);
			}
		}
		if (f->type == CF_SIGNATURE) {
			(*signatures)++;
			if (outer != CR_NONE)
				fail_msg("%s.%s: signature inside a group", fm->code, where);
		}
		if (f->type == CF_GROUP) {
			if (f->repeat == CR_NONE)
				fail_msg("%s.%s: group without repeat", fm->code, where);
			if ((f->repeat == CR_ELEMENTS) != (outer == CR_UNITS))
				fail_msg("%s.%s: elements must repeat inside units", fm->code,
					 where);
			if (!nonempty(f->row_title_id) || !nonempty(f->row_title_en))
				fail_msg("%s.%s: row title missing", fm->code, where);
			if (f->row_list && (!nonempty(f->row_list_id) || !nonempty(f->row_list_en)))
				fail_msg("%s.%s: row list heading missing", fm->code, where);
			if (f->fields)
				check_fields(fm, p, f->fields, f->repeat, seen, signatures);
		} else if (f->repeat || f->fields) {
			fail_msg("%s.%s: repeat on a non-group", fm->code, where);
		}
	}
}

static void test_structure(void **state)
{
	(void)state;
	const struct cert_form *const *all;
	size_t n = cert_forms_all(&all);
	static const char *const codes[] = {"FR.APL.01", "FR.APL.02", "FR.AK.01",
					    "FR.AK.02",	 "FR.AK.03",  "FR.AK.04",
					    "FR.AK.05",	 "FR.AK.06",  "FR.AK.07"};
	assert_int_equal(n, sizeof codes / sizeof codes[0]);
	for (size_t i = 0; i < n; i++)
		assert_ptr_equal(cert_form_find(codes[i]), cert_form_find(codes[i]));
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		assert_non_null(cert_form_find(codes[i]));
	assert_null(cert_form_find("FR.APL.03"));
	assert_null(cert_form_find("fr.apl.01"));
	assert_null(cert_form_find(NULL));

	for (size_t i = 0; i < n; i++) {
		const struct cert_form *fm = all[i];
		struct names seen = {.n = 0};
		const char *parts[32];
		size_t np = 0;
		assert_true(nonempty(fm->title_id) && nonempty(fm->title_en));
		assert_true(fm->signers && fm->signers[0]);
		assert_true(!fm->note_id == !fm->note_en);
		for (const struct cert_part *p = fm->parts; p->code; p++) {
			int sigs = 0;
			if (!snake(p->code) && !(p->code[0] >= '0' && p->code[0] <= '9'))
				fail_msg("%s: part code '%s'", fm->code, p->code);
			for (size_t k = 0; k < np; k++)
				if (strcmp(parts[k], p->code) == 0)
					fail_msg("%s: part '%s' twice", fm->code, p->code);
			parts[np++] = p->code;
			assert_true(nonempty(p->title_id) && nonempty(p->title_en));
			assert_true(nonempty(p->role));
			assert_true(!p->note_id == !p->note_en);
			if (p->staff_only && strcmp(p->role, "asesi") == 0)
				fail_msg("%s: staff-only part '%s' filled by the asesi", fm->code,
					 p->code);
			assert_non_null(p->fields);
			check_fields(fm, p, p->fields, CR_NONE, &seen, &sigs);
			/* a part's signature belongs to a signer */
			if (sigs) {
				int signer = 0;
				for (const char *const *s = fm->signers; *s; s++)
					signer |= strcmp(*s, p->role) == 0;
				if (!signer)
					fail_msg("%s: part '%s' signed by %s, not a signer",
						 fm->code, p->code, p->role);
			}
		}
		assert_true(np > 0);
		/* every signer signs in a part of its own */
		for (const char *const *s = fm->signers; *s; s++) {
			int found = 0;
			for (const struct cert_part *p = fm->parts; p->code; p++) {
				if (strcmp(p->role, *s) != 0)
					continue;
				for (const struct cert_field *f = p->fields; f->name; f++)
					found |= f->type == CF_SIGNATURE;
			}
			if (!found)
				fail_msg("%s: signer %s has no signature field", fm->code, *s);
		}
	}

	/* every form a transition requires is defined */
	size_t nt;
	const struct cert_transition *t = cert_transitions(&nt);
	for (size_t i = 0; i < nt; i++)
		if (t[i].form && !cert_form_find(t[i].form))
			fail_msg("transition %s needs undefined form %s", t[i].event, t[i].form);

	/* the message table has both languages and every code the engine uses */
	static const char *const used[] = {"form_not_found",	   "form_data_invalid",
					   "form_role_none",	   "form_field_not_yours",
					   "form_field_unknown",   "form_field_required",
					   "form_field_type",	   "form_field_too_short",
					   "form_field_too_long",  "form_field_range",
					   "form_field_choice",	   "form_field_count",
					   "form_field_duplicate", "form_field_format",
					   "form_field_invalid",   "form_field_not_applicable",
					   "form_repeat_mismatch"};
	for (size_t i = 0; i < sizeof used / sizeof used[0]; i++) {
		int found = 0;
		for (size_t k = 0; k < cert_forms_nmsgs; k++)
			if (strcmp(cert_forms_msgs[k].code, used[i]) == 0) {
				found = 1;
				assert_true(nonempty(cert_forms_msgs[k].id));
				assert_true(nonempty(cert_forms_msgs[k].en));
			}
		if (!found)
			fail_msg("message %s missing", used[i]);
	}
}

/* ---------- JSON views ---------- */

/* Counts "staff_only" marks and collects field names anywhere under v. */
static void walk(json_t *v, size_t *marks, struct names *names)
{
	const char *k;
	json_t *x;
	size_t i;
	if (json_is_object(v)) {
		if (json_object_get(v, "staff_only"))
			(*marks)++;
		if (json_is_string(json_object_get(v, "name")) && names->n < MAX_NAMES)
			names->v[names->n++] = json_string_value(json_object_get(v, "name"));
		json_object_foreach(v, k, x) walk(x, marks, names);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) walk(x, marks, names);
	}
}

static int named(const struct names *n, const char *name)
{
	for (size_t i = 0; i < n->n; i++)
		if (strcmp(n->v[i], name) == 0)
			return 1;
	return 0;
}

static size_t count_staff(const struct cert_field *fields)
{
	size_t n = 0;
	for (const struct cert_field *f = fields; f && f->name; f++)
		n += (f->staff_only ? 1 : 0) + count_staff(f->fields);
	return n;
}

static void test_json_views(void **state)
{
	(void)state;
	const struct cert_form *const *all;
	size_t n = cert_forms_all(&all), total_marks = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *staff = cert_form_to_json(all[i], 1), *asesi = cert_form_to_json(all[i], 0);
		size_t ms = 0, ma = 0, want = 0;
		struct names ns = {.n = 0}, na = {.n = 0};
		assert_non_null(staff);
		assert_non_null(asesi);
		walk(staff, &ms, &ns);
		walk(asesi, &ma, &na);
		for (const struct cert_part *p = all[i]->parts; p->code; p++)
			want += (p->staff_only ? 1 : 0) + count_staff(p->fields);
		assert_int_equal(ms, want);
		if (ma != 0)
			fail_msg("%s: asesi view carries %zu staff-only marks", all[i]->code, ma);
		/* no staff-only field name reaches the asesi view */
		for (const struct cert_part *p = all[i]->parts; p->code; p++)
			for (const struct cert_field *f = p->fields; f->name; f++)
				if ((p->staff_only || f->staff_only) && named(&na, f->name))
					fail_msg("%s: %s in the asesi view", all[i]->code, f->name);
		total_marks += ms;
		assert_string_equal(json_string_value(json_object_get(staff, "code")),
				    all[i]->code);
		json_decref(staff);
		json_decref(asesi);
	}
	assert_true(total_marks >= 4); /* the definitions do mark staff-only material */

	/* shape of one definition */
	json_t *o = cert_form_to_json(form("FR.APL.01"), 0);
	assert_string_equal(json_string_value(json_object_get(o, "stage")), "pra");
	assert_string_equal(json_string_value(json_array_get(json_object_get(o, "events"), 0)),
			    "apl01_submit");
	json_t *p0 = json_array_get(json_object_get(o, "parts"), 0);
	assert_string_equal(json_string_value(json_object_get(p0, "role")), "asesi");
	json_t *f0 = json_array_get(json_object_get(p0, "fields"), 0);
	assert_string_equal(json_string_value(json_object_get(f0, "name")), "nama_lengkap");
	assert_string_equal(json_string_value(json_object_get(f0, "type")), "text");
	assert_true(json_is_true(json_object_get(f0, "required")));
	assert_int_equal(json_integer_value(json_object_get(f0, "max")), 100);
	assert_string_equal(json_string_value(json_object_get(f0, "label_en")), "Full name");
	json_decref(o);

	/* FR.AK.05 is staff-only as a whole; FR.APL.02's internal note only for staff */
	o = cert_form_to_json(form("FR.AK.05"), 0);
	assert_int_equal(json_array_size(json_object_get(o, "parts")), 0);
	json_decref(o);
	struct names nn = {.n = 0};
	size_t m = 0;
	o = cert_form_to_json(form("FR.APL.02"), 1);
	walk(o, &m, &nn);
	assert_true(named(&nn, "catatan_internal_asesor"));
	assert_true(named(&nn, "kompeten"));
	json_decref(o);
}

/* ---------- validation ---------- */

static const char *const APL01_CTX =
    "{\"requirements\":[{\"key\":\"r1\",\"title\":\"Ijazah SMK\"},"
    "{\"key\":\"r2\",\"title\":\"Pas foto 3x4 latar merah\"}],"
    "\"units\":[{\"code\":\"J.620100.001.01\",\"title\":\"Menganalisis tools\"}]}";

static json_t *apl01_good(void)
{
	return js("{\"nama_lengkap\":\"Siti Rahmawati\",\"nik\":\"3273014506950002\","
		  "\"tempat_lahir\":\"Bandung\",\"tanggal_lahir\":\"1995-06-05\","
		  "\"jenis_kelamin\":\"perempuan\",\"kebangsaan\":\"Indonesia\","
		  "\"alamat_rumah\":\"Jl. Merdeka No. 1, Bandung\",\"kode_pos\":\"40111\","
		  "\"hp\":\"+62 812-3456-7890\",\"email\":\"siti@contoh.id\","
		  "\"kualifikasi_pendidikan\":\"sma_smk\",\"nama_institusi\":\"\","
		  "\"tujuan_asesmen\":\"sertifikasi\",\"sumber_anggaran\":\"mandiri\","
		  "\"bukti_persyaratan\":[{\"key\":\"r1\",\"berkas\":[\"" SHA_A "\"]},"
		  "{\"key\":\"r2\",\"berkas\":[]}],\"ttd_pemohon\":true}");
}

static const char *const APL02_CTX =
    "{\"units\":[{\"code\":\"J.620100.001.01\",\"title\":\"Menganalisis tools\",\"elements\":["
    "{\"key\":\"1\",\"title\":\"Mengidentifikasi kebutuhan\",\"kuk\":[\"1.1 a\",\"1.2 b\"]},"
    "{\"key\":\"2\",\"title\":\"Memilih tools\",\"kuk\":[\"2.1 c\"]}]},"
    "{\"code\":\"J.620100.002.01\",\"title\":\"Menganalisis skalabilitas\",\"elements\":["
    "{\"key\":\"1\",\"title\":\"Menentukan kebutuhan\",\"kuk\":[\"1.1 d\"]}]}]}";

static json_t *apl02_good(void)
{
	return js("{\"units\":[{\"code\":\"J.620100.001.01\",\"elements\":["
		  "{\"key\":\"1\",\"kompeten\":\"K\",\"bukti\":[\"" SHA_A "\",\"" SHA_B "\"]},"
		  "{\"key\":\"2\",\"kompeten\":\"BK\"}]},"
		  "{\"code\":\"J.620100.002.01\",\"elements\":["
		  "{\"key\":\"1\",\"kompeten\":\"K\",\"bukti\":[\"" SHA_B "\"]}]}],"
		  "\"ttd_asesi\":true}");
}

/* Expects cert_form_validate to refuse with status, code and field. */
static void refuse(const char *code, const char *role, json_t *data, const char *ctx, int status,
		   const char *msg, const char *field)
{
	struct request *r = mk(LANG_ID);
	json_t *c = ctx ? js(ctx) : NULL;
	enum err e = cert_form_validate(r, form(code), role, data, c);
	if (e == ERR_OK)
		fail_msg("%s as %s: accepted, expected %s at %s", code, role, msg,
			 field ? field : "-");
	assert_int_equal(r->resp.status, status);
	assert_string_equal(r->resp.err_code, msg);
	if (field)
		assert_string_equal(r->resp.err_field, field);
	else
		assert_null(r->resp.err_field);
	json_decref(data);
	json_decref(c);
	done(r);
}

static void accept(const char *code, const char *role, json_t *data, const char *ctx)
{
	struct request *r = mk(LANG_ID);
	json_t *c = ctx ? js(ctx) : NULL;
	json_t *copy = json_deep_copy(data);
	if (cert_form_validate(r, form(code), role, data, c) != ERR_OK)
		fail_msg("%s as %s refused: %s at %s", code, role, r->resp.err_code,
			 r->resp.err_field ? r->resp.err_field : "-");
	assert_true(json_equal(copy, data)); /* not modified */
	json_decref(copy);
	json_decref(data);
	json_decref(c);
	done(r);
}

static void set(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v);
}

static void test_accept_good(void **state)
{
	(void)state;
	accept("FR.APL.01", "asesi", apl01_good(), APL01_CTX);
	accept("FR.APL.01", "admin_lsp",
	       js("{\"verifikasi_persyaratan\":[{\"key\":\"r1\",\"status\":\"ada_memenuhi\"},"
		  "{\"key\":\"r2\",\"status\":\"tidak_ada\",\"catatan_persyaratan\":\"Unggah pas "
		  "foto\"}],\"rekomendasi\":\"diterima\",\"catatan\":\"Lengkap.\","
		  "\"catatan_internal\":\"cek ulang ijazah\",\"ttd_admin\":true}"),
	       APL01_CTX);
	accept("FR.APL.02", "asesi", apl02_good(), APL02_CTX);
	accept("FR.APL.02", "asesor",
	       js("{\"rekomendasi\":\"dapat_dilanjutkan\",\"catatan\":\"Bukti cukup.\","
		  "\"catatan_internal_asesor\":\"-\",\"ttd_asesor\":true}"),
	       APL02_CTX);
	accept("FR.AK.01", "asesor",
	       js("{\"bukti_dikumpulkan\":[\"observasi_langsung\",\"pertanyaan_lisan\","
		  "\"lainnya\"],\"bukti_lainnya\":\"Rekaman video\",\"tanggal\":\"2026-02-28\","
		  "\"waktu\":\"09:30\",\"tuk\":\"TUK Sewaktu LSP (jarak jauh)\","
		  "\"pernyataan_asesor\":true,\"ttd_asesor\":true}"),
	       NULL);
	accept("FR.AK.01", "asesi",
	       js("{\"pernyataan_banding\":true,\"pernyataan_persetujuan\":true,"
		  "\"ttd_asesi\":true}"),
	       NULL);
	/* choices taken from the context's units */
	accept("FR.AK.04", "asesi",
	       js("{\"dijelaskan\":true,\"didiskusikan\":false,\"melibatkan_orang_lain\":false,"
		  "\"lingkup\":\"unit\",\"unit_dibanding\":[\"J.620100.002.01\"],"
		  "\"keputusan_dibanding\":\"BK pada unit 002\","
		  "\"alasan\":\"Asesmen tidak memberi kesempatan demonstrasi.\","
		  "\"bukti\":[],\"ttd_asesi\":true}"),
	       APL02_CTX);
	/* a group whose context has no rows may be left out */
	json_t *d = apl01_good();
	json_object_del(d, "bukti_persyaratan");
	accept("FR.APL.01", "asesi", d, "{\"requirements\":[]}");
}

static void test_refuse(void **state)
{
	(void)state;
	json_t *d;

	/* not an object; a role with no part */
	refuse("FR.APL.01", "asesi", js("[]"), APL01_CTX, 422, "form_data_invalid", NULL);
	refuse("FR.APL.01", "komite_teknis", js("{}"), APL01_CTX, 403, "form_role_none", NULL);

	/* unknown field */
	d = apl01_good();
	set(d, "hobi", json_string("catur"));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_unknown", "hobi");
	/* a nested field name is not a top-level field */
	d = apl01_good();
	set(d, "berkas", json_array());
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_unknown", "berkas");
	/* a display-only group takes no data */
	d = apl01_good();
	set(d, "unit_skema", json_array());
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_unknown", "unit_skema");

	/* missing required, empty required */
	d = apl01_good();
	json_object_del(d, "nama_lengkap");
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_required", "nama_lengkap");
	d = apl01_good();
	set(d, "nama_lengkap", json_string("   "));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_required", "nama_lengkap");
	d = apl01_good();
	set(d, "ttd_pemohon", json_false());
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_required", "ttd_pemohon");

	/* too long (characters, not bytes: 100 x "é" is 200 bytes and fits) */
	char longname[260];
	memset(longname, 'a', 101);
	longname[101] = '\0';
	d = apl01_good();
	set(d, "nama_lengkap", json_string(longname));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_too_long", "nama_lengkap");
	longname[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(longname, "\xc3\xa9");
	d = apl01_good();
	set(d, "nama_lengkap", json_string(longname));
	accept("FR.APL.01", "asesi", d, APL01_CTX);
	d = apl01_good();
	set(d, "nama_lengkap", json_string("A"));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_too_short", "nama_lengkap");
	d = apl01_good();
	set(d, "nama_lengkap", json_string("Siti\nRahma"));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_invalid", "nama_lengkap");

	/* bad choice, wrong type */
	d = apl01_good();
	set(d, "jenis_kelamin", json_string("lainnya"));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_choice", "jenis_kelamin");
	d = apl01_good();
	set(d, "jenis_kelamin", json_integer(1));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_type", "jenis_kelamin");

	/* formats */
	d = apl01_good();
	set(d, "email", json_string("siti@contoh"));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_format", "email");
	d = apl01_good();
	set(d, "tanggal_lahir", json_string("2023-02-29"));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_format", "tanggal_lahir");
	d = apl01_good();
	set(d, "kode_pos", json_string("40 11"));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_format", "kode_pos");
	d = apl01_good();
	set(d, "hp", json_string("0812-abc-7890"));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_format", "hp");

	/* conditional fields */
	d = apl01_good();
	set(d, "tujuan_lainnya", json_string("Promosi jabatan"));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_not_applicable",
	       "tujuan_lainnya");
	d = apl01_good();
	set(d, "tujuan_asesmen", json_string("lainnya"));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_required", "tujuan_lainnya");
	d = apl01_good();
	set(d, "tujuan_asesmen", json_string("lainnya"));
	set(d, "tujuan_lainnya", json_string("Promosi jabatan"));
	accept("FR.APL.01", "asesi", d, APL01_CTX);

	/* repeat rows must match the context exactly */
	d = apl01_good();
	json_array_remove(json_object_get(d, "bukti_persyaratan"), 1);
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_repeat_mismatch",
	       "bukti_persyaratan");
	d = apl01_good();
	set(json_array_get(json_object_get(d, "bukti_persyaratan"), 1), "key", json_string("r9"));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_repeat_mismatch",
	       "bukti_persyaratan[1].key");
	d = apl01_good();
	refuse("FR.APL.01", "asesi", d, NULL, 422, "form_repeat_mismatch", "bukti_persyaratan");
	d = apl01_good();
	set(json_array_get(json_object_get(d, "bukti_persyaratan"), 0), "status",
	    json_string("ada_memenuhi"));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_unknown",
	       "bukti_persyaratan[0].status");
	d = apl01_good();
	set(json_array_get(json_object_get(d, "bukti_persyaratan"), 0), "berkas",
	    json_pack("[s]", "../../etc/passwd"));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_format",
	       "bukti_persyaratan[0].berkas[0]");
	d = apl01_good();
	set(json_array_get(json_object_get(d, "bukti_persyaratan"), 0), "berkas",
	    json_pack("[s,s]", SHA_A, SHA_A));
	refuse("FR.APL.01", "asesi", d, APL01_CTX, 422, "form_field_duplicate",
	       "bukti_persyaratan[0].berkas[1]");

	/* nested elements */
	d = apl02_good();
	set(json_array_get(
		json_object_get(json_array_get(json_object_get(d, "units"), 1), "elements"), 0),
	    "kompeten", json_string("KOMPETEN"));
	refuse("FR.APL.02", "asesi", d, APL02_CTX, 422, "form_field_choice",
	       "units[1].elements[0].kompeten");
	d = apl02_good();
	json_array_remove(
	    json_object_get(json_array_get(json_object_get(d, "units"), 0), "elements"), 1);
	refuse("FR.APL.02", "asesi", d, APL02_CTX, 422, "form_repeat_mismatch",
	       "units[0].elements");
	d = apl02_good();
	set(json_array_get(json_object_get(d, "units"), 1), "code", json_string("J.620100.001.01"));
	refuse("FR.APL.02", "asesi", d, APL02_CTX, 422, "form_repeat_mismatch", "units[1].code");
	d = apl02_good(); /* K needs evidence */
	json_object_del(
	    json_array_get(
		json_object_get(json_array_get(json_object_get(d, "units"), 1), "elements"), 0),
	    "bukti");
	refuse("FR.APL.02", "asesi", d, APL02_CTX, 422, "form_field_required",
	       "units[1].elements[0].bukti");
	d = apl02_good(); /* BK takes none */
	set(json_array_get(
		json_object_get(json_array_get(json_object_get(d, "units"), 0), "elements"), 1),
	    "bukti", json_pack("[s]", SHA_A));
	refuse("FR.APL.02", "asesi", d, APL02_CTX, 422, "form_field_not_applicable",
	       "units[0].elements[1].bukti");

	/* an asesi filling the assessor's part; a staff-only field from an asesi */
	d = apl02_good();
	set(d, "rekomendasi", json_string("dapat_dilanjutkan"));
	refuse("FR.APL.02", "asesi", d, APL02_CTX, 403, "form_field_not_yours", "rekomendasi");
	refuse("FR.AK.01", "asesi", js("{\"ttd_asesor\":true}"), NULL, 403, "form_field_not_yours",
	       "ttd_asesor");
	d = apl02_good();
	set(d, "catatan_internal_asesor", json_string("x"));
	refuse("FR.APL.02", "asesi", d, APL02_CTX, 422, "form_field_unknown",
	       "catatan_internal_asesor");
	refuse("FR.AK.05", "asesi", js("{}"), NULL, 403, "form_role_none", NULL);
	/* the assessor may not fill the asesi's part either */
	refuse("FR.APL.02", "asesor",
	       js("{\"rekomendasi\":\"dapat_dilanjutkan\",\"ttd_asesor\":true,\"ttd_asesi\":true}"),
	       APL02_CTX, 403, "form_field_not_yours", "ttd_asesi");

	/* statements the asesi must accept; time and multi checks */
	refuse("FR.AK.01", "asesi",
	       js("{\"pernyataan_banding\":false,\"pernyataan_persetujuan\":true,"
		  "\"ttd_asesi\":true}"),
	       NULL, 422, "form_field_required", "pernyataan_banding");
	refuse("FR.AK.01", "asesor",
	       js("{\"bukti_dikumpulkan\":[\"observasi_langsung\"],\"tanggal\":\"2026-02-28\","
		  "\"waktu\":\"24:00\",\"tuk\":\"TUK\",\"pernyataan_asesor\":true,"
		  "\"ttd_asesor\":true}"),
	       NULL, 422, "form_field_format", "waktu");
	refuse("FR.AK.01", "asesor",
	       js("{\"bukti_dikumpulkan\":[\"observasi_langsung\",\"observasi_langsung\"],"
		  "\"tanggal\":\"2026-02-28\",\"waktu\":\"09:00\",\"tuk\":\"TUK\","
		  "\"pernyataan_asesor\":true,\"ttd_asesor\":true}"),
	       NULL, 422, "form_field_duplicate", "bukti_dikumpulkan[1]");
	refuse("FR.AK.01", "asesor",
	       js("{\"bukti_dikumpulkan\":[],\"tanggal\":\"2026-02-28\",\"waktu\":\"09:00\","
		  "\"tuk\":\"TUK\",\"pernyataan_asesor\":true,\"ttd_asesor\":true}"),
	       NULL, 422, "form_field_required", "bukti_dikumpulkan");
	refuse("FR.AK.04", "asesi",
	       js("{\"dijelaskan\":true,\"didiskusikan\":true,\"melibatkan_orang_lain\":false,"
		  "\"lingkup\":\"unit\",\"unit_dibanding\":[\"X.000000.000.00\"],"
		  "\"keputusan_dibanding\":\"BK\",\"alasan\":\"Alasan yang cukup panjang.\","
		  "\"ttd_asesi\":true}"),
	       APL02_CTX, 422, "form_field_choice", "unit_dibanding[0]");
}

static void test_messages_and_modes(void **state)
{
	(void)state;
	struct request *r;
	json_t *d, *c = js(APL01_CTX);

	/* the detail is the field's label in the request's language */
	d = apl01_good();
	json_object_del(d, "nama_lengkap");
	r = mk(LANG_ID);
	assert_int_equal(cert_form_validate(r, form("FR.APL.01"), "asesi", d, c), ERR_INVALID);
	assert_string_equal(r->resp.err_detail, "Nama lengkap");
	done(r);
	r = mk(LANG_EN);
	assert_int_equal(cert_form_validate(r, form("FR.APL.01"), "asesi", d, c), ERR_INVALID);
	assert_string_equal(r->resp.err_detail, "Full name");
	done(r);

	/* a draft may leave required fields and signatures out, but not break the rules */
	r = mk(LANG_ID);
	assert_int_equal(cert_form_check(r, form("FR.APL.01"), "asesi", d, c, CERT_FORM_DRAFT),
			 ERR_OK);
	set(d, "jenis_kelamin", json_string("x"));
	assert_int_equal(cert_form_check(r, form("FR.APL.01"), "asesi", d, c, CERT_FORM_DRAFT),
			 ERR_INVALID);
	assert_string_equal(r->resp.err_field, "jenis_kelamin");
	done(r);
	json_decref(d);
	r = mk(LANG_ID);
	d = js("{\"nama_lengkap\":\"Budi\"}");
	assert_int_equal(cert_form_check(r, form("FR.APL.01"), "asesi", d, c, CERT_FORM_DRAFT),
			 ERR_OK);
	done(r);
	json_decref(d);

	/* evidence references and signatures */
	const char *refs[4];
	d = apl02_good();
	assert_int_equal(cert_form_file_refs(form("FR.APL.02"), "asesi", d, refs, 4), 3);
	assert_string_equal(refs[0], SHA_A);
	assert_string_equal(refs[2], SHA_B);
	assert_int_equal(cert_form_file_refs(form("FR.APL.02"), "asesor", d, refs, 4), 0);
	assert_true(cert_form_signed(form("FR.APL.02"), "asesi", d));
	assert_false(cert_form_signed(form("FR.APL.02"), "asesor", d));
	set(d, "ttd_asesi", json_false());
	assert_false(cert_form_signed(form("FR.APL.02"), "asesi", d));
	json_decref(d);
	assert_true(cert_form_role_fills(form("FR.AK.01"), "asesi"));
	assert_false(cert_form_role_fills(form("FR.AK.06"), "asesi"));
	json_decref(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_structure),	       cmocka_unit_test(test_json_views),
	    cmocka_unit_test(test_accept_good),	       cmocka_unit_test(test_refuse),
	    cmocka_unit_test(test_messages_and_modes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
