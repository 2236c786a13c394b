-- The technical committee's decision per case (the SK number groups a batch's decisions) and the
-- certificate record entered after the BNSP blanko / e-certificate request (numbers are opaque).
CREATE TABLE cert_decisions (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL UNIQUE REFERENCES cert_cases (id),
	result TEXT NOT NULL CHECK (result IN ('K', 'BK')),
	sk_number TEXT NOT NULL,
	berita_acara TEXT NOT NULL,
	decided_by INTEGER NOT NULL,
	decided_at INTEGER NOT NULL
) STRICT;
CREATE INDEX cert_decisions_sk ON cert_decisions (sk_number);

CREATE TABLE cert_certificates (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL UNIQUE REFERENCES cert_cases (id),
	certificate_number TEXT NOT NULL UNIQUE,
	registration_number TEXT NOT NULL UNIQUE,
	blanko_number TEXT NOT NULL UNIQUE,
	issue_date TEXT NOT NULL, -- YYYY-MM-DD
	valid_until TEXT NOT NULL, -- issue date + the scheme's validity in months
	recorded_by INTEGER NOT NULL,
	recorded_at INTEGER NOT NULL
) STRICT;
