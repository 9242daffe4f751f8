//! Care over JSON: a person's own week (their figures, trend and check-ins with notes), their check-in, and the
//! team's week for managers (per-person load, exposure and after-hours; check-ins only as aggregates of three or
//! more people, never notes).

use crate::AppState;
use crate::auth::CurrentUser;
use crate::care::actions::{self as care, MyWeek, TeamWeek};
use crate::error::AppError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use sangam_domain::now_millis;
use serde::Deserialize;

#[utoipa::path(get, path = "/api/v1/care/me", tag = "care", responses((status = 200, body = MyWeek)))]
pub async fn me(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<MyWeek>, AppError> {
    Ok(Json(care::my_week(&state, &user).await?))
}

/// This week's check-in: energy and workload from 1 to 5, and an optional note only its author can read.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct CheckIn {
    #[schema(minimum = 1, maximum = 5)]
    pub energy: i64,
    #[schema(minimum = 1, maximum = 5)]
    pub workload: i64,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: String,
}

#[utoipa::path(post, path = "/api/v1/care/checkin", tag = "care", request_body = CheckIn,
    responses((status = 204), (status = 422, body = crate::error::ErrorBody)))]
pub async fn check_in(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<CheckIn>, JsonRejection>,
) -> Result<StatusCode, AppError> {
    let Json(c) = body?;
    care::check_in(&state, &user, c.energy, c.workload, &c.note).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which moment the team's week is read at.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TeamAt {
    /// Milliseconds since 1970 (UTC): the week that holds this moment, as it stood then; leave out for now.
    pub at: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/care/team", tag = "care", params(TeamAt),
    responses((status = 200, body = TeamWeek), (status = 422, body = crate::error::ErrorBody)))]
pub async fn team(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(q): Query<TeamAt>,
) -> Result<Json<TeamWeek>, AppError> {
    let at = match q.at {
        Some(at) => crate::input::check_time("at", at)?,
        None => now_millis(),
    };
    Ok(Json(care::team_week_at(&state, &user, at).await?))
}
