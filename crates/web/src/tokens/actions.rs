//! Personal API tokens.

use crate::AppState;
use crate::auth::tokens;
use crate::error::AppError;
use sangam_domain::ErrorCode;
use sangam_domain::now_millis;
use sangam_store::users::{self, ApiToken, User};

/// Creates a token and returns it with its secret, which is shown this once only.
pub async fn create(
    state: &AppState,
    user: &User,
    name: &str,
) -> Result<(ApiToken, String), AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::refuse(ErrorCode::TokenNameInvalid));
    }
    let secret = tokens::generate();
    let token = users::create_token(
        &state.db,
        user.id,
        name,
        &tokens::digest(&secret),
        now_millis(),
    )
    .await?;
    crate::audit::log(state, user, "created", "api_token", Some(token.id), name).await;
    Ok((token, secret))
}

pub async fn delete(state: &AppState, user: &User, id: i64) -> Result<(), AppError> {
    users::delete_token(&state.db, user.id, id).await?;
    crate::audit::log(state, user, "deleted", "api_token", Some(id), "").await;
    Ok(())
}
