//! Insight cards over JSON: list (a Viewer gets the published ones), make one, publish one, share the digest.

use super::actions::{self, InsightInput};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use sangam_domain::{Millis, Permission};
use sangam_store::review::{self as store, Insight};
use serde::{Deserialize, Serialize};

#[utoipa::path(get, path = "/api/v1/insights", tag = "review",
    responses((status = 200, body = Vec<Insight>, description = "Insight cards, newest first; only published ones for those who do not make them")))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Insight>>, AppError> {
    let published_only = !user.role.can(Permission::ShareReports);
    Ok(Json(
        store::insights(&state.db, user.workspace_id, published_only).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/insights", tag = "review", request_body = InsightInput,
    responses((status = 201, body = Insight), (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<InsightInput>, JsonRejection>,
) -> Result<(StatusCode, Json<Insight>), AppError> {
    let Json(input) = body?;
    Ok((
        StatusCode::CREATED,
        Json(actions::create(&state, &user, input).await?),
    ))
}

#[utoipa::path(put, path = "/api/v1/insights/{id}/published", tag = "review", params(("id" = i64, Path)),
    responses((status = 200, body = Insight), (status = 404, body = crate::error::ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Insight>, AppError> {
    Ok(Json(actions::publish(&state, &user, id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ShareInput {
    /// Days the link lives (1 to 90; 7 when left out).
    #[serde(default)]
    pub days: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DigestLink {
    /// The read-only link, shown once.
    pub url: String,
    pub expires_at: Millis,
}

#[utoipa::path(post, path = "/api/v1/insights/share", tag = "review", request_body = ShareInput,
    responses((status = 201, body = DigestLink), (status = 422, body = crate::error::ErrorBody)))]
pub async fn share(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<ShareInput>, JsonRejection>,
) -> Result<(StatusCode, Json<DigestLink>), AppError> {
    let Json(input) = body?;
    let days = input.days.unwrap_or(crate::reports::SHARE_DAYS);
    let (url, expires_at) = actions::share(&state, &user, days).await?;
    Ok((StatusCode::CREATED, Json(DigestLink { url, expires_at })))
}
