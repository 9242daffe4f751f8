//! Approvals over JSON: decisions on a post and its trail, signed links for outside approvers, the queue of posts
//! waiting, and the workflow (who needs approval, and the ordered steps with their approvers).

use crate::AppState;
use crate::approvals::actions::{self as approval_actions, Reviewer};
use crate::auth::CurrentUser;
use crate::error::{AppError, ErrorBody};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use sangam_domain::ErrorCode;
use sangam_domain::approval::{Decision, Needs};
use sangam_domain::{PostStatus, Role};
use sangam_store::approvals::{self, ReviewEntry, StepView};
use sangam_store::posts::{self, Post};
use sangam_store::workspaces;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewDecision {
    pub decision: Decision,
    #[serde(default)]
    pub note: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReviewOutcome {
    pub status: PostStatus,
    pub trail: Vec<ReviewEntry>,
}

#[utoipa::path(post, path = "/api/v1/posts/{id}/reviews", tag = "approvals", params(("id" = i64, Path)),
    request_body = NewDecision, responses((status = 200, body = ReviewOutcome), (status = 422, body = ErrorBody)))]
pub async fn review(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Result<Json<NewDecision>, JsonRejection>,
) -> Result<Json<ReviewOutcome>, AppError> {
    let input = body?.0;
    approval_actions::decide(
        &state,
        Reviewer::Member(&user),
        id,
        input.decision,
        &input.note,
    )
    .await?;
    let post = posts::get(&state.db, user.workspace_id, id).await?;
    Ok(Json(ReviewOutcome {
        status: post.status,
        trail: approvals::trail(&state.db, id).await?,
    }))
}

#[utoipa::path(get, path = "/api/v1/posts/{id}/reviews", tag = "approvals", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ReviewEntry>)))]
pub async fn reviews(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ReviewEntry>>, AppError> {
    posts::get(&state.db, user.workspace_id, id).await?;
    Ok(Json(approvals::trail(&state.db, id).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewLink {
    /// The outside approver's name.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// Days until the link expires (1 to 30).
    #[schema(minimum = 1, maximum = 30)]
    pub days: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedLink {
    /// The page to send; shown this once.
    pub path: String,
}

#[utoipa::path(post, path = "/api/v1/posts/{id}/links", tag = "approvals", params(("id" = i64, Path)),
    request_body = NewLink, responses((status = 201, body = CreatedLink), (status = 422, body = ErrorBody)))]
pub async fn create_link(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Result<Json<NewLink>, JsonRejection>,
) -> Result<(StatusCode, Json<CreatedLink>), AppError> {
    let input = body?.0;
    let token = approval_actions::create_link(&state, &user, id, &input.name, input.days).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedLink {
            path: format!("/review/{token}"),
        }),
    ))
}

#[utoipa::path(get, path = "/api/v1/approvals", tag = "approvals",
    responses((status = 200, body = Vec<Post>, description = "Posts waiting for approval")))]
pub async fn queue(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Post>>, AppError> {
    Ok(Json(
        posts::with_status(&state.db, user.workspace_id, PostStatus::PendingApproval).await?,
    ))
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct Workflow {
    /// Roles whose posts need approval.
    pub roles: Vec<Role>,
    pub steps: Vec<WorkflowStep>,
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct WorkflowStep {
    pub name: String,
    pub needs: Needs,
    pub approvers: Vec<i64>,
}

#[utoipa::path(get, path = "/api/v1/workflow", tag = "approvals", responses((status = 200, body = Workflow)))]
pub async fn workflow(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Workflow>, AppError> {
    let ws = workspaces::get(&state.db, user.workspace_id).await?;
    let steps = approvals::steps(&state.db, user.workspace_id).await?;
    Ok(Json(Workflow {
        roles: ws
            .approval_roles
            .split(',')
            .filter_map(Role::parse)
            .collect(),
        steps: steps
            .into_iter()
            .map(|s: StepView| WorkflowStep {
                name: s.name,
                needs: s.needs,
                approvers: s.approvers,
            })
            .collect(),
    }))
}

#[utoipa::path(put, path = "/api/v1/workflow", tag = "approvals", request_body = Workflow,
    responses((status = 200, body = Workflow), (status = 404, body = ErrorBody)))]
pub async fn set_workflow(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<Workflow>, JsonRejection>,
) -> Result<Json<Workflow>, AppError> {
    let input = body?.0;
    if input.steps.iter().any(|s| s.approvers.is_empty()) {
        return Err(AppError::refuse(ErrorCode::ApprovalStepWithoutApprovers));
    }
    let steps: Vec<_> = input
        .steps
        .iter()
        .map(|s| (s.name.clone(), s.needs, s.approvers.clone()))
        .collect();
    approvals::save_workflow(&state.db, user.workspace_id, &input.roles, &steps).await?;
    crate::audit::log(
        &state,
        &user,
        "changed",
        "approval_workflow",
        None,
        &format!("{} steps", steps.len()),
    )
    .await;
    Ok(Json(input))
}
