/* The MUK module (SE.007 A.IV.6): certification schemes (skema) with their unit -> elemen -> KUK
 * tree and basic requirements, and versioned MUK documents (FR.MAPA.01, FR.MAPA.02 and the
 * instruments IA.01-IA.10) that become immutable once validated (FR.VA + an all-Ya FR.IA.11).
 * What other modules may call: the descriptor, read access to schemes and versions, marking a
 * version used by a case, the asesi-safe instrument view and IA.05 scoring. */
#ifndef UJIKOM_MUK_H
#define UJIKOM_MUK_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "module.h"

struct db;

extern const struct module muk_module;

/* Who will see an instrument view. */
enum muk_audience {
	MUK_AUDIENCE_ASESI = 0, /* the candidate: no answer keys, model or expected answers */
	MUK_AUDIENCE_STAFF = 1, /* assessors and LSP staff: everything */
};

/* The instruments of a MUK version as a new JSON object {"ia01": {...}, ...} (caller
 * json_decref()s it). MUK_AUDIENCE_STAFF: the whole stored "instruments" object, keys included.
 * MUK_AUDIENCE_ASESI: only what the asesi works on (IA.02 task, IA.04 project brief, IA.05
 * questions and options, IA.06 questions), with every key, model and expected answer removed
 * (muk_redact_for_asesi, muk_internal.h); a draft version gives NULL for the asesi, who is only
 * ever assessed with validated material. NULL also when the version does not exist or on a
 * database error (logged). */
json_t *muk_instruments_for(struct db *db, int64_t version_id, enum muk_audience aud);

/* (tx) Marks a validated version as used by a case (a used version stays immutable; edits make a
 * new version). Idempotent: a version already used returns ERR_OK without a second ledger entry.
 * ERR_NOT_FOUND when absent, ERR_CONFLICT for a draft. Must run inside db_begin()/db_commit() (the
 * caller's transaction, with the case change); appends "muk.version.use" (actor 0, now). */
enum err muk_version_mark_used(struct db *db, int64_t version_id);
/* As muk_version_mark_used, with the acting account and the request time in the ledger entry. */
enum err muk_version_mark_used_by(struct db *db, int64_t version_id, int64_t actor, int64_t now_ms);

/* IA.05 result. percent is rounded down; passed = score * 100 >= threshold * max. */
struct muk_ia05_result {
	int score;     /* correct answers */
	int max;       /* items */
	int percent;   /* 0..100 */
	int threshold; /* the version's pass threshold, percent */
	int passed;    /* 1 when score reaches the threshold */
};

/* Pure: scores IA.05 answers against the key. ia05 is the staff "ia05" object
 * {"threshold": n, "items": [{"key": "a".."f", "options": [...], ...}]} as muk_instruments_for
 * (STAFF) returns it; answers is an array with one entry per item, each "a".."f" (within that
 * item's options) or null for unanswered (counts as wrong). Returns 0 and fills out, or -1 when
 * ia05 or answers is malformed (wrong length, unknown letter); out is then untouched. */
int muk_ia05_score(const json_t *ia05, const json_t *answers, struct muk_ia05_result *out);

/* Pure: 1 when code is an SKKNI unit code "X.NNNNNN.NNN.NN" (KBLI category letter A-U, 6-digit
 * golongan, 3-digit serial, 2-digit version; e.g. J.620100.001.01) or a BNSP unit code
 * "X.NNAAANN.NNN.N" (letter, 2 digits, 3 capital letters, 2 digits, 3-digit serial, 1-2 digit
 * version; e.g. P.85ASM00.001.2); 0 otherwise. */
int muk_unit_code_valid(const char *code);

/* The instruments FR.MAPA.02 of a version selects for an asesi of potential category potensi
 * (1..5, the FR.MAPA.01 categories): the union over the work groups, as codes "ia01".."ia10" in
 * that order (static strings). ia11 is left out: the FR.IA.11 review of the instruments is
 * recorded when the version is validated, not per asesi. Up to 10 codes go into out; *n gets the
 * count. ERR_NOT_FOUND when the version does not exist or its plan has no column for potensi. */
enum err muk_plan_instruments(struct db *db, int64_t version_id, int potensi, const char *out[10],
			      size_t *n);
/* The potential categories (1..5) the plan of a version covers, as a bit mask (bit k for
 * category k); 0 when the version does not exist. */
unsigned muk_plan_categories(struct db *db, int64_t version_id);

/* One MUK version, without its content. */
struct muk_version_info {
	int64_t id;
	int64_t scheme_id;
	int64_t version; /* 1, 2, ... within the scheme */
	int64_t prev_id; /* the version it was derived from; 0 for none */
	int validated;	 /* 0 draft, 1 validated */
	int used;	 /* referenced by a case */
	char content_sha256[65];
};
/* ERR_NOT_FOUND when absent. */
enum err muk_version_info(struct db *db, int64_t version_id, struct muk_version_info *out);
/* The newest validated version of a scheme; ERR_NOT_FOUND when it has none. */
enum err muk_version_current(struct db *db, int64_t scheme_id, int64_t *version_id);

/* The id of the scheme with this number (e.g. "SKM-01/BNSP/VII/2020"); ERR_NOT_FOUND when none. */
enum err muk_scheme_by_number(struct db *db, const char *number, int64_t *id);

/* A scheme's metadata; strings are copied into arena. */
struct muk_scheme_info {
	int64_t id;
	const char *code;
	const char *number; /* e.g. SKM/BNSP/00010/1/2020 */
	const char *title;
	const char *type; /* "kkni" | "okupasi" | "klaster" */
	int kkni_level;	  /* 1..9 for kkni, else 0 */
	int64_t fee_idr;
	int validity_months; /* certificate validity */
	int appeal_days;     /* appeal window after the decision, calendar days */
	int remote_approved;
	int paperless_approved;
	int active;
};
/* ERR_NOT_FOUND when absent. */
enum err muk_scheme_info(struct db *db, struct arena *arena, int64_t scheme_id,
			 struct muk_scheme_info *out);
/* The scheme as GET /api/skema/:id shows it (metadata, requirements with upload limits, units ->
 * elements -> KUK): a new reference, or NULL when absent or on a database error. Units are
 * identified by code, elements and KUK by their 1-based position ("no"). */
json_t *muk_scheme_public_json(struct db *db, int64_t scheme_id);

#endif
