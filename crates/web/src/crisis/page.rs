//! The crisis switch page: pause all publishing (or chosen profiles) with a reason, and on resume decide for each
//! held post: send now, reschedule, or cancel.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::crisis::actions as crisis;
use crate::error::AppError;
use crate::posts::actions as post_actions;
use crate::time_fmt;
use crate::ui::{Chrome, PageError, WithUser, after_form};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::ErrorCode;
use sangam_domain::now_millis;
use sangam_store::posts::{self, Post};
use sangam_store::profiles::{self, Profile};
use sangam_store::workspaces::{self, Workspace};

#[derive(Template, WebTemplate)]
#[template(path = "pages/crisis.html")]
pub struct CrisisPage {
    pub page: Chrome,
    pub workspace: Workspace,
    pub profiles: Vec<Profile>,
    pub paused_profiles: Vec<(i64, String, String)>,
    pub held: Vec<Post>,
    pub error: Option<String>,
    pub soon: String,
}

impl CrisisPage {
    pub fn is_paused(&self, profile_id: &i64) -> bool {
        self.paused_profiles
            .iter()
            .any(|(id, _, _)| id == profile_id)
    }
}

async fn render(
    state: &AppState,
    user: &sangam_store::users::User,
    error: Option<String>,
) -> Result<CrisisPage, PageError> {
    let workspace = workspaces::get(&state.db, user.workspace_id)
        .await
        .for_user(user)?;
    let profiles = profiles::list(&state.db, user.workspace_id)
        .await
        .for_user(user)?;
    let paused_profiles = workspaces::paused_profiles(&state.db, user.workspace_id)
        .await
        .for_user(user)?;
    // Held means "would go out now but for the pause": a draft or a post still waiting for approval would not
    // publish either way, so it is not listed (and "Send now" could not send it).
    let held = posts::waiting_past_due(&state.db, user.workspace_id, now_millis())
        .await
        .for_user(user)?
        .into_iter()
        .filter(|p| p.status.may_publish())
        .collect();
    let page = Chrome::new(user, "crisis", "crisis-title");
    let soon = time_fmt::to_local_input(now_millis() + 3_600_000, page.t.zone());
    Ok(CrisisPage {
        page,
        workspace,
        profiles,
        paused_profiles,
        held,
        error,
        soon,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<CrisisPage, PageError> {
    render(&state, &user, None).await
}

#[derive(serde::Deserialize)]
pub struct PauseForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    approval_while_paused: Option<String>,
}

pub async fn pause(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<PauseForm>,
) -> Result<Response, PageError> {
    let result = crisis::pause(
        &state,
        &user,
        &form.reason,
        form.approval_while_paused.is_some(),
    )
    .await;
    after_form(
        &user,
        result,
        |_| Redirect::to("/crisis").into_response(),
        |error| render(&state, &user, Some(error)),
    )
    .await
}

pub async fn resume(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Redirect, PageError> {
    crisis::resume(&state, &user).await.for_user(&user)?;
    Ok(Redirect::to("/crisis#held"))
}

#[derive(serde::Deserialize)]
pub struct ProfilePauseForm {
    #[serde(default)]
    reason: String,
    /// `pause` or `resume`.
    action: String,
}

pub async fn pause_profile(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<ProfilePauseForm>,
) -> Result<Response, PageError> {
    let reason = (form.action == "pause").then_some(form.reason.as_str());
    if reason.is_some_and(|r| r.trim().is_empty()) {
        let e = AppError::refuse(ErrorCode::PauseReasonMissing);
        let status = e.status();
        return Ok((
            status,
            render(&state, &user, Some(e.message_for(&user))).await?,
        )
            .into_response());
    }
    crisis::pause_profile(&state, &user, id, reason)
        .await
        .for_user(&user)?;
    Ok(Redirect::to("/crisis").into_response())
}

#[derive(serde::Deserialize)]
pub struct HeldForm {
    /// `send`, `reschedule` or `cancel`.
    action: String,
    #[serde(default)]
    at: String,
}

/// Decides one held post: send it now, move it, or cancel it.
pub async fn decide_held(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<HeldForm>,
) -> Result<Redirect, PageError> {
    match form.action.as_str() {
        "send" => {
            let post = posts::get(&state.db, user.workspace_id, id)
                .await
                .for_user(&user)?;
            if !post.status.may_publish() {
                return Err(AppError::refuse(ErrorCode::HeldPostNotApproved)).for_user(&user);
            }
            post_actions::reschedule(&state, &user, id, now_millis())
                .await
                .for_user(&user)?;
        }
        "reschedule" => {
            let tz = time_fmt::zone(&user.time_zone);
            let at = time_fmt::parse_local(&form.at, &tz)
                .ok_or_else(|| AppError::refuse(ErrorCode::PostTimeInvalid))
                .for_user(&user)?;
            post_actions::reschedule(&state, &user, id, at)
                .await
                .for_user(&user)?;
        }
        "cancel" => post_actions::delete(&state, &user, id)
            .await
            .for_user(&user)?,
        _ => {
            return Err(AppError::refuse(ErrorCode::HeldActionInvalid)).for_user(&user);
        }
    }
    Ok(Redirect::to("/crisis#held"))
}
