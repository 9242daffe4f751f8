//! The collision notice, kept live: the conversation page asks every few seconds who else is viewing or replying, so
//! two people do not answer the same person at once. Reading it does not count as viewing.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::i18n::Tr;
use crate::inbox::actions::COLLISION_WINDOW_MS;
use crate::ui::{PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use sangam_domain::now_millis;
use sangam_store::inbox::{self, Presence};

#[derive(Template, WebTemplate)]
#[template(path = "components/collision.html")]
pub struct Collision {
    pub t: Tr,
    pub others: Vec<Presence>,
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Collision, PageError> {
    let message = inbox::get(&state.db, user.workspace_id, id)
        .await
        .for_user(&user)?;
    let since = now_millis() - COLLISION_WINDOW_MS;
    let others = inbox::others_on_conversation(&state.db, &message, user.id, since)
        .await
        .for_user(&user)?;
    Ok(Collision {
        t: Tr::new(&user.language, &user.time_zone),
        others,
    })
}
