/* The form engine: lookup of the static definitions, their JSON for the browser's renderer, and
 * validation of one role's submission against the definition and the case context (see
 * cert_forms.h for the data and context shapes). */
#include "cert_forms.h"

#include <stdio.h>
#include <string.h>

#include "cert_forms_defs.h"
#include "cert_fsm.h"

/* Defaults when a definition gives no max. */
#define TEXT_MAX_DEFAULT     200
#define TEXTAREA_MAX_DEFAULT 2000
#define FILE_MAX_DEFAULT     10
#define CTX_CHOICES_MAX	     200 /* choices_from: most context rows a multi may pick */

static const struct cert_form *const forms[] = {
    &cert_form_apl01, &cert_form_apl02, &cert_form_ak07, &cert_form_ak01, &cert_form_ak02,
    &cert_form_ak03,  &cert_form_ak04,	&cert_form_ak05, &cert_form_ak06,
};

const struct cert_form *cert_form_find(const char *code)
{
	for (size_t i = 0; code && i < sizeof forms / sizeof forms[0]; i++)
		if (strcmp(forms[i]->code, code) == 0)
			return forms[i];
	return NULL;
}

size_t cert_forms_all(const struct cert_form *const **out)
{
	*out = forms;
	return sizeof forms / sizeof forms[0];
}

int cert_form_role_fills(const struct cert_form *f, const char *role)
{
	for (const struct cert_part *p = f->parts; role && p->code; p++)
		if (strcmp(p->role, role) == 0)
			return 1;
	return 0;
}

/* ---------- names and limits ---------- */

static const char *type_name(enum cert_field_type t)
{
	static const char *const names[] = {
	    [CF_TEXT] = "text",		  [CF_TEXTAREA] = "textarea", [CF_ENUM] = "enum",
	    [CF_MULTI] = "multi",	  [CF_BOOL] = "bool",	      [CF_DATE] = "date",
	    [CF_TIME] = "time",		  [CF_INT] = "int",	      [CF_FILE] = "file",
	    [CF_SIGNATURE] = "signature", [CF_GROUP] = "group",
	};
	return (unsigned)t < sizeof names / sizeof names[0] && names[t] ? names[t] : "text";
}

static const char *repeat_name(enum cert_repeat r)
{
	switch (r) {
	case CR_REQUIREMENTS:
		return "requirements";
	case CR_UNITS:
		return "units";
	case CR_ELEMENTS:
		return "elements";
	case CR_ASESI:
		return "asesi";
	case CR_NONE:
		break;
	}
	return NULL;
}

/* The member of a context row that identifies it. */
static const char *repeat_id_key(enum cert_repeat r)
{
	return r == CR_UNITS ? "code" : "key";
}

static const char *format_name(enum cert_format f)
{
	switch (f) {
	case CFMT_EMAIL:
		return "email";
	case CFMT_PHONE:
		return "phone";
	case CFMT_DIGITS:
		return "digits";
	case CFMT_IDNUM:
		return "idnum";
	case CFMT_NONE:
		break;
	}
	return NULL;
}

static const char *stage_name(enum cert_form_stage s)
{
	return s == CERT_STAGE_PASCA ? "pasca" : s == CERT_STAGE_ASESMEN ? "asesmen" : "pra";
}

static size_t choices_count(const struct cert_choice *c)
{
	size_t n = 0;
	while (c && c[n].value)
		n++;
	return n;
}

/* The max a field enforces (0: none, e.g. enum, bool). */
static int64_t field_max(const struct cert_field *f)
{
	if (f->max > 0)
		return f->max;
	switch (f->type) {
	case CF_TEXT:
		return TEXT_MAX_DEFAULT;
	case CF_TEXTAREA:
		return TEXTAREA_MAX_DEFAULT;
	case CF_MULTI:
		return f->choices_from ? CTX_CHOICES_MAX : (int64_t)choices_count(f->choices);
	case CF_FILE:
		return FILE_MAX_DEFAULT;
	default:
		return 0;
	}
}

/* ---------- JSON of a definition ---------- */

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

static json_t *fields_json(const struct cert_field *fields, int staff_view);

static json_t *field_json(const struct cert_field *f, int staff_view)
{
	json_t *o = json_object();
	set_str(o, "name", f->name);
	set_str(o, "type", type_name(f->type));
	set_str(o, "label_id", f->label_id);
	set_str(o, "label_en", f->label_en);
	set_str(o, "help_id", f->help_id);
	set_str(o, "help_en", f->help_en);
	json_object_set_new(o, "required", json_boolean(f->required));
	if (f->min > 0)
		json_object_set_new(o, "min", json_integer(f->min));
	if (field_max(f) > 0 || f->type == CF_INT)
		json_object_set_new(o, "max", json_integer(field_max(f)));
	if (f->type == CF_INT && f->min <= 0)
		json_object_set_new(o, "min", json_integer(f->min));
	if (f->choices) {
		json_t *a = json_array();
		for (const struct cert_choice *c = f->choices; c->value; c++)
			json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "value", c->value,
							   "label_id", c->label_id, "label_en",
							   c->label_en));
		json_object_set_new(o, "choices", a);
	}
	set_str(o, "choices_from", repeat_name(f->choices_from));
	set_str(o, "format", format_name(f->format));
	if (f->accept)
		json_object_set_new(o, "accept", json_true());
	if (f->staff_only)
		json_object_set_new(o, "staff_only", json_true());
	if (f->when_field)
		json_object_set_new(o, "when",
				    json_pack("{s:s, s:s}", "field", f->when_field, "value",
					      f->when_value ? f->when_value : ""));
	if (f->type == CF_GROUP) {
		set_str(o, "repeat", repeat_name(f->repeat));
		set_str(o, "row_id", repeat_id_key(f->repeat));
		set_str(o, "row_title_id", f->row_title_id);
		set_str(o, "row_title_en", f->row_title_en);
		set_str(o, "row_list", f->row_list);
		set_str(o, "row_list_id", f->row_list_id);
		set_str(o, "row_list_en", f->row_list_en);
		json_object_set_new(o, "fields", fields_json(f->fields, staff_view));
	}
	return o;
}

static json_t *fields_json(const struct cert_field *fields, int staff_view)
{
	json_t *a = json_array();
	for (const struct cert_field *f = fields; f && f->name; f++)
		if (staff_view || !f->staff_only)
			json_array_append_new(a, field_json(f, staff_view));
	return a;
}

json_t *cert_form_to_json(const struct cert_form *f, int staff_view)
{
	json_t *o, *signers, *events, *parts;
	const struct cert_transition *t;
	size_t nt;

	if (!f)
		return NULL;
	o = json_object();
	set_str(o, "code", f->code);
	set_str(o, "title_id", f->title_id);
	set_str(o, "title_en", f->title_en);
	set_str(o, "stage", stage_name(f->stage));
	set_str(o, "note_id", f->note_id);
	set_str(o, "note_en", f->note_en);
	signers = json_array();
	for (const char *const *s = f->signers; s && *s; s++)
		json_array_append_new(signers, json_string(*s));
	json_object_set_new(o, "signers", signers);
	/* the case events whose transition needs this form signed */
	events = json_array();
	t = cert_transitions(&nt);
	for (size_t i = 0; i < nt; i++) {
		int dup = 0;
		if (!t[i].form || strcmp(t[i].form, f->code) != 0)
			continue;
		for (size_t k = 0; k < json_array_size(events); k++)
			if (strcmp(json_string_value(json_array_get(events, k)), t[i].event) == 0)
				dup = 1;
		if (!dup)
			json_array_append_new(events, json_string(t[i].event));
	}
	json_object_set_new(o, "events", events);
	parts = json_array();
	for (const struct cert_part *p = f->parts; p->code; p++) {
		json_t *po;
		if (p->staff_only && !staff_view)
			continue;
		po = json_object();
		set_str(po, "code", p->code);
		set_str(po, "title_id", p->title_id);
		set_str(po, "title_en", p->title_en);
		set_str(po, "role", p->role);
		set_str(po, "note_id", p->note_id);
		set_str(po, "note_en", p->note_en);
		if (p->staff_only)
			json_object_set_new(po, "staff_only", json_true());
		json_object_set_new(po, "fields", fields_json(p->fields, staff_view));
		json_array_append_new(parts, po);
	}
	json_object_set_new(o, "parts", parts);
	return o;
}

/* ---------- validation ---------- */

struct vstate {
	struct request *req;
	const struct cert_form *form;
	const char *role;
	int asesi; /* staff-only fields do not exist for this role */
	unsigned flags;
	json_t *context;
};

static const char *label_of(const struct vstate *v, const struct cert_field *f)
{
	const char *l = v->req->lang == LANG_EN ? f->label_en : f->label_id;
	return l ? l : f->name;
}

static enum err fail(struct vstate *v, enum err e, const char *code, const char *path,
		     const char *detail)
{
	return req_fail_detail(v->req, e, code, path, detail ? detail : path);
}

static enum err fail_f(struct vstate *v, const char *code, const char *path,
		       const struct cert_field *f)
{
	return fail(v, ERR_INVALID, code, path, label_of(v, f));
}

static const char *path_member(struct vstate *v, const char *prefix, const char *name)
{
	return prefix ? arena_sprintf(v->req->arena, "%s.%s", prefix, name)
		      : arena_strdup(v->req->arena, name);
}

static const char *path_index(struct vstate *v, const char *prefix, size_t i)
{
	return arena_sprintf(v->req->arena, "%s[%zu]", prefix, i);
}

/* A row identifier as text: a string, or an integer written in decimal; NULL otherwise. */
static const char *row_id(struct vstate *v, json_t *row, const char *key)
{
	json_t *id = json_object_get(row, key);
	if (json_is_string(id))
		return json_string_value(id);
	if (json_is_integer(id))
		return arena_sprintf(v->req->arena, "%lld", (long long)json_integer_value(id));
	return NULL;
}

/* The context rows of a repeat: an array, or NULL when the context has none. */
static json_t *context_rows(struct vstate *v, enum cert_repeat r, json_t *unit_row)
{
	json_t *rows = NULL;
	if (r == CR_ELEMENTS)
		rows = json_object_get(unit_row, "elements");
	else if (repeat_name(r))
		rows = json_object_get(v->context, repeat_name(r));
	/* NULL reads as an empty array to every jansson accessor used here */
	return json_is_array(rows) ? rows : NULL;
}

static int is_empty(json_t *val)
{
	return !val || json_is_null(val) || (json_is_string(val) && json_string_length(val) == 0) ||
	       (json_is_array(val) && json_array_size(val) == 0);
}

/* 1 when the field's "when" condition holds among its siblings in obj. */
static int when_holds(const struct cert_field *f, json_t *obj)
{
	json_t *sib;
	if (!f->when_field)
		return 1;
	sib = json_object_get(obj, f->when_field);
	if (json_is_boolean(sib))
		return strcmp(f->when_value, json_is_true(sib) ? "true" : "false") == 0;
	if (json_is_string(sib))
		return strcmp(f->when_value, json_string_value(sib)) == 0;
	if (json_is_array(sib)) {
		size_t i;
		json_t *e;
		json_array_foreach(sib, i, e)
		{
			if (json_is_string(e) && strcmp(json_string_value(e), f->when_value) == 0)
				return 1;
		}
	}
	return 0;
}

/* Characters (code points) of s[0..n) without leading and trailing white space. */
static size_t trimmed_chars(const char *s, size_t n)
{
	size_t b = 0, e = n, c = 0;
	while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r'))
		b++;
	while (e > b &&
	       (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r'))
		e--;
	for (size_t i = b; i < e; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int format_ok(enum cert_format fmt, const char *s)
{
	size_t n = strlen(s), digits = 0;
	const char *at, *dot;
	switch (fmt) {
	case CFMT_NONE:
		return 1;
	case CFMT_DIGITS:
		for (size_t i = 0; i < n; i++)
			if (!is_digit(s[i]))
				return 0;
		return n > 0;
	case CFMT_IDNUM:
		for (size_t i = 0; i < n; i++)
			if (!is_alnum(s[i]))
				return 0;
		return n > 0;
	case CFMT_PHONE:
		for (size_t i = 0; i < n; i++) {
			if (is_digit(s[i]))
				digits++;
			else if (!(s[i] == '+' && i == 0) && s[i] != ' ' && s[i] != '-')
				return 0;
		}
		return digits >= 6 && digits <= 15;
	case CFMT_EMAIL:
		at = strchr(s, '@');
		if (!at || at == s || strchr(at + 1, '@'))
			return 0;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
				return 0;
		dot = strrchr(at + 1, '.');
		return dot && dot > at + 1 && dot[1] != '\0';
	}
	return 0;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* "YYYY-MM-DD", a real calendar day in 1900..2199. */
static int date_ok(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit(s[i]))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/* "HH:MM", 00:00..23:59. */
static int time_ok(const char *s)
{
	if (strlen(s) != 5 || s[2] != ':' || !is_digit(s[0]) || !is_digit(s[1]) ||
	    !is_digit(s[3]) || !is_digit(s[4]))
		return 0;
	return (s[0] - '0') * 10 + (s[1] - '0') < 24 && s[3] < '6';
}

static int sha256_ok(const char *s)
{
	if (strlen(s) != 64)
		return 0;
	for (int i = 0; i < 64; i++)
		if (!is_digit(s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			return 0;
	return 1;
}

/* 1 when value is one of the field's choices (static, or the ids of its context rows). */
static int choice_ok(struct vstate *v, const struct cert_field *f, const char *value)
{
	if (f->choices_from) {
		json_t *rows = context_rows(v, f->choices_from, NULL), *row;
		size_t i;
		json_array_foreach(rows, i, row)
		{
			const char *id = row_id(v, row, repeat_id_key(f->choices_from));
			if (id && strcmp(id, value) == 0)
				return 1;
		}
		return 0;
	}
	for (const struct cert_choice *c = f->choices; c && c->value; c++)
		if (strcmp(c->value, value) == 0)
			return 1;
	return 0;
}

static enum err check_fields(struct vstate *v, const struct cert_field *fields, json_t *obj,
			     const char *prefix, json_t *unit_row);

static enum err check_text(struct vstate *v, const struct cert_field *f, json_t *val,
			   const char *path)
{
	const char *s;
	size_t n, chars;
	if (!json_is_string(val))
		return fail_f(v, "form_field_type", path, f);
	s = json_string_value(val);
	n = json_string_length(val);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int ok_ws = f->type == CF_TEXTAREA && (c == '\n' || c == '\r' || c == '\t');
		if ((c < 0x20 && !ok_ws) || c == 0x7f)
			return fail_f(v, "form_field_invalid", path, f);
	}
	chars = trimmed_chars(s, n);
	if (chars == 0) {
		if (f->required && !(v->flags & CERT_FORM_DRAFT))
			return fail_f(v, "form_field_required", path, f);
		return ERR_OK;
	}
	if (f->min > 0 && (int64_t)chars < f->min)
		return fail_f(v, "form_field_too_short", path, f);
	if ((int64_t)chars > field_max(f))
		return fail_f(v, "form_field_too_long", path, f);
	if (!format_ok(f->format, s))
		return fail_f(v, "form_field_format", path, f);
	return ERR_OK;
}

static enum err check_multi(struct vstate *v, const struct cert_field *f, json_t *val,
			    const char *path)
{
	size_t i, n;
	json_t *e;
	if (!json_is_array(val))
		return fail_f(v, "form_field_type", path, f);
	n = json_array_size(val);
	json_array_foreach(val, i, e)
	{
		const char *p = path_index(v, path, i);
		if (!json_is_string(e))
			return fail_f(v, "form_field_type", p, f);
		if (!choice_ok(v, f, json_string_value(e)))
			return fail_f(v, "form_field_choice", p, f);
		for (size_t k = 0; k < i; k++)
			if (json_equal(json_array_get(val, k), e))
				return fail_f(v, "form_field_duplicate", p, f);
	}
	if (n == 0 && f->required && !(v->flags & CERT_FORM_DRAFT))
		return fail_f(v, "form_field_required", path, f);
	if (n > 0 && ((f->min > 0 && (int64_t)n < f->min) || (int64_t)n > field_max(f)))
		return fail_f(v, "form_field_count", path, f);
	return ERR_OK;
}

static enum err check_files(struct vstate *v, const struct cert_field *f, json_t *val,
			    const char *path)
{
	size_t i, n;
	json_t *e;
	if (!json_is_array(val))
		return fail_f(v, "form_field_type", path, f);
	n = json_array_size(val);
	if ((int64_t)n > field_max(f))
		return fail_f(v, "form_field_count", path, f);
	json_array_foreach(val, i, e)
	{
		const char *p = path_index(v, path, i);
		if (!json_is_string(e))
			return fail_f(v, "form_field_type", p, f);
		if (!sha256_ok(json_string_value(e)))
			return fail_f(v, "form_field_format", p, f);
		for (size_t k = 0; k < i; k++)
			if (json_equal(json_array_get(val, k), e))
				return fail_f(v, "form_field_duplicate", p, f);
	}
	if (v->flags & CERT_FORM_DRAFT)
		return ERR_OK;
	if (n == 0 && f->required)
		return fail_f(v, "form_field_required", path, f);
	if (n > 0 && f->min > 0 && (int64_t)n < f->min)
		return fail_f(v, "form_field_count", path, f);
	return ERR_OK;
}

/* Keys of obj that are neither allowed[] fields (for this role) nor id_key: form_field_unknown. */
static enum err check_unknown(struct vstate *v, json_t *obj, const struct cert_field *fields,
			      const char *id_key, const char *prefix)
{
	const char *k;
	json_t *val;
	json_object_foreach(obj, k, val)
	{
		int known = id_key && strcmp(k, id_key) == 0;
		for (const struct cert_field *f = fields; !known && f && f->name; f++)
			known = strcmp(f->name, k) == 0 && !(v->asesi && f->staff_only) &&
				!(f->type == CF_GROUP && !f->fields);
		if (!known) {
			const char *p = path_member(v, prefix, k);
			return fail(v, ERR_INVALID, "form_field_unknown", p, p);
		}
	}
	return ERR_OK;
}

static enum err check_group(struct vstate *v, const struct cert_field *f, json_t *val,
			    const char *path, json_t *unit_row)
{
	json_t *rows = context_rows(v, f->repeat, unit_row), *row;
	size_t nrows = json_array_size(rows), i;
	const char *id_key = repeat_id_key(f->repeat);
	enum err e;

	if (!json_is_array(val))
		return fail_f(v, "form_field_type", path, f);
	if (json_array_size(val) != nrows)
		return fail_f(v, "form_repeat_mismatch", path, f);
	json_array_foreach(val, i, row)
	{
		json_t *crow = json_array_get(rows, i);
		const char *rpath = path_index(v, path, i), *want, *got;
		if (!json_is_object(row))
			return fail_f(v, "form_field_type", rpath, f);
		want = row_id(v, crow, id_key);
		got = row_id(v, row, id_key);
		if (!want || !got || strcmp(want, got) != 0)
			return fail_f(v, "form_repeat_mismatch", path_member(v, rpath, id_key), f);
		e = check_unknown(v, row, f->fields, id_key, rpath);
		if (e != ERR_OK)
			return e;
		e = check_fields(v, f->fields, row, rpath, f->repeat == CR_UNITS ? crow : unit_row);
		if (e != ERR_OK)
			return e;
	}
	return ERR_OK;
}

static enum err check_value(struct vstate *v, const struct cert_field *f, json_t *val,
			    const char *path, json_t *unit_row)
{
	int draft = (v->flags & CERT_FORM_DRAFT) != 0;
	const char *s;
	switch (f->type) {
	case CF_TEXT:
	case CF_TEXTAREA:
		return check_text(v, f, val, path);
	case CF_ENUM:
		if (!json_is_string(val))
			return fail_f(v, "form_field_type", path, f);
		s = json_string_value(val);
		if (!*s)
			return f->required && !draft ? fail_f(v, "form_field_required", path, f)
						     : ERR_OK;
		return choice_ok(v, f, s) ? ERR_OK : fail_f(v, "form_field_choice", path, f);
	case CF_MULTI:
		return check_multi(v, f, val, path);
	case CF_BOOL:
		if (!json_is_boolean(val))
			return fail_f(v, "form_field_type", path, f);
		if (f->accept && f->required && !draft && !json_is_true(val))
			return fail_f(v, "form_field_required", path, f);
		return ERR_OK;
	case CF_SIGNATURE:
		if (!json_is_boolean(val))
			return fail_f(v, "form_field_type", path, f);
		if (f->required && !draft && !json_is_true(val))
			return fail_f(v, "form_field_required", path, f);
		return ERR_OK;
	case CF_DATE:
	case CF_TIME:
		if (!json_is_string(val))
			return fail_f(v, "form_field_type", path, f);
		s = json_string_value(val);
		if (!*s)
			return f->required && !draft ? fail_f(v, "form_field_required", path, f)
						     : ERR_OK;
		if (!(f->type == CF_DATE ? date_ok(s) : time_ok(s)))
			return fail_f(v, "form_field_format", path, f);
		return ERR_OK;
	case CF_INT:
		if (!json_is_integer(val))
			return fail_f(v, "form_field_type", path, f);
		if (json_integer_value(val) < f->min || json_integer_value(val) > f->max)
			return fail_f(v, "form_field_range", path, f);
		return ERR_OK;
	case CF_FILE:
		return check_files(v, f, val, path);
	case CF_GROUP:
		return check_group(v, f, val, path, unit_row);
	}
	return fail_f(v, "form_field_invalid", path, f);
}

/* Validates the fields (of this role) found in obj; prefix is obj's path (NULL at the top). */
static enum err check_fields(struct vstate *v, const struct cert_field *fields, json_t *obj,
			     const char *prefix, json_t *unit_row)
{
	for (const struct cert_field *f = fields; f && f->name; f++) {
		json_t *val = json_object_get(obj, f->name);
		const char *path;
		enum err e;
		if (v->asesi && f->staff_only)
			continue; /* refused as unknown if sent */
		if (f->type == CF_GROUP && !f->fields)
			continue; /* shows context only */
		if (json_is_null(val))
			val = NULL;
		path = path_member(v, prefix, f->name);
		if (!when_holds(f, obj)) {
			if (!is_empty(val))
				return fail_f(v, "form_field_not_applicable", path, f);
			continue;
		}
		if (!val) {
			int rows = f->type != CF_GROUP ||
				   json_array_size(context_rows(v, f->repeat, unit_row)) > 0;
			if (f->required && rows && !(v->flags & CERT_FORM_DRAFT))
				return fail_f(v, "form_field_required", path, f);
			continue;
		}
		e = check_value(v, f, val, path, unit_row);
		if (e != ERR_OK)
			return e;
	}
	return ERR_OK;
}

/* The top-level field called name in any part of f, and its part. */
static const struct cert_field *top_field(const struct cert_form *f, const char *name,
					  const struct cert_part **part)
{
	for (const struct cert_part *p = f->parts; p->code; p++)
		for (const struct cert_field *x = p->fields; x && x->name; x++)
			if (strcmp(x->name, name) == 0) {
				*part = p;
				return x;
			}
	return NULL;
}

enum err cert_form_check(struct request *req, const struct cert_form *f, const char *part_role,
			 json_t *data, json_t *context, unsigned flags)
{
	struct vstate v = {req, f, part_role, 0, flags, json_is_object(context) ? context : NULL};
	const char *k;
	json_t *val;
	enum err e;

	if (!f || !part_role)
		return req_fail(req, ERR_INTERNAL, NULL, NULL);
	v.asesi = strcmp(part_role, "asesi") == 0;
	if (!json_is_object(data))
		return req_fail(req, ERR_INVALID, "form_data_invalid", NULL);
	if (!cert_form_role_fills(f, part_role))
		return req_fail(req, ERR_FORBIDDEN, "form_role_none", NULL);
	json_object_foreach(data, k, val)
	{
		const struct cert_part *p = NULL;
		const struct cert_field *x = top_field(f, k, &p);
		const char *path = arena_strdup(req->arena, k);
		if (!x || (v.asesi && (x->staff_only || p->staff_only)) ||
		    (x->type == CF_GROUP && !x->fields))
			return fail(&v, ERR_INVALID, "form_field_unknown", path, path);
		if (strcmp(p->role, part_role) != 0)
			return fail(&v, ERR_FORBIDDEN, "form_field_not_yours", path,
				    label_of(&v, x));
	}
	for (const struct cert_part *p = f->parts; p->code; p++) {
		if (strcmp(p->role, part_role) != 0 || (v.asesi && p->staff_only))
			continue;
		e = check_fields(&v, p->fields, data, NULL, NULL);
		if (e != ERR_OK)
			return e;
	}
	return ERR_OK;
}

enum err cert_form_validate(struct request *req, const struct cert_form *f, const char *part_role,
			    json_t *data, json_t *context)
{
	return cert_form_check(req, f, part_role, data, context, 0);
}

int cert_form_signed(const struct cert_form *f, const char *role, json_t *data)
{
	int any = 0;
	if (!f || !role)
		return 0;
	for (const struct cert_part *p = f->parts; p->code; p++) {
		if (strcmp(p->role, role) != 0)
			continue;
		for (const struct cert_field *x = p->fields; x && x->name; x++) {
			if (x->type != CF_SIGNATURE)
				continue;
			if (!json_is_true(json_object_get(data, x->name)))
				return 0;
			any = 1;
		}
	}
	return any;
}

/* ---------- evidence references ---------- */

static void refs_walk(const struct cert_field *fields, json_t *obj, const char **out, size_t max,
		      size_t *n)
{
	for (const struct cert_field *f = fields; f && f->name; f++) {
		json_t *val = json_object_get(obj, f->name), *e;
		size_t i;
		if (!json_is_array(val))
			continue;
		json_array_foreach(val, i, e)
		{
			if (f->type == CF_FILE && json_is_string(e)) {
				if (*n < max)
					out[*n] = json_string_value(e);
				(*n)++;
			} else if (f->type == CF_GROUP && json_is_object(e)) {
				refs_walk(f->fields, e, out, max, n);
			}
		}
	}
}

size_t cert_form_file_refs(const struct cert_form *f, const char *part_role, json_t *data,
			   const char **out, size_t max)
{
	size_t n = 0;
	if (!f || !part_role || !json_is_object(data))
		return 0;
	for (const struct cert_part *p = f->parts; p->code; p++)
		if (strcmp(p->role, part_role) == 0)
			refs_walk(p->fields, data, out, max, &n);
	return n;
}

/* ---------- messages ---------- */

const struct msg_def cert_forms_msgs[] = {CERT_FORMS_MSG_ENTRIES};
const size_t cert_forms_nmsgs = sizeof cert_forms_msgs / sizeof cert_forms_msgs[0];
_Static_assert(sizeof cert_forms_msgs / sizeof cert_forms_msgs[0] == CERT_FORMS_NMSGS,
	       "CERT_FORMS_NMSGS must count CERT_FORMS_MSG_ENTRIES");

/* Drops the staff-only fields of one level of fields from obj, recursing into group rows. */
static void redact_fields(const struct cert_field *fields, json_t *obj)
{
	for (const struct cert_field *f = fields; f && f->name; f++) {
		json_t *v = json_object_get(obj, f->name);
		if (!v)
			continue;
		if (f->staff_only) {
			json_object_del(obj, f->name);
			continue;
		}
		if (f->type == CF_GROUP && json_is_array(v)) {
			size_t i;
			json_t *row;
			json_array_foreach(v, i, row) redact_fields(f->fields, row);
		}
	}
}

json_t *cert_form_redact_for_asesi(const struct cert_form *f, const char *role, json_t *data)
{
	json_t *copy = json_deep_copy(data);
	for (const struct cert_part *p = f->parts; p && p->code; p++) {
		if (strcmp(p->role, role) != 0)
			continue;
		if (p->staff_only) { /* the whole part is staff's: nothing of it */
			json_decref(copy);
			return NULL;
		}
		redact_fields(p->fields, copy);
	}
	return copy;
}
