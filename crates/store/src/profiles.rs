//! Connected profiles: one account on one network. Credentials are sealed with the [`SecretBox`] before they are
//! written.

use crate::secrets::SecretBox;
use crate::{Db, Result, Sql, StoreError, conflict_on_unique, fetch_found, found, select};
use sangam_domain::{Millis, NetworkKind, ProfileStatus};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Profile {
    pub id: i64,
    pub workspace_id: i64,
    #[sqlx(try_from = "String")]
    pub network: NetworkKind,
    pub handle: String,
    pub display_name: String,
    /// A removed profile is kept for the history that refers to it and hidden from lists (see [`remove`]).
    #[sqlx(try_from = "String")]
    pub status: ProfileStatus,
    pub created_at: Millis,
}

impl Profile {
    /// The handle with exactly one leading `@`, as pages show it.
    pub fn at_handle(&self) -> String {
        sangam_domain::network::at_handle(&self.handle)
    }
}

const COLUMNS: &str = "id, workspace_id, network, handle, display_name, status, created_at";

/// What a missing profile is called in [`StoreError::NotFound`].
pub(crate) const PROFILE: &str = "The profile";

pub struct NewProfile<'a> {
    pub workspace_id: i64,
    pub network: NetworkKind,
    pub handle: &'a str,
    pub display_name: &'a str,
    pub credentials: &'a serde_json::Value,
}

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
    let revived = db
        .fetch_optional(
            Sql::assembled(revive)
                .bind(&*display_name)
                .bind(&sealed)
                .bind(new.workspace_id)
                .bind(new.network.as_str())
                .bind(&*handle),
        )
        .await?;
    if let Some(profile) = revived {
        return Ok(profile);
    }
    let sql = format!(
        "INSERT INTO profiles (workspace_id, network, handle, display_name, credentials, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    );
    let created = db
        .fetch_one(
            Sql::assembled(sql)
                .bind(new.workspace_id)
                .bind(new.network.as_str())
                .bind(&*handle)
                .bind(&*display_name)
                .bind(&sealed)
                .bind(now),
        )
        .await;
    conflict_on_unique(created, || {
        format!(
            "The {} profile {} is already connected.",
            new.network, new.handle
        )
    })
}

/// A profile of the workspace; a removed one is not found.
pub async fn get(db: &Db, workspace_id: i64, id: i64) -> Result<Profile> {
    let sql = select(
        COLUMNS,
        "FROM profiles WHERE id = $1 AND workspace_id = $2 AND status <> 'removed'",
    );
    fetch_found(db, sql.bind(id).bind(workspace_id), PROFILE).await
}

/// The workspace's profiles, without removed ones.
pub async fn list(db: &Db, workspace_id: i64) -> Result<Vec<Profile>> {
    let sql = select(
        COLUMNS,
        "FROM profiles WHERE workspace_id = $1 AND status <> 'removed' ORDER BY display_name, id",
    );
    db.fetch_all(sql.bind(workspace_id)).await
}

/// Every profile of every workspace, for the engine's recurring work (removed ones are left alone).
pub async fn list_all(db: &Db) -> Result<Vec<Profile>> {
    db.fetch_all(select(
        COLUMNS,
        "FROM profiles WHERE status <> 'removed' ORDER BY id",
    ))
    .await
}

/// The decrypted credentials, only for the engine's network calls.
pub async fn credentials(db: &Db, secrets: &SecretBox, id: i64) -> Result<serde_json::Value> {
    let sql = "SELECT credentials FROM profiles WHERE id = $1";
    let (sealed,): (String,) = fetch_found(db, Sql::new(sql).bind(id), PROFILE).await?;
    let plain = secrets
        .open(&sealed)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    serde_json::from_str(&plain).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Sets a profile's status; a removed profile stays removed (a late answer from the network cannot revive it).
pub async fn set_status(db: &Db, id: i64, status: ProfileStatus) -> Result<()> {
    let sql = "UPDATE profiles SET status = $1 WHERE id = $2 AND status <> 'removed'";
    db.execute(Sql::new(sql).bind(status.as_str()).bind(id))
        .await?;
    Ok(())
}

/// Marks a connected profile `needs_reconnect`. Returns true only for the call that changed it, so whoever is told
/// about it is told once per lapse (a reconnect sets it `connected` again, see [`set_credentials`]).
pub async fn mark_needs_reconnect(db: &Db, id: i64) -> Result<bool> {
    let sql =
        "UPDATE profiles SET status = 'needs_reconnect' WHERE id = $1 AND status = 'connected'";
    Ok(db.execute(Sql::new(sql).bind(id)).await? == 1)
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
    db.execute(Sql::new(sql).bind(&sealed).bind(id)).await?;
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
    let mut tx = db.tx().await?;
    let sql = "UPDATE profiles SET status = 'removed', credentials = $1
               WHERE id = $2 AND workspace_id = $3 AND status <> 'removed'";
    let changed = tx
        .execute(Sql::new(sql).bind(&wiped).bind(id).bind(workspace_id))
        .await?;
    found(changed, PROFILE)?;
    let sql = "UPDATE deliveries SET state = 'cancelled', reason = 'The profile was removed.', updated_at = $1
               WHERE profile_id = $2 AND state = 'scheduled'";
    let cancelled = tx.execute(Sql::new(sql).bind(now).bind(id)).await?;
    tx.commit().await?;
    Ok(cancelled)
}
