-- Retention (SE.007 A.III.b): evidence files are kept as long as the case's records (the
-- certificate's validity, or the decision plus the scheme's validity); then purged. The row stays
-- with the time it was purged; the ledger has the tombstone.
ALTER TABLE cert_evidence ADD COLUMN purged_at INTEGER;
