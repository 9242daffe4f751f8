//! In-app notices to one person: a post held at its time, approvals waiting, alerts.

use crate::{Db, Result, Sql};
use sangam_domain::Millis;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub message: String,
    pub link: String,
    pub created_at: Millis,
    pub read_at: Option<Millis>,
}

pub async fn notify(
    db: &Db,
    workspace_id: i64,
    user_id: i64,
    kind: &str,
    message: &str,
    link: &str,
    now: Millis,
) -> Result<()> {
    let sql = "INSERT INTO notifications (workspace_id, user_id, kind, message, link, created_at)
               VALUES ($1, $2, $3, $4, $5, $6)";
    db.execute(
        Sql::new(sql)
            .bind(workspace_id)
            .bind(user_id)
            .bind(kind)
            .bind(message)
            .bind(link)
            .bind(now),
    )
    .await?;
    Ok(())
}

pub async fn recent(db: &Db, user_id: i64, limit: i64) -> Result<Vec<Notification>> {
    let sql =
        "SELECT id, kind, message, link, created_at, read_at FROM notifications WHERE user_id = $1
               ORDER BY created_at DESC, id DESC LIMIT $2";
    db.fetch_all(Sql::new(sql).bind(user_id).bind(limit)).await
}

pub async fn unread_count(db: &Db, user_id: i64) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL";
    let (n,): (i64,) = db.fetch_one(Sql::new(sql).bind(user_id)).await?;
    Ok(n)
}

pub async fn mark_all_read(db: &Db, user_id: i64, now: Millis) -> Result<()> {
    let sql = "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL";
    db.execute(Sql::new(sql).bind(now).bind(user_id)).await?;
    Ok(())
}
