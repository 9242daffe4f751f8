//! Raw, timestamped measurements as the networks reported them. Every chart and report is computed from these rows.

use crate::{Db, Result, Sql};
use sangam_domain::Millis;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ProfileSnapshot {
    pub profile_id: i64,
    pub taken_at: Millis,
    pub followers: i64,
    pub following: i64,
    pub posts: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PostSnapshot {
    pub delivery_id: i64,
    pub taken_at: Millis,
    pub likes: i64,
    pub reposts: i64,
    pub replies: i64,
    pub quotes: i64,
    /// `None`: not reported by this network (never the same as zero).
    pub impressions: Option<i64>,
}

/// Stores a profile snapshot (a second one for the same instant is ignored, so a retried collection adds nothing)
/// and, in the same transaction, folds it into its profile's day and into the follower count of the post rollups it
/// is now the latest snapshot before (`crate::rollups`).
pub async fn record_profile(db: &Db, s: &ProfileSnapshot) -> Result<()> {
    let sql = "INSERT INTO profile_snapshots (profile_id, taken_at, followers, following, posts)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT (profile_id, taken_at) DO NOTHING";
    let snapshot = Sql::new(sql)
        .bind(s.profile_id)
        .bind(s.taken_at)
        .bind(s.followers)
        .bind(s.following)
        .bind(s.posts);
    let mut tx = db.tx().await?;
    if tx.execute(snapshot).await? == 1 {
        crate::rollups::profile_snapshot_in(&mut tx, s.profile_id, s.taken_at, s.followers).await?;
        crate::rollups::followers_in(&mut tx, s.profile_id, s.taken_at, s.followers).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Stores a post's engagement snapshot (a second one for the same instant is ignored) and, in the same transaction,
/// its rollup (`crate::rollups`), so a report never reads a rollup that is behind the snapshots.
pub async fn record_post(db: &Db, s: &PostSnapshot) -> Result<()> {
    let sql = "INSERT INTO post_snapshots (delivery_id, taken_at, likes, reposts, replies, quotes, impressions)
               VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (delivery_id, taken_at) DO NOTHING";
    let snapshot = Sql::new(sql)
        .bind(s.delivery_id)
        .bind(s.taken_at)
        .bind(s.likes)
        .bind(s.reposts)
        .bind(s.replies)
        .bind(s.quotes)
        .bind(s.impressions);
    let mut tx = db.tx().await?;
    if tx.execute(snapshot).await? == 1 {
        crate::rollups::post_snapshot_in(
            &mut tx,
            s.delivery_id,
            s.taken_at,
            s.likes,
            s.reposts,
            s.replies,
            s.quotes,
            s.impressions,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Follower history of one profile in [from, to), oldest first.
pub async fn profile_history(
    db: &Db,
    profile_id: i64,
    from: Millis,
    to: Millis,
) -> Result<Vec<ProfileSnapshot>> {
    let sql = "SELECT profile_id, taken_at, followers, following, posts FROM profile_snapshots
               WHERE profile_id = $1 AND taken_at >= $2 AND taken_at < $3 ORDER BY taken_at";
    db.fetch_all(Sql::new(sql).bind(profile_id).bind(from).bind(to))
        .await
}

/// One row per published post of a workspace in [from, to): the latest snapshot of its engagement counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PostEngagement {
    pub delivery_id: i64,
    pub profile_id: i64,
    pub body: String,
    pub published_at: Millis,
    pub likes: i64,
    pub reposts: i64,
    pub replies: i64,
    pub quotes: i64,
}

pub async fn latest_post_engagement(
    db: &Db,
    workspace_id: i64,
    from: Millis,
    to: Millis,
) -> Result<Vec<PostEngagement>> {
    let sql = "SELECT d.id AS delivery_id, d.profile_id, p.body, d.published_at,
                      s.likes, s.reposts, s.replies, s.quotes
               FROM deliveries d
               JOIN posts p ON p.id = d.post_id
               JOIN post_snapshots s ON s.delivery_id = d.id
               WHERE p.workspace_id = $1 AND d.state = 'published' AND d.published_at >= $2 AND d.published_at < $3
                 AND p.deleted_at IS NULL
                 AND s.taken_at = (SELECT MAX(taken_at) FROM post_snapshots WHERE delivery_id = d.id)
               ORDER BY d.published_at";
    db.fetch_all(Sql::new(sql).bind(workspace_id).bind(from).bind(to))
        .await
}
