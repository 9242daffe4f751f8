//! The single sign-on settings in the JSON API (Admins only): read them, and save them unless the config file sets
//! the provider.

use super::actions::{self, SettingsInput, SettingsView};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::HeaderMap;

#[utoipa::path(get, path = "/api/v1/sso/settings", tag = "sso",
    responses((status = 200, body = SettingsView)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
) -> Result<Json<SettingsView>, AppError> {
    Ok(Json(
        actions::view(&state, user.workspace_id, Some(&headers)).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/sso/settings", tag = "sso", request_body = SettingsInput,
    responses((status = 200, body = SettingsView),
              (status = 409, description = "The config file's `[sso]` section sets the provider \
                  (`sso_managed_by_config`).", body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<SettingsInput>, JsonRejection>,
) -> Result<Json<SettingsView>, AppError> {
    let Json(input) = body?;
    Ok(Json(actions::save(&state, &user, input).await?))
}
