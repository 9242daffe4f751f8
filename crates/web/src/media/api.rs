//! Uploading an image over JSON, to attach to a post by its id.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, ErrorBody};
use crate::media::actions as media_actions;
use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use sangam_domain::ErrorCode;
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Uploaded {
    pub id: i64,
}

/// Multipart with a field `image` (the file) and optionally `alt`.
#[utoipa::path(post, path = "/api/v1/media", tag = "posts",
    responses((status = 201, body = Uploaded), (status = 422, body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    mut multipart: Multipart,
) -> Result<(StatusCode, Json<Uploaded>), AppError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        AppError::refuse(ErrorCode::InvalidForm)
            .with("case", "upload")
            .with("detail", e)
    };
    let (mut bytes, mut alt) = (None, String::new());
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        match field.name() {
            Some("image") => bytes = Some(field.bytes().await.map_err(bad)?.to_vec()),
            Some("alt") => alt = field.text().await.map_err(bad)?,
            _ => {}
        }
    }
    let bytes = bytes.ok_or_else(|| AppError::refuse(ErrorCode::ImageMissing))?;
    let id = media_actions::upload(&state, &user, &bytes, &alt).await?;
    Ok((StatusCode::CREATED, Json(Uploaded { id })))
}
