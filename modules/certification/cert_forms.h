/* The ONE definition of every case form (FR.APL.01-02, FR.AK.01-07; domain.md §c): parts filled
 * by one role each, typed fields with limits and choices, staff-only marks, repeat groups bound to
 * the case (requirements, units, elements, asesi of a batch) and the signers. The same static data
 * validates a submission (cert_form_validate) and drives the browser's generic renderer through
 * GET /api/forms/<code> (cert_form_to_json, web/js/form-renderer.js).
 *
 * Data shape of a submission: one JSON object per role holding the fields of every part that role
 * fills (names are unique within a form), e.g. {"nama_lengkap": "...", "units": [{"code": "X",
 * "elements": [{"key": "1", "kompeten": "K", "bukti": ["<sha256>"]}]}]}. A repeat group is an
 * array with exactly one row per context row, in context order, each row carrying the context
 * row's identifier ("key", or "code" for units).
 *
 * Context shape (built by the module from the case): {"requirements": [{"key", "title"}],
 * "units": [{"code", "title", "elements": [{"key", "title", "kuk": [...]}]}],
 * "asesi": [{"key", "name"}]}; extra members are ignored by validation and shown by the renderer.
 */
#ifndef UJIKOM_CERT_FORMS_H
#define UJIKOM_CERT_FORMS_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "module.h"
#include "request.h"

enum cert_form_stage {
	CERT_STAGE_PRA = 0, /* pre-assessment */
	CERT_STAGE_ASESMEN, /* assessment */
	CERT_STAGE_PASCA,   /* post-assessment */
};

enum cert_field_type {
	CF_TEXT = 0,  /* one line; min/max: length in characters */
	CF_TEXTAREA,  /* several lines; min/max: length in characters */
	CF_ENUM,      /* one of choices (a string) */
	CF_MULTI,     /* several distinct choices (an array of strings); min/max: how many */
	CF_BOOL,      /* true/false (Ya/Tidak); .accept: a statement that must be true */
	CF_DATE,      /* "YYYY-MM-DD" */
	CF_TIME,      /* "HH:MM" (24 h) */
	CF_INT,	      /* integer in [min, max] */
	CF_FILE,      /* array of evidence references (sha256 of uploaded blobs); min/max: count */
	CF_SIGNATURE, /* a confirm action: true when the signer signs; not data. The module records
			 who and when, and hashes the data signed. */
	CF_GROUP, /* repeat group: an array of rows bound to context (.repeat), each with .fields;
		     a group without fields only shows the context rows and takes no data */
};

enum cert_repeat {
	CR_NONE = 0,
	CR_REQUIREMENTS, /* context "requirements", row id "key" */
	CR_UNITS,	 /* context "units", row id "code" */
	CR_ELEMENTS, /* the current unit's "elements", row id "key" (only inside a units group) */
	CR_ASESI,    /* context "asesi" (the batch of FR.AK.05), row id "key" */
};

/* Extra format checks of CF_TEXT values (also input hints for the renderer). */
enum cert_format {
	CFMT_NONE = 0,
	CFMT_EMAIL,  /* local@domain.tld, no spaces */
	CFMT_PHONE,  /* digits with an optional leading +, spaces and dashes allowed */
	CFMT_DIGITS, /* digits only (postcode) */
	CFMT_IDNUM,  /* letters and digits (NIK or passport number) */
};

struct cert_choice {
	const char *value; /* stored value, snake_case or a code such as "K" */
	const char *label_id;
	const char *label_en;
};

struct cert_field {
	const char *name; /* snake_case, unique within the form (all parts and groups) */
	enum cert_field_type type;
	const char *label_id, *label_en;
	const char *help_id, *help_en; /* optional */
	int required;		       /* must be present (and non-empty / true for signatures) */
	int64_t min, max;	       /* length, count or value; max 0 means the type's default */
	const struct cert_choice *choices; /* {NULL}-terminated; CF_ENUM and CF_MULTI */
	enum cert_repeat choices_from; /* CF_ENUM/CF_MULTI: choices are context rows (CR_UNITS) */
	enum cert_format format;
	int accept;	/* CF_BOOL: a statement the filler must agree to (rendered as a checkbox) */
	int staff_only; /* never sent to or accepted from an asesi */
	/* Shown and accepted only when the sibling field when_field holds when_value
	 * ("true"/"false" for a bool, an element of a multi); otherwise it must be absent. */
	const char *when_field, *when_value;
	/* CF_GROUP */
	enum cert_repeat repeat;
	const char *row_title_id,
	    *row_title_en;    /* templates over the context row: "{code} {title}" */
	const char *row_list; /* context row member listed under the title ("kuk") */
	const char *row_list_id, *row_list_en; /* heading of that list */
	const struct cert_field *fields;       /* {NULL}-terminated */
};

struct cert_part {
	const char *code; /* "1a", "3", "rekomendasi": unique within the form */
	const char *title_id, *title_en;
	const char *role; /* the one role that fills it: asesi, asesor, admin_lsp, ... */
	int staff_only;	  /* the whole part is hidden from an asesi */
	const char *note_id, *note_en;	 /* optional guidance shown above the fields */
	const struct cert_field *fields; /* {NULL}-terminated */
};

struct cert_form {
	const char *code; /* "FR.APL.01" */
	const char *title_id, *title_en;
	enum cert_form_stage stage;
	const char *const *signers; /* NULL-terminated roles whose signature the form carries */
	const char *note_id, *note_en;
	const struct cert_part *parts; /* {NULL}-terminated */
};

/* The form with this code, or NULL. */
const struct cert_form *cert_form_find(const char *code);
/* Every form; *out points at a static array of the returned length. */
size_t cert_forms_all(const struct cert_form *const **out);

/* The definition as a new JSON object (caller owns the reference): code, titles, stage, signers,
 * the case events whose transition requires the form, parts with their fields. staff_view 0 (an
 * asesi) leaves out staff-only parts and fields; staff_view 1 marks them "staff_only": true. */
json_t *cert_form_to_json(const struct cert_form *f, int staff_view);

/* Validation flags for cert_form_check. */
#define CERT_FORM_DRAFT 1u /* a draft: required fields and signatures may be missing */

/* Validates what part_role submits for form f: data is one object with the fields of every part
 * that role fills; context holds the case rows the repeat groups must match (NULL: none). Refused:
 * a non-object (form_data_invalid), a role that fills no part (403 form_role_none), a field of
 * another role's part (403 form_field_not_yours), an unknown field or a staff-only one sent by an
 * asesi (form_field_unknown), then per field form_field_required, form_field_type,
 * form_field_too_short/too_long, form_field_range, form_field_choice, form_field_format,
 * form_field_invalid, form_field_not_applicable, form_repeat_mismatch. The error is set with
 * req_fail_detail(): field = the JSON path ("units[1].elements[0].kompeten"), detail = the
 * field's label in the request's language; strings live in req->arena. ERR_OK when acceptable.
 * data is not modified. */
enum err cert_form_check(struct request *req, const struct cert_form *f, const char *part_role,
			 json_t *data, json_t *context, unsigned flags);
/* cert_form_check without flags: a complete, signed submission. */
enum err cert_form_validate(struct request *req, const struct cert_form *f, const char *part_role,
			    json_t *data, json_t *context);

/* Collects the evidence references (CF_FILE values) of validated data filled by part_role into
 * out (up to max, in form order, duplicates kept); returns how many there are. The module must
 * check that each one is an upload of this case before storing the form. */
size_t cert_form_file_refs(const struct cert_form *f, const char *part_role, json_t *data,
			   const char **out, size_t max);

/* 1 when every signature field of the parts role fills is true in data (the CG_BOTH_SIGNED guard
 * asks this of each signer). */
int cert_form_signed(const struct cert_form *f, const char *role, json_t *data);

/* What an asesi may read of role's signed part: a copy of data without the staff-only fields
 * (NULL when the whole part is staff-only). */
json_t *cert_form_redact_for_asesi(const struct cert_form *f, const char *role, json_t *data);
/* 1 when role fills at least one part of f. */
int cert_form_role_fills(const struct cert_form *f, const char *role);

/* GET /api/forms/:code (cert_forms_http.c). */
enum err cert_forms_h_get(struct request *req);

/* The messages of the codes above (Indonesian, English). A module descriptor needs a constant
 * count, so either point it at the table (.msgs = cert_forms_msgs, .nmsgs = CERT_FORMS_NMSGS) or
 * put CERT_FORMS_MSG_ENTRIES into the module's own msg_def table. */
extern const struct msg_def cert_forms_msgs[];
extern const size_t cert_forms_nmsgs;
#define CERT_FORMS_NMSGS 17
#define CERT_FORMS_MSG_ENTRIES                                                                     \
	{"form_not_found", "Formulir tidak ditemukan.", "The form was not found."},                \
	    {"form_data_invalid", "Isian formulir harus berupa objek JSON.",                       \
	     "The form data must be a JSON object."},                                              \
	    {"form_role_none", "Peran Anda tidak mengisi bagian mana pun dari formulir ini.",      \
	     "Your role fills no part of this form."},                                             \
	    {"form_field_not_yours", "Kolom '%s' diisi oleh pihak lain, bukan oleh Anda.",         \
	     "The field '%s' is filled in by someone else, not by you."},                          \
	    {"form_field_unknown", "Kolom '%s' tidak dikenal pada formulir ini.",                  \
	     "The field '%s' is not part of this form."},                                          \
	    {"form_field_required", "Kolom '%s' wajib diisi.", "The field '%s' is required."},     \
	    {"form_field_type", "Isian kolom '%s' memiliki jenis data yang salah.",                \
	     "The field '%s' has the wrong type of value."},                                       \
	    {"form_field_too_short", "Isian kolom '%s' terlalu pendek.",                           \
	     "The field '%s' is too short."},                                                      \
	    {"form_field_too_long", "Isian kolom '%s' terlalu panjang.",                           \
	     "The field '%s' is too long."},                                                       \
	    {"form_field_range", "Nilai kolom '%s' di luar rentang yang diizinkan.",               \
	     "The value of '%s' is out of the allowed range."},                                    \
	    {"form_field_choice", "Isian kolom '%s' bukan salah satu pilihan yang tersedia.",      \
	     "The value of '%s' is not one of the choices."},                                      \
	    {"form_field_count", "Jumlah isian kolom '%s' di luar batas yang diizinkan.",          \
	     "The number of entries in '%s' is outside the allowed limits."},                      \
	    {"form_field_duplicate", "Kolom '%s' memuat isian yang sama lebih dari sekali.",       \
	     "The field '%s' holds the same entry more than once."},                               \
	    {"form_field_format", "Format isian kolom '%s' tidak valid.",                          \
	     "The field '%s' has an invalid format."},                                             \
	    {"form_field_invalid", "Isian kolom '%s' tidak valid.",                                \
	     "The field '%s' is not valid."},                                                      \
	    {"form_field_not_applicable",                                                          \
	     "Kolom '%s' tidak berlaku untuk pilihan Anda; kosongkan kolom tersebut.",             \
	     "The field '%s' does not apply to your answers; leave it empty."},                    \
	    {"form_repeat_mismatch",                                                               \
	     "Baris pada '%s' tidak sesuai dengan data skema atau kasus; muat ulang formulir "     \
	     "lalu isi kembali.",                                                                  \
	     "The rows of '%s' do not match the scheme or case; reload the form and fill it in "   \
	     "again."},

#endif
