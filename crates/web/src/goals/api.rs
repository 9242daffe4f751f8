//! Goals over JSON: list, set, and one goal with its progress and forecast.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::goals::actions::{self as goal_actions, GoalInput};
use crate::reports::Viewer;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use sangam_domain::goals::GoalStatus;
use sangam_store::goals::{self, Goal};
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct GoalWithStatus {
    pub goal: Goal,
    pub status: GoalStatus,
    /// (days since the start, value of the period so far): the points the forecast line was fitted to.
    pub points: Vec<(f64, f64)>,
}

#[utoipa::path(get, path = "/api/v1/goals", tag = "reports", responses((status = 200, body = Vec<Goal>)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Goal>>, AppError> {
    Ok(Json(goals::list(&state.db, user.workspace_id).await?))
}

#[utoipa::path(post, path = "/api/v1/goals", tag = "reports", request_body = GoalInput,
    responses((status = 201, body = Goal), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<GoalInput>, JsonRejection>,
) -> Result<(StatusCode, Json<Goal>), AppError> {
    let Json(input) = body?;
    Ok((
        StatusCode::CREATED,
        Json(goal_actions::create(&state, &user, input).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/goals/{id}", tag = "reports", params(("id" = i64, Path)),
    responses((status = 200, body = GoalWithStatus), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<GoalWithStatus>, AppError> {
    let goal = goals::get(&state.db, user.workspace_id, id).await?;
    let hours = Viewer::hours_of(&state, user.id, &user.time_zone).await;
    let (status, points) = goal_actions::status(&state, &goal, &hours).await?;
    Ok(Json(GoalWithStatus {
        goal,
        status,
        points,
    }))
}
