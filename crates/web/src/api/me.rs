//! `GET /api/v1/me`: who the caller is.

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
