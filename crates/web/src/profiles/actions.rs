//! Connecting profiles. The sandbox needs no credentials; Mastodon and Bluesky connect through their own flows.

use crate::AppState;
use crate::error::AppError;
use sangam_domain::ErrorCode;
use sangam_domain::{NetworkKind, now_millis};
use sangam_networks::bluesky::Bluesky;
use sangam_networks::connect::{ConnectError, Connected};
use sangam_networks::mastodon::{AppRegistration, Mastodon};
use sangam_store::profiles::{self, NewProfile, Profile};
use sangam_store::users::User;

#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct ConnectSandbox {
    /// The handle on the sandbox network, letters, digits, `_` and `.` only.
    pub handle: String,
    /// How the team names this profile.
    pub display_name: String,
}

pub async fn connect_sandbox(
    state: &AppState,
    user: &User,
    input: ConnectSandbox,
) -> Result<Profile, AppError> {
    let handle = input.handle.trim().trim_start_matches('@');
    let valid = !handle.is_empty()
        && handle.len() <= 64
        && handle
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    if !valid {
        return Err(AppError::refuse(ErrorCode::ProfileHandleInvalid));
    }
    let display_name = match input.display_name.trim() {
        "" => handle,
        name => name,
    };
    let new = NewProfile {
        workspace_id: user.workspace_id,
        network: NetworkKind::Sandbox,
        handle,
        display_name,
        credentials: &serde_json::json!({}),
    };
    let profile = profiles::create(&state.db, &state.secrets, new, now_millis()).await?;
    crate::audit::log(
        state,
        user,
        "connected",
        "profile",
        Some(profile.id),
        handle,
    )
    .await;
    Ok(profile)
}

/// Connecting a Mastodon account with an access token the person pasted (the instance's Preferences > Development >
/// New application, scopes `read write`).
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct ConnectMastodon {
    /// The instance's address, e.g. `mastodon.social` or `https://mastodon.social`.
    pub instance: String,
    pub access_token: String,
}

/// Connecting a Bluesky account with its handle and an app password (Settings > Privacy and security > App
/// passwords), never the account password.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct ConnectBluesky {
    /// The account's server; empty means `https://bsky.social`.
    #[serde(default)]
    pub service: String,
    /// e.g. `acme.bsky.social`.
    pub handle: String,
    pub app_password: String,
}

/// Reconnecting a profile whose credentials stopped working: the new access token (Mastodon) or app password
/// (Bluesky). The instance and handle stay those of the profile.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct Reconnect {
    pub secret: String,
}

/// A connection failure as an error the person can act on: its catalogue code and the values its sentence names.
pub fn connect_error(e: ConnectError, network: NetworkKind) -> AppError {
    let net = match network {
        NetworkKind::Sandbox => "sandbox",
        other => other.display_name(),
    };
    let refusal = AppError::refuse(e.code());
    match e {
        ConnectError::Address(_) => refusal,
        ConnectError::Unreachable(detail) | ConnectError::Refused(detail) => {
            refusal.with("detail", detail)
        }
        ConnectError::NotTheNetwork(_) | ConnectError::WrongCredentials(_) => {
            refusal.with("network", net)
        }
    }
}

fn mastodon(state: &AppState) -> Result<Mastodon, AppError> {
    Mastodon::new(state.config.network_http.clone()).map_err(|e| AppError::Internal(e.to_string()))
}

fn bluesky(state: &AppState) -> Result<Bluesky, AppError> {
    Bluesky::new(state.config.network_http.clone()).map_err(|e| AppError::Internal(e.to_string()))
}

/// Stores a freshly connected account as a profile (or brings a removed one back).
pub async fn store_connected(
    state: &AppState,
    user: &User,
    network: NetworkKind,
    connected: Connected,
) -> Result<Profile, AppError> {
    let new = NewProfile {
        workspace_id: user.workspace_id,
        network,
        handle: &connected.handle,
        display_name: &connected.display_name,
        credentials: &connected.credentials,
    };
    let profile = profiles::create(&state.db, &state.secrets, new, now_millis()).await?;
    crate::audit::log(
        state,
        user,
        "connected",
        "profile",
        Some(profile.id),
        &format!("{network} {}", connected.handle),
    )
    .await;
    Ok(profile)
}

pub async fn connect_mastodon(
    state: &AppState,
    user: &User,
    input: ConnectMastodon,
) -> Result<Profile, AppError> {
    let connected = mastodon(state)?
        .connect_with_token(&input.instance, &input.access_token)
        .await
        .map_err(|e| connect_error(e, NetworkKind::Mastodon))?;
    store_connected(state, user, NetworkKind::Mastodon, connected).await
}

pub async fn connect_bluesky(
    state: &AppState,
    user: &User,
    input: ConnectBluesky,
) -> Result<Profile, AppError> {
    let connected = bluesky(state)?
        .connect(&input.service, &input.handle, &input.app_password)
        .await
        .map_err(|e| connect_error(e, NetworkKind::Bluesky))?;
    store_connected(state, user, NetworkKind::Bluesky, connected).await
}

/// Starts the Mastodon OAuth flow: registers Sangam on the instance; the caller keeps the registration and sends the
/// person to [`AppRegistration::authorize_url`].
pub async fn start_mastodon_oauth(
    state: &AppState,
    instance: &str,
    redirect_uri: &str,
) -> Result<AppRegistration, AppError> {
    mastodon(state)?
        .register_app(instance, redirect_uri)
        .await
        .map_err(|e| connect_error(e, NetworkKind::Mastodon))
}

/// Finishes the Mastodon OAuth flow with the code the instance sent back: a new profile, or (with `reconnect`) new
/// credentials for an existing one.
pub async fn finish_mastodon_oauth(
    state: &AppState,
    user: &User,
    app: &AppRegistration,
    code: &str,
    reconnect: Option<i64>,
) -> Result<Profile, AppError> {
    let connected = mastodon(state)?
        .finish_oauth(app, code)
        .await
        .map_err(|e| connect_error(e, NetworkKind::Mastodon))?;
    match reconnect {
        Some(id) => {
            let profile = profiles::get(&state.db, user.workspace_id, id).await?;
            replace_credentials(state, user, &profile, connected).await
        }
        None => store_connected(state, user, NetworkKind::Mastodon, connected).await,
    }
}

/// Who an account is on its network, to make sure a reconnect speaks for the same account: the instance and account
/// id on Mastodon, the DID on Bluesky; the handle when the stored credentials do not say.
fn identity(network: NetworkKind, handle: &str, credentials: &serde_json::Value) -> String {
    let field = |k: &str| credentials[k].as_str().unwrap_or_default().to_string();
    match network {
        NetworkKind::Mastodon if !field("account_id").is_empty() => {
            format!("{}|{}", field("instance"), field("account_id"))
        }
        NetworkKind::Bluesky if !field("did").is_empty() => field("did"),
        _ => handle.to_string(),
    }
}

async fn replace_credentials(
    state: &AppState,
    user: &User,
    profile: &Profile,
    mut connected: Connected,
) -> Result<Profile, AppError> {
    let stored = profiles::credentials(&state.db, &state.secrets, profile.id).await?;
    // A token pasted for a profile first connected through OAuth keeps the app registration and chosen visibility.
    if profile.network == NetworkKind::Mastodon {
        for key in ["client_id", "client_secret", "visibility"] {
            if (connected.credentials[key].is_null() || key == "visibility")
                && let Some(v) = stored.get(key).filter(|v| !v.is_null())
            {
                connected.credentials[key] = v.clone();
            }
        }
    }
    let before = identity(profile.network, &profile.handle, &stored);
    let after = identity(profile.network, &connected.handle, &connected.credentials);
    if before != after {
        return Err(AppError::refuse(ErrorCode::ConnectOtherAccount)
            .with("found", &connected.handle)
            .with("expected", &profile.handle));
    }
    profiles::set_credentials(
        &state.db,
        &state.secrets,
        profile.id,
        &connected.credentials,
    )
    .await?;
    // Deliveries held while the credentials did not work go out now, each still exactly once.
    let resumed = sangam_engine::reconnect::resume_waiting(&state.db, profile.id, now_millis())
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
    Ok(profiles::get(&state.db, user.workspace_id, profile.id).await?)
}

/// Reconnects a profile with a new access token (Mastodon) or app password (Bluesky), on the same server and for
/// the same account. Nothing is changed when the network refuses.
pub async fn reconnect(
    state: &AppState,
    user: &User,
    id: i64,
    input: Reconnect,
) -> Result<Profile, AppError> {
    let profile = profiles::get(&state.db, user.workspace_id, id).await?;
    let stored = profiles::credentials(&state.db, &state.secrets, profile.id).await?;
    let field = |k: &str| stored[k].as_str().unwrap_or_default().to_string();
    let connected = match profile.network {
        NetworkKind::Mastodon => {
            let instance = field("instance");
            mastodon(state)?
                .connect_with_token(&instance, &input.secret)
                .await
        }
        NetworkKind::Bluesky => {
            let login = match field("identifier") {
                id if id.is_empty() => profile.handle.clone(),
                id => id,
            };
            bluesky(state)?
                .connect(&field("service"), &login, &input.secret)
                .await
        }
        // The sandbox needs no credentials; the app networks reconnect through their OAuth flow, not a typed secret.
        _ => {
            return Err(AppError::refuse(ErrorCode::ConnectNotSupported));
        }
    }
    .map_err(|e| connect_error(e, profile.network))?;
    replace_credentials(state, user, &profile, connected).await
}

/// Removes a profile (softly, see [`profiles::remove`]): hidden from lists, credentials wiped, waiting deliveries
/// cancelled. Returns how many deliveries were cancelled.
pub async fn remove(state: &AppState, user: &User, id: i64) -> Result<u64, AppError> {
    let profile = profiles::get(&state.db, user.workspace_id, id).await?;
    let cancelled = profiles::remove(
        &state.db,
        &state.secrets,
        user.workspace_id,
        id,
        now_millis(),
    )
    .await?;
    crate::audit::log(
        state,
        user,
        "removed",
        "profile",
        Some(id),
        &format!(
            "{} {} ({cancelled} waiting deliveries cancelled)",
            profile.network, profile.handle
        ),
    )
    .await;
    Ok(cancelled)
}
