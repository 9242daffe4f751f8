//! Connecting a network through the workspace's own developer app: the app's credentials (entered once by an Admin),
//! then the OAuth 2.0 authorization-code flow with PKCE (S256) where the network takes it. The attempt (its `state`
//! and the PKCE verifier, sealed) is stored bound to the person who started it, single use, for ten minutes; the
//! accounts a login grants are stored as profiles through the same path as Mastodon and Bluesky, and an account
//! already connected keeps its profile (and everything attached to it) with new credentials.

use crate::AppState;
use crate::error::AppError;
use crate::profiles::actions::store_connected;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sangam_domain::{ErrorCode, Millis, NetworkKind, now_millis};
use sangam_networks::connect::{ConnectError, Connected};
use sangam_networks::oauth::{App, AppNetwork, Authorize, Granted};
use sangam_store::network_apps::{self, Starter};
use sangam_store::profiles::{self, Profile};
use sangam_store::users::User;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The network named in a path, when it is reached through a workspace app and its connector runs here.
pub fn connector(state: &AppState, network: &str) -> Result<Arc<dyn AppNetwork>, AppError> {
    NetworkKind::parse(network)
        .filter(|k| k.uses_oauth_app())
        .and_then(|k| state.app_networks.app(k))
        .ok_or_else(|| AppError::refuse(ErrorCode::NetworkAppUnknown))
}

fn kind(connector: &dyn AppNetwork) -> NetworkKind {
    sangam_networks::oauth::OAuthNetwork::kind(connector)
}

/// The exact redirect URL to register with the network's app.
pub fn redirect_uri(state: &AppState, network: NetworkKind) -> String {
    format!(
        "{}/profiles/oauth/{}/callback",
        state.config.public_url.trim_end_matches('/'),
        network.as_str()
    )
}

/// A fresh PKCE pair (RFC 7636): a 43-character verifier from 32 random bytes, and its S256 challenge.
pub fn pkce_pair() -> (String, String) {
    let verifier = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    let challenge = pkce_challenge(&verifier);
    (verifier, challenge)
}

/// `BASE64URL(SHA256(verifier))`, without padding.
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// An opaque, unguessable `state`.
pub fn new_state() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// The app's credentials an Admin enters.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct SetApp {
    pub client_id: String,
    /// Sealed at rest and never shown again. Empty keeps the secret already set.
    #[serde(default)]
    pub client_secret: String,
}

/// A workspace's app on a network, as the API shows it: the secret only as "set".
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct AppView {
    pub network: String,
    /// The URL to register as the app's redirect (callback) URL.
    pub redirect_uri: String,
    /// The scopes the connector asks for.
    pub scopes: Vec<String>,
    pub uses_pkce: bool,
    /// Empty until an Admin has entered the app.
    pub client_id: String,
    pub secret_set: bool,
    pub updated_at: Option<Millis>,
}

pub async fn view(
    state: &AppState,
    user: &User,
    connector: &dyn AppNetwork,
) -> Result<AppView, AppError> {
    let network = kind(connector);
    let stored = network_apps::apps(&state.db, user.workspace_id)
        .await?
        .into_iter()
        .find(|a| a.network == network.as_str());
    Ok(AppView {
        network: network.as_str().to_string(),
        redirect_uri: redirect_uri(state, network),
        scopes: connector.scopes().iter().map(|s| s.to_string()).collect(),
        uses_pkce: connector.uses_pkce(),
        client_id: stored
            .as_ref()
            .map(|a| a.client_id.clone())
            .unwrap_or_default(),
        secret_set: stored.is_some(),
        updated_at: stored.map(|a| a.updated_at),
    })
}

pub async fn set_app(
    state: &AppState,
    user: &User,
    connector: &dyn AppNetwork,
    input: SetApp,
) -> Result<(), AppError> {
    let network = kind(connector);
    let client_id = input.client_id.trim();
    let mut secret = input.client_secret.trim().to_string();
    if secret.is_empty()
        && let Some((_, stored)) =
            network_apps::app(&state.db, &state.secrets, user.workspace_id, network).await?
    {
        secret = stored;
    }
    let fits = |s: &str| !s.is_empty() && s.len() <= 512 && !s.chars().any(char::is_control);
    if !fits(client_id) || !fits(&secret) {
        return Err(AppError::refuse(ErrorCode::NetworkAppInvalid));
    }
    network_apps::set_app(
        &state.db,
        &state.secrets,
        starter(user, network),
        client_id,
        &secret,
        now_millis(),
    )
    .await?;
    crate::audit::log(
        state,
        user,
        "app_set",
        "network_app",
        None,
        &format!("{network} {client_id}"),
    )
    .await;
    Ok(())
}

async fn app(state: &AppState, user: &User, network: NetworkKind) -> Result<App, AppError> {
    network_apps::app(&state.db, &state.secrets, user.workspace_id, network)
        .await?
        .map(|(client_id, client_secret)| App {
            client_id,
            client_secret,
        })
        .ok_or_else(|| AppError::refuse(ErrorCode::ConnectAppMissing))
}

fn starter(user: &User, network: NetworkKind) -> Starter {
    Starter {
        workspace_id: user.workspace_id,
        user_id: user.id,
        network,
    }
}

/// Starts an attempt: a new state and PKCE pair stored, and the URL to send the person's browser to.
pub async fn start(
    state: &AppState,
    user: &User,
    connector: &dyn AppNetwork,
) -> Result<String, AppError> {
    let network = kind(connector);
    let app = app(state, user, network).await?;
    let (verifier, code_challenge) = pkce_pair();
    let request = Authorize {
        redirect_uri: redirect_uri(state, network),
        state: new_state(),
        code_challenge,
    };
    network_apps::begin_attempt(
        &state.db,
        &state.secrets,
        starter(user, network),
        &request.state,
        &verifier,
        now_millis(),
    )
    .await?;
    Ok(connector.authorize_url(&app, &request))
}

/// What the network's redirect back carries.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    /// Set when the person declined (`access_denied`) or the network refused.
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// An account granted, as the pick page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offered {
    pub index: usize,
    pub handle: String,
    pub display_name: String,
}

/// How a callback ended: the profiles stored, or several accounts for the person to pick from.
pub enum Finished {
    Stored(Vec<Profile>),
    Pick {
        state: String,
        accounts: Vec<Offered>,
    },
}

/// The network sent the person back: the state must be one this person started for this network, unused and under
/// ten minutes old; then the code is exchanged, and the granted accounts stored (one) or offered (several).
pub async fn callback(
    state: &AppState,
    user: &User,
    connector: &dyn AppNetwork,
    back: Callback,
) -> Result<Finished, AppError> {
    let network = kind(connector);
    let token = back.state.as_deref().unwrap_or_default();
    let who = starter(user, network);
    let verifier = match token {
        "" => None,
        token => {
            network_apps::take_attempt(&state.db, &state.secrets, who, token, now_millis()).await?
        }
    }
    .ok_or_else(|| AppError::refuse(ErrorCode::ConnectOauthState))?;
    match back.error.as_deref() {
        None | Some("") => {}
        Some("access_denied") => return Err(AppError::refuse(ErrorCode::ConnectOauthDenied)),
        Some(other) => {
            let detail = back.error_description.as_deref().unwrap_or(other);
            return Err(refused(detail));
        }
    }
    let code = back.code.as_deref().unwrap_or_default();
    if code.is_empty() {
        return Err(refused("the network sent no code"));
    }
    let app = app(state, user, network).await?;
    let granted = connector
        .exchange(&app, code, &verifier, &redirect_uri(state, network))
        .await
        .map_err(|e| match e {
            ConnectError::Refused(d)
            | ConnectError::WrongCredentials(d)
            | ConnectError::Unreachable(d) => refused(&d),
            other => refused(&other.to_string()),
        })?;
    match granted.len() {
        0 => Err(refused("the network granted no account")),
        1 => {
            let profile = store(state, user, network, granted.into_iter().next()).await?;
            Ok(Finished::Stored(vec![profile]))
        }
        _ => {
            network_apps::hold_granted(&state.db, &state.secrets, token, &hold(&granted)).await?;
            let accounts = granted
                .iter()
                .enumerate()
                .map(|(index, g)| Offered {
                    index,
                    handle: g.account.handle.clone(),
                    display_name: g.account.display_name.clone(),
                })
                .collect();
            Ok(Finished::Pick {
                state: token.to_string(),
                accounts,
            })
        }
    }
}

fn refused(detail: &str) -> AppError {
    let detail: String = detail.chars().take(300).collect();
    AppError::refuse(ErrorCode::ConnectExchangeRefused).with("detail", detail)
}

/// The person ticked `chosen` among the accounts held on the attempt `state`: those are stored, once.
pub async fn pick(
    state: &AppState,
    user: &User,
    connector: &dyn AppNetwork,
    token: &str,
    chosen: &[usize],
) -> Result<Vec<Profile>, AppError> {
    let network = kind(connector);
    let held = network_apps::take_granted(
        &state.db,
        &state.secrets,
        starter(user, network),
        token,
        now_millis(),
    )
    .await?
    .ok_or_else(|| AppError::refuse(ErrorCode::ConnectOauthState))?;
    let granted = unhold(&held);
    let mut stored = Vec::new();
    for (index, g) in granted.into_iter().enumerate() {
        if chosen.contains(&index) {
            stored.push(store(state, user, network, Some(g)).await?);
        }
    }
    Ok(stored)
}

fn hold(granted: &[Granted]) -> serde_json::Value {
    granted
        .iter()
        .map(|g| {
            serde_json::json!({
                "handle": g.account.handle,
                "display_name": g.account.display_name,
                "credentials": g.account.credentials,
                "expires_at": g.expires_at,
                "refreshable": g.refreshable,
            })
        })
        .collect()
}

fn unhold(held: &serde_json::Value) -> Vec<Granted> {
    held.as_array()
        .into_iter()
        .flatten()
        .map(|g| Granted {
            account: Connected {
                handle: g["handle"].as_str().unwrap_or_default().to_string(),
                display_name: g["display_name"].as_str().unwrap_or_default().to_string(),
                credentials: g["credentials"].clone(),
            },
            expires_at: g["expires_at"].as_i64(),
            refreshable: g["refreshable"].as_bool().unwrap_or(false),
        })
        .collect()
}

/// Stores one granted account: a profile already connected for it (or waiting to be reconnected) keeps its row and
/// gets the new credentials, and the deliveries held for it go out; otherwise a new profile (or a removed one back).
async fn store(
    state: &AppState,
    user: &User,
    network: NetworkKind,
    granted: Option<Granted>,
) -> Result<Profile, AppError> {
    let Some(granted) = granted else {
        return Err(refused("the network granted no account"));
    };
    let existing = profiles::list(&state.db, user.workspace_id)
        .await?
        .into_iter()
        .find(|p| p.network == network && p.handle == granted.account.handle);
    let profile = match existing {
        Some(profile) => {
            profiles::set_credentials(
                &state.db,
                &state.secrets,
                profile.id,
                &granted.account.credentials,
            )
            .await?;
            let resumed =
                sangam_engine::reconnect::resume_waiting(&state.db, profile.id, now_millis())
                    .await
                    .map_err(|e| AppError::Internal(e.to_string()))?;
            crate::audit::log(
                state,
                user,
                "reconnected",
                "profile",
                Some(profile.id),
                &format!("{} ({resumed} waiting deliveries resumed)", profile.handle),
            )
            .await;
            profiles::get(&state.db, user.workspace_id, profile.id).await?
        }
        None => store_connected(state, user, network, granted.account).await?,
    };
    network_apps::set_token(
        &state.db,
        profile.id,
        granted.expires_at,
        granted.refreshable,
        now_millis(),
    )
    .await?;
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pkce_challenge_is_rfc_7636s_s256() {
        // RFC 7636, appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            pkce_challenge(verifier),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifiers_and_states_are_long_fresh_and_url_safe() {
        let (v1, c1) = pkce_pair();
        let (v2, _) = pkce_pair();
        assert_eq!(v1.len(), 43, "32 bytes, unpadded base64url");
        assert_ne!(v1, v2);
        assert_eq!(c1, pkce_challenge(&v1));
        let s = new_state();
        assert!(s.len() >= 43);
        assert!(
            s.chars()
                .chain(v1.chars())
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_ne!(s, new_state());
    }

    #[test]
    fn granted_accounts_survive_being_held() {
        let granted = vec![Granted {
            account: Connected {
                handle: "acme".into(),
                display_name: "Acme".into(),
                credentials: serde_json::json!({"access_token": "t"}),
            },
            expires_at: Some(5),
            refreshable: true,
        }];
        assert_eq!(unhold(&hold(&granted)), granted);
    }
}
