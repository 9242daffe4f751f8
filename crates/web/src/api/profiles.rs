//! Profiles and their follower snapshots.

use crate::AppState;
use crate::actions::profiles::{self as profile_actions, ConnectSandbox};
use crate::auth::CurrentUser;
use crate::error::AppError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use sangam_domain::{Millis, now_millis};
use sangam_store::profiles::{self, Profile};
use sangam_store::snapshots::{self, ProfileSnapshot};

#[utoipa::path(get, path = "/api/v1/profiles", tag = "profiles", responses((status = 200, body = Vec<Profile>)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Profile>>, AppError> {
    Ok(Json(profiles::list(&state.db, user.workspace_id).await?))
}

#[utoipa::path(post, path = "/api/v1/profiles", tag = "profiles", request_body = ConnectSandbox,
    responses((status = 201, body = Profile), (status = 422, body = crate::error::ErrorBody),
              (status = 409, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<ConnectSandbox>, JsonRejection>,
) -> Result<(StatusCode, Json<Profile>), AppError> {
    let Json(input) = body?;
    Ok((
        StatusCode::CREATED,
        Json(profile_actions::connect_sandbox(&state, &user, input).await?),
    ))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct Range {
    /// Start, UTC milliseconds (default: 90 days ago).
    pub from: Option<Millis>,
    /// End, UTC milliseconds, exclusive (default: now).
    pub to: Option<Millis>,
}

#[utoipa::path(get, path = "/api/v1/profiles/{id}/snapshots", tag = "profiles", params(("id" = i64, Path), Range),
    responses((status = 200, body = Vec<ProfileSnapshot>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn snapshots(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Query(range): Query<Range>,
) -> Result<Json<Vec<ProfileSnapshot>>, AppError> {
    let profile = profiles::get(&state.db, user.workspace_id, id).await?;
    let to = range.to.unwrap_or_else(|| now_millis() + 1);
    let from = range.from.unwrap_or(to - 90 * 24 * 3600 * 1000);
    Ok(Json(
        snapshots::profile_history(&state.db, profile.id, from, to).await?,
    ))
}
