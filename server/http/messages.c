/* The core's user-facing messages (Indonesian first, English second) and the lookup that also
 * searches every module's message table. */
#include <string.h>

#include "app.h"
#include "messages.h"

static const struct msg_def core_msgs[] = {
    {"ok", "Berhasil.", "Done."},
    {"bad_request", "Permintaan tidak dapat diproses.", "The request could not be processed."},
    {"unauthenticated", "Silakan masuk terlebih dahulu.", "Please sign in first."},
    {"forbidden", "Anda tidak memiliki izin untuk tindakan ini.",
     "You do not have permission for this action."},
    {"not_found", "Data atau halaman yang diminta tidak ditemukan.",
     "The requested record or page was not found."},
    {"method_not_allowed", "Metode HTTP ini tidak diizinkan untuk alamat tersebut.",
     "This HTTP method is not allowed for this address."},
    {"conflict", "Permintaan bertentangan dengan data yang ada.",
     "The request conflicts with existing data."},
    {"length_required",
     "Panjang isi permintaan (Content-Length) wajib disertakan; pengiriman chunked tidak didukung.",
     "A Content-Length is required; chunked request bodies are not supported."},
    {"too_large", "Isi permintaan terlalu besar (batas %s bita).",
     "The request body is too large (limit %s bytes)."},
    {"headers_too_large", "Header permintaan terlalu besar.", "The request headers are too large."},
    {"unsupported_media_type", "Jenis konten tidak didukung; gunakan %s.",
     "Unsupported content type; use %s."},
    {"invalid", "Data tidak valid.", "The data is not valid."},
    {"locked", "Akun terkunci sementara.", "The account is temporarily locked."},
    {"too_many_requests", "Terlalu banyak percobaan; coba lagi nanti.",
     "Too many attempts; try again later."},
    {"internal", "Terjadi kesalahan pada server. Silakan coba lagi.",
     "Something went wrong on the server. Please try again."},
    {"unavailable", "Layanan sedang tidak tersedia. Silakan coba lagi sebentar lagi.",
     "The service is unavailable. Please try again shortly."},
    {"csrf", "Token keamanan (CSRF) tidak ada atau tidak cocok. Muat ulang halaman lalu coba lagi.",
     "The security (CSRF) token is missing or does not match. Reload the page and try again."},
    {"origin", "Permintaan dari situs lain ditolak.", "Requests from another site are refused."},
    {"password_change_required", "Anda harus mengganti kata sandi sebelum melanjutkan.",
     "You must change your password before continuing."},
    {"signature_confirm_required",
     "Untuk menandatangani, masukkan kembali kata sandi Anda (atau masuk ulang dalam 5 menit "
     "terakhir).",
     "To sign, enter your password again (or sign in again within the last 5 minutes)."},
    {"signature_password_wrong", "Kata sandi konfirmasi tanda tangan salah.",
     "The password confirming the signature is wrong."},
    {"json_empty", "Isi permintaan kosong; diharapkan objek JSON.",
     "The request body is empty; a JSON object is expected."},
    {"json_malformed", "Isi permintaan bukan JSON yang valid.",
     "The request body is not valid JSON."},
    {"json_not_object", "Isi permintaan harus berupa objek JSON.",
     "The request body must be a JSON object."},
    {"json_too_deep", "Struktur JSON terlalu dalam.", "The JSON structure is nested too deeply."},
    {"field_required", "Kolom '%s' wajib diisi.", "The field '%s' is required."},
    {"field_type", "Kolom '%s' memiliki tipe data yang salah.",
     "The field '%s' has the wrong type."},
    {"field_too_long", "Kolom '%s' terlalu panjang.", "The field '%s' is too long."},
    {"field_too_short", "Kolom '%s' terlalu pendek.", "The field '%s' is too short."},
    {"field_range", "Nilai kolom '%s' di luar rentang yang diizinkan.",
     "The value of '%s' is out of the allowed range."},
    {"field_format", "Format kolom '%s' tidak valid.", "The field '%s' has an invalid format."},
    {"field_choice", "Nilai kolom '%s' bukan salah satu pilihan yang diizinkan.",
     "The value of '%s' is not one of the allowed choices."},
    {"query_invalid", "Parameter '%s' tidak valid.", "The parameter '%s' is not valid."},
};

static const struct msg_def *find_in(const struct msg_def *t, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return &t[i];
	return NULL;
}

const struct msg_def *messages_find(const struct app *app, const char *code)
{
	const struct msg_def *m = find_in(core_msgs, sizeof core_msgs / sizeof core_msgs[0], code);
	for (size_t i = 0; !m && app && i < app->nmodules; i++)
		if (app->modules[i]->msgs)
			m = find_in(app->modules[i]->msgs, app->modules[i]->nmsgs, code);
	return m;
}

const struct msg_def *messages_core(size_t *n)
{
	*n = sizeof core_msgs / sizeof core_msgs[0];
	return core_msgs;
}
