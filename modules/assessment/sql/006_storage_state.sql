-- The storage level of recordings (the quota and the free disk, modules/assessment/README.md
-- "Quotas"): the level last evaluated and the level the storage admins were last told about by
-- e-mail. A crossing upwards sends one e-mail; falling back re-arms it. Kept here so that a
-- restart does not send the same e-mail again. One row.
CREATE TABLE asm_storage_state (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	level TEXT NOT NULL CHECK (level IN ('ok', 'warning', 'full')),
	since INTEGER NOT NULL,
	notified_level TEXT NOT NULL CHECK (notified_level IN ('ok', 'warning', 'full')),
	notified_at INTEGER
) STRICT;
