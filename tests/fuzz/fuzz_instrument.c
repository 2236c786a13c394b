/* libFuzzer target: the instrument rules of a case (cert_instrument_logic.c) on outside input: the
 * asesi's answer sheet and the assessor's judgement, as JSON {"code": "ia01".."ia10", "answers":
 * [...], "data": {...}} against fixed instrument content. Invariants: a refusal always names a
 * message code and a path; an accepted judgement keeps the signature and the recommendation, and a
 * K is accepted only when every item is K (IA.05: only with the pass mark). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "certification/cert_instrument.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char content_text[] =
    "{\"ia01\": {\"items\": [{\"unit\": \"P.85ASM00.001.2\", \"element\": 1, \"kuk\": 1},"
    " {\"unit\": \"P.85ASM00.001.2\", \"element\": 1, \"kuk\": 2}]},"
    " \"ia02\": {\"tasks\": [{\"scenario\": \"s\"}]},"
    " \"ia03\": {\"questions\": [{\"question\": \"q\"}]},"
    " \"ia04\": {\"projects\": [{\"title\": \"p\"}]},"
    " \"ia05\": {\"threshold\": 50, \"items\": [{\"options\": [\"x\", \"y\"], \"key\": \"a\"},"
    " {\"options\": [\"x\", \"y\", \"z\"], \"key\": \"c\"}]},"
    " \"ia06\": {\"questions\": [{\"question\": \"e\"}]},"
    " \"ia07\": {\"questions\": [{\"question\": \"o\"}, {\"question\": \"o2\"}]},"
    " \"ia08\": {\"documents\": [{\"document\": \"d\"}]},"
    " \"ia09\": {\"questions\": [{\"question\": \"w\"}]},"
    " \"ia10\": {\"questions\": [{\"question\": \"t\"}]}}";

static void check_err(const struct cert_ierr *e)
{
	if (!e->code || !e->code[0])
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *content;
	struct cert_ierr err;
	if (!content)
		content = json_loads(content_text, 0, NULL);
	json_t *in = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	if (!in)
		return 0;
	const struct cert_instrument *d =
	    cert_instrument_find(json_string_value(json_object_get(in, "code")));
	if (!d)
		d = cert_instrument_find(size % 2 ? "ia05" : "ia01");
	const json_t *c = json_object_get(content, d->code);
	const json_t *answers = json_object_get(in, "answers");

	memset(&err, 0, sizeof err);
	if (d->online && cert_instrument_answers_check(d, c, answers, &err) < 0)
		check_err(&err);
	else if (d->online)
		answers = json_object_get(in, "answers"); /* a valid sheet: judge on it */
	else
		answers = NULL;

	json_t *part = cert_instrument_result(d, c, json_object_get(in, "data"),
					      d->scored ? answers : NULL, "00", &err);
	if (!part) {
		check_err(&err);
	} else {
		const char *rec = json_string_value(json_object_get(part, "rekomendasi"));
		if (!json_is_true(json_object_get(part, "ttd_asesor")) || !rec)
			abort();
		if (!strcmp(rec, "K")) {
			if (d->scored) {
				if (!json_is_true(
					json_object_get(json_object_get(part, "skor"), "lulus")))
					abort();
			} else {
				size_t i;
				json_t *b;
				json_array_foreach(
				    json_object_get(part, "butir"), i,
				    b) if (strcmp(json_string_value(json_object_get(b, "hasil")),
						  "K") != 0) abort();
			}
		}
		json_decref(part);
	}
	json_decref(in);
	return 0;
}
