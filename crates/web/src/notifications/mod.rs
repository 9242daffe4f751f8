//! Notices to a person: their page and their JSON face; the unread count shows in the banner (`ui::banner`).

pub mod api;
pub mod page;

use crate::routes::{Entry, get, post};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get(
            "/notifications",
            Some(ManageOwnAccount),
            page::notifications,
        ),
        post(
            "/notifications/read",
            Some(ManageOwnAccount),
            page::mark_read,
        ),
        get(
            "/api/v1/notifications",
            Some(ManageOwnAccount),
            api::notifications,
        ),
    ]
}
