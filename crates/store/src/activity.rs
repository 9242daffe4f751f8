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
        .bind(a.object_id).bind(sangam_domain::untrusted::storable(a.detail)).bind(at))?;
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

/// What the audit log can be narrowed to.
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    pub user_id: Option<i64>,
    pub action: Option<&'a str>,
    pub object_kind: Option<&'a str>,
}

/// The newest entries matching `filter`. Unset parts of the filter match everything (`$n IS NULL OR ...`), so one
/// statement serves every combination.
pub async fn search(
    db: &Db,
    workspace_id: i64,
    filter: &Filter<'_>,
    limit: i64,
) -> Result<Vec<Activity>> {
    let sql = "SELECT a.id, a.user_id, u.name AS user_name, a.action, a.object_kind, a.object_id, a.detail, a.at
               FROM activity a LEFT JOIN users u ON u.id = a.user_id
               WHERE a.workspace_id = $1
                 AND ($2 IS NULL OR a.user_id = $2)
                 AND ($3 IS NULL OR a.action = $3)
                 AND ($4 IS NULL OR a.object_kind = $4)
               ORDER BY a.at DESC, a.id DESC LIMIT $5";
    let user_id = filter.user_id;
    Ok(
        on_pool!(db, pool => sqlx::query_as(sql).bind(workspace_id).bind(user_id).bind(filter.action)
        .bind(filter.object_kind).bind(limit).fetch_all(pool).await)?,
    )
}

/// The actions and object kinds that occur in a workspace's log, for the filter menus.
pub async fn vocabulary(db: &Db, workspace_id: i64) -> Result<(Vec<String>, Vec<String>)> {
    let actions = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT DISTINCT action FROM activity WHERE workspace_id = $1 ORDER BY action")
        .bind(workspace_id).fetch_all(pool).await)?;
    let kinds = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT DISTINCT object_kind FROM activity WHERE workspace_id = $1 ORDER BY object_kind")
        .bind(workspace_id).fetch_all(pool).await)?;
    Ok((actions, kinds))
}
