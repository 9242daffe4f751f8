//! Bulk helpers for the scheduler benchmark, the chaos and crash tests: many posts in one transaction, and the
//! figures those runs check. Built only with the `testing` feature.

use super::{NewDelivery, insert_post, schedule_delivery};
use crate::{Db, Result, Sql};
use sangam_domain::{Millis, PostStatus};

/// Stores many approved single-profile posts due at `scheduled_at`, each with its delivery and publish job, in one
/// transaction: one round trip per post would dominate what the benchmark measures.
pub async fn create_batch(
    db: &Db,
    workspace_id: i64,
    author_id: i64,
    items: &[(String, i64)],
    scheduled_at: Millis,
    now: Millis,
) -> Result<usize> {
    let mut tx = db.tx().await?;
    for (body, profile_id) in items {
        let post_id = insert_post(
            &mut tx,
            workspace_id,
            author_id,
            body,
            scheduled_at,
            PostStatus::Approved,
            now,
        )
        .await?;
        let delivery = NewDelivery {
            post_id,
            profile_id: *profile_id,
            scheduled_at,
            in_reply_to: None,
        };
        schedule_delivery(&mut tx, delivery, now).await?;
    }
    tx.commit().await?;
    Ok(items.len())
}

/// Counts of deliveries per state.
pub async fn state_counts(db: &Db) -> Result<Vec<(String, i64)>> {
    let sql = "SELECT state, COUNT(*) FROM deliveries GROUP BY state ORDER BY state";
    db.fetch_all(Sql::new(sql)).await
}

/// (scheduled_at, updated_at) of every published delivery: how long each waited from due to published.
pub async fn publish_lags(db: &Db) -> Result<Vec<(Millis, Millis)>> {
    let sql = "SELECT scheduled_at, updated_at FROM deliveries WHERE state = 'published'";
    db.fetch_all(Sql::new(sql)).await
}

/// (scheduled_at, updated_at) of every published delivery of one workspace's posts, for a run that shares its
/// database with another.
pub async fn publish_lags_in(db: &Db, workspace_id: i64) -> Result<Vec<(Millis, Millis)>> {
    let sql =
        "SELECT d.scheduled_at, d.updated_at FROM deliveries d JOIN posts p ON p.id = d.post_id
               WHERE p.workspace_id = $1 AND d.state = 'published'";
    db.fetch_all(Sql::new(sql).bind(workspace_id)).await
}

/// How many of one workspace's deliveries are published.
pub async fn published_in(db: &Db, workspace_id: i64) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM deliveries d JOIN posts p ON p.id = d.post_id
               WHERE p.workspace_id = $1 AND d.state = 'published'";
    let (n,): (i64,) = db.fetch_one(Sql::new(sql).bind(workspace_id)).await?;
    Ok(n)
}

/// The ids of one workspace's deliveries, in order.
pub async fn delivery_ids_in(db: &Db, workspace_id: i64) -> Result<Vec<i64>> {
    let sql =
        "SELECT d.id FROM deliveries d JOIN posts p ON p.id = d.post_id WHERE p.workspace_id = $1
               ORDER BY d.id";
    let ids: Vec<(i64,)> = db.fetch_all(Sql::new(sql).bind(workspace_id)).await?;
    Ok(ids.into_iter().map(|(id,)| id).collect())
}
