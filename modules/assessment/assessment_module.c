/* The assessment module (SE.007 A.IV.10, and the same machinery for A.IV.9): live remote sessions
 * of a certification case, their participants and timeline, and the WebSocket room that carries
 * the WebRTC signalling. Recording ingest, finalising, retention and playback follow
 * (see README.md). */
#include <stdio.h>
#include <string.h>

#include "assessment_internal.h"
#include "module.h"

static const struct msg_def asm_msgs[] = {
    {"asm_not_assigned",
     "Hanya asesor yang ditugaskan pada jadwal permohonan ini yang dapat membuka sesinya.",
     "Only an assessor assigned to this application's schedule can open its session."},
    {"asm_case_not_live",
     "Sesi jarak jauh hanya dapat dibuka dari rencana asesmen sampai instrumen selesai (tahap saat "
     "ini: %s).",
     "A remote session can be opened from the assessment plan until the instruments are done "
     "(current stage: %s)."},
    {"asm_session_exists", "Sesi untuk permohonan ini baru saja dibuka. Muat ulang halaman.",
     "A session for this application was just opened. Reload the page."},
    {"asm_session_ended", "Sesi ini sudah berakhir.", "This session has ended."},
    {"asm_manifest_not_sealed",
     "Manifes sesi belum ditutup: sesi belum berakhir atau rekamannya masih diproses.",
     "The session's manifest is not sealed yet: the session has not ended or its recordings are "
     "still being processed."},
    {"asm_recording_purged", "Rekaman ini sudah dimusnahkan setelah masa simpannya berakhir.",
     "This recording was purged after its keeping period ended."},
    {"asm_retention_until", "Rekaman ini wajib disimpan sampai %s (SE.007 A.III.b).",
     "This recording must be kept until %s (SE.007 A.III.b)."},
    {"asm_retention_undecided", "Rekaman ini wajib disimpan: keputusan sertifikasinya belum ada.",
     "This recording must be kept: its certification decision has not been made."},
    {"asm_retention_appeal", "Rekaman ini ditahan selama banding atas permohonannya berjalan.",
     "This recording is on hold while an appeal of its case is open."},
    {"asm_recording_not_final", "Rekaman ini belum selesai diproses.",
     "This recording is not finalised yet."},
    {"asm_poster_none",
     "Rekaman ini tidak memiliki gambar sampul (hanya suara, diproses sebelum fitur ini ada, atau "
     "bingkai videonya tidak dapat dibaca).",
     "This recording has no poster (audio only, processed before posters existed, or no video "
     "frame could be read)."},
    {"asm_assessor_only", "Hanya asesor sesi ini yang dapat melakukan ini.",
     "Only this session's assessor can do this."},
    /* the ingest channel's errors ({"type":"error","error":<code without asm_>}) */
    {"asm_quota_full",
     "Kuota penyimpanan rekaman LSP (%s) sudah penuh: rekaman baru belum dapat dimulai. Rekaman "
     "tetap tersimpan di perangkat ini dan dikirim setelah admin LSP mengosongkan ruang.",
     "The LSP's recording storage quota (%s) is full: a new recording cannot start yet. The "
     "recording stays on this device and is sent once the LSP administrator frees space."},
    {"asm_disk_full",
     "Ruang disk server hampir habis: potongan rekaman ini belum diterima. Rekaman tetap tersimpan "
     "di perangkat ini dan dikirim lagi nanti; beri tahu admin LSP.",
     "The server's disk is nearly out of space: this recording chunk was not accepted. The "
     "recording stays on this device and is sent again later; tell the LSP administrator."},
    {"asm_io_error",
     "Server gagal menyimpan potongan rekaman ini; potongan tetap di perangkat ini dan dikirim "
     "lagi.",
     "The server could not store this recording chunk; it stays on this device and is sent "
     "again."},
    {"asm_recording_too_big",
     "Rekaman ini mencapai batas ukurannya (%s) dan sudah ditutup; lanjutkan dengan rekaman baru.",
     "This recording reached its size limit (%s) and was closed; continue with a new recording."},
    {"asm_too_many_recordings",
     "Terlalu banyak rekaman Anda yang terbuka bersamaan di sesi ini (paling banyak %s); tutup tab "
     "lain atau tunggu sebentar.",
     "Too many of your recordings are open at once in this session (at most %s); close other tabs "
     "or wait a moment."},
    {"asm_superseded", "Rekaman ini dilanjutkan dari koneksi lain.",
     "This recording was resumed from another connection."},
    /* warnings to every participant ({"type":"warning","warning":<code without asm_warn_>}) */
    {"asm_warn_storage_warning",
     "Penyimpanan rekaman LSP hampir mencapai kuotanya; admin LSP sudah diberi tahu.",
     "The LSP's recording storage is close to its quota; the LSP administrator has been told."},
    {"asm_warn_storage_full",
     "Kuota penyimpanan rekaman LSP penuh: rekaman yang sedang berjalan tetap disimpan, tetapi "
     "rekaman baru belum dapat dimulai.",
     "The LSP's recording storage quota is full: recordings in progress are still kept, but new "
     "ones cannot start."},
    {"asm_warn_disk_low",
     "Ruang penyimpanan server hampir penuh. Rekaman tetap disimpan di perangkat ini sampai server "
     "menerimanya; beri tahu admin LSP.",
     "The server is running out of storage. Recordings stay on this device until the server "
     "takes them; tell the LSP administrator."},
    {"asm_warn_disk_full",
     "Ruang penyimpanan server penuh: rekaman tidak diterima untuk sementara dan tetap tersimpan "
     "di perangkat ini. Jangan tutup halaman ini.",
     "The server's storage is full: recordings are not accepted for now and stay on this device. "
     "Do not close this page."},
};

const struct msg_def *asm_msg(const char *code)
{
	for (size_t i = 0; code && i < sizeof asm_msgs / sizeof asm_msgs[0]; i++)
		if (!strcmp(asm_msgs[i].code, code))
			return &asm_msgs[i];
	return NULL;
}

/* text with its one "%s" (if any) replaced by detail, into out. */
static void fill(char *out, size_t n, const char *text, const char *detail)
{
	const char *hole = strstr(text, "%s");
	if (hole)
		snprintf(out, n, "%.*s%s%s", (int)(hole - text), text, detail ? detail : "",
			 hole + 2);
	else
		snprintf(out, n, "%s", text);
}

/* Both texts of message code with its %s (if any) replaced by detail. */
static json_t *with_message(json_t *o, const char *code, const char *detail)
{
	const struct msg_def *m = asm_msg(code);
	char id[512], en[512];
	if (!m)
		return o;
	fill(id, sizeof id, m->id, detail);
	fill(en, sizeof en, m->en, detail);
	json_object_set_new(o, "message", json_string(id));
	json_object_set_new(o, "message_en", json_string(en));
	return o;
}

json_t *asm_error_json(const char *code, const char *detail)
{
	char key[64];
	snprintf(key, sizeof key, "asm_%s", code);
	return with_message(json_pack("{s:s, s:s}", "type", "error", "error", code), key, detail);
}

json_t *asm_warning_json(const char *warning)
{
	char key[64];
	snprintf(key, sizeof key, "asm_warn_%s", warning);
	return with_message(json_pack("{s:s, s:s}", "type", "warning", "warning", warning), key,
			    NULL);
}

static const struct route asm_routes[] = {
    {.method = M_POST,
     .path = "/api/assessment/sessions",
     .op = "assessment.session_open",
     .perm = PERM_SESSION, /* assessment.session.open for a case, assessment.tuk.verify for a TUK */
     .handler = asm_h_session_open,
     .body = BODY_JSON,
     .summary =
	 "Open the remote session of a case {case_id} (its assigned assessor) or a remote "
	 "TUK verification {tuk_id, participants: [TUK admin account ids]} (a TUK verifier); "
	 "one open session per subject: the open one is returned"},
    {.method = M_GET,
     .path = "/api/assessment/sessions",
     .op = "assessment.sessions_list",
     .perm = PERM_SESSION,
     .handler = asm_h_sessions_list,
     .summary = "The sessions of a case (?case_id=): its asesi, its assessors, observers"},
    {.method = M_GET,
     .path = "/api/assessment/sessions/:id",
     .op = "assessment.session_get",
     .perm = PERM_SESSION,
     .handler = asm_h_session_get,
     .summary = "One session: participants, timeline, the caller's part"},
    {.method = M_POST,
     .path = "/api/assessment/sessions/:id/events",
     .op = "assessment.event_add",
     .perm = PERM_SESSION,
     .handler = asm_h_event_add,
     .body = BODY_JSON,
     .summary = "The assessor records a timeline event {kind, detail} (identity check, consent, "
		"instrument started/ended, flag with a note)"},
    {.method = M_POST,
     .path = "/api/assessment/sessions/:id/end",
     .op = "assessment.session_end",
     .perm = PERM_SESSION,
     .handler = asm_h_session_end,
     .body = BODY_JSON,
     .summary = "The assessor ends the session"},
    {.method = M_GET,
     .path = "/api/assessment/sessions/:id/manifest",
     .op = "assessment.manifest_get",
     .perm = PERM_SESSION,
     .handler = asm_h_manifest_get,
     .summary = "The sealed manifest of an ended session (participants, tracks with hashes, gaps, "
		"timeline) and its SHA-256, which the ledger holds"},
    {.method = M_GET,
     .path = "/api/assessment/sessions/:id/ice",
     .op = "assessment.ice",
     .perm = PERM_SESSION, /* the session's participants and observers (else 404) */
     .handler = asm_h_ice,
     .summary = "WebRTC ICE servers for an open session's pages: the configured STUN URLs and "
		"the TURN URLs with a time-limited credential (TURN REST API: username "
		"\"<expiry>:<pseudonym>\", credential base64(HMAC-SHA1(secret, username))); "
		"{iceServers, ttl (seconds), expires_at}; never cached"},
    {.method = M_GET, /* HEAD too: the router maps it to GET */
     .path = "/api/assessment/recordings/:id/video",
     .op = "assessment.recording_video",
     .perm = PERM_SESSION,
     .handler = asm_h_recording_video,
     .summary = "Watch a finalised recording (WebM, HTTP Range); every viewing is recorded in the "
		"ledger"},
    {.method = M_GET,
     .path = "/api/assessment/recordings/:id/poster",
     .op = "assessment.recording_poster",
     .perm = PERM_SESSION,
     .handler = asm_h_recording_poster,
     .summary = "The poster of a finalised recording (JPEG, a frame a little into it), for who may "
		"watch the recording"},
    {.method = M_GET,
     .path = "/api/assessment/recordings",
     .op = "assessment.recordings_of_case",
     .perm = PERM_SESSION,
     .handler = asm_h_recordings_of_case,
     .summary = "A case's recordings as evidence (?case_id=): per session the date, duration, "
		"participants, each recording (state, duration, bytes, SHA-256, poster), the "
		"sealed manifest's SHA-256, retention and the playback page; only the sessions the "
		"caller may watch"},
    {.method = M_DELETE,
     .path = "/api/assessment/recordings/:id",
     .op = "assessment.recording_delete",
     .perm = ASM_PERM_PURGE,
     .handler = asm_h_recording_delete,
     .summary = "Purge a recording whose keeping period is over (refused before retain_until, "
		"without a decision, and while an appeal is open); a tombstone stays in the "
		"ledger"},
    {.method = M_GET,
     .path = "/api/assessment/storage",
     .op = "assessment.storage",
     .perm = ASM_PERM_STORAGE,
     .handler = asm_h_storage,
     .summary = "Recording storage: bytes by scheme, month and year of retention; the quota, the "
		"free disk and their level (ok, warning, full)"},
};

static const struct perm_def asm_perms[] = {
    {ASM_PERM_OPEN, "Membuka sesi asesmen jarak jauh untuk asesi pada jadwal yang ditugaskan",
     "Open the remote assessment session of a candidate on an assigned schedule", "asesor"},
    {ASM_PERM_OBSERVE,
     "Mengikuti sesi asesmen jarak jauh sebagai pengamat (tanpa kamera dan mikrofon)",
     "Join remote assessment sessions as a silent observer", "auditor manajer_sertifikasi"},
    {ASM_PERM_VIEW, "Menonton rekaman asesmen jarak jauh (setiap penayangan tercatat)",
     "Watch remote assessment recordings (every viewing is recorded)",
     "komite_teknis tim_banding auditor manajer_sertifikasi"},
    {ASM_PERM_TUK, "Membuka sesi verifikasi TUK jarak jauh (direkam)",
     "Open remote TUK verification sessions (recorded)", "verifikator_tuk"},
    {ASM_PERM_PURGE, "Memusnahkan rekaman yang masa simpannya telah berakhir",
     "Purge recordings whose keeping period is over", "admin_lsp"},
    {ASM_PERM_STORAGE, "Melihat laporan penyimpanan rekaman", "Read the recording storage report",
     "admin_lsp ketua_lsp auditor"},
    {ASM_PERM_ALERT,
     "Menerima e-mail saat penyimpanan rekaman hampir penuh atau penuh (kuota, ruang disk)",
     "Receive an e-mail when recording storage is nearly full or full (quota, disk space)",
     "admin_lsp operator_sistem"},
};

const struct ws_channel asm_channels[] = {
    {.name = "sesi",
     .perm = PERM_SESSION,
     .max_message = 64 * 1024, /* an SDP offer with many candidates stays far below */
     .send_queue_max = 2 * 1024 * 1024,
     .rx_buffer = 4096,
     .authorize = asm_room_authorize,
     .on_open = asm_room_open,
     .on_text = asm_room_text,
     .on_close = asm_room_close},
    {.name = "rekam",
     .perm = PERM_SESSION,
     .max_message = ASM_CHUNK_MAX + 4,
     .send_queue_max = 256 * 1024,
     .rx_buffer = 64 * 1024,
     .authorize = asm_rec_authorize,
     .on_open = asm_rec_open,
     .on_text = asm_rec_text,
     .on_binary = asm_rec_binary,
     .on_close = asm_rec_close},
};

extern const struct embedded_file assessment_migrations[];
extern const size_t assessment_migrations_count;

const struct module assessment_module = {
    .name = "assessment",
    .routes = asm_routes,
    .nroutes = sizeof asm_routes / sizeof asm_routes[0],
    .migrations = assessment_migrations,
    .nmigrations = &assessment_migrations_count,
    .perms = asm_perms,
    .nperms = sizeof asm_perms / sizeof asm_perms[0],
    .msgs = asm_msgs,
    .nmsgs = sizeof asm_msgs / sizeof asm_msgs[0],
    .ws_channels = asm_channels,
    .nws_channels = 2,
    .init = asm_init,
    .tick = asm_tick,
    .metrics = asm_metrics,
    .cleanup = asm_storage_cleanup,
    .purge = asm_purge,
};
