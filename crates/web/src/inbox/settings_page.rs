//! The inbox settings page: the workspace's reply-time target (SLA), exposure budget and saved replies, and one's own
//! business hours and shield opt-in.

use super::shield;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::inbox::actions::{self as act, MySettings, NewSavedReply};
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::ErrorCode;
use sangam_domain::Permission;
use sangam_store::inbox::{self, Person, SavedReply, Settings};

#[derive(Template, WebTemplate)]
#[template(path = "pages/inbox_settings.html")]
pub struct SettingsPage {
    pub page: Chrome,
    pub settings: Settings,
    pub me: Person,
    pub saved: Vec<SavedReply>,
    pub can_manage: bool,
    pub exposure: i64,
}

impl SettingsPage {
    pub fn hhmm(&self, minutes: impl std::borrow::Borrow<i64>) -> String {
        let m = *minutes.borrow();
        format!("{:02}:{:02}", m / 60, m % 60)
    }
}

pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<SettingsPage, PageError> {
    Ok(SettingsPage {
        page: Chrome::new(&user, "inbox", "inbox-settings-title"),
        settings: inbox::settings(&state.db, user.workspace_id)
            .await
            .for_user(&user)?,
        me: inbox::person(&state.db, user.id).await.for_user(&user)?,
        saved: inbox::saved_replies(&state.db, user.workspace_id)
            .await
            .for_user(&user)?,
        can_manage: user.role.can(Permission::ManageInbox),
        exposure: shield::exposure_today(&state, &user)
            .await
            .for_user(&user)?,
    })
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct WorkspaceForm {
    #[serde(default)]
    pub sla_minutes: String,
    #[serde(default)]
    pub exposure_budget: String,
}

pub async fn save_settings(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(f): Form<WorkspaceForm>,
) -> Result<Response, PageError> {
    let bad = || AppError::refuse(ErrorCode::InboxSettingsInvalid).with("case", "numbers");
    let s = Settings {
        sla_minutes: f
            .sla_minutes
            .trim()
            .parse()
            .map_err(|_| bad())
            .for_user(&user)?,
        exposure_budget: f
            .exposure_budget
            .trim()
            .parse()
            .map_err(|_| bad())
            .for_user(&user)?,
    };
    act::save_settings(&state, &user, s).await.for_user(&user)?;
    Ok(Redirect::to("/inbox/settings").into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct MyForm {
    #[serde(default)]
    pub shield_opt_in: String,
    #[serde(default)]
    pub work_start: String,
    #[serde(default)]
    pub work_end: String,
}

fn minutes(hhmm: &str) -> Option<i64> {
    let (h, m) = hhmm.trim().split_once(':')?;
    Some(h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?)
}

pub async fn save_mine(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(f): Form<MyForm>,
) -> Result<Response, PageError> {
    let bad = || AppError::refuse(ErrorCode::BusinessHoursInvalid).with("case", "format");
    let s = MySettings {
        shield_opt_in: !f.shield_opt_in.is_empty(),
        work_start_min: minutes(&f.work_start).ok_or_else(bad).for_user(&user)?,
        work_end_min: minutes(&f.work_end).ok_or_else(bad).for_user(&user)?,
    };
    act::save_my_settings(&state, &user, s)
        .await
        .for_user(&user)?;
    Ok(Redirect::to("/inbox/settings").into_response())
}

pub async fn create_saved_reply(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(f): Form<NewSavedReply>,
) -> Result<Response, PageError> {
    act::create_saved_reply(&state, &user, f)
        .await
        .for_user(&user)?;
    Ok(Redirect::to("/inbox/settings").into_response())
}

pub async fn delete_saved_reply(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    act::delete_saved_reply(&state, &user, id)
        .await
        .for_user(&user)?;
    Ok(Redirect::to("/inbox/settings").into_response())
}
