-- The weekly review and its meeting, and insights for other departments (issue 16).

-- One review per workspace and week. The week runs Monday 00:00 to Monday 00:00 in the leader's time zone (the
-- time zone of the workspace's first Manager, else its first Admin), stored with it; the unique key is what lets
-- every process try to draft the week and only one row result.
CREATE TABLE reviews (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    week_start {int} NOT NULL,
    week_end {int} NOT NULL,
    time_zone TEXT NOT NULL,
    -- Who drafted it: a person (on demand) or NULL for the engine's weekly draft; worker names the process.
    drafted_by {int} REFERENCES users(id) ON DELETE SET NULL,
    worker TEXT NOT NULL,
    drafted_at {int} NOT NULL,
    UNIQUE (workspace_id, week_start)
);

-- The meeting: agenda items people add, notes, decisions, and action items (with an owner and a due date; done_at
-- once done). Open actions of earlier weeks come first on the next review's agenda.
CREATE TABLE review_items (
    id {id},
    review_id {int} NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    owner_id {int} REFERENCES users(id) ON DELETE SET NULL,
    due_on TEXT,
    done_at {int},
    created_by {int} NOT NULL REFERENCES users(id),
    created_at {int} NOT NULL
);
CREATE INDEX review_items_review ON review_items (review_id, id);
CREATE INDEX review_items_open ON review_items (workspace_id, kind, done_at);

-- An insight card: a sentence, what it came from (a figure, a theme or a message) with links to the evidence (one
-- Sangam address a line), the business goal it supports (a goal of the workspace, or words), and when it was
-- published to other departments (NULL: a draft only the team sees).
CREATE TABLE insights (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    review_id {int} REFERENCES reviews(id) ON DELETE SET NULL,
    sentence TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    source_label TEXT NOT NULL,
    evidence TEXT NOT NULL,
    goal_id {int} REFERENCES goals(id) ON DELETE SET NULL,
    business_goal TEXT NOT NULL,
    published_at {int},
    created_by {int} NOT NULL REFERENCES users(id),
    created_at {int} NOT NULL
);
CREATE INDEX insights_workspace ON insights (workspace_id, created_at);
