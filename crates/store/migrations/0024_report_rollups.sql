-- Reports from rollups (issue 20): what the reports read instead of every raw snapshot.

-- One row per profile per UTC day that has follower snapshots: the day's first and last snapshot (time and count),
-- its lowest and highest count, and how many snapshots it summarises. Written in the same transaction as each
-- snapshot (`crate::snapshots::record_profile`), rebuilt by `sangam rollups rebuild`. Charts read two points a day
-- from here instead of every snapshot; the raw rows stay the truth the tests compare with.
CREATE TABLE profile_days (
    profile_id {int} NOT NULL REFERENCES profiles(id),
    day {int} NOT NULL,
    first_at {int} NOT NULL,
    first_followers {int} NOT NULL,
    last_at {int} NOT NULL,
    last_followers {int} NOT NULL,
    min_followers {int} NOT NULL,
    max_followers {int} NOT NULL,
    snapshots {int} NOT NULL,
    PRIMARY KEY (profile_id, day)
);
INSERT INTO profile_days (profile_id, day, first_at, first_followers, last_at, last_followers, min_followers,
                          max_followers, snapshots)
    SELECT g.profile_id, g.day, g.first_at, ff.followers, g.last_at, fl.followers, g.min_followers, g.max_followers,
           g.snapshots
    FROM (SELECT profile_id, taken_at / 86400000 * 86400000 AS day, MIN(taken_at) AS first_at,
                 MAX(taken_at) AS last_at, MIN(followers) AS min_followers, MAX(followers) AS max_followers,
                 COUNT(*) AS snapshots
          FROM profile_snapshots GROUP BY profile_id, taken_at / 86400000 * 86400000) g
    JOIN profile_snapshots ff ON ff.profile_id = g.profile_id AND ff.taken_at = g.first_at
    JOIN profile_snapshots fl ON fl.profile_id = g.profile_id AND fl.taken_at = g.last_at;

-- The posts of a report are a profile's deliveries published in the period: without this the (profile, state) index
-- made every report read all the profile's published deliveries ever, the cost growing with the history.
CREATE INDEX deliveries_published ON deliveries (profile_id, published_at);
