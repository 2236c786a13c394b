-- Retention (SE.007 A.III.b): a recording kept past its case's keeping period is purged; the row
-- stays with its hashes and the time it was purged (the ledger has the tombstone).
ALTER TABLE asm_recordings ADD COLUMN purged_at INTEGER;
