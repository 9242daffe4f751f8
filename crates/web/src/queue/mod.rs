//! Queue times: each profile's weekly slots, and "add to queue", which takes the next free one.

pub mod actions;
pub mod api;
pub mod page;

use crate::routes::{Entry, get, post, put};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/profiles/{id}/queue", Some(ViewProfiles), page::show),
        post("/profiles/{id}/queue", Some(ManageProfiles), page::save),
        get(
            "/api/v1/profiles/{id}/queue",
            Some(ViewProfiles),
            api::queue_slots,
        ),
        put(
            "/api/v1/profiles/{id}/queue",
            Some(ManageProfiles),
            api::set_queue_slots,
        ),
    ]
}
