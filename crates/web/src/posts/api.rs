//! Posts over JSON: listing, composing, editing, rescheduling and deleting them, their deliveries, retries and
//! reconciling, and per-post engagement.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, ErrorBody};
use crate::posts::actions::{self as post_actions, Compose};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use sangam_domain::{Millis, now_millis};
use sangam_store::posts::{self, Post};
use sangam_store::snapshots::{self, PostEngagement};
use serde::Deserialize;

#[utoipa::path(get, path = "/api/v1/posts", tag = "posts", responses((status = 200, body = Vec<Post>)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Post>>, AppError> {
    Ok(Json(posts::list(&state.db, user.workspace_id, 500).await?))
}

#[utoipa::path(post, path = "/api/v1/posts", tag = "posts", request_body = Compose,
    responses((status = 201, body = Post), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<Compose>, JsonRejection>,
) -> Result<(StatusCode, Json<Post>), AppError> {
    let Json(input) = body?;
    Ok((
        StatusCode::CREATED,
        Json(post_actions::compose(&state, &user, input).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/posts/{id}", tag = "posts", params(("id" = i64, Path)),
    responses((status = 200, body = Post), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Post>, AppError> {
    Ok(Json(posts::get(&state.db, user.workspace_id, id).await?))
}

#[utoipa::path(get, path = "/api/v1/posts/{id}/plan", tag = "posts", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<post_actions::Plan>,
        description = "Per delivery, in the order of the post's deliveries: what went (or will go) to its network, and what cannot, with the reason"),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn plan(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<post_actions::Plan>>, AppError> {
    let post = posts::get(&state.db, user.workspace_id, id).await?;
    Ok(Json(
        post.deliveries
            .iter()
            .map(|d| post_actions::plan(&post, d.network))
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/deliveries/{id}/retry", tag = "posts", params(("id" = i64, Path)),
    responses((status = 204), (status = 422, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn retry(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    post_actions::retry(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct Range {
    /// Published from, UTC milliseconds (default: 30 days ago).
    #[param(value_type = Option<i64>, minimum = 946_684_800_000_i64, maximum = 4_102_444_799_999_i64)]
    pub from: Option<Millis>,
    /// Published before, UTC milliseconds (default: now).
    #[param(value_type = Option<i64>, minimum = 946_684_800_000_i64, maximum = 4_102_444_799_999_i64)]
    pub to: Option<Millis>,
}

#[utoipa::path(get, path = "/api/v1/engagement", tag = "measure", params(Range),
    responses((status = 200, body = Vec<PostEngagement>, description = "The latest snapshot of each published post")))]
pub async fn engagement(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(range): Query<Range>,
) -> Result<Json<Vec<PostEngagement>>, AppError> {
    let to = crate::input::check_time("to", range.to.unwrap_or_else(|| now_millis() + 1))?;
    let from = crate::input::check_time("from", range.from.unwrap_or(to - 30 * 24 * 3600 * 1000))?;
    Ok(Json(
        snapshots::latest_post_engagement(&state.db, user.workspace_id, from, to).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/posts/{id}", tag = "posts", params(("id" = i64, Path)), request_body = Compose,
    responses((status = 200, body = Post), (status = 422, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Result<Json<Compose>, JsonRejection>,
) -> Result<Json<Post>, AppError> {
    Ok(Json(post_actions::edit(&state, &user, id, body?.0).await?))
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
        post_actions::reschedule(&state, &user, id, body?.0.at).await?,
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
