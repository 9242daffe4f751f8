//! `GET /api/v1/me`: who the caller is; `POST /api/v1/me/password`: changing one's password.

use crate::auth::CurrentUser;
use axum::Json;
use sangam_domain::Role;
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub id: i64,
    pub workspace_id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub language: String,
    pub time_zone: String,
}

impl From<sangam_store::users::User> for Me {
    fn from(u: sangam_store::users::User) -> Me {
        Me {
            id: u.id,
            workspace_id: u.workspace_id,
            email: u.email,
            name: u.name,
            role: u.role,
            language: u.language,
            time_zone: u.time_zone,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/me", tag = "people", responses((status = 200, body = Me)))]
pub async fn show(CurrentUser(u): CurrentUser) -> Json<Me> {
    Json(Me::from(u))
}

#[utoipa::path(post, path = "/api/v1/me/password", tag = "people",
    request_body = crate::people::actions::ChangePassword,
    responses((status = 204, description = "Changed; every session of the person ended (API tokens keep working)"),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn change_password(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    CurrentUser(u): CurrentUser,
    body: Result<
        axum::Json<crate::people::actions::ChangePassword>,
        axum::extract::rejection::JsonRejection,
    >,
) -> Result<axum::http::StatusCode, crate::error::AppError> {
    let axum::Json(input) = body?;
    crate::people::actions::change_password(&state, &u, &input).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
