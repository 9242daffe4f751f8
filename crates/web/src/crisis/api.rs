//! The crisis switch over JSON: its state with the held posts, pausing and resuming.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::crisis::actions as crisis;
use crate::error::{AppError, ErrorBody};
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use sangam_domain::{Millis, now_millis};
use sangam_store::posts::{self, Post};
use sangam_store::workspaces;
use serde::{Deserialize, Serialize};

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
    let input = body?.0;
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
