--sqlite -- Inbox paging and counts (SQLite).
--postgres -- Inbox paging and counts (PostgreSQL).
--
-- The inbox list is read a page at a time by keyset: newest first, ordered by (received_at, id), the next page starting
-- after the last row shown. These indexes let that read, with or without a status filter, walk the index from the
-- cursor and stop after one page, never scanning (or counting) the rows before it.
CREATE INDEX messages_inbox_page ON messages (workspace_id, hidden, received_at, id);
CREATE INDEX messages_inbox_status_page ON messages (workspace_id, hidden, status, received_at, id);

-- How many messages each workspace holds, by status and hidden flag: the inbox's count, read in one row instead of
--sqlite -- counting the table. Kept by the triggers below on every insert, status or hidden change and delete, so no code path
--sqlite -- can forget it; the INSERT ... SELECT fills it for messages stored before this migration.
--postgres -- counting the table. Kept by the trigger below on every insert, status or hidden change and delete, so no code path
--postgres -- can forget it; the INSERT ... SELECT fills it for messages stored before this migration. (SQLite writes the same
--postgres -- thing as three triggers with bodies, PostgreSQL as one trigger function.)
CREATE TABLE inbox_counts (
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    status TEXT NOT NULL,
    hidden {bool} NOT NULL,
    n {int} NOT NULL,
    PRIMARY KEY (workspace_id, status, hidden)
);
INSERT INTO inbox_counts (workspace_id, status, hidden, n)
    SELECT workspace_id, status, hidden, COUNT(*) FROM messages GROUP BY workspace_id, status, hidden;

--sqlite CREATE TRIGGER inbox_counts_insert AFTER INSERT ON messages BEGIN
--sqlite     INSERT INTO inbox_counts (workspace_id, status, hidden, n) VALUES (NEW.workspace_id, NEW.status, NEW.hidden, 1)
--sqlite         ON CONFLICT (workspace_id, status, hidden) DO UPDATE SET n = n + 1;
--sqlite END;
--sqlite
--sqlite CREATE TRIGGER inbox_counts_update AFTER UPDATE OF status, hidden, workspace_id ON messages
--sqlite     WHEN OLD.status <> NEW.status OR OLD.hidden <> NEW.hidden OR OLD.workspace_id <> NEW.workspace_id BEGIN
--sqlite     UPDATE inbox_counts SET n = n - 1
--sqlite         WHERE workspace_id = OLD.workspace_id AND status = OLD.status AND hidden = OLD.hidden;
--sqlite     INSERT INTO inbox_counts (workspace_id, status, hidden, n) VALUES (NEW.workspace_id, NEW.status, NEW.hidden, 1)
--sqlite         ON CONFLICT (workspace_id, status, hidden) DO UPDATE SET n = n + 1;
--sqlite END;
--sqlite
--sqlite CREATE TRIGGER inbox_counts_delete AFTER DELETE ON messages BEGIN
--sqlite     UPDATE inbox_counts SET n = n - 1
--sqlite         WHERE workspace_id = OLD.workspace_id AND status = OLD.status AND hidden = OLD.hidden;
--sqlite END;
--sqlite
--postgres CREATE FUNCTION inbox_counts_keep() RETURNS trigger AS $$
--postgres BEGIN
--postgres     IF TG_OP IN ('UPDATE', 'DELETE') THEN
--postgres         UPDATE inbox_counts SET n = n - 1
--postgres             WHERE workspace_id = OLD.workspace_id AND status = OLD.status AND hidden = OLD.hidden;
--postgres     END IF;
--postgres     IF TG_OP IN ('INSERT', 'UPDATE') THEN
--postgres         INSERT INTO inbox_counts (workspace_id, status, hidden, n) VALUES (NEW.workspace_id, NEW.status, NEW.hidden, 1)
--postgres             ON CONFLICT (workspace_id, status, hidden) DO UPDATE SET n = inbox_counts.n + 1;
--postgres     END IF;
--postgres     RETURN NULL;
--postgres END;
--postgres $$ LANGUAGE plpgsql;
--postgres
--postgres CREATE TRIGGER inbox_counts_insert_delete AFTER INSERT OR DELETE ON messages
--postgres     FOR EACH ROW EXECUTE FUNCTION inbox_counts_keep();
--postgres CREATE TRIGGER inbox_counts_update AFTER UPDATE OF status, hidden, workspace_id ON messages
--postgres     FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.hidden IS DISTINCT FROM NEW.hidden
--postgres         OR OLD.workspace_id IS DISTINCT FROM NEW.workspace_id)
--postgres     EXECUTE FUNCTION inbox_counts_keep();
--postgres