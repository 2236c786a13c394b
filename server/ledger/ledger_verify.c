/* `ujikom ledger verify`: opens the database and the public key, walks the whole ledger and
 * prints a short report in Bahasa Indonesia and English. Exit code 0 ok, 1 broken, 2 error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "db.h"
#include "ledger_internal.h"

int ledger_verify_cli(const char *data_dir, FILE *out)
{
	return ledger_verify_cli_pk(data_dir, NULL, out);
}

int ledger_verify_cli_pk(const char *data_dir, const char *pk_hex, FILE *out)
{
	struct ledger_report rep;
	struct db *db = NULL;
	unsigned char pk[LEDGER_PK_LEN];
	char key_id[LEDGER_KEY_ID_LEN + 1], pk_text[2 * LEDGER_PK_LEN + 1], err[512];
	char *path = NULL;
	struct stat sb;
	size_t n;
	int rc = 2;

	if (!data_dir || !*data_dir) {
		fprintf(out, "GALAT / ERROR: direktori data tidak diberikan / no data directory\n");
		goto out;
	}
	n = strlen(data_dir) + sizeof "/ujikom.db";
	path = xmalloc(n);
	snprintf(path, n, "%s/ujikom.db", data_dir);
	/* Never create an empty database where an existing one was expected. */
	if (stat(path, &sb) != 0) {
		fprintf(out,
			"GALAT / ERROR: basis data tidak ditemukan / database not found: %s (%s)\n",
			path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		fprintf(out, "GALAT / ERROR: bukan berkas biasa / not a regular file: %s\n", path);
		goto out;
	}
	if (pk_hex) {
		if (ledger_unhex(pk_hex, pk, sizeof pk) != 0) {
			fprintf(out, "GALAT / ERROR: kunci publik harus 64 digit hex huruf kecil / "
				     "the public key must be 64 lowercase hex digits\n");
			goto out;
		}
	} else if (ledger_pubkey_read(data_dir, pk, err, sizeof err) != 0) {
		fprintf(out, "GALAT / ERROR: kunci publik tidak terbaca / %s\n", err);
		goto out;
	}
	db = db_open_readonly(path);
	if (!db) {
		fprintf(out, "GALAT / ERROR: basis data tidak dapat dibuka / cannot open %s\n",
			path);
		goto out;
	}
	ledger_hex(pk, sizeof pk, pk_text);
	ledger_key_id(pk, key_id);
	fprintf(out, "Buku besar / ledger: %s\n", path);
	fprintf(out, "Kunci publik / public key: %s (key_id %s)\n", pk_text, key_id);
	if (ledger_verify(db, pk, &rep) != ERR_OK) {
		fprintf(out,
			"GALAT / ERROR: basis data tidak dapat dibaca / the database could not "
			"be read\n");
		goto out;
	}
	fprintf(out, "Entri diperiksa / entries checked: %lld (seq terakhir / last seq %lld)\n",
		(long long)rep.entries_checked, (long long)rep.last_seq);
	fprintf(out, "Checkpoint diperiksa / checkpoints checked: %lld\n",
		(long long)rep.checkpoints_checked);
	if (rep.ok) {
		fprintf(out, "UTUH / OK: rantai hash dan semua checkpoint sah / the hash chain and "
			     "every checkpoint verify\n");
		rc = 0;
	} else {
		fprintf(out,
			"RUSAK / BROKEN: seq %lld pertama yang rusak / first broken seq %lld\n",
			(long long)rep.first_broken_seq, (long long)rep.first_broken_seq);
		fprintf(out, "  %s\n  %s\n", ledger_fault_text_id(rep.fault), rep.reason);
		rc = 1;
	}
out:
	db_free(&db);
	free(path);
	return rc;
}
