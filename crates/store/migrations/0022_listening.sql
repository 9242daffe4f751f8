-- Listening: public posts that match a topic's query, fetched on a schedule from the networks' search, stored once per
-- topic, analysed like inbox messages; share of voice over topics marked as our brand or a competitor's; spikes.

-- voice: 'none' (a plain topic), 'ours' (our brand's mentions) or 'competitor' (the mentions of the competitor named
-- in competitor).
-- networks: the network words searched, comma-separated with a comma at each end (",bluesky,mastodon,").
CREATE TABLE listening_topics (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    networks TEXT NOT NULL,
    voice TEXT NOT NULL DEFAULT 'none',
    competitor TEXT NOT NULL DEFAULT '',
    paused {bool} NOT NULL DEFAULT {false},
    created_by {int} REFERENCES users(id) ON DELETE SET NULL,
    created_at {int} NOT NULL,
    last_run_at {int},
    last_error TEXT
);
CREATE INDEX listening_topics_workspace ON listening_topics (workspace_id);

-- Where an unfinished pass over one search of a topic goes on: source is the network and the search's number
-- ("bluesky:0"). Written in the same transaction as the page it follows; NULL once a pass has ended.
CREATE TABLE listening_cursors (
    topic_id {int} NOT NULL REFERENCES listening_topics(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    cursor TEXT,
    updated_at {int} NOT NULL,
    PRIMARY KEY (topic_id, source)
);

-- One public post of a topic: (topic, network, remote id) is unique, so overlapping pages and re-runs after a crash
-- store it once.
CREATE TABLE listened_posts (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    topic_id {int} NOT NULL REFERENCES listening_topics(id) ON DELETE CASCADE,
    network TEXT NOT NULL,
    remote_id TEXT NOT NULL,
    author_handle TEXT NOT NULL,
    author_name TEXT NOT NULL,
    text TEXT NOT NULL,
    url TEXT,
    posted_at {int} NOT NULL,
    stored_at {int} NOT NULL,
    lang TEXT NOT NULL,
    script TEXT NOT NULL,
    sentiment_compound {real} NOT NULL,
    sentiment_label TEXT NOT NULL,
    abusive {bool} NOT NULL,
    abuse_score {real} NOT NULL,
    UNIQUE (topic_id, network, remote_id)
);
CREATE INDEX listened_posts_topic_at ON listened_posts (topic_id, posted_at);

-- A spike, once per topic, kind ('volume' or 'negative') and hour, however many polls see it.
CREATE TABLE listening_spikes (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    topic_id {int} NOT NULL REFERENCES listening_topics(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    window_start {int} NOT NULL,
    window_end {int} NOT NULL,
    observed {real} NOT NULL,
    median {real} NOT NULL,
    mad {real} NOT NULL,
    threshold {real} NOT NULL,
    raised_at {int} NOT NULL,
    UNIQUE (topic_id, kind, window_start)
);
CREATE INDEX listening_spikes_workspace ON listening_spikes (workspace_id, raised_at);
