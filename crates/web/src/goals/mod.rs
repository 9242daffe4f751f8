//! Goals: set one, and see where it stands against the reports' own figures.

pub mod actions;
pub mod api;
pub mod page;

use crate::routes::{Entry, get, post};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/goals", Some(ViewReports), page::list),
        post("/goals", Some(ManageGoals), page::create),
        get("/goals/{id}", Some(ViewReports), page::show),
        get("/api/v1/goals", Some(ViewReports), api::list),
        post("/api/v1/goals", Some(ManageGoals), api::create),
        get("/api/v1/goals/{id}", Some(ViewReports), api::show),
    ]
}
