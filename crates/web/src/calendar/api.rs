//! The calendar over JSON: the posts scheduled in a range.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use axum::Json;
use axum::extract::{Query, State};
use sangam_domain::ErrorCode;
use sangam_domain::Millis;
use sangam_store::posts::{self, Post};
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct Range {
    /// From, UTC milliseconds.
    #[param(value_type = i64, minimum = 946_684_800_000_i64, maximum = 4_102_444_799_999_i64)]
    pub from: Millis,
    /// To (exclusive), UTC milliseconds.
    #[param(value_type = i64, minimum = 946_684_800_000_i64, maximum = 4_102_444_799_999_i64)]
    pub to: Millis,
}

#[utoipa::path(get, path = "/api/v1/calendar", tag = "posts", params(Range),
    responses((status = 200, body = Vec<Post>, description = "Posts scheduled in the range")))]
pub async fn calendar(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(range): Query<Range>,
) -> Result<Json<Vec<Post>>, AppError> {
    crate::input::check_time("from", range.from)?;
    crate::input::check_time("to", range.to)?;
    if range.to <= range.from || range.to - range.from > 400 * 86_400_000 {
        return Err(AppError::refuse(ErrorCode::RangeInvalid));
    }
    Ok(Json(
        posts::between(&state.db, user.workspace_id, range.from, range.to).await?,
    ))
}
