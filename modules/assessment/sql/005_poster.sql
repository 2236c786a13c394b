-- The poster of a final recording (issue 4 §3): a JPEG of a frame a little into the final file,
-- made while finalising and kept in the blob store under its SHA-256 (in the same transaction as
-- the final file's hash). NULL when there is none: recordings finalised before posters were made,
-- audio-only recordings, or a frame that could not be decoded (that never fails the recording).
ALTER TABLE asm_recordings ADD COLUMN poster_sha256 TEXT;
