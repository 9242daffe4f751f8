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
    /// `connected`, `needs_reconnect` when the network stopped accepting our credentials, or `removed` (kept for the
    /// history that refers to it, hidden from lists; see [`remove`]).
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

impl Profile {
    /// The handle with exactly one leading `@`, as pages show it.
    pub fn at_handle(&self) -> String {
        sangam_domain::network::at_handle(&self.handle)
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

/// Status of a profile taken out of Sangam by a person.
pub const REMOVED: &str = "removed";

/// Stores a newly connected profile. Connecting an account that was removed earlier brings its row back (with the
/// new credentials and name), so its past posts, snapshots and inbox stay attached to it.
pub async fn create(
    db: &Db,
    secrets: &SecretBox,
    new: NewProfile<'_>,
    now: Millis,
) -> Result<Profile> {
    let sealed = secrets.seal(&new.credentials.to_string());
    // The handle and name come from the network at connect: untrusted text.
    let handle = sangam_domain::untrusted::storable(new.handle);
    let display_name = sangam_domain::untrusted::storable(new.display_name);
    let revive = format!(
        "UPDATE profiles SET display_name = $1, credentials = $2, status = 'connected'
         WHERE workspace_id = $3 AND network = $4 AND handle = $5 AND status = 'removed' RETURNING {COLUMNS}"
    );
    let revived: Option<Row> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*revive))
        .bind(&*display_name)
        .bind(&sealed)
        .bind(new.workspace_id)
        .bind(new.network.as_str())
        .bind(&*handle)
        .fetch_optional(pool)
        .await)?;
    if let Some(row) = revived {
        return row.try_into();
    }
    let sql = format!(
        "INSERT INTO profiles (workspace_id, network, handle, display_name, credentials, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    );
    let row: std::result::Result<Row, sqlx::Error> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql))
        .bind(new.workspace_id)
        .bind(new.network.as_str())
        .bind(&*handle)
        .bind(&*display_name)
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

/// A profile of the workspace; a removed one is not found.
pub async fn get(db: &Db, workspace_id: i64, id: i64) -> Result<Profile> {
    let sql = format!(
        "SELECT {COLUMNS} FROM profiles WHERE id = $1 AND workspace_id = $2 AND status <> 'removed'"
    );
    let row: Option<Row> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(id).bind(workspace_id).fetch_optional(pool).await)?;
    row.ok_or(StoreError::NotFound("The profile"))?.try_into()
}

/// The workspace's profiles, without removed ones.
pub async fn list(db: &Db, workspace_id: i64) -> Result<Vec<Profile>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM profiles WHERE workspace_id = $1 AND status <> 'removed' ORDER BY display_name, id"
    );
    let rows: Vec<Row> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(workspace_id).fetch_all(pool).await)?;
    rows.into_iter().map(Profile::try_from).collect()
}

/// Every profile of every workspace, for the engine's recurring work (removed ones are left alone).
pub async fn list_all(db: &Db) -> Result<Vec<Profile>> {
    let sql = format!("SELECT {COLUMNS} FROM profiles WHERE status <> 'removed' ORDER BY id");
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

/// Sets a profile's status; a removed profile stays removed (a late answer from the network cannot revive it).
pub async fn set_status(db: &Db, id: i64, status: &str) -> Result<()> {
    let sql = "UPDATE profiles SET status = $1 WHERE id = $2 AND status <> 'removed'";
    execute!(db, pool => sqlx::query(sql).bind(status).bind(id))?;
    Ok(())
}

/// Marks a connected profile `needs_reconnect`. Returns true only for the call that changed it, so whoever is told
/// about it is told once per lapse (a reconnect sets it `connected` again, see [`set_credentials`]).
pub async fn mark_needs_reconnect(db: &Db, id: i64) -> Result<bool> {
    let sql =
        "UPDATE profiles SET status = 'needs_reconnect' WHERE id = $1 AND status = 'connected'";
    let done = on_pool!(db, pool => sqlx::query(sql).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Replaces a profile's credentials (a reconnect, or a connector's refreshed session) and marks it connected again.
/// A removed profile is left as it is: a session refreshed while it was being removed must not bring its
/// credentials back.
pub async fn set_credentials(
    db: &Db,
    secrets: &SecretBox,
    id: i64,
    credentials: &serde_json::Value,
) -> Result<()> {
    let sealed = secrets.seal(&credentials.to_string());
    let sql = "UPDATE profiles SET credentials = $1, status = 'connected' WHERE id = $2 AND status <> 'removed'";
    execute!(db, pool => sqlx::query(sql).bind(&sealed).bind(id))?;
    Ok(())
}

/// Takes a profile out of Sangam, softly: posts, deliveries, snapshots and inbox messages refer to it, so the row
/// stays (with status `removed`), but its credentials are wiped, it disappears from lists and the engine's work,
/// and its deliveries still waiting are cancelled (published posts stay on the network). Returns how many deliveries
/// were cancelled. Connecting the same account again brings the row back (see [`create`]).
pub async fn remove(
    db: &Db,
    secrets: &SecretBox,
    workspace_id: i64,
    id: i64,
    now: Millis,
) -> Result<u64> {
    let wiped = secrets.seal("{}");
    on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let done = sqlx::query(
            "UPDATE profiles SET status = 'removed', credentials = $1
             WHERE id = $2 AND workspace_id = $3 AND status <> 'removed'",
        )
        .bind(&wiped).bind(id).bind(workspace_id).execute(&mut *tx).await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("The profile"));
        }
        let cancelled = sqlx::query(
            "UPDATE deliveries SET state = 'cancelled', reason = 'The profile was removed.', updated_at = $1
             WHERE profile_id = $2 AND state = 'scheduled'",
        )
        .bind(now).bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok::<u64, StoreError>(cancelled.rows_affected())
    })
}
