//! A profile's queue times: weekly slots ("Mon-Fri 09:00 13:00") in the profile's time zone. "Add to queue" in the
//! composer takes the next free one.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::queue::actions as queue_actions;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use sangam_domain::queue::Slot;
use sangam_store::profiles::{self, Profile};
use sangam_store::queue;
use sangam_store::users::User;

#[derive(Template, WebTemplate)]
#[template(path = "pages/queue.html")]
pub struct QueuePage {
    pub page: Chrome,
    pub profile: Profile,
    pub time_zone: String,
    pub text: String,
    pub slots: Vec<Slot>,
    pub next: Option<String>,
    pub error: Option<String>,
    pub saved: bool,
}

/// Slots written back as the lines the form reads: one line per day.
fn as_text(slots: &[Slot]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for day in 0..7 {
        let times: Vec<String> = slots
            .iter()
            .filter(|s| s.weekday == day)
            .map(|s| format!("{:02}:{:02}", s.minute / 60, s.minute % 60))
            .collect();
        if let (false, Some(first)) = (times.is_empty(), slots.iter().find(|s| s.weekday == day)) {
            let name = first.label();
            lines.push(format!(
                "{} {}",
                name.split(' ').next().unwrap_or_default(),
                times.join(" ")
            ));
        }
    }
    lines.join("\n")
}

async fn render(
    state: &AppState,
    user: &User,
    id: i64,
    typed: Option<(String, String)>,
    error: Option<String>,
    saved: bool,
) -> Result<QueuePage, PageError> {
    let profile = profiles::get(&state.db, user.workspace_id, id)
        .await
        .for_user(user)?;
    let (tz, slots) = queue::slots(&state.db, user.workspace_id, id)
        .await
        .for_user(user)?;
    let page = Chrome::new(user, "calendar", "queue-title");
    let next = queue_actions::next_time(state, user, &[id])
        .await
        .ok()
        .map(|at| page.t.time(at));
    let (text, time_zone) = typed.unwrap_or_else(|| (as_text(&slots), tz));
    Ok(QueuePage {
        page,
        profile,
        time_zone,
        text,
        slots,
        next,
        error,
        saved,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<QueuePage, PageError> {
    render(&state, &user, id, None, None, false).await
}

#[derive(serde::Deserialize)]
pub struct QueueForm {
    slots: String,
    time_zone: String,
}

pub async fn save(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<QueueForm>,
) -> Result<Response, PageError> {
    match queue_actions::set(&state, &user, id, &form.slots, &form.time_zone).await {
        Ok(_) => Ok(render(&state, &user, id, None, None, true)
            .await?
            .into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let status = e.status();
            let page = render(
                &state,
                &user,
                id,
                Some((form.slots, form.time_zone)),
                Some(e.message_for(&user)),
                false,
            )
            .await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(PageError {
            user: Some(Box::new(user)),
            error,
        }),
    }
}
