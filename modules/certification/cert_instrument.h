/* The assessment instruments of a case (FR.IA.01-FR.IA.10, SE.007 A.IV.8d): which ones the
 * pinned MUK's FR.MAPA.02 selects, the asesi's online answer sheets (IA.05, IA.06) and the
 * assessor's judgement per item. The rules here are pure (no SQL, no HTTP): the instrument
 * content comes from modules/muk, and errors come back as a message code and a JSON path. */
#ifndef UJIKOM_CERT_INSTRUMENT_H
#define UJIKOM_CERT_INSTRUMENT_H
#include <jansson.h>
#include <stddef.h>

struct cert_instrument {
	const char *code; /* "ia01" .. "ia10", the MUK content key */
	const char *form; /* "FR.IA.01": the code of the assessor's signed part */
	const char *list; /* the content member holding the items: items, tasks, questions ... */
	const char *title_id, *title_en;
	int online;	  /* the asesi answers it on a timed sheet (IA.05, IA.06) */
	int scored;	  /* the server scores the sheet against the key (IA.05) */
	int summary;	  /* the assessor writes a summary of each answer (oral, interview) */
	int vatm;	  /* each item may carry the V/A/T/M checks (IA.08 portfolio) */
	int min_per_item; /* online: minutes per item when the MUK gives no duration */
};

/* NULL when unknown. */
const struct cert_instrument *cert_instrument_find(const char *code);
const struct cert_instrument *cert_instrument_by_form(const char *form);

/* Items of the instrument's content (0 when malformed). */
size_t cert_instrument_items(const struct cert_instrument *d, const json_t *content);
/* Minutes the asesi has for an online sheet: the MUK's duration_minutes, else min_per_item per
 * item (at least 5). */
int cert_instrument_minutes(const struct cert_instrument *d, const json_t *content);

/* Where input was refused: a message code of the module (the form_field_* family or
 * instrument_*), the JSON path of the field, and an optional detail for the message's %s. */
struct cert_ierr {
	const char *code;
	char path[96];
	const char *detail;
};

/* A sheet of empty answers (new reference), one null per item. */
json_t *cert_instrument_blank(const struct cert_instrument *d, const json_t *content);
/* Checks the asesi's answers: an array with one entry per item, each null (unanswered) or, for
 * IA.05, a letter among that item's options, for IA.06 a text of at most 8000 characters.
 * 0, or -1 with err filled. */
int cert_instrument_answers_check(const struct cert_instrument *d, const json_t *content,
				  const json_t *answers, struct cert_ierr *err);

/* Builds the assessor's part to sign from data {"butir": [{"hasil": "K"|"BK", "ringkasan",
 * "catatan", "vatm"}], "umpan_balik", "rekomendasi": "K"|"BK", "ttd_asesor": true}, checked
 * against the staff content (one butir per item; "ringkasan" required where the instrument has
 * summaries; "vatm" only for IA.08). An overall K needs every butir K. For IA.05 the assessor
 * gives no butir: they are computed from the final answers and the key, with the score
 * ("skor"), and K needs the pass mark. For online instruments the sheet's SHA-256 is recorded as
 * "lembar_jawaban_sha256". Returns a new reference, or NULL with err filled. */
json_t *cert_instrument_result(const struct cert_instrument *d, const json_t *content,
			       const json_t *data, const json_t *final_answers,
			       const char *sheet_sha256, struct cert_ierr *err);

#endif
