/* Definitions of the post-assessment forms (domain.md §c): FR.AK.02 assessment record, FR.AK.03
 * feedback, FR.AK.04 appeal, FR.AK.05 batch report and FR.AK.06 process review. */
#include "cert_forms_defs.h"

/* ---------- FR.AK.02 Rekaman Asesmen Kompetensi ---------- */

static const struct cert_field ak02_asesor[] = {
    {.name = "units",
     .type = CF_GROUP,
     .label_id = "Unit kompetensi",
     .label_en = "Units of competency",
     .help_id = "Untuk setiap unit, centang bukti yang digunakan dan tetapkan K atau BK.",
     .help_en = "For each unit, tick the evidence used and record K or BK.",
     .required = 1,
     .repeat = CR_UNITS,
     .row_title_id = "{code} — {title}",
     .row_title_en = "{code} — {title}",
     .fields = FIELDS(
	 {.name = "metode",
	  .type = CF_MULTI,
	  .label_id = "Bukti yang digunakan",
	  .label_en = "Evidence used",
	  .required = 1,
	  .choices = CHOICES(
	      {"observasi_demonstrasi", "Observasi demonstrasi", "Observed demonstration"},
	      {"portofolio", "Portofolio", "Portfolio"},
	      {"pihak_ketiga", "Pernyataan pihak ketiga", "Third-party report"},
	      {"wawancara", "Pertanyaan wawancara", "Interview"},
	      {"lisan", "Pertanyaan lisan", "Oral questions"},
	      {"tertulis", "Pertanyaan tertulis", "Written questions"},
	      {"proyek_kerja", "Proyek kerja", "Work project"}, {"lainnya", "Lainnya", "Other"})},
	 {.name = "kompeten",
	  .type = CF_ENUM,
	  .label_id = "Keputusan unit",
	  .label_en = "Unit result",
	  .required = 1,
	  .choices = CH_K_BK})},
    {.name = "rekomendasi",
     .type = CF_ENUM,
     .label_id = "Rekomendasi hasil asesmen",
     .label_en = "Recommended result",
     .required = 1,
     .choices =
	 CHOICES({"K", "Kompeten", "Competent"}, {"BK", "Belum kompeten", "Not yet competent"})},
    {.name = "tindak_lanjut",
     .type = CF_TEXTAREA,
     .label_id = "Tindak lanjut yang dibutuhkan",
     .label_en = "Follow-up needed",
     .help_id = "Pekerjaan tambahan dan asesmen yang diperlukan untuk mencapai kompetensi.",
     .help_en = "Further work and assessment needed to reach competence.",
     .required = 1,
     .max = 2000,
     .when_field = "rekomendasi",
     .when_value = "BK"},
    {.name = "komentar",
     .type = CF_TEXTAREA,
     .label_id = "Komentar/observasi oleh asesor",
     .label_en = "Assessor's comments and observations",
     .max = 2000},
    SIGNATURE("ttd_asesor", "Tanda tangan asesor", "Signature of the assessor"),
    {.name = NULL},
};

const struct cert_form cert_form_ak02 = {
    .code = "FR.AK.02",
    .title_id = "Rekaman Asesmen Kompetensi",
    .title_en = "Record of Competency Assessment",
    .stage = CERT_STAGE_PASCA,
    .signers = ROLES("asesor", "asesi"),
    .parts = PARTS({.code = "asesor",
		    .title_id = "Rekaman dan rekomendasi asesor",
		    .title_en = "Assessor's record and recommendation",
		    .role = "asesor",
		    .fields = ak02_asesor},
		   {.code = "asesi",
		    .title_id = "Tanda tangan asesi",
		    .title_en = "Candidate's signature",
		    .role = "asesi",
		    .note_id = "Dengan menandatangani, Anda menyatakan telah menerima penjelasan "
			       "hasil asesmen ini.",
		    .note_en = "By signing you confirm the result has been explained to you.",
		    .fields = FIELDS(SIGNATURE("ttd_asesi", "Tanda tangan asesi",
					       "Signature of the candidate"))}),
};

/* ---------- FR.AK.03 Umpan Balik dan Catatan Asesmen ---------- */

#define AK03_ITEM(n, id, en)                                                                       \
	{.name = (n), .type = CF_BOOL, .label_id = (id), .label_en = (en), .required = 1},         \
	{                                                                                          \
		.name = (n "_catatan"), .type = CF_TEXT, .label_id = "Catatan/komentar asesi",     \
		.label_en = "Candidate's comment", .max = 300                                      \
	}

static const struct cert_field ak03_asesi[] = {
    AK03_ITEM("penjelasan_proses",
	      "Saya mendapatkan penjelasan yang cukup memadai mengenai proses asesmen/uji "
	      "kompetensi",
	      "I was given an adequate explanation of the assessment process"),
    AK03_ITEM("kesempatan_standar",
	      "Saya diberikan kesempatan untuk mempelajari standar kompetensi yang akan diujikan "
	      "dan menilai diri sendiri terhadap pencapaiannya",
	      "I had the chance to study the competency standard and assess myself against it"),
    AK03_ITEM("negosiasi_metode",
	      "Asesor memberikan kesempatan untuk mendiskusikan/menegosiasikan metode, instrumen "
	      "dan sumber asesmen serta jadwal asesmen",
	      "The assessor let me discuss and negotiate the methods, instruments, resources and "
	      "schedule of the assessment"),
    AK03_ITEM("penggalian_bukti",
	      "Asesor berusaha menggali seluruh bukti pendukung yang sesuai dengan latar belakang "
	      "pelatihan dan pengalaman yang saya miliki",
	      "The assessor explored all supporting evidence matching my training and experience"),
    AK03_ITEM("kesempatan_demonstrasi",
	      "Saya sepenuhnya diberikan kesempatan untuk mendemonstrasikan kompetensi yang saya "
	      "miliki selama asesmen",
	      "I was given every chance to demonstrate my competence during the assessment"),
    AK03_ITEM("penjelasan_keputusan",
	      "Saya mendapatkan penjelasan yang memadai mengenai keputusan asesmen",
	      "The assessment decision was adequately explained to me"),
    AK03_ITEM("umpan_balik",
	      "Asesor memberikan umpan balik yang mendukung setelah asesmen serta tindak lanjutnya",
	      "The assessor gave supportive feedback after the assessment and the follow-up"),
    AK03_ITEM("dokumen_ditandatangani",
	      "Asesor bersama saya mempelajari semua dokumen asesmen serta menandatanganinya",
	      "The assessor and I went through all assessment documents and signed them"),
    AK03_ITEM("jaminan_kerahasiaan",
	      "Saya mendapatkan jaminan kerahasiaan hasil asesmen serta penjelasan penanganan "
	      "dokumen asesmen",
	      "I was assured of the confidentiality of the result and told how the assessment "
	      "documents are handled"),
    AK03_ITEM("komunikasi_efektif",
	      "Asesor menggunakan keterampilan komunikasi yang efektif selama asesmen",
	      "The assessor communicated effectively during the assessment"),
    {.name = "komentar_lain",
     .type = CF_TEXTAREA,
     .label_id = "Catatan/komentar lainnya (bila ada)",
     .label_en = "Other comments (if any)",
     .max = 2000},
    SIGNATURE("ttd_asesi", "Tanda tangan asesi", "Signature of the candidate"),
    {.name = NULL},
};

const struct cert_form cert_form_ak03 = {
    .code = "FR.AK.03",
    .title_id = "Umpan Balik dan Catatan Asesmen",
    .title_en = "Assessment Feedback and Notes",
    .stage = CERT_STAGE_PASCA,
    .signers = ROLES("asesi"),
    .note_id = "Umpan balik dari asesi (diisi oleh asesi setelah pengambilan keputusan).",
    .note_en = "The candidate's feedback (filled in by the candidate after the decision).",
    .parts = PARTS({.code = "umpan_balik",
		    .title_id = "Umpan balik asesi",
		    .title_en = "Candidate's feedback",
		    .role = "asesi",
		    .note_id = "Jawab Ya atau Tidak untuk setiap komponen.",
		    .note_en = "Answer Yes or No for each item.",
		    .fields = ak03_asesi}),
};

/* ---------- FR.AK.04 Banding Asesmen ---------- */

static const struct cert_field ak04_asesi[] = {
    {.name = "dijelaskan",
     .type = CF_BOOL,
     .label_id = "Apakah proses banding telah dijelaskan kepada Anda?",
     .label_en = "Has the appeal process been explained to you?",
     .required = 1},
    {.name = "didiskusikan",
     .type = CF_BOOL,
     .label_id = "Apakah Anda telah mendiskusikan banding dengan asesor?",
     .label_en = "Have you discussed the appeal with the assessor?",
     .required = 1},
    {.name = "melibatkan_orang_lain",
     .type = CF_BOOL,
     .label_id = "Apakah Anda mau melibatkan \"orang lain\" membantu Anda dalam proses banding?",
     .label_en = "Do you want \"another person\" to help you in the appeal?",
     .required = 1},
    {.name = "lingkup",
     .type = CF_ENUM,
     .label_id = "Banding ini diajukan atas keputusan asesmen terhadap",
     .label_en = "This appeal is against the assessment decision on",
     .required = 1,
     .choices = CHOICES({"skema", "Skema sertifikasi", "The certification scheme"},
			{"unit", "Unit kompetensi tertentu", "Particular units of competency"})},
    {.name = "unit_dibanding",
     .type = CF_MULTI,
     .label_id = "Unit kompetensi yang diajukan banding",
     .label_en = "Units appealed",
     .required = 1,
     .choices_from = CR_UNITS,
     .when_field = "lingkup",
     .when_value = "unit"},
    {.name = "keputusan_dibanding",
     .type = CF_TEXTAREA,
     .label_id = "Keputusan yang diajukan banding",
     .label_en = "The decision appealed",
     .required = 1,
     .max = 500},
    {.name = "alasan",
     .type = CF_TEXTAREA,
     .label_id = "Banding ini diajukan atas alasan sebagai berikut",
     .label_en = "The reasons for this appeal",
     .required = 1,
     .min = 10,
     .max = 4000},
    {.name = "bukti",
     .type = CF_FILE,
     .label_id = "Bukti pendukung (bila ada)",
     .label_en = "Supporting evidence (if any)",
     .max = 5},
    SIGNATURE("ttd_asesi", "Tanda tangan asesi", "Signature of the candidate"),
    {.name = NULL},
};

const struct cert_form cert_form_ak04 = {
    .code = "FR.AK.04",
    .title_id = "Banding Asesmen",
    .title_en = "Assessment Appeal",
    .stage = CERT_STAGE_PASCA,
    .signers = ROLES("asesi"),
    .note_id = "Anda mempunyai hak mengajukan banding jika Anda menilai proses asesmen tidak "
	       "sesuai SOP dan tidak memenuhi prinsip asesmen.",
    .note_en = "You have the right to appeal if you judge that the assessment did not follow "
	       "the SOP or the principles of assessment.",
    .parts = PARTS({.code = "banding",
		    .title_id = "Permohonan banding",
		    .title_en = "Appeal",
		    .role = "asesi",
		    .note_id = "Jawablah dengan Ya atau Tidak pertanyaan-pertanyaan berikut.",
		    .note_en = "Answer the following questions with Yes or No.",
		    .fields = ak04_asesi}),
};

/* ---------- FR.AK.05 Laporan Asesmen ---------- */

static const struct cert_field ak05_asesor[] = {
    {.name = "asesi",
     .type = CF_GROUP,
     .label_id = "Rekomendasi per asesi",
     .label_en = "Recommendation per candidate",
     .required = 1,
     .repeat = CR_ASESI,
     .row_title_id = "{name}",
     .row_title_en = "{name}",
     .fields = FIELDS({.name = "rekomendasi",
		       .type = CF_ENUM,
		       .label_id = "Rekomendasi",
		       .label_en = "Recommendation",
		       .required = 1,
		       .choices = CH_K_BK},
		      {.name = "keterangan",
		       .type = CF_TEXT,
		       .label_id = "Keterangan",
		       .label_en = "Remarks",
		       .help_id = "Misalnya kode unit yang belum kompeten.",
		       .help_en = "For example the codes of the units not yet competent.",
		       .max = 300})},
    {.name = "aspek",
     .type = CF_TEXTAREA,
     .label_id = "Aspek negatif dan positif dalam asesmen",
     .label_en = "Negative and positive aspects of the assessment",
     .required = 1,
     .max = 4000},
    {.name = "penolakan",
     .type = CF_TEXTAREA,
     .label_id = "Pencatatan penolakan hasil asesmen",
     .label_en = "Objections to the assessment result",
     .max = 4000},
    {.name = "saran",
     .type = CF_TEXTAREA,
     .label_id = "Saran perbaikan (asesor/personil terkait)",
     .label_en = "Suggestions for improvement (assessor or staff)",
     .max = 4000},
    {.name = "catatan",
     .type = CF_TEXTAREA,
     .label_id = "Catatan",
     .label_en = "Notes",
     .max = 4000},
    SIGNATURE("ttd_asesor", "Tanda tangan asesor", "Signature of the assessor"),
    {.name = NULL},
};

const struct cert_form cert_form_ak05 = {
    .code = "FR.AK.05",
    .title_id = "Laporan Asesmen",
    .title_en = "Assessment Report",
    .stage = CERT_STAGE_PASCA,
    .signers = ROLES("asesor"),
    .note_id = "Satu laporan untuk seluruh asesi dalam satu jadwal asesmen.",
    .note_en = "One report for all candidates of one assessment schedule.",
    .parts = PARTS({.code = "laporan",
		    .title_id = "Laporan asesmen",
		    .title_en = "Assessment report",
		    .role = "asesor",
		    .staff_only = 1,
		    .fields = ak05_asesor}),
};

/* ---------- FR.AK.06 Meninjau Proses Asesmen ---------- */

#define CH_PRINSIP                                                                                 \
	CHOICES({"validitas", "Validitas", "Validity"}, {"reliabel", "Reliabel", "Reliable"},      \
		{"fleksibel", "Fleksibel", "Flexible"}, {"adil", "Adil", "Fair"})

#define AK06_STAGE(n, id, en)                                                                      \
	{.name = (n "_prinsip"),                                                                   \
	 .type = CF_MULTI,                                                                         \
	 .label_id = (id),                                                                         \
	 .label_en = (en),                                                                         \
	 .help_id = "Centang prinsip asesmen yang dipenuhi.",                                      \
	 .help_en = "Tick the principles of assessment that were met.",                            \
	 .choices = CH_PRINSIP},                                                                   \
	{                                                                                          \
		.name = (n "_rekomendasi"), .type = CF_TEXTAREA,                                   \
		.label_id = "Rekomendasi untuk peningkatan",                                       \
		.label_en = "Recommendation for improvement", .max = 2000                          \
	}

static const struct cert_field ak06_prosedur[] = {
    AK06_STAGE("rencana", "Rencana asesmen", "Assessment plan"),
    AK06_STAGE("persiapan", "Persiapan asesmen", "Preparing the assessment"),
    AK06_STAGE("implementasi", "Implementasi asesmen", "Carrying out the assessment"),
    AK06_STAGE("keputusan", "Keputusan asesmen", "Assessment decision"),
    AK06_STAGE("umpan_balik", "Umpan balik asesmen", "Assessment feedback"),
    {.name = NULL},
};

static const struct cert_field ak06_konsistensi[] = {
    {.name = "konsistensi_dimensi",
     .type = CF_MULTI,
     .label_id = "Konsistensi keputusan asesmen: bukti dari berbagai asesmen diperiksa untuk "
		 "konsistensi dimensi kompetensi",
     .label_en = "Consistency of decisions: evidence from several assessments was checked for "
		 "consistency in the dimensions of competency",
     .help_id = "Centang dimensi kompetensi yang konsisten.",
     .help_en = "Tick the dimensions that are consistent.",
     .choices = CHOICES(
	 {"task_skills", "Task skills (keterampilan tugas)", "Task skills"},
	 {"task_management", "Task management skills (mengelola tugas)", "Task management skills"},
	 {"contingency_management",
	  "Contingency management skills (mengelola kejadian tak terduga)",
	  "Contingency management skills"},
	 {"job_role_environment", "Job role/environment skills (lingkungan dan peran kerja)",
	  "Job role/environment skills"},
	 {"transfer_skills", "Transfer skills (keterampilan transfer)", "Transfer skills"})},
    {.name = "konsistensi_bukti",
     .type = CF_TEXT,
     .label_id = "Kode bukti/instrumen yang diperiksa",
     .label_en = "Evidence or instrument codes checked",
     .help_id = "Misalnya L, TL, T, CL, DPT, DPL.",
     .help_en = "For example L, TL, T, CL, DPT, DPL.",
     .max = 200},
    {.name = "konsistensi_rekomendasi",
     .type = CF_TEXTAREA,
     .label_id = "Rekomendasi untuk peningkatan",
     .label_en = "Recommendation for improvement",
     .max = 2000},
    {.name = "komentar",
     .type = CF_TEXTAREA,
     .label_id = "Komentar",
     .label_en = "Comments",
     .max = 2000},
    SIGNATURE("ttd_peninjau", "Tanda tangan peninjau", "Signature of the reviewer"),
    {.name = NULL},
};

const struct cert_form cert_form_ak06 = {
    .code = "FR.AK.06",
    .title_id = "Meninjau Proses Asesmen",
    .title_en = "Reviewing the Assessment Process",
    .stage = CERT_STAGE_PASCA,
    .signers = ROLES("asesor"),
    .note_id = "Peninjauan dilakukan oleh lead asesor atau asesor yang melaksanakan asesmen, "
	       "setelah seluruh proses asesmen selesai; dapat dilakukan terpadu per skema "
	       "sertifikasi atau kelompok asesi yang homogen.",
    .note_en = "The review is done by the lead assessor or the assessing assessor once the "
	       "whole assessment is finished; it may cover a scheme or a homogeneous group of "
	       "candidates.",
    .parts = PARTS({.code = "prosedur",
		    .title_id = "Kesesuaian prosedur asesmen dengan prinsip asesmen",
		    .title_en = "Assessment procedure against the principles of assessment",
		    .role = "asesor",
		    .staff_only = 1,
		    .fields = ak06_prosedur},
		   {.code = "konsistensi",
		    .title_id = "Konsistensi keputusan asesmen",
		    .title_en = "Consistency of assessment decisions",
		    .role = "asesor",
		    .staff_only = 1,
		    .fields = ak06_konsistensi}),
};
