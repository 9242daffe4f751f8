-- The audience: the accounts that engage with a profile (liked, reposted, quoted, replied, mentioned), each
-- engagement once, the profile's follower lists as the network listed them, and the workspace's target segments.

-- One account on a network as one profile meets it. bio and followers come from the network's profile lookup (NULL
-- until looked up, or where the network does not say). lang is the language of the account's own words: its replies,
-- mentions and quotes when it wrote any (lang_from = 'text'), else its bio (lang_from = 'bio').
CREATE TABLE engagers (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    profile_id {int} NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    handle TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    bio TEXT,
    followers {int},
    lang TEXT,
    lang_from TEXT,
    looked_up_at {int},
    first_seen_at {int} NOT NULL,
    UNIQUE (profile_id, handle)
);
CREATE INDEX engagers_workspace ON engagers (workspace_id);

-- One engagement: who, which kind, on what. subject is the remote id of our post for likes and reposts, and the remote
-- id of the engager's own post for replies, mentions and quotes, so a repeat (the same like listed on two pages, the
-- same quote from the inbox and from the quotes list) is stored once. delivery_id is our post it was on, when known.
-- at is when the network says it happened, or when Sangam first saw it where the network gives no time.
CREATE TABLE engagements (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    profile_id {int} NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    engager_id {int} NOT NULL REFERENCES engagers(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    delivery_id {int} REFERENCES deliveries(id) ON DELETE SET NULL,
    at {int} NOT NULL,
    UNIQUE (profile_id, engager_id, kind, subject)
);
CREATE INDEX engagements_profile_at ON engagements (profile_id, at);
CREATE INDEX engagements_workspace_at ON engagements (workspace_id, at);
CREATE INDEX engagements_engager ON engagements (engager_id, at);

-- A follower list as the network listed it at taken_at. complete is false when the list was longer than one run may
-- page through: such a listing is kept but not compared (gained and lost come from complete listings only).
CREATE TABLE follower_snapshots (
    id {id},
    profile_id {int} NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    taken_at {int} NOT NULL,
    complete {bool} NOT NULL,
    listed {int} NOT NULL
);
CREATE INDEX follower_snapshots_profile ON follower_snapshots (profile_id, taken_at);

CREATE TABLE follower_snapshot_members (
    snapshot_id {int} NOT NULL REFERENCES follower_snapshots(id) ON DELETE CASCADE,
    handle TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, handle)
);

-- A target audience. Lists are newline-separated; an empty list or a NULL bound does not narrow. followers: NULL
-- either, true followers only, false non-followers only.
CREATE TABLE segments (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    languages TEXT NOT NULL DEFAULT '',
    bio_words TEXT NOT NULL DEFAULT '',
    places TEXT NOT NULL DEFAULT '',
    min_followers {int},
    max_followers {int},
    followers {bool},
    created_by {int} REFERENCES users(id) ON DELETE SET NULL,
    created_at {int} NOT NULL,
    updated_at {int} NOT NULL,
    UNIQUE (workspace_id, name)
);
