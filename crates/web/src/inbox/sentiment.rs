//! "Wrong sentiment?" on a message of the open conversation, for the page (a form that posts and redirects back) and
//! the API: the person's reading is kept and shown at once, and the workspace's sentiment model learns it
//! (`crate::inbox::actions::correct_sentiment`).

use super::page::back_to;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::inbox::actions as act;
use crate::ui::{PageError, WithUser};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::Form;
use sangam_domain::Sentiment;

/// How the message reads, in a person's judgement.
#[derive(Debug, Clone, Copy, serde::Deserialize, utoipa::ToSchema)]
pub struct SentimentCorrection {
    pub sentiment: Sentiment,
}

#[utoipa::path(post, path = "/api/v1/inbox/{id}/sentiment", tag = "inbox", params(("id" = i64, Path)),
    request_body = SentimentCorrection,
    responses((status = 204, description = "Kept: the message reads so at once, and the workspace's sentiment model \
    learns it for new messages."), (status = 404, body = crate::error::ErrorBody),
    (status = 422, body = crate::error::ErrorBody)))]
pub async fn correct(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Result<Json<SentimentCorrection>, JsonRejection>,
) -> Result<StatusCode, AppError> {
    let Json(input) = body?;
    act::correct_sentiment(&state, &user, id, input.sentiment).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn correct_page(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
    Form(f): Form<SentimentCorrection>,
) -> Result<Response, PageError> {
    act::correct_sentiment(&state, &user, id, f.sentiment)
        .await
        .for_user(&user)?;
    Ok(back_to(id, &query))
}
