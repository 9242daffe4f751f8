//! The single sign-on pages: the start (`/login/sso`, off to the provider), the callback (`/login/sso/callback`, back
//! from it, signed in or refused on the sign-in page), and the Admin's settings page.

use super::actions::{self, SettingsInput, SettingsView};
use super::oidc::{self, Pending};
use crate::auth::{CurrentUser, safe_next};
use crate::error::AppError;
use crate::login::page::{LoginPage, landing, start_session};
use crate::ui::{Chrome, PageError, WithUser};
use crate::{AppState, audit};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::{ErrorCode, Role, now_millis};
use sangam_store::sso::NewPeople;
use tower_sessions::Session;

/// The session key holding a sign-in on its way through the provider.
const PENDING: &str = "sso_pending";
/// How long a person may take at the provider before the sign-in must start again.
const PENDING_MAX_AGE_MS: i64 = 15 * 60_000;
const CALLBACK: &str = "/login/sso/callback";

/// The callback address to register at the provider: from `public_url`, or, when Sangam runs without one (tests, an
/// embedding), from the address the request came to.
pub fn redirect_uri(state: &AppState, headers: Option<&HeaderMap>) -> String {
    if !state.config.public_url.is_empty() {
        return state.config.absolute(CALLBACK);
    }
    let host = headers
        .and_then(|h| h.get(axum::http::header::HOST))
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}{CALLBACK}")
}

#[derive(serde::Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

/// Sends the person to the provider with a fresh state, nonce and PKCE challenge, kept in their session.
pub async fn start(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Query(q): Query<StartQuery>,
) -> Response {
    let next = safe_next(q.next.as_deref());
    match begin(&state, &session, &headers, &next).await {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(e) => {
            actions::audit_refusal(&state, &e, None).await;
            LoginPage::new(&state, &headers, next).await.refusing(&e)
        }
    }
}

async fn begin(
    state: &AppState,
    session: &Session,
    headers: &HeaderMap,
    next: &str,
) -> Result<String, AppError> {
    let Some((_, provider)) = super::sign_in_provider(state).await? else {
        return Err(AppError::refuse(ErrorCode::SsoNotConfigured));
    };
    let now = now_millis();
    let discovery = state
        .oidc
        .discover(&provider.issuer, now)
        .await
        .map_err(|e| actions::refusal(&e))?;
    let pending = oidc::begin(&provider.issuer, next, now);
    let url = oidc::authorization_url(
        &discovery,
        &provider.client_id,
        &redirect_uri(state, Some(headers)),
        &provider.scopes,
        &pending,
    )
    .map_err(|e| actions::refusal(&e))?;
    session
        .insert(PENDING, &pending)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(url)
}

#[derive(serde::Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// Back from the provider: the state must be this session's, the code is exchanged (with the PKCE verifier) and the
/// ID token checked; then the person is matched, created or refused. A refusal is said on the sign-in page.
pub async fn callback(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Response {
    let pending: Option<Pending> = session.remove(PENDING).await.ok().flatten();
    let next = pending
        .as_ref()
        .map_or_else(|| "/".to_string(), |p| p.next.clone());
    match finish(&state, &session, &headers, pending, q).await {
        Ok(role) => Redirect::to(&landing(&next, role)).into_response(),
        Err((e, email)) => {
            actions::audit_refusal(&state, &e, email.as_deref()).await;
            LoginPage::new(&state, &headers, next).await.refusing(&e)
        }
    }
}

async fn finish(
    state: &AppState,
    session: &Session,
    headers: &HeaderMap,
    pending: Option<Pending>,
    q: CallbackQuery,
) -> Result<Role, (AppError, Option<String>)> {
    let plain = |e: AppError| (e, None);
    let Some((workspace_id, provider)) = super::sign_in_provider(state).await.map_err(plain)?
    else {
        return Err(plain(AppError::refuse(ErrorCode::SsoNotConfigured)));
    };
    let now = now_millis();
    let mismatch = || plain(AppError::refuse(ErrorCode::SsoStateMismatch));
    let pending = pending.ok_or_else(mismatch)?;
    if q.state.as_deref() != Some(pending.state.as_str())
        || pending.issuer != provider.issuer
        || now - pending.started_at > PENDING_MAX_AGE_MS
    {
        return Err(mismatch());
    }
    if let Some(error) = &q.error {
        tracing::info!(error = %error.chars().take(100).collect::<String>(), "the provider sent back an error");
        return Err(plain(AppError::refuse(ErrorCode::SsoProviderError)));
    }
    let code = q
        .code
        .as_deref()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| plain(AppError::refuse(ErrorCode::SsoProviderError)))?;
    let discovery = state
        .oidc
        .discover(&provider.issuer, now)
        .await
        .map_err(|e| plain(actions::refusal(&e)))?;
    let redirect = redirect_uri(state, Some(headers));
    let client = oidc::Client {
        id: &provider.client_id,
        secret: provider.client_secret.as_deref(),
        redirect_uri: &redirect,
    };
    let who = state
        .oidc
        .finish(&discovery, &client, &pending, code, now)
        .await
        .map_err(|e| plain(actions::refusal(&e)))?;
    let (user, created) = actions::person_for(state, workspace_id, &provider, &who)
        .await
        .map_err(|e| (e, who.email.clone()))?;
    start_session(session, user.id).await.map_err(plain)?;
    let detail = format!("{} ({})", provider.provider_name, provider.issuer);
    if created {
        let role = format!("{detail}, {}", user.role);
        audit::log(
            state,
            &user,
            "sso_person_created",
            "person",
            Some(user.id),
            &role,
        )
        .await;
    }
    audit::log(state, &user, "signed_in_sso", "session", None, &detail).await;
    Ok(user.role)
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/sso_settings.html")]
pub struct SettingsPage {
    pub page: Chrome,
    pub view: SettingsView,
    pub linked: i64,
    pub roles: Vec<(&'static str, String)>,
    pub error: Option<String>,
    pub saved: bool,
}

impl SettingsPage {
    pub fn from_config(&self) -> bool {
        self.view.source == super::Source::ConfigFile
    }

    pub fn creates(&self) -> bool {
        self.view.new_people == NewPeople::Create
    }

    pub fn break_glass(&self) -> &str {
        self.view.break_glass_admin.as_deref().unwrap_or("")
    }
}

#[derive(serde::Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

async fn settings_page(
    state: &AppState,
    user: &sangam_store::users::User,
    headers: &HeaderMap,
    view: Option<SettingsView>,
) -> Result<SettingsPage, PageError> {
    let view = match view {
        Some(v) => v,
        None => actions::view(state, user.workspace_id, Some(headers))
            .await
            .for_user(user)?,
    };
    let page = Chrome::new(user, "sso", "sso-title");
    let roles = Role::ALL
        .into_iter()
        .filter(|r| *r != Role::Admin)
        .map(|r| (r.as_str(), page.t.named("role", r.as_str())))
        .collect();
    Ok(SettingsPage {
        linked: sangam_store::sso::linked_count(&state.db, user.workspace_id)
            .await
            .for_user(user)?,
        page,
        view,
        roles,
        error: None,
        saved: false,
    })
}

pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
    Query(q): Query<SavedQuery>,
) -> Result<SettingsPage, PageError> {
    let mut page = settings_page(&state, &user, &headers, None).await?;
    page.saved = q.saved.is_some();
    Ok(page)
}

#[derive(serde::Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    enabled: String,
    #[serde(default)]
    provider_name: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    client_secret: String,
    #[serde(default)]
    remove_secret: String,
    #[serde(default)]
    scopes: String,
    #[serde(default)]
    new_people: String,
    #[serde(default)]
    default_role: String,
    #[serde(default)]
    sso_only: String,
    #[serde(default)]
    break_glass_admin: String,
}

impl SettingsForm {
    fn input(&self) -> Result<SettingsInput, AppError> {
        let invalid =
            |field: &str| AppError::refuse(ErrorCode::SsoSettingsInvalid).with("field", field);
        Ok(SettingsInput {
            enabled: !self.enabled.is_empty(),
            provider_name: self.provider_name.clone(),
            issuer: self.issuer.clone(),
            client_id: self.client_id.clone(),
            // An empty field keeps the stored secret; the box removes it.
            client_secret: if !self.remove_secret.is_empty() {
                Some(String::new())
            } else {
                Some(self.client_secret.clone()).filter(|s| !s.trim().is_empty())
            },
            scopes: Some(self.scopes.clone()),
            new_people: NewPeople::parse(&self.new_people).ok_or_else(|| invalid("new_people"))?,
            default_role: Role::parse(&self.default_role).ok_or_else(|| invalid("default_role"))?,
            sso_only: !self.sso_only.is_empty(),
            break_glass_admin: Some(self.break_glass_admin.clone()),
        })
    }
}

pub async fn save(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
    Form(form): Form<SettingsForm>,
) -> Result<Response, PageError> {
    let result = match form.input() {
        Ok(input) => actions::save(&state, &user, input).await,
        Err(e) => Err(e),
    };
    crate::ui::after_form(
        &user,
        result,
        |_| Redirect::to("/settings/sso?saved=1").into_response(),
        |message| async {
            let mut page = settings_page(&state, &user, &headers, None).await?;
            // What was typed stays on the form (the secret never comes back).
            page.view.enabled = !form.enabled.is_empty();
            page.view.provider_name = form.provider_name.clone();
            page.view.issuer = form.issuer.clone();
            page.view.client_id = form.client_id.clone();
            page.view.scopes = form.scopes.clone();
            page.view.sso_only = !form.sso_only.is_empty();
            page.view.break_glass_admin = Some(form.break_glass_admin.clone());
            page.error = Some(message);
            Ok(page)
        },
    )
    .await
}
