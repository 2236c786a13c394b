-- Evidence files of a case: FR.APL.01 basic-requirement proofs (requirement_key = the
-- requirement's 1-based position in the scheme, as text) and FR.APL.02 element evidence
-- (requirement_key NULL). The bytes live in the blob store under blob_sha256; filename is the
-- sanitised display name (never a path), content_type the type decided from the bytes.
CREATE TABLE cert_evidence (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cert_cases (id),
	requirement_key TEXT,
	blob_sha256 TEXT NOT NULL,
	filename TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL CHECK (size > 0),
	uploaded_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX cert_evidence_case ON cert_evidence (case_id);
