//! Workspaces, and the crisis switch that pauses all their publishing.

use crate::{Db, Result, StoreError, on_pool};
use sangam_domain::Millis;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Workspace {
    pub id: i64,
    pub name: String,
    pub paused_at: Option<Millis>,
    pub pause_reason: Option<String>,
    pub created_at: Millis,
}

impl Workspace {
    pub fn is_paused(&self) -> bool {
        self.paused_at.is_some()
    }
}

pub async fn create(db: &Db, name: &str, now: Millis) -> Result<Workspace> {
    let sql = "INSERT INTO workspaces (name, created_at) VALUES ($1, $2)
               RETURNING id, name, paused_at, pause_reason, created_at";
    Ok(on_pool!(db, pool => sqlx::query_as(sql).bind(name).bind(now).fetch_one(pool).await)?)
}

pub async fn get(db: &Db, id: i64) -> Result<Workspace> {
    let sql = "SELECT id, name, paused_at, pause_reason, created_at FROM workspaces WHERE id = $1";
    on_pool!(db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await)?
        .ok_or(StoreError::NotFound("The workspace"))
}

/// The first workspace, which single-team installs (and the demo) use.
pub async fn first(db: &Db) -> Result<Option<Workspace>> {
    let sql =
        "SELECT id, name, paused_at, pause_reason, created_at FROM workspaces ORDER BY id LIMIT 1";
    Ok(on_pool!(db, pool => sqlx::query_as(sql).fetch_optional(pool).await)?)
}
