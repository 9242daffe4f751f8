//! The crisis switch: pause all publishing (or chosen profiles) with a reason; on resume, list what was held so each
//! item can be sent, rescheduled or cancelled.

use crate::AppState;
use crate::error::AppError;
use sangam_domain::ErrorCode;
use sangam_domain::now_millis;
use sangam_store::users::User;
use sangam_store::workspaces;

pub async fn pause(
    state: &AppState,
    user: &User,
    reason: &str,
    approval_while_paused: bool,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::refuse(ErrorCode::PauseReasonMissing));
    }
    crate::input::check_length(
        ErrorCode::PauseReasonTooLong,
        reason,
        sangam_domain::text_limits::max_chars::REASON,
    )?;
    workspaces::pause(
        &state.db,
        user.workspace_id,
        reason,
        user.id,
        approval_while_paused,
        now_millis(),
    )
    .await?;
    crate::audit::log(
        state,
        user,
        "paused",
        "workspace",
        Some(user.workspace_id),
        reason,
    )
    .await;
    Ok(())
}

pub async fn resume(state: &AppState, user: &User) -> Result<(), AppError> {
    workspaces::resume(&state.db, user.workspace_id).await?;
    crate::audit::log(
        state,
        user,
        "resumed",
        "workspace",
        Some(user.workspace_id),
        "",
    )
    .await;
    Ok(())
}

/// Holds (with a reason) or releases (without) one profile.
pub async fn pause_profile(
    state: &AppState,
    user: &User,
    profile_id: i64,
    reason: Option<&str>,
) -> Result<(), AppError> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if let Some(reason) = reason {
        crate::input::check_length(
            ErrorCode::PauseReasonTooLong,
            reason,
            sangam_domain::text_limits::max_chars::REASON,
        )?;
    }
    workspaces::pause_profile(
        &state.db,
        user.workspace_id,
        profile_id,
        reason,
        now_millis(),
    )
    .await?;
    let action = if reason.is_some() {
        "paused"
    } else {
        "resumed"
    };
    crate::audit::log(
        state,
        user,
        action,
        "profile",
        Some(profile_id),
        reason.unwrap_or(""),
    )
    .await;
    Ok(())
}
