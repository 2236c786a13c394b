-- Personal details the accounts module keeps beside server/auth's accounts table. nik is set for
-- self-registered asesi (NULL for staff); phone is stored normalised as +628...
CREATE TABLE account_profiles (
	account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
	nik TEXT UNIQUE,
	phone TEXT,
	created_at INTEGER NOT NULL
) STRICT;
