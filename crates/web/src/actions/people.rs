//! Adding people to the workspace.

use crate::AppState;
use crate::auth::password;
use crate::error::AppError;
use sangam_domain::{Role, now_millis};
use sangam_store::users::{self, NewUser, User};

#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct AddPerson {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// At least 10 characters.
    pub password: String,
}

pub async fn add(state: &AppState, admin: &User, input: AddPerson) -> Result<User, AppError> {
    let email = input.email.trim();
    if !email.contains('@') || email.len() > 254 {
        return Err(AppError::invalid(
            "email_invalid",
            "Enter an email address like name@example.com.",
        ));
    }
    if input.name.trim().is_empty() {
        return Err(AppError::invalid(
            "name_missing",
            "Enter the person's name.",
        ));
    }
    password::check_strength(&input.password)?;
    let hash = password::hash(&input.password)?;
    let new = NewUser {
        workspace_id: admin.workspace_id,
        email,
        name: input.name.trim(),
        password_hash: &hash,
        role: input.role,
    };
    let user = users::create(&state.db, new, now_millis()).await?;
    super::log(
        state,
        admin,
        "added",
        "person",
        Some(user.id),
        input.role.as_str(),
    )
    .await;
    Ok(user)
}
