/* The functions of certification.h for other modules. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cert_evidence.h"
#include "cert_internal.h"
#include "certification.h"
#include "db.h"
#include "jadwal/jadwal.h"
#include "json.h"
#include "ledger.h"
#include "muk/muk.h"

enum err cert_case_summary(struct db *db, struct arena *a, int64_t case_id,
			   struct cert_case_summary *out)
{
	struct cert_case c;
	enum err e = cert_store_case_get(db, a, case_id, &c);
	if (e != ERR_OK)
		return e;
	memset(out, 0, sizeof *out);
	out->id = c.id;
	out->asesi_id = c.asesi_id;
	out->skema_id = c.skema_id;
	out->jadwal_id = c.jadwal_id;
	out->state = cert_state_name(c.state);
	return cert_store_decision_get(db, a, case_id, &out->decision, &out->decided_at,
				       &out->sk_number);
}

int cert_case_involved(struct db *db, int64_t case_id, int64_t account_id)
{
	struct arena *a = arena_new();
	struct cert_case c;
	int yes = 0;
	if (cert_store_case_get(db, a, case_id, &c) == ERR_OK) {
		cert_store_actor_involved(db, case_id, account_id, &yes);
		if (!yes && c.jadwal_id)
			yes = jadwal_has_asesor(db, c.jadwal_id, account_id);
		if (c.asesi_id == account_id)
			yes = 1;
	}
	arena_free(&a);
	return yes;
}

static enum err ledger_case_id(struct db *db, int64_t actor, const char *action, int64_t id,
			       json_t *payload, int64_t now)
{
	char text[24];
	snprintf(text, sizeof text, "%lld", (long long)id);
	enum err e = ledger_append(db, actor, action, "case", text, payload, now, NULL);
	json_decref(payload);
	return e;
}

enum err cert_case_open_reassessment(struct db *db, int64_t case_id, int64_t actor, int64_t now_ms,
				     int64_t *new_id)
{
	struct arena *a = arena_new();
	struct cert_case c;
	enum err e = cert_store_case_get(db, a, case_id, &c);
	if (e == ERR_OK) {
		struct cert_case n = {.asesi_id = c.asesi_id,
				      .skema_id = c.skema_id,
				      .purpose = c.purpose,
				      .state = CS_APL01_ACCEPTED,
				      .parent_case_id = c.id,
				      .state_since = now_ms,
				      .created_at = now_ms,
				      .updated_at = now_ms};
		e = cert_store_case_insert(db, &n, new_id);
	}
	if (e == ERR_OK)
		e = ledger_case_id(db, actor, "cert.case.create", *new_id,
				   json_pack("{s:I, s:I, s:s}", "skema_id", (json_int_t)c.skema_id,
					     "parent_case_id", (json_int_t)c.id, "reason",
					     "appeal_upheld"),
				   now_ms);
	arena_free(&a);
	return e;
}

enum err cert_case_amend_decision(struct db *db, int64_t case_id, const char *result,
				  const char *sk_number, const char *berita_acara, int64_t actor,
				  int64_t now_ms)
{
	struct arena *a = arena_new();
	struct cert_case c;
	enum cert_state to = !strcmp(result, "K") ? CS_DECIDED_K : CS_DECIDED_BK;
	enum err e = cert_store_case_get(db, a, case_id, &c);
	if (e == ERR_OK && c.state != CS_DECIDED_K && c.state != CS_DECIDED_BK)
		e = ERR_CONFLICT; /* only a decided (not yet certified) case can be amended */
	if (e == ERR_OK)
		e = cert_store_decision_amend(db, case_id, result, sk_number, berita_acara, actor,
					      now_ms);
	if (e == ERR_OK && c.state != to)
		e = cert_store_case_move(db, case_id, c.state, to, "decision_amend", actor, 0,
					 "appeal upheld", 0, now_ms);
	if (e == ERR_OK)
		e = ledger_case_id(
		    db, actor, "cert.decision.amend", case_id,
		    json_pack("{s:s, s:s}", "result", result, "sk_number", sk_number), now_ms);
	arena_free(&a);
	return e;
}

int cert_case_evidence_is(struct db *db, int64_t case_id, const char *sha256)
{
	int yes = 0;
	return cert_evidence_owned(db, case_id, sha256, &yes) == ERR_OK && yes;
}

enum err cert_case_retain_until(struct db *db, struct arena *a, int64_t case_id, const char **until)
{
	struct cert_case c;
	struct muk_scheme_info s;
	const char *result = NULL, *sk = NULL;
	int64_t decided = 0;
	char cert_until[16] = "";
	*until = NULL;
	enum err e = cert_store_case_get(db, a, case_id, &c);
	if (e != ERR_OK)
		return e;
	cert_store_certificate_until(db, case_id, cert_until, sizeof cert_until);
	if (cert_until[0]) {
		*until = arena_strdup(a, cert_until);
		return ERR_OK;
	}
	if ((e = cert_store_decision_get(db, a, case_id, &result, &decided, &sk)) != ERR_OK)
		return e;
	if (!result)
		return ERR_OK; /* undecided: kept */
	if ((e = muk_scheme_info(db, a, c.skema_id, &s)) != ERR_OK)
		return e;
	char day[16], out[16];
	time_t t = (time_t)(decided / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	if (cert_date_add_months(day, s.validity_months, out, sizeof out) != 0)
		return ERR_INTERNAL;
	*until = arena_strdup(a, out);
	return ERR_OK;
}
