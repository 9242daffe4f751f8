//! The approvals queue (posts waiting, with who they wait on) and the workflow settings: who needs approval and the
//! ordered steps with their approvers.

use crate::AppState;
use crate::approvals::actions as approval_actions;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::ErrorCode;
use sangam_domain::approval::{ApprovalState, Needs};
use sangam_domain::{Permission, PostStatus, Role};
use sangam_store::approvals::{self, StepView};
use sangam_store::posts::{self, Post};
use sangam_store::users::{self, User};
use sangam_store::workspaces;

pub struct Waiting {
    pub post: Post,
    pub step: String,
    pub mine: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/approvals.html")]
pub struct ApprovalsPage {
    pub page: Chrome,
    pub waiting: Vec<Waiting>,
    /// Whether this person may open the workflow settings (the link is shown only then).
    pub can_manage: bool,
}

pub async fn queue(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<ApprovalsPage, PageError> {
    let pending = posts::with_status(&state.db, user.workspace_id, PostStatus::PendingApproval)
        .await
        .for_user(&user)?;
    let steps = approval_actions::workflow(&state, user.workspace_id)
        .await
        .for_user(&user)?;
    let mut waiting = Vec::new();
    for post in pending {
        if let ApprovalState::Waiting {
            position,
            waiting_on,
        } = approval_actions::state_of(&state, &post)
            .await
            .for_user(&user)?
        {
            let step = steps
                .iter()
                .find(|s| s.position == position)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            waiting.push(Waiting {
                mine: waiting_on.contains(&user.id),
                post,
                step,
            });
        }
    }
    // Posts waiting on this person first: the queue is their work list.
    waiting.sort_by_key(|w| !w.mine);
    Ok(ApprovalsPage {
        page: Chrome::new(&user, "approvals", "approvals-title"),
        can_manage: user.role.can(sangam_domain::Permission::ManageApprovals),
        waiting,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/approval_settings.html")]
pub struct SettingsPage {
    pub page: Chrome,
    pub roles: Vec<(&'static str, String, bool)>,
    pub steps: Vec<StepView>,
    pub people: Vec<User>,
    pub error: Option<String>,
    pub saved: bool,
}

impl SettingsPage {
    pub fn approves(&self, step: &StepView, user: &i64) -> bool {
        step.approvers.contains(user)
    }
}

async fn settings_page(
    state: &AppState,
    user: &User,
    error: Option<String>,
    saved: bool,
) -> Result<SettingsPage, PageError> {
    let ws = workspaces::get(&state.db, user.workspace_id)
        .await
        .for_user(user)?;
    let page = Chrome::new(user, "approvals", "approval-settings-title");
    let roles = Role::ALL
        .iter()
        .map(|r| {
            (
                r.as_str(),
                page.t.named("role", r.as_str()),
                ws.approval_roles.split(',').any(|x| x == r.as_str()),
            )
        })
        .collect();
    let steps = approvals::steps(&state.db, user.workspace_id)
        .await
        .for_user(user)?;
    let people = users::list_active(&state.db, user.workspace_id)
        .await
        .for_user(user)?
        .into_iter()
        .filter(|u| u.role.can(Permission::ReviewPosts))
        .collect();
    Ok(SettingsPage {
        page,
        roles,
        steps,
        people,
        error,
        saved,
    })
}

pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<SettingsPage, PageError> {
    settings_page(&state, &user, None, false).await
}

/// The settings form: roles needing approval, and up to three steps (name, any/all, approvers).
#[derive(serde::Deserialize, Default)]
pub struct SettingsForm {
    #[serde(default)]
    role: Vec<String>,
    #[serde(default)]
    step1_name: String,
    #[serde(default)]
    step1_needs: String,
    #[serde(default)]
    step1_approver: Vec<i64>,
    #[serde(default)]
    step2_name: String,
    #[serde(default)]
    step2_needs: String,
    #[serde(default)]
    step2_approver: Vec<i64>,
    #[serde(default)]
    step3_name: String,
    #[serde(default)]
    step3_needs: String,
    #[serde(default)]
    step3_approver: Vec<i64>,
}

fn steps_from(form: &SettingsForm) -> Result<Vec<(String, Needs, Vec<i64>)>, AppError> {
    let raw = [
        (&form.step1_name, &form.step1_needs, &form.step1_approver),
        (&form.step2_name, &form.step2_needs, &form.step2_approver),
        (&form.step3_name, &form.step3_needs, &form.step3_approver),
    ];
    let mut steps = Vec::new();
    for (i, (name, needs, approvers)) in raw.into_iter().enumerate() {
        if name.trim().is_empty() && approvers.is_empty() {
            continue;
        }
        if approvers.is_empty() {
            return Err(AppError::refuse(ErrorCode::ApprovalStepWithoutApprovers)
                .with("case", "numbered")
                .with("step", i + 1));
        }
        let name = if name.trim().is_empty() {
            format!("Step {}", i + 1)
        } else {
            name.trim().to_string()
        };
        steps.push((
            name,
            Needs::parse(needs).unwrap_or(Needs::Any),
            approvers.clone(),
        ));
    }
    Ok(steps)
}

pub async fn save_settings(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<SettingsForm>,
) -> Result<Response, PageError> {
    let roles: Vec<Role> = form.role.iter().filter_map(|r| Role::parse(r)).collect();
    let steps = match steps_from(&form) {
        Ok(steps) => steps,
        Err(e) => {
            let status = e.status();
            return Ok((
                status,
                settings_page(&state, &user, Some(e.message_for(&user)), false).await?,
            )
                .into_response());
        }
    };
    approvals::save_workflow(&state.db, user.workspace_id, &roles, &steps)
        .await
        .for_user(&user)?;
    crate::audit::log(
        &state,
        &user,
        "changed",
        "approval_workflow",
        None,
        &format!("{} steps", steps.len()),
    )
    .await;
    Ok(Redirect::to("/settings/approvals?saved=1").into_response())
}
