-- Sangam's foundation on SQLite. Times are UTC milliseconds since the epoch (INTEGER), as on PostgreSQL (BIGINT), so
-- both backends compare and bucket times alike.

CREATE TABLE workspaces (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    paused_at INTEGER,
    pause_reason TEXT,
    created_at INTEGER NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'en-US',
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    created_at INTEGER NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE profiles (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    network TEXT NOT NULL,
    handle TEXT NOT NULL,
    display_name TEXT NOT NULL,
    credentials TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'connected',
    created_at INTEGER NOT NULL,
    UNIQUE (workspace_id, network, handle)
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    author_id INTEGER NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    scheduled_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER
);
CREATE INDEX posts_workspace_scheduled ON posts (workspace_id, scheduled_at);

CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    profile_id INTEGER NOT NULL REFERENCES profiles(id),
    state TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    scheduled_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    remote_id TEXT,
    remote_url TEXT,
    reason TEXT,
    sent_at INTEGER,
    published_at INTEGER,
    updated_at INTEGER NOT NULL,
    UNIQUE (post_id, profile_id)
);
CREATE INDEX deliveries_state_scheduled ON deliveries (state, scheduled_at);
CREATE INDEX deliveries_profile ON deliveries (profile_id, state);

-- The job lease: every piece of work the engine runs by itself. A worker claims due rows by setting lease_until; a
-- lease that expires (the worker died) is claimed again. unique_key keeps recurring work to one row per period.
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',
    run_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 5,
    lease_until INTEGER,
    worker TEXT,
    unique_key TEXT UNIQUE,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX jobs_due ON jobs (state, run_at);

CREATE TABLE profile_snapshots (
    id INTEGER PRIMARY KEY,
    profile_id INTEGER NOT NULL REFERENCES profiles(id),
    taken_at INTEGER NOT NULL,
    followers INTEGER NOT NULL,
    following INTEGER NOT NULL,
    posts INTEGER NOT NULL,
    UNIQUE (profile_id, taken_at)
);

CREATE TABLE post_snapshots (
    id INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
    taken_at INTEGER NOT NULL,
    likes INTEGER NOT NULL,
    reposts INTEGER NOT NULL,
    replies INTEGER NOT NULL,
    quotes INTEGER NOT NULL,
    impressions INTEGER,
    UNIQUE (delivery_id, taken_at)
);

-- Every human action, with actor and time: the audit log and the source of team and wellbeing figures.
CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    user_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id INTEGER,
    detail TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE INDEX activity_workspace_at ON activity (workspace_id, at);
CREATE INDEX activity_user_at ON activity (user_id, at);
