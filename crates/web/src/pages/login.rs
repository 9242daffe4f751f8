//! Signing in and out.

use crate::auth::{ClientIp, SESSION_USER, password, safe_next};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::{AppState, actions};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use sangam_store::users;
use tower_sessions::Session;

#[derive(Template, WebTemplate)]
#[template(path = "pages/login.html")]
pub struct LoginPage {
    pub t: Tr,
    pub next: String,
    pub email: String,
    pub error: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The sign-in page speaks the browser's language (`Accept-Language`): nobody is signed in yet to have one.
pub async fn form(headers: axum::http::HeaderMap, Query(q): Query<NextQuery>) -> LoginPage {
    LoginPage {
        t: Tr::new(crate::i18n::from_accept_language(&headers), "UTC"),
        next: safe_next(q.next.as_deref()),
        email: String::new(),
        error: None,
    }
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    headers: axum::http::HeaderMap,
    let t = Tr::new(crate::i18n::from_accept_language(&headers), "UTC");
    let next = safe_next(form.next.as_deref());
    let email = form.email.trim().to_lowercase();
    let ip = ip.map(|ip| ip.to_string()).unwrap_or_default();
    let keys = [format!("email:{email}"), format!("ip:{ip}")];
    if !keys.iter().all(|k| state.login_limiter.allowed(k)) {
        let page = LoginPage {
            error: Some(t.t("login-too-many")),
            t,
            next,
            email,
        };
        return Ok((AppError::TooManyAttempts.status(), page).into_response());
    }
    let found = users::credentials_by_email(&state.db, &email).await?;
    let user = match found {
        Some((user, hash)) if password::verify(&form.password, &hash) => user,
        _ => {
            keys.iter().for_each(|k| state.login_limiter.failed(k));
            let page = LoginPage {
                error: Some(t.t("login-wrong")),
                t,
                next,
                email,
            };
            return Ok((axum::http::StatusCode::UNAUTHORIZED, page).into_response());
        }
    };
    keys.iter().for_each(|k| state.login_limiter.succeeded(k));
    // A new session id on sign-in, so an id planted before sign-in is worthless after it.
    session
        .cycle_id()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    session
        .insert(SESSION_USER, user.id)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    actions::log(&state, &user, "signed_in", "session", None, "").await;
    Ok(Redirect::to(&next).into_response())
}

pub async fn logout(session: Session) -> Result<Redirect, AppError> {
    session
        .flush()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Redirect::to("/login"))
}
