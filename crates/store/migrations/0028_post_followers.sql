-- Reports from rollups (issue 20): the follower count each post's engagement rate is divided by, kept on its rollup,
-- so that a report's post rows read one rollup row per post instead of looking for the profile's snapshot at or before
-- every post's publication.

-- `followers_at_post`: the followers of the delivery's profile at its latest snapshot at or before `published_at`
-- (NULL when it has none), `published_at` the publication time it was looked up for. A report uses the count only
-- while `published_at` is still the delivery's and looks it up otherwise. Written with each post snapshot
-- (`crate::rollups::post_snapshot_in`), moved by a follower snapshot that arrives late
-- (`crate::rollups::followers_in`), rebuilt by `sangam rollups rebuild`.
ALTER TABLE post_rollups ADD COLUMN published_at {int};
ALTER TABLE post_rollups ADD COLUMN followers_at_post {int};
UPDATE post_rollups SET
    published_at = (SELECT d.published_at FROM deliveries d WHERE d.id = post_rollups.delivery_id),
    followers_at_post = (SELECT f.followers FROM deliveries d
                         JOIN profile_snapshots f ON f.profile_id = d.profile_id AND f.taken_at <= d.published_at
                         WHERE d.id = post_rollups.delivery_id ORDER BY f.taken_at DESC LIMIT 1);
