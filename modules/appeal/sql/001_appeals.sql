-- Appeals against a certification decision (FR.AK.04, SOP-BJJ). The appealed case belongs to the
-- certification module and is referenced by id only (read through certification.h).
CREATE TABLE appeals (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL,
	asesi_id INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('FILED', 'TEAM_FORMED', 'IN_REVIEW', 'UPHELD', 'REJECTED')),
	form_json TEXT NOT NULL, -- the asesi's signed FR.AK.04 part, canonical JSON
	form_sha256 TEXT NOT NULL,
	sign_method TEXT NOT NULL CHECK (sign_method IN ('recent_login', 'password')),
	filed_at INTEGER NOT NULL, -- tanggal diterima
	due_at INTEGER NOT NULL, -- decision due: end of the 20th working day after receipt
	outcome TEXT CHECK (outcome IN ('reassessment', 'decision_changed')),
	outcome_case_id INTEGER,
	decided_at INTEGER,
	decision_note TEXT,
	updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX appeals_case ON appeals (case_id);
CREATE INDEX appeals_asesi ON appeals (asesi_id);
CREATE INDEX appeals_state ON appeals (state, due_at);
-- one open appeal per case
CREATE UNIQUE INDEX appeals_open_case ON appeals (case_id)
	WHERE state IN ('FILED', 'TEAM_FORMED', 'IN_REVIEW');

CREATE TABLE appeal_team (
	appeal_id INTEGER NOT NULL REFERENCES appeals (id),
	account_id INTEGER NOT NULL,
	added_by INTEGER NOT NULL,
	added_at INTEGER NOT NULL,
	PRIMARY KEY (appeal_id, account_id)
) STRICT;
CREATE INDEX appeal_team_account ON appeal_team (account_id);

-- Every step taken, in order (the appellant's progress page and the audit trail).
CREATE TABLE appeal_events (
	id INTEGER PRIMARY KEY,
	appeal_id INTEGER NOT NULL REFERENCES appeals (id),
	event TEXT NOT NULL,
	from_state TEXT NOT NULL,
	to_state TEXT NOT NULL,
	actor_id INTEGER NOT NULL,
	note TEXT,
	at INTEGER NOT NULL
) STRICT;
CREATE INDEX appeal_events_appeal ON appeal_events (appeal_id, id);

CREATE TRIGGER appeal_events_no_update BEFORE UPDATE ON appeal_events
BEGIN
	SELECT RAISE(ABORT, 'appeal_events rows are immutable');
END;
CREATE TRIGGER appeal_events_no_delete BEFORE DELETE ON appeal_events
BEGIN
	SELECT RAISE(ABORT, 'appeal_events rows are immutable');
END;
