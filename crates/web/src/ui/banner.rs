//! The strip at the top of every page: the crisis switch's banner when publishing is paused, and how many notices
//! are unread.
//! Loaded by htmx after the page, so every page shows it without each handler fetching it.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::i18n::Tr;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use sangam_store::notifications;
use sangam_store::workspaces;

use crate::ui::{PageError, WithUser};

#[derive(Template, WebTemplate)]
#[template(path = "components/banner.html")]
pub struct Banner {
    pub t: Tr,
    pub paused: Option<String>,
    pub paused_profiles: Vec<(i64, String, String)>,
    pub unread: i64,
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Banner, PageError> {
    let ws = workspaces::get(&state.db, user.workspace_id)
        .await
        .for_user(&user)?;
    let paused_profiles = workspaces::paused_profiles(&state.db, user.workspace_id)
        .await
        .for_user(&user)?;
    let unread = notifications::unread_count(&state.db, user.id)
        .await
        .for_user(&user)?;
    Ok(Banner {
        t: Tr::new(&user.language, &user.time_zone),
        paused: ws.pause_reason,
        paused_profiles,
        unread,
    })
}
