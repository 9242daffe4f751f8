-- Return on social: tracked links and their clicks, conversions, and the team's cost (hourly cost per person, spend
-- per campaign). A campaign is a post tag.

-- UTM parameters the composer adds per network: utm_source and utm_medium (utm_campaign is the post's first tag).
-- A network without a row uses its own name as the source and "social" as the medium.
CREATE TABLE utm_presets (
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    network TEXT NOT NULL,
    source TEXT NOT NULL,
    medium TEXT NOT NULL,
    updated_at {int} NOT NULL,
    PRIMARY KEY (workspace_id, network)
);

-- Sangam's own short links ({public_url}/l/{code}). The destination is fixed when the link is made: the redirect
-- only ever answers with it. profile_id is set when the post went to one profile of that network.
CREATE TABLE short_links (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    code TEXT NOT NULL UNIQUE,
    destination TEXT NOT NULL,
    post_id {int} REFERENCES posts(id) ON DELETE SET NULL,
    profile_id {int} REFERENCES profiles(id) ON DELETE SET NULL,
    network TEXT,
    campaign TEXT NOT NULL DEFAULT '',
    created_by {int} REFERENCES users(id) ON DELETE SET NULL,
    created_at {int} NOT NULL
);
CREATE INDEX short_links_post ON short_links (post_id);
CREATE INDEX short_links_campaign ON short_links (workspace_id, campaign);

-- One counted click (bots, previewers and HEAD requests are never written). No address or user agent is kept: the
-- visitor is SHA-256(day's salt, address, user agent), and the salt of a day is deleted once the day is over, so the
-- hash cannot be recomputed. token is the click id handed to the destination as sg_click.
CREATE TABLE link_clicks (
    id {id},
    link_id {int} NOT NULL REFERENCES short_links(id) ON DELETE CASCADE,
    at {int} NOT NULL,
    salt_day TEXT NOT NULL,
    visitor TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE
);
CREATE INDEX link_clicks_link_at ON link_clicks (link_id, at);

-- The salt of the current UTC day only (older rows are deleted when a new day's salt is made).
CREATE TABLE visitor_salts (
    day TEXT PRIMARY KEY,
    salt {bytes} NOT NULL,
    created_at {int} NOT NULL
);

-- A conversion reported to Sangam: imported from CSV, posted to the API, or sent by the first-party snippet with the
-- click id. value_minor is the value in hundredths of the currency. external_id, when given, is unique per workspace:
-- a repeat is ignored.
CREATE TABLE conversions (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    at {int} NOT NULL,
    campaign TEXT,
    link_id {int} REFERENCES short_links(id) ON DELETE SET NULL,
    click_token TEXT,
    count {int} NOT NULL,
    value_minor {int} NOT NULL,
    currency TEXT NOT NULL,
    external_id TEXT,
    source TEXT NOT NULL,
    created_by {int} REFERENCES users(id) ON DELETE SET NULL,
    created_at {int} NOT NULL,
    UNIQUE (workspace_id, external_id)
);
CREATE INDEX conversions_workspace_at ON conversions (workspace_id, at);

-- What an hour of a person's time costs, in hundredths of the workspace's currency. Only Admins read or write it.
CREATE TABLE hourly_costs (
    user_id {int} PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    minor_per_hour {int} NOT NULL,
    updated_at {int} NOT NULL
);

-- Money spent on a campaign (ads, a photographer...), in hundredths of the workspace's currency.
CREATE TABLE campaign_spend (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    campaign TEXT NOT NULL,
    spent_at {int} NOT NULL,
    amount_minor {int} NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by {int} REFERENCES users(id) ON DELETE SET NULL,
    created_at {int} NOT NULL
);
CREATE INDEX campaign_spend_workspace ON campaign_spend (workspace_id, campaign, spent_at);

-- The currency costs, spend and ROI are stated in (ISO 4217); conversions in another currency are listed apart.
CREATE TABLE roi_settings (
    workspace_id {int} PRIMARY KEY REFERENCES workspaces(id),
    currency TEXT NOT NULL,
    updated_at {int} NOT NULL
);
