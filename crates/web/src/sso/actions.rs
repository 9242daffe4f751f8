//! What single sign-on does, for the pages and the API alike: saving an Admin's settings, and turning a verified
//! provider identity into a signed-in person (matched, created or refused).

use super::oidc::{Identity, OidcError, TokenProblem};
use super::{Provider, Source, provider_for};
use crate::error::AppError;
use crate::{AppState, audit};
use sangam_domain::{ErrorCode, Role, now_millis};
use sangam_networks::http::AddressProblem;
use sangam_store::activity::{self, NewActivity};
use sangam_store::sso::{self as store, NewPeople, SecretChange, SsoSettings};
use sangam_store::users::{self, NewUser, User};
use sangam_store::{StoreError, workspaces};
use serde::{Deserialize, Serialize};

/// What a person created by single sign-on has for a password: not a hash, so no password ever matches it (an Admin
/// can still send them a reset link when passwords are on).
const NO_PASSWORD: &str = "sso: no password";

/// The settings an Admin sends.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsInput {
    /// Show "Sign in with ..." and accept sign-ins through the provider.
    pub enabled: bool,
    /// The provider's name on the sign-in button, e.g. "Acme ID".
    #[schema(min_length = 1, max_length = 60)]
    pub provider_name: String,
    /// The issuer URL (`https://id.example.com/realms/acme`); discovery is read from
    /// `{issuer}/.well-known/openid-configuration`.
    #[schema(min_length = 1, max_length = 500)]
    pub issuer: String,
    #[schema(min_length = 1, max_length = 200)]
    pub client_id: String,
    /// A new client secret. Left out (or null): the stored one is kept. Empty: the stored one is removed (a public
    /// client, PKCE only). Never sent back.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub client_secret: Option<String>,
    /// Space-separated scopes; `openid` is always asked for. Default `openid email profile`.
    #[serde(default)]
    #[schema(max_length = 300)]
    pub scopes: Option<String>,
    /// A verified email nobody here has: make a person with `default_role`, or refuse.
    pub new_people: NewPeople,
    /// The role of people made on their first sign-in (not Admin).
    pub default_role: Role,
    /// Turn password sign-in off for everyone but `break_glass_admin`.
    pub sso_only: bool,
    /// The email of an active Admin of this workspace who may still sign in with a password; required with
    /// `sso_only`.
    #[serde(default)]
    #[schema(max_length = 320)]
    pub break_glass_admin: Option<String>,
}

/// The settings as the API shows them: the secret only as whether there is one.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SettingsView {
    /// Where these come from: the config file's `[sso]` section wins over the settings page.
    pub source: Source,
    pub enabled: bool,
    pub provider_name: String,
    pub issuer: String,
    pub client_id: String,
    pub has_client_secret: bool,
    pub scopes: String,
    pub new_people: NewPeople,
    pub default_role: Role,
    pub sso_only: bool,
    pub break_glass_admin: Option<String>,
    /// The address to register at the provider as this client's redirect URI.
    pub redirect_uri: String,
    /// Whether the config lets the issuer be http or on a private network.
    pub private_issuer_allowed: bool,
}

impl SettingsView {
    pub fn of(
        provider: Option<Provider>,
        redirect_uri: String,
        private_allowed: bool,
    ) -> SettingsView {
        let p = provider.unwrap_or_else(|| Provider {
            source: Source::Settings,
            enabled: false,
            provider_name: String::new(),
            issuer: String::new(),
            client_id: String::new(),
            client_secret: None,
            has_secret: false,
            scopes: super::DEFAULT_SCOPES.to_string(),
            new_people: NewPeople::Refuse,
            default_role: Role::Member,
            sso_only: false,
            break_glass_email: None,
        });
        SettingsView {
            source: p.source,
            enabled: p.enabled,
            provider_name: p.provider_name,
            issuer: p.issuer,
            client_id: p.client_id,
            has_client_secret: p.has_secret,
            scopes: p.scopes,
            new_people: p.new_people,
            default_role: p.default_role,
            sso_only: p.sso_only,
            break_glass_admin: p.break_glass_email,
            redirect_uri,
            private_issuer_allowed: private_allowed,
        }
    }
}

fn invalid(field: &str) -> AppError {
    AppError::refuse(ErrorCode::SsoSettingsInvalid).with("field", field)
}

fn text(value: &str, field: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(invalid(field));
    }
    Ok(value.to_string())
}

/// Checks and saves an Admin's settings for their workspace. Refused while the config file sets the provider.
pub async fn save(
    state: &AppState,
    admin: &User,
    input: SettingsInput,
) -> Result<SettingsView, AppError> {
    if state.config.sso.provider.is_some() {
        return Err(AppError::refuse(ErrorCode::SsoManagedByConfig));
    }
    let provider_name = text(&input.provider_name, "provider_name", 60)?;
    let issuer = text(&input.issuer, "issuer", 500)?
        .trim_end_matches('/')
        .to_string();
    state.oidc.check_address(&issuer).map_err(|e| match e {
        OidcError::AddressNotAllowed(AddressProblem::NotAUrl(_)) => invalid("issuer"),
        _ => AppError::refuse(ErrorCode::SsoIssuerNotAllowed),
    })?;
    let client_id = text(&input.client_id, "client_id", 200)?;
    let scopes = match input.scopes.as_deref().map(str::trim) {
        None | Some("") => super::DEFAULT_SCOPES.to_string(),
        Some(s) => {
            let ok = s.len() <= 300
                && s.split_whitespace().all(|w| {
                    w.bytes()
                        .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\')
                });
            if !ok {
                return Err(invalid("scopes"));
            }
            super::with_openid(s)
        }
    };
    if input.default_role == Role::Admin {
        return Err(invalid("default_role"));
    }
    let break_glass = match input.break_glass_admin.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(email) => Some(email.to_lowercase()),
    };
    if input.sso_only {
        let Some(email) = &break_glass else {
            return Err(invalid("break_glass"));
        };
        let admin_there = users::list_active(&state.db, admin.workspace_id)
            .await?
            .into_iter()
            .any(|u| u.email == *email && u.role == Role::Admin);
        if !admin_there {
            return Err(invalid("break_glass"));
        }
    }
    let secret = match input.client_secret.as_deref() {
        None => SecretChange::Keep,
        Some(s) if s.trim().is_empty() => SecretChange::Clear,
        Some(s) if s.chars().count() > 500 || s.chars().any(char::is_control) => {
            return Err(invalid("client_secret"));
        }
        Some(s) => SecretChange::Set(state.secrets.seal(s.trim())),
    };
    let settings = SsoSettings {
        workspace_id: admin.workspace_id,
        enabled: input.enabled,
        provider_name,
        issuer,
        client_id,
        client_secret_sealed: None,
        scopes,
        new_people: input.new_people,
        default_role: input.default_role,
        sso_only: input.sso_only,
        break_glass_email: break_glass,
        updated_by: Some(admin.id),
        updated_at: now_millis(),
    };
    let saved = store::save(&state.db, &settings, secret).await?;
    let detail = format!(
        "{} ({}), {}{}",
        saved.provider_name,
        saved.issuer,
        if saved.enabled { "on" } else { "off" },
        if saved.sso_only { ", SSO only" } else { "" }
    );
    audit::log(state, admin, "sso_settings_saved", "sso", None, &detail).await;
    view(state, admin.workspace_id, None).await
}

/// The settings of `workspace_id` as the API and the page show them.
pub async fn view(
    state: &AppState,
    workspace_id: i64,
    headers: Option<&axum::http::HeaderMap>,
) -> Result<SettingsView, AppError> {
    Ok(SettingsView::of(
        provider_for(state, workspace_id).await?,
        super::page::redirect_uri(state, headers),
        state.oidc.allows_private(),
    ))
}

/// The sign-in's refusal for what the provider or its token did wrong.
pub fn refusal(e: &OidcError) -> AppError {
    tracing::info!(error = %e, "a single sign-on was refused");
    match e {
        OidcError::AddressNotAllowed(_) => AppError::refuse(ErrorCode::SsoIssuerNotAllowed),
        OidcError::Unreachable(_) => AppError::refuse(ErrorCode::SsoProviderUnreachable),
        OidcError::Provider(_) => AppError::refuse(ErrorCode::SsoProviderError),
        OidcError::Token(TokenProblem::Signature) => {
            AppError::refuse(ErrorCode::SsoTokenSignatureInvalid)
        }
        OidcError::Token(TokenProblem::Expired) => AppError::refuse(ErrorCode::SsoTokenExpired),
        OidcError::Token(TokenProblem::Nonce) => AppError::refuse(ErrorCode::SsoNonceMismatch),
        OidcError::Token(TokenProblem::Claims(_)) => AppError::refuse(ErrorCode::SsoTokenInvalid),
    }
}

/// The person a verified provider identity signs in as: the one it was matched to before; else the active person
/// with its verified email (matched from now on); else, as the settings say, a new person with the default role, or
/// a refusal. A deactivated person stays out.
pub async fn person_for(
    state: &AppState,
    workspace_id: i64,
    provider: &Provider,
    who: &Identity,
) -> Result<(User, bool), AppError> {
    let now = now_millis();
    if let Some(id) = store::identity_user(&state.db, &provider.issuer, &who.sub, now).await? {
        return match users::get_active(&state.db, id).await? {
            Some(user) => Ok((user, false)),
            None => Err(AppError::refuse(ErrorCode::SsoAccountRefused)),
        };
    }
    let email = who
        .email
        .as_deref()
        .map(|e| e.trim().to_lowercase())
        .unwrap_or_default();
    if email.is_empty() || !who.email_verified {
        return Err(AppError::refuse(ErrorCode::SsoEmailNotVerified));
    }
    if let Some((user, _)) = users::credentials_by_email(&state.db, &email).await? {
        store::link_identity(&state.db, &provider.issuer, &who.sub, user.id, now).await?;
        return Ok((user, false));
    }
    if provider.new_people == NewPeople::Refuse {
        return Err(AppError::refuse(ErrorCode::SsoAccountRefused));
    }
    let name = who
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty() && n.chars().count() <= 100)
        .map_or_else(
            || email.split('@').next().unwrap_or(&email).to_string(),
            str::to_string,
        );
    let new = NewUser {
        workspace_id,
        email: &email,
        name: &name,
        password_hash: NO_PASSWORD,
        role: provider.default_role,
    };
    let user = match users::create(&state.db, new, now).await {
        Ok(user) => user,
        // Someone has the email but was deactivated (an active one was matched above): they stay out.
        Err(StoreError::Conflict(_)) => return Err(AppError::refuse(ErrorCode::SsoAccountRefused)),
        Err(e) => return Err(e.into()),
    };
    store::link_identity(&state.db, &provider.issuer, &who.sub, user.id, now).await?;
    Ok((user, true))
}

/// Writes a refused single sign-on into the workspace's audit log (nobody is signed in to name as the actor).
pub async fn audit_refusal(state: &AppState, error: &AppError, email: Option<&str>) {
    let workspace = match workspaces::first(&state.db).await {
        Ok(Some(w)) => w.id,
        _ => return,
    };
    let detail = match email {
        Some(email) => format!("{}: {email}", error.code()),
        None => error.code().to_string(),
    };
    let entry = NewActivity {
        workspace_id: workspace,
        user_id: None,
        action: "sso_refused",
        object_kind: "session",
        object_id: None,
        detail: &detail,
    };
    if let Err(e) = activity::record(&state.db, entry, now_millis()).await {
        tracing::warn!(error = %e, "could not write the activity log");
    }
}
