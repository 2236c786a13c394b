-- Identity, sessions, roles and permissions (server/auth). Times are UTC milliseconds.
CREATE TABLE accounts (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
	must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
	created_at INTEGER NOT NULL
) STRICT;

-- token_hash is the SHA-256 (hex) of the random cookie token; the token itself is never stored.
CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	token_hash TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	ip TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT '',
	revoked_at INTEGER
) STRICT;
CREATE INDEX sessions_account ON sessions(account_id, revoked_at);

CREATE TABLE roles (
	name TEXT PRIMARY KEY,
	title_id TEXT NOT NULL,
	title_en TEXT NOT NULL,
	builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;

-- The catalogue, synchronised at start from every module's perm_def table.
CREATE TABLE permissions (
	name TEXT PRIMARY KEY,
	desc_id TEXT NOT NULL,
	desc_en TEXT NOT NULL,
	module TEXT NOT NULL
) STRICT;

CREATE TABLE role_permissions (
	role TEXT NOT NULL REFERENCES roles(name),
	permission TEXT NOT NULL REFERENCES permissions(name),
	PRIMARY KEY (role, permission)
) STRICT;

CREATE TABLE account_roles (
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	role TEXT NOT NULL REFERENCES roles(name),
	PRIMARY KEY (account_id, role)
) STRICT;
CREATE INDEX account_roles_role ON account_roles(role);

-- Failed-login counters and locks. key: 'account:<email>' (counted whether or not the account
-- exists, so locks reveal nothing) or 'ip:<address>'.
CREATE TABLE login_throttle (
	key TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('account', 'ip')),
	failures INTEGER NOT NULL DEFAULT 0,
	last_failure_at INTEGER NOT NULL,
	locked_until INTEGER
) STRICT;

-- Password-reset tokens: stored as SHA-256 (hex), single use, expiring.
CREATE TABLE password_resets (
	id INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	token_hash TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER
) STRICT;
CREATE INDEX password_resets_account ON password_resets(account_id);
