-- Outgoing e-mail messages (server/outbox). Delivery is a later step; until then admins read them
-- through GET /api/outbox (in --demo this is how password-reset mails are read).
CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	recipient TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	sent_at INTEGER
) STRICT;
CREATE INDEX outbox_unsent ON outbox(sent_at, id);
