//! One's own account: language, time zone, password, and personal API tokens.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::{LANGUAGES, is_supported};
use crate::tokens::actions as token_actions;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use sangam_domain::ErrorCode;
use sangam_store::users::{self, ApiToken, User};

#[derive(Template, WebTemplate)]
#[template(path = "pages/account.html")]
pub struct AccountPage {
    pub page: Chrome,
    pub languages: &'static [(&'static str, &'static str)],
    pub zones: Vec<String>,
    pub tokens: Vec<ApiToken>,
    pub new_token: Option<String>,
    pub error: Option<String>,
    pub saved: bool,
    pub password_changed: bool,
}

/// Time zones offered in the picker: the whole database, sorted.
fn zones() -> Vec<String> {
    let mut zones: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
    zones.sort();
    zones
}

async fn render(
    state: &AppState,
    user: &User,
    new_token: Option<String>,
    error: Option<String>,
    saved: bool,
) -> Result<AccountPage, PageError> {
    let tokens = users::list_tokens(&state.db, user.id)
        .await
        .for_user(user)?;
    Ok(AccountPage {
        page: Chrome::new(user, "account", "account-title"),
        languages: LANGUAGES,
        zones: zones(),
        tokens,
        new_token,
        error,
        saved,
        password_changed: false,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<AccountPage, PageError> {
    render(&state, &user, None, None, false).await
}

#[derive(serde::Deserialize)]
pub struct Preferences {
    language: String,
    time_zone: String,
}

pub async fn save(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<Preferences>,
) -> Result<Response, PageError> {
    if !is_supported(&form.language) || jiff::tz::TimeZone::get(&form.time_zone).is_err() {
        let error = AppError::refuse(ErrorCode::PreferencesInvalid);
        let status = error.status();
        return Ok((
            status,
            render(&state, &user, None, Some(error.message_for(&user)), false).await?,
        )
            .into_response());
    }
    users::set_preferences(&state.db, user.id, &form.language, &form.time_zone)
        .await
        .for_user(&user)?;
    let user = users::get(&state.db, user.id).await.for_user(&user)?;
    Ok(render(&state, &user, None, None, true)
        .await?
        .into_response())
}

#[derive(serde::Deserialize)]
pub struct NewToken {
    name: String,
}

pub async fn create_token(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<NewToken>,
) -> Result<Response, PageError> {
    match token_actions::create(&state, &user, &form.name).await {
        Ok((_, secret)) => Ok(render(&state, &user, Some(secret), None, false)
            .await?
            .into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let status = e.status();
            Ok((
                status,
                render(&state, &user, None, Some(e.message_for(&user)), false).await?,
            )
                .into_response())
        }
        Err(error) => Err(PageError {
            user: Some(Box::new(user)),
            error,
        }),
    }
}

pub async fn delete_token(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Redirect, PageError> {
    token_actions::delete(&state, &user, id)
        .await
        .for_user(&user)?;
    Ok(Redirect::to("/account"))
}

#[derive(serde::Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
}

/// Changes one's password. Every session of the person ends; this one goes on under a fresh id.
pub async fn change_password(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    CurrentUser(user): CurrentUser,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    let input = crate::people::actions::ChangePassword {
        current_password: form.current_password,
        new_password: form.new_password,
    };
    match crate::people::actions::change_password(&state, &user, &input).await {
        Ok(()) => {
            session
                .cycle_id()
                .await
                .map_err(|e| AppError::Internal(e.to_string()))
                .for_user(&user)?;
            session
                .insert(crate::auth::SESSION_USER, user.id)
                .await
                .map_err(|e| AppError::Internal(e.to_string()))
                .for_user(&user)?;
            let mut page = render(&state, &user, None, None, false).await?;
            page.password_changed = true;
            Ok(page.into_response())
        }
        Err(e @ AppError::Invalid { .. }) => {
            let status = e.status();
            Ok((
                status,
                render(&state, &user, None, Some(e.message_for(&user)), false).await?,
            )
                .into_response())
        }
        Err(error) => Err(PageError {
            user: Some(Box::new(user)),
            error,
        }),
    }
}
