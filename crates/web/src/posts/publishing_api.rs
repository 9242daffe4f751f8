//! The publishing API beyond composing: editing, moving, deleting, approvals, outside approvers, the calendar, the
//! crisis switch, the audit log, images and notifications.

use crate::AppState;
use crate::approvals::actions::{self as approval_actions, Reviewer};
use crate::auth::CurrentUser;
use crate::crisis::actions as crisis;
use crate::error::{AppError, ErrorBody};
use crate::media::actions as media_actions;
use crate::posts::actions::{self as post_actions, Compose};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use sangam_domain::approval::{Decision, Needs};
use sangam_domain::{Millis, PostStatus, Role, now_millis};
use sangam_store::activity::{self, Activity, Filter};
use sangam_store::approvals::{self, ReviewEntry, StepView};
use sangam_store::notifications::{self, Notification};
use sangam_store::posts::{self, Post};
use sangam_store::workspaces;
use serde::{Deserialize, Serialize};

fn json<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, AppError> {
    Ok(body?.0)
}

#[utoipa::path(put, path = "/api/v1/posts/{id}", tag = "posts", params(("id" = i64, Path)), request_body = Compose,
    responses((status = 200, body = Post), (status = 422, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Result<Json<Compose>, JsonRejection>,
) -> Result<Json<Post>, AppError> {
    Ok(Json(
        post_actions::edit(&state, &user, id, json(body)?).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/posts/{id}", tag = "posts", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    post_actions::delete(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Reschedule {
    /// New time, UTC milliseconds.
    pub at: Millis,
}

#[utoipa::path(post, path = "/api/v1/posts/{id}/reschedule", tag = "posts", params(("id" = i64, Path)),
    request_body = Reschedule, responses((status = 200, body = Post), (status = 422, body = ErrorBody)))]
pub async fn reschedule(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Result<Json<Reschedule>, JsonRejection>,
) -> Result<Json<Post>, AppError> {
    Ok(Json(
        post_actions::reschedule(&state, &user, id, json(body)?.at).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/deliveries/{id}/reconcile", tag = "posts", params(("id" = i64, Path)),
    responses((status = 202), (status = 422, body = ErrorBody)))]
pub async fn reconcile(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    post_actions::reconcile(&state, &user, id).await?;
    Ok(StatusCode::ACCEPTED)
}

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
    let input = json(body)?;
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
    let input = json(body)?;
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
    let input = json(body)?;
    if input.steps.iter().any(|s| s.approvers.is_empty()) {
        return Err(AppError::invalid(
            "approval_step_without_approvers",
            "Every step needs at least one approver.",
        ));
    }
    let steps: Vec<_> = input
        .steps
        .iter()
        .map(|s| (s.name.clone(), s.needs, s.approvers.clone()))
        .collect();
    workspaces::set_approval_roles(&state.db, user.workspace_id, &input.roles).await?;
    approvals::replace_steps(&state.db, user.workspace_id, &steps).await?;
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

#[derive(Deserialize, utoipa::IntoParams)]
pub struct Range {
    /// From, UTC milliseconds.
    #[param(value_type = i64, minimum = 946_684_800_000_i64, maximum = 4_102_444_799_999_i64)]
    pub from: Millis,
    /// To (exclusive), UTC milliseconds.
    #[param(value_type = i64, minimum = 946_684_800_000_i64, maximum = 4_102_444_799_999_i64)]
    pub to: Millis,
}

#[utoipa::path(get, path = "/api/v1/calendar", tag = "posts", params(Range),
    responses((status = 200, body = Vec<Post>, description = "Posts scheduled in the range")))]
pub async fn calendar(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(range): Query<Range>,
) -> Result<Json<Vec<Post>>, AppError> {
    crate::input::check_time("from", range.from)?;
    crate::input::check_time("to", range.to)?;
    if range.to <= range.from || range.to - range.from > 400 * 86_400_000 {
        return Err(AppError::invalid(
            "range_invalid",
            "Give a range up to 400 days long, with `to` after `from`.",
        ));
    }
    Ok(Json(
        posts::between(&state.db, user.workspace_id, range.from, range.to).await?,
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CrisisState {
    pub paused: bool,
    pub reason: Option<String>,
    pub paused_at: Option<Millis>,
    pub approval_while_paused: bool,
    /// Posts due but held.
    pub held: Vec<Post>,
}

#[utoipa::path(get, path = "/api/v1/crisis", tag = "crisis", responses((status = 200, body = CrisisState)))]
pub async fn crisis_state(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<CrisisState>, AppError> {
    let ws = workspaces::get(&state.db, user.workspace_id).await?;
    Ok(Json(CrisisState {
        paused: ws.is_paused(),
        reason: ws.pause_reason,
        paused_at: ws.paused_at,
        approval_while_paused: ws.approval_while_paused,
        held: posts::waiting_past_due(&state.db, user.workspace_id, now_millis()).await?,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Pause {
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
    #[serde(default)]
    pub approval_while_paused: bool,
}

#[utoipa::path(post, path = "/api/v1/crisis/pause", tag = "crisis", request_body = Pause,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn pause(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<Pause>, JsonRejection>,
) -> Result<StatusCode, AppError> {
    let input = json(body)?;
    crisis::pause(&state, &user, &input.reason, input.approval_while_paused).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/crisis/resume", tag = "crisis", responses((status = 204)))]
pub async fn resume(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<StatusCode, AppError> {
    crisis::resume(&state, &user).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    pub user: Option<i64>,
    pub action: Option<String>,
    pub kind: Option<String>,
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery), responses((status = 200, body = Vec<Activity>)))]
pub async fn audit(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<Activity>>, AppError> {
    let filter = Filter {
        user_id: q.user,
        action: q.action.as_deref(),
        object_kind: q.kind.as_deref(),
    };
    let limit = q.limit.unwrap_or(200).clamp(1, 5_000);
    Ok(Json(
        activity::search(&state.db, user.workspace_id, &filter, limit).await?,
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Uploaded {
    pub id: i64,
}

/// Multipart with a field `image` (the file) and optionally `alt`.
#[utoipa::path(post, path = "/api/v1/media", tag = "posts",
    responses((status = 201, body = Uploaded), (status = 422, body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    mut multipart: Multipart,
) -> Result<(StatusCode, Json<Uploaded>), AppError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        AppError::invalid("invalid_form", format!("The upload could not be read: {e}"))
    };
    let (mut bytes, mut alt) = (None, String::new());
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        match field.name() {
            Some("image") => bytes = Some(field.bytes().await.map_err(bad)?.to_vec()),
            Some("alt") => alt = field.text().await.map_err(bad)?,
            _ => {}
        }
    }
    let bytes = bytes.ok_or_else(|| {
        AppError::invalid("image_missing", "Send the file in a field named `image`.")
    })?;
    let id = media_actions::upload(&state, &user, &bytes, &alt).await?;
    Ok((StatusCode::CREATED, Json(Uploaded { id })))
}

#[utoipa::path(get, path = "/api/v1/notifications", tag = "people", responses((status = 200, body = Vec<Notification>)))]
pub async fn notifications(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Notification>>, AppError> {
    Ok(Json(notifications::recent(&state.db, user.id, 100).await?))
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct QueueSlots {
    /// The zone the slots are read in, e.g. `Asia/Kolkata`.
    pub time_zone: String,
    pub slots: Vec<sangam_domain::queue::Slot>,
    /// The next free slot, UTC milliseconds (absent when there is none in eight weeks).
    #[serde(default)]
    pub next: Option<Millis>,
}

#[utoipa::path(get, path = "/api/v1/profiles/{id}/queue", tag = "profiles", params(("id" = i64, Path)),
    responses((status = 200, body = QueueSlots), (status = 404, body = ErrorBody)))]
pub async fn queue_slots(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<QueueSlots>, AppError> {
    let (time_zone, slots) = sangam_store::queue::slots(&state.db, user.workspace_id, id).await?;
    let next = crate::queue::actions::next_time(&state, &user, &[id])
        .await
        .ok();
    Ok(Json(QueueSlots {
        time_zone,
        slots,
        next,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewQueueSlots {
    pub time_zone: String,
    /// Lines such as `Mon-Fri 09:00 13:00`.
    pub slots: String,
}

#[utoipa::path(put, path = "/api/v1/profiles/{id}/queue", tag = "profiles", params(("id" = i64, Path)),
    request_body = NewQueueSlots, responses((status = 200, body = QueueSlots), (status = 422, body = ErrorBody)))]
pub async fn set_queue_slots(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Result<Json<NewQueueSlots>, JsonRejection>,
) -> Result<Json<QueueSlots>, AppError> {
    let input = json(body)?;
    let slots =
        crate::queue::actions::set(&state, &user, id, &input.slots, &input.time_zone).await?;
    let next = crate::queue::actions::next_time(&state, &user, &[id])
        .await
        .ok();
    Ok(Json(QueueSlots {
        time_zone: input.time_zone,
        slots,
        next,
    }))
}
