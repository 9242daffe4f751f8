-- Links that let a person in: an invitation (a new person sets their name and password) or a password reset (an
-- existing person sets a new password). Only the SHA-256 digest of the link's token is stored; a link expires and
-- works once.
CREATE TABLE invitations (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by {int} REFERENCES users(id) ON DELETE SET NULL,
    created_at {int} NOT NULL,
    expires_at {int} NOT NULL,
    accepted_at {int},
    user_id {int} REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX invitations_workspace ON invitations (workspace_id, created_at);

CREATE TABLE password_resets (
    id {id},
    user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_by {int} REFERENCES users(id) ON DELETE SET NULL,
    created_at {int} NOT NULL,
    expires_at {int} NOT NULL,
    used_at {int}
);
CREATE INDEX password_resets_user ON password_resets (user_id);
