/* Evidence files of a certification case: FR.APL.01 basic-requirement proofs and FR.APL.02
 * element evidence, uploaded by the case's asesi, typed by content (blob_sniff), kept in the blob
 * store (content-addressed, fsynced before the upload is acknowledged) and listed per case in
 * cert_evidence. Who may read them: the case's asesi, an assessor assigned to its schedule, and
 * holders of cert.case.read (cert_load_visible); a sha256 alone never opens a file. */
#ifndef UJIKOM_CERT_EVIDENCE_H
#define UJIKOM_CERT_EVIDENCE_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "cert_fsm.h"
#include "err.h"
#include "module.h"

struct db;
struct request;

/* Upload limit when the scheme does not say otherwise (BNSP: PDF/JPG up to 2 MB). */
#define CERT_EVIDENCE_MAX_DEFAULT (2 * 1024 * 1024)
/* The route's outer bound (the largest per-requirement limit a scheme may set). */
#define CERT_EVIDENCE_BODY_MAX (10 * 1024 * 1024)
/* Longest display name accepted in ?name= before sanitising (bytes). */
#define CERT_EVIDENCE_NAME_IN_MAX 255
/* Longest requirement key accepted in ?requirement= (bytes). */
#define CERT_EVIDENCE_KEY_MAX 40

/* File types evidence may have (bits of cert_evidence_rule.types). */
#define CERT_EV_PDF 1u
#define CERT_EV_JPG 2u
#define CERT_EV_PNG 4u
#define CERT_EV_ALL (CERT_EV_PDF | CERT_EV_JPG | CERT_EV_PNG)

/* What one upload may be: its size limit and the accepted types. */
struct cert_evidence_rule {
	int64_t max_bytes;
	unsigned types;
};

/* One row of cert_evidence; strings in the caller's arena. */
struct cert_evidence {
	int64_t id;
	int64_t case_id;
	const char *requirement_key; /* NULL: evidence not tied to a requirement (FR.APL.02) */
	char sha256[65];
	const char *filename; /* sanitised display name */
	const char *content_type;
	int64_t size;
	int64_t uploaded_by;
	int64_t created_at;
	int64_t purged_at; /* 0 while kept */
};

/* Retention: ids of cases that still keep evidence, above after in id order (up to max). */
size_t cert_evidence_cases_kept(struct db *db, int64_t after, int64_t *ids, size_t max);
/* (tx) Marks every kept evidence row of a case purged, marks each of its blobs that no other case
 * keeps purged (blob_purge_mark) and appends their names to blobs_to_remove (remove the files
 * after the commit); *count and *bytes get what was purged. */
enum err cert_evidence_purge_case(struct db *db, int64_t case_id, int64_t now_ms,
				  json_t *blobs_to_remove, int64_t *count, int64_t *bytes);

/* --- cert_evidence.c: logic (pure) --- */

/* The CERT_EV_* bit of a sniffed content type; 0 for anything else (NULL, WebM, ...). */
unsigned cert_evidence_type_bit(const char *content_type);
/* "PDF, JPG, PNG": the accepted types for a message (written into buf, returned). */
const char *cert_evidence_types_text(unsigned types, char *buf, size_t n);
/* A limit in words for a message: "2 MB", "512 KB" or "1500 byte" (into buf, returned). MB is
 * 1024 * 1024 bytes, as BNSP's "2 MB". */
const char *cert_evidence_limit_text(int64_t bytes, char *buf, size_t n);
/* The display name of an upload: name (the user's file name, may be NULL) sanitised
 * (blob_filename_sanitise: never a path) and given the extension of content_type when it has
 * none or one that names no file type (".pdf" appended to "Ijazah S.Kom"). Returns -1 when name
 * ends in the extension of another file type (a PDF called "foto.jpg", "x.exe"): the upload is
 * refused, not renamed. out has room for BLOB_FILENAME_MAX + 1 bytes. */
int cert_evidence_name_make(const char *name, const char *content_type, char *out, size_t outsz);
/* 1 when a case in state s takes uploads: requirement evidence (with_requirement 1) while
 * FR.APL.01 is open (APL01_DRAFT, APL01_REVISION), other evidence (FR.APL.02) once scheduled
 * (SCHEDULED). */
int cert_evidence_state_ok(enum cert_state s, int with_requirement);
/* The key of the i-th (0-based) requirement of a scheme as muk_scheme_public_json gives it: its
 * "ref" ("9.1.2.1 a"), or its 1-based position ("3") when it has no ref. Into buf, returned. */
const char *cert_evidence_req_key(const json_t *requirement, size_t i, char *buf, size_t n);

/* --- cert_evidence.c: reads and writes (db.h) --- */

/* The rule for evidence of requirement key (NULL: evidence not tied to a requirement, the
 * default limit and PDF/JPG/PNG) in scheme skema_id. ERR_NOT_FOUND when key is not one of the
 * scheme's requirements (or the scheme is gone), ERR_DB. */
enum err cert_evidence_rule_for(struct db *db, int64_t skema_id, const char *key,
				struct cert_evidence_rule *out);
/* *yes = 1 when sha256 was uploaded as evidence of case case_id (any requirement). For the
 * forms: a CF_FILE reference must be an upload of the same case. */
enum err cert_evidence_owned(struct db *db, int64_t case_id, const char *sha256, int *yes);
/* (tx) Inserts the row; *id gets its id. */
enum err cert_evidence_insert(struct db *db, const struct cert_evidence *ev, int64_t *id);
/* The row of case_id with this sha256 and requirement key (NULL matches NULL): ERR_NOT_FOUND
 * when there is none. The upload uses it to answer a repeated upload with the first row. */
enum err cert_evidence_find(struct db *db, struct arena *a, int64_t case_id, const char *key,
			    const char *sha256, struct cert_evidence *out);
/* The newest row of case_id with this sha256 (any requirement): ERR_NOT_FOUND when none. */
enum err cert_evidence_get(struct db *db, struct arena *a, int64_t case_id, const char *sha256,
			   struct cert_evidence *out);
/* One row as the API shows it (new reference). */
json_t *cert_evidence_json(const struct cert_evidence *ev);
/* Every row of a case, oldest first, as a JSON array (new reference); NULL on a database
 * error. */
json_t *cert_evidence_list_json(struct db *db, int64_t case_id);

/* --- cert_evidence_http.c: handlers --- */

/* POST /api/cases/:id/evidence?requirement=<key>&name=<display name> (BODY_RAW) */
enum err cert_h_evidence_upload(struct request *req);
/* GET /api/cases/:id/evidence */
enum err cert_h_evidence_list(struct request *req);
/* GET /api/cases/:id/evidence/:sha256 (Range) */
enum err cert_h_evidence_get(struct request *req);

/* The messages of the codes above, for the module's msg_def table (Indonesian, English). */
#define CERT_EVIDENCE_MSG_ENTRIES                                                                  \
	{"evidence_empty", "Berkas kosong (0 byte). Pilih berkas yang berisi dokumen.",            \
	 "The file is empty (0 bytes). Choose a file that holds the document."},                   \
	    {"evidence_too_large", "Berkas terlalu besar. Ukuran maksimum untuk bukti ini %s.",    \
	     "The file is too large. The limit for this evidence is %s."},                         \
	    {"evidence_type",                                                                      \
	     "Jenis berkas tidak diterima. Jenis yang diterima: %s. Jenis berkas ditentukan dari " \
	     "isinya, bukan dari namanya.",                                                        \
	     "This type of file is not accepted. Accepted types: %s. The type is decided by the "  \
	     "file's content, not by its name."},                                                  \
	    {"evidence_name_mismatch",                                                             \
	     "Nama berkas tidak sesuai dengan isinya (isinya %s). Periksa berkas lalu unggah "     \
	     "berkas yang benar.",                                                                 \
	     "The file name does not match its content (the content is %s). Check the file and "   \
	     "upload the right one."},                                                             \
	    {"evidence_requirement", "Persyaratan tersebut tidak ada pada skema permohonan ini.",  \
	     "That requirement is not part of this application's scheme."},                        \
	    {"evidence_state",                                                                     \
	     "Berkas bukti tidak dapat diunggah pada tahap ini. Bukti persyaratan dasar diunggah " \
	     "selama FR.APL.01 masih draf atau perlu perbaikan; bukti FR.APL.02 setelah "          \
	     "permohonan dijadwalkan.",                                                            \
	     "Evidence cannot be uploaded at this stage. Proof of the basic requirements is "      \
	     "uploaded while FR.APL.01 is a draft or needs revision; FR.APL.02 evidence once the " \
	     "application is scheduled."},

#endif
