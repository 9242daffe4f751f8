//! Profiles and their follower snapshots.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::profiles::actions::{
    self as profile_actions, ConnectBluesky, ConnectMastodon, ConnectSandbox, Reconnect,
};
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
    #[param(value_type = Option<i64>, minimum = 946_684_800_000_i64, maximum = 4_102_444_799_999_i64)]
    pub from: Option<Millis>,
    /// End, UTC milliseconds, exclusive (default: now).
    #[param(value_type = Option<i64>, minimum = 946_684_800_000_i64, maximum = 4_102_444_799_999_i64)]
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
    let to = crate::input::check_time("to", range.to.unwrap_or_else(|| now_millis() + 1))?;
    let from = crate::input::check_time("from", range.from.unwrap_or(to - 90 * 24 * 3600 * 1000))?;
    Ok(Json(
        snapshots::profile_history(&state.db, profile.id, from, to).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/profiles/mastodon", tag = "profiles", request_body = ConnectMastodon,
    responses((status = 201, body = Profile),
              (status = 422, description = "Could not connect: `connect_wrong_credentials`, `connect_unreachable`, \
               `connect_address_private`, `connect_address_invalid`, `connect_not_the_network`, ...",
               body = crate::error::ErrorBody),
              (status = 409, body = crate::error::ErrorBody)))]
pub async fn connect_mastodon(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<ConnectMastodon>, JsonRejection>,
) -> Result<(StatusCode, Json<Profile>), AppError> {
    let Json(input) = body?;
    Ok((
        StatusCode::CREATED,
        Json(profile_actions::connect_mastodon(&state, &user, input).await?),
    ))
}

#[utoipa::path(post, path = "/api/v1/profiles/bluesky", tag = "profiles", request_body = ConnectBluesky,
    responses((status = 201, body = Profile),
              (status = 422, description = "Could not connect: `connect_wrong_credentials`, `connect_unreachable`, \
               `connect_address_private`, ...", body = crate::error::ErrorBody),
              (status = 409, body = crate::error::ErrorBody)))]
pub async fn connect_bluesky(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<ConnectBluesky>, JsonRejection>,
) -> Result<(StatusCode, Json<Profile>), AppError> {
    let Json(input) = body?;
    Ok((
        StatusCode::CREATED,
        Json(profile_actions::connect_bluesky(&state, &user, input).await?),
    ))
}

#[utoipa::path(post, path = "/api/v1/profiles/{id}/reconnect", tag = "profiles", params(("id" = i64, Path)),
    request_body = Reconnect,
    responses((status = 200, description = "New credentials stored; the profile is connected again", body = Profile),
              (status = 422, description = "The network refused, or the credentials belong to another account \
               (`connect_other_account`); nothing was changed", body = crate::error::ErrorBody),
              (status = 404, body = crate::error::ErrorBody)))]
pub async fn reconnect(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Result<Json<Reconnect>, JsonRejection>,
) -> Result<Json<Profile>, AppError> {
    let Json(input) = body?;
    Ok(Json(
        profile_actions::reconnect(&state, &user, id, input).await?,
    ))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Removed {
    /// Deliveries that were still waiting and are now cancelled.
    pub cancelled_deliveries: u64,
}

#[utoipa::path(delete, path = "/api/v1/profiles/{id}", tag = "profiles", params(("id" = i64, Path)),
    responses((status = 200, description = "Removed: hidden from lists, credentials wiped, waiting deliveries \
               cancelled; history stays", body = Removed),
              (status = 404, body = crate::error::ErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Removed>, AppError> {
    Ok(Json(Removed {
        cancelled_deliveries: profile_actions::remove(&state, &user, id).await?,
    }))
}
