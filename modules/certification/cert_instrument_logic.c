/* The rules of the assessment instruments (cert_instrument.h): the catalogue, answer sheets and
 * the assessor's judgement per item. Pure: no SQL, no HTTP. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cert_instrument.h"
#include "muk/muk.h"

#define ESSAY_MAX    8000
#define SUMMARY_MAX  4000
#define NOTE_MAX     2000
#define FEEDBACK_MAX 4000

static const struct cert_instrument catalogue[] = {
    {"ia01", "FR.IA.01", "items", "Ceklis Observasi Aktivitas di Tempat Kerja atau Simulasi",
     "Observation checklist (workplace or simulated)", 0, 0, 0, 0, 0},
    {"ia02", "FR.IA.02", "tasks", "Tugas Praktik Demonstrasi", "Practical demonstration task", 0, 0,
     0, 0, 0},
    {"ia03", "FR.IA.03", "questions", "Pertanyaan untuk Mendukung Observasi",
     "Questions supporting observation", 0, 0, 1, 0, 0},
    {"ia04", "FR.IA.04", "projects", "Penilaian Proyek Singkat atau Kegiatan Terstruktur",
     "Short project or structured activity", 0, 0, 0, 0, 0},
    {"ia05", "FR.IA.05", "items", "Pertanyaan Tertulis Pilihan Ganda",
     "Written multiple-choice questions", 1, 1, 0, 0, 2},
    {"ia06", "FR.IA.06", "questions", "Pertanyaan Tertulis Esai", "Written essay questions", 1, 0,
     0, 0, 20},
    {"ia07", "FR.IA.07", "questions", "Pertanyaan Lisan", "Oral questions", 0, 0, 1, 0, 0},
    {"ia08", "FR.IA.08", "documents", "Ceklis Verifikasi Portofolio",
     "Portfolio verification checklist", 0, 0, 0, 1, 0},
    {"ia09", "FR.IA.09", "questions", "Pertanyaan Wawancara", "Interview questions", 0, 0, 1, 0, 0},
    {"ia10", "FR.IA.10", "questions", "Klarifikasi Bukti Pihak Ketiga",
     "Third-party evidence clarification", 0, 0, 0, 0, 0},
};

#define NCAT (sizeof catalogue / sizeof catalogue[0])

const struct cert_instrument *cert_instrument_find(const char *code)
{
	for (size_t i = 0; code && i < NCAT; i++)
		if (!strcmp(catalogue[i].code, code))
			return &catalogue[i];
	return NULL;
}

const struct cert_instrument *cert_instrument_by_form(const char *form)
{
	for (size_t i = 0; form && i < NCAT; i++)
		if (!strcmp(catalogue[i].form, form))
			return &catalogue[i];
	return NULL;
}

size_t cert_instrument_items(const struct cert_instrument *d, const json_t *content)
{
	const json_t *l = json_object_get(content, d->list);
	return json_is_array(l) ? json_array_size(l) : 0;
}

int cert_instrument_minutes(const struct cert_instrument *d, const json_t *content)
{
	json_int_t m = json_integer_value(json_object_get(content, "duration_minutes"));
	if (m > 0)
		return (int)m;
	m = (json_int_t)cert_instrument_items(d, content) * d->min_per_item;
	return m < 5 ? 5 : (int)m;
}

static int fail(struct cert_ierr *err, const char *code, const char *detail, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records a refusal (code, detail, path from fmt); returns -1. */
static int fail(struct cert_ierr *err, const char *code, const char *detail, const char *fmt, ...)
{
	va_list ap;
	err->code = code;
	err->detail = detail;
	va_start(ap, fmt);
	vsnprintf(err->path, sizeof err->path, fmt, ap);
	va_end(ap);
	return -1;
}

json_t *cert_instrument_blank(const struct cert_instrument *d, const json_t *content)
{
	json_t *a = json_array();
	for (size_t i = 0, n = cert_instrument_items(d, content); i < n; i++)
		json_array_append_new(a, json_null());
	return a;
}

int cert_instrument_answers_check(const struct cert_instrument *d, const json_t *content,
				  const json_t *answers, struct cert_ierr *err)
{
	const json_t *items = json_object_get(content, d->list), *v;
	size_t i;
	if (!d->online)
		return fail(err, "instrument_not_online", d->form, "instrument");
	if (!json_is_array(answers))
		return fail(err, "form_field_type", NULL, "answers");
	if (json_array_size(answers) != json_array_size(items))
		return fail(err, "form_field_count", NULL, "answers");
	json_array_foreach(answers, i, v)
	{
		if (json_is_null(v))
			continue;
		if (!json_is_string(v))
			return fail(err, "form_field_type", NULL, "answers[%zu]", i);
		const char *s = json_string_value(v);
		if (d->scored) {
			size_t nopt =
			    json_array_size(json_object_get(json_array_get(items, i), "options"));
			if (strlen(s) != 1 || s[0] < 'a' || (size_t)(s[0] - 'a') >= nopt)
				return fail(err, "form_field_choice", NULL, "answers[%zu]", i);
		} else if (json_string_length(v) > ESSAY_MAX) {
			return fail(err, "form_field_too_long", NULL, "answers[%zu]", i);
		}
	}
	return 0;
}

/* An optional string member of o of at most max bytes (required: at least one character). */
static int text_member(const json_t *o, const char *name, int required, size_t max,
		       struct cert_ierr *err, const char *at)
{
	const json_t *v = json_object_get(o, name);
	if (!v || json_is_null(v)) {
		if (required)
			return fail(err, "form_field_required", NULL, "%s%s", at, name);
		return 0;
	}
	if (!json_is_string(v))
		return fail(err, "form_field_type", NULL, "%s%s", at, name);
	size_t len = json_string_length(v);
	if (required && len == 0)
		return fail(err, "form_field_required", NULL, "%s%s", at, name);
	if (len > max)
		return fail(err, "form_field_too_long", NULL, "%s%s", at, name);
	return 0;
}

static int kbk_member(const json_t *o, const char *name, struct cert_ierr *err, const char *at)
{
	const char *s = json_string_value(json_object_get(o, name));
	if (!json_object_get(o, name))
		return fail(err, "form_field_required", NULL, "%s%s", at, name);
	if (!s || (strcmp(s, "K") != 0 && strcmp(s, "BK") != 0))
		return fail(err, "form_field_choice", NULL, "%s%s", at, name);
	return 0;
}

/* Only the named members. */
static int members_known(const json_t *o, const char *const *names, struct cert_ierr *err,
			 const char *at)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)o, k, v)
	{
		size_t i = 0;
		while (names[i] && strcmp(names[i], k) != 0)
			i++;
		if (!names[i])
			return fail(err, "form_field_unknown", NULL, "%s%s", at, k);
	}
	return 0;
}

static int vatm_check(const json_t *row, struct cert_ierr *err, const char *at)
{
	const json_t *v = json_object_get(row, "vatm"), *x;
	unsigned seen = 0;
	size_t i;
	if (!v)
		return 0;
	if (!json_is_array(v) || json_array_size(v) > 4)
		return fail(err, "form_field_type", NULL, "%svatm", at);
	json_array_foreach(v, i, x)
	{
		const char *s = json_string_value(x);
		const char *p = s && strlen(s) == 1 ? strchr("VATM", s[0]) : NULL;
		if (!p)
			return fail(err, "form_field_choice", NULL, "%svatm[%zu]", at, i);
		unsigned bit = 1u << (p - "VATM");
		if (seen & bit)
			return fail(err, "form_field_duplicate", NULL, "%svatm", at);
		seen |= bit;
	}
	return 0;
}

/* The assessor's butir: one per item, each judged K/BK. *all_k: every butir K. */
static int butir_check(const struct cert_instrument *d, const json_t *content, const json_t *data,
		       int *all_k, struct cert_ierr *err)
{
	static const char *const row_names[] = {"hasil", "ringkasan", "catatan", "vatm", NULL};
	const json_t *b = json_object_get(data, "butir"), *row;
	size_t i;
	char at[48];
	*all_k = 1;
	if (!b)
		return fail(err, "form_field_required", NULL, "butir");
	if (!json_is_array(b))
		return fail(err, "form_field_type", NULL, "butir");
	if (json_array_size(b) != cert_instrument_items(d, content))
		return fail(err, "form_repeat_mismatch", NULL, "butir");
	json_array_foreach(b, i, row)
	{
		snprintf(at, sizeof at, "butir[%zu].", i);
		if (!json_is_object(row))
			return fail(err, "form_field_type", NULL, "butir[%zu]", i);
		if (members_known(row, row_names, err, at) < 0 ||
		    kbk_member(row, "hasil", err, at) < 0 ||
		    text_member(row, "ringkasan", d->summary, SUMMARY_MAX, err, at) < 0 ||
		    text_member(row, "catatan", 0, NOTE_MAX, err, at) < 0)
			return -1;
		if (!d->summary && json_object_get(row, "ringkasan"))
			return fail(err, "form_field_not_applicable", NULL, "%sringkasan", at);
		if (d->vatm) {
			if (vatm_check(row, err, at) < 0)
				return -1;
		} else if (json_object_get(row, "vatm")) {
			return fail(err, "form_field_not_applicable", NULL, "%svatm", at);
		}
		if (strcmp(json_string_value(json_object_get(row, "hasil")), "K") != 0)
			*all_k = 0;
	}
	return 0;
}

/* IA.05: the butir and the score from the final answers and the key (muk_ia05_score). */
static int ia05_score(const json_t *content, const json_t *answers, json_t *out,
		      struct cert_ierr *err)
{
	struct muk_ia05_result r;
	const json_t *items = json_object_get(content, "items"), *it;
	size_t i;
	if (!answers || muk_ia05_score(content, answers, &r) != 0)
		return fail(err, "instrument_sheet_missing", NULL, "instrument");
	json_t *butir = json_array();
	json_array_foreach(items, i, it)
	{
		const json_t *a = json_array_get(answers, i);
		const char *key = json_string_value(json_object_get(it, "key"));
		int right = json_is_string(a) && key && !strcmp(json_string_value(a), key);
		json_array_append_new(butir, json_pack("{s:O, s:b}", "jawaban", a, "benar", right));
	}
	json_object_set_new(out, "butir", butir);
	json_object_set_new(out, "skor",
			    json_pack("{s:i, s:i, s:i, s:i, s:b}", "benar", r.score, "jumlah",
				      r.max, "persen", r.percent, "batas_lulus", r.threshold,
				      "lulus", r.passed));
	return r.passed ? 1 : 0;
}

json_t *cert_instrument_result(const struct cert_instrument *d, const json_t *content,
			       const json_t *data, const json_t *final_answers,
			       const char *sheet_sha256, struct cert_ierr *err)
{
	static const char *const names[] = {"butir", "umpan_balik", "rekomendasi", "ttd_asesor",
					    NULL};
	static const char *const names_scored[] = {"umpan_balik", "rekomendasi", "ttd_asesor",
						   NULL};
	int all_k = 1;
	memset(err, 0, sizeof *err);
	if (!json_is_object(data)) {
		fail(err, "form_data_invalid", NULL, "data");
		return NULL;
	}
	if (members_known(data, d->scored ? names_scored : names, err, "") < 0 ||
	    kbk_member(data, "rekomendasi", err, "") < 0 ||
	    text_member(data, "umpan_balik", 0, FEEDBACK_MAX, err, "") < 0)
		return NULL;
	if (!json_is_true(json_object_get(data, "ttd_asesor"))) {
		fail(err, "form_field_required", NULL, "ttd_asesor");
		return NULL;
	}
	json_t *out = json_deep_copy(data);
	if (d->scored) {
		int passed = ia05_score(content, final_answers, out, err);
		if (passed < 0)
			goto fail;
		all_k = passed;
	} else if (butir_check(d, content, data, &all_k, err) < 0) {
		goto fail;
	}
	if (!strcmp(json_string_value(json_object_get(data, "rekomendasi")), "K") && !all_k) {
		fail(err, d->scored ? "instrument_k_below_pass" : "instrument_k_needs_all", NULL,
		     "rekomendasi");
		goto fail;
	}
	if (d->online && sheet_sha256)
		json_object_set_new(out, "lembar_jawaban_sha256", json_string(sheet_sha256));
	return out;
fail:
	json_decref(out);
	return NULL;
}
