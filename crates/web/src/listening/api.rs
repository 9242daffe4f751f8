//! Listening over JSON: topics (list, add, remove), what a topic heard in a period with the posts behind each figure,
//! and share of voice. Periods are `from` and `to` (YYYY-MM-DD in the caller's time zone, the reports' default of the
//! last 28 days).

use super::TopicInput;
use super::figures::{self, PostQuery, ShareOfVoice, TopicFigures};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::reports::ReportParams;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use sangam_domain::NetworkKind;
use sangam_domain::reports::Period;
use sangam_store::listening::{self as store, ListenedPost, Topic};
use sangam_store::users::User;

/// The period `pairs` name, in `user`'s time zone.
pub(crate) fn period_of(user: &User, pairs: &[(String, String)]) -> Result<Period, AppError> {
    let tz = crate::time_fmt::zone(&user.time_zone);
    ReportParams::parse(pairs, &tz)?.period(&tz)
}

/// The networks `pairs` name with repeated `network`.
pub(crate) fn networks_of(pairs: &[(String, String)]) -> Vec<NetworkKind> {
    pairs
        .iter()
        .filter(|(k, _)| k == "network")
        .filter_map(|(_, v)| NetworkKind::parse(v.trim()))
        .collect()
}

#[utoipa::path(get, path = "/api/v1/topics", tag = "listening",
    responses((status = 200, body = Vec<Topic>)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Topic>>, AppError> {
    Ok(Json(store::list(&state.db, user.workspace_id).await?))
}

#[utoipa::path(post, path = "/api/v1/topics", tag = "listening", request_body = TopicInput,
    responses((status = 201, body = Topic, description = "Saved; the engine searches it at its next run"),
              (status = 422, body = crate::error::ErrorBody, description = "topic_query_* (with the character), topic_name_empty, topic_networks_invalid, topic_voice_invalid")))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<TopicInput>, JsonRejection>,
) -> Result<(StatusCode, Json<Topic>), AppError> {
    let Json(input) = body?;
    let topic = super::create(&state, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(topic)))
}

#[utoipa::path(get, path = "/api/v1/topics/{id}", tag = "listening",
    params(("id" = i64, Path), ("from" = Option<String>, Query), ("to" = Option<String>, Query)),
    responses((status = 200, body = TopicFigures), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<TopicFigures>, AppError> {
    let topic = store::get(&state.db, user.workspace_id, id).await?;
    let period = period_of(&user, &pairs)?;
    let tz = crate::time_fmt::zone(&user.time_zone);
    Ok(Json(
        figures::topic_figures(&state.db, topic, period, &tz).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/topics/{id}", tag = "listening", params(("id" = i64, Path)),
    responses((status = 204, description = "Removed with what it heard"), (status = 404, body = crate::error::ErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    super::remove(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The posts behind a figure: a day (`from`/`to` in UTC milliseconds), a sentiment, an author, a term, a hashtag or
/// a spike; without any, the period's newest posts.
#[utoipa::path(get, path = "/api/v1/topics/{id}/posts", tag = "listening",
    params(("id" = i64, Path), PostQuery),
    responses((status = 200, body = Vec<ListenedPost>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn posts(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<PostQuery>,
) -> Result<Json<Vec<ListenedPost>>, AppError> {
    let topic = store::get(&state.db, user.workspace_id, id).await?;
    let period = period_of(&user, &[])?;
    let period = Period {
        from: period.from.min(q.from.unwrap_or(period.from)),
        ..period
    };
    Ok(Json(
        figures::posts(&state.db, &topic, &q, period, 500).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/share-of-voice", tag = "listening",
    params(("from" = Option<String>, Query), ("to" = Option<String>, Query), ("network" = Option<Vec<String>>, Query)),
    responses((status = 200, body = ShareOfVoice), (status = 422, body = crate::error::ErrorBody)))]
pub async fn share(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<ShareOfVoice>, AppError> {
    let period = period_of(&user, &pairs)?;
    Ok(Json(
        figures::share_of_voice_in(&state.db, user.workspace_id, period, &networks_of(&pairs))
            .await?,
    ))
}
