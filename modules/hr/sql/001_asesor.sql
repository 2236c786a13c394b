-- The assessor registry (SE.007 A.IV.2): one row per account holding the asesor role that the LSP
-- has registered. met_number is the BNSP registration "MET.000.NNNNNN YYYY";
-- certificate_valid_until is the last day (YYYY-MM-DD, WIB) the assessor certificate is valid.
CREATE TABLE hr_asesor (
	account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
	met_number TEXT NOT NULL UNIQUE,
	certificate_number TEXT NOT NULL,
	certificate_valid_until TEXT NOT NULL CHECK (length(certificate_valid_until) = 10),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

-- The schemes (muk skema ids) an assessor may assess.
CREATE TABLE hr_asesor_scope (
	account_id INTEGER NOT NULL REFERENCES hr_asesor(account_id),
	skema_id INTEGER NOT NULL,
	PRIMARY KEY (account_id, skema_id)
) STRICT;
CREATE INDEX hr_asesor_scope_skema ON hr_asesor_scope(skema_id);
