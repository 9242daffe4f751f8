//! People in the workspace.

use crate::AppState;
use crate::actions::people::{self as people_actions, AddPerson};
use crate::api::me::Me;
use crate::auth::CurrentUser;
use crate::error::AppError;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use sangam_store::users;

#[utoipa::path(get, path = "/api/v1/people", tag = "people", responses((status = 200, body = Vec<Me>)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Me>>, AppError> {
    Ok(Json(
        users::list(&state.db, user.workspace_id)
            .await?
            .into_iter()
            .map(Me::from)
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/people", tag = "people", request_body = AddPerson,
    responses((status = 201, body = Me), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<AddPerson>, JsonRejection>,
) -> Result<(StatusCode, Json<Me>), AppError> {
    let Json(input) = body?;
    Ok((
        StatusCode::CREATED,
        Json(Me::from(people_actions::add(&state, &user, input).await?)),
    ))
}
