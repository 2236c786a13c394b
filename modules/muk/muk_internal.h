/* Declarations shared by the files of the muk module only: the in-memory scheme and version
 * structures, the path-keeping JSON readers, the pure parsers and checks, the store and the
 * handlers. */
#ifndef UJIKOM_MUK_INTERNAL_H
#define UJIKOM_MUK_INTERNAL_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "embed.h"
#include "err.h"
#include "muk.h"
#include "request.h"

struct app;
struct db;

/* Permissions (perm_def in muk_module.c). */
#define PERM_SKEMA_MANAGE     "muk.skema.manage"
#define PERM_VERSION_READ     "muk.version.read"
#define PERM_VERSION_VALIDATE "muk.version.validate"
#define PERM_VERSION_REVIEW   "muk.version.review"

/* Limits. */
#define MUK_UNITS_MAX	    100
#define MUK_ELEMENTS_MAX    30
#define MUK_KUK_MAX	    30
#define MUK_REQS_MAX	    50
#define MUK_VERSIONS_MAX    200 /* per import document */
#define MUK_RECORDS_MAX	    50	/* FR.VA or FR.IA.11 records per version in an import */
#define MUK_UPLOAD_DEFAULT  (2 * 1024 * 1024)
#define MUK_UPLOAD_MAX	    (10 * 1024 * 1024)
#define MUK_UPLOAD_MIN	    1024
#define MUK_VALIDITY_DEF    36
#define MUK_APPEAL_DAYS_DEF 14
#define MUK_FEE_MAX	    INT64_C(10000000000) /* Rp 10 miliar */
#define MUK_IA11_ITEMS	    8
#define MUK_JSON_DEPTH	    32
#define MUK_IMPORT_MAX	    (2 * 1024 * 1024) /* bytes of an import document */
#define MUK_FORMAT	    "ujikom.skema"
#define MUK_FORMAT_VERSION  1

/* Upload types of a requirement (bit set). */
#define MUK_FT_PDF 1u
#define MUK_FT_JPG 2u
#define MUK_FT_PNG 4u
#define MUK_FT_ALL (MUK_FT_PDF | MUK_FT_JPG | MUK_FT_PNG)

enum muk_kind { MUK_KIND_KKNI = 0, MUK_KIND_OKUPASI, MUK_KIND_KLASTER };
enum muk_applies { MUK_APPLIES_ALL = 0, MUK_APPLIES_NEW, MUK_APPLIES_RENEWAL };
enum muk_period { MUK_PERIOD_BEFORE = 0, MUK_PERIOD_DURING, MUK_PERIOD_AFTER };

extern const char *const muk_kind_names[3];    /* "kkni" "okupasi" "klaster" */
extern const char *const muk_applies_names[3]; /* "semua" "baru" "ulang" */
extern const char *const muk_period_names[3];  /* "sebelum" "pada_saat" "setelah" */
extern const char *const muk_ia11_statements_id[MUK_IA11_ITEMS]; /* FR.IA.11 items */
extern const char *const muk_ia11_statements_en[MUK_IA11_ITEMS];

/* --- the scheme in memory (strings borrowed from the parsed JSON or copied into an arena) --- */

struct muk_element {
	const char *title;
	const char **kuk; /* KUK texts, in order (KUK no = index + 1) */
	size_t nkuk;
};

struct muk_unit {
	const char *code;
	const char *title;
	struct muk_element *el;
	size_t nel;
};

struct muk_req {
	const char *ref; /* clause in the scheme document, e.g. "6.1.1"; may be NULL */
	const char *text;
	const char *evidence; /* the proof the applicant uploads */
	int applies_to;	      /* enum muk_applies */
	int64_t max_bytes;    /* upload limit per file */
	unsigned types;	      /* MUK_FT_* */
};

struct muk_approval {
	int approved;
	const char *number; /* BNSP approval letter number; NULL unless approved */
	const char *date;   /* YYYY-MM-DD; NULL unless approved */
};

struct muk_scheme {
	int64_t id; /* 0 before it is stored */
	const char *code;
	const char *number;
	const char *title;
	int kind;	/* enum muk_kind */
	int kkni_level; /* 1..9 for MUK_KIND_KKNI, else 0 */
	int64_t fee_idr;
	int64_t validity_months;
	int64_t appeal_days;
	struct muk_approval remote, paperless;
	int active;
	struct muk_req *reqs;
	size_t nreqs;
	struct muk_unit *units;
	size_t nunits;
	int has_units; /* the input carried "units" */
	/* loaded from the store only */
	int frozen; /* a validated version exists: the unit tree and the code/number are fixed */
	int64_t created_at, updated_at;
};

/* FR.VA (validation) and FR.IA.11 (instrument review) records: the parsed facts and the document
 * itself (borrowed JSON). */
struct muk_va {
	const char *date;
	int period; /* enum muk_period */
	const json_t *doc;
};

struct muk_ia11 {
	const char *date;
	int all_ya;
	const json_t *doc;
};

/* A stored record as loaded. */
struct muk_rec {
	int64_t id;
	const char *sha; /* content hash the record was made for */
	int all_ya;	 /* reviews only */
	json_t *doc;	 /* parsed; freed with the arena */
	int64_t by, at;
};

/* A stored version as loaded (content parsed; everything lives as long as the arena). */
struct muk_vrow {
	int64_t id, scheme_id, version, prev_id;
	int64_t prev_version; /* version number of prev_id, 0 for none */
	int validated, used;
	const char *sha;
	json_t *content; /* NULL when loaded without content */
	int64_t created_by, created_at, updated_at, validated_by, validated_at, used_at;
	struct muk_rec *vas; /* FR.VA records, oldest first (all of them) */
	size_t nvas;
	struct muk_rec *reviews; /* FR.IA.11 records, oldest first */
	size_t nreviews;
};

/* One version of an import document. */
struct muk_import_version {
	int64_t version;
	int64_t prev_version; /* 0 for none */
	int validated;
	const json_t *content;
	struct muk_va *vas;
	size_t nvas;
	struct muk_ia11 *reviews;
	size_t nreviews;
};

struct muk_import {
	struct muk_scheme scheme;
	struct muk_import_version *v;
	size_t nv;
};

/* --- muk_read.c: bounded JSON readers that name the JSON path of every error --- */

#define MUK_PATH_MAX 192

/* A parse error: the path ("instruments.ia05.items[3].key"), a message code and an optional
 * detail substituted into the message instead of the path. */
struct muk_perr {
	char path[MUK_PATH_MAX];
	const char *code;
	char detail[128];
};

struct muk_rd {
	struct muk_perr *err;
	char path[MUK_PATH_MAX];
	size_t len;
};

#define MUK_REQ 1
#define MUK_OPT 0

/* Starts a reader; prefix ("" or e.g. "skema") is the path of the value read first. */
void muk_rd_init(struct muk_rd *r, struct muk_perr *err, const char *prefix);
/* Extends the path by ".key" / "[i]"; returns a mark for muk_rd_back(). */
size_t muk_rd_key(struct muk_rd *r, const char *key);
size_t muk_rd_idx(struct muk_rd *r, size_t i);
void muk_rd_back(struct muk_rd *r, size_t mark);
/* Records the error at the current path (detail may be NULL); returns -1. */
int muk_rd_fail(struct muk_rd *r, const char *code, const char *detail);
/* As muk_rd_fail, at the current path extended by key. */
int muk_rd_fail_at(struct muk_rd *r, const char *key, const char *code, const char *detail);
/* The current value must be an object whose members are all in allowed (NULL-terminated);
 * field_type / muk_field_unknown (at the member) otherwise. 0 or -1. */
int muk_rd_object(struct muk_rd *r, const json_t *v, const char *const *allowed);

/* Value readers: check the value at the current path. 0 ok, -1 error recorded.
 * str: one line (no control characters); text: may hold newlines and tabs. Both count bytes,
 * need a non-blank value when min > 0 and refuse NUL. */
int muk_rd_v_str(struct muk_rd *r, const json_t *v, size_t min, size_t max, const char **out);
int muk_rd_v_text(struct muk_rd *r, const json_t *v, size_t min, size_t max, const char **out);
int muk_rd_v_int(struct muk_rd *r, const json_t *v, int64_t lo, int64_t hi, int64_t *out);
int muk_rd_v_enum(struct muk_rd *r, const json_t *v, const char *const *choices, size_t n,
		  int *out);

/* Member readers: 1 read, 0 absent or null (optional; *out untouched), -1 error recorded
 * (field_required when a required member is absent or null). */
int muk_rd_str(struct muk_rd *r, const json_t *obj, const char *key, int required, size_t min,
	       size_t max, const char **out);
int muk_rd_text(struct muk_rd *r, const json_t *obj, const char *key, int required, size_t min,
		size_t max, const char **out);
int muk_rd_int(struct muk_rd *r, const json_t *obj, const char *key, int required, int64_t lo,
	       int64_t hi, int64_t *out);
int muk_rd_bool(struct muk_rd *r, const json_t *obj, const char *key, int required, int *out);
int muk_rd_enum(struct muk_rd *r, const json_t *obj, const char *key, int required,
		const char *const *choices, size_t n, int *out);
/* An array of min..max elements (borrowed). */
int muk_rd_array(struct muk_rd *r, const json_t *obj, const char *key, int required, size_t min,
		 size_t max, const json_t **out);
/* An array of min..n distinct members of choices (n <= 32); *mask gets the chosen bits (0 when
 * absent). */
int muk_rd_enum_set(struct muk_rd *r, const json_t *obj, const char *key, int required, size_t min,
		    const char *const *choices, size_t n, unsigned *mask);
/* A calendar date "YYYY-MM-DD" (muk_date_valid). */
int muk_rd_date(struct muk_rd *r, const json_t *obj, const char *key, int required,
		const char **out);
/* A member that must be an object (borrowed); members are not checked. */
int muk_rd_member_object(struct muk_rd *r, const json_t *obj, const char *key, int required,
			 const json_t **out);

/* --- muk_logic.c: pure rules --- */

/* 1 when s is a real calendar date "YYYY-MM-DD" with a year 1900..2999. */
int muk_date_valid(const char *s);
/* 1 for an assessor registration number "MET.000.NNNNNN YYYY" (e.g. MET.000.001234 2019). */
int muk_met_valid(const char *s);
/* 1 for a scheme code: 2..32 of A-Z 0-9 . _ - starting with a letter or digit. */
int muk_scheme_code_valid(const char *s);
/* 1 for a scheme number: 3..64 of A-Z a-z 0-9 / . - _ starting with a letter or digit. */
int muk_scheme_number_valid(const char *s);
/* The asesi view of a stored instruments object: a new object with only the instruments the
 * asesi works on, each reduced to the fields the asesi may read, and then every member whose name
 * looks like a key or an answer removed at any depth (a second net). Never fails (allocation
 * aborts). */
json_t *muk_redact_for_asesi(const json_t *instruments);
/* 1 when a member name looks like an answer key or an answer (key, kunci, model, expected,
 * jawaban, answer, case-insensitive substrings). */
int muk_name_is_secret(const char *name);
/* SHA-256 hex of v's canonical JSON. */
void muk_json_sha256(const json_t *v, char out[65]);

/* --- muk_scheme.c: the scheme document --- */

#define MUK_SCHEME_UNITS_ALLOWED 1u /* "units" may be given (create, import) */
#define MUK_SCHEME_NO_UNITS	 0u /* metadata and requirements only (update) */

/* Reads a scheme object (see README for the shape) into out, strings borrowed from obj. 0 or -1
 * (error at a path under the reader's prefix). */
int muk_scheme_parse(struct muk_rd *r, const json_t *obj, struct arena *a, unsigned flags,
		     struct muk_scheme *out);
/* Reads a units array (1..MUK_UNITS_MAX units; codes valid and unique). */
int muk_units_parse(struct muk_rd *r, const json_t *arr, struct arena *a, struct muk_unit **out,
		    size_t *n);
/* The scheme as JSON in the same shape (units included); with_id adds "id" and
 * "muk_validated". New reference. */
json_t *muk_scheme_to_json(const struct muk_scheme *s, int with_id);
/* The list item of GET /api/skema. */
json_t *muk_scheme_summary_json(const struct muk_scheme *s);

/* --- muk_content.c: a MUK version's content (FR.MAPA.01, FR.MAPA.02, instruments) --- */

/* Checks the content document strictly against the scheme's unit tree: shapes, bounds,
 * references to units / elements / KUK, MAPA.02 covering every unit once and naming only
 * instruments that are present, IA.01 covering every KUK of the units it is chosen for. 0 or -1
 * with the path of the first error. */
int muk_content_check(struct muk_rd *r, const json_t *content, const struct muk_unit *units,
		      size_t nunits);

/* --- muk_records.c: FR.VA and FR.IA.11 --- */

/* Reads an FR.VA record. from_export: the document must carry "recorder" (the name of who
 * recorded it); otherwise that member is refused (the server sets it). */
int muk_va_parse(struct muk_rd *r, const json_t *doc, int from_export, struct muk_va *out);
/* Reads an FR.IA.11 record: exactly 8 items {"answer": "ya"|"tidak", "comment"}; from_export as
 * for muk_va_parse with "reviewer". */
int muk_ia11_parse(struct muk_rd *r, const json_t *doc, int from_export, struct muk_ia11 *out);

/* --- muk_import.c: the transfer document {"format":"ujikom.skema","version":1,...} --- */

/* Parses and checks a whole import document into out (strings and JSON borrowed from doc). Pure:
 * no database. 0 or -1 with the path of the first error. */
int muk_import_parse(const json_t *doc, struct arena *a, struct muk_import *out,
		     struct muk_perr *err);
/* As muk_import_parse from text (at most MUK_IMPORT_MAX bytes; duplicate keys and depth over
 * MUK_JSON_DEPTH refused). The parsed tree is freed with the arena. */
int muk_import_parse_text(const char *text, size_t len, struct arena *a, struct muk_import *out,
			  struct muk_perr *err);
/* The export document of a scheme and its versions (records made for each version's current
 * content only). New reference. */
json_t *muk_export_build(const struct muk_scheme *s, const struct muk_vrow *v, size_t n);

/* --- muk_store.c: all SQL. Functions marked (tx) run inside the caller's db_begin()/db_commit()
 * and append their own ledger entry (ids and hashes only). --- */

/* (tx) Inserts a scheme with its requirements and unit tree; *id_out gets its id. ERR_CONFLICT
 * when the code or the number exists. */
enum err muk_store_scheme_insert(struct db *db, int64_t actor, const struct muk_scheme *s,
				 int64_t now_ms, int64_t *id_out);
/* (tx) Replaces a scheme's metadata and requirements (requirement rows are updated in place by
 * position, so their ids stay while their count does not shrink). */
enum err muk_store_scheme_update(struct db *db, int64_t actor, int64_t id,
				 const struct muk_scheme *s, int64_t now_ms);
/* (tx) Replaces the whole unit tree. */
enum err muk_store_units_replace(struct db *db, int64_t actor, int64_t scheme_id,
				 const struct muk_unit *units, size_t nunits, int64_t now_ms);
/* A whole scheme (requirements, tree, frozen flag), strings in arena. ERR_NOT_FOUND. */
enum err muk_store_scheme_load(struct db *db, struct arena *a, int64_t id, struct muk_scheme **out);
/* Schemes ordered by number, metadata only; inactive ones only with all. */
enum err muk_store_scheme_list(struct db *db, struct arena *a, int all, struct muk_scheme **out,
			       size_t *n);
/* Which of code / number is taken by a scheme other than except_id (0: any):
 * *field = "code" or "number", NULL when both are free. */
enum err muk_store_scheme_taken(struct db *db, const char *code, const char *number,
				int64_t except_id, const char **field);

/* (tx) Adds a draft version: number version_no (0: max+1 in the scheme), prev_id (0 none),
 * content stored as canonical JSON with its SHA-256. *version_out may be NULL. */
enum err muk_store_version_insert(struct db *db, int64_t actor, int64_t scheme_id, int64_t prev_id,
				  int64_t version_no, const json_t *content, int64_t now_ms,
				  int64_t *id_out, int64_t *version_out);
/* (tx) Replaces the content of a draft that is not used. ERR_CONFLICT otherwise. */
enum err muk_store_version_update(struct db *db, int64_t actor, int64_t id, const json_t *content,
				  int64_t now_ms);
/* One version; with_content parses the content, with_records loads FR.VA and FR.IA.11 records. */
enum err muk_store_version_load(struct db *db, struct arena *a, int64_t id, int with_content,
				int with_records, struct muk_vrow *out);
/* A scheme's versions by number (content and records as for muk_store_version_load). */
enum err muk_store_version_list(struct db *db, struct arena *a, int64_t scheme_id, int with_content,
				int with_records, struct muk_vrow **out, size_t *n);
/* (tx) Appends an FR.VA record for the version's current content (sha); by is the recorder. */
enum err muk_store_va_insert(struct db *db, int64_t actor, int64_t version_id, const char *sha,
			     const struct muk_va *va, int64_t now_ms, int64_t *id_out);
/* (tx) Appends an FR.IA.11 record. */
enum err muk_store_review_insert(struct db *db, int64_t actor, int64_t version_id, const char *sha,
				 const struct muk_ia11 *rv, int64_t now_ms, int64_t *id_out);
/* (tx) draft -> validated. ERR_CONFLICT when it is not a draft. */
enum err muk_store_version_validate(struct db *db, int64_t actor, int64_t id, int64_t now_ms);
/* (tx) Sets used on a validated version; ERR_CONFLICT for a draft; *changed 0 when it already
 * was. */
enum err muk_store_version_use(struct db *db, int64_t actor, int64_t id, int64_t now_ms,
			       int *changed);
/* (tx) Writes a parsed import (scheme, versions in order, records, validations) and a
 * "muk.skema.import" entry with the document hash. ERR_CONFLICT when the code or number exists. */
enum err muk_store_import(struct db *db, int64_t actor, const struct muk_import *imp,
			  const char *doc_sha, int64_t now_ms, int64_t *scheme_id_out);

/* --- muk_logic.c: the validation rule --- */

/* Why a version may not be validated: NULL when it may, else a message code
 * ("muk_version_not_draft", "muk_validation_missing", "muk_review_missing",
 * "muk_review_not_all_ya"). v must be loaded with records. */
const char *muk_validate_refusal(const struct muk_vrow *v);

/* --- muk_http.c: helpers shared by the handlers --- */

enum err muk_tx_end(struct db *db, enum err e);
enum err muk_fail(struct request *req, enum err e);
/* 422 with the parse error's code, path as the field and its detail. */
enum err muk_fail_perr(struct request *req, const struct muk_perr *pe);
/* resp_json, a NULL obj is a 500. */
enum err muk_json(struct request *req, int status, json_t *obj);
/* 409 (muk_skema_number_taken / muk_skema_code_taken) when the code or number belongs to another
 * scheme than except_id; field_prefix "" or "skema" names the field. */
enum err muk_check_taken(struct request *req, const struct muk_scheme *s, int64_t except_id,
			 const char *field_prefix);
/* The version's staff JSON (content, records, IA.11 statements). */
json_t *muk_version_json(const struct muk_vrow *v);

/* --- handlers (muk_module.c lists the routes) --- */
enum err muk_h_skema_list(struct request *req); /* muk_http.c */
enum err muk_h_skema_get(struct request *req);
enum err muk_h_skema_create(struct request *req);
enum err muk_h_skema_update(struct request *req);
enum err muk_h_units_set(struct request *req);
enum err muk_h_version_create(struct request *req); /* muk_version_http.c */
enum err muk_h_versions_list(struct request *req);
enum err muk_h_version_get(struct request *req);
enum err muk_h_version_update(struct request *req);
enum err muk_h_validation_record(struct request *req);
enum err muk_h_review_record(struct request *req);
enum err muk_h_version_validate(struct request *req);
enum err muk_h_skema_export(struct request *req); /* muk_transfer_http.c */
enum err muk_h_skema_import(struct request *req);

/* --- muk_demo.c --- */
enum err muk_demo_seed(struct app *app, struct db *db);
/* The embedded demo import document (demo/skema-asesor-kompetensi.json), NUL-terminated. */
const char *muk_demo_document(size_t *len);

/* The OpenAPI schemas fragment (muk_openapi.c). */
extern const char muk_openapi_schemas[];

enum err muk_store_scheme_id_by_number(struct db *db, const char *number, int64_t *id);

#endif
