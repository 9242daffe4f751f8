//! Images attached to posts. Bytes live in the database (so a backup has everything); they are served back only
//! with the type we checked at upload and `nosniff`.

use crate::{Db, Result, Sql, StoreError};
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
    let (id,): (i64,) = db
        .fetch_one(
            Sql::new(sql)
                .bind(m.workspace_id)
                .bind(m.mime)
                .bind(m.bytes)
                .bind(m.bytes.len() as i64)
                .bind(m.alt)
                .bind(m.sha256)
                .bind(now),
        )
        .await?;
    Ok(id)
}

/// The type and bytes of a stored post image with this SHA-256 (hex), for its signed public address.
pub async fn by_sha256(db: &Db, sha256: &str) -> Result<Option<(String, Vec<u8>)>> {
    let sql = "SELECT mime, bytes FROM media WHERE sha256 = $1 ORDER BY id LIMIT 1";
    db.fetch_optional(Sql::new(sql).bind(sha256)).await
}

/// The image's type and bytes, if it belongs to the workspace.
pub async fn load(db: &Db, workspace_id: i64, id: i64) -> Result<(String, Vec<u8>)> {
    let sql = "SELECT mime, bytes FROM media WHERE id = $1 AND workspace_id = $2";
    let row: Option<(String, Vec<u8>)> = db
        .fetch_optional(Sql::new(sql).bind(id).bind(workspace_id))
        .await?;
    row.ok_or(StoreError::NotFound("The image"))
}

pub async fn set_alt(db: &Db, workspace_id: i64, id: i64, alt: &str) -> Result<()> {
    let sql = "UPDATE media SET alt = $1 WHERE id = $2 AND workspace_id = $3";
    db.execute(Sql::new(sql).bind(alt).bind(id).bind(workspace_id))
        .await?;
    Ok(())
}

/// An uploaded image as the composer's checks see it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MediaSize {
    pub id: i64,
    pub size: i64,
    pub mime: String,
    pub post_id: Option<i64>,
    pub alt: String,
}

/// Sizes of the workspace's images among `ids` (ids of other workspaces are left out).
pub async fn sizes(db: &Db, workspace_id: i64, ids: &[i64]) -> Result<Vec<MediaSize>> {
    let sql =
        "SELECT id, size, mime, post_id, alt FROM media WHERE workspace_id = $1 AND id IN ({ids})";
    db.fetch_all(Sql::with_ids(sql, ids).bind(workspace_id))
        .await
}

/// The preview image of a post's link card: its type and bytes.
pub async fn link_thumb(db: &Db, workspace_id: i64, post_id: i64) -> Result<(String, Vec<u8>)> {
    let sql = "SELECT link_thumb_mime, link_thumb FROM posts WHERE id = $1 AND workspace_id = $2";
    let row: Option<(Option<String>, Option<Vec<u8>>)> = db
        .fetch_optional(Sql::new(sql).bind(post_id).bind(workspace_id))
        .await?;
    match row {
        Some((Some(mime), Some(bytes))) => Ok((mime, bytes)),
        _ => Err(StoreError::NotFound("The link's preview image")),
    }
}

/// What a profile's network said it takes in images, if asked since `since`.
pub async fn cached_limits(
    db: &Db,
    profile_id: i64,
    since: Millis,
) -> Result<Option<sangam_domain::MediaLimits>> {
    let sql = "SELECT max_images, max_image_bytes FROM media_limits WHERE profile_id = $1 AND fetched_at >= $2";
    let row: Option<(i64, i64)> = db
        .fetch_optional(Sql::new(sql).bind(profile_id).bind(since))
        .await?;
    Ok(row.map(|(images, bytes)| sangam_domain::MediaLimits {
        max_images: usize::try_from(images).unwrap_or(0),
        max_image_bytes: usize::try_from(bytes).unwrap_or(0),
    }))
}

pub async fn store_limits(
    db: &Db,
    profile_id: i64,
    limits: sangam_domain::MediaLimits,
    now: Millis,
) -> Result<()> {
    let sql = "INSERT INTO media_limits (profile_id, max_images, max_image_bytes, fetched_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (profile_id) DO UPDATE SET max_images = $2, max_image_bytes = $3, fetched_at = $4";
    let limits = Sql::new(sql)
        .bind(profile_id)
        .bind(limits.max_images as i64)
        .bind(limits.max_image_bytes as i64)
        .bind(now);
    db.execute(limits).await?;
    Ok(())
}
