//! Workspaces: who needs approval, and the crisis switch that pauses all their publishing.

use crate::profiles::PROFILE;
use crate::{Db, Result, Sql, fetch_found, found};
use sangam_domain::{Millis, Role};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Workspace {
    pub id: i64,
    pub name: String,
    pub paused_at: Option<Millis>,
    pub pause_reason: Option<String>,
    pub paused_by: Option<i64>,
    pub created_at: Millis,
    /// Roles whose posts need approval, comma-separated (e.g. `member`).
    pub approval_roles: String,
    /// While paused, every post needs approval.
    pub approval_while_paused: bool,
}

impl Workspace {
    pub fn is_paused(&self) -> bool {
        self.paused_at.is_some()
    }

    /// Whether a post by someone with `role` must go through the approval workflow.
    pub fn needs_approval(&self, role: Role) -> bool {
        (self.is_paused() && self.approval_while_paused)
            || self
                .approval_roles
                .split(',')
                .any(|r| r.trim() == role.as_str())
    }
}

const COLUMNS: &str = "id, name, paused_at, pause_reason, paused_by, created_at, approval_roles, approval_while_paused";

pub async fn create(db: &Db, name: &str, now: Millis) -> Result<Workspace> {
    let sql =
        format!("INSERT INTO workspaces (name, created_at) VALUES ($1, $2) RETURNING {COLUMNS}");
    db.fetch_one(Sql::assembled(sql).bind(name).bind(now)).await
}

pub async fn get(db: &Db, id: i64) -> Result<Workspace> {
    let sql = format!("SELECT {COLUMNS} FROM workspaces WHERE id = $1");
    fetch_found(db, Sql::assembled(sql).bind(id), "The workspace").await
}

/// The first workspace, which single-team installs (and the demo) use.
pub async fn first(db: &Db) -> Result<Option<Workspace>> {
    let sql = format!("SELECT {COLUMNS} FROM workspaces ORDER BY id LIMIT 1");
    db.fetch_optional(Sql::assembled(sql)).await
}

/// Pulls the crisis switch for the whole workspace. Nothing publishes until [`resume`].
pub async fn pause(
    db: &Db,
    id: i64,
    reason: &str,
    by: i64,
    approval_while_paused: bool,
    now: Millis,
) -> Result<()> {
    let sql = "UPDATE workspaces SET paused_at = $1, pause_reason = $2, paused_by = $3, approval_while_paused = $4
               WHERE id = $5";
    let mut tx = db.tx().await?;
    tx.execute(
        Sql::new(sql)
            .bind(now)
            .bind(reason)
            .bind(by)
            .bind(approval_while_paused)
            .bind(id),
    )
    .await?;
    crate::webhooks::crisis_switched_in(&mut tx, id, None, Some(reason), now).await?;
    tx.commit().await
}

pub async fn resume(db: &Db, id: i64) -> Result<()> {
    let sql = "UPDATE workspaces SET paused_at = NULL, pause_reason = NULL, paused_by = NULL,
               approval_while_paused = $1 WHERE id = $2";
    let mut tx = db.tx().await?;
    tx.execute(Sql::new(sql).bind(false).bind(id)).await?;
    let now = sangam_domain::now_millis();
    crate::webhooks::crisis_switched_in(&mut tx, id, None, None, now).await?;
    tx.commit().await
}

/// Sets which roles' posts need approval.
pub async fn set_approval_roles(db: &Db, id: i64, roles: &[Role]) -> Result<()> {
    let list = roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let sql = "UPDATE workspaces SET approval_roles = $1 WHERE id = $2";
    db.execute(Sql::new(sql).bind(list).bind(id)).await?;
    Ok(())
}

/// Holds or releases one profile (the crisis switch for chosen profiles).
pub async fn pause_profile(
    db: &Db,
    workspace_id: i64,
    profile_id: i64,
    reason: Option<&str>,
    now: Millis,
) -> Result<()> {
    let sql =
        "UPDATE profiles SET paused_at = $1, pause_reason = $2 WHERE id = $3 AND workspace_id = $4";
    let at = reason.map(|_| now);
    let mut tx = db.tx().await?;
    let done = tx
        .execute(
            Sql::new(sql)
                .bind(at)
                .bind(reason)
                .bind(profile_id)
                .bind(workspace_id),
        )
        .await?;
    found(done, PROFILE)?;
    let profile = Some(profile_id);
    crate::webhooks::crisis_switched_in(&mut tx, workspace_id, profile, reason, now).await?;
    tx.commit().await
}

/// Profiles held by the crisis switch: (id, display name, reason).
pub async fn paused_profiles(db: &Db, workspace_id: i64) -> Result<Vec<(i64, String, String)>> {
    let sql = "SELECT id, display_name, COALESCE(pause_reason, '') FROM profiles
               WHERE workspace_id = $1 AND paused_at IS NOT NULL ORDER BY display_name";
    db.fetch_all(Sql::new(sql).bind(workspace_id)).await
}
