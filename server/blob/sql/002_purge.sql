-- Retention (SE.007 A.III.b): a blob whose keeping period ended is purged: the row stays with the
-- time it was purged (a tombstone; the ledger has the entry), the file is removed.
ALTER TABLE blobs ADD COLUMN purged_at INTEGER;
