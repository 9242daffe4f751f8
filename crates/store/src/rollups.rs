//! Reports from rollups: summaries of the raw snapshots that a report reads instead of the snapshots themselves, so
//! that its cost follows the posts and profiles in the period, not every measurement ever taken. The raw rows stay the
//! truth: a rollup is written in the same transaction as the snapshot it summarises ([`post_snapshot_in`]), and
//! [`rebuild`] makes every rollup again from the raw rows (`sangam rollups rebuild`), which the tests compare with.
//!
//! `post_rollups` (migration 0016): per delivery, its latest engagement snapshot.

use crate::{Db, Result, Sql, Tx};
use sangam_domain::Millis;

/// Keeps a delivery's rollup at its latest snapshot, inside the transaction that stored `taken_at`'s snapshot. An
/// older snapshot arriving late leaves the rollup alone; one for the same instant is the same snapshot again.
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
    let sql = "INSERT INTO post_rollups (delivery_id, taken_at, likes, reposts, replies, quotes, impressions)
               VALUES ($1, $2, $3, $4, $5, $6, $7)
               ON CONFLICT (delivery_id) DO UPDATE SET taken_at = excluded.taken_at, likes = excluded.likes,
                 reposts = excluded.reposts, replies = excluded.replies, quotes = excluded.quotes,
                 impressions = excluded.impressions
               WHERE excluded.taken_at > post_rollups.taken_at";
    tx.execute(
        Sql::new(sql)
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

/// Deliveries rebuilt per transaction by [`rebuild`].
const REBUILD_BATCH: usize = 2_000;

/// Makes every rollup again from the raw snapshots, a batch of deliveries per transaction (each batch's old rows
/// deleted and rewritten together, so a report in between reads either the old or the new rows of a post, never
/// none). `progress` is told after each batch how many deliveries are done out of how many. Returns the rollup rows
/// written.
pub async fn rebuild(db: &Db, mut progress: impl FnMut(usize, usize)) -> Result<u64> {
    let ids: Vec<(i64,)> = db
        .fetch_all(Sql::new(
            "SELECT DISTINCT delivery_id FROM post_snapshots ORDER BY delivery_id",
        ))
        .await?;
    let ids: Vec<i64> = ids.into_iter().map(|(id,)| id).collect();
    let mut written = 0;
    let mut done = 0;
    progress(0, ids.len());
    // Rollups of deliveries whose snapshots are all gone.
    db.execute(Sql::new(
        "DELETE FROM post_rollups WHERE delivery_id NOT IN (SELECT delivery_id FROM post_snapshots)",
    ))
    .await?;
    for batch in ids.chunks(REBUILD_BATCH) {
        let mut tx = db.tx().await?;
        tx.execute(Sql::with_ids(
            "DELETE FROM post_rollups WHERE delivery_id IN ({ids})",
            batch,
        ))
        .await?;
        written += tx
            .execute(Sql::with_ids(
                "INSERT INTO post_rollups (delivery_id, taken_at, likes, reposts, replies, quotes, impressions)
                 SELECT s.delivery_id, s.taken_at, s.likes, s.reposts, s.replies, s.quotes, s.impressions
                 FROM post_snapshots s WHERE s.delivery_id IN ({ids})
                 AND s.taken_at = (SELECT MAX(x.taken_at) FROM post_snapshots x WHERE x.delivery_id = s.delivery_id)",
                batch,
            ))
            .await?;
        tx.commit().await?;
        done += batch.len();
        progress(done, ids.len());
    }
    Ok(written)
}

/// Rollup rows that differ from what the raw snapshots say now (missing, extra or with other figures): zero after
/// [`rebuild`] and after any number of snapshots recorded through the store. For tests and `sangam rollups check`.
pub async fn drift(db: &Db) -> Result<i64> {
    let sql = "SELECT
        (SELECT COUNT(*) FROM post_snapshots s
          WHERE s.taken_at = (SELECT MAX(x.taken_at) FROM post_snapshots x WHERE x.delivery_id = s.delivery_id)
          AND NOT EXISTS (SELECT 1 FROM post_rollups r WHERE r.delivery_id = s.delivery_id AND r.taken_at = s.taken_at
            AND r.likes = s.likes AND r.reposts = s.reposts AND r.replies = s.replies AND r.quotes = s.quotes
            AND (r.impressions = s.impressions OR (r.impressions IS NULL AND s.impressions IS NULL))))
      + (SELECT COUNT(*) FROM post_rollups r
          WHERE NOT EXISTS (SELECT 1 FROM post_snapshots s WHERE s.delivery_id = r.delivery_id AND s.taken_at = r.taken_at))";
    let (n,): (i64,) = db.fetch_one(Sql::new(sql)).await?;
    Ok(n)
}
