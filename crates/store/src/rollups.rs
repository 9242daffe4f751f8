//! Reports from rollups: summaries of the raw snapshots that a report reads instead of the snapshots themselves, so
//! that its cost follows the posts and profiles in the period, not every measurement ever taken. The raw rows stay the
//! truth: a rollup is written in the same transaction as the snapshot it summarises ([`post_snapshot_in`]), and
//! [`rebuild`] makes every rollup again from the raw rows (`sangam rollups rebuild`), which the tests compare with.
//!
//! `post_rollups` (migration 0016): per delivery, its latest engagement snapshot, and (migration 0028) the follower
//! count its engagement rate is divided by: the profile's latest snapshot at or before `published_at`, the
//! publication time it was looked up for ([`followers_in`] moves it when a follower snapshot arrives late).
//! `profile_days` (migration 0024): per profile and UTC day, the day's first, last, lowest and highest follower count
//! and how many snapshots it had ([`profile_snapshot_in`]).

use crate::{Db, Result, Sql, Tx};
use sangam_domain::Millis;

/// A UTC day in milliseconds: the `day` of a `profile_days` row.
pub const DAY: Millis = 86_400_000;

/// The UTC midnight starting `at`'s day, as migration 0024 computes it (`taken_at / 86400000 * 86400000`).
pub fn day_of(at: Millis) -> Millis {
    at / DAY * DAY
}

/// Folds one follower snapshot into its profile's row for the day, inside the transaction that stored it (the caller
/// calls this only when the snapshot was new, so a retried collection counts once). A snapshot older than the day's
/// first, or newer than its last, becomes the new end; the SET expressions all read the row as it was.
pub(crate) async fn profile_snapshot_in(
    tx: &mut Tx,
    profile_id: i64,
    taken_at: Millis,
    followers: i64,
) -> Result<()> {
    let sql = "INSERT INTO profile_days (profile_id, day, first_at, first_followers, last_at, last_followers,
                                        min_followers, max_followers, snapshots)
               VALUES ($1, $2, $3, $4, $3, $4, $4, $4, 1)
               ON CONFLICT (profile_id, day) DO UPDATE SET
                 first_at = CASE WHEN excluded.first_at < profile_days.first_at
                   THEN excluded.first_at ELSE profile_days.first_at END,
                 first_followers = CASE WHEN excluded.first_at < profile_days.first_at
                   THEN excluded.first_followers ELSE profile_days.first_followers END,
                 last_at = CASE WHEN excluded.last_at > profile_days.last_at
                   THEN excluded.last_at ELSE profile_days.last_at END,
                 last_followers = CASE WHEN excluded.last_at > profile_days.last_at
                   THEN excluded.last_followers ELSE profile_days.last_followers END,
                 min_followers = CASE WHEN excluded.min_followers < profile_days.min_followers
                   THEN excluded.min_followers ELSE profile_days.min_followers END,
                 max_followers = CASE WHEN excluded.max_followers > profile_days.max_followers
                   THEN excluded.max_followers ELSE profile_days.max_followers END,
                 snapshots = profile_days.snapshots + 1";
    tx.execute(
        Sql::new(sql)
            .bind(profile_id)
            .bind(day_of(taken_at))
            .bind(taken_at)
            .bind(followers),
    )
    .await?;
    Ok(())
}

/// The follower count at the latest snapshot of delivery `d`'s profile at or before its publication (one seek on
/// the (profile, time) key): the denominator of the post's engagement rate. A macro so that the statements using it
/// are `&'static` text.
macro_rules! followers_at_publication {
    () => {
        "(SELECT f.followers FROM profile_snapshots f WHERE f.profile_id = d.profile_id
            AND f.taken_at <= d.published_at ORDER BY f.taken_at DESC LIMIT 1)"
    };
}
pub(crate) use followers_at_publication;

/// Keeps a delivery's rollup at its latest snapshot, inside the transaction that stored `taken_at`'s snapshot, with
/// the follower count at its publication looked up again. An older snapshot arriving late leaves the rollup alone;
/// one for the same instant is the same snapshot again.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn post_snapshot_in(
    tx: &mut Tx,
    delivery_id: i64,
    taken_at: Millis,
    likes: i64,
    reposts: i64,
    replies: i64,
    quotes: i64,
    impressions: Option<i64>,
) -> Result<()> {
    const SQL: &str = concat!(
        "INSERT INTO post_rollups (delivery_id, taken_at, likes, reposts, replies, quotes, impressions,
                                   published_at, followers_at_post)
         SELECT d.id, $2, $3, $4, $5, $6, $7, d.published_at, ",
        followers_at_publication!(),
        " FROM deliveries d WHERE d.id = $1
         ON CONFLICT (delivery_id) DO UPDATE SET taken_at = excluded.taken_at, likes = excluded.likes,
           reposts = excluded.reposts, replies = excluded.replies, quotes = excluded.quotes,
           impressions = excluded.impressions, published_at = excluded.published_at,
           followers_at_post = excluded.followers_at_post
         WHERE excluded.taken_at > post_rollups.taken_at"
    );
    tx.execute(
        Sql::new(SQL)
            .bind(delivery_id)
            .bind(taken_at)
            .bind(likes)
            .bind(reposts)
            .bind(replies)
            .bind(quotes)
            .bind(impressions),
    )
    .await?;
    Ok(())
}

/// Moves the follower count of the profile's post rollups that a new follower snapshot (`taken_at`, `followers`)
/// is now the latest one at or before the publication of, inside the transaction that stored it (the caller calls
/// this only when the snapshot was new). A collection's snapshot is taken now, after every publication it could
/// concern, so this reads the (profile, published_at) index and changes nothing; a snapshot arriving late (an import,
/// a back-fill) moves the posts published between it and the profile's next snapshot.
pub(crate) async fn followers_in(
    tx: &mut Tx,
    profile_id: i64,
    taken_at: Millis,
    followers: i64,
) -> Result<()> {
    let sql = "UPDATE post_rollups SET followers_at_post = $3
               WHERE delivery_id IN (SELECT d.id FROM deliveries d WHERE d.profile_id = $1 AND d.published_at >= $2)
                 AND published_at >= $2
                 AND NOT EXISTS (SELECT 1 FROM profile_snapshots x WHERE x.profile_id = $1 AND x.taken_at > $2
                                   AND x.taken_at <= post_rollups.published_at)";
    tx.execute(
        Sql::new(sql)
            .bind(profile_id)
            .bind(taken_at)
            .bind(followers),
    )
    .await?;
    Ok(())
}

/// Deliveries rebuilt per transaction by [`rebuild`].
const REBUILD_BATCH: usize = 2_000;

/// Profiles whose days are rebuilt per transaction by [`rebuild`] (a year of days each).
const PROFILE_BATCH: usize = 20;

/// What the raw snapshots say each `profile_days` row should be, for the profiles in `{ids}`: the statement migration
/// 0024 back-filled with, used to rebuild and to check. A macro so that both statements below are `&'static` text.
macro_rules! profile_days_from_raw {
    () => {
        "SELECT g.profile_id, g.day, g.first_at, ff.followers AS first_followers,
                g.last_at, fl.followers AS last_followers, g.min_followers, g.max_followers, g.snapshots
         FROM (SELECT profile_id, taken_at / 86400000 * 86400000 AS day, MIN(taken_at) AS first_at,
                      MAX(taken_at) AS last_at, MIN(followers) AS min_followers, MAX(followers) AS max_followers,
                      COUNT(*) AS snapshots
               FROM profile_snapshots WHERE profile_id IN ({ids})
               GROUP BY profile_id, taken_at / 86400000 * 86400000) g
         JOIN profile_snapshots ff ON ff.profile_id = g.profile_id AND ff.taken_at = g.first_at
         JOIN profile_snapshots fl ON fl.profile_id = g.profile_id AND fl.taken_at = g.last_at"
    };
}

const PROFILE_DAYS_REBUILD: &str = concat!(
    "INSERT INTO profile_days (profile_id, day, first_at, first_followers, last_at, last_followers,
                               min_followers, max_followers, snapshots) ",
    profile_days_from_raw!()
);

const PROFILE_DAYS_MISSING: &str = concat!(
    "SELECT COUNT(*) FROM (",
    profile_days_from_raw!(),
    ") w WHERE NOT EXISTS (SELECT 1 FROM profile_days r
       WHERE r.profile_id = w.profile_id AND r.day = w.day AND r.first_at = w.first_at
         AND r.first_followers = w.first_followers AND r.last_at = w.last_at AND r.last_followers = w.last_followers
         AND r.min_followers = w.min_followers AND r.max_followers = w.max_followers AND r.snapshots = w.snapshots)"
);

/// Each delivery's rollup as its raw snapshots, its publication and its profile's snapshots say it is, for the
/// deliveries in `{ids}`.
const POST_ROLLUPS_REBUILD: &str = concat!(
    "INSERT INTO post_rollups (delivery_id, taken_at, likes, reposts, replies, quotes, impressions, published_at,
                               followers_at_post)
     SELECT s.delivery_id, s.taken_at, s.likes, s.reposts, s.replies, s.quotes, s.impressions, d.published_at, ",
    followers_at_publication!(),
    " FROM post_snapshots s JOIN deliveries d ON d.id = s.delivery_id WHERE s.delivery_id IN ({ids})
     AND s.taken_at = (SELECT MAX(x.taken_at) FROM post_snapshots x WHERE x.delivery_id = s.delivery_id)"
);

/// Post rollups whose publication time or follower count is not what the delivery and its profile's snapshots say
/// now.
const POST_FOLLOWERS_DRIFT: &str = concat!(
    "SELECT COUNT(*) FROM (SELECT r.published_at AS kept_at, r.followers_at_post AS kept, d.published_at AS at, ",
    followers_at_publication!(),
    " AS followers FROM post_rollups r JOIN deliveries d ON d.id = r.delivery_id) w
     WHERE NOT ((w.kept_at = w.at OR (w.kept_at IS NULL AND w.at IS NULL))
       AND (w.kept = w.followers OR (w.kept IS NULL AND w.followers IS NULL)))"
);

/// Rollup rows written by [`rebuild`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebuilt {
    pub post_rollups: u64,
    pub profile_days: u64,
}

/// Makes every rollup again from the raw snapshots, a batch of deliveries (then of profiles) per transaction (each
/// batch's old rows deleted and rewritten together, so a report in between reads either the old or the new rows of a
/// post or a profile, never none). `progress` is told after each batch how many posts and profiles are done out of
/// how many.
pub async fn rebuild(db: &Db, mut progress: impl FnMut(usize, usize)) -> Result<Rebuilt> {
    let deliveries = owners(
        db,
        "SELECT DISTINCT delivery_id FROM post_snapshots ORDER BY delivery_id",
    )
    .await?;
    let profiles = owners(
        db,
        "SELECT DISTINCT profile_id FROM profile_snapshots ORDER BY profile_id",
    )
    .await?;
    let of = deliveries.len() + profiles.len();
    let mut done = 0;
    progress(0, of);
    // Rollups whose snapshots are all gone.
    db.execute(Sql::new(
        "DELETE FROM post_rollups WHERE delivery_id NOT IN (SELECT delivery_id FROM post_snapshots)",
    ))
    .await?;
    db.execute(Sql::new(
        "DELETE FROM profile_days WHERE profile_id NOT IN (SELECT profile_id FROM profile_snapshots)",
    ))
    .await?;
    let mut written = Rebuilt {
        post_rollups: 0,
        profile_days: 0,
    };
    for batch in deliveries.chunks(REBUILD_BATCH) {
        let mut tx = db.tx().await?;
        tx.execute(Sql::with_ids(
            "DELETE FROM post_rollups WHERE delivery_id IN ({ids})",
            batch,
        ))
        .await?;
        written.post_rollups += tx
            .execute(Sql::with_ids(POST_ROLLUPS_REBUILD, batch))
            .await?;
        tx.commit().await?;
        done += batch.len();
        progress(done, of);
    }
    for batch in profiles.chunks(PROFILE_BATCH) {
        let mut tx = db.tx().await?;
        tx.execute(Sql::with_ids(
            "DELETE FROM profile_days WHERE profile_id IN ({ids})",
            batch,
        ))
        .await?;
        written.profile_days += tx
            .execute(Sql::with_ids(PROFILE_DAYS_REBUILD, batch))
            .await?;
        tx.commit().await?;
        done += batch.len();
        progress(done, of);
    }
    Ok(written)
}

/// The ids one `SELECT DISTINCT` returns, in order.
async fn owners(db: &Db, sql: &'static str) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = db.fetch_all(Sql::new(sql)).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Rollup rows that differ from what the raw rows say now (missing, extra or with other figures; a post rollup whose
/// counts and follower count are both wrong counts twice): zero after
/// [`rebuild`] and after any number of snapshots recorded through the store. For tests and `sangam rollups check`.
pub async fn drift(db: &Db) -> Result<i64> {
    Ok(post_drift(db).await? + profile_day_drift(db).await?)
}

async fn post_drift(db: &Db) -> Result<i64> {
    let sql = "SELECT
        (SELECT COUNT(*) FROM post_snapshots s
          WHERE s.taken_at = (SELECT MAX(x.taken_at) FROM post_snapshots x WHERE x.delivery_id = s.delivery_id)
          AND NOT EXISTS (SELECT 1 FROM post_rollups r WHERE r.delivery_id = s.delivery_id AND r.taken_at = s.taken_at
            AND r.likes = s.likes AND r.reposts = s.reposts AND r.replies = s.replies AND r.quotes = s.quotes
            AND (r.impressions = s.impressions OR (r.impressions IS NULL AND s.impressions IS NULL))))
      + (SELECT COUNT(*) FROM post_rollups r
          WHERE NOT EXISTS (SELECT 1 FROM post_snapshots s WHERE s.delivery_id = r.delivery_id AND s.taken_at = r.taken_at))";
    let (n,): (i64,) = db.fetch_one(Sql::new(sql)).await?;
    let (followers,): (i64,) = db.fetch_one(Sql::new(POST_FOLLOWERS_DRIFT)).await?;
    Ok(n + followers)
}

/// `profile_days` rows the raw snapshots disagree with: days whose rollup is missing or has other figures, and rows
/// for days with no snapshot at all.
async fn profile_day_drift(db: &Db) -> Result<i64> {
    let profiles = owners(
        db,
        "SELECT DISTINCT profile_id FROM profile_snapshots ORDER BY profile_id",
    )
    .await?;
    let mut n = 0;
    for batch in profiles.chunks(PROFILE_BATCH) {
        let (missing,): (i64,) = db
            .fetch_one(Sql::with_ids(PROFILE_DAYS_MISSING, batch))
            .await?;
        n += missing;
    }
    let extra = "SELECT COUNT(*) FROM profile_days r WHERE NOT EXISTS (SELECT 1 FROM profile_snapshots s
                   WHERE s.profile_id = r.profile_id AND s.taken_at >= r.day AND s.taken_at < r.day + 86400000)";
    let (extra,): (i64,) = db.fetch_one(Sql::new(extra)).await?;
    Ok(n + extra)
}
