-- Recordings of a session: each participant's browser records its own camera and microphone (or
-- its screen) with MediaRecorder and sends the WebM in numbered chunks. The server appends chunk
-- `next_seq` at offset `bytes` of the raw file, makes it durable (fdatasync), then advances both
-- here and acknowledges; so every acknowledged chunk is on disk and counted. Finalising remuxes the
-- raw file into a seekable WebM; both are kept in the blob store with their SHA-256.
CREATE TABLE asm_recordings (
	id INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES asm_sessions (id),
	account_id INTEGER NOT NULL,
	track TEXT NOT NULL CHECK (track IN ('kamera', 'layar')),
	mime TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('recording', 'final', 'failed')),
	next_seq INTEGER NOT NULL DEFAULT 0,
	bytes INTEGER NOT NULL DEFAULT 0,
	started_at INTEGER NOT NULL,
	last_chunk_at INTEGER,
	ended_at INTEGER,
	raw_sha256 TEXT,
	final_sha256 TEXT,
	final_bytes INTEGER,
	duration_ms INTEGER,
	truncated INTEGER,
	has_cues INTEGER,
	error TEXT
) STRICT;
CREATE INDEX asm_recordings_session ON asm_recordings (session_id);
CREATE INDEX asm_recordings_open ON asm_recordings (state) WHERE state = 'recording';
