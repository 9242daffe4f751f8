-- Publishing: approvals, variants per network, tags, images, the crisis switch per profile, queue slots,
--sqlite -- notifications. SQLite flavour (BLOB for image bytes).
--postgres -- notifications. PostgreSQL flavour (BYTEA for image bytes).

-- draft | pending_approval | changes_requested | rejected | approved. Only approved posts publish.
ALTER TABLE posts ADD COLUMN status TEXT NOT NULL DEFAULT 'approved';
ALTER TABLE posts ADD COLUMN updated_at {int} NOT NULL DEFAULT 0;
-- Set when a post came due while still unapproved (or paused), so the team is told once.
ALTER TABLE posts ADD COLUMN held_at {int};

-- A variant replaces the post's text on one network, where the wording must differ (length, mentions, tone).
CREATE TABLE post_variants (
    post_id {int} NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    network TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (post_id, network)
);

CREATE TABLE post_tags (
    post_id {int} NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (post_id, tag)
);
CREATE INDEX post_tags_tag ON post_tags (tag);

CREATE TABLE media (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    post_id {int} REFERENCES posts(id) ON DELETE CASCADE,
    mime TEXT NOT NULL,
    bytes {bytes} NOT NULL,
    size {int} NOT NULL,
    alt TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL,
    created_at {int} NOT NULL
);
CREATE INDEX media_post ON media (post_id);

-- Who needs approval: a comma-separated list of roles whose posts go through the workflow (none at first).
ALTER TABLE workspaces ADD COLUMN approval_roles TEXT NOT NULL DEFAULT '';
-- While paused, every post needs approval (the crisis switch's option).
ALTER TABLE workspaces ADD COLUMN approval_while_paused {bool} NOT NULL DEFAULT {false};
ALTER TABLE workspaces ADD COLUMN paused_by {int};

-- Ordered approval steps; each names its approvers and whether any one or all must approve.
CREATE TABLE approval_steps (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    position {int} NOT NULL,
    name TEXT NOT NULL,
    needs TEXT NOT NULL DEFAULT 'any',
    UNIQUE (workspace_id, position)
);
CREATE TABLE approval_step_approvers (
    step_id {int} NOT NULL REFERENCES approval_steps(id) ON DELETE CASCADE,
    user_id {int} NOT NULL REFERENCES users(id),
    PRIMARY KEY (step_id, user_id)
);

-- Every decision and comment on a post, in order: the approval trail.
CREATE TABLE post_reviews (
    id {id},
    post_id {int} NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    step_position {int},
    user_id {int} REFERENCES users(id),
    reviewer_name TEXT NOT NULL,
    decision TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    at {int} NOT NULL
);
CREATE INDEX post_reviews_post ON post_reviews (post_id, at);

-- Signed, expiring links for approvers outside the team; only the digest of the token is kept.
CREATE TABLE approval_links (
    id {id},
    post_id {int} NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    reviewer_name TEXT NOT NULL,
    expires_at {int} NOT NULL,
    created_by {int} NOT NULL REFERENCES users(id),
    created_at {int} NOT NULL
);

-- The crisis switch can hold chosen profiles instead of the whole workspace.
ALTER TABLE profiles ADD COLUMN paused_at {int};
ALTER TABLE profiles ADD COLUMN pause_reason TEXT;

-- Queue times per profile: "add to queue" takes the next free one. minute_of_day in the profile's time zone.
ALTER TABLE profiles ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
CREATE TABLE queue_slots (
    profile_id {int} NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    weekday {int} NOT NULL,
    minute_of_day {int} NOT NULL,
    PRIMARY KEY (profile_id, weekday, minute_of_day)
);

-- In-app notices to a person (held posts, approvals waiting, alerts).
CREATE TABLE notifications (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    user_id {int} NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    created_at {int} NOT NULL,
    read_at {int}
);
CREATE INDEX notifications_user ON notifications (user_id, read_at);
