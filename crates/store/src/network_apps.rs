//! Networks reached through the workspace's own developer app (migration 0023): the app's credentials (the secret
//! sealed, never read back out to a page), the OAuth attempts in flight (single use, ten minutes), and when each
//! connected profile's token expires and whether the engine can renew it.

use crate::secrets::SecretBox;
use crate::{Db, Result, Sql, StoreError};
use sangam_domain::{Millis, NetworkKind};

/// How long an OAuth attempt may take between leaving for the network and coming back.
pub const ATTEMPT_TTL_MS: Millis = 10 * 60_000;

/// A workspace's app on a network, as the pages show it: the secret is only ever "set".
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AppSummary {
    pub network: String,
    pub client_id: String,
    pub updated_at: Millis,
}

/// Stores (or replaces) the workspace's app on `network`; the secret is sealed.
pub async fn set_app(
    db: &Db,
    secrets: &SecretBox,
    who: Starter,
    client_id: &str,
    client_secret: &str,
    now: Millis,
) -> Result<()> {
    let Starter {
        workspace_id,
        user_id,
        network,
    } = who;
    let sql = "INSERT INTO network_apps (workspace_id, network, client_id, client_secret, updated_by, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6)
               ON CONFLICT (workspace_id, network) DO UPDATE SET client_id = excluded.client_id,
                   client_secret = excluded.client_secret, updated_by = excluded.updated_by,
                   updated_at = excluded.updated_at";
    db.execute(
        Sql::new(sql)
            .bind(workspace_id)
            .bind(network.as_str())
            .bind(client_id)
            .bind(secrets.seal(client_secret))
            .bind(user_id)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// The workspace's apps, without their secrets.
pub async fn apps(db: &Db, workspace_id: i64) -> Result<Vec<AppSummary>> {
    let sql = "SELECT network, client_id, updated_at FROM network_apps WHERE workspace_id = $1
               ORDER BY network";
    db.fetch_all(Sql::new(sql).bind(workspace_id)).await
}

/// The workspace's app on `network`, secret opened, for the OAuth calls; `None` when no Admin has set it.
pub async fn app(
    db: &Db,
    secrets: &SecretBox,
    workspace_id: i64,
    network: NetworkKind,
) -> Result<Option<(String, String)>> {
    let sql = "SELECT client_id, client_secret FROM network_apps WHERE workspace_id = $1 AND network = $2";
    let row: Option<(String, String)> = db
        .fetch_optional(Sql::new(sql).bind(workspace_id).bind(network.as_str()))
        .await?;
    row.map(|(id, sealed)| Ok((id, open(secrets, &sealed)?)))
        .transpose()
}

fn open(secrets: &SecretBox, sealed: &str) -> Result<String> {
    secrets
        .open(sealed)
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Who acts (enters the app, starts an attempt), in which workspace, for which network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Starter {
    pub workspace_id: i64,
    pub user_id: i64,
    pub network: NetworkKind,
}

/// Records an attempt leaving for the network: its `state` and the PKCE verifier (sealed).
pub async fn begin_attempt(
    db: &Db,
    secrets: &SecretBox,
    who: Starter,
    state: &str,
    verifier: &str,
    now: Millis,
) -> Result<()> {
    let sql =
        "INSERT INTO oauth_attempts (state, workspace_id, user_id, network, verifier, created_at)
               VALUES ($1, $2, $3, $4, $5, $6)";
    db.execute(
        Sql::new(sql)
            .bind(state)
            .bind(who.workspace_id)
            .bind(who.user_id)
            .bind(who.network.as_str())
            .bind(secrets.seal(verifier))
            .bind(now),
    )
    .await?;
    // Attempts nobody came back from are worthless after their ten minutes.
    let sql = "DELETE FROM oauth_attempts WHERE created_at < $1";
    db.execute(Sql::new(sql).bind(now - 6 * ATTEMPT_TTL_MS))
        .await?;
    Ok(())
}

/// Takes the attempt `state` names, once: it must be this person's, for this network, unused and under ten minutes
/// old. Returns its PKCE verifier; `None` for a state that is unknown, someone else's, used or expired.
pub async fn take_attempt(
    db: &Db,
    secrets: &SecretBox,
    who: Starter,
    state: &str,
    now: Millis,
) -> Result<Option<String>> {
    let sql = "UPDATE oauth_attempts SET used_at = $1
               WHERE state = $2 AND workspace_id = $3 AND user_id = $4 AND network = $5 AND used_at IS NULL
                 AND created_at > $6
               RETURNING verifier";
    let row: Option<(String,)> = db
        .fetch_optional(
            Sql::new(sql)
                .bind(now)
                .bind(state)
                .bind(who.workspace_id)
                .bind(who.user_id)
                .bind(who.network.as_str())
                .bind(now - ATTEMPT_TTL_MS),
        )
        .await?;
    row.map(|(sealed,)| open(secrets, &sealed)).transpose()
}

/// Keeps the accounts a login granted (sealed) on its attempt while the person picks which to add.
pub async fn hold_granted(
    db: &Db,
    secrets: &SecretBox,
    state: &str,
    granted: &serde_json::Value,
) -> Result<()> {
    let sql = "UPDATE oauth_attempts SET granted = $1 WHERE state = $2";
    db.execute(
        Sql::new(sql)
            .bind(secrets.seal(&granted.to_string()))
            .bind(state),
    )
    .await?;
    Ok(())
}

/// Takes the accounts held on this person's attempt, once, within its ten minutes.
pub async fn take_granted(
    db: &Db,
    secrets: &SecretBox,
    who: Starter,
    state: &str,
    now: Millis,
) -> Result<Option<serde_json::Value>> {
    let sql = "SELECT granted FROM oauth_attempts
               WHERE state = $1 AND workspace_id = $2 AND user_id = $3 AND network = $4 AND granted IS NOT NULL
                 AND created_at > $5";
    let row: Option<(Option<String>,)> = db
        .fetch_optional(
            Sql::new(sql)
                .bind(state)
                .bind(who.workspace_id)
                .bind(who.user_id)
                .bind(who.network.as_str())
                .bind(now - ATTEMPT_TTL_MS),
        )
        .await?;
    let Some((Some(sealed),)) = row else {
        return Ok(None);
    };
    // Compare and clear: of two submissions of the same pick, one takes the accounts.
    let sql = "UPDATE oauth_attempts SET granted = NULL WHERE state = $1 AND granted = $2";
    if db.execute(Sql::new(sql).bind(state).bind(&sealed)).await? != 1 {
        return Ok(None);
    }
    let plain = open(secrets, &sealed)?;
    serde_json::from_str(&plain)
        .map(Some)
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A profile's token: when it expires, whether the engine renews it alone, and how the last renewal went.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProfileToken {
    pub profile_id: i64,
    pub expires_at: Option<Millis>,
    pub refreshable: bool,
    pub refreshed_at: Option<Millis>,
    pub last_error: Option<String>,
    /// The expiry the week-before warning was sent for.
    pub warned_for: Option<Millis>,
}

/// Records a profile's token as just granted (a connect or a reconnect): a fresh expiry, no error, no warning sent.
pub async fn set_token(
    db: &Db,
    profile_id: i64,
    expires_at: Option<Millis>,
    refreshable: bool,
    now: Millis,
) -> Result<()> {
    let sql = "INSERT INTO profile_tokens (profile_id, expires_at, refreshable, refreshed_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (profile_id) DO UPDATE SET expires_at = excluded.expires_at,
                   refreshable = excluded.refreshable, refreshed_at = excluded.refreshed_at, last_error = NULL,
                   warned_for = NULL";
    db.execute(
        Sql::new(sql)
            .bind(profile_id)
            .bind(expires_at)
            .bind(refreshable)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// Records a renewal: the new expiry, when, and no error.
pub async fn renewed(
    db: &Db,
    profile_id: i64,
    expires_at: Option<Millis>,
    now: Millis,
) -> Result<()> {
    let sql = "UPDATE profile_tokens SET expires_at = $1, refreshed_at = $2, last_error = NULL, warned_for = NULL
               WHERE profile_id = $3";
    db.execute(Sql::new(sql).bind(expires_at).bind(now).bind(profile_id))
        .await?;
    Ok(())
}

/// Records that the token cannot be renewed by the engine (the network offers no way), or why the last try failed.
pub async fn refresh_failed(
    db: &Db,
    profile_id: i64,
    refreshable: bool,
    error: Option<&str>,
) -> Result<()> {
    let sql = "UPDATE profile_tokens SET refreshable = $1, last_error = $2 WHERE profile_id = $3";
    db.execute(Sql::new(sql).bind(refreshable).bind(error).bind(profile_id))
        .await?;
    Ok(())
}

/// A connected profile whose token expires before some instant.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Expiring {
    pub profile_id: i64,
    pub workspace_id: i64,
    #[sqlx(try_from = "String")]
    pub network: NetworkKind,
    pub handle: String,
    pub expires_at: Millis,
    pub refreshable: bool,
    /// When the token was granted or last renewed.
    pub refreshed_at: Option<Millis>,
    pub warned_for: Option<Millis>,
}

/// Connected profiles whose token expires before `before`, soonest first.
pub async fn expiring(db: &Db, before: Millis, limit: i64) -> Result<Vec<Expiring>> {
    let sql = "SELECT t.profile_id, p.workspace_id, p.network, p.handle, t.expires_at, t.refreshable, t.refreshed_at,
                      t.warned_for
               FROM profile_tokens t JOIN profiles p ON p.id = t.profile_id
               WHERE p.status = 'connected' AND t.expires_at IS NOT NULL AND t.expires_at < $1
               ORDER BY t.expires_at LIMIT $2";
    db.fetch_all(Sql::new(sql).bind(before).bind(limit)).await
}

/// Marks the week-before warning for this expiry as sent; false when it already was (another process, an earlier
/// run), so the warning goes out once.
pub async fn mark_warned(db: &Db, profile_id: i64, expires_at: Millis) -> Result<bool> {
    let sql = "UPDATE profile_tokens SET warned_for = $1
               WHERE profile_id = $2 AND (warned_for IS NULL OR warned_for <> $1)";
    Ok(db
        .execute(Sql::new(sql).bind(expires_at).bind(profile_id))
        .await?
        == 1)
}

/// The tokens of the workspace's profiles, for the Profiles page.
pub async fn tokens(db: &Db, workspace_id: i64) -> Result<Vec<ProfileToken>> {
    let sql = "SELECT t.profile_id, t.expires_at, t.refreshable, t.refreshed_at, t.last_error, t.warned_for
               FROM profile_tokens t JOIN profiles p ON p.id = t.profile_id
               WHERE p.workspace_id = $1 AND p.status <> 'removed' ORDER BY t.profile_id";
    db.fetch_all(Sql::new(sql).bind(workspace_id)).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::users::{self, NewUser};
    use crate::workspaces;
    use sangam_domain::Role;

    async fn setup() -> (Db, SecretBox, Starter) {
        let db = crate::testing::sqlite().await.unwrap();
        let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
        let ws = workspaces::create(&db, "T", 0).await.unwrap();
        let user = users::create(
            &db,
            NewUser {
                workspace_id: ws.id,
                email: "a@t.test",
                name: "A",
                password_hash: "x",
                role: Role::Admin,
            },
            0,
        )
        .await
        .unwrap();
        let who = Starter {
            workspace_id: ws.id,
            user_id: user.id,
            network: NetworkKind::X,
        };
        (db, secrets, who)
    }

    #[tokio::test]
    async fn the_app_secret_is_sealed_and_replaced_in_place() {
        let (db, secrets, who) = setup().await;
        let ws = who.workspace_id;
        assert_eq!(app(&db, &secrets, ws, NetworkKind::X).await.unwrap(), None);
        set_app(&db, &secrets, who, "id1", "s3cret", 1)
            .await
            .unwrap();
        let (stored,): (String,) = db
            .fetch_one(Sql::new("SELECT client_secret FROM network_apps"))
            .await
            .unwrap();
        assert!(!stored.contains("s3cret"), "sealed at rest");
        set_app(&db, &secrets, who, "id2", "other", 2)
            .await
            .unwrap();
        assert_eq!(
            app(&db, &secrets, ws, NetworkKind::X).await.unwrap(),
            Some(("id2".into(), "other".into()))
        );
        assert_eq!(apps(&db, ws).await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn an_attempt_is_taken_once_by_its_starter_within_ten_minutes() {
        let (db, secrets, who) = setup().await;
        begin_attempt(&db, &secrets, who, "st1", "verifier1", 1_000)
            .await
            .unwrap();
        let other = Starter {
            user_id: who.user_id + 1,
            ..who
        };
        assert_eq!(
            take_attempt(&db, &secrets, other, "st1", 2_000)
                .await
                .unwrap(),
            None,
            "someone else's session"
        );
        let wrong_network = Starter {
            network: NetworkKind::Threads,
            ..who
        };
        assert_eq!(
            take_attempt(&db, &secrets, wrong_network, "st1", 2_000)
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            take_attempt(&db, &secrets, who, "st1", 2_000)
                .await
                .unwrap(),
            Some("verifier1".into())
        );
        assert_eq!(
            take_attempt(&db, &secrets, who, "st1", 3_000)
                .await
                .unwrap(),
            None,
            "single use"
        );
        begin_attempt(&db, &secrets, who, "st2", "v2", 1_000)
            .await
            .unwrap();
        assert_eq!(
            take_attempt(&db, &secrets, who, "st2", 1_000 + ATTEMPT_TTL_MS)
                .await
                .unwrap(),
            None,
            "expired after ten minutes"
        );
    }

    #[tokio::test]
    async fn granted_accounts_are_held_sealed_and_taken_once() {
        let (db, secrets, who) = setup().await;
        begin_attempt(&db, &secrets, who, "st", "v", 0)
            .await
            .unwrap();
        let granted = serde_json::json!([{"handle": "a", "token": "tok-secret"}]);
        hold_granted(&db, &secrets, "st", &granted).await.unwrap();
        let (stored,): (String,) = db
            .fetch_one(Sql::new("SELECT granted FROM oauth_attempts"))
            .await
            .unwrap();
        assert!(!stored.contains("tok-secret"));
        assert_eq!(
            take_granted(&db, &secrets, who, "st", 1).await.unwrap(),
            Some(granted)
        );
        assert_eq!(
            take_granted(&db, &secrets, who, "st", 1).await.unwrap(),
            None
        );
    }
}
