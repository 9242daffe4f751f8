--sqlite -- Keeping intruders out (issue 12). SQLite dialect; postgres/0008_security.sql is the same schema.
--postgres -- Keeping intruders out (issue 12). PostgreSQL dialect; sqlite/0008_security.sql is the same schema.

-- Sessions are keyed by the SHA-256 digest of the cookie value, so a copy of the database signs nobody in. The rows
-- of the old table are keyed by clear ids: they are dropped, and everyone signs in once more. `user_id` (copied from
-- the session's data on save) lets every session of one person be ended at once.
DROP TABLE sessions;
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id {int} REFERENCES users(id) ON DELETE CASCADE,
    data TEXT NOT NULL,
    expires_at {int} NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user_id);

-- A deactivated person can no longer sign in, and their sessions and tokens stop working.
ALTER TABLE users ADD COLUMN deactivated_at {int};

-- Failed sign-ins, counted per (email, client address) pair and per client address, shared by every process.
CREATE TABLE sign_in_failures (
    key TEXT PRIMARY KEY,
    failures {int} NOT NULL,
    last_failure_at {int} NOT NULL
);

-- The first answer to a creating API request sent with an `Idempotency-Key`, replayed to a retry. `status` is NULL
-- while the first request is still being answered.
CREATE TABLE idempotency_keys (
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status {int},
    content_type TEXT,
    body {bytes},
    created_at {int} NOT NULL,
    PRIMARY KEY (workspace_id, user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Facts about this installation, e.g. the sealed canary that proves the secret key is the one the data was sealed
-- with.
CREATE TABLE install_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
