//! The activity log: every human action with actor, time and object. The audit log reads it, and so will the team
//! and wellbeing reports. Writing it is one small insert.

use crate::{Db, Result, Sql};
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
    db.execute(
        Sql::new(sql)
            .bind(a.workspace_id)
            .bind(a.user_id)
            .bind(a.action)
            .bind(a.object_kind)
            .bind(a.object_id)
            .bind(sangam_domain::untrusted::storable(a.detail).into_owned())
            .bind(at),
    )
    .await?;
    Ok(())
}

pub async fn recent(db: &Db, workspace_id: i64, limit: i64) -> Result<Vec<Activity>> {
    search(db, workspace_id, &Filter::default(), limit).await
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
    db.fetch_all(
        Sql::new(sql)
            .bind(workspace_id)
            .bind(filter.user_id)
            .bind(filter.action)
            .bind(filter.object_kind)
            .bind(limit),
    )
    .await
}

/// The actions and object kinds that occur in a workspace's log, for the filter menus.
pub async fn vocabulary(db: &Db, workspace_id: i64) -> Result<(Vec<String>, Vec<String>)> {
    let actions = "SELECT DISTINCT action FROM activity WHERE workspace_id = $1 ORDER BY action";
    let kinds =
        "SELECT DISTINCT object_kind FROM activity WHERE workspace_id = $1 ORDER BY object_kind";
    Ok((
        words(db, Sql::new(actions).bind(workspace_id)).await?,
        words(db, Sql::new(kinds).bind(workspace_id)).await?,
    ))
}

async fn words(db: &Db, sql: Sql<'_>) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = db.fetch_all(sql).await?;
    Ok(rows.into_iter().map(|(w,)| w).collect())
}
