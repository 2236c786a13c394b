-- Schedules (jadwal), the minimal TUK records they need, assessor assignments with their SPT
-- numbers, enrolled asesi and declared conflicts of interest. Times are UTC milliseconds; dates
-- are YYYY-MM-DD.

-- A minimal TUK record (SE.007 A.IV.3); the TUK module extends it later. verified_until is the
-- last day (in the schedule's zone) a verification covers.
CREATE TABLE tuk (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('sewaktu', 'tempat_kerja', 'mandiri')),
	address TEXT NOT NULL,
	verified_until TEXT CHECK (verified_until IS NULL OR length(verified_until) = 10),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

-- A batch: one scheme, one start in an Indonesian zone, one TUK. end_at = start_at + duration.
CREATE TABLE jadwal (
	id INTEGER PRIMARY KEY,
	skema_id INTEGER NOT NULL,
	start_at INTEGER NOT NULL,
	end_at INTEGER NOT NULL,
	duration_min INTEGER NOT NULL CHECK (duration_min > 0),
	zone TEXT NOT NULL CHECK (zone IN ('WIB', 'WITA', 'WIT')),
	mode TEXT NOT NULL CHECK (mode IN ('jarak_jauh', 'tatap_muka')),
	tuk_id INTEGER NOT NULL REFERENCES tuk(id),
	capacity INTEGER NOT NULL CHECK (capacity > 0),
	created_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	CHECK (end_at > start_at)
) STRICT;
CREATE INDEX jadwal_start ON jadwal(start_at);
CREATE INDEX jadwal_skema ON jadwal(skema_id, start_at);

-- Assessor assignments; each row is also the register of the SPT Asesor issued for it. The
-- sequence is per LSP code and year, allocated inside the assigning transaction (gapless); a
-- withdrawn assignment keeps its number.
CREATE TABLE jadwal_asesor (
	id INTEGER PRIMARY KEY,
	jadwal_id INTEGER NOT NULL REFERENCES jadwal(id),
	asesor_id INTEGER NOT NULL REFERENCES accounts(id),
	spt_lsp_code TEXT NOT NULL,
	spt_year INTEGER NOT NULL,
	spt_seq INTEGER NOT NULL CHECK (spt_seq > 0),
	spt_number TEXT NOT NULL UNIQUE,
	assigned_by INTEGER NOT NULL,
	assigned_at INTEGER NOT NULL,
	withdrawn_by INTEGER,
	withdrawn_at INTEGER,
	UNIQUE (spt_lsp_code, spt_year, spt_seq)
) STRICT;
CREATE UNIQUE INDEX jadwal_asesor_active ON jadwal_asesor(jadwal_id, asesor_id)
	WHERE withdrawn_at IS NULL;
CREATE INDEX jadwal_asesor_by_asesor ON jadwal_asesor(asesor_id, withdrawn_at);

-- Asesi enrolled in a schedule, one certification case each.
CREATE TABLE jadwal_peserta (
	jadwal_id INTEGER NOT NULL REFERENCES jadwal(id),
	asesi_id INTEGER NOT NULL REFERENCES accounts(id),
	case_id INTEGER NOT NULL,
	enrolled_by INTEGER NOT NULL,
	enrolled_at INTEGER NOT NULL,
	PRIMARY KEY (jadwal_id, asesi_id)
) STRICT;
CREATE INDEX jadwal_peserta_asesi ON jadwal_peserta(asesi_id);

-- Conflicts of interest an assessor declares with an asesi (family, employer, trainer ...).
CREATE TABLE conflict_declarations (
	id INTEGER PRIMARY KEY,
	asesor_id INTEGER NOT NULL REFERENCES accounts(id),
	asesi_id INTEGER NOT NULL REFERENCES accounts(id),
	reason TEXT NOT NULL,
	declared_at INTEGER NOT NULL,
	UNIQUE (asesor_id, asesi_id)
) STRICT;
CREATE INDEX conflict_declarations_asesi ON conflict_declarations(asesi_id);
