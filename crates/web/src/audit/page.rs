//! The audit log: who did what, when; filterable by person, action and kind of object.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use sangam_store::activity::{self, Activity, Filter};
use sangam_store::users::{self, User};

#[derive(Template, WebTemplate)]
#[template(path = "pages/audit.html")]
pub struct AuditPage {
    pub page: Chrome,
    pub entries: Vec<Activity>,
    pub people: Vec<User>,
    pub actions: Vec<String>,
    pub kinds: Vec<String>,
    pub filter: AuditQuery,
}

#[derive(serde::Deserialize, Default, Clone)]
pub struct AuditQuery {
    pub user: Option<i64>,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub kind: String,
}

impl AuditPage {
    pub fn is_user(&self, id: &i64) -> bool {
        self.filter.user == Some(*id)
    }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(q): Query<AuditQuery>,
) -> Result<AuditPage, PageError> {
    let filter = Filter {
        user_id: q.user,
        action: Some(q.action.as_str()).filter(|a| !a.is_empty()),
        object_kind: Some(q.kind.as_str()).filter(|k| !k.is_empty()),
    };
    let entries = activity::search(&state.db, user.workspace_id, &filter, 500)
        .await
        .for_user(&user)?;
    let (actions, kinds) = activity::vocabulary(&state.db, user.workspace_id)
        .await
        .for_user(&user)?;
    let people = users::list(&state.db, user.workspace_id)
        .await
        .for_user(&user)?;
    Ok(AuditPage {
        page: Chrome::new(&user, "audit", "audit-title"),
        entries,
        people,
        actions,
        kinds,
        filter: q,
    })
}
