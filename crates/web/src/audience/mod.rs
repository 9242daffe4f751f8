//! The audience: who engages with the workspace's profiles (the Audience report, one of the reports, so it has their
//! period and profile filters, CSV, printable page and share links), and the target segments reports measure reach
//! against.

pub mod api;
pub mod report;
pub mod segments;

use crate::routes::{Entry, delete, get, post, put};

/// This feature's rows of the route table: path, method and the permission each needs.
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get(
            "/audience",
            Some(ViewReports),
            crate::reports::page::audience,
        ),
        get("/audience/segments", Some(ViewReports), segments::show),
        post("/audience/segments", Some(ManageSegments), segments::create),
        post(
            "/audience/segments/{id}",
            Some(ManageSegments),
            segments::update,
        ),
        post(
            "/audience/segments/{id}/delete",
            Some(ManageSegments),
            segments::delete,
        ),
        get("/api/v1/audience", Some(ViewReports), api::report),
        get("/api/v1/segments", Some(ViewReports), api::list),
        post("/api/v1/segments", Some(ManageSegments), api::create),
        put("/api/v1/segments/{id}", Some(ManageSegments), api::update),
        delete("/api/v1/segments/{id}", Some(ManageSegments), api::delete),
    ]
}
