-- Remote sessions (SE.007 A.IV.10, A.IV.9): a live video session of one certification case
-- (subject 'case') or of a TUK verification (subject 'tuk'), its participants and the events of
-- its timeline with their offset into the session. Cases, schedules and TUK records belong to
-- other modules and are referenced by id.
CREATE TABLE asm_sessions (
	id INTEGER PRIMARY KEY,
	subject TEXT NOT NULL CHECK (subject IN ('case', 'tuk')),
	subject_id INTEGER NOT NULL,
	jadwal_id INTEGER,
	state TEXT NOT NULL CHECK (state IN ('open', 'ended')),
	opened_by INTEGER NOT NULL,
	opened_at INTEGER NOT NULL,
	ended_at INTEGER,
	ended_by INTEGER
) STRICT;
CREATE INDEX asm_sessions_subject ON asm_sessions (subject, subject_id, state);
-- one open session per subject
CREATE UNIQUE INDEX asm_sessions_one_open ON asm_sessions (subject, subject_id) WHERE state = 'open';

-- Who takes part: the assessors and the asesi (or the TUK verifier and the TUK's admin). Silent
-- observers join with their permission and are recorded in the events.
CREATE TABLE asm_participants (
	session_id INTEGER NOT NULL REFERENCES asm_sessions (id),
	account_id INTEGER NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('asesor', 'asesi', 'verifikator', 'tuk')),
	PRIMARY KEY (session_id, account_id)
) STRICT;

-- The timeline: joins and leaves, identity check, consent confirmed, instruments started and
-- ended, the assessor's flags, connection lost/restored. offset_ms counts from opened_at.
CREATE TABLE asm_events (
	id INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES asm_sessions (id),
	kind TEXT NOT NULL,
	actor_id INTEGER NOT NULL,
	at INTEGER NOT NULL,
	offset_ms INTEGER NOT NULL,
	detail TEXT
) STRICT;
CREATE INDEX asm_events_session ON asm_events (session_id, id);
CREATE TRIGGER asm_events_no_update BEFORE UPDATE ON asm_events
BEGIN
	SELECT RAISE(ABORT, 'a session event is immutable');
END;
CREATE TRIGGER asm_events_no_delete BEFORE DELETE ON asm_events
BEGIN
	SELECT RAISE(ABORT, 'a session event is kept');
END;
