-- Inbox paging and counts (PostgreSQL).
--
-- The inbox list is read a page at a time by keyset: newest first, ordered by (received_at, id), the next page starting
-- after the last row shown. These indexes let that read, with or without a status filter, walk the index from the
-- cursor and stop after one page, never scanning (or counting) the rows before it.
CREATE INDEX messages_inbox_page ON messages (workspace_id, hidden, received_at, id);
CREATE INDEX messages_inbox_status_page ON messages (workspace_id, hidden, status, received_at, id);

-- How many messages each workspace holds, by status and hidden flag: the inbox's count, read in one row instead of
-- counting the table. Kept by the trigger below on every insert, status or hidden change and delete, so no code path
-- can forget it; the INSERT ... SELECT fills it for messages stored before this migration. (SQLite writes the same
-- thing as three triggers with bodies, PostgreSQL as one trigger function.)
CREATE TABLE inbox_counts (
    workspace_id BIGINT NOT NULL REFERENCES workspaces(id),
    status TEXT NOT NULL,
    hidden BOOLEAN NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, status, hidden)
);
INSERT INTO inbox_counts (workspace_id, status, hidden, n)
    SELECT workspace_id, status, hidden, COUNT(*) FROM messages GROUP BY workspace_id, status, hidden;

CREATE FUNCTION inbox_counts_keep() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE inbox_counts SET n = n - 1
            WHERE workspace_id = OLD.workspace_id AND status = OLD.status AND hidden = OLD.hidden;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO inbox_counts (workspace_id, status, hidden, n) VALUES (NEW.workspace_id, NEW.status, NEW.hidden, 1)
            ON CONFLICT (workspace_id, status, hidden) DO UPDATE SET n = inbox_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER inbox_counts_insert_delete AFTER INSERT OR DELETE ON messages
    FOR EACH ROW EXECUTE FUNCTION inbox_counts_keep();
CREATE TRIGGER inbox_counts_update AFTER UPDATE OF status, hidden, workspace_id ON messages
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.hidden IS DISTINCT FROM NEW.hidden
        OR OLD.workspace_id IS DISTINCT FROM NEW.workspace_id)
    EXECUTE FUNCTION inbox_counts_keep();
