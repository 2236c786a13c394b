/* The certification module (SE.007 A.IV.7-8, D.I.2): the case from FR.APL.01 to the certificate
 * record. This first part carries the transition table (cert_fsm.c) and the permission catalogue
 * its transitions name; routes, forms and storage follow. */
#include "app.h"
#include "module.h"

/* One permission per kind of transition; roles are the defaults granted on first start. */
static const struct perm_def cert_perms[] = {
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
    .perms = cert_perms,
    .nperms = sizeof cert_perms / sizeof cert_perms[0],
};
