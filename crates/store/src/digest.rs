//! The figures of the weekly digest e-mail: what went out, how the audience moved, how the inbox was answered.

use crate::{Db, Result, on_pool};
use sangam_domain::Millis;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Week {
    pub published: i64,
    pub failed: i64,
    pub unknown: i64,
    /// (profile, followers at the start, followers at the end), from stored snapshots.
    pub followers: Vec<(String, Option<i64>, Option<i64>)>,
    pub messages: i64,
    pub answered: i64,
    pub waiting_approval: i64,
}

pub async fn week(db: &Db, workspace_id: i64, from: Millis, to: Millis) -> Result<Week> {
    let states: Vec<(String, i64)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT d.state, COUNT(*) FROM deliveries d JOIN posts p ON p.id = d.post_id
         WHERE p.workspace_id = $1 AND d.updated_at >= $2 AND d.updated_at < $3
           AND d.state IN ('published', 'failed', 'unknown')
         GROUP BY d.state")
        .bind(workspace_id).bind(from).bind(to).fetch_all(pool).await)?;
    let count = |s: &str| states.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
    let profiles: Vec<(i64, String)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, display_name FROM profiles WHERE workspace_id = $1 AND status <> 'removed' ORDER BY display_name")
        .bind(workspace_id).fetch_all(pool).await)?;
    let mut followers = Vec::new();
    for (id, name) in profiles {
        let at = |t: Millis| async move {
            on_pool!(db, pool => sqlx::query_scalar::<_, i64>(
                "SELECT followers FROM profile_snapshots WHERE profile_id = $1 AND taken_at < $2
                 ORDER BY taken_at DESC LIMIT 1")
                .bind(id).bind(t).fetch_optional(pool).await)
        };
        followers.push((name, at(from).await?, at(to).await?));
    }
    let (messages, answered): (i64, i64) = on_pool!(db, pool => sqlx::query_as(
        "SELECT COUNT(*), COUNT(first_reply_at) FROM messages
         WHERE workspace_id = $1 AND received_at >= $2 AND received_at < $3 AND hidden = $4")
        .bind(workspace_id).bind(from).bind(to).bind(false).fetch_one(pool).await)?;
    let waiting_approval: i64 = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM posts WHERE workspace_id = $1 AND status = 'pending_approval' AND deleted_at IS NULL")
        .bind(workspace_id).fetch_one(pool).await)?;
    Ok(Week {
        published: count("published"),
        failed: count("failed"),
        unknown: count("unknown"),
        followers,
        messages,
        answered,
        waiting_approval,
    })
}
