-- The tamper-evident ledger: hash-chained entries (ids and hashes only, never personal data) and
-- signed checkpoints. Both tables are append-only: triggers refuse UPDATE and DELETE.
-- Hashes are lowercase hex TEXT; times are UTC milliseconds since the epoch.

CREATE TABLE ledger_entries (
	seq INTEGER PRIMARY KEY CHECK (seq >= 1),
	time_ms INTEGER NOT NULL,
	actor INTEGER NOT NULL CHECK (actor >= 0), -- account id, 0 = system
	action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
	obj_type TEXT NOT NULL CHECK (length(obj_type) BETWEEN 1 AND 64),
	obj_id TEXT NOT NULL CHECK (length(obj_id) <= 64),
	payload_hash TEXT NOT NULL CHECK (length(payload_hash) = 64),
	prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
	entry_hash TEXT NOT NULL CHECK (length(entry_hash) = 64)
) STRICT;

CREATE INDEX ledger_entries_object ON ledger_entries (obj_type, obj_id, seq);
CREATE INDEX ledger_entries_type ON ledger_entries (obj_type, seq);

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN
	SELECT RAISE(ABORT, 'ledger is append-only');
END;

CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN
	SELECT RAISE(ABORT, 'ledger is append-only');
END;

CREATE TABLE ledger_checkpoints (
	seq INTEGER PRIMARY KEY CHECK (seq >= 1), -- the entry this checkpoint covers (the head)
	head_hash TEXT NOT NULL CHECK (length(head_hash) = 64),
	time_ms INTEGER NOT NULL,
	signature TEXT NOT NULL CHECK (length(signature) = 128), -- Ed25519, hex
	key_id TEXT NOT NULL CHECK (length(key_id) = 16)
) STRICT;

CREATE INDEX ledger_checkpoints_time ON ledger_checkpoints (time_ms);

CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
BEGIN
	SELECT RAISE(ABORT, 'ledger is append-only');
END;

CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
BEGIN
	SELECT RAISE(ABORT, 'ledger is append-only');
END;
