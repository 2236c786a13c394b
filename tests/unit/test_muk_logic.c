/* The muk module's pure code: unit code, date and MET validators, scheme and MUK content parsing
 * with JSON-path errors, FR.VA / FR.IA.11 records, the asesi redaction (walked over the demo MUK),
 * IA.05 scoring, the validation rule and the import/export document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "muk/muk_internal.h"

#define U1 "P.85ASM00.001.2"
#define U2 "P.85ASM00.003.2"
#define U3 "P.854900.047.01"

/* The demo transfer document, parsed (the tree lives until the arena is freed). */
static json_t *demo_doc(void)
{
	size_t len = 0;
	const char *text = muk_demo_document(&len);
	json_error_t jerr;
	json_t *doc;

	assert_true(len > 1000);
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	assert_non_null(doc);
	return doc;
}

static json_t *demo_content(json_t *doc)
{
	return json_object_get(json_array_get(json_object_get(doc, "muk_versions"), 0), "content");
}

/* Parses the demo scheme into s (strings borrowed from doc). */
static void demo_scheme(json_t *doc, struct arena *a, struct muk_scheme *s)
{
	struct muk_perr pe;
	struct muk_rd rd;

	muk_rd_init(&rd, &pe, "skema");
	assert_int_equal(
	    muk_scheme_parse(&rd, json_object_get(doc, "skema"), a, MUK_SCHEME_UNITS_ALLOWED, s),
	    0);
}

/* Checks content against the demo tree; returns the error (code NULL when it passed). */
static struct muk_perr check_content(const json_t *content)
{
	struct arena *a = arena_new();
	json_t *doc = demo_doc();
	struct muk_scheme s;
	struct muk_perr pe;
	struct muk_rd rd;

	demo_scheme(doc, a, &s);
	muk_rd_init(&rd, &pe, "");
	if (muk_content_check(&rd, content, s.units, s.nunits) == 0)
		assert_null(pe.code);
	else
		assert_non_null(pe.code);
	json_decref(doc);
	arena_free(&a);
	return pe;
}

static void expect_err(const struct muk_perr *pe, const char *code, const char *path)
{
	if (!pe->code || strcmp(pe->code, code) != 0 || strcmp(pe->path, path) != 0)
		fail_msg("expected %s at %s, got %s at %s", code, path,
			 pe->code ? pe->code : "none", pe->path);
}

static void test_unit_code(void **state)
{
	static const char *const good[] = {"J.620100.001.01", "P.85ASM00.001.2",
					   "P.854900.047.01", "P.85ASM00.003.2",
					   "A.011100.001.01", "P.85ASM00.001.12"};
	static const char *const bad[] = {"",
					  "J.620100.001.1",
					  "j.620100.001.01",
					  "Z.620100.001.01",
					  "J.62010.001.01",
					  "J.620100.001.01 ",
					  " J.620100.001.01",
					  "P.85ASM0.001.2",
					  "P.85asm00.001.2",
					  "P.85ASM00.001.",
					  "P.85ASM00.01.2",
					  "J-620100-001-01",
					  "J.620100.001.01.1",
					  "TIK.PR02.001.01",
					  "J.6201OO.001.01",
					  "P.85ASM00.001.123",
					  "J.620100.001.011"};
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!muk_unit_code_valid(good[i]))
			fail_msg("%s refused", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (muk_unit_code_valid(bad[i]))
			fail_msg("'%s' accepted", bad[i]);
	assert_false(muk_unit_code_valid(NULL));
}

static void test_small_validators(void **state)
{
	(void)state;
	assert_true(muk_date_valid("2024-02-29"));
	assert_true(muk_date_valid("2000-02-29"));
	assert_false(muk_date_valid("1900-02-29"));
	assert_false(muk_date_valid("2023-02-29"));
	assert_false(muk_date_valid("2024-13-01"));
	assert_false(muk_date_valid("2024-04-31"));
	assert_false(muk_date_valid("2024-1-01"));
	assert_false(muk_date_valid("2024-01-01T00"));
	assert_true(muk_met_valid("MET.000.001234 2019"));
	assert_false(muk_met_valid("MET.000.1234 2019"));
	assert_false(muk_met_valid("MET.000.001234-2019"));
	assert_true(muk_scheme_code_valid("ASKOM"));
	assert_true(muk_scheme_code_valid("SKM-01.A_B"));
	assert_false(muk_scheme_code_valid("askom"));
	assert_false(muk_scheme_code_valid("-ASKOM"));
	assert_true(muk_scheme_number_valid("SKM/BNSP/00010/1/2020"));
	assert_true(muk_scheme_number_valid("SKM-01/BNSP/VII/2020"));
	assert_false(muk_scheme_number_valid("SKM BNSP"));
	assert_false(muk_scheme_number_valid("/SKM"));
	assert_true(muk_name_is_secret("key"));
	assert_true(muk_name_is_secret("Kunci_Jawaban"));
	assert_true(muk_name_is_secret("model_answer"));
	assert_true(muk_name_is_secret("expected_answer"));
	assert_false(muk_name_is_secret("question"));
	assert_false(muk_name_is_secret("options"));
}

/* Parses a scheme given as JSON text; returns the error. */
static struct muk_perr scheme_err(const char *text, unsigned flags)
{
	struct arena *a = arena_new();
	json_t *v = json_loads(text, 0, NULL);
	struct muk_scheme s;
	struct muk_perr pe;
	struct muk_rd rd;

	assert_non_null(v);
	muk_rd_init(&rd, &pe, "");
	muk_scheme_parse(&rd, v, a, flags, &s);
	json_decref(v);
	arena_free(&a);
	return pe;
}

#define SCHEME_HEAD "{\"code\":\"TKJ\",\"number\":\"SKM/LSP/001/2024\",\"title\":\"Teknisi\","

static void test_scheme_parse(void **state)
{
	struct arena *a = arena_new();
	json_t *doc = demo_doc();
	struct muk_scheme s;
	struct muk_perr pe;

	(void)state;
	demo_scheme(doc, a, &s);
	assert_string_equal(s.number, "SKM-01/BNSP/VII/2020");
	assert_int_equal(s.kind, MUK_KIND_OKUPASI);
	assert_int_equal(s.fee_idr, 1500000);
	assert_int_equal(s.nunits, 3);
	assert_string_equal(s.units[0].code, U1);
	assert_string_equal(s.units[2].title, "Memberikan Kontribusi dalam Validasi Asesmen");
	assert_true(s.remote.approved);
	assert_false(s.paperless.approved);
	assert_int_equal(s.validity_months, 36);
	assert_int_equal(s.appeal_days, 14);
	assert_true(s.nreqs >= 6);
	assert_int_equal(s.reqs[3].types, MUK_FT_PDF);
	assert_int_equal(s.reqs[0].max_bytes, MUK_UPLOAD_DEFAULT);

	pe = scheme_err(SCHEME_HEAD
			"\"type\":\"kkni\",\"kkni_level\":2,\"fee_idr\":0,\"units\":["
			"{\"code\":\"J.620100.001.01\",\"title\":\"Unit satu\","
			"\"elements\":[{\"title\":\"Elemen\",\"kuk\":[\"KUK satu\"]}]},"
			"{\"code\":\"J.620100.1.01\",\"title\":\"Unit dua\","
			"\"elements\":[{\"title\":\"Elemen\",\"kuk\":[\"KUK satu\"]}]}]}",
			MUK_SCHEME_UNITS_ALLOWED);
	expect_err(&pe, "muk_unit_code_invalid", "units[1].code");
	pe = scheme_err(SCHEME_HEAD "\"type\":\"kkni\",\"fee_idr\":0}", MUK_SCHEME_UNITS_ALLOWED);
	expect_err(&pe, "field_required", "kkni_level");
	pe = scheme_err(SCHEME_HEAD "\"type\":\"klaster\",\"kkni_level\":3,\"fee_idr\":0}",
			MUK_SCHEME_UNITS_ALLOWED);
	expect_err(&pe, "muk_kkni_level_only_kkni", "kkni_level");
	pe = scheme_err(SCHEME_HEAD "\"type\":\"klaster\",\"fee_idr\":0,\"remote\":{\"approved\":"
				    "true,\"approval_date\":\"2024-01-01\"}}",
			MUK_SCHEME_UNITS_ALLOWED);
	expect_err(&pe, "field_required", "remote.approval_number");
	pe = scheme_err(SCHEME_HEAD "\"type\":\"klaster\",\"fee_idr\":-1}", 0);
	expect_err(&pe, "field_range", "fee_idr");
	pe = scheme_err(SCHEME_HEAD "\"type\":\"klaster\",\"fee_idr\":1,\"units\":[]}", 0);
	expect_err(&pe, "muk_field_unknown", "units");
	pe =
	    scheme_err(SCHEME_HEAD "\"type\":\"klaster\",\"fee_idr\":1,\"requirements\":[{\"text\":"
				   "\"Ijazah SMK\",\"evidence\":\"Salinan ijazah\",\"types\":["
				   "\"pdf\",\"doc\"]}]}",
		       0);
	expect_err(&pe, "field_choice", "requirements[0].types[1]");
	pe =
	    scheme_err(SCHEME_HEAD "\"type\":\"klaster\",\"fee_idr\":1,\"requirements\":[{\"text\":"
				   "\"Ijazah SMK\",\"evidence\":\"Salinan ijazah\",\"max_bytes\":"
				   "999999999}]}",
		       0);
	expect_err(&pe, "field_range", "requirements[0].max_bytes");
	json_decref(doc);
	arena_free(&a);
}

static void test_content_demo_valid(void **state)
{
	json_t *doc = demo_doc();
	struct muk_perr pe = check_content(demo_content(doc));

	(void)state;
	assert_null(pe.code);
	json_decref(doc);
}

static json_t *path_get(json_t *root, const char *const *keys)
{
	json_t *v = root;

	for (size_t i = 0; keys[i]; i++)
		v = keys[i][0] == '#' ? json_array_get(v, (size_t)atoi(keys[i] + 1))
				      : json_object_get(v, keys[i]);
	assert_non_null(v);
	return v;
}

static void test_content_errors(void **state)
{
	static const char *const ia05_item3[] = {"instruments", "ia05", "items", "#3", NULL};
	static const char *const ia01_items[] = {"instruments", "ia01", "items", NULL};
	static const char *const group0[] = {"mapa02", "groups", "#0", "instruments", "1", NULL};
	static const char *const ia06_q0[] = {"instruments", "ia06", "questions", "#0", NULL};
	static const char *const plan[] = {"mapa01", "plan", NULL};
	static const char *const ia07_q1[] = {"instruments", "ia07", "questions", "#1", NULL};
	json_t *doc = demo_doc(), *c;
	struct muk_perr pe;

	(void)state;
	c = json_deep_copy(demo_content(doc));
	json_object_set_new(path_get(c, ia05_item3), "key", json_string("z"));
	pe = check_content(c);
	expect_err(&pe, "field_choice", "instruments.ia05.items[3].key");
	json_object_set_new(path_get(c, ia05_item3), "key", json_string("e"));
	pe = check_content(c);
	expect_err(&pe, "muk_key_out_of_options", "instruments.ia05.items[3].key");
	json_decref(c);

	c = json_deep_copy(demo_content(doc));
	json_array_remove(path_get(c, ia01_items), 4);
	pe = check_content(c);
	expect_err(&pe, "muk_kuk_uncovered", "instruments.ia01.items");
	assert_string_equal(pe.detail, U1 " 2.2");
	json_decref(c);

	c = json_deep_copy(demo_content(doc));
	json_array_append_new(path_get(c, group0), json_string("ia02"));
	pe = check_content(c);
	expect_err(&pe, "muk_instrument_missing", "mapa02.groups[0].instruments.1[5]");
	json_decref(c);

	c = json_deep_copy(demo_content(doc));
	json_object_set_new(path_get(c, ia06_q0), "extra", json_true());
	pe = check_content(c);
	expect_err(&pe, "muk_field_unknown", "instruments.ia06.questions[0].extra");
	json_decref(c);

	c = json_deep_copy(demo_content(doc));
	json_object_set_new(path_get(c, ia07_q1), "unit", json_string("J.620100.001.01"));
	pe = check_content(c);
	expect_err(&pe, "muk_unit_unknown", "instruments.ia07.questions[1].unit");
	json_object_del(path_get(c, ia07_q1), "unit");
	pe = check_content(c);
	expect_err(&pe, "field_required", "instruments.ia07.questions[1].unit");
	json_decref(c);

	c = json_deep_copy(demo_content(doc));
	json_array_remove(path_get(c, plan), 4); /* the only plan row of unit 3 */
	pe = check_content(c);
	expect_err(&pe, "muk_unit_uncovered", "mapa01.plan");
	assert_string_equal(pe.detail, U3);
	json_decref(c);

	c = json_deep_copy(demo_content(doc));
	json_object_set_new(json_object_get(c, "instruments"), "ia11", json_object());
	pe = check_content(c);
	expect_err(&pe, "muk_field_unknown", "instruments.ia11");
	json_decref(c);
	json_decref(doc);
}

/* Fails when any member name anywhere looks like a key or an answer. */
static void walk_no_secret(const json_t *v, const char *where)
{
	if (json_is_object(v)) {
		const char *k;
		json_t *m;

		json_object_foreach((json_t *)v, k, m)
		{
			static const char *const banned[] = {"key",	 "kunci",  "model",
							     "expected", "answer", "jawaban"};
			for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
				if (strstr(k, banned[i]))
					fail_msg("member '%s' survived in %s", k, where);
			walk_no_secret(m, k);
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *m;

		json_array_foreach(v, i, m) walk_no_secret(m, where);
	}
}

/* Fails when a string value anywhere in v equals one of the secret strings of the staff view. */
static void walk_no_value(const json_t *v, const json_t *secrets)
{
	size_t i;
	json_t *m;

	if (json_is_string(v)) {
		json_array_foreach(secrets, i, m) if (json_equal(v, m))
		    fail_msg("secret value '%s' survived", json_string_value(v));
	} else if (json_is_object(v)) {
		const char *k;

		json_object_foreach((json_t *)v, k, m) walk_no_value(m, secrets);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, m) walk_no_value(m, secrets);
	}
}

/* Collects the values of every secret-named member of the staff view. */
static void collect_secrets(const json_t *v, json_t *out)
{
	const char *k;
	json_t *m;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, m)
		{
			if (muk_name_is_secret(k) && json_is_string(m) && json_string_length(m) > 1)
				json_array_append(out, m);
			collect_secrets(m, out);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, m) collect_secrets(m, out);
	}
}

static void test_redaction_demo(void **state)
{
	json_t *doc = demo_doc();
	json_t *ins = json_object_get(demo_content(doc), "instruments");
	json_t *out = muk_redact_for_asesi(ins), *secrets = json_array();
	char *text;

	(void)state;
	assert_non_null(out);
	walk_no_secret(out, "asesi view");
	text = json_dumps(out, JSON_COMPACT);
	assert_null(strstr(text, "\"key\""));
	assert_null(strstr(text, "kunci"));
	assert_null(strstr(text, "model_answer"));
	assert_null(strstr(text, "expected"));
	free(text);
	collect_secrets(ins, secrets);
	assert_true(json_array_size(secrets) >= 5); /* 2 model answers, 3 expected answers */
	walk_no_value(out, secrets);
	/* What the asesi works on is still there. */
	assert_int_equal(json_array_size(json_object_get(json_object_get(out, "ia05"), "items")),
			 10);
	assert_non_null(json_object_get(
	    json_array_get(json_object_get(json_object_get(out, "ia05"), "items"), 0), "options"));
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(out, "ia05"), "threshold")), 70);
	assert_int_equal(
	    json_array_size(json_object_get(json_object_get(out, "ia06"), "questions")), 2);
	/* Assessor-run instruments are not for the asesi. */
	assert_null(json_object_get(out, "ia01"));
	assert_null(json_object_get(out, "ia07"));
	/* The staff source is untouched. */
	assert_non_null(json_object_get(
	    json_array_get(json_object_get(json_object_get(ins, "ia05"), "items"), 0), "key"));
	json_decref(out);
	json_decref(secrets);

	/* The second net: a secret-named member that slipped into an allowed field goes too. */
	{
		json_t *sneaky = json_pack("{s:{s:i, s:[{s:s, s:s, s:[{s:s}]}]}}", "ia05",
					   "threshold", 70, "items", "unit", U1, "question", "Q?",
					   "options", "kunci_rahasia", "a");
		json_t *o = muk_redact_for_asesi(sneaky);

		walk_no_secret(o, "sneaky");
		json_decref(o);
		json_decref(sneaky);
	}
	json_decref(doc);
}

static void test_ia05_score(void **state)
{
	json_t *doc = demo_doc();
	json_t *ia05 = json_object_get(json_object_get(demo_content(doc), "instruments"), "ia05");
	json_t *items = json_object_get(ia05, "items"), *ans = json_array(), *it;
	struct muk_ia05_result r;
	size_t i;

	(void)state;
	json_array_foreach(items, i, it) json_array_append(ans, json_object_get(it, "key"));
	assert_int_equal(muk_ia05_score(ia05, ans, &r), 0);
	assert_int_equal(r.score, 10);
	assert_int_equal(r.max, 10);
	assert_int_equal(r.percent, 100);
	assert_int_equal(r.threshold, 70);
	assert_true(r.passed);
	/* Three wrong (one unanswered): 7/10 = 70% reaches the threshold. */
	json_array_set_new(ans, 0, json_null());
	json_array_set_new(
	    ans, 1,
	    json_string(strcmp(json_string_value(json_object_get(json_array_get(items, 1), "key")),
			       "a") == 0
			    ? "b"
			    : "a"));
	json_array_set_new(
	    ans, 2,
	    json_string(strcmp(json_string_value(json_object_get(json_array_get(items, 2), "key")),
			       "a") == 0
			    ? "b"
			    : "a"));
	assert_int_equal(muk_ia05_score(ia05, ans, &r), 0);
	assert_int_equal(r.score, 7);
	assert_int_equal(r.percent, 70);
	assert_true(r.passed);
	json_array_set_new(ans, 3, json_null());
	assert_int_equal(muk_ia05_score(ia05, ans, &r), 0);
	assert_int_equal(r.score, 6);
	assert_false(r.passed);
	/* Malformed answers leave the result alone. */
	r.score = 99;
	json_array_set_new(ans, 4, json_string("z"));
	assert_int_equal(muk_ia05_score(ia05, ans, &r), -1);
	json_array_set_new(ans, 4, json_string("e")); /* beyond the 4 options */
	assert_int_equal(muk_ia05_score(ia05, ans, &r), -1);
	json_array_set_new(ans, 4, json_integer(1));
	assert_int_equal(muk_ia05_score(ia05, ans, &r), -1);
	json_array_set_new(ans, 4, json_null());
	json_array_remove(ans, 9);
	assert_int_equal(muk_ia05_score(ia05, ans, &r), -1);
	assert_int_equal(r.score, 99);
	assert_int_equal(muk_ia05_score(NULL, ans, &r), -1);
	json_decref(ans);
	json_decref(doc);
}

static json_t *ia11_doc(const char *eighth)
{
	json_t *items = json_array();

	for (int i = 0; i < 7; i++)
		json_array_append_new(items, json_pack("{s:s}", "answer", "ya"));
	if (eighth)
		json_array_append_new(items, json_pack("{s:s, s:s}", "answer", eighth, "comment",
						       "Perlu diperbaiki"));
	return json_pack("{s:o, s:s}", "items", items, "date", "2024-03-01");
}

static void test_records(void **state)
{
	struct muk_ia11 rv;
	struct muk_va va;
	struct muk_perr pe;
	struct muk_rd rd;
	json_t *d;

	(void)state;
	d = ia11_doc("ya");
	muk_rd_init(&rd, &pe, "");
	assert_int_equal(muk_ia11_parse(&rd, d, 0, &rv), 0);
	assert_true(rv.all_ya);
	json_decref(d);
	d = ia11_doc("tidak");
	muk_rd_init(&rd, &pe, "");
	assert_int_equal(muk_ia11_parse(&rd, d, 0, &rv), 0);
	assert_false(rv.all_ya);
	json_object_set_new(d, "reviewer", json_string("Saya"));
	muk_rd_init(&rd, &pe, "");
	assert_int_equal(muk_ia11_parse(&rd, d, 0, &rv), -1);
	expect_err(&pe, "muk_field_unknown", "reviewer");
	muk_rd_init(&rd, &pe, "");
	assert_int_equal(muk_ia11_parse(&rd, d, 1, &rv), 0);
	json_decref(d);
	d = ia11_doc(NULL);
	muk_rd_init(&rd, &pe, "");
	assert_int_equal(muk_ia11_parse(&rd, d, 0, &rv), -1);
	expect_err(&pe, "muk_too_few", "items");
	json_decref(d);
	d = ia11_doc("mungkin");
	muk_rd_init(&rd, &pe, "");
	assert_int_equal(muk_ia11_parse(&rd, d, 0, &rv), -1);
	expect_err(&pe, "field_choice", "items[7].answer");
	json_decref(d);

	d = json_pack("{s:[{s:s, s:s}], s:s, s:s, s:s, s:s}", "team", "name", "Budi Santoso",
		      "role", "anggota", "date", "2024-03-01", "period", "sebelum", "findings",
		      "Sesuai", "recommendations", "Lanjutkan");
	muk_rd_init(&rd, &pe, "");
	assert_int_equal(muk_va_parse(&rd, d, 0, &va), -1);
	expect_err(&pe, "muk_team_no_lead", "team");
	json_object_set_new(json_array_get(json_object_get(d, "team"), 0), "role",
			    json_string("ketua"));
	json_object_set_new(d, "date", json_string("2024-02-30"));
	muk_rd_init(&rd, &pe, "");
	assert_int_equal(muk_va_parse(&rd, d, 0, &va), -1);
	expect_err(&pe, "muk_date_invalid", "date");
	json_object_set_new(d, "date", json_string("2024-02-29"));
	json_object_set_new(d, "period", json_string("kemarin"));
	muk_rd_init(&rd, &pe, "");
	assert_int_equal(muk_va_parse(&rd, d, 0, &va), -1);
	expect_err(&pe, "field_choice", "period");
	json_object_set_new(d, "period", json_string("setelah"));
	muk_rd_init(&rd, &pe, "");
	assert_int_equal(muk_va_parse(&rd, d, 0, &va), 0);
	assert_int_equal(va.period, MUK_PERIOD_AFTER);
	json_decref(d);
}

static void test_validate_rule(void **state)
{
	struct muk_rec vas[1] = {{.sha = "old"}};
	struct muk_rec reviews[2] = {{.sha = "cur", .all_ya = 1}, {.sha = "cur", .all_ya = 0}};
	struct muk_vrow v = {.sha = "cur"};

	(void)state;
	assert_string_equal(muk_validate_refusal(&v), "muk_validation_missing");
	v.vas = vas;
	v.nvas = 1;
	/* A record for an earlier content does not count. */
	assert_string_equal(muk_validate_refusal(&v), "muk_validation_missing");
	vas[0].sha = "cur";
	assert_string_equal(muk_validate_refusal(&v), "muk_review_missing");
	v.reviews = reviews;
	v.nreviews = 2;
	/* The latest review decides. */
	assert_string_equal(muk_validate_refusal(&v), "muk_review_not_all_ya");
	reviews[1].all_ya = 1;
	assert_null(muk_validate_refusal(&v));
	v.validated = 1;
	assert_string_equal(muk_validate_refusal(&v), "muk_version_not_draft");
}

static struct muk_perr import_err(json_t *doc)
{
	struct arena *a = arena_new();
	struct muk_import imp;
	struct muk_perr pe;

	muk_import_parse(doc, a, &imp, &pe);
	arena_free(&a);
	return pe;
}

static void test_import_parse(void **state)
{
	struct arena *a = arena_new();
	struct muk_import imp;
	struct muk_perr pe;
	size_t len;
	const char *text = muk_demo_document(&len);
	json_t *doc, *v0;

	(void)state;
	assert_int_equal(muk_import_parse_text(text, len, a, &imp, &pe), 0);
	assert_int_equal(imp.nv, 1);
	assert_false(imp.v[0].validated);
	assert_string_equal(imp.scheme.code, "ASKOM");

	assert_int_equal(muk_import_parse_text("{\"format\":1,", 12, a, &imp, &pe), -1);
	expect_err(&pe, "json_malformed", "");
	assert_int_equal(
	    muk_import_parse_text("{\"format\":\"a\",\"format\":\"b\"}", 27, a, &imp, &pe), -1);
	expect_err(&pe, "json_malformed", "");

	doc = demo_doc();
	json_object_set_new(doc, "format", json_string("other"));
	pe = import_err(doc);
	expect_err(&pe, "muk_import_format", "format");
	json_object_set_new(doc, "format", json_string("ujikom.skema"));
	v0 = json_array_get(json_object_get(doc, "muk_versions"), 0);
	json_object_set_new(v0, "status", json_string("validated"));
	pe = import_err(doc);
	expect_err(&pe, "muk_validation_missing", "muk_versions[0].validations");
	json_object_set_new(v0, "status", json_string("draft"));
	json_array_append_new(json_object_get(doc, "muk_versions"), json_deep_copy(v0));
	pe = import_err(doc);
	expect_err(&pe, "muk_import_version_order", "muk_versions[1].version");
	json_object_set_new(json_array_get(json_object_get(doc, "muk_versions"), 1), "version",
			    json_integer(2));
	json_object_set_new(json_array_get(json_object_get(doc, "muk_versions"), 1), "prev_version",
			    json_integer(5));
	pe = import_err(doc);
	expect_err(&pe, "muk_import_prev_unknown", "muk_versions[1].prev_version");
	json_object_set_new(json_array_get(json_object_get(doc, "muk_versions"), 1), "prev_version",
			    json_integer(1));
	pe = import_err(doc);
	assert_null(pe.code);
	json_object_set_new(
	    json_object_get(
		json_object_get(
		    json_object_get(json_array_get(json_object_get(doc, "muk_versions"), 1),
				    "content"),
		    "instruments"),
		"ia05"),
	    "threshold", json_integer(0));
	pe = import_err(doc);
	expect_err(&pe, "field_range", "muk_versions[1].content.instruments.ia05.threshold");
	json_object_set_new(
	    json_array_get(json_object_get(json_object_get(doc, "skema"), "units"), 0), "code",
	    json_string("P.85ASM00.001"));
	pe = import_err(doc);
	expect_err(&pe, "muk_unit_code_invalid", "skema.units[0].code");
	json_decref(doc);
	arena_free(&a);
}

/* export(parse(demo)) parses again and gives the same document. */
static void test_export_roundtrip(void **state)
{
	struct arena *a = arena_new();
	json_t *doc = demo_doc(), *out;
	struct muk_import imp, again;
	struct muk_perr pe;
	struct muk_vrow v = {0};
	char sha[65];

	(void)state;
	assert_int_equal(muk_import_parse(doc, a, &imp, &pe), 0);
	muk_json_sha256(imp.v[0].content, sha);
	v.version = 1;
	v.sha = sha;
	v.content = (json_t *)imp.v[0].content;
	out = muk_export_build(&imp.scheme, &v, 1);
	assert_non_null(out);
	if (!json_equal(out, doc)) {
		char *x = json_dumps(out, JSON_SORT_KEYS | JSON_COMPACT);
		fail_msg("export differs: %.400s", x);
	}
	assert_int_equal(muk_import_parse(out, a, &again, &pe), 0);
	json_decref(out);
	json_decref(doc);
	arena_free(&a);
}

/* Every message has both languages and at most one %s. */
static void test_messages(void **state)
{
	(void)state;
	assert_true(muk_module.nmsgs > 30);
	for (size_t i = 0; i < muk_module.nmsgs; i++) {
		const struct msg_def *m = &muk_module.msgs[i];
		const char *texts[2] = {m->id, m->en};

		assert_true(strncmp(m->code, "muk_", 4) == 0);
		for (int k = 0; k < 2; k++) {
			const char *h = strstr(texts[k], "%");

			assert_true(texts[k] && strlen(texts[k]) > 5);
			if (h)
				assert_true(h[1] == 's' && !strchr(h + 1, '%'));
		}
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(m->code, muk_module.msgs[j].code);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_unit_code),	     cmocka_unit_test(test_small_validators),
	    cmocka_unit_test(test_scheme_parse),     cmocka_unit_test(test_content_demo_valid),
	    cmocka_unit_test(test_content_errors),   cmocka_unit_test(test_redaction_demo),
	    cmocka_unit_test(test_ia05_score),	     cmocka_unit_test(test_records),
	    cmocka_unit_test(test_validate_rule),    cmocka_unit_test(test_import_parse),
	    cmocka_unit_test(test_export_roundtrip), cmocka_unit_test(test_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
