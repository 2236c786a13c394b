/* GET /api/certification/batches/:jadwal_id: the committee's decisions of one batch (the cases of
 * one schedule): each case with its decision and SK number, the K/BK counts and the SK numbers
 * used, so a batch's decision (SE.007: "per case and per batch") is one read. */
#include <string.h>

#include "cert_internal.h"
#include "json.h"

enum err cert_h_batch_get(struct request *req)
{
	int64_t jadwal_id;
	enum err e = req_param_id(req, "jadwal_id", &jadwal_id);
	if (e != ERR_OK)
		return e;
	json_t *cases = json_array(), *c, *sks = json_array();
	size_t i;
	int k = 0, bk = 0, pending = 0;
	cert_store_cases_of_jadwal(req->db, jadwal_id, NULL, cases);
	json_array_foreach(cases, i, c)
	{
		const char *result = NULL, *sk = NULL;
		int64_t at = 0;
		int64_t id = json_integer_value(json_object_get(c, "id"));
		if ((e = cert_store_decision_get(req->db, req->arena, id, &result, &at, &sk)) !=
		    ERR_OK) {
			json_decref(cases);
			json_decref(sks);
			return e;
		}
		if (!result) {
			pending++;
			json_object_set_new(c, "decision", json_null());
			continue;
		}
		if (!strcmp(result, "K"))
			k++;
		else
			bk++;
		json_object_set_new(c, "decision",
				    json_pack("{s:s, s:s, s:o}", "result", result, "sk_number", sk,
					      "decided_at", json_time(at)));
		size_t j;
		json_t *x;
		int seen = 0;
		json_array_foreach(sks, j, x) seen |= !strcmp(json_string_value(x), sk);
		if (!seen)
			json_array_append_new(sks, json_string(sk));
	}
	return resp_json(req, 200,
			 json_pack("{s:I, s:o, s:{s:i, s:i, s:i}, s:o}", "jadwal_id",
				   (json_int_t)jadwal_id, "cases", cases, "counts", "K", k, "BK",
				   bk, "pending", pending, "sk_numbers", sks));
}
