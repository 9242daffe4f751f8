//! The approval workflow's storage: ordered steps with their approvers, each post's review trail, and signed links
//! for approvers outside the team. The state of a post's approval is computed by `sangam_domain::approval`.

use crate::{Db, Result, StoreError, execute, on_pool};
use sangam_domain::Millis;
use sangam_domain::approval::{Decision, Needs, Review, Step};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StepView {
    pub id: i64,
    pub position: i64,
    pub name: String,
    pub needs: Needs,
    pub approvers: Vec<i64>,
}

impl StepView {
    pub fn step(&self) -> Step {
        Step {
            position: self.position,
            needs: self.needs,
            approvers: self.approvers.clone(),
        }
    }
}

pub async fn steps(db: &Db, workspace_id: i64) -> Result<Vec<StepView>> {
    let rows: Vec<(i64, i64, String, String)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, position, name, needs FROM approval_steps WHERE workspace_id = $1 ORDER BY position")
        .bind(workspace_id).fetch_all(pool).await)?;
    let links: Vec<(i64, i64)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT a.step_id, a.user_id FROM approval_step_approvers a JOIN approval_steps s ON s.id = a.step_id
         WHERE s.workspace_id = $1 ORDER BY a.user_id")
        .bind(workspace_id).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|(id, position, name, needs)| {
            Ok(StepView {
                id,
                position,
                name,
                needs: Needs::parse(&needs)
                    .ok_or_else(|| StoreError::Corrupt(format!("unknown rule {needs:?}")))?,
                approvers: links
                    .iter()
                    .filter(|(s, _)| *s == id)
                    .map(|(_, u)| *u)
                    .collect(),
            })
        })
        .collect()
}

/// The workflow in force: the configured steps, or, with none configured, one step that any Admin or Manager can
/// approve. The web (who may decide) and the engine (whom to tell about a held post) both read it here.
pub async fn workflow(db: &Db, workspace_id: i64) -> Result<Vec<StepView>> {
    let configured = steps(db, workspace_id).await?;
    if !configured.is_empty() {
        return Ok(configured);
    }
    let leads = crate::users::list_active(db, workspace_id)
        .await?
        .into_iter()
        .filter(|u| {
            matches!(
                u.role,
                sangam_domain::Role::Admin | sangam_domain::Role::Manager
            )
        })
        .map(|u| u.id)
        .collect();
    Ok(vec![StepView {
        id: 0,
        position: 1,
        name: "Managers".into(),
        needs: Needs::Any,
        approvers: leads,
    }])
}

/// Replaces the workspace's workflow with `steps` (name, needs, approvers), in order.
pub async fn replace_steps(
    db: &Db,
    workspace_id: i64,
    steps: &[(String, Needs, Vec<i64>)],
) -> Result<()> {
    on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query("DELETE FROM approval_step_approvers WHERE step_id IN
                     (SELECT id FROM approval_steps WHERE workspace_id = $1)")
            .bind(workspace_id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM approval_steps WHERE workspace_id = $1").bind(workspace_id).execute(&mut *tx).await?;
        for (i, (name, needs, approvers)) in steps.iter().enumerate() {
            let step_id: i64 = sqlx::query_scalar(
                "INSERT INTO approval_steps (workspace_id, position, name, needs) VALUES ($1, $2, $3, $4) RETURNING id")
                .bind(workspace_id).bind(i as i64 + 1).bind(name).bind(needs.as_str()).fetch_one(&mut *tx).await?;
            for user in approvers {
                let member: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1 AND workspace_id = $2")
                    .bind(user).bind(workspace_id).fetch_optional(&mut *tx).await?;
                if member.is_none() {
                    return Err(StoreError::NotFound("The approver"));
                }
                sqlx::query("INSERT INTO approval_step_approvers (step_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(step_id).bind(user).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok::<(), StoreError>(())
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ReviewEntry {
    pub id: i64,
    pub post_id: i64,
    pub step_position: Option<i64>,
    pub user_id: Option<i64>,
    pub reviewer_name: String,
    pub decision: String,
    pub note: String,
    pub at: Millis,
}

impl ReviewEntry {
    pub fn review(&self) -> Option<Review> {
        Some(Review {
            reviewer: self.user_id,
            step: self.step_position,
            decision: Decision::parse(&self.decision)?,
        })
    }
}

pub struct NewReview<'a> {
    pub post_id: i64,
    pub step_position: Option<i64>,
    pub user_id: Option<i64>,
    pub reviewer_name: &'a str,
    pub decision: Decision,
    pub note: &'a str,
}

pub async fn add_review(db: &Db, r: NewReview<'_>, at: Millis) -> Result<()> {
    let sql = "INSERT INTO post_reviews (post_id, step_position, user_id, reviewer_name, decision, note, at)
               VALUES ($1, $2, $3, $4, $5, $6, $7)";
    execute!(db, pool => sqlx::query(sql).bind(r.post_id).bind(r.step_position).bind(r.user_id).bind(r.reviewer_name)
        .bind(r.decision.as_str()).bind(r.note).bind(at))?;
    Ok(())
}

pub async fn trail(db: &Db, post_id: i64) -> Result<Vec<ReviewEntry>> {
    let sql = "SELECT id, post_id, step_position, user_id, reviewer_name, decision, note, at FROM post_reviews
               WHERE post_id = $1 ORDER BY at, id";
    Ok(on_pool!(db, pool => sqlx::query_as(sql).bind(post_id).fetch_all(pool).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApprovalLink {
    pub id: i64,
    pub post_id: i64,
    pub reviewer_name: String,
    pub expires_at: Millis,
    /// The step the link was made for; its decision counts only for it. `None`: a link from before links named
    /// their step, which decides nothing.
    pub step_position: Option<i64>,
}

pub struct NewLink<'a> {
    pub post_id: i64,
    pub step_position: i64,
    pub token_hash: &'a str,
    pub reviewer_name: &'a str,
    pub expires_at: Millis,
    pub created_by: i64,
}

/// Stores a link for a post of `workspace_id`; a post of another workspace is not found.
pub async fn create_link(db: &Db, workspace_id: i64, new: NewLink<'_>, now: Millis) -> Result<()> {
    let sql = "INSERT INTO approval_links (post_id, step_position, token_hash, reviewer_name, expires_at, created_by,
                   created_at)
               SELECT id, $2, $3, $4, $5, $6, $7 FROM posts WHERE id = $1 AND workspace_id = $8";
    let inserted = execute!(db, pool => sqlx::query(sql).bind(new.post_id).bind(new.step_position)
        .bind(new.token_hash).bind(new.reviewer_name).bind(new.expires_at).bind(new.created_by).bind(now)
        .bind(workspace_id))?;
    if inserted == 0 {
        return Err(StoreError::NotFound("The post"));
    }
    Ok(())
}

/// The link behind a token, if it exists and has not expired.
pub async fn link(db: &Db, token_hash: &str, now: Millis) -> Result<Option<ApprovalLink>> {
    let sql = "SELECT id, post_id, reviewer_name, expires_at, step_position FROM approval_links
               WHERE token_hash = $1 AND expires_at > $2";
    Ok(
        on_pool!(db, pool => sqlx::query_as(sql).bind(token_hash).bind(now).fetch_optional(pool).await)?,
    )
}
