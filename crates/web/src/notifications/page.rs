//! One's notices (a post approved, a message assigned, ...): the page lists the latest, and opening it marks them
//! read.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Redirect;
use sangam_domain::now_millis;
use sangam_store::notifications::{self, Notification};

#[derive(Template, WebTemplate)]
#[template(path = "pages/notifications.html")]
pub struct NotificationsPage {
    pub page: Chrome,
    pub notices: Vec<Notification>,
}

/// One's notices; opening the page marks them read.
pub async fn notifications(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<NotificationsPage, PageError> {
    let notices = notifications::recent(&state.db, user.id, 100)
        .await
        .for_user(&user)?;
    notifications::mark_all_read(&state.db, user.id, now_millis())
        .await
        .for_user(&user)?;
    Ok(NotificationsPage {
        page: Chrome::new(&user, "", "notifications-title"),
        notices,
    })
}

pub async fn mark_read(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Redirect, PageError> {
    notifications::mark_all_read(&state.db, user.id, now_millis())
        .await
        .for_user(&user)?;
    Ok(Redirect::to("/notifications"))
}
