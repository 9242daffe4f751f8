--sqlite -- The inbox (SQLite): messages from the public with their analysis, the cursor of each profile's inbound stream,
--postgres -- The inbox (PostgreSQL): messages from the public with their analysis, the cursor of each profile's inbound stream,
-- tags, notes, replies, saved replies, moderation rules, the shield (openings, corrections, muted authors) and the
--sqlite -- workspace and per-person settings for reply timers and the exposure budget. Booleans are INTEGER 0/1 here and
--sqlite -- BOOLEAN on PostgreSQL; sqlx reads both as bool.
--postgres -- workspace and per-person settings for reply timers and the exposure budget. Booleans are BOOLEAN here and
--postgres -- INTEGER 0/1 on SQLite; sqlx reads both as bool.

-- Where each profile's inbound stream was last read. Written in the same transaction as the messages it covers.
CREATE TABLE inbox_cursors (
    profile_id {int} PRIMARY KEY REFERENCES profiles(id),
    cursor TEXT,
    updated_at {int} NOT NULL
);

CREATE TABLE messages (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    profile_id {int} NOT NULL REFERENCES profiles(id),
    remote_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    author_handle TEXT NOT NULL,
    author_name TEXT NOT NULL,
    author_followers {int},
    text TEXT NOT NULL,
    url TEXT,
    in_reply_to TEXT,
    conversation_id TEXT NOT NULL,
    received_at {int} NOT NULL,
    ingested_at {int} NOT NULL,
    lang TEXT NOT NULL,
    script TEXT NOT NULL,
    sentiment_compound {real} NOT NULL,
    sentiment_label TEXT NOT NULL,
    abusive {bool} NOT NULL DEFAULT {false},
    abuse_score {real} NOT NULL DEFAULT 0,
    abuse_labels TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open',
    assigned_to {int} REFERENCES users(id),
    hidden {bool} NOT NULL DEFAULT {false},
    first_reply_at {int},
    done_at {int},
    UNIQUE (profile_id, remote_id)
);
CREATE INDEX messages_workspace_received ON messages (workspace_id, received_at);
CREATE INDEX messages_conversation ON messages (profile_id, conversation_id);
CREATE INDEX messages_assigned ON messages (assigned_to, status);

CREATE TABLE message_tags (
    message_id {int} NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (message_id, tag)
);

CREATE TABLE message_notes (
    id {id},
    message_id {int} NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    user_id {int} NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at {int} NOT NULL
);

-- A reply is a post with one delivery whose in_reply_to names the message; this links it back to the message.
CREATE TABLE message_replies (
    id {id},
    message_id {int} NOT NULL REFERENCES messages(id),
    delivery_id {int} NOT NULL UNIQUE REFERENCES deliveries(id),
    user_id {int} NOT NULL REFERENCES users(id),
    created_at {int} NOT NULL
);
ALTER TABLE deliveries ADD COLUMN in_reply_to TEXT;

CREATE TABLE saved_replies (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at {int} NOT NULL
);

-- Ordered moderation rules; conditions and actions are JSON (sangam_domain::rules).
CREATE TABLE moderation_rules (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    position {int} NOT NULL,
    name TEXT NOT NULL,
    rule TEXT NOT NULL,
    enabled {bool} NOT NULL DEFAULT {true},
    created_at {int} NOT NULL
);
CREATE INDEX moderation_rules_workspace ON moderation_rules (workspace_id, position);

-- Each time a person opened a shielded (abusive) message: the exposure the daily budget counts.
CREATE TABLE shield_openings (
    id {id},
    message_id {int} NOT NULL REFERENCES messages(id),
    user_id {int} NOT NULL REFERENCES users(id),
    opened_at {int} NOT NULL
);
CREATE INDEX shield_openings_user ON shield_openings (user_id, opened_at);

-- "Abusive / not abusive" verdicts by people; the model learns from them and they are replayed after a restart.
CREATE TABLE abuse_corrections (
    id {id},
    message_id {int} NOT NULL REFERENCES messages(id),
    user_id {int} NOT NULL REFERENCES users(id),
    abusive {bool} NOT NULL,
    text TEXT NOT NULL,
    created_at {int} NOT NULL
);

-- Authors muted or blocked. remote_done says whether the network carried it out or it is recorded here only.
CREATE TABLE muted_authors (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    profile_id {int} NOT NULL REFERENCES profiles(id),
    author_handle TEXT NOT NULL,
    action TEXT NOT NULL,
    remote_done {bool} NOT NULL DEFAULT {false},
    user_id {int} NOT NULL REFERENCES users(id),
    created_at {int} NOT NULL,
    UNIQUE (profile_id, author_handle, action)
);

CREATE TABLE inbox_settings (
    workspace_id {int} PRIMARY KEY REFERENCES workspaces(id),
    sla_minutes {int} NOT NULL DEFAULT 240,
    exposure_budget {int} NOT NULL DEFAULT 20,
    last_shield_user_id {int}
);

-- Per person: opted in to handle abusive messages, and business hours (minutes after local midnight, in the
-- person's time zone from users.time_zone).
CREATE TABLE inbox_people (
    user_id {int} PRIMARY KEY REFERENCES users(id),
    shield_opt_in {bool} NOT NULL DEFAULT {false},
    work_start_min {int} NOT NULL DEFAULT 540,
    work_end_min {int} NOT NULL DEFAULT 1020
);
