//! One's recent notices over JSON.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use axum::Json;
use axum::extract::State;
use sangam_store::notifications::{self, Notification};

#[utoipa::path(get, path = "/api/v1/notifications", tag = "people", responses((status = 200, body = Vec<Notification>)))]
pub async fn notifications(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Notification>>, AppError> {
    Ok(Json(notifications::recent(&state.db, user.id, 100).await?))
}
