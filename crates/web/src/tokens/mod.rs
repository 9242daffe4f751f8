//! Personal API tokens.

pub mod actions;
pub mod api;

use crate::routes::{Entry, delete, get, post};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/api/v1/tokens", Some(ManageOwnAccount), api::list),
        post("/api/v1/tokens", Some(ManageOwnAccount), api::create),
        delete("/api/v1/tokens/{id}", Some(ManageOwnAccount), api::delete),
    ]
}
