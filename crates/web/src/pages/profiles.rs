//! Connected profiles, and connecting a sandbox profile.

use super::{Chrome, PageError, WithUser};
use crate::AppState;
use crate::actions::profiles::{self as profile_actions, ConnectSandbox};
use crate::auth::CurrentUser;
use crate::error::AppError;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use sangam_domain::Permission;
use sangam_store::profiles::{self, Profile};

#[derive(Template, WebTemplate)]
#[template(path = "pages/profiles.html")]
pub struct ProfilesPage {
    pub page: Chrome,
    pub profiles: Vec<Profile>,
    pub can_manage: bool,
    pub error: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<ProfilesPage, PageError> {
    render(&state, &user, None).await
}

async fn render(
    state: &AppState,
    user: &sangam_store::users::User,
    error: Option<String>,
) -> Result<ProfilesPage, PageError> {
    let profiles = profiles::list(&state.db, user.workspace_id)
        .await
        .for_user(user)?;
    Ok(ProfilesPage {
        page: Chrome::new(user, "profiles", "profiles-title"),
        profiles,
        can_manage: user.role.can(Permission::ManageProfiles),
        error,
    })
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<ConnectSandbox>,
) -> Result<Response, PageError> {
    match profile_actions::connect_sandbox(&state, &user, form).await {
        Ok(_) => Ok(Redirect::to("/profiles").into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = e.status();
            Ok((status, render(&state, &user, Some(e.to_string())).await?).into_response())
        }
        Err(error) => Err(PageError {
            user: Some(Box::new(user)),
            error,
        }),
    }
}
