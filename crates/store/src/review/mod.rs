//! The weekly review: one row per workspace and week (drafted by the engine once a week, or by a person for any
//! week), the meeting held over it (agenda items, notes, decisions, action items) and the insight cards people make
//! from its figures, themes and messages for other departments. The review's figures are not stored: they are the
//! reports' own figures, computed when the review is read.

mod insights;
mod meeting;

pub use insights::{
    Insight, NewInsight, SourceKind, create_insight, get_insight, insights, publish_insight,
};
pub use meeting::{Item, ItemKind, NewItem, add_item, items, open_actions_before, set_done};

use crate::{Db, Result, Sql, fetch_found};
use sangam_domain::Millis;
use serde::Serialize;

/// One week's review of a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Review {
    pub id: i64,
    pub workspace_id: i64,
    /// Monday 00:00 in `time_zone`, as UTC milliseconds; the week is `[week_start, week_end)`.
    pub week_start: Millis,
    pub week_end: Millis,
    pub time_zone: String,
    /// The person who drafted it on demand; `None` for the engine's weekly draft.
    pub drafted_by: Option<i64>,
    /// The process that drafted it.
    pub worker: String,
    pub drafted_at: Millis,
}

/// A review to draft: the workspace, the week and who drafts it.
pub struct NewReview<'a> {
    pub workspace_id: i64,
    pub week_start: Millis,
    pub week_end: Millis,
    pub time_zone: &'a str,
    pub drafted_by: Option<i64>,
    pub worker: &'a str,
}

const SELECT: &str = "SELECT id, workspace_id, week_start, week_end, time_zone, drafted_by, worker, drafted_at FROM reviews";

/// Drafts the review of the week unless it exists: the unique (workspace, week) key means that however many
/// processes or people try at once, one row results. Returns the review and whether this call drafted it.
pub async fn draft(db: &Db, r: NewReview<'_>, now: Millis) -> Result<(Review, bool)> {
    let sql = "INSERT INTO reviews (workspace_id, week_start, week_end, time_zone, drafted_by, worker, drafted_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (workspace_id, week_start) DO NOTHING";
    let inserted = db
        .execute(
            Sql::new(sql)
                .bind(r.workspace_id)
                .bind(r.week_start)
                .bind(r.week_end)
                .bind(r.time_zone)
                .bind(r.drafted_by)
                .bind(r.worker)
                .bind(now),
        )
        .await?;
    let review = by_week(db, r.workspace_id, r.week_start)
        .await?
        .ok_or(crate::StoreError::NotFound("The review"))?;
    Ok((review, inserted == 1))
}

/// The review of the week starting at `week_start`, if it has been drafted.
pub async fn by_week(db: &Db, workspace_id: i64, week_start: Millis) -> Result<Option<Review>> {
    let sql = Sql::assembled(format!(
        "{SELECT} WHERE workspace_id = $1 AND week_start = $2"
    ));
    db.fetch_optional(sql.bind(workspace_id).bind(week_start))
        .await
}

pub async fn get(db: &Db, workspace_id: i64, id: i64) -> Result<Review> {
    let sql = Sql::assembled(format!("{SELECT} WHERE id = $1 AND workspace_id = $2"));
    fetch_found(db, sql.bind(id).bind(workspace_id), "The review").await
}

/// The workspace's reviews, the latest week first.
pub async fn list(db: &Db, workspace_id: i64) -> Result<Vec<Review>> {
    let sql = Sql::assembled(format!(
        "{SELECT} WHERE workspace_id = $1 ORDER BY week_start DESC"
    ));
    db.fetch_all(sql.bind(workspace_id)).await
}

/// The leader's time zone, in which the workspace's weeks run: its first Manager's, else its first Admin's, else UTC.
pub async fn leader_zone(db: &Db, workspace_id: i64) -> Result<String> {
    let sql = "SELECT time_zone FROM users WHERE workspace_id = $1 AND role IN ('manager', 'admin')
               ORDER BY CASE WHEN role = 'manager' THEN 0 ELSE 1 END, id LIMIT 1";
    let zone: Option<(String,)> = db.fetch_optional(Sql::new(sql).bind(workspace_id)).await?;
    Ok(zone.map_or_else(|| "UTC".to_string(), |(z,)| z))
}

/// One inbound message as the review's inbox section reads it: its text for the themes, and its sentiment.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MessageText {
    pub id: i64,
    pub kind: String,
    pub text: String,
    pub sentiment_label: String,
    pub received_at: Millis,
    pub hidden: bool,
}

/// The texts of the messages that arrived at the profiles (`{ids}`) in `[from, to)`, oldest first.
pub async fn message_texts(
    db: &Db,
    workspace_id: i64,
    profile_ids: &[i64],
    from: Millis,
    to: Millis,
) -> Result<Vec<MessageText>> {
    let sql = "SELECT id, kind, text, sentiment_label, received_at, hidden FROM messages
               WHERE workspace_id = $1 AND received_at >= $2 AND received_at < $3 AND profile_id IN ({ids})
               ORDER BY received_at, id";
    db.fetch_all(
        Sql::with_ids(sql, profile_ids)
            .bind(workspace_id)
            .bind(from)
            .bind(to),
    )
    .await
}

/// The workspace's ids, for the engine's weekly draft.
pub async fn workspace_ids(db: &Db) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = db
        .fetch_all(Sql::new("SELECT id FROM workspaces ORDER BY id"))
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Of `post_ids`, the posts that carry an image (the review's "format" comparison).
pub async fn posts_with_images(db: &Db, post_ids: &[i64]) -> Result<Vec<i64>> {
    let sql = "SELECT DISTINCT post_id FROM media WHERE post_id IN ({ids}) ORDER BY post_id";
    let rows: Vec<(i64,)> = db.fetch_all(Sql::with_ids(sql, post_ids)).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}
