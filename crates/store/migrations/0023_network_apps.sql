-- Networks reached through the workspace's own developer app (Facebook, Instagram, Threads, LinkedIn, X), issue 18.

-- The app an Admin registered on the network: its client id as typed, its secret sealed with the secret key (like a
-- profile's credentials) and never shown again.
CREATE TABLE network_apps (
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    network TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    updated_by {int} REFERENCES users(id) ON DELETE SET NULL,
    updated_at {int} NOT NULL,
    PRIMARY KEY (workspace_id, network)
);

-- An OAuth attempt between leaving for the network and coming back: `state` is what the network returns, bound to
-- the person who started it; the PKCE verifier is sealed. Taken once (used_at), and worthless after ten minutes. The
-- accounts a login granted wait here (sealed, `granted`) while the Admin picks which to add.
CREATE TABLE oauth_attempts (
    state TEXT PRIMARY KEY,
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    network TEXT NOT NULL,
    verifier TEXT NOT NULL,
    granted TEXT,
    created_at {int} NOT NULL,
    used_at {int}
);
CREATE INDEX oauth_attempts_created ON oauth_attempts (created_at);

-- When a profile's token stops working, whether the engine can renew it alone, the last renewal's error, and when
-- the week-before warning was sent (once per expiry).
CREATE TABLE profile_tokens (
    profile_id {int} PRIMARY KEY REFERENCES profiles(id),
    expires_at {int},
    refreshable {bool} NOT NULL,
    refreshed_at {int},
    last_error TEXT,
    warned_for {int}
);
CREATE INDEX profile_tokens_expiry ON profile_tokens (expires_at);
