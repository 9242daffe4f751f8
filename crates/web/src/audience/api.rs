//! The audience and target segments over JSON.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::reports::ReportParams;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use sangam_domain::audience::Segment;
use sangam_domain::reports::Period;
use sangam_store::audience::{self as store, AudienceReport};
use serde::Serialize;

use super::segments::{self, SegmentInput};

/// The audience report and the period it covers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AudienceAnswer {
    pub period: Period,
    /// The viewer's time zone, which hours, weekdays and days are in.
    pub time_zone: String,
    #[serde(flatten)]
    pub report: AudienceReport,
}

/// `from`, `to` (days in the viewer's zone) and repeated `profile`, as for the reports.
#[utoipa::path(get, path = "/api/v1/audience", tag = "reports",
    params(("from" = Option<String>, Query, description = "First day, YYYY-MM-DD, in your time zone"),
           ("to" = Option<String>, Query, description = "Last day, YYYY-MM-DD, included"),
           ("profile" = Option<Vec<i64>>, Query, description = "Profiles (all when absent)")),
    responses((status = 200, body = AudienceAnswer), (status = 422, body = crate::error::ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<AudienceAnswer>, AppError> {
    let tz = crate::time_fmt::zone(&user.time_zone);
    let params = ReportParams::parse(&pairs, &tz)?;
    let period = params.period(&tz)?;
    let refs =
        sangam_store::reports::profile_refs(&state.db, user.workspace_id, &params.profiles).await?;
    let report = super::report::compute(&state, user.workspace_id, &refs, period, &tz).await?;
    Ok(Json(AudienceAnswer {
        period,
        time_zone: tz.iana_name().unwrap_or("UTC").to_string(),
        report,
    }))
}

#[utoipa::path(get, path = "/api/v1/segments", tag = "reports",
    responses((status = 200, body = Vec<Segment>)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Segment>>, AppError> {
    Ok(Json(store::segments(&state.db, user.workspace_id).await?))
}

#[utoipa::path(post, path = "/api/v1/segments", tag = "reports", request_body = SegmentInput,
    responses((status = 201, body = Segment), (status = 409, body = crate::error::ErrorBody, description = "segment_name_taken"),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<SegmentInput>, JsonRejection>,
) -> Result<(StatusCode, Json<Segment>), AppError> {
    let Json(input) = body?;
    let segment = segments::save(&state, &user, None, &input).await?;
    Ok((StatusCode::CREATED, Json(segment)))
}

#[utoipa::path(put, path = "/api/v1/segments/{id}", tag = "reports", request_body = SegmentInput,
    params(("id" = i64, Path, description = "Segment id")),
    responses((status = 200, body = Segment), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody, description = "segment_name_taken"),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Result<Json<SegmentInput>, JsonRejection>,
) -> Result<Json<Segment>, AppError> {
    let Json(input) = body?;
    store::segment(&state.db, user.workspace_id, id).await?;
    Ok(Json(segments::save(&state, &user, Some(id), &input).await?))
}

#[utoipa::path(delete, path = "/api/v1/segments/{id}", tag = "reports",
    params(("id" = i64, Path, description = "Segment id")),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    segments::remove(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
