-- Content-addressed blobs (server/blob): one row per stored file, named by the SHA-256 (lowercase
-- hex) of its bytes; the file itself is <data_dir>/blobs/<aa>/<bb>/<sha256>. Times are UTC
-- milliseconds. Retention (holds, purge after) comes with a later migration (ALTER TABLE ADD COLUMN).
CREATE TABLE blobs (
	sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
	size INTEGER NOT NULL CHECK (size > 0),
	content_type TEXT NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;
