-- The asesi's potential category (FR.MAPA.01, 1..5), chosen when the assessor confirms the plan:
-- it picks the FR.MAPA.02 column, i.e. the instruments this case is assessed with.
ALTER TABLE cert_cases ADD COLUMN potensi INTEGER CHECK (potensi BETWEEN 1 AND 5);

-- Online answer sheets of FR.IA.05 (multiple choice) and FR.IA.06 (essay). A sheet starts with a
-- deadline, is saved as the asesi works (revision counts the saves), and becomes final once
-- submitted by the asesi (signed) or closed by the clock after the deadline; a final sheet never
-- changes and is never deleted. The assessor's judgement is a signed FR.IA.xx part in
-- cert_case_forms.
CREATE TABLE cert_answer_sheets (
	case_id INTEGER NOT NULL REFERENCES cert_cases (id),
	instrument TEXT NOT NULL CHECK (instrument IN ('ia05', 'ia06')),
	muk_version_id INTEGER NOT NULL,
	started_at INTEGER NOT NULL,
	deadline_at INTEGER NOT NULL,
	answers TEXT NOT NULL, -- canonical JSON array, one entry per question (null: unanswered)
	revision INTEGER NOT NULL,
	saved_at INTEGER NOT NULL,
	final_at INTEGER,
	final_by TEXT CHECK (final_by IN ('asesi', 'timeout')),
	sign_method TEXT CHECK (sign_method IN ('password', 'recent_login')),
	sha256 TEXT, -- of answers, once final
	PRIMARY KEY (case_id, instrument)
) STRICT;

CREATE TRIGGER cert_answer_sheets_final BEFORE UPDATE ON cert_answer_sheets
WHEN OLD.final_at IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'a final answer sheet is immutable');
END;
CREATE TRIGGER cert_answer_sheets_no_delete BEFORE DELETE ON cert_answer_sheets
BEGIN
	SELECT RAISE(ABORT, 'an answer sheet is kept');
END;
