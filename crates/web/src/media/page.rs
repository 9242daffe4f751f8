//! Serving attached images back: only to the workspace, only as the type checked at upload, never sniffed.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use axum::extract::{Path, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::response::{IntoResponse, Response};
use sangam_store::media;

pub async fn serve(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (mime, bytes) = media::load(&state.db, user.workspace_id, id).await?;
    Ok((
        [
            (CONTENT_TYPE, mime),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (CONTENT_DISPOSITION, "inline".to_string()),
            (CACHE_CONTROL, "private, max-age=86400".to_string()),
        ],
        bytes,
    )
        .into_response())
}
