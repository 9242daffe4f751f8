//! Signing in and out.

use crate::auth::{ClientIp, SESSION_USER, limiter, password, safe_next};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::sso::LoginChoice;
use crate::{AppState, audit};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::header::RETRY_AFTER;
use axum::response::{IntoResponse, Redirect, Response};
use sangam_domain::now_millis;
use sangam_store::users;
use tower_sessions::Session;

#[derive(Template, WebTemplate)]
#[template(path = "pages/login.html")]
pub struct LoginPage {
    pub t: Tr,
    pub next: String,
    pub email: String,
    pub error: Option<String>,
    /// The code of `error` when it is one of the catalogue's, for scripts and tests.
    pub error_code: Option<&'static str>,
    /// The single sign-on button, and whether passwords are off but for the break-glass Admin.
    pub sso: LoginChoice,
}

impl LoginPage {
    /// The sign-in page in `headers`' language, offering what the install offers.
    pub async fn new(state: &AppState, headers: &axum::http::HeaderMap, next: String) -> LoginPage {
        LoginPage {
            t: Tr::new(crate::i18n::from_accept_language(headers), "UTC"),
            next,
            email: String::new(),
            error: None,
            error_code: None,
            sso: crate::sso::login_choice(state).await,
        }
    }

    /// The single sign-on start, returning to the page asked for.
    pub fn sso_href(&self) -> String {
        format!("/login/sso?next={}", crate::auth::urlencode(&self.next))
    }

    /// The page saying `error` (in the page's language), under the error's status.
    pub fn refusing(mut self, error: &AppError) -> Response {
        self.error = Some(error.message_in(&self.t));
        self.error_code = Some(error.code().as_str());
        (error.status(), self).into_response()
    }
}

#[derive(serde::Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The sign-in page speaks the browser's language (`Accept-Language`): nobody is signed in yet to have one.
pub async fn form(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Query(q): Query<NextQuery>,
) -> LoginPage {
    LoginPage::new(&state, &headers, safe_next(q.next.as_deref())).await
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
    headers: axum::http::HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next.as_deref());
    let email = form.email.trim().to_lowercase();
    let mut page = LoginPage::new(&state, &headers, next.clone()).await;
    page.email = email.clone();
    // "SSO only": a password is not even checked, except the break-glass Admin's.
    if let Err(refused) = crate::sso::check_password_allowed(&state, &email).await {
        return Ok(page.refusing(&refused));
    }
    let address = ip.map_or_else(|| "unknown".to_string(), |ip| ip.to_string());
    let now = now_millis();
    if let Some(wait_ms) = limiter::wait(&state.db, &email, &address, now).await? {
        let seconds = (wait_ms + 999) / 1000;
        page.error = Some(page.t.t1("login-wait", "seconds", seconds));
        let retry_after = [(RETRY_AFTER, seconds.to_string())];
        return Ok((AppError::TooManyAttempts.status(), retry_after, page).into_response());
    }
    // The same argon2 work whether or not the email belongs to someone, so timing does not tell.
    let user = match users::credentials_by_email(&state.db, &email).await? {
        Some((user, hash)) => password::verify(&form.password, &hash).then_some(user),
        None => {
            password::verify_nobody(&form.password);
            None
        }
    };
    let Some(user) = user else {
        limiter::failed(&state.db, &email, &address, now).await?;
        page.error = Some(page.t.t("login-wrong"));
        return Ok((axum::http::StatusCode::UNAUTHORIZED, page).into_response());
    };
    limiter::succeeded(&state.db, &email, &address).await?;
    if let Err(refused) = crate::sso::check_break_glass_role(&state, user.role).await {
        return Ok(page.refusing(&refused));
    }
    start_session(&session, user.id).await?;
    audit::log(&state, &user, "signed_in", "session", None, "").await;
    Ok(Redirect::to(&landing(&next, user.role)).into_response())
}

/// Signs `user_id` in on this session, under a new session id, so an id planted before sign-in is worthless after it.
pub(crate) async fn start_session(session: &Session, user_id: i64) -> Result<(), AppError> {
    session
        .cycle_id()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    session
        .insert(SESSION_USER, user_id)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// Where sign-in lands: the page asked for, or, when none was (`/`), the person's start page for their role, so an
/// Approver lands on its queue rather than on a dashboard it may not open.
pub(crate) fn landing(next: &str, role: sangam_domain::Role) -> String {
    if next == "/" {
        crate::ui::home_for(role).0.to_string()
    } else {
        next.to_string()
    }
}

pub async fn logout(session: Session) -> Result<Redirect, AppError> {
    session
        .flush()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Redirect::to("/login"))
}
