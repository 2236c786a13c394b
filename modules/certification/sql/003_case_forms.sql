-- Signed parts of case forms (paperless, SE.007 D.I.2). A part is what one role fills and signs;
-- a signed part is immutable: a correction is a new version that points to the one it replaces.
CREATE TABLE cert_case_forms (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cert_cases (id),
	code TEXT NOT NULL,
	role TEXT NOT NULL,
	version INTEGER NOT NULL,
	data TEXT NOT NULL, -- canonical JSON of what was signed
	sha256 TEXT NOT NULL, -- of data
	signed_by INTEGER NOT NULL,
	signed_at INTEGER NOT NULL,
	sign_method TEXT NOT NULL CHECK (sign_method IN ('password', 'recent_login')),
	case_state TEXT NOT NULL, -- the stage it was signed in
	supersedes_id INTEGER REFERENCES cert_case_forms (id),
	UNIQUE (case_id, code, role, version)
) STRICT;
CREATE INDEX cert_case_forms_latest ON cert_case_forms (case_id, code, role, version);

CREATE TRIGGER cert_case_forms_no_update BEFORE UPDATE ON cert_case_forms
BEGIN
	SELECT RAISE(ABORT, 'a signed form is immutable');
END;
CREATE TRIGGER cert_case_forms_no_delete BEFORE DELETE ON cert_case_forms
BEGIN
	SELECT RAISE(ABORT, 'a signed form is immutable');
END;
