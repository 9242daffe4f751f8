--sqlite -- At scale (SQLite): what the inbox's small reads need so that none of them touches a big table.
--postgres -- At scale (PostgreSQL): what the inbox's small reads need so that none of them touches a big table.

-- Who else is on a conversation (the presence poll every 10 s): the conversation's messages come from
-- messages_conversation, and this index finds each one's recent activity without reading the activity log.
CREATE INDEX activity_object ON activity (object_kind, object_id, at);

-- The tags used in each workspace and on how many messages, for the inbox's tag filter: one row per tag read instead
-- of every tagged message. Kept by triggers on message_tags, so no code path can forget it; the INSERT ... SELECT
-- fills it for tags stored before this step. A tag on no message any more keeps a row with n = 0, which the filter
-- leaves out. (Messages are never deleted; a tag row goes only through remove_tag.)
CREATE TABLE inbox_tag_counts (
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    tag TEXT NOT NULL,
    n {int} NOT NULL,
    PRIMARY KEY (workspace_id, tag)
);
INSERT INTO inbox_tag_counts (workspace_id, tag, n)
    SELECT m.workspace_id, t.tag, COUNT(*) FROM message_tags t JOIN messages m ON m.id = t.message_id
    GROUP BY m.workspace_id, t.tag;

--sqlite CREATE TRIGGER inbox_tag_counts_insert AFTER INSERT ON message_tags BEGIN
--sqlite     INSERT INTO inbox_tag_counts (workspace_id, tag, n)
--sqlite         SELECT workspace_id, NEW.tag, 1 FROM messages WHERE id = NEW.message_id
--sqlite         ON CONFLICT (workspace_id, tag) DO UPDATE SET n = n + 1;
--sqlite END;
--sqlite
--sqlite CREATE TRIGGER inbox_tag_counts_delete AFTER DELETE ON message_tags BEGIN
--sqlite     UPDATE inbox_tag_counts SET n = n - 1
--sqlite         WHERE tag = OLD.tag AND workspace_id = (SELECT workspace_id FROM messages WHERE id = OLD.message_id);
--sqlite END;
--sqlite
--postgres CREATE FUNCTION inbox_tag_counts_keep() RETURNS trigger AS $$
--postgres BEGIN
--postgres     IF TG_OP = 'INSERT' THEN
--postgres         INSERT INTO inbox_tag_counts (workspace_id, tag, n)
--postgres             SELECT workspace_id, NEW.tag, 1 FROM messages WHERE id = NEW.message_id
--postgres             ON CONFLICT (workspace_id, tag) DO UPDATE SET n = inbox_tag_counts.n + 1;
--postgres     ELSE
--postgres         UPDATE inbox_tag_counts SET n = n - 1
--postgres             WHERE tag = OLD.tag AND workspace_id = (SELECT workspace_id FROM messages WHERE id = OLD.message_id);
--postgres     END IF;
--postgres     RETURN NULL;
--postgres END;
--postgres $$ LANGUAGE plpgsql;
--postgres
--postgres CREATE TRIGGER inbox_tag_counts_keep AFTER INSERT OR DELETE ON message_tags
--postgres     FOR EACH ROW EXECUTE FUNCTION inbox_tag_counts_keep();

-- Reports from rollups: the latest engagement snapshot of each delivery, the one row a report reads per post instead of
-- looking for the newest of every post's snapshots. Written in the same transaction as each snapshot
-- (snapshots::record_post), filled here from the snapshots stored before this step, and made again from them by
-- `sangam rollups rebuild` (crates/store/src/rollups.rs). The raw snapshots stay the truth; this is their summary.
CREATE TABLE post_rollups (
    delivery_id {int} PRIMARY KEY REFERENCES deliveries(id),
    taken_at {int} NOT NULL,
    likes {int} NOT NULL,
    reposts {int} NOT NULL,
    replies {int} NOT NULL,
    quotes {int} NOT NULL,
    impressions {int}
);
INSERT INTO post_rollups (delivery_id, taken_at, likes, reposts, replies, quotes, impressions)
    SELECT s.delivery_id, s.taken_at, s.likes, s.reposts, s.replies, s.quotes, s.impressions FROM post_snapshots s
    WHERE s.taken_at = (SELECT MAX(x.taken_at) FROM post_snapshots x WHERE x.delivery_id = s.delivery_id);
