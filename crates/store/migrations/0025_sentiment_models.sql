-- A team's own sentiment model (issue 19, part 3).

-- "Wrong sentiment?" corrections: a person's reading of a message (negative, neutral or positive), who gave it and
-- when. The message's sentiment follows the last one; the workspace's sentiment model learns each once, in id order,
-- and they are replayed after a restart from where the stored model stopped. text is the message's text as it was
-- corrected, so what was learned does not depend on the message staying stored.
CREATE TABLE sentiment_corrections (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    message_id {int} NOT NULL REFERENCES messages(id),
    user_id {int} NOT NULL REFERENCES users(id),
    label TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at {int} NOT NULL
);
CREATE INDEX sentiment_corrections_message ON sentiment_corrections (message_id, id);

-- A workspace's sentiment model as it has learned the workspace's corrections, in sangam_text's sentiment model
-- format; learned_up_to is the last sentiment_corrections row it has learned.
CREATE TABLE sentiment_models (
    workspace_id {int} PRIMARY KEY REFERENCES workspaces(id),
    model {bytes} NOT NULL,
    learned_up_to {int} NOT NULL,
    corrections {int} NOT NULL,
    updated_at {int} NOT NULL
);
