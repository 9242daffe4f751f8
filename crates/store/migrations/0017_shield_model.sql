-- The Shield's per-workspace model and threshold (issue 19).

-- A workspace's own abuse model: the shipped model as it has learned this workspace's corrections (and any labelled
-- file a team trained it on with `sangam model train --workspace`), in sangam_text's model format. learned_up_to is
-- the last abuse_corrections row it has learned, so a restart carries on where it stopped. threshold is the score
-- from which a message counts as abusive in this workspace (the shipped line is 0.5).
CREATE TABLE shield_models (
    workspace_id {int} PRIMARY KEY REFERENCES workspaces(id),
    model {bytes},
    learned_up_to {int} NOT NULL DEFAULT 0,
    corrections {int} NOT NULL DEFAULT 0,
    trained_rows {int} NOT NULL DEFAULT 0,
    threshold {real} NOT NULL DEFAULT 0.5,
    updated_at {int} NOT NULL
);
