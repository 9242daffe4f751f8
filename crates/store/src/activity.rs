//! The activity log: every human action with actor, time and object. The audit log reads it, and so will the team
//! and wellbeing reports. Writing it is one small insert.

use crate::{Db, Result, execute, on_pool};
use sangam_domain::Millis;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Activity {
    pub id: i64,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub action: String,
    pub object_kind: String,
    pub object_id: Option<i64>,
    pub detail: String,
    pub at: Millis,
}

pub struct NewActivity<'a> {
    pub workspace_id: i64,
    pub user_id: Option<i64>,
    pub action: &'a str,
    pub object_kind: &'a str,
    pub object_id: Option<i64>,
    pub detail: &'a str,
}

pub async fn record(db: &Db, a: NewActivity<'_>, at: Millis) -> Result<()> {
    let sql =
        "INSERT INTO activity (workspace_id, user_id, action, object_kind, object_id, detail, at)
               VALUES ($1, $2, $3, $4, $5, $6, $7)";
    execute!(db, pool => sqlx::query(sql).bind(a.workspace_id).bind(a.user_id).bind(a.action).bind(a.object_kind)
        .bind(a.object_id).bind(a.detail).bind(at))?;
    Ok(())
}

pub async fn recent(db: &Db, workspace_id: i64, limit: i64) -> Result<Vec<Activity>> {
    let sql = "SELECT a.id, a.user_id, u.name AS user_name, a.action, a.object_kind, a.object_id, a.detail, a.at
               FROM activity a LEFT JOIN users u ON u.id = a.user_id
               WHERE a.workspace_id = $1 ORDER BY a.at DESC, a.id DESC LIMIT $2";
    Ok(
        on_pool!(db, pool => sqlx::query_as(sql).bind(workspace_id).bind(limit).fetch_all(pool).await)?,
    )
}
