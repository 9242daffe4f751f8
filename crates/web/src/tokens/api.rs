//! Personal API tokens.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::tokens::actions as token_actions;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use sangam_domain::Millis;
use sangam_store::users;
use serde::{Deserialize, Serialize};

#[derive(Serialize, utoipa::ToSchema)]
pub struct Token {
    pub id: i64,
    pub name: String,
    pub created_at: Millis,
    pub last_used_at: Option<Millis>,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewToken {
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedToken {
    pub id: i64,
    pub name: String,
    /// The secret, shown this once. Send it as `Authorization: Bearer <token>`.
    pub token: String,
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "people", responses((status = 200, body = Vec<Token>)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Token>>, AppError> {
    let tokens = users::list_tokens(&state.db, user.id).await?;
    Ok(Json(
        tokens
            .into_iter()
            .map(|t| Token {
                id: t.id,
                name: t.name,
                created_at: t.created_at,
                last_used_at: t.last_used_at,
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "people", request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<NewToken>, JsonRejection>,
) -> Result<(StatusCode, Json<CreatedToken>), AppError> {
    let Json(input) = body?;
    let (token, secret) = token_actions::create(&state, &user, &input.name).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            id: token.id,
            name: token.name,
            token: secret,
        }),
    ))
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    token_actions::delete(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
