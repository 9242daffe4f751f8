-- Outgoing webhooks. An Admin subscribes a URL to event types; the signing secret is sealed with the install's key
-- (and, for a while after a rotation, the previous one too, so receivers can switch over).
CREATE TABLE webhooks (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    url TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- The subscribed event types, comma-separated with a comma at each end (",post.published,message.received,"),
    -- so one LIKE finds the subscribers of a type.
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_until {int},
    enabled {bool} NOT NULL DEFAULT {true},
    created_by {int} REFERENCES users(id) ON DELETE SET NULL,
    created_at {int} NOT NULL,
    updated_at {int} NOT NULL
);
CREATE INDEX webhooks_workspace ON webhooks (workspace_id);

-- The outbox: each event once, its envelope (the exact JSON every attempt sends) fixed when it is recorded, in the
-- transaction of the change it tells of.
CREATE TABLE webhook_events (
    id {id},
    event_id TEXT NOT NULL UNIQUE,
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    event_type TEXT NOT NULL,
    occurred_at {int} NOT NULL,
    body TEXT NOT NULL,
    -- For an event that may be noticed more than once but must be told once (a goal reaching its target).
    once_key TEXT UNIQUE
);
CREATE INDEX webhook_events_workspace ON webhook_events (workspace_id, occurred_at);

-- One event for one webhook: `pending` until a receiver answers 2xx (`delivered`) or the attempts run out (`failed`).
CREATE TABLE webhook_deliveries (
    id {id},
    webhook_id {int} NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event_id {int} NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    attempts {int} NOT NULL DEFAULT 0,
    created_at {int} NOT NULL,
    finished_at {int},
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);

-- The delivery log: every attempt with what came back (the status, or our words when nothing did), how long it took
-- and the first 512 bytes of the answer, kept as text to be shown escaped.
CREATE TABLE webhook_attempts (
    id {id},
    delivery_id {int} NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    attempt {int} NOT NULL,
    started_at {int} NOT NULL,
    latency_ms {int} NOT NULL,
    status {int},
    error TEXT,
    response TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, started_at);
