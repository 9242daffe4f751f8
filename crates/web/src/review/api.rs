//! The weekly review over JSON: list, draft any week, one review with its figures and meeting, add items, mark actions
//! done.

use super::actions::{self, ItemInput, ReviewWithMeeting};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use sangam_store::review::{self as store, Item, Review};
use serde::Deserialize;

#[utoipa::path(get, path = "/api/v1/reviews", tag = "review",
    responses((status = 200, body = Vec<Review>, description = "The workspace's weekly reviews, the latest week first")))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Review>>, AppError> {
    Ok(Json(store::list(&state.db, user.workspace_id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DraftInput {
    /// Any day of the week to review, YYYY-MM-DD in the leader's time zone.
    pub week: String,
}

#[utoipa::path(post, path = "/api/v1/reviews", tag = "review", request_body = DraftInput,
    responses((status = 201, body = Review, description = "The week's review (drafted now, or the one drafted before)"),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn draft(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<DraftInput>, JsonRejection>,
) -> Result<(StatusCode, Json<Review>), AppError> {
    let Json(input) = body?;
    let review = actions::draft(&state, &user, &input.week).await?;
    Ok((StatusCode::CREATED, Json(review)))
}

#[utoipa::path(get, path = "/api/v1/reviews/{id}", tag = "review", params(("id" = i64, Path)),
    responses((status = 200, body = ReviewWithMeeting), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<ReviewWithMeeting>, AppError> {
    Ok(Json(actions::with_meeting(&state, &user, id).await?))
}

#[utoipa::path(post, path = "/api/v1/reviews/{id}/items", tag = "review", params(("id" = i64, Path)),
    request_body = ItemInput,
    responses((status = 201, body = Item), (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn add_item(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Result<Json<ItemInput>, JsonRejection>,
) -> Result<(StatusCode, Json<Item>), AppError> {
    let Json(input) = body?;
    let item = actions::add_item(&state, &user, id, input).await?;
    Ok((StatusCode::CREATED, Json(item)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DoneInput {
    pub done: bool,
}

#[utoipa::path(put, path = "/api/v1/review-items/{id}/done", tag = "review", params(("id" = i64, Path)),
    request_body = DoneInput,
    responses((status = 200, body = Item), (status = 404, body = crate::error::ErrorBody)))]
pub async fn set_done(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Result<Json<DoneInput>, JsonRejection>,
) -> Result<Json<Item>, AppError> {
    let Json(input) = body?;
    Ok(Json(
        actions::set_done(&state, &user, id, input.done).await?,
    ))
}
