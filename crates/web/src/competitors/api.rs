//! Competitors over JSON: the watchlist (list, add by handle, stop watching) and the competitor report, with the same
//! parameters as the page: `from` and `to` (YYYY-MM-DD, the caller's time zone), repeated `profile` (ours; none: all)
//! and repeated `competitor` (none: the first 20 watched; more than 20 is refused).

use super::report::{self, CompetitorReport};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::reports::ReportParams;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use sangam_store::competitors::{self as store, Competitor, CompetitorSnapshot};
use serde::{Deserialize, Serialize};

/// A watched competitor with its latest counts.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Watched {
    #[serde(flatten)]
    pub competitor: Competitor,
    pub latest: Option<CompetitorSnapshot>,
    /// Its posts stored so far.
    pub posts_stored: i64,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewCompetitorInput {
    /// `bluesky`, `mastodon` or `sandbox`.
    #[schema(max_length = 20)]
    pub network: String,
    /// The handle (`brand.bsky.social`, `brand@mastodon.social`, `@brewhaus`) or the profile page's address.
    #[schema(min_length = 1, max_length = 300)]
    pub handle: String,
}

pub(crate) async fn watched(state: &AppState, workspace_id: i64) -> Result<Vec<Watched>, AppError> {
    let mut out = Vec::new();
    for competitor in store::list(&state.db, workspace_id).await? {
        out.push(Watched {
            latest: store::latest_snapshot(&state.db, competitor.id).await?,
            posts_stored: store::post_count(&state.db, competitor.id).await?,
            competitor,
        });
    }
    Ok(out)
}

#[utoipa::path(get, path = "/api/v1/competitors", tag = "competitors",
    responses((status = 200, body = Vec<Watched>)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Watched>>, AppError> {
    Ok(Json(watched(&state, user.workspace_id).await?))
}

#[utoipa::path(post, path = "/api/v1/competitors", tag = "competitors", request_body = NewCompetitorInput,
    responses((status = 201, body = Competitor, description = "Watched; its recent posts are read back by the engine"),
              (status = 422, body = crate::error::ErrorBody, description = "competitor_not_found, competitor_network_unsupported, competitor_handle_empty, competitor_unreachable")))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<NewCompetitorInput>, JsonRejection>,
) -> Result<(StatusCode, Json<Competitor>), AppError> {
    let Json(input) = body?;
    let c = super::add(&state, &user, &input.network, &input.handle).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

#[utoipa::path(delete, path = "/api/v1/competitors/{id}", tag = "competitors", params(("id" = i64, Path)),
    responses((status = 204, description = "No longer watched; its history stays"),
              (status = 404, body = crate::error::ErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    super::remove(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/reports/competitors", tag = "competitors",
    params(("from" = Option<String>, Query), ("to" = Option<String>, Query),
           ("profile" = Option<Vec<i64>>, Query), ("competitor" = Option<Vec<i64>>, Query)),
    responses((status = 200, body = CompetitorReport), (status = 422, body = crate::error::ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<CompetitorReport>, AppError> {
    let tz = crate::time_fmt::zone(&user.time_zone);
    let params = ReportParams::parse(&pairs, &tz)?;
    let period = params.period(&tz)?;
    Ok(Json(
        report::compute(
            &state,
            user.workspace_id,
            period,
            &params.profiles,
            &params.competitors,
            &tz,
        )
        .await?,
    ))
}
