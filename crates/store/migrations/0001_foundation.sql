--sqlite -- Sangam's foundation on SQLite. Times are UTC milliseconds since the epoch (INTEGER), as on PostgreSQL (BIGINT), so
--postgres -- Sangam's foundation on PostgreSQL. Times are UTC milliseconds since the epoch (BIGINT), as on SQLite (INTEGER), so
-- both backends compare and bucket times alike.

CREATE TABLE workspaces (
    id {id},
    name TEXT NOT NULL,
    paused_at {int},
    pause_reason TEXT,
    created_at {int} NOT NULL
);

CREATE TABLE users (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'en-US',
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    created_at {int} NOT NULL
);

CREATE TABLE api_tokens (
    id {id},
    user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at {int} NOT NULL,
    last_used_at {int}
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at {int} NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE profiles (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    network TEXT NOT NULL,
    handle TEXT NOT NULL,
    display_name TEXT NOT NULL,
    credentials TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'connected',
    created_at {int} NOT NULL,
    UNIQUE (workspace_id, network, handle)
);

CREATE TABLE posts (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    author_id {int} NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    scheduled_at {int} NOT NULL,
    created_at {int} NOT NULL,
    deleted_at {int}
);
CREATE INDEX posts_workspace_scheduled ON posts (workspace_id, scheduled_at);

CREATE TABLE deliveries (
    id {id},
    post_id {int} NOT NULL REFERENCES posts(id),
    profile_id {int} NOT NULL REFERENCES profiles(id),
    state TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    scheduled_at {int} NOT NULL,
    attempts {int} NOT NULL DEFAULT 0,
    remote_id TEXT,
    remote_url TEXT,
    reason TEXT,
    sent_at {int},
    published_at {int},
    updated_at {int} NOT NULL,
    UNIQUE (post_id, profile_id)
);
CREATE INDEX deliveries_state_scheduled ON deliveries (state, scheduled_at);
CREATE INDEX deliveries_profile ON deliveries (profile_id, state);

-- The job lease: every piece of work the engine runs by itself. A worker claims due rows by setting lease_until; a
-- lease that expires (the worker died) is claimed again. unique_key keeps recurring work to one row per period.
CREATE TABLE jobs (
    id {id},
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',
    run_at {int} NOT NULL,
    attempts {int} NOT NULL DEFAULT 0,
    max_attempts {int} NOT NULL DEFAULT 5,
    lease_until {int},
    worker TEXT,
    unique_key TEXT UNIQUE,
    last_error TEXT,
    created_at {int} NOT NULL,
    finished_at {int}
);
CREATE INDEX jobs_due ON jobs (state, run_at);

CREATE TABLE profile_snapshots (
    id {id},
    profile_id {int} NOT NULL REFERENCES profiles(id),
    taken_at {int} NOT NULL,
    followers {int} NOT NULL,
    following {int} NOT NULL,
    posts {int} NOT NULL,
    UNIQUE (profile_id, taken_at)
);

CREATE TABLE post_snapshots (
    id {id},
    delivery_id {int} NOT NULL REFERENCES deliveries(id),
    taken_at {int} NOT NULL,
    likes {int} NOT NULL,
    reposts {int} NOT NULL,
    replies {int} NOT NULL,
    quotes {int} NOT NULL,
    impressions {int},
    UNIQUE (delivery_id, taken_at)
);

-- Every human action, with actor and time: the audit log and the source of team and wellbeing figures.
CREATE TABLE activity (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    user_id {int} REFERENCES users(id),
    action TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id {int},
    detail TEXT NOT NULL DEFAULT '',
    at {int} NOT NULL
);
CREATE INDEX activity_workspace_at ON activity (workspace_id, at);
CREATE INDEX activity_user_at ON activity (user_id, at);
