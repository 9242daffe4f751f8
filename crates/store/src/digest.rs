//! The figures of the weekly digest e-mail: what went out, how the audience moved, how the inbox was answered.

use crate::{Db, Result, Sql};
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
    let states = "SELECT d.state, COUNT(*) FROM deliveries d JOIN posts p ON p.id = d.post_id
                  WHERE p.workspace_id = $1 AND d.updated_at >= $2 AND d.updated_at < $3
                    AND d.state IN ('published', 'failed', 'unknown')
                  GROUP BY d.state";
    let states: Vec<(String, i64)> = db
        .fetch_all(Sql::new(states).bind(workspace_id).bind(from).bind(to))
        .await?;
    let count = |s: &str| states.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
    let profiles =
        "SELECT id, display_name FROM profiles WHERE workspace_id = $1 AND status <> 'removed'
                    ORDER BY display_name";
    let profiles: Vec<(i64, String)> = db.fetch_all(Sql::new(profiles).bind(workspace_id)).await?;
    let mut followers = Vec::new();
    for (id, name) in profiles {
        followers.push((
            name,
            followers_before(db, id, from).await?,
            followers_before(db, id, to).await?,
        ));
    }
    let messages = "SELECT COUNT(*), COUNT(first_reply_at) FROM messages
                    WHERE workspace_id = $1 AND received_at >= $2 AND received_at < $3 AND hidden = $4";
    let (messages, answered): (i64, i64) = db
        .fetch_one(
            Sql::new(messages)
                .bind(workspace_id)
                .bind(from)
                .bind(to)
                .bind(false),
        )
        .await?;
    let waiting =
        "SELECT COUNT(*) FROM posts WHERE workspace_id = $1 AND status = 'pending_approval'
                   AND deleted_at IS NULL";
    let (waiting_approval,): (i64,) = db.fetch_one(Sql::new(waiting).bind(workspace_id)).await?;
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

/// The profile's follower count at its latest snapshot before `t`.
async fn followers_before(db: &Db, profile_id: i64, t: Millis) -> Result<Option<i64>> {
    let sql = "SELECT followers FROM profile_snapshots WHERE profile_id = $1 AND taken_at < $2
               ORDER BY taken_at DESC LIMIT 1";
    let row: Option<(i64,)> = db
        .fetch_optional(Sql::new(sql).bind(profile_id).bind(t))
        .await?;
    Ok(row.map(|(n,)| n))
}
