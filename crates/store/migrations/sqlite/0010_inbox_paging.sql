-- Inbox paging and counts (SQLite).
--
-- The inbox list is read a page at a time by keyset: newest first, ordered by (received_at, id), the next page starting
-- after the last row shown. These indexes let that read, with or without a status filter, walk the index from the
-- cursor and stop after one page, never scanning (or counting) the rows before it.
CREATE INDEX messages_inbox_page ON messages (workspace_id, hidden, received_at, id);
CREATE INDEX messages_inbox_status_page ON messages (workspace_id, hidden, status, received_at, id);

-- How many messages each workspace holds, by status and hidden flag: the inbox's count, read in one row instead of
-- counting the table. Kept by the triggers below on every insert, status or hidden change and delete, so no code path
-- can forget it; the INSERT ... SELECT fills it for messages stored before this migration.
CREATE TABLE inbox_counts (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    status TEXT NOT NULL,
    hidden INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, status, hidden)
);
INSERT INTO inbox_counts (workspace_id, status, hidden, n)
    SELECT workspace_id, status, hidden, COUNT(*) FROM messages GROUP BY workspace_id, status, hidden;

CREATE TRIGGER inbox_counts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO inbox_counts (workspace_id, status, hidden, n) VALUES (NEW.workspace_id, NEW.status, NEW.hidden, 1)
        ON CONFLICT (workspace_id, status, hidden) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER inbox_counts_update AFTER UPDATE OF status, hidden, workspace_id ON messages
    WHEN OLD.status <> NEW.status OR OLD.hidden <> NEW.hidden OR OLD.workspace_id <> NEW.workspace_id BEGIN
    UPDATE inbox_counts SET n = n - 1
        WHERE workspace_id = OLD.workspace_id AND status = OLD.status AND hidden = OLD.hidden;
    INSERT INTO inbox_counts (workspace_id, status, hidden, n) VALUES (NEW.workspace_id, NEW.status, NEW.hidden, 1)
        ON CONFLICT (workspace_id, status, hidden) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER inbox_counts_delete AFTER DELETE ON messages BEGIN
    UPDATE inbox_counts SET n = n - 1
        WHERE workspace_id = OLD.workspace_id AND status = OLD.status AND hidden = OLD.hidden;
END;
