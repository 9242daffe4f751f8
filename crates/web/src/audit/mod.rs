//! The audit log: every feature's actions write a line of it here, and its page shows who did what, when.

pub mod api;
pub mod page;

use crate::AppState;
use crate::routes::{Entry, get};
use sangam_domain::now_millis;
use sangam_store::activity::{self, NewActivity};
use sangam_store::users::User;

/// Writes one line of the activity log. A failure to log never undoes the action; it is reported in the server log.
pub async fn log(
    state: &AppState,
    user: &User,
    action: &str,
    object_kind: &str,
    object_id: Option<i64>,
    detail: &str,
) {
    let entry = NewActivity {
        workspace_id: user.workspace_id,
        user_id: Some(user.id),
        action,
        object_kind,
        object_id,
        detail,
    };
    if let Err(e) = activity::record(&state.db, entry, now_millis()).await {
        tracing::warn!(error = %e, action, "could not write the activity log");
    }
}

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/audit", Some(ViewAudit), page::show),
        get("/api/v1/audit", Some(ViewAudit), api::audit),
    ]
}
