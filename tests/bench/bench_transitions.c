/* Benchmark (not a test): the certification workflow's state changes through the real router and
 * dispatch on a real SQLite file, ledger on, next to the raw SQLite single-row insert rate on the
 * same database in the same run (same pragmas: WAL, synchronous=FULL). Each loop of one case is
 * three state changes: sign FR.APL.01 (validation, canonical JSON, SHA-256, immutable row,
 * ledger), apl01_submit and apl01_request_revision (table lookup, permission, form check, stage
 * move, deadline, ledger). Prints figures; asserts nothing. Usage: bench_transitions [loops] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "testapp.h"

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, int64_t *us, int n, int64_t total_us)
{
	qsort(us, (size_t)n, sizeof *us, cmp64);
	printf("%-34s %8d ops %10.0f ops/s   p50 %6.2f ms   p99 %6.2f ms\n", what, n,
	       n / (total_us / 1e6), us[n / 2] / 1000.0, us[(n * 99) / 100] / 1000.0);
}

int main(int argc, char **argv)
{
	int loops = argc > 1 ? atoi(argv[1]) : 300;
	struct testapp *t = testapp_new(1);
	struct tresp r;
	char path[320];
	int64_t *lat = calloc((size_t)loops * 3 + 1, sizeof *lat);
	if (testapp_login(t, "asesi@demo.ujikom.id", "Demo-Ujikom-2026") != 200)
		return 1;
	testapp_request(t, "POST", "/api/cases", "{\"skema_id\":1}", &r);
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	tresp_free(&r);
	/* evidence once per requirement, reused by every signature */
	testapp_request(t, "GET", "/api/skema/1", NULL, &r);
	json_t *reqs = json_incref(json_object_get(r.json, "requirements"));
	tresp_free(&r);
	json_t *rows = json_array(), *q;
	size_t i;
	static const char pdf[] = "%PDF-1.4\n% bench\n%%EOF\n";
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a,
					    0,	  0,   0,   13,	 'I',  'H',  'D',  'R',
					    0,	  0,   0,   1,	 0,    0,    0,	   1};
	json_array_foreach(reqs, i, q)
	{
		const char *ref = json_string_value(json_object_get(q, "ref"));
		char enc[160] = "";
		size_t o = 0;
		for (const char *p = ref; p && *p && o + 4 < sizeof enc; p++)
			o += (size_t)snprintf(enc + o, sizeof enc - o, *p == ' ' ? "%%20" : "%c",
					      *p);
		int pdf_ok = 0;
		size_t k;
		json_t *ty;
		json_array_foreach(json_object_get(q, "types"), k, ty) pdf_ok |=
		    !strcmp(json_string_value(ty), "pdf");
		snprintf(path, sizeof path, "/api/cases/%lld/evidence?requirement=%s&name=b",
			 (long long)id, enc);
		t->content_type = pdf_ok ? "application/pdf" : "image/png";
		if (pdf_ok)
			testapp_request_bytes(t, "POST", path, pdf, sizeof pdf - 1, &r);
		else
			testapp_request_bytes(t, "POST", path, png, sizeof png, &r);
		t->content_type = NULL;
		json_array_append_new(
		    rows, json_pack("{s:s, s:[s]}", "key", ref, "berkas",
				    json_string_value(json_object_get(r.json, "sha256"))));
		tresp_free(&r);
	}
	json_t *apl01 =
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b}",
		      "nama_lengkap", "Demo Asesi", "nik", "3171011501900001", "tempat_lahir",
		      "Jakarta", "tanggal_lahir", "1990-01-15", "jenis_kelamin", "laki_laki",
		      "kebangsaan", "Indonesia", "alamat_rumah", "Jl. Kenanga No. 5, Jakarta",
		      "kode_pos", "10110", "hp", "081234567890", "email", "asesi@demo.ujikom.id",
		      "kualifikasi_pendidikan", "d4_s1", "tujuan_asesmen", "sertifikasi",
		      "sumber_anggaran", "mandiri", "bukti_persyaratan", rows, "ttd_pemohon", 1);
	char *sign_body = json_dumps(json_pack("{s:O}", "data", apl01), JSON_COMPACT);
	testapp_login(t, "admin@demo.ujikom.id", "Demo-Ujikom-2026");
	char *admin = testapp_cookies_save(t);
	testapp_cookies_clear(t);
	testapp_login(t, "asesi@demo.ujikom.id", "Demo-Ujikom-2026");
	char *asesi = testapp_cookies_save(t);

	int n = 0, fails = 0;
	int64_t t0 = clock_mono_us();
	for (int l = 0; l < loops; l++) {
		int64_t a = clock_mono_us();
		snprintf(path, sizeof path, "/api/cases/%lld/forms/FR.APL.01", (long long)id);
		fails += testapp_request(t, "POST", path, sign_body, NULL) != 201;
		int64_t b = clock_mono_us();
		snprintf(path, sizeof path, "/api/cases/%lld/events/apl01_submit", (long long)id);
		fails += testapp_request(t, "POST", path, "{}", NULL) != 200;
		int64_t c = clock_mono_us();
		testapp_cookies_load(t, admin);
		snprintf(path, sizeof path, "/api/cases/%lld/events/apl01_request_revision",
			 (long long)id);
		fails += testapp_request(t, "POST", path, "{\"note\":\"Lengkapi ijazah.\"}",
					 NULL) != 200;
		int64_t d = clock_mono_us();
		testapp_cookies_load(t, asesi);
		lat[n++] = b - a;
		lat[n++] = c - b;
		lat[n++] = d - c;
	}
	int64_t total = clock_mono_us() - t0;

	/* the reference: raw single-row insert transactions on the same database file */
	db_exec(t->app.db,
		"CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT");
	int64_t *raw = calloc((size_t)n + 1, sizeof *raw);
	int64_t r0 = clock_mono_us();
	for (int k = 0; k < n; k++) {
		int64_t a = clock_mono_us();
		db_begin(t->app.db);
		db_run(t->app.db, NULL, "INSERT INTO bench_raw (v) VALUES (?)", "t", "x");
		db_commit(t->app.db);
		raw[k] = clock_mono_us() - a;
	}
	int64_t rtotal = clock_mono_us() - r0;

	printf("ujikom workflow benchmark: %d loops on one case, ledger on, SQLite WAL "
	       "synchronous=FULL\n",
	       loops);
	report("state changes through the router", lat, n, total);
	report("raw SQLite single-row insert (ref)", raw, n, rtotal);
	printf("ratio (state changes / raw inserts): %.2f   failed requests: %d\n",
	       (n / (total / 1e6)) / (n / (rtotal / 1e6)), fails);
	int64_t entries = 0;
	db_get_int(t->app.db, &entries, "SELECT count(*) FROM ledger_entries", "");
	printf("ledger entries: %lld\n", (long long)entries);
	free(lat);
	free(raw);
	free(sign_body);
	free(admin);
	free(asesi);
	json_decref(apl01);
	json_decref(reqs);
	testapp_free(&t);
	return fails ? 1 : 0;
}
