/* The instrument stage of a case (SE.007 A.IV.8d), while it is ASSESSING: the instruments the
 * pinned MUK's FR.MAPA.02 selects for the asesi's potential category, the asesi's timed online
 * answer sheets for IA.05 / IA.06 (saved as they work, final when submitted and signed or when
 * the time runs out), and the assessor's signed judgement per instrument (an FR.IA.xx part in
 * cert_case_forms, through the same signing path as every form). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth.h"
#include "buf.h"
#include "cert_instrument.h"
#include "cert_internal.h"
#include "db.h"
#include "jadwal/jadwal.h"
#include "json.h"
#include "ledger.h"
#include "log.h"
#include "muk/muk.h"
#include "util.h"

/* Saves that arrive up to this long after the deadline still count (the network is slow). */
#define SHEET_GRACE_MS (30 * 1000)

/* The instruments of a case's plan, with the staff content of the pinned MUK version. */
struct plan {
	const char *codes[10];
	size_t n;
	json_t *content; /* {"ia01": {...}, ...} (staff view, keys included); freed with req */
};

static void decref(void *p)
{
	json_decref(p);
}

/* ERR_NOT_FOUND when the case has no plan yet (no pinned version or potential category). */
static enum err plan_load(struct db *db, struct arena *a, const struct cert_case *c, struct plan *p)
{
	memset(p, 0, sizeof *p);
	if (!c->muk_version_id || !c->potensi)
		return ERR_NOT_FOUND;
	enum err e = muk_plan_instruments(db, c->muk_version_id, c->potensi, p->codes, &p->n);
	if (e != ERR_OK)
		return e;
	p->content = muk_instruments_for(db, c->muk_version_id, MUK_AUDIENCE_STAFF);
	if (!p->content)
		return ERR_DB;
	arena_defer(a, decref, p->content);
	return ERR_OK;
}

static int plan_has(const struct plan *p, const char *code)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->codes[i], code))
			return 1;
	return 0;
}

static enum err ledger_case(struct db *db, int64_t actor, int64_t case_id, const char *action,
			    json_t *payload, int64_t now_ms)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)case_id);
	enum err e = ledger_append(db, actor, action, "case", id, payload, now_ms, NULL);
	json_decref(payload);
	return e;
}

/* (tx) Makes an open sheet final as it was last saved: the clock closed it. */
static enum err sheet_close(struct db *db, const struct cert_sheet *s, int64_t now_ms)
{
	char sha[SHA256_HEX_LEN + 1];
	util_sha256_hex(s->answers, strlen(s->answers), sha);
	enum err e = cert_store_sheet_finalize(db, s->case_id, s->instrument, s->answers, "timeout",
					       NULL, sha, now_ms);
	if (e == ERR_OK)
		e = ledger_case(db, 0, s->case_id, "cert.instrument.sheet_final",
				json_pack("{s:s, s:s, s:s}", "instrument", s->instrument, "by",
					  "timeout", "sha256", sha),
				now_ms);
	return e;
}

/* Closes s if its time (plus the grace) has run out, and reloads it. */
static enum err sheet_settle(struct request *req, struct cert_sheet *s)
{
	if (s->final_at || req->now_ms <= s->deadline_at + SHEET_GRACE_MS)
		return ERR_OK;
	enum err e = db_begin(req->db);
	if (e != ERR_OK)
		return e;
	e = sheet_close(req->db, s, req->now_ms);
	if (e == ERR_CONFLICT) /* closed meanwhile */
		e = ERR_OK;
	if (e == ERR_OK)
		e = db_commit(req->db);
	else
		db_rollback(req->db);
	if (e != ERR_OK)
		return e;
	return cert_store_sheet_get(req->db, req->arena, s->case_id, s->instrument, s);
}

static const char *sheet_status(const struct cert_sheet *s, int64_t now_ms)
{
	if (s->final_at)
		return "final";
	return now_ms > s->deadline_at ? "expired" : "open";
}

static json_t *sheet_json(const struct cert_sheet *s, int64_t now_ms, int with_answers)
{
	json_t *o = json_pack(
	    "{s:s, s:o, s:o, s:o, s:I, s:o, s:o, s:o}", "status", sheet_status(s, now_ms),
	    "started_at", json_time(s->started_at), "deadline_at", json_time(s->deadline_at),
	    "saved_at", json_time(s->saved_at), "revision", (json_int_t)s->revision, "final_at",
	    s->final_at ? json_time(s->final_at) : json_null(), "final_by",
	    json_str_or_null(s->final_by), "sha256", json_str_or_null(s->sha256));
	if (with_answers)
		json_object_set_new(o, "answers", json_loads(s->answers, 0, NULL));
	return o;
}

/* The assessor's latest signed result of an instrument, or NULL. */
static json_t *result_json(struct request *req, int64_t case_id, const char *form, int staff)
{
	struct cert_form_part part;
	if (cert_store_form_latest(req->db, req->arena, case_id, form, "asesor", &part) != ERR_OK)
		return NULL;
	json_t *data = json_loads(part.data, 0, NULL);
	json_t *o = json_pack("{s:I, s:o, s:s, s:O}", "version", (json_int_t)part.version,
			      "signed_at", json_time(part.signed_at), "case_state", part.case_state,
			      "rekomendasi", json_object_get(data, "rekomendasi"));
	if (staff)
		json_object_set(o, "data", data);
	json_decref(data);
	return o;
}

enum err cert_h_instruments_get(struct request *req)
{
	struct cert_case c;
	struct plan p;
	int owner = 0, asesor = 0;
	enum err e = cert_load_visible(req, &c, &owner, &asesor);
	if (e != ERR_OK)
		return e;
	int staff = asesor || req_has_perm(req, "cert.case.read");
	json_t *o = json_pack("{s:I, s:s, s:o, s:o}", "case_id", (json_int_t)c.id, "state",
			      cert_state_name(c.state), "now", json_time(req->now_ms), "potensi",
			      c.potensi ? json_integer(c.potensi) : json_null());
	json_t *list = json_array();
	json_object_set_new(o, "instruments", list);
	e = plan_load(req->db, req->arena, &c, &p);
	json_object_set_new(o, "planned", json_boolean(e == ERR_OK));
	if (e == ERR_NOT_FOUND)
		return resp_json(req, 200, o);
	if (e != ERR_OK) {
		json_decref(o);
		return e;
	}
	json_t *asesi_view = NULL;
	if (!staff) {
		asesi_view = muk_instruments_for(req->db, c.muk_version_id, MUK_AUDIENCE_ASESI);
		arena_defer(req->arena, decref, asesi_view);
	}
	for (size_t i = 0; i < p.n; i++) {
		const struct cert_instrument *d = cert_instrument_find(p.codes[i]);
		const json_t *content = json_object_get(p.content, d->code);
		json_t *it =
		    json_pack("{s:s, s:s, s:s, s:s, s:b, s:I}", "code", d->code, "form", d->form,
			      "title", d->title_id, "title_en", d->title_en, "online", d->online,
			      "items", (json_int_t)cert_instrument_items(d, content));
		struct cert_sheet s;
		int started = 0;
		if (d->online) {
			json_object_set_new(it, "minutes",
					    json_integer(cert_instrument_minutes(d, content)));
			e = cert_store_sheet_get(req->db, req->arena, c.id, d->code, &s);
			if (e != ERR_OK && e != ERR_NOT_FOUND) {
				json_decref(o);
				json_decref(it);
				return e;
			}
			started = e == ERR_OK;
			json_object_set_new(it, "sheet",
					    started ? sheet_json(&s, req->now_ms, 1) : json_null());
			if (started && staff && d->scored) {
				struct muk_ia05_result r;
				json_t *ans = json_loads(s.answers, 0, NULL);
				if (muk_ia05_score(content, ans, &r) == 0)
					json_object_set_new(it, "score",
							    json_pack("{s:i, s:i, s:i, s:i, s:b}",
								      "benar", r.score, "jumlah",
								      r.max, "persen", r.percent,
								      "batas_lulus", r.threshold,
								      "lulus", r.passed));
				json_decref(ans);
			}
		}
		/* Staff read the whole instrument. The asesi reads only what they work on, without
		 * keys, and the questions of a sheet only once they started it. */
		if (staff)
			json_object_set(it, "content", (json_t *)content);
		else if (d->online && started)
			json_object_set(it, "content", json_object_get(asesi_view, d->code));
		json_t *r = result_json(req, c.id, d->form, staff);
		json_object_set_new(it, "result", r ? r : json_null());
		json_array_append_new(list, it);
	}
	return resp_json(req, 200, o);
}

/* The case (ASSESSING), the caller as its asesi, and an online instrument of its plan. */
static enum err sheet_context(struct request *req, struct cert_case *c, struct plan *p,
			      const struct cert_instrument **d)
{
	int owner = 0;
	enum err e = cert_load_visible(req, c, &owner, NULL);
	if (e != ERR_OK)
		return e;
	if (!owner)
		return req_fail(req, ERR_FORBIDDEN, "case_not_owner", NULL);
	if (c->state != CS_ASSESSING)
		return req_fail(req, ERR_CONFLICT, "instrument_wrong_stage", NULL);
	e = plan_load(req->db, req->arena, c, p);
	*d = cert_instrument_find(req_param(req, "code"));
	if (e == ERR_NOT_FOUND || (e == ERR_OK && (!*d || !plan_has(p, (*d)->code))))
		return req_fail_detail(req, ERR_NOT_FOUND, "instrument_not_planned", "code",
				       req_param(req, "code"));
	if (e != ERR_OK)
		return e;
	if (!(*d)->online)
		return req_fail_detail(req, ERR_CONFLICT, "instrument_not_online", "code",
				       (*d)->form);
	return ERR_OK;
}

static enum err reply_sheet(struct request *req, int status, const struct cert_sheet *s,
			    json_t *content)
{
	json_t *o = sheet_json(s, req->now_ms, 1);
	json_object_set_new(o, "now", json_time(req->now_ms));
	if (content)
		json_object_set(o, "content", content);
	return resp_json(req, status, o);
}

enum err cert_h_sheet_start(struct request *req)
{
	struct cert_case c;
	struct plan p;
	const struct cert_instrument *d;
	struct cert_sheet s;
	enum err e = sheet_context(req, &c, &p, &d);
	if (e != ERR_OK)
		return e;
	json_t *view = muk_instruments_for(req->db, c.muk_version_id, MUK_AUDIENCE_ASESI);
	arena_defer(req->arena, decref, view);
	json_t *content = json_object_get(view, d->code);
	e = cert_store_sheet_get(req->db, req->arena, c.id, d->code, &s);
	if (e == ERR_OK) /* already started: the same sheet and the same deadline */
		return reply_sheet(req, 200, &s, content);
	if (e != ERR_NOT_FOUND)
		return e;
	const json_t *staff = json_object_get(p.content, d->code);
	json_t *blank = cert_instrument_blank(d, staff);
	char *text = json_canonical(blank, NULL);
	json_decref(blank);
	memset(&s, 0, sizeof s);
	s.case_id = c.id;
	s.instrument = d->code;
	s.muk_version_id = c.muk_version_id;
	s.started_at = s.saved_at = req->now_ms;
	s.deadline_at = req->now_ms + (int64_t)cert_instrument_minutes(d, staff) * 60 * 1000;
	s.answers = arena_strdup(req->arena, text);
	free(text);
	if ((e = db_begin(req->db)) != ERR_OK)
		return e;
	e = cert_store_sheet_start(req->db, &s);
	if (e == ERR_OK)
		e = ledger_case(req->db, req->who->account_id, c.id, "cert.instrument.sheet_start",
				json_pack("{s:s, s:I}", "instrument", d->code, "deadline_at",
					  (json_int_t)s.deadline_at),
				req->now_ms);
	if (e == ERR_OK)
		e = db_commit(req->db);
	else
		db_rollback(req->db);
	if (e == ERR_CONFLICT) /* started twice at once: the other request made it */
		return req_fail(req, ERR_CONFLICT, "case_moved", NULL);
	if (e != ERR_OK)
		return e;
	return reply_sheet(req, 201, &s, content);
}

/* The open sheet of the request's instrument, settled against the clock: 409 when it was never
 * started or is final. */
static enum err open_sheet(struct request *req, struct cert_case *c, struct plan *p,
			   const struct cert_instrument **d, struct cert_sheet *s)
{
	enum err e = sheet_context(req, c, p, d);
	if (e != ERR_OK)
		return e;
	e = cert_store_sheet_get(req->db, req->arena, c->id, (*d)->code, s);
	if (e == ERR_NOT_FOUND)
		return req_fail(req, ERR_CONFLICT, "instrument_not_started", NULL);
	if (e == ERR_OK)
		e = sheet_settle(req, s);
	if (e != ERR_OK)
		return e;
	if (s->final_at)
		return req_fail(req, ERR_CONFLICT,
				!strcmp(s->final_by, "timeout") ? "instrument_time_up"
								: "instrument_final",
				NULL);
	return ERR_OK;
}

/* The body's "answers", checked; a canonical copy in the arena. */
static enum err read_answers(struct request *req, const struct cert_instrument *d,
			     const struct plan *p, const char **out)
{
	struct cert_ierr err = {0};
	const json_t *a = json_object_get(req->json, "answers");
	if (cert_instrument_answers_check(d, json_object_get(p->content, d->code), a, &err) < 0)
		return req_fail_detail(req, ERR_INVALID, err.code,
				       arena_strdup(req->arena, err.path), err.detail);
	char *text = json_canonical(a, NULL);
	*out = arena_strdup(req->arena, text);
	free(text);
	return ERR_OK;
}

enum err cert_h_sheet_save(struct request *req)
{
	struct cert_case c;
	struct plan p;
	const struct cert_instrument *d;
	struct cert_sheet s;
	int64_t rev = 0;
	const char *answers;
	enum err e = open_sheet(req, &c, &p, &d, &s);
	if (e != ERR_OK)
		return e;
	if ((e = json_in_int(req, req->json, "revision", JSON_IN_REQUIRED, 0, INT64_MAX, &rev)) !=
		ERR_OK ||
	    (e = read_answers(req, d, &p, &answers)) != ERR_OK)
		return e;
	e = cert_store_sheet_save(req->db, c.id, d->code, answers, rev, req->now_ms);
	if (e == ERR_CONFLICT) {
		char cur[24];
		snprintf(cur, sizeof cur, "%lld", (long long)s.revision);
		return req_fail_detail(req, ERR_CONFLICT, "instrument_revision_stale", "revision",
				       arena_strdup(req->arena, cur));
	}
	if (e != ERR_OK)
		return e;
	if ((e = cert_store_sheet_get(req->db, req->arena, c.id, d->code, &s)) != ERR_OK)
		return e;
	json_t *o = sheet_json(&s, req->now_ms, 0);
	json_object_set_new(o, "now", json_time(req->now_ms));
	return resp_json(req, 200, o);
}

struct submit_job {
	int64_t case_id;
	const char *instrument;
	const char *answers;
};

static enum err submit_confirmed(struct request *req, void *arg, const char *method)
{
	struct submit_job *j = arg;
	char sha[SHA256_HEX_LEN + 1];
	struct cert_sheet s;
	util_sha256_hex(j->answers, strlen(j->answers), sha);
	enum err e = db_begin(req->db);
	if (e != ERR_OK)
		return e;
	e = cert_store_sheet_finalize(req->db, j->case_id, j->instrument, j->answers, "asesi",
				      method, sha, req->now_ms);
	if (e == ERR_OK)
		e = ledger_case(req->db, req->who->account_id, j->case_id,
				"cert.instrument.sheet_final",
				json_pack("{s:s, s:s, s:s, s:s}", "instrument", j->instrument, "by",
					  "asesi", "sha256", sha, "method", method),
				req->now_ms);
	if (e == ERR_OK)
		e = db_commit(req->db);
	else
		db_rollback(req->db);
	if (e == ERR_CONFLICT) /* closed by the clock while the password was checked */
		return req_fail(req, ERR_CONFLICT, "instrument_final", NULL);
	if (e != ERR_OK)
		return e;
	if ((e = cert_store_sheet_get(req->db, req->arena, j->case_id, j->instrument, &s)) !=
	    ERR_OK)
		return e;
	return reply_sheet(req, 200, &s, NULL);
}

enum err cert_h_sheet_submit(struct request *req)
{
	struct cert_case c;
	struct plan p;
	const struct cert_instrument *d;
	struct cert_sheet s;
	enum err e = open_sheet(req, &c, &p, &d, &s);
	if (e != ERR_OK)
		return e;
	struct submit_job *j = arena_zalloc(req->arena, sizeof *j);
	j->case_id = c.id;
	j->instrument = d->code;
	j->answers = s.answers; /* the last save, unless the body brings newer answers */
	if (json_object_get(req->json, "answers") &&
	    (e = read_answers(req, d, &p, &j->answers)) != ERR_OK)
		return e;
	return auth_confirm_signer(req, submit_confirmed, j);
}

enum err cert_h_instrument_result(struct request *req)
{
	struct cert_case c;
	struct plan p;
	struct cert_sheet s;
	struct cert_ierr err = {0};
	json_t *data = NULL;
	const json_t *answers = NULL;
	const char *sheet_sha = NULL;
	enum err e = cert_load_visible(req, &c, NULL, NULL);
	if (e != ERR_OK)
		return e;
	if (!req_has_perm(req, "cert.assessment.run"))
		return req_fail(req, ERR_FORBIDDEN, "forbidden", NULL);
	if (!c.jadwal_id || !jadwal_has_asesor(req->db, c.jadwal_id, req->who->account_id))
		return req_fail(req, ERR_FORBIDDEN, "case_not_assigned", NULL);
	if (c.state != CS_ASSESSING)
		return req_fail(req, ERR_CONFLICT, "instrument_wrong_stage", NULL);
	e = plan_load(req->db, req->arena, &c, &p);
	const struct cert_instrument *d = cert_instrument_find(req_param(req, "code"));
	if (e == ERR_NOT_FOUND || (e == ERR_OK && (!d || !plan_has(&p, d->code))))
		return req_fail_detail(req, ERR_NOT_FOUND, "instrument_not_planned", "code",
				       req_param(req, "code"));
	if (e != ERR_OK)
		return e;
	if ((e = json_in_object(req, req->json, "data", JSON_IN_REQUIRED, &data)) != ERR_OK)
		return e;
	if (d->online) { /* judged on the final sheet only */
		e = cert_store_sheet_get(req->db, req->arena, c.id, d->code, &s);
		if (e == ERR_NOT_FOUND)
			return req_fail(req, ERR_CONFLICT, "instrument_sheet_missing", NULL);
		if (e == ERR_OK)
			e = sheet_settle(req, &s);
		if (e != ERR_OK)
			return e;
		if (!s.final_at)
			return req_fail(req, ERR_CONFLICT, "instrument_sheet_open", NULL);
		answers = json_loads(s.answers, 0, NULL);
		arena_defer(req->arena, decref, (json_t *)answers);
		sheet_sha = s.sha256;
	}
	json_t *part = cert_instrument_result(d, json_object_get(p.content, d->code), data, answers,
					      sheet_sha, &err);
	if (!part)
		return req_fail_detail(req, ERR_INVALID, err.code,
				       arena_sprintf(req->arena, "data.%s", err.path), err.detail);
	struct cert_sign_job *j = arena_zalloc(req->arena, sizeof *j);
	j->case_id = c.id;
	j->state = c.state;
	j->code = d->form;
	j->role = "asesor";
	cert_sign_job_set_data(req, j, part);
	json_decref(part);
	return auth_confirm_signer(req, cert_sign_confirmed, j);
}

enum err cert_instruments_complete(struct request *req, const struct cert_case *c)
{
	struct plan p;
	struct cert_form_part part;
	struct buf missing;
	enum err e = plan_load(req->db, req->arena, c, &p);
	if (e == ERR_NOT_FOUND)
		return req_fail_detail(req, ERR_CONFLICT, "cert_instruments_incomplete", NULL,
				       "FR.MAPA.02");
	if (e != ERR_OK)
		return e;
	buf_init(&missing);
	for (size_t i = 0; i < p.n && e == ERR_OK; i++) {
		const struct cert_instrument *d = cert_instrument_find(p.codes[i]);
		e = cert_store_form_latest(req->db, req->arena, c->id, d->form, "asesor", &part);
		if (e == ERR_NOT_FOUND ||
		    (e == ERR_OK && strcmp(part.case_state, cert_state_name(CS_ASSESSING)) != 0)) {
			buf_printf(&missing, "%s%s", missing.len ? ", " : "", d->form);
			e = ERR_OK;
		}
	}
	if (e == ERR_OK && missing.len)
		e = req_fail_detail(req, ERR_CONFLICT, "cert_instruments_incomplete", NULL,
				    arena_strdup(req->arena, missing.ptr));
	buf_cleanup(&missing);
	return e;
}

void cert_sheets_tick(struct app *app, int64_t now_ms)
{
	int64_t ids[32];
	const char *codes[32];
	size_t n = 0;
	struct arena *a = arena_new();
	if (cert_store_sheets_expired(app->db, now_ms - SHEET_GRACE_MS, ids, codes, a, 32, &n) !=
	    ERR_OK)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		struct cert_sheet s;
		enum err e = cert_store_sheet_get(app->db, a, ids[i], codes[i], &s);
		if (e != ERR_OK || s.final_at)
			continue;
		if ((e = db_begin(app->db)) != ERR_OK)
			break;
		e = sheet_close(app->db, &s, now_ms);
		if (e == ERR_OK)
			e = db_commit(app->db);
		else
			db_rollback(app->db);
		if (e != ERR_OK && e != ERR_CONFLICT)
			log_error("certification: closing sheet %s of case %lld: %s", codes[i],
				  (long long)ids[i], err_name(e));
	}
	arena_free(&a);
}
