-- Schemes (skema) with their basic requirements and unit -> elemen -> KUK tree, and the MUK
-- versions of each scheme with the FR.VA and FR.IA.11 records that validate them (SE.007 A.IV.6).
-- Account ids (created_by, recorded_by ...) are plain integers: 0 is the system (demo, import of
-- records made elsewhere is attributed to the importer).
CREATE TABLE muk_schemes (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	number TEXT NOT NULL UNIQUE,
	title TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('kkni', 'okupasi', 'klaster')),
	kkni_level INTEGER CHECK (kkni_level BETWEEN 1 AND 9),
	fee_idr INTEGER NOT NULL CHECK (fee_idr >= 0),
	validity_months INTEGER NOT NULL CHECK (validity_months > 0),
	appeal_days INTEGER NOT NULL CHECK (appeal_days > 0),
	remote_approved INTEGER NOT NULL CHECK (remote_approved IN (0, 1)),
	remote_approval_no TEXT,
	remote_approval_date TEXT,
	paperless_approved INTEGER NOT NULL CHECK (paperless_approved IN (0, 1)),
	paperless_approval_no TEXT,
	paperless_approval_date TEXT,
	active INTEGER NOT NULL CHECK (active IN (0, 1)),
	created_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

-- Persyaratan dasar: what the applicant proves in FR.APL.01, each with its upload limit.
CREATE TABLE muk_requirements (
	id INTEGER PRIMARY KEY,
	scheme_id INTEGER NOT NULL REFERENCES muk_schemes(id),
	seq INTEGER NOT NULL,
	ref TEXT,
	text TEXT NOT NULL,
	evidence TEXT NOT NULL,
	applies_to TEXT NOT NULL CHECK (applies_to IN ('semua', 'baru', 'ulang')),
	max_bytes INTEGER NOT NULL CHECK (max_bytes > 0),
	types TEXT NOT NULL,
	UNIQUE (scheme_id, seq)
) STRICT;

CREATE TABLE muk_units (
	id INTEGER PRIMARY KEY,
	scheme_id INTEGER NOT NULL REFERENCES muk_schemes(id),
	seq INTEGER NOT NULL,
	code TEXT NOT NULL,
	title TEXT NOT NULL,
	UNIQUE (scheme_id, seq),
	UNIQUE (scheme_id, code)
) STRICT;

CREATE TABLE muk_elements (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES muk_units(id),
	seq INTEGER NOT NULL,
	title TEXT NOT NULL,
	UNIQUE (unit_id, seq)
) STRICT;

CREATE TABLE muk_kuk (
	id INTEGER PRIMARY KEY,
	element_id INTEGER NOT NULL REFERENCES muk_elements(id),
	seq INTEGER NOT NULL,
	text TEXT NOT NULL,
	UNIQUE (element_id, seq)
) STRICT;

-- One MUK document per version (canonical JSON). A validated or used version is never updated:
-- an edit makes version max+1 with prev_id pointing at the edited one.
CREATE TABLE muk_versions (
	id INTEGER PRIMARY KEY,
	scheme_id INTEGER NOT NULL REFERENCES muk_schemes(id),
	version INTEGER NOT NULL CHECK (version >= 1),
	prev_id INTEGER REFERENCES muk_versions(id),
	status TEXT NOT NULL CHECK (status IN ('draft', 'validated')),
	used INTEGER NOT NULL CHECK (used IN (0, 1)),
	content TEXT NOT NULL,
	content_sha256 TEXT NOT NULL,
	created_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	validated_by INTEGER,
	validated_at INTEGER,
	used_at INTEGER,
	UNIQUE (scheme_id, version),
	CHECK (used = 0 OR status = 'validated')
) STRICT;

-- FR.VA records, each made for one content (content_sha256) of a version.
CREATE TABLE muk_validations (
	id INTEGER PRIMARY KEY,
	version_id INTEGER NOT NULL REFERENCES muk_versions(id),
	content_sha256 TEXT NOT NULL,
	period TEXT NOT NULL CHECK (period IN ('sebelum', 'pada_saat', 'setelah')),
	va_date TEXT NOT NULL,
	doc TEXT NOT NULL,
	recorded_by INTEGER NOT NULL,
	recorded_at INTEGER NOT NULL
) STRICT;
CREATE INDEX muk_validations_version ON muk_validations(version_id);

-- FR.IA.11 reviews (eight Ya/Tidak items), each made for one content of a version.
CREATE TABLE muk_reviews (
	id INTEGER PRIMARY KEY,
	version_id INTEGER NOT NULL REFERENCES muk_versions(id),
	content_sha256 TEXT NOT NULL,
	all_ya INTEGER NOT NULL CHECK (all_ya IN (0, 1)),
	review_date TEXT NOT NULL,
	doc TEXT NOT NULL,
	reviewed_by INTEGER NOT NULL,
	reviewed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX muk_reviews_version ON muk_reviews(version_id);
