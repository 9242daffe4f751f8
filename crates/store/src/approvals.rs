//! The approval workflow's storage: ordered steps with their approvers, each post's review trail, and signed links
//! for approvers outside the team. The state of a post's approval is computed by `sangam_domain::approval`.

use crate::{Db, Result, Sql, StoreError, Tx};
use sangam_domain::approval::{Decision, Needs, Review, Step};
use sangam_domain::{Millis, Role};
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

#[derive(sqlx::FromRow)]
struct StepRow {
    id: i64,
    position: i64,
    name: String,
    #[sqlx(try_from = "String")]
    needs: Needs,
}

pub async fn steps(db: &Db, workspace_id: i64) -> Result<Vec<StepView>> {
    let sql = "SELECT id, position, name, needs FROM approval_steps WHERE workspace_id = $1 ORDER BY position";
    let rows: Vec<StepRow> = db.fetch_all(Sql::new(sql).bind(workspace_id)).await?;
    let sql = "SELECT a.step_id, a.user_id FROM approval_step_approvers a JOIN approval_steps s ON s.id = a.step_id
               WHERE s.workspace_id = $1 ORDER BY a.user_id";
    let links: Vec<(i64, i64)> = db.fetch_all(Sql::new(sql).bind(workspace_id)).await?;
    let steps = rows
        .into_iter()
        .map(|row| StepView {
            approvers: links
                .iter()
                .filter(|(s, _)| *s == row.id)
                .map(|(_, u)| *u)
                .collect(),
            id: row.id,
            position: row.position,
            name: row.name,
            needs: row.needs,
        })
        .collect();
    Ok(steps)
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

/// One step of a workflow to save: its name, what it needs, and its approvers.
pub type NewStep = (String, Needs, Vec<i64>);

/// Replaces the workspace's workflow with `steps`, in order.
pub async fn replace_steps(db: &Db, workspace_id: i64, steps: &[NewStep]) -> Result<()> {
    let mut tx = db.tx().await?;
    replace_steps_in(&mut tx, workspace_id, steps).await?;
    tx.commit().await
}

/// Saves the workspace's approval workflow as the settings page and the API set it: whose posts need approval
/// (`roles`) and the steps, together or not at all.
pub async fn save_workflow(
    db: &Db,
    workspace_id: i64,
    roles: &[Role],
    steps: &[NewStep],
) -> Result<()> {
    let mut tx = db.tx().await?;
    let roles: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    let sql = "UPDATE workspaces SET approval_roles = $1 WHERE id = $2";
    tx.execute(Sql::new(sql).bind(roles.join(",")).bind(workspace_id))
        .await?;
    replace_steps_in(&mut tx, workspace_id, steps).await?;
    tx.commit().await
}

async fn replace_steps_in(tx: &mut Tx, workspace_id: i64, steps: &[NewStep]) -> Result<()> {
    let sql = "DELETE FROM approval_step_approvers WHERE step_id IN
               (SELECT id FROM approval_steps WHERE workspace_id = $1)";
    tx.execute(Sql::new(sql).bind(workspace_id)).await?;
    let sql = "DELETE FROM approval_steps WHERE workspace_id = $1";
    tx.execute(Sql::new(sql).bind(workspace_id)).await?;
    for (i, (name, needs, approvers)) in steps.iter().enumerate() {
        let sql = "INSERT INTO approval_steps (workspace_id, position, name, needs) VALUES ($1, $2, $3, $4)
                   RETURNING id";
        let (step_id,): (i64,) = tx
            .fetch_one(
                Sql::new(sql)
                    .bind(workspace_id)
                    .bind(i as i64 + 1)
                    .bind(name)
                    .bind(needs.as_str()),
            )
            .await?;
        for &user in approvers {
            add_approver(tx, workspace_id, step_id, user).await?;
        }
    }
    Ok(())
}

/// Makes `user`, who must be of the workspace, an approver of the step.
async fn add_approver(tx: &mut Tx, workspace_id: i64, step_id: i64, user: i64) -> Result<()> {
    let sql = "SELECT id FROM users WHERE id = $1 AND workspace_id = $2";
    let member: Option<(i64,)> = tx
        .fetch_optional(Sql::new(sql).bind(user).bind(workspace_id))
        .await?;
    if member.is_none() {
        return Err(StoreError::NotFound("The approver"));
    }
    let sql = "INSERT INTO approval_step_approvers (step_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    tx.execute(Sql::new(sql).bind(step_id).bind(user)).await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ReviewEntry {
    pub id: i64,
    pub post_id: i64,
    pub step_position: Option<i64>,
    pub user_id: Option<i64>,
    pub reviewer_name: String,
    #[sqlx(try_from = "String")]
    pub decision: Decision,
    pub note: String,
    pub at: Millis,
}

impl ReviewEntry {
    pub fn review(&self) -> Review {
        Review {
            reviewer: self.user_id,
            step: self.step_position,
            decision: self.decision,
        }
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
    let review = Sql::new(sql)
        .bind(r.post_id)
        .bind(r.step_position)
        .bind(r.user_id)
        .bind(r.reviewer_name)
        .bind(r.decision.as_str())
        .bind(r.note)
        .bind(at);
    let mut tx = db.tx().await?;
    tx.execute(review).await?;
    let (post, step) = (r.post_id, r.step_position);
    crate::webhooks::review_added_in(&mut tx, post, r.decision, r.reviewer_name, step, at).await?;
    tx.commit().await
}

pub async fn trail(db: &Db, post_id: i64) -> Result<Vec<ReviewEntry>> {
    let sql = "SELECT id, post_id, step_position, user_id, reviewer_name, decision, note, at FROM post_reviews
               WHERE post_id = $1 ORDER BY at, id";
    db.fetch_all(Sql::new(sql).bind(post_id)).await
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
    let link = Sql::new(sql)
        .bind(new.post_id)
        .bind(new.step_position)
        .bind(new.token_hash)
        .bind(new.reviewer_name)
        .bind(new.expires_at)
        .bind(new.created_by)
        .bind(now)
        .bind(workspace_id);
    let inserted = db.execute(link).await?;
    if inserted == 0 {
        return Err(StoreError::NotFound("The post"));
    }
    Ok(())
}

/// The link behind a token, if it exists and has not expired.
pub async fn link(db: &Db, token_hash: &str, now: Millis) -> Result<Option<ApprovalLink>> {
    let sql = "SELECT id, post_id, reviewer_name, expires_at, step_position FROM approval_links
               WHERE token_hash = $1 AND expires_at > $2";
    db.fetch_optional(Sql::new(sql).bind(token_hash).bind(now))
        .await
}
