-- The inbox (SQLite): messages from the public with their analysis, the cursor of each profile's inbound stream,
-- tags, notes, replies, saved replies, moderation rules, the shield (openings, corrections, muted authors) and the
-- workspace and per-person settings for reply timers and the exposure budget. Booleans are INTEGER 0/1 here and
-- BOOLEAN on PostgreSQL; sqlx reads both as bool.

-- Where each profile's inbound stream was last read. Written in the same transaction as the messages it covers.
CREATE TABLE inbox_cursors (
    profile_id INTEGER PRIMARY KEY REFERENCES profiles(id),
    cursor TEXT,
    updated_at INTEGER NOT NULL
);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    profile_id INTEGER NOT NULL REFERENCES profiles(id),
    remote_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    author_handle TEXT NOT NULL,
    author_name TEXT NOT NULL,
    author_followers INTEGER,
    text TEXT NOT NULL,
    url TEXT,
    in_reply_to TEXT,
    conversation_id TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    ingested_at INTEGER NOT NULL,
    lang TEXT NOT NULL,
    script TEXT NOT NULL,
    sentiment_compound REAL NOT NULL,
    sentiment_label TEXT NOT NULL,
    abusive INTEGER NOT NULL DEFAULT 0,
    abuse_score REAL NOT NULL DEFAULT 0,
    abuse_labels TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open',
    assigned_to INTEGER REFERENCES users(id),
    hidden INTEGER NOT NULL DEFAULT 0,
    first_reply_at INTEGER,
    done_at INTEGER,
    UNIQUE (profile_id, remote_id)
);
CREATE INDEX messages_workspace_received ON messages (workspace_id, received_at);
CREATE INDEX messages_conversation ON messages (profile_id, conversation_id);
CREATE INDEX messages_assigned ON messages (assigned_to, status);

CREATE TABLE message_tags (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (message_id, tag)
);

CREATE TABLE message_notes (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- A reply is a post with one delivery whose in_reply_to names the message; this links it back to the message.
CREATE TABLE message_replies (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id),
    delivery_id INTEGER NOT NULL UNIQUE REFERENCES deliveries(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
);
ALTER TABLE deliveries ADD COLUMN in_reply_to TEXT;

CREATE TABLE saved_replies (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- Ordered moderation rules; conditions and actions are JSON (sangam_domain::rules).
CREATE TABLE moderation_rules (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    rule TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);
CREATE INDEX moderation_rules_workspace ON moderation_rules (workspace_id, position);

-- Each time a person opened a shielded (abusive) message: the exposure the daily budget counts.
CREATE TABLE shield_openings (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    opened_at INTEGER NOT NULL
);
CREATE INDEX shield_openings_user ON shield_openings (user_id, opened_at);

-- "Abusive / not abusive" verdicts by people; the model learns from them and they are replayed after a restart.
CREATE TABLE abuse_corrections (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    abusive INTEGER NOT NULL,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- Authors muted or blocked. remote_done says whether the network carried it out or it is recorded here only.
CREATE TABLE muted_authors (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    profile_id INTEGER NOT NULL REFERENCES profiles(id),
    author_handle TEXT NOT NULL,
    action TEXT NOT NULL,
    remote_done INTEGER NOT NULL DEFAULT 0,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    UNIQUE (profile_id, author_handle, action)
);

CREATE TABLE inbox_settings (
    workspace_id INTEGER PRIMARY KEY REFERENCES workspaces(id),
    sla_minutes INTEGER NOT NULL DEFAULT 240,
    exposure_budget INTEGER NOT NULL DEFAULT 20,
    last_shield_user_id INTEGER
);

-- Per person: opted in to handle abusive messages, and business hours (minutes after local midnight, in the
-- person's time zone from users.time_zone).
CREATE TABLE inbox_people (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    shield_opt_in INTEGER NOT NULL DEFAULT 0,
    work_start_min INTEGER NOT NULL DEFAULT 540,
    work_end_min INTEGER NOT NULL DEFAULT 1020
);
