/* Pure rules of the muk module: the unit code, date, MET and scheme code validators, the asesi
 * redaction of instruments, IA.05 scoring and the FR.IA.11 statements. No HTTP, no SQL. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "muk_internal.h"
#include "util.h"

const char *const muk_kind_names[3] = {"kkni", "okupasi", "klaster"};
const char *const muk_applies_names[3] = {"semua", "baru", "ulang"};
const char *const muk_period_names[3] = {"sebelum", "pada_saat", "setelah"};

/* FR.IA.11 "Ceklis Meninjau Instrumen Asesmen". Item 7 of the printed form asks whether
 * modification is needed; it is phrased here so that "Ya" is the ready answer, because a version
 * is validated only when all eight are "Ya". */
const char *const muk_ia11_statements_id[MUK_IA11_ITEMS] = {
    "Instruksi dan kondisi asesmen diidentifikasi dengan jelas.",
    "Informasi tertulis dituliskan secara akurat.",
    "Kegiatan asesmen membahas persyaratan bukti untuk kompetensi yang diases.",
    "Tingkat kesulitan bahasa, literasi dan berhitung sesuai dengan tingkat unit kompetensi.",
    "Tingkat kesulitan kegiatan sesuai dengan kompetensi yang diases.",
    "Contoh, benchmark dan/atau ceklis asesmen tersedia untuk pengambilan keputusan asesmen.",
    "Modifikasi yang diperlukan telah dilakukan, atau tidak diperlukan modifikasi.",
    "Tugas asesmen siap digunakan.",
};
const char *const muk_ia11_statements_en[MUK_IA11_ITEMS] = {
    "Assessment instructions and conditions are clearly identified.",
    "Written information is accurate.",
    "The assessment activities address the evidence requirements of the competency assessed.",
    "Language, literacy and numeracy demands match the level of the unit.",
    "The difficulty of the activities matches the competency assessed.",
    "Examples, benchmarks and/or checklists are available for the assessment decision.",
    "Any modification needed has been made, or none is needed.",
    "The assessment tasks are ready to use.",
};

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int all_upper(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

int muk_unit_code_valid(const char *c)
{
	size_t n;

	if (!c)
		return 0;
	n = strlen(c);
	/* The first letter is a KBLI 2020 category (A..U) in both shapes. */
	if (n < 15 || n > 16 || c[0] < 'A' || c[0] > 'U' || c[1] != '.')
		return 0;
	/* SKKNI (Permenakertrans 8/2012): X.NNNNNN.NNN.NN */
	if (n == 15 && all_digits(c + 2, 6) && c[8] == '.' && all_digits(c + 9, 3) &&
	    c[12] == '.' && all_digits(c + 13, 2))
		return 1;
	/* BNSP's own: X.NNAAANN.NNN.N(N), e.g. P.85ASM00.001.2 */
	if (all_digits(c + 2, 2) && all_upper(c + 4, 3) && all_digits(c + 7, 2) && c[9] == '.' &&
	    all_digits(c + 10, 3) && c[13] == '.' && all_digits(c + 14, n - 14))
		return 1;
	return 0;
}

int muk_date_valid(const char *s)
{
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) ||
	    !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
		return 0;
	y = atoi(s);
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

int muk_met_valid(const char *s)
{
	/* "MET.000.001234 2019" */
	return s && strlen(s) == 19 && strncmp(s, "MET.", 4) == 0 && all_digits(s + 4, 3) &&
	       s[7] == '.' && all_digits(s + 8, 6) && s[14] == ' ' && all_digits(s + 15, 4);
}

static int code_chars(const char *s, size_t min, size_t max, const char *extra)
{
	size_t n;

	if (!s)
		return 0;
	n = strlen(s);
	if (n < min || n > max || !isalnum((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(c < 0x80 && (isalnum(c) || strchr(extra, c))))
			return 0;
	}
	return 1;
}

int muk_scheme_code_valid(const char *s)
{
	if (!code_chars(s, 2, 32, "._-"))
		return 0;
	for (const char *c = s; *c; c++)
		if (islower((unsigned char)*c))
			return 0;
	return 1;
}

int muk_scheme_number_valid(const char *s)
{
	return code_chars(s, 3, 64, "/._-");
}

void muk_json_sha256(const json_t *v, char out[65])
{
	size_t n = 0;
	char *s = json_canonical(v, &n);

	util_sha256_hex(s, n, out);
	free(s);
}

/* --- asesi redaction --- */

/* 1 when needle (lowercase) occurs in s, ignoring ASCII case. */
static int contains_nocase(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++) {
		size_t i = 0;

		while (i < n && s[i] && tolower((unsigned char)s[i]) == needle[i])
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

int muk_name_is_secret(const char *name)
{
	static const char *const marks[] = {"key",	"kunci",   "model",
					    "expected", "jawaban", "answer"};

	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (contains_nocase(name, marks[i]))
			return 1;
	return 0;
}

/* What the asesi may read of an instrument: top-level fields and, for the list, item fields. */
struct asesi_view {
	const char *instrument;
	const char *const *top; /* scalar members kept as they are */
	const char *list;	/* the array of items */
	const char *const *item;
};

static const char *const no_fields[] = {NULL};
static const char *const ia02_item[] = {
    "units", "scenario", "instructions", "tools", "duration_minutes", "output", NULL};
static const char *const ia04_item[] = {
    "units", "title", "scope", "deliverables", "duration_minutes", "resources", "criteria", NULL};
static const char *const ia05_top[] = {"threshold", "duration_minutes", NULL};
static const char *const ia06_top[] = {"duration_minutes", NULL};
static const char *const ia05_item[] = {"unit", "question", "options", NULL};
static const char *const ia06_item[] = {"unit", "question", NULL};

static const struct asesi_view asesi_views[] = {
    {"ia02", no_fields, "tasks", ia02_item},
    {"ia04", no_fields, "projects", ia04_item},
    {"ia05", ia05_top, "items", ia05_item},
    {"ia06", ia06_top, "questions", ia06_item},
};

/* Copies the listed members of src that exist into dst. */
static void copy_members(json_t *dst, const json_t *src, const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		json_t *v = json_object_get(src, names[i]);

		if (v)
			json_object_set_new(dst, names[i], json_deep_copy(v));
	}
}

/* Removes, at any depth, every member whose name looks like a key or an answer. */
static void strip_secrets(json_t *v)
{
	if (json_is_object(v)) {
		const char *k;
		json_t *m;
		void *tmp;

		json_object_foreach_safe(v, tmp, k, m)
		{
			if (muk_name_is_secret(k))
				json_object_del(v, k);
			else
				strip_secrets(m);
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *m;

		json_array_foreach(v, i, m) strip_secrets(m);
	}
}

json_t *muk_redact_for_asesi(const json_t *instruments)
{
	json_t *out = json_object();

	for (size_t i = 0;
	     json_is_object(instruments) && i < sizeof asesi_views / sizeof asesi_views[0]; i++) {
		const struct asesi_view *w = &asesi_views[i];
		const json_t *src = json_object_get(instruments, w->instrument);
		const json_t *list, *item;
		json_t *dst, *arr;
		size_t k;

		if (!json_is_object(src))
			continue;
		dst = json_object();
		copy_members(dst, src, w->top);
		list = json_object_get(src, w->list);
		arr = json_array();
		json_array_foreach(list, k, item)
		{
			json_t *o = json_object();

			if (json_is_object(item))
				copy_members(o, item, w->item);
			json_array_append_new(arr, o);
		}
		json_object_set_new(dst, w->list, arr);
		json_object_set_new(out, w->instrument, dst);
	}
	strip_secrets(out);
	return out;
}

/* --- IA.05 scoring --- */

/* The option index of a one-letter answer "a".."f", or -1. */
static int letter_index(const json_t *v)
{
	const char *s = json_string_value(v);

	if (!s || json_string_length(v) != 1 || s[0] < 'a' || s[0] > 'f')
		return -1;
	return s[0] - 'a';
}

int muk_ia05_score(const json_t *ia05, const json_t *answers, struct muk_ia05_result *out)
{
	const json_t *items = json_object_get(ia05, "items");
	const json_t *th = json_object_get(ia05, "threshold");
	struct muk_ia05_result r = {0};
	size_t n, i;

	if (!json_is_array(items) || !json_is_array(answers) || !json_is_integer(th) ||
	    json_integer_value(th) < 0 || json_integer_value(th) > 100)
		return -1;
	n = json_array_size(items);
	if (n == 0 || n > 10000 || json_array_size(answers) != n)
		return -1;
	for (i = 0; i < n; i++) {
		const json_t *it = json_array_get(items, i);
		const json_t *ans = json_array_get(answers, i);
		int key = letter_index(json_object_get(it, "key"));
		size_t nopt = json_array_size(json_object_get(it, "options"));
		int a;

		if (key < 0 || (size_t)key >= nopt)
			return -1;
		if (json_is_null(ans))
			continue;
		a = letter_index(ans);
		if (a < 0 || (size_t)a >= nopt)
			return -1;
		r.score += a == key;
	}
	r.max = (int)n;
	r.threshold = (int)json_integer_value(th);
	r.percent = r.score * 100 / r.max;
	r.passed = (int64_t)r.score * 100 >= (int64_t)r.threshold * r.max;
	*out = r;
	return 0;
}

/* --- the validation rule --- */

const char *muk_validate_refusal(const struct muk_vrow *v)
{
	const struct muk_rec *last = NULL;
	int va = 0;

	if (v->validated)
		return "muk_version_not_draft";
	/* Records count only for the content they were made for: an edited draft needs new ones. */
	for (size_t i = 0; i < v->nvas; i++)
		va |= strcmp(v->vas[i].sha, v->sha) == 0;
	if (!va)
		return "muk_validation_missing";
	for (size_t i = 0; i < v->nreviews; i++)
		if (strcmp(v->reviews[i].sha, v->sha) == 0)
			last = &v->reviews[i];
	if (!last)
		return "muk_review_missing";
	if (!last->all_ya)
		return "muk_review_not_all_ya";
	return NULL;
}
