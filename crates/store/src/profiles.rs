//! Connected profiles: one account on one network. Credentials are sealed with the [`SecretBox`] before they are
//! written.

use crate::secrets::SecretBox;
use crate::{Db, Result, StoreError, execute, on_pool};
use sangam_domain::{Millis, NetworkKind};
use sqlx::AssertSqlSafe;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Profile {
    pub id: i64,
    pub workspace_id: i64,
    pub network: NetworkKind,
    pub handle: String,
    pub display_name: String,
    /// `connected`, or `needs_reconnect` when the network stopped accepting our credentials.
    pub status: String,
    pub created_at: Millis,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    workspace_id: i64,
    network: String,
    handle: String,
    display_name: String,
    status: String,
    created_at: Millis,
}

impl TryFrom<Row> for Profile {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Profile> {
        let network = NetworkKind::parse(&r.network)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown network {:?}", r.network)))?;
        Ok(Profile {
            id: r.id,
            workspace_id: r.workspace_id,
            network,
            handle: r.handle,
            display_name: r.display_name,
            status: r.status,
            created_at: r.created_at,
        })
    }
}

const COLUMNS: &str = "id, workspace_id, network, handle, display_name, status, created_at";

pub struct NewProfile<'a> {
    pub workspace_id: i64,
    pub network: NetworkKind,
    pub handle: &'a str,
    pub display_name: &'a str,
    pub credentials: &'a serde_json::Value,
}

pub async fn create(
    db: &Db,
    secrets: &SecretBox,
    new: NewProfile<'_>,
    now: Millis,
) -> Result<Profile> {
    let sql = format!(
        "INSERT INTO profiles (workspace_id, network, handle, display_name, credentials, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    );
    let sealed = secrets.seal(&new.credentials.to_string());
    let row: std::result::Result<Row, sqlx::Error> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql))
        .bind(new.workspace_id)
        .bind(new.network.as_str())
        .bind(new.handle)
        .bind(new.display_name)
        .bind(&sealed)
        .bind(now)
        .fetch_one(pool)
        .await);
    match row {
        Ok(row) => row.try_into(),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            Err(StoreError::Conflict(format!(
                "The {} profile {} is already connected.",
                new.network, new.handle
            )))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn get(db: &Db, workspace_id: i64, id: i64) -> Result<Profile> {
    let sql = format!("SELECT {COLUMNS} FROM profiles WHERE id = $1 AND workspace_id = $2");
    let row: Option<Row> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(id).bind(workspace_id).fetch_optional(pool).await)?;
    row.ok_or(StoreError::NotFound("The profile"))?.try_into()
}

pub async fn list(db: &Db, workspace_id: i64) -> Result<Vec<Profile>> {
    let sql =
        format!("SELECT {COLUMNS} FROM profiles WHERE workspace_id = $1 ORDER BY display_name, id");
    let rows: Vec<Row> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(workspace_id).fetch_all(pool).await)?;
    rows.into_iter().map(Profile::try_from).collect()
}

/// Every profile of every workspace, for the engine's recurring work.
pub async fn list_all(db: &Db) -> Result<Vec<Profile>> {
    let sql = format!("SELECT {COLUMNS} FROM profiles ORDER BY id");
    let rows: Vec<Row> =
        on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).fetch_all(pool).await)?;
    rows.into_iter().map(Profile::try_from).collect()
}

/// The decrypted credentials, only for the engine's network calls.
pub async fn credentials(db: &Db, secrets: &SecretBox, id: i64) -> Result<serde_json::Value> {
    let sql = "SELECT credentials FROM profiles WHERE id = $1";
    let sealed: Option<String> =
        on_pool!(db, pool => sqlx::query_scalar(sql).bind(id).fetch_optional(pool).await)?;
    let sealed = sealed.ok_or(StoreError::NotFound("The profile"))?;
    let plain = secrets
        .open(&sealed)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    serde_json::from_str(&plain).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub async fn set_status(db: &Db, id: i64, status: &str) -> Result<()> {
    let sql = "UPDATE profiles SET status = $1 WHERE id = $2";
    execute!(db, pool => sqlx::query(sql).bind(status).bind(id))?;
    Ok(())
}

/// Replaces a profile's credentials (a reconnect, or a connector's refreshed session) and marks it connected again.
pub async fn set_credentials(
    db: &Db,
    secrets: &SecretBox,
    id: i64,
    credentials: &serde_json::Value,
) -> Result<()> {
    let sealed = secrets.seal(&credentials.to_string());
    let sql = "UPDATE profiles SET credentials = $1, status = 'connected' WHERE id = $2";
    execute!(db, pool => sqlx::query(sql).bind(&sealed).bind(id))?;
    Ok(())
}
