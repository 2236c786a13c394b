-- The manifest of an ended session, sealed once every recording is final: participants, tracks
-- (start, end, chunk counts, hashes, duration), gaps and the events with their offsets, as
-- canonical JSON with its SHA-256; the hash goes into the ledger. Never changes.
CREATE TABLE asm_manifests (
	session_id INTEGER PRIMARY KEY REFERENCES asm_sessions (id),
	json TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	sealed_at INTEGER NOT NULL
) STRICT;
CREATE TRIGGER asm_manifests_no_update BEFORE UPDATE ON asm_manifests
BEGIN
	SELECT RAISE(ABORT, 'a sealed manifest is immutable');
END;
CREATE TRIGGER asm_manifests_no_delete BEFORE DELETE ON asm_manifests
BEGIN
	SELECT RAISE(ABORT, 'a sealed manifest is kept');
END;
