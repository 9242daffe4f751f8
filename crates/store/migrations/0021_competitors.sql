-- Competitor profiles (issue 15): public accounts on Bluesky, Mastodon or the sandbox that a team watches, read
-- without credentials. A competitor is removed softly (removed_at), so its history stays and adding the same account
-- again brings it back; remote_id is the network's own id for the account (a DID, a Mastodon account id), so a
-- renamed handle is still the same competitor.
CREATE TABLE competitors (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    network TEXT NOT NULL,
    handle TEXT NOT NULL,
    remote_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '',
    added_by {int} REFERENCES users(id) ON DELETE SET NULL,
    added_at {int} NOT NULL,
    removed_at {int},
    -- When the recent posts were read back the first time (NULL: the back-fill is still to run).
    backfilled_at {int},
    refreshed_at {int},
    -- What the network said the last time reading it failed (cleared by a good read).
    last_error TEXT,
    UNIQUE (workspace_id, network, remote_id)
);
CREATE INDEX competitors_workspace ON competitors (workspace_id, removed_at);

-- Raw, timestamped counts as the network reported them, like profile_snapshots.
CREATE TABLE competitor_snapshots (
    competitor_id {int} NOT NULL REFERENCES competitors(id) ON DELETE CASCADE,
    taken_at {int} NOT NULL,
    followers {int} NOT NULL,
    following {int} NOT NULL,
    posts {int} NOT NULL,
    PRIMARY KEY (competitor_id, taken_at)
);

-- A competitor's own post, stored once per remote id whatever pages overlap; each read updates its counts (the latest
-- read wins, counted_at says when). hashtags: the post's hashtags, lower case, separated by single spaces.
CREATE TABLE competitor_posts (
    id {id},
    competitor_id {int} NOT NULL REFERENCES competitors(id) ON DELETE CASCADE,
    remote_id TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    published_at {int} NOT NULL,
    likes {int} NOT NULL,
    reposts {int} NOT NULL,
    replies {int} NOT NULL,
    quotes {int} NOT NULL,
    hashtags TEXT NOT NULL DEFAULT '',
    first_seen_at {int} NOT NULL,
    counted_at {int} NOT NULL,
    UNIQUE (competitor_id, remote_id)
);
CREATE INDEX competitor_posts_time ON competitor_posts (competitor_id, published_at);
