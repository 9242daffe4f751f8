//! The JSON API for app networks: the workspace's app (the secret only ever "set") and starting a connect.

use super::flow::{self, AppView, SetApp};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};

#[utoipa::path(get, path = "/api/v1/network-apps/{network}", tag = "profiles",
    params(("network" = String, Path, description = "facebook, instagram, threads, linkedin or x")),
    responses((status = 200, body = AppView),
              (status = 404, description = "`network_app_unknown`", body = crate::error::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(network): Path<String>,
) -> Result<Json<AppView>, AppError> {
    let connector = flow::connector(&state, &network)?;
    Ok(Json(flow::view(&state, &user, connector.as_ref()).await?))
}

#[utoipa::path(put, path = "/api/v1/network-apps/{network}", tag = "profiles", request_body = SetApp,
    params(("network" = String, Path, description = "facebook, instagram, threads, linkedin or x")),
    responses((status = 200, body = AppView),
              (status = 404, description = "`network_app_unknown`", body = crate::error::ErrorBody),
              (status = 422, description = "`network_app_invalid`", body = crate::error::ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(network): Path<String>,
    body: Result<Json<SetApp>, JsonRejection>,
) -> Result<Json<AppView>, AppError> {
    let Json(input) = body?;
    let connector = flow::connector(&state, &network)?;
    flow::set_app(&state, &user, connector.as_ref(), input).await?;
    Ok(Json(flow::view(&state, &user, connector.as_ref()).await?))
}

/// Where to send the person's browser to grant access.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Started {
    /// The network's authorization URL, with a fresh single-use `state` (ten minutes, bound to the caller) and the
    /// PKCE challenge where the network takes it. The network sends the browser back to the app's redirect URL,
    /// where the caller must be signed in to Sangam.
    pub authorize_url: String,
}

#[utoipa::path(post, path = "/api/v1/profiles/oauth/{network}/start", tag = "profiles",
    params(("network" = String, Path, description = "facebook, instagram, threads, linkedin or x")),
    responses((status = 200, body = Started),
              (status = 404, description = "`network_app_unknown`", body = crate::error::ErrorBody),
              (status = 422, description = "`connect_app_missing`: no app entered for this network",
               body = crate::error::ErrorBody)))]
pub async fn start(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(network): Path<String>,
) -> Result<Json<Started>, AppError> {
    let connector = flow::connector(&state, &network)?;
    let authorize_url = flow::start(&state, &user, connector.as_ref()).await?;
    Ok(Json(Started { authorize_url }))
}
