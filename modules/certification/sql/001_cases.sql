-- The certification case (one asesi, one scheme, one schedule) and its history. Accounts, schemes
-- and schedules belong to other modules: referenced by id, checked through their APIs.
CREATE TABLE cert_cases (
	id INTEGER PRIMARY KEY,
	asesi_id INTEGER NOT NULL,
	skema_id INTEGER NOT NULL,
	purpose TEXT NOT NULL CHECK (purpose IN ('sertifikasi', 'pkt', 'rpl', 'lainnya')),
	state TEXT NOT NULL,
	jadwal_id INTEGER,
	muk_version_id INTEGER,
	parent_case_id INTEGER REFERENCES cert_cases (id),
	recommendation TEXT CHECK (recommendation IN ('K', 'BK')),
	state_since INTEGER NOT NULL,
	due_at INTEGER,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX cert_cases_asesi ON cert_cases (asesi_id);
CREATE INDEX cert_cases_state ON cert_cases (state, due_at);
CREATE INDEX cert_cases_jadwal ON cert_cases (jadwal_id);

-- Every transition taken, in order: who did what, from which state to which.
CREATE TABLE cert_case_events (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cert_cases (id),
	event TEXT NOT NULL,
	from_state TEXT NOT NULL,
	to_state TEXT NOT NULL,
	actor_id INTEGER NOT NULL,
	form_id INTEGER,
	note TEXT,
	at INTEGER NOT NULL
) STRICT;
CREATE INDEX cert_case_events_case ON cert_case_events (case_id, id);
CREATE INDEX cert_case_events_actor ON cert_case_events (case_id, actor_id);
