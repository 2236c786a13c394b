/* The certification module (SE.007 A.IV.7-8, D.I.2): the case from FR.APL.01 to the certificate
 * record. This first part carries the transition table (cert_fsm.c) and the permission catalogue
 * its transitions name; routes, forms and storage follow. */
#include "app.h"
#include "cert_forms.h"
#include "cert_internal.h"
#include "module.h"

static const struct msg_def cert_msgs[] = {
    CERT_FORMS_MSG_ENTRIES{
	"transition_not_allowed",
	"Langkah ini tidak dapat dilakukan pada tahap permohonan saat ini. Langkah yang dapat "
	"dilakukan: %s.",
	"This step is not possible at the application's current stage. Possible steps: %s."},
    {"step_not_ready",
     "Langkah ini belum dapat dijalankan: pemeriksaan '%s' belum tersedia di sistem.",
     "This step cannot run yet: the check '%s' is not available in the system yet."},
    {"muk_not_validated", "Skema ini belum memiliki versi MUK yang tervalidasi.",
     "This scheme has no validated MUK version."},
    {"case_not_owner", "Hanya asesi pemilik permohonan ini yang dapat melakukan langkah ini.",
     "Only the candidate who owns this application can take this step."},
    {"case_not_assigned", "Anda bukan asesor yang ditugaskan pada jadwal permohonan ini.",
     "You are not an assessor assigned to this application's schedule."},
    {"case_not_independent",
     "Anggota komite teknis yang pernah terlibat dalam permohonan ini tidak boleh memutuskannya.",
     "A technical committee member who took part in this case may not decide it."},
    {"case_open_exists", "Anda sudah memiliki permohonan yang masih berjalan untuk skema ini.",
     "You already have an application in progress for this scheme."},
    {"skema_unavailable", "Skema tidak ditemukan atau tidak aktif.",
     "The scheme does not exist or is not active."},
    {"skema_not_remote", "Skema ini belum disetujui BNSP untuk sertifikasi jarak jauh.",
     "This scheme is not approved by BNSP for remote certification."},
    {"signature_confirm_required",
     "Untuk menandatangani, masukkan kembali kata sandi Anda (atau masuk ulang dalam 5 menit "
     "terakhir).",
     "To sign, enter your password again (or sign in again within the last 5 minutes)."},
    {"signature_password_wrong", "Kata sandi konfirmasi tanda tangan salah.",
     "The password confirming the signature is wrong."},
    {"case_moved", "Permohonan ini baru saja berubah tahap. Muat ulang halaman lalu coba lagi.",
     "This application just moved to another stage. Reload the page and try again."},
};

static const struct route cert_routes[] = {
    {.method = M_GET,
     .path = "/api/certification/transitions",
     .op = "certification.transitions",
     .perm = PERM_PUBLIC,
     .handler = cert_h_transitions,
     .summary = "The case workflow's transition table (state, event, next, permission, form, "
		"deadline, SOP step)"},
    {.method = M_POST,
     .path = "/api/cases",
     .op = "certification.case_create",
     .perm = "cert.apl01.submit",
     .handler = cert_h_case_create,
     .body = BODY_JSON,
     .body_max = 1024,
     .summary = "Start an application (FR.APL.01 draft) for a scheme"},
    {.method = M_GET,
     .path = "/api/cases",
     .op = "certification.cases_list",
     .perm = PERM_SESSION,
     .handler = cert_h_cases_list,
     .summary = "Cases: an asesi's own, or every case for holders of cert.case.read"},
    {.method = M_GET,
     .path = "/api/cases/:id",
     .op = "certification.case_get",
     .perm = PERM_SESSION,
     .handler = cert_h_case_get,
     .summary = "One case with its history and the steps the caller may take next"},
    {.method = M_POST,
     .path = "/api/cases/:id/events/:event",
     .op = "certification.case_event",
     .perm = PERM_SESSION,
     .handler = cert_h_case_event,
     .body = BODY_JSON,
     .body_max = 262144,
     .summary = "Take one workflow step; the transition table decides who may and when"},
};

/* One permission per kind of transition; roles are the defaults granted on first start. */
static const struct perm_def cert_perms[] = {
    {"cert.case.read", "Melihat semua permohonan sertifikasi", "Read every certification case",
     "admin_lsp manajer_sertifikasi komite_teknis tim_banding auditor ketua_lsp"},
    {"cert.apl01.submit", "Mengajukan dan mengirim FR.APL.01", "Submit FR.APL.01", "asesi"},
    {"cert.apl01.verify", "Memverifikasi FR.APL.01 (terima, perbaiki, tolak)",
     "Verify FR.APL.01 (accept, ask for revision, reject)", "admin_lsp"},
    {"cert.schedule.assign", "Menjadwalkan asesi dan menugaskan asesor",
     "Schedule candidates and assign assessors", "admin_lsp manajer_sertifikasi"},
    {"cert.apl02.submit", "Mengirim asesmen mandiri FR.APL.02",
     "Submit the FR.APL.02 self-assessment", "asesi"},
    {"cert.apl02.review", "Meninjau FR.APL.02 dan merekomendasikan kelanjutan asesmen",
     "Review FR.APL.02 and recommend whether to continue", "asesor"},
    {"cert.plan.confirm", "Menetapkan rencana asesmen (MAPA) dengan MUK tervalidasi",
     "Confirm the assessment plan (MAPA) on a validated MUK", "asesor"},
    {"cert.consent.sign", "Menandatangani persetujuan asesmen FR.AK.01",
     "Sign the FR.AK.01 consent", "asesor asesi"},
    {"cert.assessment.run", "Melaksanakan asesmen dan mengisi instrumen",
     "Run the assessment and fill in the instruments", "asesor"},
    {"cert.assessment.record", "Merekam hasil asesmen FR.AK.02", "Record the FR.AK.02 result",
     "asesor"},
    {"cert.feedback.submit", "Mengisi umpan balik FR.AK.03", "Give FR.AK.03 feedback", "asesi"},
    {"cert.report.write", "Menyusun laporan asesmen FR.AK.05", "Write the FR.AK.05 report",
     "asesor"},
    {"cert.report.review", "Meninjau proses asesmen FR.AK.06",
     "Review the assessment process (FR.AK.06)", "asesor"},
    {"cert.decision.make", "Memutuskan K/BK dalam rapat komite teknis",
     "Decide K/BK in the technical committee", "komite_teknis"},
    {"cert.certificate.record", "Mencatat nomor sertifikat, registrasi dan blanko dari BNSP",
     "Record the certificate, registration and blanko numbers from BNSP", "admin_lsp"},
    {"cert.reassessment.open", "Membuka asesmen ulang unit Belum Kompeten",
     "Open a re-assessment of Not Yet Competent units", "admin_lsp"},
};

extern const struct embedded_file certification_migrations[];
extern const size_t certification_migrations_count;

const struct module certification_module = {
    .name = "certification",
    .migrations = certification_migrations,
    .nmigrations = &certification_migrations_count,
    .routes = cert_routes,
    .nroutes = sizeof cert_routes / sizeof cert_routes[0],
    .msgs = cert_msgs,
    .nmsgs = sizeof cert_msgs / sizeof cert_msgs[0],
    .perms = cert_perms,
    .nperms = sizeof cert_perms / sizeof cert_perms[0],
};
