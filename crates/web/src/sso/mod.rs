//! Single sign-on with OpenID Connect (authorisation code + PKCE). An Admin sets the provider up on the settings page
//! (or the self-hoster in the config file's `[sso]` section, which then wins and the page says so); the sign-in page
//! shows "Sign in with <provider>"; `/login/sso` sends the person to the provider and `/login/sso/callback` checks
//! what comes back ([`oidc`]) and signs them in as the person matched by verified email, or a new one, or refuses
//! them, as the settings say. "SSO only" turns password sign-in off except for one break-glass Admin.

pub mod actions;
pub mod api;
pub mod oidc;
pub mod page;

use crate::AppState;
use crate::error::AppError;
use crate::routes::{Entry, get, post, put};
use sangam_domain::Role;
use sangam_store::sso::{self as store, NewPeople};
use sangam_store::workspaces;

/// The config file's `[sso]` section, as the web layer needs it.
#[derive(Clone, Default)]
pub struct SsoConfig {
    /// The provider the config file names; when set, it wins over the settings page.
    pub provider: Option<ConfiguredProvider>,
    /// Let the issuer be `http://`, loopback or on a private network (an identity provider on the LAN, tests). Off:
    /// only https issuers on public addresses are contacted, as for the connectors.
    pub allow_private_issuer: bool,
}

impl std::fmt::Debug for SsoConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SsoConfig")
            .field("provider", &self.provider.as_ref().map(|p| &p.issuer))
            .field("allow_private_issuer", &self.allow_private_issuer)
            .finish()
    }
}

/// A provider as the config file states it (the client secret in the clear: the file is the self-hoster's).
#[derive(Clone, PartialEq, Eq)]
pub struct ConfiguredProvider {
    pub enabled: bool,
    pub provider_name: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub scopes: String,
    pub new_people: NewPeople,
    pub default_role: Role,
    pub sso_only: bool,
    pub break_glass_admin: Option<String>,
}

/// Where the provider in force was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The config file's `[sso]` section (the settings page shows it and cannot change it).
    ConfigFile,
    /// The settings page (or the API).
    Settings,
}

/// The provider in force for sign-in, whichever source set it.
#[derive(Clone)]
pub struct Provider {
    pub source: Source,
    pub enabled: bool,
    pub provider_name: String,
    pub issuer: String,
    pub client_id: String,
    /// Opened (from the settings) or as written (config file).
    pub client_secret: Option<String>,
    pub has_secret: bool,
    pub scopes: String,
    pub new_people: NewPeople,
    pub default_role: Role,
    pub sso_only: bool,
    pub break_glass_email: Option<String>,
}

/// The default scopes: who the person is and their email.
pub const DEFAULT_SCOPES: &str = "openid email profile";

impl Provider {
    fn from_config(c: &ConfiguredProvider) -> Provider {
        Provider {
            source: Source::ConfigFile,
            enabled: c.enabled,
            provider_name: c.provider_name.clone(),
            issuer: c.issuer.trim_end_matches('/').to_string(),
            client_id: c.client_id.clone(),
            client_secret: c.client_secret.clone().filter(|s| !s.is_empty()),
            has_secret: c.client_secret.as_ref().is_some_and(|s| !s.is_empty()),
            scopes: with_openid(&c.scopes),
            new_people: c.new_people,
            default_role: c.default_role,
            sso_only: c.sso_only,
            break_glass_email: c
                .break_glass_admin
                .as_deref()
                .map(|e| e.trim().to_lowercase()),
        }
    }

    fn from_settings(state: &AppState, s: store::SsoSettings) -> Result<Provider, AppError> {
        let client_secret = match &s.client_secret_sealed {
            Some(sealed) => Some(state.secrets.open(sealed).map_err(|e| {
                AppError::Internal(format!("the SSO client secret could not be opened: {e}"))
            })?),
            None => None,
        };
        Ok(Provider {
            source: Source::Settings,
            enabled: s.enabled,
            provider_name: s.provider_name,
            issuer: s.issuer,
            client_id: s.client_id,
            has_secret: client_secret.is_some(),
            client_secret,
            scopes: with_openid(&s.scopes),
            new_people: s.new_people,
            default_role: s.default_role,
            sso_only: s.sso_only,
            break_glass_email: s.break_glass_email,
        })
    }

    /// Whether `email` may still sign in with a password.
    pub fn password_allowed_for(&self, email: &str) -> bool {
        !self.in_force_sso_only()
            || self
                .break_glass_email
                .as_deref()
                .is_some_and(|b| b == email.trim().to_lowercase())
    }

    /// "SSO only" holds only while SSO itself is on: a switched-off provider never locks everyone out.
    fn in_force_sso_only(&self) -> bool {
        self.enabled && self.sso_only
    }
}

/// `scopes` with `openid` first, whatever was typed.
pub fn with_openid(scopes: &str) -> String {
    let mut out = vec!["openid"];
    out.extend(scopes.split_whitespace().filter(|s| *s != "openid"));
    out.join(" ")
}

/// The provider set up for `workspace_id`: the config file's when it names one, else the settings page's.
pub async fn provider_for(
    state: &AppState,
    workspace_id: i64,
) -> Result<Option<Provider>, AppError> {
    if let Some(c) = &state.config.sso.provider {
        return Ok(Some(Provider::from_config(c)));
    }
    match store::settings(&state.db, workspace_id).await? {
        Some(s) => Ok(Some(Provider::from_settings(state, s)?)),
        None => Ok(None),
    }
}

/// The provider that signs people in on this install's sign-in page (the install's workspace, as single-team
/// installs have one), when it is switched on.
pub async fn sign_in_provider(state: &AppState) -> Result<Option<(i64, Provider)>, AppError> {
    let Some(workspace) = workspaces::first(&state.db).await? else {
        return Ok(None);
    };
    Ok(provider_for(state, workspace.id)
        .await?
        .filter(|p| p.enabled)
        .map(|p| (workspace.id, p)))
}

/// What the sign-in page offers: the provider's button, and whether passwords are off.
#[derive(Debug, Clone, Default)]
pub struct LoginChoice {
    pub provider_name: Option<String>,
    pub sso_only: bool,
}

/// The sign-in page's choice; a failure to read it leaves passwords on and the button off (and is logged), so a
/// broken setting never locks the break-glass Admin out.
pub async fn login_choice(state: &AppState) -> LoginChoice {
    match sign_in_provider(state).await {
        Ok(Some((_, p))) => LoginChoice {
            sso_only: p.in_force_sso_only(),
            provider_name: Some(p.provider_name),
        },
        Ok(None) => LoginChoice::default(),
        Err(e) => {
            tracing::warn!(error = %e, "the single sign-on settings could not be read");
            LoginChoice::default()
        }
    }
}

/// Refuses a password sign-in for `email` while "SSO only" is on, unless it is the break-glass Admin's.
pub async fn check_password_allowed(state: &AppState, email: &str) -> Result<(), AppError> {
    match sign_in_provider(state).await? {
        Some((_, p)) if !p.password_allowed_for(email) => {
            Err(AppError::refuse(sangam_domain::ErrorCode::SsoPasswordsOff)
                .with("provider", p.provider_name))
        }
        _ => Ok(()),
    }
}

/// Whether a password sign-in by `user` may go ahead: under "SSO only" the break-glass account must be an Admin.
pub async fn check_break_glass_role(state: &AppState, role: Role) -> Result<(), AppError> {
    match sign_in_provider(state).await? {
        Some((_, p)) if p.in_force_sso_only() && role != Role::Admin => {
            Err(AppError::refuse(sangam_domain::ErrorCode::SsoPasswordsOff)
                .with("provider", p.provider_name))
        }
        _ => Ok(()),
    }
}

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        // Public: the person is not signed in yet; the state in their session is what ties the two together.
        get("/login/sso", None, page::start),
        get("/login/sso/callback", None, page::callback),
        get("/settings/sso", Some(ManagePeople), page::settings),
        post("/settings/sso", Some(ManagePeople), page::save),
        get("/api/v1/sso/settings", Some(ManagePeople), api::show),
        put("/api/v1/sso/settings", Some(ManagePeople), api::save),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(sso_only: bool, enabled: bool) -> Provider {
        Provider::from_config(&ConfiguredProvider {
            enabled,
            provider_name: "Acme ID".into(),
            issuer: "https://id.example.com/".into(),
            client_id: "sangam".into(),
            client_secret: Some(String::new()),
            scopes: "email".into(),
            new_people: NewPeople::Refuse,
            default_role: Role::Member,
            sso_only,
            break_glass_admin: Some("Root@Example.com".into()),
        })
    }

    #[test]
    fn sso_only_leaves_passwords_to_the_break_glass_admin_alone() {
        let p = provider(true, true);
        assert!(p.password_allowed_for("root@example.com"));
        assert!(p.password_allowed_for(" ROOT@example.com"));
        assert!(!p.password_allowed_for("asha@example.com"));
        assert!(provider(false, true).password_allowed_for("asha@example.com"));
        assert!(
            provider(true, false).password_allowed_for("asha@example.com"),
            "a provider switched off never locks passwords"
        );
    }

    #[test]
    fn config_values_are_tidied() {
        let p = provider(false, true);
        assert_eq!(p.issuer, "https://id.example.com");
        assert_eq!(p.scopes, "openid email");
        assert!(
            !p.has_secret && p.client_secret.is_none(),
            "an empty secret is none"
        );
        assert_eq!(with_openid("profile openid email"), "openid profile email");
    }
}
