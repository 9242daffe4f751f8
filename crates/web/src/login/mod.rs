//! Signing in and out.

pub mod page;

use crate::routes::{Entry, get, post};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/login", None, page::form),
        post("/login", None, page::submit),
        post("/logout", Some(ManageOwnAccount), page::logout),
    ]
}
