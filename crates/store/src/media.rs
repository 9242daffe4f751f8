//! Images attached to posts. Bytes live in the database (so a backup has everything); they are served back only
//! with the type we checked at upload and `nosniff`.

use crate::{Db, Result, StoreError, execute, on_pool};
use sangam_domain::Millis;

pub struct NewMedia<'a> {
    pub workspace_id: i64,
    pub mime: &'a str,
    pub bytes: &'a [u8],
    pub alt: &'a str,
    pub sha256: &'a str,
}

pub async fn store(db: &Db, m: NewMedia<'_>, now: Millis) -> Result<i64> {
    let sql = "INSERT INTO media (workspace_id, mime, bytes, size, alt, sha256, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    Ok(
        on_pool!(db, pool => sqlx::query_scalar(sql).bind(m.workspace_id).bind(m.mime).bind(m.bytes)
        .bind(m.bytes.len() as i64).bind(m.alt).bind(m.sha256).bind(now).fetch_one(pool).await)?,
    )
}

/// The image's type and bytes, if it belongs to the workspace.
pub async fn load(db: &Db, workspace_id: i64, id: i64) -> Result<(String, Vec<u8>)> {
    let sql = "SELECT mime, bytes FROM media WHERE id = $1 AND workspace_id = $2";
    let row: Option<(String, Vec<u8>)> = on_pool!(db, pool => sqlx::query_as(sql).bind(id).bind(workspace_id).fetch_optional(pool).await)?;
    row.ok_or(StoreError::NotFound("The image"))
}

pub async fn set_alt(db: &Db, workspace_id: i64, id: i64, alt: &str) -> Result<()> {
    let sql = "UPDATE media SET alt = $1 WHERE id = $2 AND workspace_id = $3";
    execute!(db, pool => sqlx::query(sql).bind(alt).bind(id).bind(workspace_id))?;
    Ok(())
}
