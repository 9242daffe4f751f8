//! Connected profiles: connecting (sandbox, Mastodon by token or by signing in on the instance, Bluesky by app
//! password), reconnecting and removing them.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::profiles::actions::{
    self as profile_actions, ConnectBluesky, ConnectMastodon, ConnectSandbox, Reconnect,
};
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::header::HOST;
use axum::response::{IntoResponse, Redirect, Response};
use sangam_domain::ErrorCode;
use sangam_domain::{Permission, ProfileStatus};
use sangam_networks::mastodon::AppRegistration;
use sangam_store::profiles::{self, Profile};
use sangam_store::users::User;
use tower_sessions::Session;

/// Where the Mastodon OAuth flow in progress is kept between leaving for the instance and coming back.
const OAUTH_KEY: &str = "mastodon_oauth";

#[derive(Template, WebTemplate)]
#[template(path = "pages/profiles.html")]
pub struct ProfilesPage {
    pub page: Chrome,
    pub profiles: Vec<Profile>,
    pub can_manage: bool,
    pub error: Option<String>,
    /// The code of the error, for tests and scripts (`data-code`).
    pub error_code: &'static str,
    /// The networks reached through the workspace's own app whose connectors run here.
    pub apps: Vec<AppCard>,
    /// Per profile of an app network: what its token says (valid until, cannot be renewed, last renewal failed).
    pub tokens: Vec<(i64, TokenNote)>,
}

/// One app network's section of the page.
pub struct AppCard {
    pub name: &'static str,
    pub view: crate::profiles::apps::flow::AppView,
}

/// What the page says about a profile's token.
pub struct TokenNote {
    pub text: String,
    /// A warning (it expires within a week and Sangam cannot renew it, or the last renewal failed).
    pub warn: bool,
}

impl ProfilesPage {
    pub fn token_note(&self, profile_id: &i64) -> Option<&TokenNote> {
        self.tokens
            .iter()
            .find(|(id, _)| id == profile_id)
            .map(|(_, n)| n)
    }
}

async fn app_cards(state: &AppState, user: &User) -> Result<Vec<AppCard>, AppError> {
    let mut cards = Vec::new();
    for connector in state.app_networks.apps() {
        let view = crate::profiles::apps::flow::view(state, user, connector.as_ref()).await?;
        let kind = sangam_networks::oauth::OAuthNetwork::kind(connector.as_ref());
        cards.push(AppCard {
            name: kind.display_name(),
            view,
        });
    }
    Ok(cards)
}

async fn token_notes(
    state: &AppState,
    user: &User,
    t: &crate::i18n::Tr,
) -> Result<Vec<(i64, TokenNote)>, AppError> {
    let now = sangam_domain::now_millis();
    let tokens = sangam_store::network_apps::tokens(&state.db, user.workspace_id).await?;
    Ok(tokens
        .into_iter()
        .filter_map(|token| {
            let note = match (token.last_error.as_deref(), token.expires_at) {
                (Some(detail), _) => TokenNote {
                    text: t.t1("profiles-token-error", "detail", detail),
                    warn: true,
                },
                // Within the week, or since the engine's warning went out for this expiry.
                (None, Some(at))
                    if !token.refreshable
                        && (at - now < sangam_engine::token_refresh::WARN_AHEAD_MS
                            || token.warned_for == Some(at)) =>
                {
                    TokenNote {
                        text: t.t1("profiles-token-warning", "when", t.time(at)),
                        warn: true,
                    }
                }
                (None, Some(at)) => TokenNote {
                    text: t.t1("profiles-token-expires", "when", t.time(at)),
                    warn: false,
                },
                (None, None) => return None,
            };
            Some((token.profile_id, note))
        })
        .collect())
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<ProfilesPage, PageError> {
    render(&state, &user, None).await
}

async fn render(
    state: &AppState,
    user: &User,
    error: Option<&AppError>,
) -> Result<ProfilesPage, PageError> {
    let profiles = profiles::list(&state.db, user.workspace_id)
        .await
        .for_user(user)?;
    let page = Chrome::new(user, "profiles", "profiles-title");
    // Connection errors are said in the page's own words (without the server's detail); others by the catalogue.
    let message = error.map(|e| {
        if e.code().is_connect() {
            page.t.named("profile-error", e.code().as_str())
        } else {
            e.message_in(&page.t)
        }
    });
    let apps = app_cards(state, user).await.for_user(user)?;
    let tokens = token_notes(state, user, &page.t).await.for_user(user)?;
    Ok(ProfilesPage {
        page,
        profiles,
        can_manage: user.role.can(Permission::ManageProfiles),
        error: message,
        error_code: error.map(|e| e.code().as_str()).unwrap_or_default(),
        apps,
        tokens,
    })
}

/// The result of a form: back to the list, or the list again with the error for what the person can fix.
pub(crate) async fn outcome<T>(
    state: &AppState,
    user: User,
    result: Result<T, AppError>,
) -> Result<Response, PageError> {
    match result {
        Ok(_) => Ok(Redirect::to("/profiles").into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_) | AppError::NotFound(_))) => {
            let status = e.status();
            Ok((status, render(state, &user, Some(&e)).await?).into_response())
        }
        Err(error) => Err(PageError {
            user: Some(Box::new(user)),
            error,
        }),
    }
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<ConnectSandbox>,
) -> Result<Response, PageError> {
    let result = profile_actions::connect_sandbox(&state, &user, form).await;
    outcome(&state, user, result).await
}

pub async fn connect_mastodon(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<ConnectMastodon>,
) -> Result<Response, PageError> {
    let result = profile_actions::connect_mastodon(&state, &user, form).await;
    outcome(&state, user, result).await
}

pub async fn connect_bluesky(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<ConnectBluesky>,
) -> Result<Response, PageError> {
    let result = profile_actions::connect_bluesky(&state, &user, form).await;
    outcome(&state, user, result).await
}

pub async fn reconnect(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Reconnect>,
) -> Result<Response, PageError> {
    let result = profile_actions::reconnect(&state, &user, id, form).await;
    outcome(&state, user, result).await
}

pub async fn remove(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let result = profile_actions::remove(&state, &user, id).await;
    outcome(&state, user, result).await
}

#[derive(Debug, serde::Deserialize)]
pub struct AuthorizeForm {
    /// The instance to sign in on; for a reconnect, the profile's own instance is used.
    #[serde(default)]
    pub instance: String,
    /// A profile to reconnect instead of connecting a new one.
    #[serde(default)]
    pub reconnect: Option<String>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct PendingOauth {
    app: AppRegistration,
    state: String,
    reconnect: Option<i64>,
}

/// Our own address as the browser sees it, for the instance to send the person back to.
fn callback_url(state: &AppState, headers: &HeaderMap) -> Result<String, AppError> {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .ok_or_else(|| AppError::refuse(ErrorCode::InvalidHost))?;
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    Ok(format!("{scheme}://{host}/profiles/mastodon/callback"))
}

/// Registers Sangam on the instance and sends the person there to approve it.
pub async fn mastodon_authorize(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    session: Session,
    headers: HeaderMap,
    Form(form): Form<AuthorizeForm>,
) -> Result<Response, PageError> {
    let result = async {
        let reconnect =
            match form.reconnect.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(id) => Some(id.parse::<i64>().map_err(|_| {
                    AppError::refuse(ErrorCode::InvalidForm).with("case", "reconnect")
                })?),
            };
        let instance = match reconnect {
            Some(id) => {
                let profile = profiles::get(&state.db, user.workspace_id, id).await?;
                let stored = profiles::credentials(&state.db, &state.secrets, profile.id).await?;
                stored["instance"].as_str().unwrap_or_default().to_string()
            }
            None => form.instance.clone(),
        };
        let redirect_uri = callback_url(&state, &headers)?;
        let app = profile_actions::start_mastodon_oauth(&state, &instance, &redirect_uri).await?;
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        let url = app
            .authorize_url(&nonce)
            .map_err(|e| profile_actions::connect_error(e, sangam_domain::NetworkKind::Mastodon))?;
        let pending = PendingOauth {
            app,
            state: nonce,
            reconnect,
        };
        session
            .insert(OAUTH_KEY, pending)
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok::<_, AppError>(url.to_string())
    }
    .await;
    match result {
        Ok(url) => Ok(Redirect::to(&url).into_response()),
        Err(e) => outcome::<()>(&state, user, Err(e)).await,
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    /// Set by the instance when the person declined.
    pub error: Option<String>,
}

/// The instance sends the person back here with a code (or an error); the state must be the one we sent.
pub async fn mastodon_callback(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    session: Session,
    Query(back): Query<Callback>,
) -> Result<Response, PageError> {
    let result = async {
        let pending: Option<PendingOauth> = session
            .remove(OAUTH_KEY)
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let expired = || AppError::refuse(ErrorCode::ConnectOauthExpired);
        let pending = pending.ok_or_else(expired)?;
        if back.state.as_deref() != Some(pending.state.as_str()) {
            return Err(expired());
        }
        if back.error.is_some() {
            return Err(AppError::refuse(ErrorCode::ConnectDeclined));
        }
        let code = back.code.as_deref().unwrap_or_default();
        profile_actions::finish_mastodon_oauth(&state, &user, &pending.app, code, pending.reconnect)
            .await
    }
    .await;
    outcome(&state, user, result).await
}
