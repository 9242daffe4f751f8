//! Connecting profiles. The sandbox needs no credentials; Mastodon and Bluesky connect through their own flows.

use crate::AppState;
use crate::error::AppError;
use sangam_domain::{NetworkKind, now_millis};
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
        return Err(AppError::invalid(
            "profile_handle_invalid",
            "A sandbox handle has 1 to 64 letters, digits, underscores or dots.",
        ));
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
    super::log(
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
