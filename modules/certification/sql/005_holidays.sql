-- The LSP's holiday table for working-day deadlines (seeded once from the built-in 2025-2026
-- national holidays and cuti bersama; the LSP reviews and edits it).
CREATE TABLE cert_holidays (
	day TEXT PRIMARY KEY, -- YYYY-MM-DD
	name TEXT NOT NULL,
	cuti_bersama INTEGER NOT NULL DEFAULT 0 CHECK (cuti_bersama IN (0, 1)),
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX cert_cases_due ON cert_cases (due_at);
