//! Bulk scheduling over JSON: the same rows as the page's CSV, checked (`dry_run`) or scheduled.

use super::actions::{self, Options, Outcome};
use super::sheet;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::Tr;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;

/// A sheet of posts.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct BulkRequest {
    /// The CSV (or tab-separated) text: a header line naming the columns `text`, `profiles` (handles separated by
    /// `;`), and optionally `time` (local, `2030-01-06 09:30`; empty: the next free queue time), `zone`, `tags`,
    /// `campaign`, `image` (an https address), `image_alt` and `text_<network>` (`text_bluesky`, `text_mastodon`,
    /// `text_sandbox`). At most 1,000 rows and 2 MB.
    pub csv: String,
    /// The IANA time zone of rows without a `zone` cell; default the person's own.
    #[serde(default)]
    pub zone: Option<String>,
    /// Only check the rows: nothing is stored.
    #[serde(default)]
    pub dry_run: bool,
}

#[utoipa::path(post, path = "/api/v1/posts/bulk", tag = "posts", request_body = BulkRequest,
    responses(
        (status = 200, body = Outcome, description = "A dry run: every row checked, nothing stored"),
        (status = 201, body = Outcome, description = "The good rows scheduled in one transaction; each bad row named by its line with a code and a sentence"),
        (status = 413, body = crate::error::ErrorBody, description = "The sheet is larger than 2 MB"),
        (status = 422, body = crate::error::ErrorBody, description = "Not a sheet of posts: unknown or missing columns, no rows, or more than 1,000")))]
pub async fn bulk(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<BulkRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Outcome>), AppError> {
    let Json(request) = body?;
    let rows = sheet::read(&request.csv)?;
    let zone = request.zone.unwrap_or_else(|| user.time_zone.clone());
    let options = Options {
        zone: &zone,
        uploaded: &[],
        dry_run: request.dry_run,
    };
    let outcome = actions::schedule(&state, &user, &rows, options, &Tr::english()).await?;
    let status = if outcome.dry_run {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(outcome)))
}
